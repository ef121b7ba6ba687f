package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nlcap/nlcap"
)

// familyTest is a netlink protocol number no real family uses; the tests
// register a small nexthop-like table for it so that they do not depend on
// the rtnetlink tables.
const familyTest nlcap.Family = 31

var testNhAttrs = &AttrSet{Name: "NHA", Attrs: map[uint16]*AttrSpec{
	1: {Name: "NHA_ID", Kind: KindU32},
	5: {Name: "NHA_OIF", Kind: KindU32},
	6: {Name: "NHA_GATEWAY", Kind: KindAddr},
	8: {Name: "NHA_NEST", Kind: KindNested, Nested: &AttrSet{Name: "IN", Attrs: map[uint16]*AttrSpec{
		1: {Name: "IN_NAME", Kind: KindString},
	}}},
}}

func init() {
	nh := &HeaderSpec{Name: "nhmsg", Len: 8, Decode: func(b []byte, order binary.ByteOrder) []Field {
		return []Field{{Name: "nh_family", Value: "AF_INET", Raw: uint64(b[0])}}
	}}
	registerFamily(&FamilySpec{
		Family: familyTest,
		Messages: map[uint16]*MessageSpec{
			104: {Name: "TEST_NEWNEXTHOP", Kind: MsgNew, Header: nh, Attrs: testNhAttrs},
			106: {Name: "TEST_GETNEXTHOP", Kind: MsgGet, Header: nh, Attrs: testNhAttrs},
		},
	})
}

func TestFlagNames(t *testing.T) {
	tests := []struct {
		name  string
		flags uint16
		kind  MsgKind
		want  []string
	}{
		{"none", 0, MsgGet, nil},
		{"dump", nlmFRequest | nlmFDump, MsgGet, []string{"REQUEST", "ROOT", "MATCH"}},
		{"get atomic", nlmFRequest | nlmFAtomic, MsgGet, []string{"REQUEST", "ATOMIC"}},
		{"new create excl ack", 0x605, MsgNew, []string{"REQUEST", "ACK", "EXCL", "CREATE"}},
		{"new replace append", 0x901, MsgNew, []string{"REQUEST", "REPLACE", "APPEND"}},
		{"del nonrec bulk", 0x301, MsgDel, []string{"REQUEST", "NONREC", "BULK"}},
		{"ack capped", 0x100, MsgAck, []string{"CAPPED"}},
		{"ack tlvs", 0x200, MsgAck, []string{"ACK_TLVS"}},
		{"multi filtered intr", 0x32, MsgOther, []string{"MULTI", "DUMP_INTR", "DUMP_FILTERED"}},
		{"echo", 0x09, MsgNew, []string{"REQUEST", "ECHO"}},
		{"unknown kind keeps bits", 0x301, MsgOther, []string{"REQUEST", "0x100", "0x200"}},
		{"high bits", 0x8001, MsgGet, []string{"REQUEST", "0x8000"}},
		{"ack bits on get are get bits", 0x300, MsgGet, []string{"ROOT", "MATCH"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FlagNames(tt.flags, tt.kind)); diff != "" {
				t.Errorf("FlagNames(%#x, %d) (-want +got):\n%s", tt.flags, tt.kind, diff)
			}
		})
	}
}

func TestErrnoName(t *testing.T) {
	tests := []struct {
		in         int32
		name, text string
	}{
		{-19, "ENODEV", "No such device"},
		{19, "ENODEV", "No such device"},
		{-95, "EOPNOTSUPP", "Operation not supported"},
		{-524, "ENOTSUPP", "Operation is not supported"},
		{-512, "ERESTARTSYS", "Restart system call"},
		{-133, "EHWPOISON", "Memory page has hardware error"},
		{-4000, "errno 4000", ""},
	}
	for _, tt := range tests {
		n, x := ErrnoName(tt.in)
		if n != tt.name || x != tt.text {
			t.Errorf("ErrnoName(%d) = %q, %q; want %q, %q", tt.in, n, x, tt.name, tt.text)
		}
	}
}

// errNexthopGateway is a hand-made NLMSG_ERROR answering a nexthop request
// (on the test family) with EINVAL and an extended ACK whose
// NLMSGERR_ATTR_OFFS (0x28 = 40) points at NHA_GATEWAY in the echoed request.
//
//	0000  70 00 00 00 02 00 00 02 07 00 00 00 d2 04 00 00  nlmsghdr: len 112, NLMSG_ERROR, ACK_TLVS, seq 7, pid 1234
//	0010  ea ff ff ff                                      error -22 (EINVAL)
//	0014              30 00 00 00 68 00 05 06 07 00 00 00  echoed nlmsghdr: len 48, type 104, REQUEST|ACK|EXCL|CREATE, seq 7
//	0020  00 00 00 00                                      pid 0
//	0024              02 00 00 00 00 00 00 00              nhmsg
//	002c                                      08 00 01 00  NHA_ID (echo offset 24)
//	0030  09 00 00 00
//	0034              08 00 05 00 02 00 00 00              NHA_OIF 2 (echo offset 32)
//	003c                                      08 00 06 00  NHA_GATEWAY (echo offset 40)
//	0040  0a 00 00 01                                      10.0.0.1
//	0044              21 00 01 00 4e 65 78 74 68 6f 70 20  NLMSGERR_ATTR_MSG "Nexthop
//	0050  68 61 73 20 69 6e 76 61 6c 69 64 20 67 61 74 65  has invalid gate
//	0060  77 61 79 2e 00 00 00 00                          way."
//	0068                          08 00 02 00 28 00 00 00  NLMSGERR_ATTR_OFFS 40
var errNexthopGateway = mustHex("700000000200000207000000d2040000eaffffff30000000680005060700000000000000" +
	"020000000000000008000100090000000800050002000000080006000a000001210001004e657874686f702068617320" +
	"696e76616c696420676174657761792e000000000800020028000000")

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func intp(v int) *int { return &v }

func TestErrorExtAck(t *testing.T) {
	d := NewDecoder(nil)
	msgs := d.Decode(rec(familyTest, errNexthopGateway), 0)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Problem != "" {
		t.Errorf("Problem = %q", m.Problem)
	}
	if diff := cmp.Diff([]string{"ACK_TLVS"}, m.FlagNames); diff != "" {
		t.Errorf("FlagNames (-want +got):\n%s", diff)
	}
	if m.Direction != DirAnswer {
		t.Errorf("Direction = %v, want answer", m.Direction)
	}
	e := m.Error
	if e == nil || e.Echo == nil || e.ExtAck == nil {
		t.Fatalf("Error = %+v, want echo and extack", e)
	}
	if e.Errno != 22 || e.Name != "EINVAL" || e.Text != "Invalid argument" || e.Capped || !e.AckTLVs {
		t.Errorf("Error = %+v", e)
	}
	wantX := &ExtAck{Msg: "Nexthop has invalid gateway.", Offset: intp(40), Pointed: "NHA_GATEWAY"}
	if diff := cmp.Diff(wantX, e.ExtAck); diff != "" {
		t.Errorf("ExtAck (-want +got):\n%s", diff)
	}
	if got, want := m.Summary, "EINVAL (Invalid argument): Nexthop has invalid gateway."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	echo := e.Echo
	if echo.TypeName != "TEST_NEWNEXTHOP" || echo.Direction != DirRequest || echo.FixedName != "nhmsg" {
		t.Errorf("echo = %s %v %s", echo.TypeName, echo.Direction, echo.FixedName)
	}
	if diff := cmp.Diff([]string{"REQUEST", "ACK", "EXCL", "CREATE"}, echo.FlagNames); diff != "" {
		t.Errorf("echo FlagNames (-want +got):\n%s", diff)
	}
	var names []string
	for _, a := range echo.Attrs {
		names = append(names, a.Name+"="+a.Value)
	}
	if diff := cmp.Diff([]string{"NHA_ID=9", "NHA_OIF=2", "NHA_GATEWAY=10.0.0.1"}, names); diff != "" {
		t.Errorf("echo attrs (-want +got):\n%s", diff)
	}
	if echo.Offset != 20 {
		t.Errorf("echo Offset = %d, want 20", echo.Offset)
	}

	// The same answer on a family with no table: the echo is decoded as raw
	// attributes after a header of unknown length, so OFFS points at an
	// attribute only by luck; it must at least not fail.
	raw := NewDecoder(nil).Decode(rec(nlcap.Family(25), errNexthopGateway), 0)
	if raw[0].Error == nil || raw[0].Error.ExtAck == nil || raw[0].Error.ExtAck.Msg != wantX.Msg {
		t.Errorf("unknown family: Error = %+v", raw[0].Error)
	}
}

func TestExtAckPointsIntoNest(t *testing.T) {
	// The request's NHA_NEST > IN_NAME is at echo offset 24+4 = 28.
	req := nlmsg(104, 0x405, 9, 0, []byte{2, 0, 0, 0, 0, 0, 0, 0}, nla(8|nlaFNested, nla(1, str("x"))))
	body := cat(le.AppendUint32(nil, uint32(0xffffffea)), req,
		nla(nlmsgerrAttrMsg, str("bad name")), nla(nlmsgerrAttrOffs, u32(28)),
		nla(nlmsgerrAttrMissType, u32(3)), nla(nlmsgerrAttrMissNest, u32(24)), nla(nlmsgerrAttrCookie, []byte{1, 2, 3, 4}))
	m := NewDecoder(nil).Decode(rec(familyTest, nlmsg(2, 0x200, 9, 5, body)), 0)[0]
	x := m.Error.ExtAck
	want := &ExtAck{Msg: "bad name", Offset: intp(28), Pointed: "NHA_NEST > IN_NAME", MissType: intp(3), Cookie: []byte{1, 2, 3, 4},
		MissNest: intp(24), MissNestPointed: "NHA_NEST"}
	if diff := cmp.Diff(want, x); diff != "" {
		t.Errorf("ExtAck (-want +got):\n%s", diff)
	}
}

func TestErrorCappedAndAck(t *testing.T) {
	req := nlmsg(104, 0x605, 3, 0, []byte{2, 0, 0, 0, 0, 0, 0, 0}, nla(5, u32(2)))
	hdr := req[:16]
	tests := []struct {
		name    string
		flags   uint16
		errno   int32
		echo    []byte
		summary string
		capped  bool
	}{
		{"ack capped", nlmFCapped, 0, hdr, "ACK", true},
		{"old kernel ack", 0, 0, hdr, "ACK", false},
		{"error capped", nlmFCapped, -17, hdr, "EEXIST (File exists)", true},
		{"error full echo", 0, -17, req, "EEXIST (File exists)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := nlmsg(nlmsgError, tt.flags, 3, 99, le.AppendUint32(nil, uint32(tt.errno)), tt.echo)
			ms := NewDecoder(nil).Decode(rec(familyTest, b), 0)
			if len(ms) != 1 {
				t.Fatalf("%d messages", len(ms))
			}
			m := ms[0]
			if m.Problem != "" || m.Summary != tt.summary || m.Error.Capped != tt.capped || m.Trailing != nil {
				t.Errorf("got problem %q summary %q capped %v trailing %x", m.Problem, m.Summary, m.Error.Capped, m.Trailing)
			}
			if m.Error.Echo.TypeName != "TEST_NEWNEXTHOP" || m.Error.Echo.Header.Len != 32 {
				t.Errorf("echo %s len %d", m.Error.Echo.TypeName, m.Error.Echo.Header.Len)
			}
			if full := len(tt.echo) > 16; full != (len(m.Error.Echo.Attrs) == 1) {
				t.Errorf("echo attrs %v, full echo %v", m.Error.Echo.Attrs, full)
			}
		})
	}
}

func TestDoneWithError(t *testing.T) {
	tests := []struct {
		name    string
		msg     []byte
		want    *Done
		summary string
	}{
		{"plain", nlmsg(nlmsgDone, nlmFMulti, 1, 2, u32(0)), &Done{}, ""},
		{"error", nlmsg(nlmsgDone, nlmFMulti, 1, 2, le.AppendUint32(nil, uint32(0xfffffffe))),
			&Done{Errno: 2, Name: "ENOENT"}, "ENOENT (No such file or directory)"},
		{"error with extack", nlmsg(nlmsgDone, nlmFMulti|nlmFAckTLVs, 1, 2, le.AppendUint32(nil, uint32(0xffffffb5)),
			nla(nlmsgerrAttrMsg, str("dump interrupted"))),
			&Done{Errno: 75, Name: "EOVERFLOW", ExtAck: &ExtAck{Msg: "dump interrupted"}},
			"EOVERFLOW (Value too large for defined data type): dump interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, tt.msg), 0)[0]
			if diff := cmp.Diff(tt.want, m.Done); diff != "" {
				t.Errorf("Done (-want +got):\n%s", diff)
			}
			if m.Summary != tt.summary || m.TypeName != "NLMSG_DONE" || m.Direction != DirAnswer || m.Problem != "" {
				t.Errorf("summary %q type %s dir %v problem %q", m.Summary, m.TypeName, m.Direction, m.Problem)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	good := nlmsg(106, nlmFRequest|nlmFDump, 1, 0, make([]byte, 8))
	deep := nla(8|nlaFNested, str("leaf"))
	for range DefaultMaxDepth + 4 {
		deep = nla(8|nlaFNested, deep)
	}
	tests := []struct {
		name     string
		data     []byte
		msgs     int
		problem  string // substring of the last message's Problem
		attrProb string // substring of an attribute Problem of message 0
	}{
		{"nlmsg_len past record", cat(good, le.AppendUint32(nil, 200), make([]byte, 12)), 2, "nlmsg_len 200", ""},
		{"nlmsg_len < 16", cat(good, le.AppendUint32(nil, 8), []byte{1, 0, 0, 0}, make([]byte, 8)), 2, "nlmsg_len 8", ""},
		{"zero tail", cat(good, make([]byte, 120)), 1, "", ""},
		{"short zero tail", cat(good, make([]byte, 12)), 1, "", ""},
		{"short non-zero tail", cat(good, []byte{1, 2, 3, 4}), 2, "4 non-zero bytes", ""},
		{"attr len < 4", nlmsg(106, 1, 1, 0, make([]byte, 8), nla(5, u32(1)), []byte{2, 0, 6, 0}), 1, "attribute length 2 < 4", "length 2 < 4"},
		{"attr past parent", nlmsg(106, 1, 1, 0, make([]byte, 8), []byte{40, 0, 5, 0, 1, 0, 0, 0}), 1, "past its parent", "past its parent"},
		{"nested attr past parent", nlmsg(106, 1, 1, 0, make([]byte, 8), nla(8, []byte{12, 0, 1, 0, 'a', 0, 0, 0})), 1, "past its parent", "past its parent"},
		{"nesting deeper than bound", nlmsg(106, 1, 1, 0, make([]byte, 8), deep), 1, "deeper than 40", "deeper than 40"},
		{"fixed header short", nlmsg(106, 1, 1, 0, []byte{2, 0}), 1, "nhmsg needs 8 bytes", ""},
		{"empty", nil, 0, "", ""},
		{"only garbage", []byte{1, 2, 3}, 1, "3 non-zero bytes", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := NewDecoder(nil).Decode(rec(familyTest, tt.data), 3)
			if len(ms) != tt.msgs {
				t.Fatalf("got %d messages, want %d: %+v", len(ms), tt.msgs, ms)
			}
			if tt.msgs == 0 {
				return
			}
			last := ms[len(ms)-1]
			if tt.problem == "" && last.Problem != "" || !strings.Contains(last.Problem, tt.problem) {
				t.Errorf("Problem = %q, want it to contain %q", last.Problem, tt.problem)
			}
			if last.Record != 3 || last.Index != len(ms)-1 {
				t.Errorf("Record/Index = %d/%d", last.Record, last.Index)
			}
			if tt.attrProb != "" {
				if p := firstProblem(ms[0].Attrs); !strings.Contains(p, tt.attrProb) {
					t.Errorf("attribute problem = %q, want %q", p, tt.attrProb)
				}
			}
		})
	}
}

func TestMaxDepthConfig(t *testing.T) {
	deep := nla(1|nlaFNested, nla(1|nlaFNested, nla(1|nlaFNested, nla(2, u32(7)))))
	data := nlmsg(0x30, 0, 0, 0, deep)
	// Too deep: the attributes down to the bound are kept, with a marker
	// (Problem) where the bound cut them, in full and in Brief mode.
	for _, brief := range []bool{false, true} {
		p := NewDecoder(&Config{MaxDepth: 3, Brief: brief}).Decode(rec(nlcap.Family(25), data), 0)[0]
		if len(p.Attrs) != 1 || p.Trailing != nil || !strings.Contains(p.Problem, "nested deeper than 3 levels") {
			t.Errorf("depth 3 brief %v: attrs %v trailing %x problem %q", brief, p.Attrs, p.Trailing, p.Problem)
		}
		if !brief && firstProblem(p.Attrs) == "" {
			t.Errorf("depth 3: no attribute carries the problem: %v", p.Attrs)
		}
	}
	m := NewDecoder(&Config{MaxDepth: 4}).Decode(rec(nlcap.Family(25), data), 0)[0]
	if m.Problem != "" || len(m.Attrs) != 1 || m.Attrs[0].Children[0].Children[0].Children[0].Value != "07000000" {
		t.Errorf("depth 4: %+v", m)
	}
}

func TestUnknownFamily(t *testing.T) {
	attrs := nlmsg(0x42, nlmFRequest, 5, 6, nla(1, u32(3)), nla(2|nlaFNested, nla(1, []byte("ab"))))
	notAttrs := nlmsg(0x42, nlmFRequest, 5, 6, []byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4})
	m := NewDecoder(nil).Decode(rec(nlcap.Family(25), attrs), 0)[0]
	if m.Problem != "" || m.TypeName != "0x42" || len(m.Attrs) != 2 || m.Attrs[0].Value != "03000000" ||
		m.Attrs[1].Children[0].Value != "6162" || !m.Attrs[1].Nested {
		t.Errorf("raw attrs: %+v", m)
	}
	m = NewDecoder(nil).Decode(rec(nlcap.Family(25), notAttrs), 0)[0]
	if m.Problem != "" || m.Attrs != nil || hex.EncodeToString(m.Trailing) != "ffffffff01020304" {
		t.Errorf("hex payload: attrs %v trailing %x problem %q", m.Attrs, m.Trailing, m.Problem)
	}
}

func TestDirection(t *testing.T) {
	get := func(seq, pid uint32) []byte { return nlmsg(106, nlmFRequest, seq, pid, make([]byte, 8)) }
	newReq := func(seq, pid uint32) []byte {
		return nlmsg(104, nlmFRequest|nlmFAck|nlmFCreate, seq, pid, make([]byte, 8))
	}
	reply := func(seq, pid uint32) []byte { return nlmsg(104, 0, seq, pid, make([]byte, 8)) }
	ack := func(seq, pid uint32) []byte { return nlmsg(nlmsgError, nlmFCapped, seq, pid, u32(0), get(seq, 0)[:16]) }
	tests := []struct {
		name string
		recs [][]byte
		want []MessageDirection
	}{
		{"get doit answered", [][]byte{get(1, 0), reply(1, 77)},
			[]MessageDirection{DirRequest, DirAnswer}},
		{"get answered then same seq is notification", [][]byte{get(1, 77), reply(1, 77), reply(1, 77)},
			[]MessageDirection{DirRequest, DirAnswer, DirNotification}},
		{"new request echo is notification", [][]byte{newReq(2, 0), reply(2, 77), ack(2, 77)},
			[]MessageDirection{DirRequest, DirNotification, DirAnswer}},
		{"new request with NLM_F_ECHO is answered", [][]byte{nlmsg(104, nlmFRequest|nlmFEcho, 3, 0, make([]byte, 8)), reply(3, 77), reply(3, 77)},
			[]MessageDirection{DirRequest, DirAnswer, DirNotification}},
		{"unsolicited", [][]byte{reply(0, 0)}, []MessageDirection{DirNotification}},
		{"other pid", [][]byte{get(4, 10), reply(4, 11)}, []MessageDirection{DirRequest, DirNotification}},
		{"other seq", [][]byte{get(4, 0), reply(5, 11)}, []MessageDirection{DirRequest, DirNotification}},
		{"multi", [][]byte{nlmsg(104, nlmFMulti, 9, 9, make([]byte, 8))}, []MessageDirection{DirAnswer}},
		{"multi multicast with pid 0", [][]byte{nlmsg(104, nlmFMulti, 0, 0, make([]byte, 8))}, []MessageDirection{DirNotification}},
		{"error ends the wait", [][]byte{get(6, 0), ack(6, 50), reply(6, 50)},
			[]MessageDirection{DirRequest, DirAnswer, DirNotification}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(nil)
			var got []MessageDirection
			for i, r := range tt.recs {
				for _, m := range d.Decode(rec(familyTest, r), i) {
					got = append(got, m.Direction)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("directions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDirectionCaptures checks the inferred direction on real sequences.
func TestDirectionCaptures(t *testing.T) {
	caps := map[string]testCapture{}
	for _, c := range engineCaptures(t) {
		caps[c.name] = c
	}
	tests := []struct {
		capture string
		record  int
		want    []MessageDirection
	}{
		// genl ctrl list: dump request, then NEWFAMILY parts (MULTI).
		{"genl-ctrl.pcap", 0, []MessageDirection{DirRequest}},
		{"genl-ctrl.pcap", 1, []MessageDirection{DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer, DirAnswer}},
		// genl ctrl get name nlctrl: request with pid 0, answer without
		// MULTI from port id 126.
		{"genl-ctrl.pcap", 4, []MessageDirection{DirRequest}},
		{"genl-ctrl.pcap", 5, []MessageDirection{DirAnswer}},
		// ethtool: GETFAMILY, its answer, the ACK; then a get whose doit
		// answer carries the kernel-assigned port id.
		{"genl-ethtool.pcap", 0, []MessageDirection{DirRequest}},
		{"genl-ethtool.pcap", 1, []MessageDirection{DirAnswer}},
		{"genl-ethtool.pcap", 2, []MessageDirection{DirAnswer}},
		{"genl-ethtool.pcap", 11, []MessageDirection{DirRequest}},
		{"genl-ethtool.pcap", 12, []MessageDirection{DirAnswer}},
		{"genl-ethtool.pcap", 13, []MessageDirection{DirAnswer}},
	}
	decoded := map[string][][]Message{}
	for name, c := range caps {
		d := NewDecoder(nil)
		for i, r := range c.records {
			decoded[name] = append(decoded[name], d.Decode(r, i))
		}
	}
	for _, tt := range tests {
		recs, ok := decoded[tt.capture]
		if !ok || tt.record >= len(recs) {
			t.Fatalf("%s: no record %d", tt.capture, tt.record)
		}
		var got []MessageDirection
		for _, m := range recs[tt.record] {
			got = append(got, m.Direction)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s record %d (-want +got):\n%s", tt.capture, tt.record, diff)
		}
	}
}

func TestCapturesDecodeWithoutProblem(t *testing.T) {
	for _, c := range engineCaptures(t) {
		t.Run(c.name, func(t *testing.T) {
			d := NewDecoder(nil)
			for _, r := range c.records {
				d.Learn(r)
			}
			n := 0
			for i, r := range c.records {
				for _, m := range d.Decode(r, i) {
					n++
					if m.Problem != "" {
						t.Errorf("record %d message %d (%s): %s", i, m.Index, m.TypeName, m.Problem)
					}
					if m.Direction == DirUnknown {
						t.Errorf("record %d message %d: direction unknown", i, m.Index)
					}
					if m.Family == nlcap.FamilyGeneric && m.Header.Type >= nlmsgMinType && m.Genl.FamilyName == "" {
						t.Errorf("record %d message %d: genl family %#x not named", i, m.Index, m.Header.Type)
					}
					if m.Error != nil && m.Error.Echo == nil {
						t.Errorf("record %d message %d: NLMSG_ERROR without echo", i, m.Index)
					}
				}
			}
			if n == 0 {
				t.Fatal("no messages decoded")
			}
		})
	}
}

func TestRealExtAck(t *testing.T) {
	// genl-ethtool record 4: ethtool's LINKMODES_GET answered EOPNOTSUPP
	// with an extended ACK message.
	var c testCapture
	for _, x := range engineCaptures(t) {
		if x.name == "genl-ethtool.pcap" {
			c = x
		}
	}
	d := NewDecoder(nil)
	for _, r := range c.records {
		d.Learn(r)
	}
	m := d.Decode(c.records[4], 4)[0]
	if m.Summary != "EOPNOTSUPP (Operation not supported): failed to retrieve link settings" {
		t.Errorf("Summary = %q", m.Summary)
	}
	e := m.Error
	if e.Capped || !e.AckTLVs || e.Echo.TypeName != "ethtool" || e.Echo.Genl == nil || e.Echo.Genl.Cmd != 4 {
		t.Errorf("Error = %+v, echo %+v", e, e.Echo)
	}
}

func TestGenlLearnPrePass(t *testing.T) {
	var c testCapture
	for _, x := range engineCaptures(t) {
		if x.name == "genl-ethtool.pcap" {
			c = x
		}
	}
	// Record 3 (an ethtool request to id 0x14) placed before record 1 (the
	// nlctrl answer naming 0x14).
	before, lookup := c.records[3], c.records[1]

	single := NewDecoder(nil)
	if got := single.Decode(before, 0)[0].TypeName; got != "genl-0x14" {
		t.Errorf("single pass before lookup: TypeName = %q, want genl-0x14", got)
	}
	single.Decode(lookup, 1)
	if got := single.Decode(before, 2)[0].TypeName; got != "ethtool" {
		t.Errorf("single pass after lookup: TypeName = %q, want ethtool", got)
	}

	pre := NewDecoder(nil)
	pre.Learn(before)
	pre.Learn(lookup)
	if got := pre.Decode(before, 0)[0]; got.TypeName != "ethtool" || got.Genl.FamilyName != "ethtool" {
		t.Errorf("pre-pass: TypeName = %q", got.TypeName)
	}
	fams := pre.GenlFamilies()
	if fams[0x14] != "ethtool" || fams[0x10] != "nlctrl" || fams[0x11] != "VFS_DQUOT" {
		t.Errorf("GenlFamilies = %v", fams)
	}
	fams[0x14] = "changed"
	if pre.GenlFamilies()[0x14] != "ethtool" {
		t.Error("GenlFamilies returned the decoder's own map")
	}
	if g := pre.GenlMcastGroups()["ethtool"]; g[4] != "monitor" {
		t.Errorf("ethtool mcast groups = %v", g)
	}
}

func TestNlctrl(t *testing.T) {
	var c testCapture
	for _, x := range engineCaptures(t) {
		if x.name == "genl-ctrl.pcap" {
			c = x
		}
	}
	d := NewDecoder(nil)
	req := d.Decode(c.records[0], 0)[0]
	if req.Genl.CmdName != "CTRL_CMD_GETFAMILY" || req.TypeName != "nlctrl" {
		t.Errorf("request: %s %s", req.TypeName, req.Genl.CmdName)
	}
	if diff := cmp.Diff([]string{"REQUEST", "ROOT", "MATCH"}, req.FlagNames); diff != "" {
		t.Errorf("request flags (-want +got):\n%s", diff)
	}
	m := d.Decode(c.records[1], 1)[0] // nlctrl describing itself
	if m.Genl.CmdName != "CTRL_CMD_NEWFAMILY" || m.Summary != "nlctrl id 0x10" {
		t.Errorf("answer: %s %q", m.Genl.CmdName, m.Summary)
	}
	byName := map[string]Attr{}
	for _, a := range m.Attrs {
		byName[a.Name] = a
	}
	for name, want := range map[string]string{
		"CTRL_ATTR_FAMILY_NAME": `"nlctrl"`,
		"CTRL_ATTR_FAMILY_ID":   "0x10",
		"CTRL_ATTR_VERSION":     "2",
		"CTRL_ATTR_HDRSIZE":     "0",
	} {
		if got := byName[name].Value; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	type op struct{ ID, Flags string }
	var ops []op
	for _, e := range byName["CTRL_ATTR_OPS"].Children {
		var o op
		for _, f := range e.Children {
			switch f.Name {
			case "CTRL_ATTR_OP_ID":
				o.ID = f.Value
			case "CTRL_ATTR_OP_FLAGS":
				o.Flags = f.Value
			}
		}
		ops = append(ops, o)
	}
	wantOps := []op{{"3", "GENL_CMD_CAP_DO|GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL"}, {"10", "GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL"}}
	if diff := cmp.Diff(wantOps, ops); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
	grp := byName["CTRL_ATTR_MCAST_GROUPS"]
	var groups []string
	for _, e := range grp.Children {
		for _, f := range e.Children {
			groups = append(groups, e.Name+" "+f.Name+"="+f.Value)
		}
	}
	wantGroups := []string{"[1] CTRL_ATTR_MCAST_GRP_ID=16", `[1] CTRL_ATTR_MCAST_GRP_NAME="notify"`}
	if diff := cmp.Diff(wantGroups, groups); diff != "" {
		t.Errorf("mcast groups (-want +got):\n%s", diff)
	}

	numeric := NewDecoder(&Config{Numeric: true}).Decode(c.records[1], 1)[0]
	for _, a := range numeric.Attrs {
		if a.Name == "CTRL_ATTR_OPS" {
			if got := a.Children[0].Children[1].Value; got != "0xe" {
				t.Errorf("numeric op flags = %q, want 0xe", got)
			}
		}
	}
	if numeric.Fixed[0].Value != "1" {
		t.Errorf("numeric cmd = %q", numeric.Fixed[0].Value)
	}
}

func TestNlctrlPolicy(t *testing.T) {
	// A CTRL_CMD_GETPOLICY answer: policy 0, attribute 2 is a
	// NUL_STRING of at most 15 bytes; op 3 uses policy 0 for do and dump.
	body := cat([]byte{ctrlCmdGetPolicy, 1, 0, 0},
		nla(ctrlAttrFamilyID, u16(0x10)),
		nla(ctrlAttrPolicy|nlaFNested, nla(0|nlaFNested, nla(2|nlaFNested,
			nla(1, u32(12)), nla(7, u32(15))))),
		nla(ctrlAttrOpPolicy|nlaFNested, nla(3|nlaFNested, nla(1, u32(0)), nla(2, u32(0)))))
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyGeneric, nlmsg(genlIDCtrl, nlmFMulti, 1, 1, body)), 0)[0]
	if m.Problem != "" {
		t.Fatalf("Problem = %q", m.Problem)
	}
	var paths []string
	var walk func(prefix string, as []Attr)
	walk = func(prefix string, as []Attr) {
		for _, a := range as {
			if len(a.Children) > 0 {
				walk(prefix+a.Name+" > ", a.Children)
				continue
			}
			paths = append(paths, prefix+a.Name+"="+a.Value)
		}
	}
	walk("", m.Attrs)
	want := []string{
		"CTRL_ATTR_FAMILY_ID=0x10",
		"CTRL_ATTR_POLICY > [0] > [2] > NL_POLICY_TYPE_ATTR_TYPE=NL_ATTR_TYPE_NUL_STRING",
		"CTRL_ATTR_POLICY > [0] > [2] > NL_POLICY_TYPE_ATTR_MAX_LENGTH=15",
		"CTRL_ATTR_OP_POLICY > [3] > CTRL_ATTR_POLICY_DO=0",
		"CTRL_ATTR_OP_POLICY > [3] > CTRL_ATTR_POLICY_DUMP=0",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	if m.Summary != "id 0x10" || m.Genl.CmdName != "CTRL_CMD_GETPOLICY" {
		t.Errorf("summary %q cmd %q", m.Summary, m.Genl.CmdName)
	}
}

func TestBigEndian(t *testing.T) {
	// The nlctrl request of ExampleDecoder_Decode as a big-endian host
	// writes it.
	//
	//	0000  00 00 00 20 00 10 00 05 00 00 00 01 00 00 00 00  nlmsghdr
	//	0010  03 01 00 00                                      genlmsghdr
	//	0014              00 0c 00 02 65 74 68 74 6f 6f 6c 00  CTRL_ATTR_FAMILY_NAME "ethtool"
	be := mustHex("0000002000100005000000010000000003010000000c0002657468746f6f6c00")
	lee := mustHex("2000000010000500010000000000000003010000" + "0c000200657468746f6f6c00")
	mb := NewDecoder(nil).Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.BigEndian, Data: be}, 0)
	ml := NewDecoder(nil).Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian, Data: lee}, 0)
	if len(mb) != 1 || len(ml) != 1 {
		t.Fatalf("%d and %d messages", len(mb), len(ml))
	}
	if mb[0].Order != "be" || ml[0].Order != "le" {
		t.Errorf("Order = %q, %q", mb[0].Order, ml[0].Order)
	}
	ignore := cmpopts.IgnoreFields(Message{}, "Data", "Order")
	ignoreAttr := cmpopts.IgnoreFields(Attr{}, "Data")
	if diff := cmp.Diff(ml[0], mb[0], ignore, ignoreAttr); diff != "" {
		t.Errorf("big-endian decode differs from little-endian (-le +be):\n%s", diff)
	}
}

// TestPendingSet holds pendingSet to a map of whole keys: families within
// and past the 32 netlink protocols, pids and sequence numbers that differ
// in one half only, the bound, and copies.
func TestPendingSet(t *testing.T) {
	var s pendingSet
	ref := map[pendingKey]bool{}
	keys := []pendingKey{{0, 1, 2}, {0, 2, 1}, {16, 1, 2}, {31, 0, 0}, {32, 1, 2}, {0xffff, 1, 2}, {0, 0xffffffff, 2}, {0, 1, 0xffffffff}}
	for _, k := range keys {
		s.add(k)
		ref[k] = true
	}
	s.add(keys[0]) // twice: counted once
	if s.n != len(ref) {
		t.Fatalf("n = %d, want %d", s.n, len(ref))
	}
	c := s.clone()
	for _, k := range append(keys, pendingKey{1, 1, 2}, pendingKey{33, 1, 2}) {
		if got := s.take(k); got != ref[k] {
			t.Errorf("take(%v) = %v, want %v", k, got, ref[k])
		}
		if s.take(k) {
			t.Errorf("take(%v) twice", k)
		}
	}
	if s.n != 0 || c.n != len(ref) || !c.take(keys[4]) {
		t.Errorf("after takes: n %d, copy n %d (the copy must keep its keys)", s.n, c.n)
	}
	for i := range maxPending + 1 {
		s.add(pendingKey{family: 0, pid: 1, seq: uint32(i)})
	}
	if s.n != 1 || !s.take(pendingKey{0, 1, maxPending}) {
		t.Errorf("past the bound: n = %d, want the set emptied then the last key", s.n)
	}
}
