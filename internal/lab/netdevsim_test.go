package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestKernelSeries(t *testing.T) {
	for in, want := range map[string]string{"6.1.0-56-amd64": "6.1", "6.12.3+deb13-amd64": "6.12", "10.0": "10.0"} {
		got, err := kernelSeries(in)
		if err != nil || got != want {
			t.Errorf("kernelSeries(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "6", "6.", "x.1.0", "6.y-amd64"} {
		if got, err := kernelSeries(in); err == nil {
			t.Errorf("kernelSeries(%q) = %q, want an error", in, got)
		}
	}
}

func TestParseDpkgStatus(t *testing.T) {
	got, err := parseDpkgStatus("linux-source-6.1", "install ok installed 6.1.192-2")
	if err != nil || got != "6.1.192-2" {
		t.Errorf("parseDpkgStatus = %q, %v; want 6.1.192-2", got, err)
	}
	for _, in := range []string{"", "deinstall ok config-files 6.1.192-2", "install ok installed "} {
		if _, err := parseDpkgStatus("p", in); err == nil || !strings.Contains(err.Error(), ".ci/setup --captures") {
			t.Errorf("parseDpkgStatus(%q): err = %v, want one naming .ci/setup --captures", in, err)
		}
	}
}

// TestNeedsModule: only the scenarios that load netdevsim or hsr make `lab
// captures` build it (genl-more.sh names netdevsim in a comment only).
func TestNeedsModule(t *testing.T) {
	h := repoHarness(t)
	for _, tt := range []struct {
		names []string
		mod   string
		want  bool
	}{
		{[]string{"genl-devlink"}, "netdevsim", true}, {[]string{"genl-more", "rtnl-basic"}, "netdevsim", false},
		{[]string{"rtnl-basic", "genl-devlink"}, "netdevsim", true}, {nil, "netdevsim", false},
		{[]string{"genl-hsr"}, "hsr", true}, {[]string{"genl-hsr"}, "netdevsim", false}, {[]string{"genl-devlink"}, "hsr", false},
		{[]string{"sockdiag-lab"}, "xsk_diag", true}, {[]string{"genl-hsr"}, "xsk_diag", false},
	} {
		got, err := h.needsModule(tt.names, tt.mod)
		if err != nil || got != tt.want {
			t.Errorf("needsModule(%q, %s) = %v, %v; want %v", tt.names, tt.mod, got, err, tt.want)
		}
	}
	if _, err := h.needsModule([]string{"nosuch"}, "hsr"); err == nil {
		t.Error("needsModule of a missing scenario: no error")
	}
}

// TestNeededOutOfTree: genl-vdpa.sh loads vdpa_sim_net, one of the modules
// the vdpa entry builds, which needs vringh's symbols: both are built,
// vringh first; a scenario loading none builds none.
func TestNeededOutOfTree(t *testing.T) {
	h := repoHarness(t)
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"genl-vdpa"}, "vringh vdpa"},
		{[]string{"genl-hsr", "genl-devlink"}, "netdevsim hsr"},
		{[]string{"rtnl-basic"}, ""},
	} {
		got, err := h.neededOutOfTree(tt.names)
		if err != nil {
			t.Fatal(err)
		}
		var gotNames []string
		for _, m := range got {
			gotNames = append(gotNames, m.name)
		}
		if strings.Join(gotNames, " ") != tt.want {
			t.Errorf("neededOutOfTree(%q) = %q, want %q", tt.names, gotNames, tt.want)
		}
	}
	for _, m := range outOfTreeModules {
		if m.symbols == "" {
			continue
		}
		i := slices.IndexFunc(outOfTreeModules, func(o outOfTree) bool { return o.name == m.symbols })
		j := slices.IndexFunc(outOfTreeModules, func(o outOfTree) bool { return o.name == m.name })
		if i < 0 || i > j {
			t.Errorf("%s uses the symbols of %q, which is not an earlier outOfTreeModules entry", m.name, m.symbols)
		}
	}
	if _, err := h.neededOutOfTree([]string{"nosuch"}); err == nil {
		t.Error("neededOutOfTree of a missing scenario: no error")
	}
}

// repoHarness is a harness on this repository, for the tests that read its
// scenario scripts.
func repoHarness(t *testing.T) *harness {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return &harness{repo: repo}
}
