package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

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
	printDryRunEnv(stdout, env)
	for _, e := range picked {
		_, rw := s.Rewrite(e, s.GenlFamilies, ifnames, nil)
		fmt.Fprintf(stdout, "#%d %s %s (%d bytes, %s); recorded: %s\n", e.Index+1, e.Family, s.Describe(e),
			len(e.Request), plural(len(e.Messages), "message"), s.Outcome(e))
		for _, r := range rw {
			fmt.Fprintf(stdout, "    rewrite %s\n", r)
		}
		for _, n := range s.NlmonLinks(e, nlmon) {
			fmt.Fprintf(stdout, "    note: nlmon link %s (the capturing tool's own) is left out of the recorded dump\n", n)
		}
		if o.verbose > 0 {
			for _, l := range replay.Render(e.Messages, &replay.CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder}, s.GenlFamilies) {
				fmt.Fprintf(stdout, "    > %s\n", l)
			}
			for _, l := range replay.Render(e.Answers, &replay.CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder}, s.GenlFamilies) {
				fmt.Fprintf(stdout, "    < %s\n", l)
			}
		}
	}
	fmt.Fprintf(stdout, "%s selected of %d; dry run, nothing sent\n", plural(len(picked), "request"), len(s.Exchanges))
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printer writes the text output of a live replay.
type printer struct {
	s      *replay.Script
	o      *options
	out    io.Writer // results
	diag   io.Writer // --check diffs
	loops  bool      // prefix lines with the loop number
	report *jsonReport
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
		p.report.Requests = append(p.report.Requests, jr)
		return
	}
	if p.o.check && r.Status == replay.StatusOK {
		return
	}
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
	fmt.Fprintf(p.out, "%s#%d %s %s: %s  %s\n", prefix, e.Index+1, e.Family, p.s.Describe(e), what, r.Status)
	if r.Status != replay.StatusOK && r.Status != replay.StatusEnv && r.Verdict.Diff != "" {
		w := p.out
		if p.o.check {
			w = p.diag
			fmt.Fprintf(w, "%s#%d recorded (-) vs live (+):\n", prefix, e.Index+1)
		}
		for _, l := range strings.Split(strings.TrimRight(r.Verdict.Diff, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	if p.o.verbose > 0 {
		opts := &replay.CompareOptions{Family: e.Family}
		if p.o.verbose > 1 {
			for _, rw := range r.Rewrites {
				fmt.Fprintf(p.out, "    rewrite %s\n", rw)
			}
		}
		for _, l := range replay.Render(e.Messages, opts, p.s.GenlFamilies) {
			fmt.Fprintf(p.out, "    > %s\n", l)
		}
		for _, l := range replay.Render(e.Answers, opts, p.s.GenlFamilies) {
			fmt.Fprintf(p.out, "    recorded < %s\n", l)
		}
		for _, l := range replay.Render(r.Live, opts, nil) {
			fmt.Fprintf(p.out, "    live     < %s\n", l)
		}
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
	_, err := fmt.Fprintf(p.out, "%s%s: %d OK, %d DIVERGED, %d TIMEOUT%s; replayed in %v (%s)\n",
		plural(len(total.Results), "request"), runs, total.OK, total.Diverged, total.Timeout, env,
		elapsed.Round(time.Microsecond), where)
	return err
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

func printDryRunEnv(w io.Writer, env *jsonEnv) {
	if env == nil {
		return
	}
	fmt.Fprintf(w, "fresh network namespace: lo %s", env.Lo)
	if len(env.Create) == 0 {
		fmt.Fprintf(w, "; nothing to recreate\n")
	} else {
		fmt.Fprintf(w, "; would recreate first what the capture assumed:\n")
	}
	for _, c := range env.Create {
		fmt.Fprintf(w, "    %s\n", c)
	}
	for _, n := range env.Notes {
		fmt.Fprintf(w, "    note: %s\n", n)
	}
}
