package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// captures runs e2e/scenarios/<name>.sh in the guest; each scenario writes
// <name>.pcap and <name>.cmds.txt (provenance) into the output directory
// through the helpers of e2e/scenarios/lib.sh.
func (h *harness) captures(ctx context.Context) error {
	out := h.o.capOut
	if out == "" {
		out = filepath.Join(h.out, "captures")
	}
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	names, err := h.scenarioNames()
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return errors.New("no scenario selected")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	k, hf, err := h.prepare(false, captureTools)
	if err != nil {
		return err
	}
	if err := addCaptureFiles(hf.Tools); err != nil {
		return err
	}
	if err := h.buildCaptureBins(hf); err != nil {
		return err
	}
	// netdevsim, hsr, xsk_diag, vdpa for e2e/scenarios/genl-devlink.sh,
	// genl-hsr.sh, sockdiag-lab.sh, genl-vdpa.sh (Debian leaves them out),
	// built only when a selected scenario loads them.
	needed, err := h.neededOutOfTree(names)
	if err != nil {
		return err
	}
	for _, m := range needed {
		kos, err := buildOutOfTree(h.cache, k, m, h.logf)
		if err != nil {
			return err
		}
		k.Extra = append(k.Extra, kos...)
	}
	// One fresh boot per scenario, so interface indexes (which end up in
	// the captured messages) do not depend on the scenarios run before.
	// dummy is preloaded: its dummy0 takes ifindex 2, as in the committed
	// captures.
	var failed []string
	for _, n := range names {
		// A scenario that fails must not leave a stale pcap looking fresh.
		os.Remove(filepath.Join(out, n+".pcap"))
		os.Remove(filepath.Join(out, n+".cmds.txt"))
		conf := guestConf{
			Boot: "captures-" + n, Mode: "script", Scripts: []string{guestScenarios + "/" + n + ".sh"},
			Preload: []string{"dummy"}, Timeout: int(h.o.timeout.Seconds()) - 30,
			Env: []string{"NLCAP_OUT=" + guestShare, "NLCAP_LAB=/init", "NLCAP_SCENARIO_LIB=" + guestScenarios + "/lib.sh",
				"NLCAP_E2E_BIN=" + guestBinDir},
			Monitor: true, // genl-events.sh presses the power button
		}
		if conf.QEMU, err = h.scenarioQEMU(n); err != nil {
			return err
		}
		mods := append(append([]string{}, baseModules...), scenarioModules...)
		res, err := h.bootOnce(ctx, k, hf, "captures-"+n, mods, splitList(h.o.exclude), conf, out)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case err != nil:
			failed = append(failed, err.Error())
			continue
		case res.Status != 0:
			failed = append(failed, fmt.Sprintf("scenario %s failed (status %d)", n, res.Status))
			continue
		}
		for _, f := range []string{n + ".pcap", n + ".cmds.txt"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				failed = append(failed, fmt.Sprintf("scenario %s did not write %s", n, f))
			}
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n  "))
	}
	h.logf("captures written to %s: %s (promote with: cp %s/<name>.{pcap,cmds.txt} testdata/captures/)", out, strings.Join(names, ", "), out)
	return nil
}

// scenarioQEMU returns the QEMU arguments a scenario's script asks for
// with lines `# lab-qemu: ARG...` (split at spaces), e.g. a network card
// whose driver the scenario exercises. `@FILE@` in an argument, FILE a
// name of qemuFiles, is the path of that file, which the harness writes
// into its output directory.
func (h *harness) scenarioQEMU(name string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(h.repo, "e2e", "scenarios", name+".sh"))
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	args := qemuLines(b)
	if err := expandQEMUFiles(args, filepath.Join(h.out, "qemu-files")); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	return args, nil
}

// qemuFiles are the files a scenario's QEMU arguments can name as
// `@NAME@`: the SSDT with the thermal zone of genl-thermal.sh
// (thermalSSDT).
var qemuFiles = map[string]func() ([]byte, error){
	"thermal-ssdt.aml": thermalSSDT,
}

// expandQEMUFiles replaces `@NAME@` in args by the path of qemuFiles'
// NAME, written into dir; an unknown name is an error.
func expandQEMUFiles(args []string, dir string) error {
	for i, a := range args {
		var out strings.Builder
		rest := a
		for {
			before, after, ok := strings.Cut(rest, "@")
			out.WriteString(before)
			if !ok {
				break
			}
			name, tail, ok := strings.Cut(after, "@")
			if !ok {
				return fmt.Errorf("qemu argument %q: unterminated @NAME@", a)
			}
			gen, known := qemuFiles[name]
			if !known {
				return fmt.Errorf("qemu argument %q: no lab file %q", a, name)
			}
			b, err := gen()
			if err != nil {
				return fmt.Errorf("lab file %s: %w", name, err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("lab file %s: %w", name, err)
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, b, 0o644); err != nil {
				return fmt.Errorf("lab file %s: %w", name, err)
			}
			out.WriteString(path)
			rest = tail
		}
		args[i] = out.String()
	}
	return nil
}

// qemuLines collects the arguments of a script's `# lab-qemu:` lines.
func qemuLines(script []byte) []string {
	var args []string
	for _, l := range strings.Split(string(script), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "# lab-qemu:"); ok {
			args = append(args, strings.Fields(rest)...)
		}
	}
	return args
}

// neededOutOfTree returns the outOfTreeModules the scenarios load (`modprobe
// NAME` of one of the modules an entry builds) and those whose symbols
// these use, in outOfTreeModules' order (a module's symbols come first).
func (h *harness) neededOutOfTree(names []string) ([]outOfTree, error) {
	need := map[string]bool{}
	for _, m := range outOfTreeModules {
		for _, ko := range m.modules() {
			yes, err := h.needsModule(names, strings.TrimSuffix(filepath.Base(ko), ".ko"))
			if err != nil {
				return nil, err
			}
			need[m.name] = need[m.name] || yes
		}
	}
	for i := len(outOfTreeModules) - 1; i >= 0; i-- {
		if m := outOfTreeModules[i]; need[m.name] && m.symbols != "" {
			need[m.symbols] = true
		}
	}
	var out []outOfTree
	for _, m := range outOfTreeModules {
		if need[m.name] {
			out = append(out, m)
		}
	}
	return out, nil
}

// needsModule says whether one of the scenarios runs `modprobe MOD`.
func (h *harness) needsModule(names []string, mod string) (bool, error) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(h.repo, "e2e", "scenarios", n+".sh"))
		if err != nil {
			return false, fmt.Errorf("scenario %s: %w", n, err)
		}
		if bytes.Contains(b, []byte("modprobe "+mod+"\n")) || bytes.Contains(b, []byte("modprobe "+mod+" ")) {
			return true, nil
		}
	}
	return false, nil
}

// captureBins are the project's own traffic generators, built like nlcap
// and copied (into $NLCAP_E2E_BIN) only into the guests of `lab captures`:
// name -> package. nfqueue consumes nfnetlink_queue and nfnetlink_log
// (e2e/scenarios/nf-queue-lab.sh), for which Debian has no small tool;
// psample listens to the psample generic netlink family
// (e2e/scenarios/genl-psample.sh), hsrgenl asks and listens to HSR
// (e2e/scenarios/genl-hsr.sh), gtpgenl makes a gtp link and its tunnels
// (e2e/scenarios/genl-gtp.sh), thermalgenl asks and listens to thermal
// (e2e/scenarios/genl-thermal.sh), sockdiaglab holds AF_XDP sockets open
// for ss and opens AF_SMC sockets and asks smc_diag about them as smcss
// does (e2e/scenarios/sockdiag-lab.sh): no Debian tool speaks these.
// ethtoolnl asks ethtool for a device's string sets and compact private
// flags (e2e/scenarios/genl-ethtool-nic.sh), which Debian's ethtool 6.1
// does only for a notification of changed private flags.
var captureBins = map[string]string{
	"ethtoolnl":   "./internal/lab/ethtoolnl",
	"nfqueue":     "./internal/lab/nfqueue",
	"psample":     "./internal/lab/psample",
	"hsrgenl":     "./internal/lab/hsrgenl",
	"gtpgenl":     "./internal/lab/gtpgenl",
	"thermalgenl": "./internal/lab/thermalgenl",
	"sockdiaglab": "./internal/lab/sockdiaglab",
}

// buildCaptureBins builds captureBins into the lab's bin directory and
// adds them to hf.
func (h *harness) buildCaptureBins(hf *hostFiles) error {
	for name, pkg := range captureBins {
		dst := filepath.Join(h.out, "bin", name)
		if err := h.goCmd("build", "-o", dst, pkg); err != nil {
			return err
		}
		hf.Bins[name] = dst
	}
	return nil
}

// scenarioNames lists the selected scenarios (not demo, not lib).
func (h *harness) scenarioNames() ([]string, error) {
	if s := splitList(h.o.scenarios); len(s) > 0 {
		for _, n := range s {
			if _, err := os.Stat(filepath.Join(h.repo, "e2e", "scenarios", n+".sh")); err != nil {
				return nil, fmt.Errorf("scenario %q: %w", n, err)
			}
		}
		return s, nil
	}
	files, err := filepath.Glob(filepath.Join(h.repo, "e2e", "scenarios", "*.sh"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		n := strings.TrimSuffix(filepath.Base(f), ".sh")
		if n != "demo" && n != "lib" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// demo boots the guest and runs e2e/scenarios/demo.sh.
func (h *harness) demo(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(h.repo, "e2e", "scenarios", "demo.sh")); err != nil {
		return err
	}
	k, hf, err := h.prepare(false)
	if err != nil {
		return err
	}
	share := filepath.Join(h.out, "demo")
	if err := freshDir(share); err != nil {
		return err
	}
	conf := guestConf{
		Boot: "demo", Mode: "script", Scripts: []string{guestScenarios + "/demo.sh"}, Timeout: int(h.o.timeout.Seconds()) - 30,
		Env: []string{"NLCAP_OUT=" + guestShare, "NLCAP_LAB=/init", "NLCAP_SCENARIO_LIB=" + guestScenarios + "/lib.sh",
			"NLCAP_E2E_BIN=" + guestBinDir},
	}
	res, err := h.bootOnce(ctx, k, hf, "demo", baseModules, splitList(h.o.exclude), conf, share)
	if err != nil {
		return err
	}
	if res.Status != 0 {
		return fmt.Errorf("demo.sh failed (status %d)", res.Status)
	}
	return nil
}

// cmdNow prints the time as seconds.nanoseconds (busybox date has no %N).
func cmdNow() int {
	fmt.Println(fmtTime(time.Now()))
	return 0
}

func fmtTime(t time.Time) string {
	return fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond())
}

// A provenance file keeps a stream whole up to provenanceMaxLines lines;
// a longer one is cut to its first provenanceLines lines.
const (
	provenanceLines    = 40
	provenanceMaxLines = 80
)

// cmdExec runs a command and prints a provenance block on stdout:
//
//	$ cmd args
//	  time: start .. end
//	  out| ...
//	  err| ...
//	  exit: N
//
// It exits with the command's status.
func cmdExec(args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "lab exec: no command")
		return 2
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	end := time.Now()
	status := 0
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			status = ee.ExitCode()
		} else {
			fmt.Fprintf(&stderr, "lab exec: %v\n", err)
			status = 127
		}
	}
	fmt.Printf("$ %s\n", strings.Join(args, " "))
	fmt.Printf("  time: %s .. %s\n", fmtTime(start), fmtTime(end))
	printPrefixed(os.Stdout, "out| ", stdout.Bytes())
	printPrefixed(os.Stdout, "err| ", stderr.Bytes())
	fmt.Printf("  exit: %d\n", status)
	return status
}

func printPrefixed(w io.Writer, prefix string, b []byte) {
	if len(b) == 0 {
		return
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, l := range lines {
		if i == provenanceLines && len(lines) > provenanceMaxLines {
			fmt.Fprintf(w, "  %s... (%d lines, %d bytes in total; rest omitted)\n", prefix, len(lines), len(b))
			return
		}
		fmt.Fprintf(w, "  %s%s\n", prefix, l)
	}
}
