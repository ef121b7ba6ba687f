package main

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// benchSource is a liveSource that hands out the same records again and
// again, a ring block's worth per ReadBatch, as capture.Conn does: the
// records of an RTM_GETLINK exchange for lo (a 32-byte request, a 1300-byte
// answer).
type benchSource struct {
	recs []nlcap.Record
	rec  nlcap.Record // what fn gets, as capture.Conn's
}

func newBenchSource() *benchSource {
	s := &benchSource{}
	for i := range 600 { // about a 512 KiB block
		size := 32
		if i%2 == 1 {
			size = 1300
		}
		data := make([]byte, size)
		putHeader(data, uint32(size), uint32(i/2))
		if i%2 == 1 {
			binary.NativeEndian.PutUint16(data[6:], 0)
		}
		s.recs = append(s.recs, nlcap.Record{
			Timestamp: time.Unix(1700000000, int64(i)*1000),
			Family:    nlcap.FamilyRoute,
			Direction: nlcap.InferDirection(data, binary.NativeEndian),
			OrigLen:   size,
			ByteOrder: binary.NativeEndian,
			Data:      data,
		})
	}
	return s
}

func (s *benchSource) ReadBatch(fn func(*nlcap.Record) error) error {
	for i := range s.recs {
		s.rec = s.recs[i]
		if err := fn(&s.rec); err != nil {
			return err
		}
	}
	return nil
}

func (s *benchSource) Drain(func(*nlcap.Record) error) error { return nil }
func (s *benchSource) SetDeadline(time.Time) error           { return nil }

// BenchmarkCaptureWrite measures the user-space work per record of
// `nlcap -w /dev/null` after the receive ring (capture's
// BenchmarkRingToWriter measures the ring): pump, the record handler, the
// rotator and pcap.Writer with the live capture's configuration, writing to
// /dev/null.
func BenchmarkCaptureWrite(b *testing.B) {
	for _, format := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		b.Run(format.String(), func(b *testing.B) {
			wcfg := &pcap.WriterConfig{Format: format, SnapLen: nlcap.DefaultSnapLen, Interface: "nlcap1", BufferSize: 1 << 20}
			rot := &rotator{
				base: os.DevNull, create: func(name string) (io.WriteCloser, error) { return os.OpenFile(name, os.O_WRONLY, 0) },
				now:     time.Now,
				newSink: func(w io.Writer) (recordSink, error) { return pcap.NewWriter(w, wcfg) },
			}
			if err := rot.start(); err != nil {
				b.Fatal(err)
			}
			defer rot.Close(0, 0)
			handle, handled := recordHandler(nlcap.DirectionUnknown, rot, nil, false, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			if err := pump(context.Background(), newBenchSource(), nil, handle, nil); err != nil {
				b.Fatal(err)
			}
			if handled() != uint64(b.N) {
				b.Fatalf("captured %d, want %d", handled(), b.N)
			}
		})
	}
}
