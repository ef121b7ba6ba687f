//go:build linux

package e2e

// End-to-end test of the mock kernel (issue 6): requests sent to the live
// kernel while nlcap captures, then to a replay.Mock built from that
// capture, get equivalent answers by replay.Compare (nlreplay's verdict).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/replay"
)

// rawConn is a bare netlink socket that returns every answer message,
// NLMSG_DONE and NLMSG_ERROR included (netlink.Conn turns those into
// errors or drops them).
type rawConn struct {
	fd  int
	seq uint32
}

func dialRaw(t testing.TB, family int) *rawConn {
	t.Helper()
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, family)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatalf("bind: %v", err)
	}
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		t.Fatal(err)
	}
	return &rawConn{fd: fd, seq: 100}
}

// exchange sends m (nlmsg_seq set, nlmsg_pid 0) and returns the kernel's
// answers up to the final one: NLMSG_ERROR, NLMSG_DONE, or the single
// reply of a GET without NLM_F_ACK.
func (c *rawConn) exchange(t testing.TB, m netlink.Message) (netlink.Message, []netlink.Message) {
	t.Helper()
	c.seq++
	m.Header.Sequence = c.seq
	m.Header.PID = 0
	m.Header.Length = uint32(nlcap.NlmsgHdrLen + len(m.Data))
	b := replay.EncodeMessage(m, binary.NativeEndian)
	if err := unix.Sendto(c.fd, b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatalf("sendto: %v", err)
	}
	var out []netlink.Message
	buf := make([]byte, 1<<16)
	for {
		n, _, err := unix.Recvfrom(c.fd, buf, 0)
		if err != nil {
			t.Fatalf("recvfrom after %d answers: %v", len(out), err)
		}
		rec := nlcap.Record{ByteOrder: binary.NativeEndian, Data: slices.Clone(buf[:n])}
		for a, err := range rec.Messages() {
			if err != nil {
				t.Fatalf("bad answer: %v", err)
			}
			if a.Header.Sequence != c.seq {
				continue // a notification
			}
			out = append(out, a)
			switch {
			case a.Header.Type == netlink.Error, a.Header.Type == netlink.Done:
				return m, out
			case a.Header.Flags&netlink.Multi == 0 && m.Header.Flags&netlink.Acknowledge == 0:
				return m, out
			}
		}
	}
}

// A mockCase is one request of the workload.
type mockCase struct {
	name   string
	family int
	msg    netlink.Message
}

func attrs(t testing.TB, fn func(ae *netlink.AttributeEncoder)) []byte {
	t.Helper()
	ae := netlink.NewAttributeEncoder()
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mockWorkload(t testing.TB) []mockCase {
	const dev = "mk0"
	ifinfo := make([]byte, 16) // struct ifinfomsg, any family and link
	getFamily := func(name string, flags netlink.HeaderFlags) netlink.Message {
		return netlink.Message{
			Header: netlink.Header{Type: unix.GENL_ID_CTRL, Flags: flags},
			Data: append([]byte{unix.CTRL_CMD_GETFAMILY, 1, 0, 0}, attrs(t, func(ae *netlink.AttributeEncoder) {
				ae.String(unix.CTRL_ATTR_FAMILY_NAME, name)
			})...),
		}
	}
	byName := append(slices.Clone(ifinfo), attrs(t, func(ae *netlink.AttributeEncoder) {
		ae.String(unix.IFLA_IFNAME, dev)
	})...)
	addDummy := append(slices.Clone(ifinfo), attrs(t, func(ae *netlink.AttributeEncoder) {
		ae.String(unix.IFLA_IFNAME, dev)
		ae.Nested(unix.IFLA_LINKINFO, func(nae *netlink.AttributeEncoder) error {
			nae.String(unix.IFLA_INFO_KIND, "dummy")
			return nil
		})
	})...)
	const (
		req  = netlink.Request
		ack  = netlink.Request | netlink.Acknowledge
		dump = netlink.Request | netlink.Dump
	)
	route, genl := unix.NETLINK_ROUTE, unix.NETLINK_GENERIC
	return []mockCase{
		{"link dump", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: dump}, Data: ifinfo}},
		{"address dump", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETADDR, Flags: dump}, Data: make([]byte, 8)}},
		{"get family nlctrl", genl, getFamily("nlctrl", ack)},
		{"get family ethtool", genl, getFamily("ethtool", req)},
		{"get family missing", genl, getFamily("nosuchfamily", ack)},
		{"family dump", genl, netlink.Message{Header: netlink.Header{Type: unix.GENL_ID_CTRL, Flags: dump}, Data: []byte{unix.CTRL_CMD_GETFAMILY, 1, 0, 0}}},
		{"add dummy", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: ack | netlink.Create | netlink.Excl}, Data: addDummy}},
		{"add dummy again", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Flags: ack | netlink.Create | netlink.Excl}, Data: addDummy}},
		{"get dummy", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: req}, Data: byName}},
		{"delete dummy", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_DELLINK, Flags: ack}, Data: byName}},
		{"delete dummy again", route, netlink.Message{Header: netlink.Header{Type: unix.RTM_DELLINK, Flags: ack}, Data: byName}},
	}
}

// TestMockMatchesKernel is issue 6's lab test: each request of the workload
// is sent to the kernel while nlcap captures, then to the mock built from
// the capture; both answers must be equivalent by replay.Compare.
func TestMockMatchesKernel(t *testing.T) {
	inGuest(t)
	file := artifactPath(t, "mock-kernel.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "-w", file)

	cases := mockWorkload(t)
	conns := map[int]*rawConn{}
	live := make([][]netlink.Message, len(cases))
	sent := make([]netlink.Message, len(cases))
	for i, c := range cases {
		if conns[c.family] == nil {
			conns[c.family] = dialRaw(t, c.family)
		}
		sent[i], live[i] = conns[c.family].exchange(t, c.msg)
		if len(live[i]) == 0 {
			t.Fatalf("%s: no answer from the kernel", c.name)
		}
	}
	// Library-level answers from the kernel, for the netlink.Conn and
	// genetlink.Conn checks below.
	gc, err := genetlink.Dial(nil)
	if err != nil {
		t.Fatal(err)
	}
	liveEthtool, err := gc.GetFamily("ethtool")
	gc.Close()
	if err != nil {
		t.Fatalf("live GetFamily(ethtool): %v", err)
	}
	nl, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		t.Fatal(err)
	}
	linkDump := netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 16)}
	liveLinks, err := nl.Execute(linkDump)
	nl.Close()
	if err != nil {
		t.Fatalf("live link dump: %v", err)
	}
	time.Sleep(200 * time.Millisecond) // let the capture read the last answers
	nc.stop(t, os.Interrupt)

	recs := readCapture(t, file)
	s, err := replay.NewScript(recs)
	if err != nil {
		t.Fatalf("NewScript: %v", err)
	}
	t.Logf("%d records, %d exchanges, %d notifications", len(recs), len(s.Exchanges), len(s.Notifications))

	m := replay.NewMock(s, &replay.MockConfig{Strict: true})
	fn := m.Func()
	served := make([][]netlink.Message, len(cases))
	for i, c := range cases {
		req := sent[i]
		req.Header.Sequence = uint32(5000 + i)
		req.Header.PID = nltest.PID
		got, err := fn([]netlink.Message{req})
		if err != nil {
			t.Errorf("%s: mock: %v", c.name, err)
			continue
		}
		opts := &replay.CompareOptions{
			Family:       nlcap.Family(c.family),
			ByteOrder:    binary.NativeEndian,
			RecordedGenl: s.GenlFamilies,
			LiveGenl:     s.GenlFamilies,
		}
		served[i] = got
		if v := replay.Compare(live[i], got, opts); !v.Match {
			t.Errorf("%s: kernel and mock answers differ: %s\n%s", c.name, v.Reason, v.Diff)
		}
		for _, a := range got {
			if a.Header.Sequence != req.Header.Sequence || a.Header.PID != nltest.PID {
				t.Errorf("%s: mock answer seq %d pid %d, want %d %d", c.name, a.Header.Sequence, a.Header.PID, req.Header.Sequence, nltest.PID)
			}
		}
	}

	// The comparison can fail: the first add (ACK) and the second (EEXIST)
	// differ, and so do the link and address dumps.
	for _, p := range [][2]int{{6, 7}, {0, 1}, {9, 10}} {
		opts := &replay.CompareOptions{Family: nlcap.Family(cases[p[0]].family), ByteOrder: binary.NativeEndian}
		if v := replay.Compare(live[p[0]], served[p[1]], opts); v.Match {
			t.Errorf("%s (kernel) and %s (mock) compare equal", cases[p[0]].name, cases[p[1]].name)
		}
	}

	// Through the libraries: genetlink resolves ethtool the same way.
	mc := replay.NewMock(s, &replay.MockConfig{Strict: true}).DialGenl()
	defer mc.Close()
	mockEthtool, err := mc.GetFamily("ethtool")
	if err != nil {
		t.Fatalf("mock GetFamily(ethtool): %v", err)
	}
	if mockEthtool.ID != liveEthtool.ID || mockEthtool.Name != liveEthtool.Name || len(mockEthtool.Groups) != len(liveEthtool.Groups) {
		t.Errorf("GetFamily(ethtool): mock %+v, kernel %+v", mockEthtool, liveEthtool)
	}
	// netlink.Conn: the same link dump through Dial and Execute. The mock
	// already served the first identical dump (case 0, before dummy0
	// appeared); this one gets the next.
	rc := m.Dial(unix.NETLINK_ROUTE)
	defer rc.Close()
	mockLinks, err := rc.Execute(linkDump)
	if err != nil {
		t.Fatalf("mock link dump: %v", err)
	}
	if v := replay.Compare(liveLinks, mockLinks, &replay.CompareOptions{Family: nlcap.FamilyRoute, ByteOrder: binary.NativeEndian}); !v.Match || len(mockLinks) == 0 {
		t.Errorf("link dump through netlink.Conn: %d live, %d mock links: %s\n%s", len(liveLinks), len(mockLinks), v.Reason, v.Diff)
	}
	// An unrecorded request fails in strict mode with the closest request.
	_, err = fn([]netlink.Message{{Header: netlink.Header{Type: unix.RTM_GETNEIGH, Flags: netlink.Request | netlink.Dump, Sequence: 1, PID: 1}, Data: make([]byte, 12)}})
	var ue *replay.UnmatchedError
	if !errors.As(err, &ue) || ue.Closest < 0 {
		t.Errorf("unrecorded request: %v, want an UnmatchedError naming the closest request", err)
	}
	fmt.Fprintf(os.Stderr, "mock: %d requests compared against the kernel\n", len(cases))
}

// TestMockThirdPartyClient is issue 13's proof for the mock: a program
// written with jsimonetti/rtnetlink, mdlayher/genetlink and mdlayher/ethtool
// (internal/integration, its own module) runs against the kernel while plain
// `nlcap -w` captures, then against replay.Mock serving that capture in
// Strict and Ordered mode (nlclient -mock), which must match every request,
// serve every recorded exchange and give the same results. The capture and
// the kernel's results are artifacts (integration-client.pcap, .json): the
// committed copies in testdata/captures are what internal/integration's unit
// test serves.
func TestMockThirdPartyClient(t *testing.T) {
	inGuest(t)
	client := projectBin(t, "nlclient")
	file := artifactPath(t, "integration-client.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "-w", file)
	time.Sleep(300 * time.Millisecond) // nlcap's family-table dump first
	kernel := runCmd(t, client)
	time.Sleep(300 * time.Millisecond) // let the capture read the last answers
	nc.stop(t, os.Interrupt)
	if err := os.WriteFile(artifactPath(t, "integration-client.json"), []byte(kernel), 0o644); err != nil {
		t.Fatal(err)
	}
	mocked := runCmd(t, client, "-mock", file)
	if mocked != kernel {
		t.Errorf("the mock's results differ from the kernel's:\nkernel:\n%s\nmock:\n%s", kernel, mocked)
	}
	// The result is not empty: the workload saw its link and ethtool.
	for _, want := range []string{`"ic0 mtu 1500 up"`, `"ic0 10.77.0.1/24"`, `"ethtool"`, `"nlctrl"`} {
		if !strings.Contains(kernel, want) {
			t.Errorf("kernel result lacks %s:\n%s", want, kernel)
		}
	}
}
