package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
	"github.com/nlcap/nlcap/pcap"
)

// genRecords returns n little-endian route records of size bytes each
// (messages of 16 bytes and more), timestamped a second apart.
func genRecords(n, size int) []nlcap.Record {
	recs := make([]nlcap.Record, n)
	for i := range recs {
		data := make([]byte, size)
		le := binary.LittleEndian
		le.PutUint32(data, uint32(size))
		le.PutUint16(data[4:], 18) // RTM_GETLINK
		le.PutUint16(data[6:], 1)  // NLM_F_REQUEST
		le.PutUint32(data[8:], uint32(i+1))
		recs[i] = nlcap.Record{Timestamp: time.Unix(1700000000+int64(i), 0), Family: nlcap.FamilyRoute,
			ByteOrder: binary.LittleEndian, Data: data, OrigLen: size, Direction: nlcap.DirectionToKernel}
	}
	return recs
}

// TestCopySkipsUnwritableRecords: a record the output cannot hold (a
// second pcapng section of the other byte order, a timestamp past 2106 in
// classic pcap) is skipped and counted; the records around it are copied
// and the output is valid.
func TestCopySkipsUnwritableRecords(t *testing.T) {
	recs := genRecords(3, 20)
	late := recs[2]
	late.Timestamp = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	in := testutil.CaptureBytes(t, &pcap.WriterConfig{Format: pcap.FormatPcapng}, []nlcap.Record{recs[0], late, recs[1]})
	be := recs[2]
	be.ByteOrder = binary.BigEndian
	in = append(in, testutil.CaptureBytes(t, &pcap.WriterConfig{Format: pcap.FormatPcapng, ByteOrder: binary.BigEndian}, []nlcap.Record{be})...)
	dir := t.TempDir()
	inName, out := filepath.Join(dir, "in.pcapng"), filepath.Join(dir, "out.pcap")
	if err := os.WriteFile(inName, in, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runNlcap(t, "-r", inName, "-w", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "2 records copied, 2 records the output cannot hold not copied (first: record 2: ") {
		t.Errorf("stderr %q does not count the skipped records", stderr)
	}
	_, got := readCaptureFile(t, out)
	if len(got) != 2 || !got[0].Timestamp.Equal(recs[0].Timestamp) || !got[1].Timestamp.Equal(recs[1].Timestamp) {
		t.Errorf("copied %d records, want records 1 and 3 of the input", len(got))
	}
}

// TestCopyKeepsLongRecords: a record longer than the input's snap length
// is copied whole (tcpdump -r -w does so); an explicit -s cuts.
func TestCopyKeepsLongRecords(t *testing.T) {
	recs := genRecords(2, 4096)
	in := testutil.CaptureBytes(t, &pcap.WriterConfig{SnapLen: 64, NoTruncate: true}, recs)
	dir := t.TempDir()
	inName := filepath.Join(dir, "in.pcap")
	if err := os.WriteFile(inName, in, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"pcap", "pcapng"} {
		out := filepath.Join(dir, "out."+format)
		if _, stderr, code := runNlcap(t, "-r", inName, "-w", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		_, got := readCaptureFile(t, out)
		if len(got) != 2 || !bytes.Equal(got[0].Data, recs[0].Data) || !bytes.Equal(got[1].Data, recs[1].Data) {
			t.Errorf("%s: long records not copied whole", format)
		}
	}
	out := filepath.Join(dir, "cut.pcap")
	if _, stderr, code := runNlcap(t, "-r", inName, "-w", out, "-s", "1000"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, got := readCaptureFile(t, out); len(got) != 2 || len(got[0].Data) != 1000-nlcap.PseudoHeaderLen || got[0].OrigLen != 4096 {
		t.Errorf("-s 1000 did not cut the records to 1000 bytes")
	}
}

// TestCopyRotates: -r IN -w OUT -C 1k -W 3 writes a ring of three files,
// named as tcpdump names them, each a valid capture.
func TestCopyRotates(t *testing.T) {
	recs := genRecords(40, 200)
	dir := t.TempDir()
	inName := filepath.Join(dir, "in.pcap")
	if err := os.WriteFile(inName, testutil.CaptureBytes(t, nil, recs), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ring.pcap")
	if _, stderr, code := runNlcap(t, "-r", inName, "-w", out, "-C", "1k", "-W", "3"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	names, _ := filepath.Glob(out + "*")
	if len(names) != 3 {
		t.Fatalf("files %q, want ring.pcap0, 1 and 2", names)
	}
	seen := map[uint32]bool{}
	for i := range 3 {
		_, got := readCaptureFile(t, fmt.Sprintf("%s%d", out, i))
		if len(got) == 0 {
			t.Errorf("%s%d holds no record", out, i)
		}
		for _, r := range got {
			seen[binary.LittleEndian.Uint32(r.Data[8:])] = true
		}
	}
	if !seen[40] || seen[1] {
		t.Errorf("the ring should hold the last records and not the first: %v", seen)
	}
}

// TestCopySameFileStdin: nlcap -r - -w F < F must not destroy F.
func TestCopySameFileStdin(t *testing.T) {
	data := testutil.CaptureBytes(t, nil, genRecords(3, 20))
	name := filepath.Join(t.TempDir(), "f.pcap")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := testutil.Command(t, "-r", "-", "-w", name)
	cmd.Stdin = f
	_, stderr, code := testutil.Run(t, cmd)
	if code != 2 || !strings.Contains(stderr, "same file") {
		t.Errorf("exit %d, stderr %q; want 2 and same file", code, stderr)
	}
	if got, _ := os.ReadFile(name); !bytes.Equal(got, data) {
		t.Error("the input was changed")
	}
}

// TestCopyWriteFault: a copy that meets a write error (here the file size
// limit, EFBIG) says so, does not claim "records copied", exits 1 and
// leaves a valid file holding every record before the failure.
func TestCopyWriteFault(t *testing.T) {
	recs := genRecords(400, 1000)
	dir := t.TempDir()
	inName, out := filepath.Join(dir, "in.pcap"), filepath.Join(dir, "out.pcap")
	if err := os.WriteFile(inName, testutil.CaptureBytes(t, nil, recs), 0o600); err != nil {
		t.Fatal(err)
	}
	// ulimit -f counts blocks of 512 bytes (dash) or 1024 (bash): the
	// limit falls inside the copy either way.
	_, stderr, code := testutil.Run(t, testutil.Shell(t, `ulimit -f 300 && exec "$EXE" -r "$0" -w "$1"`, inName, out))
	_ = stderr
	if code != 1 || !strings.Contains(stderr, "copy stopped") || strings.Contains(stderr, "records copied") {
		t.Fatalf("exit %d, stderr %q; want 1, the error and no \"records copied\"", code, stderr)
	}
	_, got := readCaptureFile(t, out)
	if len(got) < 100 || len(got) >= len(recs) {
		t.Fatalf("output holds %d records", len(got))
	}
	for i, r := range got {
		if !bytes.Equal(r.Data, recs[i].Data) {
			t.Fatalf("record %d differs", i+1)
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("holds %d records, whole", len(got))) {
		t.Errorf("stderr %q does not say %d records", stderr, len(got))
	}
}
