package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/testutil"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
)

var update = flag.Bool("update", false, "rewrite the golden files of nlcap -r")

const (
	capturesDir = "../../testdata/captures"
	goldenDir   = "../../testdata/golden"
)

func init() {
	// Text output prints local time, as tcpdump does; goldens are in UTC.
	time.Local = time.UTC
}

// readModes are the output modes with goldens: testdata/golden/NAME.MODE.golden.
var readModes = []struct {
	name string
	args []string
}{
	{"default", nil},
	{"v", []string{"-v"}},
	{"vv", []string{"-vv"}},
	{"json", []string{"--json"}},
}

// runNlcap calls run and returns stdout, stderr and the exit status.
func runNlcap(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

func captureFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(capturesDir, "*.pcap*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no captures in %s", capturesDir)
	}
	return files
}

// TestReadGolden decodes every capture of testdata/captures in each mode and
// compares with testdata/golden; go test -update rewrites the goldens.
func TestReadGolden(t *testing.T) {
	for _, file := range captureFiles(t) {
		base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		for _, mode := range readModes {
			t.Run(base+"/"+mode.name, func(t *testing.T) {
				args := append([]string{"-r", file}, mode.args...)
				got, stderr, code := runNlcap(t, args...)
				if code != 0 {
					t.Fatalf("nlcap %q: exit %d, stderr %q", args, code, stderr)
				}
				if got == "" {
					t.Fatalf("nlcap %q printed nothing", args)
				}
				// Idempotence: a second run gives the same bytes.
				if again, _, _ := runNlcap(t, args...); again != got {
					t.Fatalf("nlcap %q is not deterministic", args)
				}
				golden := filepath.Join(goldenDir, base+"."+mode.name+".golden")
				if *update {
					if err := os.MkdirAll(goldenDir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/nlcap -update)", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("nlcap %q differs from %s (-want +got):\n%s", args, golden, diff)
				}
			})
		}
	}
}

// TestReadJSON checks that every --json line is a JSON object with the
// documented always-present members, and that the message count agrees with
// the one-line output.
func TestReadJSON(t *testing.T) {
	for _, file := range captureFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			js, _, code := runNlcap(t, "-r", file, "--json", "-x")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			text, _, _ := runNlcap(t, "-r", file)
			lines := strings.Split(strings.TrimSuffix(js, "\n"), "\n")
			if n := strings.Count(text, "\n"); n != len(lines) {
				t.Errorf("--json printed %d objects, one-line output %d lines", len(lines), n)
			}
			for i, l := range lines {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("line %d: %v: %s", i+1, err, l)
				}
				for _, k := range []string{"schema_version", "record", "index", "time", "offset", "family", "family_id", "direction", "order", "header", "type_name", "flags", "data"} {
					if _, ok := m[k]; !ok {
						t.Errorf("line %d lacks %q: %s", i+1, k, l)
					}
				}
				if v, _ := m["schema_version"].(float64); v != render.JSONSchemaVersion {
					t.Errorf("line %d: schema_version %v", i+1, m["schema_version"])
				}
			}
		})
	}
}

// recordsOf reads every record of a capture.
func recordsOf(t *testing.T, file string) []nlcap.Record {
	t.Helper()
	r, c, err := pcap.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

// writeCapture writes records to a new pcap file and returns its name.
func writeCapture(t *testing.T, recs []nlcap.Record) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "c.pcap")
	if err := os.WriteFile(name, testutil.CaptureBytes(t, nil, recs), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// withStdin runs fn with os.Stdin reading data through a pipe (not a
// regular file, so nlcap reads it in a single pass).
func withStdin(t *testing.T, data []byte, fn func()) {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.Write(data)
		pw.Close()
	}()
	old := os.Stdin
	os.Stdin = pr
	defer func() {
		os.Stdin = old
		pr.Close()
		<-done
	}()
	fn()
}

// TestReadGenlBeforeLookup checks the two-pass naming: an ethtool request
// placed before the nlctrl lookup is named from a file, and from a pipe
// (single pass) is not.
func TestReadGenlBeforeLookup(t *testing.T) {
	recs := recordsOf(t, filepath.Join(capturesDir, "genl-ethtool.pcap"))
	// Record 3 is the first ethtool request; records 0-2 are the lookup.
	if len(recs) < 4 {
		t.Fatalf("genl-ethtool.pcap has %d records", len(recs))
	}
	moved := append([]nlcap.Record{recs[3]}, recs[:3]...)
	name := writeCapture(t, moved)

	out, stderr, code := runNlcap(t, "-r", name, "-c", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, " request ethtool ") {
		t.Errorf("from a file, the request before the lookup is not named ethtool:\n%s", out)
	}

	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, data, func() {
		out, stderr, code = runNlcap(t, "-r", "-")
	})
	if code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], " request genl-0x14 ") {
		t.Errorf("stdin (single pass): first line %q, want the unnamed genl-0x14", lines[0])
	}
	if !strings.Contains(out, "ethtool id 0x14") {
		t.Errorf("stdin: the lookup is missing:\n%s", out)
	}

	// Standard input redirected from a regular file is read twice too.
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	out, _, code = runNlcap(t, "-r", "-", "-c", "1")
	os.Stdin = old
	if code != 0 || !strings.Contains(out, " request ethtool ") {
		t.Errorf("stdin from a file: exit %d, output %q", code, out)
	}
}

// TestReadStdin checks that -r - gives the same output as the file when the
// lookups come first.
func TestReadStdin(t *testing.T) {
	for _, file := range captureFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, _, code := runNlcap(t, "-r", file, "-v")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got, stderr string
			withStdin(t, data, func() { got, stderr, code = runNlcap(t, "-r", "-", "-v") })
			if code != 0 {
				t.Fatalf("stdin: exit %d: %s", code, stderr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stdin differs from file (-file +stdin):\n%s", diff)
			}
		})
	}
}

// TestReadCount checks that -c counts records, not messages.
func TestReadCount(t *testing.T) {
	file := filepath.Join(capturesDir, "genl-ctrl.pcap")
	for _, n := range []int{1, 2, 5} {
		out, _, code := runNlcap(t, "-r", file, "--json", "-c", itoa(n))
		if code != 0 {
			t.Fatalf("-c %d: exit %d", n, code)
		}
		records := map[float64]bool{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var m struct{ Record float64 }
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			records[m.Record] = true
		}
		if len(records) != n {
			t.Errorf("-c %d printed messages of %d records", n, len(records))
		}
	}
	// Record 1 of genl-ctrl.pcap is a dump answer with several messages.
	out, _, _ := runNlcap(t, "-r", file, "-c", "2")
	if got := strings.Count(out, "\n"); got <= 2 {
		t.Errorf("-c 2 printed %d lines; want every message of both records", got)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestReadFilters checks -Q and --family on a file.
func TestReadFilters(t *testing.T) {
	file := filepath.Join(capturesDir, "genl-ctrl.pcap")
	in, _, _ := runNlcap(t, "-r", file, "-Q", "in")
	out, _, _ := runNlcap(t, "-r", file, "-Q", "out")
	all, _, _ := runNlcap(t, "-r", file)
	if in == "" || out == "" {
		t.Fatalf("-Q in printed %d bytes, -Q out %d", len(in), len(out))
	}
	for _, l := range strings.Split(strings.TrimSpace(in), "\n") {
		if !strings.Contains(l, " request ") {
			t.Errorf("-Q in kept %q", l)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(l, " request ") {
			t.Errorf("-Q out kept %q", l)
		}
	}
	if n := strings.Count(in, "\n") + strings.Count(out, "\n"); n != strings.Count(all, "\n") {
		t.Errorf("-Q in + -Q out = %d lines, all %d", n, strings.Count(all, "\n"))
	}
	// Answers keep their direction although their requests are not printed.
	if !strings.Contains(out, " answer ") {
		t.Errorf("-Q out lost the answers:\n%s", out)
	}
	if got, _, code := runNlcap(t, "-r", file, "--family", "route"); code != 0 || got != "" {
		t.Errorf("--family route on a genl capture: exit %d, output %q", code, got)
	}
	if got, _, _ := runNlcap(t, "-r", file, "--family", "genl"); got != all {
		t.Errorf("--family genl differs from no filter")
	}
	if _, _, code := runNlcap(t, "-r", file, "-Q", "sideways"); code != 2 {
		t.Errorf("-Q sideways: exit %d, want 2", code)
	}
	if _, _, code := runNlcap(t, "-r", file, "--family", "nosuch"); code != 2 {
		t.Errorf("--family nosuch: exit %d, want 2", code)
	}
}

// TestReadHex checks -x and -X.
func TestReadHex(t *testing.T) {
	file := filepath.Join(capturesDir, "genl-ethtool.pcap")
	x, _, _ := runNlcap(t, "-r", file, "-c", "1", "-x")
	// The first message: GETFAMILY "ethtool", 32 bytes.
	want := "\t0x0000:  2000 0000 1000 0500 0100 0000 0000 0000\n" +
		"\t0x0010:  0301 0000 0c00 0200 6574 6874 6f6f 6c00\n"
	if !strings.HasSuffix(x, want) {
		t.Errorf("-x:\n%s\nwant suffix\n%s", x, want)
	}
	xx, _, _ := runNlcap(t, "-r", file, "-c", "1", "-X")
	if !strings.Contains(xx, "6f6f 6c00  ........ethtool.\n") {
		t.Errorf("-X lacks the ASCII column:\n%s", xx)
	}
}

// classicPcap builds a little-endian classic pcap file of link type lt
// holding the given raw records (cooked header included).
func classicPcap(lt uint32, recs ...[]byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, 0xa1b2c3d4)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint16(b, 4)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 262144)
	b = le.AppendUint32(b, lt)
	for i, r := range recs {
		b = le.AppendUint32(b, uint32(1700000000+i))
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, uint32(len(r)))
		b = le.AppendUint32(b, uint32(len(r)))
		b = append(b, r...)
	}
	return b
}

// cooked returns a route-family cooked header followed by data.
func cooked(data ...byte) []byte { return cookedFamily(nlcap.FamilyRoute, data...) }

// cookedFamily returns a cooked header of family f followed by data.
func cookedFamily(f nlcap.Family, data ...byte) []byte {
	h := []byte{0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(f >> 8), byte(f)}
	return append(h, data...)
}

// nlmsg returns a little-endian nlmsghdr of the given length field, type
// and flags, followed by body.
func nlmsg(length uint32, typ, flags uint16, body ...byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, length)
	b = le.AppendUint16(b, typ)
	b = le.AppendUint16(b, flags)
	b = le.AppendUint32(b, 7)  // seq
	b = le.AppendUint32(b, 42) // pid
	return append(b, body...)
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "in.pcap")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestReadBadInput checks files that cannot be read: exit 1, an error that
// names the file and says what is wrong, and what could be read printed.
func TestReadBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(capturesDir, "rtnl-basic.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	full, _, _ := runNlcap(t, "-r", filepath.Join(capturesDir, "rtnl-basic.pcap"))
	tests := []struct {
		name    string
		data    []byte
		stderr  []string // substrings
		partial bool     // some records were printed
	}{
		{name: "truncated in a record", data: good[:len(good)-10], stderr: []string{"truncated dump file", "unexpected EOF"}, partial: true},
		{name: "truncated in a record header", data: good[:24+16+8], stderr: []string{"truncated dump file"}},
		{name: "truncated file header", data: good[:10], stderr: []string{"file header"}},
		{name: "ethernet", data: classicPcap(1, make([]byte, 60)), stderr: []string{"link type 1 (ETHERNET)", "want 253"}},
		{name: "garbage", data: []byte("this is not a capture file at all"), stderr: []string{"unknown file format"}},
		{name: "empty", data: nil, stderr: []string{"empty file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := writeFile(t, tt.data)
			out, stderr, code := runNlcap(t, "-r", name)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, s := range append(tt.stderr, name) {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q lacks %q", stderr, s)
				}
			}
			if tt.partial {
				if out == "" || !strings.HasPrefix(full, out) {
					t.Errorf("printed %d bytes, want a prefix of the full output", len(out))
				}
			} else if out != "" {
				t.Errorf("printed %q", out)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "nosuch.pcap")
		_, stderr, code := runNlcap(t, "-r", name)
		if code != 1 || !strings.Contains(stderr, name) || !strings.Contains(stderr, "no such file") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("truncated stdin", func(t *testing.T) {
		var stderr string
		var code int
		withStdin(t, good[:len(good)-10], func() { _, stderr, code = runNlcap(t, "-r", "-") })
		if code != 1 || !strings.Contains(stderr, "stdin: truncated dump file") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// TestReadMalformedRecords checks that bad records get a marker and that
// decoding goes on with the next record.
func TestReadMalformedRecords(t *testing.T) {
	okMsg := nlmsg(20, 3, 2, 0, 0, 0, 0) // NLMSG_DONE, MULTI, error 0
	data := classicPcap(253,
		cooked(okMsg...),
		[]byte{0, 4, 3, 0x38},              // shorter than the cooked header
		cooked(nlmsg(100, 0x10, 0x1)...),   // nlmsg_len past the record
		cooked(nlmsg(16, 0x10, 0x1, 1)...), // a non-zero tail
		// nlctrl CTRL_CMD_GETFAMILY with an attribute length 2 < 4.
		cookedFamily(nlcap.FamilyGeneric, append(nlmsg(24, 0x10, 0x1, 3, 1, 0, 0), 2, 0, 1, 0)...),
		cooked(okMsg...),
	)
	name := writeFile(t, data)
	for _, mode := range []string{"text", "json"} {
		t.Run(mode, func(t *testing.T) {
			args := []string{"-r", name, "-vv"}
			if mode == "json" {
				args = append(args, "--json")
			}
			out, stderr, code := runNlcap(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Count(out, "NLMSG_DONE") != 2 {
				t.Errorf("want both good records decoded:\n%s", out)
			}
			for _, want := range []string{"record shorter than the 16-byte netlink cooked header", "nlmsg_len 100", "non-zero bytes after the last message", "attribute length 2"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if mode == "json" {
				for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
					if !json.Valid([]byte(l)) {
						t.Errorf("invalid JSON: %s", l)
					}
				}
			} else if !strings.Contains(out, "[malformed record 2: ") {
				t.Errorf("no marker for record 2:\n%s", out)
			}
		})
	}
}

// TestPrinterLive checks the printer as the live capture path uses it.
func TestPrinterLive(t *testing.T) {
	var buf bytes.Buffer
	p, err := openPrinter(&options{}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recordsOf(t, filepath.Join(capturesDir, "genl-ctrl.pcap")) {
		p.learn(rec)
		if err := p.print(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.flush(); err != nil {
		t.Fatal(err)
	}
	want, _, _ := runNlcap(t, "-r", filepath.Join(capturesDir, "genl-ctrl.pcap"))
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("live printer differs from -r (-want +got):\n%s", diff)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestReadWriteError(t *testing.T) {
	err := run(context.Background(), []string{"-r", filepath.Join(capturesDir, "genl-ctrl.pcap")}, failWriter{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the write error", err)
	}
}

// TestReadGenlComment checks that the generic netlink id map of a pcapng
// section comment names families whose lookup is not in the file, from a
// file and from a pipe.
func TestReadGenlComment(t *testing.T) {
	var recs []nlcap.Record
	for _, r := range recordsOf(t, filepath.Join(capturesDir, "genl-ethtool.pcap")) {
		// Leave out every nlctrl message (type 0x10).
		if len(r.Data) >= 6 && binary.LittleEndian.Uint16(r.Data[4:]) == 0x10 {
			continue
		}
		recs = append(recs, r)
	}
	data := testutil.CaptureBytes(t, &pcap.WriterConfig{
		Format:   pcap.FormatPcapng,
		Comments: []string{pcap.FormatGenlFamiliesComment(map[uint16]string{0x14: "ethtool"})},
	}, recs)
	name := writeFile(t, data)
	check := func(how, out string) {
		t.Helper()
		if strings.Contains(out, "genl-0x14") || !strings.Contains(out, " request ethtool ") {
			t.Errorf("%s: ethtool not named from the section comment:\n%s", how, out)
		}
	}
	out, stderr, code := runNlcap(t, "-r", name)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	check("file", out)
	withStdin(t, data, func() { out, _, _ = runNlcap(t, "-r", "-") })
	check("stdin", out)
	// Without the comment, the id stays unnamed: the test can fail.
	plain := writeCapture(t, recs)
	if out, _, _ := runNlcap(t, "-r", plain); !strings.Contains(out, "genl-0x14") {
		t.Errorf("without the comment ethtool is named anyway:\n%s", out)
	}
}

// TestReadControlCharacters checks that names and strings from a capture
// cannot inject control characters or extra lines into text output.
func TestReadControlCharacters(t *testing.T) {
	name := "ev\nil\x1b[2J"
	rec := dissect.GenlFamilyRecord(0x30, name)
	rec.Direction = nlcap.DirectionFromKernel
	// A message of the new family, before and after its announcement.
	req := cookedFamily(nlcap.FamilyGeneric, nlmsg(20, 0x30, 0x1, 1, 1, 0, 0)...)
	file := writeFile(t, classicPcap(253, req, cookedFamily(nlcap.FamilyGeneric, rec.Data...), req))
	out, stderr, code := runNlcap(t, "-r", file, "-vv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(out, "\x1b") {
		t.Errorf("escape character in the output:\n%q", out)
	}
	if !strings.Contains(out, `request ev\x0ail\x1b[2J cmd 1`) {
		t.Errorf("family name not escaped:\n%s", out)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "00:") && !strings.HasPrefix(l, "22:") {
			t.Errorf("unexpected line %q", l)
		}
	}
	js, _, _ := runNlcap(t, "-r", file, "--json")
	for _, l := range strings.Split(strings.TrimSpace(js), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if h, _ := m["header"].(map[string]any); h["type"] != float64(0x30) {
			continue
		}
		if m["type_name"] != name {
			t.Errorf("type_name %q, want %q", m["type_name"], name)
		}
	}
}

// FuzzRead runs nlcap -r on arbitrary files: no panic, exit status 0 or 1,
// and the parallel pass (chunks of one record, records decoded in parts
// of 64 bytes) prints what the sequential pass prints; in JSON every line
// is valid JSON. The input's length picks the mode: -vv -X, -vv --json -x
// or the one-line listing (-n every other time).
//
// Two runs per input, each sized to the input: FuzzRead ran ~25 inputs/s
// when four runs each allocated and cleared 1 MiB read buffers
// (pcap.NewReader on a file, the first pass's block) and changed the GC
// settings (a stop-the-world each), and json.Valid checked the JSON of
// every input (a third of an input's time, instrumented). README's test
// table has today's rate.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(capturesDir, "*.pcap*"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil && len(b) < 8192 {
			f.Add(b)
			f.Add(append(b, 0)) // another mode: a byte after the end
		}
	}
	f.Add(classicPcap(253, cooked(nlmsg(20, 3, 2, 0, 0, 0, 0)...)))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		name := filepath.Join(dir, "f.pcap")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args := [][]string{
			{"-r", name, "-vv", "-X"}, {"-r", name, "-vv", "--json", "-x"}, {"-r", name, "-q"},
			{"-r", name, "-vv", "-X", "-n"}, {"-r", name, "-vv", "--json", "-n"}, {"-r", name, "-n"},
		}[len(data)%6]
		var seq, par bytes.Buffer
		var seqErr, parErr error
		withReadWorkers(t, 1, parallelChunkBytes, func() {
			seqErr = run(context.Background(), args, &seq, io.Discard)
		})
		if code := exitCode(seqErr, io.Discard); code > 1 {
			t.Fatalf("%q: exit %d: %v", args[2:], code, seqErr)
		}
		if slices.Contains(args, "--json") {
			for _, l := range bytes.Split(bytes.TrimSpace(seq.Bytes()), []byte("\n")) {
				if len(l) > 0 && !json.Valid(l) {
					t.Fatalf("invalid JSON: %s", l)
				}
			}
		}
		defer func(n int) { partBytes = n }(partBytes)
		partBytes = 64
		withReadWorkers(t, 2, 1, func() {
			parErr = run(context.Background(), args, &par, io.Discard)
		})
		if !bytes.Equal(seq.Bytes(), par.Bytes()) || fmt.Sprint(seqErr) != fmt.Sprint(parErr) {
			t.Fatalf("%q: parallel pass: %v\n%s\nsequential: %v\n%s", args[2:], parErr, par.Bytes(), seqErr, seq.Bytes())
		}
	})
}

// TestJSONDocExample keeps the example of docs/json.md in step with the
// output.
func TestJSONDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	_, ex, ok := strings.Cut(string(doc), "## Example")
	if !ok {
		t.Fatal("docs/json.md has no Example section")
	}
	var want string
	for l := range strings.Lines(ex) {
		if strings.HasPrefix(l, `{"schema_version"`) {
			want = l
			break
		}
	}
	var m struct{ Record int }
	if err := json.Unmarshal([]byte(want), &m); err != nil {
		t.Fatalf("example: %v", err)
	}
	out, _, _ := runNlcap(t, "-r", filepath.Join(capturesDir, "genl-ethtool.pcap"), "--json", "-c", itoa(m.Record+1))
	lines := strings.SplitAfter(out, "\n")
	if !slices.Contains(lines, want) {
		t.Errorf("the example of docs/json.md is not in the output of record %d:\n%s", m.Record, out)
	}
}
