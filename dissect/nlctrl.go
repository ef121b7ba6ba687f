package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The generic netlink controller, nlctrl (include/uapi/linux/genetlink.h and
// the netlink policy dump of include/uapi/linux/netlink.h).

// Controller commands.
//
//	enum {
//		CTRL_CMD_UNSPEC,
//		CTRL_CMD_NEWFAMILY,
//		CTRL_CMD_DELFAMILY,
//		CTRL_CMD_GETFAMILY,
//		CTRL_CMD_NEWOPS,
//		CTRL_CMD_DELOPS,
//		CTRL_CMD_GETOPS,
//		CTRL_CMD_NEWMCAST_GRP,
//		CTRL_CMD_DELMCAST_GRP,
//		CTRL_CMD_GETMCAST_GRP, /* unused */
//		CTRL_CMD_GETPOLICY,
//		__CTRL_CMD_MAX,
//	};
const (
	ctrlCmdNewFamily    = CTRL_CMD_NEWFAMILY
	ctrlCmdDelFamily    = CTRL_CMD_DELFAMILY
	ctrlCmdGetFamily    = CTRL_CMD_GETFAMILY
	ctrlCmdNewOps       = CTRL_CMD_NEWOPS
	ctrlCmdDelOps       = CTRL_CMD_DELOPS
	ctrlCmdGetOps       = CTRL_CMD_GETOPS
	ctrlCmdNewMcastGrp  = CTRL_CMD_NEWMCAST_GRP
	ctrlCmdDelMcastGrp  = CTRL_CMD_DELMCAST_GRP
	ctrlCmdGetMcastGrp  = CTRL_CMD_GETMCAST_GRP
	ctrlCmdGetPolicy    = CTRL_CMD_GETPOLICY
	ctrlAttrFamilyID    = CTRL_ATTR_FAMILY_ID
	ctrlAttrFamilyName  = CTRL_ATTR_FAMILY_NAME
	ctrlAttrVersion     = CTRL_ATTR_VERSION
	ctrlAttrHdrSize     = CTRL_ATTR_HDRSIZE
	ctrlAttrMaxAttr     = CTRL_ATTR_MAXATTR
	ctrlAttrOps         = CTRL_ATTR_OPS
	ctrlAttrMcastGroups = CTRL_ATTR_MCAST_GROUPS
	ctrlAttrPolicy      = CTRL_ATTR_POLICY
	ctrlAttrOpPolicy    = CTRL_ATTR_OP_POLICY
	ctrlAttrOp          = CTRL_ATTR_OP
)

// Controller attributes.
//
//	enum {
//		CTRL_ATTR_UNSPEC,
//		CTRL_ATTR_FAMILY_ID,
//		CTRL_ATTR_FAMILY_NAME,
//		CTRL_ATTR_VERSION,
//		CTRL_ATTR_HDRSIZE,
//		CTRL_ATTR_MAXATTR,
//		CTRL_ATTR_OPS,
//		CTRL_ATTR_MCAST_GROUPS,
//		CTRL_ATTR_POLICY,
//		CTRL_ATTR_OP_POLICY,
//		CTRL_ATTR_OP,
//		__CTRL_ATTR_MAX,
//	};
//
//	enum {
//		CTRL_ATTR_OP_UNSPEC,
//		CTRL_ATTR_OP_ID,
//		CTRL_ATTR_OP_FLAGS,
//		__CTRL_ATTR_OP_MAX,
//	};
//
//	enum {
//		CTRL_ATTR_MCAST_GRP_UNSPEC,
//		CTRL_ATTR_MCAST_GRP_NAME,
//		CTRL_ATTR_MCAST_GRP_ID,
//		__CTRL_ATTR_MCAST_GRP_MAX,
//	};
//
//	enum {
//		CTRL_ATTR_POLICY_UNSPEC,
//		CTRL_ATTR_POLICY_DO,
//		CTRL_ATTR_POLICY_DUMP,
//		__CTRL_ATTR_POLICY_DUMP_MAX,
//		CTRL_ATTR_POLICY_DUMP_MAX = __CTRL_ATTR_POLICY_DUMP_MAX - 1
//	};
const (
	ctrlAttrOpID         = CTRL_ATTR_OP_ID
	ctrlAttrOpFlags      = CTRL_ATTR_OP_FLAGS
	ctrlAttrMcastGrpName = CTRL_ATTR_MCAST_GRP_NAME
	ctrlAttrMcastGrpID   = CTRL_ATTR_MCAST_GRP_ID
)

// genlOpFlags names the bits of CTRL_ATTR_OP_FLAGS.
//
//	#define GENL_ADMIN_PERM		0x01
//	#define GENL_CMD_CAP_DO		0x02
//	#define GENL_CMD_CAP_DUMP	0x04
//	#define GENL_CMD_CAP_HASPOL	0x08
//	#define GENL_UNS_ADMIN_PERM	0x10
var genlOpFlags = genGENL_OP.names()

// nlAttrTypes names enum netlink_attribute_type (include/uapi/linux/netlink.h).
//
//	enum netlink_attribute_type {
//		NL_ATTR_TYPE_INVALID,
//		NL_ATTR_TYPE_FLAG,
//		NL_ATTR_TYPE_U8,
//		NL_ATTR_TYPE_U16,
//		NL_ATTR_TYPE_U32,
//		NL_ATTR_TYPE_U64,
//		NL_ATTR_TYPE_S8,
//		NL_ATTR_TYPE_S16,
//		NL_ATTR_TYPE_S32,
//		NL_ATTR_TYPE_S64,
//		NL_ATTR_TYPE_BINARY,
//		NL_ATTR_TYPE_STRING,
//		NL_ATTR_TYPE_NUL_STRING,
//		NL_ATTR_TYPE_NESTED,
//		NL_ATTR_TYPE_NESTED_ARRAY,
//		NL_ATTR_TYPE_BITFIELD32,
//		NL_ATTR_TYPE_SINT,
//		NL_ATTR_TYPE_UINT,
//	};
var nlAttrTypes = genNL_ATTR_TYPE.names(
	uapiConst{"NL_ATTR_TYPE_SINT", 16}, uapiConst{"NL_ATTR_TYPE_UINT", 17}, // linux 6.8
)

// policyTypeAttrs is enum netlink_policy_type_attr, the description of one
// attribute in a policy dump (CTRL_ATTR_POLICY, NLMSGERR_ATTR_POLICY).
//
//	enum netlink_policy_type_attr {
//		NL_POLICY_TYPE_ATTR_UNSPEC,
//		NL_POLICY_TYPE_ATTR_TYPE,
//		NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
//		NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
//		NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
//		NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
//		NL_POLICY_TYPE_ATTR_MIN_LENGTH,
//		NL_POLICY_TYPE_ATTR_MAX_LENGTH,
//		NL_POLICY_TYPE_ATTR_POLICY_IDX,
//		NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
//		NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
//		NL_POLICY_TYPE_ATTR_PAD,
//		NL_POLICY_TYPE_ATTR_MASK,
//		__NL_POLICY_TYPE_ATTR_MAX,
//	};
var policyTypeAttrs = genSet("NL_POLICY_TYPE_ATTR", genNL_POLICY_TYPE_ATTR,
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_TYPE", Kind: KindU32, Enum: nlAttrTypes},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MIN_VALUE_S", Kind: KindS64},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MAX_VALUE_S", Kind: KindS64},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MIN_VALUE_U", Kind: KindU64},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MAX_VALUE_U", Kind: KindU64},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MIN_LENGTH", Kind: KindU32},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MAX_LENGTH", Kind: KindU32},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_POLICY_IDX", Kind: KindU32},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE", Kind: KindU32},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_BITFIELD32_MASK", Kind: KindCustom, Format: hexU32},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_PAD", Kind: KindBinary},
	&AttrSpec{Name: "NL_POLICY_TYPE_ATTR_MASK", Kind: KindCustom, Format: hexU64},
)

func hexU32(b []byte, order binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(uint64(order.Uint32(b)), 16)
}

func hexU64(b []byte, order binary.ByteOrder) string {
	if len(b) != 8 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(order.Uint64(b), 16)
}

var (
	ctrlOpAttrs = genSet("CTRL_ATTR_OP", genCTRL_ATTR_OP,
		&AttrSpec{Name: "CTRL_ATTR_OP_ID", Kind: KindU32},
		&AttrSpec{Name: "CTRL_ATTR_OP_FLAGS", Kind: KindU32, Flags: genlOpFlags},
	)
	ctrlMcastGrpAttrs = genSet("CTRL_ATTR_MCAST_GRP", genCTRL_ATTR_MCAST_GRP,
		&AttrSpec{Name: "CTRL_ATTR_MCAST_GRP_NAME", Kind: KindString, Tags: TagMcastGroupName},
		&AttrSpec{Name: "CTRL_ATTR_MCAST_GRP_ID", Kind: KindU32, Tags: TagMcastGroupID},
	)
	ctrlPolicyAttrs = genSet("CTRL_ATTR_POLICY", genCTRL_ATTR_POLICY,
		&AttrSpec{Name: "CTRL_ATTR_POLICY_DO", Kind: KindU32},
		&AttrSpec{Name: "CTRL_ATTR_POLICY_DUMP", Kind: KindU32},
	)
	// policyAttrTypes is one policy of CTRL_ATTR_POLICY: attribute type →
	// its description.
	policyAttrTypes = &AttrSet{Name: "policy", Default: &AttrSpec{Kind: KindNested, Nested: policyTypeAttrs}}

	// ctrlAttrs is the attribute set of every nlctrl command.
	ctrlAttrs = genSet("CTRL_ATTR", genCTRL_ATTR,
		&AttrSpec{Name: "CTRL_ATTR_FAMILY_ID", Kind: KindCustom, Format: hexU16Attr, Tags: TagGenlFamilyID},
		&AttrSpec{Name: "CTRL_ATTR_FAMILY_NAME", Kind: KindString, Tags: TagGenlFamilyName},
		&AttrSpec{Name: "CTRL_ATTR_VERSION", Kind: KindU32},
		&AttrSpec{Name: "CTRL_ATTR_HDRSIZE", Kind: KindU32},
		&AttrSpec{Name: "CTRL_ATTR_MAXATTR", Kind: KindU32},
		&AttrSpec{Name: "CTRL_ATTR_OPS", Kind: KindNestedArray, Nested: ctrlOpAttrs},
		&AttrSpec{Name: "CTRL_ATTR_MCAST_GROUPS", Kind: KindNestedArray, Nested: ctrlMcastGrpAttrs},
		&AttrSpec{Name: "CTRL_ATTR_POLICY", Kind: KindNestedArray, Nested: policyAttrTypes},
		&AttrSpec{Name: "CTRL_ATTR_OP_POLICY", Kind: KindNestedArray, Nested: ctrlPolicyAttrs},
		&AttrSpec{Name: "CTRL_ATTR_OP", Kind: KindU32},
	)
)

// hexU16Attr prints a u16 in hex (genl family ids read as 0x10).
func hexU16Attr(b []byte, order binary.ByteOrder) string {
	if len(b) != 2 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(uint64(order.Uint16(b)), 16)
}

func init() {
	registerGenlFamily(&GenlFamilySpec{
		Name:     "nlctrl",
		Commands: genCTRL_CMD.cmdNames(),

		CmdKinds: map[uint8]MsgKind{
			ctrlCmdNewFamily:   MsgNew,
			ctrlCmdDelFamily:   MsgDel,
			ctrlCmdGetFamily:   MsgGet,
			ctrlCmdNewOps:      MsgNew,
			ctrlCmdDelOps:      MsgDel,
			ctrlCmdGetOps:      MsgGet,
			ctrlCmdNewMcastGrp: MsgNew,
			ctrlCmdDelMcastGrp: MsgDel,
			ctrlCmdGetMcastGrp: MsgGet,
			ctrlCmdGetPolicy:   MsgGet,
		},
		Attrs:      ctrlAttrs,
		Summary:    ctrlSummary,
		briefAttrs: maskOf(ctrlAttrFamilyID, ctrlAttrFamilyName, ctrlAttrMcastGroups),
	})
}

// ctrlSummary prints the family a controller message is about ("nlctrl id
// 0x10", "ethtool", "id 0x14"), plus the multicast group of group
// notifications.
func ctrlSummary(m *Message) string {
	var name, id, grp string
	for i := range m.Attrs {
		a := &m.Attrs[i]
		switch a.Type {
		case ctrlAttrFamilyName:
			name = cString(a.Data)
		case ctrlAttrFamilyID:
			if len(a.Data) == 2 {
				id = "id 0x" + strconv.FormatUint(uint64(orderOf(m).Uint16(a.Data)), 16)
			}
		case ctrlAttrMcastGroups:
			if m.Genl != nil && (m.Genl.Cmd == ctrlCmdNewMcastGrp || m.Genl.Cmd == ctrlCmdDelMcastGrp) {
				// From the bytes: Config.Brief decodes no children.
				order := orderOf(m)
				for e, en := NextAttr(a.Data, 0, order); en >= 0; e, en = NextAttr(a.Data, en, order) {
					for x, xn := NextAttr(e.Payload, 0, order); xn >= 0; x, xn = NextAttr(e.Payload, xn, order) {
						if x.Type == ctrlAttrMcastGrpName {
							grp = "group " + cString(x.Payload)
						}
					}
				}
			}
		}
	}
	parts := make([]string, 0, 3)
	for _, s := range []string{name, id, grp} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// orderOf returns the byte order a message was decoded in.
func orderOf(m *Message) binary.ByteOrder {
	if m.Order == "be" {
		return binary.BigEndian
	}
	return binary.LittleEndian
}
