package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// options are the flags of the host commands.
type options struct {
	kernelPkg string
	run       string
	exclude   string
	boots     string
	verbose   bool
	timeout   time.Duration
	out       string // lab-out
	capOut    string // captures: output dir
	scenarios string
	noHost    bool
}

func defaultOptions() options {
	pkg := os.Getenv("NLCAP_KERNEL_PKG")
	if pkg == "" {
		pkg = defaultKernelPkg
	}
	return options{kernelPkg: pkg, timeout: 8 * time.Minute, out: "lab-out"}
}

func (o *options) register(fs *flag.FlagSet, cmd string) {
	fs.StringVar(&o.kernelPkg, "kernel", o.kernelPkg, "Debian kernel `package` to boot (env NLCAP_KERNEL_PKG)")
	fs.BoolVar(&o.verbose, "v", false, "verbose console: kernel messages too")
	fs.DurationVar(&o.timeout, "timeout", o.timeout, "hard timeout of each boot")
	fs.StringVar(&o.out, "out", o.out, "output `dir` (console logs, initramfs, artifacts)")
	fs.StringVar(&o.exclude, "exclude", "", "comma-separated `modules` left out of every initramfs")
	switch cmd {
	case "e2e":
		fs.StringVar(&o.run, "run", "", "run only the tests matching `regexp` (boots with no match are skipped)")
		fs.StringVar(&o.boots, "boots", "", "comma-separated boot `names` to run (default: main and every e2e/boots/*.conf but the optional ones)")
		fs.BoolVar(&o.noHost, "no-host", false, "skip the TestHost* checks")
	case "selfcheck":
		if o.exclude == "" {
			o.exclude = "nlmon"
		}
	case "captures":
		fs.StringVar(&o.capOut, "capture-out", "", "`dir` for <name>.pcap and <name>.cmds.txt (default <out>/captures)")
		fs.StringVar(&o.scenarios, "scenarios", "", "comma-separated scenario `names` (default: every e2e/scenarios/*.sh but demo and lib)")
	}
}

// harness holds what every command shares.
type harness struct {
	o     options
	repo  string
	cache string
	out   string
	log   io.Writer
	lock  *os.File // lab-out/.lock, held for the whole run
	// livePrefix marks the guest's console lines (selfcheck: its failures
	// are expected and must not read like the suite's).
	livePrefix string
}

// live is where the guest's console lines are copied as they come.
func (h *harness) live() io.Writer {
	if h.livePrefix == "" {
		return h.log
	}
	return prefixWriter{h.log, h.livePrefix}
}

// prefixWriter prefixes every Write (runQEMU writes one line at a time).
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

func newHarness(o options) (*harness, error) {
	repo, err := findRepo()
	if err != nil {
		return nil, err
	}
	out := o.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(repo, out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	return &harness{o: o, repo: repo, cache: filepath.Join(repo, ".lab-cache"), out: out, log: os.Stdout}, nil
}

// lockOut takes the lock of the output directory, waiting while another lab
// run holds it: two runs would wipe each other's artifacts (and two QEMU TCG
// guests on a small machine only slow each other down). The lock goes with
// the process.
func (h *harness) lockOut(ctx context.Context) error {
	f, err := os.OpenFile(filepath.Join(h.out, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("lock %s: %w", h.out, err)
	}
	h.lock = f
	for waited := false; ; waited = true {
		ok, err := tryLock(f)
		if err != nil {
			return fmt.Errorf("lock %s: %w", h.out, err)
		}
		if ok {
			return nil
		}
		if !waited {
			h.logf("waiting for another lab run using %s (or pass -out DIR)", h.out)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// findRepo walks up from the working directory to the directory with go.mod.
func findRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found: run lab from the nlcap repository")
		}
		dir = parent
	}
}

func (h *harness) logf(format string, args ...any) {
	fmt.Fprintf(h.log, "lab: "+format+"\n", args...)
}

// goBuild runs a go command in the repo with CGO_ENABLED=0.
func (h *harness) goCmd(args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = h.repo
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// prepare fetches the kernel, builds the static binaries (and the e2e test
// binary if withTests) and stages the tools (guestTools and each of extra).
func (h *harness) prepare(withTests bool, extra ...map[string]string) (*kernel, *hostFiles, error) {
	t0 := time.Now()
	k, err := prepareKernel(h.cache, h.o.kernelPkg, h.logf)
	if err != nil && h.o.kernelPkg == defaultKernelPkg {
		// Only the default falls back: a kernel the user named is what they want.
		cur, cerr := currentKernelPkg()
		if cerr != nil || cur == defaultKernelPkg {
			return nil, nil, err
		}
		h.logf("warning: default kernel %s unavailable (%v); falling back to %s, the package linux-image-amd64 depends on now",
			defaultKernelPkg, firstLine(err), cur)
		k, err = prepareKernel(h.cache, cur, h.logf)
	}
	if err != nil {
		return nil, nil, err
	}
	h.logf("kernel %s (%s) ready in %v", k.Version, k.Pkg, time.Since(t0).Round(time.Millisecond))
	bin := filepath.Join(h.out, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, nil, err
	}
	hf := &hostFiles{Repo: h.repo, Bins: map[string]string{}}
	hf.Lab = filepath.Join(bin, "lab")
	if err := h.goCmd("build", "-o", hf.Lab, "./internal/lab"); err != nil {
		return nil, nil, err
	}
	for _, name := range []string{"nlcap", "nlreplay"} {
		if _, err := os.Stat(filepath.Join(h.repo, "cmd", name)); err != nil {
			h.logf("warning: cmd/%s does not exist; tests that need it will fail", name)
			continue
		}
		dst := filepath.Join(bin, name)
		os.Remove(dst)
		if err := h.goCmd("build", "-o", dst, "./cmd/"+name); err != nil {
			h.logf("warning: building %s failed; tests that need it will fail:\n%v", name, err)
			continue
		}
		hf.Bins[name] = dst
	}
	// The third-party client program of e2e TestMockThirdPartyClient lives
	// in a nested module (internal/integration) with its own go.mod.
	if _, err := os.Stat(filepath.Join(h.repo, "internal", "integration", "go.mod")); err == nil {
		dst := filepath.Join(bin, "nlclient")
		os.Remove(dst)
		if err := h.goCmd("build", "-C", "internal/integration", "-o", dst, "./cmd/nlclient"); err != nil {
			h.logf("warning: building nlclient failed; tests that need it will fail:\n%v", err)
		} else {
			hf.Bins["nlclient"] = dst
		}
	}
	if withTests {
		hf.TestBin = filepath.Join(bin, "e2e.test")
		if err := h.goCmd("test", "-c", "-o", hf.TestBin, "./e2e"); err != nil {
			return nil, nil, err
		}
	}
	if hf.Tools, err = toolTree(extra...); err != nil {
		return nil, nil, err
	}
	h.logf("binaries and tools ready in %v", time.Since(t0).Round(time.Millisecond))
	return k, hf, nil
}

// A bootConf is one boot of the e2e suite (main, or e2e/boots/<name>.conf).
type bootConf struct {
	Name    string
	Run     string   // -test.run for the boot (main: everything but TestBoot/TestHost)
	Exclude []string // modules left out
	Preload []string // modules loaded before the tests
	Modules []string // extra modules (names or patterns) for this boot
	// Optional boots (optional=yes) run only when named in -boots: slow
	// benchmarks that a full e2e run leaves out.
	Optional bool
}

// readBoots returns main followed by e2e/boots/*.conf sorted by name.
func readBoots(repo string) ([]bootConf, error) {
	// The main boot preloads the crypto RNG that an ESP SA's IV generator
	// loads (nf-xfrm-diag.pcap's ip xfrm state add): once in use it cannot
	// be unloaded, which e2e's unloadNewModules would report.
	boots := []bootConf{{Name: "main", Preload: []string{"drbg"}}}
	files, err := filepath.Glob(filepath.Join(repo, "e2e", "boots", "*.conf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		c, err := parseBootConf(strings.TrimSuffix(filepath.Base(f), ".conf"), string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		boots = append(boots, c)
	}
	return boots, nil
}

// parseBootConf parses key=value lines (# comments, blank lines allowed).
func parseBootConf(name, text string) (bootConf, error) {
	c := bootConf{Name: name}
	if name == "main" {
		return c, errors.New(`a boot file cannot be named "main"`)
	}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return c, fmt.Errorf("line %d: want key=value, got %q", n+1, line)
		}
		v = strings.TrimSpace(v)
		if i := strings.Index(v, " #"); i >= 0 {
			v = strings.TrimSpace(v[:i])
		}
		switch strings.TrimSpace(k) {
		case "run":
			if _, err := regexp.Compile(v); err != nil {
				return c, fmt.Errorf("line %d: run: %w", n+1, err)
			}
			c.Run = v
		case "exclude":
			c.Exclude = append(c.Exclude, splitList(v)...)
		case "preload":
			c.Preload = append(c.Preload, splitList(v)...)
		case "modules":
			c.Modules = append(c.Modules, splitList(v)...)
		case "optional":
			switch v {
			case "yes", "true":
				c.Optional = true
			case "no", "false":
				c.Optional = false
			default:
				return c, fmt.Errorf("line %d: optional: want yes or no, got %q", n+1, v)
			}
		default:
			return c, fmt.Errorf("line %d: unknown key %q (want run, exclude, preload, modules, optional)", n+1, k)
		}
	}
	if c.Run == "" {
		return c, errors.New("no run= line")
	}
	return c, nil
}

// listTests runs the e2e test binary on the host with -test.list.
func listTests(testBin string) ([]string, error) {
	cmd := exec.Command(testBin, "-test.list", ".")
	cmd.Env = append(os.Environ(), "NLCAP_E2E=", "NLCAP_E2E_HOST=")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -test.list: %w", testBin, err)
	}
	var names []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if n := strings.TrimSpace(sc.Text()); strings.HasPrefix(n, "Test") {
			names = append(names, n)
		}
	}
	return names, nil
}

// testsFor returns the test names a boot runs: those matching the boot's
// pattern (main: every Test that is not TestBoot*/TestHost*) and the
// user's -run pattern.
func testsFor(all []string, b bootConf, user *regexp.Regexp) ([]string, error) {
	var sel *regexp.Regexp
	if b.Name != "main" {
		var err error
		if sel, err = regexp.Compile(b.Run); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, n := range all {
		if sel == nil {
			if strings.HasPrefix(n, "TestBoot") || strings.HasPrefix(n, "TestHost") {
				continue
			}
		} else if !sel.MatchString(n) {
			continue
		}
		if user != nil && !user.MatchString(n) {
			continue
		}
		out = append(out, n)
	}
	return out, nil
}

// exactRun builds a -test.run pattern matching exactly these top-level tests.
func exactRun(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return "^(" + strings.Join(q, "|") + ")$"
}

// skipLines returns the "--- SKIP" lines of go test -v output.
func skipLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, "--- SKIP") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// bootOnce builds the initramfs for one boot, runs it, and reports.
func (h *harness) bootOnce(ctx context.Context, k *kernel, hf *hostFiles, name string, mods, exclude []string, conf guestConf, share string) (bootResult, error) {
	modList, err := resolveModules(k.deps, k.byName, mods, exclude)
	if err != nil {
		return bootResult{}, err
	}
	modDir, err := stageModules(h.cache, k, modList)
	if err != nil {
		return bootResult{}, err
	}
	initrd := filepath.Join(h.out, "initramfs-"+name+".cpio")
	size, err := buildInitramfs(initrd, hf, modDir, k.Version, conf)
	if err != nil {
		return bootResult{}, fmt.Errorf("initramfs: %w", err)
	}
	h.logf("boot %s: %d modules, initramfs %.1f MiB; booting %s under QEMU TCG (timeout %v)",
		name, len(modList), float64(size)/(1<<20), k.Version, h.o.timeout)
	res := runQEMU(ctx, bootSpec{
		Kernel: k, Initrd: initrd, Share: share, Timeout: h.o.timeout, Verbose: h.o.verbose,
		Log: filepath.Join(h.out, "console-"+name+".log"), Live: h.live(), Monitor: conf.Monitor,
		Extra: conf.QEMU,
	})
	h.logf("boot %s: guest status %d, boot to first test %v, boot wall time %v",
		name, res.Status, res.FirstTest.Round(time.Millisecond), res.Wall.Round(time.Millisecond))
	if res.Err != nil {
		fmt.Fprintf(h.log, "lab: boot %s: %v; last %d console lines:\n", name, res.Err, len(res.Tail))
		for _, l := range res.Tail {
			fmt.Fprintln(h.log, "  | "+l)
		}
		return res, fmt.Errorf("boot %s: %w", name, res.Err)
	}
	return res, nil
}

// firstLine returns the first line of an error's text.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// freshDir empties (or creates) a directory.
func freshDir(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// e2e runs the whole suite: every boot, then the TestHost* checks. It fails
// if a boot fails, a test fails, or any test was skipped.
func (h *harness) e2e(ctx context.Context) error {
	t0 := time.Now()
	var user *regexp.Regexp
	if h.o.run != "" {
		var err error
		if user, err = regexp.Compile(h.o.run); err != nil {
			return fmt.Errorf("-run: %w", err)
		}
	}
	boots, err := readBoots(h.repo)
	if err != nil {
		return err
	}
	k, hf, err := h.prepare(true)
	if err != nil {
		return err
	}
	all, err := listTests(hf.TestBin)
	if err != nil {
		return err
	}
	artifacts := filepath.Join(h.out, "artifacts")
	if err := freshDir(artifacts); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, b := range splitList(h.o.boots) {
		want[b] = true
	}
	var failures []string
	ran := 0
	for _, b := range boots {
		if len(want) > 0 && !want[b.Name] {
			continue
		}
		if b.Optional && !want[b.Name] {
			h.logf("boot %s: optional, skipped (run it with -boots %s)", b.Name, b.Name)
			continue
		}
		tests, err := testsFor(all, b, user)
		if err != nil {
			return err
		}
		if len(tests) == 0 {
			h.logf("boot %s: no test matches, skipped", b.Name)
			continue
		}
		ran++
		conf := guestConf{
			Boot: b.Name, Mode: "test", Preload: b.Preload, Timeout: int(h.o.timeout.Seconds()) - 30,
			Args: []string{"-test.v", "-test.count=1", "-test.run", exactRun(tests), "-test.timeout", (h.o.timeout - 45*time.Second).String()},
			Env:  []string{"NLCAP_E2E=1", "NLCAP_E2E_BOOT=" + b.Name, "NLCAP_E2E_ARTIFACTS=" + guestShare, "NLCAP_E2E_BIN=" + guestBinDir},
		}
		bhf, err := h.bootFiles(hf, tests, &conf)
		if err != nil {
			return err
		}
		mods := append(append([]string{}, baseModules...), b.Modules...)
		mods = append(mods, b.Preload...)
		exclude := append(splitList(h.o.exclude), b.Exclude...)
		res, err := h.bootOnce(ctx, k, bhf, b.Name, mods, exclude, conf, artifacts)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			failures = append(failures, err.Error())
			continue
		}
		if res.Status != 0 {
			failures = append(failures, fmt.Sprintf("boot %s: tests failed (status %d)", b.Name, res.Status))
		}
		if sk := skipLines(res.Output); len(sk) > 0 {
			failures = append(failures, fmt.Sprintf("boot %s: %d test(s) skipped in the guest (e2e tests must run): %s", b.Name, len(sk), strings.Join(sk, "; ")))
		}
	}
	if ran == 0 && user != nil {
		h.logf("no guest test matches -run %q", h.o.run)
		if len(hostTests(all, user)) == 0 || h.o.noHost {
			return fmt.Errorf("no e2e test matches -run %q (go test -list . ./e2e lists them)", h.o.run)
		}
	}
	if !h.o.noHost {
		if err := h.hostChecks(ctx, all, user, artifacts); err != nil {
			failures = append(failures, err.Error())
		}
	}
	h.logf("e2e wall time %v; artifacts in %s", time.Since(t0).Round(time.Millisecond), artifacts)
	if len(failures) > 0 {
		return errors.New(strings.Join(failures, "\n  "))
	}
	h.logf("e2e: PASS")
	return nil
}

// hostTests returns the TestHost* tests matching user (all when nil).
func hostTests(all []string, user *regexp.Regexp) []string {
	var tests []string
	for _, n := range all {
		if strings.HasPrefix(n, "TestHost") && (user == nil || user.MatchString(n)) {
			tests = append(tests, n)
		}
	}
	return tests
}

// hostChecks runs the TestHost* tests on the host against the artifacts.
func (h *harness) hostChecks(ctx context.Context, all []string, user *regexp.Regexp, artifacts string) error {
	tests := hostTests(all, user)
	if len(tests) == 0 {
		h.logf("host checks: no TestHost* test selected")
		return nil
	}
	h.logf("host checks: go test ./e2e -run %s", exactRun(tests))
	cmd := exec.CommandContext(ctx, "go", "test", "./e2e", "-count=1", "-v", "-run", exactRun(tests))
	cmd.Dir = h.repo
	cmd.Env = append(os.Environ(), "NLCAP_E2E_HOST=1", "NLCAP_E2E_ARTIFACTS="+artifacts, "NLCAP_E2E=")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var lines []string
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 4<<20)
		for sc.Scan() {
			fmt.Fprintln(h.log, sc.Text())
			lines = append(lines, sc.Text())
		}
		io.Copy(io.Discard, pr)
		close(done)
	}()
	err := cmd.Run()
	pw.Close()
	<-done
	if err != nil {
		return fmt.Errorf("host checks failed: %w", err)
	}
	if sk := skipLines(lines); len(sk) > 0 {
		return fmt.Errorf("host checks: %d test(s) skipped: %s", len(sk), strings.Join(sk, "; "))
	}
	return nil
}

// selfcheck boots main without nlmon (or -exclude) and requires failure:
// proof that the e2e tests cannot pass by skipping.
func (h *harness) selfcheck(ctx context.Context) error {
	k, hf, err := h.prepare(true)
	if err != nil {
		return err
	}
	all, err := listTests(hf.TestBin)
	if err != nil {
		return err
	}
	tests, _ := testsFor(all, bootConf{Name: "main"}, nil)
	if len(tests) == 0 {
		return errors.New("no main-boot e2e test to check")
	}
	share := filepath.Join(h.out, "selfcheck-artifacts")
	if err := freshDir(share); err != nil {
		return err
	}
	exclude := splitList(h.o.exclude)
	h.logf("selfcheck: main boot without %v must fail (its console is prefixed \"selfcheck| \": the failures there are expected)", exclude)
	h.livePrefix = "selfcheck| "
	conf := guestConf{
		Boot: "main", Mode: "test", Timeout: int(h.o.timeout.Seconds()) - 30,
		Args: []string{"-test.v", "-test.count=1", "-test.run", exactRun(tests), "-test.timeout", (h.o.timeout - 45*time.Second).String()},
		Env:  []string{"NLCAP_E2E=1", "NLCAP_E2E_BOOT=main", "NLCAP_E2E_ARTIFACTS=" + guestShare, "NLCAP_E2E_BIN=" + guestBinDir},
	}
	bhf, err := h.bootFiles(hf, tests, &conf)
	if err != nil {
		return err
	}
	res, err := h.bootOnce(ctx, k, bhf, "selfcheck", baseModules, exclude, conf, share)
	if err != nil {
		return err
	}
	v := judgeSelfcheck(res.Status, res.Output, exclude)
	if v.err != nil {
		return v.err
	}
	if len(v.otherReason) > 0 {
		h.logf("selfcheck: warning: without %v these tests failed without saying %q (do they start with inGuest?): %s",
			exclude, nlmonMissing, strings.Join(v.otherReason, ", "))
	}
	h.logf("selfcheck: PASS (main boot without %v failed as it must: status %d, %d failed tests, %d of them saying %q)",
		exclude, res.Status, v.fails, v.reasoned, nlmonMissing)
	return nil
}

// nlmonMissing is what inGuest (e2e/lab_test.go) says when it cannot create
// an nlmon link; selfcheck requires it when nlmon is left out.
const nlmonMissing = "cannot create an nlmon link"

// selfcheckVerdict is what judgeSelfcheck found in the guest output:
// failed and skipped tests (subtests included), the top-level failed tests
// whose output names the missing module, and those that fail otherwise.
type selfcheckVerdict struct {
	fails, reasoned, skips int
	otherReason            []string
	err                    error
}

// judgeSelfcheck decides whether a boot without the excluded modules failed
// as it must: a non-zero status, at least one failed test, no skipped test,
// and (when nlmon is excluded) failed tests that say nlmon is missing rather
// than anything else.
func judgeSelfcheck(status int, output []string, exclude []string) selfcheckVerdict {
	var v selfcheckVerdict
	noNlmon := false
	for _, e := range exclude {
		if e == "nlmon" {
			noNlmon = true
		}
	}
	current, reasonSeen := "", false
	for _, l := range output {
		switch {
		case strings.HasPrefix(l, "=== RUN   ") && !strings.Contains(l, "/"):
			current, reasonSeen = strings.TrimPrefix(l, "=== RUN   "), false
		case strings.Contains(l, nlmonMissing):
			reasonSeen = true
		case strings.Contains(l, "--- FAIL"):
			v.fails++
			if strings.HasPrefix(l, "--- FAIL: "+current+" ") {
				if reasonSeen {
					v.reasoned++
				} else {
					v.otherReason = append(v.otherReason, current)
				}
			}
		case strings.Contains(l, "--- SKIP"):
			v.skips++
		}
	}
	switch {
	case status == 0 || v.fails == 0:
		v.err = fmt.Errorf("the main boot passed without %v (status %d, %d failed tests): e2e tests can pass without a real kernel capability", exclude, status, v.fails)
	case v.skips > 0:
		v.err = fmt.Errorf("the main boot without %v skipped %d test(s): e2e tests must fail, not skip, when a capability is missing", exclude, v.skips)
	case noNlmon && v.reasoned == 0:
		v.err = fmt.Errorf("the main boot without nlmon failed (status %d, %d failed tests) but no test said %q: it failed for another reason", status, v.fails, nlmonMissing)
	}
	return v
}
