package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
)

// NETLINK_XFRM (include/uapi/linux/xfrm.h): IPsec SAs and policies. Each
// message type has its own struct (xfrm_usersa_info, xfrm_userpolicy_info,
// xfrm_usersa_id...) followed by XFRMA_* attributes, integers in host
// order except SPIs and ports (__be32, __be16). Algorithm attributes carry
// key material: tagged secret.

// xfrmAddr is an xfrm_address_t member (16 bytes): IPv4 in the first 4
// bytes or IPv6, by the struct's family member.
func xfrmAddr(name string, off int) member {
	return member{name: name, off: off, kind: mAddr, size: 16}
}

// xfrmProtoNames names protocols; 0 in a selector is "any" (IPPROTO_IP).
var xfrmProtoNames = genIPPROTO.names()

// selectorMembers is struct xfrm_selector at off (56 bytes):
//
//	struct xfrm_selector {
//		xfrm_address_t	daddr;
//		xfrm_address_t	saddr;
//		__be16	dport;
//		__be16	dport_mask;
//		__be16	sport;
//		__be16	sport_mask;
//		__u16	family;
//		__u8	prefixlen_d;
//		__u8	prefixlen_s;
//		__u8	proto;
//		int	ifindex;
//		__kernel_uid32_t	user;
//	};
func selectorMembers(off int) []member {
	return []member{
		xfrmAddr("sel.daddr", off), xfrmAddr("sel.saddr", off+16),
		{name: "sel.dport", off: off + 32, kind: mBE16}, {name: "sel.dport_mask", off: off + 34, kind: mBE16, flags: nil},
		{name: "sel.sport", off: off + 36, kind: mBE16}, {name: "sel.sport_mask", off: off + 38, kind: mBE16},
		mu16("sel.family", off+40).named(rtnlAFNames),
		mu8("sel.prefixlen_d", off+42), mu8("sel.prefixlen_s", off+43),
		mu8("sel.proto", off+44).named(xfrmProtoNames),
		{name: "sel.ifindex", off: off + 48, kind: mS32, tags: TagIfindex},
		mu32("sel.user", off+52),
	}
}

// lifetimeCfgMembers is struct xfrm_lifetime_cfg (eight __u64 limits).
func lifetimeCfgMembers(prefix string, off int) []member {
	var ms []member
	for i, n := range []string{"soft_byte_limit", "hard_byte_limit", "soft_packet_limit", "hard_packet_limit",
		"soft_add_expires_seconds", "hard_add_expires_seconds", "soft_use_expires_seconds", "hard_use_expires_seconds"} {
		ms = append(ms, member{name: prefix + n, off: off + 8*i, kind: mU64, enum: xfrmInf})
	}
	return ms
}

// xfrmInf names the "no limit" value of a lifetime (XFRM_INF).
var xfrmInf = map[uint64]string{^uint64(0): "inf"}

// lifetimeCurMembers is struct xfrm_lifetime_cur: it changes as the SA is
// used and by the clock (volatile).
func lifetimeCurMembers(prefix string, off int) []member {
	var ms []member
	for i, n := range []string{"bytes", "packets", "add_time", "use_time"} {
		ms = append(ms, member{name: prefix + n, off: off + 8*i, kind: mU64, tags: TagVolatile})
	}
	return ms
}

var (
	xfrmModeNames   = genXFRM_MODE.names()
	xfrmStateFlags  = genXFRM_STATE.names()
	xfrmDirNames    = genXFRM_POLICY_DIR.names()
	xfrmShareNames  = genXFRM_SHARE.names()
	xfrmActionNames = map[uint64]string{0: "XFRM_POLICY_ALLOW", 1: "XFRM_POLICY_BLOCK"}
	xfrmPolFlags    = map[uint64]string{1: "XFRM_POLICY_LOCALOK", 2: "XFRM_POLICY_ICMP"}

	// struct xfrm_usersa_info (224 bytes): sel, id {daddr, spi, proto},
	// saddr, lft, curlft, stats {replay_window, replay,
	// integrity_failed}, seq, reqid, family, mode, replay_window, flags.
	xfrmUsersaInfo = cstructFamily("xfrm_usersa_info", 224, 212, 2, xfrmUsersaMembers()...)
	// struct xfrm_usersa_id { xfrm_address_t daddr; __be32 spi; __u16 family; __u8 proto; };
	xfrmUsersaID = cstructFamily("xfrm_usersa_id", 24, 20, 2,
		xfrmAddr("daddr", 0), member{name: "spi", off: 16, kind: mBE32},
		mu16("family", 20).named(rtnlAFNames), mu8("proto", 22).named(xfrmProtoNames))
	// struct xfrm_userpolicy_info (168 bytes): sel, lft, curlft,
	// priority, index, dir, action, flags, share.
	xfrmPolicyInfo = cstructFamily("xfrm_userpolicy_info", 168, 40, 2, xfrmPolicyMembers(0, "")...)
	// struct xfrm_userpolicy_id { struct xfrm_selector sel; __u32 index; __u8 dir; };
	xfrmPolicyID = cstructFamily("xfrm_userpolicy_id", 64, 40, 2, concat(selectorMembers(0),
		[]member{mu32("index", 56), mu8("dir", 60).named(xfrmDirNames)})...)
	// struct xfrm_userspi_info { struct xfrm_usersa_info info; __u32 min; __u32 max; };
	xfrmUserspiInfo = cstructFamily("xfrm_userspi_info", 232, 212, 2, concat(xfrmUsersaMembers(),
		[]member{mu32("min", 224), mu32("max", 228)})...)
	// struct xfrm_user_acquire { struct xfrm_id id; xfrm_address_t saddr;
	//	struct xfrm_selector sel; struct xfrm_userpolicy_info policy;
	//	__u32 aalgos, ealgos, calgos, seq; };
	xfrmUserAcquire = cstructFamily("xfrm_user_acquire", 280, 80, 2, concat(
		[]member{xfrmAddr("id.daddr", 0), {name: "id.spi", off: 16, kind: mBE32}, mu8("id.proto", 20).named(xfrmProtoNames),
			xfrmAddr("saddr", 24)},
		prefixed("", selectorMembers(40)),
		xfrmPolicyMembers(96, "policy."),
		[]member{{name: "aalgos", off: 264, kind: mU32x}, {name: "ealgos", off: 268, kind: mU32x},
			{name: "calgos", off: 272, kind: mU32x}, mu32("seq", 276).vol()},
	)...)
	// struct xfrm_user_expire { struct xfrm_usersa_info state; __u8 hard; };
	xfrmUserExpire = cstructFamily("xfrm_user_expire", 232, 212, 2, concat(xfrmUsersaMembers(), []member{mu8("hard", 224)})...)
	// struct xfrm_user_polexpire { struct xfrm_userpolicy_info pol; __u8 hard; };
	xfrmUserPolexpire = cstructFamily("xfrm_user_polexpire", 176, 40, 2, concat(xfrmPolicyMembers(0, ""), []member{mu8("hard", 168)})...)
	// struct xfrm_usersa_flush { __u8 proto; };
	xfrmUsersaFlush = cstruct("xfrm_usersa_flush", 1, mu8("proto", 0).named(xfrmProtoNames))
	// struct xfrm_aevent_id { struct xfrm_usersa_id sa_id; xfrm_address_t saddr; __u32 flags; __u32 reqid; };
	xfrmAeventID = cstructFamily("xfrm_aevent_id", 48, 20, 2,
		xfrmAddr("sa_id.daddr", 0), member{name: "sa_id.spi", off: 16, kind: mBE32},
		mu16("sa_id.family", 20).named(rtnlAFNames), mu8("sa_id.proto", 22).named(xfrmProtoNames),
		xfrmAddr("saddr", 24), mu32("flags", 40).bits(genXFRM_AE.names()), mu32("reqid", 44))
	// struct xfrm_user_report { __u8 proto; struct xfrm_selector sel; };
	xfrmUserReport = cstructFamily("xfrm_user_report", 60, 44, 2, concat([]member{mu8("proto", 0).named(xfrmProtoNames)},
		selectorMembers(4))...)
	// struct xfrm_user_mapping { struct xfrm_usersa_id id; __u32 reqid;
	//	xfrm_address_t old_saddr; xfrm_address_t new_saddr; __be16 old_sport; __be16 new_sport; };
	xfrmUserMapping = cstructFamily("xfrm_user_mapping", 64, 20, 2,
		xfrmAddr("id.daddr", 0), member{name: "id.spi", off: 16, kind: mBE32},
		mu16("id.family", 20).named(rtnlAFNames), mu8("id.proto", 22).named(xfrmProtoNames),
		mu32("reqid", 24), xfrmAddr("old_saddr", 28), xfrmAddr("new_saddr", 44),
		member{name: "old_sport", off: 60, kind: mBE16}, member{name: "new_sport", off: 62, kind: mBE16})
	// struct xfrm_userpolicy_default { __u8 in; __u8 fwd; __u8 out; };
	xfrmPolicyDefault = cstruct("xfrm_userpolicy_default", 3,
		mu8("in", 0).named(xfrmDefaultNames), mu8("fwd", 1).named(xfrmDefaultNames), mu8("out", 2).named(xfrmDefaultNames))
	// SADINFO and SPDINFO carry a __u32 of flags (unused; iproute2 sends
	// 0xffffffff).
	xfrmInfoFlags = cstruct("xfrm_info_flags", 4, member{name: "flags", off: 0, kind: mU32x})
)

// xfrmDefaultNames names XFRM_USERPOLICY_* of xfrm_userpolicy_default.
var xfrmDefaultNames = map[uint64]string{0: "XFRM_USERPOLICY_UNSPEC", 1: "XFRM_USERPOLICY_BLOCK", 2: "XFRM_USERPOLICY_ACCEPT"}

// xfrmUsersaMembers are xfrm_usersa_info's members at 0.
func xfrmUsersaMembers() []member {
	return concat(selectorMembers(0),
		[]member{xfrmAddr("id.daddr", 56), {name: "id.spi", off: 72, kind: mBE32}, mu8("id.proto", 76).named(xfrmProtoNames),
			xfrmAddr("saddr", 80)},
		lifetimeCfgMembers("lft.", 96),
		lifetimeCurMembers("curlft.", 160),
		[]member{mu32("stats.replay_window", 192), mu32("stats.replay", 196).vol(), mu32("stats.integrity_failed", 200).vol(),
			mu32("seq", 204), mu32("reqid", 208), mu16("family", 212).named(rtnlAFNames),
			mu8("mode", 214).named(xfrmModeNames), mu8("replay_window", 215), mu8("flags", 216).bits(xfrmStateFlags)})
}

// xfrmPolicyMembers are xfrm_userpolicy_info's members at off.
func xfrmPolicyMembers(off int, prefix string) []member {
	return prefixed(prefix, concat(selectorMembers(off),
		lifetimeCfgMembers("lft.", off+56),
		lifetimeCurMembers("curlft.", off+120),
		[]member{mu32("priority", off+152), mu32("index", off+156).vol(), mu8("dir", off+160).named(xfrmDirNames),
			mu8("action", off+161).named(xfrmActionNames), mu8("flags", off+162).bits(xfrmPolFlags),
			mu8("share", off+163).named(xfrmShareNames)}))
}

// prefixed prefixes the members' names.
func prefixed(prefix string, ms []member) []member {
	if prefix == "" {
		return ms
	}
	out := make([]member, len(ms))
	for i, m := range ms {
		m.name = prefix + m.name
		out[i] = m
	}
	return out
}

// xfrmAlgo prints struct xfrm_algo, xfrm_algo_auth or xfrm_algo_aead:
//
//	struct xfrm_algo {
//		char		alg_name[64];
//		unsigned int	alg_key_len;    /* in bits */
//		char		alg_key[];
//	};
//	struct xfrm_algo_auth { char alg_name[64]; unsigned int alg_key_len; unsigned int alg_trunc_len; char alg_key[]; };
//	struct xfrm_algo_aead { char alg_name[64]; unsigned int alg_key_len; unsigned int alg_icv_len; char alg_key[]; };
//
// extra names the u32 after alg_key_len ("" for struct xfrm_algo). The
// attributes are tagged secret, but only alg_key is: redacted, they still
// show the algorithm and its key length (see [registerSecretSplit]).
func xfrmAlgo(extra string) func(b []byte, order binary.ByteOrder) string {
	head := xfrmAlgoHead(extra)
	return func(b []byte, order binary.ByteOrder) string {
		if len(b) < head {
			return hexString(b)
		}
		return xfrmAlgoText(b, order, extra, hexString(b[head:]))
	}
}

// xfrmAlgoHead is the length of struct xfrm_algo (68 bytes) or, with the
// u32 extra, xfrm_algo_auth and xfrm_algo_aead (72): where alg_key starts.
func xfrmAlgoHead(extra string) int {
	if extra == "" {
		return 68
	}
	return 72
}

// xfrmAlgoText prints struct xfrm_algo* b (at least its head) with key
// as the text of alg_key.
func xfrmAlgoText(b []byte, order binary.ByteOrder, extra, key string) string {
	var sb strings.Builder
	sb.WriteString("alg_name=" + quoteString(b[:64]))
	sb.WriteString(" alg_key_len=" + strconv.FormatUint(uint64(order.Uint32(b[64:])), 10))
	if extra != "" {
		sb.WriteString(" " + extra + "=" + strconv.FormatUint(uint64(order.Uint32(b[68:])), 10))
	}
	sb.WriteString(" alg_key=" + key)
	return sb.String()
}

// xfrmAlgoSecrets are the XFRMA_ALG_* attributes by the name of the u32
// after alg_key_len.
var xfrmAlgoSecrets = map[string]string{
	"XFRMA_ALG_AUTH": "", "XFRMA_ALG_CRYPT": "", "XFRMA_ALG_COMP": "",
	"XFRMA_ALG_AEAD": "alg_icv_len", "XFRMA_ALG_AUTH_TRUNC": "alg_trunc_len",
}

// registerXFRMAlgoSecrets makes the XFRMA_ALG_* attributes secret from
// alg_key on: the key bytes (the flexible array alg_key[] to the end of
// the attribute, which the kernel sizes (alg_key_len + 7) / 8 bytes) are
// redacted and zeroed, alg_name and the lengths stay.
func registerXFRMAlgoSecrets() {
	for name, extra := range xfrmAlgoSecrets {
		head := xfrmAlgoHead(extra)
		registerSecretSplit(name, secretSplit{
			head: func(b []byte) int {
				if len(b) < head {
					return -1
				}
				return head
			},
			format: func(b []byte, order binary.ByteOrder, secret string) string {
				return xfrmAlgoText(b, order, extra, secret)
			},
		})
	}
}

var (
	// struct xfrm_user_tmpl (64 bytes)
	xfrmUserTmpl = cstructFamily("xfrm_user_tmpl", 64, 24, 2,
		xfrmAddr("id.daddr", 0), member{name: "id.spi", off: 16, kind: mBE32}, mu8("id.proto", 20).named(xfrmProtoNames),
		mu16("family", 24).named(rtnlAFNames), xfrmAddr("saddr", 28), mu32("reqid", 44),
		mu8("mode", 48).named(xfrmModeNames), mu8("share", 49).named(xfrmShareNames), mu8("optional", 50),
		member{name: "aalgos", off: 52, kind: mU32x}, member{name: "ealgos", off: 56, kind: mU32x},
		member{name: "calgos", off: 60, kind: mU32x})
	// struct xfrm_user_migrate (76 bytes)
	xfrmUserMigrate = cstructFamily("xfrm_user_migrate", 76, 72, 2,
		xfrmAddr("old_daddr", 0), xfrmAddr("old_saddr", 16), xfrmAddr("new_daddr", 32), xfrmAddr("new_saddr", 48),
		mu8("proto", 64).named(xfrmProtoNames), mu8("mode", 65).named(xfrmModeNames), mu32("reqid", 68),
		mu16("old_family", 72).named(rtnlAFNames), mu16("new_family", 74).named(rtnlAFNames))

	xfrmSADAttrs = genSet("XFRMA_SAD", genXFRMA_SAD,
		u32a("XFRMA_SAD_CNT").tag(TagVolatile),
		structA("XFRMA_SAD_HINFO", u32Fields("xfrmu_sadhinfo", []string{"sadhcnt", "sadhmcnt"})),
	)
	xfrmSPDAttrs = genSet("XFRMA_SPD", genXFRMA_SPD,
		structA("XFRMA_SPD_INFO", u32Fields("xfrmu_spdinfo", []string{"incnt", "outcnt", "fwdcnt", "inscnt", "outscnt", "fwdscnt"})).tag(TagVolatile),
		structA("XFRMA_SPD_HINFO", u32Fields("xfrmu_spdhinfo", []string{"spdhcnt", "spdhmcnt"})),
		structA("XFRMA_SPD_IPV4_HTHRESH", cstruct("xfrmu_spdhthresh", 2, mu8("lbits", 0), mu8("rbits", 1))),
		structA("XFRMA_SPD_IPV6_HTHRESH", cstruct("xfrmu_spdhthresh", 2, mu8("lbits", 0), mu8("rbits", 1))),
	)
	xfrmAttrs = genSet("XFRMA", genXFRMA,
		customA("XFRMA_ALG_AUTH", xfrmAlgo("")).tag(TagSecret),
		customA("XFRMA_ALG_CRYPT", xfrmAlgo("")).tag(TagSecret),
		customA("XFRMA_ALG_COMP", xfrmAlgo("")).tag(TagSecret),
		// struct xfrm_encap_tmpl { __u16 encap_type; __be16 encap_sport; __be16 encap_dport; xfrm_address_t encap_oa; };
		structA("XFRMA_ENCAP", cstruct("xfrm_encap_tmpl", 24, mu16("encap_type", 0).named(map[uint64]string{1: "UDP_ENCAP_ESPINUDP_NON_IKE", 2: "UDP_ENCAP_ESPINUDP", 7: "TCP_ENCAP_ESPINTCP"}),
			member{name: "encap_sport", off: 2, kind: mBE16}, member{name: "encap_dport", off: 4, kind: mBE16},
			member{name: "encap_oa", off: 8, kind: mBytes, size: 16})),
		&AttrSpec{Name: "XFRMA_TMPL", Kind: KindEntries, Struct: xfrmUserTmpl, EntryLen: fixedEntry(64)},
		structA("XFRMA_SA", xfrmUsersaInfo),
		structA("XFRMA_POLICY", xfrmPolicyInfo),
		// struct xfrm_user_sec_ctx { __u16 len; __u16 exttype; __u8 ctx_alg; __u8 ctx_doi; __u16 ctx_len; } + the context
		structA("XFRMA_SEC_CTX", cstruct("xfrm_user_sec_ctx", 8, mu16("len", 0), mu16("exttype", 2), mu8("ctx_alg", 4),
			mu8("ctx_doi", 5), mu16("ctx_len", 6))),
		structA("XFRMA_LTIME_VAL", cstruct("xfrm_lifetime_cur", 32, lifetimeCurMembers("", 0)...)).tag(TagVolatile),
		// struct xfrm_replay_state { __u32 oseq; __u32 seq; __u32 bitmap; };
		structA("XFRMA_REPLAY_VAL", u32Fields("xfrm_replay_state", []string{"oseq", "seq", "bitmap"})).tag(TagVolatile),
		u32a("XFRMA_REPLAY_THRESH"),
		u32a("XFRMA_ETIMER_THRESH"),
		addrA("XFRMA_SRCADDR"),
		addrA("XFRMA_COADDR"),
		u64a("XFRMA_LASTUSED").tag(TagVolatile),
		// struct xfrm_userpolicy_type { __u8 type; __u16 reserved1; __u8 reserved2; };
		structA("XFRMA_POLICY_TYPE", cstruct("xfrm_userpolicy_type", 4, mu8("type", 0).named(genXFRM_POLICY_TYPE.names()))),
		&AttrSpec{Name: "XFRMA_MIGRATE", Kind: KindEntries, Struct: xfrmUserMigrate, EntryLen: fixedEntry(76)},
		customA("XFRMA_ALG_AEAD", xfrmAlgo("alg_icv_len")).tag(TagSecret),
		// struct xfrm_user_kmaddress { xfrm_address_t local; xfrm_address_t remote; __u32 reserved; __u16 family; };
		structA("XFRMA_KMADDRESS", cstructFamily("xfrm_user_kmaddress", 40, 36, 2, xfrmAddr("local", 0), xfrmAddr("remote", 16),
			mu16("family", 36).named(rtnlAFNames))),
		customA("XFRMA_ALG_AUTH_TRUNC", xfrmAlgo("alg_trunc_len")).tag(TagSecret),
		// struct xfrm_mark { __u32 v; __u32 m; };
		structA("XFRMA_MARK", cstruct("xfrm_mark", 8, member{name: "v", off: 0, kind: mU32x}, member{name: "m", off: 4, kind: mU32x})),
		u32a("XFRMA_TFCPAD"),
		// struct xfrm_replay_state_esn { unsigned int bmp_len; __u32 oseq, seq, oseq_hi, seq_hi, replay_window; __u32 bmp[]; };
		structA("XFRMA_REPLAY_ESN_VAL", cstruct("xfrm_replay_state_esn", 24, mu32("bmp_len", 0), mu32("oseq", 4).vol(), mu32("seq", 8).vol(),
			mu32("oseq_hi", 12).vol(), mu32("seq_hi", 16).vol(), mu32("replay_window", 20))),
		flagsA("XFRMA_SA_EXTRA_FLAGS", KindU32, genXFRM_SA_XFLAG.names()),
		enumA("XFRMA_PROTO", KindU8, xfrmProtoNames),
		// struct xfrm_address_filter { xfrm_address_t saddr; xfrm_address_t daddr; __u16 family; __u8 splen; __u8 dplen; };
		structA("XFRMA_ADDRESS_FILTER", cstructFamily("xfrm_address_filter", 36, 32, 2, xfrmAddr("saddr", 0), xfrmAddr("daddr", 16),
			mu16("family", 32).named(rtnlAFNames), mu8("splen", 34), mu8("dplen", 35))),
		binA("XFRMA_PAD"),
		// struct xfrm_user_offload { int ifindex; __u8 flags; };
		structA("XFRMA_OFFLOAD_DEV", cstruct("xfrm_user_offload", 5, member{name: "ifindex", off: 0, kind: mS32, tags: TagIfindex},
			mu8("flags", 4).bits(genXFRM_OFFLOAD.names()))),
		&AttrSpec{Name: "XFRMA_SET_MARK", Kind: KindCustom, Format: hexU32},
		&AttrSpec{Name: "XFRMA_SET_MARK_MASK", Kind: KindCustom, Format: hexU32},
		u32a("XFRMA_IF_ID"),
		u32a("XFRMA_MTIMER_THRESH"),
	)
)

// fixedEntry returns an EntryLen for entries of n bytes.
func fixedEntry(n int) func([]byte, binary.ByteOrder) int {
	return func([]byte, binary.ByteOrder) int { return n }
}

// xfrmSpec builds an XFRM message spec with the attribute set of XFRMA.
func xfrmSpec(name string, h *HeaderSpec) *MessageSpec {
	return &MessageSpec{Name: name, Kind: xfrmKind(name), Header: h, Attrs: xfrmAttrs}
}

// xfrmKind classifies XFRM_MSG_* by name.
func xfrmKind(name string) MsgKind {
	op := strings.TrimPrefix(name, "XFRM_MSG_")
	switch {
	case strings.HasPrefix(op, "GET"):
		return MsgGet
	case strings.HasPrefix(op, "NEW"), strings.HasPrefix(op, "UPD"), strings.HasPrefix(op, "ALLOC"), strings.HasPrefix(op, "SET"):
		return MsgNew
	case strings.HasPrefix(op, "DEL"), strings.HasPrefix(op, "FLUSH"):
		return MsgDel
	}
	return MsgOther
}

// dumpVariant: a dump request (NLM_F_DUMP) of GETSA or GETPOLICY carries
// no struct, only attributes (net/xfrm/xfrm_user.c, xfrm_dump_sa_start
// parses from offset 0).
func dumpVariant(name string) func(flags uint16, _ []byte) *MessageSpec {
	dump := &MessageSpec{Name: name, Kind: MsgGet, Attrs: xfrmAttrs}
	return func(flags uint16, _ []byte) *MessageSpec {
		if flags&nlmFRequest != 0 && flags&nlmFDump == nlmFDump {
			return dump
		}
		return nil
	}
}

func init() {
	registerXFRMAlgoSecrets()
	headers := map[string]*HeaderSpec{
		"XFRM_MSG_NEWSA": xfrmUsersaInfo, "XFRM_MSG_UPDSA": xfrmUsersaInfo,
		"XFRM_MSG_DELSA": xfrmUsersaID, "XFRM_MSG_GETSA": xfrmUsersaID,
		"XFRM_MSG_NEWPOLICY": xfrmPolicyInfo, "XFRM_MSG_UPDPOLICY": xfrmPolicyInfo,
		"XFRM_MSG_DELPOLICY": xfrmPolicyID, "XFRM_MSG_GETPOLICY": xfrmPolicyID,
		"XFRM_MSG_ALLOCSPI": xfrmUserspiInfo, "XFRM_MSG_ACQUIRE": xfrmUserAcquire,
		"XFRM_MSG_EXPIRE": xfrmUserExpire, "XFRM_MSG_POLEXPIRE": xfrmUserPolexpire,
		"XFRM_MSG_FLUSHSA": xfrmUsersaFlush, "XFRM_MSG_FLUSHPOLICY": nil,
		"XFRM_MSG_NEWAE": xfrmAeventID, "XFRM_MSG_GETAE": xfrmAeventID,
		"XFRM_MSG_REPORT": xfrmUserReport, "XFRM_MSG_MIGRATE": xfrmPolicyID,
		"XFRM_MSG_NEWSADINFO": xfrmInfoFlags, "XFRM_MSG_GETSADINFO": xfrmInfoFlags,
		"XFRM_MSG_NEWSPDINFO": xfrmInfoFlags, "XFRM_MSG_GETSPDINFO": xfrmInfoFlags,
		"XFRM_MSG_MAPPING":    xfrmUserMapping,
		"XFRM_MSG_SETDEFAULT": xfrmPolicyDefault, "XFRM_MSG_GETDEFAULT": xfrmPolicyDefault,
	}
	msgs := map[uint16]*MessageSpec{}
	for _, c := range genXFRM_MSG {
		ms := xfrmSpec(c.Name, headers[c.Name])
		switch c.Name {
		case "XFRM_MSG_NEWSADINFO", "XFRM_MSG_GETSADINFO":
			ms.Attrs = xfrmSADAttrs
		case "XFRM_MSG_NEWSPDINFO", "XFRM_MSG_GETSPDINFO":
			ms.Attrs = xfrmSPDAttrs
		case "XFRM_MSG_GETSA", "XFRM_MSG_GETPOLICY":
			ms.Variant = dumpVariant(c.Name)
		}
		msgs[uint16(c.Value)] = ms
	}
	registerFamily(&FamilySpec{Family: nlcap.FamilyXFRM, Messages: msgs, Summary: xfrmSummary})
}

// xfrmSummary is the one-line text of an XFRM message: an SA's
// addresses, protocol and SPI, a policy's selector and direction.
func xfrmSummary(m *Message) string {
	get := func(name string) string {
		for _, f := range m.Fixed {
			if f.Name == name {
				return f.Value
			}
		}
		return ""
	}
	var w []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" {
				w = append(w, x)
			}
		}
	}
	switch m.FixedName {
	case "xfrm_usersa_info", "xfrm_user_expire", "xfrm_userspi_info":
		add("src "+get("saddr"), "dst "+get("id.daddr"), get("id.proto"), "spi "+get("id.spi"), get("mode"))
	case "xfrm_usersa_id":
		add("dst "+get("daddr"), get("proto"), "spi "+get("spi"))
	case "xfrm_userpolicy_info", "xfrm_userpolicy_id", "xfrm_user_polexpire":
		add("src "+get("sel.saddr")+"/"+get("sel.prefixlen_s"), "dst "+get("sel.daddr")+"/"+get("sel.prefixlen_d"), get("dir"), get("action"))
	}
	return strings.Join(w, " ")
}
