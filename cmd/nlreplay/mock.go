package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/nlcap/nlcap/replay"
	"github.com/spf13/pflag"
)

const mockHelpText = `Usage: nlreplay --mock CAPTURE [flags] -- CMD [ARGS...]

Run CMD, unmodified, with its netlink sockets served from CAPTURE instead of
the kernel: no kernel netlink is reached, no root, capability or nlmon is
needed, and CMD sees the recorded kernel (` + "`ip link show`" + ` lists the recorded
links). CAPTURE is an nlmon capture (tcpdump's or nlcap's) or a process
capture (` + "`nlcap -w F -- CMD`" + `). Every other system call of CMD, and of the
processes it starts, goes to the real kernel.

Each request is answered by the recorded exchange that matches it (the
matcher of the Go mock, replay.NewMock), with nlmsg_seq and nlmsg_pid
rewritten to the program's. A request that matches nothing is answered
with an NLMSG_ERROR (EOPNOTSUPP; ENOENT for an unknown generic netlink
family) and its closest recorded request and diff are printed on stderr.
A socket that joined a multicast group receives the capture's
notifications of its family, in order, while it waits to receive.

At the end, stderr gets the counts: recorded requests served, live
requests unmatched, recorded requests unserved, notifications delivered
(-v lists them).

Exit status: CMD's own, but 1 when a request matched nothing (unless
--lenient) or, with --all-served, when a recorded request was never
served; 2 for usage and setup errors. A CMD ended by --mock-idle counts as
a success.

`

// mockOptions holds the flags of nlreplay --mock.
type mockOptions struct {
	file      string
	lenient   bool
	ordered   bool
	allServed bool
	idle      time.Duration
	verbose   int
	argv      []string
}

// mockRequested reports whether args ask for --mock (before any "--").
func mockRequested(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--mock" || strings.HasPrefix(a, "--mock=") {
			return true
		}
	}
	return false
}

// parseMockArgs parses the command line of nlreplay --mock; --help prints
// the help on stdout.
func parseMockArgs(args []string, stdout, stderr io.Writer) (*mockOptions, error) {
	o := &mockOptions{}
	fs := pflag.NewFlagSet("nlreplay --mock", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.SetInterspersed(false) // CMD's own flags are CMD's
	fs.StringVar(&o.file, "mock", "", "serve CMD's netlink from this capture `file` (pcap or pcapng)")
	fs.BoolVar(&o.lenient, "lenient", false, "a request that matches nothing does not fail the run (the program still gets the error answer)")
	fs.BoolVar(&o.ordered, "ordered", false, "requests consume the recorded exchanges of their family in capture order, each once")
	fs.BoolVar(&o.allServed, "all-served", false, "fail when a recorded request was never served")
	fs.DurationVar(&o.idle, "mock-idle", 0, "end CMD (SIGTERM) after its netlink sockets were idle this `long` (0: never; for ip monitor)")
	fs.CountVarP(&o.verbose, "verbose", "v", "list the served, unmatched and unserved requests at the end")
	fs.Usage = func() {
		fmt.Fprint(stderr, mockHelpText)
		fs.PrintDefaults()
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" {
			fmt.Fprint(stdout, mockHelpText)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil, pflag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	switch {
	case o.file == "":
		return nil, usagef("--mock: no capture file given")
	case fs.NArg() == 0:
		return nil, usagef("--mock: no command given (usage: nlreplay --mock CAPTURE -- CMD [ARGS...])")
	case o.idle < 0:
		return nil, usagef("--mock-idle must not be negative, got %v", o.idle)
	}
	o.argv = fs.Args()
	return o, nil
}

// commandExit is the exit status of the served command when it failed:
// nlreplay exits with it.
type commandExit struct {
	argv0 string
	code  int
}

func (e commandExit) Error() string {
	return fmt.Sprintf("%s exited with status %d", e.argv0, e.code)
}

// ExitCode returns the status nlreplay exits with.
func (e commandExit) ExitCode() int { return e.code }

// runMock runs nlreplay --mock.
func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseMockArgs(args, stdout, stderr)
	if err != nil {
		return err
	}
	s, err := readScript(ctx, o.file)
	if err != nil {
		return usageError{err}
	}
	m := replay.NewMock(s, &replay.MockConfig{Strict: !o.lenient, Ordered: o.ordered, RequireAllServed: o.allServed})
	diag := &syncWriter{w: stderr}
	code, err := serveCommand(ctx, m, o, stdout, diag)
	if err != nil {
		return err
	}
	sum := m.WriteSummary(diag, "nlreplay: ", o.verbose > 0)
	switch {
	case sum.Unmatched > 0 && !o.lenient:
		return fmt.Errorf("%d request(s) of %s matched nothing in %s (diffs above)", sum.Unmatched, o.argv[0], o.file)
	case sum.Unserved > 0 && o.allServed:
		return fmt.Errorf("%d recorded request(s) of %s were never served (-v lists them)", sum.Unserved, o.file)
	case code != 0:
		return commandExit{argv0: o.argv[0], code: code}
	}
	return nil
}

// A syncWriter serialises writes: the served command's stderr and the
// mock's diagnostics share one writer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
