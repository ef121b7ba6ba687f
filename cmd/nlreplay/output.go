package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
)

// jsonRewrite is one rewrite in the JSON report.
type jsonRewrite struct {
	Message int    `json:"message"`
	Offset  int    `json:"offset"`
	Field   string `json:"field"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// jsonRequest is one request in the JSON report.
type jsonRequest struct {
	Loop      int           `json:"loop,omitempty"`
	Number    int           `json:"number"` // 1-based, as --only takes it
	Record    int           `json:"record"` // 0-based record index in the capture
	Family    string        `json:"family"`
	Types     []string      `json:"types"`
	Summary   string        `json:"summary"`
	Bytes     int           `json:"bytes"`
	Recorded  string        `json:"recorded"`
	Live      string        `json:"live,omitempty"`
	Status    string        `json:"status,omitempty"` // OK, DIVERGED, TIMEOUT, ENV; empty in a dry run
	Reason    string        `json:"reason,omitempty"`
	Diff      string        `json:"diff,omitempty"`
	ElapsedUS int64         `json:"elapsed_us,omitempty"`
	Asked     int           `json:"asked,omitempty"` // times sent, when more than once (link state settling)
	Rewrites  []jsonRewrite `json:"rewrites"`
	Nlmon     []string      `json:"nlmon_left_out,omitempty"` // nlmon links of the recorded dump, not compared
}

// jsonReport is what --json prints.
type jsonReport struct {
	File        string        `json:"file"`
	Namespace   string        `json:"namespace,omitempty"`
	DryRun      bool          `json:"dry_run,omitempty"`
	Environment *jsonEnv      `json:"environment,omitempty"` // dry run: what the fresh namespace gets first
	Requests    []jsonRequest `json:"requests"`
	Summary     *jsonSummary  `json:"summary,omitempty"`
}

type jsonSummary struct {
	Loops     int   `json:"loops"`
	Requests  int   `json:"requests"`
	OK        int   `json:"ok"`
	Diverged  int   `json:"diverged"`
	Timeout   int   `json:"timeout"`
	Env       int   `json:"env"`
	ElapsedUS int64 `json:"elapsed_us"`
}

func jsonRewrites(rw []replay.Rewrite) []jsonRewrite {
	out := make([]jsonRewrite, 0, len(rw))
	for _, r := range rw {
		out = append(out, jsonRewrite{r.Message, r.Offset, r.Field, r.From, r.To})
	}
	return out
}

func newJSONRequest(s *replay.Script, e *replay.Exchange, rw []replay.Rewrite, nlmon map[uint32]string) jsonRequest {
	return jsonRequest{
		Number:   e.Index + 1,
		Record:   e.Record,
		Family:   e.Family.String(),
		Types:    s.TypeNames(e),
		Summary:  s.Describe(e),
		Bytes:    len(e.Request),
		Recorded: s.Outcome(e).String(),
		Rewrites: jsonRewrites(rw),
		Nlmon:    s.NlmonLinks(e, nlmon),
	}
}

// dryRun lists the selected requests and their rewrites.
func dryRun(s *replay.Script, picked []*replay.Exchange, o *options, stdout io.Writer) error {
	// NB: Interfaces walks the whole capture: once, not per request.
	ifnames := s.Interfaces()
	nlmon := s.NlmonIndexes()
	env := dryRunEnv(s, o)
	if o.json {
		rep := jsonReport{File: o.file, DryRun: true, Environment: env, Requests: make([]jsonRequest, 0, len(picked))}
		for _, e := range picked {
			_, rw := s.Rewrite(e, s.GenlFamilies, ifnames, nil)
			rep.Requests = append(rep.Requests, newJSONRequest(s, e, rw, nlmon))
		}
		return writeJSON(stdout, rep)
	}
	out := &lineWriter{w: stdout}
	printDryRunEnv(out, env)
	for _, e := range picked {
		_, rw := s.Rewrite(e, s.GenlFamilies, ifnames, nil)
		out.printf("#%d %s %s (%d bytes, %s); recorded: %s", e.Index+1, e.Family, s.Describe(e),
			len(e.Request), plural(len(e.Messages), "message"), s.Outcome(e))
		for _, r := range rw {
			out.printf("    rewrite %s", r)
		}
		for _, n := range s.NlmonLinks(e, nlmon) {
			out.printf("    note: nlmon link %s (the capturing tool's own) is left out of the recorded dump", n)
		}
		if o.verbose > 0 {
			opts := &replay.CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder}
			out.lines("    > ", replay.Render(e.Messages, opts, s.GenlFamilies))
			out.lines("    < ", replay.Render(e.Answers, opts, s.GenlFamilies))
		}
	}
	out.printf("%s selected of %d; dry run, nothing sent", plural(len(picked), "request"), len(s.Exchanges))
	return out.err
}

// A lineWriter writes the text output of nlreplay one line at a time, each
// escaped whole as nlcap -r escapes capture strings (package render), so
// that no name, string or comment from a capture can drive the terminal or
// start a line of its own (forge a verdict). It keeps the first write
// error and writes nothing after it.
type lineWriter struct {
	w   io.Writer
	err error
	buf []byte
}

// printf writes one line: format (without a newline) and args, escaped,
// then a newline.
func (lw *lineWriter) printf(format string, args ...any) {
	if lw.err != nil {
		return
	}
	lw.buf = render.AppendText(lw.buf[:0], fmt.Sprintf(format, args...))
	lw.buf = append(lw.buf, '\n')
	if _, err := lw.w.Write(lw.buf); err != nil {
		lw.err = fmt.Errorf("writing output: %w", err)
	}
}

// lines writes each of lines after prefix, one line each.
func (lw *lineWriter) lines(prefix string, lines []string) {
	for _, l := range lines {
		lw.printf("%s%s", prefix, l)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeJSON writes v as indented JSON. encoding/json escapes control
// characters below U+0020 and replaces invalid UTF-8; the C1 controls
// (U+0080–U+009F) it leaves raw are escaped here too, as nlcap --json does.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	if bytes.IndexByte(b, 0xc2) >= 0 {
		// In encoding/json's output, UTF-8 C1 (0xc2 0x80–0x9f) is in a string.
		out := make([]byte, 0, len(b)+16)
		for i := 0; i < len(b); i++ {
			if b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f {
				out = fmt.Appendf(out, `\u%04x`, b[i+1])
				i++
				continue
			}
			out = append(out, b[i])
		}
		b = out
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}

// printer writes the text output of a live replay.
type printer struct {
	s      *replay.Script
	o      *options
	out    io.Writer // results
	diag   io.Writer // --check diffs
	loops  bool      // prefix lines with the loop number
	report *jsonReport
	// lout and ldiag write lines to out and diag (made on first use).
	lout, ldiag *lineWriter
}

// writers returns the line writers of out and diag.
func (p *printer) writers() (out, diag *lineWriter) {
	if p.lout == nil {
		p.lout, p.ldiag = &lineWriter{w: p.out}, &lineWriter{w: p.diag}
	}
	return p.lout, p.ldiag
}

func (p *printer) result(r *replay.Result) {
	e := r.Exchange
	if p.report != nil {
		jr := newJSONRequest(p.s, e, r.Rewrites, nil)
		jr.Loop = r.Loop
		jr.Live = r.Verdict.Live.String()
		jr.Status = r.Status.String()
		jr.Reason = r.Reason
		jr.Diff = r.Verdict.Diff
		jr.ElapsedUS = r.Elapsed.Microseconds()
		if r.Asked > 1 {
			jr.Asked = r.Asked
		}
		p.report.Requests = append(p.report.Requests, jr)
		return
	}
	if p.o.check && r.Status == replay.StatusOK {
		return
	}
	out, diag := p.writers()
	prefix := ""
	if p.loops {
		prefix = fmt.Sprintf("[%d] ", r.Loop)
	}
	var what string
	switch r.Status {
	case replay.StatusOK:
		what = r.Verdict.Live.String()
	case replay.StatusTimeout:
		what = r.Reason
	default:
		what = r.Reason
	}
	if r.Asked > 1 {
		what += fmt.Sprintf(" (asked %d times while a link change settled)", r.Asked)
	}
	out.printf("%s#%d %s %s: %s  %s", prefix, e.Index+1, e.Family, p.s.Describe(e), what, r.Status)
	if r.Status != replay.StatusOK && r.Status != replay.StatusEnv && r.Verdict.Diff != "" {
		w := out
		if p.o.check {
			w = diag
			w.printf("%s#%d recorded (-) vs live (+):", prefix, e.Index+1)
		}
		w.lines("    ", strings.Split(strings.TrimRight(r.Verdict.Diff, "\n"), "\n"))
	}
	if p.o.verbose > 0 {
		// Recorded messages are in the capture's byte order, live ones in
		// the host's.
		rec := &replay.CompareOptions{Family: e.Family, ByteOrder: p.s.ByteOrder}
		live := &replay.CompareOptions{Family: e.Family}
		if p.o.verbose > 1 {
			for _, rw := range r.Rewrites {
				out.printf("    rewrite %s", rw)
			}
		}
		out.lines("    > ", replay.Render(e.Messages, rec, p.s.GenlFamilies))
		out.lines("    recorded < ", replay.Render(e.Answers, rec, p.s.GenlFamilies))
		out.lines("    live     < ", replay.Render(r.Live, live, r.LiveGenl))
	}
}

// summary prints the last line (or the JSON report).
func (p *printer) summary(loops int, total *replay.Report, elapsed time.Duration, where string) error {
	if p.report != nil {
		p.report.Namespace = where
		p.report.Summary = &jsonSummary{
			Loops: loops, Requests: len(total.Results), OK: total.OK, Diverged: total.Diverged,
			Timeout: total.Timeout, Env: total.Env, ElapsedUS: elapsed.Microseconds(),
		}
		return writeJSON(p.out, p.report)
	}
	runs := ""
	if loops > 1 {
		runs = fmt.Sprintf(" in %d runs", loops)
	}
	env := ""
	if total.Env > 0 || p.o.strictEnv {
		counted := "not counted"
		if p.o.strictEnv {
			counted = "counted: --strict-env"
		}
		env = fmt.Sprintf(", %d ENV (%s)", total.Env, counted)
	}
	out, diag := p.writers()
	out.printf("%s%s: %d OK, %d DIVERGED, %d TIMEOUT%s; replayed in %v (%s)",
		plural(len(total.Results), "request"), runs, total.OK, total.Diverged, total.Timeout, env,
		elapsed.Round(time.Microsecond), where)
	if out.err != nil {
		return out.err
	}
	return diag.err
}

// jsonEnv is what a fresh namespace gets before the replay (--dry-run).
type jsonEnv struct {
	Lo     string   `json:"lo"` // "up" or "down"
	Create []string `json:"create"`
	Notes  []string `json:"notes,omitempty"`
}

// dryRunEnv lists what the replay would create first in its fresh
// namespace; nil with --host or --netns.
func dryRunEnv(s *replay.Script, o *options) *jsonEnv {
	if o.host || o.netns != "" {
		return nil
	}
	plan := &replay.Plan{}
	if !o.noRecreate {
		plan = replay.PlanEnvironment(s)
	}
	env := &jsonEnv{Lo: "up", Create: []string{}, Notes: plan.Notes}
	if plan.LoDown {
		env.Lo = "down"
	}
	for _, st := range plan.Steps {
		env.Create = append(env.Create, st.What)
	}
	return env
}

// printDryRunEnv prints env (nil: nothing), names escaped by out.
func printDryRunEnv(out *lineWriter, env *jsonEnv) {
	if env == nil {
		return
	}
	if len(env.Create) == 0 {
		out.printf("fresh network namespace: lo %s; nothing to recreate", env.Lo)
	} else {
		out.printf("fresh network namespace: lo %s; would recreate first what the capture assumed:", env.Lo)
	}
	for _, c := range env.Create {
		out.printf("    %s", c)
	}
	for _, n := range env.Notes {
		out.printf("    note: %s", n)
	}
}
