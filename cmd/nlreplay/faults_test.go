package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
)

// The process tests run nlreplay's main in a child process, the test
// binary re-executed (testutil.Command).
func TestMain(m *testing.M) {
	testutil.MainIfChild("nlreplay", main)
	os.Exit(m.Run())
}

// requests returns n route requests (RTM_GETLINK, never answered), then a
// record with the given cooked-header hatype broken when bad is set.
func requests(n int) []nlcap.Record {
	recs := make([]nlcap.Record, n)
	for i := range recs {
		data := nlmsg(18, 0x301, uint32(i+1), make([]byte, 16))
		recs[i] = nlcap.Record{Timestamp: time.Unix(1700000000+int64(i), 0), Family: nlcap.FamilyRoute,
			ByteOrder: binary.NativeEndian, Data: data, OrigLen: len(data)}
	}
	return recs
}

// errnoWriter fails every write with its error.
type errnoWriter struct{ err error }

func (f errnoWriter) Write([]byte) (int, error) { return 0, f.err }

// TestWriteErrors: a failing stdout (a full disk) is an error, exit 1,
// in text and JSON dry runs; a closed pipe ends quietly (exit 0).
func TestWriteErrors(t *testing.T) {
	file := writeCapture(t, requests(3)...)
	for _, args := range [][]string{{"-d", file}, {"-d", "--json", file}, {"-d", "-v", file}} {
		err := run(t.Context(), args, errnoWriter{syscall.ENOSPC}, &bytes.Buffer{})
		var stderr bytes.Buffer
		if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "writing output: no space left on device") {
			t.Errorf("%v: exit %d, stderr %q; want 1 and the write error", args, code, stderr.String())
		}
	}
	// The process: > /dev/full.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatalf("no /dev/full: %v", err)
	}
	defer full.Close()
	cmd := testutil.Command(t, "--dry-run", file)
	cmd.Stdout = full
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "no space left on device") {
		t.Errorf("> /dev/full: exit %d (%v), stderr %q; want 1 and the error", code, err, stderr.String())
	}
}

// TestBrokenPipeQuiet: nlreplay --dry-run big | head exits 0 quietly.
func TestBrokenPipeQuiet(t *testing.T) {
	file := writeCapture(t, requests(20000)...)
	stderr, code := testutil.Head(t, testutil.Command(t, "--dry-run", file), 100)
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}

// TestSignalWhileReading: sleep 30 | nlreplay --dry-run - stops on SIGINT
// and on SIGTERM.
func TestSignalWhileReading(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer pw.Close() // a writer that stays silent, as sleep 30
			cmd := testutil.Command(t, "--dry-run", "-")
			cmd.Stdin = pr
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pr.Close()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			time.Sleep(300 * time.Millisecond) // nlreplay blocks reading the pipe
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("nlreplay ignored %v while reading stdin", sig)
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("exit %d, stderr %q; want 1 and interrupted", code, stderr.String())
			}
		})
	}
}

// TestMalformedRecordsSkipped: a malformed record (bad hatype, short
// record, a Simple Packet Block before any interface) is marked on stderr
// with its 1-based number and skipped; the dry run goes on (exit 0).
func TestMalformedRecordsSkipped(t *testing.T) {
	good, err := os.ReadFile(writeCapture(t, requests(3)...))
	if err != nil {
		t.Fatal(err)
	}
	// Record 2 of the classic file: hatype 824 -> 1.
	badHatype := bytes.Clone(good)
	recLen := int(binary.LittleEndian.Uint32(good[24+8:]))
	off2 := 24 + 16 + recLen
	binary.BigEndian.PutUint16(badHatype[off2+16+2:], 1)
	// Record 2 shorter than the cooked header.
	short := bytes.Clone(good[:off2])
	short = binary.LittleEndian.AppendUint32(short, 1700000001)
	short = binary.LittleEndian.AppendUint32(short, 0)
	short = binary.LittleEndian.AppendUint32(short, 4)
	short = binary.LittleEndian.AppendUint32(short, 4)
	short = append(short, 0, 4, 3, 0x38)
	short = append(short, good[off2:]...)
	// pcapng: a Simple Packet Block before the interface description.
	spb := pcapngSPBFirst(t, good[24+16:24+16+recLen])
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		data []byte
		want string
		reqs int
	}{
		{"bad hatype", badHatype, "record 2 at offset", 2},
		{"short record", short, "record 2 at offset", 3},
		{"spb first", spb, "record 1 at offset", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if err := os.WriteFile(name, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := runArgs(t, "--dry-run", name)
			if code != 0 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "skipped") {
				t.Fatalf("exit %d, stderr %q; want 0 and %q ... skipped", code, stderr, tt.want)
			}
			if !strings.Contains(stdout, plural(tt.reqs, "request")+" selected") {
				t.Errorf("stdout %q: want %d requests", stdout, tt.reqs)
			}
		})
	}
}

// pcapngSPBFirst returns a little-endian pcapng file: a section header, a
// Simple Packet Block (before any interface), an interface description and
// an Enhanced Packet Block, both packets holding data (cooked header
// included).
func pcapngSPBFirst(t *testing.T, data []byte) []byte {
	t.Helper()
	le := binary.LittleEndian
	block := func(b []byte, typ uint32, body []byte) []byte {
		n := uint32(12 + len(body))
		b = le.AppendUint32(b, typ)
		b = le.AppendUint32(b, n)
		b = append(b, body...)
		return le.AppendUint32(b, n)
	}
	pad := func(b []byte) []byte { return append(b, make([]byte, (4-len(b)%4)%4)...) }
	shb := le.AppendUint32(nil, 0x1A2B3C4D)
	shb = le.AppendUint16(shb, 1)
	shb = le.AppendUint16(shb, 0)
	shb = le.AppendUint64(shb, ^uint64(0))
	b := block(nil, 0x0A0D0D0A, shb)
	b = block(b, 3, pad(append(le.AppendUint32(nil, uint32(len(data))), data...)))
	idb := le.AppendUint16(nil, 253)
	idb = le.AppendUint16(idb, 0)
	idb = le.AppendUint32(idb, 262144)
	b = block(b, 1, idb)
	epb := le.AppendUint32(nil, 0)
	epb = le.AppendUint32(epb, 0)
	epb = le.AppendUint32(epb, 1)
	epb = le.AppendUint32(epb, uint32(len(data)))
	epb = le.AppendUint32(epb, uint32(len(data)))
	b = block(b, 6, pad(append(epb, data...)))
	return b
}

// TestHelpAndVersion: --help and --version print on stdout and exit 0.
func TestHelpAndVersion(t *testing.T) {
	stdout, stderr, code := runArgs(t, "--help")
	if code != 0 || !strings.Contains(stdout, "Usage: nlreplay") || stderr != "" {
		t.Errorf("--help: exit %d, stdout %.40q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = runArgs(t, "--version")
	if code != 0 || !strings.HasPrefix(stdout, "nlreplay ") || stderr != "" {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
