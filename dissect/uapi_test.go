package dissect

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap/internal/nlgen"
)

// TestOverlayNames: every attribute an overlay types is named by the
// generated tables (or marked newer than them, and really not in them).
func TestOverlayNames(t *testing.T) {
	for _, e := range overlayErrors {
		t.Error(e)
	}
}

// TestGeneratedTables regenerates uapi_generated.go from the installed UAPI
// headers and fails if the committed file differs. The headers come from
// linux-libc-dev; without them the test skips, but fails under CI (or
// NLCAP_REQUIRE_HEADERS), where .ci/setup installs them.
func TestGeneratedTables(t *testing.T) {
	if _, err := os.Stat(filepath.Join(nlgen.DefaultInclude, "linux", "version.h")); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("NLCAP_REQUIRE_HEADERS") != "" {
			t.Fatalf("the kernel UAPI headers are required (CI or NLCAP_REQUIRE_HEADERS is set): %v", err)
		}
		t.Skipf("no kernel UAPI headers (install linux-libc-dev): %v", err)
	}
	got, err := nlgen.Generate(nlgen.DefaultInclude, "dissect")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "uapi_generated.go"), got, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("uapi_generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("uapi_generated.go differs from the installed headers (run go generate ./dissect) at line %d:\ncommitted: %s\nheaders:   %s", i+1, w, g)
			}
		}
	}
}
