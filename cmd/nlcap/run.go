package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/nlcap/nlcap/internal/version"
	"github.com/nlcap/nlcap/render"
	"github.com/spf13/pflag"

	"github.com/nlcap/nlcap/dissect"
)

const helpText = `Usage: nlcap [flags]                 capture through a temporary nlmon link (root)
       nlcap -w FILE [flags]         write the capture to FILE (- for stdout)
       nlcap -r FILE [flags]         decode a capture (pcap or pcapng; - for stdin)

Live capture needs CAP_NET_ADMIN (to create the nlmon link) and CAP_NET_RAW
(to read it), and a kernel with nlmon (modprobe nlmon, CONFIG_NLMON).

Without -i, nlcap creates a temporary nlmon link named nlcap<PID> and deletes
it on exit (SIGINT, SIGTERM, SIGHUP, -c, --duration or an error), after writing
every record the kernel already queued. A link left by a capture that was
killed (SIGKILL, crash) keeps its dead PID in its name: the next nlcap run in
that namespace deletes every nlmon link named nlcap<PID> whose PID no longer
runs, and says so. To remove one by hand: ip link del nlcap<PID>.

With -Z, nlcap first starts a privileged helper (a copy of itself in its own
process group) whose only job is to delete the temporary link when the capture
process ends, however it ends; then it drops privileges before opening the
output files.

nlcap -r reads a regular file twice: a first pass learns generic netlink family
ids and interface names from the whole file, so that messages before the lookup
are named too; the second decodes on every CPU (GOMAXPROCS=1: one) and prints in
capture order. Standard input is read once, naming what was learned so far.

Capture files are created with mode 0600 (they can hold secrets such as
WireGuard keys): -w keeps every byte unless --redact is given, which zeroes
the payloads of the attributes the family tables tag secret. Decoded, those
read <redacted N bytes> unless --show-secrets is given. -C, -G and -W name files as tcpdump does.

`

// options holds every flag of nlcap. The read path (read.go) and the live
// capture path (capture.go) each use the subset that applies to them.
type options struct {
	read      string // -r
	inputSize int64  // bytes of the -r file when it is a regular one (0: unknown): sizes the output buffer
	write     string // -w
	iface     string // -i
	count     int    // -c
	snaplen   int    // -s
	verbose   int    // -v, -vv, -vvv
	hex       bool   // -x
	hexASCII  bool   // -X
	numeric   bool   // -n
	json      bool   // --json
	quiet     bool   // -q
	buffered  bool   // -U
	direction string // -Q
	families  string // --family
	// live capture only
	fileSize   string        // -C: millions of bytes, or a k/m/g suffix
	rotateSecs int           // -G
	fileCount  int           // -W
	netns      string        // --netns
	pcapng     bool          // --pcapng
	user       string        // -Z
	duration   time.Duration // --duration
	noGenlDump bool          // --no-genl-dump
	bufferKiB  int           // -B
	specDir    string        // --spec-dir (or NLCAP_SPEC_DIR)
	specs      *dissect.Specs
	pids       string // -p: process capture (trace.go)
	version    bool   // --version
	snaplenSet bool   // -s given (with -r -w: cut records to it)
	// secrets (redact.go)
	showSecrets bool // --show-secrets
	redact      bool // --redact
}

// usageError marks errors that exit with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitCode maps run's error to the process exit status and prints it. A
// reader that went away (nlcap -r big | head) ends nlcap quietly with
// status 0, so that `set -o pipefail` scripts go on (tcpdump 4.99.3 prints
// "Unable to write output: Broken pipe" and exits 14 there).
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, pflag.ErrHelp), errors.Is(err, syscall.EPIPE):
		return 0
	}
	if es, ok := errors.AsType[exitStatus](err); ok { // the traced command's status
		return int(es)
	}
	fmt.Fprintf(stderr, "nlcap: %s\n", render.Text(err.Error())) // one line, whatever names it holds
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// newFlagSet defines nlcap's flags; --help prints to help (stdout: help
// asked for is output, as GNU tools do).
func newFlagSet(o *options, help io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("nlcap", pflag.ContinueOnError)
	fs.SetOutput(help)
	fs.SortFlags = false
	fs.StringVarP(&o.read, "read", "r", "", "read and decode a capture `file` (pcap or pcapng, - for stdin)")
	fs.StringVarP(&o.write, "write", "w", "", "write raw records to `file` (- for stdout) instead of decoding them; with -r, copy the records -Q, --family and -c keep")
	fs.StringVarP(&o.iface, "interface", "i", "", "capture on this existing nlmon `link` (never deleted); default: a temporary link")
	fs.IntVarP(&o.count, "count", "c", 0, "stop after `n` records (0: no limit)")
	fs.IntVarP(&o.snaplen, "snaplen", "s", 262144, "snapshot length in `bytes`, the 16-byte cooked header included, as tcpdump counts it (0 means 262144); with -r -w, cut the copied records to it")
	fs.CountVarP(&o.verbose, "verbose", "v", "decode attributes (-v), nested attributes too (-vv)")
	fs.BoolVarP(&o.hex, "hex", "x", false, "print each message in hex")
	fs.BoolVarP(&o.hexASCII, "hex-ascii", "X", false, "print each message in hex and ASCII")
	fs.BoolVarP(&o.numeric, "numeric", "n", false, "print numbers instead of names")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per message (schema in docs/json.md)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print less")
	fs.BoolVarP(&o.buffered, "packet-buffered", "U", false, "flush the output after every record (without -U a stream is flushed after every ring block, a file every 1 MiB)")
	fs.StringVarP(&o.direction, "direction", "Q", "inout", "records to keep: in (to kernel), out (from kernel), inout")
	fs.StringVar(&o.families, "family", "", "comma-separated netlink `families` to keep: route,generic,netfilter,sock_diag,...")
	fs.StringVarP(&o.fileSize, "file-size", "C", "", "rotate the output file after `size` millions of bytes (or with a k, m, g suffix: KiB, MiB, GiB)")
	fs.IntVarP(&o.rotateSecs, "rotate-seconds", "G", 0, "rotate the output file every `seconds` (strftime in -w name)")
	fs.IntVarP(&o.fileCount, "file-count", "W", 0, "with -C or -G: keep at most `n` files (a ring with -C)")
	fs.StringVar(&o.netns, "netns", "", "capture inside the network namespace `NAME|PATH|PID`")
	fs.BoolVar(&o.pcapng, "pcapng", false, "write pcapng (direction flags, kernel release and genl id map in comments); implied by a -w name ending in .pcapng")
	fs.StringVarP(&o.user, "relinquish-privileges", "Z", "", "drop privileges to `user` (a name, a uid, or uid:gid) after setup")
	fs.DurationVar(&o.duration, "duration", 0, "stop after this long (e.g. 30s)")
	fs.BoolVar(&o.noGenlDump, "no-genl-dump", false, "do not write the generic netlink family table at the start of a capture")
	fs.StringVar(&o.specDir, "spec-dir", "", "when decoding, also decode the families of the YNL specs (*.yaml) in `dir` (default $NLCAP_SPEC_DIR)")
	fs.IntVarP(&o.bufferKiB, "buffer-size", "B", 0, "receive ring shared with the kernel, in `KiB` (0: 4 MiB)")
	fs.BoolVar(&o.showSecrets, "show-secrets", false, "print the attributes tagged secret (WireGuard private and preshared keys...) instead of <redacted N bytes>")
	fs.BoolVar(&o.redact, "redact", false, "with -w: write the records with the payloads of secret attributes zeroed (lengths kept: the file still decodes and replays)")
	fs.StringVarP(&o.pids, "pid", "p", "", "capture the netlink traffic of these running processes (`PID[,PID...]`), no nlmon needed")
	fs.BoolVar(&o.version, "version", false, "print nlcap's version and exit")
	fs.Usage = func() {
		fmt.Fprint(help, helpText)
		fmt.Fprint(help, traceHelpText)
		fs.PrintDefaults()
	}
	return fs
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if isExtcapCall(args) { // Wireshark's extcap protocol, extcap.go
		return runExtcap(ctx, args, stdout, stderr)
	}
	var o options
	fs := newFlagSet(&o, stdout)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if o.version {
		_, err := fmt.Fprintln(stdout, version.String("nlcap"))
		return err
	}
	if err := checkNames(fs, &o); err != nil {
		return err
	}
	if err := checkSecretFlags(&o); err != nil {
		return err
	}
	if traceRequested(&o, fs) { // process capture: -- CMD or -p (trace.go)
		if fs.ArgsLenAtDash() > 0 {
			return usagef("unexpected arguments %q before --", fs.Args()[:fs.ArgsLenAtDash()])
		}
		return runTrace(ctx, &o, fs.Args(), stdout, stderr)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q (filter expressions are not supported; use --family)", fs.Args())
	}
	if err := checkFlags(fs, &o); err != nil {
		return err
	}
	o.snaplenSet = fs.Changed("snaplen")
	if o.write == "" { // decoding: -r, or a capture printed as it comes
		o.specs = loadSpecs(&o, stderr)
	}
	if o.read != "" && o.write != "" {
		return runCopy(ctx, &o, stdout, stderr)
	}
	if o.read != "" {
		return runRead(ctx, &o, stdout, stderr)
	}
	return runCapture(ctx, &o, stdout, stderr)
}

// liveOnly are the flags that only a live capture uses: with -r they are
// refused, whatever their value, rather than ignored.
var liveOnly = []string{"interface", "netns", "relinquish-privileges", "buffer-size", "duration", "rotate-seconds", "no-genl-dump"}

// checkNames refuses an empty -r or -w, which would otherwise mean a live
// capture, or standard output.
func checkNames(fs *pflag.FlagSet, o *options) error {
	if fs.Changed("read") && o.read == "" {
		return usagef("-r needs a file name (- for standard input)")
	}
	if fs.Changed("write") && o.write == "" {
		return usagef("-w needs a file name (- for standard output)")
	}
	return nil
}

// checkFlags checks every flag's value whatever the mode, so that a bad
// value is a usage error with -r too.
func checkFlags(fs *pflag.FlagSet, o *options) error {
	if o.count < 0 {
		return usagef("-c must not be negative")
	}
	if o.read == "" {
		return nil // runCapture checks the rest (parseCaptureOptions)
	}
	for _, name := range liveOnly {
		if f := fs.Lookup(name); f.Changed {
			flag := "--" + name
			if f.Shorthand != "" {
				flag = "-" + f.Shorthand
			}
			return usagef("%s is for live capture: it has no meaning with -r", flag)
		}
	}
	// -s, -C, -W, -Q and --family as a capture would check them; --family
	// is not limited to the families nlmon taps (a file may come from a
	// traced process).
	c := *o
	c.families = ""
	if _, err := parseCaptureOptions(&c); err != nil {
		return err
	}
	if _, err := parseReadFilter(o); err != nil {
		return err
	}
	return nil
}

// sameFile reports whether the files (or stdin, "-") named by in and out
// are the same file (same device and inode), so that creating out would
// destroy in.
func sameFile(in, out string) bool {
	if out == "-" {
		return false
	}
	var fi os.FileInfo
	var err error
	if in == "-" {
		fi, err = os.Stdin.Stat()
	} else {
		fi, err = os.Stat(in)
	}
	if err != nil {
		return false
	}
	fo, err := os.Stat(out)
	return err == nil && os.SameFile(fi, fo)
}
