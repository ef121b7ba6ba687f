package dissect

import (
	"encoding/binary"
	"maps"
	"strconv"
	"strings"
)

// nf_tables (NFNL_SUBSYS_NFTABLES, include/uapi/linux/netfilter/nf_tables.h):
// the overlay over the generated names. Integers are big-endian (NLA_U32
// with htonl, "NLA_BE32"); every nest carries NLA_F_NESTED. An expression
// is a nest of NFTA_EXPR_NAME ("payload", "cmp"...) and NFTA_EXPR_DATA,
// whose attribute set is the one of that expression (NFTA_PAYLOAD_*...).
//
// Attributes the overlay gives no type print by their length: a be32 or
// be64 number, a string when the bytes are text, else hex ([nfValue]).

// nfValue prints an untyped netfilter attribute: 1, 2, 4 or 8 bytes as a
// big-endian number, printable text as a string, else hex.
func nfValue(b []byte, _ binary.ByteOrder) string {
	switch len(b) {
	case 1:
		return strconv.Itoa(int(b[0]))
	case 2:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint16(b)), 10)
	case 4:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 10)
	case 8:
		return strconv.FormatUint(binary.BigEndian.Uint64(b), 10)
	}
	if s := cString(b); len(s) > 0 && plausibleName(s) && len(b) <= len(s)+1 {
		return quoteString(b)
	}
	return hexString(b)
}

// nfSet is [genSet] where every attribute the specs do not type prints
// with [nfValue] instead of hex.
func nfSet(name string, g uapiGroup, specs ...*AttrSpec) *AttrSet {
	set := genSet(name, g, specs...)
	for t, a := range set.Attrs {
		if a.Kind == KindBinary && a.Format == nil && !isSpec(a, specs) {
			set.Attrs[t] = &AttrSpec{Name: a.Name, Kind: KindCustom, Format: nfValue}
		}
	}
	return set
}

func isSpec(a *AttrSpec, specs []*AttrSpec) bool {
	for _, s := range specs {
		if s == a {
			return true
		}
	}
	return false
}

// Short constructors for netfilter's big-endian attributes.
func be32a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindBE32} }
func be64a(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindBE64} }
func be32e(name string, names map[uint64]string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindBE32, Enum: names}
}
func be32f(name string, names map[uint64]string) *AttrSpec {
	return &AttrSpec{Name: name, Kind: KindBE32, Flags: names}
}

// nftReg names a register attribute (NFTA_*_SREG, _DREG): enum
// nft_registers, NFT_REG_VERDICT or NFT_REG32_00...
func nftReg(name string) *AttrSpec { return be32e(name, nftRegNames) }

var nftRegNames = genNFT_REG.names()

// nfVerdicts names the verdict codes: the netfilter verdicts of
// include/uapi/linux/netfilter.h (#define NF_DROP 0 ... NF_STOP 5) and
// enum nft_verdicts (negative: NFT_CONTINUE = -1 ... NFT_RETURN = -5).
var nfVerdicts = func() map[int32]string {
	m := map[int32]string{}
	for _, g := range []uapiGroup{genNF_VERDICT, genNFT_VERDICT} {
		for _, c := range g {
			m[int32(c.Value)] = c.Name
		}
	}
	return m
}()

// nfVerdict prints a be32 verdict code.
func nfVerdict(b []byte, _ binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	v := int32(binary.BigEndian.Uint32(b))
	if n, ok := nfVerdicts[v]; ok {
		return n
	}
	if v > 0 && v&0xff == 3 {
		return "NF_QUEUE num " + strconv.Itoa(int(uint32(v)>>16))
	}
	return strconv.Itoa(int(v))
}

// be32Signed prints a be32 as a signed number (hook priorities).
func be32Signed(b []byte, _ binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	return strconv.Itoa(int(int32(binary.BigEndian.Uint32(b))))
}

// nfHooks names hook numbers: enum nf_inet_hooks (NF_INET_INGRESS is the
// inet family's ingress hook). A bridge, netdev or arp chain's hooks have
// their own names: the chain messages pick their set by nfgen_family
// ([nftChainSelect]).
var nfHooks = genNF_INET.names(uapiConst{"NF_INET_INGRESS", 5})

// nfArpHooks names NF_ARP_IN/OUT/FORWARD (linux/netfilter_arp.h).
var nfArpHooks = map[uint64]string{0: "NF_ARP_IN", 1: "NF_ARP_OUT", 2: "NF_ARP_FORWARD"}

// nftChainWithHooks is nftChainAttrs whose NFTA_CHAIN_HOOK names hooks
// from names.
func nftChainWithHooks(names map[uint64]string) *AttrSet {
	set := &AttrSet{Name: nftChainAttrs.Name, Attrs: maps.Clone(nftChainAttrs.Attrs)}
	setAttr(set, nest("NFTA_CHAIN_HOOK", nftHookSet(names)))
	return set
}

// nftHookSet is NFTA_HOOK with hook numbers named from names.
func nftHookSet(names map[uint64]string) *AttrSet {
	return nfSet("NFTA_HOOK", genNFTA_HOOK,
		be32e("NFTA_HOOK_HOOKNUM", names),
		customA("NFTA_HOOK_PRIORITY", be32Signed),
		strA("NFTA_HOOK_DEV"),
		nest("NFTA_HOOK_DEVS", nftDevAttrs),
	)
}

var (
	nftChainNetdev = nftChainWithHooks(genNF_NETDEV.names())
	nftChainArp    = nftChainWithHooks(nfArpHooks)
	// nftChainBridge names NF_BR_PRE_ROUTING ... NF_BR_BROUTING
	// (linux/netfilter_bridge.h): the first five have the numbers of
	// their NF_INET_* twins, NF_BR_BROUTING 5 is NF_INET_INGRESS's.
	nftChainBridge = nftChainWithHooks(genNF_BR.names())
)

// nftChainSelect picks the chain set by nfgen_family: NFPROTO_NETDEV (5),
// NFPROTO_ARP (3) and NFPROTO_BRIDGE (7) name their hooks differently
// (include/uapi/linux/netfilter.h, enum NFPROTO_*).
func nftChainSelect(fixed []Field) *AttrSet {
	return byNfFamily(fixed, nftChainBridge, nftChainArp, nftChainNetdev)
}

var (
	nftVerdictAttrs = nfSet("NFTA_VERDICT", genNFTA_VERDICT,
		customA("NFTA_VERDICT_CODE", nfVerdict),
		strA("NFTA_VERDICT_CHAIN"),
		be32a("NFTA_VERDICT_CHAIN_ID"),
	)
	// nftDataAttrs is NFTA_DATA: a value (bytes as the expression's
	// register holds them) or a verdict.
	nftDataAttrs = nfSet("NFTA_DATA", genNFTA_DATA,
		binA("NFTA_DATA_VALUE"),
		nest("NFTA_DATA_VERDICT", nftVerdictAttrs),
	)
	nftDevAttrs     = nfSet("NFTA_DEVICE", genNFTA_DEVICE, strA("NFTA_DEVICE_NAME"))
	nftHookAttrs    = nftHookSet(nfHooks)
	nftCounterAttrs = nfSet("NFTA_COUNTER", genNFTA_COUNTER,
		be64a("NFTA_COUNTER_BYTES").tag(TagVolatile),
		be64a("NFTA_COUNTER_PACKETS").tag(TagVolatile),
		binA("NFTA_COUNTER_PAD"),
	)
	nftTableAttrs = nfSet("NFTA_TABLE", genNFTA_TABLE,
		strA("NFTA_TABLE_NAME"),
		be32f("NFTA_TABLE_FLAGS", genNFT_TABLE_F.names()),
		be32a("NFTA_TABLE_USE"),
		be64a("NFTA_TABLE_HANDLE").tag(TagVolatile),
		binA("NFTA_TABLE_PAD"),
		binA("NFTA_TABLE_USERDATA"),
		be32a("NFTA_TABLE_OWNER").tag(TagVolatile), // the owner's netlink port id
	)
	nftChainAttrs = nfSet("NFTA_CHAIN", genNFTA_CHAIN,
		strA("NFTA_CHAIN_TABLE"),
		be64a("NFTA_CHAIN_HANDLE").tag(TagVolatile),
		strA("NFTA_CHAIN_NAME"),
		nest("NFTA_CHAIN_HOOK", nftHookAttrs),
		customA("NFTA_CHAIN_POLICY", nfVerdict),
		be32a("NFTA_CHAIN_USE"),
		strA("NFTA_CHAIN_TYPE"),
		nest("NFTA_CHAIN_COUNTERS", nftCounterAttrs),
		binA("NFTA_CHAIN_PAD"),
		be32f("NFTA_CHAIN_FLAGS", genNFT_CHAIN_F.names()),
		be32a("NFTA_CHAIN_ID"),
		binA("NFTA_CHAIN_USERDATA"),
	)
)

// nftExprSets maps NFTA_EXPR_NAME to the attribute set of its
// NFTA_EXPR_DATA (net/netfilter/nft_*.c register the names).
var nftExprSets = map[string]*AttrSet{}

// nftExprAttrs is struct nft_expr's nest: NFTA_EXPR_NAME selects the set
// of NFTA_EXPR_DATA.
var nftExprAttrs = nfSet("NFTA_EXPR", genNFTA_EXPR,
	strA("NFTA_EXPR_NAME"),
	&AttrSpec{Name: "NFTA_EXPR_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		return nftExprSets[siblingString(s, "NFTA_EXPR_NAME")]
	}},
)

// nftList is a nest of NFTA_LIST_ELEM entries, each a nest of set. The
// kernel reads every child as an element whatever its type
// (nla_for_each_nested), and libnftnl numbers set elements 1, 2, 3...:
// every type is an NFTA_LIST_ELEM.
func nftList(name string, set *AttrSet) *AttrSpec {
	elem := nest("NFTA_LIST_ELEM", set)
	list := nfSet("NFTA_LIST", genNFTA_LIST, elem)
	list.Default = elem
	return nest(name, list)
}

func init() {
	data := func(name string) *AttrSpec { return nest(name, nftDataAttrs) }
	e := func(n string, set *AttrSet) { nftExprSets[n] = set }
	e("payload", nfSet("NFTA_PAYLOAD", genNFTA_PAYLOAD,
		nftReg("NFTA_PAYLOAD_DREG"), be32e("NFTA_PAYLOAD_BASE", genNFT_PAYLOAD_BASE.names()),
		be32a("NFTA_PAYLOAD_OFFSET"), be32a("NFTA_PAYLOAD_LEN"), nftReg("NFTA_PAYLOAD_SREG"),
		be32e("NFTA_PAYLOAD_CSUM_TYPE", genNFT_PAYLOAD_CSUM.names()), be32a("NFTA_PAYLOAD_CSUM_OFFSET"),
		be32f("NFTA_PAYLOAD_CSUM_FLAGS", genNFT_PAYLOAD_L4CSUM.names())))
	e("cmp", nfSet("NFTA_CMP", genNFTA_CMP,
		nftReg("NFTA_CMP_SREG"), be32e("NFTA_CMP_OP", genNFT_CMP_OP.names()), data("NFTA_CMP_DATA")))
	e("range", nfSet("NFTA_RANGE", genNFTA_RANGE,
		nftReg("NFTA_RANGE_SREG"), be32e("NFTA_RANGE_OP", genNFT_RANGE_OP.names()),
		data("NFTA_RANGE_FROM_DATA"), data("NFTA_RANGE_TO_DATA")))
	e("immediate", nfSet("NFTA_IMMEDIATE", genNFTA_IMMEDIATE, nftReg("NFTA_IMMEDIATE_DREG"), data("NFTA_IMMEDIATE_DATA")))
	e("bitwise", nfSet("NFTA_BITWISE", genNFTA_BITWISE,
		nftReg("NFTA_BITWISE_SREG"), nftReg("NFTA_BITWISE_DREG"), be32a("NFTA_BITWISE_LEN"),
		data("NFTA_BITWISE_MASK"), data("NFTA_BITWISE_XOR"), be32e("NFTA_BITWISE_OP", genNFT_BITWISE_OP.names()),
		data("NFTA_BITWISE_DATA")))
	e("byteorder", nfSet("NFTA_BYTEORDER", genNFTA_BYTEORDER,
		nftReg("NFTA_BYTEORDER_SREG"), nftReg("NFTA_BYTEORDER_DREG"),
		be32e("NFTA_BYTEORDER_OP", genNFT_BYTEORDER_OP.names()), be32a("NFTA_BYTEORDER_LEN"), be32a("NFTA_BYTEORDER_SIZE")))
	e("meta", nfSet("NFTA_META", genNFTA_META,
		nftReg("NFTA_META_DREG"), be32e("NFTA_META_KEY", genNFT_META.names()), nftReg("NFTA_META_SREG")))
	e("rt", nfSet("NFTA_RT", genNFTA_RT, nftReg("NFTA_RT_DREG"), be32e("NFTA_RT_KEY", genNFT_RT.names())))
	e("ct", nfSet("NFTA_CT", genNFTA_CT,
		nftReg("NFTA_CT_DREG"), be32e("NFTA_CT_KEY", genNFT_CT.names()),
		enumA("NFTA_CT_DIRECTION", KindU8, map[uint64]string{0: "IP_CT_DIR_ORIGINAL", 1: "IP_CT_DIR_REPLY"}),
		nftReg("NFTA_CT_SREG")))
	e("lookup", nfSet("NFTA_LOOKUP", genNFTA_LOOKUP,
		strA("NFTA_LOOKUP_SET"), nftReg("NFTA_LOOKUP_SREG"), nftReg("NFTA_LOOKUP_DREG"),
		be32a("NFTA_LOOKUP_SET_ID"), be32f("NFTA_LOOKUP_FLAGS", genNFT_LOOKUP_F.names())))
	e("dynset", nfSet("NFTA_DYNSET", genNFTA_DYNSET,
		strA("NFTA_DYNSET_SET_NAME"), be32a("NFTA_DYNSET_SET_ID"), be32e("NFTA_DYNSET_OP", genNFT_DYNSET_OP.names()),
		nftReg("NFTA_DYNSET_SREG_KEY"), nftReg("NFTA_DYNSET_SREG_DATA"), be64a("NFTA_DYNSET_TIMEOUT"),
		nest("NFTA_DYNSET_EXPR", nftExprAttrs), binA("NFTA_DYNSET_PAD"),
		be32f("NFTA_DYNSET_FLAGS", genNFT_DYNSET_F.names()), nftList("NFTA_DYNSET_EXPRESSIONS", nftExprAttrs)))
	e("counter", nftCounterAttrs)
	e("log", nfSet("NFTA_LOG", genNFTA_LOG,
		be16a("NFTA_LOG_GROUP"), strA("NFTA_LOG_PREFIX"), be32a("NFTA_LOG_SNAPLEN"), be16a("NFTA_LOG_QTHRESHOLD"),
		be32e("NFTA_LOG_LEVEL", genNFT_LOGLEVEL.names()), be32a("NFTA_LOG_FLAGS")))
	e("limit", nfSet("NFTA_LIMIT", genNFTA_LIMIT,
		be64a("NFTA_LIMIT_RATE"), be64a("NFTA_LIMIT_UNIT"), be32a("NFTA_LIMIT_BURST"),
		be32e("NFTA_LIMIT_TYPE", genNFT_LIMIT_TYPE.names()), be32f("NFTA_LIMIT_FLAGS", genNFT_LIMIT_F.names()), binA("NFTA_LIMIT_PAD")))
	e("reject", nfSet("NFTA_REJECT", genNFTA_REJECT,
		be32e("NFTA_REJECT_TYPE", genNFT_REJECT.names()), u8("NFTA_REJECT_ICMP_CODE")))
	nat := []*AttrSpec{be32e("NFTA_NAT_TYPE", genNFT_NAT.names()), be32e("NFTA_NAT_FAMILY", nfprotoNames),
		nftReg("NFTA_NAT_REG_ADDR_MIN"), nftReg("NFTA_NAT_REG_ADDR_MAX"), nftReg("NFTA_NAT_REG_PROTO_MIN"),
		nftReg("NFTA_NAT_REG_PROTO_MAX"), be32f("NFTA_NAT_FLAGS", nfNatRangeFlags)}
	e("nat", nfSet("NFTA_NAT", genNFTA_NAT, nat...))
	e("masq", nfSet("NFTA_MASQ", genNFTA_MASQ, be32f("NFTA_MASQ_FLAGS", nfNatRangeFlags),
		nftReg("NFTA_MASQ_REG_PROTO_MIN"), nftReg("NFTA_MASQ_REG_PROTO_MAX")))
	e("redir", nfSet("NFTA_REDIR", genNFTA_REDIR, nftReg("NFTA_REDIR_REG_PROTO_MIN"),
		nftReg("NFTA_REDIR_REG_PROTO_MAX"), be32f("NFTA_REDIR_FLAGS", nfNatRangeFlags)))
	e("fib", nfSet("NFTA_FIB", genNFTA_FIB, nftReg("NFTA_FIB_DREG"),
		be32e("NFTA_FIB_RESULT", genNFT_FIB_RESULT.names()), be32f("NFTA_FIB_FLAGS", genNFTA_FIB_F.names())))
	e("exthdr", nfSet("NFTA_EXTHDR", genNFTA_EXTHDR, nftReg("NFTA_EXTHDR_DREG"), u8("NFTA_EXTHDR_TYPE"),
		be32a("NFTA_EXTHDR_OFFSET"), be32a("NFTA_EXTHDR_LEN"), be32f("NFTA_EXTHDR_FLAGS", genNFT_EXTHDR_F.names()),
		be32e("NFTA_EXTHDR_OP", genNFT_EXTHDR_OP.names()), nftReg("NFTA_EXTHDR_SREG")))
	e("hash", nfSet("NFTA_HASH", genNFTA_HASH, nftReg("NFTA_HASH_SREG"), nftReg("NFTA_HASH_DREG"),
		be32e("NFTA_HASH_TYPE", genNFT_HASH.names())))
	e("numgen", nfSet("NFTA_NG", genNFTA_NG, nftReg("NFTA_NG_DREG"), be32e("NFTA_NG_TYPE", genNFT_NG.names())))
	e("socket", nfSet("NFTA_SOCKET", genNFTA_SOCKET, be32e("NFTA_SOCKET_KEY", genNFT_SOCKET.names()), nftReg("NFTA_SOCKET_DREG")))
	e("quota", nfSet("NFTA_QUOTA", genNFTA_QUOTA, be64a("NFTA_QUOTA_BYTES"),
		be32f("NFTA_QUOTA_FLAGS", genNFT_QUOTA_F.names()), be64a("NFTA_QUOTA_CONSUMED").tag(TagVolatile)))
	e("connlimit", nfSet("NFTA_CONNLIMIT", genNFTA_CONNLIMIT, be32f("NFTA_CONNLIMIT_FLAGS", genNFT_CONNLIMIT_F.names())))
	e("last", nfSet("NFTA_LAST", genNFTA_LAST, be64a("NFTA_LAST_MSECS").tag(TagVolatile)))
	e("queue", nfSet("NFTA_QUEUE", genNFTA_QUEUE, be16a("NFTA_QUEUE_NUM"), be16a("NFTA_QUEUE_TOTAL"),
		be16a("NFTA_QUEUE_FLAGS"), nftReg("NFTA_QUEUE_SREG_QNUM")))
	e("dup", nfSet("NFTA_DUP", genNFTA_DUP, nftReg("NFTA_DUP_SREG_ADDR"), nftReg("NFTA_DUP_SREG_DEV")))
	e("fwd", nfSet("NFTA_FWD", genNFTA_FWD, nftReg("NFTA_FWD_SREG_DEV"), nftReg("NFTA_FWD_SREG_ADDR"),
		be32e("NFTA_FWD_NFPROTO", nfprotoNames)))
	e("objref", nfSet("NFTA_OBJREF", genNFTA_OBJREF, be32e("NFTA_OBJREF_IMM_TYPE", genNFT_OBJECT.names()),
		strA("NFTA_OBJREF_IMM_NAME"), nftReg("NFTA_OBJREF_SET_SREG"), strA("NFTA_OBJREF_SET_NAME")))
	e("tproxy", nfSet("NFTA_TPROXY", genNFTA_TPROXY, be32e("NFTA_TPROXY_FAMILY", nfprotoNames)))
	e("xfrm", nfSet("NFTA_XFRM", genNFTA_XFRM, be32e("NFTA_XFRM_KEY", genNFT_XFRM_KEY.names())))
	e("osf", nfSet("NFTA_OSF", genNFTA_OSF))
	e("synproxy", nfSet("NFTA_SYNPROXY", genNFTA_SYNPROXY))
	e("flow_offload", nfSet("NFTA_FLOW", genNFTA_FLOW, strA("NFTA_FLOW_TABLE_NAME")))
	e("match", nfSet("NFTA_MATCH", genNFTA_MATCH, strA("NFTA_MATCH_NAME"), binA("NFTA_MATCH_INFO")))
	e("target", nfSet("NFTA_TARGET", genNFTA_TARGET, strA("NFTA_TARGET_NAME"), binA("NFTA_TARGET_INFO")))
	e("notrack", nfSet("NFTA_NONE", nil))
	e("secmark", nfSet("NFTA_SECMARK", genNFTA_SECMARK, strA("NFTA_SECMARK_CTX")))
}

// nfNatRangeFlags names NF_NAT_RANGE_* (linux/netfilter/nf_nat.h).
var nfNatRangeFlags = map[uint64]string{
	1: "NF_NAT_RANGE_MAP_IPS", 2: "NF_NAT_RANGE_PROTO_SPECIFIED", 4: "NF_NAT_RANGE_PROTO_RANDOM",
	8: "NF_NAT_RANGE_PERSISTENT", 16: "NF_NAT_RANGE_PROTO_RANDOM_FULLY", 32: "NF_NAT_RANGE_PROTO_OFFSET",
	64: "NF_NAT_RANGE_NETMAP",
}

var (
	nftRuleAttrs = nfSet("NFTA_RULE", genNFTA_RULE,
		strA("NFTA_RULE_TABLE"),
		strA("NFTA_RULE_CHAIN"),
		be64a("NFTA_RULE_HANDLE").tag(TagVolatile),
		nftList("NFTA_RULE_EXPRESSIONS", nftExprAttrs),
		nest("NFTA_RULE_COMPAT", nfSet("NFTA_RULE_COMPAT", genNFTA_RULE_COMPAT, be32e("NFTA_RULE_COMPAT_PROTO", ipProtoNames),
			be32f("NFTA_RULE_COMPAT_FLAGS", genNFT_RULE_COMPAT_F.names()))),
		be64a("NFTA_RULE_POSITION"),
		binA("NFTA_RULE_USERDATA"),
		binA("NFTA_RULE_PAD"),
		be32a("NFTA_RULE_ID"),
		be32a("NFTA_RULE_POSITION_ID"),
		be32a("NFTA_RULE_CHAIN_ID"),
	)
	nftSetDescAttrs = nfSet("NFTA_SET_DESC", genNFTA_SET_DESC,
		be32a("NFTA_SET_DESC_SIZE"),
		nftList("NFTA_SET_DESC_CONCAT", nfSet("NFTA_SET_FIELD", genNFTA_SET_FIELD, be32a("NFTA_SET_FIELD_LEN"))),
	)
	nftSetAttrs = nfSet("NFTA_SET", genNFTA_SET,
		strA("NFTA_SET_TABLE"),
		strA("NFTA_SET_NAME"),
		be32f("NFTA_SET_FLAGS", genNFT_SET_F.names()),
		customA("NFTA_SET_KEY_TYPE", formatNftType),
		be32a("NFTA_SET_KEY_LEN"),
		customA("NFTA_SET_DATA_TYPE", formatNftType),
		be32a("NFTA_SET_DATA_LEN"),
		be32e("NFTA_SET_POLICY", genNFT_SET_POL.names()),
		nest("NFTA_SET_DESC", nftSetDescAttrs),
		be32a("NFTA_SET_ID"),
		be64a("NFTA_SET_TIMEOUT"),
		be32a("NFTA_SET_GC_INTERVAL"),
		binA("NFTA_SET_USERDATA"),
		binA("NFTA_SET_PAD"),
		be32e("NFTA_SET_OBJ_TYPE", genNFT_OBJECT.names()),
		be64a("NFTA_SET_HANDLE").tag(TagVolatile),
		nest("NFTA_SET_EXPR", nftExprAttrs),
		nftList("NFTA_SET_EXPRESSIONS", nftExprAttrs),
		newer(19, "6.16", strA("NFTA_SET_TYPE")),   // the set backend's name
		newer(20, "6.16", be32a("NFTA_SET_COUNT")), // elements in the set
	)
	nftSetElemListAttrs = nftSetElemListSet(nftSetElemSet(nftDataAttrs, nftDataAttrs))
	// nftObjDataSets maps NFTA_OBJ_TYPE to the set of NFTA_OBJ_DATA.
	nftObjDataSets = map[uint64]*AttrSet{}
	nftObjAttrs    = nfSet("NFTA_OBJ", genNFTA_OBJ,
		strA("NFTA_OBJ_TABLE"),
		strA("NFTA_OBJ_NAME"),
		be32e("NFTA_OBJ_TYPE", genNFT_OBJECT.names()),
		&AttrSpec{Name: "NFTA_OBJ_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
			for i := range s {
				if s[i].Name == "NFTA_OBJ_TYPE" && len(s[i].Data) == 4 {
					return nftObjDataSets[uint64(binary.BigEndian.Uint32(s[i].Data))]
				}
			}
			return nil
		}},
		be32a("NFTA_OBJ_USE"),
		be64a("NFTA_OBJ_HANDLE").tag(TagVolatile),
		binA("NFTA_OBJ_PAD"),
		binA("NFTA_OBJ_USERDATA"),
	)
	nftFlowtableAttrs = nfSet("NFTA_FLOWTABLE", genNFTA_FLOWTABLE,
		strA("NFTA_FLOWTABLE_TABLE"),
		strA("NFTA_FLOWTABLE_NAME"),
		nest("NFTA_FLOWTABLE_HOOK", nfSet("NFTA_FLOWTABLE_HOOK", genNFTA_FLOWTABLE_HOOK,
			be32e("NFTA_FLOWTABLE_HOOK_NUM", genNF_NETDEV.names()),
			customA("NFTA_FLOWTABLE_HOOK_PRIORITY", be32Signed),
			nest("NFTA_FLOWTABLE_HOOK_DEVS", nftDevAttrs))),
		be32a("NFTA_FLOWTABLE_USE"),
		be64a("NFTA_FLOWTABLE_HANDLE").tag(TagVolatile),
		binA("NFTA_FLOWTABLE_PAD"),
		be32f("NFTA_FLOWTABLE_FLAGS", genNFT_FLOWTABLE_F.names()),
	)
	// NFTA_GEN: the ruleset generation and the process that asked; all
	// differ between runs (replay compares without them).
	nftGenAttrs = nfSet("NFTA_GEN", genNFTA_GEN,
		be32a("NFTA_GEN_ID").tag(TagVolatile),
		be32a("NFTA_GEN_PROC_PID").tag(TagVolatile),
		strA("NFTA_GEN_PROC_NAME").tag(TagVolatile),
	)
	nftTraceAttrs = nfSet("NFTA_TRACE", genNFTA_TRACE,
		strA("NFTA_TRACE_TABLE"),
		strA("NFTA_TRACE_CHAIN"),
		be64a("NFTA_TRACE_RULE_HANDLE"),
		be32e("NFTA_TRACE_TYPE", genNFT_TRACETYPE.names()),
		nest("NFTA_TRACE_VERDICT", nftVerdictAttrs),
		be32a("NFTA_TRACE_ID").tag(TagVolatile),
		binA("NFTA_TRACE_LL_HEADER"),
		binA("NFTA_TRACE_NETWORK_HEADER"),
		binA("NFTA_TRACE_TRANSPORT_HEADER"),
		be32a("NFTA_TRACE_IIF"),
		be16a("NFTA_TRACE_IIFTYPE"),
		be32a("NFTA_TRACE_OIF"),
		be16a("NFTA_TRACE_OIFTYPE"),
		be32a("NFTA_TRACE_MARK"),
		be32e("NFTA_TRACE_NFPROTO", nfprotoNames),
		customA("NFTA_TRACE_POLICY", nfVerdict),
		binA("NFTA_TRACE_PAD"),
	)
)

func init() {
	o := func(name string, set *AttrSet) {
		if v, ok := genNFT_OBJECT.value(name); ok {
			nftObjDataSets[v] = set
		}
	}
	o("NFT_OBJECT_COUNTER", nftCounterAttrs)
	o("NFT_OBJECT_QUOTA", nftExprSets["quota"])
	o("NFT_OBJECT_LIMIT", nftExprSets["limit"])
	o("NFT_OBJECT_CONNLIMIT", nftExprSets["connlimit"])
	o("NFT_OBJECT_SYNPROXY", nftExprSets["synproxy"])
	o("NFT_OBJECT_SECMARK", nftExprSets["secmark"])
	o("NFT_OBJECT_CT_HELPER", nfSet("NFTA_CT_HELPER", genNFTA_CT_HELPER, strA("NFTA_CT_HELPER_NAME"),
		be16a("NFTA_CT_HELPER_L3PROTO"), enumA("NFTA_CT_HELPER_L4PROTO", KindU8, ipProtoNames)))
	o("NFT_OBJECT_CT_TIMEOUT", nfSet("NFTA_CT_TIMEOUT", genNFTA_CT_TIMEOUT, be16a("NFTA_CT_TIMEOUT_L3PROTO"),
		enumA("NFTA_CT_TIMEOUT_L4PROTO", KindU8, ipProtoNames)))
	o("NFT_OBJECT_CT_EXPECT", nfSet("NFTA_CT_EXPECT", genNFTA_CT_EXPECT, be16a("NFTA_CT_EXPECT_L3PROTO"),
		enumA("NFTA_CT_EXPECT_L4PROTO", KindU8, ipProtoNames), be16a("NFTA_CT_EXPECT_DPORT"),
		be32a("NFTA_CT_EXPECT_TIMEOUT"), u8("NFTA_CT_EXPECT_SIZE")))
}

// nftSetElemSet returns NFTA_SET_ELEM with keys read by key and data by
// data (NFTA_DATA sets: nftDataAttrs, or typed by the set, see
// nftables_sets.go).
func nftSetElemSet(key, data *AttrSet) *AttrSet {
	return nfSet("NFTA_SET_ELEM", genNFTA_SET_ELEM,
		nest("NFTA_SET_ELEM_KEY", key),
		nest("NFTA_SET_ELEM_DATA", data),
		be32f("NFTA_SET_ELEM_FLAGS", genNFT_SET_ELEM_F.names()),
		be64a("NFTA_SET_ELEM_TIMEOUT"),
		be64a("NFTA_SET_ELEM_EXPIRATION").tag(TagVolatile),
		binA("NFTA_SET_ELEM_USERDATA"),
		nest("NFTA_SET_ELEM_EXPR", nftExprAttrs),
		binA("NFTA_SET_ELEM_PAD"),
		strA("NFTA_SET_ELEM_OBJREF"),
		nest("NFTA_SET_ELEM_KEY_END", key),
		nftList("NFTA_SET_ELEM_EXPRESSIONS", nftExprAttrs),
	)
}

// nftSetElemListSet returns NFTA_SET_ELEM_LIST with elements of elem.
func nftSetElemListSet(elem *AttrSet) *AttrSet {
	return nfSet("NFTA_SET_ELEM_LIST", genNFTA_SET_ELEM_LIST,
		strA("NFTA_SET_ELEM_LIST_TABLE"),
		strA("NFTA_SET_ELEM_LIST_SET"),
		nftList("NFTA_SET_ELEM_LIST_ELEMENTS", elem),
		be32a("NFTA_SET_ELEM_LIST_SET_ID"),
	)
}

// nftMsgAttrs returns the attribute set of an NFT_MSG_* message by the
// object its name says.
func nftMsgAttrs(name string) *AttrSet {
	op := strings.TrimPrefix(name, "NFT_MSG_")
	for _, p := range []string{"NEW", "GET", "DEL", "DESTROY"} {
		op = strings.TrimPrefix(op, p)
	}
	op = strings.TrimSuffix(op, "_RESET")
	switch op {
	case "TABLE":
		return nftTableAttrs
	case "CHAIN":
		return nftChainAttrs
	case "RULE":
		return nftRuleAttrs
	case "SET":
		return nftSetAttrs
	case "SETELEM":
		return nftSetElemListAttrs
	case "GEN":
		return nftGenAttrs
	case "OBJ", "OBJ_RESET":
		return nftObjAttrs
	case "FLOWTABLE":
		return nftFlowtableAttrs
	case "TRACE":
		return nftTraceAttrs
	}
	return nil
}
