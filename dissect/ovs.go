package dissect

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// The Open vSwitch generic netlink families ("ovs_datapath", "ovs_vport",
// "ovs_flow", "ovs_packet", "ovs_meter", "ovs_ct_limit"; include/uapi/linux/openvswitch.h, the kernel's
// YNL specs Documentation/netlink/specs/ovs_*.yaml, net/openvswitch/
// datapath.c and flow_netlink.c): the overlays over the generated names.
//
// Every OVS message starts, after genlmsghdr, with
//
//	struct ovs_header {
//		int dp_ifindex;
//	};
//
// ovsHeader describes it (dp_ifindex is TagIfindex): the families below
// register it as their GenlFamilySpec.Header, so that the decoder shows
// dp_ifindex after genlmsghdr's fields and reads the attributes after it
// (ovs_test.go decodes through the decoder), and replay rewrites and
// compares it as an ifindex.
var ovsHeader = cstruct("ovs_header", 4, member{name: "dp_ifindex", off: 0, kind: mS32, tags: TagIfindex})

// ovs_datapath:
//
//	OVS_DP_ATTR_NAME,		/* name of dp_ifindex netdev */
//	OVS_DP_ATTR_UPCALL_PID,		/* Netlink PID to receive upcalls */
//	OVS_DP_ATTR_STATS,		/* struct ovs_dp_stats */
//	OVS_DP_ATTR_MEGAFLOW_STATS,	/* struct ovs_dp_megaflow_stats */
//	OVS_DP_ATTR_USER_FEATURES,	/* OVS_DP_F_*  */
//	OVS_DP_ATTR_PAD,
//	OVS_DP_ATTR_MASKS_CACHE_SIZE,
//	OVS_DP_ATTR_PER_CPU_PIDS,   /* Netlink PIDS to receive upcalls in
//				     * per-cpu dispatch mode
//				     */
//	OVS_DP_ATTR_IFINDEX,
//
//	struct ovs_dp_stats {
//		__u64 n_hit;             /* Number of flow table matches. */
//		__u64 n_missed;          /* Number of flow table misses. */
//		__u64 n_lost;            /* Number of misses not sent to userspace. */
//		__u64 n_flows;           /* Number of flows present */
//	};
//	struct ovs_dp_megaflow_stats {
//		__u64 n_mask_hit;	 /* Number of masks used for flow lookups. */
//		__u32 n_masks;		 /* Number of masks for the datapath. */
//		__u32 pad0;		 /* Pad for future expension. */
//		__u64 n_cache_hit;       /* Number of cache matches for flow lookups. */
//		__u64 pad1;		 /* Pad for future expension. */
//	};
//
// The upcall port ids (one, or one per CPU) are netlink port ids of the
// daemon's sockets: volatile, as the statistics.
var (
	ovsDPStats         = cstruct("ovs_dp_stats", 32, u64Members(0, "n_hit", "n_missed", "n_lost", "n_flows")...)
	ovsDPMegaflowStats = cstruct("ovs_dp_megaflow_stats", 32, mu64("n_mask_hit", 0), mu32("n_masks", 8), mu64("n_cache_hit", 16))
	ovsDPAttrs         = genSet("OVS_DP_ATTR", genOVS_DP_ATTR, join(
		one(&AttrSpec{Name: "OVS_DP_ATTR_NAME", Kind: KindString},
			&AttrSpec{Name: "OVS_DP_ATTR_UPCALL_PID", Kind: KindU32, Tags: TagVolatile},
			structA("OVS_DP_ATTR_STATS", ovsDPStats).tag(TagVolatile),
			structA("OVS_DP_ATTR_MEGAFLOW_STATS", ovsDPMegaflowStats).tag(TagVolatile),
			&AttrSpec{Name: "OVS_DP_ATTR_USER_FEATURES", Kind: KindU32, Flags: genOVS_DP_F.names()},
			&AttrSpec{Name: "OVS_DP_ATTR_MASKS_CACHE_SIZE", Kind: KindU32},
			&AttrSpec{Name: "OVS_DP_ATTR_PER_CPU_PIDS", Kind: KindCustom, Format: formatU32Array, Tags: TagVolatile},
			&AttrSpec{Name: "OVS_DP_ATTR_IFINDEX", Kind: KindU32, Tags: TagIfindex}))...)
)

// ovs_vport:
//
//	OVS_VPORT_ATTR_PORT_NO,	/* u32 port number within datapath */
//	OVS_VPORT_ATTR_TYPE,	/* u32 OVS_VPORT_TYPE_* constant. */
//	OVS_VPORT_ATTR_NAME,	/* string name, up to IFNAMSIZ bytes long */
//	OVS_VPORT_ATTR_OPTIONS, /* nested attributes, varies by vport type */
//	OVS_VPORT_ATTR_UPCALL_PID, /* array of u32 Netlink socket PIDs for */
//				/* receiving upcalls */
//	OVS_VPORT_ATTR_STATS,	/* struct ovs_vport_stats */
//	OVS_VPORT_ATTR_PAD,
//	OVS_VPORT_ATTR_IFINDEX,
//	OVS_VPORT_ATTR_NETNSID,
//
//	OVS_TUNNEL_ATTR_DST_PORT, /* 16-bit UDP port, used by L4 tunnels. */
//	OVS_TUNNEL_ATTR_EXTENSION,
//	OVS_VXLAN_EXT_GBP,	/* Flag or __u32 */
//
// Only the tunnel vports have options (OVS_TUNNEL_ATTR_*); vport-vxlan.c
// and vport-geneve.c put the UDP port in host order
// (nla_put_u16(skb, OVS_TUNNEL_ATTR_DST_PORT, ntohs(dst_port))).
var (
	ovsVportStats = cstruct("ovs_vport_stats", 64, u64Members(0, "rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
		"rx_errors", "tx_errors", "rx_dropped", "tx_dropped")...)
	ovsTunnelAttrs = genSet("OVS_TUNNEL_ATTR", genOVS_TUNNEL_ATTR,
		&AttrSpec{Name: "OVS_TUNNEL_ATTR_DST_PORT", Kind: KindU16},
		&AttrSpec{Name: "OVS_TUNNEL_ATTR_EXTENSION", Kind: KindNested, Nested: ovsVxlanExtAttrs})
	ovsVxlanExtAttrs = genSet("OVS_VXLAN_EXT", genOVS_VXLAN_EXT,
		&AttrSpec{Name: "OVS_VXLAN_EXT_GBP", Kind: KindCustom, Format: formatFlagOrU32})
	ovsVportAttrs = genSet("OVS_VPORT_ATTR", genOVS_VPORT_ATTR,
		&AttrSpec{Name: "OVS_VPORT_ATTR_PORT_NO", Kind: KindU32},
		&AttrSpec{Name: "OVS_VPORT_ATTR_TYPE", Kind: KindU32, Enum: genOVS_VPORT_TYPE.names()},
		&AttrSpec{Name: "OVS_VPORT_ATTR_NAME", Kind: KindString},
		&AttrSpec{Name: "OVS_VPORT_ATTR_OPTIONS", Kind: KindNested, Nested: ovsTunnelAttrs},
		&AttrSpec{Name: "OVS_VPORT_ATTR_UPCALL_PID", Kind: KindCustom, Format: formatU32Array, Tags: TagVolatile},
		structA("OVS_VPORT_ATTR_STATS", ovsVportStats).tag(TagVolatile),
		&AttrSpec{Name: "OVS_VPORT_ATTR_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "OVS_VPORT_ATTR_NETNSID", Kind: KindS32})
)

// The flow key (OVS_FLOW_ATTR_KEY and _MASK, OVS_PACKET_ATTR_KEY, the
// header an OVS_ACTION_ATTR_SET rewrites):
//
//	OVS_KEY_ATTR_ENCAP,	/* Nested set of encapsulated attributes. */
//	OVS_KEY_ATTR_PRIORITY,  /* u32 skb->priority */
//	OVS_KEY_ATTR_IN_PORT,   /* u32 OVS dp port number */
//	OVS_KEY_ATTR_ETHERNET,  /* struct ovs_key_ethernet */
//	OVS_KEY_ATTR_VLAN,	/* be16 VLAN TCI */
//	OVS_KEY_ATTR_ETHERTYPE,	/* be16 Ethernet type */
//	OVS_KEY_ATTR_IPV4,      /* struct ovs_key_ipv4 */
//	OVS_KEY_ATTR_IPV6,      /* struct ovs_key_ipv6 */
//	OVS_KEY_ATTR_TCP,       /* struct ovs_key_tcp */
//	OVS_KEY_ATTR_UDP,       /* struct ovs_key_udp */
//	OVS_KEY_ATTR_ICMP,      /* struct ovs_key_icmp */
//	OVS_KEY_ATTR_ICMPV6,    /* struct ovs_key_icmpv6 */
//	OVS_KEY_ATTR_ARP,       /* struct ovs_key_arp */
//	OVS_KEY_ATTR_ND,        /* struct ovs_key_nd */
//	OVS_KEY_ATTR_SKB_MARK,  /* u32 skb mark */
//	OVS_KEY_ATTR_TUNNEL,    /* Nested set of ovs_tunnel attributes */
//	OVS_KEY_ATTR_SCTP,      /* struct ovs_key_sctp */
//	OVS_KEY_ATTR_TCP_FLAGS,	/* be16 TCP flags. */
//	OVS_KEY_ATTR_DP_HASH,      /* u32 hash value. Value 0 indicates the hash
//				   is not computed by the datapath. */
//	OVS_KEY_ATTR_RECIRC_ID, /* u32 recirc id */
//	OVS_KEY_ATTR_MPLS,      /* array of struct ovs_key_mpls.
//				 * The implementation may restrict
//				 * the accepted length of the array. */
//	OVS_KEY_ATTR_CT_STATE,	/* u32 bitmask of OVS_CS_F_* */
//	OVS_KEY_ATTR_CT_ZONE,	/* u16 connection tracking zone. */
//	OVS_KEY_ATTR_CT_MARK,	/* u32 connection tracking mark */
//	OVS_KEY_ATTR_CT_LABELS,	/* 16-octet connection tracking label */
//	OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,   /* struct ovs_key_ct_tuple_ipv4 */
//	OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,   /* struct ovs_key_ct_tuple_ipv6 */
//	OVS_KEY_ATTR_NSH,       /* Nested set of ovs_nsh_key_* */
//	OVS_KEY_ATTR_PACKET_TYPE,   /* be32 packet type */
//	OVS_KEY_ATTR_ND_EXTENSIONS, /* IPv6 Neighbor Discovery extensions */
//	OVS_KEY_ATTR_TUNNEL_INFO,   /* struct ip_tunnel_info.
//				     * For in-kernel use only.
//				     */
//	OVS_KEY_ATTR_IPV6_EXTHDRS,  /* struct ovs_key_ipv6_exthdr */
//
// The structs, field by field (addresses print as addresses, ports and
// the ARP opcode are big-endian):
//
//	struct ovs_key_ethernet { __u8 eth_src[ETH_ALEN]; __u8 eth_dst[ETH_ALEN]; };
//	struct ovs_key_ipv4 { __be32 ipv4_src; __be32 ipv4_dst; __u8 ipv4_proto;
//		__u8 ipv4_tos; __u8 ipv4_ttl; __u8 ipv4_frag; /* One of OVS_FRAG_TYPE_*. */ };
//	struct ovs_key_ipv6 { __be32 ipv6_src[4]; __be32 ipv6_dst[4];
//		__be32 ipv6_label; /* 20-bits in least-significant bits. */
//		__u8 ipv6_proto; __u8 ipv6_tclass; __u8 ipv6_hlimit; __u8 ipv6_frag; };
//	struct ovs_key_ipv6_exthdrs { __u16 hdrs; };
//	struct ovs_key_tcp { __be16 tcp_src; __be16 tcp_dst; };	(udp, sctp alike)
//	struct ovs_key_icmp { __u8 icmp_type; __u8 icmp_code; };	(icmpv6 alike)
//	struct ovs_key_arp { __be32 arp_sip; __be32 arp_tip; __be16 arp_op;
//		__u8 arp_sha[ETH_ALEN]; __u8 arp_tha[ETH_ALEN]; };	(24 bytes with padding)
//	struct ovs_key_nd { __be32 nd_target[4]; __u8 nd_sll[ETH_ALEN]; __u8 nd_tll[ETH_ALEN]; };
//	struct ovs_key_ct_tuple_ipv4 { __be32 ipv4_src; __be32 ipv4_dst; __be16 src_port;
//		__be16 dst_port; __u8 ipv4_proto; };	(16 bytes with padding)
//	struct ovs_key_ct_tuple_ipv6 { __be32 ipv6_src[4]; __be32 ipv6_dst[4]; __be16 src_port;
//		__be16 dst_port; __u8 ipv6_proto; };	(40 bytes with padding)
//
// A mask (OVS_FLOW_ATTR_MASK) has the same layout: its addresses print as
// the address masks they are (255.255.255.0, ff:ff:ff:ff:ff:ff).
var (
	ovsKeyEthernet = ovsStruct("ovs_key_ethernet", 12, maddr("eth_src", 0, 6), maddr("eth_dst", 6, 6))
	ovsKeyIPv4     = ovsStruct("ovs_key_ipv4", 12, maddr("ipv4_src", 0, 4), maddr("ipv4_dst", 4, 4),
		mu8("ipv4_proto", 8).named(ipProtoNames), mu8("ipv4_tos", 9), mu8("ipv4_ttl", 10), mu8("ipv4_frag", 11).named(genOVS_FRAG_TYPE.names()))
	ovsKeyIPv6 = ovsStruct("ovs_key_ipv6", 40, maddr("ipv6_src", 0, 16), maddr("ipv6_dst", 16, 16),
		member{name: "ipv6_label", off: 32, kind: mBE32}, mu8("ipv6_proto", 36).named(ipProtoNames), mu8("ipv6_tclass", 37),
		mu8("ipv6_hlimit", 38), mu8("ipv6_frag", 39).named(genOVS_FRAG_TYPE.names()))
	ovsKeyIPv6Exthdrs = ovsStruct("ovs_key_ipv6_exthdrs", 2, mu16("hdrs", 0).bits(ofpIEH12Flags))
	ovsKeyTCP         = ovsPorts("ovs_key_tcp", "tcp_src", "tcp_dst")
	ovsKeyUDP         = ovsPorts("ovs_key_udp", "udp_src", "udp_dst")
	ovsKeySCTP        = ovsPorts("ovs_key_sctp", "sctp_src", "sctp_dst")
	ovsKeyICMP        = ovsStruct("ovs_key_icmp", 2, mu8("icmp_type", 0), mu8("icmp_code", 1))
	ovsKeyICMPv6      = ovsStruct("ovs_key_icmpv6", 2, mu8("icmpv6_type", 0), mu8("icmpv6_code", 1))
	ovsKeyARP         = ovsStruct("ovs_key_arp", 24, maddr("arp_sip", 0, 4), maddr("arp_tip", 4, 4),
		member{name: "arp_op", off: 8, kind: mBE16}, maddr("arp_sha", 10, 6), maddr("arp_tha", 16, 6))
	ovsKeyND          = ovsStruct("ovs_key_nd", 28, maddr("nd_target", 0, 16), maddr("nd_sll", 16, 6), maddr("nd_tll", 22, 6))
	ovsKeyCTTupleIPv4 = ovsStruct("ovs_key_ct_tuple_ipv4", 16, append([]member{maddr("ipv4_src", 0, 4), maddr("ipv4_dst", 4, 4)}, ctTupleTail(8, "ipv4_proto")...)...)
	ovsKeyCTTupleIPv6 = ovsStruct("ovs_key_ct_tuple_ipv6", 40, append([]member{maddr("ipv6_src", 0, 16), maddr("ipv6_dst", 16, 16)}, ctTupleTail(32, "ipv6_proto")...)...)
	ovsTunnelKeyAttrs = genSet("OVS_TUNNEL_KEY_ATTR", genOVS_TUNNEL_KEY_ATTR, join(
		one(&AttrSpec{Name: "OVS_TUNNEL_KEY_ATTR_ID", Kind: KindBE64, Format: formatBEHex},
			&AttrSpec{Name: "OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS", Kind: KindNested, Nested: ovsVxlanExtAttrs}),
		specs(KindAddr, 0, "OVS_TUNNEL_KEY_ATTR_IPV4_SRC", "OVS_TUNNEL_KEY_ATTR_IPV4_DST", "OVS_TUNNEL_KEY_ATTR_IPV6_SRC", "OVS_TUNNEL_KEY_ATTR_IPV6_DST"),
		specs(KindU8, 0, "OVS_TUNNEL_KEY_ATTR_TOS", "OVS_TUNNEL_KEY_ATTR_TTL"),
		specs(KindFlag, 0, "OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT", "OVS_TUNNEL_KEY_ATTR_CSUM", "OVS_TUNNEL_KEY_ATTR_OAM", "OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE"),
		specs(KindBE16, 0, "OVS_TUNNEL_KEY_ATTR_TP_SRC", "OVS_TUNNEL_KEY_ATTR_TP_DST"),
		specs(KindBinary, 0, "OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS", "OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS"))...)
	ovsKeyAttrs = func() *AttrSet {
		s := genSet("OVS_KEY_ATTR", genOVS_KEY_ATTR, join(
			one(structA("OVS_KEY_ATTR_ETHERNET", ovsKeyEthernet), structA("OVS_KEY_ATTR_IPV4", ovsKeyIPv4),
				structA("OVS_KEY_ATTR_IPV6", ovsKeyIPv6), structA("OVS_KEY_ATTR_TCP", ovsKeyTCP), structA("OVS_KEY_ATTR_UDP", ovsKeyUDP),
				structA("OVS_KEY_ATTR_ICMP", ovsKeyICMP), structA("OVS_KEY_ATTR_ICMPV6", ovsKeyICMPv6), structA("OVS_KEY_ATTR_ARP", ovsKeyARP),
				structA("OVS_KEY_ATTR_ND", ovsKeyND), structA("OVS_KEY_ATTR_SCTP", ovsKeySCTP),
				structA("OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4", ovsKeyCTTupleIPv4), structA("OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6", ovsKeyCTTupleIPv6),
				structA("OVS_KEY_ATTR_IPV6_EXTHDRS", ovsKeyIPv6Exthdrs),
				&AttrSpec{Name: "OVS_KEY_ATTR_ETHERTYPE", Kind: KindBE16, Enum: ethPNames},
				&AttrSpec{Name: "OVS_KEY_ATTR_VLAN", Kind: KindBE16, Format: formatBEHex},
				&AttrSpec{Name: "OVS_KEY_ATTR_TCP_FLAGS", Kind: KindBE16, Flags: tcpHeaderFlags},
				&AttrSpec{Name: "OVS_KEY_ATTR_CT_STATE", Kind: KindU32, Flags: genOVS_CS_F.names()},
				&AttrSpec{Name: "OVS_KEY_ATTR_TUNNEL", Kind: KindNested, Nested: ovsTunnelKeyAttrs},
				&AttrSpec{Name: "OVS_KEY_ATTR_PACKET_TYPE", Kind: KindBE32, Format: formatBEHex}),
			specs(KindU32, 0, "OVS_KEY_ATTR_PRIORITY", "OVS_KEY_ATTR_IN_PORT", "OVS_KEY_ATTR_DP_HASH", "OVS_KEY_ATTR_RECIRC_ID"),
			specs(KindU16, 0, "OVS_KEY_ATTR_CT_ZONE"),
			specs(KindCustom, 0, "OVS_KEY_ATTR_SKB_MARK", "OVS_KEY_ATTR_CT_MARK"),
			one(&AttrSpec{Name: "OVS_KEY_ATTR_MPLS", Kind: KindCustom, Format: formatMPLSLSEs},
				&AttrSpec{Name: "OVS_KEY_ATTR_NSH", Kind: KindNested, Nested: ovsNSHKeyAttrs}),
			specs(KindBinary, 0, "OVS_KEY_ATTR_CT_LABELS", "OVS_KEY_ATTR_ND_EXTENSIONS", "OVS_KEY_ATTR_TUNNEL_INFO"))...)
		for _, t := range []uint16{OVS_KEY_ATTR_SKB_MARK, OVS_KEY_ATTR_CT_MARK} {
			s.Attrs[t].Format = formatHex32
		}
		nestSelf(s, genOVS_KEY_ATTR, "OVS_KEY_ATTR_ENCAP")
		return s
	}()
	// OVS_KEY_ATTR_NSH and OVS_ACTION_ATTR_PUSH_NSH:
	//
	//	OVS_NSH_KEY_ATTR_BASE,  /* struct ovs_nsh_key_base. */
	//	OVS_NSH_KEY_ATTR_MD1,   /* struct ovs_nsh_key_md1. */
	//	OVS_NSH_KEY_ATTR_MD2,   /* variable-length octets for MD type 2. */
	//
	//	struct ovs_nsh_key_base { __u8 flags; __u8 ttl; __u8 mdtype; __u8 np; __be32 path_hdr; };
	//	struct ovs_nsh_key_md1 { __be32 context[NSH_MD1_CONTEXT_SIZE]; };	(4)
	ovsNSHKeyAttrs = genSet("OVS_NSH_KEY_ATTR", genOVS_NSH_KEY_ATTR,
		structA("OVS_NSH_KEY_ATTR_BASE", ovsStruct("ovs_nsh_key_base", 8, mu8("flags", 0), mu8("ttl", 1), mu8("mdtype", 2), mu8("np", 3),
			member{name: "path_hdr", off: 4, kind: mBE32})),
		structA("OVS_NSH_KEY_ATTR_MD1", ovsStruct("ovs_nsh_key_md1", 16, member{name: "context0", off: 0, kind: mBE32},
			member{name: "context1", off: 4, kind: mBE32}, member{name: "context2", off: 8, kind: mBE32}, member{name: "context3", off: 12, kind: mBE32})),
		&AttrSpec{Name: "OVS_NSH_KEY_ATTR_MD2", Kind: KindBinary})
	// ofpIEH12Flags names the bits of struct ovs_key_ipv6_exthdrs' hdrs:
	// the extension headers a packet holds, enum ofp12_ipv6exthdr_flags of
	// net/openvswitch/flow.h (OpenFlow 1.2's OFPIEH_*; not UAPI):
	//
	//	OFPIEH12_NONEXT = 1 << 0,  /* "No next header" encountered. */
	//	OFPIEH12_ESP    = 1 << 1,  /* Encrypted Sec Payload header present. */
	//	OFPIEH12_AUTH   = 1 << 2,  /* Authentication header present. */
	//	OFPIEH12_DEST   = 1 << 3,  /* 1 or 2 dest headers present. */
	//	OFPIEH12_FRAG   = 1 << 4,  /* Fragment header present. */
	//	OFPIEH12_ROUTER = 1 << 5,  /* Router header present. */
	//	OFPIEH12_HOP    = 1 << 6,  /* Hop-by-hop header present. */
	//	OFPIEH12_UNREP  = 1 << 7,  /* Unexpected repeats encountered. */
	//	OFPIEH12_UNSEQ  = 1 << 8   /* Unexpected sequencing encountered. */
	//
	// (genl-ovsd.pcap: the MLD reports' upcalls carry OFPIEH12_HOP.)
	ofpIEH12Flags = map[uint64]string{1 << 0: "OFPIEH12_NONEXT", 1 << 1: "OFPIEH12_ESP", 1 << 2: "OFPIEH12_AUTH", 1 << 3: "OFPIEH12_DEST",
		1 << 4: "OFPIEH12_FRAG", 1 << 5: "OFPIEH12_ROUTER", 1 << 6: "OFPIEH12_HOP", 1 << 7: "OFPIEH12_UNREP", 1 << 8: "OFPIEH12_UNSEQ"}
	// tcpHeaderFlags names the TCP header's flag bits (include/net/tcp.h
	// TCPHDR_FIN ... TCPHDR_CWR), as OVS_KEY_ATTR_TCP_FLAGS and
	// OVS_FLOW_ATTR_TCP_FLAGS carry them.
	tcpHeaderFlags = map[uint64]string{0x01: "FIN", 0x02: "SYN", 0x04: "RST", 0x08: "PSH", 0x10: "ACK", 0x20: "URG", 0x40: "ECE", 0x80: "CWR"}
)

// The actions (OVS_FLOW_ATTR_ACTIONS, OVS_PACKET_ATTR_ACTIONS, and the
// nests of sample, clone, check_pkt_len and dec_ttl):
//
//	OVS_ACTION_ATTR_OUTPUT,	      /* u32 port number. */
//	OVS_ACTION_ATTR_USERSPACE,    /* Nested OVS_USERSPACE_ATTR_*. */
//	OVS_ACTION_ATTR_SET,          /* One nested OVS_KEY_ATTR_*. */
//	OVS_ACTION_ATTR_PUSH_VLAN,    /* struct ovs_action_push_vlan. */
//	OVS_ACTION_ATTR_POP_VLAN,     /* No argument. */
//	OVS_ACTION_ATTR_SAMPLE,       /* Nested OVS_SAMPLE_ATTR_*. */
//	OVS_ACTION_ATTR_RECIRC,       /* u32 recirc_id. */
//	OVS_ACTION_ATTR_HASH,	      /* struct ovs_action_hash. */
//	OVS_ACTION_ATTR_PUSH_MPLS,    /* struct ovs_action_push_mpls. */
//	OVS_ACTION_ATTR_POP_MPLS,     /* __be16 ethertype. */
//	OVS_ACTION_ATTR_SET_MASKED,   /* One nested OVS_KEY_ATTR_* including
//				       * data immediately followed by a mask.
//				       * The data must be zero for the unmasked
//				       * bits. */
//	OVS_ACTION_ATTR_CT,           /* Nested OVS_CT_ATTR_* . */
//	OVS_ACTION_ATTR_TRUNC,        /* u32 struct ovs_action_trunc. */
//	OVS_ACTION_ATTR_PUSH_ETH,     /* struct ovs_action_push_eth. */
//	OVS_ACTION_ATTR_POP_ETH,      /* No argument. */
//	OVS_ACTION_ATTR_CT_CLEAR,     /* No argument. */
//	OVS_ACTION_ATTR_PUSH_NSH,     /* Nested OVS_NSH_KEY_ATTR_*. */
//	OVS_ACTION_ATTR_POP_NSH,      /* No argument. */
//	OVS_ACTION_ATTR_METER,        /* u32 meter ID. */
//	OVS_ACTION_ATTR_CLONE,        /* Nested OVS_CLONE_ATTR_*.  */
//	OVS_ACTION_ATTR_CHECK_PKT_LEN, /* Nested OVS_CHECK_PKT_LEN_ATTR_*. */
//	OVS_ACTION_ATTR_ADD_MPLS,     /* struct ovs_action_add_mpls. */
//	OVS_ACTION_ATTR_DEC_TTL,      /* Nested OVS_DEC_TTL_ATTR_*. */
//
//	struct ovs_action_push_vlan { __be16 vlan_tpid; /* 802.1Q or 802.1ad TPID. */
//		__be16 vlan_tci; /* 802.1Q TCI (VLAN ID and priority). */ };
//	struct ovs_action_hash { __u32 hash_alg; /* One of ovs_hash_alg. */ __u32 hash_basis; };
//	struct ovs_action_push_mpls { __be32 mpls_lse; __be16 mpls_ethertype; };	(8 bytes with padding)
//	struct ovs_action_add_mpls { __be32 mpls_lse; __be16 mpls_ethertype; __u16 tun_flags; };
//	struct ovs_action_trunc { __u32 max_len; /* Max packet size in bytes. */ };
//	struct ovs_action_push_eth { struct ovs_key_ethernet addresses; };
//
//	OVS_USERSPACE_ATTR_PID,	      /* u32 Netlink PID to receive upcalls. */
//	OVS_USERSPACE_ATTR_USERDATA,  /* Optional user-specified cookie. */
//	OVS_USERSPACE_ATTR_EGRESS_TUN_PORT,  /* Optional, u32 output port
//					      * to get tunnel info. */
//	OVS_USERSPACE_ATTR_ACTIONS,   /* Optional flag to get actions. */
//	OVS_SAMPLE_ATTR_PROBABILITY, /* u32 number */
//	OVS_SAMPLE_ATTR_ACTIONS,     /* Nested OVS_ACTION_ATTR_* attributes. */
//	OVS_CT_ATTR_COMMIT,     /* No argument, commits connection. */
//	OVS_CT_ATTR_ZONE,       /* u16 zone id. */
//	OVS_CT_ATTR_MARK,       /* mark to associate with this connection. */
//	OVS_CT_ATTR_LABELS,     /* labels to associate with this connection. */
//	OVS_CT_ATTR_HELPER,     /* netlink helper to assist detection of
//				   related connections. */
//	OVS_CT_ATTR_NAT,        /* Nested OVS_NAT_ATTR_* */
//	OVS_CT_ATTR_FORCE_COMMIT,  /* No argument */
//	OVS_CT_ATTR_EVENTMASK,  /* u32 mask of IPCT_* events. */
//	OVS_CT_ATTR_TIMEOUT,	/* Associate timeout with this connection for
//				 * fine-grain timeout tuning. */
//
// OVS_CT_ATTR_MARK is struct md_mark { u32 value; u32 mask; } and
// OVS_CT_ATTR_LABELS struct md_labels { struct ovs_key_ct_labels value,
// mask; } (net/openvswitch/conntrack.c), printed value/mask. The NAT
// addresses are in network order, its ports in host order
// (ovs_ct_nat_to_attr: nla_put_u16(skb, OVS_NAT_ATTR_PROTO_MIN, ...)).
// OVS_ACTION_ATTR_SET_MASKED's key carries the value then the mask: its
// structs print both, the mask's fields suffixed "/mask".
var (
	ovsPushVLAN = cstruct("ovs_action_push_vlan", 4, member{name: "vlan_tpid", off: 0, kind: mBE16, enum: ethPNames}, member{name: "vlan_tci", off: 2, kind: mBE16})
	ovsHash     = cstruct("ovs_action_hash", 8, mu32("hash_alg", 0).named(genOVS_HASH_ALG.names()), mu32("hash_basis", 4))
	ovsPushMPLS = cstruct("ovs_action_push_mpls", 8, member{name: "mpls_lse", off: 0, kind: mBE32}, member{name: "mpls_ethertype", off: 4, kind: mBE16, enum: ethPNames})
	ovsAddMPLS  = cstruct("ovs_action_add_mpls", 8, member{name: "mpls_lse", off: 0, kind: mBE32}, member{name: "mpls_ethertype", off: 4, kind: mBE16, enum: ethPNames}, mu16("tun_flags", 6))
	ovsTrunc    = cstruct("ovs_action_trunc", 4, mu32("max_len", 0))
	ovsNATAttrs = genSet("OVS_NAT_ATTR", genOVS_NAT_ATTR, join(
		specs(KindFlag, 0, "OVS_NAT_ATTR_SRC", "OVS_NAT_ATTR_DST", "OVS_NAT_ATTR_PERSISTENT", "OVS_NAT_ATTR_PROTO_HASH", "OVS_NAT_ATTR_PROTO_RANDOM"),
		specs(KindAddr, 0, "OVS_NAT_ATTR_IP_MIN", "OVS_NAT_ATTR_IP_MAX"),
		specs(KindU16, 0, "OVS_NAT_ATTR_PROTO_MIN", "OVS_NAT_ATTR_PROTO_MAX"))...)
	ovsCTAttrs = genSet("OVS_CT_ATTR", genOVS_CT_ATTR, join(
		specs(KindFlag, 0, "OVS_CT_ATTR_COMMIT", "OVS_CT_ATTR_FORCE_COMMIT"),
		specs(KindU16, 0, "OVS_CT_ATTR_ZONE"),
		specs(KindString, 0, "OVS_CT_ATTR_HELPER", "OVS_CT_ATTR_TIMEOUT"),
		one(&AttrSpec{Name: "OVS_CT_ATTR_MARK", Kind: KindCustom, Format: formatValueMask},
			&AttrSpec{Name: "OVS_CT_ATTR_LABELS", Kind: KindCustom, Format: formatValueMask},
			&AttrSpec{Name: "OVS_CT_ATTR_NAT", Kind: KindNested, Nested: ovsNATAttrs},
			&AttrSpec{Name: "OVS_CT_ATTR_EVENTMASK", Kind: KindU32, Format: formatHex32}))...)
	ovsUserspaceAttrs = genSet("OVS_USERSPACE_ATTR", genOVS_USERSPACE_ATTR,
		&AttrSpec{Name: "OVS_USERSPACE_ATTR_PID", Kind: KindU32, Tags: TagVolatile},
		&AttrSpec{Name: "OVS_USERSPACE_ATTR_USERDATA", Kind: KindBinary},
		&AttrSpec{Name: "OVS_USERSPACE_ATTR_EGRESS_TUN_PORT", Kind: KindU32},
		&AttrSpec{Name: "OVS_USERSPACE_ATTR_ACTIONS", Kind: KindFlag})
	ovsActionAttrs = &AttrSet{Name: "OVS_ACTION_ATTR"} // filled by init: it nests itself
	ovsSampleAttrs = genSet("OVS_SAMPLE_ATTR", genOVS_SAMPLE_ATTR,
		&AttrSpec{Name: "OVS_SAMPLE_ATTR_PROBABILITY", Kind: KindCustom, Format: formatOVSSampleProbability},
		&AttrSpec{Name: "OVS_SAMPLE_ATTR_ACTIONS", Kind: KindNested, Nested: ovsActionAttrs})
	ovsCheckPktLenAttrs = genSet("OVS_CHECK_PKT_LEN_ATTR", genOVS_CHECK_PKT_LEN_ATTR,
		&AttrSpec{Name: "OVS_CHECK_PKT_LEN_ATTR_PKT_LEN", Kind: KindU16},
		&AttrSpec{Name: "OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER", Kind: KindNested, Nested: ovsActionAttrs},
		&AttrSpec{Name: "OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL", Kind: KindNested, Nested: ovsActionAttrs})
	ovsDecTTLAttrs = genSet("OVS_DEC_TTL_ATTR", genOVS_DEC_TTL_ATTR,
		&AttrSpec{Name: "OVS_DEC_TTL_ATTR_ACTION", Kind: KindNested, Nested: ovsActionAttrs})
	// ovsMaskAttrs is ovsKeyAttrs for OVS_FLOW_ATTR_MASK,
	// ovsMaskedKeyAttrs for OVS_ACTION_ATTR_SET_MASKED.
	ovsMaskAttrs      = maskSet(ovsKeyAttrs)
	ovsMaskedKeyAttrs = maskedSet(ovsKeyAttrs)
)

func init() {
	// The action set nests itself (sample, clone, check_pkt_len,
	// dec_ttl): filled here, before any decoding.
	ovsActionAttrs.Attrs = genSet("OVS_ACTION_ATTR", genOVS_ACTION_ATTR, join(
		specs(KindU32, 0, "OVS_ACTION_ATTR_OUTPUT", "OVS_ACTION_ATTR_RECIRC", "OVS_ACTION_ATTR_METER"),
		specs(KindFlag, 0, "OVS_ACTION_ATTR_POP_VLAN", "OVS_ACTION_ATTR_POP_ETH", "OVS_ACTION_ATTR_CT_CLEAR", "OVS_ACTION_ATTR_POP_NSH"),
		one(&AttrSpec{Name: "OVS_ACTION_ATTR_USERSPACE", Kind: KindNested, Nested: ovsUserspaceAttrs},
			&AttrSpec{Name: "OVS_ACTION_ATTR_SET", Kind: KindNested, Nested: ovsKeyAttrs},
			&AttrSpec{Name: "OVS_ACTION_ATTR_SET_MASKED", Kind: KindNested, Nested: ovsMaskedKeyAttrs},
			structA("OVS_ACTION_ATTR_PUSH_VLAN", ovsPushVLAN),
			&AttrSpec{Name: "OVS_ACTION_ATTR_SAMPLE", Kind: KindNested, Nested: ovsSampleAttrs},
			structA("OVS_ACTION_ATTR_HASH", ovsHash),
			structA("OVS_ACTION_ATTR_PUSH_MPLS", ovsPushMPLS),
			&AttrSpec{Name: "OVS_ACTION_ATTR_POP_MPLS", Kind: KindBE16, Enum: ethPNames},
			&AttrSpec{Name: "OVS_ACTION_ATTR_CT", Kind: KindNested, Nested: ovsCTAttrs},
			structA("OVS_ACTION_ATTR_TRUNC", ovsTrunc),
			structA("OVS_ACTION_ATTR_PUSH_ETH", ovsKeyEthernet),
			&AttrSpec{Name: "OVS_ACTION_ATTR_PUSH_NSH", Kind: KindNested, Nested: ovsNSHKeyAttrs},
			&AttrSpec{Name: "OVS_ACTION_ATTR_CLONE", Kind: KindNested, Nested: ovsActionAttrs},
			&AttrSpec{Name: "OVS_ACTION_ATTR_CHECK_PKT_LEN", Kind: KindNested, Nested: ovsCheckPktLenAttrs},
			structA("OVS_ACTION_ATTR_ADD_MPLS", ovsAddMPLS),
			&AttrSpec{Name: "OVS_ACTION_ATTR_DEC_TTL", Kind: KindNested, Nested: ovsDecTTLAttrs}))...).Attrs
	// Open vSwitch's dpif-netlink-rtnl.c probes for its out-of-tree
	// datapath by making a link of kind "ovs_geneve" with the IFLA_GENEVE_*
	// attributes of a geneve link (6.1 answers "Unknown device type").
	infoDataSets["ovs_geneve"] = geneveAttrs
}

// ovs_flow and ovs_packet:
//
//	OVS_FLOW_ATTR_KEY,       /* Sequence of OVS_KEY_ATTR_* attributes. */
//	OVS_FLOW_ATTR_ACTIONS,   /* Nested OVS_ACTION_ATTR_* attributes. */
//	OVS_FLOW_ATTR_STATS,     /* struct ovs_flow_stats. */
//	OVS_FLOW_ATTR_TCP_FLAGS, /* 8-bit OR'd TCP flags. */
//	OVS_FLOW_ATTR_USED,      /* u64 msecs last used in monotonic time. */
//	OVS_FLOW_ATTR_CLEAR,     /* Flag to clear stats, tcp_flags, used. */
//	OVS_FLOW_ATTR_MASK,      /* Sequence of OVS_KEY_ATTR_* attributes. */
//	OVS_FLOW_ATTR_PROBE,     /* Flow operation is a feature probe, error
//				  * logging should be suppressed. */
//	OVS_FLOW_ATTR_UFID,      /* Variable length unique flow identifier. */
//	OVS_FLOW_ATTR_UFID_FLAGS,/* u32 of OVS_UFID_F_*. */
//
//	struct ovs_flow_stats {
//		__u64 n_packets;         /* Number of matched packets. */
//		__u64 n_bytes;           /* Number of matched bytes. */
//	};
//
//	OVS_PACKET_ATTR_PACKET,      /* Packet data. */
//	OVS_PACKET_ATTR_KEY,         /* Nested OVS_KEY_ATTR_* attributes. */
//	OVS_PACKET_ATTR_ACTIONS,     /* Nested OVS_ACTION_ATTR_* attributes. */
//	OVS_PACKET_ATTR_USERDATA,    /* OVS_ACTION_ATTR_USERSPACE arg. */
//	OVS_PACKET_ATTR_EGRESS_TUN_KEY,  /* Nested OVS_TUNNEL_KEY_ATTR_*
//					    attributes. */
//	OVS_PACKET_ATTR_PROBE,      /* Packet operation is a feature probe,
//				       error logging should be suppressed. */
//	OVS_PACKET_ATTR_MRU,	    /* Maximum received IP fragment size. */
//	OVS_PACKET_ATTR_LEN,	    /* Packet size before truncation. */
//	OVS_PACKET_ATTR_HASH,	    /* Packet hash. */
//
// datapath.c puts OVS_FLOW_ATTR_TCP_FLAGS with nla_put_u8, OVS_PACKET_ATTR_MRU
// with nla_put_u16, OVS_PACKET_ATTR_LEN with nla_put_u32 and
// OVS_PACKET_ATTR_HASH as a u64: the skb's 32-bit hash, with two bits of
// enum ovs_pkt_hash_types (net/openvswitch/datapath.h) above it,
// OVS_PACKET_HASH_SW_BIT (1ULL << 32, skb->sw_hash) and
// OVS_PACKET_HASH_L4_BIT (1ULL << 33, skb->l4_hash); userspace hands it back
// in OVS_PACKET_CMD_EXECUTE, which sets the skb's hash from it. The
// statistics, the TCP flags seen, the last use and the packet hash (the
// kernel's flow hash is seeded at random) are volatile. Open vSwitch's
// UFIDs are 16 bytes, its ovs_u128 as it lies in memory (nl_msg_put_unspec
// of flow->ufid), printed as ovs-dpctl prints them (odp_format_ufid:
// UUID_FMT of four host-order u32).
var (
	ovsFlowStats = cstruct("ovs_flow_stats", 16, mu64("n_packets", 0), mu64("n_bytes", 8))
	ovsFlowAttrs = genSet("OVS_FLOW_ATTR", genOVS_FLOW_ATTR, join(
		one(&AttrSpec{Name: "OVS_FLOW_ATTR_KEY", Kind: KindNested, Nested: ovsKeyAttrs},
			&AttrSpec{Name: "OVS_FLOW_ATTR_ACTIONS", Kind: KindNested, Nested: ovsActionAttrs},
			structA("OVS_FLOW_ATTR_STATS", ovsFlowStats).tag(TagVolatile),
			&AttrSpec{Name: "OVS_FLOW_ATTR_TCP_FLAGS", Kind: KindU8, Flags: tcpHeaderFlags, Tags: TagVolatile},
			&AttrSpec{Name: "OVS_FLOW_ATTR_USED", Kind: KindU64, Tags: TagVolatile},
			&AttrSpec{Name: "OVS_FLOW_ATTR_MASK", Kind: KindNested, Nested: ovsMaskAttrs},
			&AttrSpec{Name: "OVS_FLOW_ATTR_UFID", Kind: KindCustom, Format: formatOVSUFID},
			&AttrSpec{Name: "OVS_FLOW_ATTR_UFID_FLAGS", Kind: KindU32, Flags: genOVS_UFID_F.names()}),
		specs(KindFlag, 0, "OVS_FLOW_ATTR_CLEAR", "OVS_FLOW_ATTR_PROBE"))...)
	ovsPacketAttrs = genSet("OVS_PACKET_ATTR", genOVS_PACKET_ATTR, join(
		one(&AttrSpec{Name: "OVS_PACKET_ATTR_KEY", Kind: KindNested, Nested: ovsKeyAttrs},
			&AttrSpec{Name: "OVS_PACKET_ATTR_ACTIONS", Kind: KindNested, Nested: ovsActionAttrs},
			&AttrSpec{Name: "OVS_PACKET_ATTR_EGRESS_TUN_KEY", Kind: KindNested, Nested: ovsTunnelKeyAttrs}),
		specs(KindBinary, 0, "OVS_PACKET_ATTR_PACKET", "OVS_PACKET_ATTR_USERDATA"),
		specs(KindFlag, 0, "OVS_PACKET_ATTR_PROBE"),
		specs(KindU16, 0, "OVS_PACKET_ATTR_MRU"),
		specs(KindU32, 0, "OVS_PACKET_ATTR_LEN"),
		one(&AttrSpec{Name: "OVS_PACKET_ATTR_HASH", Kind: KindCustom, Format: formatOVSPacketHash, Tags: TagVolatile}))...)
)

// ovs_meter and ovs_ct_limit (net/openvswitch/meter.c, conntrack.c):
//
//	OVS_METER_ATTR_ID,	/* u32 meter ID within datapath. */
//	OVS_METER_ATTR_KBPS,	/* No argument. If set, units in kilobits
//				 * per second. Otherwise, units in
//				 * packets per second.
//				 */
//	OVS_METER_ATTR_STATS,	/* struct ovs_flow_stats for the meter. */
//	OVS_METER_ATTR_BANDS,	/* Nested attributes for meter bands. */
//	OVS_METER_ATTR_USED,	/* u64 msecs last used in monotonic time. */
//	OVS_METER_ATTR_CLEAR,	/* Flag to clear stats, used. */
//	OVS_METER_ATTR_MAX_METERS, /* u32 number of meters supported. */
//	OVS_METER_ATTR_MAX_BANDS,  /* u32 max number of bands per meter. */
//
//	OVS_BAND_ATTR_TYPE,	/* u32 OVS_METER_BAND_TYPE_* constant. */
//	OVS_BAND_ATTR_RATE,	/* u32 band rate in meter units (see above). */
//	OVS_BAND_ATTR_BURST,	/* u32 burst size in meter units. */
//	OVS_BAND_ATTR_STATS,	/* struct ovs_flow_stats for the band. */
//
//	OVS_CT_LIMIT_ATTR_ZONE_LIMIT,	/* Nested struct ovs_zone_limit. */
//
//	struct ovs_zone_limit {
//		int zone_id;	(OVS_ZONE_LIMIT_DEFAULT_ZONE -1)
//		__u32 limit;
//		__u32 count;
//	};
//
// Each band of OVS_METER_ATTR_BANDS is a nest of type OVS_BAND_ATTR_UNSPEC
// (nla_nest_start_noflag(reply, OVS_BAND_ATTR_UNSPEC)); the zone limits are
// struct ovs_zone_limit one after the other (nla_put_nohdr), the count
// volatile.
var (
	ovsBandAttrs = genSet("OVS_BAND_ATTR", genOVS_BAND_ATTR,
		&AttrSpec{Name: "OVS_BAND_ATTR_TYPE", Kind: KindU32, Enum: genOVS_METER_BAND_TYPE.names()},
		&AttrSpec{Name: "OVS_BAND_ATTR_RATE", Kind: KindU32},
		&AttrSpec{Name: "OVS_BAND_ATTR_BURST", Kind: KindU32},
		structA("OVS_BAND_ATTR_STATS", ovsFlowStats).tag(TagVolatile))
	ovsMeterAttrs = genSet("OVS_METER_ATTR", genOVS_METER_ATTR, join(
		one(structA("OVS_METER_ATTR_STATS", ovsFlowStats).tag(TagVolatile),
			&AttrSpec{Name: "OVS_METER_ATTR_BANDS", Kind: KindNestedArray, Nested: ovsBandAttrs},
			&AttrSpec{Name: "OVS_METER_ATTR_USED", Kind: KindU64, Tags: TagVolatile}),
		specs(KindU32, 0, "OVS_METER_ATTR_ID", "OVS_METER_ATTR_MAX_METERS", "OVS_METER_ATTR_MAX_BANDS"),
		specs(KindFlag, 0, "OVS_METER_ATTR_KBPS", "OVS_METER_ATTR_CLEAR"))...)
	ovsZoneLimit = cstruct("ovs_zone_limit", 12, member{name: "zone_id", off: 0, kind: mS32, enum: map[uint64]string{0xffffffff: "OVS_ZONE_LIMIT_DEFAULT_ZONE"}},
		mu32("limit", 4), mu32("count", 8).vol())
	ovsCTLimitAttrs = genSet("OVS_CT_LIMIT_ATTR", genOVS_CT_LIMIT_ATTR,
		&AttrSpec{Name: "OVS_CT_LIMIT_ATTR_ZONE_LIMIT", Kind: KindEntries, Struct: ovsZoneLimit, Nested: &AttrSet{Name: "none"},
			EntryLen: func([]byte, binary.ByteOrder) int { return ovsZoneLimit.Len }})
)

// maddr is an address member of an OVS key struct (a MAC address of 6
// bytes, an IPv4 or IPv6 address of 4 or 16), for ovsStruct.
func maddr(name string, off, size int) member {
	return member{name: name, off: off, kind: mBytes, size: size}
}

// ovsStruct is cstruct whose mBytes members (maddr) print as addresses.
// It also makes the struct's mask twin (ovsMaskOf): the same members
// without value names (a mask of ipv4_proto is 0xff, not IPPROTO_RAW),
// integers other than 0 in 0x-hex, as ovs-dpctl prints a key's masks
// (arp(op=1/0xff)) and as maskSet prints the masks of integer keys (a 0
// stays 0: fieldsValue leaves zeros out of long structs).
func ovsStruct(name string, length int, members ...member) *HeaderSpec {
	plain := make([]member, len(members))
	ints := map[string]bool{}
	for i, m := range members {
		m.enum, m.flags = nil, nil
		plain[i] = m
		if m.kind != mBytes {
			ints[m.name] = true
		}
	}
	h := addrStruct(name, length, members)
	mask := addrStruct(name, length, plain)
	appendTo := mask.appendTo
	mask.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		for i := len(dst); i < len(fs); i++ {
			if ints[fs[i].Name] && fs[i].Raw != 0 {
				fs[i].Value = "0x" + strconv.FormatUint(fs[i].Raw, 16)
			}
		}
		return fs
	}
	ovsMaskOf[h] = mask
	return h
}

// ovsMaskOf maps the key structs of ovsStruct to their mask twins.
var ovsMaskOf = map[*HeaderSpec]*HeaderSpec{}

// addrStruct is cstruct with its mBytes members printed by ovsAddr.
func addrStruct(name string, length int, members []member) *HeaderSpec {
	h := cstruct(name, length, members...)
	addrs := map[string]member{}
	for _, m := range members {
		if m.kind == mBytes {
			addrs[m.name] = m
		}
	}
	appendTo := h.appendTo
	h.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		for i := len(dst); i < len(fs); i++ {
			if m, ok := addrs[fs[i].Name]; ok && m.off+m.size <= len(b) {
				fs[i].Value = ovsAddr(b[m.off : m.off+m.size])
			}
		}
		return fs
	}
	return h // cstruct's Decode calls h.appendTo: this one
}

// ovsAddr prints a MAC address (6 bytes) or an IP address (4 or 16).
func ovsAddr(b []byte) string {
	if len(b) == 6 {
		return llAddr(b)
	}
	if a, ok := netip.AddrFromSlice(b); ok {
		return a.String()
	}
	return hexString(b)
}

// ovsPorts is struct ovs_key_tcp, _udp or _sctp: two big-endian ports.
func ovsPorts(name, src, dst string) *HeaderSpec {
	return ovsStruct(name, 4, member{name: src, off: 0, kind: mBE16}, member{name: dst, off: 2, kind: mBE16})
}

// ctTupleTail is the end of struct ovs_key_ct_tuple_ipv4/6 from off: the
// big-endian ports and the protocol.
func ctTupleTail(off int, proto string) []member {
	return []member{{name: "src_port", off: off, kind: mBE16}, {name: "dst_port", off: off + 2, kind: mBE16},
		mu8(proto, off+4).named(ipProtoNames)}
}

// maskSet returns a copy of key set s for OVS_FLOW_ATTR_MASK: the same
// layouts, values printed as masks (structs by their mask twins, named
// integers in hex).
func maskSet(s *AttrSet) *AttrSet {
	return keySetVariant(s, func(_, mask *HeaderSpec) *HeaderSpec { return mask }, func(c *AttrSpec) {
		// A mask is bits: a host-order number in a mask (the in_port mask
		// ovs-dpctl sends is 0xffffffff) prints in hex too.
		plain := c.Format == nil && (c.Kind == KindU8 || c.Kind == KindU16 || c.Kind == KindU32 || c.Kind == KindU64)
		if c.Enum != nil || c.Flags != nil || plain {
			c.Enum, c.Flags, c.Format = nil, nil, formatHostHex
			if c.Kind == KindBE16 || c.Kind == KindBE32 || c.Kind == KindBE64 {
				c.Format = formatBEHex
			}
		}
	})
}

// maskedSet returns a copy of key set s for OVS_ACTION_ATTR_SET_MASKED,
// whose attributes carry the key's value then its mask: the structs print
// both (the mask's fields named "<field>/mask"), the other values hex
// (value/mask).
func maskedSet(s *AttrSet) *AttrSet {
	return keySetVariant(s, maskedStruct, func(c *AttrSpec) {
		if c.Kind != KindNested {
			c.Kind, c.Format, c.Enum, c.Flags = KindCustom, formatValueMask, nil, nil
		}
	})
}

// keySetVariant copies key set s: its structs replaced by
// structOf(key struct, its mask twin), its other specs changed by scalar,
// its nests of itself (OVS_KEY_ATTR_ENCAP) made nests of the copy.
func keySetVariant(s *AttrSet, structOf func(key, mask *HeaderSpec) *HeaderSpec, scalar func(c *AttrSpec)) *AttrSet {
	m := &AttrSet{Name: s.Name, Attrs: make(map[uint16]*AttrSpec, len(s.Attrs))}
	for t, a := range s.Attrs {
		c := *a
		switch {
		case a.Nested == s:
			c.Nested = m
		case a.Kind == KindStruct && ovsMaskOf[a.Struct] != nil:
			c.Struct = structOf(a.Struct, ovsMaskOf[a.Struct])
		default:
			scalar(&c)
		}
		m.Attrs[t] = &c
	}
	return m
}

// maskedStruct decodes struct h followed by its mask (2*h.Len bytes).
func maskedStruct(h, mask *HeaderSpec) *HeaderSpec {
	return &HeaderSpec{Name: h.Name + "+mask", Len: 2 * h.Len, Decode: func(b []byte, order binary.ByteOrder) []Field {
		fs := h.Decode(b[:h.Len], order)
		for _, f := range mask.Decode(b[h.Len:2*h.Len], order) {
			f.Name += "/mask"
			fs = append(fs, f)
		}
		return fs
	}}
}

// formatHostHex prints a host-order integer of 1, 2, 4 or 8 bytes in
// 0x-hex (the masks of named integer keys); other lengths print in hex.
func formatHostHex(b []byte, order binary.ByteOrder) string {
	kinds := [...]ValueKind{1: KindU8, 2: KindU16, 4: KindU32, 8: KindU64}
	if len(b) >= len(kinds) {
		return hexString(b)
	}
	v, ok := readUint(b, kinds[len(b)], order)
	if !ok {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(v, 16)
}

// formatValueMask prints a value followed by a mask of the same length
// (OVS_CT_ATTR_MARK's struct md_mark, _LABELS' struct md_labels, the
// scalars of a masked set) as "value/mask" in hex; an odd length prints in
// hex.
func formatValueMask(b []byte, _ binary.ByteOrder) string {
	if len(b) == 0 || len(b)%2 != 0 {
		return hexString(b)
	}
	return hexString(b[:len(b)/2]) + "/" + hexString(b[len(b)/2:])
}

// formatBEHex prints a big-endian integer of 2, 4 or 8 bytes in 0x-hex
// (VLAN TCI, packet type, tunnel id); other lengths print in hex.
func formatBEHex(b []byte, _ binary.ByteOrder) string {
	return formatHostHex(b, binary.BigEndian)
}

// formatMPLSLSEs prints OVS_KEY_ATTR_MPLS, an array of struct
// ovs_key_mpls { __be32 mpls_lse; }, each label stack entry split as
// include/uapi/linux/mpls.h lays it out (label 20 bits, traffic class 3,
// bottom of stack 1, TTL 8): "label=100 tc=0 bos=1 ttl=64", entries
// separated by ", "; a length not a multiple of 4 prints in hex.
func formatMPLSLSEs(b []byte, _ binary.ByteOrder) string {
	if len(b) == 0 || len(b)%4 != 0 {
		return hexString(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); i += 4 {
		lse := binary.BigEndian.Uint32(b[i:])
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("label=" + strconv.FormatUint(uint64(lse>>12), 10) + " tc=" + strconv.FormatUint(uint64(lse>>9&7), 10) +
			" bos=" + strconv.FormatUint(uint64(lse>>8&1), 10) + " ttl=" + strconv.FormatUint(uint64(lse&0xff), 10))
	}
	return sb.String()
}

// formatOVSPacketHash prints OVS_PACKET_ATTR_HASH, a u64: the low 32 bits
// are the skb's hash, in 0x-hex; OVS_PACKET_HASH_SW_BIT and _L4_BIT follow
// as "sw_hash" and "l4_hash" (the skb fields they carry), other high bits
// in hex: "0xb60d432d sw_hash". A length other than 8 prints in hex.
func formatOVSPacketHash(b []byte, order binary.ByteOrder) string {
	if len(b) != 8 {
		return hexString(b)
	}
	v := order.Uint64(b)
	s := "0x" + strconv.FormatUint(v&0xffffffff, 16)
	if v&(1<<32) != 0 {
		s += " sw_hash"
	}
	if v&(1<<33) != 0 {
		s += " l4_hash"
	}
	if rest := v >> 34; rest != 0 {
		s += " 0x" + strconv.FormatUint(rest<<34, 16)
	}
	return s
}

// formatOVSUFID prints a 16-byte OVS_FLOW_ATTR_UFID as Open vSwitch does
// (dpctl/dump-flows -m "ufid:0c468af4-363b-4ae4-b6da-22f6a861b0ad"): its
// four u32 in the host's byte order as "%08x-%04x-%04x-%04x-%04x%08x"
// (UUID_FMT); another length (the kernel takes 1 to 16 bytes) prints in hex.
func formatOVSUFID(b []byte, order binary.ByteOrder) string {
	if len(b) != 16 {
		return hexString(b)
	}
	var p [4]uint32
	for i := range p {
		p[i] = order.Uint32(b[4*i:])
	}
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%04x%08x", p[0], p[1]>>16, p[1]&0xffff, p[2]>>16, p[2]&0xffff, p[3])
}

// formatOVSSampleProbability prints OVS_SAMPLE_ATTR_PROBABILITY, a u32
// fraction of UINT32_MAX, with the percentage ovs-dpctl prints
// (odp-util.c: "sample=%.1f%%" of 100.0 * probability / UINT32_MAX):
// "2147483648 (50.0%)"; a length other than 4 prints in hex.
func formatOVSSampleProbability(b []byte, order binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	v := order.Uint32(b)
	return strconv.FormatUint(uint64(v), 10) + " (" + strconv.FormatFloat(100*float64(v)/0xffffffff, 'f', 1, 64) + "%)"
}

// formatU32Array prints an array of u32 (upcall port ids) as "1,2,3".
func formatU32Array(b []byte, order binary.ByteOrder) string {
	return formatArray(b, order, 4, false)
}

// formatFlagOrU32 prints OVS_VXLAN_EXT_GBP: "Flag or __u32".
func formatFlagOrU32(b []byte, order binary.ByteOrder) string {
	switch len(b) {
	case 0:
		return ""
	case 4:
		return "0x" + strconv.FormatUint(uint64(order.Uint32(b)), 16)
	}
	return hexString(b)
}

func init() {
	for _, f := range []*GenlFamilySpec{
		{Name: "ovs_datapath", Header: ovsHeader, Commands: genOVS_DP_CMD.cmdNames(), CmdKinds: genOVS_DP_CMD.cmdKinds(), Attrs: ovsDPAttrs},
		{Name: "ovs_vport", Header: ovsHeader, Commands: genOVS_VPORT_CMD.cmdNames(), CmdKinds: genOVS_VPORT_CMD.cmdKinds(), Attrs: ovsVportAttrs},
		{Name: "ovs_flow", Header: ovsHeader, Commands: genOVS_FLOW_CMD.cmdNames(), CmdKinds: genOVS_FLOW_CMD.cmdKinds(), Attrs: ovsFlowAttrs},
		{Name: "ovs_packet", Header: ovsHeader, Commands: genOVS_PACKET_CMD.cmdNames(), Attrs: ovsPacketAttrs},
		{Name: "ovs_meter", Header: ovsHeader, Commands: genOVS_METER_CMD.cmdNames(), CmdKinds: genOVS_METER_CMD.cmdKinds(), Attrs: ovsMeterAttrs},
		{Name: "ovs_ct_limit", Header: ovsHeader, Commands: genOVS_CT_LIMIT_CMD.cmdNames(), CmdKinds: genOVS_CT_LIMIT_CMD.cmdKinds(), Attrs: ovsCTLimitAttrs},
	} {
		registerGenlFamily(f)
	}
}
