package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"syscall"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/internal/version"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
	"github.com/spf13/pflag"
)

const helpText = `Usage: nlreplay [flags] FILE
       nlreplay --mock FILE [flags] -- CMD [ARGS...]   (serve CMD's netlink from FILE; --mock FILE --help)

Send the requests of a netlink capture (pcap or pcapng, - for stdin) to the
live kernel, in order, each record whole as it was sent, and report for each
request whether the kernel answered as recorded: OK, DIVERGED (with a
recorded-vs-live diff), TIMEOUT, or ENV (see below).

By default the replay runs in a fresh network namespace made for the run and
gone afterwards (needs CAP_SYS_ADMIN and CAP_NET_ADMIN), made to look like the
host the capture assumed: lo up, and the links (with their kind, MTU,
address, up/down, master), addresses and routes that the capture's answers
show before any of its requests made them are recreated first, with netlink
requests (--dry-run lists them, --no-recreate skips them). --netns replays in
an existing namespace, --host in nlreplay's own (it then changes the host's
network configuration); neither is changed before the replay. --setup
commands run in that namespace first.

A request whose answers differ only because the replay's namespace is not
the capture's (generic netlink families registered only in the initial
namespace, such as VFS_DQUOT, thermal, NLBL_* and acpi_event; netconf
sysctl values) gets the verdict ENV with the reason; ENV is printed but does
not fail the replay unless --strict-env.

Requests are numbered from 1 in capture order (--dry-run lists them and every
rewrite: nlmsg_seq/nlmsg_pid, generic netlink family ids and the multicast
group ids of nlctrl requests by name, rtnetlink ifindexes by interface name).

Exit status: 0 every request matched (or ENV), 1 a request diverged or timed out,
2 usage or setup error (unreadable, non-netlink or truncated capture, no
requests, failed --setup command, no privileges). --check prints only the
requests that did not match (diffs on stderr) and the summary, for CI.

`

// options holds every flag of nlreplay.
type options struct {
	dryRun       bool
	check        bool
	json         bool
	verbose      int
	only         string
	families     string
	types        []string
	count        int
	loop         int
	untilDiverge bool
	timing       bool
	speed        float64
	write        string
	timeout      time.Duration
	netns        string
	host         bool
	setup        []string
	exact        bool
	noRecreate   bool // --no-recreate: the fresh namespace gets only lo up
	strictEnv    bool // --strict-env: ENV verdicts count as divergences
	version      bool
	file         string // the capture
}

// usageError marks errors that exit with status 2 (usage and setup).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// errDiverged is returned when the replay ran but some request did not get
// the recorded answers (exit status 1).
var errDiverged = errors.New("the kernel answered differently from the capture")

// exitCode maps run's error to the process exit status and prints it. A
// reader that went away (nlreplay --dry-run f | head) ends nlreplay
// quietly with status 0, as nlcap does.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, pflag.ErrHelp), errors.Is(err, syscall.EPIPE):
		return 0
	}
	var ce commandExit // --mock: the served command's own status
	if errors.As(err, &ce) {
		return ce.ExitCode()
	}
	fmt.Fprintf(stderr, "nlreplay: %s\n", render.Text(err.Error())) // one line, whatever names it holds
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// newFlagSet defines nlreplay's flags; --help prints to help (stdout).
func newFlagSet(o *options, help io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("nlreplay", pflag.ContinueOnError)
	fs.SetOutput(help)
	fs.SortFlags = false
	fs.BoolVarP(&o.dryRun, "dry-run", "d", false, "list the selected requests and every rewrite; send nothing")
	fs.BoolVar(&o.check, "check", false, "CI mode: print only requests that did not match (diffs on stderr) and the summary")
	fs.BoolVar(&o.json, "json", false, "print a JSON report instead of text")
	fs.CountVarP(&o.verbose, "verbose", "v", "show each exchange: request, recorded and live answers (-vv: and rewrites)")
	fs.StringVar(&o.only, "only", "", "replay only these request `numbers`: 3-9,12,20-")
	fs.StringVar(&o.families, "family", "", "replay only requests of these netlink `families`: route,generic,netfilter,...")
	fs.StringSliceVar(&o.types, "type", nil, "replay only requests holding a message of these `types`: RTM_NEWLINK, ethtool, \"nlctrl CTRL_CMD_GETFAMILY\"")
	fs.IntVarP(&o.count, "count", "c", 0, "replay at most `n` requests (0: no limit)")
	fs.IntVar(&o.loop, "loop", 1, "replay `n` times (0 with --until-diverge: until a divergence); each run gets a fresh namespace by default")
	fs.BoolVar(&o.untilDiverge, "until-diverge", false, "stop looping after the first run with a divergence or timeout")
	fs.BoolVar(&o.timing, "timing", false, "keep the recorded gaps between requests")
	fs.Float64Var(&o.speed, "speed", 1, "with --timing, divide the recorded gaps by `x` (implies --timing when set)")
	fs.StringVarP(&o.write, "write", "w", "", "record the replay's own traffic to `file` (pcap) through an nlmon link in the namespace")
	fs.DurationVar(&o.timeout, "timeout", replay.DefaultTimeout, "wait this long for the final answer of each request")
	fs.StringVar(&o.netns, "netns", "", "replay in the existing network namespace `NAME|PATH|PID` (NAME: /run/netns/NAME)")
	fs.BoolVar(&o.host, "host", false, "replay in nlreplay's own network namespace (changes the host's configuration)")
	fs.StringArrayVar(&o.setup, "setup", nil, "run `cmd` with /bin/sh -c in the namespace before the replay (repeatable)")
	fs.BoolVar(&o.exact, "exact", false, "compare answers byte for byte (no normalisation of indexes, counters, addresses)")
	fs.BoolVar(&o.noRecreate, "no-recreate", false, "in the fresh namespace, do not recreate the links, addresses and routes the capture assumed (lo is still brought up)")
	fs.BoolVar(&o.strictEnv, "strict-env", false, "count ENV verdicts (answers that differ only because of the namespace) as divergences")
	fs.BoolVar(&o.version, "version", false, "print nlreplay's version and exit")
	fs.Usage = func() {
		fmt.Fprint(help, helpText)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses and checks the command line; --help and --version
// print to stdout and return pflag.ErrHelp.
func parseArgs(args []string, stdout io.Writer) (*options, string, error) {
	o := &options{}
	fs := newFlagSet(o, stdout)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, "", err
		}
		return nil, "", usageError{err}
	}
	if o.version {
		if _, err := fmt.Fprintln(stdout, version.String("nlreplay")); err != nil {
			return nil, "", err
		}
		return nil, "", pflag.ErrHelp
	}
	switch {
	case fs.NArg() == 0:
		return nil, "", usagef("no capture file given (usage: nlreplay [flags] FILE)")
	case fs.NArg() > 1:
		return nil, "", usagef("one capture file expected, got %q", fs.Args())
	case o.host && o.netns != "":
		return nil, "", usagef("--host and --netns cannot be used together")
	case o.count < 0:
		return nil, "", usagef("-c must not be negative")
	case o.loop < 0:
		return nil, "", usagef("--loop must not be negative")
	case o.loop == 0 && !o.untilDiverge:
		return nil, "", usagef("--loop 0 (forever) needs --until-diverge")
	case !(o.speed > 0) || math.IsInf(o.speed, 1):
		return nil, "", usagef("--speed must be a positive finite number, got %v", o.speed)
	case o.timeout <= 0:
		return nil, "", usagef("--timeout must be positive, got %v", o.timeout)
	case o.check && o.json:
		return nil, "", usagef("--check and --json cannot be used together")
	}
	if fs.Changed("speed") {
		o.timing = true
	}
	o.file = fs.Arg(0)
	return o, o.file, nil
}

// selector builds the request filter of --only, --family and --type.
func (o *options) selector() (func(*replay.Script, *replay.Exchange) bool, error) {
	nums, err := parseNumbers(o.only)
	if o.only == "" {
		nums, err = nil, nil
	}
	if err != nil {
		return nil, usagef("--only: %w", err)
	}
	var fams []nlcap.Family
	if o.families != "" {
		if fams, err = nlcap.ParseFamilies(o.families); err != nil {
			return nil, usagef("--family: %w", err)
		}
	}
	types := make([]string, 0, len(o.types))
	for _, t := range o.types {
		if t = strings.TrimSpace(t); t != "" {
			types = append(types, t)
		}
	}
	return func(s *replay.Script, e *replay.Exchange) bool {
		if !nums.has(e.Index + 1) {
			return false
		}
		if len(fams) > 0 && !contains(fams, e.Family) {
			return false
		}
		if len(types) > 0 && !typeMatch(s.TypeNames(e), types) {
			return false
		}
		return true
	}, nil
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// typeMatch reports whether one of names is one of want, ignoring case; a
// wanted word also matches a name it starts ("ethtool" matches "ethtool cmd 1").
func typeMatch(names, want []string) bool {
	for _, n := range names {
		for _, w := range want {
			if strings.EqualFold(n, w) || len(n) > len(w) && strings.EqualFold(n[:len(w)+1], w+" ") {
				return true
			}
		}
	}
	return false
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if mockRequested(args) {
		return runMock(ctx, args, stdout, stderr) // mock.go
	}
	o, file, err := parseArgs(args, stdout)
	if err != nil {
		return err
	}
	sel, err := o.selector()
	if err != nil {
		return err
	}
	s, err := readScript(ctx, file)
	if errors.Is(err, context.Canceled) {
		return errInterrupted
	}
	if err != nil {
		return usageError{err}
	}
	for _, sk := range s.Skipped {
		// Marked and left out, as nlcap -r marks a malformed record.
		fmt.Fprintf(stderr, "nlreplay: %v: skipped\n", strings.TrimPrefix(sk.Err.Error(), "replay: "))
	}
	var picked []*replay.Exchange
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		if o.only == "" && isNlcapGenlDump(e) {
			// Not the traffic under study: nlcap's family table, which
			// differs between boots by design.
			fmt.Fprintf(stderr, "nlreplay: request #%d is nlcap's own genl family-table dump: not replayed (select it with --only %d)\n", e.Index+1, e.Index+1)
			continue
		}
		if sel(s, e) && (o.count == 0 || len(picked) < o.count) {
			picked = append(picked, e)
		}
	}
	if len(picked) == 0 {
		return usagef("%s: no request selected (%d in the capture)", file, len(s.Exchanges))
	}
	// Every write to stdout is checked: the first failure (a full disk,
	// a closed pipe) stops the replay and is the command's error.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := &errWriter{w: stdout, fail: cancel}
	if o.dryRun {
		err = dryRun(s, picked, o, out)
	} else {
		err = replayLive(ctx, s, picked, o, out, stderr)
	}
	if out.err != nil {
		return fmt.Errorf("writing output: %w", out.err)
	}
	return err
}

// errInterrupted is run's error when a signal stopped it before the replay.
var errInterrupted = errors.New("interrupted")

// An errWriter remembers the first error of its writer, calls fail then,
// and writes nothing more.
type errWriter struct {
	w    io.Writer
	fail func()
	err  error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	if err != nil {
		e.err = err
		e.fail()
	}
	return n, err
}

// readScript reads a capture file into a script. A signal (ctx done) stops
// it even while a read waits on a silent pipe (sleep 30 | nlreplay -): the
// read is then abandoned, and the process exits.
func readScript(ctx context.Context, file string) (*replay.Script, error) {
	type result struct {
		s   *replay.Script
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, c, err := pcap.Open(file)
		if err != nil {
			done <- result{nil, err}
			return
		}
		defer c.Close()
		s, err := replay.ReadScript(r)
		if err != nil {
			err = fmt.Errorf("%s: %w", file, err)
		}
		done <- result{s, err}
	}()
	select {
	case res := <-done:
		return res.s, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// isNlcapGenlDump reports whether e is the genl family-table dump nlcap
// writes at the start of a capture (see [capture.GenlDumpSeq]).
func isNlcapGenlDump(e *replay.Exchange) bool {
	if len(e.Messages) != 1 {
		return false
	}
	m := e.Messages[0]
	return capture.IsGenlDump(e.Family, m.Header, m.Data)
}
