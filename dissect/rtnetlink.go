package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/nlcap/nlcap"
)

// NETLINK_ROUTE (rtnetlink): message types of include/uapi/linux/rtnetlink.h,
// their fixed headers and attribute sets (rtnetlink_attrs.go), and the
// one-line summaries. Names and numbers are those of the kernel UAPI
// headers.

// enumName returns the name of v in names, or v in decimal.
func enumName(names map[uint64]string, v uint64) string {
	if n, ok := names[v]; ok {
		return n
	}
	return strconv.FormatUint(v, 10)
}

func u8Field(name string, v byte) Field {
	return Field{Name: name, Value: strconv.Itoa(int(v)), Raw: uint64(v)}
}

func enumField(name string, names map[uint64]string, v uint64) Field {
	return Field{Name: name, Value: enumName(names, v), Raw: v}
}

func flagsField(name string, names map[uint64]string, v uint64) Field {
	return Field{Name: name, Value: flagString(v, names), Raw: v}
}

// ifiChangeField is ifi_change: the kernel sends ~0U ("every flag may have
// changed": new links, rtnl_fill_ifinfo callers without a change mask),
// which reads "all" rather than every IFF_ name and unknown bit.
func ifiChangeField(v uint32) Field {
	if v == 0xffffffff {
		return Field{Name: "ifi_change", Value: "all", Raw: uint64(v)}
	}
	return flagsField("ifi_change", iffNames, uint64(v))
}

func s32Field(name string, v int32) Field {
	return Field{Name: name, Value: strconv.FormatInt(int64(v), 10), Raw: uint64(uint32(v))}
}

func u32Field(name string, v uint32) Field {
	return Field{Name: name, Value: strconv.FormatUint(uint64(v), 10), Raw: uint64(v)}
}

// Fixed headers.
var (
	// struct rtgenmsg { unsigned char rtgen_family; }
	rtgenmsgHeader = &HeaderSpec{Name: "rtgenmsg", Len: 1, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{enumField("rtgen_family", rtnlAFNames, uint64(b[0]))}
	}}

	// struct ifinfomsg {
	//	unsigned char	ifi_family;
	//	unsigned char	__ifi_pad;
	//	unsigned short	ifi_type;		/* ARPHRD_* */
	//	int		ifi_index;		/* Link index	*/
	//	unsigned	ifi_flags;		/* IFF_* flags	*/
	//	unsigned	ifi_change;		/* IFF_* change mask */
	// };
	ifinfomsgHeader = &HeaderSpec{Name: "ifinfomsg", Len: 16, Tagged: []TaggedField{
		{Name: "ifi_index", Offset: 4, Size: 4, Tags: TagIfindex},
		{Name: "ifi_change", Offset: 12, Size: 4, Tags: TagVolatile},
	}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("ifi_family", rtnlAFNames, uint64(b[0])),
			enumField("ifi_type", arphrdNames, uint64(order.Uint16(b[2:]))),
			s32Field("ifi_index", int32(order.Uint32(b[4:]))),
			flagsField("ifi_flags", iffNames, uint64(order.Uint32(b[8:]))),
			ifiChangeField(order.Uint32(b[12:])),
		}
	}, request: func(fs []Field) {
		// The kernel ignores ifi_type in requests (rtnl_newlink,
		// rtnl_dump_ifinfo): 0 there is "unset", not ARPHRD_NETROM.
		if len(fs) > 1 && fs[1].Name == "ifi_type" && fs[1].Raw == 0 {
			fs[1].Value = "0"
		}
	}}

	// struct ifaddrmsg {
	//	__u8		ifa_family;
	//	__u8		ifa_prefixlen;	/* The prefix length		*/
	//	__u8		ifa_flags;	/* Flags			*/
	//	__u8		ifa_scope;	/* Address scope		*/
	//	__u32		ifa_index;	/* Link index			*/
	// };
	ifaddrmsgHeader = &HeaderSpec{Name: "ifaddrmsg", Len: 8, Tagged: []TaggedField{{Name: "ifa_index", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("ifa_family", rtnlAFNames, uint64(b[0])),
			u8Field("ifa_prefixlen", b[1]),
			flagsField("ifa_flags", ifaFlagNames, uint64(b[2])),
			enumField("ifa_scope", rtScopeNames, uint64(b[3])),
			u32Field("ifa_index", order.Uint32(b[4:])),
		}
	}}

	// struct rtmsg {
	//	unsigned char		rtm_family;
	//	unsigned char		rtm_dst_len;
	//	unsigned char		rtm_src_len;
	//	unsigned char		rtm_tos;
	//	unsigned char		rtm_table;	/* Routing table id */
	//	unsigned char		rtm_protocol;	/* Routing protocol; see below	*/
	//	unsigned char		rtm_scope;	/* See below */
	//	unsigned char		rtm_type;	/* See below	*/
	//	unsigned		rtm_flags;
	// };
	rtmsgHeader = &HeaderSpec{Name: "rtmsg", Len: 12, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("rtm_family", rtnlAFNames, uint64(b[0])),
			u8Field("rtm_dst_len", b[1]),
			u8Field("rtm_src_len", b[2]),
			u8Field("rtm_tos", b[3]),
			enumField("rtm_table", rtTableNames, uint64(b[4])),
			enumField("rtm_protocol", rtProtNames, uint64(b[5])),
			enumField("rtm_scope", rtScopeNames, uint64(b[6])),
			enumField("rtm_type", rtnTypeNames, uint64(b[7])),
			flagsField("rtm_flags", rtmFlagNames, uint64(order.Uint32(b[8:]))),
		}
	}}

	// struct ndmsg {
	//	__u8		ndm_family;
	//	__u8		ndm_pad1;
	//	__u16		ndm_pad2;
	//	__s32		ndm_ifindex;
	//	__u16		ndm_state;
	//	__u8		ndm_flags;
	//	__u8		ndm_type;
	// };
	ndmsgHeader = &HeaderSpec{Name: "ndmsg", Len: 12, Tagged: []TaggedField{{Name: "ndm_ifindex", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("ndm_family", rtnlAFNames, uint64(b[0])),
			s32Field("ndm_ifindex", int32(order.Uint32(b[4:]))),
			flagsField("ndm_state", nudNames, uint64(order.Uint16(b[8:]))),
			flagsField("ndm_flags", ntfNames, uint64(b[10])),
			enumField("ndm_type", rtnTypeNames, uint64(b[11])),
		}
	}}

	// struct netconfmsg { __u8 ncm_family; };
	netconfmsgHeader = &HeaderSpec{Name: "netconfmsg", Len: 1, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{enumField("ncm_family", rtnlAFNames, uint64(b[0]))}
	}}

	// struct tcmsg {
	//	unsigned char	tcm_family;
	//	unsigned char	tcm__pad1;
	//	unsigned short	tcm__pad2;
	//	int		tcm_ifindex;
	//	__u32		tcm_handle;
	//	__u32		tcm_parent;
	//	__u32		tcm_info;
	// };
	tcmsgHeader = &HeaderSpec{Name: "tcmsg", Len: 20, Tagged: []TaggedField{{Name: "tcm_ifindex", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		h, p := order.Uint32(b[8:]), order.Uint32(b[12:])
		return []Field{
			enumField("tcm_family", rtnlAFNames, uint64(b[0])),
			s32Field("tcm_ifindex", int32(order.Uint32(b[4:]))),
			{Name: "tcm_handle", Value: tcHandle(h), Raw: uint64(h)},
			{Name: "tcm_parent", Value: tcHandle(p), Raw: uint64(p)},
			u32Field("tcm_info", order.Uint32(b[16:])),
		}
	}}

	// struct fib_rule_hdr (include/uapi/linux/fib_rules.h)
	fibRuleHeader = &HeaderSpec{Name: "fib_rule_hdr", Len: 12, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("family", rtnlAFNames, uint64(b[0])),
			u8Field("dst_len", b[1]),
			u8Field("src_len", b[2]),
			u8Field("tos", b[3]),
			enumField("table", rtTableNames, uint64(b[4])),
			enumField("action", fibRuleActionNames, uint64(b[7])),
			u32Field("flags", order.Uint32(b[8:])),
		}
	}}

	// struct nhmsg (include/uapi/linux/nexthop.h)
	nhmsgHeader = &HeaderSpec{Name: "nhmsg", Len: 8, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("nh_family", rtnlAFNames, uint64(b[0])),
			enumField("nh_scope", rtScopeNames, uint64(b[1])),
			enumField("nh_protocol", rtProtNames, uint64(b[2])),
			flagsField("nh_flags", rtnhFlagNames, uint64(order.Uint32(b[4:]))),
		}
	}}

	// struct ndtmsg { __u8 ndtm_family; __u8 ndtm_pad1; __u16 ndtm_pad2; };
	ndtmsgHeader = &HeaderSpec{Name: "ndtmsg", Len: 4, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{enumField("ndtm_family", rtnlAFNames, uint64(b[0]))}
	}}

	// struct if_stats_msg { __u8 family; __u8 pad1; __u16 pad2; __u32 ifindex; __u32 filter_mask; };
	ifStatsMsgHeader = &HeaderSpec{Name: "if_stats_msg", Len: 12, Tagged: []TaggedField{{Name: "ifindex", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("family", rtnlAFNames, uint64(b[0])),
			u32Field("ifindex", order.Uint32(b[4:])),
			u32Field("filter_mask", order.Uint32(b[8:])),
		}
	}}

	// struct tcamsg { unsigned char tca_family; unsigned char tca__pad1; unsigned short tca__pad2; };
	tcamsgHeader = &HeaderSpec{Name: "tcamsg", Len: 4, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{enumField("tca_family", rtnlAFNames, uint64(b[0]))}
	}}

	// struct br_port_msg { __u8 family; __u32 ifindex; } (MDB) and
	// struct br_vlan_msg { __u8 family; __u8 reserved1; __u16 reserved2; __u32 ifindex; }
	// have the same layout for what is decoded.
	brPortMsgHeader = &HeaderSpec{Name: "br_port_msg", Len: 8, Tagged: []TaggedField{{Name: "ifindex", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{enumField("family", rtnlAFNames, uint64(b[0])), u32Field("ifindex", order.Uint32(b[4:]))}
	}}
	brVlanMsgHeader = &HeaderSpec{Name: "br_vlan_msg", Len: 8, Tagged: brPortMsgHeader.Tagged, Decode: brPortMsgHeader.Decode}

	// struct ifaddrlblmsg { __u8 ifal_family; __u8 __ifal_reserved; __u8 ifal_prefixlen; __u8 ifal_flags; __u32 ifal_index; __u32 ifal_seq; };
	ifaddrlblmsgHeader = &HeaderSpec{Name: "ifaddrlblmsg", Len: 12, Tagged: []TaggedField{{Name: "ifal_index", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("ifal_family", rtnlAFNames, uint64(b[0])),
			u8Field("ifal_prefixlen", b[2]),
			u8Field("ifal_flags", b[3]),
			u32Field("ifal_index", order.Uint32(b[4:])),
			u32Field("ifal_seq", order.Uint32(b[8:])),
		}
	}}

	// struct prefixmsg (RTM_NEWPREFIX)
	prefixmsgHeader = &HeaderSpec{Name: "prefixmsg", Len: 12, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{
			enumField("prefix_family", rtnlAFNames, uint64(b[0])),
			s32Field("prefix_ifindex", int32(order.Uint32(b[4:]))),
			u8Field("prefix_type", b[8]),
			u8Field("prefix_len", b[9]),
			u8Field("prefix_flags", b[10]),
		}
	}}

	// struct tunnel_msg { __u8 family; __u8 flags; __u16 reserved2; __u32 ifindex; };
	tunnelMsgHeader = &HeaderSpec{Name: "tunnel_msg", Len: 8, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{enumField("family", rtnlAFNames, uint64(b[0])), u8Field("flags", b[1]), u32Field("ifindex", order.Uint32(b[4:]))}
	}}

	// struct dcbmsg { __u8 dcb_family; __u8 cmd; __u16 dcb_pad; };
	dcbmsgHeader = &HeaderSpec{Name: "dcbmsg", Len: 4, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{enumField("dcb_family", rtnlAFNames, uint64(b[0])), u8Field("cmd", b[1])}
	}}
)

// fibRuleActionNames names fib_rule_hdr.action (FR_ACT_*).
var fibRuleActionNames = genFR_ACT.names()

// RTM_* message types used in code (generated).
const (
	rtmNewLink     = RTM_NEWLINK
	rtmDelLink     = RTM_DELLINK
	rtmGetLink     = RTM_GETLINK
	rtmSetLink     = RTM_SETLINK
	rtmNewAddr     = RTM_NEWADDR
	rtmDelAddr     = RTM_DELADDR
	rtmGetAddr     = RTM_GETADDR
	rtmNewRoute    = RTM_NEWROUTE
	rtmDelRoute    = RTM_DELROUTE
	rtmGetRoute    = RTM_GETROUTE
	rtmNewNeigh    = RTM_NEWNEIGH
	rtmDelNeigh    = RTM_DELNEIGH
	rtmGetNeigh    = RTM_GETNEIGH
	rtmNewQdisc    = RTM_NEWQDISC
	rtmNewNetconf  = RTM_NEWNETCONF
	rtmNewNexthop  = RTM_NEWNEXTHOP
	rtmNewNsid     = RTM_NEWNSID
	rtmNewLinkProp = RTM_NEWLINKPROP
)

// rtnlMessage is one row of the message table.
type rtnlMessage struct {
	name   string // RTM_*: the type comes from the generated genRTM
	header *HeaderSpec
	attrs  *AttrSet
	sum    func(d *Decoder, m *Message) string
}

var rtnlMessages = []rtnlMessage{
	{"RTM_NEWLINK", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_DELLINK", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_GETLINK", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_SETLINK", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_NEWADDR", ifaddrmsgHeader, addrAttrs, addrSummary},
	{"RTM_DELADDR", ifaddrmsgHeader, addrAttrs, addrSummary},
	{"RTM_GETADDR", ifaddrmsgHeader, addrAttrs, addrSummary},
	{"RTM_NEWROUTE", rtmsgHeader, routeAttrs, routeSummary},
	{"RTM_DELROUTE", rtmsgHeader, routeAttrs, routeSummary},
	{"RTM_GETROUTE", rtmsgHeader, routeAttrs, routeSummary},
	{"RTM_NEWNEIGH", ndmsgHeader, neighAttrs, neighSummary},
	{"RTM_DELNEIGH", ndmsgHeader, neighAttrs, neighSummary},
	{"RTM_GETNEIGH", ndmsgHeader, neighAttrs, neighSummary},
	{"RTM_NEWRULE", fibRuleHeader, ruleAttrs, ruleSummary},
	{"RTM_DELRULE", fibRuleHeader, ruleAttrs, ruleSummary},
	{"RTM_GETRULE", fibRuleHeader, ruleAttrs, ruleSummary},
	{"RTM_NEWQDISC", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_DELQDISC", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_GETQDISC", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_NEWTCLASS", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_DELTCLASS", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_GETTCLASS", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_NEWTFILTER", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_DELTFILTER", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_GETTFILTER", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_NEWACTION", tcamsgHeader, tcRootAttrs, nil},
	{"RTM_DELACTION", tcamsgHeader, tcRootAttrs, nil},
	{"RTM_GETACTION", tcamsgHeader, tcRootAttrs, nil},
	{"RTM_NEWPREFIX", prefixmsgHeader, nil, nil},
	{"RTM_GETMULTICAST", ifaddrmsgHeader, addrAttrs, addrSummary},
	{"RTM_GETANYCAST", ifaddrmsgHeader, addrAttrs, addrSummary},
	{"RTM_NEWNEIGHTBL", ndtmsgHeader, nil, nil},
	{"RTM_GETNEIGHTBL", ndtmsgHeader, nil, nil},
	{"RTM_SETNEIGHTBL", ndtmsgHeader, nil, nil},
	{"RTM_NEWNDUSEROPT", nil, nil, nil},
	{"RTM_NEWADDRLABEL", ifaddrlblmsgHeader, nil, nil},
	{"RTM_DELADDRLABEL", ifaddrlblmsgHeader, nil, nil},
	{"RTM_GETADDRLABEL", ifaddrlblmsgHeader, nil, nil},
	{"RTM_GETDCB", dcbmsgHeader, nil, nil},
	{"RTM_SETDCB", dcbmsgHeader, nil, nil},
	{"RTM_NEWNETCONF", netconfmsgHeader, netconfAttrs, netconfSummary},
	{"RTM_DELNETCONF", netconfmsgHeader, netconfAttrs, netconfSummary},
	{"RTM_GETNETCONF", netconfmsgHeader, netconfAttrs, netconfSummary},
	{"RTM_NEWMDB", brPortMsgHeader, mdbAttrs, nil},
	{"RTM_DELMDB", brPortMsgHeader, mdbAttrs, nil},
	{"RTM_GETMDB", brPortMsgHeader, mdbAttrs, nil},
	{"RTM_NEWNSID", rtgenmsgHeader, nsidAttrs, nsidSummary},
	{"RTM_DELNSID", rtgenmsgHeader, nsidAttrs, nsidSummary},
	{"RTM_GETNSID", rtgenmsgHeader, nsidAttrs, nsidSummary},
	{"RTM_NEWSTATS", ifStatsMsgHeader, statsAttrs, nil},
	{"RTM_GETSTATS", ifStatsMsgHeader, statsAttrs, nil},
	{"RTM_SETSTATS", ifStatsMsgHeader, statsAttrs, nil},
	{"RTM_NEWCACHEREPORT", nil, nil, nil},
	{"RTM_NEWCHAIN", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_DELCHAIN", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_GETCHAIN", tcmsgHeader, tcAttrs, tcSummary},
	{"RTM_NEWNEXTHOP", nhmsgHeader, nexthopAttrs, nexthopSummary},
	{"RTM_DELNEXTHOP", nhmsgHeader, nexthopAttrs, nexthopSummary},
	{"RTM_GETNEXTHOP", nhmsgHeader, nexthopAttrs, nexthopSummary},
	{"RTM_NEWLINKPROP", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_DELLINKPROP", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_GETLINKPROP", ifinfomsgHeader, linkAttrs, linkSummary},
	{"RTM_NEWVLAN", brVlanMsgHeader, vlanDBAttrs, nil},
	{"RTM_DELVLAN", brVlanMsgHeader, vlanDBAttrs, nil},
	{"RTM_GETVLAN", brVlanMsgHeader, vlanDBAttrs, nil},
	{"RTM_NEWNEXTHOPBUCKET", nhmsgHeader, nexthopAttrs, nil},
	{"RTM_DELNEXTHOPBUCKET", nhmsgHeader, nexthopAttrs, nil},
	{"RTM_GETNEXTHOPBUCKET", nhmsgHeader, nexthopAttrs, nil},
	{"RTM_NEWTUNNEL", tunnelMsgHeader, nil, nil},
	{"RTM_DELTUNNEL", tunnelMsgHeader, nil, nil},
	{"RTM_GETTUNNEL", tunnelMsgHeader, nil, nil},
}

// rtnlSummaries holds the summary function of each message type.
var rtnlSummaries [256]func(d *Decoder, m *Message) string

// rtnlSummaryAttrs lists, by fixed header (which picks the summary
// function, see rtnlMessages), the top-level attribute types the summary
// reads: all that Config.Brief keeps. A header missing here keeps them
// all (netconfSummary prints every NETCONFA attribute).
var rtnlSummaryAttrs = map[*HeaderSpec]*attrMask{
	ifinfomsgHeader: maskOf(IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_MASTER, IFLA_LINKINFO),                           // linkSummary
	ifaddrmsgHeader: maskOf(IFA_ADDRESS, IFA_LOCAL),                                                                    // addrSummary
	rtmsgHeader:     maskOf(RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_MULTIPATH, RTA_TABLE, RTA_VIA),                          // routeSummary
	ndmsgHeader:     maskOf(NDA_DST, NDA_LLADDR),                                                                       // neighSummary
	fibRuleHeader:   maskOf(FRA_DST, FRA_SRC, FRA_IIFNAME, FRA_GOTO, FRA_PRIORITY, FRA_FWMARK, FRA_TABLE, FRA_OIFNAME), // ruleSummary
	tcmsgHeader:     maskOf(TCA_KIND),                                                                                  // tcSummary
	rtgenmsgHeader:  maskOf(NETNSA_NSID),                                                                               // nsidSummary
	nhmsgHeader:     maskOf(NHA_ID, NHA_GROUP, NHA_BLACKHOLE, NHA_OIF, NHA_GATEWAY),                                    // nexthopSummary
}

// rtnlKind classifies a message type by its name.
func rtnlKind(name string) MsgKind {
	op := strings.TrimPrefix(name, "RTM_")
	switch {
	case strings.HasPrefix(op, "GET"):
		return MsgGet
	case strings.HasPrefix(op, "NEW"), strings.HasPrefix(op, "SET"):
		return MsgNew
	case strings.HasPrefix(op, "DEL"):
		return MsgDel
	}
	return MsgOther
}

// selectLinkAttrs picks the IFLA set by ifi_family.
func selectLinkAttrs(fixed []Field) *AttrSet {
	switch fixed[0].Raw {
	case afBridge:
		return linkBridgeAttrs
	case afInet6:
		return linkInet6Attrs
	}
	return nil
}

// selectRouteAttrs picks the RTA set by rtm_family.
func selectRouteAttrs(fixed []Field) *AttrSet {
	if fixed[0].Raw == afMPLS {
		return routeMPLSAttrs
	}
	return nil
}

// rawField is a Field for Config.Brief: name and raw value only.
func rawField(name string, v uint64) Field { return Field{Name: name, Raw: v} }

// Config.Brief decoders of the fixed headers of the common messages (the
// fields of Decode, without their Value).
func init() {
	ifinfomsgHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("ifi_family", uint64(b[0])),
			rawField("ifi_type", uint64(order.Uint16(b[2:]))),
			rawField("ifi_index", uint64(order.Uint32(b[4:]))),
			rawField("ifi_flags", uint64(order.Uint32(b[8:]))),
			rawField("ifi_change", uint64(order.Uint32(b[12:]))),
		)
	}
	ifaddrmsgHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("ifa_family", uint64(b[0])),
			rawField("ifa_prefixlen", uint64(b[1])),
			rawField("ifa_flags", uint64(b[2])),
			rawField("ifa_scope", uint64(b[3])),
			rawField("ifa_index", uint64(order.Uint32(b[4:]))),
		)
	}
	rtmsgHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("rtm_family", uint64(b[0])),
			rawField("rtm_dst_len", uint64(b[1])),
			rawField("rtm_src_len", uint64(b[2])),
			rawField("rtm_tos", uint64(b[3])),
			rawField("rtm_table", uint64(b[4])),
			rawField("rtm_protocol", uint64(b[5])),
			rawField("rtm_scope", uint64(b[6])),
			rawField("rtm_type", uint64(b[7])),
			rawField("rtm_flags", uint64(order.Uint32(b[8:]))),
		)
	}
	tcmsgHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("tcm_family", uint64(b[0])),
			rawField("tcm_ifindex", uint64(order.Uint32(b[4:]))),
			rawField("tcm_handle", uint64(order.Uint32(b[8:]))),
			rawField("tcm_parent", uint64(order.Uint32(b[12:]))),
			rawField("tcm_info", uint64(order.Uint32(b[16:]))),
		)
	}
	fibRuleHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("family", uint64(b[0])),
			rawField("dst_len", uint64(b[1])),
			rawField("src_len", uint64(b[2])),
			rawField("tos", uint64(b[3])),
			rawField("table", uint64(b[4])),
			rawField("action", uint64(b[7])),
			rawField("flags", uint64(order.Uint32(b[8:]))),
		)
	}
	netconfmsgHeader.raw = func(dst []Field, b []byte, _ binary.ByteOrder) []Field {
		return append(dst, rawField("ncm_family", uint64(b[0])))
	}
	nfgenmsgHeader.raw = func(dst []Field, b []byte, _ binary.ByteOrder) []Field {
		return append(dst,
			rawField("nfgen_family", uint64(b[0])),
			rawField("version", uint64(b[1])),
			rawField("res_id", uint64(binary.BigEndian.Uint16(b[2:4]))),
		)
	}
	ndmsgHeader.raw = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		return append(dst,
			rawField("ndm_family", uint64(b[0])),
			rawField("ndm_ifindex", uint64(uint32(order.Uint32(b[4:])))),
			rawField("ndm_state", uint64(order.Uint16(b[8:]))),
			rawField("ndm_flags", uint64(b[10])),
			rawField("ndm_type", uint64(b[11])),
		)
	}
}

// requestAttrs returns the MessageSpec.Variant of a message type whose
// requests (NLM_F_REQUEST) carry another attribute set than the kernel's
// answers and notifications of the same type: RTM_NEWMDB requests carry
// MDBA_SET_ENTRY where notifications carry MDBA_MDB, both type 1. The
// request's spec is ms as it is when the variant is first used, with req.
func requestAttrs(ms *MessageSpec, req *AttrSet) func(flags uint16, payload []byte) *MessageSpec {
	var (
		once sync.Once
		r    MessageSpec
	)
	return func(flags uint16, _ []byte) *MessageSpec {
		if flags&nlmFRequest == 0 {
			return nil
		}
		once.Do(func() { r, r.Attrs, r.Variant = *ms, req, nil })
		return &r
	}
}

func init() {
	msgs := make(map[uint16]*MessageSpec, len(rtnlMessages))
	for _, r := range rtnlMessages {
		v, ok := genRTM.value(r.name)
		if !ok {
			overlayErrors = append(overlayErrors, "rtnetlink: no message type "+r.name)
			continue
		}
		typ := uint16(v)
		ms := &MessageSpec{Name: r.name, Kind: rtnlKind(r.name), Header: r.header, Attrs: r.attrs}
		if ms.Kind == MsgGet && r.header != nil && r.header.Len > 1 {
			ms.ShortHeader = rtgenmsgHeader
		}
		switch r.header {
		case ifinfomsgHeader:
			ms.SelectAttrs = selectLinkAttrs
		case rtmsgHeader:
			ms.SelectAttrs = selectRouteAttrs
		}
		switch r.name {
		case "RTM_NEWMDB", "RTM_DELMDB":
			ms.Variant = requestAttrs(ms, mdbSetAttrs)
		case "RTM_GETVLAN":
			ms.Variant = requestAttrs(ms, vlanDumpAttrs)
		}
		msgs[typ] = ms
		if r.sum != nil {
			rtnlSummaries[typ] = r.sum
			// nil (all) where no list is known, as for netconf.
			ms.briefAttrs = rtnlSummaryAttrs[r.header]
		} else {
			ms.briefAttrs = &noMask
		}
	}
	registerFamily(&FamilySpec{
		Family:   nlcap.FamilyRoute,
		Messages: msgs,
		summaryD: func(d *Decoder, m *Message) string {
			if t := m.Header.Type; int(t) < len(rtnlSummaries) && rtnlSummaries[t] != nil {
				return rtnlSummaries[t](d, m)
			}
			return ""
		},
	})
}

// maxIfnames bounds the interface-name table of a Decoder.
const maxIfnames = 1 << 16

// noteIfname remembers an interface's name from a link message that is not
// a request (requests may name interfaces that do not exist).
func (d *Decoder) noteIfname(flags uint16, idx int32, name string) {
	if flags&nlmFRequest != 0 || idx <= 0 || name == "" {
		return
	}
	if len(d.ifnames) >= maxIfnames {
		clear(d.ifnames)
	}
	d.ifnames[idx] = name
}

// learnLinks remembers the interface names of the link messages of a
// NETLINK_ROUTE record (see [Decoder.Learn]).
func (d *Decoder) learnLinks(rec nlcap.Record) {
	order := rec.Order()
	for m, off, err := nlcap.NextMessage(rec.Data, 0, order); err == nil && off >= 0; m, off, err = nlcap.NextMessage(rec.Data, off, order) {
		d.noteLink(uint16(m.Header.Type), uint16(m.Header.Flags), m.Data, order)
	}
}

// noteLink remembers the interface name that a link message (type, flags,
// payload after nlmsghdr) gives its index: the first IFLA_IFNAME of an
// RTM_NEWLINK or RTM_DELLINK that is not a request, as linkSummary shows
// it. Decode calls it after each message, Learn and Track too: the three
// keep the same table.
func (d *Decoder) noteLink(typ, flags uint16, payload []byte, order binary.ByteOrder) {
	// noteIfname ignores requests: test the header before the attributes.
	if typ != rtmNewLink && typ != rtmDelLink || flags&nlmFRequest != 0 {
		return
	}
	idx, name, ok := linkName(payload, order)
	if !ok {
		return
	}
	if old, known := d.ifnames[idx]; !known || old != string(name) { // no allocation when known
		d.noteIfname(flags, idx, string(name))
	}
}

// linkName reads ifi_index and the first IFLA_IFNAME (up to its NUL) of a
// link message's payload; ok is false without them.
func linkName(payload []byte, order binary.ByteOrder) (idx int32, name []byte, ok bool) {
	if len(payload) < ifinfomsgHeader.Len {
		return 0, nil, false
	}
	idx = int32(order.Uint32(payload[4:]))
	attrs := payload[nlaAlign(ifinfomsgHeader.Len):]
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		if a.Type == IFLA_IFNAME { // the first, as linkSummary takes (findAttr)
			return idx, cBytes(a.Payload), true
		}
	}
	return idx, nil, false
}

// Summary helpers.

func orderOfMsg(m *Message) binary.ByteOrder {
	if m.Order == "be" {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// fixedRaw returns the raw value of the fixed header field called name.
func fixedRaw(m *Message, name string) (uint64, bool) {
	for i := range m.Fixed {
		if m.Fixed[i].Name == name {
			return m.Fixed[i].Raw, true
		}
	}
	return 0, false
}

// findAttr returns the first well-formed attribute of type typ.
func findAttr(attrs []Attr, typ uint16) *Attr {
	for i := range attrs {
		if attrs[i].Type == typ && attrs[i].Problem == "" {
			return &attrs[i]
		}
	}
	return nil
}

func attrU32(m *Message, a *Attr) (uint32, bool) {
	if a == nil || len(a.Data) != 4 {
		return 0, false
	}
	return orderOfMsg(m).Uint32(a.Data), true
}

func attrAddr(a *Attr) (netip.Addr, bool) {
	if a == nil {
		return netip.Addr{}, false
	}
	return netip.AddrFromSlice(a.Data)
}

// afShort names an address family as ip(8) does.
func afShort(v uint64) string {
	switch v {
	case afUnspec:
		return ""
	case afInet:
		return "inet"
	case afInet6:
		return "inet6"
	case afBridge:
		return "bridge"
	case afMPLS:
		return "mpls"
	case afPacket:
		return "packet"
	case RTNL_FAMILY_IPMR:
		return "ipmr"
	case RTNL_FAMILY_IP6MR:
		return "ip6mr"
	}
	return "af " + strconv.FormatUint(v, 10)
}

// words builds a summary: space-separated words in one buffer.
type words struct {
	b []byte
	d *Decoder // nil: String allocates
}

// newWords returns a builder on d's scratch buffer (summaries do not nest;
// String copies the result out).
func newWords(d *Decoder) words {
	if d == nil {
		return words{b: make([]byte, 0, 96)}
	}
	if cap(d.scratch) < 128 {
		d.scratch = make([]byte, 0, 256)
	}
	return words{b: d.scratch[:0], d: d}
}

func (w *words) sep() {
	if len(w.b) > 0 {
		w.b = append(w.b, ' ')
	}
}

// add appends the non-empty words of s.
func (w *words) add(s ...string) {
	for _, x := range s {
		if x != "" {
			w.sep()
			w.b = append(w.b, x...)
		}
	}
}

// num appends "label v".
func (w *words) num(label string, v int64) {
	w.add(label)
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
}

// prefix appends "addr/len" (or "addr" when plen < 0).
func (w *words) prefix(a netip.Addr, plen int) {
	w.sep()
	w.b = a.AppendTo(w.b)
	if plen >= 0 {
		w.b = append(w.b, '/')
		w.b = strconv.AppendInt(w.b, int64(plen), 10)
	}
}

// addr appends an address (hex if it is none) with "/plen" when plen >= 0.
func (w *words) addr(b []byte, plen int) {
	if a, ok := netip.AddrFromSlice(b); ok {
		w.prefix(a, plen)
		return
	}
	w.add(hexString(b))
}

// dev appends "dev 3", with the interface's name when the decoder knows it:
// "dev 3 (d0)".
func (w *words) dev(d *Decoder, idx int64) {
	w.num("dev", idx)
	if !d.cfg.Numeric {
		if n, ok := d.ifnames[int32(idx)]; ok {
			w.b = append(w.b, " ("...)
			w.b = append(w.b, n...)
			w.b = append(w.b, ')')
		}
	}
}

func (w *words) String() string {
	if w.d == nil {
		return string(w.b)
	}
	return w.d.str(w.b)
}

// Short lower-case names as ip(8) prints them ("unicast", "static").
var (
	rtnTypeShort = shortNames(rtnTypeNames, "RTN_")
	rtProtShort  = shortNames(rtProtNames, "RTPROT_")
)

func shortNames(names map[uint64]string, prefix string) map[uint64]string {
	m := make(map[uint64]string, len(names))
	for k, v := range names {
		m[k] = strings.ToLower(strings.TrimPrefix(v, prefix))
	}
	return m
}

// isGetRequest reports a GET request (dump or single), whose header and
// attributes are a filter rather than an object.
func isGetRequest(m *Message) bool {
	return m.Header.Flags&nlmFRequest != 0 && rtnlKind(m.TypeName) == MsgGet
}

// plausibleName reports whether s reads as a name (a link kind): printable
// ASCII without spaces. Anything else is left to -v, which quotes it.
func plausibleName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return s != ""
}

// linkSummary: "ifindex 3 d0 dummy up mtu 1500 addr 02:00:00:00:00:01".
func linkSummary(d *Decoder, m *Message) string {
	w := newWords(d)
	idx, _ := fixedRaw(m, "ifi_index")
	flags, _ := fixedRaw(m, "ifi_flags")
	change, _ := fixedRaw(m, "ifi_change")
	fam, _ := fixedRaw(m, "ifi_family")
	ifindex := int64(int32(uint32(idx)))
	name := ""
	if a := findAttr(m.Attrs, IFLA_IFNAME); a != nil {
		// The name the decoder knows for the index, when it is the same:
		// no allocation.
		if n, ok := d.ifnames[int32(ifindex)]; ok && n == string(cBytes(a.Data)) {
			name = n
		} else {
			name = cString(a.Data)
		}
	}
	// The decoder notes the name after the summary (noteLink): a summary
	// only reads the table for a message without a name.
	if ifindex != 0 {
		w.num("ifindex", ifindex)
	}
	w.add(name)
	if n, ok := d.ifnames[int32(ifindex)]; ok && name == "" && ifindex > 0 && !d.cfg.Numeric {
		w.add("(" + n + ")")
	}
	if li := findAttr(m.Attrs, IFLA_LINKINFO); li != nil { // IFLA_LINKINFO > IFLA_INFO_KIND, from the bytes (Config.Brief has no children)
		order := orderOfMsg(m)
		for a, next := NextAttr(li.Data, 0, order); next >= 0; a, next = NextAttr(li.Data, next, order) {
			if k := cString(a.Payload); a.Type == IFLA_INFO_KIND && plausibleName(k) {
				w.add(k)
			}
		}
	}
	if fam != afUnspec {
		w.add(afShort(fam))
	}
	if m.Fixed == nil {
		return w.String()
	}
	request := m.Header.Flags&nlmFRequest != 0
	switch {
	case request && change&iffUp != 0, !request && m.Header.Type != rtmDelLink:
		if flags&iffUp != 0 {
			w.add("up")
		} else {
			w.add("down")
		}
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, IFLA_MTU)); ok {
		w.num("mtu", int64(v))
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, IFLA_MASTER)); ok && v != 0 {
		w.num("master", int64(v))
	}
	if a := findAttr(m.Attrs, IFLA_ADDRESS); a != nil && !allZero(a.Data) {
		w.add("addr")
		w.sep()
		w.b = appendLLAddr(w.b, a.Data)
	}
	return w.String()
}

// addrSummary: "192.0.2.1/24 dev 3 (d0)".
func addrSummary(d *Decoder, m *Message) string {
	w := newWords(d)
	fam, _ := fixedRaw(m, "ifa_family")
	plen, _ := fixedRaw(m, "ifa_prefixlen")
	idx, _ := fixedRaw(m, "ifa_index")
	local, okL := attrAddr(findAttr(m.Attrs, IFA_LOCAL))
	addr, okA := attrAddr(findAttr(m.Attrs, IFA_ADDRESS))
	switch {
	case okL && okA && local != addr:
		w.prefix(local, -1)
		w.add("peer")
		w.prefix(addr, int(plen))
	case okL:
		w.prefix(local, int(plen))
	case okA:
		w.prefix(addr, int(plen))
	default:
		w.add(afShort(fam))
	}
	if idx != 0 {
		w.dev(d, int64(idx))
	}
	return w.String()
}

// routeSummary: "198.51.100.0/24 via 192.0.2.254 dev 3 table main proto static".
func routeSummary(d *Decoder, m *Message) string {
	if m.Fixed == nil {
		return ""
	}
	w := newWords(d)
	fam, _ := fixedRaw(m, "rtm_family")
	dlen, _ := fixedRaw(m, "rtm_dst_len")
	typ, _ := fixedRaw(m, "rtm_type")
	table, _ := fixedRaw(m, "rtm_table")
	proto, _ := fixedRaw(m, "rtm_protocol")
	get := isGetRequest(m)
	if typ != 1 && typ != 0 { // not RTN_UNICAST
		w.add(enumName(rtnTypeShort, typ))
	}
	if a := findAttr(m.Attrs, RTA_DST); a != nil {
		if fam == afMPLS {
			w.add(mplsLabels(a.Data, nil))
		} else {
			w.addr(a.Data, int(dlen))
		}
	} else if !get && dlen == 0 {
		w.add("default")
	}
	if fam != afInet && fam != afInet6 && fam != afUnspec {
		w.add(afShort(fam))
	}
	if a := findAttr(m.Attrs, RTA_GATEWAY); a != nil {
		w.add("via")
		w.addr(a.Data, -1)
	} else if a := findAttr(m.Attrs, RTA_VIA); a != nil {
		w.add("via", rtvia(a.Data, orderOfMsg(m)))
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, RTA_OIF)); ok {
		w.dev(d, int64(v))
	}
	if mp := findAttr(m.Attrs, RTA_MULTIPATH); mp != nil {
		w.num("nexthops", int64(countNexthops(mp.Data, orderOfMsg(m))))
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, RTA_TABLE)); ok {
		table = uint64(v)
	}
	if table != 0 {
		t := strconv.FormatUint(table, 10)
		if n, ok := rtTableShort[table]; ok {
			t = n
		}
		w.add("table", t)
	}
	if proto != 0 {
		w.add("proto", enumName(rtProtShort, proto))
	}
	return w.String()
}

// neighSummary: "192.0.2.9 lladdr 02:00:00:00:00:09 dev 3 REACHABLE".
func neighSummary(d *Decoder, m *Message) string {
	if m.Fixed == nil {
		return ""
	}
	w := newWords(d)
	fam, _ := fixedRaw(m, "ndm_family")
	idx, _ := fixedRaw(m, "ndm_ifindex")
	state, _ := fixedRaw(m, "ndm_state")
	if a := findAttr(m.Attrs, NDA_DST); a != nil {
		w.addr(a.Data, -1)
	} else if fam != afInet && fam != afInet6 {
		w.add(afShort(fam))
	}
	if a := findAttr(m.Attrs, NDA_LLADDR); a != nil {
		w.add("lladdr", llAddr(a.Data))
	}
	if i := int64(int32(uint32(idx))); i != 0 {
		w.dev(d, i)
	}
	if state != 0 {
		s := flagString(state, nudNames)
		w.add(strings.ReplaceAll(s, "NUD_", ""))
	}
	return w.String()
}

// netconfSummary: "inet dev 3 (d0) forwarding 1 rp_filter 2" (other
// NETCONFA values only when not zero).
func netconfSummary(d *Decoder, m *Message) string {
	w := newWords(d)
	fam, _ := fixedRaw(m, "ncm_family")
	w.add(afShort(fam))
	for i := range m.Attrs {
		a := &m.Attrs[i]
		if a.Problem != "" || len(a.Data) != 4 {
			continue
		}
		v := int32(orderOfMsg(m).Uint32(a.Data))
		switch a.Type {
		case NETCONFA_IFINDEX:
			switch v {
			case -1:
				w.add("all")
			case -2:
				w.add("default")
			default:
				w.dev(d, int64(v))
			}
		case NETCONFA_FORWARDING, NETCONFA_RP_FILTER: // always
			w.num(strings.ToLower(strings.TrimPrefix(a.Name, "NETCONFA_")), int64(v))
		default: // the others when set, to keep the line short
			if a.Name != "" && v != 0 {
				w.num(strings.ToLower(strings.TrimPrefix(a.Name, "NETCONFA_")), int64(v))
			}
		}
	}
	return w.String()
}

// tcSummary: "noqueue dev 3 (d0) handle 0: root".
func tcSummary(d *Decoder, m *Message) string {
	if m.Fixed == nil || len(m.Fixed) < 4 {
		return ""
	}
	w := newWords(d)
	if a := findAttr(m.Attrs, TCA_KIND); a != nil {
		w.add(cString(a.Data))
	}
	if idx := int64(int32(uint32(m.Fixed[1].Raw))); idx != 0 {
		w.dev(d, idx)
	}
	if m.Fixed[2].Raw != 0 {
		w.add("handle", tcHandle(uint32(m.Fixed[2].Raw)))
	}
	if p := m.Fixed[3].Raw; p != 0 {
		if p == 0xFFFFFFFF || p == 0xFFFFFFF1 {
			w.add(tcHandle(uint32(p)))
		} else {
			w.add("parent", tcHandle(uint32(p)))
		}
	}
	return w.String()
}

// nsidSummary: "nsid 1".
func nsidSummary(_ *Decoder, m *Message) string {
	if a := findAttr(m.Attrs, NETNSA_NSID); a != nil {
		if len(a.Data) == 4 {
			return "nsid " + strconv.FormatInt(int64(int32(orderOfMsg(m).Uint32(a.Data))), 10)
		}
	}
	return ""
}

// nexthopSummary: "id 9 via 10.0.0.1 dev 2".
func nexthopSummary(d *Decoder, m *Message) string {
	w := newWords(d)
	if a := findAttr(m.Attrs, NHA_ID); a != nil {
		if v, ok := attrU32(m, a); ok {
			w.num("id", int64(v))
		}
	}
	if a := findAttr(m.Attrs, NHA_GROUP); a != nil {
		w.add("group")
	}
	if a := findAttr(m.Attrs, NHA_GATEWAY); a != nil {
		w.add("via")
		w.addr(a.Data, -1)
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, NHA_OIF)); ok {
		w.dev(d, int64(v))
	}
	if findAttr(m.Attrs, NHA_BLACKHOLE) != nil {
		w.add("blackhole")
	}
	return w.String()
}

// ruleSummary: "pref 32766 from all lookup main", as ip-rule(8) lists rules.
func ruleSummary(d *Decoder, m *Message) string {
	if len(m.Fixed) < 6 {
		return ""
	}
	w := newWords(d)
	if a := findAttr(m.Attrs, FRA_PRIORITY); a != nil {
		if v, ok := attrU32(m, a); ok {
			w.num("pref", int64(v))
		}
	}
	get := isGetRequest(m)
	srcLen, dstLen := int(m.Fixed[2].Raw), int(m.Fixed[1].Raw)
	if a, ok := attrAddr(findAttr(m.Attrs, FRA_SRC)); ok {
		w.add("from")
		w.prefix(a, srcLen)
	} else if !get {
		w.add("from", "all")
	}
	if a, ok := attrAddr(findAttr(m.Attrs, FRA_DST)); ok {
		w.add("to")
		w.prefix(a, dstLen)
	}
	if a := findAttr(m.Attrs, FRA_IIFNAME); a != nil {
		w.add("iif", cString(a.Data))
	}
	if a := findAttr(m.Attrs, FRA_OIFNAME); a != nil {
		w.add("oif", cString(a.Data))
	}
	if v, ok := attrU32(m, findAttr(m.Attrs, FRA_FWMARK)); ok {
		w.add("fwmark", "0x"+strconv.FormatUint(uint64(v), 16))
	}
	table := m.Fixed[4].Raw
	if v, ok := attrU32(m, findAttr(m.Attrs, FRA_TABLE)); ok {
		table = uint64(v)
	}
	switch m.Fixed[5].Raw { // action
	case FR_ACT_TO_TBL:
		t := strconv.FormatUint(table, 10)
		if n, ok := rtTableShort[table]; ok {
			t = n
		}
		w.add("lookup", t)
	case FR_ACT_GOTO:
		if a := findAttr(m.Attrs, FRA_GOTO); a != nil {
			if v, ok := attrU32(m, a); ok {
				w.num("goto", int64(v))
			}
		}
	case FR_ACT_BLACKHOLE:
		w.add("blackhole")
	case FR_ACT_UNREACHABLE:
		w.add("unreachable")
	case FR_ACT_PROHIBIT:
		w.add("prohibit")
	}
	return w.String()
}

// countNexthops counts the struct rtnexthop entries of RTA_MULTIPATH, up to
// the first malformed one.
func countNexthops(b []byte, order binary.ByteOrder) int {
	n := 0
	for off := 0; len(b)-off >= 8; n++ {
		l := int(order.Uint16(b[off:]))
		if l < 8 || l > len(b)-off {
			break
		}
		off += nlaAlign(l)
	}
	return n
}
