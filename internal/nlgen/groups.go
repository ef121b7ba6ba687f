package nlgen

// A Group selects named integers of one header for one Go table.
//
// Enum names one member of a C enum: the table is that whole enum. Prefix
// selects the #defines (and enum members) whose names start with it, less
// those starting with one of Exclude. Bits keeps only single-bit values
// (flag names) and zero (NUD_NONE). Consts also writes an exported Go
// constant per name (CTRL_CMD_GETFAMILY, as x/sys/unix spells them), for
// the code that needs a value, also for values named twice (NLM_F_ROOT and
// NLM_F_REPLACE).
//
// Names that are internal (__IFLA_MAX, IFLA_MAX = __IFLA_MAX - 1) are left
// out; of two names of one value in the table, an alias (X = Y) replaces the older name,
// otherwise the first one stays.
type Group struct {
	Var     string // Go table name without the "gen" prefix: "IFLA" (genIFLA)
	Header  string // "linux/if_link.h"
	Enum    string
	Prefix  string
	Exclude []string
	Bits    bool
	Consts  bool
}

// Groups is every table nlcap generates, by family. Adding a family adds
// its groups here (DEVELOPERS.md, "Adding a family").
var Groups = []Group{
	// netlink itself (include/uapi/linux/netlink.h, genetlink.h).
	{Var: "NLMSG", Header: "linux/netlink.h", Prefix: "NLMSG_", Exclude: []string{"NLMSG_ALIGNTO", "NLMSG_HDRLEN"}, Consts: true},
	{Var: "NLM_F", Header: "linux/netlink.h", Prefix: "NLM_F_", Consts: true},
	{Var: "NLA_F", Header: "linux/netlink.h", Prefix: "NLA_F_", Consts: true},
	{Var: "ERRNO_BASE", Header: "asm-generic/errno-base.h", Prefix: "E", Consts: true},
	{Var: "ERRNO", Header: "asm-generic/errno.h", Prefix: "E", Consts: true},
	{Var: "NLMSGERR_ATTR", Header: "linux/netlink.h", Enum: "NLMSGERR_ATTR_MSG", Consts: true},
	{Var: "NETLINK", Header: "linux/netlink.h", Prefix: "NETLINK_", Exclude: []string{"NETLINK_ADD_MEMBERSHIP", "NETLINK_DROP_MEMBERSHIP", "NETLINK_PKTINFO", "NETLINK_BROADCAST_ERROR", "NETLINK_NO_ENOBUFS", "NETLINK_RX_RING", "NETLINK_TX_RING", "NETLINK_LISTEN_ALL_NSID", "NETLINK_LIST_MEMBERSHIPS", "NETLINK_CAP_ACK", "NETLINK_EXT_ACK", "NETLINK_GET_STRICT_CHK", "NETLINK_UNCONNECTED", "NETLINK_CONNECTED"}},
	{Var: "NL_ATTR_TYPE", Header: "linux/netlink.h", Enum: "NL_ATTR_TYPE_INVALID"},
	{Var: "NL_POLICY_TYPE_ATTR", Header: "linux/netlink.h", Enum: "NL_POLICY_TYPE_ATTR_UNSPEC"},
	{Var: "GENL_ID", Header: "linux/genetlink.h", Prefix: "GENL_ID_", Consts: true},
	{Var: "GENL_OP", Header: "linux/genetlink.h", Prefix: "GENL_", Exclude: []string{"GENL_ID_", "GENL_NAMSIZ", "GENL_HDRLEN", "GENL_MIN_ID", "GENL_MAX_ID"}, Bits: true},
	{Var: "CTRL_CMD", Header: "linux/genetlink.h", Enum: "CTRL_CMD_UNSPEC", Consts: true},
	{Var: "CTRL_ATTR", Header: "linux/genetlink.h", Enum: "CTRL_ATTR_FAMILY_ID", Consts: true},
	{Var: "CTRL_ATTR_OP", Header: "linux/genetlink.h", Enum: "CTRL_ATTR_OP_ID", Consts: true},
	{Var: "CTRL_ATTR_MCAST_GRP", Header: "linux/genetlink.h", Enum: "CTRL_ATTR_MCAST_GRP_NAME", Consts: true},
	{Var: "CTRL_ATTR_POLICY", Header: "linux/genetlink.h", Enum: "CTRL_ATTR_POLICY_DO", Consts: true},

	// NETLINK_ROUTE.
	{Var: "RTM", Header: "linux/rtnetlink.h", Enum: "RTM_NEWLINK", Exclude: []string{"RTM_BASE"}, Consts: true},
	{Var: "RTNL_FAMILY", Consts: true, Header: "linux/rtnetlink.h", Prefix: "RTNL_FAMILY_"},
	{Var: "ARPHRD", Consts: true, Header: "linux/if_arp.h", Prefix: "ARPHRD_", Exclude: []string{"ARPHRD_HDLC"}},
	{Var: "IFF", Consts: true, Header: "linux/if.h", Enum: "IFF_UP", Bits: true},
	{Var: "IF_OPER", Header: "linux/if.h", Enum: "IF_OPER_UNKNOWN"},
	{Var: "IF_LINK_MODE", Header: "linux/if.h", Enum: "IF_LINK_MODE_DEFAULT"},
	{Var: "RTEXT_FILTER", Header: "linux/rtnetlink.h", Prefix: "RTEXT_FILTER_", Bits: true},
	{Var: "IFA_F", Consts: true, Header: "linux/if_addr.h", Prefix: "IFA_F_", Exclude: []string{"IFA_F_TEMPORARY"}, Bits: true},
	{Var: "IFAPROT", Header: "linux/if_addr.h", Prefix: "IFAPROT_"},
	{Var: "RT_SCOPE", Header: "linux/rtnetlink.h", Enum: "RT_SCOPE_UNIVERSE"},
	{Var: "RT_TABLE", Consts: true, Header: "linux/rtnetlink.h", Enum: "RT_TABLE_UNSPEC", Exclude: []string{"RT_TABLE_MAX"}},
	{Var: "RTPROT", Consts: true, Header: "linux/rtnetlink.h", Prefix: "RTPROT_"},
	{Var: "RTN", Consts: true, Header: "linux/rtnetlink.h", Enum: "RTN_UNSPEC"},
	{Var: "RTM_F", Header: "linux/rtnetlink.h", Prefix: "RTM_F_", Bits: true},
	{Var: "RTNH_F", Header: "linux/rtnetlink.h", Prefix: "RTNH_F_", Bits: true},
	{Var: "NUD", Header: "linux/neighbour.h", Prefix: "NUD_", Bits: true},
	{Var: "NTF", Header: "linux/neighbour.h", Prefix: "NTF_", Exclude: []string{"NTF_EXT_MANAGED", "NTF_EXT_LOCKED"}, Bits: true},
	{Var: "NTF_EXT", Header: "linux/neighbour.h", Prefix: "NTF_EXT_", Exclude: []string{"NTF_EXT_LEARNED"}, Bits: true},
	{Var: "ETH_P", Header: "linux/if_ether.h", Prefix: "ETH_P_"},
	{Var: "LWTUNNEL_ENCAP", Header: "linux/lwtunnel.h", Enum: "LWTUNNEL_ENCAP_NONE"},
	{Var: "IFLA", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_ADDRESS"},
	{Var: "IFLA_VF_INFO", Header: "linux/if_link.h", Enum: "IFLA_VF_INFO_UNSPEC"},
	{Var: "IFLA_VF_PORT", Header: "linux/if_link.h", Enum: "IFLA_VF_PORT_UNSPEC"},
	{Var: "IFLA_INFO", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_INFO_KIND"},
	{Var: "IFLA_VLAN", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_VLAN_ID"},
	{Var: "IFLA_VLAN_QOS", Header: "linux/if_link.h", Enum: "IFLA_VLAN_QOS_MAPPING"},
	{Var: "IFLA_MACVLAN", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_MACVLAN_MODE"},
	{Var: "IFLA_IPVLAN", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_IPVLAN_MODE"},
	{Var: "IFLA_VXLAN", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_VXLAN_ID"},
	{Var: "IFLA_BR", Header: "linux/if_link.h", Enum: "IFLA_BR_FORWARD_DELAY"},
	{Var: "IFLA_BRPORT", Header: "linux/if_link.h", Enum: "IFLA_BRPORT_STATE"},
	{Var: "IFLA_BOND", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_BOND_MODE"},
	{Var: "IFLA_VRF", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_VRF_TABLE"},
	{Var: "IFLA_INET", Header: "linux/if_link.h", Enum: "IFLA_INET_CONF"},
	{Var: "IFLA_INET6", Header: "linux/if_link.h", Enum: "IFLA_INET6_FLAGS"},
	{Var: "IFLA_XDP", Header: "linux/if_link.h", Enum: "IFLA_XDP_FD"},
	{Var: "IFLA_PORT", Header: "linux/if_link.h", Enum: "IFLA_PORT_VF"},
	{Var: "IFLA_PROTO_DOWN_REASON", Header: "linux/if_link.h", Enum: "IFLA_PROTO_DOWN_REASON_MASK"},
	{Var: "IFLA_EVENT", Header: "linux/if_link.h", Enum: "IFLA_EVENT_NONE"},
	{Var: "IN6_ADDR_GEN_MODE", Header: "linux/if_link.h", Enum: "IN6_ADDR_GEN_MODE_EUI64"},
	{Var: "XDP_ATTACHED", Header: "linux/if_link.h", Enum: "XDP_ATTACHED_NONE"},
	{Var: "XDP_FLAGS", Header: "linux/if_link.h", Prefix: "XDP_FLAGS_", Bits: true},
	{Var: "MACVLAN_MODE", Header: "linux/if_link.h", Enum: "MACVLAN_MODE_PRIVATE"},
	{Var: "MACVLAN_MACADDR", Header: "linux/if_link.h", Enum: "MACVLAN_MACADDR_ADD"},
	{Var: "MACVLAN_FLAG", Header: "linux/if_link.h", Prefix: "MACVLAN_FLAG_", Bits: true},
	{Var: "IPVLAN_MODE", Header: "linux/if_link.h", Enum: "IPVLAN_MODE_L2"},
	{Var: "IPVLAN_F", Header: "linux/if_link.h", Prefix: "IPVLAN_F_", Bits: true},
	{Var: "VETH_INFO", Consts: true, Header: "linux/veth.h", Enum: "VETH_INFO_PEER"},
	{Var: "IFLA_BRIDGE", Header: "linux/if_bridge.h", Enum: "IFLA_BRIDGE_FLAGS"},
	{Var: "IFLA_BRIDGE_VLAN_TUNNEL", Header: "linux/if_bridge.h", Enum: "IFLA_BRIDGE_VLAN_TUNNEL_ID"},
	{Var: "BRIDGE_FLAGS", Header: "linux/if_bridge.h", Prefix: "BRIDGE_FLAGS_", Bits: true},
	{Var: "BRIDGE_MODE", Header: "linux/if_bridge.h", Prefix: "BRIDGE_MODE_", Exclude: []string{"BRIDGE_MODE_UNDEF"}},
	{Var: "BRIDGE_VLAN_INFO", Header: "linux/if_bridge.h", Prefix: "BRIDGE_VLAN_INFO_", Bits: true},
	{Var: "BR_STATE", Header: "linux/if_bridge.h", Prefix: "BR_STATE_"},
	{Var: "IFA", Consts: true, Header: "linux/if_addr.h", Enum: "IFA_ADDRESS"},
	{Var: "RTA", Consts: true, Header: "linux/rtnetlink.h", Enum: "RTA_DST"},
	{Var: "RTAX", Header: "linux/rtnetlink.h", Enum: "RTAX_LOCK"},
	{Var: "RTAX_FEATURE", Header: "linux/rtnetlink.h", Prefix: "RTAX_FEATURE_", Bits: true},
	{Var: "NDA", Consts: true, Header: "linux/neighbour.h", Enum: "NDA_DST"},
	{Var: "NFEA", Header: "linux/neighbour.h", Enum: "NFEA_ACTIVITY_NOTIFY"},
	{Var: "NETCONFA", Consts: true, Header: "linux/netconf.h", Enum: "NETCONFA_IFINDEX"},
	{Var: "NETCONFA_IFINDEX", Header: "linux/netconf.h", Prefix: "NETCONFA_IFINDEX_"},
	{Var: "TCA", Consts: true, Header: "linux/rtnetlink.h", Enum: "TCA_KIND"},
	{Var: "TCA_STATS", Header: "linux/gen_stats.h", Enum: "TCA_STATS_BASIC"},
	{Var: "NHA", Consts: true, Header: "linux/nexthop.h", Enum: "NHA_ID"},
	{Var: "NHA_RES_GROUP", Header: "linux/nexthop.h", Enum: "NHA_RES_GROUP_BUCKETS"},
	{Var: "NHA_RES_BUCKET", Header: "linux/nexthop.h", Enum: "NHA_RES_BUCKET_INDEX"},
	{Var: "NEXTHOP_GRP_TYPE", Header: "linux/nexthop.h", Enum: "NEXTHOP_GRP_TYPE_MPATH"},
	{Var: "NETNSA", Consts: true, Header: "linux/net_namespace.h", Enum: "NETNSA_NSID"},
	{Var: "FRA", Consts: true, Header: "linux/fib_rules.h", Enum: "FRA_DST"},
	{Var: "FR_ACT", Consts: true, Header: "linux/fib_rules.h", Enum: "FR_ACT_UNSPEC"},
	{Var: "ICMPV6_ROUTER_PREF", Header: "linux/icmpv6.h", Prefix: "ICMPV6_ROUTER_PREF_"},
	{Var: "IPPROTO", Header: "linux/in.h", Enum: "IPPROTO_IP"},
	{Var: "IPPROTO_V6", Header: "linux/in6.h", Prefix: "IPPROTO_"},
	{Var: "VLAN_FLAG", Header: "linux/if_vlan.h", Enum: "VLAN_FLAG_REORDER_HDR"},

	// NETLINK_NETFILTER.
	{Var: "NFNL_SUBSYS", Header: "linux/netfilter/nfnetlink.h", Prefix: "NFNL_SUBSYS_", Exclude: []string{"NFNL_SUBSYS_COUNT"}, Consts: true},
	{Var: "NFNL_MSG", Header: "linux/netfilter/nfnetlink.h", Prefix: "NFNL_MSG_", Consts: true},
	{Var: "NFT_MSG", Header: "linux/netfilter/nf_tables.h", Enum: "NFT_MSG_NEWTABLE", Exclude: []string{"NFT_MSG_MAX"}},
	{Var: "NFPROTO", Header: "linux/netfilter.h", Enum: "NFPROTO_UNSPEC", Exclude: []string{"NFPROTO_NUMPROTO"}},

	// NETLINK_SOCK_DIAG.
	{Var: "SOCK_DIAG", Header: "linux/sock_diag.h", Prefix: "SOCK_", Consts: true},

	// Generic netlink families beyond nlctrl: the names replay's tags and
	// the worked example of DEVELOPERS.md need.
	{Var: "WG_CMD", Consts: true, Header: "linux/wireguard.h", Enum: "WG_CMD_GET_DEVICE"},
	{Var: "WGDEVICE_A", Consts: true, Header: "linux/wireguard.h", Enum: "WGDEVICE_A_IFINDEX"},
	{Var: "WGDEVICE_F", Header: "linux/wireguard.h", Enum: "WGDEVICE_F_REPLACE_PEERS", Bits: true},
	{Var: "WGPEER_A", Header: "linux/wireguard.h", Enum: "WGPEER_A_PUBLIC_KEY"},
	{Var: "WGPEER_F", Header: "linux/wireguard.h", Enum: "WGPEER_F_REMOVE_ME", Bits: true},
	{Var: "WGALLOWEDIP_A", Header: "linux/wireguard.h", Enum: "WGALLOWEDIP_A_FAMILY"},
	{Var: "ETHTOOL_FLAG", Header: "linux/ethtool_netlink.h", Prefix: "ETHTOOL_FLAG_", Bits: true},
	{Var: "ETHTOOL_A_HEADER", Header: "linux/ethtool_netlink.h", Enum: "ETHTOOL_A_HEADER_DEV_INDEX"},

	// devlink: the worked example of DEVELOPERS.md, "Adding a family".
	{Var: "DEVLINK_CMD", Consts: true, Header: "linux/devlink.h", Enum: "DEVLINK_CMD_GET"},
	{Var: "DEVLINK_ATTR", Consts: true, Header: "linux/devlink.h", Enum: "DEVLINK_ATTR_BUS_NAME"},
	{Var: "DEVLINK_PORT_TYPE", Header: "linux/devlink.h", Enum: "DEVLINK_PORT_TYPE_NOTSET"},
	{Var: "DEVLINK_PORT_FLAVOUR", Header: "linux/devlink.h", Enum: "DEVLINK_PORT_FLAVOUR_PHYSICAL"},

	// --- rtnetlink depth ---
	// tc qdisc options (include/uapi/linux/pkt_sched.h).
	{Var: "TCA_HTB", Header: "linux/pkt_sched.h", Enum: "TCA_HTB_UNSPEC"},
	{Var: "TCA_TBF", Header: "linux/pkt_sched.h", Enum: "TCA_TBF_UNSPEC"},
	{Var: "TCA_NETEM", Header: "linux/pkt_sched.h", Enum: "TCA_NETEM_UNSPEC"},
	{Var: "TCA_FQ_CODEL", Header: "linux/pkt_sched.h", Enum: "TCA_FQ_CODEL_UNSPEC"},
	{Var: "TCA_FQ_CODEL_XSTATS", Header: "linux/pkt_sched.h", Enum: "TCA_FQ_CODEL_XSTATS_QDISC"},
	{Var: "TCA_FQ", Header: "linux/pkt_sched.h", Enum: "TCA_FQ_UNSPEC"},
	{Var: "TCA_STAB", Header: "linux/pkt_sched.h", Enum: "TCA_STAB_UNSPEC"},
	// tc classifiers and actions (pkt_cls.h, tc_act/*.h, rtnetlink.h).
	{Var: "TCA_ACT", Header: "linux/pkt_cls.h", Enum: "TCA_ACT_UNSPEC"},
	{Var: "TCA_ID", Header: "linux/pkt_cls.h", Enum: "TCA_ID_UNSPEC"},
	{Var: "TC_ACT", Header: "linux/pkt_cls.h", Prefix: "TC_ACT_", Exclude: []string{"TC_ACT_UNSPEC", "TC_ACT_VALUE_MAX", "TC_ACT_EXT_", "TC_ACT_JUMP", "TC_ACT_GOTO_CHAIN"}},
	{Var: "TCA_POLICE", Header: "linux/pkt_cls.h", Enum: "TCA_POLICE_UNSPEC"},
	{Var: "TCA_U32", Header: "linux/pkt_cls.h", Enum: "TCA_U32_UNSPEC"},
	{Var: "TCA_BPF", Header: "linux/pkt_cls.h", Enum: "TCA_BPF_UNSPEC"},
	{Var: "TCA_FLOWER", Header: "linux/pkt_cls.h", Enum: "TCA_FLOWER_UNSPEC"},
	{Var: "TCA_MATCHALL", Header: "linux/pkt_cls.h", Enum: "TCA_MATCHALL_UNSPEC"},
	{Var: "TCA_BASIC", Header: "linux/pkt_cls.h", Enum: "TCA_BASIC_UNSPEC"},
	{Var: "TCA_FW", Header: "linux/pkt_cls.h", Enum: "TCA_FW_UNSPEC"},
	{Var: "TCA_EMATCH_TREE", Header: "linux/pkt_cls.h", Enum: "TCA_EMATCH_TREE_UNSPEC"},
	{Var: "TCA_GACT", Header: "linux/tc_act/tc_gact.h", Enum: "TCA_GACT_UNSPEC"},
	{Var: "TCA_MIRRED", Header: "linux/tc_act/tc_mirred.h", Enum: "TCA_MIRRED_UNSPEC"},
	{Var: "TCA_MIRRED_EACTION", Header: "linux/tc_act/tc_mirred.h", Prefix: "TCA_", Exclude: []string{"TCA_MIRRED_"}},
	{Var: "TCA_ROOT", Header: "linux/rtnetlink.h", Enum: "TCA_ROOT_UNSPEC"},
	// link kinds (if_link.h, if_tunnel.h).
	{Var: "IFLA_GENEVE", Header: "linux/if_link.h", Enum: "IFLA_GENEVE_UNSPEC"},
	{Var: "IFLA_BOND_AD_INFO", Header: "linux/if_link.h", Enum: "IFLA_BOND_AD_INFO_UNSPEC"},
	{Var: "IFLA_IPTUN", Header: "linux/if_tunnel.h", Enum: "IFLA_IPTUN_UNSPEC"},
	{Var: "IFLA_GRE", Header: "linux/if_tunnel.h", Enum: "IFLA_GRE_UNSPEC"},
	{Var: "TUNNEL_ENCAP", Header: "linux/if_tunnel.h", Enum: "TUNNEL_ENCAP_NONE"},
	// RTM_GETSTATS (if_link.h).
	{Var: "IFLA_STATS", Consts: true, Header: "linux/if_link.h", Enum: "IFLA_STATS_UNSPEC"},
	{Var: "IFLA_OFFLOAD_XSTATS", Header: "linux/if_link.h", Enum: "IFLA_OFFLOAD_XSTATS_UNSPEC"},
	{Var: "LINK_XSTATS_TYPE", Header: "linux/if_link.h", Enum: "LINK_XSTATS_TYPE_UNSPEC"},
	// bridge vlans and mdb (if_bridge.h).
	{Var: "BRIDGE_VLANDB", Header: "linux/if_bridge.h", Enum: "BRIDGE_VLANDB_UNSPEC"},
	{Var: "BRIDGE_VLANDB_ENTRY", Header: "linux/if_bridge.h", Enum: "BRIDGE_VLANDB_ENTRY_UNSPEC"},
	{Var: "BRIDGE_VLANDB_STATS", Header: "linux/if_bridge.h", Enum: "BRIDGE_VLANDB_STATS_UNSPEC"},
	{Var: "BRIDGE_VLANDB_GOPTS", Header: "linux/if_bridge.h", Enum: "BRIDGE_VLANDB_GOPTS_UNSPEC"},
	{Var: "BRIDGE_VLANDB_DUMP", Header: "linux/if_bridge.h", Enum: "BRIDGE_VLANDB_DUMP_UNSPEC"},
	{Var: "MDBA", Header: "linux/if_bridge.h", Enum: "MDBA_UNSPEC"},
	{Var: "MDBA_MDB", Header: "linux/if_bridge.h", Enum: "MDBA_MDB_UNSPEC"},
	{Var: "MDBA_MDB_ENTRY", Header: "linux/if_bridge.h", Enum: "MDBA_MDB_ENTRY_UNSPEC"},
	{Var: "MDBA_MDB_EATTR", Header: "linux/if_bridge.h", Enum: "MDBA_MDB_EATTR_UNSPEC"},
	{Var: "MDBA_ROUTER", Header: "linux/if_bridge.h", Enum: "MDBA_ROUTER_UNSPEC"},
	{Var: "MDBA_ROUTER_PATTR", Header: "linux/if_bridge.h", Enum: "MDBA_ROUTER_PATTR_UNSPEC"},
	{Var: "MDBA_SET_ENTRY", Header: "linux/if_bridge.h", Enum: "MDBA_SET_ENTRY_UNSPEC"},
	{Var: "MDB_RTR_TYPE", Header: "linux/if_bridge.h", Enum: "MDB_RTR_TYPE_DISABLED"},
	{Var: "BRIDGE_XSTATS", Header: "linux/if_bridge.h", Enum: "BRIDGE_XSTATS_UNSPEC"},
}
