package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap/internal/testutil"
)

// TestFlagErrors: every flag is checked whatever the mode: with -r, a
// capture-only flag is refused and bad values are usage errors (exit 2),
// never a silent fallback to a live capture or to standard output.
func TestFlagErrors(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.pcap")
	if err := os.WriteFile(in, testutil.CaptureBytes(t, nil, genRecords(2, 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-r", ""}, "-r needs a file name"},
		{[]string{"-r", in, "-w", ""}, "-w needs a file name"},
		{[]string{"-w", ""}, "-w needs a file name"},
		{[]string{"-r", in, "-s", "-5"}, "-s -5"},
		{[]string{"-r", in, "-w", "x", "-C", "1x"}, "-C"},
		{[]string{"-r", in, "-w", "x", "-C", "1", "-W", "-3"}, "-W must not be negative"},
		{[]string{"-r", in, "-C", "1"}, "need -w FILE"},
		{[]string{"-r", in, "-G", "-1"}, "-G is for live capture"},
		{[]string{"-r", in, "-B", "-1"}, "-B is for live capture"},
		{[]string{"-r", in, "--duration", "-5s"}, "--duration is for live capture"},
		{[]string{"-r", in, "-Z", "nosuchuser"}, "-Z is for live capture"},
		{[]string{"-r", in, "-i", "nosuch0"}, "-i is for live capture"},
		{[]string{"-r", in, "--netns", "/nonexistent"}, "--netns is for live capture"},
		{[]string{"-r", in, "-Q", "sideways"}, "-Q"},
		{[]string{"-r", in, "--family", "nosuch"}, "--family"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runNlcap(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

// TestHelpAndVersion: --help and --version print on stdout and exit 0; a
// usage error stays on stderr with status 2.
func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		stdout, stderr, code := runNlcap(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage: nlcap") || !strings.Contains(stdout, "--read") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %.40q, stderr %q; want 0 and the help on stdout", args, code, stdout, stderr)
		}
	}
	stdout, stderr, code := runNlcap(t, "--version")
	if code != 0 || !strings.HasPrefix(stdout, "nlcap ") || stderr != "" {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = runNlcap(t, "--no-such-flag")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "no-such-flag") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestBrokenPipeQuiet: nlcap -r big | head -1 ends quietly with status 0
// (set -o pipefail scripts go on), with the decoded output and with -w -.
func TestBrokenPipeQuiet(t *testing.T) {
	in := filepath.Join(t.TempDir(), "big.pcap")
	if err := os.WriteFile(in, testutil.CaptureBytes(t, nil, genRecords(50000, 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {"--json"}, {"-w", "-"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stderr, code := testutil.Head(t, testutil.Command(t, append([]string{"-r", in}, args...)...), 100)
			if code != 0 || strings.Contains(stderr, "broken pipe") {
				t.Errorf("exit %d, stderr %q; want 0 and nothing about the pipe", code, stderr)
			}
		})
	}
}
