package dissect

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAttrValues(t *testing.T) {
	enum := map[uint64]string{1: "ARPHRD_ETHER", 772: "ARPHRD_LOOPBACK"}
	flags := map[uint64]string{0x1: "UP", 0x2: "BROADCAST", 0x8: "LOOPBACK"}
	custom := func(b []byte, order binary.ByteOrder) string { return "custom:" + hexString(b) }
	tests := []struct {
		name    string
		spec    AttrSpec
		netOrd  bool
		data    []byte
		numeric bool
		want    string
	}{
		{"u8", AttrSpec{Kind: KindU8}, false, []byte{200}, false, "200"},
		{"u16", AttrSpec{Kind: KindU16}, false, u16(1500), false, "1500"},
		{"u32", AttrSpec{Kind: KindU32}, false, u32(65536), false, "65536"},
		{"u64", AttrSpec{Kind: KindU64}, false, le.AppendUint64(nil, 1<<40), false, "1099511627776"},
		{"s8", AttrSpec{Kind: KindS8}, false, []byte{0xff}, false, "-1"},
		{"s16", AttrSpec{Kind: KindS16}, false, u16(0xfffe), false, "-2"},
		{"s32", AttrSpec{Kind: KindS32}, false, u32(0xfffffffd), false, "-3"},
		{"s64", AttrSpec{Kind: KindS64}, false, le.AppendUint64(nil, 1<<63), false, "-9223372036854775808"},
		{"be16", AttrSpec{Kind: KindBE16}, false, []byte{0x1f, 0x90}, false, "8080"},
		{"be32", AttrSpec{Kind: KindBE32}, false, []byte{0, 0, 1, 0}, false, "256"},
		{"be64", AttrSpec{Kind: KindBE64}, false, []byte{0, 0, 0, 0, 0, 0, 1, 0}, false, "256"},
		{"net byteorder u16", AttrSpec{Kind: KindU16}, true, []byte{0x1f, 0x90}, false, "8080"},
		{"u32 wrong length is hex", AttrSpec{Kind: KindU32}, false, []byte{1, 2}, false, "0102"},
		{"enum", AttrSpec{Kind: KindU16, Enum: enum}, false, u16(772), false, "ARPHRD_LOOPBACK"},
		{"enum unknown", AttrSpec{Kind: KindU16, Enum: enum}, false, u16(5), false, "5"},
		{"enum numeric", AttrSpec{Kind: KindU16, Enum: enum}, false, u16(1), true, "1"},
		{"signed enum", AttrSpec{Kind: KindS32, Enum: map[uint64]string{0xffffffffffffffff: "MINUS_ONE"}}, false, u32(0xffffffff), false, "MINUS_ONE"},
		{"flags", AttrSpec{Kind: KindU32, Flags: flags}, false, u32(0x4b), false, "UP|BROADCAST|LOOPBACK|0x40"},
		{"flags zero", AttrSpec{Kind: KindU32, Flags: flags}, false, u32(0), false, "0"},
		{"flags numeric", AttrSpec{Kind: KindU32, Flags: flags}, false, u32(0x4b), true, "0x4b"},
		{"string nul", AttrSpec{Kind: KindString}, false, str("eth0"), false, `"eth0"`},
		{"string no nul", AttrSpec{Kind: KindString}, false, []byte("lo"), false, `"lo"`},
		{"string escapes", AttrSpec{Kind: KindString}, false, []byte("a\"\n\xff"), false, `"a\"\n\xff"`},
		{"flag", AttrSpec{Kind: KindFlag}, false, nil, false, ""},
		{"ipv4", AttrSpec{Kind: KindAddr}, false, []byte{192, 0, 2, 1}, false, "192.0.2.1"},
		{"ipv6", AttrSpec{Kind: KindAddr}, false, []byte{0xfe, 0x80, 15: 1}, false, "fe80::1"},
		{"addr odd length", AttrSpec{Kind: KindAddr}, false, []byte{1, 2, 3}, false, "010203"},
		{"mac", AttrSpec{Kind: KindLLAddr}, false, []byte{0, 0x16, 0x3e, 0xaa, 0xbb, 0xcc}, false, "00:16:3e:aa:bb:cc"},
		{"binary", AttrSpec{Kind: KindBinary}, false, []byte{0xde, 0xad}, false, "dead"},
		{"custom", AttrSpec{Kind: KindCustom, Format: custom}, false, []byte{1}, false, "custom:01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tt.spec
			spec.Name = "X"
			set := &AttrSet{Name: "T", Attrs: map[uint16]*AttrSpec{3: &spec}}
			typ := uint16(3)
			if tt.netOrd {
				typ |= nlaFNetByteorder
			}
			ad := attrDecoder{order: le, numeric: tt.numeric, maxDepth: DefaultMaxDepth}
			attrs, rest := ad.decode(nla(typ, tt.data), 0, set, 1)
			if len(attrs) != 1 || rest != nil {
				t.Fatalf("attrs %+v rest %x", attrs, rest)
			}
			a := attrs[0]
			if a.Value != tt.want || a.Name != "X" || a.Type != 3 || a.NetByteOrder != tt.netOrd || a.Problem != "" {
				t.Errorf("got %+v, want value %q", a, tt.want)
			}
		})
	}
}

func TestAttrNesting(t *testing.T) {
	inner := &AttrSet{Name: "IN", Attrs: map[uint16]*AttrSpec{1: {Name: "IN_A", Kind: KindU8}}}
	byKind := map[string]*AttrSet{"veth": inner}
	set := &AttrSet{Name: "OUT", Attrs: map[uint16]*AttrSpec{
		1: {Name: "KIND", Kind: KindString},
		2: {Name: "DATA", Kind: KindNested, Select: func(sib []Attr) *AttrSet {
			for _, s := range sib {
				if s.Name == "KIND" {
					return byKind[cString(s.Data)]
				}
			}
			return nil
		}},
		3: {Name: "NEST", Kind: KindNested, Nested: inner},
	}}
	ad := attrDecoder{order: le, maxDepth: DefaultMaxDepth}
	b := cat(nla(1, str("veth")), nla(2, nla(1, []byte{7})), nla(3, nla(1, []byte{8}), nla(9, []byte{1, 2})),
		nla(4|nlaFNested, nla(1, []byte{5})))
	attrs, rest := ad.decode(b, 20, set, 1)
	if rest != nil {
		t.Fatalf("rest %x", rest)
	}
	type flat struct {
		Path   string
		Offset int
		Value  string
		Nested bool
	}
	var got []flat
	var walk func(p string, as []Attr)
	walk = func(p string, as []Attr) {
		for _, a := range as {
			n := a.Name
			if n == "" {
				n = "?"
			}
			got = append(got, flat{p + n, a.Offset, a.Value, a.Nested})
			walk(p+n+" > ", a.Children)
		}
	}
	walk("", attrs)
	want := []flat{
		{"KIND", 20, `"veth"`, false},
		{"DATA", 32, "", true}, // nesting known from the table, no NLA_F_NESTED
		{"DATA > IN_A", 36, "7", false},
		{"NEST", 44, "", true},
		{"NEST > IN_A", 48, "8", false},
		{"NEST > ?", 56, "0102", false}, // unknown attribute in a known set
		{"?", 64, "", true},             // unknown attribute with NLA_F_NESTED
		{"? > ?", 68, "05", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if p := AttrPath(attrs, 56); p != "NEST > #9" {
		t.Errorf("AttrPath(56) = %q", p)
	}
	if p := AttrPath(attrs, 0); p != "" {
		t.Errorf("AttrPath(0) = %q", p)
	}
}

func TestFormatFlags(t *testing.T) {
	names := map[uint64]string{1: "A", 4: "C"}
	if got := FormatFlags(7, names, false); got != "A|C|0x2" {
		t.Errorf("FormatFlags = %q", got)
	}
	if got := FormatFlags(7, names, true); got != "0x7" {
		t.Errorf("FormatFlags numeric = %q", got)
	}
}

func TestTableFaultsAreProblems(t *testing.T) {
	boom := func() { var m map[string]int; m["x"]++ }
	set := &AttrSet{Name: "F", Attrs: map[uint16]*AttrSpec{
		1: {Name: "F_FORMAT", Kind: KindCustom, Format: func([]byte, binary.ByteOrder) string { boom(); return "" }},
		2: {Name: "F_SELECT", Kind: KindNested, Select: func([]Attr) *AttrSet { boom(); return nil }},
	}}
	ad := attrDecoder{order: le, maxDepth: DefaultMaxDepth}
	attrs, _ := ad.decode(cat(nla(1, []byte{1}), nla(2, nla(1, nil))), 0, set, 1)
	if len(attrs) != 2 || attrs[0].Value != "01" {
		t.Fatalf("attrs = %+v", attrs)
	}
	for _, a := range attrs {
		if a.Problem != "family table fault: Format of F_FORMAT panicked" && a.Problem != "family table fault: Select of F_SELECT panicked" {
			t.Errorf("%s: Problem = %q", a.Name, a.Problem)
		}
	}
	h := &HeaderSpec{Name: "fault", Len: 4, Decode: func([]byte, binary.ByteOrder) []Field { boom(); return nil }}
	if _, ok := safeFields(h, make([]byte, 4), le); ok {
		t.Error("safeFields: ok after a panic")
	}
	var m Message
	m.summarize(func(*Message) string { boom(); return "" })
	if m.Problem != "family table fault: Summary panicked" {
		t.Errorf("summarize: Problem = %q", m.Problem)
	}
}

// TestQuoteString holds quoteString's one-allocation path for printable
// ASCII to strconv.Quote of the string up to its first NUL, byte by byte.
func TestQuoteString(t *testing.T) {
	for c := range 256 {
		for _, b := range [][]byte{{byte(c)}, {'e', 't', 'h', byte(c), '0'}, {'l', 'o', 0, byte(c)}} {
			s := b
			if i := bytes.IndexByte(s, 0); i >= 0 {
				s = s[:i]
			}
			if got, want := quoteString(b), strconv.Quote(string(s)); got != want {
				t.Errorf("quoteString(%q) = %s, want %s", b, got, want)
			}
		}
	}
}

// BenchmarkFlagString names the flag combinations of a link dump (the memo's
// hit path) and, in "many", more combinations than the memo holds.
func BenchmarkFlagString(b *testing.B) {
	names := map[uint64]string{}
	for i := range 20 {
		names[1<<i] = "IFF_" + strconv.Itoa(i)
	}
	for _, c := range []struct {
		name string
		n    uint64
	}{{"few", 8}, {"many", 1 << 14}} {
		b.Run(c.name, func(b *testing.B) {
			v := uint64(0)
			for b.Loop() {
				v++
				if s := flagString(0x1043|v%c.n<<7, names); s == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}

// TestFlagStringMemo asks flagString for more combinations of two tables
// than its memo has slots, twice: every answer is flagStringSlow's, whether
// the slot holds it, another table's same value or another value.
func TestFlagStringMemo(t *testing.T) {
	a := map[uint64]string{1: "A0", 2: "A1", 4: "A2", 8: "A3"}
	b := map[uint64]string{1: "B0", 2: "B1", 4: "B2", 8: "B3"}
	for range 2 {
		for v := uint64(1); v < 3<<flagMemoBits; v++ {
			for _, names := range []map[uint64]string{a, b} {
				if got, want := flagString(v, names), flagStringSlow(v, names); got != want {
					t.Fatalf("flagString(%#x) = %q, want %q", v, got, want)
				}
			}
		}
	}
}
