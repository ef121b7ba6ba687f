package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/replay"
)

// A target is the network namespace of one run.
type target struct {
	fd    int      // 0: nlreplay's own namespace
	file  *os.File // nil with --host
	where string   // for the summary line
	fresh bool     // made for the run: the environment is recreated in it
}

func (t *target) close() error {
	if t.file != nil {
		return t.file.Close()
	}
	return nil
}

// openTarget gives the namespace of one run: a fresh one by default.
func openTarget(o *options) (*target, error) {
	switch {
	case o.host:
		return &target{where: "host network namespace"}, nil
	case o.netns != "":
		f, err := capture.OpenNetNS(o.netns)
		if err != nil {
			return nil, err
		}
		return &target{fd: int(f.Fd()), file: f, where: "network namespace " + o.netns}, nil
	}
	f, err := replay.NewNetNS()
	if err != nil {
		return nil, fmt.Errorf("%w (run as root, or use --host or --netns)", err)
	}
	return &target{fd: int(f.Fd()), file: f, where: "fresh network namespace", fresh: true}, nil
}

// runSetup runs the --setup commands in the target namespace.
func runSetup(ctx context.Context, t *target, cmds []string, stderr io.Writer) error {
	for _, c := range cmds {
		err := replay.InNetNS(t.fd, func() error {
			cmd := exec.CommandContext(ctx, "/bin/sh", "-c", c)
			cmd.Stdout, cmd.Stderr = stderr, stderr
			return cmd.Run()
		})
		if err != nil {
			return fmt.Errorf("--setup %q: %w", c, err)
		}
	}
	return nil
}

// recorder captures a run's traffic through an nlmon link in its namespace.
type recorder struct {
	w    *pcap.Writer
	mu   sync.Mutex
	link *capture.Link
	conn *capture.Conn
	done chan error
	err  error
}

func startRecorder(w *pcap.Writer, t *target) (*recorder, error) {
	cfg := &capture.Config{NetNS: t.fd}
	name := capture.LinkName()
	link, err := capture.CreateLink(name, cfg)
	if err != nil {
		return nil, fmt.Errorf("-w: %w", err)
	}
	conn, err := capture.Listen(name, cfg)
	if err != nil {
		link.Delete()
		return nil, fmt.Errorf("-w: %w", err)
	}
	r := &recorder{w: w, link: link, conn: conn, done: make(chan error, 1)}
	go func() {
		for {
			rec, err := conn.ReadRecord()
			if err != nil {
				if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, os.ErrClosed) {
					err = nil
				}
				r.done <- err
				return
			}
			if err := r.write(rec); err != nil {
				r.done <- err
				return
			}
		}
	}()
	return r, nil
}

func (r *recorder) write(rec nlcap.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.w.WriteRecord(rec)
}

// stop ends the capture without losing what the kernel already queued.
func (r *recorder) stop() error {
	r.conn.SetDeadline(time.Now())
	err := <-r.done
	errs := []error{err, r.conn.Drain(func(rec *nlcap.Record) error {
		c := *rec
		c.Data = append([]byte(nil), rec.Data...)
		return r.write(c)
	})}
	errs = append(errs, r.conn.Close(), r.link.Delete())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("-w: %w", err)
	}
	return nil
}

// replayLive replays the picked requests, --loop times.
func replayLive(ctx context.Context, s *replay.Script, picked []*replay.Exchange, o *options, stdout, stderr io.Writer) (err error) {
	want := map[*replay.Exchange]bool{}
	for _, e := range picked {
		want[e] = true
	}
	p := &printer{s: s, o: o, out: stdout, diag: stderr, loops: o.loop != 1}
	if o.json {
		p.report = &jsonReport{File: o.file, Requests: []jsonRequest{}}
	}
	var w *pcap.Writer
	if o.write != "" {
		f, err := os.OpenFile(o.write, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return usageError{fmt.Errorf("-w: %w", err)}
		}
		if w, err = pcap.NewWriter(f, nil); err != nil {
			f.Close()
			return usageError{fmt.Errorf("-w: %w", err)}
		}
		// On every way out (a signal, a divergence, an error), what was
		// recorded is flushed and a failure to write it is the error.
		defer func() {
			ferr := w.Flush()
			if cerr := f.Close(); ferr == nil {
				ferr = cerr
			}
			if ferr != nil {
				err = errors.Join(err, fmt.Errorf("-w %s: %w", o.write, ferr))
			}
		}()
	}
	total := &replay.Report{}
	env := newEnvPrinter(s, o, stderr)
	t0 := time.Now()
	where := ""
	loops := 0
	for loop := 1; o.loop == 0 || loop <= o.loop; loop++ {
		if ctx.Err() != nil {
			break
		}
		loops = loop
		rep, w2, err := runOnce(ctx, s, want, loop, o, p, w, env, stderr)
		where = w2
		if rep != nil {
			total.Results = append(total.Results, rep.Results...)
			total.OK += rep.OK
			total.Diverged += rep.Diverged
			total.Timeout += rep.Timeout
			total.Env += rep.Env
		}
		if err != nil {
			return err
		}
		if o.untilDiverge && !matched(rep, o) {
			break
		}
	}
	if err := p.summary(loops, total, time.Since(t0), where); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if !matched(total, o) {
		bad := total.Diverged + total.Timeout
		if o.strictEnv {
			bad += total.Env
		}
		return fmt.Errorf("%w: %d of %s did not match", errDiverged, bad, plural(len(total.Results), "request"))
	}
	return nil
}

// matched is the verdict of a run: ENV verdicts count only with
// --strict-env.
func matched(r *replay.Report, o *options) bool {
	return r.Matched() && (!o.strictEnv || r.Env == 0)
}

// envPrinter plans the environment of fresh namespaces once and says, once
// each, what it left out and which steps failed.
type envPrinter struct {
	plan   *replay.Plan
	stderr io.Writer
	said   map[string]bool
}

func newEnvPrinter(s *replay.Script, o *options, stderr io.Writer) *envPrinter {
	plan := &replay.Plan{}
	if !o.noRecreate {
		plan = replay.PlanEnvironment(s)
	}
	return &envPrinter{plan: plan, stderr: stderr, said: map[string]bool{}}
}

func (e *envPrinter) once(line string) {
	if !e.said[line] {
		e.said[line] = true
		fmt.Fprintf(e.stderr, "nlreplay: %s\n", line)
	}
}

// report prints the notes of the plan and the outcome of its steps (and
// puts them in the JSON report of the first run, if any).
func (e *envPrinter) report(steps []replay.StepResult, json *jsonReport, applied bool) {
	var env *jsonEnv
	if json != nil && json.Environment == nil && applied {
		env = &jsonEnv{Lo: "up", Create: []string{}, Notes: append([]string{}, e.plan.Notes...)}
		if e.plan.LoDown {
			env.Lo = "down"
		}
		json.Environment = env
	}
	for _, n := range e.plan.Notes {
		e.once(n)
	}
	made := 0
	for _, r := range steps {
		line := ""
		switch {
		case r.Step == nil && r.Err != nil:
			line = r.Err.Error()
		case r.Err != nil:
			line = fmt.Sprintf("could not %s: %v", r.Step.What, r.Err)
		case r.Skipped != "":
			line = fmt.Sprintf("did not %s: %s", r.Step.What, r.Skipped)
		case r.Step != nil:
			made++
			if env != nil {
				env.Create = append(env.Create, r.Step.What)
			}
		}
		if line != "" {
			e.once(line)
			if env != nil {
				env.Notes = append(env.Notes, line)
			}
		}
	}
	if made > 0 {
		e.once(fmt.Sprintf("recreated the environment the capture assumed with %s (--dry-run lists them; --no-recreate skips them)", plural(made, "request")))
	}
}

// runOnce makes the namespace, runs the setup commands and replays once.
func runOnce(ctx context.Context, s *replay.Script, want map[*replay.Exchange]bool, loop int, o *options, p *printer, w *pcap.Writer, env *envPrinter, stderr io.Writer) (*replay.Report, string, error) {
	t, err := openTarget(o)
	if err != nil {
		return nil, "", usageError{err}
	}
	defer t.close()
	if err := runSetup(ctx, t, o.setup, stderr); err != nil {
		return nil, t.where, usageError{err}
	}
	var rec *recorder
	if w != nil {
		if rec, err = startRecorder(w, t); err != nil {
			return nil, t.where, usageError{err}
		}
	}
	var plan *replay.Plan
	if t.fresh {
		plan = env.plan
	}
	rep, err := replay.Play(ctx, s, &replay.PlayConfig{
		Environment: plan,
		NetNS:       t.fd,
		Timeout:     o.timeout,
		Select:      func(e *replay.Exchange) bool { return want[e] },
		Timing:      o.timing,
		Speed:       o.speed,
		Exact:       o.exact,
		Loop:        loop,
		OnResult:    p.result,
	})
	if rec != nil {
		if rerr := rec.stop(); rerr != nil && err == nil {
			err = rerr
		}
	}
	if err != nil && rep == nil {
		return nil, t.where, usageError{err}
	}
	env.report(rep.Environment, p.report, plan != nil)
	return rep, t.where, err
}
