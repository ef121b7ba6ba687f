package main

// Host tests of nlcap as an extcap of this machine's tshark (Debian's 4.0):
// nlcap is installed with --install-extcap --system into the global extcap
// folder `tshark -G folders` names, and removed again by t.Cleanup. CI runs
// them as root with NLCAP_REQUIRE_TSHARK=1: a missing tshark or a folder
// that cannot be written fails them there; elsewhere they skip.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mustHaveOrSkip fails the test in CI (CI or NLCAP_REQUIRE_TSHARK set) and
// skips it elsewhere.
func mustHaveOrSkip(t *testing.T, format string, a ...any) {
	t.Helper()
	if os.Getenv("CI") != "" || os.Getenv("NLCAP_REQUIRE_TSHARK") != "" {
		t.Fatalf("required (CI or NLCAP_REQUIRE_TSHARK is set): "+format, a...)
	}
	t.Skipf(format, a...)
}

// tsharkSession is nlcap installed as an extcap of this machine's tshark.
type tsharkSession struct {
	tshark string
	nlcap  string // the built binary the extcap link leads to
	link   string
	home   string // tshark's HOME: no profile of the user's is read or written
}

// run runs tshark with args and returns its combined output and error.
func (s *tsharkSession) run(t *testing.T, timeout time.Duration, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.tshark, args...)
	cmd.Env = append(os.Environ(), "HOME="+s.home)
	// tshark, dumpcap and the extcap in a process group of their own,
	// killed together on a timeout: a dumpcap stuck on its fifo must not
	// hang the test past its cleanup.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("tshark %q: timed out after %v:\n%s", args, timeout, out)
	}
	t.Logf("$ tshark %s", strings.Join(args, " "))
	return string(out), err
}

// buildNlcap builds the static nlcap binary into dir.
func buildNlcap(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "nlcap")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lockExtcapFolder waits for an exclusive flock of tshark's extcap folder
// dir itself (the machine's, whatever TMPDIR or user), taken by the tests
// that install into it, and releases it at the end of t (registered
// first, it runs after the uninstall): two runs of these tests at once
// (two checkouts, go test -count) no longer remove each other's link.
func lockExtcapFolder(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatalf("extcap test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("extcap test lock: %v", err)
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock
}

// installForTshark builds nlcap, installs it with --install-extcap --system
// and registers its removal.
func installForTshark(t *testing.T) *tsharkSession {
	t.Helper()
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		mustHaveOrSkip(t, "tshark not found (%v); install the Debian tshark package", err)
	}
	out, err := exec.Command(tshark, "-G", "folders").Output()
	if err != nil {
		t.Fatalf("tshark -G folders: %v", err)
	}
	_, dir := parseTsharkFolders(string(out))
	if dir == "" {
		t.Fatalf("tshark -G folders names no extcap folder:\n%s", out)
	}
	if err := canWrite(dir); err != nil {
		mustHaveOrSkip(t, "cannot install into tshark's extcap folder %s: %v (run as root)", dir, err)
	}
	s := &tsharkSession{tshark: tshark, home: t.TempDir(), link: filepath.Join(dir, extcapLinkName)}
	s.nlcap = buildNlcap(t, t.TempDir())
	lockExtcapFolder(t, dir)
	if fi, err := os.Lstat(s.link); err == nil {
		target, _ := os.Readlink(s.link)
		if !leftByThisTest(target) {
			t.Fatalf("%s already exists (%s): remove it to run this test", s.link, describeFile(s.link, fi))
		}
		// A run killed before its cleanup (go test -timeout) left it.
		t.Logf("removing %s -> %s, left by an earlier run of this test", s.link, target)
		if err := os.Remove(s.link); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		out, err := exec.Command(s.nlcap, "--uninstall-extcap", "--system").CombinedOutput()
		if err != nil {
			t.Errorf("nlcap --uninstall-extcap --system: %v\n%s", err, out)
			if target, _ := os.Readlink(s.link); target == s.nlcap {
				os.Remove(s.link)
			}
		}
		if _, err := os.Lstat(s.link); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after the test: %v", s.link, err)
		}
	})
	out, err = exec.Command(s.nlcap, "--install-extcap", "--system").CombinedOutput()
	if err != nil {
		t.Fatalf("nlcap --install-extcap --system: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), s.link) {
		t.Errorf("--install-extcap says %q, want the link's path %s", out, s.link)
	}
	return s
}

// leftByThisTest reports whether an extcap link's target is a binary built
// by TestExtcapTshark* (in its t.TempDir()).
func leftByThisTest(target string) bool {
	rel, err := filepath.Rel(os.TempDir(), target)
	return err == nil && strings.HasPrefix(rel, "TestExtcapTshark") && filepath.Base(rel) == extcapLinkName &&
		strings.Count(rel, string(filepath.Separator)) == 2
}

// canWrite returns nil when a file can be created in dir.
func canWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".nlcap-test-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// TestExtcapTshark: tshark lists both interfaces, passes the options the way
// this test's e2e twin (e2e/extcap_test.go) replays them, and shows nlcap's
// errors as its own ("Error by extcap pipe").
func TestExtcapTshark(t *testing.T) {
	s := installForTshark(t)

	out, err := s.run(t, time.Minute, "-D")
	if err != nil {
		t.Fatalf("tshark -D: %v\n%s", err, out)
	}
	for _, iface := range []string{extcapNlmon, extcapProcess} {
		if !regexp.MustCompile(`(?m)^\d+\. ` + regexp.QuoteMeta(iface) + ` \(`).MatchString(out) {
			t.Errorf("tshark -D does not list %s:\n%s", iface, out)
		}
	}

	// A bad option: nlcap's error reaches tshark's error path, exit != 0.
	out, err = s.run(t, time.Minute, "-i", extcapProcess, "-o", "extcap.nlcap_process.pid:12,x",
		"-a", "duration:20", "-w", filepath.Join(t.TempDir(), "bad.pcapng"))
	if err == nil || !strings.Contains(out, "Error by extcap pipe: nlcap: nlcap-process: --pid") {
		t.Errorf("bad option: err %v, output:\n%s\nwant tshark's \"Error by extcap pipe: nlcap: ...\"", err, out)
	}

	// The arguments dumpcap passes for nlmon with its defaults, read from
	// --log-file (set as a preference, so it is passed too). Whether this
	// host's kernel has nlmon does not matter: the log is written first.
	logFile := filepath.Join(t.TempDir(), "nlmon.log")
	out, _ = s.run(t, time.Minute, "-i", extcapNlmon, "-o", "extcap.nlmon.logfile:"+logFile,
		"-a", "duration:2", "-w", filepath.Join(t.TempDir(), "nlmon.pcapng"))
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("nlmon capture wrote no log (%v); tshark said:\n%s", err, out)
	}
	argv := calledAs(t, string(b))
	fifo := ""
	if i := slices.Index(argv, "--fifo"); i >= 0 && i+1 < len(argv) {
		fifo = argv[i+1]
	}
	want := []string{"--capture", "--extcap-interface", "nlmon", "--fifo", fifo,
		"--snaplen", "262144", "--buffer-size", "4096", "--log-file", logFile}
	if fifo == "" || !slices.Equal(argv, want) {
		t.Errorf("dumpcap called nlcap as %q, want %q (e2e/extcap_test.go replays this form)", argv, want)
	}
}

// calledAs returns the argument list logged by --log-file.
func calledAs(t *testing.T, log string) []string {
	t.Helper()
	for _, line := range strings.Split(log, "\n") {
		_, q, ok := strings.Cut(line, ": called as ")
		if !ok {
			continue
		}
		var argv []string
		q = strings.TrimSuffix(strings.TrimPrefix(q, "["), "]")
		for q != "" {
			p, err := strconv.QuotedPrefix(q)
			if err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			a, _ := strconv.Unquote(p)
			argv = append(argv, a)
			q = strings.TrimPrefix(q[len(p):], " ")
		}
		return argv
	}
	t.Fatalf("no \"called as\" line in the log:\n%s", log)
	return nil
}

// TestExtcapTsharkProcess: `tshark -i nlcap-process -o
// extcap.nlcap_process.cmd:'ip link show'` captures ip's netlink traffic
// through the process tracer (issue 14), which tshark decodes without
// "Malformed". Whether this nlcap has the tracer is asked of its own
// command line (`nlcap -w F -- true`), not of the code under test; without
// it, the test checks that tshark shows the clear error instead.
func TestExtcapTsharkProcess(t *testing.T) {
	s := installForTshark(t)
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Fatalf("ip (iproute2) is needed: %v", err)
	}
	probe := exec.Command(s.nlcap, "-w", filepath.Join(t.TempDir(), "probe.pcapng"), "--", "true")
	tracer := probe.Run() == nil

	pcapng := filepath.Join(t.TempDir(), "out.pcapng")
	out, err := s.run(t, 2*time.Minute, "-i", extcapProcess, "-o", "extcap.nlcap_process.cmd:"+ip+" link show",
		"-a", "duration:60", "-w", pcapng)
	if !tracer {
		if err == nil || !strings.Contains(out, "Error by extcap pipe: nlcap: "+errNoTracer.Error()) {
			t.Fatalf("without the tracer: err %v, output:\n%s\nwant the no-tracer error", err, out)
		}
		t.Logf("this nlcap has no process tracer (`nlcap -w F -- true` fails): checked its error path only")
		return
	}
	if err != nil || strings.Contains(out, "Error by extcap pipe") {
		t.Fatalf("tshark -i nlcap-process: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.tshark, "-n", "-r", pcapng, "-T", "fields", "-E", "separator=/t",
		"-e", "frame.number", "-e", "netlink.family", "-e", "netlink-route.nltype", "-e", "_ws.malformed")
	cmd.Env = append(os.Environ(), "HOME="+s.home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	fields, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark -r: %v\n%s", err, stderr.String())
	}
	var getlink, newlink, frames int
	for _, line := range strings.Split(strings.TrimRight(string(fields), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			t.Fatalf("tshark line %q: want 4 fields", line)
		}
		frames++
		if f[3] != "" {
			t.Errorf("frame %s is Malformed", f[0])
		}
		fam, err := strconv.ParseUint(f[1], 0, 16) // "0x0000"
		if err != nil || fam != 0 {                // NETLINK_ROUTE
			continue
		}
		types := strings.Split(f[2], ",")
		if slices.Contains(types, "18") { // RTM_GETLINK
			getlink++
		}
		if slices.Contains(types, "16") { // RTM_NEWLINK
			newlink++
		}
	}
	if getlink == 0 || newlink == 0 {
		t.Errorf("%d frames, %d RTM_GETLINK, %d RTM_NEWLINK: want ip's dump request and its answers:\n%s", frames, getlink, newlink, fields)
	}
	checkNotMalformed(t, ctx, s, pcapng)

	// The program fails: its output and exit status reach tshark's error.
	out, _ = s.run(t, 2*time.Minute, "-i", extcapProcess, "-o", "extcap.nlcap_process.cmd:"+ip+" link show dev nosuchdev0",
		"-a", "duration:60", "-w", filepath.Join(t.TempDir(), "fail.pcapng"))
	if !strings.Contains(out, "Error by extcap pipe") || !strings.Contains(out, "nosuchdev0") || !strings.Contains(out, "status 1") {
		t.Errorf("failing program: tshark said:\n%s\nwant ip's error and its exit status 1", out)
	}

	// A running process, attached and detached when tshark stops the
	// capture (dumpcap's SIGTERM, the fifo closed): a clean end, and the
	// process still runs.
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { sleeper.Process.Kill(); sleeper.Wait() }()
	out, err = s.run(t, 2*time.Minute, "-i", extcapProcess, "-o", "extcap.nlcap_process.pid:"+strconv.Itoa(sleeper.Process.Pid),
		"-a", "duration:2", "-w", filepath.Join(t.TempDir(), "attach.pcapng"))
	if err != nil || strings.Contains(out, "Error by extcap pipe") {
		t.Errorf("attach stopped by tshark: %v\n%s", err, out)
	}
	if err := sleeper.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the attached process is gone after the capture: %v", err)
	}
}

// checkNotMalformed fails the test when tshark -V finds a malformed packet.
func checkNotMalformed(t *testing.T, ctx context.Context, s *tsharkSession, pcapng string) {
	t.Helper()
	vcmd := exec.CommandContext(ctx, s.tshark, "-n", "-r", pcapng, "-V")
	vcmd.Env = append(os.Environ(), "HOME="+s.home)
	raw, err := vcmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tshark -V: %v", err)
	}
	if bytes.Contains(raw, []byte("Malformed")) {
		t.Errorf("tshark -V reports Malformed packets")
	}
}
