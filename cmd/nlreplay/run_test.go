package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
	"github.com/nlcap/nlcap/replay"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func runArgs(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestParseNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want numbers
		err  bool
	}{
		{in: "3", want: numbers{{3, 3}}},
		{in: "3-9", want: numbers{{3, 9}}},
		{in: "3-9, 12,20-", want: numbers{{3, 9}, {12, 12}, {20, int(^uint(0) >> 1)}}},
		{in: "7-7", want: numbers{{7, 7}}},
		{in: "0", err: true},
		{in: "9-3", err: true},
		{in: "a", err: true},
		{in: "3,,4", err: true},
		{in: "-3", err: true},
		{in: "3-x", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseNumbers(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("parseNumbers(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(span{})); diff != "" {
				t.Errorf("parseNumbers(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	ns, _ := parseNumbers("3-5,9")
	for n, want := range map[int]bool{1: false, 3: true, 5: true, 6: false, 9: true, 10: false} {
		if ns.has(n) != want {
			t.Errorf("has(%d) = %v, want %v", n, !want, want)
		}
	}
	if !numbers(nil).has(42) {
		t.Error("an empty set must hold every number")
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want options // compared on the fields set below
		err  string  // substring; "" means success
	}{
		{name: "defaults", args: []string{"f.pcap"}, want: options{loop: 1, speed: 1, timeout: 2 * time.Second, file: "f.pcap"}},
		{name: "all", args: []string{"--dry-run", "--only", "3-9", "--family", "route", "--type", "RTM_NEWLINK,RTM_GETLINK",
			"--loop", "3", "--until-diverge", "--speed", "2", "-w", "o.pcap", "-vv", "--timeout", "1s", "--netns", "x",
			"--setup", "ip link set lo up", "--setup", "true", "-c", "4", "--exact", "f.pcap"},
			want: options{dryRun: true, only: "3-9", families: "route", types: []string{"RTM_NEWLINK", "RTM_GETLINK"}, loop: 3,
				untilDiverge: true, timing: true, speed: 2, write: "o.pcap", verbose: 2, timeout: time.Second, netns: "x",
				setup: []string{"ip link set lo up", "true"}, count: 4, exact: true, file: "f.pcap"}},
		{name: "check", args: []string{"--check", "--host", "f"}, want: options{check: true, host: true, loop: 1, speed: 1, timeout: 2 * time.Second, file: "f"}},
		{name: "forever", args: []string{"--loop", "0", "--until-diverge", "f"}, want: options{loop: 0, untilDiverge: true, speed: 1, timeout: 2 * time.Second, file: "f"}},
		{name: "no file", args: nil, err: "no capture file"},
		{name: "two files", args: []string{"a", "b"}, err: "one capture file expected"},
		{name: "host and netns", args: []string{"--host", "--netns", "x", "f"}, err: "--host and --netns"},
		{name: "loop 0", args: []string{"--loop", "0", "f"}, err: "needs --until-diverge"},
		{name: "negative loop", args: []string{"--loop", "-1", "f"}, err: "--loop must not be negative"},
		{name: "speed", args: []string{"--speed", "0", "f"}, err: "--speed must be a positive"},
		{name: "speed NaN", args: []string{"--speed", "NaN", "f"}, err: "--speed must be a positive finite"},
		{name: "speed Inf", args: []string{"--speed", "Inf", "f"}, err: "--speed must be a positive finite"},
		{name: "speed -Inf", args: []string{"--speed=-Inf", "f"}, err: "--speed must be a positive finite"},
		{name: "timeout", args: []string{"--timeout", "0s", "f"}, err: "--timeout must be positive"},
		{name: "count", args: []string{"-c", "-2", "f"}, err: "-c must not be negative"},
		{name: "check json", args: []string{"--check", "--json", "f"}, err: "cannot be used together"},
		{name: "unknown flag", args: []string{"--frobnicate", "f"}, err: "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := parseArgs(tt.args, &bytes.Buffer{})
			if tt.err != "" {
				var ue usageError
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ue) {
					t.Fatalf("parseArgs(%q) = %v, want a usage error containing %q", tt.args, err, tt.err)
				}
				if code := exitCode(err, &bytes.Buffer{}); code != 2 {
					t.Errorf("exit code %d, want 2", code)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseArgs(%q): %v", tt.args, err)
			}
			if diff := cmp.Diff(tt.want, *got, cmp.AllowUnexported(options{})); diff != "" {
				t.Errorf("parseArgs(%q) (-want +got):\n%s", tt.args, diff)
			}
		})
	}
	if _, _, err := parseArgs([]string{"-h"}, &bytes.Buffer{}); !errors.Is(err, pflag.ErrHelp) || exitCode(err, &bytes.Buffer{}) != 0 {
		t.Errorf("-h: %v, want pflag.ErrHelp and exit 0", err)
	}
}

func captures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/captures/*.pcap*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata captures: %v", err)
	}
	return files
}

// TestDryRunGolden lists every testdata capture's requests and rewrites.
func TestDryRunGolden(t *testing.T) {
	for _, f := range captures(t) {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		t.Run(name, func(t *testing.T) {
			out, stderr, code := runArgs(t, "--dry-run", f)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden := filepath.Join("testdata", "dryrun-"+name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("dry run of %s (-want +got):\n%s", f, diff)
			}
		})
	}
}

func TestDryRunSelect(t *testing.T) {
	f := "../../testdata/captures/rtnl-basic.pcap"
	count := func(out string) int { return strings.Count(out, "\n#") + btoi(strings.HasPrefix(out, "#")) }
	tests := []struct {
		args []string
		want int
		has  []string
	}{
		{args: []string{"--only", "2-4"}, want: 3, has: []string{"#2 ", "#4 "}},
		{args: []string{"--only", "2-4,10"}, want: 4, has: []string{"#10 "}},
		{args: []string{"--type", "RTM_GETLINK"}, want: 8},
		{args: []string{"--type", "rtm_newaddr"}, want: 2},
		{args: []string{"--family", "generic"}, want: 0},
		{args: []string{"-c", "2"}, want: 2, has: []string{"#1 ", "#2 "}},
		{args: []string{"--type", "RTM_NEWLINK", "--only", "1-5"}, want: 4},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, stderr, code := runArgs(t, append(append([]string{"-d"}, tt.args...), f)...)
			if tt.want == 0 {
				if code != 2 || !strings.Contains(stderr, "no request selected") {
					t.Fatalf("exit %d, stderr %q: want 2 and \"no request selected\"", code, stderr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := count(out); got != tt.want {
				t.Errorf("%d requests listed, want %d:\n%s", got, tt.want, out)
			}
			for _, h := range tt.has {
				if !strings.Contains(out, h) {
					t.Errorf("output lacks %q:\n%s", h, out)
				}
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestDryRunJSON(t *testing.T) {
	out, stderr, code := runArgs(t, "-d", "--json", "--only", "10-12", "../../testdata/captures/rtnl-basic.pcap")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !rep.DryRun || len(rep.Requests) != 3 || rep.Requests[0].Number != 10 {
		t.Fatalf("report = %+v, want a dry run of requests 10-12", rep)
	}
	var fields []string
	for _, rw := range rep.Requests[2].Rewrites {
		fields = append(fields, rw.Field)
	}
	if diff := cmp.Diff([]string{"nlmsg_seq", "ndm_ifindex"}, fields); diff != "" {
		t.Errorf("rewrites of #12 (-want +got):\n%s", diff)
	}
}

// writeCapture writes records (native order) to a pcap file.
func writeCapture(t *testing.T, recs ...nlcap.Record) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.pcap")
	if err := os.WriteFile(p, testutil.CaptureBytes(t, nil, recs), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func nlmsg(typ, flags uint16, seq uint32, body []byte) []byte {
	b := make([]byte, 16, 16+len(body))
	binary.NativeEndian.PutUint32(b, uint32(16+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], flags)
	binary.NativeEndian.PutUint32(b[8:], seq)
	return append(b, body...)
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	notPcap := filepath.Join(dir, "text.pcap")
	os.WriteFile(notPcap, []byte("this is not a capture file at all, really"), 0o644)
	good, err := os.ReadFile("../../testdata/captures/rtnl-basic.pcap")
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(dir, "trunc.pcap")
	os.WriteFile(trunc, good[:300], 0o644)
	ether := filepath.Join(dir, "ether.pcap")
	eh := append([]byte{}, good[:24]...)
	binary.LittleEndian.PutUint32(eh[20:], 1) // LINKTYPE_ETHERNET (the testdata file is little-endian)
	os.WriteFile(ether, eh, 0o644)
	// Only a kernel→user notification: no request.
	noReq := writeCapture(t, nlcap.Record{
		Timestamp: time.Unix(1, 0), Family: nlcap.FamilyRoute, ByteOrder: binary.NativeEndian,
		Data: nlmsg(16, 0, 0, make([]byte, 16)), OrigLen: 32,
	})
	// A request whose nlmsg_len runs past the record.
	bad := nlmsg(18, 0x301, 1, make([]byte, 16))
	binary.NativeEndian.PutUint32(bad, 200)
	badLen := writeCapture(t, nlcap.Record{Timestamp: time.Unix(1, 0), Family: nlcap.FamilyRoute, ByteOrder: binary.NativeEndian, Data: bad, OrigLen: len(bad)})

	// A request cut by the snap length inside its message.
	snapped := nlmsg(18, 0x301, 1, make([]byte, 16))
	cut := writeCapture(t, nlcap.Record{Timestamp: time.Unix(1, 0), Family: nlcap.FamilyRoute, ByteOrder: binary.NativeEndian, Data: snapped[:24], OrigLen: len(snapped)})

	tests := []struct {
		name, file, want string
	}{
		{"snapped", cut, "snap length"},
		{"missing", filepath.Join(dir, "nope.pcap"), "no such file"},
		{"not a capture", notPcap, "unknown file format"},
		{"truncated", trunc, "unexpected EOF"},
		{"not netlink", ether, "link type 1"},
		{"no requests", noReq, "no requests"},
		{"bad length", badLen, "record 1: netlink message length past the end of the record"},
	}
	for _, tt := range tests {
		for _, mode := range []string{"--dry-run", "--check"} {
			t.Run(tt.name+mode, func(t *testing.T) {
				out, stderr, code := runArgs(t, mode, tt.file)
				if code != 2 {
					t.Errorf("exit %d, want 2; stdout %q", code, out)
				}
				if !strings.Contains(stderr, tt.want) {
					t.Errorf("stderr %q lacks %q", stderr, tt.want)
				}
			})
		}
	}
}

// TestDryRunEnvironment: --dry-run lists what the fresh namespace gets
// first (text and JSON), --no-recreate leaves it at lo up, --host and
// --netns at nothing; requests whose recorded dump names the nlmon link
// say it is left out.
func TestDryRunEnvironment(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "captures", "rtnl-kinds.pcap")
	out, _, code := runArgs(t, "--dry-run", "--only", "1", file)
	want := "fresh network namespace: lo up; would recreate first what the capture assumed:\n" +
		"    create link d0 (dummy, mtu 1500, address 26:38:31:6d:37:3d)\n" +
		"    create link dummy0 (dummy, mtu 1500, address fa:b1:58:a8:fe:10)\n" +
		"    set link d0 up\n" +
		"    note: nlmon0: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps\n"
	if code != 0 || !strings.HasPrefix(out, want) {
		t.Errorf("exit %d, output:\n%s\nwant prefix:\n%s", code, out, want)
	}
	out, _, _ = runArgs(t, "--dry-run", "--no-recreate", "--only", "1", file)
	if !strings.HasPrefix(out, "fresh network namespace: lo up; nothing to recreate\n#1 ") {
		t.Errorf("--no-recreate:\n%s", out)
	}
	out, _, _ = runArgs(t, "--dry-run", "--host", "--only", "1", file)
	if !strings.HasPrefix(out, "#1 ") {
		t.Errorf("--host lists an environment:\n%s", out)
	}
	out, _, _ = runArgs(t, "--dry-run", "--only", "34,44", file)
	if n := strings.Count(out, "    note: nlmon link nlmon0 (the capturing tool's own) is left out of the recorded dump\n"); n != 2 {
		t.Errorf("%d nlmon notes for a link and a qdisc dump, want 2:\n%s", n, out)
	}
	out, _, code = runArgs(t, "--dry-run", "--json", "--only", "34", file)
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("exit %d, %v", code, err)
	}
	if rep.Environment == nil || rep.Environment.Lo != "up" || len(rep.Environment.Create) != 3 || len(rep.Environment.Notes) != 1 ||
		len(rep.Requests) != 1 || !slices.Equal(rep.Requests[0].Nlmon, []string{"nlmon0"}) {
		t.Errorf("JSON dry run: %+v %+v", rep.Environment, rep.Requests)
	}
}

// TestSummaryEnv: the summary counts ENV apart, and says whether it counts.
func TestSummaryEnv(t *testing.T) {
	for _, strict := range []bool{false, true} {
		var out bytes.Buffer
		p := &printer{o: &options{strictEnv: strict}, out: &out}
		total := &replay.Report{OK: 2, Env: 1, Results: make([]replay.Result, 3)}
		if err := p.summary(1, total, time.Millisecond, "fresh network namespace"); err != nil {
			t.Fatal(err)
		}
		want := "3 requests: 2 OK, 0 DIVERGED, 0 TIMEOUT, 1 ENV (not counted); replayed in 1ms (fresh network namespace)\n"
		if strict {
			want = strings.Replace(want, "not counted", "counted: --strict-env", 1)
		}
		if out.String() != want {
			t.Errorf("strict %v: %q, want %q", strict, out.String(), want)
		}
		if matched(total, &options{strictEnv: strict}) == strict {
			t.Errorf("strict %v: matched %v", strict, !strict)
		}
	}
}

// TestEnvPrinterOnce: what the plan leaves out and the steps that fail are
// said once, however many runs (--loop) report them; the first JSON report
// gets what was made and what was not.
func TestEnvPrinterOnce(t *testing.T) {
	var stderr bytes.Buffer
	step := &replay.Step{What: "create link wg0 (wireguard)"}
	made := &replay.Step{What: "create link d0 (dummy)"}
	e := &envPrinter{plan: &replay.Plan{Notes: []string{"x0: kind \"frob\": not recreated"}}, stderr: &stderr, said: map[string]bool{}}
	rep := &jsonReport{}
	for range 3 {
		e.report([]replay.StepResult{{Step: made}, {Step: step, Err: errors.New("operation not supported")}}, rep, true)
	}
	want := "nlreplay: x0: kind \"frob\": not recreated\n" +
		"nlreplay: could not create link wg0 (wireguard): operation not supported\n" +
		"nlreplay: recreated the environment the capture assumed with 1 request (--dry-run lists them; --no-recreate skips them)\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
	if rep.Environment == nil || !slices.Equal(rep.Environment.Create, []string{made.What}) || len(rep.Environment.Notes) != 2 {
		t.Errorf("JSON environment %+v", rep.Environment)
	}
}
