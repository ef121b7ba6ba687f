package pcap_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// captures returns the paths of the shared testdata captures; it fails
// when there are none, so that tests built on them cannot pass vacuously.
func captures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/captures/*.pcap*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no captures in ../testdata/captures")
	}
	return files
}

// readAll reads every record of b, failing on any error but io.EOF.
func readAll(t testing.TB, b []byte) (*pcap.Reader, []nlcap.Record) {
	t.Helper()
	r, err := pcap.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return r, recs
		}
		if err != nil {
			t.Fatalf("ReadRecord %d: %v", len(recs)+1, err)
		}
		recs = append(recs, rec)
	}
}

// readFile reads every record of a file.
func readFile(t testing.TB, name string) (*pcap.Reader, []nlcap.Record) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, b)
}

// writeAll writes recs with cfg and returns the file.
func writeAll(t testing.TB, cfg *pcap.WriterConfig, recs []nlcap.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, cfg)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	for i, rec := range recs {
		if err := w.WriteRecord(rec); err != nil {
			t.Fatalf("WriteRecord %d: %v", i+1, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	return buf.Bytes()
}

// recordOpts compares records: nil and empty Data are equal, and times are
// compared with Equal (cmp uses the Equal method).
var recordOpts = cmp.Options{cmpopts.EquateEmpty()}
