package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// readCaptureFile returns the records of a capture file.
func readCaptureFile(t *testing.T, name string) (pcap.Format, []nlcap.Record) {
	t.Helper()
	r, c, err := pcap.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if err == io.EOF {
			return r.Format(), recs
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		recs = append(recs, rec)
	}
}

func TestCopy(t *testing.T) {
	const in = "../../testdata/captures/rtnl-kinds.pcap"
	_, all := readCaptureFile(t, in)
	dir := t.TempDir()

	t.Run("whole file is byte-identical", func(t *testing.T) {
		out := filepath.Join(dir, "all.pcap")
		if _, stderr, code := runNlcap(t, "-r", in, "-w", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want, _ := os.ReadFile(in)
		got, _ := os.ReadFile(out)
		if !bytes.Equal(want, got) {
			t.Errorf("copy of %s differs (%d vs %d bytes)", in, len(got), len(want))
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode of %s: %v %v, want 0600", out, fi.Mode(), err)
		}
	})
	t.Run("filters, count and pcapng by name", func(t *testing.T) {
		out := filepath.Join(dir, "in.pcapng")
		_, stderr, code := runNlcap(t, "-r", in, "-w", out, "-Q", "in", "-c", "5")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "5 records copied") {
			t.Errorf("stderr %q does not count 5 records", stderr)
		}
		format, got := readCaptureFile(t, out)
		if format != pcap.FormatPcapng {
			t.Errorf("format %v, want pcapng", format)
		}
		var want []nlcap.Record
		for _, r := range all {
			if r.Direction == nlcap.DirectionToKernel && len(want) < 5 {
				want = append(want, r)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d records, want %d", len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i].Data, want[i].Data) || got[i].Family != want[i].Family || !got[i].Timestamp.Equal(want[i].Timestamp) {
				t.Errorf("record %d differs from the %dth request of the input", i, i+1)
			}
		}
	})
	t.Run("truncated input", func(t *testing.T) {
		b, _ := os.ReadFile(in)
		trunc := filepath.Join(dir, "trunc.pcap")
		os.WriteFile(trunc, b[:len(b)/2], 0o644)
		out := filepath.Join(dir, "t.pcap")
		_, stderr, code := runNlcap(t, "-r", trunc, "-w", out)
		if code != 1 || !strings.Contains(stderr, "truncated dump file") {
			t.Errorf("exit %d, stderr %q; want 1 and truncated dump file", code, stderr)
		}
		if _, got := readCaptureFile(t, out); len(got) == 0 {
			t.Error("nothing copied before the truncation")
		}
	})
	t.Run("same file", func(t *testing.T) {
		b, _ := os.ReadFile(in)
		same := filepath.Join(dir, "same.pcap")
		os.WriteFile(same, b, 0o644)
		_, stderr, code := runNlcap(t, "-r", same, "-w", filepath.Join(dir, ".", "same.pcap"))
		if code != 2 || !strings.Contains(stderr, "same file") {
			t.Errorf("exit %d, stderr %q; want 2 and same file", code, stderr)
		}
		if got, _ := os.ReadFile(same); !bytes.Equal(got, b) {
			t.Error("the input was changed")
		}
	})
	t.Run("unwritable output", func(t *testing.T) {
		_, stderr, code := runNlcap(t, "-r", in, "-w", filepath.Join(dir, "no", "such", "dir.pcap"))
		if code != 1 || !strings.Contains(stderr, "no such file") {
			t.Errorf("exit %d, stderr %q; want 1 naming the error", code, stderr)
		}
	})
}
