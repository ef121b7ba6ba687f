package pcap_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// FuzzReader feeds arbitrary files to the Reader. Property: no panic, and
// the good records, written back (pcap and pcapng, nanosecond) and read
// again, are the same records. Seeds: every testdata capture as it is and
// as pcapng, and the hand-written fixtures. Crashers are committed under
// testdata/fuzz/FuzzReader/.
func FuzzReader(f *testing.F) {
	for _, name := range captures(f) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		_, recs := readAll(f, b)
		f.Add(writeAll(f, &pcap.WriterConfig{Format: pcap.FormatPcapng, Comments: []string{"seed"}}, recs[:min(len(recs), 8)]))
	}
	f.Add(pcapngBigEndian)
	f.Add(pcapNanoLittleEndian)
	f.Add(featuresFile())
	le := binary.LittleEndian
	short := classicRecord(classicHeader(le, 0xa1b2c3d4, 253), le, 1, 5, 5, []byte{1, 2, 3, 4, 5})
	f.Add(classicRecord(short, le, 2, 48, 48, cooked(nlcap.FamilyRoute, getlink(le, 1))))
	f.Fuzz(func(t *testing.T, file []byte) {
		r, err := pcap.NewReader(bytes.NewReader(file))
		if err != nil {
			return
		}
		var good []nlcap.Record
		for {
			rec, err := r.ReadRecord()
			var re *pcap.RecordError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				break
			}
			good = append(good, rec)
		}
		for _, format := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
			var buf bytes.Buffer
			w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{Format: format, Nanosecond: true, SnapLen: pcap.MaxRecordLen})
			if err != nil {
				t.Fatal(err)
			}
			var want []nlcap.Record
			for _, rec := range good {
				if err := w.WriteRecord(rec); err != nil {
					continue // timestamp out of range, or a second byte order
				}
				rec.Interface = 0
				if rec.Timestamp.IsZero() {
					rec.Timestamp = time.Unix(0, 0)
				}
				if format == pcap.FormatPcap {
					// Classic pcap has no place for comments or the
					// traced process.
					rec.Comment = ""
					rec.Process = nlcap.Process{}
					rec.Direction = nlcap.InferDirection(rec.Data, rec.ByteOrder)
				} else {
					rec.Comment = strings.TrimRight(rec.Comment[:min(len(rec.Comment), 65532)], "\x00")
				}
				want = append(want, rec)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			r2, err := pcap.NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("%v: reading our own file: %v", format, err)
			}
			var got []nlcap.Record
			for {
				rec, err := r2.ReadRecord()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%v: reading our own file: %v", format, err)
				}
				got = append(got, rec)
			}
			if diff := diffRecords(want, got); diff != "" {
				t.Fatalf("%v: read → write → read differs (-want +got):\n%s", format, diff)
			}
		}
	})
}
