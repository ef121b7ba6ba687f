package dissect

import (
	"time"

	"github.com/nlcap/nlcap"
)

// MessageDirection is the inferred role of one netlink message.
//
// The rule (documented for users in doc.go): a message with NLM_F_REQUEST is
// a Request. A message without it is an Answer when it is NLMSG_ERROR,
// NLMSG_DONE or NLMSG_OVERRUN, carries NLM_F_MULTI and a pid, is a dump
// reply its generic netlink family sends with pid 0 (thermal's), or pairs (same family,
// nlmsg_seq and nlmsg_pid, where a request pid of 0 pairs with any pid: the
// kernel answers with the sender's port id) with an earlier request that is
// still waiting for
// its answer and is a GET (or a request whose kind no family table gives,
// such as a command of a generic netlink family nlcap has no table for);
// otherwise it is a Notification. An answer NLMSG_ERROR / NLMSG_DONE ends the
// wait; a GET answered without NLM_F_MULTI ends it with its single answer.
type MessageDirection uint8

// Message directions.
const (
	DirUnknown MessageDirection = iota
	DirRequest
	DirAnswer
	DirNotification
)

// String returns "request", "answer", "notification" or "unknown".
func (d MessageDirection) String() string {
	switch d {
	case DirRequest:
		return "request"
	case DirAnswer:
		return "answer"
	case DirNotification:
		return "notification"
	}
	return "unknown"
}

// A Header is struct nlmsghdr (include/uapi/linux/netlink.h):
//
//	struct nlmsghdr {
//		__u32		nlmsg_len;	/* Length of message including header */
//		__u16		nlmsg_type;	/* Message content */
//		__u16		nlmsg_flags;	/* Additional flags */
//		__u32		nlmsg_seq;	/* Sequence number */
//		__u32		nlmsg_pid;	/* Sending process port ID */
//	};
type Header struct {
	Len   uint32 `json:"len"`
	Type  uint16 `json:"type"`
	Flags uint16 `json:"flags"`
	Seq   uint32 `json:"seq"`
	PID   uint32 `json:"pid"`
}

// A Field is one named member of a fixed family header (ifinfomsg, genlmsghdr,
// nlmsgerr...), formatted as people read it.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Raw is the numeric value where the field is an integer.
	Raw uint64 `json:"raw"`
}

// An Attr is one decoded netlink attribute (struct nlattr) and its children.
type Attr struct {
	Offset int    `json:"offset"` // byte offset of the nlattr within the message
	Len    uint16 `json:"len"`    // nla_len
	Type   uint16 `json:"type"`   // nla_type without NLA_F_NESTED / NLA_F_NET_BYTEORDER
	Name   string `json:"name,omitempty"`
	// Nested says the payload is attributes (Children): nesting known from
	// the family, or NLA_F_NESTED set on a type the family does not know.
	Nested bool `json:"nested,omitempty"`
	// UnexpectedNested says NLA_F_NESTED is set on a type the family
	// defines as not nested (a string, an integer...): the family table is
	// trusted, the payload is decoded as its Value and Nested is false. The
	// kernel rejects such an attribute ("NLA_F_NESTED not expected").
	UnexpectedNested bool `json:"unexpected_nested,omitempty"`
	NetByteOrder     bool `json:"net_byteorder,omitempty"` // NLA_F_NET_BYTEORDER set
	// Secret says the family tags the attribute [TagSecret] (key
	// material): without [Config.ShowSecrets] its Value is
	// "<redacted N bytes>" ([RedactedValue]); [Redact] zeroes its payload.
	Secret   bool   `json:"secret,omitempty"`
	Value    string `json:"value,omitempty"` // formatted payload; for a nest, the fields of its leading struct (see Fixed); empty with Config.Brief
	Data     []byte `json:"-"`               // payload (without the 4-byte nlattr header)
	Children []Attr `json:"children,omitempty"`
	// Fixed holds the fields of a C struct payload (IFLA_STATS64,
	// IFA_CACHEINFO), of the struct before the children of a nest
	// (VETH_INFO_PEER: ifinfomsg) or of one entry of a struct list
	// (RTA_MULTIPATH: rtnexthop). Value then holds them as "name=value"
	// pairs. NB: for an entry of a struct list, Offset is the start of the
	// entry and Data starts 4 bytes into it, so that Offset+4+len(Data) is
	// its end as for an attribute.
	Fixed []Field `json:"fixed,omitempty"`
	// Problem says why this attribute could not be decoded (length < 4, past
	// its parent, nesting too deep...). Decoding of its siblings stops there.
	Problem string `json:"problem,omitempty"`
}

// A Message is one decoded netlink message.
type Message struct {
	Record    int              // index of the record in its source, from 0
	Index     int              // index of the message within its record, from 0
	Offset    int              // byte offset of the nlmsghdr in the record's Data
	Timestamp time.Time        //
	Family    nlcap.Family     //
	Direction MessageDirection //
	Header    Header           //
	TypeName  string           // "RTM_NEWLINK", "NLMSG_ERROR", "nlctrl" (genl family name)...
	FlagNames []string         // flag names for this kind of message (GET: ROOT|MATCH, NEW: EXCL|CREATE...); shared between messages, do not modify
	Genl      *Genl            // generic netlink header, for FamilyGeneric
	Fixed     []Field          // the family's fixed header (ifinfomsg...), in order
	FixedName string           // "ifinfomsg"
	Attrs     []Attr           // attribute tree
	Error     *Error           // NLMSG_ERROR
	Done      *Done            // NLMSG_DONE
	Summary   string           // short text for one-line output ("d0", "10.0.0.1/24 dev 2"...)
	Trailing  []byte           // bytes after the last attribute that do not form one
	Problem   string           // why this message could not be fully decoded
	Data      []byte           // the whole message, header included
	Extra     map[string]any   // family-specific additions for --json (rarely needed)
	Order     string           // "le" or "be": byte order the message was decoded in
}

// Genl is struct genlmsghdr (include/uapi/linux/genetlink.h) with names.
//
//	struct genlmsghdr {
//		__u8	cmd;
//		__u8	version;
//		__u16	reserved;
//	};
type Genl struct {
	FamilyID   uint16 `json:"family_id"` // nlmsg_type: 16 bits, not 8 as Wireshark shows
	FamilyName string `json:"family_name,omitempty"`
	Cmd        uint8  `json:"cmd"`
	CmdName    string `json:"cmd_name,omitempty"`
	Version    uint8  `json:"version"`
	Reserved   uint16 `json:"reserved"`
	// Header names the family's own header after genlmsghdr ("ovs_header"),
	// whose fields follow genlmsghdr's three in [Message.Fixed]; "" when
	// the family has none.
	Header string `json:"header,omitempty"`
}

// Error is struct nlmsgerr (include/uapi/linux/netlink.h) with its extended
// ACK attributes.
//
//	struct nlmsgerr {
//		int		error;
//		struct nlmsghdr msg;
//		/* followed by the message contents unless NETLINK_CAP_ACK was set
//		 * or the ACK indicates success (error == 0)
//		 * message length is aligned with NLMSG_ALIGN()
//		 * followed by TLVs defined in enum nlmsgerr_attrs
//		 * if NETLINK_EXT_ACK was set
//		 */
//	};
type Error struct {
	// Errno is 0 for an ACK, else the positive errno: the wire value
	// negated.
	Errno int32 `json:"errno"`
	// Value is a positive wire value: no error but what the request's
	// handler returned, which netlink_ack sends as is (mac802154_hwsim's
	// new radio index); Errno is then 0.
	Value   int32    `json:"value,omitempty"`
	Name    string   `json:"name,omitempty"` // "ENODEV"
	Text    string   `json:"text,omitempty"` // "No such device"
	Capped  bool     `json:"capped"`         // NLM_F_CAPPED: only the request header is echoed
	AckTLVs bool     `json:"ack_tlvs"`       // NLM_F_ACK_TLVS: extended ACK attributes follow
	Echo    *Message `json:"echo,omitempty"` // the echoed request, decoded with its own family
	ExtAck  *ExtAck  `json:"extack,omitempty"`
}

// ExtAck holds the extended ACK attributes (enum nlmsgerr_attrs).
type ExtAck struct {
	Msg      string `json:"msg,omitempty"`       // NLMSGERR_ATTR_MSG
	Offset   *int   `json:"offset,omitempty"`    // NLMSGERR_ATTR_OFFS, from the start of the echoed nlmsghdr
	Cookie   []byte `json:"cookie,omitempty"`    // NLMSGERR_ATTR_COOKIE
	Policy   []Attr `json:"policy,omitempty"`    // NLMSGERR_ATTR_POLICY (nested)
	MissType *int   `json:"miss_type,omitempty"` // NLMSGERR_ATTR_MISS_TYPE
	MissNest *int   `json:"miss_nest,omitempty"` // NLMSGERR_ATTR_MISS_NEST, from the start of the echoed nlmsghdr
	// MissTypeName names the attribute type NLMSGERR_ATTR_MISS_TYPE says is
	// missing ("IFLA_IFNAME"), from the attribute set of the echoed
	// request (of the nest NLMSGERR_ATTR_MISS_NEST points at, when given),
	// when the family tables know it.
	MissTypeName string `json:"miss_type_name,omitempty"`
	// Pointed names the attribute NLMSGERR_ATTR_OFFS points at in the echoed
	// request ("IFLA_LINKINFO > IFLA_INFO_DATA"), when it can be found.
	Pointed string `json:"pointed,omitempty"`
	// MissNestPointed names the nest NLMSGERR_ATTR_MISS_NEST points at in the
	// echoed request, when it can be found.
	MissNestPointed string `json:"miss_nest_pointed,omitempty"`
}

// Done is the payload of NLMSG_DONE: an int error code, possibly followed by
// extended ACK attributes.
type Done struct {
	Errno  int32   `json:"errno"` // as Error.Errno: 0 or positive
	Name   string  `json:"name,omitempty"`
	ExtAck *ExtAck `json:"extack,omitempty"`
}
