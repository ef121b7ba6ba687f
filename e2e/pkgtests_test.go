//go:build linux

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envPkgTests names the guest directory holding the package test binaries
// and their manifest.json (internal/lab/pkgtests.go writes both).
const envPkgTests = "NLCAP_E2E_PKGTESTS"

// pkgTestBin is one entry of manifest.json: a `go test -c` binary of a
// package with privileged tests, and the guest copy of its package
// directory (its testdata, with the repository's testdata one level up).
type pkgTestBin struct {
	Pkg string `json:"pkg"`
	Bin string `json:"bin"`
	Dir string `json:"dir"`
}

// TestPackagePrivileged runs the test binary of every package whose tests
// skip without root or nlmon (capture, replay, cmd/nlreplay, ...) as root
// in the guest with NLCAP_TEST_PRIVILEGED=1, which turns those skips into
// failures. A subtest fails if its binary fails or if anything in it
// skipped: on the host these tests skip, so this is where they run.
func TestPackagePrivileged(t *testing.T) {
	inGuest(t)
	dir := os.Getenv(envPkgTests)
	if dir == "" {
		t.Fatalf("%s is not set: the harness did not put the package test binaries in this boot", envPkgTests)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatalf("package test manifest: %v", err)
	}
	var bins []pkgTestBin
	if err := json.Unmarshal(b, &bins); err != nil {
		t.Fatalf("package test manifest: %v", err)
	}
	if len(bins) == 0 {
		t.Fatal("package test manifest lists no package")
	}
	for _, pb := range bins {
		t.Run(strings.ReplaceAll(pb.Pkg, "/", "_"), func(t *testing.T) {
			runPkgTest(t, pb)
		})
	}
}

// runPkgTest runs one package test binary with -test.v and judges its
// output.
// hostOnlyTests are left out of the packages' runs in the guest: they test
// what an unprivileged user gets on the host (setpriv to uid 65534, which
// the guest lacks) and run there in `make unit`, as root and as nobody.
const hostOnlyTests = "^TestMockAsNobody$"

func runPkgTest(t *testing.T, pb pkgTestBin) {
	timeout := 4 * time.Minute
	if d, ok := t.Deadline(); ok {
		timeout = min(timeout, time.Until(d)-20*time.Second)
	}
	if timeout <= 0 {
		t.Fatalf("no time left to run %s", pb.Pkg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, pb.Bin, "-test.v", "-test.count=1", "-test.timeout", timeout.String(), "-test.skip", hostOnlyTests)
	cmd.Dir = pb.Dir
	cmd.Env = append(os.Environ(), "NLCAP_TEST_PRIVILEGED=1", "NLREPLAY_TEST_NLCLIENT="+projectBin(t, "nlclient"))
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(t0).Round(time.Millisecond)
	t.Logf("%s (cwd %s, NLCAP_TEST_PRIVILEGED=1) in %v:\n%s", filepath.Base(pb.Bin), pb.Dir, elapsed, out)
	if err != nil {
		t.Errorf("package %s: tests failed: %v", pb.Pkg, err)
	}
	var skips []string
	passed := 0
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case strings.Contains(l, "--- SKIP"):
			skips = append(skips, strings.TrimSpace(l))
		case strings.HasPrefix(l, "--- PASS: "):
			passed++
		}
	}
	if len(skips) > 0 {
		t.Errorf("package %s: %d test(s) skipped as root in the lab (they must run here): %s", pb.Pkg, len(skips), strings.Join(skips, "; "))
	}
	if err == nil && passed == 0 {
		t.Errorf("package %s: no top-level test passed", pb.Pkg)
	}
	t.Logf("package %s: %d top-level tests passed, %d skipped, in %v", pb.Pkg, passed, len(skips), elapsed)
}
