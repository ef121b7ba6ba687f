package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/pcap"
)

// Process-capture tests on the host: no nlmon, no VM. Each runs this test
// binary as nlcap (see TestMain) on a real program, reads the capture back
// and checks it against what the program printed or saw. As root they run
// twice: as root and as nobody (setpriv --reuid=65534), which needs no
// capability at all.

var (
	testBinOnce sync.Once
	testBinDir  string
	testBinErr  error
)

// testBin returns a copy of the test binary in a directory every user can
// read, so that setpriv'd runs can execute it.
func testBin(t testing.TB) string {
	t.Helper()
	testBinOnce.Do(func() {
		self, err := os.Executable()
		if err != nil {
			testBinErr = err
			return
		}
		dir, err := os.MkdirTemp("", "nlcap-trace-test")
		if err != nil {
			testBinErr = err
			return
		}
		testBinDir = dir
		if err := os.Chmod(dir, 0o755); err != nil {
			testBinErr = err
			return
		}
		b, err := os.ReadFile(self)
		if err != nil {
			testBinErr = err
			return
		}
		testBinErr = os.WriteFile(filepath.Join(dir, "nlcap"), b, 0o755)
	})
	if testBinErr != nil {
		t.Fatalf("copy the test binary: %v", testBinErr)
	}
	return filepath.Join(testBinDir, "nlcap")
}

func init() { removeTestBin = removeTestBinDir }

func removeTestBinDir() {
	if testBinDir != "" {
		os.RemoveAll(testBinDir)
	}
}

// A runAs is who a traced run runs as.
type runAs struct {
	name   string
	prefix []string // command prefix: none, or setpriv to nobody
	env    []string // added to nlcap's environment
}

// users returns the users to test as: the current one, and nobody too when
// the tests run as root (in CI). "fallback" runs as the current user with
// the tracer's paths for older kernels (NLCAPDEBUG=tracefallback: registers
// instead of PTRACE_GET_SYSCALL_INFO, PTRACE_PEEKDATA instead of
// process_vm_readv), on amd64 where they exist.
func users(t *testing.T) []runAs {
	u := []runAs{{name: "self"}}
	if runtime.GOARCH == "amd64" {
		u = append(u, runAs{name: "fallback", env: []string{"NLCAPDEBUG=tracefallback"}})
	}
	if os.Getuid() == 0 {
		sp, err := exec.LookPath("setpriv")
		if err != nil {
			t.Fatalf("running as root, the unprivileged variant needs setpriv (util-linux): %v", err)
		}
		u = append(u, runAs{name: "nobody", prefix: []string{sp, "--reuid=65534", "--regid=65534", "--clear-groups"}})
	}
	return u
}

// workDir returns a temporary directory the user of as can write.
func workDir(t *testing.T) string {
	d := t.TempDir()
	for p := d; p != os.TempDir() && p != "/" && strings.HasPrefix(p, os.TempDir()); p = filepath.Dir(p) {
		if err := os.Chmod(p, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

type nlcapRun struct {
	stdout, stderr string
	code           int
	recs           []nlcap.Record
}

// traceRun runs nlcap (the test binary as nlcap) with args as user, then
// reads the capture file out (unless ""), and returns what happened.
func traceRun(t *testing.T, as runAs, out string, args ...string) nlcapRun {
	t.Helper()
	return traceRunSignal(t, as, out, 0, args...)
}

// traceRunSignal is traceRun that sends SIGINT to nlcap after interrupt
// (0: never).
func traceRunSignal(t *testing.T, as runAs, out string, interrupt time.Duration, args ...string) nlcapRun {
	t.Helper()
	argv := append(append(append([]string(nil), as.prefix...), testBin(t)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append(os.Environ(), as.env...), "NLCAP_TEST_AS=nlcap", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var sigc <-chan time.Time
	if interrupt > 0 {
		sigc = time.After(interrupt)
	}
	var err error
	for waiting := true; waiting; {
		select {
		case err = <-done:
			waiting = false
		case <-sigc:
			// setpriv execs nlcap: the pid is nlcap's.
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatalf("%q did not end in 2 minutes; stderr:\n%s", args, se.String())
		}
	}
	r := nlcapRun{stdout: so.String(), stderr: se.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if out != "" {
		r.recs = readCapture(t, out)
	}
	return r
}

func readCapture(t *testing.T, name string) []nlcap.Record {
	t.Helper()
	rd, c, err := pcap.Open(name)
	if err != nil {
		t.Fatalf("open capture: %v", err)
	}
	defer c.Close()
	var recs []nlcap.Record
	for {
		rec, err := rd.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("read capture: %v", err)
		}
		recs = append(recs, rec)
	}
}

// A tmsg is one netlink message of a record.
type tmsg struct {
	rec  *nlcap.Record
	typ  uint16
	flag uint16
	seq  uint32
	pid  uint32
	raw  []byte // the whole message, header included, nlmsg_len bytes
}

func messages(t *testing.T, recs []nlcap.Record) []tmsg {
	t.Helper()
	var out []tmsg
	for i := range recs {
		rec := &recs[i]
		off := 0
		for m, err := range rec.Messages() {
			if err != nil {
				// iproute2 sends its request buffer whole: zeros after the
				// message, which the kernel ignores as it does here.
				if bytes.Count(rec.Data[off:], []byte{0}) == len(rec.Data)-off {
					break
				}
				t.Fatalf("record %d: %v", i, err)
			}
			out = append(out, tmsg{rec: rec, typ: uint16(m.Header.Type), flag: uint16(m.Header.Flags), seq: m.Header.Sequence, pid: m.Header.PID,
				raw: rec.Data[off : off+int(m.Header.Length)]})
			off += nlcap.NlmsgAlign(int(m.Header.Length))
		}
	}
	return out
}

// checkProcess checks that every record names a process called comm,
// with a port id.
func checkProcess(t *testing.T, recs []nlcap.Record, comm string) {
	t.Helper()
	for i, r := range recs {
		p := r.Process
		if p.PID <= 0 || p.TID <= 0 || p.Comm != comm || p.PortID == 0 {
			t.Errorf("record %d: process %+v, want pid, tid, comm %q and a port id", i, p, comm)
		}
		if r.Direction != nlcap.DirectionToKernel && r.Direction != nlcap.DirectionFromKernel {
			t.Errorf("record %d: direction %v", i, r.Direction)
		}
	}
}

// Netlink numbers the tests look for (include/uapi/linux/rtnetlink.h,
// netlink.h, genetlink.h).
const (
	nlmsgDone      = 3
	rtmNewLink     = 16
	rtmGetLink     = 18
	rtmNewAddr     = 20
	rtmGetAddr     = 22
	genlIDCtrl     = 0x10
	sockDiagByFam  = 20
	nlmFDump       = 0x300
	nlmFRequest    = 1
	ctrlCmdNewFam  = 1
	ctrlCmdGetFam  = 3
	auditGet       = 1000
	nlmsgErrorType = 2
)

// dumpOf returns the answers to the one dump request of type reqType in
// msgs: the request, the answers of its seq and port (NLMSG_DONE
// excluded), and whether NLMSG_DONE ended them.
func dumpOf(t *testing.T, msgs []tmsg, fam nlcap.Family, reqType uint16) (req tmsg, answers []tmsg, done bool) {
	t.Helper()
	n := 0
	for _, m := range msgs {
		if m.rec.Family == fam && m.typ == reqType && m.rec.Direction == nlcap.DirectionToKernel && m.flag&nlmFDump == nlmFDump {
			req = m
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d dump requests of type %d in family %v, want 1", n, reqType, fam)
	}
	for _, m := range msgs {
		if m.rec.Direction != nlcap.DirectionFromKernel || m.seq != req.seq || m.rec.Process.PortID != req.rec.Process.PortID {
			continue
		}
		if m.typ == nlmsgDone {
			done = true
			continue
		}
		if m.pid != req.rec.Process.PortID {
			t.Errorf("answer nlmsg_pid %d, the socket's port id is %d", m.pid, req.rec.Process.PortID)
		}
		answers = append(answers, m)
	}
	return req, answers, done
}

// eachUser runs `nlcap -w FILE -- argv` as every test user, checks that it
// exited 0 and that every record names process comm, and hands the run to
// check.
func eachUser(t *testing.T, comm string, argv []string, check func(t *testing.T, r nlcapRun)) {
	for _, as := range users(t) {
		t.Run(as.name, func(t *testing.T) {
			out := filepath.Join(workDir(t), comm+".pcapng")
			r := traceRun(t, as, out, append([]string{"-w", out, "--"}, argv...)...)
			if r.code != 0 {
				t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
			}
			checkProcess(t, r.recs, comm)
			check(t, r)
		})
	}
}

func TestTraceIPLink(t *testing.T) {
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	eachUser(t, "ip", []string{"ip", "link", "show"}, func(t *testing.T, r nlcapRun) {
		// ip's output passed through: one "link/..." line per link.
		if got := strings.Count(r.stdout, "link/"); got != len(ifs) {
			t.Errorf("ip printed %d links, the host has %d:\n%s", got, len(ifs), r.stdout)
		}
		_, answers, done := dumpOf(t, messages(t, r.recs), nlcap.FamilyRoute, rtmGetLink)
		if len(answers) != len(ifs) || !done {
			t.Errorf("%d RTM_NEWLINK answers (done %v), want %d and NLMSG_DONE", len(answers), done, len(ifs))
		}
		for _, a := range answers {
			if a.typ != rtmNewLink {
				t.Errorf("answer type %d, want RTM_NEWLINK", a.typ)
			}
		}
	})
}

func TestTraceIPAddr(t *testing.T) {
	eachUser(t, "ip", []string{"ip", "-o", "addr"}, func(t *testing.T, r nlcapRun) {
		_, answers, done := dumpOf(t, messages(t, r.recs), nlcap.FamilyRoute, rtmGetAddr)
		// ip -o addr prints one line per address.
		lines := strings.Count(r.stdout, "\n")
		if len(answers) != lines || !done || lines == 0 {
			t.Errorf("%d RTM_NEWADDR answers (done %v), ip printed %d addresses:\n%s", len(answers), done, lines, r.stdout)
		}
	})
}

func TestTraceGenlCtrlList(t *testing.T) {
	eachUser(t, "genl", []string{"genl", "ctrl", "list"}, func(t *testing.T, r nlcapRun) {
		_, answers, done := dumpOf(t, messages(t, r.recs), nlcap.FamilyGeneric, genlIDCtrl)
		names := strings.Count(r.stdout, "Name: ")
		if len(answers) != names || !done || names == 0 {
			t.Errorf("%d nlctrl answers (done %v), genl listed %d families", len(answers), done, names)
		}
		for _, a := range answers {
			if a.raw[16] != ctrlCmdNewFam {
				t.Errorf("answer cmd %d, want CTRL_CMD_NEWFAMILY", a.raw[16])
			}
		}
	})
}

func TestTraceSS(t *testing.T) {
	// A listening socket, so that ss has at least one line to print.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	eachUser(t, "ss", []string{"ss", "-t", "-a", "-n"}, func(t *testing.T, r nlcapRun) {
		if !strings.Contains(r.stdout, "127.0.0.1:"+port) {
			t.Fatalf("ss did not list the test's listener on port %s:\n%s", port, r.stdout)
		}
		var answers, reqs int
		for _, m := range messages(t, r.recs) {
			switch {
			case m.rec.Family != nlcap.FamilySockDiag:
				t.Errorf("a %v record; ss -t talks sock_diag only", m.rec.Family)
			case m.rec.Direction == nlcap.DirectionToKernel && m.typ == sockDiagByFam:
				reqs++
			case m.rec.Direction == nlcap.DirectionFromKernel && m.typ == sockDiagByFam:
				answers++
			}
		}
		// One line per socket, after the header line.
		if lines := strings.Count(r.stdout, "\n") - 1; reqs == 0 || answers != lines {
			t.Errorf("%d requests, %d inet_diag answers; ss printed %d sockets:\n%s", reqs, answers, lines, r.stdout)
		}
	})
}

// TestTraceExitStatus: nlcap exits with the command's status, its stderr
// passes through, and a command that is not found is an error.
func TestTraceExitStatus(t *testing.T) {
	as := runAs{name: "self"}
	out := filepath.Join(workDir(t), "x.pcapng")
	r := traceRun(t, as, out, "-w", out, "--", "ip", "link", "show", "dev", "nlcap-no-such-link")
	if r.code != 1 || !strings.Contains(r.stderr, "nlcap-no-such-link") {
		t.Errorf("exit status %d (want ip's 1); stderr:\n%s", r.code, r.stderr)
	}
	if len(r.recs) == 0 {
		t.Error("no record of the failed lookup")
	}
	r = traceRun(t, as, "", "-w", out, "--", "sh", "-c", "kill -TERM $$")
	if r.code != 128+15 {
		t.Errorf("a command killed by SIGTERM: exit status %d, want 143", r.code)
	}
	// A job-control stop of a started command cannot be kept (see
	// docs/capture.md): it must not hang or loop either.
	r = traceRun(t, as, "", "-w", out, "--", "sh", "-c", "kill -STOP $$; echo resumed")
	if r.code != 0 || r.stdout != "resumed\n" {
		t.Errorf("a command that stops itself: exit status %d, output %q", r.code, r.stdout)
	}
	r = traceRun(t, as, "", "-w", out, "--", "nlcap-no-such-command")
	if r.code != 1 || !strings.Contains(r.stderr, "nlcap-no-such-command") {
		t.Errorf("missing command: exit status %d; stderr:\n%s", r.code, r.stderr)
	}
}

// recordedLines returns the messages of recs in the client's log format,
// "PROTOCOL:PORT s|r HEX" (a port id is unique per protocol), in record
// order.
func recordedLines(t *testing.T, recs []nlcap.Record) []string {
	var out []string
	for _, m := range messages(t, recs) {
		dir := 's'
		if m.rec.Direction == nlcap.DirectionFromKernel {
			dir = 'r'
		}
		out = append(out, fmt.Sprintf("%d:%d %c %x", m.rec.Family, m.rec.Process.PortID, dir, m.raw))
	}
	return out
}

// compareByPort checks that the client saw exactly the recorded
// messages, socket by socket, in the same order.
func compareByPort(t *testing.T, client, recorded []string) {
	t.Helper()
	byPort := func(lines []string) map[string][]string {
		m := make(map[string][]string)
		for _, l := range lines {
			port, _, _ := strings.Cut(l, " ")
			m[port] = append(m[port], l)
		}
		return m
	}
	c, r := byPort(client), byPort(recorded)
	if len(c) == 0 {
		t.Fatal("the client logged nothing")
	}
	for port, cl := range c {
		rl := r[port]
		if len(rl) != len(cl) {
			t.Errorf("socket %s: client saw %d messages, %d recorded", port, len(cl), len(rl))
		}
		for i := range min(len(cl), len(rl)) {
			if cl[i] != rl[i] {
				t.Errorf("socket %s, message %d differs:\nclient   %.200s\nrecorded %.200s", port, i, cl[i], rl[i])
				break
			}
		}
	}
	for port := range r {
		if _, ok := c[port]; !ok {
			t.Errorf("%d messages recorded on socket %s, which the client does not know", len(r[port]), port)
		}
	}
}

func clientLines(stdout string) []string {
	return strings.FieldsFunc(stdout, func(r rune) bool { return r == '\n' })
}

// TestTraceGoClient traces a Go program with six sockets opened on its main
// thread and used each on a thread of its own, through sendto/recvfrom,
// sendmsg/recvmsg, write/read, sendmmsg/recvmmsg and mdlayher/netlink
// (MSG_PEEK before every read): hundreds of dumps, and every request and
// answer the client saw is recorded, byte for byte, in order per socket,
// and nothing else.
func TestTraceGoClient(t *testing.T) {
	for _, as := range users(t) {
		t.Run(as.name, func(t *testing.T) {
			out := filepath.Join(workDir(t), "go.pcapng")
			r := traceRun(t, as, out, "-w", out, "--", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "dumps", "60")
			if r.code != 0 {
				t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
			}
			client := clientLines(r.stdout)
			compareByPort(t, client, recordedLines(t, r.recs))
			tids := make(map[int]bool)
			for _, rec := range r.recs {
				tids[rec.Process.TID] = true
				if rec.Process.PID != r.recs[0].Process.PID {
					t.Fatalf("records of two processes: %+v and %+v", rec.Process, r.recs[0].Process)
				}
			}
			if len(tids) < 4 {
				t.Errorf("records made by %d threads; the client used six sockets on six threads", len(tids))
			}
			if n := strings.Count(r.stdout, " s "); n < 6*60 {
				t.Errorf("the client sent %d requests, want %d", n, 6*60)
			}
		})
	}
}

// TestTraceMulticast: a notification received on a socket in a multicast
// group is recorded with the group's number (RTNLGRP_LINK = 1); the request
// and its ACK on the other socket have none. The client runs in a network
// namespace of its own (unshare -Urn, no privilege needed) and sets lo up.
func TestTraceMulticast(t *testing.T) {
	for _, as := range users(t) {
		t.Run(as.name, func(t *testing.T) {
			out := filepath.Join(workDir(t), "mcast.pcapng")
			r := traceRun(t, as, out, "-w", out, "--", "unshare", "-Urn", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "monitor")
			if r.code != 0 {
				t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
			}
			client := clientLines(r.stdout)
			compareByPort(t, client, recordedLines(t, r.recs))
			monPort := strings.SplitN(client[len(client)-1], " ", 2)[0]
			var notified int
			for _, rec := range r.recs {
				onMon := fmt.Sprintf("%d:%d", rec.Family, rec.Process.PortID) == monPort
				want := uint32(0)
				if onMon {
					want = 1
					notified++
				}
				if rec.Process.Group != want || (onMon && rec.Direction != nlcap.DirectionFromKernel) {
					t.Errorf("record %v on %d:%d: group %d, want %d", rec.Direction, rec.Family, rec.Process.PortID, rec.Process.Group, want)
				}
			}
			if notified == 0 {
				t.Error("no record on the monitoring socket")
			}
		})
	}
}

// TestTraceTruncated: a read with MSG_TRUNC into a short buffer returns the
// datagram's length; the record holds the bytes the buffer got, with the
// true length as its original length.
func TestTraceTruncated(t *testing.T) {
	out := filepath.Join(workDir(t), "trunc.pcapng")
	r := traceRun(t, runAs{name: "self"}, out, "-w", out, "--", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "trunc")
	if r.code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
	}
	var n int
	var got string
	if _, err := fmt.Sscanf(r.stdout, "%d %s", &n, &got); err != nil || n <= 100 {
		t.Fatalf("client printed %q (%v), want a datagram longer than 100 bytes", r.stdout, err)
	}
	if len(r.recs) != 2 {
		t.Fatalf("%d records, want the request and the truncated answer", len(r.recs))
	}
	ans := r.recs[1]
	if ans.Direction != nlcap.DirectionFromKernel || ans.OrigLen != n || fmt.Sprintf("%x", ans.Data) != got {
		t.Errorf("answer: %v, %d bytes of %d: %x; want from-kernel, the client's 100 bytes of %d: %s", ans.Direction, len(ans.Data), ans.OrigLen, ans.Data, n, got)
	}
}

// TestTraceDescriptorReuse: after close_range, the descriptor number of a
// netlink socket reused for /dev/null is not taken for a netlink socket.
func TestTraceDescriptorReuse(t *testing.T) {
	out := filepath.Join(workDir(t), "reuse.pcapng")
	r := traceRun(t, runAs{name: "self"}, out, "-w", out, "--", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "reuse")
	if r.code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
	}
	compareByPort(t, clientLines(r.stdout), recordedLines(t, r.recs))
}

// TestTraceCount: under -- CMD, -c stops recording after N records and CMD
// runs on to its end, with its status.
func TestTraceCount(t *testing.T) {
	out := filepath.Join(workDir(t), "count.pcapng")
	r := traceRun(t, runAs{name: "self"}, out, "-w", out, "-c", "7", "--", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "dumps", "5")
	if r.code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
	}
	if len(r.recs) != 7 {
		t.Errorf("-c 7 wrote %d records", len(r.recs))
	}
	if n := strings.Count(r.stdout, " s "); n != 6*5 {
		t.Errorf("the client sent %d requests, want all %d", n, 6*5)
	}
}

// TestTraceAudit records a NETLINK_AUDIT exchange, which nlmon never sees:
// root gets the audit status, nobody an EPERM error; nlcap -r names the
// family and decodes the header.
func TestTraceAudit(t *testing.T) {
	for _, as := range users(t) {
		t.Run(as.name, func(t *testing.T) {
			dir := workDir(t)
			out := filepath.Join(dir, "audit.pcapng")
			r := traceRun(t, as, out, "-w", out, "--", "env", "NLCAP_TEST_AS=nlclient", testBin(t), "audit")
			if r.code != 0 {
				t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
			}
			compareByPort(t, clientLines(r.stdout), recordedLines(t, r.recs))
			for _, rec := range r.recs {
				if rec.Family != nlcap.FamilyAudit {
					t.Errorf("record of family %v, want audit", rec.Family)
				}
			}
			var so, se bytes.Buffer
			if err := run(t.Context(), []string{"-r", out}, &so, &se); err != nil {
				t.Fatalf("nlcap -r: %v\n%s", err, se.String())
			}
			text := so.String()
			if !strings.Contains(text, "] audit request") || !strings.Contains(text, "seq 7") {
				t.Errorf("nlcap -r does not name the audit family or the header:\n%s", text)
			}
		})
	}
}

// A loopClient is the nlclient loop mode running in the background.
type loopClient struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	dumps int
	done  chan error
}

func startLoopClient(t *testing.T, as runAs) *loopClient {
	t.Helper()
	argv := append(append([]string(nil), as.prefix...), testBin(t), "loop")
	c := &loopClient{cmd: exec.Command(argv[0], argv[1:]...), done: make(chan error, 1)}
	c.cmd.Env = append(os.Environ(), "NLCAP_TEST_AS=nlclient")
	pr, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var n int
			if _, err := fmt.Sscanf(sc.Text(), "dump %d", &n); err == nil {
				c.mu.Lock()
				c.dumps = n
				c.mu.Unlock()
			}
		}
		c.done <- c.cmd.Wait()
	}()
	t.Cleanup(func() { c.cmd.Process.Kill() })
	c.waitDumps(t, 3)
	return c
}

func (c *loopClient) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dumps
}

// waitDumps waits until the client has made n dumps more than now.
func (c *loopClient) waitDumps(t *testing.T, n int) {
	t.Helper()
	want := c.count() + n
	for deadline := time.Now().Add(10 * time.Second); c.count() < want; {
		select {
		case err := <-c.done:
			t.Fatalf("the client ended: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the client made %d dumps, want %d", c.count(), want)
		}
	}
}

// TestTraceAttach attaches to running programs with -p and detaches on
// --duration, -c and SIGINT: their dumps are recorded, and after nlcap ends
// they run on untraced and unharmed, and die only of the SIGTERM the test
// sends. "two" attaches to two processes at once (-p A,B).
func TestTraceAttach(t *testing.T) {
	for _, as := range users(t) {
		for _, mode := range []string{"duration", "count", "sigint", "two"} {
			t.Run(as.name+"/"+mode, func(t *testing.T) {
				cs := []*loopClient{startLoopClient(t, as)}
				if mode == "two" {
					cs = append(cs, startLoopClient(t, as))
				}
				var pids []string
				for _, c := range cs {
					pids = append(pids, strconv.Itoa(c.cmd.Process.Pid))
				}
				pid := strings.Join(pids, ",")
				out := filepath.Join(workDir(t), "p.pcapng")
				var r nlcapRun
				switch mode {
				case "duration", "two":
					r = traceRun(t, as, out, "-w", out, "-p", pid, "--duration", "500ms")
				case "count":
					r = traceRun(t, as, out, "-w", out, "-p", pid, "-c", "5")
				case "sigint":
					r = traceRunSignal(t, as, out, 500*time.Millisecond, "-w", out, "-p", pid)
				}
				if yamaDenies(as) {
					// Yama ptrace_scope >= 1 (Ubuntu): a user cannot attach to
					// a process that is not its descendant; nlcap says why.
					if r.code != 1 || !strings.Contains(r.stderr, "kernel.yama.ptrace_scope is") {
						t.Errorf("under Yama: exit status %d, want 1 and the ptrace_scope explanation; stderr:\n%s", r.code, r.stderr)
					}
					for _, c := range cs {
						c.checkDetached(t)
					}
					return
				}
				if r.code != 0 {
					t.Fatalf("exit status %d; stderr:\n%s", r.code, r.stderr)
				}
				if mode == "count" && len(r.recs) != 5 {
					t.Errorf("-c 5 wrote %d records", len(r.recs))
				}
				if len(r.recs) < 3 {
					t.Fatalf("%d records; stderr:\n%s", len(r.recs), r.stderr)
				}
				seen := make(map[string]int)
				for i, rec := range r.recs {
					p := strconv.Itoa(rec.Process.PID)
					seen[p]++
					if !slices.Contains(pids, p) || rec.Family != nlcap.FamilyRoute || rec.Process.PortID == 0 {
						t.Errorf("record %d: %v %+v, want route records of processes %s with a port id", i, rec.Family, rec.Process, pid)
					}
				}
				if mode != "count" && len(seen) != len(pids) {
					t.Errorf("records of processes %v, want all of %s", seen, pid)
				}
				for _, c := range cs {
					c.checkDetached(t)
				}
			})
		}
	}
}

// yamaDenies reports whether Yama keeps nlcap, run as as, from attaching
// to a process that is not its descendant: ptrace_scope 1 or more for a
// user other than root (CAP_SYS_PTRACE).
func yamaDenies(as runAs) bool {
	b, err := os.ReadFile("/proc/sys/kernel/yama/ptrace_scope")
	if err != nil {
		return false // no Yama (this project's machines)
	}
	scope := strings.TrimSpace(string(b))
	return scope != "0" && (as.prefix != nil || os.Getuid() != 0)
}

// checkDetached checks that the client is neither traced nor stopped, goes
// on dumping, and dies of the SIGTERM it is sent.
func (c *loopClient) checkDetached(t *testing.T) {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	if tp := statusLine(string(status), "TracerPid"); tp != "0" {
		t.Errorf("still traced by %s after nlcap ended", tp)
	}
	if st := statusLine(string(status), "State"); strings.HasPrefix(st, "t") || strings.HasPrefix(st, "T") {
		t.Errorf("left stopped: State %s", st)
	}
	c.waitDumps(t, 5)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = <-c.done
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Errorf("the client ended with %v, want killed by our SIGTERM", err)
	}
}

func statusLine(status, key string) string {
	for line := range strings.Lines(status) {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestTracerClose: Close unblocks a pending read with os.ErrClosed and kills
// the started command. (A capture.Tracer test that lives here because this
// test binary runs the tracer's launcher, see TestMain.)
func TestTracerClose(t *testing.T) {
	tr, err := capture.Trace([]string{"sleep", "30"}, &capture.TraceConfig{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan error, 1)
	go func() {
		_, err := tr.ReadRecord()
		read <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-read:
		if !errors.Is(err, os.ErrClosed) {
			t.Errorf("pending read after Close: %v, want os.ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock ReadRecord")
	}
	if _, err := tr.ReadRecord(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("read after Close: %v, want os.ErrClosed", err)
	}
	for deadline := time.Now().Add(5 * time.Second); tr.ExitCode() == -1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the command was not killed")
		}
	}
	if code := tr.ExitCode(); code != 128+9 {
		t.Errorf("exit code %d, want 137 (SIGKILL)", code)
	}
}

// TestTraceAttachTraced: a process another tracer holds (here a first
// nlcap) cannot be attached; the error names that tracer.
func TestTraceAttachTraced(t *testing.T) {
	first := exec.Command(testBin(t), "-w", filepath.Join(workDir(t), "first.pcapng"), "--", "sleep", "30")
	first.Env = append(os.Environ(), "NLCAP_TEST_AS=nlcap")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		first.Process.Kill() // PTRACE_O_EXITKILL takes sleep along
		first.Wait()
	}()
	// sleep is the first nlcap's child, once the launcher has exec'd it.
	var sleepPID string
	for deadline := time.Now().Add(10 * time.Second); sleepPID == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the traced sleep did not start")
		}
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", first.Process.Pid))
		for _, f := range tasks {
			b, _ := os.ReadFile(f)
			for _, c := range strings.Fields(string(b)) {
				if comm, _ := os.ReadFile("/proc/" + c + "/comm"); string(comm) == "sleep\n" {
					sleepPID = c
				}
			}
		}
	}
	r := traceRun(t, runAs{name: "self"}, "", "-w", filepath.Join(workDir(t), "second.pcapng"), "-p", sleepPID)
	want := fmt.Sprintf("already traced by process %d", first.Process.Pid)
	if r.code != 1 || !strings.Contains(r.stderr, "attach to process "+sleepPID) || !strings.Contains(r.stderr, want) {
		t.Errorf("exit status %d, want 1 and %q; stderr:\n%s", r.code, want, r.stderr)
	}
}
