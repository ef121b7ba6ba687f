package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// rtnetlink depth: IFLA_INFO_DATA of bond, vrf, geneve and the ip tunnels
// (include/uapi/linux/if_link.h, if_tunnel.h), RTM_GETSTATS (IFLA_STATS_*),
// the bridge mdb (MDBA_*) and vlan database (BRIDGE_VLANDB_*) messages,
// and the range structs of fib rules. Names from the generated tables.

// Bonding modes (include/uapi/linux/if_bonding.h BOND_MODE_*), as ip -d
// link prints them.
var bondModeNames = map[uint64]string{0: "balance-rr", 1: "active-backup", 2: "balance-xor", 3: "broadcast", 4: "802.3ad", 5: "balance-tlb", 6: "balance-alb"}

// GRE flag bits (if_tunnel.h GRE_*, big-endian u16).
var greFlagNames = map[uint64]string{0x8000: "GRE_CSUM", 0x4000: "GRE_ROUTING", 0x2000: "GRE_KEY", 0x1000: "GRE_SEQ", 0x0800: "GRE_STRICT"}

// Tunnel encapsulation flags (if_tunnel.h TUNNEL_ENCAP_FLAG_*).
var tunnelEncapFlagNames = map[uint64]string{1: "TUNNEL_ENCAP_FLAG_CSUM", 2: "TUNNEL_ENCAP_FLAG_CSUM6", 4: "TUNNEL_ENCAP_FLAG_REMCSUM"}

var (
	bondAttrs = genSet("IFLA_BOND", genIFLA_BOND,
		enumA("IFLA_BOND_MODE", KindU8, bondModeNames),
		u32a("IFLA_BOND_ACTIVE_SLAVE").tag(TagIfindex),
		u32a("IFLA_BOND_MIIMON"),
		u32a("IFLA_BOND_UPDELAY"),
		u32a("IFLA_BOND_DOWNDELAY"),
		u8("IFLA_BOND_USE_CARRIER"),
		u32a("IFLA_BOND_ARP_INTERVAL"),
		&AttrSpec{Name: "IFLA_BOND_ARP_IP_TARGET", Kind: KindNestedArray, Nested: &AttrSet{Name: "IFLA_BOND_ARP_IP_TARGET", Default: &AttrSpec{Kind: KindAddr}}},
		u32a("IFLA_BOND_ARP_VALIDATE"),
		u32a("IFLA_BOND_ARP_ALL_TARGETS"),
		u32a("IFLA_BOND_PRIMARY").tag(TagIfindex),
		u8("IFLA_BOND_PRIMARY_RESELECT"),
		u8("IFLA_BOND_FAIL_OVER_MAC"),
		u8("IFLA_BOND_XMIT_HASH_POLICY"),
		u32a("IFLA_BOND_RESEND_IGMP"),
		u8("IFLA_BOND_NUM_PEER_NOTIF"),
		u8("IFLA_BOND_ALL_SLAVES_ACTIVE"),
		u32a("IFLA_BOND_MIN_LINKS"),
		u32a("IFLA_BOND_LP_INTERVAL"),
		u32a("IFLA_BOND_PACKETS_PER_SLAVE"),
		u8("IFLA_BOND_AD_LACP_RATE"),
		u8("IFLA_BOND_AD_SELECT"),
		nest("IFLA_BOND_AD_INFO", genSet("IFLA_BOND_AD_INFO", genIFLA_BOND_AD_INFO,
			u16a("IFLA_BOND_AD_INFO_AGGREGATOR"),
			u16a("IFLA_BOND_AD_INFO_NUM_PORTS"),
			u16a("IFLA_BOND_AD_INFO_ACTOR_KEY"),
			u16a("IFLA_BOND_AD_INFO_PARTNER_KEY"),
			llA("IFLA_BOND_AD_INFO_PARTNER_MAC"),
		)),
		u16a("IFLA_BOND_AD_ACTOR_SYS_PRIO"),
		u16a("IFLA_BOND_AD_USER_PORT_KEY"),
		llA("IFLA_BOND_AD_ACTOR_SYSTEM"),
		u8("IFLA_BOND_TLB_DYNAMIC_LB"),
		u32a("IFLA_BOND_PEER_NOTIF_DELAY"),
		u8("IFLA_BOND_AD_LACP_ACTIVE"),
		u8("IFLA_BOND_MISSED_MAX"),
		&AttrSpec{Name: "IFLA_BOND_NS_IP6_TARGET", Kind: KindNestedArray, Nested: &AttrSet{Name: "IFLA_BOND_NS_IP6_TARGET", Default: &AttrSpec{Kind: KindAddr}}},
		u8("IFLA_BOND_COUPLED_CONTROL"),
	)
	vrfAttrs = genSet("IFLA_VRF", genIFLA_VRF,
		enumA("IFLA_VRF_TABLE", KindU32, rtTableNames),
	)
	geneveAttrs = genSet("IFLA_GENEVE", genIFLA_GENEVE,
		u32a("IFLA_GENEVE_ID"),
		addrA("IFLA_GENEVE_REMOTE"),
		u8("IFLA_GENEVE_TTL"),
		u8("IFLA_GENEVE_TOS"),
		be16a("IFLA_GENEVE_PORT"),
		flagA("IFLA_GENEVE_COLLECT_METADATA"),
		addrA("IFLA_GENEVE_REMOTE6"),
		u8("IFLA_GENEVE_UDP_CSUM"),
		u8("IFLA_GENEVE_UDP_ZERO_CSUM6_TX"),
		u8("IFLA_GENEVE_UDP_ZERO_CSUM6_RX"),
		&AttrSpec{Name: "IFLA_GENEVE_LABEL", Kind: KindBE32},
		u8("IFLA_GENEVE_TTL_INHERIT"),
		u8("IFLA_GENEVE_DF"),
		flagA("IFLA_GENEVE_INNER_PROTO_INHERIT"),
	)
	// ipip, sit, ip6tnl (IFLA_IPTUN_*).
	iptunAttrs = genSet("IFLA_IPTUN", genIFLA_IPTUN,
		u32a("IFLA_IPTUN_LINK").tag(TagIfindex),
		addrA("IFLA_IPTUN_LOCAL"),
		addrA("IFLA_IPTUN_REMOTE"),
		u8("IFLA_IPTUN_TTL"),
		u8("IFLA_IPTUN_TOS"),
		u8("IFLA_IPTUN_ENCAP_LIMIT"),
		&AttrSpec{Name: "IFLA_IPTUN_FLOWINFO", Kind: KindBE32},
		u32a("IFLA_IPTUN_FLAGS"), // u16 on sit, u32 on ip6tnl: uintAny below
		enumA("IFLA_IPTUN_PROTO", KindU8, ipProtoNames),
		u8("IFLA_IPTUN_PMTUDISC"),
		addrA("IFLA_IPTUN_6RD_PREFIX"),
		addrA("IFLA_IPTUN_6RD_RELAY_PREFIX"),
		u16a("IFLA_IPTUN_6RD_PREFIXLEN"),
		u16a("IFLA_IPTUN_6RD_RELAY_PREFIXLEN"),
		enumA("IFLA_IPTUN_ENCAP_TYPE", KindU16, genTUNNEL_ENCAP.names()),
		flagsA("IFLA_IPTUN_ENCAP_FLAGS", KindU16, tunnelEncapFlagNames),
		be16a("IFLA_IPTUN_ENCAP_SPORT"),
		be16a("IFLA_IPTUN_ENCAP_DPORT"),
		flagA("IFLA_IPTUN_COLLECT_METADATA"),
		u32a("IFLA_IPTUN_FWMARK"),
	)
	// gre, gretap, ip6gre, ip6gretap, erspan (IFLA_GRE_*).
	greAttrs = genSet("IFLA_GRE", genIFLA_GRE,
		u32a("IFLA_GRE_LINK").tag(TagIfindex),
		flagsA("IFLA_GRE_IFLAGS", KindBE16, greFlagNames),
		flagsA("IFLA_GRE_OFLAGS", KindBE16, greFlagNames),
		&AttrSpec{Name: "IFLA_GRE_IKEY", Kind: KindBE32},
		&AttrSpec{Name: "IFLA_GRE_OKEY", Kind: KindBE32},
		addrA("IFLA_GRE_LOCAL"),
		addrA("IFLA_GRE_REMOTE"),
		u8("IFLA_GRE_TTL"),
		u8("IFLA_GRE_TOS"),
		u8("IFLA_GRE_PMTUDISC"),
		u8("IFLA_GRE_ENCAP_LIMIT"),
		&AttrSpec{Name: "IFLA_GRE_FLOWINFO", Kind: KindBE32},
		u32a("IFLA_GRE_FLAGS"),
		enumA("IFLA_GRE_ENCAP_TYPE", KindU16, genTUNNEL_ENCAP.names()),
		flagsA("IFLA_GRE_ENCAP_FLAGS", KindU16, tunnelEncapFlagNames),
		be16a("IFLA_GRE_ENCAP_SPORT"),
		be16a("IFLA_GRE_ENCAP_DPORT"),
		flagA("IFLA_GRE_COLLECT_METADATA"),
		u8("IFLA_GRE_IGNORE_DF"),
		u32a("IFLA_GRE_FWMARK"),
		u32a("IFLA_GRE_ERSPAN_INDEX"),
		u8("IFLA_GRE_ERSPAN_VER"),
		u8("IFLA_GRE_ERSPAN_DIR"),
		u16a("IFLA_GRE_ERSPAN_HWID"),
	)
)

// macsecAttrs is IFLA_INFO_DATA of a macsec link (IFLA_MACSEC_*,
// include/uapi/linux/if_link.h), as drivers/net/macsec.c's
// macsec_fill_info puts it and macsec_rtnl_policy reads it:
//
//	nla_put_sci(skb, IFLA_MACSEC_SCI, secy->sci, IFLA_MACSEC_PAD) ||
//	nla_put_u8(skb, IFLA_MACSEC_ICV_LEN, secy->icv_len) ||
//	nla_put_u64_64bit(skb, IFLA_MACSEC_CIPHER_SUITE, csid, IFLA_MACSEC_PAD) ||
//	nla_put_u8(skb, IFLA_MACSEC_ENCODING_SA, tx_sc->encoding_sa) || ...
//	nla_put_u8(skb, IFLA_MACSEC_VALIDATION, secy->validate_frames) ||
//	nla_put_u8(skb, IFLA_MACSEC_OFFLOAD, macsec->offload)
//
// The SCI (sci_t: MAC address and port, network order) prints in hex as
// ip(8) shows it and the genl family's MACSEC_SECY_ATTR_SCI does; the port
// a request gives is big-endian (iproute2: htons). The cipher suite is one
// of MACSEC_CIPHER_ID_* or the older MACSEC_DEFAULT_CIPHER_ID
// (0x0080020001000001, include/uapi/linux/if_macsec.h).
var macsecLinkAttrs = genSet("IFLA_MACSEC", genIFLA_MACSEC,
	binA("IFLA_MACSEC_SCI").tag(TagVolatile), // the lower link's random MAC address and the port
	be16a("IFLA_MACSEC_PORT"),
	u8("IFLA_MACSEC_ICV_LEN"),
	&AttrSpec{Name: "IFLA_MACSEC_CIPHER_SUITE", Kind: KindU64, Enum: genMACSEC_CIPHER_ID.names(uapiConst{"MACSEC_DEFAULT_CIPHER_ID", 0x0080020001000001})},
	u32a("IFLA_MACSEC_WINDOW"),
	u8("IFLA_MACSEC_ENCODING_SA"),
	u8("IFLA_MACSEC_ENCRYPT"),
	u8("IFLA_MACSEC_PROTECT"),
	u8("IFLA_MACSEC_INC_SCI"),
	u8("IFLA_MACSEC_ES"),
	u8("IFLA_MACSEC_SCB"),
	u8("IFLA_MACSEC_REPLAY_PROTECT"),
	enumA("IFLA_MACSEC_VALIDATION", KindU8, genMACSEC_VALIDATE.names()),
	binA("IFLA_MACSEC_PAD"),
	enumA("IFLA_MACSEC_OFFLOAD", KindU8, genMACSEC_OFFLOAD.names()),
)

// gtp links (drivers/net/gtp.c, gtp_validate/gtp_fill_info): a request
// gives the UDP sockets of GTPv0 (FD0) and GTPv1-U (FD1) as the sender's
// file descriptors, the role named; the kernel answers the hash size, role
// and restart count.
var gtpLinkAttrs = genSet("IFLA_GTP", genIFLA_GTP,
	u32a("IFLA_GTP_FD0"),
	u32a("IFLA_GTP_FD1"),
	u32a("IFLA_GTP_PDP_HASHSIZE"),
	enumA("IFLA_GTP_ROLE", KindU32, genGTP_ROLE.names()),
	u8("IFLA_GTP_CREATE_SOCKETS"),
	u8("IFLA_GTP_RESTART_COUNT"),
)

func init() {
	infoDataSets["macsec"] = macsecLinkAttrs
	infoDataSets["gtp"] = gtpLinkAttrs
	// IFLA_IPTUN_FLAGS is a u16 on sit (SIT_ISATAP) and a u32 on ip6tnl.
	setAttr(iptunAttrs, uintA("IFLA_IPTUN_FLAGS"))
	for kind, set := range map[string]*AttrSet{
		"bond": bondAttrs, "vrf": vrfAttrs, "geneve": geneveAttrs,
		"ipip": iptunAttrs, "sit": iptunAttrs, "ip6tnl": iptunAttrs,
		"gre": greAttrs, "gretap": greAttrs, "ip6gre": greAttrs, "ip6gretap": greAttrs, "erspan": greAttrs, "ip6erspan": greAttrs,
	} {
		infoDataSets[kind] = set
	}
}

// RTM_NEWSTATS / RTM_GETSTATS (struct if_stats_msg, IFLA_STATS_*).
var (
	offloadXstatsAttrs = genSet("IFLA_OFFLOAD_XSTATS", genIFLA_OFFLOAD_XSTATS,
		structA("IFLA_OFFLOAD_XSTATS_CPU_HIT", linkStats64Struct).tag(TagVolatile),
		rawNest("IFLA_OFFLOAD_XSTATS_HW_S_INFO"),
		structA("IFLA_OFFLOAD_XSTATS_L3_STATS", linkStats64Struct).tag(TagVolatile),
	)
	// IFLA_STATS_LINK_XSTATS: LINK_XSTATS_TYPE_BRIDGE / _BOND nests.
	linkXstatsAttrs = genSet("LINK_XSTATS_TYPE", genLINK_XSTATS_TYPE,
		nest("LINK_XSTATS_TYPE_BRIDGE", genSet("BRIDGE_XSTATS", genBRIDGE_XSTATS,
			structA("BRIDGE_XSTATS_VLAN", bridgeVlanXstats),
			binA("BRIDGE_XSTATS_MCAST"), // struct br_mcast_stats
			binA("BRIDGE_XSTATS_PAD"),
			binA("BRIDGE_XSTATS_STP"), // struct bridge_stp_xstats
		)),
		rawNest("LINK_XSTATS_TYPE_BOND"),
	)
	// Counters: volatile (replay compares answers without them).
	statsAttrs = genSet("IFLA_STATS", genIFLA_STATS,
		structA("IFLA_STATS_LINK_64", linkStats64Struct).tag(TagVolatile),
		nest("IFLA_STATS_LINK_XSTATS", linkXstatsAttrs).tag(TagVolatile),
		nest("IFLA_STATS_LINK_XSTATS_SLAVE", linkXstatsAttrs).tag(TagVolatile),
		nest("IFLA_STATS_LINK_OFFLOAD_XSTATS", offloadXstatsAttrs).tag(TagVolatile),
		rawNest("IFLA_STATS_AF_SPEC").tag(TagVolatile),
	)
	// struct bridge_vlan_xstats
	bridgeVlanXstats = cStruct("bridge_vlan_xstats", cu64("rx_bytes"), cu64("rx_packets"), cu64("tx_bytes"), cu64("tx_packets"), cu16("vid"), cu16("flags"), cpad(4))
)

// The bridge mdb (RTM_NEWMDB, RTM_DELMDB, RTM_GETMDB: struct br_port_msg,
// MDBA_*).
var (
	mdbEntryStruct = &HeaderSpec{Name: "br_mdb_entry", Len: 28, Tagged: []TaggedField{{Name: "ifindex", Offset: 0, Size: 4, Tags: TagIfindex}},
		Decode: func(b []byte, order binary.ByteOrder) []Field {
			ifi, vid := uint64(order.Uint32(b)), uint64(order.Uint16(b[6:]))
			proto := binary.BigEndian.Uint16(b[24:])
			var addr string
			switch proto {
			case 0x0800:
				addr = netip.AddrFrom4([4]byte(b[8:12])).String()
			case 0x86dd:
				addr = netip.AddrFrom16([16]byte(b[8:24])).String()
			default:
				addr = llAddr(b[8:14])
			}
			state := "temp"
			if b[4] == 1 {
				state = "permanent"
			}
			return []Field{
				{Name: "ifindex", Value: strconv.FormatUint(ifi, 10), Raw: ifi},
				{Name: "state", Value: state, Raw: uint64(b[4])},
				{Name: "flags", Value: flagString(uint64(b[5]), mdbFlagNames), Raw: uint64(b[5])},
				{Name: "vid", Value: strconv.FormatUint(vid, 10), Raw: vid},
				{Name: "addr", Value: addr},
				{Name: "proto", Value: enumName(ethPNames, uint64(proto)), Raw: uint64(proto)},
			}
		}}
	mdbFlagNames = map[uint64]string{1: "MDB_FLAGS_OFFLOAD", 2: "MDB_FLAGS_FAST_LEAVE", 4: "MDB_FLAGS_STAR_EXCL", 8: "MDB_FLAGS_BLOCKED"}
	mdbEattrs    = genSet("MDBA_MDB_EATTR", genMDBA_MDB_EATTR,
		u32a("MDBA_MDB_EATTR_TIMER").tag(TagVolatile), // a running timer
		rawNest("MDBA_MDB_EATTR_SRC_LIST"),
		u8("MDBA_MDB_EATTR_GROUP_MODE"),
		addrA("MDBA_MDB_EATTR_SOURCE"),
		enumA("MDBA_MDB_EATTR_RTPROT", KindU8, rtProtNames),
	)
	mdbAttrs = genSet("MDBA", genMDBA,
		nest("MDBA_MDB", genSet("MDBA_MDB", genMDBA_MDB,
			nest("MDBA_MDB_ENTRY", genSet("MDBA_MDB_ENTRY", genMDBA_MDB_ENTRY,
				&AttrSpec{Name: "MDBA_MDB_ENTRY_INFO", Kind: KindNested, Struct: mdbEntryStruct, Nested: mdbEattrs},
			)),
		)),
		nest("MDBA_ROUTER", genSet("MDBA_ROUTER", genMDBA_ROUTER,
			&AttrSpec{Name: "MDBA_ROUTER_PORT", Kind: KindNested, Struct: u32Fields("ifindex", []string{"ifindex"}), Nested: genSet("MDBA_ROUTER_PATTR", genMDBA_ROUTER_PATTR,
				u32a("MDBA_ROUTER_PATTR_TIMER").tag(TagVolatile),
				u8("MDBA_ROUTER_PATTR_TYPE"),
				u32a("MDBA_ROUTER_PATTR_INET_TIMER").tag(TagVolatile),
				u32a("MDBA_ROUTER_PATTR_INET6_TIMER").tag(TagVolatile),
				u16a("MDBA_ROUTER_PATTR_VID"),
			)},
		)),
	)
	// RTM_NEWMDB / RTM_DELMDB requests: MDBA_SET_ENTRY.
	mdbSetAttrs = genSet("MDBA_SET_ENTRY", genMDBA_SET_ENTRY,
		structA("MDBA_SET_ENTRY", mdbEntryStruct),
		rawNest("MDBA_SET_ENTRY_ATTRS"),
	)
)

// The bridge vlan database (RTM_NEWVLAN, RTM_DELVLAN, RTM_GETVLAN: struct
// br_vlan_msg, BRIDGE_VLANDB_*).
var vlanDBAttrs = genSet("BRIDGE_VLANDB", genBRIDGE_VLANDB,
	nest("BRIDGE_VLANDB_ENTRY", genSet("BRIDGE_VLANDB_ENTRY", genBRIDGE_VLANDB_ENTRY,
		structA("BRIDGE_VLANDB_ENTRY_INFO", bridgeVlanInfoStruct),
		u16a("BRIDGE_VLANDB_ENTRY_RANGE"),
		enumA("BRIDGE_VLANDB_ENTRY_STATE", KindU8, brStateNames),
		rawNest("BRIDGE_VLANDB_ENTRY_TUNNEL_INFO"),
		nest("BRIDGE_VLANDB_ENTRY_STATS", genSet("BRIDGE_VLANDB_STATS", genBRIDGE_VLANDB_STATS,
			u64a("BRIDGE_VLANDB_STATS_RX_BYTES"),
			u64a("BRIDGE_VLANDB_STATS_RX_PACKETS"),
			u64a("BRIDGE_VLANDB_STATS_TX_BYTES"),
			u64a("BRIDGE_VLANDB_STATS_TX_PACKETS"),
			binA("BRIDGE_VLANDB_STATS_PAD"),
		)).tag(TagVolatile),
		u8("BRIDGE_VLANDB_ENTRY_MCAST_ROUTER"),
	)),
	nest("BRIDGE_VLANDB_GLOBAL_OPTIONS", genSet("BRIDGE_VLANDB_GOPTS", genBRIDGE_VLANDB_GOPTS)),
)

// vlanDumpAttrs are the attributes of an RTM_GETVLAN dump request.
var vlanDumpAttrs = genSet("BRIDGE_VLANDB_DUMP", genBRIDGE_VLANDB_DUMP,
	flagsA("BRIDGE_VLANDB_DUMP_FLAGS", KindU32, map[uint64]string{1: "BRIDGE_VLANDB_DUMPF_STATS", 2: "BRIDGE_VLANDB_DUMPF_GLOBAL"}),
)

// Fib rule ranges (include/uapi/linux/fib_rules.h).
var (
	// struct fib_rule_uid_range { __u32 start; __u32 end; }
	fibRuleUIDRange = u32Fields("fib_rule_uid_range", []string{"start", "end"})
	// struct fib_rule_port_range { __u16 start; __u16 end; }
	fibRulePortRange = cStruct("fib_rule_port_range", cu16("start"), cu16("end"))
)

func init() {
	setAttr(ruleAttrs, structA("FRA_UID_RANGE", fibRuleUIDRange))
	setAttr(ruleAttrs, structA("FRA_SPORT_RANGE", fibRulePortRange))
	setAttr(ruleAttrs, structA("FRA_DPORT_RANGE", fibRulePortRange))
}
