package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap/internal/hostile"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
)

// hostileCapture writes internal/hostile's capture (link names, genl
// family names, extended ACKs, attribute strings and a pcapng comment
// carrying terminal escapes, CR/LF with a forged verdict, BEL and invalid
// UTF-8) and returns its name and script.
func hostileCapture(t *testing.T) (string, *replay.Script) {
	t.Helper()
	data, err := hostile.Pcapng()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "hostile\x1b[2J.pcapng")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := pcap.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	s, err := replay.ReadScript(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Exchanges) != 4 {
		t.Fatalf("%d exchanges, want 4", len(s.Exchanges))
	}
	return name, s
}

// TestDryRunHostileStrings: --dry-run (with -v, and --json) prints the
// hostile capture's strings escaped.
func TestDryRunHostileStrings(t *testing.T) {
	file, _ := hostileCapture(t)
	for _, args := range [][]string{{"--dry-run"}, {"--dry-run", "-vv"}, {"--dry-run", "--json"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, stderr, code := runArgs(t, append(args, file)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			check := hostile.Check
			if args[len(args)-1] == "--json" {
				check = hostile.CheckJSON
			}
			if err := check(out); err != nil {
				t.Errorf("stdout: %v\n%s", err, out)
			}
			if err := hostile.Check(stderr); err != nil {
				t.Errorf("stderr: %v", err)
			}
			if check := render.Text(hostile.String); len(args) == 2 && args[1] == "-vv" && !strings.Contains(out, check) {
				t.Errorf("the escaped string is not in the output:\n%s", out)
			}
			if len(args) == 1 && !strings.Contains(out, "generic "+render.Text(hostile.CommentName)+" cmd 1") {
				t.Errorf("the family named by the pcapng comment is not named, escaped:\n%s", out)
			}
		})
	}
}

// TestVerdictHostileStrings prints the verdict, reason, diff, rewrites and
// summary of a diverged request of the hostile capture, whose live answer
// and reason carry hostile strings too: in text, with --check (diff on
// stderr) and --json, no line is forged and nothing reaches the output raw.
func TestVerdictHostileStrings(t *testing.T) {
	_, s := hostileCapture(t)
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		live := make([]netlink.Message, len(e.Answers))
		for j, a := range e.Answers {
			live[j] = a
			live[j].Data = bytes.ReplaceAll(a.Data, []byte("OK"), []byte("KO"))
		}
		genl := map[uint16]string{hostile.GenlID + 1: hostile.String + "live"}
		v := replay.Compare(e.Answers, live, &replay.CompareOptions{
			Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: genl})
		if v.Match || v.Diff == "" {
			t.Fatalf("exchange %d: no divergence", i)
		}
		_, rw := s.Rewrite(e, s.GenlFamilies, s.Interfaces(), nil)
		r := &replay.Result{Loop: 1, Exchange: e, Status: replay.StatusDiverged, Reason: v.Reason + ": " + hostile.String,
			Verdict: v, Rewrites: rw, Live: live, LiveGenl: genl}
		for _, o := range []options{{verbose: 2}, {check: true}, {json: true}} {
			var out, diag bytes.Buffer
			p := &printer{s: s, o: &o, out: &out, diag: &diag, loops: true}
			if o.json {
				p.report = &jsonReport{File: hostile.String, Requests: []jsonRequest{}}
			}
			p.result(r)
			if err := p.summary(1, &replay.Report{Results: []replay.Result{*r}, Diverged: 1}, time.Millisecond, hostile.String); err != nil {
				t.Fatal(err)
			}
			check := hostile.Check
			if o.json {
				check = hostile.CheckJSON
			}
			if err := check(out.String()); err != nil {
				t.Errorf("exchange %d %+v: stdout: %v\n%s", i, o, err, out.String())
			}
			if err := hostile.Check(diag.String()); err != nil {
				t.Errorf("exchange %d %+v: stderr: %v\n%s", i, o, err, diag.String())
			}
			verdicts := strings.Count(out.String(), "DIVERGED")
			if !o.json && verdicts != 2 { // the request's line and the summary
				t.Errorf("exchange %d %+v: %d lines say DIVERGED, want 2:\n%s", i, o, verdicts, out.String())
			}
			if o.check && !strings.Contains(diag.String(), "recorded (-) vs live (+)") {
				t.Errorf("exchange %d: --check printed no diff on stderr", i)
			}
		}
		// The error a caller of the replay API prints.
		if err := hostile.Check(v.Err(i, e.Answers, live).Error()); err != nil {
			t.Errorf("exchange %d: MismatchError: %v", i, err)
		}
	}
}

// TestErrorHostileFileName: an error naming a file whose name holds
// escapes and a forged line is printed escaped, on one line.
func TestErrorHostileFileName(t *testing.T) {
	name := filepath.Join(t.TempDir(), "bad"+hostile.String)
	if err := os.WriteFile(name, []byte("not a capture"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runArgs(t, "--dry-run", name)
	if code != 2 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q: want 2 and one line", code, stderr)
	}
	if err := hostile.Check(stderr); err != nil {
		t.Error(err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestOutputWriteError: a failing stdout makes the dry run (text and
// --json) and the live summary fail with the write error.
func TestOutputWriteError(t *testing.T) {
	file := "../../testdata/captures/rtnl-basic.pcap"
	for _, args := range [][]string{{"--dry-run", file}, {"--dry-run", "--json", file}} {
		var errb bytes.Buffer
		err := run(t.Context(), args, failWriter{}, &errb)
		if err == nil || !strings.Contains(err.Error(), "writing output") || exitCode(err, &errb) != 1 {
			t.Errorf("%q: error %v, want a write error and exit 1", args, err)
		}
	}
	_, s := hostileCapture(t)
	p := &printer{s: s, o: &options{}, out: failWriter{}, diag: failWriter{}}
	if err := p.summary(1, &replay.Report{}, time.Millisecond, "here"); err == nil {
		t.Error("summary to a failing writer: no error")
	}
}
