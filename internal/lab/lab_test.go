package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseBootConf(t *testing.T) {
	tests := []struct {
		name, text string
		want       bootConf
		err        string
	}{
		{
			name: "nonlmon",
			text: "# a comment\n\nrun=^TestBootNoNlmon\nexclude=nlmon  # trailing comment\npreload=dummy, veth\nmodules=nft_*\n",
			want: bootConf{Name: "nonlmon", Run: "^TestBootNoNlmon", Exclude: []string{"nlmon"}, Preload: []string{"dummy", "veth"}, Modules: []string{"nft_*"}},
		},
		{name: "bench", text: "run=^TestBootBench$\noptional=yes\n", want: bootConf{Name: "bench", Run: "^TestBootBench$", Optional: true}},
		{name: "badoptional", text: "run=x\noptional=maybe\n", err: "optional: want yes or no"},
		{name: "norun", text: "exclude=nlmon\n", err: "no run= line"},
		{name: "badkey", text: "run=x\nkernel=y\n", err: `unknown key "kernel"`},
		{name: "noequals", text: "run=x\njust words\n", err: "want key=value"},
		{name: "badregexp", text: "run=(\n", err: "run:"},
		{name: "main", text: "run=x\n", err: `cannot be named "main"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBootConf(tt.name, tt.text)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseBootConf: err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseBootConf (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadBootsRepo parses the repository's own e2e/boots/*.conf.
func TestReadBootsRepo(t *testing.T) {
	boots, err := readBoots(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if len(boots) == 0 || boots[0].Name != "main" {
		t.Fatalf("readBoots: want main first, got %+v", boots)
	}
}

const modulesDep = `kernel/drivers/net/nlmon.ko:
kernel/drivers/net/dummy.ko:
kernel/net/netfilter/nf_tables.ko: kernel/net/netfilter/nfnetlink.ko kernel/lib/libcrc32c.ko
kernel/net/netfilter/nfnetlink.ko:
kernel/lib/libcrc32c.ko:
kernel/net/netfilter/nft_ct.ko: kernel/net/netfilter/nf_tables.ko kernel/net/netfilter/nfnetlink.ko kernel/lib/libcrc32c.ko
kernel/net/netfilter/nft-reject.ko: kernel/net/netfilter/nf_tables.ko
`

func TestResolveModules(t *testing.T) {
	deps, byName, err := parseModulesDep(strings.NewReader(modulesDep))
	if err != nil {
		t.Fatal(err)
	}
	if got := byName["nft_reject"]; got != "kernel/net/netfilter/nft-reject.ko" {
		t.Errorf("byName[nft_reject] = %q: dashes must become underscores", got)
	}
	tests := []struct {
		name              string
		patterns, exclude []string
		want              []string
		err               string
	}{
		{
			name:     "deps",
			patterns: []string{"nlmon", "nft_ct"},
			want: []string{"kernel/drivers/net/nlmon.ko", "kernel/lib/libcrc32c.ko", "kernel/net/netfilter/nf_tables.ko",
				"kernel/net/netfilter/nfnetlink.ko", "kernel/net/netfilter/nft_ct.ko"},
		},
		{
			name:     "glob",
			patterns: []string{"nft_*"},
			exclude:  []string{"nft-ct"},
			want: []string{"kernel/lib/libcrc32c.ko", "kernel/net/netfilter/nf_tables.ko", "kernel/net/netfilter/nfnetlink.ko",
				"kernel/net/netfilter/nft-reject.ko"},
		},
		{name: "excluded", patterns: []string{"nlmon", "dummy"}, exclude: []string{"nlmon"}, want: []string{"kernel/drivers/net/dummy.ko"}},
		{name: "missing", patterns: []string{"nosuch"}, err: `module "nosuch"`},
		{name: "depexcluded", patterns: []string{"nft_ct"}, exclude: []string{"nf_tables"}, err: "nf_tables is excluded but nft_ct depends on it"},
		{name: "badpattern", patterns: []string{"["}, err: "module pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveModules(deps, byName, tt.patterns, tt.exclude)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolveModules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseModulesDepBad(t *testing.T) {
	if _, _, err := parseModulesDep(strings.NewReader("no colon here\n")); err == nil {
		t.Error("parseModulesDep(no colon): want an error")
	}
}

func TestParseLdd(t *testing.T) {
	out := []byte(`	linux-vdso.so.1 (0x00007ffd5e7f2000)
	libmnl.so.0 => /lib/x86_64-linux-gnu/libmnl.so.0 (0x00007f0e1c9a0000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e1c7bf000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f0e1ca0e000)
`)
	got, err := parseLdd(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/lib/x86_64-linux-gnu/libmnl.so.0", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseLdd (-want +got):\n%s", diff)
	}
	if _, err := parseLdd([]byte("\tlibfoo.so.1 => not found\n")); err == nil {
		t.Error("parseLdd(not found): want an error")
	}
}

func TestTestsFor(t *testing.T) {
	all := []string{"TestLabTcpdump", "TestCaptureStops", "TestHostLabTcpdump", "TestBootNoNlmonCapture"}
	tests := []struct {
		name string
		boot bootConf
		user string
		want []string
	}{
		{name: "main", boot: bootConf{Name: "main"}, want: []string{"TestLabTcpdump", "TestCaptureStops"}},
		{name: "main-run", boot: bootConf{Name: "main"}, user: "Lab", want: []string{"TestLabTcpdump"}},
		{name: "nonlmon", boot: bootConf{Name: "nonlmon", Run: "^TestBootNoNlmon"}, want: []string{"TestBootNoNlmonCapture"}},
		{name: "nonlmon-run", boot: bootConf{Name: "nonlmon", Run: "^TestBootNoNlmon"}, user: "Lab", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var user *regexp.Regexp
			if tt.user != "" {
				user = regexp.MustCompile(tt.user)
			}
			got, err := testsFor(all, tt.boot, user)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("testsFor (-want +got):\n%s", diff)
			}
		})
	}
	if diff := cmp.Diff([]string{"TestHostLabTcpdump"}, hostTests(all, regexp.MustCompile("Lab"))); diff != "" {
		t.Errorf("hostTests (-want +got):\n%s", diff)
	}
	if got := hostTests(all, regexp.MustCompile("Capture")); len(got) != 0 {
		t.Errorf("hostTests(Capture) = %q, want none", got)
	}
	re := regexp.MustCompile(exactRun([]string{"TestA", "TestB.c"}))
	for name, want := range map[string]bool{"TestA": true, "TestB.c": true, "TestBxc": false, "TestAB": false} {
		if got := re.MatchString(name); got != want {
			t.Errorf("exactRun: MatchString(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSkipLines(t *testing.T) {
	out := []string{"=== RUN   TestA", "--- PASS: TestA (0.01s)", "    --- SKIP: TestB/sub (0.00s)", "ok"}
	if diff := cmp.Diff([]string{"--- SKIP: TestB/sub (0.00s)"}, skipLines(out)); diff != "" {
		t.Errorf("skipLines (-want +got):\n%s", diff)
	}
}

func TestJudgeSelfcheck(t *testing.T) {
	nlmonFail := []string{
		"=== RUN   TestLabTcpdump",
		"    lab_test.go:47: lab guest: " + nlmonMissing + " (is nlmon.ko in the initramfs?): Unknown device type",
		"--- FAIL: TestLabTcpdump (0.01s)",
		"=== RUN   TestLabHelpers",
		"--- PASS: TestLabHelpers (0.01s)",
		"FAIL",
	}
	otherFail := []string{"=== RUN   TestX", "    x_test.go:1: some other bug", "--- FAIL: TestX (0.01s)", "FAIL"}
	skipped := append([]string{"--- SKIP: TestY (0.00s)"}, nlmonFail...)
	tests := []struct {
		name    string
		status  int
		output  []string
		exclude []string
		err     string
	}{
		{name: "nlmon", status: 1, output: nlmonFail, exclude: []string{"nlmon"}},
		{name: "passed", status: 0, output: []string{"--- PASS: TestA (0.01s)", "PASS"}, exclude: []string{"nlmon"}, err: "passed without"},
		{name: "status-only", status: 1, output: []string{"panic: boom"}, exclude: []string{"nlmon"}, err: "passed without"},
		{name: "other-reason", status: 1, output: otherFail, exclude: []string{"nlmon"}, err: "another reason"},
		{name: "skip", status: 1, output: skipped, exclude: []string{"nlmon"}, err: "skipped 1"},
		{name: "other-module", status: 1, output: otherFail, exclude: []string{"wireguard"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeSelfcheck(tt.status, tt.output, tt.exclude)
			if tt.err == "" {
				if v.err != nil {
					t.Fatalf("judgeSelfcheck: %v, want success", v.err)
				}
				return
			}
			if v.err == nil || !strings.Contains(v.err.Error(), tt.err) {
				t.Fatalf("judgeSelfcheck: err = %v, want one containing %q", v.err, tt.err)
			}
		})
	}
}

// TestJudgeSelfcheckAttribution checks that failures are attributed to the
// top-level test whose output names the missing module.
func TestJudgeSelfcheckAttribution(t *testing.T) {
	out := []string{
		"=== RUN   TestA",
		"    a_test.go:1: lab guest: " + nlmonMissing + ": Unknown device type",
		"--- FAIL: TestA (0.01s)",
		"=== RUN   TestB",
		"=== RUN   TestB/sub",
		"    b_test.go:9: unrelated",
		"    --- FAIL: TestB/sub (0.00s)",
		"--- FAIL: TestB (0.00s)",
		"FAIL",
	}
	v := judgeSelfcheck(1, out, []string{"nlmon"})
	if v.err != nil {
		t.Fatal(v.err)
	}
	if v.fails != 3 || v.reasoned != 1 {
		t.Errorf("fails, reasoned = %d, %d; want 3, 1", v.fails, v.reasoned)
	}
	if diff := cmp.Diff([]string{"TestB"}, v.otherReason); diff != "" {
		t.Errorf("otherReason (-want +got):\n%s", diff)
	}
}

func TestParseKernelDepends(t *testing.T) {
	got, err := parseKernelDepends([]byte("linux-image-amd64\n  Depends: linux-image-6.1.0-57-amd64\n"))
	if err != nil || got != "linux-image-6.1.0-57-amd64" {
		t.Errorf("parseKernelDepends = %q, %v; want linux-image-6.1.0-57-amd64", got, err)
	}
	for _, bad := range []string{"", "linux-image-amd64\n  Depends: <linux-image>\n", "linux-image-amd64\n  Recommends: firmware-linux\n"} {
		if got, err := parseKernelDepends([]byte(bad)); err == nil {
			t.Errorf("parseKernelDepends(%q) = %q, want an error", bad, got)
		}
	}
}

func TestPrintPrefixed(t *testing.T) {
	lines := func(n int) []byte {
		var b bytes.Buffer
		for i := range n {
			b.WriteString("l" + strconv.Itoa(i) + "\n")
		}
		return b.Bytes()
	}
	var b bytes.Buffer
	printPrefixed(&b, "out| ", lines(provenanceMaxLines))
	if got := strings.Count(b.String(), "\n"); got != provenanceMaxLines {
		t.Errorf("%d lines: printed %d lines, want all", provenanceMaxLines, got)
	}
	b.Reset()
	in := lines(provenanceMaxLines + 1)
	printPrefixed(&b, "out| ", in)
	if got := strings.Count(b.String(), "\n"); got != provenanceLines+1 {
		t.Errorf("%d lines: printed %d lines, want %d and a summary", provenanceMaxLines+1, got, provenanceLines)
	}
	want := "  out| ... (81 lines, " + strconv.Itoa(len(in)) + " bytes in total; rest omitted)\n"
	if !strings.HasSuffix(b.String(), want) {
		t.Errorf("summary line: got %q, want suffix %q", b.String()[strings.LastIndex(strings.TrimSuffix(b.String(), "\n"), "\n")+1:], want)
	}
	b.Reset()
	printPrefixed(&b, "err| ", nil)
	if b.Len() != 0 {
		t.Errorf("empty stream printed %q", b.String())
	}
}

// TestWriteCpio checks the initramfs writer against GNU cpio's reader.
func TestWriteCpio(t *testing.T) {
	cpio, err := exec.LookPath("cpio")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cpio is required in CI: %v", err)
		}
		t.Skipf("cpio not installed (apt-get install cpio): %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("hello from a host file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr := tree{}
	tr.file("/bin/hello", src, 0o755)
	tr.data("/etc/config.json", []byte(`{"a":1}`), 0o644)
	tr.symlink("/sbin/init", "/init")
	tr.dir("/mnt/share")
	var buf bytes.Buffer
	if err := writeCpio(&buf, tr); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cpio, "-i", "-d", "--no-absolute-filenames", "--quiet")
	cmd.Dir = out
	cmd.Stdin = &buf
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cpio -i: %v\n%s", err, b)
	}
	for p, want := range map[string]string{"bin/hello": "hello from a host file\n", "etc/config.json": `{"a":1}`} {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if string(got) != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "bin/hello")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/hello mode: %v, %v; want 0755", fi, err)
	}
	if target, err := os.Readlink(filepath.Join(out, "sbin/init")); err != nil || target != "/init" {
		t.Errorf("sbin/init -> %q, %v; want /init", target, err)
	}
	if fi, err := os.Stat(filepath.Join(out, "mnt/share")); err != nil || !fi.IsDir() {
		t.Errorf("mnt/share: %v, %v; want a directory", fi, err)
	}
}

func TestWriteCpioMissingSource(t *testing.T) {
	tr := tree{}
	tr.file("/bin/x", filepath.Join(t.TempDir(), "nosuch"), 0o755)
	var buf bytes.Buffer
	err := writeCpio(&buf, tr)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("writeCpio(missing source) = %v, want an error wrapping os.ErrNotExist", err)
	}
}

// fakeQEMU puts a qemu-system-x86_64 shell script first in PATH.
func fakeQEMU(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "qemu-system-x86_64"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}

func TestRunQEMU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	spec := func(timeout time.Duration) bootSpec {
		return bootSpec{Kernel: &kernel{Vmlinuz: "/nonexistent"}, Initrd: "/nonexistent", Share: t.TempDir(), Timeout: timeout}
	}
	t.Run("status", func(t *testing.T) {
		fakeQEMU(t, "echo booting\necho '"+markBegin+" boot=main'\necho '--- PASS: TestA (0.00s)'\necho '"+markExit+"3@@'\n")
		res := runQEMU(context.Background(), spec(30*time.Second))
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		if res.Status != 3 {
			t.Errorf("Status = %d, want 3", res.Status)
		}
		if diff := cmp.Diff([]string{"--- PASS: TestA (0.00s)"}, res.Output); diff != "" {
			t.Errorf("Output (-want +got):\n%s", diff)
		}
	})
	t.Run("extra", func(t *testing.T) {
		// The fake prints its arguments; a scenario's devices come last
		// but for the monitor's.
		fakeQEMU(t, "echo '"+markBegin+"'\necho \"args: $*\"\necho '"+markExit+"0@@'\n")
		var live bytes.Buffer
		s := spec(30 * time.Second)
		s.Live = &live
		s.Extra = []string{"-device", "e1000e,netdev=n1", "-netdev", "user,id=n1"}
		if res := runQEMU(context.Background(), s); res.Err != nil {
			t.Fatal(res.Err)
		}
		if !strings.Contains(live.String(), " -device e1000e,netdev=n1 -netdev user,id=n1") {
			t.Errorf("console %q lacks the extra arguments", live.String())
		}
	})
	t.Run("panic", func(t *testing.T) {
		fakeQEMU(t, "echo '"+markBegin+"'\necho 'Kernel panic - not syncing: Attempted to kill init!'\n")
		res := runQEMU(context.Background(), spec(30*time.Second))
		if res.Err == nil || !strings.Contains(res.Err.Error(), "panic") {
			t.Errorf("Err = %v, want a kernel panic error", res.Err)
		}
		if len(res.Tail) == 0 || !strings.Contains(res.Tail[len(res.Tail)-1], "Kernel panic") {
			t.Errorf("Tail = %q, want the panic line last", res.Tail)
		}
	})
	t.Run("nostatus", func(t *testing.T) {
		fakeQEMU(t, "echo '"+markBegin+"'\nexit 0\n")
		res := runQEMU(context.Background(), spec(30*time.Second))
		if res.Err == nil || !strings.Contains(res.Err.Error(), "without a status line") {
			t.Errorf("Err = %v, want a missing status line error", res.Err)
		}
	})
	t.Run("hang", func(t *testing.T) {
		pidFile := filepath.Join(t.TempDir(), "pid")
		// A child in QEMU's process group that would outlive it.
		fakeQEMU(t, "sleep 300 &\necho $! >"+pidFile+"\necho '"+markBegin+"'\nwait\n")
		start := time.Now()
		res := runQEMU(context.Background(), spec(time.Second))
		if res.Err == nil || !strings.Contains(res.Err.Error(), "guest hung") {
			t.Errorf("Err = %v, want a timeout", res.Err)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("runQEMU took %v with a 1s timeout", d)
		}
		b, err := os.ReadFile(pidFile)
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for alive(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if alive(pid) {
			t.Errorf("process %d of the QEMU process group survived the timeout", pid)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		fakeQEMU(t, "echo '"+markBegin+"'\nexec sleep 300\n")
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		res := runQEMU(ctx, spec(time.Minute))
		if res.Err == nil || !strings.Contains(res.Err.Error(), "interrupted") {
			t.Errorf("Err = %v, want interrupted", res.Err)
		}
	})
}

func TestLockOut(t *testing.T) {
	out := t.TempDir()
	h1 := &harness{out: out, log: io.Discard}
	if err := h1.lockOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A second open file description of the same lock file conflicts, as a
	// second lab process would.
	var log bytes.Buffer
	h2 := &harness{out: out, log: &log}
	ctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)
	defer cancel()
	if err := h2.lockOut(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lockOut = %v, want to wait until the context ends", err)
	}
	if !strings.Contains(log.String(), "waiting for another lab run") {
		t.Errorf("second lockOut logged %q, want a waiting message", log.String())
	}
	h1.lock.Close()
	h2.lock.Close()
	h3 := &harness{out: out, log: io.Discard}
	if err := h3.lockOut(context.Background()); err != nil {
		t.Fatalf("lockOut after release: %v", err)
	}
	h3.lock.Close()
}

// TestScenarioScripts checks that every scenario script parses with the
// shell the guest runs it with, and that captures finds the capture ones.
func TestScenarioScripts(t *testing.T) {
	sh, err := exec.LookPath("dash")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dash is required in CI: %v", err)
		}
		t.Skipf("dash not installed (apt-get install dash): %v", err)
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "e2e", "scenarios", "*.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no e2e/scenarios/*.sh")
	}
	for _, f := range files {
		if out, err := exec.Command(sh, "-n", f).CombinedOutput(); err != nil {
			t.Errorf("dash -n %s: %v\n%s", f, err, out)
		}
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{repo: repo}
	names, err := h.scenarioNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"genl-ctrl", "genl-ethtool", "rtnl-basic"} {
		if !slices.Contains(names, want) {
			t.Errorf("scenarioNames() = %q, want it to hold %q", names, want)
		}
	}
	for _, n := range names {
		if n == "demo" || n == "lib" {
			t.Errorf("scenarioNames() = %q: demo and lib are not capture scenarios", names)
		}
	}
}

// TestCaptureToolsInSetup checks that `.ci/setup --captures` installs the
// package of every tool in captureTools, that `.ci/setup` alone (CI) does
// not, and that no capture tool is also a guest tool of every boot.
func TestCaptureToolsInSetup(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".ci", "setup"))
	if err != nil {
		t.Fatal(err)
	}
	arrays := map[string][]string{}
	for _, name := range []string{"PKGS", "CAPTURE_PKGS"} {
		m := regexp.MustCompile(`(?ms)^` + name + `=\(([^)]*)\)`).FindSubmatch(b)
		if m == nil {
			t.Fatalf(".ci/setup has no %s=(...) array", name)
		}
		for _, line := range strings.Split(string(m[1]), "\n") {
			line, _, _ = strings.Cut(line, "#")
			arrays[name] = append(arrays[name], strings.Fields(line)...)
		}
	}
	for tool, pkg := range captureTools {
		if !slices.Contains(arrays["CAPTURE_PKGS"], pkg) {
			t.Errorf("captureTools[%q] = %q, which .ci/setup's CAPTURE_PKGS does not install", tool, pkg)
		}
		if slices.Contains(arrays["PKGS"], pkg) {
			t.Errorf("captureTools[%q] = %q is in .ci/setup's PKGS: CI would install it", tool, pkg)
		}
		if _, ok := guestTools[tool]; ok {
			t.Errorf("%q is in both guestTools and captureTools", tool)
		}
	}
	for f, pkg := range captureFiles {
		if !slices.Contains(arrays["CAPTURE_PKGS"], pkg) {
			t.Errorf("captureFiles[%q] = %q, which .ci/setup's CAPTURE_PKGS does not install", f, pkg)
		}
		if !filepath.IsAbs(f) {
			t.Errorf("captureFiles[%q]: not an absolute path", f)
		}
	}
	if len(captureTools) == 0 {
		t.Error("captureTools is empty")
	}
}

// TestQEMULines checks that a scenario's `# lab-qemu:` lines become QEMU
// arguments and nothing else does.
func TestQEMULines(t *testing.T) {
	script := "#!/bin/sh\n# lab-qemu: -device e1000e,netdev=n1\n  # lab-qemu:  -netdev user,id=n1 \n# lab-qemu is a comment\necho '# lab-qemu: -x'\n"
	want := []string{"-device", "e1000e,netdev=n1", "-netdev", "user,id=n1"}
	if diff := cmp.Diff(want, qemuLines([]byte(script))); diff != "" {
		t.Errorf("qemuLines (-want +got):\n%s", diff)
	}
	if got := qemuLines([]byte("#!/bin/sh\nip link\n")); got != nil {
		t.Errorf("qemuLines of a script without lab-qemu lines = %q, want none", got)
	}
}

// TestCaptureBins checks that every captureBins entry is a main package of
// the repository (go list), under a name no Debian tool of the guest has,
// and that buildCaptureBins builds it into the lab's bin directory.
func TestCaptureBins(t *testing.T) {
	if len(captureBins) == 0 {
		t.Fatal("captureBins is empty")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for name, pkg := range captureBins {
		cmd := exec.Command("go", "list", "-f", "{{.Name}}", pkg)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "main" {
			t.Errorf("captureBins[%q] = %q: go list: %v %q, want package main", name, pkg, err, out)
		}
		if _, ok := guestTools[name]; ok {
			t.Errorf("captureBins[%q] shadows guest tool %q", name, name)
		}
		if _, ok := captureTools[name]; ok {
			t.Errorf("captureBins[%q] shadows capture tool %q", name, name)
		}
	}
	h := &harness{repo: repo, out: t.TempDir()}
	hf := &hostFiles{Bins: map[string]string{}}
	if err := h.buildCaptureBins(hf); err != nil {
		t.Fatal(err)
	}
	for name := range captureBins {
		p := hf.Bins[name]
		if fi, err := os.Stat(p); err != nil || fi.Mode()&0o111 == 0 || filepath.Dir(p) != filepath.Join(h.out, "bin") {
			t.Errorf("captureBins[%q] built as %q: %v", name, p, err)
		}
	}
}
