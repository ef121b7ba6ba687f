package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/pcap"
)

const traceHelpText = `Process capture (no nlmon, no root):
       nlcap -w FILE [flags] -- CMD [ARGS...]   run CMD and capture its netlink traffic
       nlcap -w FILE [flags] -p PID[,PID...]    attach to running processes

CMD and every process and thread it starts are traced with ptrace; a seccomp
filter stops them only at netlink-related system calls. CMD's standard files
pass through (with -w -, its stdout goes to nlcap's stderr) and nlcap exits
with CMD's status. Ctrl-C reaches CMD through the terminal; SIGTERM and SIGHUP
sent to nlcap are passed on to it. -c and --duration stop recording; CMD runs
on to its end. With -p, nlcap detaches on Ctrl-C, -c, --duration or when the
processes end, and leaves them running. Records carry their pid, thread id,
process name, port id and multicast group (pcapng: a packet comment; -w writes
pcapng unless FILE ends in .pcap). See docs/capture.md.

`

// traceRequested reports whether the command line asks for process
// capture: a command after "--" (cmd) or -p.
func traceRequested(o *options, fs interface{ ArgsLenAtDash() int }) bool {
	return o.pids != "" || fs.ArgsLenAtDash() >= 0
}

// exitStatus is an error that makes nlcap exit with the traced command's
// status, printing nothing.
type exitStatus int

func (e exitStatus) Error() string { return "command exited with status " + strconv.Itoa(int(e)) }

// parsePIDs parses -p's comma-separated process ids.
func parsePIDs(s string) ([]int, error) {
	var pids []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		pid, err := strconv.Atoi(f)
		if err != nil || pid <= 0 {
			return nil, usagef("-p %q: want process ids, comma-separated", s)
		}
		if !slices.Contains(pids, pid) {
			pids = append(pids, pid)
		}
	}
	if len(pids) == 0 {
		return nil, usagef("-p %q: no process id", s)
	}
	return pids, nil
}

// parseTraceOptions checks the flags of a process capture. Any family may
// be kept (--family), not only those nlmon taps; the file is pcapng unless
// its name ends in .pcap, so that records keep their process.
func parseTraceOptions(o *options, cmd []string) (*captureOptions, []int, error) {
	switch {
	case o.pids != "" && len(cmd) > 0:
		return nil, nil, usagef("-p and a command after -- exclude each other")
	case o.pids == "" && len(cmd) == 0:
		return nil, nil, usagef("no command after --")
	case o.iface != "" || o.netns != "" || o.user != "" || o.bufferKiB != 0:
		return nil, nil, usagef("-i, --netns, -Z and -B apply to nlmon captures, not to process capture (-- CMD, -p)")
	}
	fams := o.families
	o.families = ""
	co, err := parseCaptureOptions(o)
	o.families = fams
	if err != nil {
		return nil, nil, err
	}
	filt, err := parseReadFilter(o)
	if err != nil {
		return nil, nil, err
	}
	co.families = filt.families
	if o.write != "" && !strings.HasSuffix(strings.ToLower(o.write), ".pcap") {
		co.format = pcap.FormatPcapng
	}
	var pids []int
	if o.pids != "" {
		if pids, err = parsePIDs(o.pids); err != nil {
			return nil, nil, err
		}
	}
	return co, pids, nil
}

// runTrace captures the netlink traffic of a command it runs (cmd) or of
// running processes (-p), to -w or decoded to stdout.
func runTrace(ctx context.Context, o *options, cmd []string, stdout, stderr io.Writer) error {
	co, pids, err := parseTraceOptions(o, cmd)
	if err != nil {
		return err
	}
	if startCPUProfile != nil {
		defer startCPUProfile(stderr)()
	}
	genl := genlFamilies(o, nil, stderr)
	rot, prt, err := openOutput(o, co, "nlcap-trace", genl, stdout)
	if err != nil {
		return err
	}
	tcfg := &capture.TraceConfig{SnapLen: co.snapLen}
	// NLCAPDEBUG=tracefallback: the older kernels' paths (tests use it).
	tcfg.ForceFallbacks = slices.Contains(strings.Split(os.Getenv("NLCAPDEBUG"), ","), "tracefallback")
	if o.write == "-" {
		tcfg.Stdout = stderr // stdout carries the capture
	}
	var tr *capture.Tracer
	what := strings.Join(cmd, " ")
	if pids != nil {
		what = "process " + o.pids
	}
	fmt.Fprintf(stderr, "tracing %s, link-type NETLINK (Linux netlink), snapshot length %d bytes\n", what, co.snapLen)
	if pids != nil {
		tr, err = capture.Attach(pids, tcfg)
	} else {
		tr, err = capture.Trace(cmd, tcfg)
	}
	if err != nil {
		return errors.Join(err, closeOutput(rot, prt, 0, 0))
	}
	defer tr.Close()
	if pids == nil {
		defer forwardSignals(tr)()
	}
	handled, loopErr := pumpTrace(ctx, o, co, tr, pids != nil, rot, prt, stderr)
	st := tr.Stats()
	if cerr := closeOutput(rot, prt, st.Records, st.Lost); cerr != nil && loopErr == nil {
		loopErr = cerr
	}
	fmt.Fprintf(stderr, "%d packets captured\n%d packets traced in %d processes, %d threads\n%d packets lost (buffers unreadable)\n",
		handled, st.Records, st.Processes, st.Threads, st.Lost)
	if loopErr != nil {
		return loopErr
	}
	if code := tr.ExitCode(); pids == nil && code != 0 {
		return exitStatus(code)
	}
	return nil
}

// forwardSignals passes SIGTERM and SIGHUP on to the traced command until
// the returned function is called. (SIGINT from the terminal reaches the
// command directly: it is in nlcap's process group.)
func forwardSignals(tr *capture.Tracer) (stop func()) {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-c:
				_ = tr.Signal(s)
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(c)
		close(done)
	}
}

// pumpTrace hands the tracer's records to the file or the printer until
// the traced processes end, or (attached, or always for -c and
// --duration) recording stops. It returns the records kept.
func pumpTrace(ctx context.Context, o *options, co *captureOptions, tr *capture.Tracer, attached bool, rot *rotator, prt recordPrinter, stderr io.Writer) (uint64, error) {
	var captured atomic.Uint64
	if o.write != "" && o.write != "-" && isTerminal(stderr) {
		defer liveCounter(stderr, captured.Load)()
	}
	stopCh := make(chan struct{})
	defer close(stopCh)
	go func() {
		var timeout <-chan time.Time
		if o.duration > 0 {
			t := time.NewTimer(o.duration)
			defer t.Stop()
			timeout = t.C
		}
		done := ctx.Done()
		if !attached {
			done = nil // the command gets the terminal's signals itself
		}
		select {
		case <-done:
		case <-timeout:
		case <-stopCh:
			return
		}
		tr.Stop()
	}()
	handle, handled := recordHandler(co.direction, rot, prt, o.buffered, o.count)
	stream := !o.buffered && (prt != nil || o.write == "-")
	var rec nlcap.Record
	recording := true
	for {
		err := tr.ReadRecordInto(&rec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return handled(), err
		}
		if !recording || (len(co.families) > 0 && !slices.Contains(co.families, rec.Family)) {
			continue
		}
		switch err := handle(&rec); {
		case errors.Is(err, errCountReached), errors.Is(err, errRotationDone):
			recording = false
			tr.Stop()
		case err != nil:
			return handled(), err
		}
		if stream {
			if err := flushOutput(rot, prt); err != nil {
				return handled(), err
			}
		}
		captured.Store(handled())
	}
	return handled(), nil
}

func flushOutput(rot *rotator, prt recordPrinter) error {
	if prt != nil {
		return prt.flush()
	}
	return rot.Flush()
}
