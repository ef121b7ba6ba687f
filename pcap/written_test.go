package pcap_test

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// TestWriterWritten checks that Written is, at every step, the size the
// output has once flushed, without flushing.
func TestWriterWritten(t *testing.T) {
	for _, format := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		t.Run(format.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{Format: format, SnapLen: 40, Comments: []string{"c"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := w.Written(); got != 0 {
				t.Errorf("Written before anything = %d, want 0", got)
			}
			le := binary.LittleEndian
			recs := []nlcap.Record{
				{Timestamp: time.Unix(1, 0), ByteOrder: le, Data: getlink(le, 1)},
				{Timestamp: time.Unix(2, 0), ByteOrder: le, Data: newlink(le, 2)}, // cut to the snap length
				{Timestamp: time.Unix(3, 0), ByteOrder: le, Data: nil},
			}
			// Many records, so that the 64 KiB buffer is flushed on the way.
			for i := range 5000 {
				if err := w.WriteRecord(recs[i%len(recs)]); err != nil {
					t.Fatal(err)
				}
				n := w.Written()
				if n < int64(buf.Len()) {
					t.Fatalf("record %d: Written %d < %d bytes already flushed", i, n, buf.Len())
				}
				if i%997 == 0 {
					if err := w.Flush(); err != nil {
						t.Fatal(err)
					}
					if int64(buf.Len()) != n {
						t.Fatalf("record %d: Written %d, file %d bytes after Flush", i, n, buf.Len())
					}
				}
			}
			if err := w.WriteStats(10, 2); err != nil {
				t.Fatal(err)
			}
			n := w.Written()
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if int64(buf.Len()) != n || n < 5000*(16+16) {
				t.Errorf("Written %d, file %d bytes after Flush", n, buf.Len())
			}
		})
	}
}

// oddOrder is a ByteOrder whose type cannot be compared with ==.
type oddOrder struct {
	binary.ByteOrder
	_ []int
}

// TestWriterByteOrderChecked checks that the byte order of every record is
// still checked after records in the file's order, whatever the ByteOrder's
// type.
func TestWriterByteOrderChecked(t *testing.T) {
	w, err := pcap.NewWriter(new(bytes.Buffer), &pcap.WriterConfig{ByteOrder: binary.LittleEndian})
	if err != nil {
		t.Fatal(err)
	}
	le, be := binary.LittleEndian, binary.BigEndian
	native, other := binary.ByteOrder(binary.NativeEndian), binary.ByteOrder(be)
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 1)
	if b[0] != 1 {
		native, other = le, be // a big-endian host: NativeEndian is refused below
	}
	steps := []struct {
		order binary.ByteOrder
		ok    bool
	}{
		{native, true},
		{native, true},
		{other, false},
		{le, true},
		{oddOrder{ByteOrder: le}, true},
		{oddOrder{ByteOrder: be}, false},
		{oddOrder{ByteOrder: le}, true},
		{be, false},
		{nil, true},
	}
	for i, s := range steps {
		err := w.WriteRecord(nlcap.Record{Timestamp: time.Unix(1, 0), ByteOrder: s.order, Data: getlink(le, uint32(i))})
		if (err == nil) != s.ok {
			t.Errorf("step %d (%v): error %v, want ok %v", i, s.order, err, s.ok)
		}
	}
}

// writeCounter counts the writes that reach it.
type writeCounter struct{ n, bytes int }

func (w *writeCounter) Write(b []byte) (int, error) { w.n++; w.bytes += len(b); return len(b), nil }

// TestWriterBufferSize checks that WriterConfig.BufferSize sets how much is
// written at once, and its range.
func TestWriterBufferSize(t *testing.T) {
	le := binary.LittleEndian
	rec := nlcap.Record{Timestamp: time.Unix(1, 0), ByteOrder: le, Data: make([]byte, 1000)}
	for _, tt := range []struct {
		size, writes int
	}{
		{0, 16},      // 64 KiB: 1,032,024 bytes in 16 writes (the last by Flush)
		{1 << 20, 1}, // all of it at Flush
		{4096, 252},  // full 4 KiB buffers: 1032024/4096 rounded up
	} {
		var wc writeCounter
		w, err := pcap.NewWriter(&wc, &pcap.WriterConfig{BufferSize: tt.size})
		if err != nil {
			t.Fatal(err)
		}
		for range 1000 {
			if err := w.WriteRecord(rec); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if want := 24 + 1000*(16+16+1000); wc.bytes != want || wc.n != tt.writes {
			t.Errorf("BufferSize %d: %d bytes in %d writes, want %d in %d", tt.size, wc.bytes, wc.n, want, tt.writes)
		}
	}
	for _, size := range []int{-1, 1<<30 + 1} {
		if _, err := pcap.NewWriter(new(bytes.Buffer), &pcap.WriterConfig{BufferSize: size}); err == nil || !strings.Contains(err.Error(), "buffer size out of range") {
			t.Errorf("BufferSize %d: error %v", size, err)
		}
	}
}
