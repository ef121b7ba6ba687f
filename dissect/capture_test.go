package dissect

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// testCapture is one capture of ../testdata/captures, read whole.
type testCapture struct {
	name    string
	path    string
	records []nlcap.Record
	frames  [][]byte // each record as a pcap record: cooked header + Data
}

// engineCaptures reads every capture of ../testdata/captures with the pcap
// package. Frames are rebuilt with the cooked header libpcap writes
// (nlcap.NewPseudoHeader), which every record of these captures carries.
func engineCaptures(t testing.TB) []testCapture {
	t.Helper()
	return capturesFrom(t, "../testdata/captures/*.pcap", "../testdata/captures/*.pcapng")
}

// capturesFrom reads every capture matching the glob patterns; it fails
// when none matches.
func capturesFrom(t testing.TB, patterns ...string) []testCapture {
	t.Helper()
	var files []string
	for _, pat := range patterns {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no captures match %q", patterns)
	}
	var out []testCapture
	for _, path := range files {
		c := testCapture{name: filepath.Base(path), path: path}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := pcap.NewReader(f)
		if err != nil {
			f.Close()
			t.Fatalf("%s: %v", path, err)
		}
		for {
			rec, err := r.ReadRecord()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				f.Close()
				t.Fatalf("%s record %d: %v", path, len(c.records), err)
			}
			frame, err := nlcap.NewPseudoHeader(rec.Family).AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			c.records = append(c.records, rec)
			c.frames = append(c.frames, append(frame, rec.Data...))
		}
		f.Close()
		out = append(out, c)
	}
	return out
}
