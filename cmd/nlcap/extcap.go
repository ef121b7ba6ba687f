package main

// nlcap as a Wireshark extcap (issue 17). Wireshark (dumpcap, tshark) runs
// every executable of its extcap folder with --extcap-interfaces, then per
// interface --extcap-dlts and --extcap-config, and to capture:
//
//	nlcap --capture --extcap-interface IFACE [--extcap-capture-filter F] --fifo PATH [options...]
//
// where the options are the arg lines of --extcap-config, each passed as
// "--call value" (a boolflag as "--call" alone when set). dumpcap reads pcap
// or pcapng from the fifo and stops the capture with SIGTERM. Anything the
// extcap writes to stderr is shown as "Error by extcap pipe: ..." (Wireshark
// 4.0 shows stderr even when the exit status is 0): diagnostics therefore go
// to stderr only when the capture fails, or to --log-file.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// The extcap interfaces nlcap offers. Wireshark names their preferences
// extcap.<interface, '-' as '_'>.<call without dashes>: for example
// extcap.nlcap_process.cmd, extcap.nlmon.family.
const (
	extcapNlmon   = "nlmon"
	extcapProcess = "nlcap-process"
)

const extcapHelpURL = "https://github.com/nlcap/nlcap/blob/main/docs/capture.md#capture-from-wireshark"

// extcapOptions are the flags of extcap mode: Wireshark's own and the
// options nlcap declares in --extcap-config.
type extcapOptions struct {
	interfaces bool   // --extcap-interfaces
	version    string // --extcap-version[=X.Y]: Wireshark's version
	iface      string // --extcap-interface
	dlts       bool   // --extcap-dlts
	config     bool   // --extcap-config
	capture    bool   // --capture
	fifo       string // --fifo
	filter     string // --extcap-capture-filter

	// nlmon's options (nlcap's own flag names)
	netns      string
	family     string
	snaplen    int
	bufferKiB  int
	noGenlDump bool
	// nlcap-process's options
	cmd string
	pid string
	// both
	logFile string

	// --install-extcap / --uninstall-extcap
	install, uninstall bool
	user, system       bool
	dir                string
}

// isExtcapCall reports whether args ask for extcap mode: a Wireshark call
// (--extcap-*, --capture) or --install-extcap / --uninstall-extcap. Nothing
// after "--" (a traced command's arguments) counts.
func isExtcapCall(args []string) bool {
	for _, a := range args {
		switch {
		case a == "--":
			return false
		case strings.HasPrefix(a, "--extcap-"), a == "--capture",
			a == "--install-extcap", a == "--uninstall-extcap":
			return true
		}
	}
	return false
}

func newExtcapFlagSet(o *extcapOptions, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("nlcap", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.BoolVar(&o.interfaces, "extcap-interfaces", false, "list the extcap interfaces")
	fs.StringVar(&o.version, "extcap-version", "", "Wireshark's `version` (with --extcap-interfaces)")
	fs.Lookup("extcap-version").NoOptDefVal = " "
	fs.StringVar(&o.iface, "extcap-interface", "", "the extcap `interface`: nlmon or nlcap-process")
	fs.BoolVar(&o.dlts, "extcap-dlts", false, "list the interface's link types")
	fs.BoolVar(&o.config, "extcap-config", false, "list the interface's options")
	fs.BoolVar(&o.capture, "capture", false, "capture into --fifo")
	fs.StringVar(&o.fifo, "fifo", "", "the `path` to write the capture to (dumpcap's fifo, or a file)")
	fs.StringVar(&o.filter, "extcap-capture-filter", "", "netlink `families` to keep, as --family; alone: check the filter")
	fs.StringVar(&o.netns, "netns", "", "nlmon: capture inside the network namespace `NAME|PATH|PID`")
	fs.StringVar(&o.family, "family", "", "nlmon: comma-separated netlink `families` to keep")
	fs.IntVar(&o.snaplen, "snaplen", nlcap.DefaultSnapLen, "nlmon: snapshot length in `bytes`")
	fs.IntVar(&o.bufferKiB, "buffer-size", capDefaultBufferKiB, "nlmon: receive ring in `KiB`")
	fs.BoolVar(&o.noGenlDump, "no-genl-dump", false, "nlmon: no generic netlink family table at the start")
	fs.StringVar(&o.cmd, "cmd", "", "nlcap-process: the `command line` to run and trace")
	fs.StringVar(&o.pid, "pid", "", "nlcap-process: `PID[,PID...]` to attach to")
	fs.StringVar(&o.logFile, "log-file", "", "append nlcap's diagnostics to this `file`")
	fs.BoolVar(&o.install, "install-extcap", false, "link nlcap into Wireshark's extcap folder")
	fs.BoolVar(&o.uninstall, "uninstall-extcap", false, "remove nlcap's link from Wireshark's extcap folder")
	fs.BoolVar(&o.user, "user", false, "with --(un)install-extcap: the personal extcap folder")
	fs.BoolVar(&o.system, "system", false, "with --(un)install-extcap: the global extcap folder")
	fs.StringVar(&o.dir, "extcap-dir", "", "with --(un)install-extcap: this `folder` instead of Wireshark's")
	fs.Usage = func() {
		fmt.Fprint(stderr, extcapHelpText)
		fs.PrintDefaults()
	}
	return fs
}

const extcapHelpText = `Usage: nlcap --install-extcap [--user|--system|--extcap-dir DIR]
       nlcap --uninstall-extcap [--user|--system|--extcap-dir DIR]

nlcap is a Wireshark extcap: once installed in Wireshark's extcap folder,
Wireshark and tshark list the interfaces nlmon and nlcap-process and run
nlcap with the flags below (see docs/capture.md, "Capture from Wireshark").

`

// capDefaultBufferKiB is -B 0 spelled out for Wireshark's dialog: 4 MiB.
const capDefaultBufferKiB = 4096

// runExtcap answers one extcap call (see the top of this file).
func runExtcap(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o extcapOptions
	fs := newExtcapFlagSet(&o, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("extcap mode: unexpected arguments %q", fs.Args())
	}
	switch {
	case o.install || o.uninstall:
		return runInstallExtcap(&o, stdout)
	case o.interfaces:
		return writeExtcapInterfaces(stdout)
	case fs.Changed("extcap-version") && o.iface == "":
		_, err := fmt.Fprintf(stdout, "extcap {version=%s}{help=%s}\n", extcapVersion(), extcapHelpURL)
		return err
	case o.iface == "":
		return usagef("extcap mode: --extcap-interface is missing (want %s or %s)", extcapNlmon, extcapProcess)
	case o.iface != extcapNlmon && o.iface != extcapProcess:
		return usagef("--extcap-interface %q: nlcap offers %s and %s", o.iface, extcapNlmon, extcapProcess)
	case o.dlts:
		_, err := fmt.Fprintf(stdout, "dlt {number=%d}{name=NETLINK}{display=Linux netlink}\n", nlcap.LinkTypeNetlink)
		return err
	case o.config:
		return writeExtcapConfig(stdout, o.iface)
	case o.capture:
		return extcapCapture(ctx, &o, args, stderr)
	case fs.Changed("extcap-capture-filter"):
		// Wireshark checks a capture filter as the user types it: an empty
		// stdout means valid, a line is the reason it is not.
		if _, err := extcapFilterFamilies(o.iface, o.filter); err != nil {
			_, werr := fmt.Fprintln(stdout, err)
			return werr
		}
		return nil
	}
	return usagef("extcap mode: nothing to do (want --extcap-dlts, --extcap-config, --capture or --extcap-capture-filter)")
}

// extcapVersion is nlcap's module version, or its VCS revision.
func extcapVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}

func writeExtcapInterfaces(w io.Writer) error {
	_, err := fmt.Fprintf(w, "extcap {version=%s}{help=%s}\n"+
		"interface {value=%s}{display=Netlink monitor (all netlink traffic of a network namespace, nlcap)}\n"+
		"interface {value=%s}{display=Netlink of one program (nlcap process tracer)}\n",
		extcapVersion(), extcapHelpURL, extcapNlmon, extcapProcess)
	return err
}

// writeExtcapConfig prints the options of iface for Wireshark's dialog.
func writeExtcapConfig(w io.Writer, iface string) error {
	var b strings.Builder
	if iface == extcapNlmon {
		b.WriteString("arg {number=0}{call=--netns}{display=Network namespace}{type=string}" +
			"{tooltip=ip netns name, namespace file or PID (empty: the namespace nlcap runs in)}\n")
		b.WriteString("arg {number=1}{call=--family}{display=Netlink families}{type=multicheck}" +
			"{tooltip=Keep only these families (none checked: all)}\n")
		for f := nlcap.Family(0); f < 32; f++ {
			if f.Tapped() {
				fmt.Fprintf(&b, "value {arg=1}{value=%s}{display=%s}{default=false}\n", f, f)
			}
		}
		fmt.Fprintf(&b, "arg {number=2}{call=--snaplen}{display=Snapshot length}{type=unsigned}{default=%d}{range=%d,%d}"+
			"{tooltip=Bytes kept of each record, cooked header included}\n",
			nlcap.DefaultSnapLen, nlcap.PseudoHeaderLen+nlcap.NlmsgHdrLen, pcap.MaxRecordLen)
		fmt.Fprintf(&b, "arg {number=3}{call=--buffer-size}{display=Buffer size (KiB)}{type=unsigned}{default=%d}{range=0,%d}"+
			"{tooltip=Receive ring shared with the kernel}\n", capDefaultBufferKiB, 1<<21)
		b.WriteString("arg {number=4}{call=--no-genl-dump}{display=No generic netlink family table}{type=boolflag}{default=false}" +
			"{tooltip=Do not dump the genl family table at the start (it names genl families in the capture)}\n")
		b.WriteString("arg {number=5}{call=--log-file}{display=Log file}{type=fileselect}{mustexist=false}" +
			"{tooltip=Append nlcap's diagnostics and statistics to this file}\n")
	} else {
		b.WriteString("arg {number=0}{call=--cmd}{display=Command line}{type=string}{placeholder=ip link show}" +
			"{tooltip=Program to run and trace with its arguments (quoted as in sh; no variables or globs)}\n")
		b.WriteString("arg {number=1}{call=--pid}{display=Process IDs}{type=string}{validation=^([0-9]+(,[0-9]+)*)?$}" +
			"{tooltip=Running processes to attach to instead (comma-separated); detached when the capture stops}\n")
		b.WriteString("arg {number=2}{call=--log-file}{display=Log file}{type=fileselect}{mustexist=false}" +
			"{tooltip=Append nlcap's diagnostics and the program's output to this file}\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// extcapFilterFamilies parses a capture filter: netlink family names
// separated by commas or spaces ("route generic"), as --family takes them.
// nlmon accepts only the families its taps see.
func extcapFilterFamilies(iface, filter string) ([]nlcap.Family, error) {
	fams, err := nlcap.ParseFamilies(strings.Join(strings.Fields(strings.ReplaceAll(filter, ",", " ")), ","))
	if err != nil {
		return nil, fmt.Errorf("capture filter %q: %w (a filter is a list of netlink families: route generic ...)", filter, err)
	}
	if iface == extcapNlmon {
		for _, f := range fams {
			if !f.Tapped() {
				return nil, fmt.Errorf("capture filter %q: the kernel never copies %s messages to nlmon taps", filter, f)
			}
		}
	}
	return fams, nil
}

// extcapFamilies combines the capture filter and --family: a record is kept
// when both keep it. The result is a --family value ("" for all).
func extcapFamilies(o *extcapOptions) (string, error) {
	filt, err := extcapFilterFamilies(o.iface, o.filter)
	if err != nil {
		return "", usageError{err}
	}
	opt, err := nlcap.ParseFamilies(o.family)
	if err != nil {
		return "", usagef("--family: %v", err)
	}
	keep := filt
	switch {
	case len(opt) == 0:
	case len(filt) == 0:
		keep = opt
	default:
		keep = nil
		for _, f := range filt {
			for _, g := range opt {
				if f == g {
					keep = append(keep, f)
					break
				}
			}
		}
		if len(keep) == 0 {
			return "", usagef("the capture filter %q and --family %q keep no family in common", o.filter, o.family)
		}
	}
	names := make([]string, len(keep))
	for i, f := range keep {
		names[i] = f.String()
	}
	return strings.Join(names, ","), nil
}

// extcapArgs returns the nlcap command line that captures what o asks for
// into the fifo (nlmon: "-w -", the fifo being run's stdout, so that the
// stream is flushed after each ring block; nlcap-process: "-w FIFO" through
// the process tracer's own command line, pcapng for its per-record process
// comments).
func extcapArgs(o *extcapOptions) ([]string, error) {
	fams, err := extcapFamilies(o)
	if err != nil {
		return nil, err
	}
	if o.iface == extcapNlmon {
		args := []string{"-w", "-", "--pcapng", "-s", strconv.Itoa(o.snaplen), "-B", strconv.Itoa(o.bufferKiB)}
		if o.netns != "" {
			args = append(args, "--netns", o.netns)
		}
		if fams != "" {
			args = append(args, "--family", fams)
		}
		if o.noGenlDump {
			args = append(args, "--no-genl-dump")
		}
		return args, nil
	}
	args := []string{"-w", o.fifo, "--pcapng", "-U"}
	if fams != "" {
		args = append(args, "--family", fams)
	}
	cmd, pid := strings.TrimSpace(o.cmd), strings.TrimSpace(o.pid)
	switch {
	case cmd != "" && pid != "":
		return nil, usagef("%s: give a command line (--cmd) or process IDs (--pid), not both", extcapProcess)
	case pid != "":
		for _, p := range strings.Split(pid, ",") {
			if n, err := strconv.Atoi(p); err != nil || n <= 0 {
				return nil, usagef("%s: --pid %q: want PID[,PID...] (positive numbers)", extcapProcess, o.pid)
			}
		}
		return append(args, "-p", pid), nil
	case cmd != "":
		argv, err := splitCommandLine(cmd)
		if err != nil {
			return nil, usagef("%s: --cmd: %v", extcapProcess, err)
		}
		return append(append(args, "--"), argv...), nil
	}
	return nil, usagef("%s: set the command line to run (--cmd) or the process IDs to attach to (--pid)", extcapProcess)
}

// haveTracer reports whether this nlcap has the process tracer (issue 14):
// its command line `nlcap -w FILE -p PID` defines -p.
func haveTracer() bool {
	var o options
	return newFlagSet(&o, io.Discard).ShorthandLookup("p") != nil
}

// errNoTracer is nlcap-process's error in an nlcap built without the tracer.
var errNoTracer = errors.New(extcapProcess + ": this nlcap has no process tracer (`nlcap -w FILE -- CMD`); use an nlcap that has it, or the nlmon interface")

// extcapRun, when not nil, replaces run for the capture's command line: a
// fake capture in tests.
var extcapRun runFunc

// extcapCapture runs the capture of a --capture call. The capture's own
// diagnostics ("listening on", statistics, warnings, the traced program's
// output) are kept and written to stderr only when it fails, so that a
// working capture shows no error in Wireshark; --log-file gets them always.
func extcapCapture(ctx context.Context, o *extcapOptions, argv []string, stderr io.Writer) (err error) {
	if o.fifo == "" {
		return usagef("--capture needs --fifo PATH")
	}
	// A failure before nlcap (or the tracer) opened the fifo would leave
	// dumpcap blocked opening its end: open and close ours.
	opened := false
	defer func() {
		if err != nil && !opened {
			releaseFifo(ctx, o.fifo, fifoReleaseWait)
		}
	}()
	args, err := extcapArgs(o)
	if err != nil {
		return err
	}
	if o.iface == extcapProcess && !haveTracer() {
		return errNoTracer
	}
	runArgs := extcapRun
	if runArgs == nil {
		runArgs = run
	}
	diag := &tailBuffer{max: 8 << 10}
	var diagW io.Writer = diag
	if o.logFile != "" {
		lf, err := os.OpenFile(o.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("--log-file: %w", err)
		}
		defer lf.Close()
		fmt.Fprintf(lf, "nlcap %s: called as %q\nnlcap %s: runs %q\n", extcapVersion(), argv, o.iface, args)
		diagW = io.MultiWriter(diag, lf)
	}
	defer func() {
		if err != nil && diag.Len() > 0 {
			stderr.Write(diag.Bytes())
		}
	}()

	if o.iface == extcapProcess {
		return extcapProcessCapture(ctx, o, args, runArgs, diagW)
	}
	opened, err = extcapNlmonCapture(ctx, o.fifo, args, runArgs, diagW)
	return err
}

type runFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// extcapProcessCapture runs the process tracer's command line; the tracer opens the
// fifo itself (-w FIFO) and the program's output joins diag.
func extcapProcessCapture(ctx context.Context, o *extcapOptions, args []string, runArgs runFunc, diag io.Writer) error {
	err := runArgs(ctx, args, diag, diag)
	if errors.Is(err, syscall.EPIPE) {
		// dumpcap closed the fifo: the capture was stopped.
		return nil
	}
	if err != nil {
		// nlcap exits silently with the traced command's status:
		// Wireshark's dialog says which status it was.
		var said bytes.Buffer
		if exitCode(err, &said); said.Len() == 0 {
			what := "--cmd " + strconv.Quote(o.cmd)
			if o.pid != "" {
				what = "--pid " + o.pid
			}
			fmt.Fprintf(diag, "nlcap: %s %s: %v\n", extcapProcess, what, err)
		}
	}
	return err
}

// extcapNlmonCapture runs the nlmon capture's command line with the fifo as its
// standard output, and reports whether the fifo was opened.
func extcapNlmonCapture(ctx context.Context, fifo string, args []string, runArgs runFunc, diag io.Writer) (opened bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fw := &fifoWriter{path: fifo, ctx: ctx, readerGone: cancel}
	err = runArgs(ctx, args, fw, diag)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if fw.gone.Load() && errors.Is(err, syscall.EPIPE) {
		// dumpcap closed its end: that is how a capture is stopped, and
		// the capture deleted its link on the way out.
		err = nil
	}
	return fw.opened, err
}

// fifoReleaseWait bounds how long a failed capture waits for dumpcap to
// open the fifo (see releaseFifo).
const fifoReleaseWait = 2 * time.Second

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) Len() int      { return len(t.b) }
func (t *tailBuffer) Bytes() []byte { return t.b }

// splitCommandLine splits a command line into words as sh does for a simple
// command without expansions: blanks separate words, single quotes keep
// everything, double quotes keep everything but \" \\ \$ \` escapes, a
// backslash outside quotes escapes the next character.
func splitCommandLine(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote rune // 0, '\'' or '"'
		esc   bool
	)
	for _, r := range s {
		switch {
		case esc:
			if quote == '"' && !strings.ContainsRune("\"\\$`", r) {
				cur.WriteByte('\\')
			}
			cur.WriteRune(r)
			esc = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\' && quote != '\'':
			esc, in = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	switch {
	case esc:
		return nil, errors.New("command line ends with a backslash")
	case quote != 0:
		return nil, fmt.Errorf("unterminated %c quote in the command line", quote)
	}
	if in {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, errors.New("empty command line")
	}
	return words, nil
}
