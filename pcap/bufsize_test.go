package pcap_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// bigRecords returns records whose sizes straddle the reader's buffer sizes
// (64 KiB for an io.Reader, 1 MiB for an *os.File), small ones in between,
// so that records read in place in the buffer and records read past it
// alternate.
func bigRecords() []nlcap.Record {
	le := binary.LittleEndian
	var recs []nlcap.Record
	ts := time.Unix(1700000000, 0).UTC()
	for i, n := range []int{32, 64<<10 - 40, 64 << 10, 64<<10 + 40, 48, 1<<20 - 40, 1 << 20, 1<<20 + 40, 32, 3 << 20, 64} {
		// One netlink message of n bytes (n is a multiple of 4), its
		// payload a pattern that tells records apart.
		data := le.AppendUint32(nil, uint32(n))
		data = le.AppendUint16(data, 16) // RTM_NEWLINK
		data = le.AppendUint16(data, 0x0002)
		data = le.AppendUint32(data, uint32(i))
		data = le.AppendUint32(data, 1234)
		for j := len(data); j < n; j++ {
			data = append(data, byte(i*7+j))
		}
		recs = append(recs, nlcap.Record{
			Timestamp: ts.Add(time.Duration(i) * time.Millisecond),
			Family:    nlcap.FamilyRoute,
			Direction: nlcap.DirectionFromKernel,
			OrigLen:   n,
			ByteOrder: le,
			Data:      data,
		})
	}
	return recs
}

// diffRecords compares records as cmp.Diff(want, got, recordOpts) would,
// but their Data with bytes.Equal: cmp compares a []byte element by
// element through reflection, seconds for a few megabytes (which stalls
// fuzzing). It returns "" when they are the same.
func diffRecords(want, got []nlcap.Record) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d records, want %d", len(got), len(want))
	}
	var b strings.Builder
	for i := range want {
		w, g := want[i], got[i]
		if !bytes.Equal(w.Data, g.Data) {
			fmt.Fprintf(&b, "record %d: Data differs (%d bytes, want %d):\n%x\nwant\n%x\n", i+1, len(g.Data), len(w.Data), g.Data, w.Data)
		}
		w.Data, g.Data = nil, nil
		if diff := cmp.Diff(w, g, recordOpts); diff != "" {
			fmt.Fprintf(&b, "record %d (-want +got):\n%s", i+1, diff)
		}
	}
	return b.String()
}

// checkRecords fails t when got is not want.
func checkRecords(t *testing.T, want, got []nlcap.Record) {
	t.Helper()
	if diff := diffRecords(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestBufferBoundaries reads records around the buffer sizes back from
// both formats, through an io.Reader and an *os.File, and checks that
// every record read stays intact after the next ones are read (Data is a
// copy, never the reader's buffer).
func TestBufferBoundaries(t *testing.T) {
	want := bigRecords()
	for _, format := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		file := writeAll(t, &pcap.WriterConfig{Format: format, SnapLen: pcap.MaxRecordLen}, want)
		name := filepath.Join(t.TempDir(), "big."+format.String())
		if err := os.WriteFile(name, file, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(format.String()+"/reader", func(t *testing.T) {
			_, got := readAll(t, file)
			checkRecords(t, want, got)
		})
		t.Run(format.String()+"/file", func(t *testing.T) {
			r, c, err := pcap.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var got []nlcap.Record
			for {
				rec, err := r.ReadRecord()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("record %d: %v", len(got)+1, err)
				}
				got = append(got, rec)
			}
			checkRecords(t, want, got)
		})
		// Cut inside each record: an error wrapping io.ErrUnexpectedEOF
		// after the records before it, through both kinds of reader.
		for _, cut := range []int{len(file) - 3<<20 + 100, len(file) - 3<<20 - 100, len(file) / 2} {
			for _, viaFile := range []bool{false, true} {
				var src io.Reader = bytes.NewReader(file[:cut])
				if viaFile {
					f, err := os.CreateTemp(t.TempDir(), "cut")
					if err != nil {
						t.Fatal(err)
					}
					if _, err := f.Write(file[:cut]); err != nil {
						t.Fatal(err)
					}
					if _, err := f.Seek(0, io.SeekStart); err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					src = f
				}
				r, err := pcap.NewReader(src)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for {
					rec, err := r.ReadRecord()
					if err == nil {
						checkRecords(t, want[n:n+1], []nlcap.Record{rec})
						n++
						continue
					}
					if !errors.Is(err, io.ErrUnexpectedEOF) {
						t.Errorf("%v cut %d (file %v): after %d records: %v, want io.ErrUnexpectedEOF", format, cut, viaFile, n, err)
					}
					if err2 := func() error { _, err := r.ReadRecord(); return err }(); err2 == nil || err2.Error() != err.Error() {
						t.Errorf("%v cut %d (file %v): next read %v, want the same error again", format, cut, viaFile, err2)
					}
					break
				}
				if n == 0 || n == len(want) {
					t.Errorf("%v cut %d (file %v): %d records before the error", format, cut, viaFile, n)
				}
			}
		}
	}
}
