package dissect

import (
	"encoding/binary"
	"iter"

	"github.com/nlcap/nlcap"
)

// This file is the registry's query API: what the rest of the toolkit
// (replay's matching, rewrites and divergence filter) asks instead of
// spelling netlink numbers. The knowledge itself is the generated tables
// (uapi_generated.go) and the family overlays.

// Values other packages use that the headers do not give as constants.
const (
	// GenlHdrLen is the size of struct genlmsghdr.
	//
	//	#define GENL_HDRLEN	NLMSG_ALIGN(sizeof(struct genlmsghdr))
	GenlHdrLen = genlHdrLen
	// NlaTypeMask clears the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits of
	// nla_type.
	//
	//	#define NLA_TYPE_MASK		~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
	NlaTypeMask = nlaTypeMask
)

// A Schema is what the registry knows of one message type.
type Schema struct {
	Name string // "RTM_NEWLINK", "CTRL_CMD_GETFAMILY"; "" when unknown
	// Header is the fixed header after nlmsghdr (for generic netlink, the
	// family's user header after genlmsghdr, usually none), at HeaderOffset
	// in the payload (generic netlink: 4, after genlmsghdr).
	Header       *HeaderSpec
	HeaderOffset int
	// HeaderLen is where the attributes start in the payload:
	// NLMSG_ALIGN of the fixed header (generic netlink: genlmsghdr included).
	HeaderLen int
	// Attrs is the attribute set after the header; nil when the registry
	// does not know the payload as attributes.
	Attrs *AttrSet
}

// Lookup returns what the registry knows of a message of family f and
// type typ with the given payload (after nlmsghdr): the payload picks the
// variant of some types (an ifinfomsg of AF_BRIDGE, a genl command).
// genlFamily names the generic netlink family of typ (nlctrl for
// GENL_ID_CTRL), which only the capture knows. ok is false when the registry
// knows nothing of the type. Lookup describes a request (NLM_F_REQUEST);
// [LookupFlags] describes either direction.
func Lookup(f nlcap.Family, typ uint16, genlFamily string, payload []byte, order binary.ByteOrder) (s Schema, ok bool) {
	return LookupFlags(f, typ, nlmFRequest, genlFamily, payload, order)
}

// LookupFlags is [Lookup] for a message with nlmsg_flags flags: a family
// whose requests and answers of one type differ (sock_diag:
// inet_diag_req_v2 and inet_diag_msg) is described by the direction that
// NLM_F_REQUEST says.
func LookupFlags(f nlcap.Family, typ, flags uint16, genlFamily string, payload []byte, order binary.ByteOrder) (s Schema, ok bool) {
	order = orderOr(order)
	if f == nlcap.FamilyGeneric {
		if typ == GENL_ID_CTRL {
			genlFamily = "nlctrl"
		}
		s.HeaderLen = genlHdrLen
		gs := genlFamilySpecs[genlFamily]
		if gs == nil || typ < nlmsgMinType {
			return s, typ >= nlmsgMinType
		}
		s.Attrs = gs.Attrs
		if gs.Header != nil {
			s.Header, s.HeaderOffset = gs.Header, genlHdrLen
			s.HeaderLen = genlHdrLen + nlcap.NlmsgAlign(gs.Header.Len)
		}
		if len(payload) >= 1 {
			s.Name = gs.Commands[payload[0]]
			if cs, ok := gs.CmdAttrs[payload[0]]; ok {
				s.Attrs = cs
			}
		}
		return s, true
	}
	fs := familySpec(f)
	if fs == nil {
		return s, false
	}
	ms := fs.message(typ)
	if ms == nil {
		ms = fs.Default
	}
	if ms == nil || typ < nlmsgMinType {
		return s, false
	}
	ms = ms.variant(flags, payload)
	s.Name, s.Header, s.Attrs = ms.Name, ms.Header, ms.Attrs
	if ms.Name == "" && fs.TypeName != nil {
		s.Name = fs.TypeName(typ)
	}
	if s.Header != nil {
		if len(payload) < s.Header.Len && ms.ShortHeader != nil {
			s.Header = ms.ShortHeader
		}
		s.HeaderLen = nlcap.NlmsgAlign(s.Header.Len)
		if ms.SelectAttrs != nil && len(payload) >= s.Header.Len {
			if fixed, ok := safeFields(s.Header, payload, order); ok {
				if alt, _ := safeSelectAttrs(ms, fixed); alt != nil {
					s.Attrs = alt
				}
			}
		}
	}
	if s.Attrs == noAttrs {
		s.Attrs = nil
	}
	return s, true
}

// Attr returns the spec of attribute type typ of s, or nil.
func (s *AttrSet) Attr(typ uint16) *AttrSpec {
	if s == nil {
		return nil
	}
	if a := s.lookup(typ); a != nil {
		return a
	}
	return s.Default
}

// Resolve returns the spec that describes the attribute among these
// siblings: what [AttrSpec.SelectSpec] picks (TCA_OPTIONS by TCA_KIND), or
// a itself.
func (a *AttrSpec) Resolve(siblings []Attr) *AttrSpec {
	if a == nil || a.SelectSpec == nil {
		return a
	}
	return resolveSpec(a, siblings)
}

// Children returns the attribute set of the children of an attribute of
// spec a, given its decoded siblings for sets chosen by a sibling
// (IFLA_INFO_DATA by IFLA_INFO_KIND); nil when they are not attributes.
func (a *AttrSpec) Children(siblings []Attr) *AttrSet {
	if a == nil {
		return nil
	}
	if a.Select != nil {
		set, _ := safeSelect(a, siblings)
		return set
	}
	return a.Nested
}

// Entry returns the length of the KindEntries entry that starts b (see
// [AttrSpec.EntryLen]), or 0 when b cannot hold one.
func (a *AttrSpec) Entry(b []byte, order binary.ByteOrder) int {
	if a.Struct == nil || a.EntryLen == nil || len(b) < a.Struct.Len {
		return 0
	}
	return a.EntryLen(b, order)
}

// A RawAttr is one attribute as [Attrs] walks it.
type RawAttr struct {
	Type    uint16 // nla_type without NLA_F_NESTED and NLA_F_NET_BYTEORDER
	RawType uint16 // nla_type as on the wire
	Payload []byte // a sub-slice of the walked bytes: writes go through
	Offset  int    // of the payload in the walked bytes
	Len     int    // nla_len
}

// Attrs walks the attributes of b in the given byte order: every
// well-formed one, in order; it stops at the first length that does not fit
// (as the kernel's nla_for_each_attr does). It is the attribute walker of
// the toolkit ([NextAttr] as an iterator): replay's matching and rewrites
// and the decoder's learning pass use it.
func Attrs(b []byte, order binary.ByteOrder) iter.Seq[RawAttr] {
	order = orderOr(order)
	return func(yield func(RawAttr) bool) {
		for a, next := NextAttr(b, 0, order); next >= 0; a, next = NextAttr(b, next, order) {
			if !yield(a) {
				return
			}
		}
	}
}

// NextAttr reads the attribute at b[off:] (order must not be nil) and
// returns it and the offset of the next one; next is -1 at the end or at a
// length that does not fit.
// Loops that must not allocate (a range over [Attrs] whose body captures
// variables may) use it directly:
//
//	for a, next := NextAttr(b, 0, order); next >= 0; a, next = NextAttr(b, next, order) {
func NextAttr(b []byte, off int, order binary.ByteOrder) (a RawAttr, next int) {
	if off < 0 || len(b)-off < nlaHdrLen {
		return a, -1
	}
	h := b[off : off+nlaHdrLen]
	var l, raw uint16
	if nlcap.IsBigEndian(order) { // read without the interface's calls, as nlcap.NextMessage
		l, raw = binary.BigEndian.Uint16(h), binary.BigEndian.Uint16(h[2:])
	} else {
		l, raw = binary.LittleEndian.Uint16(h), binary.LittleEndian.Uint16(h[2:])
	}
	if l < nlaHdrLen || int(l) > len(b)-off {
		return a, -1
	}
	a = RawAttr{Type: raw & nlaTypeMask, RawType: raw, Payload: b[off+nlaHdrLen : off+int(l)], Offset: off + nlaHdrLen, Len: int(l)}
	return a, off + nlaAlign(int(l))
}

// AppendAttr appends one attribute (header, payload, padding) to b.
func AppendAttr(b []byte, order binary.ByteOrder, rawType uint16, payload []byte) []byte {
	order = orderOr(order)
	var h [nlaHdrLen]byte
	order.PutUint16(h[:], uint16(min(len(payload)+nlaHdrLen, 0xffff)))
	order.PutUint16(h[2:], rawType)
	b = append(b, h[:]...)
	b = append(b, payload...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// LinkName returns the interface index and name that a link message of
// NETLINK_ROUTE gives (payload after nlmsghdr: struct ifinfomsg, then the
// first IFLA_IFNAME); ok is false for other messages or when the message
// names no interface.
func LinkName(f nlcap.Family, typ uint16, payload []byte, order binary.ByteOrder) (index int32, name string, ok bool) {
	order = orderOr(order)
	if f != nlcap.FamilyRoute || !IsLinkType(typ) || len(payload) < ifinfomsgHeader.Len {
		return 0, "", false
	}
	idx, b, ok := linkName(payload, order)
	return idx, string(b), ok && len(b) > 0
}

// LinkType returns ifi_type of a link message of NETLINK_ROUTE (payload
// after nlmsghdr); ok is false for other messages.
func LinkType(f nlcap.Family, typ uint16, payload []byte, order binary.ByteOrder) (arphrd uint16, ok bool) {
	order = orderOr(order)
	if f != nlcap.FamilyRoute || !IsLinkType(typ) || len(payload) < 4 {
		return 0, false
	}
	return order.Uint16(payload[2:]), true
}

// IsRouteGet reports whether an rtnetlink message type is a GET (RTM_GETLINK,
// RTM_GETROUTE...), also for types newer than the tables: rtnetlink.h
// numbers its types in NEW, DEL, GET, SET quadruples from RTM_BASE.
//
//	RTM_BASE	= 16,
//	#define RTM_FAM(cmd)	(((cmd) - RTM_BASE) >> 2)
func IsRouteGet(t uint16) bool {
	return t >= RTM_NEWLINK && (t-RTM_NEWLINK)%4 == RTM_GETLINK-RTM_NEWLINK
}

// IsLinkType reports whether an rtnetlink message type is
// RTM_{NEW,DEL,GET,SET}LINK (struct ifinfomsg).
func IsLinkType(t uint16) bool { return t >= RTM_NEWLINK && t <= RTM_SETLINK }

// An AckInfo is what an NLMSG_ERROR, or an NLMSG_DONE carrying an error,
// says.
type AckInfo struct {
	Errno  int32  // positive errno, 0 for an ACK, -1 when the message is too short
	Msg    string // NLMSGERR_ATTR_MSG, if any
	Offset int    // NLMSGERR_ATTR_OFFS, -1 when absent
	TLVs   bool   // NLM_F_ACK_TLVS: the kernel added extended ACK attributes
}

// ReadAck reads the answer of an NLMSG_ERROR or NLMSG_DONE message (type
// typ, flags, payload after nlmsghdr):
//
//	struct nlmsgerr {
//		int		error;
//		struct nlmsghdr msg;
//		/* followed by the message contents unless NETLINK_CAP_ACK was set
//		 * or the ACK indicates success (error == 0)
//		 * followed by TLVs defined in enum nlmsgerr_attrs
//		 * if NETLINK_EXT_ACK was set */
//	};
//
// ok is false for other types.
func ReadAck(typ, flags uint16, payload []byte, order binary.ByteOrder) (a AckInfo, ok bool) {
	order = orderOr(order)
	a.Offset = -1
	if typ != nlmsgError && typ != nlmsgDone {
		return a, false
	}
	if len(payload) < 4 {
		a.Errno = -1
		return a, true
	}
	a.Errno = -int32(order.Uint32(payload))
	if flags&nlmFAckTLVs == 0 {
		return a, true
	}
	a.TLVs = true
	tlvAt := 4 // NLMSG_DONE: after the int
	if typ == nlmsgError {
		tlvAt += nlcap.NlmsgHdrLen // capped: the echoed header only
		if flags&nlmFCapped == 0 && len(payload) >= 4+nlcap.NlmsgHdrLen {
			tlvAt = 4 + nlcap.NlmsgAlign(int(order.Uint32(payload[4:])))
		}
	}
	if tlvAt > len(payload) {
		return a, true
	}
	for x := range Attrs(payload[tlvAt:], order) {
		switch x.Type {
		case nlmsgerrAttrMsg:
			a.Msg = cString(x.Payload)
		case nlmsgerrAttrOffs:
			if len(x.Payload) >= 4 {
				a.Offset = int(order.Uint32(x.Payload))
			}
		}
	}
	return a, true
}

// orderOr returns order, or the native byte order for nil (the exported
// functions take a Record's ByteOrder, which may be nil).
func orderOr(order binary.ByteOrder) binary.ByteOrder {
	if order == nil {
		return binary.NativeEndian
	}
	return order
}

// nudNoarp is NUD_NOARP (include/uapi/linux/neighbour.h), from the
// generated table.
var nudNoarp, _ = genNUD.value("NUD_NOARP")

// Transient reports whether a message describes an object the kernel makes
// and removes on its own schedule rather than because of a request, so that
// two runs of the same dump may differ by it: the NOARP neighbour entries of
// multicast and broadcast addresses (224.0.0.22, ff02::16...) that IGMP and
// MLD reports create at a random delay after a link comes up.
//
//	struct ndmsg {
//		__u8		ndm_family;
//		__u8		ndm_pad1;
//		__u16		ndm_pad2;
//		__s32		ndm_ifindex;
//		__u16		ndm_state;
//		__u8		ndm_flags;
//		__u8		ndm_type;
//	};
func Transient(f nlcap.Family, typ uint16, payload []byte, order binary.ByteOrder) bool {
	if f != nlcap.FamilyRoute || typ != RTM_NEWNEIGH || len(payload) < 12 {
		return false
	}
	state, ntype := orderOr(order).Uint16(payload[8:]), payload[11]
	return uint64(state) == nudNoarp && (ntype == RTN_MULTICAST || ntype == RTN_BROADCAST)
}
