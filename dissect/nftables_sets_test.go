package dissect

import (
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// nftSetMsg builds NFT_MSG_NEWSET as nft 1.0 sends it in a batch
// (libnftnl's nftnl_set_nlmsg_build_payload): table, name, flags, key
// type and length, data type and length when a map, set id.
func nftSetMsg(table, name string, key, keyLen, data, id uint32) []byte {
	attrs := cat(nla(1, str(table)), nla(2, str(name)), nla(3, be32b(0)), nla(4, be32b(key)), nla(5, be32b(keyLen)))
	if data != 0 {
		attrs = cat(attrs, nla(6, be32b(data)), nla(7, be32b(16)))
	}
	attrs = cat(attrs, nla(10, be32b(id)))                                          // NFTA_SET_ID
	return nlmsg(nftNewSetType, nlmFRequest|0x400, 1, 0, []byte{2, 0, 0, 0}, attrs) // NFPROTO_IPV4, NLM_F_CREATE
}

// nftElemMsg builds NFT_MSG_NEWSETELEM with one element per key (and its
// data when given), as libnftnl's nftnl_set_elems_nlmsg_build_payload.
func nftElemMsg(table, set string, id uint32, elems ...[2][]byte) []byte {
	var list []byte
	for i, e := range elems {
		el := nestF(1, nla(1, e[0])) // NFTA_SET_ELEM_KEY { NFTA_DATA_VALUE }
		if e[1] != nil {
			el = cat(el, nestF(2, nla(1, e[1]))) // NFTA_SET_ELEM_DATA
		}
		list = append(list, nestF(uint16(i+1), el)...) // NFTA_LIST_ELEM, numbered as libnftnl does
	}
	typ := uint16(nftNewSetType + 3) // NFT_MSG_NEWSETELEM
	return nlmsg(typ, nlmFRequest|0x400, 2, 0, []byte{2, 0, 0, 0},
		nla(1, str(table)), nla(2, str(set)), nestF(3, list), nla(4, be32b(id)))
}

// elemValues returns the NFTA_DATA_VALUE values of a decoded element list.
func elemValues(t *testing.T, m Message) []string {
	t.Helper()
	var out []string
	var walk func([]Attr)
	walk = func(as []Attr) {
		for _, a := range as {
			if a.Name == "NFTA_DATA_VALUE" {
				out = append(out, a.Value)
			}
			walk(a.Children)
		}
	}
	walk(m.Attrs)
	return out
}

// TestNftSetElemTypes: elements print by the key and data types of the
// set an earlier NFT_MSG_NEWSET gave, concatenations field by field in
// their registers, anonymous sets ("__set%d") by their set id; a set not
// seen, or a key of the wrong length, keeps hex.
func TestNftSetElemTypes(t *testing.T) {
	const (
		ipv4, ip6, port, mark, ifname, proto = 7, 8, 13, 19, 41, 12
	)
	concat := uint32(ipv4<<nftTypeBits | port)
	r := func(data ...[]byte) nlcap.Record { return rec(nlcap.FamilyNetfilter, data...) }
	d := NewDecoder(nil)
	// Before the set: hex.
	before := d.Decode(r(nftElemMsg("t", "s", 0, [2][]byte{{10, 0, 0, 1}, nil})), 0)
	if got := elemValues(t, before[0]); len(got) != 1 || got[0] != "0a000001" {
		t.Errorf("before NEWSET: %q, want hex", got)
	}
	d.Decode(r(
		nftSetMsg("t", "s", ipv4, 4, 0, 1),
		nftSetMsg("t", "c", concat, 8, nftDataVerdict, 2),
		nftSetMsg("t", "__set%d", port, 2, 0, 7),
		nftSetMsg("t", "__set%d", ip6, 16, 0, 8),
		nftSetMsg("t", "m", mark, 4, ifname, 3),
		nftSetMsg("t", "p", proto, 1, 0, 4),
	), 1)
	v6 := []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	cases := []struct {
		name string
		msg  []byte
		want []string
	}{
		{"ipv4_addr", nftElemMsg("t", "s", 0, [2][]byte{{10, 0, 0, 1}, nil}, [2][]byte{{192, 168, 1, 2}, nil}), []string{"10.0.0.1", "192.168.1.2"}},
		{"concat, verdict map", nftElemMsg("t", "c", 0, [2][]byte{{10, 0, 0, 1, 0, 22, 0, 0}, nil}), []string{"10.0.0.1 . 22"}},
		{"anonymous by id", nftElemMsg("t", "__set%d", 7, [2][]byte{{0, 80}, nil}), []string{"80"}},
		{"other anonymous set", nftElemMsg("t", "__set%d", 8, [2][]byte{v6, nil}), []string{"2001:db8::1"}},
		{"map mark : ifname", nftElemMsg("t", "m", 0, [2][]byte{le.AppendUint32(nil, 0x2a), pad16("eth0")}), []string{"0x2a", `"eth0"`}},
		{"inet_proto", nftElemMsg("t", "p", 0, [2][]byte{{6}, nil}), []string{"IPPROTO_TCP"}},
		{"wrong length", nftElemMsg("t", "s", 0, [2][]byte{{10, 0, 0}, nil}), []string{"0a0000"}},
		{"concat padding wrong", nftElemMsg("t", "c", 0, [2][]byte{{10, 0, 0, 1, 0, 22}, nil}), []string{"0a0000010016"}},
		{"unknown set", nftElemMsg("t", "nope", 0, [2][]byte{{1, 2, 3, 4}, nil}), []string{"01020304"}},
		{"other family", func() []byte {
			m := nftElemMsg("t", "s", 0, [2][]byte{{1, 2, 3, 4}, nil})
			m[16] = 10 // NFPROTO_IPV6: another table of the same name
			return m
		}(), []string{"01020304"}},
	}
	for _, c := range cases {
		ms := d.Decode(r(c.msg), 2)
		if got := elemValues(t, ms[0]); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A State carries the sets.
	d2 := NewDecoder(nil)
	d2.SetState(d.State())
	if got := elemValues(t, d2.Decode(r(cases[0].msg), 3)[0]); len(got) != 2 || got[0] != "10.0.0.1" {
		t.Errorf("after SetState: %q", got)
	}
}

// TestNftSetTypeNames: NFTA_SET_KEY_TYPE and _DATA_TYPE print nft's type
// names, concatenations joined as nft joins them.
func TestNftSetTypeNames(t *testing.T) {
	for _, c := range []struct {
		v    uint32
		want string
	}{
		{7, "TYPE_IPADDR"},
		{7<<nftTypeBits | 13, "TYPE_IPADDR . TYPE_INET_SERVICE"},
		{8<<(2*nftTypeBits) | 12<<nftTypeBits | 13, "TYPE_IP6ADDR . TYPE_INET_PROTOCOL . TYPE_INET_SERVICE"},
		{nftDataVerdict, "NFT_DATA_VERDICT"},
		{0, "TYPE_INVALID"},
		{63, "63"},
	} {
		if got := formatNftType(be32b(c.v), le); got != c.want {
			t.Errorf("%#x: %q, want %q", c.v, got, c.want)
		}
	}
}

func pad16(s string) []byte {
	b := make([]byte, 16)
	copy(b, s)
	return b
}

// TestNftSetsState: a State is a snapshot of the set table: a set learned
// after it is not in it, and a Decoder given it learns without changing
// the table of the Decoder that took it.
func TestNftSetsState(t *testing.T) {
	r := func(data ...[]byte) nlcap.Record { return rec(nlcap.FamilyNetfilter, data...) }
	d := NewDecoder(nil)
	d.Decode(r(nftSetMsg("t", "a", 7, 4, 0, 1)), 0)
	s := d.State()
	d.Decode(r(nftSetMsg("t", "b", 7, 4, 0, 2)), 1)
	w := NewDecoder(nil)
	w.SetState(s)
	if got := elemValues(t, w.Decode(r(nftElemMsg("t", "b", 0, [2][]byte{{10, 0, 0, 1}, nil})), 2)[0]); got[0] != "0a000001" {
		t.Errorf("a set learned after the State: %q, want hex", got)
	}
	if got := elemValues(t, w.Decode(r(nftElemMsg("t", "a", 0, [2][]byte{{10, 0, 0, 1}, nil})), 3)[0]); got[0] != "10.0.0.1" {
		t.Errorf("a set learned before the State: %q, want 10.0.0.1", got)
	}
	w.Decode(r(nftSetMsg("t", "c", 7, 4, 0, 3)), 4)
	if _, ok := d.nftSets[nftSetRef{family: 2, table: "t", name: "c"}]; ok {
		t.Error("a set the State's Decoder learned reached the Decoder that took the State")
	}
}

// TestNftSetElemNumeric: with Config.Numeric set elements keep hex, as
// typed rule data does (nlcap -n).
func TestNftSetElemNumeric(t *testing.T) {
	r := func(data ...[]byte) nlcap.Record { return rec(nlcap.FamilyNetfilter, data...) }
	d := NewDecoder(&Config{Numeric: true})
	d.Decode(r(nftSetMsg("t", "s", 7, 4, 0, 1)), 0)
	got := elemValues(t, d.Decode(r(nftElemMsg("t", "s", 0, [2][]byte{{10, 0, 0, 1}, nil})), 1)[0])
	if len(got) != 1 || got[0] != "0a000001" {
		t.Errorf("-n: %q, want hex", got)
	}
}
