package replay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/pcap"
)

// liveCopy returns the request messages of e as code under test would send
// them: with its own seq and the nltest port id.
func liveCopy(e *Exchange, seq uint32) []netlink.Message {
	var out []netlink.Message
	for i, m := range e.Messages {
		m.Data = slices.Clone(m.Data)
		m.Header.Sequence = seq + uint32(i)
		m.Header.PID = nltest.PID
		out = append(out, m)
	}
	return out
}

// TestMockReplaysCaptures sends every recorded request to a strict,
// ordered mock and checks that the answers are the recorded ones (by
// Compare) with the live seq and pid.
func TestMockReplaysCaptures(t *testing.T) {
	for _, file := range []string{"rtnl-basic.pcap", "genl-ctrl.pcap", "genl-ethtool.pcap"} {
		t.Run(file, func(t *testing.T) {
			s := readCapture(t, file)
			m := NewMock(s, &MockConfig{Strict: true, Ordered: true})
			fn := m.Func()
			for i := range s.Exchanges {
				e := &s.Exchanges[i]
				req := liveCopy(e, uint32(1000+10*i))
				got, err := fn(req)
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				v := Compare(e.Answers, got, &CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: s.GenlFamilies, Exact: true})
				if !v.Match {
					t.Errorf("request %d: %s\n%s", i, v.Reason, v.Diff)
				}
				for _, a := range got {
					if a.Header.PID != nltest.PID || a.Header.Sequence != req[0].Header.Sequence {
						t.Errorf("request %d: answer seq %d pid %d, want %d %d", i, a.Header.Sequence, a.Header.PID, req[0].Header.Sequence, nltest.PID)
					}
					if uint16(a.Header.Type) == nlmsgError && len(a.Data) >= 20 {
						if seq := s.ByteOrder.Uint32(a.Data[12:]); seq != req[0].Header.Sequence {
							t.Errorf("request %d: echoed seq %d, want %d", i, seq, req[0].Header.Sequence)
						}
					}
				}
			}
			if u := m.Unserved(); len(u) != 0 {
				t.Errorf("Unserved() = %v, want none", u)
			}
			if u := m.Unmatched(); len(u) != 0 {
				t.Errorf("Unmatched() = %v, want none", u)
			}
		})
	}
}

// TestMockDialExecute uses the mock through netlink.Conn, the way code under
// test does: ip link show's dump.
func TestMockDialExecute(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	m := NewMock(s, nil)
	c := m.Dial(int(nlcap.FamilyRoute))
	defer c.Close()
	e := &s.Exchanges[13]
	msgs, err := c.Execute(netlink.Message{Header: netlink.Header{Type: e.Messages[0].Header.Type, Flags: netlink.Request | netlink.Dump}, Data: e.Messages[0].Data})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, msg := range msgs {
		eachAttr(msg.Data[16:], s.ByteOrder, func(typ uint16, p []byte) {
			if typ == 3 {
				names = append(names, cstring(p))
			}
		})
	}
	if diff := cmp.Diff([]string{"lo", "dummy0", "nlmon0", "d0"}, names); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	// Nothing else pending: Receive times out instead of blocking.
	_, err = c.Receive()
	if !errors.Is(err, ErrNothingToReceive) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Receive with nothing pending: %v, want ErrNothingToReceive", err)
	}
}

func TestMockUnmatched(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	dump := s.Exchanges[15].Messages[0] // RTM_GETADDR dump, flags 0x301
	linkDump := s.Exchanges[10].Messages[0]
	tests := []struct {
		name    string
		req     netlink.Message
		closest int
		fields  []string // substrings of Fields, in order
	}{
		{
			name:    "flags",
			req:     netlink.Message{Header: netlink.Header{Type: dump.Header.Type, Flags: 0x305, Sequence: 9, PID: 1}, Data: dump.Data},
			closest: 15,
			fields:  []string{"nlmsg_flags: recorded 0x301 [REQUEST,ROOT,MATCH], live 0x305 [REQUEST,ACK,ROOT,MATCH]"},
		},
		{
			name: "attribute value",
			req: netlink.Message{Header: netlink.Header{Type: linkDump.Header.Type, Flags: linkDump.Header.Flags, Sequence: 9, PID: 1},
				Data: append(slices.Clone(linkDump.Data[:20]), 8, 0, 0, 0)},
			closest: 10,
			fields:  []string{"body: first difference at offset 36 (IFLA_EXT_MASK)"},
		},
		{
			name:    "type",
			req:     netlink.Message{Header: netlink.Header{Type: 30, Flags: 0x301, Sequence: 9, PID: 1}, Data: make([]byte, 12)},
			closest: -2, // any
			fields:  []string{"nlmsg_type: recorded RTM_GET", "live RTM_GETNEIGH"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMock(s, &MockConfig{Strict: true})
			_, err := m.Func()([]netlink.Message{tt.req})
			if !errors.Is(err, ErrUnexpectedRequest) {
				t.Fatalf("error %v, want ErrUnexpectedRequest", err)
			}
			var ue *UnmatchedError
			if !errors.As(err, &ue) {
				t.Fatalf("error %T, want *UnmatchedError", err)
			}
			if tt.closest != -2 && ue.Closest != tt.closest {
				t.Errorf("Closest = %d, want %d\n%v", ue.Closest, tt.closest, err)
			}
			text := strings.Join(ue.Fields, "; ")
			for _, f := range tt.fields {
				if !strings.Contains(text, f) {
					t.Errorf("Fields %q do not say %q", ue.Fields, f)
				}
			}
			msg := err.Error()
			if !strings.Contains(msg, "closest recorded request is ") || !strings.Contains(msg, text) || ue.Diff == "" || !strings.Contains(msg, ue.Diff[:10]) {
				t.Errorf("error message lacks the closest request, fields or diff:\n%s", msg)
			}
			if msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("error not lowercase: %s", msg)
			}
			if len(m.Unmatched()) != 1 {
				t.Errorf("Unmatched() has %d errors, want 1", len(m.Unmatched()))
			}
		})
	}
}

func TestMockNonStrict(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	m := NewMock(s, nil)
	c := m.Dial(int(nlcap.FamilyRoute))
	defer c.Close()
	_, err := c.Execute(netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 12)})
	if errnoOf(err) != errnoEOPNOTSUPP {
		t.Fatalf("Execute of an unrecorded request: %v, want EOPNOTSUPP", err)
	}
	if u := m.Unmatched(); len(u) != 1 || u[0].Closest < 0 {
		t.Errorf("Unmatched() = %v, want one error with a closest request", u)
	}
	// Strict: the error itself reaches the caller.
	m = NewMock(s, &MockConfig{Strict: true})
	c2 := m.Dial(int(nlcap.FamilyRoute))
	defer c2.Close()
	_, err = c2.Execute(netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 12)})
	if !errors.Is(err, ErrUnexpectedRequest) {
		t.Errorf("strict Execute: %v, want ErrUnexpectedRequest", err)
	}
}

// errnoOf returns the errno netlink.Conn made of an NLMSG_ERROR, or -1.
// mdlayher/netlink gives syscall.Errno only on Linux.
func errnoOf(err error) int {
	var en syscall.Errno
	if errors.As(err, &en) {
		return int(en)
	}
	if runtime.GOOS != "linux" && err != nil {
		return errnoEOPNOTSUPP // any NLMSG_ERROR reads "not implemented" there
	}
	return -1
}

func TestMockOrdered(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	e3 := &s.Exchanges[3] // RTM_GETLINK d0: requests 3, 5, 7, 19 are identical

	// Ordered: request 3 before 0 is out of order.
	m := NewMock(s, &MockConfig{Strict: true, Ordered: true})
	_, err := m.Func()(liveCopy(e3, 1))
	var ue *UnmatchedError
	if !errors.As(err, &ue) || ue.Closest != 0 || !strings.Contains(ue.Reason, "ordered mode expects request #1 first") {
		t.Fatalf("out-of-order request: %v", err)
	}
	// In order, each identical request is served by the next exchange; a
	// fifth one has nothing left.
	m = NewMock(s, &MockConfig{Strict: true, Ordered: true})
	fn := m.Func()
	for i := range s.Exchanges {
		if _, err := fn(liveCopy(&s.Exchanges[i], uint32(i+1))); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if _, err := fn(liveCopy(e3, 99)); !errors.Is(err, ErrUnexpectedRequest) || !strings.Contains(err.Error(), "already served") {
		t.Errorf("request after the end: %v, want an error saying it was already served", err)
	}

	// Unordered: any order; repeats served by the first unserved, then the
	// last match again.
	m = NewMock(s, &MockConfig{Strict: true})
	fn = m.Func()
	for _, want := range []int{3, 5, 7, 19, 19} {
		before := slices.Clone(m.served)
		if _, err := fn(liveCopy(e3, 5)); err != nil {
			t.Fatal(err)
		}
		for i := range before {
			if m.served[i] != before[i] && i != want {
				t.Errorf("served exchange %d, want %d", i, want)
			}
		}
		if m.served[want] != before[want]+1 {
			t.Errorf("exchange %d not served", want)
		}
	}
	if _, err := fn(liveCopy(&s.Exchanges[20], 7)); err != nil { // the last request first
		t.Errorf("unordered out-of-order request: %v", err)
	}
}

func genlGetFamily(name string, flags netlink.HeaderFlags) netlink.Message {
	ae := netlink.NewAttributeEncoder()
	ae.String(ctrlAttrFamilyName, name)
	b, _ := ae.Encode()
	return netlink.Message{
		Header: netlink.Header{Type: genlIDCtrl, Flags: flags, Sequence: 42, PID: nltest.PID},
		Data:   append([]byte{ctrlCmdGetFamily, 1, 0, 0}, b...),
	}
}

func TestMockGenlLookups(t *testing.T) {
	ctrl := readCapture(t, "genl-ctrl.pcap")
	tests := []struct {
		name   string
		file   string
		req    netlink.Message
		strict bool
		want   []string // answer types: "nlctrl CTRL_CMD_NEWFAMILY", "NLMSG_ERROR ACK"...
		id     uint16   // CTRL_ATTR_FAMILY_ID expected in the NEWFAMILY answer
		err    error
	}{
		{name: "recorded lookup, no ACK asked", file: "genl-ethtool.pcap", req: genlGetFamily("ethtool", netlink.Request),
			want: []string{"nlctrl CTRL_CMD_NEWFAMILY"}, id: 0x14},
		{name: "recorded lookup with ACK", file: "genl-ethtool.pcap", req: genlGetFamily("ethtool", netlink.Request|netlink.Acknowledge),
			want: []string{"nlctrl CTRL_CMD_NEWFAMILY", "NLMSG_ERROR ACK"}, id: 0x14},
		{name: "family from a dump", file: "genl-ctrl.pcap", req: genlGetFamily("tcp_metrics", netlink.Request),
			want: []string{"nlctrl CTRL_CMD_NEWFAMILY"}, id: 0x1b},
		{name: "recorded ENOENT", file: "genl-ctrl.pcap", req: genlGetFamily("nosuchfamily", netlink.Request|netlink.Acknowledge),
			want: []string{"NLMSG_ERROR ENOENT (2)"}},
		{name: "unknown family, non-strict", file: "genl-ethtool.pcap", req: genlGetFamily("wireguard", netlink.Request),
			want: []string{"NLMSG_ERROR ENOENT (2)"}},
		{name: "unknown family, strict", file: "genl-ethtool.pcap", req: genlGetFamily("wireguard", netlink.Request), strict: true,
			err: ErrUnexpectedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ctrl
			if tt.file != "genl-ctrl.pcap" {
				s = readCapture(t, tt.file)
			}
			m := NewMock(s, &MockConfig{Strict: tt.strict, Ordered: true})
			got, err := m.Func()([]netlink.Message{tt.req})
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			var types []string
			for _, a := range got {
				n := typeName(nlcap.FamilyGeneric, a, s.GenlFamilies)
				if uint16(a.Header.Type) == nlmsgError {
					n += " " + parseAck(a, s.ByteOrder, 20).String()
				}
				types = append(types, n)
				if a.Header.Sequence != 42 || a.Header.PID != nltest.PID || a.Header.Flags&flagMulti != 0 {
					t.Errorf("answer header %+v: want seq 42, pid %d, no NLM_F_MULTI", a.Header, nltest.PID)
				}
				if uint16(a.Header.Type) == genlIDCtrl {
					var id uint16
					eachAttr(a.Data[4:], s.ByteOrder, func(typ uint16, p []byte) {
						if typ == ctrlAttrFamilyID {
							id = s.ByteOrder.Uint16(p)
						}
					})
					if id != tt.id {
						t.Errorf("family id 0x%x, want 0x%x", id, tt.id)
					}
				}
			}
			if diff := cmp.Diff(tt.want, types); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMockNotifications(t *testing.T) {
	const route = nlcap.FamilyRoute
	link := make([]byte, 16)
	s, err := NewScript([]nlcap.Record{
		rec(route, msg(16, 0, 0, 0, link...)), // before any request
		rec(route, msg(16, 0x605, 7, 0, link...)),
		rec(route, ack(7, 4242, 0)),
		rec(route, msg(16, 0, 0, 0, link...), msg(17, 0, 0, 0, link...)), // one record, two messages
		rec(route, msg(20, 0x605, 8, 0)),
		rec(route, ack(8, 4242, 0)),
		rec(route, msg(20, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notifications) != 4 {
		t.Fatalf("%d notifications, want 4", len(s.Notifications))
	}
	m := NewMock(s, &MockConfig{Strict: true})
	c := m.Dial(int(route))
	defer c.Close()
	recvTypes := func() []int {
		msgs, err := c.Receive()
		if err != nil {
			return []int{-1}
		}
		var out []int
		for _, x := range msgs {
			out = append(out, int(x.Header.Type))
		}
		return out
	}
	if got := recvTypes(); !slices.Equal(got, []int{16}) {
		t.Errorf("first Receive: types %v, want [16]", got)
	}
	if got := recvTypes(); !slices.Equal(got, []int{-1}) {
		t.Errorf("Receive before the request: %v, want nothing", got)
	}
	if _, err := c.Execute(liveCopy(&s.Exchanges[0], 1)[0]); err != nil {
		t.Fatal(err)
	}
	if got := recvTypes(); !slices.Equal(got, []int{16, 17}) {
		t.Errorf("Receive after request 0: types %v, want [16 17]", got)
	}
	if got := recvTypes(); !slices.Equal(got, []int{-1}) {
		t.Errorf("Receive: %v, want nothing until request 1", got)
	}
	// Another family's connection sees none of them.
	g := m.Dial(int(nlcap.FamilyGeneric))
	defer g.Close()
	if _, err := g.Receive(); !errors.Is(err, ErrNothingToReceive) {
		t.Errorf("generic Receive: %v, want ErrNothingToReceive", err)
	}
}

func TestMockIncompleteDumpGetsDone(t *testing.T) {
	const route = nlcap.FamilyRoute
	s, err := NewScript([]nlcap.Record{
		rec(route, msg(18, 0x301, 9, 0, make([]byte, 16)...)),
		rec(route, msg(16, 2, 9, 5, make([]byte, 16)...)),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := NewMock(s, nil).Dial(int(route))
	defer c.Close()
	msgs, err := c.Execute(liveCopy(&s.Exchanges[0], 3)[0])
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Execute: %d messages, %v; want 1 and no error", len(msgs), err)
	}
}

// TestMockByteOrder checks the mock keeps the capture's byte order in the
// NLMSG_ERROR it builds.
func TestMockByteOrder(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	m := NewMock(s, nil)
	got, err := m.Func()([]netlink.Message{{Header: netlink.Header{Type: 30, Flags: 0x301, Sequence: 3, PID: 1}, Data: make([]byte, 12)}})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	if e := int32(binary.LittleEndian.Uint32(got[0].Data)); e != -errnoEOPNOTSUPP {
		t.Errorf("errno %d, want -%d", e, errnoEOPNOTSUPP)
	}
}

func readRecordsFile(t *testing.T, name string) []nlcap.Record {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "captures", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

// TestMockSeveralFamilies serves route and generic requests from one Func,
// and restricts it with Families.
func TestMockSeveralFamilies(t *testing.T) {
	recs := append(readRecordsFile(t, "rtnl-basic.pcap"), readRecordsFile(t, "genl-ctrl.pcap")...)
	s, err := NewScript(recs)
	if err != nil {
		t.Fatal(err)
	}
	var route, genl *Exchange
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		switch {
		case e.Family == nlcap.FamilyRoute && route == nil && e.Messages[0].Header.Flags&flagDump == flagDump:
			route = e
		case e.Family == nlcap.FamilyGeneric && genl == nil:
			genl = e
		}
	}
	fn := NewMock(s, &MockConfig{Strict: true}).Func()
	for _, e := range []*Exchange{route, genl} {
		got, err := fn(liveCopy(e, 7))
		if err != nil {
			t.Fatalf("%s request: %v", e.Family, err)
		}
		if v := Compare(e.Answers, got, &CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: s.GenlFamilies}); !v.Match {
			t.Errorf("%s request: %s", e.Family, v.Reason)
		}
	}
	if _, err := fn([]netlink.Message{genlGetFamily("ethtool", netlink.Request)}); err != nil {
		t.Errorf("family lookup through a Func of all families: %v", err)
	}
	onlyRoute := NewMock(s, &MockConfig{Strict: true, Families: []nlcap.Family{nlcap.FamilyRoute}}).Func()
	if _, err := onlyRoute(liveCopy(genl, 7)); !errors.Is(err, ErrUnexpectedRequest) {
		t.Errorf("generic request to a route-only Func: %v, want ErrUnexpectedRequest", err)
	}
}

// TestMockConcurrent uses one mock from several connections at once (run
// with -race).
func TestMockConcurrent(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	m := NewMock(s, nil)
	e := &s.Exchanges[13]
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			c := m.Dial(int(nlcap.FamilyRoute))
			defer c.Close()
			for range 10 {
				msgs, err := c.Execute(netlink.Message{Header: netlink.Header{Type: e.Messages[0].Header.Type, Flags: e.Messages[0].Header.Flags}, Data: e.Messages[0].Data})
				if err == nil && len(msgs) != 4 {
					err = fmt.Errorf("%d links, want 4", len(msgs))
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := m.served[13]; n != 40 {
		t.Errorf("exchange 13 served %d times, want 40", n)
	}
}

// TestMockLookupNamedOnly serves a lookup of a family the capture knows
// only by name (a pcapng comment), with its multicast groups.
func TestMockLookupNamedOnly(t *testing.T) {
	s := readCapture(t, "genl-ethtool.pcap")
	s.AddGenlFamilies(map[uint16]string{0x22: "wireguard", 0x23: "fam"})
	s.GenlGroups[0x30] = GenlGroup{Family: "fam", Name: "events"}
	fn := NewMock(s, &MockConfig{Strict: true}).Func()
	got, err := fn([]netlink.Message{genlGetFamily("fam", netlink.Request|netlink.Acknowledge)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || uint16(got[1].Header.Type) != nlmsgError {
		t.Fatalf("got %d answers, want NEWFAMILY and ACK", len(got))
	}
	ad, err := netlink.NewAttributeDecoder(got[0].Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	var (
		id     uint16
		name   string
		groups []string
	)
	for ad.Next() {
		switch ad.Type() {
		case ctrlAttrFamilyID:
			id = ad.Uint16()
		case ctrlAttrFamilyName:
			name = ad.String()
		case ctrlAttrMcastGroups:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					nad.Nested(func(gad *netlink.AttributeDecoder) error {
						var g string
						var gid uint32
						for gad.Next() {
							switch gad.Type() {
							case ctrlAttrMcastGrpName:
								g = gad.String()
							case ctrlAttrMcastGrpID:
								gid = gad.Uint32()
							}
						}
						groups = append(groups, fmt.Sprintf("%s=0x%x", g, gid))
						return nil
					})
				}
				return nil
			})
		}
	}
	if err := ad.Err(); err != nil {
		t.Fatal(err)
	}
	if id != 0x23 || name != "fam" || !slices.Equal(groups, []string{"events=0x30"}) {
		t.Errorf("family id 0x%x name %q groups %v, want 0x23 fam [events=0x30]", id, name, groups)
	}
}

// TestMockGenlTableDump: nlcap's own family-table dump (request #1 of an
// nlcap -w capture, nlmsg_seq capture.GenlDumpSeq) teaches genl ids but is no
// exchange: a client's identical family dump in ordered mode is served by
// the client's recorded dump (`genl ctrl list`, #12), and the table dump is
// never listed as unserved.
func TestMockGenlTableDump(t *testing.T) {
	s := readCapture(t, "nlcap-mixed.pcapng")
	table, list := &s.Exchanges[0], &s.Exchanges[11]
	if h := table.Messages[0].Header; h.Sequence != capture.GenlDumpSeq {
		t.Fatalf("exchange 0 seq %#x, want nlcap's family-table dump", h.Sequence)
	}
	m := NewMock(s, &MockConfig{Strict: true, Ordered: true, Families: []nlcap.Family{nlcap.FamilyGeneric}})
	if slices.Contains(m.Unserved(), 0) || !slices.Contains(m.Unserved(), 11) {
		t.Errorf("Unserved() = %v, want 11 (genl ctrl list) and not 0 (nlcap's table dump)", m.Unserved())
	}
	// The table dump's own bytes with a client's seq: ListFamilies.
	got, err := m.Func()(liveCopy(table, 77))
	if err != nil {
		t.Fatalf("family dump in ordered mode: %v", err)
	}
	if v := Compare(list.Answers, got, &CompareOptions{Family: nlcap.FamilyGeneric, ByteOrder: s.ByteOrder, Exact: true}); !v.Match {
		t.Errorf("family dump not served by genl ctrl list's answers: %s", v.Reason)
	}
	if slices.Contains(m.Unserved(), 11) || slices.Contains(m.Unserved(), 0) {
		t.Errorf("after the dump Unserved() = %v", m.Unserved())
	}
	// A second dump: genl ctrl list was served once (ordered), and the
	// table dump does not serve it.
	if _, err := m.Func()(liveCopy(table, 99)); !errors.Is(err, ErrUnexpectedRequest) {
		t.Errorf("second family dump in ordered mode: %v, want ErrUnexpectedRequest", err)
	}
	if err := m.Check(); err == nil || !strings.Contains(err.Error(), "already served") {
		t.Errorf("Check() = %v, want the second dump (already served)", err)
	}
	// Ids are still learned from the table dump: a lookup of a family only
	// it describes (genl ctrl list too describes all, so check the id).
	if s.GenlFamilies[0x10] != "nlctrl" {
		t.Errorf("GenlFamilies %v lacks nlctrl", s.GenlFamilies)
	}
}

// TestMockCheck: Check reports unmatched requests in strict mode too (the
// client may have ignored the error) and, with RequireAllServed, recorded
// exchanges never served, by request number.
func TestMockCheck(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	for _, cfg := range []MockConfig{{}, {Strict: true}, {RequireAllServed: true}} {
		m := NewMock(s, &cfg)
		if err := m.Check(); (err != nil) != cfg.RequireAllServed {
			t.Errorf("%+v: Check() before any request = %v", cfg, err)
		}
		fn := m.Func()
		for i := range s.Exchanges {
			if _, err := fn(liveCopy(&s.Exchanges[i], uint32(100+i))); err != nil {
				t.Fatalf("%+v: request %d: %v", cfg, i, err)
			}
		}
		if err := m.Check(); err != nil {
			t.Errorf("%+v: Check() after every request = %v", cfg, err)
		}
		// RTM_GETNEIGH dump: not in the capture.
		fn([]netlink.Message{{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump, Sequence: 5, PID: nltest.PID}, Data: make([]byte, 12)}})
		err := m.Check()
		var ue *UnmatchedError
		if !errors.As(err, &ue) || ue.Closest < 0 || !strings.Contains(err.Error(), "closest recorded request") {
			t.Errorf("%+v: Check() after an unrecorded request = %v, want its UnmatchedError", cfg, err)
		}
	}
	m := NewMock(s, &MockConfig{RequireAllServed: true})
	e := &s.Exchanges[3]
	if _, err := m.Func()(liveCopy(e, 1)); err != nil {
		t.Fatal(err)
	}
	err := m.Check()
	if err == nil {
		t.Fatal("Check() = nil with unserved exchanges and RequireAllServed")
	}
	if strings.Contains(err.Error(), "recorded request #4 ") || !strings.Contains(err.Error(), "recorded request #1 (RTM_NEWLINK, record 1; recorded answer ENODEV (19)) was never served") {
		t.Errorf("Check() = %v, want every request but 4, numbered from 1", err)
	}
}
