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
	ifaCacheinfoStruct = u32Fields("ifa_cacheinfo", []string{"ifa_prefered", "ifa_valid", "cstamp", "tstamp"})
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
var rtnexthopStruct = &HeaderSpec{Name: "rtnexthop", Len: 8, Decode: func(b []byte, order binary.ByteOrder) []Field {
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
	if fam == 17 { // AF_PACKET
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

var (
	vlanFlagNames = map[uint64]string{
		0x1: "VLAN_FLAG_REORDER_HDR", 0x2: "VLAN_FLAG_GVRP", 0x4: "VLAN_FLAG_LOOSE_BINDING",
		0x8: "VLAN_FLAG_MVRP", 0x10: "VLAN_FLAG_BRIDGE_BINDING",
	}
	bridgeVlanInfoFlags = map[uint64]string{
		1 << 0: "BRIDGE_VLAN_INFO_MASTER", 1 << 1: "BRIDGE_VLAN_INFO_PVID", 1 << 2: "BRIDGE_VLAN_INFO_UNTAGGED",
		1 << 3: "BRIDGE_VLAN_INFO_RANGE_BEGIN", 1 << 4: "BRIDGE_VLAN_INFO_RANGE_END",
		1 << 5: "BRIDGE_VLAN_INFO_BRENTRY", 1 << 6: "BRIDGE_VLAN_INFO_ONLY_OPTS",
	}
	macvlanModeNames = map[uint64]string{
		1: "MACVLAN_MODE_PRIVATE", 2: "MACVLAN_MODE_VEPA", 4: "MACVLAN_MODE_BRIDGE",
		8: "MACVLAN_MODE_PASSTHRU", 16: "MACVLAN_MODE_SOURCE",
	}
	macvlanMacaddrModeNames = map[uint64]string{
		0: "MACVLAN_MACADDR_ADD", 1: "MACVLAN_MACADDR_DEL", 2: "MACVLAN_MACADDR_FLUSH", 3: "MACVLAN_MACADDR_SET",
	}
	// In6AddrGenMode (include/uapi/linux/if_link.h).
	in6AddrGenModeNames = map[uint64]string{
		0: "IN6_ADDR_GEN_MODE_EUI64", 1: "IN6_ADDR_GEN_MODE_NONE",
		2: "IN6_ADDR_GEN_MODE_STABLE_PRIVACY", 3: "IN6_ADDR_GEN_MODE_RANDOM",
	}
	// IFLA_INET6_FLAGS bits (include/net/if_inet6.h, not UAPI).
	inet6FlagNames = map[uint64]string{
		0x10: "IF_RS_SENT", 0x20: "IF_RA_RCVD", 0x40: "IF_RA_MANAGED", 0x80: "IF_RA_OTHERCONF", 0x80000000: "IF_READY",
	}
	xdpAttachedNames = map[uint64]string{
		0: "XDP_ATTACHED_NONE", 1: "XDP_ATTACHED_DRV", 2: "XDP_ATTACHED_SKB", 3: "XDP_ATTACHED_HW", 4: "XDP_ATTACHED_MULTI",
	}
	iflaEventNames = map[uint64]string{
		0: "IFLA_EVENT_NONE", 1: "IFLA_EVENT_REBOOT", 2: "IFLA_EVENT_FEATURES", 3: "IFLA_EVENT_BONDING_FAILOVER",
		4: "IFLA_EVENT_NOTIFY_PEERS", 5: "IFLA_EVENT_IGMP_RESEND", 6: "IFLA_EVENT_BONDING_OPTIONS",
	}
	bridgeFlagsNames = map[uint64]string{1: "BRIDGE_FLAGS_MASTER", 2: "BRIDGE_FLAGS_SELF"}
	bridgeModeNames  = map[uint64]string{0: "BRIDGE_MODE_VEB", 1: "BRIDGE_MODE_VEPA"}
	// br_port_state (include/uapi/linux/if_bridge.h BR_STATE_*).
	brStateNames = map[uint64]string{
		0: "BR_STATE_DISABLED", 1: "BR_STATE_LISTENING", 2: "BR_STATE_LEARNING", 3: "BR_STATE_FORWARDING", 4: "BR_STATE_BLOCKING",
	}
	icmpv6RouterPrefNames = map[uint64]string{
		0: "ICMPV6_ROUTER_PREF_MEDIUM", 1: "ICMPV6_ROUTER_PREF_HIGH", 2: "ICMPV6_ROUTER_PREF_INVALID", 3: "ICMPV6_ROUTER_PREF_LOW",
	}
	rtaxFeatureNames = map[uint64]string{
		1 << 0: "RTAX_FEATURE_ECN", 1 << 1: "RTAX_FEATURE_SACK", 1 << 2: "RTAX_FEATURE_TIMESTAMP",
		1 << 3: "RTAX_FEATURE_ALLFRAG", 1 << 4: "RTAX_FEATURE_TCP_USEC_TS",
	}
	ipProtoNames = map[uint64]string{
		0: "IPPROTO_IP", 1: "IPPROTO_ICMP", 6: "IPPROTO_TCP", 17: "IPPROTO_UDP", 58: "IPPROTO_ICMPV6", 132: "IPPROTO_SCTP",
	}
	nexthopGrpTypeNames = map[uint64]string{0: "NEXTHOP_GRP_TYPE_MPATH", 1: "NEXTHOP_GRP_TYPE_RES"}
	netconfIfindexNames = map[uint64]string{
		uint64(0xFFFFFFFFFFFFFFFF): "NETCONFA_IFINDEX_ALL", uint64(0xFFFFFFFFFFFFFFFE): "NETCONFA_IFINDEX_DEFAULT",
	}
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
	vlanQosAttrs = attrSet("IFLA_VLAN_QOS", map[uint16]*AttrSpec{
		1: structA("IFLA_VLAN_QOS_MAPPING", vlanQosStruct),
	})
	vlanAttrs = attrSet("IFLA_VLAN", map[uint16]*AttrSpec{
		1: u16a("IFLA_VLAN_ID"),
		2: structA("IFLA_VLAN_FLAGS", vlanFlagsStruct),
		3: nest("IFLA_VLAN_EGRESS_QOS", vlanQosAttrs),
		4: nest("IFLA_VLAN_INGRESS_QOS", vlanQosAttrs),
		5: enumA("IFLA_VLAN_PROTOCOL", KindBE16, ethPNames),
	})
	macvlanAttrs = attrSet("IFLA_MACVLAN", map[uint16]*AttrSpec{
		1: enumA("IFLA_MACVLAN_MODE", KindU32, macvlanModeNames),
		2: flagsA("IFLA_MACVLAN_FLAGS", KindU16, map[uint64]string{1: "MACVLAN_FLAG_NOPROMISC", 2: "MACVLAN_FLAG_NODST"}),
		3: enumA("IFLA_MACVLAN_MACADDR_MODE", KindU32, macvlanMacaddrModeNames),
		4: llA("IFLA_MACVLAN_MACADDR"),
		5: nest("IFLA_MACVLAN_MACADDR_DATA", attrSet("IFLA_MACVLAN", map[uint16]*AttrSpec{4: llA("IFLA_MACVLAN_MACADDR")})),
		6: u32a("IFLA_MACVLAN_MACADDR_COUNT"),
		7: u32a("IFLA_MACVLAN_BC_QUEUE_LEN"),
		8: u32a("IFLA_MACVLAN_BC_QUEUE_LEN_USED"),
		9: s32a("IFLA_MACVLAN_BC_CUTOFF"), // linux 6.4
	})
	ipvlanAttrs = attrSet("IFLA_IPVLAN", map[uint16]*AttrSpec{
		1: enumA("IFLA_IPVLAN_MODE", KindU16, map[uint64]string{0: "IPVLAN_MODE_L2", 1: "IPVLAN_MODE_L3", 2: "IPVLAN_MODE_L3S"}),
		2: flagsA("IFLA_IPVLAN_FLAGS", KindU16, map[uint64]string{1: "IPVLAN_F_PRIVATE", 2: "IPVLAN_F_VEPA"}),
	})
	vxlanAttrs = attrSet("IFLA_VXLAN", map[uint16]*AttrSpec{
		1:  u32a("IFLA_VXLAN_ID"),
		2:  addrA("IFLA_VXLAN_GROUP"),
		3:  u32a("IFLA_VXLAN_LINK"),
		4:  addrA("IFLA_VXLAN_LOCAL"),
		5:  u8("IFLA_VXLAN_TTL"),
		6:  u8("IFLA_VXLAN_TOS"),
		7:  u8("IFLA_VXLAN_LEARNING"),
		8:  u32a("IFLA_VXLAN_AGEING"),
		9:  u32a("IFLA_VXLAN_LIMIT"),
		10: structA("IFLA_VXLAN_PORT_RANGE", vxlanPortRangeStruct),
		11: u8("IFLA_VXLAN_PROXY"),
		12: u8("IFLA_VXLAN_RSC"),
		13: u8("IFLA_VXLAN_L2MISS"),
		14: u8("IFLA_VXLAN_L3MISS"),
		15: be16a("IFLA_VXLAN_PORT"),
		16: addrA("IFLA_VXLAN_GROUP6"),
		17: addrA("IFLA_VXLAN_LOCAL6"),
		18: u8("IFLA_VXLAN_UDP_CSUM"),
		19: u8("IFLA_VXLAN_UDP_ZERO_CSUM6_TX"),
		20: u8("IFLA_VXLAN_UDP_ZERO_CSUM6_RX"),
		21: u8("IFLA_VXLAN_REMCSUM_TX"),
		22: u8("IFLA_VXLAN_REMCSUM_RX"),
		23: flagA("IFLA_VXLAN_GBP"),
		24: flagA("IFLA_VXLAN_REMCSUM_NOPARTIAL"),
		25: u8("IFLA_VXLAN_COLLECT_METADATA"),
		26: {Name: "IFLA_VXLAN_LABEL", Kind: KindBE32},
		27: flagA("IFLA_VXLAN_GPE"),
		28: flagA("IFLA_VXLAN_TTL_INHERIT"),
		29: u8("IFLA_VXLAN_DF"),
		30: u8("IFLA_VXLAN_VNIFILTER"),
		31: u8("IFLA_VXLAN_LOCALBYPASS"),     // linux 6.7
		32: u32a("IFLA_VXLAN_LABEL_POLICY"),  // linux 6.11
		33: binA("IFLA_VXLAN_RESERVED_BITS"), // linux 6.12
	})
	bridgeAttrs = attrSet("IFLA_BR", map[uint16]*AttrSpec{
		1:  u32a("IFLA_BR_FORWARD_DELAY"),
		2:  u32a("IFLA_BR_HELLO_TIME"),
		3:  u32a("IFLA_BR_MAX_AGE"),
		4:  u32a("IFLA_BR_AGEING_TIME"),
		5:  u32a("IFLA_BR_STP_STATE"),
		6:  u16a("IFLA_BR_PRIORITY"),
		7:  u8("IFLA_BR_VLAN_FILTERING"),
		8:  enumA("IFLA_BR_VLAN_PROTOCOL", KindBE16, ethPNames),
		9:  u16a("IFLA_BR_GROUP_FWD_MASK"),
		10: customA("IFLA_BR_ROOT_ID", bridgeID),
		11: customA("IFLA_BR_BRIDGE_ID", bridgeID),
		12: u16a("IFLA_BR_ROOT_PORT"),
		13: u32a("IFLA_BR_ROOT_PATH_COST"),
		14: u8("IFLA_BR_TOPOLOGY_CHANGE"),
		15: u8("IFLA_BR_TOPOLOGY_CHANGE_DETECTED"),
		16: u64a("IFLA_BR_HELLO_TIMER"),
		17: u64a("IFLA_BR_TCN_TIMER"),
		18: u64a("IFLA_BR_TOPOLOGY_CHANGE_TIMER"),
		19: u64a("IFLA_BR_GC_TIMER"),
		20: llA("IFLA_BR_GROUP_ADDR"),
		21: flagA("IFLA_BR_FDB_FLUSH"),
		22: u8("IFLA_BR_MCAST_ROUTER"),
		23: u8("IFLA_BR_MCAST_SNOOPING"),
		24: u8("IFLA_BR_MCAST_QUERY_USE_IFADDR"),
		25: u8("IFLA_BR_MCAST_QUERIER"),
		26: u32a("IFLA_BR_MCAST_HASH_ELASTICITY"),
		27: u32a("IFLA_BR_MCAST_HASH_MAX"),
		28: u32a("IFLA_BR_MCAST_LAST_MEMBER_CNT"),
		29: u32a("IFLA_BR_MCAST_STARTUP_QUERY_CNT"),
		30: u64a("IFLA_BR_MCAST_LAST_MEMBER_INTVL"),
		31: u64a("IFLA_BR_MCAST_MEMBERSHIP_INTVL"),
		32: u64a("IFLA_BR_MCAST_QUERIER_INTVL"),
		33: u64a("IFLA_BR_MCAST_QUERY_INTVL"),
		34: u64a("IFLA_BR_MCAST_QUERY_RESPONSE_INTVL"),
		35: u64a("IFLA_BR_MCAST_STARTUP_QUERY_INTVL"),
		36: u8("IFLA_BR_NF_CALL_IPTABLES"),
		37: u8("IFLA_BR_NF_CALL_IP6TABLES"),
		38: u8("IFLA_BR_NF_CALL_ARPTABLES"),
		39: u16a("IFLA_BR_VLAN_DEFAULT_PVID"),
		40: binA("IFLA_BR_PAD"),
		41: u8("IFLA_BR_VLAN_STATS_ENABLED"),
		42: u8("IFLA_BR_MCAST_STATS_ENABLED"),
		43: u8("IFLA_BR_MCAST_IGMP_VERSION"),
		44: u8("IFLA_BR_MCAST_MLD_VERSION"),
		45: u8("IFLA_BR_VLAN_STATS_PER_PORT"),
		46: structA("IFLA_BR_MULTI_BOOLOPT", brBooloptStruct),
		47: rawNest("IFLA_BR_MCAST_QUERIER_STATE"),
		48: u32a("IFLA_BR_FDB_N_LEARNED"),   // linux 6.8
		49: u32a("IFLA_BR_FDB_MAX_LEARNED"), // linux 6.8
	})
	brportAttrs = attrSet("IFLA_BRPORT", map[uint16]*AttrSpec{
		1:  enumA("IFLA_BRPORT_STATE", KindU8, brStateNames),
		2:  u16a("IFLA_BRPORT_PRIORITY"),
		3:  u32a("IFLA_BRPORT_COST"),
		4:  u8("IFLA_BRPORT_MODE"),
		5:  u8("IFLA_BRPORT_GUARD"),
		6:  u8("IFLA_BRPORT_PROTECT"),
		7:  u8("IFLA_BRPORT_FAST_LEAVE"),
		8:  u8("IFLA_BRPORT_LEARNING"),
		9:  u8("IFLA_BRPORT_UNICAST_FLOOD"),
		10: u8("IFLA_BRPORT_PROXYARP"),
		11: u8("IFLA_BRPORT_LEARNING_SYNC"),
		12: u8("IFLA_BRPORT_PROXYARP_WIFI"),
		13: customA("IFLA_BRPORT_ROOT_ID", bridgeID),
		14: customA("IFLA_BRPORT_BRIDGE_ID", bridgeID),
		15: u16a("IFLA_BRPORT_DESIGNATED_PORT"),
		16: u16a("IFLA_BRPORT_DESIGNATED_COST"),
		17: u16a("IFLA_BRPORT_ID"),
		18: u16a("IFLA_BRPORT_NO"),
		19: u8("IFLA_BRPORT_TOPOLOGY_CHANGE_ACK"),
		20: u8("IFLA_BRPORT_CONFIG_PENDING"),
		21: u64a("IFLA_BRPORT_MESSAGE_AGE_TIMER"),
		22: u64a("IFLA_BRPORT_FORWARD_DELAY_TIMER"),
		23: u64a("IFLA_BRPORT_HOLD_TIMER"),
		24: flagA("IFLA_BRPORT_FLUSH"),
		25: u8("IFLA_BRPORT_MULTICAST_ROUTER"),
		26: binA("IFLA_BRPORT_PAD"),
		27: u8("IFLA_BRPORT_MCAST_FLOOD"),
		28: u8("IFLA_BRPORT_MCAST_TO_UCAST"),
		29: u8("IFLA_BRPORT_VLAN_TUNNEL"),
		30: u8("IFLA_BRPORT_BCAST_FLOOD"),
		31: u16a("IFLA_BRPORT_GROUP_FWD_MASK"),
		32: u8("IFLA_BRPORT_NEIGH_SUPPRESS"),
		33: u8("IFLA_BRPORT_ISOLATED"),
		34: u32a("IFLA_BRPORT_BACKUP_PORT"),
		35: u8("IFLA_BRPORT_MRP_RING_OPEN"),
		36: u8("IFLA_BRPORT_MRP_IN_OPEN"),
		37: u32a("IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT"),
		38: u32a("IFLA_BRPORT_MCAST_EHT_HOSTS_CNT"),
		39: u8("IFLA_BRPORT_LOCKED"),
		40: u8("IFLA_BRPORT_MAB"),                 // linux 6.2
		41: u32a("IFLA_BRPORT_MCAST_N_GROUPS"),    // linux 6.3
		42: u32a("IFLA_BRPORT_MCAST_MAX_GROUPS"),  // linux 6.3
		43: u8("IFLA_BRPORT_NEIGH_VLAN_SUPPRESS"), // linux 6.6
		44: u32a("IFLA_BRPORT_BACKUP_NHID"),       // linux 6.6
	})
	// vethAttrs is set below (VETH_INFO_PEER nests IFLA attributes).
	vethAttrs = attrSet("VETH_INFO", map[uint16]*AttrSpec{})

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
// attribute of type typ ("" if none).
func siblingString(siblings []Attr, typ uint16) string {
	for i := range siblings {
		if siblings[i].Type == typ && siblings[i].Problem == "" {
			return cString(siblings[i].Data)
		}
	}
	return ""
}

var linkInfoAttrs = attrSet("IFLA_INFO", map[uint16]*AttrSpec{
	1: strA("IFLA_INFO_KIND"),
	2: {Name: "IFLA_INFO_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		return infoDataSets[siblingString(s, 1)]
	}},
	3: binA("IFLA_INFO_XSTATS"),
	4: strA("IFLA_INFO_SLAVE_KIND"),
	5: {Name: "IFLA_INFO_SLAVE_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		return infoSlaveDataSets[siblingString(s, 4)]
	}},
})

var (
	inetAttrs = attrSet("IFLA_INET", map[uint16]*AttrSpec{
		1: customA("IFLA_INET_CONF", devconfValues(ipv4DevconfNames)),
	})
	inet6Attrs = attrSet("IFLA_INET6", map[uint16]*AttrSpec{
		1: flagsA("IFLA_INET6_FLAGS", KindU32, inet6FlagNames),
		2: customA("IFLA_INET6_CONF", devconfValues(ipv6DevconfNames)),
		3: customA("IFLA_INET6_STATS", u64Array),
		4: binA("IFLA_INET6_MCAST"),
		5: structA("IFLA_INET6_CACHEINFO", iflaCacheinfoStruct),
		6: customA("IFLA_INET6_ICMP6STATS", u64Array),
		7: addrA("IFLA_INET6_TOKEN"),
		8: enumA("IFLA_INET6_ADDR_GEN_MODE", KindU8, in6AddrGenModeNames),
		9: u32a("IFLA_INET6_RA_MTU"),
	})
	// bridgeAFAttrs is IFLA_AF_SPEC of AF_BRIDGE link messages (and the
	// AF_BRIDGE entry of AF_UNSPEC ones).
	bridgeAFAttrs = attrSet("IFLA_BRIDGE", map[uint16]*AttrSpec{
		0: flagsA("IFLA_BRIDGE_FLAGS", KindU16, bridgeFlagsNames),
		1: enumA("IFLA_BRIDGE_MODE", KindU16, bridgeModeNames),
		2: structA("IFLA_BRIDGE_VLAN_INFO", bridgeVlanInfoStruct),
		3: nest("IFLA_BRIDGE_VLAN_TUNNEL_INFO", attrSet("IFLA_BRIDGE_VLAN_TUNNEL", map[uint16]*AttrSpec{
			1: u32a("IFLA_BRIDGE_VLAN_TUNNEL_ID"),
			2: u16a("IFLA_BRIDGE_VLAN_TUNNEL_VID"),
			3: flagsA("IFLA_BRIDGE_VLAN_TUNNEL_FLAGS", KindU16, bridgeVlanInfoFlags),
		})),
		4: rawNest("IFLA_BRIDGE_MRP"),
		5: rawNest("IFLA_BRIDGE_CFM"),
		6: rawNest("IFLA_BRIDGE_MST"),
	})
	// afSpecAttrs is IFLA_AF_SPEC of AF_UNSPEC link messages: one nest per
	// address family, typed by the family number.
	afSpecAttrs = attrSet("IFLA_AF_SPEC", map[uint16]*AttrSpec{
		afInet:   nest("AF_INET", inetAttrs),
		afInet6:  nest("AF_INET6", inet6Attrs),
		afBridge: nest("AF_BRIDGE", bridgeAFAttrs),
		afMPLS:   rawNest("AF_MPLS"),
	})
	xdpAttrs = attrSet("IFLA_XDP", map[uint16]*AttrSpec{
		1: s32a("IFLA_XDP_FD"),
		2: enumA("IFLA_XDP_ATTACHED", KindU8, xdpAttachedNames),
		3: flagsA("IFLA_XDP_FLAGS", KindU32, map[uint64]string{
			1: "XDP_FLAGS_UPDATE_IF_NOEXIST", 2: "XDP_FLAGS_SKB_MODE", 4: "XDP_FLAGS_DRV_MODE",
			8: "XDP_FLAGS_HW_MODE", 16: "XDP_FLAGS_REPLACE",
		}),
		4: u32a("IFLA_XDP_PROG_ID"),
		5: u32a("IFLA_XDP_DRV_PROG_ID"),
		6: u32a("IFLA_XDP_SKB_PROG_ID"),
		7: u32a("IFLA_XDP_HW_PROG_ID"),
		8: s32a("IFLA_XDP_EXPECTED_FD"),
	})
	vfPortAttrs = attrSet("IFLA_PORT", map[uint16]*AttrSpec{
		1: u32a("IFLA_PORT_VF"),
		2: strA("IFLA_PORT_PROFILE"),
		3: binA("IFLA_PORT_VSI_TYPE"),
		4: binA("IFLA_PORT_INSTANCE_UUID"),
		5: binA("IFLA_PORT_HOST_UUID"),
		6: u8("IFLA_PORT_REQUEST"),
		7: u16a("IFLA_PORT_RESPONSE"),
	})
	propListAttrs = attrSet("IFLA_PROP_LIST", map[uint16]*AttrSpec{
		53: strA("IFLA_ALT_IFNAME"),
	})
)

// iflaSpecs lists enum IFLA (include/uapi/linux/if_link.h). linux 6.1 ends
// at IFLA_ALLMULTI (0x3d); the later ones are named for newer kernels.
func iflaSpecs() map[uint16]*AttrSpec {
	return map[uint16]*AttrSpec{
		1:  llA("IFLA_ADDRESS"),
		2:  llA("IFLA_BROADCAST"),
		3:  strA("IFLA_IFNAME"),
		4:  u32a("IFLA_MTU"),
		5:  u32a("IFLA_LINK"),
		6:  strA("IFLA_QDISC"),
		7:  structA("IFLA_STATS", linkStatsStruct),
		8:  binA("IFLA_COST"),
		9:  binA("IFLA_PRIORITY"),
		10: u32a("IFLA_MASTER"),
		11: binA("IFLA_WIRELESS"),
		12: rawNest("IFLA_PROTINFO"),
		13: u32a("IFLA_TXQLEN"),
		14: structA("IFLA_MAP", linkIfmapStruct),
		15: u32a("IFLA_WEIGHT"),
		16: enumA("IFLA_OPERSTATE", KindU8, ifOperNames),
		17: enumA("IFLA_LINKMODE", KindU8, ifLinkModeNames),
		18: nest("IFLA_LINKINFO", linkInfoAttrs),
		19: u32a("IFLA_NET_NS_PID"),
		20: strA("IFLA_IFALIAS"),
		21: u32a("IFLA_NUM_VF"),
		22: nest("IFLA_VFINFO_LIST", attrSet("IFLA_VF_INFO", map[uint16]*AttrSpec{1: rawNest("IFLA_VF_INFO")})),
		23: structA("IFLA_STATS64", linkStats64Struct),
		24: nest("IFLA_VF_PORTS", attrSet("IFLA_VF_PORT", map[uint16]*AttrSpec{1: nest("IFLA_VF_PORT", vfPortAttrs)})),
		25: nest("IFLA_PORT_SELF", vfPortAttrs),
		26: nest("IFLA_AF_SPEC", afSpecAttrs),
		27: u32a("IFLA_GROUP"),
		28: u32a("IFLA_NET_NS_FD"),
		29: flagsA("IFLA_EXT_MASK", KindU32, rtextFilterNames),
		30: u32a("IFLA_PROMISCUITY"),
		31: u32a("IFLA_NUM_TX_QUEUES"),
		32: u32a("IFLA_NUM_RX_QUEUES"),
		33: u8("IFLA_CARRIER"),
		34: binA("IFLA_PHYS_PORT_ID"),
		35: u32a("IFLA_CARRIER_CHANGES"),
		36: binA("IFLA_PHYS_SWITCH_ID"),
		37: s32a("IFLA_LINK_NETNSID"),
		38: strA("IFLA_PHYS_PORT_NAME"),
		39: u8("IFLA_PROTO_DOWN"),
		40: u32a("IFLA_GSO_MAX_SEGS"),
		41: u32a("IFLA_GSO_MAX_SIZE"),
		42: binA("IFLA_PAD"),
		43: nest("IFLA_XDP", xdpAttrs),
		44: enumA("IFLA_EVENT", KindU32, iflaEventNames),
		45: s32a("IFLA_NEW_NETNSID"),
		46: s32a("IFLA_TARGET_NETNSID"), // alias of IFLA_IF_NETNSID
		47: u32a("IFLA_CARRIER_UP_COUNT"),
		48: u32a("IFLA_CARRIER_DOWN_COUNT"),
		49: s32a("IFLA_NEW_IFINDEX"),
		50: u32a("IFLA_MIN_MTU"),
		51: u32a("IFLA_MAX_MTU"),
		52: nest("IFLA_PROP_LIST", propListAttrs),
		53: strA("IFLA_ALT_IFNAME"),
		54: llA("IFLA_PERM_ADDRESS"),
		55: nest("IFLA_PROTO_DOWN_REASON", attrSet("IFLA_PROTO_DOWN_REASON", map[uint16]*AttrSpec{
			1: u32a("IFLA_PROTO_DOWN_REASON_MASK"),
			2: u32a("IFLA_PROTO_DOWN_REASON_VALUE"),
		})),
		56: strA("IFLA_PARENT_DEV_NAME"),
		57: strA("IFLA_PARENT_DEV_BUS_NAME"),
		58: u32a("IFLA_GRO_MAX_SIZE"),
		59: u32a("IFLA_TSO_MAX_SIZE"),
		60: u32a("IFLA_TSO_MAX_SEGS"),
		61: u32a("IFLA_ALLMULTI"),
		62: rawNest("IFLA_DEVLINK_PORT"),             // linux 6.2
		63: u32a("IFLA_GSO_IPV4_MAX_SIZE"),           // linux 6.3
		64: u32a("IFLA_GRO_IPV4_MAX_SIZE"),           // linux 6.3
		65: rawNest("IFLA_DPLL_PIN"),                 // linux 6.7
		66: uintA("IFLA_MAX_PACING_OFFLOAD_HORIZON"), // linux 6.13
		67: u8("IFLA_NETNS_IMMUTABLE"),               // linux 6.13
		68: uintA("IFLA_HEADROOM"),                   // linux 6.15
		69: uintA("IFLA_TAILROOM"),                   // linux 6.15
	}
}

// Link attribute sets: AF_UNSPEC messages (the usual), AF_BRIDGE ones
// (IFLA_PROTINFO holds IFLA_BRPORT_*, IFLA_AF_SPEC holds IFLA_BRIDGE_*) and
// AF_INET6 ones (IFLA_PROTINFO holds IFLA_INET6_*).
var (
	linkAttrs       = &AttrSet{Name: "IFLA", Attrs: iflaSpecs()}
	linkBridgeAttrs = withAttrs(linkAttrs, map[uint16]*AttrSpec{
		12: nest("IFLA_PROTINFO", brportAttrs),
		26: nest("IFLA_AF_SPEC", bridgeAFAttrs),
	})
	linkInet6Attrs = withAttrs(linkAttrs, map[uint16]*AttrSpec{
		12: nest("IFLA_PROTINFO", inet6Attrs),
	})
)

// withAttrs returns a copy of set with some attribute types replaced.
func withAttrs(set *AttrSet, over map[uint16]*AttrSpec) *AttrSet {
	m := make(map[uint16]*AttrSpec, len(set.Attrs)+len(over))
	for k, v := range set.Attrs {
		m[k] = v
	}
	for k, v := range over {
		m[k] = v
	}
	return &AttrSet{Name: set.Name, Attrs: m, Default: set.Default}
}

func init() {
	// VETH_INFO_PEER: struct ifinfomsg, then the peer's IFLA attributes.
	vethAttrs.Attrs[1] = &AttrSpec{Name: "VETH_INFO_PEER", Kind: KindNested, Struct: ifinfomsgHeader, Nested: linkAttrs}
}

// enum IFA (include/uapi/linux/if_addr.h).
var addrAttrs = attrSet("IFA", map[uint16]*AttrSpec{
	1:  addrA("IFA_ADDRESS"),
	2:  addrA("IFA_LOCAL"),
	3:  strA("IFA_LABEL"),
	4:  addrA("IFA_BROADCAST"),
	5:  addrA("IFA_ANYCAST"),
	6:  structA("IFA_CACHEINFO", ifaCacheinfoStruct),
	7:  addrA("IFA_MULTICAST"),
	8:  flagsA("IFA_FLAGS", KindU32, ifaFlagNames),
	9:  u32a("IFA_RT_PRIORITY"),
	10: s32a("IFA_TARGET_NETNSID"),
	11: enumA("IFA_PROTO", KindU8, ifaProtoNames),
})

// enum RTAX (include/uapi/linux/rtnetlink.h): RTA_METRICS.
var metricsAttrs = attrSet("RTAX", map[uint16]*AttrSpec{
	1:  u32a("RTAX_LOCK"),
	2:  u32a("RTAX_MTU"),
	3:  u32a("RTAX_WINDOW"),
	4:  u32a("RTAX_RTT"),
	5:  u32a("RTAX_RTTVAR"),
	6:  u32a("RTAX_SSTHRESH"),
	7:  u32a("RTAX_CWND"),
	8:  u32a("RTAX_ADVMSS"),
	9:  u32a("RTAX_REORDERING"),
	10: u32a("RTAX_HOPLIMIT"),
	11: u32a("RTAX_INITCWND"),
	12: flagsA("RTAX_FEATURES", KindU32, rtaxFeatureNames),
	13: u32a("RTAX_RTO_MIN"),
	14: u32a("RTAX_INITRWND"),
	15: u32a("RTAX_QUICKACK"),
	16: strA("RTAX_CC_ALGO"),
	17: u32a("RTAX_FASTOPEN_NO_COOKIE"),
})

// enum rtattr_type_t (include/uapi/linux/rtnetlink.h).
func rtaSpecs() map[uint16]*AttrSpec {
	return map[uint16]*AttrSpec{
		1:  addrA("RTA_DST"),
		2:  addrA("RTA_SRC"),
		3:  u32a("RTA_IIF"),
		4:  u32a("RTA_OIF"),
		5:  addrA("RTA_GATEWAY"),
		6:  u32a("RTA_PRIORITY"),
		7:  addrA("RTA_PREFSRC"),
		8:  nest("RTA_METRICS", metricsAttrs),
		9:  nil, // RTA_MULTIPATH, set below (its entries nest RTA attributes)
		10: binA("RTA_PROTOINFO"),
		11: u32a("RTA_FLOW"),
		12: structA("RTA_CACHEINFO", rtaCacheinfoStruct),
		13: binA("RTA_SESSION"),
		14: binA("RTA_MP_ALGO"),
		15: enumA("RTA_TABLE", KindU32, rtTableNames),
		16: u32a("RTA_MARK"),
		17: structA("RTA_MFC_STATS", rtaMfcStatsStruct),
		18: customA("RTA_VIA", rtvia),
		19: customA("RTA_NEWDST", mplsLabels),
		20: enumA("RTA_PREF", KindU8, icmpv6RouterPrefNames),
		21: enumA("RTA_ENCAP_TYPE", KindU16, lwtEncapNames),
		22: rawNest("RTA_ENCAP"),
		23: uintA("RTA_EXPIRES"),
		24: binA("RTA_PAD"),
		25: u32a("RTA_UID"),
		26: u8("RTA_TTL_PROPAGATE"),
		27: enumA("RTA_IP_PROTO", KindU8, ipProtoNames),
		28: be16a("RTA_SPORT"),
		29: be16a("RTA_DPORT"),
		30: u32a("RTA_NH_ID"),
		31: {Name: "RTA_FLOWLABEL", Kind: KindBE32}, // linux 6.15
	}
}

var (
	routeAttrs     = &AttrSet{Name: "RTA", Attrs: rtaSpecs()}
	routeMPLSAttrs = withAttrs(routeAttrs, map[uint16]*AttrSpec{
		1: customA("RTA_DST", mplsLabels),
	})
)

func init() {
	for _, set := range []*AttrSet{routeAttrs, routeMPLSAttrs} {
		set.Attrs[9] = &AttrSpec{Name: "RTA_MULTIPATH", Kind: KindEntries, Struct: rtnexthopStruct, EntryLen: rtnexthopLen, Nested: set}
	}
}

// enum NDA (include/uapi/linux/neighbour.h).
var neighAttrs = attrSet("NDA", map[uint16]*AttrSpec{
	1:  addrA("NDA_DST"),
	2:  llA("NDA_LLADDR"),
	3:  structA("NDA_CACHEINFO", ndaCacheinfoStruct),
	4:  u32a("NDA_PROBES"),
	5:  u16a("NDA_VLAN"),
	6:  be16a("NDA_PORT"),
	7:  u32a("NDA_VNI"),
	8:  u32a("NDA_IFINDEX"),
	9:  u32a("NDA_MASTER"),
	10: s32a("NDA_LINK_NETNSID"),
	11: u32a("NDA_SRC_VNI"),
	12: enumA("NDA_PROTOCOL", KindU8, rtProtNames),
	13: u32a("NDA_NH_ID"),
	14: nest("NDA_FDB_EXT_ATTRS", attrSet("NFEA", map[uint16]*AttrSpec{
		1: u8("NFEA_ACTIVITY_NOTIFY"),
		2: flagA("NFEA_DONT_REFRESH"),
	})),
	15: flagsA("NDA_FLAGS_EXT", KindU32, ntfExtNames),
	16: flagsA("NDA_NDM_STATE_MASK", KindU16, nudNames),
	17: flagsA("NDA_NDM_FLAGS_MASK", KindU8, ntfNames),
})

// enum NETCONFA (include/uapi/linux/netconf.h).
var netconfAttrs = attrSet("NETCONFA", map[uint16]*AttrSpec{
	1: enumA("NETCONFA_IFINDEX", KindS32, netconfIfindexNames),
	2: s32a("NETCONFA_FORWARDING"),
	3: s32a("NETCONFA_RP_FILTER"),
	4: s32a("NETCONFA_MC_FORWARDING"),
	5: s32a("NETCONFA_PROXY_NEIGH"),
	6: s32a("NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN"),
	7: s32a("NETCONFA_INPUT"),
	8: s32a("NETCONFA_BC_FORWARDING"),
})

// enum TCA (include/uapi/linux/rtnetlink.h); TCA_OPTIONS depends on the
// qdisc or filter kind and is left raw.
var tcAttrs = attrSet("TCA", map[uint16]*AttrSpec{
	1: strA("TCA_KIND"),
	2: binA("TCA_OPTIONS"),
	3: binA("TCA_STATS"),
	4: binA("TCA_XSTATS"),
	5: binA("TCA_RATE"),
	6: u32a("TCA_FCNT"),
	7: nest("TCA_STATS2", attrSet("TCA_STATS", map[uint16]*AttrSpec{
		1: structA("TCA_STATS_BASIC", gnetStatsBasicStruct),
		2: structA("TCA_STATS_RATE_EST", gnetStatsRateEstStruct),
		3: structA("TCA_STATS_QUEUE", gnetStatsQueueStruct),
		4: binA("TCA_STATS_APP"),
		5: binA("TCA_STATS_RATE_EST64"),
		6: binA("TCA_STATS_PAD"),
		7: structA("TCA_STATS_BASIC_HW", gnetStatsBasicStruct),
		8: u64a("TCA_STATS_PKT64"),
	})),
	8:  rawNest("TCA_STAB"),
	9:  binA("TCA_PAD"),
	10: flagA("TCA_DUMP_INVISIBLE"),
	11: u32a("TCA_CHAIN"),
	12: u8("TCA_HW_OFFLOAD"),
	13: u32a("TCA_INGRESS_BLOCK"),
	14: u32a("TCA_EGRESS_BLOCK"),
	15: binA("TCA_DUMP_FLAGS"),
	16: strA("TCA_EXT_WARN_MSG"),
})

// enum NHA (include/uapi/linux/nexthop.h).
var nexthopAttrs = attrSet("NHA", map[uint16]*AttrSpec{
	1:  u32a("NHA_ID"),
	2:  binA("NHA_GROUP"),
	3:  enumA("NHA_GROUP_TYPE", KindU16, nexthopGrpTypeNames),
	4:  flagA("NHA_BLACKHOLE"),
	5:  u32a("NHA_OIF"),
	6:  addrA("NHA_GATEWAY"),
	7:  enumA("NHA_ENCAP_TYPE", KindU16, lwtEncapNames),
	8:  rawNest("NHA_ENCAP"),
	9:  flagA("NHA_GROUPS"),
	10: u32a("NHA_MASTER"),
	11: flagA("NHA_FDB"),
	12: nest("NHA_RES_GROUP", attrSet("NHA_RES_GROUP", map[uint16]*AttrSpec{
		1: u16a("NHA_RES_GROUP_BUCKETS"),
		2: u32a("NHA_RES_GROUP_IDLE_TIMER"),
		3: u32a("NHA_RES_GROUP_UNBALANCED_TIMER"),
		4: u64a("NHA_RES_GROUP_UNBALANCED_TIME"),
	})),
	13: nest("NHA_RES_BUCKET", attrSet("NHA_RES_BUCKET", map[uint16]*AttrSpec{
		1: u16a("NHA_RES_BUCKET_INDEX"),
		2: u64a("NHA_RES_BUCKET_IDLE_TIME"),
		3: u32a("NHA_RES_BUCKET_NH_ID"),
	})),
	14: u32a("NHA_OP_FLAGS"),       // linux 6.10
	15: rawNest("NHA_GROUP_STATS"), // linux 6.10
	16: u32a("NHA_HW_STATS_ENABLE"),
	17: u32a("NHA_HW_STATS_USED"),
})

// enum NETNSA (include/uapi/linux/net_namespace.h).
var nsidAttrs = attrSet("NETNSA", map[uint16]*AttrSpec{
	1: s32a("NETNSA_NSID"),
	2: u32a("NETNSA_PID"),
	3: u32a("NETNSA_FD"),
	4: s32a("NETNSA_TARGET_NSID"),
	5: s32a("NETNSA_CURRENT_NSID"),
})

// enum FRA (include/uapi/linux/fib_rules.h), the common ones.
var ruleAttrs = attrSet("FRA", map[uint16]*AttrSpec{
	1:  addrA("FRA_DST"),
	2:  addrA("FRA_SRC"),
	3:  strA("FRA_IIFNAME"),
	4:  u32a("FRA_GOTO"),
	6:  u32a("FRA_PRIORITY"),
	10: u32a("FRA_FWMARK"),
	11: u32a("FRA_FLOW"),
	12: u64a("FRA_TUN_ID"),
	13: u32a("FRA_SUPPRESS_IFGROUP"),
	14: u32a("FRA_SUPPRESS_PREFIXLEN"),
	15: enumA("FRA_TABLE", KindU32, rtTableNames),
	16: u32a("FRA_FWMASK"),
	17: strA("FRA_OIFNAME"),
	18: binA("FRA_PAD"),
	19: u8("FRA_L3MDEV"),
	20: binA("FRA_UID_RANGE"),
	21: enumA("FRA_PROTOCOL", KindU8, rtProtNames),
	22: enumA("FRA_IP_PROTO", KindU8, ipProtoNames),
	23: binA("FRA_SPORT_RANGE"),
	24: binA("FRA_DPORT_RANGE"),
})
