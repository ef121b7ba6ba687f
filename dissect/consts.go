package dissect

// Constants of include/uapi/linux/netlink.h used by the decoder.

// Standard message types below NLMSG_MIN_TYPE.
const (
	nlmsgNoop    = NLMSG_NOOP     // #define NLMSG_NOOP		0x1	/* Nothing.		*/
	nlmsgError   = NLMSG_ERROR    // #define NLMSG_ERROR		0x2	/* Error		*/
	nlmsgDone    = NLMSG_DONE     // #define NLMSG_DONE		0x3	/* End of a dump	*/
	nlmsgOverrun = NLMSG_OVERRUN  // #define NLMSG_OVERRUN		0x4	/* Data lost		*/
	nlmsgMinType = NLMSG_MIN_TYPE // #define NLMSG_MIN_TYPE		0x10	/* < 0x10: reserved control messages */
)

// Flags values (nlmsg_flags).
const (
	nlmFRequest      = NLM_F_REQUEST       // #define NLM_F_REQUEST		0x01	/* It is request message.	*/
	nlmFMulti        = NLM_F_MULTI         // #define NLM_F_MULTI		0x02	/* Multipart message, terminated by NLMSG_DONE */
	nlmFAck          = NLM_F_ACK           // #define NLM_F_ACK		0x04	/* Reply with ack, with zero or error code */
	nlmFEcho         = NLM_F_ECHO          // #define NLM_F_ECHO		0x08	/* Receive resulting notifications */
	nlmFDumpIntr     = NLM_F_DUMP_INTR     // #define NLM_F_DUMP_INTR		0x10	/* Dump was inconsistent due to sequence change */
	nlmFDumpFiltered = NLM_F_DUMP_FILTERED // #define NLM_F_DUMP_FILTERED	0x20	/* Dump was filtered as requested */

	// Modifiers to GET request
	nlmFRoot   = NLM_F_ROOT   // #define NLM_F_ROOT	0x100	/* specify tree	root	*/
	nlmFMatch  = NLM_F_MATCH  // #define NLM_F_MATCH	0x200	/* return all matching	*/
	nlmFAtomic = NLM_F_ATOMIC // #define NLM_F_ATOMIC	0x400	/* atomic GET		*/
	nlmFDump   = nlmFRoot | nlmFMatch

	// Modifiers to NEW request
	nlmFReplace = NLM_F_REPLACE // #define NLM_F_REPLACE	0x100	/* Override existing		*/
	nlmFExcl    = NLM_F_EXCL    // #define NLM_F_EXCL	0x200	/* Do not touch, if it exists	*/
	nlmFCreate  = NLM_F_CREATE  // #define NLM_F_CREATE	0x400	/* Create, if it does not exist	*/
	nlmFAppend  = NLM_F_APPEND  // #define NLM_F_APPEND	0x800	/* Add to end of list		*/

	// Modifiers to DELETE request
	nlmFNonrec = NLM_F_NONREC // #define NLM_F_NONREC	0x100	/* Do not delete recursively	*/
	nlmFBulk   = NLM_F_BULK   // #define NLM_F_BULK	0x200	/* Delete multiple objects	*/

	// Flags for ACK message
	nlmFCapped  = NLM_F_CAPPED   // #define NLM_F_CAPPED	0x100	/* request was capped */
	nlmFAckTLVs = NLM_F_ACK_TLVS // #define NLM_F_ACK_TLVS	0x200	/* extended ACK TVLs were included */
)

// Attribute header bits (struct nlattr).
//
//	#define NLA_F_NESTED		(1 << 15)
//	#define NLA_F_NET_BYTEORDER	(1 << 14)
//	#define NLA_TYPE_MASK		~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
const (
	nlaFNested       = 1 << 15
	nlaFNetByteorder = 1 << 14
	nlaTypeMask      = ^uint16(nlaFNested | nlaFNetByteorder)
	nlaHdrLen        = 4 // #define NLA_HDRLEN ((int) NLA_ALIGN(sizeof(struct nlattr)))
)

// Extended ACK attributes.
//
//	enum nlmsgerr_attrs {
//		NLMSGERR_ATTR_UNUSED,
//		NLMSGERR_ATTR_MSG,
//		NLMSGERR_ATTR_OFFS,
//		NLMSGERR_ATTR_COOKIE,
//		NLMSGERR_ATTR_POLICY,
//		NLMSGERR_ATTR_MISS_TYPE,
//		NLMSGERR_ATTR_MISS_NEST,
//		__NLMSGERR_ATTR_MAX,
//		NLMSGERR_ATTR_MAX = __NLMSGERR_ATTR_MAX - 1
//	};
const (
	nlmsgerrAttrMsg      = NLMSGERR_ATTR_MSG
	nlmsgerrAttrOffs     = NLMSGERR_ATTR_OFFS
	nlmsgerrAttrCookie   = NLMSGERR_ATTR_COOKIE
	nlmsgerrAttrPolicy   = NLMSGERR_ATTR_POLICY
	nlmsgerrAttrMissType = NLMSGERR_ATTR_MISS_TYPE
	nlmsgerrAttrMissNest = NLMSGERR_ATTR_MISS_NEST
)

// nlaAlign rounds n up to the attribute alignment.
//
//	#define NLA_ALIGNTO		4
//	#define NLA_ALIGN(len)		(((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
func nlaAlign(n int) int { return (n + 3) &^ 3 }

// flagBit names one bit of nlmsg_flags.
type flagBit struct {
	bit  uint16
	name string
}

var (
	commonFlags = []flagBit{
		{nlmFRequest, "REQUEST"}, {nlmFMulti, "MULTI"}, {nlmFAck, "ACK"}, {nlmFEcho, "ECHO"},
		{nlmFDumpIntr, "DUMP_INTR"}, {nlmFDumpFiltered, "DUMP_FILTERED"},
	}
	getFlags = []flagBit{{nlmFRoot, "ROOT"}, {nlmFMatch, "MATCH"}, {nlmFAtomic, "ATOMIC"}}
	newFlags = []flagBit{{nlmFReplace, "REPLACE"}, {nlmFExcl, "EXCL"}, {nlmFCreate, "CREATE"}, {nlmFAppend, "APPEND"}}
	delFlags = []flagBit{{nlmFNonrec, "NONREC"}, {nlmFBulk, "BULK"}}
	ackFlags = []flagBit{{nlmFCapped, "CAPPED"}, {nlmFAckTLVs, "ACK_TLVS"}}
)

// FlagNames names the bits of nlmsg_flags for a message of kind k, each bit
// once, in bit order: the common flags, then the modifiers of k (GET: ROOT,
// MATCH, ATOMIC; NEW: REPLACE, EXCL, CREATE, APPEND; DEL: NONREC, BULK;
// NLMSG_ERROR/NLMSG_DONE: CAPPED, ACK_TLVS). Bits without a name for k are
// given in hex ("0x100"). Names are those of include/uapi/linux/netlink.h
// without the "NLM_F_" prefix. It returns nil for no flags.
func FlagNames(flags uint16, k MsgKind) []string {
	var out []string
	rest := flags
	add := func(tab []flagBit) {
		for _, f := range tab {
			if rest&f.bit != 0 {
				out = append(out, f.name)
				rest &^= f.bit
			}
		}
	}
	add(commonFlags)
	switch k {
	case MsgGet:
		add(getFlags)
	case MsgNew:
		add(newFlags)
	case MsgDel:
		add(delFlags)
	case MsgAck:
		add(ackFlags)
	}
	for bit := uint16(1); rest != 0; bit <<= 1 {
		if rest&bit != 0 {
			out = append(out, "0x"+hexU16(bit))
			rest &^= bit
		}
	}
	return out
}

func hexU16(v uint16) string {
	const digits = "0123456789abcdef"
	var b [4]byte
	i := len(b)
	for {
		i--
		b[i] = digits[v&0xf]
		v >>= 4
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}
