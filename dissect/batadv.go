package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The B.A.T.M.A.N. advanced generic netlink family ("batadv",
// include/uapi/linux/batman_adv.h): the overlay over the generated names.
// The header documents each attribute in prose; the types are the kernel's
// policy (net/batman-adv/netlink.c):
//
//	static const struct nla_policy batadv_netlink_policy[NUM_BATADV_ATTR] = {
//		[BATADV_ATTR_VERSION]			= { .type = NLA_STRING },
//		[BATADV_ATTR_ALGO_NAME]			= { .type = NLA_STRING },
//		[BATADV_ATTR_MESH_IFINDEX]		= { .type = NLA_U32 },
//		[BATADV_ATTR_MESH_IFNAME]		= { .type = NLA_STRING },
//		[BATADV_ATTR_MESH_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_HARD_IFINDEX]		= { .type = NLA_U32 },
//		[BATADV_ATTR_HARD_IFNAME]		= { .type = NLA_STRING },
//		[BATADV_ATTR_HARD_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_ORIG_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_TPMETER_RESULT]		= { .type = NLA_U8 },
//		[BATADV_ATTR_TPMETER_TEST_TIME]		= { .type = NLA_U32 },
//		[BATADV_ATTR_TPMETER_BYTES]		= { .type = NLA_U64 },
//		[BATADV_ATTR_TPMETER_COOKIE]		= { .type = NLA_U32 },
//		[BATADV_ATTR_ACTIVE]			= { .type = NLA_FLAG },
//		[BATADV_ATTR_TT_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_TT_TTVN]			= { .type = NLA_U8 },
//		[BATADV_ATTR_TT_LAST_TTVN]		= { .type = NLA_U8 },
//		[BATADV_ATTR_TT_CRC32]			= { .type = NLA_U32 },
//		[BATADV_ATTR_TT_VID]			= { .type = NLA_U16 },
//		[BATADV_ATTR_TT_FLAGS]			= { .type = NLA_U32 },
//		[BATADV_ATTR_FLAG_BEST]			= { .type = NLA_FLAG },
//		[BATADV_ATTR_LAST_SEEN_MSECS]		= { .type = NLA_U32 },
//		[BATADV_ATTR_NEIGH_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_TQ]			= { .type = NLA_U8 },
//		[BATADV_ATTR_THROUGHPUT]		= { .type = NLA_U32 },
//		[BATADV_ATTR_BANDWIDTH_UP]		= { .type = NLA_U32 },
//		[BATADV_ATTR_BANDWIDTH_DOWN]		= { .type = NLA_U32 },
//		[BATADV_ATTR_ROUTER]			= { .len = ETH_ALEN },
//		[BATADV_ATTR_BLA_OWN]			= { .type = NLA_FLAG },
//		[BATADV_ATTR_BLA_ADDRESS]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_BLA_VID]			= { .type = NLA_U16 },
//		[BATADV_ATTR_BLA_BACKBONE]		= { .len = ETH_ALEN },
//		[BATADV_ATTR_BLA_CRC]			= { .type = NLA_U16 },
//		[BATADV_ATTR_DAT_CACHE_IP4ADDRESS]	= { .type = NLA_U32 },
//		[BATADV_ATTR_DAT_CACHE_HWADDRESS]	= { .len = ETH_ALEN },
//		[BATADV_ATTR_DAT_CACHE_VID]		= { .type = NLA_U16 },
//		[BATADV_ATTR_MCAST_FLAGS]		= { .type = NLA_U32 },
//		[BATADV_ATTR_MCAST_FLAGS_PRIV]		= { .type = NLA_U32 },
//		[BATADV_ATTR_VLANID]			= { .type = NLA_U16 },
//		[BATADV_ATTR_AGGREGATED_OGMS_ENABLED]	= { .type = NLA_U8 },
//		... the other *_ENABLED			= { .type = NLA_U8 },
//		[BATADV_ATTR_ISOLATION_MARK]		= { .type = NLA_U32 },
//		[BATADV_ATTR_ISOLATION_MASK]		= { .type = NLA_U32 },
//		[BATADV_ATTR_GW_BANDWIDTH_DOWN]		= { .type = NLA_U32 },
//		[BATADV_ATTR_GW_BANDWIDTH_UP]		= { .type = NLA_U32 },
//		[BATADV_ATTR_GW_MODE]			= { .type = NLA_U8 },
//		[BATADV_ATTR_GW_SEL_CLASS]		= { .type = NLA_U32 },
//		[BATADV_ATTR_HOP_PENALTY]		= { .type = NLA_U8 },
//		[BATADV_ATTR_LOG_LEVEL]			= { .type = NLA_U32 },
//		[BATADV_ATTR_MULTICAST_FANOUT]		= { .type = NLA_U32 },
//		[BATADV_ATTR_ORIG_INTERVAL]		= { .type = NLA_U32 },
//		[BATADV_ATTR_ELP_INTERVAL]		= { .type = NLA_U32 },
//		[BATADV_ATTR_THROUGHPUT_OVERRIDE]	= { .type = NLA_U32 },
//	};
//
// The DAT cache's IPv4 address is network order (nla_put_in_addr; batctl
// reads it into in_addr.s_addr); the MAC addresses print as addresses;
// TT_FLAGS names enum batadv_tt_client_flags, the table and BLA CRCs print
// in hex (as batctl's tables do), MCAST_FLAGS_PRIV enum
// batadv_mcast_flags_priv, GW_MODE enum batadv_gw_modes, TPMETER_RESULT
// enum batadv_tp_meter_reason (MCAST_FLAGS and LOG_LEVEL name bits of the
// kernel-internal enum batadv_mcast_flags and batadv_dbg_level: hex, as the isolation mark and mask). The
// interface indexes are TagIfindex; what changes by itself (last seen,
// link quality, throughput, table versions and CRCs, the tp meter's
// results) is TagVolatile.
var batadvAttrs = genSet("BATADV_ATTR", genBATADV_ATTR, join(
	specs(KindString, 0, "BATADV_ATTR_VERSION", "BATADV_ATTR_ALGO_NAME", "BATADV_ATTR_MESH_IFNAME", "BATADV_ATTR_HARD_IFNAME"),
	specs(KindU32, TagIfindex, "BATADV_ATTR_MESH_IFINDEX", "BATADV_ATTR_HARD_IFINDEX"),
	specs(KindLLAddr, 0, "BATADV_ATTR_MESH_ADDRESS", "BATADV_ATTR_HARD_ADDRESS", "BATADV_ATTR_ORIG_ADDRESS", "BATADV_ATTR_TT_ADDRESS",
		"BATADV_ATTR_NEIGH_ADDRESS", "BATADV_ATTR_ROUTER", "BATADV_ATTR_BLA_ADDRESS", "BATADV_ATTR_BLA_BACKBONE",
		"BATADV_ATTR_DAT_CACHE_HWADDRESS"),
	specs(KindAddr, 0, "BATADV_ATTR_DAT_CACHE_IP4ADDRESS"),
	specs(KindFlag, 0, "BATADV_ATTR_ACTIVE", "BATADV_ATTR_FLAG_BEST", "BATADV_ATTR_BLA_OWN"),
	specs(KindU8, TagVolatile, "BATADV_ATTR_TT_TTVN", "BATADV_ATTR_TT_LAST_TTVN", "BATADV_ATTR_TQ"),
	specs(KindU32, TagVolatile, "BATADV_ATTR_TPMETER_TEST_TIME", "BATADV_ATTR_LAST_SEEN_MSECS",
		"BATADV_ATTR_THROUGHPUT"),
	specs(KindU64, TagVolatile, "BATADV_ATTR_TPMETER_BYTES"),
	specs(KindU32, 0, "BATADV_ATTR_TPMETER_COOKIE", "BATADV_ATTR_BANDWIDTH_UP", "BATADV_ATTR_BANDWIDTH_DOWN",
		"BATADV_ATTR_GW_BANDWIDTH_DOWN", "BATADV_ATTR_GW_BANDWIDTH_UP", "BATADV_ATTR_GW_SEL_CLASS", "BATADV_ATTR_MULTICAST_FANOUT",
		"BATADV_ATTR_ORIG_INTERVAL", "BATADV_ATTR_ELP_INTERVAL", "BATADV_ATTR_THROUGHPUT_OVERRIDE"),
	specs(KindU16, 0, "BATADV_ATTR_VLANID"),
	one(&AttrSpec{Name: "BATADV_ATTR_TT_VID", Kind: KindU16, Format: formatBatadvVID},
		&AttrSpec{Name: "BATADV_ATTR_BLA_VID", Kind: KindU16, Format: formatBatadvVID},
		&AttrSpec{Name: "BATADV_ATTR_DAT_CACHE_VID", Kind: KindU16, Format: formatBatadvVID}),
	specs(KindU8, 0, "BATADV_ATTR_AGGREGATED_OGMS_ENABLED", "BATADV_ATTR_AP_ISOLATION_ENABLED", "BATADV_ATTR_BONDING_ENABLED",
		"BATADV_ATTR_BRIDGE_LOOP_AVOIDANCE_ENABLED", "BATADV_ATTR_DISTRIBUTED_ARP_TABLE_ENABLED", "BATADV_ATTR_FRAGMENTATION_ENABLED",
		"BATADV_ATTR_HOP_PENALTY", "BATADV_ATTR_MULTICAST_FORCEFLOOD_ENABLED", "BATADV_ATTR_NETWORK_CODING_ENABLED"),
	one(&AttrSpec{Name: "BATADV_ATTR_TPMETER_RESULT", Kind: KindU8, Enum: genBATADV_TP_REASON.names(), Tags: TagVolatile},
		&AttrSpec{Name: "BATADV_ATTR_TT_FLAGS", Kind: KindU32, Flags: genBATADV_TT_CLIENT.names()},
		// Checksums in hex, as batctl prints them.
		&AttrSpec{Name: "BATADV_ATTR_TT_CRC32", Kind: KindU32, Format: formatHostHex, Tags: TagVolatile},
		&AttrSpec{Name: "BATADV_ATTR_BLA_CRC", Kind: KindU16, Format: formatHostHex, Tags: TagVolatile},
		&AttrSpec{Name: "BATADV_ATTR_MCAST_FLAGS", Kind: KindU32, Format: formatHex32},
		&AttrSpec{Name: "BATADV_ATTR_MCAST_FLAGS_PRIV", Kind: KindU32, Flags: genBATADV_MCAST_FLAGS.names()},
		&AttrSpec{Name: "BATADV_ATTR_GW_MODE", Kind: KindU8, Enum: genBATADV_GW_MODE.names()},
		&AttrSpec{Name: "BATADV_ATTR_LOG_LEVEL", Kind: KindU32, Format: formatHex32},
		&AttrSpec{Name: "BATADV_ATTR_ISOLATION_MARK", Kind: KindU32, Format: formatHex32},
		&AttrSpec{Name: "BATADV_ATTR_ISOLATION_MASK", Kind: KindU32, Format: formatHex32}))...)

// formatBatadvVID prints the VLAN of a translation table, claim or DAT
// entry as batctl does (BATADV_PRINT_VID): the kernel's vid carries
// BATADV_VLAN_HAS_TAG (net/batman-adv/main.h, BIT(15)) when the entry is on
// a VLAN, whose id is then the low 12 bits; without it the entry is
// untagged (batctl prints -1). BATADV_ATTR_VLANID is the bare id.
func formatBatadvVID(b []byte, order binary.ByteOrder) string {
	if len(b) != 2 {
		return hexString(b)
	}
	v := order.Uint16(b)
	switch {
	case v&0x8000 != 0:
		return strconv.Itoa(int(v & 0xfff))
	case v == 0:
		return "untagged"
	}
	return "untagged 0x" + strconv.FormatUint(uint64(v), 16)
}

// verbKinds gives the commands of g whose names start with prefix+"GET_"
// the kind MsgGet and those with prefix+"SET_" MsgNew (batadv and HSR
// name the verb first: BATADV_CMD_GET_ORIGINATORS, HSR_C_GET_NODE_LIST),
// so that a dump request's flags read ROOT|MATCH.
func verbKinds(g uapiGroup, prefix string) map[uint8]MsgKind {
	m := map[uint8]MsgKind{}
	for _, c := range g {
		switch {
		case c.Value > 0xff:
		case strings.HasPrefix(c.Name, prefix+"GET_"):
			m[uint8(c.Value)] = MsgGet
		case strings.HasPrefix(c.Name, prefix+"SET_"):
			m[uint8(c.Value)] = MsgNew
		}
	}
	return m
}
