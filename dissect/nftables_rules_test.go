package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// Expressions as libnftnl builds them (nftnl_expr_*_build): NFTA_LIST_ELEM
// { NFTA_EXPR_NAME, NFTA_EXPR_DATA { ... } }, registers and numbers as
// NLA_BE32, data as NFTA_DATA { NFTA_DATA_VALUE }.
func nftExpr(name string, attrs ...[]byte) []byte {
	return nestF(1, nla(1, str(name)), nestF(2, attrs...))
}

func nftDataVal(typ uint16, v []byte) []byte { return nestF(typ, nla(1, v)) }

const (
	tReg1, tReg2 = 1, 2 // NFT_REG_1, NFT_REG_2
	tReg32x00    = 8    // NFT_REG32_00
	tReg32x01    = 9    // NFT_REG32_01
)

// payload load: NFTA_PAYLOAD_DREG, _BASE, _OFFSET, _LEN.
func nftPayload(dreg, base, off, n uint32) []byte {
	return nftExpr("payload", nla(1, be32b(dreg)), nla(2, be32b(base)), nla(3, be32b(off)), nla(4, be32b(n)))
}

// meta load (NFTA_META_DREG, _KEY) or set (_KEY, _SREG).
func nftMeta(dreg, key uint32) []byte {
	return nftExpr("meta", nla(1, be32b(dreg)), nla(2, be32b(key)))
}

func nftMetaSet(key, sreg uint32) []byte {
	return nftExpr("meta", nla(2, be32b(key)), nla(3, be32b(sreg)))
}

// cmp: NFTA_CMP_SREG, _OP, _DATA.
func nftCmp(sreg, op uint32, v []byte) []byte {
	return nftExpr("cmp", nla(1, be32b(sreg)), nla(2, be32b(op)), nftDataVal(3, v))
}

func nftImm(dreg uint32, v []byte) []byte {
	return nftExpr("immediate", nla(1, be32b(dreg)), nftDataVal(2, v))
}

// nftRuleMsg builds NFT_MSG_NEWRULE of a table of nfgen family fam.
func nftRuleMsg(fam byte, exprs ...[]byte) []byte {
	return nlmsg(NFNL_SUBSYS_NFTABLES<<8|NFT_MSG_NEWRULE, nlmFRequest|0x400, 1, 0, []byte{fam, 0, 0, 0},
		nla(1, str("t")), nla(2, str("c")), nestF(4, cat(exprs...)))
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// TestNftRuleValues: a rule's compared, masked and loaded bytes print by
// the field the register holds, as nft list ruleset names it: header
// fields by payload base, offset and length with the network header from
// the table's family or an earlier nfproto match and the transport header
// from an earlier l4proto match; meta and ct values in host byte order;
// immediates by the expression that reads them later. Unknown stays hex.
func TestNftRuleValues(t *testing.T) {
	const (
		ll, nh, th           = 0, 1, 2 // NFT_PAYLOAD_*_HEADER
		eq, neq              = 0, 1    // NFT_CMP_EQ, NFT_CMP_NEQ
		mark, iifname        = 3, 6    // NFT_META_*
		nfproto, l4proto     = 15, 16
		ipv4, inet, ip6, brg = 2, 1, 10, 7
	)
	v6 := []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	cases := []struct {
		name string
		msg  []byte
		want []string
	}{
		{"ip saddr, l4proto, tcp dport", nftRuleMsg(ipv4,
			nftPayload(tReg1, nh, 12, 4), nftCmp(tReg1, eq, []byte{10, 0, 0, 1}),
			nftMeta(tReg1, l4proto), nftCmp(tReg1, eq, []byte{6}),
			nftPayload(tReg1, th, 2, 2), nftCmp(tReg1, neq, []byte{0, 22}),
		), []string{"10.0.0.1 (ip saddr)", "IPPROTO_TCP (meta l4proto)", "22 (tcp dport)"}},
		{"ip6 prefix, range of sport", nftRuleMsg(ip6,
			nftPayload(tReg1, nh, 24, 8), nftCmp(tReg1, eq, v6[:8]),
			nftPayload(tReg1, nh, 8, 16), nftCmp(tReg1, eq, v6),
			nftMeta(tReg1, l4proto), nftCmp(tReg1, eq, []byte{17}),
			nftPayload(tReg1, th, 0, 2),
			nftExpr("range", nla(1, be32b(tReg1)), nla(2, be32b(0)), nftDataVal(3, []byte{4, 0}), nftDataVal(4, []byte{0xff, 0xff})),
		), []string{"2001:db8::/64 (ip6 daddr)", "2001:db8::1 (ip6 saddr)", "IPPROTO_UDP (meta l4proto)", "1024 (udp sport)", "65535 (udp sport)"}},
		{"ip daddr 10.16.0.0/12: a mask is an address, not a prefix", nftRuleMsg(ipv4,
			nftPayload(tReg1, nh, 16, 4),
			nftExpr("bitwise", nla(1, be32b(tReg1)), nla(2, be32b(tReg1)), nla(3, be32b(4)),
				nftDataVal(4, []byte{255, 240, 0, 0}), nftDataVal(5, []byte{0, 0, 0, 0})),
			nftCmp(tReg1, eq, []byte{10, 16, 0, 0}),
			nftPayload(tReg1, nh, 16, 3),
			nftExpr("bitwise", nla(1, be32b(tReg1)), nla(2, be32b(tReg1)), nla(3, be32b(3)),
				nftDataVal(4, []byte{255, 255, 240}), nftDataVal(5, []byte{0, 0, 0})),
			nftCmp(tReg1, eq, []byte{10, 1, 16}),
		), []string{"255.240.0.0 (ip daddr)", "0.0.0.0 (ip daddr)", "10.16.0.0 (ip daddr)",
			"255.255.240.0 (ip daddr)", "0.0.0.0 (ip daddr)", "10.1.16.0/24 (ip daddr)"}},
		{"inet: the network header from meta nfproto", nftRuleMsg(inet,
			nftPayload(tReg1, nh, 12, 4), nftCmp(tReg1, eq, []byte{10, 0, 0, 1}), // no nfproto yet: hex
			nftMeta(tReg1, nfproto), nftCmp(tReg1, eq, []byte{10}),
			nftPayload(tReg1, nh, 8, 16), nftCmp(tReg1, eq, v6),
			nftPayload(tReg1, th, 2, 2), nftCmp(tReg1, eq, []byte{0, 22}), // no l4proto: hex
		), []string{"0a000001", "NFPROTO_IPV6 (meta nfproto)", "2001:db8::1 (ip6 saddr)", "0016"}},
		{"bridge: ether type, then ip", nftRuleMsg(brg,
			nftPayload(tReg1, ll, 12, 2), nftCmp(tReg1, eq, []byte{0x08, 0x00}),
			nftPayload(tReg1, ll, 6, 6), nftCmp(tReg1, eq, []byte{2, 0, 0, 0, 0, 1}),
			nftPayload(tReg1, nh, 9, 1), nftCmp(tReg1, eq, []byte{1}),
			nftPayload(tReg1, th, 0, 1), nftCmp(tReg1, eq, []byte{8}),
		), []string{"ETH_P_IP (ether type)", "02:00:00:00:00:01 (ether saddr)", "IPPROTO_ICMP (ip protocol)", "echo-request (icmp type)"}},
		{"ct state bitwise, iifname, meta mark set", nftRuleMsg(inet,
			nftExpr("ct", nla(1, be32b(tReg1)), nla(2, be32b(0))), // NFT_CT_STATE
			nftExpr("bitwise", nla(1, be32b(tReg1)), nla(2, be32b(tReg1)), nla(3, be32b(4)),
				nftDataVal(4, le32(6)), nftDataVal(5, le32(0))),
			nftCmp(tReg1, neq, le32(0)),
			nftMeta(tReg1, iifname), nftCmp(tReg1, eq, []byte("lo\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")),
			nftImm(tReg1, le32(0x10)), nftMetaSet(mark, tReg1),
			nftMeta(tReg1, iifname), nftCmp(tReg1, eq, []byte("eth")), // iifname "eth*"
		), []string{"established|related (ct state)", "0 (ct state)", "0 (ct state)", `"lo" (meta iifname)`, "0x00000010 (meta mark)", `"eth*" (meta iifname)`}},
		{"snat to address and port", nftRuleMsg(inet,
			nftImm(tReg1, []byte{10, 2, 0, 1}), nftImm(tReg2, []byte{0x1f, 0x90}),
			nftExpr("nat", nla(1, be32b(0)), nla(2, be32b(ipv4)), nla(3, be32b(tReg1)), nla(5, be32b(tReg2))),
		), []string{"10.2.0.1 (nat addr)", "8080 (nat port)"}},
		{"32-bit registers", nftRuleMsg(ipv4,
			nftPayload(tReg32x00, nh, 12, 4), nftMeta(tReg32x01, l4proto),
			nftCmp(tReg32x01, eq, []byte{6}), nftCmp(tReg32x00, eq, []byte{1, 2, 3, 4}),
			nftPayload(tReg1, nh, 16, 4), // NFT_REG_1 is NFT_REG32_00..03: 4 bytes leave NFT_REG32_01
			nftCmp(tReg32x01, eq, []byte{6}),
			nftPayload(tReg1, nh, 12, 8), // 8 bytes overwrite it: two fields in one load
			nftCmp(tReg32x01, eq, []byte{6}), nftCmp(tReg1, eq, []byte{1, 2, 3, 4, 5, 6, 7, 8}),
		), []string{"IPPROTO_TCP (meta l4proto)", "1.2.3.4 (ip saddr)", "IPPROTO_TCP (meta l4proto)", "06", "1.2.3.4 . 5.6.7.8 (ip saddr . ip daddr)"}},
		{"bridge: ether saddr and type in one load, as nft merges them", nftRuleMsg(brg,
			nftPayload(tReg1, ll, 6, 8), nftCmp(tReg1, eq, []byte{2, 0, 0, 0, 0, 1, 0x86, 0xdd}),
			nftPayload(tReg1, nh, 6, 1), nftCmp(tReg1, eq, []byte{58}),
			nftPayload(tReg1, th, 0, 2), nftCmp(tReg1, eq, []byte{135, 0}),
			nftPayload(tReg1, th, 0, 3), nftCmp(tReg1, eq, []byte{135, 0, 0}), // no such run of fields
		), []string{"02:00:00:00:00:01 . ETH_P_IPV6 (ether saddr . ether type)", "IPPROTO_ICMPV6 (ip6 nexthdr)",
			"nd-neighbor-solicit . 0 (icmpv6 type . icmpv6 code)", "870000"}},
		{"unknown values stay hex", nftRuleMsg(ipv4,
			nftCmp(tReg1, eq, []byte{1, 2, 3, 4}), // nothing loaded
			nftPayload(tReg1, nh, 12, 4),
			nftExpr("numgen", nla(1, be32b(tReg1)), nla(2, be32b(2)), nla(3, be32b(0))), // overwrites reg 1
			nftCmp(tReg1, eq, le32(1)),
			nftPayload(tReg1, nh, 12, 4), nftCmp(tReg1, eq, []byte{1, 2, 3}), // shorter: a prefix
			nftPayload(tReg2, th, 2, 2), nftCmp(tReg2, eq, []byte{0, 22}), // no l4proto
			nftPayload(tReg1, nh, 16, 4), nftCmp(tReg1, eq, []byte{1, 2, 3, 4, 5}), // longer than the field
			nftPayload(tReg1, nh, 16, 4),
			nftExpr("bitwise", nla(1, be32b(tReg1)), nla(2, be32b(tReg1)), nla(3, be32b(4)), nla(6, be32b(1)), // NFT_BITWISE_LSHIFT
				nftDataVal(7, le32(8))),
			nftCmp(tReg1, eq, []byte{1, 2, 3, 4}),
		), []string{"01020304", "01000000", "1.2.3.0/24 (ip saddr)", "0016", "0102030405", "08000000", "01020304"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, c.msg), 0)[0]
			if m.Problem != "" {
				t.Fatalf("problem: %s", m.Problem)
			}
			if diff := cmp.Diff(c.want, elemValues(t, m)); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
			// Numeric: no names, the bytes in hex as before.
			m = NewDecoder(&Config{Numeric: true}).Decode(rec(nlcap.FamilyNetfilter, c.msg), 0)[0]
			for _, v := range elemValues(t, m) {
				if _, err := hex.DecodeString(v); err != nil {
					t.Errorf("numeric: value %q is not hex", v)
				}
			}
		})
	}
}

// TestNftRuleBounds: a rule with more expressions than maxNftPlan types the
// first maxNftPlan only; two NFTA_RULE_EXPRESSIONS lists type none; the
// typed sets kept stay under maxNftRuleSets however many plans a capture
// has.
func TestNftRuleBounds(t *testing.T) {
	load := nftPayload(tReg1, 1, 12, 4)
	cmpv := nftCmp(tReg1, 0, []byte{10, 0, 0, 1})
	var exprs [][]byte
	for range maxNftPlan {
		exprs = append(exprs, load, cmpv)
	}
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nftRuleMsg(2, exprs...)), 0)[0]
	got := elemValues(t, m)
	if len(got) != maxNftPlan {
		t.Fatalf("%d values, want %d", len(got), maxNftPlan)
	}
	if got[maxNftPlan/2-1] != "10.0.0.1 (ip saddr)" || got[maxNftPlan/2] != "0a000001" {
		t.Errorf("values %d and %d: %q %q", maxNftPlan/2-1, maxNftPlan/2, got[maxNftPlan/2-1], got[maxNftPlan/2])
	}

	list := nestF(4, cat(load, cmpv))
	two := nlmsg(NFNL_SUBSYS_NFTABLES<<8|NFT_MSG_NEWRULE, nlmFRequest, 1, 0, []byte{2, 0, 0, 0}, list, list)
	m = NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, two), 0)[0]
	if diff := cmp.Diff([]string{"0a000001", "0a000001"}, elemValues(t, m)); diff != "" {
		t.Errorf("two expression lists (-want +got):\n%s", diff)
	}

	d := NewDecoder(nil)
	pad := nftExpr("counter")
	for i := range 3 * maxNftRuleSets {
		var es [][]byte
		for range i % (maxNftPlan - 2) {
			es = append(es, pad)
		}
		key := []uint32{2, 16, 15}[i/(maxNftPlan-2)%3] // meta priority, l4proto, nfproto
		es = append(es, nftMeta(tReg1, uint32(key)), nftCmp(tReg1, 0, []byte{6}))
		d.Decode(rec(nlcap.FamilyNetfilter, nftRuleMsg(2, es...)), i)
	}
	tab := nftTables()
	tab.mu.RLock()
	n := len(tab.rules)
	tab.mu.RUnlock()
	if n > maxNftRuleSets || n < maxNftRuleSets/2 {
		t.Errorf("%d typed rule sets kept, want at most %d (and many)", n, maxNftRuleSets)
	}
}

// TestNftRuleFieldIDs: field ids are bytes (plans are strings of them).
func TestNftRuleFieldIDs(t *testing.T) {
	tab := nftTables()
	if n := len(tab.fields); n > 256 || n < len(nftPayloadFields)+len(nftMetaFields)+len(nftCtFields) {
		t.Errorf("%d fields", n)
	}
	for k, f := range tab.joined {
		if fld := tab.fields[f]; len(fld.parts) < 2 || fld.size != int(k.n) {
			t.Errorf("joined %+v: %+v", k, fld)
		}
	}
}

// TestNftRuleKeyNames: the key tables name keys the headers have.
func TestNftRuleKeyNames(t *testing.T) {
	for _, k := range []struct {
		g      uapiGroup
		fields map[string]nftRegField
	}{{genNFT_META, nftMetaFields}, {genNFT_CT, nftCtFields}, {genNFT_FIB_RESULT, nftFibFields}} {
		for name := range k.fields {
			if _, ok := k.g.value(name); !ok {
				t.Errorf("no key %s in the headers", name)
			}
		}
	}
}

// nlToBE rewrites the headers of a message the little-endian builders made
// (nlmsghdr, nfgenmsg's neighbours, every nlattr; nests are those with
// NLA_F_NESTED) as a big-endian host writes them; payloads stay.
func nlToBE(m []byte) []byte {
	out := append([]byte(nil), m...)
	be := binary.BigEndian
	be.PutUint32(out, le.Uint32(m))
	be.PutUint16(out[4:], le.Uint16(m[4:]))
	be.PutUint16(out[6:], le.Uint16(m[6:]))
	be.PutUint32(out[8:], le.Uint32(m[8:]))
	be.PutUint32(out[12:], le.Uint32(m[12:]))
	var attrs func(b []byte)
	attrs = func(b []byte) {
		for len(b) >= 4 {
			l, typ := le.Uint16(b), le.Uint16(b[2:])
			be.PutUint16(b, l)
			be.PutUint16(b[2:], typ)
			if typ&0x8000 != 0 {
				attrs(b[4:l])
			}
			b = b[min(len(b), (int(l)+3)&^3):]
		}
	}
	attrs(out[20:]) // after nlmsghdr and nfgenmsg
	return out
}

// TestNftRuleHostOrder: meta and ct values are in the byte order of the
// host that made the capture (the register holds them as the CPU does).
func TestNftRuleHostOrder(t *testing.T) {
	const iftype, mark = 8, 3 // NFT_META_IFTYPE, NFT_META_MARK
	msg := nftRuleMsg(1,
		nftExpr("ct", nla(1, be32b(tReg1)), nla(2, be32b(0))), // NFT_CT_STATE
		nftExpr("bitwise", nla(1, be32b(tReg1)), nla(2, be32b(tReg1)), nla(3, be32b(4)),
			nftDataVal(4, []byte{0, 0, 0, 6}), nftDataVal(5, []byte{0, 0, 0, 0})),
		nftMeta(tReg1, iftype), nftCmp(tReg1, 0, []byte{0, 1}),
		nftImm(tReg1, []byte{0, 0, 0, 0x10}), nftMetaSet(mark, tReg1),
	)
	for _, c := range []struct {
		order binary.ByteOrder
		data  []byte
		want  []string
	}{
		{binary.BigEndian, nlToBE(msg), []string{"established|related (ct state)", "0 (ct state)", "ARPHRD_ETHER (meta iiftype)", "0x00000010 (meta mark)"}},
		{binary.LittleEndian, msg, []string{"0x6000000 (ct state)", "0 (ct state)", "ARPHRD_SLIP (meta iiftype)", "0x10000000 (meta mark)"}},
	} {
		m := NewDecoder(nil).Decode(nlcap.Record{Family: nlcap.FamilyNetfilter, ByteOrder: c.order, Data: c.data}, 0)[0]
		if m.Problem != "" {
			t.Fatalf("%v: %s", c.order, m.Problem)
		}
		if diff := cmp.Diff(c.want, elemValues(t, m)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", c.order, diff)
		}
	}
}
