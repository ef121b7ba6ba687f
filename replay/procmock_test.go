package replay

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// dumpExchange returns the first RTM_GETLINK dump of s.
func dumpExchange(t *testing.T, s *Script) *Exchange {
	t.Helper()
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		if e.Family == nlcap.FamilyRoute && len(e.Messages) == 1 && e.Messages[0].Header.Type == 18 && e.Messages[0].Header.Flags&flagDump == flagDump {
			return e
		}
	}
	t.Fatal("no RTM_GETLINK dump in the capture")
	return nil
}

func parseDatagram(t *testing.T, s *Script, d []byte) []netlink.Message {
	t.Helper()
	msgs, err := parseMessages(&nlcap.Record{Family: nlcap.FamilyRoute, ByteOrder: s.ByteOrder, Data: d})
	if err != nil {
		t.Fatalf("answer datagram does not parse: %v", err)
	}
	return msgs
}

// TestMockSocketServe: the recorded dump comes back addressed to the
// socket, cut as the capture's records were; a changed request gets one
// NLMSG_ERROR echoing its own header, and the unmatched error.
func TestMockSocketServe(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	m := NewMock(s, &MockConfig{Strict: true})
	so := m.Socket(nlcap.FamilyRoute)
	e := dumpExchange(t, s)
	req := e.Messages[0]
	req.Header.Sequence, req.Header.PID = 77, 0
	grams, uerr, err := so.Serve(EncodeMessage(req, s.ByteOrder), 4242)
	if err != nil || uerr != nil {
		t.Fatalf("Serve: %v, %v", err, uerr)
	}
	records := map[int]bool{}
	for _, r := range e.AnswerRecords {
		records[r] = true
	}
	if len(grams) < len(records) || len(grams) > len(records)+1 {
		t.Errorf("%d datagrams for answers recorded in %d records", len(grams), len(records))
	}
	var last netlink.Message
	n := 0
	for _, g := range grams {
		for _, a := range parseDatagram(t, s, g) {
			if a.Header.Sequence != 77 || a.Header.PID != 4242 {
				t.Errorf("answer %s seq %d pid %d, want 77 and 4242", typeName(nlcap.FamilyRoute, a, nil), a.Header.Sequence, a.Header.PID)
			}
			last = a
			n++
		}
	}
	if uint16(last.Header.Type) != nlmsgDone || n < len(e.Answers) {
		t.Errorf("%d answers ending with type %d, want the %d recorded ending with NLMSG_DONE", n, last.Header.Type, len(e.Answers))
	}

	changed := req
	changed.Data = bytes.Clone(req.Data)
	changed.Data[0] ^= 0x0a // ifi_family
	grams, uerr, err = so.Serve(EncodeMessage(changed, s.ByteOrder), 4242)
	if err != nil || uerr == nil || len(grams) != 1 {
		t.Fatalf("changed request: %d datagrams, %v, %v; want one error answer and an UnmatchedError", len(grams), uerr, err)
	}
	msgs := parseDatagram(t, s, grams[0])
	if len(msgs) != 1 || uint16(msgs[0].Header.Type) != nlmsgError || msgs[0].Header.PID != 4242 {
		t.Fatalf("changed request answered %+v", msgs)
	}
	d := msgs[0].Data
	if errno := int32(s.ByteOrder.Uint32(d)); errno != -errnoEOPNOTSUPP || s.ByteOrder.Uint32(d[4+8:]) != 77 || s.ByteOrder.Uint32(d[4+12:]) != 0 {
		t.Errorf("error answer: errno %d, echoed seq %d pid %d; want -EOPNOTSUPP, 77, 0", errno, s.ByteOrder.Uint32(d[4+8:]), s.ByteOrder.Uint32(d[4+12:]))
	}
	if sum := m.Summary(); sum.Served != 1 || sum.Unmatched != 1 {
		t.Errorf("summary %+v, want 1 served, 1 unmatched", sum)
	}
	bad := EncodeMessage(req, s.ByteOrder)
	s.ByteOrder.PutUint32(bad, 4096) // nlmsg_len past the datagram
	if _, _, err := so.Serve(bad, 4242); err == nil {
		t.Error("a datagram that is no netlink message: no error")
	}
}

// TestMockSocketNotifications: a socket gets each recorded notification of
// its family once, one record per datagram, in capture order.
func TestMockSocketNotifications(t *testing.T) {
	r, c, err := pcap.Open(filepath.Join("..", "testdata", "host", "monitor.pcapng"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := ReadScript(r)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMock(s, nil)
	var want [][]byte
	for i, n := range s.Notifications {
		if n.Family != nlcap.FamilyRoute {
			continue
		}
		b := EncodeMessage(n.Message, s.ByteOrder)
		if i > 0 && len(want) > 0 && s.Notifications[i-1].Record == n.Record {
			want[len(want)-1] = append(want[len(want)-1], b...)
			continue
		}
		want = append(want, b)
	}
	if len(want) == 0 {
		t.Fatal("monitor.pcapng holds no route notification")
	}
	for _, so := range []*MockSocket{m.Socket(nlcap.FamilyRoute), m.Socket(nlcap.FamilyRoute)} {
		for i, w := range want {
			if got := so.Notification(); !bytes.Equal(got, w) {
				t.Fatalf("notification datagram %d: got %d bytes, want %d", i, len(got), len(w))
			}
		}
		if got := so.Notification(); got != nil {
			t.Errorf("after the last notification: %d bytes", len(got))
		}
	}
	if got := m.Socket(nlcap.FamilyGeneric).Notification(); got != nil {
		t.Errorf("a generic netlink socket got a route notification (%d bytes)", len(got))
	}
	if sum := m.Summary(); sum.Notifications == 0 {
		t.Errorf("summary counts no delivered notification: %+v", sum)
	}
}
