package dissect

import (
	"encoding/binary"
	"maps"
	"strconv"
	"strings"
)

// Traffic control (tc) options: what TCA_OPTIONS of a qdisc, class or
// filter holds depends on its TCA_KIND (include/uapi/linux/pkt_sched.h,
// pkt_cls.h, tc_act/*.h), and what TCA_ACT_OPTIONS of an action holds on
// its TCA_ACT_KIND. Names come from the generated tables; the overlay
// below gives types (C structs, u32...) and tags: counters and timers
// (struct tcf_t, TCA_*_PCNT) are volatile.

// A cField is one member of a C struct decoded by cStruct.
type cField struct {
	name  string
	size  int  // 1, 2, 4 or 8 bytes; 0: skip pad bytes of skip
	skip  int  // with size 0: bytes to skip
	sign  bool // signed
	be    bool // network byte order
	names map[uint64]string
	fmt   func(v uint64) string // overrides the number
}

func cu8(n string) cField   { return cField{name: n, size: 1} }
func cu16(n string) cField  { return cField{name: n, size: 2} }
func cu32(n string) cField  { return cField{name: n, size: 4} }
func cs32(n string) cField  { return cField{name: n, size: 4, sign: true} }
func cu64(n string) cField  { return cField{name: n, size: 8} }
func cbe16(n string) cField { return cField{name: n, size: 2, be: true} }
func cbe32(n string) cField { return cField{name: n, size: 4, be: true} }
func cpad(bytes int) cField { return cField{skip: bytes} }
func cenum32(n string, names map[uint64]string) cField {
	return cField{name: n, size: 4, sign: true, names: names}
}

// cStruct returns the HeaderSpec of a C struct of fixed-size integer
// members (in order, with explicit padding).
func cStruct(name string, fields ...cField) *HeaderSpec {
	l := 0
	for _, f := range fields {
		l += f.size + f.skip
	}
	return &HeaderSpec{Name: name, Len: l, Decode: func(b []byte, order binary.ByteOrder) []Field {
		out := make([]Field, 0, len(fields))
		off := 0
		for _, f := range fields {
			if f.size == 0 {
				off += f.skip
				continue
			}
			v, _ := readUint(b[off:off+f.size], f.kind(), order)
			off += f.size
			fd := Field{Name: f.name, Raw: v}
			switch {
			case f.fmt != nil:
				fd.Value = f.fmt(v)
			case f.names != nil:
				if n, ok := f.names[v]; ok {
					fd.Value = n
				} else if f.sign {
					fd.Value = strconv.FormatInt(signExtend(v, f.size), 10)
				} else {
					fd.Value = strconv.FormatUint(v, 10)
				}
			case f.sign:
				fd.Value = strconv.FormatInt(signExtend(v, f.size), 10)
			default:
				fd.Value = strconv.FormatUint(v, 10)
			}
			out = append(out, fd)
		}
		return out
	}}
}

// kind is the ValueKind readUint reads the field as.
func (f cField) kind() ValueKind {
	switch {
	case f.be && f.size == 2:
		return KindBE16
	case f.be && f.size == 4:
		return KindBE32
	case f.be:
		return KindBE64
	}
	return [...]ValueKind{1: KindU8, 2: KindU16, 4: KindU32, 8: KindU64}[f.size]
}

func signExtend(v uint64, size int) int64 {
	switch size {
	case 1:
		return int64(int8(v))
	case 2:
		return int64(int16(v))
	case 4:
		return int64(int32(v))
	}
	return int64(v)
}

// Verdicts of tc actions (TC_ACT_*, pkt_cls.h), as tc prints them.
var tcActNames = func() map[uint64]string {
	m := genTC_ACT.names()
	m[0xffffffff] = "TC_ACT_UNSPEC" // #define TC_ACT_UNSPEC (-1)
	return m
}()

// tcRateFields are the members of struct tc_ratespec (pkt_sched.h), 12 bytes:
//
//	struct tc_ratespec {
//		unsigned char	cell_log;
//		__u8		linklayer; /* lower 4 bits */
//		unsigned short	overhead;
//		short		cell_align;
//		unsigned short	mpu;
//		__u32		rate;
//	};
func tcRateFields(prefix string) []cField {
	return []cField{cu8(prefix + ".cell_log"), cu8(prefix + ".linklayer"), cu16(prefix + ".overhead"),
		{name: prefix + ".cell_align", size: 2, sign: true}, cu16(prefix + ".mpu"), {name: prefix + ".rate", size: 4, fmt: bytesPerSec}}
}

// bytesPerSec prints a rate in bytes per second as tc does, in bits.
func bytesPerSec(v uint64) string {
	bits := v * 8
	switch {
	case bits >= 1e9 && bits%1e9 == 0:
		return strconv.FormatUint(bits/1e9, 10) + "Gbit"
	case bits >= 1e6 && bits%1e6 == 0:
		return strconv.FormatUint(bits/1e6, 10) + "Mbit"
	case bits >= 1e3 && bits%1e3 == 0:
		return strconv.FormatUint(bits/1e3, 10) + "Kbit"
	}
	return strconv.FormatUint(bits, 10) + "bit"
}

func joinFields(parts ...[]cField) []cField {
	var out []cField
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// tc_gen (pkt_cls.h): the members every action's parameters start with.
var tcGenFields = []cField{cu32("index"), cu32("capab"), cenum32("action", tcActNames), cs32("refcnt"), cs32("bindcnt")}

// C structs of tc options and actions.
var (
	// struct tc_htb_glob
	tcHTBGlob = cStruct("tc_htb_glob", cu32("version"), cu32("rate2quantum"), cu32("defcls"), cu32("debug"), cu32("direct_pkts"))
	// struct tc_htb_opt
	tcHTBOpt = cStruct("tc_htb_opt", joinFields(tcRateFields("rate"), tcRateFields("ceil"),
		[]cField{cu32("buffer"), cu32("cbuffer"), cu32("quantum"), cu32("level"), cu32("prio")})...)
	// struct tc_tbf_qopt
	tcTBFQopt = cStruct("tc_tbf_qopt", joinFields(tcRateFields("rate"), tcRateFields("peakrate"),
		[]cField{cu32("limit"), cu32("buffer"), cu32("mtu")})...)
	// struct tc_netem_qopt
	tcNetemQopt = cStruct("tc_netem_qopt", cu32("latency"), cu32("limit"), cu32("loss"), cu32("gap"), cu32("duplicate"), cu32("jitter"))
	// struct tc_netem_corr, tc_netem_reorder, tc_netem_corrupt, tc_netem_rate, tc_netem_slot
	tcNetemCorr    = cStruct("tc_netem_corr", cu32("delay_corr"), cu32("loss_corr"), cu32("dup_corr"))
	tcNetemReorder = cStruct("tc_netem_reorder", cu32("probability"), cu32("correlation"))
	tcNetemCorrupt = cStruct("tc_netem_corrupt", cu32("probability"), cu32("correlation"))
	tcNetemRate    = cStruct("tc_netem_rate", cu32("rate"), cs32("packet_overhead"), cu32("cell_size"), cs32("cell_overhead"))
	tcNetemSlot    = cStruct("tc_netem_slot", cu64("min_delay"), cu64("max_delay"), cs32("max_packets"), cs32("max_bytes"), cu64("dist_delay"), cu64("dist_jitter"))
	// struct tcf_t: install, lastuse, expires, firstuse (jiffies): volatile.
	tcfT = cStruct("tcf_t", cu64("install"), cu64("lastuse"), cu64("expires"), cu64("firstuse"))
	// struct tc_gact, tc_gact_p
	tcGact  = cStruct("tc_gact", tcGenFields...)
	tcGactP = cStruct("tc_gact_p", cu16("ptype"), cu16("pval"), cenum32("paction", tcActNames))
	// struct tc_mirred
	tcMirred = tagField(cStruct("tc_mirred", append(append([]cField{}, tcGenFields...),
		cField{name: "eaction", size: 4, names: genTCA_MIRRED_EACTION.names()}, cu32("ifindex"))...), "ifindex", 24, 4, TagIfindex)
	// struct tc_sample (tc_act/tc_sample.h): tc_gen only.
	tcSample = cStruct("tc_sample", tcGenFields...)
	// struct tc_police
	tcPolice = cStruct("tc_police", joinFields([]cField{cu32("index"), cenum32("action", tcActNames), cu32("limit"), cu32("burst"), cu32("mtu")},
		tcRateFields("rate"), tcRateFields("peakrate"), []cField{cs32("refcnt"), cs32("bindcnt"), cu32("capab")})...)
	// struct tc_fifo_qopt { __u32 limit; } (packets for pfifo, bytes for bfifo)
	tcFifoQopt = u32Fields("tc_fifo_qopt", []string{"limit"})
	// struct tc_u32_mark
	tcU32Mark = cStruct("tc_u32_mark", cu32("val"), cu32("mask"), cu32("success"))
	// struct tc_fq_codel_xstats (qdisc part)
	tcPrioQopt = &HeaderSpec{Name: "tc_prio_qopt", Len: 20, Decode: func(b []byte, order binary.ByteOrder) []Field {
		bands := uint64(order.Uint32(b))
		var sb strings.Builder
		for i, p := range b[4:20] {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strconv.Itoa(int(p)))
		}
		return []Field{{Name: "bands", Value: strconv.FormatUint(bands, 10), Raw: bands}, {Name: "priomap", Value: sb.String()}}
	}}
)

// tcU32Sel prints struct tc_u32_sel and its keys as tc filter show does
// ("match 0a010000/ffff0000 at 16").
//
//	struct tc_u32_sel {
//		unsigned char	flags; unsigned char offshift; unsigned char nkeys;
//		__be16 offmask; __u16 off; short offoff; short hoff; __be32 hmask;
//		struct tc_u32_key keys[]; /* __be32 mask, val; int off, offmask; */
//	};
func tcU32Sel(b []byte, order binary.ByteOrder) string {
	if len(b) < 16 {
		return hexString(b)
	}
	nkeys := int(b[2])
	var sb strings.Builder
	sb.WriteString("flags=0x" + strconv.FormatUint(uint64(b[0]), 16) + " nkeys=" + strconv.Itoa(nkeys))
	if hm := binary.BigEndian.Uint32(b[12:]); hm != 0 {
		sb.WriteString(" hmask=0x" + strconv.FormatUint(uint64(hm), 16))
	}
	keys := b[16:]
	for i := 0; i < nkeys && len(keys) >= 16; i++ {
		mask, val := binary.BigEndian.Uint32(keys), binary.BigEndian.Uint32(keys[4:])
		off := int32(order.Uint32(keys[8:]))
		sb.WriteString(" match " + hex8(val) + "/" + hex8(mask) + " at " + strconv.Itoa(int(off)))
		keys = keys[16:]
	}
	if nkeys*16 != len(b)-16 {
		sb.WriteString(" (" + strconv.Itoa(len(b)-16) + " bytes of keys)")
	}
	return sb.String()
}

func hex8(v uint32) string {
	s := strconv.FormatUint(uint64(v), 16)
	return strings.Repeat("0", 8-len(s)) + s
}

// tcHandleAttr prints a u32 tc handle or classid as tc does ("1:10").
func tcHandleAttr(b []byte, order binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	return tcHandle(order.Uint32(b))
}

// Action sets: TCA_ACT_OPTIONS by TCA_ACT_KIND.
var (
	tcGactAttrs = genSet("TCA_GACT", genTCA_GACT,
		structA("TCA_GACT_TM", tcfT).tag(TagVolatile),
		structA("TCA_GACT_PARMS", tcGact),
		structA("TCA_GACT_PROB", tcGactP),
		binA("TCA_GACT_PAD"),
	)
	tcMirredAttrs = genSet("TCA_MIRRED", genTCA_MIRRED,
		structA("TCA_MIRRED_TM", tcfT).tag(TagVolatile),
		structA("TCA_MIRRED_PARMS", tcMirred),
		binA("TCA_MIRRED_PAD"),
	)
	// act_sample (tc_act/tc_sample.h; net/sched/act_sample.c): sample
	// 1 in RATE packets to psample group PSAMPLE_GROUP, cut to TRUNC_SIZE.
	tcSampleAttrs = genSet("TCA_SAMPLE", genTCA_SAMPLE,
		structA("TCA_SAMPLE_TM", tcfT).tag(TagVolatile),
		structA("TCA_SAMPLE_PARMS", tcSample),
		u32a("TCA_SAMPLE_RATE"),
		u32a("TCA_SAMPLE_TRUNC_SIZE"),
		u32a("TCA_SAMPLE_PSAMPLE_GROUP"),
		binA("TCA_SAMPLE_PAD"),
	)
	tcPoliceAttrs = genSet("TCA_POLICE", genTCA_POLICE,
		structA("TCA_POLICE_TBF", tcPolice),
		rateTable("TCA_POLICE_RATE"),
		rateTable("TCA_POLICE_PEAKRATE"),
		u32a("TCA_POLICE_AVRATE"),
		enumA("TCA_POLICE_RESULT", KindU32, tcActNames),
		structA("TCA_POLICE_TM", tcfT).tag(TagVolatile),
		binA("TCA_POLICE_PAD"),
		u64a("TCA_POLICE_RATE64"),
		u64a("TCA_POLICE_PEAKRATE64"),
		u64a("TCA_POLICE_PKTRATE64"),
		u64a("TCA_POLICE_PKTBURST64"),
	)
	tcActOptions = map[string]*AttrSet{
		"gact":   tcGactAttrs,
		"mirred": tcMirredAttrs,
		"police": tcPoliceAttrs,
		"sample": tcSampleAttrs,
	}
	// tcActStatsAttrs are the TCA_STATS_* of an action's TCA_ACT_STATS.
	tcActAttrs = genSet("TCA_ACT", genTCA_ACT,
		strA("TCA_ACT_KIND"),
		&AttrSpec{Name: "TCA_ACT_OPTIONS", Kind: KindNested, Select: func(s []Attr) *AttrSet {
			return tcActOptions[siblingString(s, "TCA_ACT_KIND")]
		}},
		u32a("TCA_ACT_INDEX"),
		nest("TCA_ACT_STATS", tcStatsAttrs).tag(TagVolatile),
		binA("TCA_ACT_PAD"),
		binA("TCA_ACT_COOKIE"),
		structA("TCA_ACT_FLAGS", nlaBitfield32),
		structA("TCA_ACT_HW_STATS", nlaBitfield32),
		structA("TCA_ACT_USED_HW_STATS", nlaBitfield32),
		u32a("TCA_ACT_IN_HW_COUNT"),
	)
	// tcActList is the list of actions of a filter (TCA_*_ACT) or of
	// RTM_*ACTION (TCA_ROOT_TAB): nests indexed by order, each TCA_ACT_*.
	tcActList = &AttrSpec{Kind: KindNestedArray, Nested: tcActAttrs}
)

// struct nla_bitfield32 { __u32 value; __u32 selector; }
var nlaBitfield32 = u32Fields("nla_bitfield32", []string{"value", "selector"})

func actList(name string) *AttrSpec {
	c := *tcActList
	c.Name = name
	return &c
}

// Qdisc and class options.
var (
	tcHTBAttrs = genSet("TCA_HTB", genTCA_HTB,
		structA("TCA_HTB_PARMS", tcHTBOpt),
		structA("TCA_HTB_INIT", tcHTBGlob),
		rateTable("TCA_HTB_CTAB"),
		rateTable("TCA_HTB_RTAB"),
		u32a("TCA_HTB_DIRECT_QLEN"),
		u64a("TCA_HTB_RATE64"),
		u64a("TCA_HTB_CEIL64"),
		binA("TCA_HTB_PAD"),
		flagA("TCA_HTB_OFFLOAD"),
	)
	tcTBFAttrs = genSet("TCA_TBF", genTCA_TBF,
		structA("TCA_TBF_PARMS", tcTBFQopt),
		rateTable("TCA_TBF_RTAB"),
		rateTable("TCA_TBF_PTAB"),
		u64a("TCA_TBF_RATE64"),
		u64a("TCA_TBF_PRATE64"),
		u32a("TCA_TBF_BURST"),
		u32a("TCA_TBF_PBURST"),
		binA("TCA_TBF_PAD"),
	)
	tcNetemAttrs = genSet("TCA_NETEM", genTCA_NETEM,
		structA("TCA_NETEM_CORR", tcNetemCorr),
		binA("TCA_NETEM_DELAY_DIST"), // s16 table
		structA("TCA_NETEM_REORDER", tcNetemReorder),
		structA("TCA_NETEM_CORRUPT", tcNetemCorrupt),
		rawNest("TCA_NETEM_LOSS"),
		structA("TCA_NETEM_RATE", tcNetemRate),
		u32a("TCA_NETEM_ECN"),
		u64a("TCA_NETEM_RATE64"),
		binA("TCA_NETEM_PAD"),
		&AttrSpec{Name: "TCA_NETEM_LATENCY64", Kind: KindS64},
		&AttrSpec{Name: "TCA_NETEM_JITTER64", Kind: KindS64},
		structA("TCA_NETEM_SLOT", tcNetemSlot),
		binA("TCA_NETEM_SLOT_DIST"),
		newer(14, "6.3", u64a("TCA_NETEM_PRNG_SEED")),
	)
	tcFQCodelAttrs = genSet("TCA_FQ_CODEL", genTCA_FQ_CODEL,
		u32a("TCA_FQ_CODEL_TARGET"), // µs
		u32a("TCA_FQ_CODEL_LIMIT"),
		u32a("TCA_FQ_CODEL_INTERVAL"), // µs
		u32a("TCA_FQ_CODEL_ECN"),
		u32a("TCA_FQ_CODEL_FLOWS"),
		u32a("TCA_FQ_CODEL_QUANTUM"),
		u32a("TCA_FQ_CODEL_CE_THRESHOLD"),
		u32a("TCA_FQ_CODEL_DROP_BATCH_SIZE"),
		u32a("TCA_FQ_CODEL_MEMORY_LIMIT"),
		u8("TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR"),
		u8("TCA_FQ_CODEL_CE_THRESHOLD_MASK"),
	)
	tcFQAttrs = genSet("TCA_FQ", genTCA_FQ)
)

// Filter options.
var (
	// The ematch tree of basic (and other) filters: a header and the list
	// of matches (struct tcf_ematch_hdr each, then the match's data).
	tcEmatchTree = genSet("TCA_EMATCH_TREE", genTCA_EMATCH_TREE,
		structA("TCA_EMATCH_TREE_HDR", cStruct("tcf_ematch_tree_hdr", cu16("nmatches"), cu16("progid"))),
		rawNest("TCA_EMATCH_TREE_LIST"),
	)
	tcU32Attrs = genSet("TCA_U32", genTCA_U32,
		customA("TCA_U32_CLASSID", tcHandleAttr),
		customA("TCA_U32_HASH", tcHandleAttr),
		customA("TCA_U32_LINK", tcHandleAttr),
		u32a("TCA_U32_DIVISOR"),
		customA("TCA_U32_SEL", tcU32Sel),
		nest("TCA_U32_POLICE", tcPoliceAttrs),
		actList("TCA_U32_ACT"),
		strA("TCA_U32_INDEV"),
		binA("TCA_U32_PCNT").tag(TagVolatile),
		structA("TCA_U32_MARK", tcU32Mark),
		u32a("TCA_U32_FLAGS"),
		binA("TCA_U32_PAD"),
	)
	tcBPFAttrs = genSet("TCA_BPF", genTCA_BPF,
		actList("TCA_BPF_ACT"),
		nest("TCA_BPF_POLICE", tcPoliceAttrs),
		customA("TCA_BPF_CLASSID", tcHandleAttr),
		u16a("TCA_BPF_OPS_LEN"),
		binA("TCA_BPF_OPS"),
		u32a("TCA_BPF_FD"),
		strA("TCA_BPF_NAME"),
		u32a("TCA_BPF_FLAGS"),
		u32a("TCA_BPF_FLAGS_GEN"),
		binA("TCA_BPF_TAG"),
		u32a("TCA_BPF_ID").tag(TagVolatile), // a program id, per boot
	)
	tcMatchallAttrs = genSet("TCA_MATCHALL", genTCA_MATCHALL,
		customA("TCA_MATCHALL_CLASSID", tcHandleAttr),
		actList("TCA_MATCHALL_ACT"),
		u32a("TCA_MATCHALL_FLAGS"),
		binA("TCA_MATCHALL_PCNT").tag(TagVolatile),
		binA("TCA_MATCHALL_PAD"),
	)
	tcBasicAttrs = genSet("TCA_BASIC", genTCA_BASIC,
		customA("TCA_BASIC_CLASSID", tcHandleAttr),
		nest("TCA_BASIC_EMATCHES", tcEmatchTree),
		actList("TCA_BASIC_ACT"),
		nest("TCA_BASIC_POLICE", tcPoliceAttrs),
		binA("TCA_BASIC_PCNT").tag(TagVolatile),
		binA("TCA_BASIC_PAD"),
	)
	tcFlowerAttrs = flowerAttrs()
)

// flowerAttrs types the flower keys by their name: addresses, ports (big
// endian), link-layer addresses, the rest by the generated name, raw.
func flowerAttrs() *AttrSet {
	set := genSet("TCA_FLOWER", genTCA_FLOWER)
	for t, a := range set.Attrs {
		n := strings.TrimPrefix(a.Name, "TCA_FLOWER_")
		var s *AttrSpec
		switch {
		case n == "CLASSID":
			s = customA(a.Name, tcHandleAttr)
		case n == "INDEV":
			s = strA(a.Name)
		case n == "ACT":
			s = actList(a.Name)
		case n == "FLAGS", n == "IN_HW_COUNT", n == "KEY_FLAGS", n == "KEY_FLAGS_MASK":
			s = u32a(a.Name)
		case strings.HasSuffix(n, "_ETH_DST"), strings.HasSuffix(n, "_ETH_SRC"), strings.HasSuffix(n, "_ETH_DST_MASK"), strings.HasSuffix(n, "_ETH_SRC_MASK"),
			strings.Contains(n, "ARP_SHA"), strings.Contains(n, "ARP_THA"):
			s = llA(a.Name)
		case strings.Contains(n, "IPV4_"), strings.Contains(n, "IPV6_"), strings.Contains(n, "ARP_SIP"), strings.Contains(n, "ARP_TIP"):
			s = addrA(a.Name)
		case n == "KEY_ETH_TYPE", strings.HasSuffix(n, "VLAN_ETH_TYPE"):
			s = enumA(a.Name, KindBE16, ethPNames)
		case strings.Contains(n, "_SRC") && strings.Contains(n, "_TCP_") || strings.Contains(n, "_DST") && strings.Contains(n, "_TCP_"),
			strings.Contains(n, "_UDP_") && !strings.Contains(n, "UDP_PORT"), strings.Contains(n, "_SCTP_"),
			strings.HasSuffix(n, "_UDP_PORT"), strings.HasSuffix(n, "_UDP_PORT_MASK"), strings.HasSuffix(n, "PORT_SRC_MIN"),
			strings.HasSuffix(n, "PORT_SRC_MAX"), strings.HasSuffix(n, "PORT_DST_MIN"), strings.HasSuffix(n, "PORT_DST_MAX"),
			n == "KEY_TCP_FLAGS", n == "KEY_TCP_FLAGS_MASK":
			s = be16a(a.Name)
		case n == "KEY_IP_PROTO":
			s = enumA(a.Name, KindU8, ipProtoNames)
		case n == "KEY_VLAN_ID", n == "KEY_CVLAN_ID":
			s = u16a(a.Name)
		case n == "KEY_VLAN_PRIO", n == "KEY_CVLAN_PRIO", n == "KEY_IP_TOS", n == "KEY_IP_TOS_MASK", n == "KEY_IP_TTL", n == "KEY_IP_TTL_MASK",
			strings.HasPrefix(n, "KEY_ICMPV4_"), strings.HasPrefix(n, "KEY_ICMPV6_"), n == "KEY_ENC_IP_TOS", n == "KEY_ENC_IP_TTL":
			s = u8(a.Name)
		case n == "KEY_ENC_KEY_ID":
			s = &AttrSpec{Name: a.Name, Kind: KindBE32}
		}
		if s != nil {
			set.Attrs[t] = s
		}
	}
	return set
}

// tcOptions is TCA_OPTIONS by TCA_KIND, for qdiscs, classes and filters
// (kinds do not collide between them).
var tcOptions = map[string]*AttrSpec{
	"htb":             nest("TCA_OPTIONS", tcHTBAttrs),
	"tbf":             nest("TCA_OPTIONS", tcTBFAttrs),
	"netem":           {Name: "TCA_OPTIONS", Kind: KindNested, Struct: tcNetemQopt, Nested: tcNetemAttrs},
	"fq_codel":        nest("TCA_OPTIONS", tcFQCodelAttrs),
	"fq":              nest("TCA_OPTIONS", tcFQAttrs),
	"prio":            structA("TCA_OPTIONS", tcPrioQopt),
	"pfifo_fast":      structA("TCA_OPTIONS", tcPrioQopt), // the same struct, 3 bands
	"pfifo":           structA("TCA_OPTIONS", tcFifoQopt),
	"bfifo":           structA("TCA_OPTIONS", tcFifoQopt),
	"pfifo_head_drop": structA("TCA_OPTIONS", tcFifoQopt),
	"ingress":         nest("TCA_OPTIONS", emptySet("TCA_OPTIONS (ingress)")),
	"clsact":          nest("TCA_OPTIONS", emptySet("TCA_OPTIONS (clsact)")),
	"u32":             nest("TCA_OPTIONS", tcU32Attrs),
	"flower":          nest("TCA_OPTIONS", tcFlowerAttrs),
	"bpf":             nest("TCA_OPTIONS", tcBPFAttrs),
	"matchall":        nest("TCA_OPTIONS", tcMatchallAttrs),
	"basic":           nest("TCA_OPTIONS", tcBasicAttrs),
}

// emptySet is an attribute set that names no attribute (the options of
// ingress and clsact, vsock_diag): anything there is named by its number.
func emptySet(name string) *AttrSet { return &AttrSet{Name: name, Attrs: map[uint16]*AttrSpec{}} }

// tcFQCodelXstats is struct tc_fq_codel_xstats, the TCA_STATS_APP and
// TCA_XSTATS of fq_codel: a type (TCA_FQ_CODEL_XSTATS_QDISC or _CLASS) and
// the members of that kind.
func tcFQCodelXstats(b []byte, order binary.ByteOrder) string {
	if len(b) < 4 {
		return hexString(b)
	}
	var names []string
	switch order.Uint32(b) {
	case 0: // TCA_FQ_CODEL_XSTATS_QDISC: struct tc_fq_codel_qd_stats
		names = []string{"maxpacket", "drop_overlimit", "ecn_mark", "new_flow_count", "new_flows_len", "old_flows_len", "ce_mark", "memory_usage", "drop_overmemory"}
	case 1: // TCA_FQ_CODEL_XSTATS_CLASS: struct tc_fq_codel_cl_stats
		names = []string{"deficit", "ldelay", "count", "lastcount", "dropping", "drop_next"}
	default:
		return hexString(b)
	}
	fs := u32Fields("tc_fq_codel_xstats", names).Decode(b[4:], order)
	return genTCA_FQ_CODEL_XSTATS.names()[uint64(order.Uint32(b))] + " " + fieldsValue(fs)
}

// tcStatsByKind is the TCA_STATS2 set of the qdisc kinds whose
// TCA_STATS_APP (the same bytes as TCA_XSTATS) is known.
var tcStatsByKind = map[string]*AttrSet{
	"fq_codel": withAttr(tcStatsAttrs, customA("TCA_STATS_APP", tcFQCodelXstats)),
	"htb":      withAttr(tcStatsAttrs, structA("TCA_STATS_APP", tcHTBXstats)),
}

// struct tc_htb_xstats (classes)
var tcHTBXstats = cStruct("tc_htb_xstats", cu32("lends"), cu32("borrows"), cu32("giants"), cs32("tokens"), cs32("ctokens"))

// withAttr returns a copy of set with spec replacing the attribute of its
// name.
func withAttr(set *AttrSet, spec *AttrSpec) *AttrSet {
	c := &AttrSet{Name: set.Name, Attrs: maps.Clone(set.Attrs), Default: set.Default}
	setAttr(c, spec)
	return c
}

// tcXstats is TCA_XSTATS by the qdisc kind (TCA_STATS_APP, inside
// TCA_STATS2, holds the same bytes but cannot see TCA_KIND: left raw).
var tcXstats = map[string]*AttrSpec{
	"fq_codel": customA("TCA_XSTATS", tcFQCodelXstats).tag(TagVolatile),
	"htb":      structA("TCA_XSTATS", tcHTBXstats).tag(TagVolatile),
}

var (
	// struct tc_stats
	tcStatsStruct = cStruct("tc_stats", cu64("bytes"), cu32("packets"), cu32("drops"), cu32("overlimits"), cu32("bps"), cu32("pps"), cu32("qlen"), cu32("backlog"), cpad(4))
	// struct tc_estimator { signed char interval; unsigned char ewma_log; }
	tcEstimator = cStruct("tc_estimator", cField{name: "interval", size: 1, sign: true}, cu8("ewma_log"))
	tcRootAttrs = genSet("TCA_ROOT", genTCA_ROOT,
		actList("TCA_ROOT_TAB"),
		structA("TCA_ROOT_FLAGS", nlaBitfield32),
		u32a("TCA_ROOT_COUNT"),
		u32a("TCA_ROOT_TIME_DELTA"),
		strA("TCA_ROOT_EXT_WARN_MSG"),
	)
)

// rateTable is a tc rate table (TC_RTAB_SIZE: 256 u32, the transmission
// time of each packet size cell), which tc computes from the rate: printed
// as its size and first and last slots (-x shows every byte).
func rateTable(name string) *AttrSpec {
	return customA(name, func(b []byte, order binary.ByteOrder) string {
		if len(b) != 1024 {
			return hexString(b)
		}
		return "rate table, 256 slots: " + strconv.FormatUint(uint64(order.Uint32(b)), 10) + " .. " + strconv.FormatUint(uint64(order.Uint32(b[1020:])), 10)
	})
}

// tagField tags the field name (offset, size) of struct h and returns h.
func tagField(h *HeaderSpec, name string, offset, size int, tags Tag) *HeaderSpec {
	h.Tagged = append(h.Tagged, TaggedField{Name: name, Offset: offset, Size: size, Tags: tags})
	return h
}
