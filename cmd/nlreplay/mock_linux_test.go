//go:build linux && (amd64 || arm64)

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap/internal/hostile"
)

// These tests run programs (iproute2, genl, ss, ethtool, a Go client)
// under nlreplay --mock, unprivileged: no root, capability or nlmon is
// needed (TestMockAsNobody runs them again as uid 65534 when the tests run
// as root). Each program must print what it printed on the recording
// kernel, byte for byte.

// needTool skips when a program the test serves is not installed.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed: %v", name, err)
	}
}

// runMockCmd runs nlreplay with args, with a deadline: a served program
// that hangs fails the test.
func runMockCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	err = run(ctx, args, &out, &errb)
	if ctx.Err() != nil {
		t.Fatalf("nlreplay %q did not end in time; stderr:\n%s", args, errb.String())
	}
	return out.String(), errb.String(), err
}

// TestMockHostCaptures serves the commands recorded on this host by
// testdata/host/record.sh (process captures: nlcap -w F -- CMD).
func TestMockHostCaptures(t *testing.T) {
	for _, tc := range []struct {
		name string
		argv []string
	}{
		{"ip-link", []string{"ip", "link", "show"}},
		{"ip-link-d0", []string{"ip", "link", "show", "dev", "d0"}},
		{"ip-addr", []string{"ip", "addr", "show"}},
		{"ip-route", []string{"ip", "route", "show"}},
		{"genl-ctrl", []string{"genl", "ctrl", "list"}},
		{"ss", []string{"ss", "-t", "-l", "-n"}},
		{"ethtool-k", []string{"ethtool", "-k", "d0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			needTool(t, tc.argv[0])
			want, err := os.ReadFile(filepath.Join("../../testdata/host", tc.name+".out"))
			if err != nil {
				t.Fatal(err)
			}
			args := append([]string{"--mock", filepath.Join("../../testdata/host", tc.name+".pcapng"), "--"}, tc.argv...)
			out, errs, err := runMockCmd(t, args...)
			if err != nil {
				t.Fatalf("nlreplay: %v\nstderr:\n%s", err, errs)
			}
			if out != string(want) {
				t.Errorf("%s printed:\n%s\nrecorded:\n%s", tc.argv, out, want)
			}
			if !strings.Contains(errs, " 0 unmatched, 0 unserved") {
				t.Errorf("want every request served, nothing unmatched; stderr:\n%s", errs)
			}
		})
	}
}

// labOutput returns what cmd printed in a lab scenario's .cmds.txt: its
// first lines and, when the file cut them, the full line and byte counts.
func labOutput(t *testing.T, file, cmd string) (lines []string, total, bytes int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	total, bytes = -1, -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "$ "):
			if in {
				return lines, total, bytes
			}
			in = l == "$ "+cmd
		case in && strings.HasPrefix(l, "  out| ... ("):
			if _, err := fmt.Sscanf(l, "  out| ... (%d lines, %d bytes in total", &total, &bytes); err != nil {
				t.Fatalf("%s: %q: %v", file, l, err)
			}
		case in && strings.HasPrefix(l, "  out|"):
			lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "  out|"), " "))
		}
	}
	if !in && lines == nil {
		t.Fatalf("%s has no command %q", file, cmd)
	}
	return lines, total, bytes
}

// TestMockLabCaptures serves commands from the lab's nlmon captures
// (tcpdump on nlmon in QEMU, testdata/README.md) and compares with the
// output the scenario recorded (.cmds.txt cuts long output after 40
// lines and keeps its size: those are compared in full).
func TestMockLabCaptures(t *testing.T) {
	for _, tc := range []struct {
		capture string
		cmd     string
	}{
		{"rtnl-basic", "ip link show"},
		{"rtnl-basic", "ip addr show"},
		{"rtnl-basic", "ip route show"},
		{"genl-ctrl", "genl ctrl list"},
		{"genl-ethtool", "ethtool -k d0"},
	} {
		t.Run(tc.capture+"/"+tc.cmd, func(t *testing.T) {
			argv := strings.Fields(tc.cmd)
			needTool(t, argv[0])
			base := filepath.Join("../../testdata/captures", tc.capture)
			want, total, size := labOutput(t, base+".cmds.txt", tc.cmd)
			out, errs, err := runMockCmd(t, append([]string{"--mock", base + ".pcap", "--"}, argv...)...)
			if err != nil {
				t.Fatalf("nlreplay: %v\nstderr:\n%s", err, errs)
			}
			got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if total >= 0 {
				if len(got) != total || len(out) != size {
					t.Errorf("%s printed %d lines, %d bytes; recorded %d lines, %d bytes", tc.cmd, len(got), len(out), total, size)
				}
				got = got[:min(len(got), len(want))]
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s printed:\n%s\nrecorded:\n%s", tc.cmd, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if !strings.Contains(errs, " 0 unmatched") {
				t.Errorf("want nothing unmatched; stderr:\n%s", errs)
			}
		})
	}
}

// TestMockMonitor: ip monitor against a capture of ip monitor prints the
// recorded events, and --mock-idle ends it.
func TestMockMonitor(t *testing.T) {
	needTool(t, "ip")
	want, err := os.ReadFile("../../testdata/host/monitor.out")
	if err != nil {
		t.Fatal(err)
	}
	out, errs, err := runMockCmd(t, "--mock", "../../testdata/host/monitor.pcapng", "--mock-idle", "1s", "-v", "--", "ip", "monitor", "link", "address")
	if err != nil {
		t.Fatalf("nlreplay: %v\nstderr:\n%s", err, errs)
	}
	if out != string(want) {
		t.Errorf("ip monitor printed:\n%s\nrecorded:\n%s", out, want)
	}
	if !strings.Contains(errs, "--mock-idle") || !strings.Contains(errs, "4 notifications delivered") {
		t.Errorf("stderr does not say the idle end and the 4 events:\n%s", errs)
	}
	// -v lists the exchanges: ip monitor's own, and the other commands'
	// requests of the capture, which it never makes.
	if !strings.Contains(errs, "  served 1×: request ") || !strings.Contains(errs, "  unserved: request ") {
		t.Errorf("-v does not list the served and unserved requests:\n%s", errs)
	}
}

// TestMockChangedProgram: a program that asks something else than the
// recorded one fails with the diff and exit status 1, and still gets an
// error answer; --lenient leaves the status to the program.
func TestMockChangedProgram(t *testing.T) {
	needTool(t, "ip")
	args := []string{"--mock", "../../testdata/host/ip-link-d0.pcapng", "--", "ip", "link", "show", "dev", "d1"}
	out, errs, err := runMockCmd(t, args...)
	if code := exitCode(err, io.Discard); code != 1 {
		t.Fatalf("exit status %d (%v), want 1; stderr:\n%s", code, err, errs)
	}
	for _, want := range []string{
		"unexpected request RTM_GETLINK",
		`-     IFLA_IFNAME: "d0"`,
		`+     IFLA_IFNAME: "d1"`,
		`Device "d1" does not exist.`, // ip's own message: it got an error answer
		"1 unmatched",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if out != "" {
		t.Errorf("stdout: %q", out)
	}
	_, errs, err = runMockCmd(t, append([]string{"--lenient"}, args...)...)
	var ce commandExit
	if !errors.As(err, &ce) || ce.code != 1 {
		t.Errorf("--lenient: got %v, want ip's own exit status 1; stderr:\n%s", err, errs)
	}
	if !strings.Contains(errs, `+     IFLA_IFNAME: "d1"`) {
		t.Errorf("--lenient: the diff is still printed; stderr:\n%s", errs)
	}
}

// TestMockGoClient serves nlclient (jsimonetti/rtnetlink, mdlayher/ethtool
// and genetlink; it dials its own sockets and uses Go's netpoller) from
// the lab capture of its run, and expects the output it printed there.
func TestMockGoClient(t *testing.T) {
	bin := os.Getenv("NLREPLAY_TEST_NLCLIENT") // built by TestMockAsNobody
	if bin == "" {
		bin = buildNlclient(t, t.TempDir())
	}
	want, err := os.ReadFile("../../testdata/captures/integration-client.json")
	if err != nil {
		t.Fatal(err)
	}
	out, errs, err := runMockCmd(t, "--mock", "../../testdata/captures/integration-client.pcap", "--all-served", "--", bin)
	if err != nil {
		t.Fatalf("nlreplay: %v\nstderr:\n%s", err, errs)
	}
	if out != string(want) {
		t.Errorf("nlclient printed:\n%s\nrecorded:\n%s", out, want)
	}
}

// buildNlclient builds internal/integration's nlclient into dir, from the
// module cache only (GOPROXY=off: no download).
func buildNlclient(t *testing.T, dir string) string {
	t.Helper()
	if bin := os.Getenv("NLREPLAY_TEST_NLCLIENT"); bin != "" {
		return bin // built by the lab harness (the guest has no go tool)
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("no go tool to build nlclient: %v", err)
	}
	bin := filepath.Join(dir, "nlclient")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/nlclient")
	build.Dir = "../../internal/integration"
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOPROXY=off", "GOFLAGS=")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build nlclient: %v\n%s", err, b)
	}
	return bin
}

// TestMockUsage: bad command lines exit 2 with a message.
func TestMockUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--mock", "../../testdata/host/ip-link.pcapng"},
		{"--mock", "../../testdata/host/ip-link.pcapng", "--mock-idle", "-1s", "--", "true"},
		{"--mock", "no-such-file.pcap", "--", "true"},
		{"--mock", "../../testdata/host/ip-link.pcapng", "--", "no-such-command-nlreplay"},
	} {
		_, errs, err := runMockCmd(t, args...)
		if code := exitCode(err, io.Discard); code != 2 {
			t.Errorf("%q: exit status %d (%v), want 2; stderr:\n%s", args, code, err, errs)
		}
	}
}

// TestMockHelp: --mock FILE --help prints the help on stdout, exit 0.
func TestMockHelp(t *testing.T) {
	out, errs, err := runMockCmd(t, "--mock", "x.pcap", "--help")
	if code := exitCode(err, io.Discard); code != 0 || !strings.Contains(out, "Usage: nlreplay --mock CAPTURE") || !strings.Contains(out, "--mock-idle") || errs != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestMockAsNobody runs the mock tests again as uid 65534 (setpriv), to
// show that nothing needs root. Run unprivileged, the other tests already
// show it.
func TestMockAsNobody(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("the tests already run unprivileged")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skipf("setpriv is not installed: %v", err)
	}
	dir, err := os.MkdirTemp("", "nlreplay-nobody")
	if err == nil {
		err = os.Chmod(dir, 0o755) // nobody runs the copy of this binary from here
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "nlreplay.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	client := buildNlclient(t, dir)
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--",
		bin, "-test.count=1", "-test.v", "-test.timeout=120s",
		"-test.run", "^(TestMockHostCaptures|TestMockLabCaptures|TestMockMonitor|TestMockChangedProgram|TestMockGoClient)$")
	cmd.Env = append(os.Environ(), "HOME=/nonexistent", "NLREPLAY_TEST_NLCLIENT="+client)
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("\nPASS\n")) || bytes.Contains(out, []byte("--- SKIP")) {
		t.Fatalf("as uid 65534: %v\n%s", err, out)
	}
}

// TestMockHostileStrings: what --mock prints from a hostile capture (the
// unmatched diffs, -v's list, the final error naming the file) is escaped.
func TestMockHostileStrings(t *testing.T) {
	needTool(t, "ip")
	file, _ := hostileCapture(t)
	_, errs, err := runMockCmd(t, "--mock", file, "-v", "--all-served", "--", "ip", "link", "show")
	var final bytes.Buffer
	if code := exitCode(err, &final); code != 1 {
		t.Fatalf("exit status %d (%v), want 1; stderr:\n%s", code, err, errs)
	}
	if !strings.Contains(errs, "unserved: request ") || !strings.Contains(errs, "unexpected request") {
		t.Errorf("stderr lists no unserved or unmatched request:\n%s", errs)
	}
	for _, text := range []string{errs, final.String()} {
		// ip's own stderr ("RTNETLINK answers...") is plain text too.
		if err := hostile.Check(text); err != nil {
			t.Errorf("%v in:\n%s", err, text)
		}
	}
}
