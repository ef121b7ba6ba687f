package dissect

// Names of the enums and flag bits used by rtnetlink headers and attributes,
// taken from the kernel UAPI headers (linux 6.1 and newer: where a value was
// added later, the comment says so). Enum maps give the full UAPI name; flag
// maps name single bits.

// rtnlAFNames names address families (include/linux/socket.h, plus the
// rtnetlink-only families of include/uapi/linux/rtnetlink.h).
//
//	#define AF_UNSPEC	0
//	#define AF_UNIX		1
//	#define AF_INET		2
//	#define AF_BRIDGE	7	/* Multiprotocol bridge 	*/
//	#define AF_INET6	10	/* IP version 6			*/
//	#define AF_NETLINK	16
//	#define AF_PACKET	17	/* Packet family		*/
//	#define AF_MPLS		28	/* MPLS */
//	#define RTNL_FAMILY_IPMR		128
//	#define RTNL_FAMILY_IP6MR		129
var rtnlAFNames = map[uint64]string{
	0:   "AF_UNSPEC",
	1:   "AF_UNIX",
	2:   "AF_INET",
	3:   "AF_AX25",
	4:   "AF_IPX",
	5:   "AF_APPLETALK",
	6:   "AF_NETROM",
	7:   "AF_BRIDGE",
	8:   "AF_ATMPVC",
	9:   "AF_X25",
	10:  "AF_INET6",
	16:  "AF_NETLINK",
	17:  "AF_PACKET",
	28:  "AF_MPLS",
	40:  "AF_VSOCK",
	44:  "AF_XDP",
	45:  "AF_MCTP",
	128: "RTNL_FAMILY_IPMR",
	129: "RTNL_FAMILY_IP6MR",
}

// Address families used in code.
const (
	afUnspec = 0
	afInet   = 2
	afBridge = 7
	afInet6  = 10
	afMPLS   = 28
)

// arphrdNames names ifi_type (include/uapi/linux/if_arp.h).
//
//	#define ARPHRD_NETROM	0		/* from KA9Q: NET/ROM pseudo	*/
//	#define ARPHRD_ETHER 	1		/* Ethernet 10Mbps		*/
//	...
//	#define ARPHRD_NETLINK	824		/* Netlink header		*/
//	#define ARPHRD_6LOWPAN	825		/* IPv6 over LoWPAN             */
//	#define ARPHRD_VSOCKMON	826		/* Vsock monitor header		*/
//	#define ARPHRD_VOID	  0xFFFF	/* Void type, nothing is known */
//	#define ARPHRD_NONE	  0xFFFE	/* zero header length */
var arphrdNames = map[uint64]string{
	0:      "ARPHRD_NETROM",
	1:      "ARPHRD_ETHER",
	2:      "ARPHRD_EETHER",
	3:      "ARPHRD_AX25",
	4:      "ARPHRD_PRONET",
	5:      "ARPHRD_CHAOS",
	6:      "ARPHRD_IEEE802",
	7:      "ARPHRD_ARCNET",
	8:      "ARPHRD_APPLETLK",
	15:     "ARPHRD_DLCI",
	19:     "ARPHRD_ATM",
	23:     "ARPHRD_METRICOM",
	24:     "ARPHRD_IEEE1394",
	27:     "ARPHRD_EUI64",
	32:     "ARPHRD_INFINIBAND",
	256:    "ARPHRD_SLIP",
	257:    "ARPHRD_CSLIP",
	258:    "ARPHRD_SLIP6",
	259:    "ARPHRD_CSLIP6",
	260:    "ARPHRD_RSRVD",
	264:    "ARPHRD_ADAPT",
	270:    "ARPHRD_ROSE",
	271:    "ARPHRD_X25",
	272:    "ARPHRD_HWX25",
	280:    "ARPHRD_CAN",
	290:    "ARPHRD_MCTP",
	512:    "ARPHRD_PPP",
	513:    "ARPHRD_CISCO",
	516:    "ARPHRD_LAPB",
	517:    "ARPHRD_DDCMP",
	518:    "ARPHRD_RAWHDLC",
	519:    "ARPHRD_RAWIP",
	768:    "ARPHRD_TUNNEL",
	769:    "ARPHRD_TUNNEL6",
	770:    "ARPHRD_FRAD",
	771:    "ARPHRD_SKIP",
	772:    "ARPHRD_LOOPBACK",
	773:    "ARPHRD_LOCALTLK",
	774:    "ARPHRD_FDDI",
	775:    "ARPHRD_BIF",
	776:    "ARPHRD_SIT",
	777:    "ARPHRD_IPDDP",
	778:    "ARPHRD_IPGRE",
	779:    "ARPHRD_PIMREG",
	780:    "ARPHRD_HIPPI",
	781:    "ARPHRD_ASH",
	782:    "ARPHRD_ECONET",
	783:    "ARPHRD_IRDA",
	784:    "ARPHRD_FCPP",
	785:    "ARPHRD_FCAL",
	786:    "ARPHRD_FCPL",
	787:    "ARPHRD_FCFABRIC",
	800:    "ARPHRD_IEEE802_TR",
	801:    "ARPHRD_IEEE80211",
	802:    "ARPHRD_IEEE80211_PRISM",
	803:    "ARPHRD_IEEE80211_RADIOTAP",
	804:    "ARPHRD_IEEE802154",
	805:    "ARPHRD_IEEE802154_MONITOR",
	820:    "ARPHRD_PHONET",
	821:    "ARPHRD_PHONET_PIPE",
	822:    "ARPHRD_CAIF",
	823:    "ARPHRD_IP6GRE",
	824:    "ARPHRD_NETLINK",
	825:    "ARPHRD_6LOWPAN",
	826:    "ARPHRD_VSOCKMON",
	0xFFFF: "ARPHRD_VOID",
	0xFFFE: "ARPHRD_NONE",
}

// iffNames names ifi_flags bits (include/uapi/linux/if.h, enum net_device_flags).
//
//	IFF_UP				= 1<<0,  /* sysfs */
//	IFF_BROADCAST			= 1<<1,  /* volatile */
//	IFF_DEBUG			= 1<<2,  /* sysfs */
//	IFF_LOOPBACK			= 1<<3,  /* volatile */
//	IFF_POINTOPOINT			= 1<<4,  /* volatile */
//	IFF_NOTRAILERS			= 1<<5,  /* sysfs */
//	IFF_RUNNING			= 1<<6,  /* volatile */
//	IFF_NOARP			= 1<<7,  /* sysfs */
//	IFF_PROMISC			= 1<<8,  /* sysfs */
//	IFF_ALLMULTI			= 1<<9,  /* sysfs */
//	IFF_MASTER			= 1<<10, /* volatile */
//	IFF_SLAVE			= 1<<11, /* volatile */
//	IFF_MULTICAST			= 1<<12, /* sysfs */
//	IFF_PORTSEL			= 1<<13, /* sysfs */
//	IFF_AUTOMEDIA			= 1<<14, /* sysfs */
//	IFF_DYNAMIC			= 1<<15, /* sysfs */
//	IFF_LOWER_UP			= 1<<16, /* volatile */
//	IFF_DORMANT			= 1<<17, /* volatile */
//	IFF_ECHO			= 1<<18, /* volatile */
var iffNames = map[uint64]string{
	1 << 0:  "IFF_UP",
	1 << 1:  "IFF_BROADCAST",
	1 << 2:  "IFF_DEBUG",
	1 << 3:  "IFF_LOOPBACK",
	1 << 4:  "IFF_POINTOPOINT",
	1 << 5:  "IFF_NOTRAILERS",
	1 << 6:  "IFF_RUNNING",
	1 << 7:  "IFF_NOARP",
	1 << 8:  "IFF_PROMISC",
	1 << 9:  "IFF_ALLMULTI",
	1 << 10: "IFF_MASTER",
	1 << 11: "IFF_SLAVE",
	1 << 12: "IFF_MULTICAST",
	1 << 13: "IFF_PORTSEL",
	1 << 14: "IFF_AUTOMEDIA",
	1 << 15: "IFF_DYNAMIC",
	1 << 16: "IFF_LOWER_UP",
	1 << 17: "IFF_DORMANT",
	1 << 18: "IFF_ECHO",
}

const iffUp = 1 << 0

// ifOperNames names IFLA_OPERSTATE (include/uapi/linux/if.h, RFC 2863).
//
//	enum {
//		IF_OPER_UNKNOWN,
//		IF_OPER_NOTPRESENT,
//		IF_OPER_DOWN,
//		IF_OPER_LOWERLAYERDOWN,
//		IF_OPER_TESTING,
//		IF_OPER_DORMANT,
//		IF_OPER_UP,
//	};
var ifOperNames = map[uint64]string{
	0: "IF_OPER_UNKNOWN",
	1: "IF_OPER_NOTPRESENT",
	2: "IF_OPER_DOWN",
	3: "IF_OPER_LOWERLAYERDOWN",
	4: "IF_OPER_TESTING",
	5: "IF_OPER_DORMANT",
	6: "IF_OPER_UP",
}

// ifLinkModeNames names IFLA_LINKMODE (include/uapi/linux/if.h).
//
//	enum {
//		IF_LINK_MODE_DEFAULT,
//		IF_LINK_MODE_DORMANT,	/* limit upward transition to dormant */
//		IF_LINK_MODE_TESTING,	/* limit upward transition to testing */
//	};
var ifLinkModeNames = map[uint64]string{
	0: "IF_LINK_MODE_DEFAULT",
	1: "IF_LINK_MODE_DORMANT",
	2: "IF_LINK_MODE_TESTING",
}

// rtextFilterNames names IFLA_EXT_MASK bits (include/uapi/linux/rtnetlink.h).
//
//	#define RTEXT_FILTER_VF		(1 << 0)
//	#define RTEXT_FILTER_BRVLAN	(1 << 1)
//	#define RTEXT_FILTER_BRVLAN_COMPRESSED	(1 << 2)
//	#define	RTEXT_FILTER_SKIP_STATS	(1 << 3)
//	#define RTEXT_FILTER_MRP	(1 << 4)
//	#define RTEXT_FILTER_CFM_CONFIG	(1 << 5)
//	#define RTEXT_FILTER_CFM_STATUS	(1 << 6)
//	#define RTEXT_FILTER_MST	(1 << 7)
var rtextFilterNames = map[uint64]string{
	1 << 0: "RTEXT_FILTER_VF",
	1 << 1: "RTEXT_FILTER_BRVLAN",
	1 << 2: "RTEXT_FILTER_BRVLAN_COMPRESSED",
	1 << 3: "RTEXT_FILTER_SKIP_STATS",
	1 << 4: "RTEXT_FILTER_MRP",
	1 << 5: "RTEXT_FILTER_CFM_CONFIG",
	1 << 6: "RTEXT_FILTER_CFM_STATUS",
	1 << 7: "RTEXT_FILTER_MST",
}

// ifaFlagNames names ifa_flags and IFA_FLAGS bits (include/uapi/linux/if_addr.h).
//
//	#define IFA_F_SECONDARY		0x01
//	#define IFA_F_TEMPORARY		IFA_F_SECONDARY
//	#define	IFA_F_NODAD		0x02
//	#define IFA_F_OPTIMISTIC	0x04
//	#define IFA_F_DADFAILED		0x08
//	#define	IFA_F_HOMEADDRESS	0x10
//	#define IFA_F_DEPRECATED	0x20
//	#define IFA_F_TENTATIVE		0x40
//	#define IFA_F_PERMANENT		0x80
//	#define IFA_F_MANAGETEMPADDR	0x100
//	#define IFA_F_NOPREFIXROUTE	0x200
//	#define IFA_F_MCAUTOJOIN	0x400
//	#define IFA_F_STABLE_PRIVACY	0x800
var ifaFlagNames = map[uint64]string{
	0x01:  "IFA_F_SECONDARY",
	0x02:  "IFA_F_NODAD",
	0x04:  "IFA_F_OPTIMISTIC",
	0x08:  "IFA_F_DADFAILED",
	0x10:  "IFA_F_HOMEADDRESS",
	0x20:  "IFA_F_DEPRECATED",
	0x40:  "IFA_F_TENTATIVE",
	0x80:  "IFA_F_PERMANENT",
	0x100: "IFA_F_MANAGETEMPADDR",
	0x200: "IFA_F_NOPREFIXROUTE",
	0x400: "IFA_F_MCAUTOJOIN",
	0x800: "IFA_F_STABLE_PRIVACY",
}

// ifaProtoNames names IFA_PROTO (include/uapi/linux/if_addr.h).
//
//	#define IFAPROT_UNSPEC		0
//	#define IFAPROT_KERNEL_LO	1	/* loopback */
//	#define IFAPROT_KERNEL_RA	2	/* set by kernel from router announcement */
//	#define IFAPROT_KERNEL_LL	3	/* link-local set by kernel */
var ifaProtoNames = map[uint64]string{
	0: "IFAPROT_UNSPEC",
	1: "IFAPROT_KERNEL_LO",
	2: "IFAPROT_KERNEL_RA",
	3: "IFAPROT_KERNEL_LL",
}

// rtScopeNames names rtm_scope, ifa_scope and nh_scope (include/uapi/linux/rtnetlink.h).
//
//	enum rt_scope_t {
//		RT_SCOPE_UNIVERSE=0,
//	/* User defined values  */
//		RT_SCOPE_SITE=200,
//		RT_SCOPE_LINK=253,
//		RT_SCOPE_HOST=254,
//		RT_SCOPE_NOWHERE=255
//	};
var rtScopeNames = map[uint64]string{
	0:   "RT_SCOPE_UNIVERSE",
	200: "RT_SCOPE_SITE",
	253: "RT_SCOPE_LINK",
	254: "RT_SCOPE_HOST",
	255: "RT_SCOPE_NOWHERE",
}

// rtTableNames names rtm_table and RTA_TABLE (include/uapi/linux/rtnetlink.h).
//
//	enum rt_class_t {
//		RT_TABLE_UNSPEC=0,
//	/* User defined values */
//		RT_TABLE_COMPAT=252,
//		RT_TABLE_DEFAULT=253,
//		RT_TABLE_MAIN=254,
//		RT_TABLE_LOCAL=255,
//		RT_TABLE_MAX=0xFFFFFFFF
//	};
var rtTableNames = map[uint64]string{
	0:   "RT_TABLE_UNSPEC",
	252: "RT_TABLE_COMPAT",
	253: "RT_TABLE_DEFAULT",
	254: "RT_TABLE_MAIN",
	255: "RT_TABLE_LOCAL",
}

// rtTableShort are the table names ip-route(8) prints, for summaries.
var rtTableShort = map[uint64]string{
	252: "compat",
	253: "default",
	254: "main",
	255: "local",
}

// rtProtNames names rtm_protocol, nh_protocol and FRA_PROTOCOL
// (include/uapi/linux/rtnetlink.h).
//
//	#define RTPROT_UNSPEC		0
//	#define RTPROT_REDIRECT		1	/* Route installed by ICMP redirects;
//						   not used by current IPv4 */
//	#define RTPROT_KERNEL		2	/* Route installed by kernel		*/
//	#define RTPROT_BOOT		3	/* Route installed during boot		*/
//	#define RTPROT_STATIC		4	/* Route installed by administrator	*/
//	#define RTPROT_GATED		8	/* Apparently, GateD */
//	#define RTPROT_RA		9	/* RDISC/ND router advertisements */
//	#define RTPROT_MRT		10	/* Merit MRT */
//	#define RTPROT_ZEBRA		11	/* Zebra */
//	#define RTPROT_BIRD		12	/* BIRD */
//	#define RTPROT_DNROUTED		13	/* DECnet routing daemon */
//	#define RTPROT_XORP		14	/* XORP */
//	#define RTPROT_NTK		15	/* Netsukuku */
//	#define RTPROT_DHCP		16	/* DHCP client */
//	#define RTPROT_MROUTED		17	/* Multicast daemon */
//	#define RTPROT_KEEPALIVED	18	/* Keepalived daemon */
//	#define RTPROT_BABEL		42	/* Babel daemon */
//	#define RTPROT_OPENR		99	/* Open Routing (Open/R) Routes */
//	#define RTPROT_BGP		186	/* BGP Routes */
//	#define RTPROT_ISIS		187	/* ISIS Routes */
//	#define RTPROT_OSPF		188	/* OSPF Routes */
//	#define RTPROT_RIP		189	/* RIP Routes */
//	#define RTPROT_EIGRP		192	/* EIGRP Routes */
var rtProtNames = map[uint64]string{
	0:   "RTPROT_UNSPEC",
	1:   "RTPROT_REDIRECT",
	2:   "RTPROT_KERNEL",
	3:   "RTPROT_BOOT",
	4:   "RTPROT_STATIC",
	8:   "RTPROT_GATED",
	9:   "RTPROT_RA",
	10:  "RTPROT_MRT",
	11:  "RTPROT_ZEBRA",
	12:  "RTPROT_BIRD",
	13:  "RTPROT_DNROUTED",
	14:  "RTPROT_XORP",
	15:  "RTPROT_NTK",
	16:  "RTPROT_DHCP",
	17:  "RTPROT_MROUTED",
	18:  "RTPROT_KEEPALIVED",
	42:  "RTPROT_BABEL",
	99:  "RTPROT_OPENR",
	186: "RTPROT_BGP",
	187: "RTPROT_ISIS",
	188: "RTPROT_OSPF",
	189: "RTPROT_RIP",
	192: "RTPROT_EIGRP",
}

// rtnTypeNames names rtm_type and ndm_type (include/uapi/linux/rtnetlink.h).
//
//	enum {
//		RTN_UNSPEC,
//		RTN_UNICAST,		/* Gateway or direct route	*/
//		RTN_LOCAL,		/* Accept locally		*/
//		RTN_BROADCAST,		/* Accept locally as broadcast,
//					   send as broadcast */
//		RTN_ANYCAST,		/* Accept locally as broadcast,
//					   but send as unicast */
//		RTN_MULTICAST,		/* Multicast route		*/
//		RTN_BLACKHOLE,		/* Drop				*/
//		RTN_UNREACHABLE,	/* Destination is unreachable   */
//		RTN_PROHIBIT,		/* Administratively prohibited	*/
//		RTN_THROW,		/* Not in this table		*/
//		RTN_NAT,		/* Translate this address	*/
//		RTN_XRESOLVE,		/* Use external resolver	*/
//		__RTN_MAX
//	};
var rtnTypeNames = map[uint64]string{
	0:  "RTN_UNSPEC",
	1:  "RTN_UNICAST",
	2:  "RTN_LOCAL",
	3:  "RTN_BROADCAST",
	4:  "RTN_ANYCAST",
	5:  "RTN_MULTICAST",
	6:  "RTN_BLACKHOLE",
	7:  "RTN_UNREACHABLE",
	8:  "RTN_PROHIBIT",
	9:  "RTN_THROW",
	10: "RTN_NAT",
	11: "RTN_XRESOLVE",
}

// rtmFlagNames names rtm_flags: the RTNH_F_* next-hop flags the kernel
// reports in the low byte, and the RTM_F_* bits (include/uapi/linux/rtnetlink.h).
//
//	#define RTNH_F_DEAD		1	/* Nexthop is dead (used by multipath)	*/
//	#define RTNH_F_PERVASIVE	2	/* Do recursive gateway lookup	*/
//	#define RTNH_F_ONLINK		4	/* Gateway is forced on link	*/
//	#define RTNH_F_OFFLOAD		8	/* Nexthop is offloaded */
//	#define RTNH_F_LINKDOWN		16	/* carrier-down on nexthop */
//	#define RTNH_F_UNRESOLVED	32	/* The entry is unresolved (ipmr) */
//	#define RTNH_F_TRAP		64	/* Nexthop is trapping packets */
//
//	#define RTM_F_NOTIFY		0x100	/* Notify user of route change	*/
//	#define RTM_F_CLONED		0x200	/* This route is cloned		*/
//	#define RTM_F_EQUALIZE		0x400	/* Multipath equalizer: NI	*/
//	#define RTM_F_PREFIX		0x800	/* Prefix addresses		*/
//	#define RTM_F_LOOKUP_TABLE	0x1000	/* set rtm_table to FIB lookup result */
//	#define RTM_F_FIB_MATCH	        0x2000	/* return full fib lookup match */
//	#define RTM_F_OFFLOAD		0x4000	/* route is offloaded */
//	#define RTM_F_TRAP		0x8000	/* route is trapping packets */
//	#define RTM_F_OFFLOAD_FAILED	0x20000000 /* route offload failed, this value
//						    * is chosen to avoid conflicts with
//						    * other flags defined in
//						    * include/uapi/linux/ipv6_route.h
//						    */
var rtmFlagNames = map[uint64]string{
	1:          "RTNH_F_DEAD",
	2:          "RTNH_F_PERVASIVE",
	4:          "RTNH_F_ONLINK",
	8:          "RTNH_F_OFFLOAD",
	16:         "RTNH_F_LINKDOWN",
	32:         "RTNH_F_UNRESOLVED",
	64:         "RTNH_F_TRAP",
	0x100:      "RTM_F_NOTIFY",
	0x200:      "RTM_F_CLONED",
	0x400:      "RTM_F_EQUALIZE",
	0x800:      "RTM_F_PREFIX",
	0x1000:     "RTM_F_LOOKUP_TABLE",
	0x2000:     "RTM_F_FIB_MATCH",
	0x4000:     "RTM_F_OFFLOAD",
	0x8000:     "RTM_F_TRAP",
	0x20000000: "RTM_F_OFFLOAD_FAILED",
}

// rtnhFlagNames names rtnh_flags and nh_flags (the low byte of rtmFlagNames).
var rtnhFlagNames = map[uint64]string{
	1:  "RTNH_F_DEAD",
	2:  "RTNH_F_PERVASIVE",
	4:  "RTNH_F_ONLINK",
	8:  "RTNH_F_OFFLOAD",
	16: "RTNH_F_LINKDOWN",
	32: "RTNH_F_UNRESOLVED",
	64: "RTNH_F_TRAP",
}

// nudNames names ndm_state bits (include/uapi/linux/neighbour.h).
//
//	#define NUD_INCOMPLETE	0x01
//	#define NUD_REACHABLE	0x02
//	#define NUD_STALE	0x04
//	#define NUD_DELAY	0x08
//	#define NUD_PROBE	0x10
//	#define NUD_FAILED	0x20
//	/* Dummy states */
//	#define NUD_NOARP	0x40
//	#define NUD_PERMANENT	0x80
//	#define NUD_NONE	0x00
var nudNames = map[uint64]string{
	0x00: "NUD_NONE",
	0x01: "NUD_INCOMPLETE",
	0x02: "NUD_REACHABLE",
	0x04: "NUD_STALE",
	0x08: "NUD_DELAY",
	0x10: "NUD_PROBE",
	0x20: "NUD_FAILED",
	0x40: "NUD_NOARP",
	0x80: "NUD_PERMANENT",
}

// ntfNames names ndm_flags bits (include/uapi/linux/neighbour.h).
//
//	#define NTF_USE		(1 << 0)
//	#define NTF_SELF	(1 << 1)
//	#define NTF_MASTER	(1 << 2)
//	#define NTF_PROXY	(1 << 3)	/* == ATF_PUBL */
//	#define NTF_EXT_LEARNED	(1 << 4)
//	#define NTF_OFFLOADED   (1 << 5)
//	#define NTF_STICKY	(1 << 6)
//	#define NTF_ROUTER	(1 << 7)
var ntfNames = map[uint64]string{
	1 << 0: "NTF_USE",
	1 << 1: "NTF_SELF",
	1 << 2: "NTF_MASTER",
	1 << 3: "NTF_PROXY",
	1 << 4: "NTF_EXT_LEARNED",
	1 << 5: "NTF_OFFLOADED",
	1 << 6: "NTF_STICKY",
	1 << 7: "NTF_ROUTER",
}

// ntfExtNames names NDA_FLAGS_EXT bits (include/uapi/linux/neighbour.h).
//
//	#define NTF_EXT_MANAGED		(1 << 0)
//	#define NTF_EXT_LOCKED		(1 << 1)
var ntfExtNames = map[uint64]string{
	1 << 0: "NTF_EXT_MANAGED",
	1 << 1: "NTF_EXT_LOCKED",
}

// ethPNames names the link-layer protocols seen in tcm_info, IFLA_VLAN_PROTOCOL
// and IFLA_BR_VLAN_PROTOCOL (include/uapi/linux/if_ether.h).
var ethPNames = map[uint64]string{
	0x0003: "ETH_P_ALL",
	0x0800: "ETH_P_IP",
	0x0806: "ETH_P_ARP",
	0x8100: "ETH_P_8021Q",
	0x86DD: "ETH_P_IPV6",
	0x8847: "ETH_P_MPLS_UC",
	0x8848: "ETH_P_MPLS_MC",
	0x88A8: "ETH_P_8021AD",
}

// lwtEncapNames names RTA_ENCAP_TYPE and NHA_ENCAP_TYPE
// (include/uapi/linux/lwtunnel.h).
//
//	enum lwtunnel_encap_types {
//		LWTUNNEL_ENCAP_NONE,
//		LWTUNNEL_ENCAP_MPLS,
//		LWTUNNEL_ENCAP_IP,
//		LWTUNNEL_ENCAP_ILA,
//		LWTUNNEL_ENCAP_IP6,
//		LWTUNNEL_ENCAP_SEG6,
//		LWTUNNEL_ENCAP_BPF,
//		LWTUNNEL_ENCAP_SEG6_LOCAL,
//		LWTUNNEL_ENCAP_RPL,
//		LWTUNNEL_ENCAP_IOAM6,
//		LWTUNNEL_ENCAP_XFRM,
//		__LWTUNNEL_ENCAP_MAX,
//	};
var lwtEncapNames = map[uint64]string{
	0:  "LWTUNNEL_ENCAP_NONE",
	1:  "LWTUNNEL_ENCAP_MPLS",
	2:  "LWTUNNEL_ENCAP_IP",
	3:  "LWTUNNEL_ENCAP_ILA",
	4:  "LWTUNNEL_ENCAP_IP6",
	5:  "LWTUNNEL_ENCAP_SEG6",
	6:  "LWTUNNEL_ENCAP_BPF",
	7:  "LWTUNNEL_ENCAP_SEG6_LOCAL",
	8:  "LWTUNNEL_ENCAP_RPL",
	9:  "LWTUNNEL_ENCAP_IOAM6",
	10: "LWTUNNEL_ENCAP_XFRM",
}
