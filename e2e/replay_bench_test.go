//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchRoutes is the number of routes of the replay benchmark (issue 5).
const benchRoutes = 5000

// benchRounds is how many times each side runs; the best time counts.
const benchRounds = 3

// writeRouteBatch writes an `ip -batch` file that makes a dummy link with
// an address and adds benchRoutes /32 routes through it.
func writeRouteBatch(t testing.TB, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("link add b0 type dummy\nlink set b0 up\naddr add 10.0.0.1/24 dev b0\n")
	for i := 0; i < benchRoutes; i++ {
		fmt.Fprintf(&b, "route add 172.16.%d.%d/32 via 10.0.0.2\n", i/250, i%250+1)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// timed runs a command and returns its wall time; it fails the test on a
// non-zero exit.
func timed(t testing.TB, name string, args ...string) (time.Duration, string) {
	t.Helper()
	t0 := time.Now()
	out, err := exec.Command(name, args...).CombinedOutput()
	d := time.Since(t0)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return d, string(out)
}

// TestBootReplayBench is issue 5's performance check, in its own boot
// (e2e/boots/replaybench.conf; run it with bench/replay.sh): `ip -batch`
// adding 5000 routes, captured with nlcap and replayed with nlreplay in a
// fresh namespace, against the same `ip -batch` run in another fresh
// namespace of the same boot. The figures go to the log and to the artifact
// bench-replay.txt. The target is a ratio of at most 1.2; the test fails
// only when the replay does not match.
func TestBootReplayBench(t *testing.T) {
	inGuest(t)
	ip := toolPath(t, "ip")
	batch := t.TempDir() + "/routes.batch"
	writeRouteBatch(t, batch)

	// Warm up: load the dummy module.
	netnsAdd(t, "bwarm")
	timed(t, ip, "-n", "bwarm", "link", "add", "w0", "type", "dummy")

	// Capture ip -batch with nlcap.
	netnsAdd(t, "bcap")
	file := artifactPath(t, "bench-replay.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "--netns", "bcap", "--no-genl-dump", "-w", file)
	capTime, _ := timed(t, ip, "-n", "bcap", "-batch", batch)
	time.Sleep(200 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)

	// Then, in turns (the host's load varies), ip -batch in a fresh named
	// namespace and nlreplay in its own fresh namespace.
	nlr := projectBin(t, "nlreplay")
	var ipTimes, wall, inner []time.Duration
	summary := regexp.MustCompile(`^(\d+) requests: (\d+) OK, 0 DIVERGED, 0 TIMEOUT; replayed in (\S+) `)
	for i := 0; i < benchRounds; i++ {
		ns := fmt.Sprintf("bbase%d", i)
		netnsAdd(t, ns)
		d, _ := timed(t, ip, "-n", ns, "-batch", batch)
		ipTimes = append(ipTimes, d)
		exec.Command(ip, "netns", "del", ns).Run()

		d, out := timed(t, nlr, "--check", file)
		m := summary.FindStringSubmatch(strings.TrimSpace(out))
		if m == nil || m[1] != m[2] {
			t.Fatalf("replay did not match:\n%s", out)
		}
		in, err := time.ParseDuration(m[3])
		if err != nil {
			t.Fatal(err)
		}
		wall = append(wall, d)
		inner = append(inner, in)
	}
	ipTime, w, in := slices.Min(ipTimes), slices.Min(wall), slices.Min(inner)
	var b strings.Builder
	fmt.Fprintf(&b, "replay benchmark: ip -batch adding %d routes (+ link, up, addr), 1 vCPU (QEMU TCG), kernel %s\n", benchRoutes, benchKernelRelease(t))
	fmt.Fprintf(&b, "best of %d interleaved runs each\n", benchRounds)
	fmt.Fprintf(&b, "ip -batch:                  %v (runs %v)\n", ipTime.Round(time.Millisecond), ipTimes)
	fmt.Fprintf(&b, "ip -batch under nlcap:      %v\n", capTime.Round(time.Millisecond))
	fmt.Fprintf(&b, "nlreplay --check (process): %v  ratio %.2f (runs %v)\n", w.Round(time.Millisecond), w.Seconds()/ipTime.Seconds(), wall)
	fmt.Fprintf(&b, "nlreplay replay loop:       %v  ratio %.2f (runs %v)\n", in.Round(time.Millisecond), in.Seconds()/ipTime.Seconds(), inner)
	fmt.Fprintf(&b, "target: ratio <= 1.20\n")
	// One more replay with a CPU profile (go tool pprof bin/nlreplay
	// artifacts/bench-replay.prof).
	cmd := exec.Command(nlr, "--check", file)
	cmd.Env = append(os.Environ(), "NLREPLAY_CPUPROFILE="+artifactPath(t, "bench-replay.prof"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("profiled replay: %v\n%s", err, out)
	}
	t.Log("\n" + b.String())
	if err := os.WriteFile(artifactPath(t, "bench-replay.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
