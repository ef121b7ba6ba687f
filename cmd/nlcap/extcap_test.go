package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// extcapLine is one sentence of extcap's grammar: `kind {key=value}...`.
type extcapLine struct {
	kind   string
	fields map[string]string
}

var extcapFieldRE = regexp.MustCompile(`\{([a-z]+)=([^{}]*)\}`)

// parseExtcap parses extcap output strictly: every line is a known kind
// followed by {key=value} fields and nothing else.
func parseExtcap(t *testing.T, out string) []extcapLine {
	t.Helper()
	var lines []extcapLine
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		kind, rest, _ := strings.Cut(l, " ")
		switch kind {
		case "extcap", "interface", "dlt", "arg", "value":
		default:
			t.Fatalf("line %q: unknown sentence %q", l, kind)
		}
		if rest2 := extcapFieldRE.ReplaceAllString(rest, ""); rest2 != "" {
			t.Fatalf("line %q: not made of {key=value} fields (left: %q)", l, rest2)
		}
		f := map[string]string{}
		for _, m := range extcapFieldRE.FindAllStringSubmatch(rest, -1) {
			if _, dup := f[m[1]]; dup {
				t.Fatalf("line %q: field %s twice", l, m[1])
			}
			f[m[1]] = m[2]
		}
		lines = append(lines, extcapLine{kind, f})
	}
	return lines
}

// runExtcapArgs runs nlcap's run with args and returns stdout, stderr, err.
func runExtcapArgs(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestIsExtcapCall(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"--extcap-interfaces", "--extcap-version=4.0"}, true},
		{[]string{"--capture", "--extcap-interface", "nlmon", "--fifo", "/tmp/f"}, true},
		{[]string{"--extcap-interface=nlmon", "--extcap-dlts"}, true},
		{[]string{"--install-extcap", "--system"}, true},
		{[]string{"--uninstall-extcap"}, true},
		{[]string{"-w", "x.pcap"}, false},
		{[]string{"-r", "x.pcap", "-v"}, false},
		{[]string{"-w", "f", "--", "prog", "--capture", "--extcap-config"}, false},
		{nil, false},
	} {
		if got := isExtcapCall(tc.args); got != tc.want {
			t.Errorf("isExtcapCall(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestExtcapInterfaces(t *testing.T) {
	out, _, err := runExtcapArgs(t, "--extcap-interfaces", "--extcap-version=4.0")
	if err != nil {
		t.Fatal(err)
	}
	lines := parseExtcap(t, out)
	var ifaces []string
	versions := 0
	for _, l := range lines {
		switch l.kind {
		case "extcap":
			versions++
			if l.fields["version"] == "" || !strings.HasPrefix(l.fields["help"], "https://") {
				t.Errorf("extcap line %v: want a version and a help URL", l.fields)
			}
		case "interface":
			if l.fields["display"] == "" {
				t.Errorf("interface %v has no display name", l.fields)
			}
			ifaces = append(ifaces, l.fields["value"])
		default:
			t.Errorf("unexpected %s line in --extcap-interfaces", l.kind)
		}
	}
	if versions != 1 {
		t.Errorf("%d extcap version lines, want 1", versions)
	}
	if want := []string{extcapNlmon, extcapProcess}; !slices.Equal(ifaces, want) {
		t.Errorf("interfaces %q, want %q", ifaces, want)
	}
	// --extcap-version alone: nlcap's version.
	out, _, err = runExtcapArgs(t, "--extcap-version")
	if err != nil || !strings.HasPrefix(out, "extcap {version=") {
		t.Errorf("--extcap-version: %q, %v", out, err)
	}
}

func TestExtcapDlts(t *testing.T) {
	for _, iface := range []string{extcapNlmon, extcapProcess} {
		out, _, err := runExtcapArgs(t, "--extcap-dlts", "--extcap-interface", iface)
		if err != nil {
			t.Fatal(err)
		}
		lines := parseExtcap(t, out)
		if len(lines) != 1 || lines[0].kind != "dlt" || lines[0].fields["number"] != strconv.Itoa(nlcap.LinkTypeNetlink) ||
			lines[0].fields["name"] != "NETLINK" {
			t.Errorf("%s: --extcap-dlts = %q, want one dlt 253 NETLINK", iface, out)
		}
	}
	_, _, err := runExtcapArgs(t, "--extcap-dlts", "--extcap-interface", "eth0")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "nlmon") {
		t.Errorf("unknown interface: %v, want a usage error naming the interfaces", err)
	}
}

// TestExtcapConfig checks the option lines and that every option they
// declare is one --capture accepts, with its default.
func TestExtcapConfig(t *testing.T) {
	types := []string{"integer", "unsigned", "long", "double", "string", "password", "boolean", "boolflag",
		"fileselect", "selector", "editselector", "radio", "multicheck", "timestamp"}
	for iface, wantCalls := range map[string][]string{
		extcapNlmon:   {"--netns", "--family", "--snaplen", "--buffer-size", "--no-genl-dump", "--log-file"},
		extcapProcess: {"--cmd", "--pid", "--log-file"},
	} {
		out, _, err := runExtcapArgs(t, "--extcap-interface", iface, "--extcap-config")
		if err != nil {
			t.Fatal(err)
		}
		var calls []string
		args := map[string]extcapLine{}
		for _, l := range parseExtcap(t, out) {
			switch l.kind {
			case "arg":
				n := l.fields["number"]
				if _, dup := args[n]; dup {
					t.Errorf("%s: arg number %s twice", iface, n)
				}
				args[n] = l
				if !slices.Contains(types, l.fields["type"]) || l.fields["display"] == "" {
					t.Errorf("%s: arg %v: bad type or no display", iface, l.fields)
				}
				calls = append(calls, l.fields["call"])
			case "value":
				a, ok := args[l.fields["arg"]]
				if !ok {
					t.Errorf("%s: value %v for an unknown arg", iface, l.fields)
					continue
				}
				if a.fields["call"] == "--family" {
					if f, err := nlcap.ParseFamily(l.fields["value"]); err != nil || !f.Tapped() {
						t.Errorf("%s: --family value %q: %v (tapped: %v)", iface, l.fields["value"], err, f.Tapped())
					}
				}
			default:
				t.Errorf("%s: unexpected %s line in --extcap-config", iface, l.kind)
			}
		}
		if !slices.Equal(calls, wantCalls) {
			t.Errorf("%s: calls %q, want %q", iface, calls, wantCalls)
		}
		// Each call, with its default or a sample value, parses as
		// Wireshark passes it.
		for _, a := range args {
			var o extcapOptions
			cl := []string{"--capture", "--extcap-interface", iface, "--fifo", "/tmp/x", a.fields["call"]}
			if a.fields["type"] != "boolflag" {
				v := a.fields["default"]
				if v == "" {
					v = "1"
				}
				cl = append(cl, v)
			}
			if err := newExtcapFlagSet(&o, io.Discard).Parse(cl); err != nil {
				t.Errorf("%s: %q does not parse: %v", iface, cl, err)
			}
		}
	}
}

func TestExtcapCaptureFilter(t *testing.T) {
	for _, tc := range []struct {
		iface, filter, wantErr string
	}{
		{extcapNlmon, "route", ""},
		{extcapNlmon, "route generic, sock_diag", ""},
		{extcapNlmon, "", ""},
		{extcapNlmon, "audit", "never copies audit"},
		{extcapNlmon, "tcp port 80", "list of netlink families"},
		{extcapProcess, "audit kobject_uevent", ""},
		{extcapProcess, "nosuch", "list of netlink families"},
	} {
		out, _, err := runExtcapArgs(t, "--extcap-capture-filter", tc.filter, "--extcap-interface", tc.iface)
		if err != nil {
			t.Errorf("%s %q: %v (a check exits 0 and says why on stdout)", tc.iface, tc.filter, err)
			continue
		}
		switch {
		case tc.wantErr == "" && out != "":
			t.Errorf("%s %q: valid filter printed %q (Wireshark takes any output as invalid)", tc.iface, tc.filter, out)
		case tc.wantErr != "" && (!strings.Contains(out, tc.wantErr) || strings.Count(out, "\n") != 1):
			t.Errorf("%s %q: printed %q, want one line with %q", tc.iface, tc.filter, out, tc.wantErr)
		}
	}
}

func TestExtcapArgs(t *testing.T) {
	nl := func(o extcapOptions) extcapOptions {
		o.iface, o.fifo = extcapNlmon, "/tmp/fifo"
		if o.snaplen == 0 {
			o.snaplen = nlcap.DefaultSnapLen
		}
		if o.bufferKiB == 0 {
			o.bufferKiB = capDefaultBufferKiB
		}
		return o
	}
	pr := func(o extcapOptions) extcapOptions { o.iface, o.fifo = extcapProcess, "/tmp/fifo"; return o }
	base := []string{"-w", "-", "--pcapng", "-s", "262144", "-B", "4096"}
	for _, tc := range []struct {
		name    string
		o       extcapOptions
		want    []string
		wantErr string
	}{
		{"nlmon defaults", nl(extcapOptions{}), base, ""},
		{"nlmon all", nl(extcapOptions{netns: "blue", family: "route,generic", snaplen: 2000, bufferKiB: 64, noGenlDump: true}),
			[]string{"-w", "-", "--pcapng", "-s", "2000", "-B", "64", "--netns", "blue", "--family", "route,generic", "--no-genl-dump"}, ""},
		{"nlmon filter", nl(extcapOptions{filter: "generic route"}), append(slices.Clone(base), "--family", "generic,route"), ""},
		{"nlmon filter and family", nl(extcapOptions{filter: "generic route", family: "route,xfrm"}), append(slices.Clone(base), "--family", "route"), ""},
		{"nlmon disjoint", nl(extcapOptions{filter: "generic", family: "route"}), nil, "no family in common"},
		{"nlmon untapped", nl(extcapOptions{family: "audit"}), append(slices.Clone(base), "--family", "audit"), ""}, // refused by the capture's own check
		{"process cmd", pr(extcapOptions{cmd: `ip -o "link" show 'a b'`}),
			[]string{"-w", "/tmp/fifo", "--pcapng", "-U", "--", "ip", "-o", "link", "show", "a b"}, ""},
		{"process pid", pr(extcapOptions{pid: "12,34"}), []string{"-w", "/tmp/fifo", "--pcapng", "-U", "-p", "12,34"}, ""},
		{"process filter", pr(extcapOptions{pid: "12", filter: "audit"}), []string{"-w", "/tmp/fifo", "--pcapng", "-U", "--family", "audit", "-p", "12"}, ""},
		{"process both", pr(extcapOptions{pid: "12", cmd: "ip l"}), nil, "not both"},
		{"process none", pr(extcapOptions{}), nil, "--cmd"},
		{"process bad pid", pr(extcapOptions{pid: "12,x"}), nil, "PID[,PID...]"},
		{"process zero pid", pr(extcapOptions{pid: "0"}), nil, "PID[,PID...]"},
		{"process bad quote", pr(extcapOptions{cmd: `ip "link`}), nil, "unterminated"},
	} {
		got, err := extcapArgs(&tc.o)
		if tc.wantErr != "" {
			var ue usageError
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.As(err, &ue) {
				t.Errorf("%s: err %v, want a usage error with %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: args (-want +got):\n%s", tc.name, diff)
		}
		// nlcap's own flag parser takes the nlmon command line (-p is
		// the tracer's).
		if tc.o.iface == extcapNlmon {
			var o options
			if err := newFlagSet(&o, io.Discard).Parse(got); err != nil || o.write != "-" || !o.pcapng {
				t.Errorf("%s: nlcap does not take %q: %v", tc.name, got, err)
			}
		}
	}
}

func TestSplitCommandLine(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"ip link show", []string{"ip", "link", "show"}, ""},
		{"  ip\tlink  ", []string{"ip", "link"}, ""},
		{`sh -c 'echo "$HOME" a'`, []string{"sh", "-c", `echo "$HOME" a`}, ""},
		{`echo "a \"b\" \$c \d" e\ f ''`, []string{"echo", `a "b" $c \d`, "e f", ""}, ""},
		{`a\`, nil, "backslash"},
		{`a 'b`, nil, "unterminated ' quote"},
		{`a "b`, nil, `unterminated " quote`},
		{"   ", nil, "empty"},
	} {
		got, err := splitCommandLine(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestExtcapUsage(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--extcap-config"}, "--extcap-interface is missing"},
		{[]string{"--extcap-interface", "nlmon"}, "nothing to do"},
		{[]string{"--capture", "--extcap-interface", "nlmon"}, "--fifo"},
		{[]string{"--capture", "--extcap-interface", "nlmon", "--fifo", "f", "--bogus"}, "unknown flag"},
		{[]string{"--extcap-interfaces", "extra"}, "unexpected arguments"},
		{[]string{"--install-extcap", "--uninstall-extcap", "--extcap-dir", "d"}, "exclude"},
		{[]string{"--install-extcap", "--user", "--system"}, "exclude"},
		{[]string{"--install-extcap", "--user", "--extcap-dir", "d"}, "--extcap-dir"},
	} {
		_, _, err := runExtcapArgs(t, tc.args...)
		var ue usageError
		if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%q: %v, want a usage error with %q", tc.args, err, tc.wantErr)
		}
		if code := exitCode(err, io.Discard); code != 2 {
			t.Errorf("%q: exit %d, want 2", tc.args, code)
		}
	}
}

// TestExtcapProcess checks nlcap-process's delegation to the tracer's
// command line: without the tracer (issue 14) a clear error; with it, the
// tracer's run path gets `-w FIFO --pcapng -U -- CMD...` and the program's
// output is shown only when the capture fails.
func TestExtcapProcess(t *testing.T) {
	args := []string{"--capture", "--extcap-interface", extcapProcess, "--fifo", "/nonexistent/fifo", "--cmd", "ip link show"}
	if !haveTracer() {
		_, _, err := runExtcapArgs(t, args...)
		if !errors.Is(err, errNoTracer) || !strings.Contains(err.Error(), "no process tracer") {
			t.Fatalf("without the tracer: %v, want errNoTracer", err)
		}
		return
	}
	var got []string
	fail := errors.New("ip exited with status 1")
	extcapRun = func(_ context.Context, a []string, stdout, stderr io.Writer) error {
		got = a
		io.WriteString(stdout, "1: lo: <LOOPBACK>\n")
		io.WriteString(stderr, "ip: boom\n")
		return fail
	}
	t.Cleanup(func() { extcapRun = nil })
	_, stderr, err := runExtcapArgs(t, args...)
	if want := []string{"-w", "/nonexistent/fifo", "--pcapng", "-U", "--", "ip", "link", "show"}; !slices.Equal(got, want) {
		t.Errorf("tracer args %q, want %q", got, want)
	}
	if !errors.Is(err, fail) || !strings.Contains(stderr, "ip: boom") || !strings.Contains(stderr, "1: lo:") {
		t.Errorf("failed program: err %v, stderr %q: want the error and the program's output", err, stderr)
	}

	// dumpcap closed the fifo (the stop): the tracer's write fails with
	// EPIPE, which is no error.
	extcapRun = func(_ context.Context, _ []string, _, stderr io.Writer) error {
		io.WriteString(stderr, "tracing ip\n")
		return fmt.Errorf("close f: %w", &os.PathError{Op: "write", Path: "f", Err: syscall.EPIPE})
	}
	if _, stderr, err := runExtcapArgs(t, args...); err != nil || stderr != "" {
		t.Errorf("stopped by dumpcap: err %v, stderr %q; want a clean end", err, stderr)
	}
}

func TestTailBuffer(t *testing.T) {
	tb := &tailBuffer{max: 8}
	io.WriteString(tb, "abc")
	io.WriteString(tb, "defgh")
	if string(tb.Bytes()) != "abcdefgh" {
		t.Errorf("got %q", tb.Bytes())
	}
	io.WriteString(tb, "ij")
	if string(tb.Bytes()) != "cdefghij" {
		t.Errorf("got %q, want the last 8 bytes", tb.Bytes())
	}
	io.WriteString(tb, "0123456789")
	if string(tb.Bytes()) != "23456789" || tb.Len() != 8 {
		t.Errorf("got %q, want the last 8 bytes", tb.Bytes())
	}
}

// tshark 4.0's and 4.2's `tshark -G folders` (abridged).
const (
	tsharkFolders40 = "Temp:                \t/tmp\nPersonal configuration:\t/root/.config/wireshark\n" +
		"Personal Plugins:    \t/root/.local/lib/wireshark/plugins/4.0\n" +
		"Extcap path:         \t/usr/lib/x86_64-linux-gnu/wireshark/extcap\nMaxMind database path:\t/usr/share/GeoIP\n"
	tsharkFolders42 = "Temp:                \t/tmp\nPersonal Extcap path:\t/home/u/.local/lib/wireshark/extcap\n" +
		"Global Extcap path:  \t/usr/lib/x86_64-linux-gnu/wireshark/extcap\n"
)

func TestParseTsharkFolders(t *testing.T) {
	p, g := parseTsharkFolders(tsharkFolders40)
	if p != "" || g != "/usr/lib/x86_64-linux-gnu/wireshark/extcap" {
		t.Errorf("4.0: %q, %q", p, g)
	}
	p, g = parseTsharkFolders(tsharkFolders42)
	if p != "/home/u/.local/lib/wireshark/extcap" || g != "/usr/lib/x86_64-linux-gnu/wireshark/extcap" {
		t.Errorf("4.2: %q, %q", p, g)
	}
}

func TestExtcapInstallDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	fallback := t.TempDir()
	saved, savedFallbacks := tsharkFolders, globalExtcapFallbacks
	t.Cleanup(func() { tsharkFolders, globalExtcapFallbacks = saved, savedFallbacks })
	globalExtcapFallbacks = []string{filepath.Join(fallback, "missing"), fallback}
	noTshark := func() (string, error) { return "", errors.New(`exec: "tshark": executable file not found in $PATH`) }
	for _, tc := range []struct {
		name         string
		folders      func() (string, error)
		user, system bool
		want         string
		wantErr      string
	}{
		{"4.0 system", func() (string, error) { return tsharkFolders40, nil }, false, true, "/usr/lib/x86_64-linux-gnu/wireshark/extcap", ""},
		{"4.0 user", func() (string, error) { return tsharkFolders40, nil }, true, false, "", "no personal extcap folder"},
		{"4.2 user", func() (string, error) { return tsharkFolders42, nil }, true, false, "/home/u/.local/lib/wireshark/extcap", ""},
		{"4.2 system", func() (string, error) { return tsharkFolders42, nil }, false, true, "/usr/lib/x86_64-linux-gnu/wireshark/extcap", ""},
		{"no tshark user", noTshark, true, false, filepath.Join(home, ".local/lib/wireshark/extcap"), ""},
		{"no tshark system", noTshark, false, true, fallback, ""},
	} {
		tsharkFolders = tc.folders
		got, err := extcapInstallDir(&extcapOptions{user: tc.user, system: tc.system})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: %q, %v; want an error with %q", tc.name, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	tsharkFolders = noTshark
	globalExtcapFallbacks = []string{filepath.Join(fallback, "missing")}
	if _, err := extcapInstallDir(&extcapOptions{system: true}); err == nil || !strings.Contains(err.Error(), "--extcap-dir") {
		t.Errorf("no global folder anywhere: %v, want an error suggesting --extcap-dir", err)
	}
}

func TestInstallExtcap(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wireshark", "extcap") // created on install
	exe := filepath.Join(t.TempDir(), "nlcap")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "nlcap")
	var out bytes.Buffer
	if err := installExtcapLink(dir, exe, &out); err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(link); err != nil || target != exe {
		t.Fatalf("link %s -> %q, %v; want %s", link, target, err, exe)
	}
	if !strings.Contains(out.String(), link) {
		t.Errorf("install says %q, want the link's path", out.String())
	}
	out.Reset()
	if err := installExtcapLink(dir, exe, &out); err != nil || !strings.Contains(out.String(), "already") {
		t.Errorf("second install: %v, %q", err, out.String())
	}
	// Another nlcap's link and a file are left alone.
	other := filepath.Join(t.TempDir(), "nlcap")
	os.WriteFile(other, []byte("other"), 0o755)
	if err := uninstallExtcapLink(dir, other, io.Discard); err == nil || !strings.Contains(err.Error(), "not removed") {
		t.Errorf("uninstall by another nlcap: %v", err)
	}
	if err := installExtcapLink(dir, other, io.Discard); err == nil || !strings.Contains(err.Error(), "not overwritten") {
		t.Errorf("install over another nlcap's link: %v", err)
	}
	if target, _ := os.Readlink(link); target != exe {
		t.Errorf("link changed to %q", target)
	}
	out.Reset()
	if err := uninstallExtcapLink(dir, exe, &out); err != nil || !strings.Contains(out.String(), "removed") {
		t.Fatalf("uninstall: %v, %q", err, out.String())
	}
	if _, err := os.Lstat(link); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("link still there: %v", err)
	}
	out.Reset()
	if err := uninstallExtcapLink(dir, exe, &out); err != nil || !strings.Contains(out.String(), "not installed") {
		t.Errorf("uninstall twice: %v, %q", err, out.String())
	}
	os.WriteFile(link, []byte("someone else's extcap"), 0o755)
	if err := installExtcapLink(dir, exe, io.Discard); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("install over a file: %v", err)
	}
	if err := uninstallExtcapLink(dir, exe, io.Discard); err == nil {
		t.Error("uninstall removed a file that is not our link")
	}
	if b, _ := os.ReadFile(link); string(b) != "someone else's extcap" {
		t.Errorf("file changed: %q", b)
	}
}

// TestInstallExtcapCLI runs --install-extcap and --uninstall-extcap as a
// user would, into --extcap-dir: the link leads to the running binary.
func TestInstallExtcapCLI(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runExtcapArgs(t, "--install-extcap", "--extcap-dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "nlcap")
	exe, _ := os.Executable()
	a, err1 := os.Stat(link)
	b, err2 := os.Stat(exe)
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		t.Fatalf("%s does not lead to %s (%v, %v); output %q", link, exe, err1, err2, out)
	}
	if _, _, err := runExtcapArgs(t, "--uninstall-extcap", "--extcap-dir", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("link still there after --uninstall-extcap: %v", err)
	}
}
