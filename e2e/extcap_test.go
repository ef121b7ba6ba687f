//go:build linux

package e2e

// nlcap as a Wireshark extcap (issue 17) on a kernel with nlmon. tshark is
// too heavy for the initramfs: the test drives nlcap's extcap mode with the
// arguments dumpcap (tshark 4.0) passes, as recorded by TestExtcapTshark in
// cmd/nlcap, reads the fifo as dumpcap does and stops the capture the way
// dumpcap does (SIGTERM, then its end of the fifo is closed).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// An extcapProc is nlcap started the way dumpcap starts it, with the fifo
// opened as dumpcap opens it.
type extcapProc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan error
	link   string   // its nlmon link, nlcap<pid>
	fifo   *os.File // dumpcap's end
}

// startExtcapNlmon runs dumpcap's call, with the defaults of
// --extcap-config, and opens the fifo's read end.
func startExtcapNlmon(t *testing.T) *extcapProc {
	t.Helper()
	path := filepath.Join(t.TempDir(), "wireshark_extcap_nlmonX1")
	if err := unix.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	p := &extcapProc{stderr: new(syncBuffer), exited: make(chan error, 1)}
	p.cmd = exec.Command(projectBin(t, "nlcap"), "--capture", "--extcap-interface", "nlmon", "--fifo", path,
		"--snaplen", "262144", "--buffer-size", "4096")
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() { p.cmd.Process.Kill() })
	p.link = fmt.Sprintf("nlcap%d", p.cmd.Process.Pid)

	opened := make(chan *os.File, 1)
	go func() {
		if f, err := os.Open(path); err == nil {
			opened <- f
		}
	}()
	select {
	case p.fifo = <-opened:
	case err := <-p.exited:
		t.Fatalf("nlcap exited before opening the fifo: %v\n%s", err, p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("nlcap did not open the fifo:\n%s", p.stderr.String())
	}
	t.Cleanup(func() { p.fifo.Close() })
	return p
}

// waitClean waits for nlcap's exit after a stop: status 0, nothing on
// stderr (Wireshark would show it as an error), its link deleted.
func (p *extcapProc) waitClean(t *testing.T) {
	t.Helper()
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("nlcap after the stop: %v\n%s", err, p.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nlcap did not exit after the stop")
	}
	if s := p.stderr.String(); s != "" {
		t.Errorf("stderr %q: Wireshark shows anything there as an error", s)
	}
	if linkExists(t, "", p.link) {
		t.Errorf("link %s left behind", p.link)
	}
}

// TestExtcapNlmon: `nlcap --capture --extcap-interface nlmon --fifo F`
// creates its nlmon link and streams pcapng into the fifo while ip runs;
// stopped the way dumpcap stops it (SIGTERM; or the fifo closed), it exits
// 0 with nothing on stderr and deletes its link; the records decode to ip's
// requests and the kernel's answers.
func TestExtcapNlmon(t *testing.T) {
	inGuest(t)
	t.Run("sigterm", testExtcapSigterm)
	t.Run("fifo closed", func(t *testing.T) {
		p := startExtcapNlmon(t)
		pr, err := pcap.NewReader(p.fifo)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pr.ReadRecord(); err != nil { // the genl family table
			t.Fatal(err)
		}
		if !linkExists(t, "", p.link) {
			t.Fatalf("link %s does not exist while capturing", p.link)
		}
		p.fifo.Close() // dumpcap gone, no signal
		p.waitClean(t)
	})
}

func testExtcapSigterm(t *testing.T) {
	ip := toolPath(t, "ip")
	p := startExtcapNlmon(t)
	f, cmd, link := p.fifo, p.cmd, p.link
	type result struct {
		recs []nlcap.Record
		err  error
	}
	records := make(chan nlcap.Record, 1024)
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() { close(records); done <- res }()
		pr, err := pcap.NewReader(f)
		if err != nil {
			res.err = err
			return
		}
		for {
			rec, err := pr.ReadRecord()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				res.err = err
				return
			}
			rec.Data = append([]byte(nil), rec.Data...)
			res.recs = append(res.recs, rec)
			records <- rec
		}
	}()

	// The first records (the genl family table) mean the tap is up.
	select {
	case <-records:
	case <-time.After(30 * time.Second):
		t.Fatalf("no record in the fifo:\n%s", p.stderr.String())
	}
	if !linkExists(t, "", link) {
		t.Fatalf("link %s does not exist while capturing", link)
	}
	runCmd(t, ip, "link", "add", "xc0", "type", "dummy")
	runCmd(t, ip, "link", "show", "dev", "xc0")
	runCmd(t, ip, "link", "del", "xc0")
	// The capture is streamed: ip's last request (RTM_DELLINK) comes
	// through the fifo before the stop.
	deadline := time.After(30 * time.Second)
	for seen := false; !seen; {
		select {
		case rec, ok := <-records:
			if !ok {
				t.Fatalf("the stream ended before the stop: %v", (<-done).err)
			}
			seen = hasRequest(rec, rtmDellink)
		case <-deadline:
			t.Fatal("ip's RTM_DELLINK did not come through the fifo within 30 s")
		}
	}

	// dumpcap's stop: SIGTERM, then read to the end.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range records { // drained by the reader goroutine's result
		}
	}()
	p.waitClean(t)
	res := <-done
	if res.err != nil {
		t.Fatalf("reading the fifo: %v", res.err)
	}

	dec := dissect.NewDecoder(nil)
	var newReq, newAck int
	var reqSeq []uint32
	acks := map[uint32]bool{}
	for i, rec := range res.recs {
		for _, m := range dec.Decode(rec, i) {
			if m.Problem != "" {
				t.Errorf("record %d message %d %s: %s", i, m.Index, m.TypeName, m.Problem)
			}
			if m.TypeName == "RTM_NEWLINK" && m.Header.Flags&nlmFRequest != 0 && attrString(&m, "IFLA_IFNAME") == "xc0" {
				newReq++
				reqSeq = append(reqSeq, m.Header.Seq)
			}
			if m.TypeName == "NLMSG_ERROR" && m.Error != nil && m.Error.Errno == 0 {
				acks[m.Header.Seq] = true
			}
		}
	}
	for _, s := range reqSeq {
		if acks[s] {
			newAck++
		}
	}
	if newReq == 0 || newAck == 0 {
		t.Errorf("%d records: %d RTM_NEWLINK requests naming xc0, %d ACKed; want ip's request and the kernel's ACK", len(res.recs), newReq, newAck)
	}
}

// rtmDellink is RTM_DELLINK (include/uapi/linux/rtnetlink.h).
const rtmDellink = 17

// hasRequest reports whether rec holds a netlink request of type typ, read
// from the raw bytes.
func hasRequest(rec nlcap.Record, typ netlink.HeaderType) bool {
	for m, err := range rec.Messages() {
		if err != nil {
			return false
		}
		if m.Header.Type == typ && m.Header.Flags&nlmFRequest != 0 {
			return true
		}
	}
	return false
}

// attrString returns the string value of m's top-level attribute name.
func attrString(m *dissect.Message, name string) string {
	for _, a := range m.Attrs {
		if a.Name == name {
			return strings.TrimRight(string(a.Data), "\x00")
		}
	}
	return ""
}
