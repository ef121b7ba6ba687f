package dissect

import (
	"encoding/binary"
	"maps"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
)

// NETLINK_SOCK_DIAG (include/uapi/linux/sock_diag.h, inet_diag.h,
// unix_diag.h, netlink_diag.h, packet_diag.h, smc_diag.h,
// vm_sockets_diag.h, xdp_diag.h). One message type serves every socket
// family in both directions: the request carries the family's *_diag_req,
// the answer its *_diag_msg, both starting with the address family.
//
//	#define SOCK_DIAG_BY_FAMILY 20
//	#define SOCK_DESTROY 21
//	#define TCPDIAG_GETSOCK 18   (legacy: struct inet_diag_req, TCP)
//	#define DCCPDIAG_GETSOCK 19  (legacy: struct inet_diag_req, DCCP)
//
//	struct sock_diag_req {
//		__u8	sdiag_family;
//		__u8	sdiag_protocol;
//	};
//
// noAttrs marks a MessageSpec whose payload after the decoded header is kept
// raw in Message.Trailing rather than parsed as attributes.
var noAttrs = &AttrSet{Name: "raw"}

const (
	sockDiagByFamily = SOCK_DIAG_BY_FAMILY
	sockDestroy      = SOCK_DESTROY
)

// sockDiagHeader is the family byte alone: a family without a known
// struct, or a payload too short for it.
var sockDiagHeader = &HeaderSpec{
	Name: "sock_diag",
	Len:  1,
	Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{{Name: "family", Value: afName(b[0]), Raw: uint64(b[0])}}
	},
}

// sockAFNames are the address families of sock_diag: rtnetlink's and
// AF_SMC (43), which the generated table lacks.
var sockAFNames = func() map[uint64]string {
	m := maps.Clone(rtnlAFNames)
	if _, ok := m[afSMC]; !ok {
		m[afSMC] = "AF_SMC"
	}
	return m
}()

// afName names the address family of a sock_diag message.
func afName(v uint8) string { return enumName(sockAFNames, uint64(v)) }

// tcpStates names the socket states of include/net/tcp_states.h (not
// UAPI; inet_diag, unix_diag and vsock_diag report them).
var tcpStates = map[uint64]string{
	1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 6: "TIME_WAIT",
	7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING", 12: "NEW_SYN_RECV",
	13: "BOUND_INACTIVE",
}

// tcpStateBits names the bits of idiag_states (1 << state); ss sends
// 0xffffffff for "all".
var tcpStateBits = func() map[uint64]string {
	m := make(map[uint64]string, len(tcpStates))
	for v, n := range tcpStates {
		m[1<<v] = n
	}
	return m
}()

// idiagTimers names idiag_timer (net/ipv4/inet_diag.c, ss's tmr_name).
var idiagTimers = map[uint64]string{0: "off", 1: "on", 2: "keepalive", 3: "timewait", 4: "persist"}

// idiagExtBits names idiag_ext: bit INET_DIAG_x - 1 asks for attribute x.
var idiagExtBits = extBits(genINET_DIAG)

// extBits names the bits of a u8 extension mask whose bit x - 1 asks for
// attribute x of g (inet_diag's idiag_ext, smc_diag's diag_ext).
func extBits(g uapiGroup) map[uint64]string {
	m := map[uint64]string{}
	for _, c := range g {
		if c.Value >= 1 && c.Value <= 8 {
			m[1<<(c.Value-1)] = c.Name
		}
	}
	return m
}

// sockTypes names socket types (SOCK_STREAM...).
var sockTypes = map[uint64]string{1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET", 6: "SOCK_DCCP", 10: "SOCK_PACKET"}

// allStates prints a state mask; 0xffffffff reads "all".
func allStates(b []byte, order binary.ByteOrder) string {
	v := order.Uint32(b)
	if v == 0xffffffff {
		return "all"
	}
	return flagString(uint64(v), tcpStateBits)
}

// sockidMembers are struct inet_diag_sockid at off:
//
//	struct inet_diag_sockid {
//		__be16	idiag_sport;
//		__be16	idiag_dport;
//		__be32	idiag_src[4];
//		__be32	idiag_dst[4];
//		__u32	idiag_if;
//		__u32	idiag_cookie[2];
//	};
func sockidMembers(off int) []member {
	return []member{
		{name: "idiag_sport", off: off, kind: mBE16},
		{name: "idiag_dport", off: off + 2, kind: mBE16},
		{name: "idiag_src", off: off + 4, kind: mAddr, size: 16},
		{name: "idiag_dst", off: off + 20, kind: mAddr, size: 16},
		{name: "idiag_if", off: off + 36, kind: mU32, tags: TagIfindex},
		{name: "idiag_cookie", off: off + 40, kind: mCookie, tags: TagVolatile},
	}
}

// statesMember is a u32 state mask member.
func statesMember(name string, off int) member {
	return member{name: name, off: off, kind: mU32, flags: tcpStateBits}
}

func concat(ms ...[]member) []member {
	var out []member
	for _, m := range ms {
		out = append(out, m...)
	}
	return out
}

var (
	// struct inet_diag_req_v2 {
	//	__u8	sdiag_family; __u8 sdiag_protocol; __u8 idiag_ext; __u8 pad;
	//	__u32	idiag_states;
	//	struct inet_diag_sockid id;
	// };
	inetDiagReqV2 = cstructFamily("inet_diag_req_v2", 56, 0, 1, concat([]member{
		mu8("sdiag_family", 0).named(sockAFNames),
		mu8("sdiag_protocol", 1).named(ipProtoNames),
		mu8("idiag_ext", 2).bits(idiagExtBits),
		statesMember("idiag_states", 4),
	}, sockidMembers(8))...)
	// struct inet_diag_req (TCPDIAG_GETSOCK, DCCPDIAG_GETSOCK) {
	//	__u8 idiag_family; __u8 idiag_src_len; __u8 idiag_dst_len; __u8 idiag_ext;
	//	struct inet_diag_sockid id;
	//	__u32 idiag_states; __u32 idiag_dbs;
	// };
	inetDiagReqV1 = cstructFamily("inet_diag_req", 60, 0, 1, concat([]member{
		mu8("idiag_family", 0).named(sockAFNames),
		mu8("idiag_src_len", 1),
		mu8("idiag_dst_len", 2),
		mu8("idiag_ext", 3).bits(idiagExtBits),
	}, sockidMembers(4), []member{statesMember("idiag_states", 52), mu32("idiag_dbs", 56)})...)
	// struct inet_diag_msg {
	//	__u8 idiag_family; __u8 idiag_state; __u8 idiag_timer; __u8 idiag_retrans;
	//	struct inet_diag_sockid id;
	//	__u32 idiag_expires; __u32 idiag_rqueue; __u32 idiag_wqueue;
	//	__u32 idiag_uid; __u32 idiag_inode;
	// };
	// The timer's expiry, the queues and the inode differ between runs.
	inetDiagMsg = cstructFamily("inet_diag_msg", 72, 0, 1, concat([]member{
		mu8("idiag_family", 0).named(sockAFNames),
		mu8("idiag_state", 1).named(tcpStates),
		mu8("idiag_timer", 2).named(idiagTimers),
		mu8("idiag_retrans", 3).vol(),
	}, sockidMembers(4), []member{
		mu32("idiag_expires", 52).vol(),
		mu32("idiag_rqueue", 56).vol(),
		mu32("idiag_wqueue", 60).vol(),
		mu32("idiag_uid", 64),
		mu32("idiag_inode", 68).vol(),
	})...)

	// struct unix_diag_req {
	//	__u8 sdiag_family; __u8 sdiag_protocol; __u16 pad;
	//	__u32 udiag_states; __u32 udiag_ino; __u32 udiag_show; __u32 udiag_cookie[2];
	// };
	unixDiagReq = cstruct("unix_diag_req", 24,
		mu8("sdiag_family", 0).named(sockAFNames),
		mu8("sdiag_protocol", 1),
		statesMember("udiag_states", 4),
		mu32("udiag_ino", 8),
		mu32("udiag_show", 12).bits(genUDIAG_SHOW.names()),
		member{name: "udiag_cookie", off: 16, kind: mCookie},
	)
	// struct unix_diag_msg {
	//	__u8 udiag_family; __u8 udiag_type; __u8 udiag_state; __u8 pad;
	//	__u32 udiag_ino; __u32 udiag_cookie[2];
	// };
	unixDiagMsg = cstruct("unix_diag_msg", 16,
		mu8("udiag_family", 0).named(sockAFNames),
		mu8("udiag_type", 1).named(sockTypes),
		mu8("udiag_state", 2).named(tcpStates),
		mu32("udiag_ino", 4).vol(),
		member{name: "udiag_cookie", off: 8, kind: mCookie, tags: TagVolatile},
	)

	// struct netlink_diag_req {
	//	__u8 sdiag_family; __u8 sdiag_protocol; __u16 pad;
	//	__u32 ndiag_ino; __u32 ndiag_show; __u32 ndiag_cookie[2];
	// };
	netlinkDiagReq = cstruct("netlink_diag_req", 20,
		mu8("sdiag_family", 0).named(sockAFNames),
		// #define NDIAG_PROTO_ALL		((__u8) ~0): every protocol.
		member{name: "sdiag_protocol", off: 1, kind: mU8, enum: func() map[uint64]string {
			m := maps.Clone(netlinkProtoNames)
			m[0xff] = "NDIAG_PROTO_ALL"
			return m
		}()},
		mu32("ndiag_ino", 4),
		mu32("ndiag_show", 8).bits(genNDIAG_SHOW.names()),
		member{name: "ndiag_cookie", off: 12, kind: mCookie},
	)
	// struct netlink_diag_msg {
	//	__u8 ndiag_family; __u8 ndiag_type; __u8 ndiag_protocol; __u8 ndiag_state;
	//	__u32 ndiag_portid; __u32 ndiag_dst_portid; __u32 ndiag_dst_group;
	//	__u32 ndiag_ino; __u32 ndiag_cookie[2];
	// };
	netlinkDiagMsg = cstruct("netlink_diag_msg", 28,
		mu8("ndiag_family", 0).named(sockAFNames),
		mu8("ndiag_type", 1).named(sockTypes),
		mu8("ndiag_protocol", 2).named(netlinkProtoNames),
		mu8("ndiag_state", 3).named(netlinkSockStates),
		mu32("ndiag_portid", 4).vol(),
		mu32("ndiag_dst_portid", 8),
		mu32("ndiag_dst_group", 12),
		mu32("ndiag_ino", 16).vol(),
		member{name: "ndiag_cookie", off: 20, kind: mCookie, tags: TagVolatile},
	)

	// struct packet_diag_req {
	//	__u8 sdiag_family; __u8 sdiag_protocol; __u16 pad;
	//	__u32 pdiag_ino; __u32 pdiag_show; __u32 pdiag_cookie[2];
	// };
	packetDiagReq = cstruct("packet_diag_req", 20,
		mu8("sdiag_family", 0).named(sockAFNames),
		mu8("sdiag_protocol", 1),
		mu32("pdiag_ino", 4),
		mu32("pdiag_show", 8).bits(genPACKET_SHOW.names()),
		member{name: "pdiag_cookie", off: 12, kind: mCookie},
	)
	// struct packet_diag_msg {
	//	__u8 pdiag_family; __u8 pdiag_type; __u16 pdiag_num;
	//	__u32 pdiag_ino; __u32 pdiag_cookie[2];
	// };
	// pdiag_num is the protocol as bound, which the kernel turns to host
	// order (ETH_P_ALL).
	packetDiagMsg = cstruct("packet_diag_msg", 16,
		mu8("pdiag_family", 0).named(sockAFNames),
		mu8("pdiag_type", 1).named(sockTypes),
		member{name: "pdiag_num", off: 2, kind: mU16, enum: genETH_P.names()}, // ntohs(po->num)
		mu32("pdiag_ino", 4).vol(),
		member{name: "pdiag_cookie", off: 8, kind: mCookie, tags: TagVolatile},
	)

	// struct smc_diag_req { __u8 diag_family; __u8 pad[2]; __u8 diag_ext; struct inet_diag_sockid id; };
	smcDiagReq = smcAddrs(cstruct("smc_diag_req", 52, concat([]member{
		mu8("diag_family", 0).named(sockAFNames),
		mu8("diag_ext", 3).bits(smcDiagExtBits),
	}, sockidMembers(4))...), 8, 24)
	// struct smc_diag_msg {
	//	__u8 diag_family; __u8 diag_state; __u8 diag_mode; __u8 diag_shutdown;
	//	struct inet_diag_sockid id; __u32 diag_uid; __aligned_u64 diag_inode;
	// };
	// diag_family is AF_SMC for SMCPROTO_SMC and SMCPROTO_SMC6 sockets
	// alike (smc_diag_msg_common_fill); diag_shutdown stays 0 (the
	// kernel reports SMC_DIAG_SHUTDOWN instead).
	smcDiagMsg = smcAddrs(cstruct("smc_diag_msg", 64, concat([]member{
		mu8("diag_family", 0).named(sockAFNames),
		mu8("diag_state", 1).named(smcStates),
		mu8("diag_mode", 2).named(genSMC_DIAG_MODE.names()),
		mu8("diag_shutdown", 3).bits(shutdownNames),
	}, sockidMembers(4), []member{mu32("diag_uid", 52), mu64("diag_inode", 56).vol()})...), 8, 24)

	// struct vsock_diag_req {
	//	__u8 sdiag_family; __u8 sdiag_protocol; __u16 pad;
	//	__u32 vdiag_states; __u32 vdiag_ino; __u32 vdiag_show; __u32 vdiag_cookie[2];
	// };
	vsockDiagReq = cstruct("vsock_diag_req", 24,
		mu8("sdiag_family", 0).named(sockAFNames),
		mu8("sdiag_protocol", 1),
		statesMember("vdiag_states", 4),
		mu32("vdiag_ino", 8),
		mu32("vdiag_show", 12),
		member{name: "vdiag_cookie", off: 16, kind: mCookie},
	)
	// struct vsock_diag_msg {
	//	__u8 vdiag_family; __u8 vdiag_type; __u8 vdiag_state; __u8 vdiag_shutdown;
	//	__u32 vdiag_src_cid; __u32 vdiag_src_port; __u32 vdiag_dst_cid; __u32 vdiag_dst_port;
	//	__u32 vdiag_ino; __u32 vdiag_cookie[2];
	// };
	vsockDiagMsg = cstruct("vsock_diag_msg", 32,
		mu8("vdiag_family", 0).named(sockAFNames),
		mu8("vdiag_type", 1).named(sockTypes),
		mu8("vdiag_state", 2).named(tcpStates),
		mu8("vdiag_shutdown", 3),
		mu32("vdiag_src_cid", 4).named(vmaddrCIDs), mu32("vdiag_src_port", 8).named(vmaddrPorts),
		mu32("vdiag_dst_cid", 12).named(vmaddrCIDs), mu32("vdiag_dst_port", 16).named(vmaddrPorts),
		mu32("vdiag_ino", 20).vol(),
		member{name: "vdiag_cookie", off: 24, kind: mCookie, tags: TagVolatile},
	)

	// struct xdp_diag_req {
	//	__u8 sdiag_family; __u8 sdiag_protocol; __u16 pad;
	//	__u32 xdiag_ino; __u32 xdiag_show; __u32 xdiag_cookie[2];
	// };
	xdpDiagReq = cstruct("xdp_diag_req", 20,
		mu8("sdiag_family", 0).named(sockAFNames),
		mu8("sdiag_protocol", 1),
		mu32("xdiag_ino", 4),
		mu32("xdiag_show", 8).bits(genXDP_SHOW.names()),
		member{name: "xdiag_cookie", off: 12, kind: mCookie},
	)
	// struct xdp_diag_msg {
	//	__u8 xdiag_family; __u8 xdiag_type; __u16 pad;
	//	__u32 xdiag_ino; __u32 xdiag_cookie[2];
	// };
	xdpDiagMsg = cstruct("xdp_diag_msg", 16,
		mu8("xdiag_family", 0).named(sockAFNames),
		mu8("xdiag_type", 1).named(sockTypes),
		mu32("xdiag_ino", 4).vol(),
		member{name: "xdiag_cookie", off: 8, kind: mCookie, tags: TagVolatile},
	)
)

var netlinkProtoNames = genNETLINK.names()

// tcpInfoStruct is struct tcp_info (include/uapi/linux/tcp.h), field by
// field; members after tcpi_snd_wnd came with later kernels. The whole
// INET_DIAG_INFO attribute is tagged volatile: its timers, rtts and
// counters differ between runs.
var tcpInfoStruct = cstruct("tcp_info", 104,
	mu8("tcpi_state", 0).named(tcpStates),
	mu8("tcpi_ca_state", 1).named(genTCP_CA.names()),
	mu8("tcpi_retransmits", 2), mu8("tcpi_probes", 3), mu8("tcpi_backoff", 4),
	mu8("tcpi_options", 5).bits(genTCPI_OPT.names()),
	bitField("tcpi_snd_wscale", 6, 0, 0xf),
	bitField("tcpi_rcv_wscale", 6, 4, 0xf),
	bitField("tcpi_delivery_rate_app_limited", 7, 0, 1),
	bitField("tcpi_fastopen_client_fail", 7, 1, 3).named(genTFO_STATUS.names()),
	mu32("tcpi_rto", 8), mu32("tcpi_ato", 12), mu32("tcpi_snd_mss", 16), mu32("tcpi_rcv_mss", 20),
	mu32("tcpi_unacked", 24), mu32("tcpi_sacked", 28), mu32("tcpi_lost", 32), mu32("tcpi_retrans", 36),
	mu32("tcpi_fackets", 40), mu32("tcpi_last_data_sent", 44), mu32("tcpi_last_ack_sent", 48),
	mu32("tcpi_last_data_recv", 52), mu32("tcpi_last_ack_recv", 56), mu32("tcpi_pmtu", 60),
	mu32("tcpi_rcv_ssthresh", 64), mu32("tcpi_rtt", 68), mu32("tcpi_rttvar", 72), mu32("tcpi_snd_ssthresh", 76),
	mu32("tcpi_snd_cwnd", 80), mu32("tcpi_advmss", 84), mu32("tcpi_reordering", 88), mu32("tcpi_rcv_rtt", 92),
	mu32("tcpi_rcv_space", 96), mu32("tcpi_total_retrans", 100),
	mu64("tcpi_pacing_rate", 104), mu64("tcpi_max_pacing_rate", 112), mu64("tcpi_bytes_acked", 120),
	mu64("tcpi_bytes_received", 128), mu32("tcpi_segs_out", 136), mu32("tcpi_segs_in", 140),
	mu32("tcpi_notsent_bytes", 144), mu32("tcpi_min_rtt", 148), mu32("tcpi_data_segs_in", 152),
	mu32("tcpi_data_segs_out", 156), mu64("tcpi_delivery_rate", 160), mu64("tcpi_busy_time", 168),
	mu64("tcpi_rwnd_limited", 176), mu64("tcpi_sndbuf_limited", 184), mu32("tcpi_delivered", 192),
	mu32("tcpi_delivered_ce", 196), mu64("tcpi_bytes_sent", 200), mu64("tcpi_bytes_retrans", 208),
	mu32("tcpi_dsack_dups", 216), mu32("tcpi_reord_seen", 220), mu32("tcpi_rcv_ooopack", 224),
	mu32("tcpi_snd_wnd", 228),
	mu32("tcpi_rcv_wnd", 232),              // linux 6.2
	mu32("tcpi_rehash", 236),               // linux 6.2
	mu16("tcpi_total_rto", 240),            // linux 6.7
	mu16("tcpi_total_rto_recoveries", 242), // linux 6.7
	mu32("tcpi_total_rto_time", 244),       // linux 6.7
	mu32("tcpi_received_ce", 248),          // linux 6.18
	mu32("tcpi_delivered_e1_bytes", 252),   // linux 6.18
	mu32("tcpi_delivered_e0_bytes", 256),   // linux 6.18
	mu32("tcpi_delivered_ce_bytes", 260),   // linux 6.18
	mu32("tcpi_received_e1_bytes", 264),    // linux 6.18
	mu32("tcpi_received_e0_bytes", 268),    // linux 6.18
	mu32("tcpi_received_ce_bytes", 272),    // linux 6.18
	mu16("tcpi_accecn_fail_mode", 276),     // linux 6.18
	mu16("tcpi_accecn_opt_seen", 278),      // linux 6.18
)

// sctpInfoStruct is struct sctp_info (include/uapi/linux/sctp.h, 368
// bytes), the INET_DIAG_INFO of an SCTP socket (net/sctp/diag.c,
// sctp_get_sctp_info); the __reserved members are left out.
//
//	struct sctp_info {
//		__u32	sctpi_tag; __u32 sctpi_state; __u32 sctpi_rwnd;
//		__u16	sctpi_unackdata; __u16 sctpi_penddata; __u16 sctpi_instrms; __u16 sctpi_outstrms;
//		__u32	sctpi_fragmentation_point, sctpi_inqueue, sctpi_outqueue, sctpi_overall_error,
//			sctpi_max_burst, sctpi_maxseg, sctpi_peer_rwnd, sctpi_peer_tag;
//		__u8	sctpi_peer_capable; __u8 sctpi_peer_sack; __u16 __reserved1;
//		__u64	sctpi_isacks ... sctpi_ictrlchunks;	/* assoc status info: 14 counters */
//		struct sockaddr_storage	sctpi_p_address;	/* primary transport info */
//		__s32	sctpi_p_state;
//		__u32	sctpi_p_cwnd ... sctpi_p_flight_size;	/* 10 members */
//		__u16	sctpi_p_error; __u16 __reserved2;
//		__u32	sctpi_s_autoclose, sctpi_s_adaptation_ind, sctpi_s_pd_point;	/* sctp sock info */
//		__u8	sctpi_s_nodelay, sctpi_s_disable_fragments, sctpi_s_v4mapped, sctpi_s_frag_interleave;
//		__u32	sctpi_s_type; __u32 __reserved3;
//	};
var sctpInfoStruct = cstruct("sctp_info", 368, concat(
	[]member{
		{name: "sctpi_tag", off: 0, kind: mU32x}, mu32("sctpi_state", 4), mu32("sctpi_rwnd", 8),
		mu16("sctpi_unackdata", 12), mu16("sctpi_penddata", 14), mu16("sctpi_instrms", 16), mu16("sctpi_outstrms", 18),
		mu32("sctpi_fragmentation_point", 20), mu32("sctpi_inqueue", 24), mu32("sctpi_outqueue", 28),
		mu32("sctpi_overall_error", 32), mu32("sctpi_max_burst", 36), mu32("sctpi_maxseg", 40), mu32("sctpi_peer_rwnd", 44),
		{name: "sctpi_peer_tag", off: 48, kind: mU32x}, mu8("sctpi_peer_capable", 52), mu8("sctpi_peer_sack", 53),
	},
	u64Members(56, "sctpi_isacks", "sctpi_osacks", "sctpi_opackets", "sctpi_ipackets", "sctpi_rtxchunks",
		"sctpi_outofseqtsns", "sctpi_idupchunks", "sctpi_gapcnt", "sctpi_ouodchunks", "sctpi_iuodchunks",
		"sctpi_oodchunks", "sctpi_iodchunks", "sctpi_octrlchunks", "sctpi_ictrlchunks"),
	[]member{
		{name: "sctpi_p_address", off: 168, kind: mSockaddr, size: 128},
		{name: "sctpi_p_state", off: 296, kind: mS32, enum: sctpSpinfoStates},
		mu32("sctpi_p_cwnd", 300), mu32("sctpi_p_srtt", 304), mu32("sctpi_p_rto", 308), mu32("sctpi_p_hbinterval", 312),
		mu32("sctpi_p_pathmaxrxt", 316), mu32("sctpi_p_sackdelay", 320), mu32("sctpi_p_sackfreq", 324),
		mu32("sctpi_p_ssthresh", 328), mu32("sctpi_p_partial_bytes_acked", 332), mu32("sctpi_p_flight_size", 336),
		mu16("sctpi_p_error", 340),
		mu32("sctpi_s_autoclose", 344), mu32("sctpi_s_adaptation_ind", 348), mu32("sctpi_s_pd_point", 352),
		mu8("sctpi_s_nodelay", 356), mu8("sctpi_s_disable_fragments", 357), mu8("sctpi_s_v4mapped", 358),
		mu8("sctpi_s_frag_interleave", 359), mu32("sctpi_s_type", 360),
	})...)

// sctpSpinfoStates names enum sctp_spinfo_state (include/uapi/linux/sctp.h).
var sctpSpinfoStates = map[uint64]string{0: "SCTP_INACTIVE", 1: "SCTP_PF", 2: "SCTP_ACTIVE", 3: "SCTP_UNCONFIRMED", 0xffff: "SCTP_UNKNOWN"}

// u64Members are consecutive __u64 members from off.
func u64Members(off int, names ...string) []member {
	ms := make([]member, len(names))
	for i, n := range names {
		ms[i] = mu64(n, off+8*i)
	}
	return ms
}

// mptcpInfoStruct is struct mptcp_info (include/uapi/linux/mptcp.h; 48
// bytes in 6.1), the INET_DIAG_INFO of an MPTCP socket
// (net/mptcp/mptcp_diag.c, mptcp_diag_fill_info); later kernels append
// the members after mptcpi_csum_enabled.
//
//	struct mptcp_info {
//		__u8	mptcpi_subflows; __u8 mptcpi_add_addr_signal; __u8 mptcpi_add_addr_accepted;
//		__u8	mptcpi_subflows_max; __u8 mptcpi_add_addr_signal_max; __u8 mptcpi_add_addr_accepted_max;
//		__u32	mptcpi_flags; __u32 mptcpi_token;
//		__u64	mptcpi_write_seq; __u64 mptcpi_snd_una; __u64 mptcpi_rcv_nxt;
//		__u8	mptcpi_local_addr_used; __u8 mptcpi_local_addr_max; __u8 mptcpi_csum_enabled;
//		__u32	mptcpi_retransmits;					/* after 6.1 */
//		__u64	mptcpi_bytes_retrans, mptcpi_bytes_sent, mptcpi_bytes_received, mptcpi_bytes_acked;
//		__u8	mptcpi_subflows_total; __u8 reserved[3];
//		__u32	mptcpi_last_data_sent, mptcpi_last_data_recv, mptcpi_last_ack_recv;
//	};
var mptcpInfoStruct = cstruct("mptcp_info", 48,
	mu8("mptcpi_subflows", 0), mu8("mptcpi_add_addr_signal", 1), mu8("mptcpi_add_addr_accepted", 2),
	mu8("mptcpi_subflows_max", 3), mu8("mptcpi_add_addr_signal_max", 4), mu8("mptcpi_add_addr_accepted_max", 5),
	mu32("mptcpi_flags", 8).bits(mptcpInfoFlags), member{name: "mptcpi_token", off: 12, kind: mU32x},
	mu64("mptcpi_write_seq", 16), mu64("mptcpi_snd_una", 24), mu64("mptcpi_rcv_nxt", 32),
	mu8("mptcpi_local_addr_used", 40), mu8("mptcpi_local_addr_max", 41), mu8("mptcpi_csum_enabled", 42),
	// Members of later kernels, some in what was padding before: shown
	// from the size of the struct that added them on.
	mu32("mptcpi_retransmits", 44).from(80), mu64("mptcpi_bytes_retrans", 48).from(80), mu64("mptcpi_bytes_sent", 56).from(80),
	mu64("mptcpi_bytes_received", 64).from(80), mu64("mptcpi_bytes_acked", 72).from(80),
	mu8("mptcpi_subflows_total", 80).from(88),
	mu32("mptcpi_last_data_sent", 84).from(96), mu32("mptcpi_last_data_recv", 88).from(96), mu32("mptcpi_last_ack_recv", 92).from(96),
)

// mptcpInfoFlags names MPTCP_INFO_FLAG_* (include/uapi/linux/mptcp.h).
var mptcpInfoFlags = map[uint64]string{1: "MPTCP_INFO_FLAG_FALLBACK", 2: "MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED"}

// INET_DIAG_INFO is the struct of the socket's protocol, sized by its
// handler's idiag_info_size (net/ipv4/inet_diag.c): struct tcp_info for
// TCP and DCCP, struct sctp_info for SCTP, struct mptcp_info for MPTCP.
// The answer says the protocol only in INET_DIAG_PROTOCOL, which
// inet_diag_handler_get_info (destroy notifications) and RAW sockets put
// before INET_DIAG_INFO; a dump's answers leave it out (the request named
// the protocol) and the decoder does not pair them with the request, so
// there the size tells: no struct tcp_info was ever shorter than 104
// bytes, struct mptcp_info is 48 to 96, struct sctp_info 368.
var (
	inetDiagInfoTCP   = structA("INET_DIAG_INFO", tcpInfoStruct).tag(TagVolatile)
	inetDiagInfoSCTP  = structA("INET_DIAG_INFO", sctpInfoStruct).tag(TagVolatile)
	inetDiagInfoMPTCP = structA("INET_DIAG_INFO", mptcpInfoStruct).tag(TagVolatile)
	inetDiagInfoRaw   = binA("INET_DIAG_INFO").tag(TagVolatile)
	// inetDiagInfoTCPSized is TCP's INET_DIAG_INFO, or MPTCP's when
	// shorter than any tcp_info: an MPTCP socket's protocol 262
	// (IPPROTO_MPTCP) reads 6 in the u8 of INET_DIAG_PROTOCOL.
	inetDiagInfoTCPSized = structA("INET_DIAG_INFO", infoBySize("tcp_info", func(n int) *HeaderSpec {
		if n < tcpInfoStruct.Len {
			return mptcpInfoStruct
		}
		return tcpInfoStruct
	})).tag(TagVolatile)
	// inetDiagInfo, without INET_DIAG_PROTOCOL, is picked by size.
	inetDiagInfo = &AttrSpec{Name: "INET_DIAG_INFO", Kind: KindStruct, Tags: TagVolatile, SelectSpec: inetDiagInfoSelect,
		Struct: infoBySize("tcp_info", func(n int) *HeaderSpec {
			switch {
			case n < tcpInfoStruct.Len:
				return mptcpInfoStruct
			case n == sctpInfoStruct.Len:
				return sctpInfoStruct
			}
			return tcpInfoStruct
		})}
)

// infoBySize is a struct decoded as pick(payload length) decodes it; it
// needs the shortest of them, struct mptcp_info.
func infoBySize(name string, pick func(n int) *HeaderSpec) *HeaderSpec {
	return &HeaderSpec{Name: name, Len: mptcpInfoStruct.Len, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return pick(len(b)).Decode(b, order)
	}}
}

// inetDiagInfoSelect picks the INET_DIAG_INFO spec by the
// INET_DIAG_PROTOCOL sibling: nil (by size) without one, raw for a
// protocol whose handler has no info struct known here.
func inetDiagInfoSelect(siblings []Attr) *AttrSpec {
	for i := range siblings {
		a := &siblings[i]
		if a.Type != INET_DIAG_PROTOCOL || len(a.Data) != 1 {
			continue
		}
		switch a.Data[0] {
		case 6, 33: // IPPROTO_TCP (and IPPROTO_MPTCP & 0xff), IPPROTO_DCCP
			return inetDiagInfoTCPSized
		case 132: // IPPROTO_SCTP
			return inetDiagInfoSCTP
		}
		return inetDiagInfoRaw
	}
	return nil
}

// skMeminfo prints the u32 array of SK_MEMINFO_* (sock_diag.h) by name.
func skMeminfo(b []byte, order binary.ByteOrder) string {
	names := genSK_MEMINFO.list(0)
	var sb strings.Builder
	for i := 0; i+4 <= len(b); i += 4 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		n := "[" + strconv.Itoa(i/4) + "]"
		if i/4 < len(names) && names[i/4] != "" {
			n = strings.ToLower(strings.TrimPrefix(names[i/4], "SK_MEMINFO_"))
		}
		sb.WriteString(n + "=" + strconv.FormatUint(uint64(order.Uint32(b[i:])), 10))
	}
	if r := len(b) % 4; r != 0 {
		sb.WriteString(" +" + hexString(b[len(b)-r:]))
	}
	return sb.String()
}

// shutdownMask prints the shutdown bits (RCV_SHUTDOWN 1, SEND_SHUTDOWN 2).
var shutdownNames = map[uint64]string{1: "RCV_SHUTDOWN", 2: "SEND_SHUTDOWN"}

// unixName prints a sun_path: an abstract name (leading NUL) as ss does, "@name".
func unixName(b []byte, _ binary.ByteOrder) string {
	if len(b) > 0 && b[0] == 0 {
		return strconv.Quote("@" + string(b[1:]))
	}
	return quoteString(b)
}

var (
	inetULPAttrs = genSet("INET_ULP_INFO", genINET_ULP_INFO,
		strA("INET_ULP_INFO_NAME"),
		rawNest("INET_ULP_INFO_TLS"),
		rawNest("INET_ULP_INFO_MPTCP"),
	)
	// INET_DIAG_* of an answer.
	inetDiagAttrs = genSet("INET_DIAG", genINET_DIAG,
		// struct inet_diag_meminfo { __u32 idiag_rmem, idiag_wmem, idiag_fmem, idiag_tmem; };
		structA("INET_DIAG_MEMINFO", u32Fields("inet_diag_meminfo", []string{"idiag_rmem", "idiag_wmem", "idiag_fmem", "idiag_tmem"})).tag(TagVolatile),
		inetDiagInfo,
		// struct tcpvegas_info { __u32 tcpv_enabled, tcpv_rttcnt, tcpv_rtt, tcpv_minrtt; };
		structA("INET_DIAG_VEGASINFO", u32Fields("tcpvegas_info", []string{"tcpv_enabled", "tcpv_rttcnt", "tcpv_rtt", "tcpv_minrtt"})).tag(TagVolatile),
		strA("INET_DIAG_CONG"),
		u8("INET_DIAG_TOS"),
		u8("INET_DIAG_TCLASS"),
		customA("INET_DIAG_SKMEMINFO", skMeminfo).tag(TagVolatile),
		flagsA("INET_DIAG_SHUTDOWN", KindU8, shutdownNames),
		// struct tcp_dctcp_info { __u16 dctcp_enabled, dctcp_ce_state; __u32 dctcp_alpha, dctcp_ab_ecn, dctcp_ab_tot; };
		structA("INET_DIAG_DCTCPINFO", cstruct("tcp_dctcp_info", 16, mu16("dctcp_enabled", 0), mu16("dctcp_ce_state", 2),
			mu32("dctcp_alpha", 4), mu32("dctcp_ab_ecn", 8), mu32("dctcp_ab_tot", 12))).tag(TagVolatile),
		enumA("INET_DIAG_PROTOCOL", KindU8, ipProtoNames),
		u8("INET_DIAG_SKV6ONLY"),
		binA("INET_DIAG_LOCALS"),
		binA("INET_DIAG_PEERS"),
		binA("INET_DIAG_PAD"),
		&AttrSpec{Name: "INET_DIAG_MARK", Kind: KindCustom, Format: hexU32},
		// struct tcp_bbr_info { __u32 bbr_bw_lo, bbr_bw_hi, bbr_min_rtt, bbr_pacing_gain, bbr_cwnd_gain; };
		structA("INET_DIAG_BBRINFO", u32Fields("tcp_bbr_info", []string{"bbr_bw_lo", "bbr_bw_hi", "bbr_min_rtt", "bbr_pacing_gain", "bbr_cwnd_gain"})).tag(TagVolatile),
		u32a("INET_DIAG_CLASS_ID"),
		binA("INET_DIAG_MD5SIG").tag(TagSecret),
		nest("INET_DIAG_ULP_INFO", inetULPAttrs),
		rawNest("INET_DIAG_SK_BPF_STORAGES"),
		u64a("INET_DIAG_CGROUP_ID"),
		// struct inet_diag_sockopt: 16 one-bit flags (recverr, is_icsk, freebind...).
		&AttrSpec{Name: "INET_DIAG_SOCKOPT", Kind: KindCustom, Format: hexBytes},
	)
	// INET_DIAG_REQ_* of a request.
	inetDiagReqAttrs = genSet("INET_DIAG_REQ", genINET_DIAG_REQ,
		binA("INET_DIAG_REQ_BYTECODE"),
		rawNest("INET_DIAG_REQ_SK_BPF_STORAGES"),
		enumA("INET_DIAG_REQ_PROTOCOL", KindU32, ipProtoNames),
	)
	unixDiagAttrs = genSet("UNIX_DIAG", genUNIX_DIAG,
		customA("UNIX_DIAG_NAME", unixName),
		// struct unix_diag_vfs { __u32 udiag_vfs_ino; __u32 udiag_vfs_dev; };
		structA("UNIX_DIAG_VFS", u32Fields("unix_diag_vfs", []string{"udiag_vfs_ino", "udiag_vfs_dev"})).tag(TagVolatile),
		u32a("UNIX_DIAG_PEER").tag(TagVolatile),
		customA("UNIX_DIAG_ICONS", u32List).tag(TagVolatile),
		// struct unix_diag_rqlen { __u32 udiag_rqueue; __u32 udiag_wqueue; };
		structA("UNIX_DIAG_RQLEN", u32Fields("unix_diag_rqlen", []string{"udiag_rqueue", "udiag_wqueue"})).tag(TagVolatile),
		customA("UNIX_DIAG_MEMINFO", skMeminfo).tag(TagVolatile),
		flagsA("UNIX_DIAG_SHUTDOWN", KindU8, shutdownNames),
		u32a("UNIX_DIAG_UID"),
	)
	netlinkDiagAttrs = genSet("NETLINK_DIAG", genNETLINK_DIAG,
		customA("NETLINK_DIAG_MEMINFO", skMeminfo).tag(TagVolatile),
		customA("NETLINK_DIAG_GROUPS", hexBytes),
		// struct netlink_diag_ring { __u32 ndr_block_size, ndr_block_nr, ndr_frame_size, ndr_frame_nr; };
		structA("NETLINK_DIAG_RX_RING", u32Fields("netlink_diag_ring", []string{"ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"})),
		structA("NETLINK_DIAG_TX_RING", u32Fields("netlink_diag_ring", []string{"ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"})),
		flagsA("NETLINK_DIAG_FLAGS", KindU32, genNDIAG_FLAG.names()),
	)
	packetDiagAttrs = genSet("PACKET_DIAG", genPACKET_DIAG,
		// struct packet_diag_info { __u32 pdi_index, pdi_version, pdi_reserve, pdi_copy_thresh, pdi_tstamp, pdi_flags; };
		structA("PACKET_DIAG_INFO", cstruct("packet_diag_info", 24, member{name: "pdi_index", off: 0, kind: mU32, tags: TagIfindex},
			mu32("pdi_version", 4), mu32("pdi_reserve", 8), mu32("pdi_copy_thresh", 12), mu32("pdi_tstamp", 16),
			mu32("pdi_flags", 20).bits(map[uint64]string{1: "PDI_RUNNING", 2: "PDI_AUXDATA", 4: "PDI_ORIGDEV", 8: "PDI_VNETHDR", 16: "PDI_LOSS"}))),
		binA("PACKET_DIAG_MCLIST"),
		// struct packet_diag_ring { __u32 pdr_block_size, pdr_block_nr, pdr_frame_size, pdr_frame_nr, pdr_retire_tmo, pdr_sizeof_priv, pdr_features; };
		structA("PACKET_DIAG_RX_RING", u32Fields("packet_diag_ring", []string{"pdr_block_size", "pdr_block_nr", "pdr_frame_size", "pdr_frame_nr", "pdr_retire_tmo", "pdr_sizeof_priv", "pdr_features"})),
		structA("PACKET_DIAG_TX_RING", u32Fields("packet_diag_ring", []string{"pdr_block_size", "pdr_block_nr", "pdr_frame_size", "pdr_frame_nr", "pdr_retire_tmo", "pdr_sizeof_priv", "pdr_features"})),
		u32a("PACKET_DIAG_FANOUT"),
		u32a("PACKET_DIAG_UID"),
		customA("PACKET_DIAG_MEMINFO", skMeminfo).tag(TagVolatile),
		binA("PACKET_DIAG_FILTER"),
	)
	smcDiagAttrs = genSet("SMC_DIAG", genSMC_DIAG,
		structA("SMC_DIAG_CONNINFO", smcDiagConninfo).tag(TagVolatile),
		structA("SMC_DIAG_LGRINFO", smcDiagLgrinfo),
		flagsA("SMC_DIAG_SHUTDOWN", KindU8, shutdownNames),
		structA("SMC_DIAG_DMBINFO", smcdDiagDmbinfo),
		// struct smc_diag_fallback { __u32 reason; __u32 peer_diagnosis; };
		structA("SMC_DIAG_FALLBACK", smcDiagFallback),
	)
	xdpDiagAttrs = genSet("XDP_DIAG", genXDP_DIAG,
		// struct xdp_diag_info { __u32 ifindex; __u32 queue_id; };
		structA("XDP_DIAG_INFO", cstruct("xdp_diag_info", 8, member{name: "ifindex", off: 0, kind: mU32, tags: TagIfindex}, mu32("queue_id", 4))),
		u32a("XDP_DIAG_UID"),
		structA("XDP_DIAG_RX_RING", u32Fields("xdp_diag_ring", []string{"entries"})),
		structA("XDP_DIAG_TX_RING", u32Fields("xdp_diag_ring", []string{"entries"})),
		// struct xdp_diag_umem { __u64 size; __u32 id, num_pages, chunk_size, headroom, ifindex, queue_id, flags, refs; };
		structA("XDP_DIAG_UMEM", cstruct("xdp_diag_umem", 40, mu64("size", 0), mu32("id", 8), mu32("num_pages", 12),
			mu32("chunk_size", 16), mu32("headroom", 20), member{name: "ifindex", off: 24, kind: mU32, tags: TagIfindex},
			mu32("queue_id", 28), mu32("flags", 32).bits(genXDP_DU_F.names()), mu32("refs", 36))),
		customA("XDP_DIAG_MEMINFO", skMeminfo).tag(TagVolatile),
		structA("XDP_DIAG_UMEM_FILL_RING", u32Fields("xdp_diag_ring", []string{"entries"})),
		structA("XDP_DIAG_UMEM_COMPLETION_RING", u32Fields("xdp_diag_ring", []string{"entries"})),
		// struct xdp_diag_stats { __u64 n_rx_dropped, n_rx_invalid, n_rx_full, n_fill_ring_empty, n_tx_invalid, n_tx_ring_empty; };
		structA("XDP_DIAG_STATS", u64Fields("xdp_diag_stats", []string{"n_rx_dropped", "n_rx_invalid", "n_rx_full", "n_fill_ring_empty", "n_tx_invalid", "n_tx_ring_empty"})).tag(TagVolatile),
	)
)

// hexBytes prints bytes in hex (bitmaps).
func hexBytes(b []byte, _ binary.ByteOrder) string { return hexString(b) }

// u32List prints a u32 array.
func u32List(b []byte, order binary.ByteOrder) string {
	var sb strings.Builder
	for i := 0; i+4 <= len(b); i += 4 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatUint(uint64(order.Uint32(b[i:])), 10))
	}
	return sb.String()
}

// Address families of sock_diag (linux/socket.h) beyond rtnetlink's.
const (
	afUnix    = 1
	afNetlink = 16
	afSMC     = 43
	afVsock   = 40
	afXDP     = 44
)

// sockDiagSpec returns the message spec of a SOCK_DIAG_BY_FAMILY or
// SOCK_DESTROY message by direction and sdiag_family.
func sockDiagSpec(name string, kind MsgKind) func(flags uint16, p []byte) *MessageSpec {
	type pair struct{ req, msg *MessageSpec }
	mk := func(req, msg *HeaderSpec, set *AttrSet, reqSet *AttrSet) pair {
		return pair{
			&MessageSpec{Name: name, Kind: kind, Header: req, Attrs: reqSet},
			&MessageSpec{Name: name, Kind: kind, Header: msg, Attrs: set},
		}
	}
	inet := mk(inetDiagReqV2, inetDiagMsg, inetDiagAttrs, inetDiagReqAttrs)
	byFamily := map[uint8]pair{
		afInet:    inet,
		afInet6:   inet,
		afUnix:    mk(unixDiagReq, unixDiagMsg, unixDiagAttrs, nil),
		afNetlink: mk(netlinkDiagReq, netlinkDiagMsg, netlinkDiagAttrs, nil),
		afPacket:  mk(packetDiagReq, packetDiagMsg, packetDiagAttrs, nil),
		afSMC:     mk(smcDiagReq, smcDiagMsg, smcDiagAttrs, nil),
		afVsock:   mk(vsockDiagReq, vsockDiagMsg, emptySet("none"), nil), // vsock_diag has no attributes
		afXDP:     mk(xdpDiagReq, xdpDiagMsg, xdpDiagAttrs, nil),
	}
	// The one-line summary of an AF_XDP socket is its XDP_DIAG_INFO.
	byFamily[afXDP].msg.briefAttrs = maskOf(XDP_DIAG_INFO)
	return func(flags uint16, p []byte) *MessageSpec {
		request := flags&nlmFRequest != 0
		if len(p) < 1 {
			return nil
		}
		pr, ok := byFamily[p[0]]
		if !ok {
			return nil
		}
		if request {
			return pr.req
		}
		return pr.msg
	}
}

func init() {
	// Requests without a nested request attribute set decode attributes
	// without names: genSet of nothing.
	legacy := func(name string) *MessageSpec {
		// The legacy request carries struct inet_diag_req; the answers
		// are inet_diag_msg (net/ipv4/inet_diag.c, inet_diag_rcv_msg_compat).
		req := &MessageSpec{Name: name, Kind: MsgGet, Header: inetDiagReqV1, Attrs: inetDiagReqAttrs}
		msg := &MessageSpec{Name: name, Kind: MsgGet, Header: inetDiagMsg, Attrs: inetDiagAttrs}
		return &MessageSpec{Name: name, Kind: MsgGet, Header: inetDiagReqV1, Attrs: inetDiagReqAttrs,
			Variant: func(flags uint16, _ []byte) *MessageSpec {
				if flags&nlmFRequest != 0 {
					return req
				}
				return msg
			}}
	}
	registerFamily(&FamilySpec{
		Family: nlcap.FamilySockDiag,
		Messages: map[uint16]*MessageSpec{
			TCPDIAG_GETSOCK:  legacy("TCPDIAG_GETSOCK"),
			DCCPDIAG_GETSOCK: legacy("DCCPDIAG_GETSOCK"),
			sockDiagByFamily: {Name: "SOCK_DIAG_BY_FAMILY", Kind: MsgGet, Header: sockDiagHeader, Attrs: noAttrs,
				Variant: sockDiagSpec("SOCK_DIAG_BY_FAMILY", MsgGet)},
			sockDestroy: {Name: "SOCK_DESTROY", Kind: MsgDel, Header: sockDiagHeader, Attrs: noAttrs,
				Variant: sockDiagSpec("SOCK_DESTROY", MsgDel)},
		},
		summaryD: func(d *Decoder, m *Message) string {
			if s := xdpSummary(d, m); s != "" {
				return s
			}
			return sockDiagSummary(m)
		},
	})
}

// xdpSummary is the one-line text of an AF_XDP socket's answer, as ss
// --xdp prints its local address: the bound interface and queue
// ("xd0:q0"; "if4:q0" when the capture does not name the interface),
// nothing for a socket not bound.
func xdpSummary(d *Decoder, m *Message) string {
	if m.FixedName != "xdp_diag_msg" {
		return ""
	}
	var order binary.ByteOrder = binary.LittleEndian
	if m.Order == "be" {
		order = binary.BigEndian
	}
	// struct xdp_diag_info { __u32 ifindex; __u32 queue_id; }; (Data,
	// since a brief decoding has no Fixed).
	for _, a := range m.Attrs {
		if a.Type != XDP_DIAG_INFO || len(a.Data) < 8 {
			continue
		}
		idx := int32(order.Uint32(a.Data))
		if idx <= 0 {
			return ""
		}
		name, ok := d.ifnames[idx]
		if !ok {
			name = "if" + strconv.Itoa(int(idx))
		}
		return name + ":q" + strconv.FormatUint(uint64(order.Uint32(a.Data[4:])), 10)
	}
	return ""
}

// sockDiagSummary is the one-line text of a sock_diag message: the
// socket's addresses and state, as ss prints them.
func sockDiagSummary(m *Message) string {
	get := func(name string) (Field, bool) {
		for _, f := range m.Fixed {
			if f.Name == name {
				return f, true
			}
		}
		return Field{}, false
	}
	var w []string
	if f, ok := get("sdiag_protocol"); ok && f.Value != "0" {
		w = append(w, f.Value)
	}
	for _, n := range []string{"idiag_state", "udiag_type", "udiag_state", "ndiag_protocol", "pdiag_type", "diag_state"} {
		if f, ok := get(n); ok {
			w = append(w, f.Value)
		}
	}
	// smc_diag's mode, for a connection only (smcss: not of INIT,
	// CLOSED and LISTEN sockets, whose mode is still 0).
	if st, ok := get("diag_state"); ok && st.Raw != 2 && st.Raw != 7 && st.Raw != 10 {
		if f, ok := get("diag_mode"); ok {
			w = append(w, f.Value)
		}
	}
	src, okS := get("idiag_src")
	sp, _ := get("idiag_sport")
	dst, okD := get("idiag_dst")
	dp, _ := get("idiag_dport")
	if okS && okD && (sp.Raw != 0 || dp.Raw != 0) {
		w = append(w, hostPort(src.Value, sp.Value)+" -> "+hostPort(dst.Value, dp.Value))
	}
	return strings.Join(w, " ")
}

// hostPort joins an address and a port as ss does ([::1]:22).
func hostPort(addr, port string) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]:" + port
	}
	return addr + ":" + port
}

// netlinkSockStates names ndiag_state, a netlink socket's sk_state:
// include/uapi/linux/netlink.h's
//
//	enum { NETLINK_UNCONNECTED = 0, NETLINK_CONNECTED, };
//
// which netlink_connect sets, and TCP_CLOSE (7), what sock_init_data gives
// every socket before: a socket never connected (ss prints it UNCONN).
var netlinkSockStates = map[uint64]string{0: "NETLINK_UNCONNECTED", 1: "NETLINK_CONNECTED", 7: "TCP_CLOSE"}

// vmaddrCIDs and vmaddrPorts name the special context ids and port of
// AF_VSOCK (include/uapi/linux/vm_sockets.h):
//
//	#define VMADDR_CID_ANY -1U
//	#define VMADDR_PORT_ANY -1U
//	#define VMADDR_CID_HYPERVISOR 0
//	#define VMADDR_CID_LOCAL 1
//	#define VMADDR_CID_HOST 2
var (
	vmaddrCIDs  = map[uint64]string{0xffffffff: "VMADDR_CID_ANY", 0: "VMADDR_CID_HYPERVISOR", 1: "VMADDR_CID_LOCAL", 2: "VMADDR_CID_HOST"}
	vmaddrPorts = map[uint64]string{0xffffffff: "VMADDR_PORT_ANY"}
)
