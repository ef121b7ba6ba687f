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
var rtnlAFNames = genRTNL_FAMILY.names(
	// AF_* are glibc's (bits/socket.h), not in the linux UAPI headers.
	uapiConst{"AF_UNSPEC", 0}, uapiConst{"AF_UNIX", 1}, uapiConst{"AF_INET", 2}, uapiConst{"AF_AX25", 3},
	uapiConst{"AF_IPX", 4}, uapiConst{"AF_APPLETALK", 5}, uapiConst{"AF_NETROM", 6}, uapiConst{"AF_BRIDGE", 7},
	uapiConst{"AF_ATMPVC", 8}, uapiConst{"AF_X25", 9}, uapiConst{"AF_INET6", 10}, uapiConst{"AF_NETLINK", 16},
	uapiConst{"AF_PACKET", 17}, uapiConst{"AF_MPLS", 28}, uapiConst{"AF_VSOCK", 40}, uapiConst{"AF_XDP", 44},
	uapiConst{"AF_MCTP", 45},
)

// Address families used in code.
const (
	afUnspec = 0
	afInet   = 2
	afBridge = 7
	afInet6  = 10
	afMPLS   = 28
	afPacket = 17
)

// Names of rtnetlink enums and flag bits, generated from the UAPI headers
// (uapi_generated.go); values added after linux 6.1 are listed with the
// release that added them.
var (
	arphrdNames      = genARPHRD.names()
	iffNames         = genIFF.names()
	ifOperNames      = genIF_OPER.names()
	ifLinkModeNames  = genIF_LINK_MODE.names()
	rtextFilterNames = genRTEXT_FILTER.names()
	ifaFlagNames     = genIFA_F.names()
	ifaProtoNames    = genIFAPROT.names()
	rtScopeNames     = genRT_SCOPE.names()
	rtTableNames     = genRT_TABLE.names()
	rtProtNames      = genRTPROT.names()
	rtnTypeNames     = genRTN.names()
	// rtm_flags holds RTNH_F_* in its low byte and RTM_F_* above.
	rtmFlagNames  = genRTM_F.names(genRTNH_F...)
	rtnhFlagNames = genRTNH_F.names()
	nudNames      = genNUD.names()
	ntfNames      = genNTF.names()
	ntfExtNames   = genNTF_EXT.names(uapiConst{"NTF_EXT_LOCKED", 1 << 1}) // linux 6.2
	ethPNames     = genETH_P.names()
	lwtEncapNames = genLWTUNNEL_ENCAP.names()
)

const iffUp = 1 << 0 // IFF_UP

// rtTableShort names the reserved tables as ip-route(8) prints them.
var rtTableShort = map[uint64]string{
	252: "compat",
	253: "default",
	254: "main",
	255: "local",
}
