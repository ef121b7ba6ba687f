package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// smc_diag (include/uapi/linux/smc_diag.h): what smc-tools' smcss reads.

// smcStates names diag_state, an SMC socket's sk_state, by net/smc/smc.h's
// enum smc_state (not UAPI) without its SMC_ prefix:
//
//	SMC_ACTIVE = 1, SMC_INIT = 2, SMC_CLOSED = 7, SMC_LISTEN = 10,
//	SMC_PEERCLOSEWAIT1 = 20, SMC_PEERCLOSEWAIT2 = 21, SMC_APPCLOSEWAIT1 = 22,
//	SMC_APPCLOSEWAIT2 = 23, SMC_APPFINCLOSEWAIT = 24, SMC_PEERFINCLOSEWAIT = 25,
//	SMC_PEERABORTWAIT = 26, SMC_PROCESSABORT = 27
var smcStates = map[uint64]string{
	1: "ACTIVE", 2: "INIT", 7: "CLOSED", 10: "LISTEN",
	20: "PEERCLOSEWAIT1", 21: "PEERCLOSEWAIT2", 22: "APPCLOSEWAIT1", 23: "APPCLOSEWAIT2",
	24: "APPFINCLOSEWAIT", 25: "PEERFINCLOSEWAIT", 26: "PEERABORTWAIT", 27: "PROCESSABORT",
}

// smcDiagExtBits names diag_ext of struct smc_diag_req: bit SMC_DIAG_x - 1
// asks for attribute x (smcss: 1<<(SMC_DIAG_CONNINFO-1)...).
var smcDiagExtBits = extBits(genSMC_DIAG)

// smcAddrs prints the idiag_src and idiag_dst of an smc_diag struct (at
// srcOff and dstOff) as smcss does. diag_family does not say IPv4 or IPv6
// (AF_SMC for both), but the kernel zeroes the sockid before it copies
// an IPv4 address into the first word: both addresses with their last 12
// bytes zero are IPv4, else both are IPv6 (smcss decides per address; one
// decision for the two keeps an IPv6 listener's peer "::").
func smcAddrs(h *HeaderSpec, srcOff, dstOff int) *HeaderSpec {
	appendTo := h.appendTo
	h.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		if len(b) < max(srcOff, dstOff)+16 {
			return fs
		}
		src, dstA := b[srcOff:srcOff+16], b[dstOff:dstOff+16]
		v4 := allZero(src[4:]) && allZero(dstA[4:])
		for i := len(dst); i < len(fs); i++ {
			var a []byte
			switch fs[i].Name {
			case "idiag_src":
				a = src
			case "idiag_dst":
				a = dstA
			default:
				continue
			}
			if v4 {
				fs[i].Value = netip.AddrFrom4([4]byte(a[:4])).String()
			} else {
				fs[i].Value = netip.AddrFrom16([16]byte(a)).String()
			}
		}
		return fs
	}
	return h // cstruct's Decode calls h.appendTo: this one
}

// smcCursor is struct smc_diag_cursor at off: wrap and count (smcss prints
// them "wrap:count").
//
//	struct smc_diag_cursor { __u16 reserved; __u16 wrap; __u32 count; };
func smcCursor(name string, off int) []member {
	return []member{mu16(name+"_wrap", off+2), mu32(name+"_count", off+4)}
}

var (
	// smcDiagConninfo is struct smc_diag_conninfo (an SMC-R or SMC-D
	// connection; a TCP fallback has none). The flag bytes are kernel bit
	// fields (struct smc_cdc_producer_flags, smc_cdc_conn_state_flags of
	// net/smc/smc.h, ordered by the host's bit-field order): hex, as
	// smcss prints them.
	//
	//	struct smc_diag_conninfo {
	//		__u32 token; __u32 sndbuf_size; __u32 rmbe_size; __u32 peer_rmbe_size;
	//		struct smc_diag_cursor rx_prod, rx_cons, tx_prod, tx_cons;
	//		__u8 rx_prod_flags, rx_conn_state_flags, tx_prod_flags, tx_conn_state_flags;
	//		struct smc_diag_cursor tx_prep, tx_sent, tx_fin;
	//	};
	smcDiagConninfo = cstruct("smc_diag_conninfo", 76, concat(
		[]member{{name: "token", off: 0, kind: mU32x}, mu32("sndbuf_size", 4), mu32("rmbe_size", 8), mu32("peer_rmbe_size", 12)},
		smcCursor("rx_prod", 16), smcCursor("rx_cons", 24), smcCursor("tx_prod", 32), smcCursor("tx_cons", 40),
		[]member{
			{name: "rx_prod_flags", off: 48, kind: mBytes, size: 1}, {name: "rx_conn_state_flags", off: 49, kind: mBytes, size: 1},
			{name: "tx_prod_flags", off: 50, kind: mBytes, size: 1}, {name: "tx_conn_state_flags", off: 51, kind: mBytes, size: 1},
		},
		smcCursor("tx_prep", 52), smcCursor("tx_sent", 60), smcCursor("tx_fin", 68))...)

	// smcDiagLgrinfo is struct smc_diag_lgrinfo (an SMC-R link group): the
	// first link's RDMA device, port and GIDs (text the kernel writes,
	// smc_gid_be16_convert) and the role (net/smc/smc_core.h's enum
	// smc_lgr_role: SMC_CLNT, SMC_SERV; smcss prints CLNT and SERV).
	//
	//	struct smc_diag_linkinfo {
	//		__u8 link_id; __u8 ibname[IB_DEVICE_NAME_MAX]; __u8 ibport;
	//		__u8 gid[40]; __u8 peer_gid[40];
	//	};
	//	struct smc_diag_lgrinfo { struct smc_diag_linkinfo lnk[1]; __u8 role; };
	smcDiagLgrinfo = cstruct("smc_diag_lgrinfo", 147,
		mu8("link_id", 0),
		member{name: "ibname", off: 1, kind: mString, size: 64},
		mu8("ibport", 65),
		member{name: "gid", off: 66, kind: mString, size: 40},
		member{name: "peer_gid", off: 106, kind: mString, size: 40},
		mu8("role", 146).named(map[uint64]string{0: "CLNT", 1: "SERV"}),
	)

	// smcdDiagDmbinfo is struct smcd_diag_dmbinfo (an SMC-D connection's
	// DMB); smcss prints the GIDs and tokens in hex.
	//
	//	struct smcd_diag_dmbinfo {
	//		__u32 linkid; __aligned_u64 peer_gid; __aligned_u64 my_gid;
	//		__aligned_u64 token; __aligned_u64 peer_token;
	//	};
	smcdDiagDmbinfo = hexU64s(cstruct("smcd_diag_dmbinfo", 40,
		member{name: "linkid", off: 0, kind: mU32x},
		mu64("peer_gid", 8), mu64("my_gid", 16), mu64("token", 24), mu64("peer_token", 32),
	))

	// smcDiagFallback is struct smc_diag_fallback: why a connection fell
	// back to TCP, here and at the peer (the CLC decline codes of
	// net/smc/smc_clc.h), printed as smcss does (0x%08x) with the code's
	// name.
	//
	//	struct smc_diag_fallback { __u32 reason; __u32 peer_diagnosis; };
	smcDiagFallback = smcDeclines(cstruct("smc_diag_fallback", 8, mu32("reason", 0), mu32("peer_diagnosis", 4)))
)

// hexU64s prints h's 64-bit fields in hex.
func hexU64s(h *HeaderSpec) *HeaderSpec {
	appendTo := h.appendTo
	h.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		for i := len(dst); i < len(fs); i++ {
			switch fs[i].Name {
			case "peer_gid", "my_gid", "token", "peer_token":
				fs[i].Value = "0x" + strconv.FormatUint(fs[i].Raw, 16)
			}
		}
		return fs
	}
	return h
}

// smcDeclines prints h's fields as CLC decline codes: "0x03030000
// (SMC_CLC_DECL_NOSMCDEV)", 0 for none.
func smcDeclines(h *HeaderSpec) *HeaderSpec {
	appendTo := h.appendTo
	h.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		for i := len(dst); i < len(fs); i++ {
			fs[i].Value = smcDeclineString(fs[i].Raw)
		}
		return fs
	}
	return h
}

// smcDeclineString prints one CLC decline code.
func smcDeclineString(v uint64) string {
	if v == 0 {
		return "0"
	}
	s := strconv.FormatUint(v, 16)
	for len(s) < 8 {
		s = "0" + s
	}
	s = "0x" + s
	if n, ok := smcDeclineNames[v]; ok {
		s += " (" + n + ")"
	}
	return s
}

// smcDeclineNames are the CLC decline codes of net/smc/smc_clc.h (6.1;
// not UAPI), the reason and peer_diagnosis of SMC_DIAG_FALLBACK.
var smcDeclineNames = map[uint64]string{
	0x01010000: "SMC_CLC_DECL_MEM",
	0x02010000: "SMC_CLC_DECL_TIMEOUT_CL",
	0x02020000: "SMC_CLC_DECL_TIMEOUT_AL",
	0x03000000: "SMC_CLC_DECL_CNFERR",
	0x03010000: "SMC_CLC_DECL_PEERNOSMC",
	0x03020000: "SMC_CLC_DECL_IPSEC",
	0x03030000: "SMC_CLC_DECL_NOSMCDEV",
	0x03030001: "SMC_CLC_DECL_NOSMCDDEV",
	0x03030002: "SMC_CLC_DECL_NOSMCRDEV",
	0x03030003: "SMC_CLC_DECL_NOISM2SUPP",
	0x03030004: "SMC_CLC_DECL_NOV2EXT",
	0x03030005: "SMC_CLC_DECL_NOV2DEXT",
	0x03030006: "SMC_CLC_DECL_NOSEID",
	0x03030007: "SMC_CLC_DECL_NOSMCD2DEV",
	0x03030008: "SMC_CLC_DECL_NOUEID",
	0x03040000: "SMC_CLC_DECL_MODEUNSUPP",
	0x03050000: "SMC_CLC_DECL_RMBE_EC",
	0x03060000: "SMC_CLC_DECL_OPTUNSUPP",
	0x03070000: "SMC_CLC_DECL_DIFFPREFIX",
	0x03080000: "SMC_CLC_DECL_GETVLANERR",
	0x03090000: "SMC_CLC_DECL_ISMVLANERR",
	0x030a0000: "SMC_CLC_DECL_NOACTLINK",
	0x030b0000: "SMC_CLC_DECL_NOSRVLINK",
	0x030c0000: "SMC_CLC_DECL_VERSMISMAT",
	0x030d0000: "SMC_CLC_DECL_MAX_DMB",
	0x030e0000: "SMC_CLC_DECL_NOROUTE",
	0x030f0000: "SMC_CLC_DECL_NOINDIRECT",
	0x04000000: "SMC_CLC_DECL_SYNCERR",
	0x05000000: "SMC_CLC_DECL_PEERDECL",
	0x09990000: "SMC_CLC_DECL_INTERR",
	0x09990001: "SMC_CLC_DECL_ERR_RTOK",
	0x09990002: "SMC_CLC_DECL_ERR_RDYLNK",
	0x09990003: "SMC_CLC_DECL_ERR_REGBUF",
}
