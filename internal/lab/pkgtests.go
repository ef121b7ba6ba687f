package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The package test binaries: the privileged tests of the ordinary packages
// (capture, replay, cmd/nlreplay, ...) skip on a host without root or nlmon
// and fail with NLCAP_TEST_PRIVILEGED=1. The harness builds `go test -c` of
// every package whose tests read that variable, puts each in the guest with
// a copy of its package's testdata at guestSrc/<pkg>/testdata (the
// repository's testdata is at guestSrc/testdata, so ../testdata resolves),
// and e2e's TestPackagePrivileged runs them as root (e2e/pkgtests_test.go).
const (
	pkgTestsEnv      = "NLCAP_TEST_PRIVILEGED"
	pkgTestsE2E      = "TestPackagePrivileged" // the e2e test that runs them
	guestPkgTestDir  = "/lab/pkgtests"         // NLCAP_E2E_PKGTESTS
	guestPkgManifest = guestPkgTestDir + "/manifest.json"
)

// pkgTest is one package test binary. Its JSON form is one entry of the
// guest's manifest.json (e2e/pkgtests_test.go reads it).
type pkgTest struct {
	Pkg string `json:"pkg"` // slash path relative to the repo: "capture", "cmd/nlreplay"
	Bin string `json:"bin"` // host path (hostFiles) or guest path (manifest)
	Dir string `json:"dir"` // guest working directory: guestSrc/<pkg>
}

// binName is the file name of a package's test binary ("cmd_nlreplay.test").
func (p pkgTest) binName() string {
	return strings.ReplaceAll(p.Pkg, "/", "_") + ".test"
}

// privilegedPackages returns, sorted, the package directories (slash paths
// relative to repo) with a _test.go file that reads NLCAP_TEST_PRIVILEGED,
// leaving out e2e (it is the runner), internal/lab, testdata, vendor and
// hidden or underscore directories, and nested modules.
func privilegedPackages(repo string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repo, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			name := d.Name()
			switch {
			case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_"),
				name == "testdata" || name == "vendor" || name == "lab-out",
				rel == "e2e" || rel == "internal/lab":
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(`"`+pkgTestsEnv+`"`)) {
			seen[path.Dir(rel)] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find packages with privileged tests: %w", err)
	}
	pkgs := make([]string, 0, len(seen))
	for p := range seen {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	return pkgs, nil
}

// needsPkgTests reports whether a boot's tests include the e2e test that
// runs the package test binaries.
func needsPkgTests(tests []string) bool {
	for _, n := range tests {
		if n == pkgTestsE2E {
			return true
		}
	}
	return false
}

// buildPkgTests builds the test binary of every package with privileged
// tests into <out>/bin/pkgtests and records them in hf.PkgTests.
func (h *harness) buildPkgTests(hf *hostFiles) error {
	t0 := time.Now()
	pkgs, err := privilegedPackages(h.repo)
	if err != nil {
		return err
	}
	if len(pkgs) == 0 {
		return fmt.Errorf("no package has a _test.go file reading %s: %s has nothing to run", pkgTestsEnv, pkgTestsE2E)
	}
	dir := filepath.Join(h.out, "bin", "pkgtests")
	if err := freshDir(dir); err != nil {
		return err
	}
	hf.PkgTests = nil
	for _, p := range pkgs {
		pt := pkgTest{Pkg: p, Dir: guestSrc + "/" + p}
		pt.Bin = filepath.Join(dir, pt.binName())
		// -s -w: no symbol table or DWARF (tracebacks keep their names),
		// a third smaller initramfs.
		if err := h.goCmd("test", "-c", "-ldflags=-s -w", "-o", pt.Bin, "./"+p); err != nil {
			return fmt.Errorf("package test binary of %s: %w", p, err)
		}
		hf.PkgTests = append(hf.PkgTests, pt)
	}
	h.logf("package test binaries (%s) ready in %v: %s", pkgTestsE2E, time.Since(t0).Round(time.Millisecond), strings.Join(pkgs, ", "))
	return nil
}

// addPkgTests puts the package test binaries, their manifest and each
// package's testdata into an initramfs tree.
func addPkgTests(t tree, repo string, pts []pkgTest) error {
	t.dir(guestPkgTestDir)
	manifest := make([]pkgTest, 0, len(pts))
	for _, pt := range pts {
		guestBin := guestPkgTestDir + "/" + pt.binName()
		t.file(guestBin, pt.Bin, 0o755)
		t.dir(pt.Dir)
		td := filepath.Join(repo, filepath.FromSlash(pt.Pkg), "testdata")
		if _, err := os.Stat(td); err == nil {
			if err := addTree(t, td, pt.Dir+"/testdata"); err != nil {
				return err
			}
		}
		manifest = append(manifest, pkgTest{Pkg: pt.Pkg, Bin: guestBin, Dir: pt.Dir})
	}
	b, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return err
	}
	t.data(guestPkgManifest, b, 0o644)
	return nil
}

// bootFiles returns the host files of a boot that runs tests: hf with the
// package test binaries when the boot runs TestPackagePrivileged (built on
// first need, then kept in hf), without them otherwise. It adds
// NLCAP_E2E_PKGTESTS to conf's environment when it includes them.
func (h *harness) bootFiles(hf *hostFiles, tests []string, conf *guestConf) (*hostFiles, error) {
	bhf := *hf
	if !needsPkgTests(tests) {
		bhf.PkgTests = nil
		return &bhf, nil
	}
	if hf.PkgTests == nil {
		if err := h.buildPkgTests(hf); err != nil {
			return nil, err
		}
		bhf.PkgTests = hf.PkgTests
	}
	conf.Env = append(conf.Env, "NLCAP_E2E_PKGTESTS="+guestPkgTestDir)
	return &bhf, nil
}
