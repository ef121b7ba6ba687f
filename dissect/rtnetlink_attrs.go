package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// Attribute sets of NETLINK_ROUTE, from the kernel UAPI headers
// include/uapi/linux/{if_link.h,if_addr.h,rtnetlink.h,neighbour.h,netconf.h,
// nexthop.h,net_namespace.h,if_bridge.h,veth.h}. Numbers are the enum
// positions there; attributes newer than linux 6.1 say so.

// uintAny prints an unsigned integer of 1, 2, 4 or 8 bytes (the "uint"
// netlink type, and attributes whose width changed between kernels).
func uintAny(b []byte, order binary.ByteOrder) string {
	switch len(b) {
	case 1:
		return strconv.FormatUint(uint64(b[0]), 10)
	case 2:
		return strconv.FormatUint(uint64(order.Uint16(b)), 10)
	case 4:
		return strconv.FormatUint(uint64(order.Uint32(b)), 10)
	case 8:
		return strconv.FormatUint(order.Uint64(b), 10)
	}
	return hexString(b)
}

// u32Fields and u64Fields build struct decoders for structs of integers of
// one width. Trailing members missing from an older kernel's struct are
// left out; members added by a newer kernel are named by their index.
func u32Fields(name string, names []string) *HeaderSpec {
	return intStruct(name, 4, names)
}

func u64Fields(name string, names []string) *HeaderSpec {
	return intStruct(name, 8, names)
}

// lifetimeForever is INFINITY_LIFE_TIME (net/ipv4/devinet.c, addrconf.c):
// an address lifetime that never expires.
const lifetimeForever = 0xffffffff

// lifetimes makes the first n u32 fields of h lifetimes in seconds, whose
// INFINITY_LIFE_TIME reads "forever" (as ip address shows valid_lft).
func lifetimes(h *HeaderSpec, n int) *HeaderSpec {
	appendTo := h.appendTo
	h.appendTo = func(fs []Field, b []byte, order binary.ByteOrder) []Field {
		start := len(fs)
		fs = appendTo(fs, b, order)
		for i := start; i < len(fs) && i < start+n; i++ {
			if fs[i].Raw == lifetimeForever {
				fs[i].Value = "forever"
			}
		}
		return fs
	}
	return h
}

func intStruct(name string, width int, names []string) *HeaderSpec {
	h := &HeaderSpec{Name: name, Len: width}
	h.count = func(b []byte) int { return len(b) / width }
	h.appendTo = func(fs []Field, b []byte, order binary.ByteOrder) []Field {
		n := len(b) / width
		read := func(i int) uint64 {
			if width == 8 {
				return order.Uint64(b[i*8:])
			}
			return uint64(order.Uint32(b[i*4:]))
		}
		// The values' digits share one buffer of the exact size (one
		// allocation, not one per value); it is never written again once
		// the strings exist.
		size := 0
		for i := range n {
			size += decimalLen(read(i))
		}
		digits := make([]byte, 0, size)
		for i := range n {
			v := read(i)
			f := Field{Raw: v}
			if i < len(names) {
				f.Name = names[i]
			} else {
				f.Name = indexName(i)
			}
			start := len(digits)
			digits = strconv.AppendUint(digits, v, 10)
			f.Value = ownedString(digits[start:len(digits):len(digits)])
			fs = append(fs, f)
		}
		return fs
	}
	h.Decode = func(b []byte, order binary.ByteOrder) []Field {
		return h.appendTo(make([]Field, 0, h.count(b)), b, order)
	}
	return h
}

// struct rtnl_link_stats64 (struct rtnl_link_stats has the same members,
// 32 bits wide).
var linkStatsNames = []string{
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
	"rx_dropped", "tx_dropped", "multicast", "collisions",
	"rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors", "rx_missed_errors",
	"tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors", "tx_heartbeat_errors", "tx_window_errors",
	"rx_compressed", "tx_compressed", "rx_nohandler", "rx_otherhost_dropped",
}

var (
	linkStats64Struct = u64Fields("rtnl_link_stats64", linkStatsNames)
	linkStatsStruct   = u32Fields("rtnl_link_stats", linkStatsNames)
	// struct ifla_cacheinfo
	iflaCacheinfoStruct = u32Fields("ifla_cacheinfo", []string{"max_reasm_len", "tstamp", "reachable_time", "retrans_time"})
	// struct ifa_cacheinfo
	ifaCacheinfoStruct = lifetimes(u32Fields("ifa_cacheinfo", []string{"ifa_prefered", "ifa_valid", "cstamp", "tstamp"}), 2)
	// struct nda_cacheinfo
	ndaCacheinfoStruct = u32Fields("nda_cacheinfo", []string{"ndm_confirmed", "ndm_used", "ndm_updated", "ndm_refcnt"})
	// struct rta_cacheinfo
	rtaCacheinfoStruct = u32Fields("rta_cacheinfo", []string{"rta_clntref", "rta_lastuse", "rta_expires", "rta_error", "rta_used", "rta_id", "rta_ts", "rta_tsage"})
	// struct rta_mfc_stats
	rtaMfcStatsStruct = u64Fields("rta_mfc_stats", []string{"mfcs_packets", "mfcs_bytes", "mfcs_wrong_if"})
	// struct ifla_vlan_flags
	vlanFlagsStruct = &HeaderSpec{Name: "ifla_vlan_flags", Len: 8, Decode: func(b []byte, order binary.ByteOrder) []Field {
		f, m := uint64(order.Uint32(b)), uint64(order.Uint32(b[4:]))
		return []Field{
			{Name: "flags", Value: flagString(f, vlanFlagNames), Raw: f},
			{Name: "mask", Value: flagString(m, vlanFlagNames), Raw: m},
		}
	}}
	// struct ifla_vlan_qos_mapping
	vlanQosStruct = u32Fields("ifla_vlan_qos_mapping", []string{"from", "to"})
	// struct ifla_vxlan_port_range { __be16 low; __be16 high; }
	vxlanPortRangeStruct = &HeaderSpec{Name: "ifla_vxlan_port_range", Len: 4, Decode: func(b []byte, _ binary.ByteOrder) []Field {
		lo, hi := uint64(binary.BigEndian.Uint16(b)), uint64(binary.BigEndian.Uint16(b[2:]))
		return []Field{{Name: "low", Value: strconv.FormatUint(lo, 10), Raw: lo}, {Name: "high", Value: strconv.FormatUint(hi, 10), Raw: hi}}
	}}
	// struct bridge_vlan_info { __u16 flags; __u16 vid; }
	bridgeVlanInfoStruct = &HeaderSpec{Name: "bridge_vlan_info", Len: 4, Decode: func(b []byte, order binary.ByteOrder) []Field {
		f, v := uint64(order.Uint16(b)), uint64(order.Uint16(b[2:]))
		return []Field{{Name: "flags", Value: flagString(f, bridgeVlanInfoFlags), Raw: f}, {Name: "vid", Value: strconv.FormatUint(v, 10), Raw: v}}
	}}
	// struct rtnl_link_ifmap
	linkIfmapStruct = &HeaderSpec{Name: "rtnl_link_ifmap", Len: 28, Decode: func(b []byte, order binary.ByteOrder) []Field {
		u := func(name string, v uint64) Field { return Field{Name: name, Value: strconv.FormatUint(v, 10), Raw: v} }
		return []Field{
			u("mem_start", order.Uint64(b)), u("mem_end", order.Uint64(b[8:])), u("base_addr", order.Uint64(b[16:])),
			u("irq", uint64(order.Uint16(b[24:]))), u("dma", uint64(b[26])), u("port", uint64(b[27])),
		}
	}}
	// struct br_boolopt_multi { __u32 optval; __u32 optmask; }
	brBooloptStruct = u32Fields("br_boolopt_multi", []string{"optval", "optmask"})
	// struct gnet_stats_basic { __u64 bytes; __u32 packets; }
	gnetStatsBasicStruct = &HeaderSpec{Name: "gnet_stats_basic", Len: 12, Decode: func(b []byte, order binary.ByteOrder) []Field {
		by, p := order.Uint64(b), uint64(order.Uint32(b[8:]))
		return []Field{{Name: "bytes", Value: strconv.FormatUint(by, 10), Raw: by}, {Name: "packets", Value: strconv.FormatUint(p, 10), Raw: p}}
	}}
	// struct gnet_stats_queue
	gnetStatsQueueStruct = u32Fields("gnet_stats_queue", []string{"qlen", "backlog", "drops", "requeues", "overlimits"})
	// struct gnet_stats_rate_est { __u32 bps; __u32 pps; }
	gnetStatsRateEstStruct = u32Fields("gnet_stats_rate_est", []string{"bps", "pps"})
)

// struct rtnexthop, the entries of RTA_MULTIPATH:
//
//	struct rtnexthop {
//		unsigned short		rtnh_len;
//		unsigned char		rtnh_flags;
//		unsigned char		rtnh_hops;
//		int			rtnh_ifindex;
//	};
var rtnexthopStruct = &HeaderSpec{Name: "rtnexthop", Len: 8, Tagged: []TaggedField{{Name: "rtnh_ifindex", Offset: 4, Size: 4, Tags: TagIfindex}}, Decode: func(b []byte, order binary.ByteOrder) []Field {
	l, fl, hops, idx := uint64(order.Uint16(b)), uint64(b[2]), uint64(b[3]), int32(order.Uint32(b[4:]))
	return []Field{
		{Name: "rtnh_len", Value: strconv.FormatUint(l, 10), Raw: l},
		{Name: "rtnh_flags", Value: flagString(fl, rtnhFlagNames), Raw: fl},
		{Name: "rtnh_hops", Value: strconv.FormatUint(hops, 10), Raw: hops},
		{Name: "rtnh_ifindex", Value: strconv.FormatInt(int64(idx), 10), Raw: uint64(uint32(idx))},
	}
}}

func rtnexthopLen(b []byte, order binary.ByteOrder) int { return int(order.Uint16(b)) }

// rtvia prints struct rtvia { __kernel_sa_family_t rtvia_family; __u8 rtvia_addr[]; }.
func rtvia(b []byte, order binary.ByteOrder) string {
	if len(b) < 2 {
		return hexString(b)
	}
	fam := order.Uint16(b)
	addr := b[2:]
	name := enumName(rtnlAFNames, uint64(fam))
	if a, ok := netip.AddrFromSlice(addr); ok && (fam == afInet || fam == afInet6) {
		return name + " " + a.String()
	}
	if fam == afPacket {
		return name + " " + llAddr(addr)
	}
	return name + " " + hexString(addr)
}

// mplsLabels prints an MPLS label stack (RTA_DST and RTA_NEWDST of AF_MPLS
// routes): 32-bit big-endian entries, label in the top 20 bits.
func mplsLabels(b []byte, _ binary.ByteOrder) string {
	if len(b) == 0 || len(b)%4 != 0 {
		return hexString(b)
	}
	parts := make([]string, 0, len(b)/4)
	for i := 0; i < len(b); i += 4 {
		parts = append(parts, strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[i:])>>12), 10))
	}
	return strings.Join(parts, "/")
}

// bridgeID prints struct ifla_bridge_id { __u8 prio[2]; __u8 addr[6]; } as
// "8000.02:00:00:00:00:01".
func bridgeID(b []byte, _ binary.ByteOrder) string {
	if len(b) != 8 {
		return hexString(b)
	}
	return hexString(b[:2]) + "." + llAddr(b[2:])
}

// devconfValues prints a devconf array (IFLA_INET_CONF, IFLA_INET6_CONF):
// the members that are not zero, named by their index into names.
func devconfValues(names []string) func(b []byte, order binary.ByteOrder) string {
	return func(b []byte, order binary.ByteOrder) string {
		if len(b)%4 != 0 {
			return hexString(b)
		}
		// Sized exactly: the arrays are long and mostly zero.
		size := 0
		for i := 0; i+4 <= len(b); i += 4 {
			if v := int32(order.Uint32(b[i:])); v != 0 {
				size += 2 + decimalLen(uint64(max(v, -v))) // ' ', '=', digits (and '-' below)
				if v < 0 {
					size++
				}
				if n := i / 4; n < len(names) {
					size += len(names[n])
				} else {
					size += 2 + decimalLen(uint64(n))
				}
			}
		}
		out := make([]byte, 0, size)
		for i := 0; i+4 <= len(b); i += 4 {
			v := int32(order.Uint32(b[i:]))
			if v == 0 {
				continue
			}
			if len(out) > 0 {
				out = append(out, ' ')
			}
			if n := i / 4; n < len(names) {
				out = append(out, names[n]...)
			} else {
				out = append(out, '[')
				out = strconv.AppendInt(out, int64(n), 10)
				out = append(out, ']')
			}
			out = append(out, '=')
			out = strconv.AppendInt(out, int64(v), 10)
		}
		return ownedString(out)
	}
}

// u64Array prints an array of u64 counters (IFLA_INET6_STATS...): the
// non-zero ones as "[i]=v".
func u64Array(b []byte, order binary.ByteOrder) string {
	if len(b)%8 != 0 {
		return hexString(b)
	}
	var out []byte
	for i := 0; i+8 <= len(b); i += 8 {
		if v := order.Uint64(b[i:]); v != 0 {
			if len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, indexName(i/8)...)
			out = append(out, '=')
			out = strconv.AppendUint(out, v, 10)
		}
	}
	return ownedString(out)
}

// tcHandle prints a traffic control handle as tc(8) does: "ffff:", "1:a",
// "root", "ingress".
func tcHandle(v uint32) string {
	switch v {
	case 0xFFFFFFFF:
		return "root" // TC_H_ROOT
	case 0xFFFFFFF1:
		return "ingress" // TC_H_INGRESS (clsact: TC_H_CLSACT is the same value)
	case 0:
		return "0"
	}
	maj, mn := v>>16, v&0xffff
	s := strconv.FormatUint(uint64(maj), 16) + ":"
	if mn != 0 {
		s += strconv.FormatUint(uint64(mn), 16)
	}
	return s
}

// enum IPV4_DEVCONF_* (include/uapi/linux/ip.h), 1-based: array index i is
// IPV4_DEVCONF_* value i+1.
var ipv4DevconfNames = []string{
	"forwarding", "mc_forwarding", "proxy_arp", "accept_redirects", "secure_redirects", "send_redirects",
	"shared_media", "rp_filter", "accept_source_route", "bootp_relay", "log_martians", "tag", "arpfilter",
	"medium_id", "noxfrm", "nopolicy", "force_igmp_version", "arp_announce", "arp_ignore",
	"promote_secondaries", "arp_accept", "arp_notify", "accept_local", "src_vmark", "proxy_arp_pvlan",
	"route_localnet", "igmpv2_unsolicited_report_interval", "igmpv3_unsolicited_report_interval",
	"ignore_routes_with_linkdown", "drop_unicast_in_l2_multicast", "drop_gratuitous_arp", "bc_forwarding",
	"arp_evict_nocarrier",
}

// enum DEVCONF_* (include/uapi/linux/ipv6.h), 0-based.
var ipv6DevconfNames = []string{
	"forwarding", "hoplimit", "mtu6", "accept_ra", "accept_redirects", "autoconf", "dad_transmits",
	"rtr_solicits", "rtr_solicit_interval", "rtr_solicit_delay", "use_tempaddr", "temp_valid_lft",
	"temp_prefered_lft", "regen_max_retry", "max_desync_factor", "max_addresses", "force_mld_version",
	"accept_ra_defrtr", "accept_ra_pinfo", "accept_ra_rtr_pref", "rtr_probe_interval",
	"accept_ra_rt_info_max_plen", "proxy_ndp", "optimistic_dad", "accept_source_route", "mc_forwarding",
	"disable_ipv6", "accept_dad", "force_tllao", "ndisc_notify", "mldv1_unsolicited_report_interval",
	"mldv2_unsolicited_report_interval", "suppress_frag_ndisc", "accept_ra_from_local", "use_optimistic",
	"accept_ra_mtu", "stable_secret", "use_oif_addrs_only", "accept_ra_min_hop_limit",
	"ignore_routes_with_linkdown", "drop_unicast_in_l2_multicast", "drop_unsolicited_na", "keep_addr_on_down",
	"rtr_solicit_max_interval", "seg6_enabled", "seg6_require_hmac", "enhanced_dad", "addr_gen_mode",
	"disable_policy", "accept_ra_rt_info_min_plen", "ndisc_tclass", "rpl_seg_enabled", "ra_defrtr_metric",
	"ioam6_enabled", "ioam6_id", "ioam6_id_wide", "ndisc_evict_nocarrier", "accept_untracked_na",
}

// Names of the enums and flags of link attributes, generated from the
// UAPI headers.
var (
	vlanFlagNames           = genVLAN_FLAG.names()
	bridgeVlanInfoFlags     = genBRIDGE_VLAN_INFO.names()
	macvlanModeNames        = genMACVLAN_MODE.names()
	macvlanMacaddrModeNames = genMACVLAN_MACADDR.names()
	macvlanFlagNames        = genMACVLAN_FLAG.names()
	ipvlanModeNames         = genIPVLAN_MODE.names()
	ipvlanFlagNames         = genIPVLAN_F.names()
	in6AddrGenModeNames     = genIN6_ADDR_GEN_MODE.names()
	// IFLA_INET6_FLAGS bits (include/net/if_inet6.h, not UAPI).
	inet6FlagNames = map[uint64]string{
		0x10: "IF_RS_SENT", 0x20: "IF_RA_RCVD", 0x40: "IF_RA_MANAGED", 0x80: "IF_RA_OTHERCONF", 0x80000000: "IF_READY",
	}
	xdpAttachedNames      = genXDP_ATTACHED.names()
	xdpFlagNames          = genXDP_FLAGS.names()
	iflaEventNames        = genIFLA_EVENT.names()
	bridgeFlagsNames      = genBRIDGE_FLAGS.names()
	bridgeModeNames       = genBRIDGE_MODE.names()
	brStateNames          = genBR_STATE.names()
	icmpv6RouterPrefNames = genICMPV6_ROUTER_PREF.names()
	rtaxFeatureNames      = genRTAX_FEATURE.names(uapiConst{"RTAX_FEATURE_TCP_USEC_TS", 1 << 4}) // linux 6.7
	ipProtoNames          = genIPPROTO.names(genIPPROTO_V6...)
	nexthopGrpTypeNames   = genNEXTHOP_GRP_TYPE.names()
	netconfIfindexNames   = genNETCONFA_IFINDEX.names()
)

// attrSet names a map of attribute specs; the short constructors below
// (u8, u32a, strA, nest...) build the specs.
func attrSet(name string, attrs map[uint16]*AttrSpec) *AttrSet {
	return &AttrSet{Name: name, Attrs: attrs}
}

func u8(name string) *AttrSpec   { return &AttrSpec{Name: name, Kind: KindU8} }
func u16a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindU16} }
func u32a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindU32} }
func u64a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindU64} }
func s32a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindS32} }
func strA(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindString} }
func flagA(name string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindFlag}
}
func binA(name string) *AttrSpec    { return &AttrSpec{Name: name, Kind: KindBinary} }
func addrA(name string) *AttrSpec   { return &AttrSpec{Name: name, Kind: KindAddr} }
func llA(name string) *AttrSpec     { return &AttrSpec{Name: name, Kind: KindLLAddr} }
func uintA(name string) *AttrSpec   { return &AttrSpec{Name: name, Kind: KindCustom, Format: uintAny} }
func be16a(name string) *AttrSpec   { return &AttrSpec{Name: name, Kind: KindBE16} }
func rawNest(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindNested} }
func nest(name string, set *AttrSet) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindNested, Nested: set}
}
func structA(name string, h *HeaderSpec) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindStruct, Struct: h}
}
func enumA(name string, k ValueKind, names map[uint64]string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: k, Enum: names}
}
func flagsA(name string, k ValueKind, names map[uint64]string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: k, Flags: names}
}
func customA(name string, f func([]byte, binary.ByteOrder) string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindCustom, Format: f}
}

// IFLA_INFO_DATA sets, chosen by IFLA_INFO_KIND.
var (
	vlanQosAttrs = genSet("IFLA_VLAN_QOS", genIFLA_VLAN_QOS,
		structA("IFLA_VLAN_QOS_MAPPING", vlanQosStruct),
	)
	vlanAttrs = genSet("IFLA_VLAN", genIFLA_VLAN,
		u16a("IFLA_VLAN_ID"),
		structA("IFLA_VLAN_FLAGS", vlanFlagsStruct),
		nest("IFLA_VLAN_EGRESS_QOS", vlanQosAttrs),
		nest("IFLA_VLAN_INGRESS_QOS", vlanQosAttrs),
		enumA("IFLA_VLAN_PROTOCOL", KindBE16, ethPNames),
	)
	macvlanAttrs = genSet("IFLA_MACVLAN", genIFLA_MACVLAN,
		enumA("IFLA_MACVLAN_MODE", KindU32, macvlanModeNames),
		flagsA("IFLA_MACVLAN_FLAGS", KindU16, macvlanFlagNames),
		enumA("IFLA_MACVLAN_MACADDR_MODE", KindU32, macvlanMacaddrModeNames),
		llA("IFLA_MACVLAN_MACADDR"),
		nest("IFLA_MACVLAN_MACADDR_DATA", pickSet("IFLA_MACVLAN", genIFLA_MACVLAN, llA("IFLA_MACVLAN_MACADDR"))),
		u32a("IFLA_MACVLAN_MACADDR_COUNT"),
		u32a("IFLA_MACVLAN_BC_QUEUE_LEN"),
		u32a("IFLA_MACVLAN_BC_QUEUE_LEN_USED"),
		newer(9, "6.4", s32a("IFLA_MACVLAN_BC_CUTOFF")),
	)
	ipvlanAttrs = genSet("IFLA_IPVLAN", genIFLA_IPVLAN,
		enumA("IFLA_IPVLAN_MODE", KindU16, ipvlanModeNames),
		flagsA("IFLA_IPVLAN_FLAGS", KindU16, ipvlanFlagNames),
	)
	vxlanAttrs = genSet("IFLA_VXLAN", genIFLA_VXLAN,
		u32a("IFLA_VXLAN_ID"),
		addrA("IFLA_VXLAN_GROUP"),
		u32a("IFLA_VXLAN_LINK").tag(TagIfindex),
		addrA("IFLA_VXLAN_LOCAL"),
		u8("IFLA_VXLAN_TTL"),
		u8("IFLA_VXLAN_TOS"),
		u8("IFLA_VXLAN_LEARNING"),
		u32a("IFLA_VXLAN_AGEING"),
		u32a("IFLA_VXLAN_LIMIT"),
		structA("IFLA_VXLAN_PORT_RANGE", vxlanPortRangeStruct),
		u8("IFLA_VXLAN_PROXY"),
		u8("IFLA_VXLAN_RSC"),
		u8("IFLA_VXLAN_L2MISS"),
		u8("IFLA_VXLAN_L3MISS"),
		be16a("IFLA_VXLAN_PORT"),
		addrA("IFLA_VXLAN_GROUP6"),
		addrA("IFLA_VXLAN_LOCAL6"),
		u8("IFLA_VXLAN_UDP_CSUM"),
		u8("IFLA_VXLAN_UDP_ZERO_CSUM6_TX"),
		u8("IFLA_VXLAN_UDP_ZERO_CSUM6_RX"),
		u8("IFLA_VXLAN_REMCSUM_TX"),
		u8("IFLA_VXLAN_REMCSUM_RX"),
		flagA("IFLA_VXLAN_GBP"),
		flagA("IFLA_VXLAN_REMCSUM_NOPARTIAL"),
		u8("IFLA_VXLAN_COLLECT_METADATA"),
		&AttrSpec{Name: "IFLA_VXLAN_LABEL", Kind: KindBE32},
		flagA("IFLA_VXLAN_GPE"),
		// A flag in requests (vxlan_policy: NLA_FLAG), a u8 0 or 1 in
		// answers (vxlan_fill_info: nla_put_u8(skb,
		// IFLA_VXLAN_TTL_INHERIT, !!(vxlan->cfg.flags & VXLAN_F_TTL_INHERIT))).
		uintA("IFLA_VXLAN_TTL_INHERIT"),
		u8("IFLA_VXLAN_DF"),
		u8("IFLA_VXLAN_VNIFILTER"),
		newer(31, "6.7", u8("IFLA_VXLAN_LOCALBYPASS")),
		newer(32, "6.11", u32a("IFLA_VXLAN_LABEL_POLICY")),
		newer(33, "6.12", binA("IFLA_VXLAN_RESERVED_BITS")),
	)
	bridgeAttrs = genSet("IFLA_BR", genIFLA_BR,
		u32a("IFLA_BR_FORWARD_DELAY"),
		u32a("IFLA_BR_HELLO_TIME"),
		u32a("IFLA_BR_MAX_AGE"),
		u32a("IFLA_BR_AGEING_TIME"),
		u32a("IFLA_BR_STP_STATE"),
		u16a("IFLA_BR_PRIORITY"),
		u8("IFLA_BR_VLAN_FILTERING"),
		enumA("IFLA_BR_VLAN_PROTOCOL", KindBE16, ethPNames),
		u16a("IFLA_BR_GROUP_FWD_MASK"),
		customA("IFLA_BR_ROOT_ID", bridgeID).tag(TagVolatile),   // priority and the random MAC address
		customA("IFLA_BR_BRIDGE_ID", bridgeID).tag(TagVolatile), // priority and the random MAC address
		u16a("IFLA_BR_ROOT_PORT"),
		u32a("IFLA_BR_ROOT_PATH_COST"),
		u8("IFLA_BR_TOPOLOGY_CHANGE"),
		u8("IFLA_BR_TOPOLOGY_CHANGE_DETECTED"),
		u64a("IFLA_BR_HELLO_TIMER").tag(TagVolatile),           // a running timer
		u64a("IFLA_BR_TCN_TIMER").tag(TagVolatile),             // a running timer
		u64a("IFLA_BR_TOPOLOGY_CHANGE_TIMER").tag(TagVolatile), // a running timer
		u64a("IFLA_BR_GC_TIMER").tag(TagVolatile),              // a running timer
		llA("IFLA_BR_GROUP_ADDR"),
		flagA("IFLA_BR_FDB_FLUSH"),
		u8("IFLA_BR_MCAST_ROUTER"),
		u8("IFLA_BR_MCAST_SNOOPING"),
		u8("IFLA_BR_MCAST_QUERY_USE_IFADDR"),
		u8("IFLA_BR_MCAST_QUERIER"),
		u32a("IFLA_BR_MCAST_HASH_ELASTICITY"),
		u32a("IFLA_BR_MCAST_HASH_MAX"),
		u32a("IFLA_BR_MCAST_LAST_MEMBER_CNT"),
		u32a("IFLA_BR_MCAST_STARTUP_QUERY_CNT"),
		u64a("IFLA_BR_MCAST_LAST_MEMBER_INTVL"),
		u64a("IFLA_BR_MCAST_MEMBERSHIP_INTVL"),
		u64a("IFLA_BR_MCAST_QUERIER_INTVL"),
		u64a("IFLA_BR_MCAST_QUERY_INTVL"),
		u64a("IFLA_BR_MCAST_QUERY_RESPONSE_INTVL"),
		u64a("IFLA_BR_MCAST_STARTUP_QUERY_INTVL"),
		u8("IFLA_BR_NF_CALL_IPTABLES"),
		u8("IFLA_BR_NF_CALL_IP6TABLES"),
		u8("IFLA_BR_NF_CALL_ARPTABLES"),
		u16a("IFLA_BR_VLAN_DEFAULT_PVID"),
		binA("IFLA_BR_PAD"),
		u8("IFLA_BR_VLAN_STATS_ENABLED"),
		u8("IFLA_BR_MCAST_STATS_ENABLED"),
		u8("IFLA_BR_MCAST_IGMP_VERSION"),
		u8("IFLA_BR_MCAST_MLD_VERSION"),
		u8("IFLA_BR_VLAN_STATS_PER_PORT"),
		structA("IFLA_BR_MULTI_BOOLOPT", brBooloptStruct),
		rawNest("IFLA_BR_MCAST_QUERIER_STATE"),
		newer(48, "6.8", u32a("IFLA_BR_FDB_N_LEARNED")),
		newer(49, "6.8", u32a("IFLA_BR_FDB_MAX_LEARNED")),
	)
	brportAttrs = genSet("IFLA_BRPORT", genIFLA_BRPORT,
		enumA("IFLA_BRPORT_STATE", KindU8, brStateNames),
		u16a("IFLA_BRPORT_PRIORITY"),
		u32a("IFLA_BRPORT_COST"),
		u8("IFLA_BRPORT_MODE"),
		u8("IFLA_BRPORT_GUARD"),
		u8("IFLA_BRPORT_PROTECT"),
		u8("IFLA_BRPORT_FAST_LEAVE"),
		u8("IFLA_BRPORT_LEARNING"),
		u8("IFLA_BRPORT_UNICAST_FLOOD"),
		u8("IFLA_BRPORT_PROXYARP"),
		u8("IFLA_BRPORT_LEARNING_SYNC"),
		u8("IFLA_BRPORT_PROXYARP_WIFI"),
		customA("IFLA_BRPORT_ROOT_ID", bridgeID).tag(TagVolatile),   // priority and the random MAC address
		customA("IFLA_BRPORT_BRIDGE_ID", bridgeID).tag(TagVolatile), // priority and the random MAC address
		u16a("IFLA_BRPORT_DESIGNATED_PORT"),
		u16a("IFLA_BRPORT_DESIGNATED_COST"),
		u16a("IFLA_BRPORT_ID"),
		u16a("IFLA_BRPORT_NO"),
		u8("IFLA_BRPORT_TOPOLOGY_CHANGE_ACK"),
		u8("IFLA_BRPORT_CONFIG_PENDING"),
		u64a("IFLA_BRPORT_MESSAGE_AGE_TIMER").tag(TagVolatile),   // a running timer
		u64a("IFLA_BRPORT_FORWARD_DELAY_TIMER").tag(TagVolatile), // a running timer
		u64a("IFLA_BRPORT_HOLD_TIMER").tag(TagVolatile),          // a running timer
		flagA("IFLA_BRPORT_FLUSH"),
		u8("IFLA_BRPORT_MULTICAST_ROUTER"),
		binA("IFLA_BRPORT_PAD"),
		u8("IFLA_BRPORT_MCAST_FLOOD"),
		u8("IFLA_BRPORT_MCAST_TO_UCAST"),
		u8("IFLA_BRPORT_VLAN_TUNNEL"),
		u8("IFLA_BRPORT_BCAST_FLOOD"),
		u16a("IFLA_BRPORT_GROUP_FWD_MASK"),
		u8("IFLA_BRPORT_NEIGH_SUPPRESS"),
		u8("IFLA_BRPORT_ISOLATED"),
		u32a("IFLA_BRPORT_BACKUP_PORT"),
		u8("IFLA_BRPORT_MRP_RING_OPEN"),
		u8("IFLA_BRPORT_MRP_IN_OPEN"),
		u32a("IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT"),
		u32a("IFLA_BRPORT_MCAST_EHT_HOSTS_CNT"),
		u8("IFLA_BRPORT_LOCKED"),
		newer(40, "6.2", u8("IFLA_BRPORT_MAB")),
		newer(41, "6.3", u32a("IFLA_BRPORT_MCAST_N_GROUPS")),
		newer(42, "6.3", u32a("IFLA_BRPORT_MCAST_MAX_GROUPS")),
		newer(43, "6.6", u8("IFLA_BRPORT_NEIGH_VLAN_SUPPRESS")),
		newer(44, "6.6", u32a("IFLA_BRPORT_BACKUP_NHID")),
	)
	// vethAttrs is set below (VETH_INFO_PEER nests IFLA attributes).
	vethAttrs = genSet("VETH_INFO", genVETH_INFO)

	// infoDataSets maps IFLA_INFO_KIND to the IFLA_INFO_DATA set; kinds not
	// listed (dummy, wireguard, bond...) are decoded raw.
	infoDataSets = map[string]*AttrSet{
		"vlan":    vlanAttrs,
		"veth":    vethAttrs,
		"bridge":  bridgeAttrs,
		"macvlan": macvlanAttrs,
		"macvtap": macvlanAttrs,
		"ipvlan":  ipvlanAttrs,
		"ipvtap":  ipvlanAttrs,
		"vxlan":   vxlanAttrs,
	}
	// infoSlaveDataSets maps IFLA_INFO_SLAVE_KIND to the IFLA_INFO_SLAVE_DATA set.
	infoSlaveDataSets = map[string]*AttrSet{
		"bridge": brportAttrs,
	}
)

// siblingString returns the string payload of the first well-formed sibling
// attribute named name ("" if none).
func siblingString(siblings []Attr, name string) string {
	for i := range siblings {
		if siblings[i].Name == name && siblings[i].Problem == "" {
			return cString(siblings[i].Data)
		}
	}
	return ""
}

var linkInfoAttrs = genSet("IFLA_INFO", genIFLA_INFO,
	strA("IFLA_INFO_KIND"),
	&AttrSpec{Name: "IFLA_INFO_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		return infoDataSets[siblingString(s, "IFLA_INFO_KIND")]
	}},
	binA("IFLA_INFO_XSTATS"),
	strA("IFLA_INFO_SLAVE_KIND"),
	&AttrSpec{Name: "IFLA_INFO_SLAVE_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		return infoSlaveDataSets[siblingString(s, "IFLA_INFO_SLAVE_KIND")]
	}},
)

var (
	inetAttrs = genSet("IFLA_INET", genIFLA_INET,
		customA("IFLA_INET_CONF", devconfValues(ipv4DevconfNames)),
	)
	inet6Attrs = genSet("IFLA_INET6", genIFLA_INET6,
		flagsA("IFLA_INET6_FLAGS", KindU32, inet6FlagNames),
		customA("IFLA_INET6_CONF", devconfValues(ipv6DevconfNames)),
		customA("IFLA_INET6_STATS", u64Array).tag(TagVolatile),
		binA("IFLA_INET6_MCAST"),
		structA("IFLA_INET6_CACHEINFO", iflaCacheinfoStruct).tag(TagVolatile), // tstamp, random reachable_time
		customA("IFLA_INET6_ICMP6STATS", u64Array).tag(TagVolatile),
		addrA("IFLA_INET6_TOKEN"),
		enumA("IFLA_INET6_ADDR_GEN_MODE", KindU8, in6AddrGenModeNames),
		u32a("IFLA_INET6_RA_MTU"),
	)
	// bridgeAFAttrs is IFLA_AF_SPEC of AF_BRIDGE link messages (and the
	// AF_BRIDGE entry of AF_UNSPEC ones).
	bridgeAFAttrs = genSet("IFLA_BRIDGE", genIFLA_BRIDGE,
		flagsA("IFLA_BRIDGE_FLAGS", KindU16, bridgeFlagsNames),
		enumA("IFLA_BRIDGE_MODE", KindU16, bridgeModeNames),
		structA("IFLA_BRIDGE_VLAN_INFO", bridgeVlanInfoStruct),
		nest("IFLA_BRIDGE_VLAN_TUNNEL_INFO", genSet("IFLA_BRIDGE_VLAN_TUNNEL", genIFLA_BRIDGE_VLAN_TUNNEL,
			u32a("IFLA_BRIDGE_VLAN_TUNNEL_ID"),
			u16a("IFLA_BRIDGE_VLAN_TUNNEL_VID"),
			flagsA("IFLA_BRIDGE_VLAN_TUNNEL_FLAGS", KindU16, bridgeVlanInfoFlags),
		)),
		rawNest("IFLA_BRIDGE_MRP"),
		rawNest("IFLA_BRIDGE_CFM"),
		rawNest("IFLA_BRIDGE_MST"),
	)
	// afSpecAttrs is IFLA_AF_SPEC of AF_UNSPEC link messages: one nest per
	// address family, typed by the family number.
	afSpecAttrs = &AttrSet{Name: "IFLA_AF_SPEC", Attrs: map[uint16]*AttrSpec{
		afInet:   nest("AF_INET", inetAttrs),
		afInet6:  nest("AF_INET6", inet6Attrs),
		afBridge: nest("AF_BRIDGE", bridgeAFAttrs),
		afMPLS:   rawNest("AF_MPLS"),
	}}
	xdpAttrs = genSet("IFLA_XDP", genIFLA_XDP,
		s32a("IFLA_XDP_FD"),
		enumA("IFLA_XDP_ATTACHED", KindU8, xdpAttachedNames),
		flagsA("IFLA_XDP_FLAGS", KindU32, xdpFlagNames),
		u32a("IFLA_XDP_PROG_ID"),
		u32a("IFLA_XDP_DRV_PROG_ID"),
		u32a("IFLA_XDP_SKB_PROG_ID"),
		u32a("IFLA_XDP_HW_PROG_ID"),
		s32a("IFLA_XDP_EXPECTED_FD"),
	)
	vfPortAttrs = genSet("IFLA_PORT", genIFLA_PORT,
		u32a("IFLA_PORT_VF"),
		strA("IFLA_PORT_PROFILE"),
		binA("IFLA_PORT_VSI_TYPE"),
		binA("IFLA_PORT_INSTANCE_UUID"),
		binA("IFLA_PORT_HOST_UUID"),
		u8("IFLA_PORT_REQUEST"),
		u16a("IFLA_PORT_RESPONSE"),
	)
	propListAttrs = pickSet("IFLA_PROP_LIST", genIFLA,
		strA("IFLA_ALT_IFNAME"),
	)
)

// iflaSpecs lists enum IFLA (include/uapi/linux/if_link.h). linux 6.1 ends
// at IFLA_ALLMULTI (0x3d); the later ones are named for newer kernels.
func iflaSpecs() []*AttrSpec {
	return []*AttrSpec{
		llA("IFLA_ADDRESS").tag(TagVolatile),
		llA("IFLA_BROADCAST"),
		strA("IFLA_IFNAME"),
		u32a("IFLA_MTU"),
		u32a("IFLA_LINK").tag(TagIfindex),
		strA("IFLA_QDISC"),
		structA("IFLA_STATS", linkStatsStruct).tag(TagVolatile),
		binA("IFLA_COST"),
		binA("IFLA_PRIORITY"),
		u32a("IFLA_MASTER").tag(TagIfindex),
		binA("IFLA_WIRELESS"),
		rawNest("IFLA_PROTINFO"),
		u32a("IFLA_TXQLEN"),
		structA("IFLA_MAP", linkIfmapStruct),
		u32a("IFLA_WEIGHT"),
		enumA("IFLA_OPERSTATE", KindU8, ifOperNames),
		enumA("IFLA_LINKMODE", KindU8, ifLinkModeNames),
		nest("IFLA_LINKINFO", linkInfoAttrs),
		u32a("IFLA_NET_NS_PID"),
		strA("IFLA_IFALIAS"),
		u32a("IFLA_NUM_VF"),
		nest("IFLA_VFINFO_LIST", genSet("IFLA_VF_INFO", genIFLA_VF_INFO, rawNest("IFLA_VF_INFO"))),
		structA("IFLA_STATS64", linkStats64Struct).tag(TagVolatile),
		nest("IFLA_VF_PORTS", genSet("IFLA_VF_PORT", genIFLA_VF_PORT, nest("IFLA_VF_PORT", vfPortAttrs))),
		nest("IFLA_PORT_SELF", vfPortAttrs),
		nest("IFLA_AF_SPEC", afSpecAttrs).tag(TagVolatile),
		u32a("IFLA_GROUP"),
		u32a("IFLA_NET_NS_FD"),
		flagsA("IFLA_EXT_MASK", KindU32, rtextFilterNames),
		u32a("IFLA_PROMISCUITY"),
		u32a("IFLA_NUM_TX_QUEUES"),
		u32a("IFLA_NUM_RX_QUEUES"),
		u8("IFLA_CARRIER"),
		binA("IFLA_PHYS_PORT_ID"),
		u32a("IFLA_CARRIER_CHANGES").tag(TagVolatile),
		binA("IFLA_PHYS_SWITCH_ID"),
		s32a("IFLA_LINK_NETNSID").tag(TagVolatile),
		strA("IFLA_PHYS_PORT_NAME"),
		u8("IFLA_PROTO_DOWN"),
		u32a("IFLA_GSO_MAX_SEGS"),
		u32a("IFLA_GSO_MAX_SIZE"),
		binA("IFLA_PAD"),
		nest("IFLA_XDP", xdpAttrs),
		enumA("IFLA_EVENT", KindU32, iflaEventNames),
		s32a("IFLA_NEW_NETNSID"),
		s32a("IFLA_TARGET_NETNSID"), // alias of IFLA_IF_NETNSID
		u32a("IFLA_CARRIER_UP_COUNT").tag(TagVolatile),
		u32a("IFLA_CARRIER_DOWN_COUNT").tag(TagVolatile),
		s32a("IFLA_NEW_IFINDEX").tag(TagVolatile),
		u32a("IFLA_MIN_MTU"),
		u32a("IFLA_MAX_MTU"),
		nest("IFLA_PROP_LIST", propListAttrs),
		strA("IFLA_ALT_IFNAME"),
		llA("IFLA_PERM_ADDRESS").tag(TagVolatile),
		nest("IFLA_PROTO_DOWN_REASON", genSet("IFLA_PROTO_DOWN_REASON", genIFLA_PROTO_DOWN_REASON,
			u32a("IFLA_PROTO_DOWN_REASON_MASK"),
			u32a("IFLA_PROTO_DOWN_REASON_VALUE"),
		)),
		strA("IFLA_PARENT_DEV_NAME"),
		strA("IFLA_PARENT_DEV_BUS_NAME"),
		u32a("IFLA_GRO_MAX_SIZE"),
		u32a("IFLA_TSO_MAX_SIZE"),
		u32a("IFLA_TSO_MAX_SEGS"),
		u32a("IFLA_ALLMULTI"),
		newer(62, "6.2", rawNest("IFLA_DEVLINK_PORT")),
		newer(63, "6.3", u32a("IFLA_GSO_IPV4_MAX_SIZE")),
		newer(64, "6.3", u32a("IFLA_GRO_IPV4_MAX_SIZE")),
		newer(65, "6.7", rawNest("IFLA_DPLL_PIN")),
		newer(66, "6.13", uintA("IFLA_MAX_PACING_OFFLOAD_HORIZON")),
		newer(67, "6.13", u8("IFLA_NETNS_IMMUTABLE")),
		newer(68, "6.15", uintA("IFLA_HEADROOM")),
		newer(69, "6.15", uintA("IFLA_TAILROOM")),
	}
}

// Link attribute sets: AF_UNSPEC messages (the usual), AF_BRIDGE ones
// (IFLA_PROTINFO holds IFLA_BRPORT_*, IFLA_AF_SPEC holds IFLA_BRIDGE_*) and
// AF_INET6 ones (IFLA_PROTINFO holds IFLA_INET6_*).
var (
	linkAttrs       = genSet("IFLA", genIFLA, iflaSpecs()...)
	linkBridgeAttrs = withAttrs(linkAttrs,
		nest("IFLA_PROTINFO", brportAttrs),
		nest("IFLA_AF_SPEC", bridgeAFAttrs),
	)
	linkInet6Attrs = withAttrs(linkAttrs,
		nest("IFLA_PROTINFO", inet6Attrs),
	)
)

// withAttrs returns a copy of set with the attributes of over's names
// replaced.
func withAttrs(set *AttrSet, over ...*AttrSpec) *AttrSet {
	m := make(map[uint16]*AttrSpec, len(set.Attrs))
	for k, v := range set.Attrs {
		m[k] = v
	}
	for _, o := range over {
		t, ok := set.typeOf(o.Name)
		if !ok {
			overlayErrors = append(overlayErrors, set.Name+": no attribute "+o.Name+" to replace")
			continue
		}
		o.Tags |= m[t].Tags // the meaning stays: IFLA_AF_SPEC is volatile in every variant
		m[t] = o
	}
	return &AttrSet{Name: set.Name, Attrs: m, Default: set.Default}
}

func init() {
	// VETH_INFO_PEER: struct ifinfomsg, then the peer's IFLA attributes.
	setAttr(vethAttrs, &AttrSpec{Name: "VETH_INFO_PEER", Kind: KindNested, Struct: ifinfomsgHeader, Nested: linkAttrs})
}

// enum IFA (include/uapi/linux/if_addr.h).
var addrAttrs = genSet("IFA", genIFA,
	binA("IFA_UNSPEC"), // ignored by the kernel; jsimonetti/rtnetlink sends it (integration-client.pcap)
	addrA("IFA_ADDRESS"),
	addrA("IFA_LOCAL"),
	strA("IFA_LABEL"),
	addrA("IFA_BROADCAST"),
	addrA("IFA_ANYCAST"),
	structA("IFA_CACHEINFO", ifaCacheinfoStruct).tag(TagVolatile),
	addrA("IFA_MULTICAST"),
	flagsA("IFA_FLAGS", KindU32, ifaFlagNames),
	u32a("IFA_RT_PRIORITY"),
	s32a("IFA_TARGET_NETNSID"),
	enumA("IFA_PROTO", KindU8, ifaProtoNames),
)

// enum RTAX (include/uapi/linux/rtnetlink.h): RTA_METRICS.
var metricsAttrs = genSet("RTAX", genRTAX,
	u32a("RTAX_LOCK"),
	u32a("RTAX_MTU"),
	u32a("RTAX_WINDOW"),
	u32a("RTAX_RTT"),
	u32a("RTAX_RTTVAR"),
	u32a("RTAX_SSTHRESH"),
	u32a("RTAX_CWND"),
	u32a("RTAX_ADVMSS"),
	u32a("RTAX_REORDERING"),
	u32a("RTAX_HOPLIMIT"),
	u32a("RTAX_INITCWND"),
	flagsA("RTAX_FEATURES", KindU32, rtaxFeatureNames),
	u32a("RTAX_RTO_MIN"),
	u32a("RTAX_INITRWND"),
	u32a("RTAX_QUICKACK"),
	strA("RTAX_CC_ALGO"),
	u32a("RTAX_FASTOPEN_NO_COOKIE"),
)

// enum rtattr_type_t (include/uapi/linux/rtnetlink.h).
func rtaSpecs() []*AttrSpec {
	return []*AttrSpec{
		addrA("RTA_DST"),
		addrA("RTA_SRC"),
		u32a("RTA_IIF").tag(TagIfindex),
		u32a("RTA_OIF").tag(TagIfindex),
		addrA("RTA_GATEWAY"),
		u32a("RTA_PRIORITY"),
		addrA("RTA_PREFSRC"),
		nest("RTA_METRICS", metricsAttrs),
		binA("RTA_PROTOINFO"),
		u32a("RTA_FLOW"),
		structA("RTA_CACHEINFO", rtaCacheinfoStruct).tag(TagVolatile),
		binA("RTA_SESSION"),
		binA("RTA_MP_ALGO"),
		enumA("RTA_TABLE", KindU32, rtTableNames),
		u32a("RTA_MARK"),
		structA("RTA_MFC_STATS", rtaMfcStatsStruct),
		customA("RTA_VIA", rtvia),
		customA("RTA_NEWDST", mplsLabels),
		enumA("RTA_PREF", KindU8, icmpv6RouterPrefNames),
		enumA("RTA_ENCAP_TYPE", KindU16, lwtEncapNames),
		rawNest("RTA_ENCAP"),
		uintA("RTA_EXPIRES").tag(TagVolatile),
		binA("RTA_PAD"),
		u32a("RTA_UID"),
		u8("RTA_TTL_PROPAGATE"),
		enumA("RTA_IP_PROTO", KindU8, ipProtoNames),
		be16a("RTA_SPORT"),
		be16a("RTA_DPORT"),
		u32a("RTA_NH_ID"),
		newer(31, "6.15", &AttrSpec{Name: "RTA_FLOWLABEL", Kind: KindBE32}),
	}
}

var (
	routeAttrs     = genSet("RTA", genRTA, rtaSpecs()...)
	routeMPLSAttrs = withAttrs(routeAttrs,
		customA("RTA_DST", mplsLabels),
	)
)

func init() {
	for _, set := range []*AttrSet{routeAttrs, routeMPLSAttrs} {
		setAttr(set, &AttrSpec{Name: "RTA_MULTIPATH", Kind: KindEntries, Struct: rtnexthopStruct, EntryLen: rtnexthopLen, Nested: set, Tags: TagIfindex})
	}
}

// enum NDA (include/uapi/linux/neighbour.h).
var neighAttrs = genSet("NDA", genNDA,
	addrA("NDA_DST"),
	llA("NDA_LLADDR"),
	structA("NDA_CACHEINFO", ndaCacheinfoStruct).tag(TagVolatile),
	u32a("NDA_PROBES").tag(TagVolatile),
	u16a("NDA_VLAN"),
	be16a("NDA_PORT"),
	u32a("NDA_VNI"),
	u32a("NDA_IFINDEX").tag(TagIfindex),
	u32a("NDA_MASTER").tag(TagIfindex),
	s32a("NDA_LINK_NETNSID"),
	u32a("NDA_SRC_VNI"),
	enumA("NDA_PROTOCOL", KindU8, rtProtNames),
	u32a("NDA_NH_ID"),
	nest("NDA_FDB_EXT_ATTRS", genSet("NFEA", genNFEA,
		u8("NFEA_ACTIVITY_NOTIFY"),
		flagA("NFEA_DONT_REFRESH"),
	)),
	flagsA("NDA_FLAGS_EXT", KindU32, ntfExtNames),
	flagsA("NDA_NDM_STATE_MASK", KindU16, nudNames),
	flagsA("NDA_NDM_FLAGS_MASK", KindU8, ntfNames),
)

// enum NETCONFA (include/uapi/linux/netconf.h).
var netconfAttrs = genSet("NETCONFA", genNETCONFA,
	enumA("NETCONFA_IFINDEX", KindS32, netconfIfindexNames).tag(TagIfindex),
	s32a("NETCONFA_FORWARDING"),
	s32a("NETCONFA_RP_FILTER"),
	s32a("NETCONFA_MC_FORWARDING"),
	s32a("NETCONFA_PROXY_NEIGH"),
	s32a("NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN"),
	s32a("NETCONFA_INPUT"),
	s32a("NETCONFA_BC_FORWARDING"),
)

// enum TCA (include/uapi/linux/rtnetlink.h); TCA_OPTIONS and TCA_XSTATS
// depend on the qdisc or filter kind (tc.go).
var tcAttrs = genSet("TCA", genTCA,
	strA("TCA_KIND"),
	&AttrSpec{Name: "TCA_OPTIONS", Kind: KindBinary, SelectSpec: func(s []Attr) *AttrSpec {
		return tcOptions[siblingString(s, "TCA_KIND")]
	}},
	structA("TCA_STATS", tcStatsStruct).tag(TagVolatile),
	&AttrSpec{Name: "TCA_XSTATS", Kind: KindBinary, Tags: TagVolatile, SelectSpec: func(s []Attr) *AttrSpec {
		return tcXstats[siblingString(s, "TCA_KIND")]
	}},
	structA("TCA_RATE", tcEstimator),
	u32a("TCA_FCNT"),
	(&AttrSpec{Name: "TCA_STATS2", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		if set := tcStatsByKind[siblingString(s, "TCA_KIND")]; set != nil {
			return set
		}
		return tcStatsAttrs
	}}).tag(TagVolatile),
	rawNest("TCA_STAB"),
	binA("TCA_PAD"),
	flagA("TCA_DUMP_INVISIBLE"),
	u32a("TCA_CHAIN"),
	u8("TCA_HW_OFFLOAD"),
	u32a("TCA_INGRESS_BLOCK"),
	u32a("TCA_EGRESS_BLOCK"),
	binA("TCA_DUMP_FLAGS"),
	strA("TCA_EXT_WARN_MSG"),
)

// tcStatsAttrs are the gnet_stats attributes of TCA_STATS2 and
// TCA_ACT_STATS (include/uapi/linux/gen_stats.h).
var tcStatsAttrs = genSet("TCA_STATS", genTCA_STATS,
	structA("TCA_STATS_BASIC", gnetStatsBasicStruct),
	structA("TCA_STATS_RATE_EST", gnetStatsRateEstStruct),
	structA("TCA_STATS_QUEUE", gnetStatsQueueStruct),
	binA("TCA_STATS_APP"),
	structA("TCA_STATS_RATE_EST64", cStruct("gnet_stats_rate_est64", cu64("bps"), cu64("pps"))),
	binA("TCA_STATS_PAD"),
	structA("TCA_STATS_BASIC_HW", gnetStatsBasicStruct),
	u64a("TCA_STATS_PKT64"),
)

// enum NHA (include/uapi/linux/nexthop.h).
var nexthopAttrs = genSet("NHA", genNHA,
	u32a("NHA_ID"),
	binA("NHA_GROUP"),
	enumA("NHA_GROUP_TYPE", KindU16, nexthopGrpTypeNames),
	flagA("NHA_BLACKHOLE"),
	u32a("NHA_OIF").tag(TagIfindex),
	addrA("NHA_GATEWAY"),
	enumA("NHA_ENCAP_TYPE", KindU16, lwtEncapNames),
	rawNest("NHA_ENCAP"),
	flagA("NHA_GROUPS"),
	u32a("NHA_MASTER"),
	flagA("NHA_FDB"),
	nest("NHA_RES_GROUP", genSet("NHA_RES_GROUP", genNHA_RES_GROUP,
		u16a("NHA_RES_GROUP_BUCKETS"),
		u32a("NHA_RES_GROUP_IDLE_TIMER"),
		u32a("NHA_RES_GROUP_UNBALANCED_TIMER"),
		u64a("NHA_RES_GROUP_UNBALANCED_TIME").tag(TagVolatile), // a running timer
	)),
	nest("NHA_RES_BUCKET", genSet("NHA_RES_BUCKET", genNHA_RES_BUCKET,
		u16a("NHA_RES_BUCKET_INDEX"),
		u64a("NHA_RES_BUCKET_IDLE_TIME").tag(TagVolatile), // a running timer
		u32a("NHA_RES_BUCKET_NH_ID"),
	)),
	newer(14, "6.10", u32a("NHA_OP_FLAGS")),
	newer(15, "6.10", rawNest("NHA_GROUP_STATS")),
	newer(16, "6.10", u32a("NHA_HW_STATS_ENABLE")),
	newer(17, "6.10", u32a("NHA_HW_STATS_USED")),
)

// enum NETNSA (include/uapi/linux/net_namespace.h).
var nsidAttrs = genSet("NETNSA", genNETNSA,
	s32a("NETNSA_NSID"),
	u32a("NETNSA_PID"),
	u32a("NETNSA_FD"),
	s32a("NETNSA_TARGET_NSID"),
	s32a("NETNSA_CURRENT_NSID"),
)

// enum FRA (include/uapi/linux/fib_rules.h), the common ones.
var ruleAttrs = genSet("FRA", genFRA,
	addrA("FRA_DST"),
	addrA("FRA_SRC"),
	strA("FRA_IIFNAME"),
	u32a("FRA_GOTO"),
	u32a("FRA_PRIORITY"),
	u32a("FRA_FWMARK"),
	u32a("FRA_FLOW"),
	u64a("FRA_TUN_ID"),
	u32a("FRA_SUPPRESS_IFGROUP"),
	u32a("FRA_SUPPRESS_PREFIXLEN"),
	enumA("FRA_TABLE", KindU32, rtTableNames),
	u32a("FRA_FWMASK"),
	strA("FRA_OIFNAME"),
	binA("FRA_PAD"),
	u8("FRA_L3MDEV"),
	binA("FRA_UID_RANGE"),
	enumA("FRA_PROTOCOL", KindU8, rtProtNames),
	enumA("FRA_IP_PROTO", KindU8, ipProtoNames),
	binA("FRA_SPORT_RANGE"),
	binA("FRA_DPORT_RANGE"),
)
