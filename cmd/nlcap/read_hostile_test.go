package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap/internal/hostile"
	"github.com/nlcap/nlcap/render"
)

// TestReadHostileStrings reads a capture whose link names, generic netlink
// family names (nlctrl answer and pcapng section comment), extended ACK
// messages and attribute strings carry terminal escapes, BEL, CR/LF with a
// forged line and invalid UTF-8: in text (one-line, -v, -vv, hex) and
// --json, nothing reaches stdout or stderr raw.
func TestReadHostileStrings(t *testing.T) {
	data, err := hostile.Pcapng()
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, data)
	escaped := render.Text(hostile.String)
	for _, args := range [][]string{nil, {"-v"}, {"-vv"}, {"-vv", "-X"}, {"-q", "-x"}, {"--json"}, {"--json", "-x"}} {
		t.Run(strings.Join(append([]string{"-r"}, args...), " "), func(t *testing.T) {
			out, stderr, code := runNlcap(t, append([]string{"-r", file}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			check := hostile.Check
			if len(args) > 0 && args[0] == "--json" {
				check = hostile.CheckJSON
			}
			if err := check(out); err != nil {
				t.Errorf("stdout: %v", err)
			}
			if err := hostile.Check(stderr); err != nil {
				t.Errorf("stderr: %v", err)
			}
			if len(args) > 0 && args[0] == "-vv" && !strings.Contains(out, escaped) {
				t.Errorf("the escaped string is not in the output:\n%s", out)
			}
			if len(args) == 0 && !strings.Contains(out, "request "+render.Text(hostile.CommentName)+" cmd 1") {
				t.Errorf("the family named by the pcapng comment is not named, escaped:\n%s", out)
			}
		})
	}
	withStdin(t, data, func() {
		out, _, _ := runNlcap(t, "-r", "-", "-vv")
		if err := hostile.Check(out); err != nil {
			t.Errorf("stdin: %v", err)
		}
	})
}

// TestReadErrorHostileFileName: an error naming a file whose name holds
// escapes and a forged line is printed escaped, on one line.
func TestReadErrorHostileFileName(t *testing.T) {
	name := filepath.Join(t.TempDir(), "bad"+hostile.String)
	if err := os.WriteFile(name, []byte("not a capture"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runNlcap(t, "-r", name)
	if code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q: want 1 and one line", code, stderr)
	}
	if err := hostile.Check(stderr); err != nil {
		t.Error(err)
	}
}
