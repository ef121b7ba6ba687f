//go:build linux

package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// labTcpdumpPcap is the artifact TestLabTcpdump leaves for TestHostLabTcpdump.
const labTcpdumpPcap = "lab-tcpdump/rtnl-d0.pcap"

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLabTcpdump proves the lab: nlmon exists, Debian's tcpdump captures
// through it, and ip's requests end up in the artifact without tail loss.
func TestLabTcpdump(t *testing.T) {
	inGuest(t)
	const mon = "nlmontd0"
	runCmd(t, "ip", "link", "add", mon, "type", "nlmon")
	t.Cleanup(func() { exec.Command(toolPath(t, "ip"), "link", "del", mon).Run() })
	runCmd(t, "ip", "link", "set", mon, "up")

	out := artifactPath(t, labTcpdumpPcap)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stderr syncBuffer
	td := exec.CommandContext(ctx, toolPath(t, "tcpdump"), "-i", mon, "-Z", "root", "-U", "-s", "0", "-w", out)
	td.Stderr = &stderr
	if err := td.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "tcpdump to listen", func() bool {
		return strings.Contains(stderr.String(), "listening on")
	})

	runCmd(t, "ip", "link", "add", "d0", "type", "dummy")
	runCmd(t, "ip", "addr", "add", "10.9.0.1/24", "dev", "d0")
	runCmd(t, "ip", "link", "del", "d0")

	// libpcap's TPACKET_V3 ring hands a block over only when it is full or
	// after its 1 s timeout: SIGINT sooner loses the tail.
	time.Sleep(2 * time.Second)
	if err := td.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := td.Wait(); err != nil {
		t.Fatalf("tcpdump: %v\n%s", err, stderr.String())
	}
	t.Logf("tcpdump:\n%s", stderr.String())

	captured := statLine(t, stderr.String(), "packets captured")
	received := statLine(t, stderr.String(), "packets received by filter")
	if captured == 0 {
		t.Fatalf("tcpdump captured no packets\n%s", stderr.String())
	}
	if captured != received {
		t.Errorf("tcpdump captured %d of %d packets received by filter (tail loss)", captured, received)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() <= 24 {
		t.Fatalf("%s: %d bytes, want records after the file header", out, fi.Size())
	}
}

// statLine returns N from tcpdump's "N packets captured"-style lines.
func statLine(t testing.TB, out, suffix string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+) ` + regexp.QuoteMeta(suffix)).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("tcpdump output has no %q line:\n%s", suffix, out)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls cond every 50 ms until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHostLabTcpdump reads TestLabTcpdump's capture with the project's pcap
// reader and dissector, finds the RTM_NEWLINK request that created d0 and
// its ACK, and checks that tshark finds nothing malformed in it.
func TestHostLabTcpdump(t *testing.T) {
	path := hostArtifact(t, labTcpdumpPcap)
	recs := labRecords(t, path)
	if len(recs) == 0 {
		t.Fatalf("%s: no records", path)
	}

	// The wire itself, independent of the dissector's family tables:
	// nlmsghdr + ifinfomsg + IFLA_IFNAME "d0", and NLMSG_ERROR errno 0
	// with the request's sequence number.
	t.Run("raw", func(t *testing.T) {
		var reqSeqs []uint32
		acks := map[uint32]bool{}
		for i, rec := range recs {
			for m, err := range rec.Messages() {
				if err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				switch {
				case m.Header.Type == rtmNewlink && m.Header.Flags&nlmFRequest != 0 && rawIfname(m.Data, rec.Order()) == "d0":
					reqSeqs = append(reqSeqs, m.Header.Sequence)
				case m.Header.Type == nlmsgError && len(m.Data) >= 4 && int32(rec.Order().Uint32(m.Data)) == 0:
					acks[m.Header.Sequence] = true
				}
			}
		}
		acked := 0
		for _, s := range reqSeqs {
			if acks[s] {
				acked++
			}
		}
		if len(reqSeqs) == 0 || acked == 0 {
			t.Fatalf("raw: found %d RTM_NEWLINK requests naming d0, %d of them ACKed; want >= 1 ACKed", len(reqSeqs), acked)
		}
	})

	// The project's dissector must name the same exchange.
	t.Run("dissect", func(t *testing.T) {
		dec := dissect.NewDecoder(nil)
		var msgs []dissect.Message
		for i, rec := range recs {
			msgs = append(msgs, dec.Decode(rec, i)...)
		}
		if len(msgs) == 0 {
			t.Fatal("no netlink messages decoded")
		}
		// iproute2 may send more than one RTM_NEWLINK naming d0 (a probe
		// answered with an error first): one of them must be ACKed.
		var reqs, acked int
		for i := range msgs {
			req := &msgs[i]
			if req.TypeName != "RTM_NEWLINK" || req.Header.Flags&nlmFRequest == 0 || !namesD0(req) {
				continue
			}
			reqs++
			for j := i + 1; j < len(msgs); j++ {
				m := &msgs[j]
				if m.TypeName == "NLMSG_ERROR" && m.Error != nil && m.Error.Errno == 0 && m.Header.Seq == req.Header.Seq {
					acked++
					break
				}
			}
		}
		if reqs == 0 || acked == 0 {
			for _, m := range msgs {
				t.Logf("%d.%d %s %s flags=%#x seq=%d %q", m.Record, m.Index, m.Direction, m.TypeName, m.Header.Flags, m.Header.Seq, m.Summary)
			}
			t.Fatalf("dissect: found %d RTM_NEWLINK requests with IFLA_IFNAME d0, %d of them ACKed (NLMSG_ERROR errno 0, same seq); want >= 1 ACKed", reqs, acked)
		}
	})

	t.Run("tshark", func(t *testing.T) {
		tshark := hostTool(t, "tshark")
		out, err := exec.Command(tshark, "-n", "-o", "gui.max_tree_depth:4096", "-V", "-r", path).CombinedOutput()
		if err != nil {
			t.Fatalf("tshark -r %s: %v\n%s", path, err, out)
		}
		if bytes.Contains(out, []byte("Malformed")) {
			t.Errorf("tshark reports a malformed packet in %s:\n%s", path, out)
		}
		if !bytes.Contains(out, []byte("d0")) {
			t.Errorf("tshark output does not mention d0:\n%s", out)
		}
	})
}

// labRecords reads every record of a capture with the project's pcap reader.
func labRecords(t testing.TB, path string) []nlcap.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		t.Fatalf("pcap.NewReader(%s): %v", path, err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("%s: record %d: %v", path, len(recs), err)
		}
		recs = append(recs, rec)
	}
}

// Wire constants, from include/uapi/linux/netlink.h and rtnetlink.h:
//
//	#define NLM_F_REQUEST		0x01	/* It is request message. 	*/
//	#define NLMSG_ERROR		0x2	/* Error		*/
//	RTM_NEWLINK	= 16,
//	IFLA_IFNAME = 3,
//	struct ifinfomsg { unsigned char ifi_family; unsigned char __ifi_pad;
//		unsigned short ifi_type; int ifi_index; unsigned ifi_flags; unsigned ifi_change; };
const (
	nlmFRequest   = 0x01
	nlmsgError    = 0x2
	rtmNewlink    = 16
	iflaIfname    = 3
	ifinfomsgSize = 16
)

// rawIfname returns the IFLA_IFNAME of an RTM_*LINK payload (ifinfomsg then
// attributes), or "" when it has none or is malformed.
func rawIfname(payload []byte, order binary.ByteOrder) string {
	if len(payload) < ifinfomsgSize {
		return ""
	}
	b := payload[ifinfomsgSize:]
	for len(b) >= 4 {
		l := int(order.Uint16(b[0:2]))
		typ := order.Uint16(b[2:4]) & 0x3fff // NLA_TYPE_MASK
		if l < 4 || l > len(b) {
			return ""
		}
		if typ == iflaIfname {
			return strings.TrimRight(string(b[4:l]), "\x00")
		}
		n := nlcap.NlmsgAlign(l)
		if n > len(b) {
			return ""
		}
		b = b[n:]
	}
	return ""
}

// namesD0 reports whether the dissector decoded IFLA_IFNAME "d0" in m.
func namesD0(m *dissect.Message) bool {
	for _, a := range m.Attrs {
		if a.Name == "IFLA_IFNAME" && strings.TrimRight(string(a.Data), "\x00") == "d0" {
			return true
		}
	}
	return false
}
