package pcap_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// readToEOF reads every record of r.
func readToEOF(t *testing.T, r *pcap.Reader) []nlcap.Record {
	t.Helper()
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

func TestOpen(t *testing.T) {
	name := captures(t)[0]
	_, want := readFile(t, name)

	r, c, err := pcap.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, readToEOF(t, r), recordOpts); diff != "" {
		t.Errorf("Open(%s) records (-want +got):\n%s", name, diff)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}

	t.Run("stdin", func(t *testing.T) {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old }()
		r, c, err := pcap.Open("-")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, readToEOF(t, r), recordOpts); diff != "" {
			t.Errorf("Open(-) records (-want +got):\n%s", diff)
		}
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if _, err := f.Stat(); err != nil {
			t.Errorf("the Closer of - closed standard input: %v", err)
		}
	})

	if _, _, err := pcap.Open("testdata/does-not-exist.pcap"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	notPcap := strings.TrimSuffix(name, ".pcap") + ".cmds.txt"
	if _, _, err := pcap.Open(notPcap); err == nil || !strings.HasPrefix(err.Error(), notPcap+": pcap: unknown file format") {
		t.Errorf("text file: %v", err)
	}
}
