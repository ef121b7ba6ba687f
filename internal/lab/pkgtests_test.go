package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPrivilegedPackagesRepo finds the repository's own packages with
// privileged tests: capture, replay and cmd/nlreplay read
// NLCAP_TEST_PRIVILEGED; e2e and internal/lab are never listed.
func TestPrivilegedPackagesRepo(t *testing.T) {
	pkgs, err := privilegedPackages(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"capture", "replay", "cmd/nlreplay"} {
		if !slices.Contains(pkgs, want) {
			t.Errorf("privilegedPackages = %q, want it to contain %q", pkgs, want)
		}
	}
	for _, not := range []string{"e2e", "internal/lab", "."} {
		if slices.Contains(pkgs, not) {
			t.Errorf("privilegedPackages = %q, must not contain %q", pkgs, not)
		}
	}
}

func TestPrivilegedPackages(t *testing.T) {
	repo := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(repo, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const gated = `package x; var _ = os.Getenv("NLCAP_TEST_PRIVILEGED")`
	write("go.mod", "module x\n")
	write("a/a_test.go", gated)
	write("a/b/c/c_linux_test.go", gated)
	write("plain/p_test.go", "package plain")
	write("notatest/n.go", gated)          // not a _test.go file
	write("e2e/x_test.go", gated)          // the runner itself
	write("internal/lab/x_test.go", gated) // the harness
	write("a/testdata/x_test.go", gated)   // data, not a package
	write(".hidden/x_test.go", gated)      // hidden
	write("nested/go.mod", "module y\n")   // another module
	write("nested/x_test.go", gated)
	got, err := privilegedPackages(repo)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "a/b/c"}, got); diff != "" {
		t.Errorf("privilegedPackages (-want +got):\n%s", diff)
	}
	if _, err := privilegedPackages(filepath.Join(repo, "missing")); err == nil {
		t.Error("privilegedPackages of a missing directory: no error")
	}
}

func TestNeedsPkgTests(t *testing.T) {
	if needsPkgTests([]string{"TestCaptureStops", "TestPackagePrivilegedX"}) {
		t.Error("needsPkgTests matched a longer name")
	}
	if !needsPkgTests([]string{"TestCaptureStops", pkgTestsE2E}) {
		t.Errorf("needsPkgTests missed %s", pkgTestsE2E)
	}
}

// TestAddPkgTests checks the guest layout: binaries and manifest under
// /lab/pkgtests, each package's testdata under /src/<pkg>/testdata.
func TestAddPkgTests(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "cmd", "tool", "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "cmd", "tool", "testdata", "g.golden"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(repo, "fake.test")
	if err := os.WriteFile(bin, []byte("ELF"), 0o755); err != nil {
		t.Fatal(err)
	}
	tr := tree{}
	pts := []pkgTest{
		{Pkg: "cmd/tool", Bin: bin, Dir: guestSrc + "/cmd/tool"},
		{Pkg: "lib", Bin: bin, Dir: guestSrc + "/lib"}, // no testdata
	}
	if err := addPkgTests(tr, repo, pts); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"/lab/pkgtests/cmd_tool.test", "/lab/pkgtests/lib.test",
		"/src/cmd/tool/testdata/g.golden", "/src/lib", guestPkgManifest,
	} {
		if _, ok := tr[p]; !ok {
			t.Errorf("initramfs lacks %s", p)
		}
	}
	var got []pkgTest
	if err := json.Unmarshal(tr[guestPkgManifest].Data, &got); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	want := []pkgTest{
		{Pkg: "cmd/tool", Bin: "/lab/pkgtests/cmd_tool.test", Dir: "/src/cmd/tool"},
		{Pkg: "lib", Bin: "/lab/pkgtests/lib.test", Dir: "/src/lib"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
}
