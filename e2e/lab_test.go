//go:build linux

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment variables set by the lab harness (internal/lab).
const (
	envGuest     = "NLCAP_E2E"           // "1" inside the QEMU guest
	envBoot      = "NLCAP_E2E_BOOT"      // name of the boot: "main" or a e2e/boots/<name>.conf
	envArtifacts = "NLCAP_E2E_ARTIFACTS" // shared (9p) artifacts dir in the guest; host copy for TestHost*
	envBin       = "NLCAP_E2E_BIN"       // dir holding the static nlcap and nlreplay in the guest
	envHost      = "NLCAP_E2E_HOST"      // "1" when the harness runs the TestHost* checks
)

// skipMsg is what every e2e test says when it is run outside the harness.
const skipMsg = "e2e test: runs as root in the QEMU lab with Debian's kernel; run `make e2e` (one test: `make e2e RUN=%s`)"

// guestTools are the Debian tools the harness copies into the guest.
var guestTools = []string{"ip", "tcpdump", "genl", "ethtool", "nft", "wg", "dash"}

// isGuest reports whether the test binary runs inside the lab guest.
func isGuest() bool { return os.Getenv(envGuest) == "1" }

// inGuest must be the first line of every in-VM test. Outside the lab it
// skips the test. Inside (NLCAP_E2E=1) a missing capability is a failure,
// never a skip: the test fails if it does not run as root or if an nlmon
// link cannot be created.
func inGuest(t testing.TB) {
	t.Helper()
	if !isGuest() {
		t.Skipf(skipMsg, t.Name())
	}
	if uid := os.Geteuid(); uid != 0 {
		t.Fatalf("lab guest: running as uid %d, e2e tests need root", uid)
	}
	if err := nlmonCheck(); err != nil {
		t.Fatalf("lab guest: cannot create an nlmon link (is nlmon.ko in the initramfs?): %v", err)
	}
}

// nlmonCheck creates and deletes an nlmon link once per test binary.
var nlmonCheck = sync.OnceValue(func() error {
	ip, err := lookTool("ip")
	if err != nil {
		return err
	}
	const name = "nlmonchk0"
	if out, err := exec.Command(ip, "link", "add", name, "type", "nlmon").CombinedOutput(); err != nil {
		return fmt.Errorf("ip link add %s type nlmon: %w: %s", name, err, strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command(ip, "link", "del", name).CombinedOutput(); err != nil {
		return fmt.Errorf("ip link del %s: %w: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
})

// lookTool finds a Debian tool in PATH and refuses busybox applets, which
// would silently behave differently from the real tools.
func lookTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("tool %q not found in PATH %q: %w", name, os.Getenv("PATH"), err)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if real, err := filepath.EvalSymlinks(p); err == nil && filepath.Base(real) == "busybox" {
		return "", fmt.Errorf("tool %q resolves to busybox (%s), not the Debian tool", name, p)
	}
	return p, nil
}

// toolPath returns the absolute path of a Debian tool (ip, tcpdump, genl,
// ethtool, nft, wg, dash). It fails the test if the tool is missing.
func toolPath(t testing.TB, name string) string {
	t.Helper()
	p, err := lookTool(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// projectBin returns the path of one of the project's static binaries
// ("nlcap", "nlreplay") built by the harness. It fails the test if the
// binary is missing (the harness prints why its build failed).
func projectBin(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv(envBin)
	if dir == "" {
		t.Fatalf("%s is not set: projectBin(%q) needs the lab harness", envBin, name)
	}
	p := filepath.Join(dir, name)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("project binary %q missing (did `go build ./cmd/%s` fail? see the harness output): %v", name, name, err)
	}
	if fi.Mode()&0o111 == 0 {
		t.Fatalf("project binary %s is not executable", p)
	}
	return p
}

// artifactPath returns the path of file name in the shared artifacts
// directory: it survives across boots and the harness brings it back to
// the host (lab-out/artifacts) for the TestHost* checks. Parent
// directories in name are created.
func artifactPath(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv(envArtifacts)
	if dir == "" {
		t.Fatalf("%s is not set: artifactPath(%q) needs the lab harness", envArtifacts, name)
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatalf("artifact dir: %v", err)
	}
	return p
}

// cmdTimeout bounds every runCmd so a stuck tool fails its test instead of
// eating the boot's whole timeout.
const cmdTimeout = 60 * time.Second

// runCmd runs name with args and returns its combined output. A name
// without a slash is looked up with toolPath (or is a project binary when
// it is nlcap or nlreplay). The test fails, with the output, if the command
// cannot run or exits non-zero.
func runCmd(t testing.TB, name string, args ...string) string {
	t.Helper()
	path := name
	if !strings.Contains(name, "/") {
		switch name {
		case "nlcap", "nlreplay":
			path = projectBin(t, name)
		default:
			path = toolPath(t, name)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	out, err := cmd.CombinedOutput()
	line := strings.TrimSpace(name + " " + strings.Join(args, " "))
	if ctx.Err() != nil {
		t.Fatalf("%s: timed out after %v\n%s", line, cmdTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	t.Logf("$ %s", line)
	return string(out)
}

// hostArtifacts returns the host copy of the artifacts directory for the
// TestHost* checks. Outside the harness it skips the test; with
// NLCAP_E2E_HOST=1 a missing directory fails it.
func hostArtifacts(t testing.TB) string {
	t.Helper()
	if os.Getenv(envHost) != "1" {
		t.Skipf(skipMsg, t.Name())
	}
	dir := os.Getenv(envArtifacts)
	if dir == "" {
		t.Fatalf("%s=1 but %s is not set", envHost, envArtifacts)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("artifacts dir: %v", err)
	}
	if !fi.IsDir() {
		t.Fatalf("artifacts dir %s is not a directory", dir)
	}
	return dir
}

// hostArtifact returns the path of one artifact on the host and fails the
// test when the guest did not leave it (the guest test failed or did not
// run in this boot).
func hostArtifact(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(hostArtifacts(t), filepath.FromSlash(name))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("artifact %s missing (did its guest test run and pass?): %v", name, err)
	}
	return p
}

// requireHostTools reports whether a missing host tool must fail a test
// instead of skipping it: under the harness (NLCAP_E2E_HOST=1), in CI
// (CI=true or CI=1) or with NLCAP_REQUIRE_TSHARK=1.
func requireHostTools() bool {
	ci := os.Getenv("CI")
	return os.Getenv(envHost) == "1" || ci == "true" || ci == "1" || os.Getenv("NLCAP_REQUIRE_TSHARK") == "1"
}

// hostTool returns the path of a tool on the host for a TestHost* check
// (tshark is not in the guest). When requireHostTools holds, a missing tool
// fails the test; elsewhere it skips.
func hostTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if requireHostTools() {
		t.Fatalf("host tool %s is missing: %v (apt-get install it, see .ci/run)", name, err)
	}
	t.Skipf("host tool %s is missing: %v", name, err)
	return ""
}

// TestLabHelpers checks the helpers themselves where they do not need the
// lab: errors are reported, busybox applets are refused.
func TestLabHelpers(t *testing.T) {
	if _, err := lookTool("no-such-tool-nlcap"); err == nil {
		t.Error("lookTool(no-such-tool-nlcap): want an error")
	}
	dir := t.TempDir()
	bb := filepath.Join(dir, "busybox")
	if err := os.WriteFile(bb, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bb, filepath.Join(dir, "ipx")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	_, err := lookTool("ipx")
	if err == nil || !strings.Contains(err.Error(), "busybox") {
		t.Errorf("lookTool(busybox applet) = %v, want an error naming busybox", err)
	}
}
