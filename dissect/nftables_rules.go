package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"sync"
)

// Typed nf_tables rule data. A rule is a list of expressions that load
// packet or meta data into registers (payload, meta, ct, fib...) and
// expressions that compare a register with bytes (cmp, range), mask it
// (bitwise) or fill it with bytes (immediate) for another expression to use
// (nat, meta set...). The kernel keeps those bytes as NFTA_DATA_VALUE
// without a type; nft reads them by the expression that loaded the register
// ("payload load 4b @ network header + 12 => reg 1" of an ip rule is ip
// saddr, an IPv4 address). Decoding a rule message, the Decoder walks
// the rule's expressions over its registers (NFT_REG_1..4, 16 bytes each;
// NFT_REG32_00..15, 4 bytes each, the same storage) and prints each such
// value by the field it is compared with, as nft list ruleset spells the
// field: "10.0.0.1 (ip daddr)", "22 (tcp dport)", "established|related (ct
// state)", "0x00000010 (meta mark)". A value of unknown meaning stays hex.
//
// Header fields are named by the payload base, offset and length (the
// tables below, from nftables src/proto.c and the kernel's struct iphdr,
// ipv6hdr, tcphdr, udphdr, icmphdr, ethhdr); the network header is IPv4 or
// IPv6 by the table's family, and for inet, bridge and netdev tables by the
// rule's earlier "meta nfproto", "meta protocol" or "ether type" match; the
// transport header by an earlier "meta l4proto", "ip protocol" or "ip6
// nexthdr" match. Integers keep their register byte order: header fields
// big-endian, meta and ct values host-endian (the capture's byte order).
// A load shorter than an address is its prefix ("10.1.0.0/16"), one over
// adjacent fields is their concatenation (nft loads "ether saddr ... ether
// type ip" as 8 bytes); a bitwise keeps its source's field. An immediate
// is typed by the expression that later reads its register (nat address
// and ports, redir and masq ports, meta and ct set, payload writes).
//
// The walk runs in MessageSpec.attrsD of NFT_MSG_*RULE: its result (the
// "plan", one field id per expression) picks a rule attribute set whose
// NFTA_LIST_ELEM Select types the i-th expression's data; sets are cached
// by plan, up to maxNftRuleSets. Config.Numeric keeps hex.

// An nftKind says how a register value prints.
type nftKind uint8

const (
	nkIPv4       nftKind = iota + 1 // 4 bytes; fewer: a prefix ("10.1.0.0/16")
	nkIPv6                          // 16 bytes; fewer: a prefix
	nkAddr                          // IPv4 or IPv6 by length
	nkLLAddr                        // aa:bb:cc:dd:ee:ff
	nkEtherType                     // be16, ETH_P_*
	nkBE16                          // ports, lengths
	nkBE32                          //
	nkU8                            //
	nkIPProto                       // IPPROTO_*
	nkNfproto                       // NFPROTO_*
	nkIfname                        // up to IFNAMSIZ bytes, quoted
	nkU16                           // host-endian
	nkU32                           // host-endian
	nkHexU32                        // host-endian, 0x%08x as nft prints marks
	nkArphrd                        // host-endian u16, ARPHRD_*
	nkCtState                       // host-endian bits: NF_CT_STATE_*
	nkCtStatus                      // host-endian bits: IPS_*
	nkCtDir                         // u8: original, reply
	nkTCPFlags                      // u8 bits
	nkICMPType                      //
	nkICMPv6Type                    //
	nkPktType                       // PACKET_*
	nkRtnType                       // host-endian u32: RTN_* (fib type)
)

// What a "cmp eq" on a field tells about the headers of the packet.
const (
	nftSetsL3Nfproto = iota + 1 // the network header by NFPROTO_* (meta nfproto)
	nftSetsL3Ether              // the network header by ethertype (meta protocol, ether type)
	nftSetsL4                   // the transport header by IPPROTO_*
)

// An nftRegField is a value a register can hold.
type nftRegField struct {
	name string  // as nft spells it: "ip saddr"
	kind nftKind //
	size int     // bytes loaded
	sets uint8   // nftSetsL3Nfproto...: what comparing it says
	// parts, when set, are the adjacent header fields of one load
	// (kind 0): nft loads "ether saddr 02:00:00:00:00:01 ether type ip"
	// as the 8 bytes at link header + 6.
	parts []nftRegField
}

func rf(name string, kind nftKind, size int, sets uint8) nftRegField {
	return nftRegField{name: name, kind: kind, size: size, sets: sets}
}

// An nftHdr is a protocol header a payload expression reads.
type nftHdr uint8

const (
	hdrNone nftHdr = iota
	hdrEther
	hdrIPv4
	hdrIPv6
	hdrTCP
	hdrUDP
	hdrUDPLite
	hdrSCTP
	hdrDCCP
	hdrICMP
	hdrICMPv6
)

// nftPayloadFields are the header fields nft names, by header and offset
// (nftables src/proto.c; offsets and lengths in bytes).
var nftPayloadFields = []struct {
	hdr   nftHdr
	off   int
	field nftRegField // its size is the load's length
}{
	{hdrEther, 0, rf("ether daddr", nkLLAddr, 6, 0)},
	{hdrEther, 6, rf("ether saddr", nkLLAddr, 6, 0)},
	{hdrEther, 12, rf("ether type", nkEtherType, 2, nftSetsL3Ether)},
	{hdrIPv4, 2, rf("ip length", nkBE16, 2, 0)},
	{hdrIPv4, 4, rf("ip id", nkBE16, 2, 0)},
	{hdrIPv4, 8, rf("ip ttl", nkU8, 1, 0)},
	{hdrIPv4, 9, rf("ip protocol", nkIPProto, 1, nftSetsL4)},
	{hdrIPv4, 12, rf("ip saddr", nkIPv4, 4, 0)},
	{hdrIPv4, 16, rf("ip daddr", nkIPv4, 4, 0)},
	{hdrIPv6, 4, rf("ip6 length", nkBE16, 2, 0)},
	{hdrIPv6, 6, rf("ip6 nexthdr", nkIPProto, 1, nftSetsL4)},
	{hdrIPv6, 7, rf("ip6 hoplimit", nkU8, 1, 0)},
	{hdrIPv6, 8, rf("ip6 saddr", nkIPv6, 16, 0)},
	{hdrIPv6, 24, rf("ip6 daddr", nkIPv6, 16, 0)},
	{hdrTCP, 0, rf("tcp sport", nkBE16, 2, 0)},
	{hdrTCP, 2, rf("tcp dport", nkBE16, 2, 0)},
	{hdrTCP, 4, rf("tcp sequence", nkBE32, 4, 0)},
	{hdrTCP, 8, rf("tcp ackseq", nkBE32, 4, 0)},
	{hdrTCP, 13, rf("tcp flags", nkTCPFlags, 1, 0)},
	{hdrTCP, 14, rf("tcp window", nkBE16, 2, 0)},
	{hdrUDP, 0, rf("udp sport", nkBE16, 2, 0)},
	{hdrUDP, 2, rf("udp dport", nkBE16, 2, 0)},
	{hdrUDP, 4, rf("udp length", nkBE16, 2, 0)},
	{hdrUDPLite, 0, rf("udplite sport", nkBE16, 2, 0)},
	{hdrUDPLite, 2, rf("udplite dport", nkBE16, 2, 0)},
	{hdrSCTP, 0, rf("sctp sport", nkBE16, 2, 0)},
	{hdrSCTP, 2, rf("sctp dport", nkBE16, 2, 0)},
	{hdrSCTP, 4, rf("sctp vtag", nkBE32, 4, 0)},
	{hdrDCCP, 0, rf("dccp sport", nkBE16, 2, 0)},
	{hdrDCCP, 2, rf("dccp dport", nkBE16, 2, 0)},
	{hdrICMP, 0, rf("icmp type", nkICMPType, 1, 0)},
	{hdrICMP, 1, rf("icmp code", nkU8, 1, 0)},
	{hdrICMP, 4, rf("icmp id", nkBE16, 2, 0)},
	{hdrICMP, 6, rf("icmp sequence", nkBE16, 2, 0)},
	{hdrICMPv6, 0, rf("icmpv6 type", nkICMPv6Type, 1, 0)},
	{hdrICMPv6, 1, rf("icmpv6 code", nkU8, 1, 0)},
	{hdrICMPv6, 4, rf("icmpv6 id", nkBE16, 2, 0)},
	{hdrICMPv6, 6, rf("icmpv6 sequence", nkBE16, 2, 0)},
}

// nftMetaFields are the values of meta keys (enum nft_meta_keys; sizes from
// net/netfilter/nft_meta.c's nft_meta_get_init).
var nftMetaFields = map[string]nftRegField{
	"NFT_META_LEN":           rf("meta length", nkU32, 4, 0),
	"NFT_META_PROTOCOL":      rf("meta protocol", nkEtherType, 2, nftSetsL3Ether),
	"NFT_META_PRIORITY":      rf("meta priority", nkHexU32, 4, 0),
	"NFT_META_MARK":          rf("meta mark", nkHexU32, 4, 0),
	"NFT_META_IIF":           rf("meta iif", nkU32, 4, 0),
	"NFT_META_OIF":           rf("meta oif", nkU32, 4, 0),
	"NFT_META_IIFNAME":       rf("meta iifname", nkIfname, 16, 0),
	"NFT_META_OIFNAME":       rf("meta oifname", nkIfname, 16, 0),
	"NFT_META_IFTYPE":        rf("meta iiftype", nkArphrd, 2, 0), // the header's name of NFT_META_IIFTYPE
	"NFT_META_OIFTYPE":       rf("meta oiftype", nkArphrd, 2, 0),
	"NFT_META_SKUID":         rf("meta skuid", nkU32, 4, 0),
	"NFT_META_SKGID":         rf("meta skgid", nkU32, 4, 0),
	"NFT_META_NFTRACE":       rf("meta nftrace", nkU8, 1, 0),
	"NFT_META_RTCLASSID":     rf("meta rtclassid", nkU32, 4, 0),
	"NFT_META_SECMARK":       rf("meta secmark", nkU32, 4, 0),
	"NFT_META_NFPROTO":       rf("meta nfproto", nkNfproto, 1, nftSetsL3Nfproto),
	"NFT_META_L4PROTO":       rf("meta l4proto", nkIPProto, 1, nftSetsL4),
	"NFT_META_BRI_IIFNAME":   rf("meta ibrname", nkIfname, 16, 0),
	"NFT_META_BRI_OIFNAME":   rf("meta obrname", nkIfname, 16, 0),
	"NFT_META_PKTTYPE":       rf("meta pkttype", nkPktType, 1, 0),
	"NFT_META_CPU":           rf("meta cpu", nkU32, 4, 0),
	"NFT_META_IIFGROUP":      rf("meta iifgroup", nkU32, 4, 0),
	"NFT_META_OIFGROUP":      rf("meta oifgroup", nkU32, 4, 0),
	"NFT_META_CGROUP":        rf("meta cgroup", nkU32, 4, 0),
	"NFT_META_IIFKIND":       rf("meta iifkind", nkIfname, 16, 0),
	"NFT_META_OIFKIND":       rf("meta oifkind", nkIfname, 16, 0),
	"NFT_META_SDIF":          rf("meta sdif", nkU32, 4, 0),
	"NFT_META_SDIFNAME":      rf("meta sdifname", nkIfname, 16, 0),
	"NFT_META_PRANDOM":       rf("meta random", nkU32, 4, 0),
	"NFT_META_BRI_IIFPVID":   rf("meta ibrpvid", nkU16, 2, 0),
	"NFT_META_BRI_IIFVPROTO": rf("meta ibrvproto", nkEtherType, 2, 0),
	"NFT_META_TIME_DAY":      rf("meta day", nkU8, 1, 0),
	"NFT_META_TIME_HOUR":     rf("meta hour", nkU32, 4, 0),
}

// nftCtFields are the values of ct keys (enum nft_ct_keys; sizes from
// net/netfilter/nft_ct.c's nft_ct_get_init). NFT_CT_SRC and NFT_CT_DST are
// 4 or 16 bytes by the conntrack's family.
var nftCtFields = map[string]nftRegField{
	"NFT_CT_STATE":      rf("ct state", nkCtState, 4, 0),
	"NFT_CT_DIRECTION":  rf("ct direction", nkCtDir, 1, 0),
	"NFT_CT_STATUS":     rf("ct status", nkCtStatus, 4, 0),
	"NFT_CT_MARK":       rf("ct mark", nkHexU32, 4, 0),
	"NFT_CT_SECMARK":    rf("ct secmark", nkU32, 4, 0),
	"NFT_CT_EXPIRATION": rf("ct expiration", nkU32, 4, 0),
	"NFT_CT_HELPER":     rf("ct helper", nkIfname, 16, 0), // NF_CT_HELPER_NAME_LEN
	"NFT_CT_L3PROTOCOL": rf("ct l3proto", nkNfproto, 1, 0),
	"NFT_CT_SRC":        rf("ct saddr", nkAddr, 16, 0),
	"NFT_CT_DST":        rf("ct daddr", nkAddr, 16, 0),
	"NFT_CT_PROTOCOL":   rf("ct protocol", nkIPProto, 1, 0),
	"NFT_CT_PROTO_SRC":  rf("ct proto-src", nkBE16, 2, 0),
	"NFT_CT_PROTO_DST":  rf("ct proto-dst", nkBE16, 2, 0),
	"NFT_CT_ZONE":       rf("ct zone", nkU16, 2, 0),
	"NFT_CT_SRC_IP":     rf("ct ip saddr", nkIPv4, 4, 0),
	"NFT_CT_DST_IP":     rf("ct ip daddr", nkIPv4, 4, 0),
	"NFT_CT_SRC_IP6":    rf("ct ip6 saddr", nkIPv6, 16, 0),
	"NFT_CT_DST_IP6":    rf("ct ip6 daddr", nkIPv6, 16, 0),
}

// nftFibFields are the values of fib results (enum nft_fib_result).
var nftFibFields = map[string]nftRegField{
	"NFT_FIB_RESULT_OIF":      rf("fib oif", nkU32, 4, 0),
	"NFT_FIB_RESULT_OIFNAME":  rf("fib oifname", nkIfname, 16, 0),
	"NFT_FIB_RESULT_ADDRTYPE": rf("fib type", nkRtnType, 4, 0),
}

// Names nft gives values of a few kinds (nftables src/ct.c, src/tcp.c,
// src/proto.c, src/meta.c).
var (
	// NF_CT_STATE_INVALID_BIT, NF_CT_STATE_BIT(IP_CT_ESTABLISHED...),
	// NF_CT_STATE_UNTRACKED_BIT (linux/netfilter/nf_conntrack_common.h).
	nftCtStateNames = map[uint64]string{1: "invalid", 2: "established", 4: "related", 8: "new", 64: "untracked"}
	nftCtDirNames   = map[uint64]string{0: "original", 1: "reply"}
	nftTCPFlagNames = map[uint64]string{1: "fin", 2: "syn", 4: "rst", 8: "psh", 16: "ack", 32: "urg", 64: "ecn", 128: "cwr"}
	nftPktTypeNames = map[uint64]string{0: "host", 1: "broadcast", 2: "multicast", 3: "other"}
	nftICMPNames    = map[uint64]string{
		0: "echo-reply", 3: "destination-unreachable", 4: "source-quench", 5: "redirect", 8: "echo-request",
		9: "router-advertisement", 10: "router-solicitation", 11: "time-exceeded", 12: "parameter-problem",
		13: "timestamp-request", 14: "timestamp-reply", 15: "info-request", 16: "info-reply",
		17: "address-mask-request", 18: "address-mask-reply",
	}
	nftICMPv6Names = map[uint64]string{
		1: "destination-unreachable", 2: "packet-too-big", 3: "time-exceeded", 4: "parameter-problem",
		128: "echo-request", 129: "echo-reply", 130: "mld-listener-query", 131: "mld-listener-report",
		132: "mld-listener-done", 133: "nd-router-solicit", 134: "nd-router-advert", 135: "nd-neighbor-solicit",
		136: "nd-neighbor-advert", 137: "nd-redirect", 138: "router-renumbering", 143: "mld2-listener-report",
	}
)

// nftKindValue prints b as a value of kind k loaded as size bytes (mask:
// a bitwise mask or xor, where an address prefix is no prefix).
func nftKindValue(k nftKind, size int, b []byte, order binary.ByteOrder, mask bool) (string, bool) {
	switch k {
	case nkIPv4, nkIPv6, nkAddr:
		n := size
		if k == nkAddr {
			if n = len(b); n != 4 && n != 16 {
				return "", false
			}
		}
		if len(b) == 0 || len(b) > n {
			return "", false
		}
		var a [16]byte
		copy(a[:], b)
		ip := netip.AddrFrom16(a)
		if n == 4 {
			ip = netip.AddrFrom4([4]byte(a[:4]))
		}
		if len(b) < n && !mask {
			return netip.PrefixFrom(ip, 8*len(b)).String(), true
		}
		return ip.String(), true
	case nkIfname:
		if len(b) == 0 || len(b) > size {
			return "", false
		}
		if len(b) < size && indexByte(b, 0) < 0 {
			// Fewer bytes than IFNAMSIZ and no NUL: a prefix match, which
			// nft writes as a wildcard ("eth*").
			return strconv.Quote(string(b) + "*"), true
		}
		return quoteString(b), true
	}
	if len(b) != size {
		return "", false
	}
	switch k {
	case nkLLAddr:
		return llAddr(b), true
	case nkEtherType:
		return enumName(ethPNames, uint64(binary.BigEndian.Uint16(b))), true
	case nkBE16:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint16(b)), 10), true
	case nkBE32:
		return strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 10), true
	case nkU8:
		return strconv.Itoa(int(b[0])), true
	case nkIPProto:
		return enumName(ipProtoNames, uint64(b[0])), true
	case nkNfproto:
		return nfprotoName(b[0]), true
	case nkU16:
		return strconv.FormatUint(uint64(order.Uint16(b)), 10), true
	case nkU32:
		return strconv.FormatUint(uint64(order.Uint32(b)), 10), true
	case nkHexU32:
		s := strconv.FormatUint(uint64(order.Uint32(b)), 16)
		return "0x" + "00000000"[len(s):] + s, true
	case nkArphrd:
		return enumName(arphrdNames, uint64(order.Uint16(b))), true
	case nkCtState:
		return flagString(uint64(order.Uint32(b)), nftCtStateNames), true
	case nkCtStatus:
		return flagString(uint64(order.Uint32(b)), ipsNames), true
	case nkCtDir:
		return enumName(nftCtDirNames, uint64(b[0])), true
	case nkTCPFlags:
		return flagString(uint64(b[0]), nftTCPFlagNames), true
	case nkICMPType:
		return enumName(nftICMPNames, uint64(b[0])), true
	case nkICMPv6Type:
		return enumName(nftICMPv6Names, uint64(b[0])), true
	case nkPktType:
		return enumName(nftPktTypeNames, uint64(b[0])), true
	case nkRtnType:
		return enumName(rtnTypeNames, uint64(order.Uint32(b))), true
	}
	return "", false
}

// format prints a register value compared with (or loaded for) field f:
// the value and the field's name, or hex when b does not fit the field.
func (f *nftRegField) format(b []byte, order binary.ByteOrder, mask bool) string {
	if f.parts == nil {
		v, ok := nftKindValue(f.kind, f.size, b, order, mask)
		if !ok {
			return hexString(b)
		}
		return v + " (" + f.name + ")"
	}
	if len(b) != f.size {
		return hexString(b)
	}
	var out []byte
	for i := range f.parts {
		p := &f.parts[i]
		v, ok := nftKindValue(p.kind, p.size, b[:p.size], order, mask)
		if !ok {
			return hexString(b)
		}
		if i > 0 {
			out = append(out, " . "...)
		}
		out = append(out, v...)
		b = b[p.size:]
	}
	return string(out) + " (" + f.name + ")"
}

// learn updates the network and transport headers known from a "cmp eq"
// of field f with b.
func (f *nftRegField) learn(b []byte, l3, l4 *nftHdr) {
	if f.parts != nil {
		if len(b) == f.size {
			for i := range f.parts {
				f.parts[i].learn(b[:f.parts[i].size], l3, l4)
				b = b[f.parts[i].size:]
			}
		}
		return
	}
	switch {
	case f.sets == nftSetsL3Nfproto && len(b) == 1:
		*l3 = l3Hdr(uint32(b[0]))
	case f.sets == nftSetsL3Ether && len(b) == 2:
		switch binary.BigEndian.Uint16(b) {
		case 0x0800: // ETH_P_IP
			*l3 = hdrIPv4
		case 0x86dd: // ETH_P_IPV6
			*l3 = hdrIPv6
		}
	case f.sets == nftSetsL4 && len(b) == 1:
		*l4 = l4Hdr(b[0])
	}
}

// An nftOp is what the register walk does with an expression.
type nftOp uint8

const (
	opOther nftOp = iota // writes its _DREG attributes with unknown values
	opPayload
	opMeta
	opCt
	opFib
	opCmp
	opRange
	opBitwise
	opImmediate
	opNat
	opMasq
	opRedir
	opTproxy
	opDup
	opFwd
)

// An nftExprInfo is what the walk knows of an expression name.
type nftExprInfo struct {
	op    nftOp
	dregs []uint16 // its attributes that name a destination register
}

// nftRuleTables are the field ids and attribute numbers the register
// walk reads, and the typed attribute sets it hands the decoder. They are
// built on first use (nftTables).
type nftRuleTables struct {
	fields []nftRegField // by field id; 0: no field
	// Field ids: payload fields are 1..len(nftPayloadFields) in table
	// order; meta, ct and fib by key value.
	meta, ct, fib map[uint32]uint8
	joined        map[nftJoinKey]uint8 // loads of adjacent payload fields
	// Fields of registers that an immediate fills for another expression.
	natAddr, tproxyAddr, fwdAddr                  [3]uint8 // by hdrNone, hdrIPv4, hdrIPv6
	natPort, masqPort, redirPort, tproxyPort, dev uint8
	exprs                                         map[string]nftExprInfo
	a                                             nftAttrNums

	mu    sync.RWMutex
	typed [256]*AttrSet       // NFTA_EXPR typed by a field, by field id
	rules map[string]*AttrSet // NFTA_RULE typed by a plan
}

// An nftJoinKey is a payload load: header, offset, length.
type nftJoinKey struct {
	hdr    nftHdr
	off, n uint32
}

// nftAttrNums are the attribute types the walk reads.
type nftAttrNums struct {
	ruleExprs, exprName, exprData, dataValue                               uint16
	payloadDreg, payloadBase, payloadOff, payloadLen, payloadSreg          uint16
	metaDreg, metaKey, metaSreg, ctDreg, ctKey, ctSreg, fibDreg, fibResult uint16
	cmpSreg, cmpOp, cmpData, rangeSreg                                     uint16
	bitSreg, bitDreg, bitLen, bitOp, immDreg, immData                      uint16
	natFamily, natAddrMin, natAddrMax, natProtoMin, natProtoMax            uint16
	masqProtoMin, masqProtoMax, redirProtoMin, redirProtoMax               uint16
	tproxyFamily, tproxyAddr, tproxyPort, dupAddr, dupDev, fwdDev, fwdAddr uint16
	fwdNfproto                                                             uint16
}

// maxNftPlan bounds the expressions of a rule that get typed values;
// maxNftRuleSets bounds the typed rule sets kept (by plan).
const (
	maxNftPlan     = 128
	maxNftRuleSets = 256
)

var nftTables = sync.OnceValue(newNftRuleTables)

func newNftRuleTables() *nftRuleTables {
	t := &nftRuleTables{fields: []nftRegField{{}}, meta: map[uint32]uint8{}, ct: map[uint32]uint8{}, fib: map[uint32]uint8{},
		exprs: map[string]nftExprInfo{}, rules: map[string]*AttrSet{}}
	add := func(f nftRegField) uint8 {
		t.fields = append(t.fields, f)
		return uint8(len(t.fields) - 1)
	}
	for _, p := range nftPayloadFields {
		add(p.field)
	}
	// Loads of adjacent fields of one header, as nft merges them.
	t.joined = map[nftJoinKey]uint8{}
	for i, p := range nftPayloadFields {
		j := nftRegField{name: p.field.name, size: p.field.size, parts: []nftRegField{p.field}}
		for _, q := range nftPayloadFields[i+1:] {
			if q.hdr != p.hdr || q.off != p.off+j.size {
				break
			}
			j = nftRegField{name: j.name + " . " + q.field.name, size: j.size + q.field.size,
				parts: append(j.parts[:len(j.parts):len(j.parts)], q.field)}
			t.joined[nftJoinKey{p.hdr, uint32(p.off), uint32(j.size)}] = add(j)
		}
	}
	byKey := func(dst map[uint32]uint8, g uapiGroup, fields map[string]nftRegField) {
		for _, c := range g { // in header order: stable ids
			if f, ok := fields[c.Name]; ok {
				dst[uint32(c.Value)] = add(f)
			}
		}
	}
	byKey(t.meta, genNFT_META, nftMetaFields)
	byKey(t.ct, genNFT_CT, nftCtFields)
	byKey(t.fib, genNFT_FIB_RESULT, nftFibFields)
	addrs := func(name string) [3]uint8 {
		return [3]uint8{add(rf(name, nkAddr, 16, 0)), add(rf(name, nkIPv4, 4, 0)), add(rf(name, nkIPv6, 16, 0))}
	}
	t.natAddr, t.tproxyAddr, t.fwdAddr = addrs("nat addr"), addrs("tproxy addr"), addrs("fwd addr")
	t.natPort = add(rf("nat port", nkBE16, 2, 0))
	t.masqPort = add(rf("masq port", nkBE16, 2, 0))
	t.redirPort = add(rf("redir port", nkBE16, 2, 0))
	t.tproxyPort = add(rf("tproxy port", nkBE16, 2, 0))
	t.dev = add(rf("device index", nkU32, 4, 0))

	ops := map[string]nftOp{"payload": opPayload, "meta": opMeta, "ct": opCt, "fib": opFib, "cmp": opCmp,
		"range": opRange, "bitwise": opBitwise, "immediate": opImmediate, "nat": opNat, "masq": opMasq,
		"redir": opRedir, "tproxy": opTproxy, "dup": opDup, "fwd": opFwd}
	for name, set := range nftExprSets {
		info := nftExprInfo{op: ops[name]}
		for typ, a := range set.Attrs {
			if containsStr(a.Name, "_DREG") {
				info.dregs = append(info.dregs, typ)
			}
		}
		t.exprs[name] = info
	}
	n := func(g uapiGroup, name string) uint16 { v, _ := g.value(name); return uint16(v) }
	t.a = nftAttrNums{
		ruleExprs: n(genNFTA_RULE, "NFTA_RULE_EXPRESSIONS"), exprName: n(genNFTA_EXPR, "NFTA_EXPR_NAME"),
		exprData: n(genNFTA_EXPR, "NFTA_EXPR_DATA"), dataValue: n(genNFTA_DATA, "NFTA_DATA_VALUE"),
		payloadDreg: n(genNFTA_PAYLOAD, "NFTA_PAYLOAD_DREG"), payloadBase: n(genNFTA_PAYLOAD, "NFTA_PAYLOAD_BASE"),
		payloadOff: n(genNFTA_PAYLOAD, "NFTA_PAYLOAD_OFFSET"), payloadLen: n(genNFTA_PAYLOAD, "NFTA_PAYLOAD_LEN"),
		payloadSreg: n(genNFTA_PAYLOAD, "NFTA_PAYLOAD_SREG"),
		metaDreg:    n(genNFTA_META, "NFTA_META_DREG"), metaKey: n(genNFTA_META, "NFTA_META_KEY"), metaSreg: n(genNFTA_META, "NFTA_META_SREG"),
		ctDreg: n(genNFTA_CT, "NFTA_CT_DREG"), ctKey: n(genNFTA_CT, "NFTA_CT_KEY"), ctSreg: n(genNFTA_CT, "NFTA_CT_SREG"),
		fibDreg: n(genNFTA_FIB, "NFTA_FIB_DREG"), fibResult: n(genNFTA_FIB, "NFTA_FIB_RESULT"),
		cmpSreg: n(genNFTA_CMP, "NFTA_CMP_SREG"), cmpOp: n(genNFTA_CMP, "NFTA_CMP_OP"), cmpData: n(genNFTA_CMP, "NFTA_CMP_DATA"),
		rangeSreg: n(genNFTA_RANGE, "NFTA_RANGE_SREG"),
		bitSreg:   n(genNFTA_BITWISE, "NFTA_BITWISE_SREG"), bitDreg: n(genNFTA_BITWISE, "NFTA_BITWISE_DREG"),
		bitLen: n(genNFTA_BITWISE, "NFTA_BITWISE_LEN"), bitOp: n(genNFTA_BITWISE, "NFTA_BITWISE_OP"),
		immDreg: n(genNFTA_IMMEDIATE, "NFTA_IMMEDIATE_DREG"), immData: n(genNFTA_IMMEDIATE, "NFTA_IMMEDIATE_DATA"),
		natFamily: n(genNFTA_NAT, "NFTA_NAT_FAMILY"), natAddrMin: n(genNFTA_NAT, "NFTA_NAT_REG_ADDR_MIN"),
		natAddrMax: n(genNFTA_NAT, "NFTA_NAT_REG_ADDR_MAX"), natProtoMin: n(genNFTA_NAT, "NFTA_NAT_REG_PROTO_MIN"),
		natProtoMax:  n(genNFTA_NAT, "NFTA_NAT_REG_PROTO_MAX"),
		masqProtoMin: n(genNFTA_MASQ, "NFTA_MASQ_REG_PROTO_MIN"), masqProtoMax: n(genNFTA_MASQ, "NFTA_MASQ_REG_PROTO_MAX"),
		redirProtoMin: n(genNFTA_REDIR, "NFTA_REDIR_REG_PROTO_MIN"), redirProtoMax: n(genNFTA_REDIR, "NFTA_REDIR_REG_PROTO_MAX"),
		tproxyFamily: n(genNFTA_TPROXY, "NFTA_TPROXY_FAMILY"), tproxyAddr: n(genNFTA_TPROXY, "NFTA_TPROXY_REG_ADDR"),
		tproxyPort: n(genNFTA_TPROXY, "NFTA_TPROXY_REG_PORT"),
		dupAddr:    n(genNFTA_DUP, "NFTA_DUP_SREG_ADDR"), dupDev: n(genNFTA_DUP, "NFTA_DUP_SREG_DEV"),
		fwdDev: n(genNFTA_FWD, "NFTA_FWD_SREG_DEV"), fwdAddr: n(genNFTA_FWD, "NFTA_FWD_SREG_ADDR"),
		fwdNfproto: n(genNFTA_FWD, "NFTA_FWD_NFPROTO"),
	}
	return t
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// nftRegs is the register file as the walk knows it: per 4-byte slot
// (NFT_REG32_00..15; NFT_REG_n is slots 4(n-1)..4(n-1)+3), the field of
// the value that starts there, the slots it spans, and the index + 1 of the
// immediate expression that loaded it.
type nftRegs struct {
	field [16]uint8
	width [16]uint8
	imm   [16]int16
}

// nftRegSlot returns the slot where register r (enum nft_registers)
// starts, or -1 for the verdict register or a number the kernel rejects.
func nftRegSlot(r uint32) int {
	switch {
	case r >= 1 && r <= 4: // NFT_REG_1..NFT_REG_4
		return int(r-1) * 4
	case r >= 8 && r <= 23: // NFT_REG32_00..NFT_REG32_15
		return int(r - 8)
	}
	return -1
}

// write records that n bytes of field f (0: unknown) were loaded at slot,
// by the immediate expression imm-1 (0: by another one).
func (rs *nftRegs) write(slot, n int, f uint8, imm int16) {
	if slot < 0 {
		return
	}
	w := min(max((n+3)/4, 1), 16-slot)
	for s := range rs.width {
		if rs.width[s] > 0 && s < slot+w && s+int(rs.width[s]) > slot {
			rs.field[s], rs.width[s], rs.imm[s] = 0, 0, 0
		}
	}
	rs.field[slot], rs.width[slot], rs.imm[slot] = f, uint8(w), imm
}

// at returns the field of the value that starts at slot (0: unknown).
func (rs *nftRegs) at(slot int) uint8 {
	if slot < 0 || rs.width[slot] == 0 {
		return 0
	}
	return rs.field[slot]
}

// An nftExprView is one expression as the walk reads it: its name and
// its attributes by type (the types it reads are small).
type nftExprView struct {
	info nftExprInfo
	attr [16][]byte
	has  uint16
}

func (v *nftExprView) get(t uint16) ([]byte, bool) {
	if t == 0 || t >= 16 || v.has&(1<<t) == 0 {
		return nil, false
	}
	return v.attr[t], true
}

// u32 returns attribute t as a big-endian u32 (netfilter's NLA_BE32).
func (v *nftExprView) u32(t uint16) (uint32, bool) {
	if b, ok := v.get(t); ok && len(b) == 4 {
		return binary.BigEndian.Uint32(b), true
	}
	return 0, false
}

// slot returns the register slot attribute t names (-1: none).
func (v *nftExprView) slot(t uint16) int {
	if r, ok := v.u32(t); ok {
		return nftRegSlot(r)
	}
	return -1
}

// l3Hdr returns the network header of an NFPROTO_* family.
func l3Hdr(nfproto uint32) nftHdr {
	switch nfproto {
	case 2: // NFPROTO_IPV4
		return hdrIPv4
	case 10: // NFPROTO_IPV6
		return hdrIPv6
	}
	return hdrNone
}

// addrIdx is the index of an address field by network header in
// nftRuleTables.natAddr...: 0 IPv4 or IPv6 by length, 1 IPv4, 2 IPv6.
func addrIdx(h nftHdr) int {
	switch h {
	case hdrIPv4:
		return 1
	case hdrIPv6:
		return 2
	}
	return 0
}

// l4Hdr returns the transport header of an IPPROTO_* number.
func l4Hdr(proto byte) nftHdr {
	switch proto {
	case 6:
		return hdrTCP
	case 17:
		return hdrUDP
	case 136:
		return hdrUDPLite
	case 132:
		return hdrSCTP
	case 33:
		return hdrDCCP
	case 1:
		return hdrICMP
	case 58:
		return hdrICMPv6
	}
	return hdrNone
}

// payloadField returns the field at base/off/len of the headers known
// (0: none). A load shorter than an address field at its offset is a
// prefix of it (nft loads the bytes of "ip daddr 10.1.0.0/16" only).
func (t *nftRuleTables) payloadField(base uint32, off, n uint32, l3, l4 nftHdr) uint8 {
	var h nftHdr
	switch base {
	case 0: // NFT_PAYLOAD_LL_HEADER
		h = hdrEther
	case 1: // NFT_PAYLOAD_NETWORK_HEADER
		h = l3
	case 2: // NFT_PAYLOAD_TRANSPORT_HEADER
		h = l4
	}
	if h == hdrNone {
		return 0
	}
	for i, p := range nftPayloadFields {
		if p.hdr != h || uint32(p.off) != off {
			continue
		}
		if uint32(p.field.size) == n || n > 0 && n < uint32(p.field.size) && (p.field.kind == nkIPv4 || p.field.kind == nkIPv6) {
			return uint8(i + 1)
		}
	}
	return t.joined[nftJoinKey{h, off, n}]
}

// view reads one NFTA_LIST_ELEM (an NFTA_EXPR nest).
func (t *nftRuleTables) view(elem []byte, order binary.ByteOrder) (v nftExprView, ok bool) {
	var data []byte
	for a, next := NextAttr(elem, 0, order); next >= 0; a, next = NextAttr(elem, next, order) {
		switch a.Type {
		case t.a.exprName:
			v.info, ok = t.exprs[string(cBytes(a.Payload))]
		case t.a.exprData:
			data = a.Payload
		}
	}
	for a, next := NextAttr(data, 0, order); next >= 0; a, next = NextAttr(data, next, order) {
		if a.Type < 16 {
			v.attr[a.Type], v.has = a.Payload, v.has|1<<a.Type
		}
	}
	return v, ok
}

// dataValue returns NFTA_DATA_VALUE of the NFTA_DATA nest attribute t.
func (t *nftRuleTables) dataValue(v *nftExprView, typ uint16, order binary.ByteOrder) ([]byte, bool) {
	b, ok := v.get(typ)
	if !ok {
		return nil, false
	}
	for a, next := NextAttr(b, 0, order); next >= 0; a, next = NextAttr(b, next, order) {
		if a.Type == t.a.dataValue {
			return a.Payload, true
		}
	}
	return nil, false
}

// plan walks the expressions of a rule (its attributes after nfgenmsg,
// in a table of nfgen family family) and appends to plan, for each
// expression, the field its data is read by (0: none), up to the last
// typed one.
func (t *nftRuleTables) plan(family uint8, attrs []byte, order binary.ByteOrder, plan []uint8) []uint8 {
	var exprs []byte
	lists := 0
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		if a.Type == t.a.ruleExprs {
			exprs, lists = a.Payload, lists+1
		}
	}
	if lists != 1 {
		return plan // none, or more than the plan can tell apart
	}
	start := len(plan)
	var rs nftRegs
	l3, l4 := l3Hdr(uint32(family)), hdrNone
	a := &t.a
	i := 0
	for e, next := NextAttr(exprs, 0, order); next >= 0 && i < maxNftPlan; e, next = NextAttr(exprs, next, order) {
		plan = append(plan, 0)
		v, ok := t.view(e.Payload, order)
		if !ok {
			// An expression the walk does not know: its registers are
			// unknown after it.
			for s := range rs.width {
				rs.field[s], rs.width[s], rs.imm[s] = 0, 0, 0
			}
			i++
			continue
		}
		use := func(slot int, f uint8) { // an expression reads slot as field f
			if slot >= 0 && rs.width[slot] > 0 && rs.imm[slot] > 0 && f != 0 {
				plan[start+int(rs.imm[slot])-1] = f
			}
		}
		switch v.info.op {
		case opPayload:
			base, _ := v.u32(a.payloadBase)
			off, _ := v.u32(a.payloadOff)
			n, _ := v.u32(a.payloadLen)
			f := t.payloadField(base, off, n, l3, l4)
			if d := v.slot(a.payloadDreg); d >= 0 {
				rs.write(d, int(min(n, 64)), f, 0)
			}
			use(v.slot(a.payloadSreg), f)
		case opMeta, opCt, opFib:
			keys, keyAttr, dreg, sreg := t.meta, a.metaKey, a.metaDreg, a.metaSreg
			switch v.info.op {
			case opCt:
				keys, keyAttr, dreg, sreg = t.ct, a.ctKey, a.ctDreg, a.ctSreg
			case opFib:
				keys, keyAttr, dreg, sreg = t.fib, a.fibResult, a.fibDreg, 0
			}
			key, _ := v.u32(keyAttr)
			f := keys[key]
			size := 16
			if f != 0 {
				size = t.fields[f].size
			}
			rs.write(v.slot(dreg), size, f, 0)
			use(v.slot(sreg), f)
		case opCmp:
			s := v.slot(a.cmpSreg)
			f := rs.at(s)
			plan[start+i] = f
			if op, _ := v.u32(a.cmpOp); f != 0 && op == 0 { // NFT_CMP_EQ
				if b, ok := t.dataValue(&v, a.cmpData, order); ok {
					t.fields[f].learn(b, &l3, &l4)
				}
			}
		case opRange:
			plan[start+i] = rs.at(v.slot(a.rangeSreg))
		case opBitwise:
			f := rs.at(v.slot(a.bitSreg))
			n, _ := v.u32(a.bitLen)
			if op, _ := v.u32(a.bitOp); op != 0 { // a shift: another value
				f = 0
			}
			plan[start+i] = f
			rs.write(v.slot(a.bitDreg), int(min(n, 64)), f, 0)
		case opImmediate:
			if d := v.slot(a.immDreg); d >= 0 {
				b, _ := t.dataValue(&v, a.immData, order)
				rs.write(d, len(b), 0, int16(i+1))
			}
		case opNat:
			fam, _ := v.u32(a.natFamily)
			addr := t.natAddr[addrIdx(l3Hdr(fam))]
			use(v.slot(a.natAddrMin), addr)
			use(v.slot(a.natAddrMax), addr)
			use(v.slot(a.natProtoMin), t.natPort)
			use(v.slot(a.natProtoMax), t.natPort)
		case opMasq:
			use(v.slot(a.masqProtoMin), t.masqPort)
			use(v.slot(a.masqProtoMax), t.masqPort)
		case opRedir:
			use(v.slot(a.redirProtoMin), t.redirPort)
			use(v.slot(a.redirProtoMax), t.redirPort)
		case opTproxy:
			fam, _ := v.u32(a.tproxyFamily)
			use(v.slot(a.tproxyAddr), t.tproxyAddr[addrIdx(l3Hdr(fam))])
			use(v.slot(a.tproxyPort), t.tproxyPort)
		case opDup:
			use(v.slot(a.dupAddr), t.fwdAddr[addrIdx(l3Hdr(uint32(family)))])
			use(v.slot(a.dupDev), t.dev)
		case opFwd:
			fam, _ := v.u32(a.fwdNfproto)
			use(v.slot(a.fwdAddr), t.fwdAddr[addrIdx(l3Hdr(fam))])
			use(v.slot(a.fwdDev), t.dev)
		default:
			for _, d := range v.info.dregs {
				rs.write(v.slot(d), 16, 0, 0)
			}
		}
		i++
	}
	for len(plan) > start && plan[len(plan)-1] == 0 {
		plan = plan[:len(plan)-1]
	}
	return plan
}

// exprSet returns NFTA_EXPR whose cmp, range, bitwise or immediate data
// print as field f (t.mu held for writing).
func (t *nftRuleTables) exprSet(f uint8) *AttrSet {
	if s := t.typed[f]; s != nil {
		return s
	}
	fld := &t.fields[f]
	typedData := func(mask bool) *AttrSet {
		return nfSet("NFTA_DATA", genNFTA_DATA,
			customA("NFTA_DATA_VALUE", func(b []byte, order binary.ByteOrder) string { return fld.format(b, order, mask) }),
			nest("NFTA_DATA_VERDICT", nftVerdictAttrs))
	}
	data, mask := typedData(false), typedData(true)
	byName := map[string]*AttrSet{
		"cmp":       withAttrs(nftExprSets["cmp"], nest("NFTA_CMP_DATA", data)),
		"range":     withAttrs(nftExprSets["range"], nest("NFTA_RANGE_FROM_DATA", data), nest("NFTA_RANGE_TO_DATA", data)),
		"bitwise":   withAttrs(nftExprSets["bitwise"], nest("NFTA_BITWISE_MASK", mask), nest("NFTA_BITWISE_XOR", mask)),
		"immediate": withAttrs(nftExprSets["immediate"], nest("NFTA_IMMEDIATE_DATA", data)),
	}
	s := withAttrs(nftExprAttrs, &AttrSpec{Name: "NFTA_EXPR_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
		name := siblingString(s, "NFTA_EXPR_NAME")
		if set := byName[name]; set != nil {
			return set
		}
		return nftExprSets[name]
	}})
	t.typed[f] = s
	return s
}

// ruleSet returns NFTA_RULE whose expressions' data print by plan (the
// field of each expression, by index in NFTA_RULE_EXPRESSIONS).
func (t *nftRuleTables) ruleSet(plan []uint8) *AttrSet {
	t.mu.RLock()
	s := t.rules[string(plan)]
	t.mu.RUnlock()
	if s != nil {
		return s
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s = t.rules[string(plan)]; s != nil {
		return s
	}
	exprs := make([]*AttrSet, len(plan))
	for i, f := range plan {
		if f != 0 {
			exprs[i] = t.exprSet(f)
		}
	}
	elem := &AttrSpec{Name: "NFTA_LIST_ELEM", Kind: KindNested, Nested: nftExprAttrs, Select: func(sib []Attr) *AttrSet {
		if i := len(sib); i < len(exprs) && exprs[i] != nil {
			return exprs[i]
		}
		return nftExprAttrs
	}}
	list := nfSet("NFTA_LIST", genNFTA_LIST, elem)
	list.Default = elem
	s = withAttrs(nftRuleAttrs, nest("NFTA_RULE_EXPRESSIONS", list))
	if len(t.rules) < maxNftRuleSets {
		t.rules[string(plan)] = s
	}
	return s
}

// nftRuleAttrsD is MessageSpec.attrsD of NFT_MSG_*RULE: the rule's
// attribute set with its compared and loaded values typed by the
// expressions that load and use the registers. With Config.Numeric the
// values keep hex (typed, they would print enum and flag names).
func nftRuleAttrsD(d *Decoder, p []byte, order binary.ByteOrder) *AttrSet {
	if len(p) < nfgenmsgHeader.Len || d != nil && d.cfg.Numeric {
		return nil
	}
	t := nftTables()
	var buf [maxNftPlan]uint8
	plan := t.plan(p[0], p[nlaAlign(nfgenmsgHeader.Len):], order, buf[:0])
	if len(plan) == 0 {
		return nil
	}
	return t.ruleSet(plan)
}
