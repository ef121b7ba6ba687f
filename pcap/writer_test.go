package pcap_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// TestRewriteIdentical proves the Writer lays records out exactly as
// libpcap: every capture made by tcpdump, read and written back with the
// default config, is the same file byte for byte.
func TestRewriteIdentical(t *testing.T) {
	for _, name := range captures(t) {
		if filepath.Ext(name) != ".pcap" {
			continue
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			_, recs := readAll(t, want)
			if len(recs) == 0 {
				t.Fatal("no records")
			}
			got := writeAll(t, nil, recs)
			if !bytes.Equal(got, want) {
				t.Fatalf("rewrite differs from the original:\n%s", hexDiff(want, got))
			}
		})
	}
}

// TestPcapngRoundTrip writes every testdata record to pcapng with
// comments, packet comments, direction flags and statistics, and reads it
// all back.
func TestPcapngRoundTrip(t *testing.T) {
	var recs []nlcap.Record
	for _, name := range captures(t) {
		_, rs := readFile(t, name)
		recs = append(recs, rs...)
	}
	dirs := []nlcap.Direction{nlcap.DirectionToKernel, nlcap.DirectionFromKernel, nlcap.DirectionUnknown}
	for i := range recs {
		recs[i].Direction = dirs[i%3]
		if i%5 == 0 {
			recs[i].Comment = fmt.Sprintf("record %d", i)
		}
	}
	comments := []string{
		pcap.FormatKernelComment("6.1.0-56-amd64"),
		pcap.FormatGenlFamiliesComment(map[uint16]string{0x10: "nlctrl", 0x14: "ethtool"}),
	}
	for _, ns := range []bool{false, true} {
		t.Run(fmt.Sprintf("ns=%v", ns), func(t *testing.T) {
			cfg := &pcap.WriterConfig{
				Format: pcap.FormatPcapng, Nanosecond: ns, Comments: comments,
				Interface: "nlmon7", OS: "Linux 6.1.0-56-amd64", Hardware: "x86_64",
			}
			var buf bytes.Buffer
			w, err := pcap.NewWriter(&buf, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs {
				if err := w.WriteRecord(rec); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.WriteStats(uint64(len(recs)), 3); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			r, got := readAll(t, buf.Bytes())
			want := slices.Clone(recs)
			for i := range want {
				if !ns { // nanosecond captures (nlcap's pcapng) lose their ns here
					want[i].Timestamp = want[i].Timestamp.Truncate(time.Microsecond)
				}
				if want[i].Direction == nlcap.DirectionUnknown {
					want[i].Direction = nlcap.InferDirection(want[i].Data, want[i].ByteOrder)
				}
			}
			if diff := cmp.Diff(want, got, recordOpts); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(comments, r.SectionComments()); diff != "" {
				t.Errorf("SectionComments (-want +got):\n%s", diff)
			}
			wantStats := []pcap.InterfaceStats{{Name: "nlmon7", Received: uint64(len(recs)), Dropped: 3, HasReceived: true, HasDropped: true}}
			if diff := cmp.Diff(wantStats, r.InterfaceStats()); diff != "" {
				t.Errorf("InterfaceStats (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriterConfig checks the refused configurations.
func TestWriterConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  pcap.WriterConfig
		msg  string
	}{
		{"snaplen too small", pcap.WriterConfig{SnapLen: 8}, "pcap: snap length out of range: 8, want 16 to 67108864"},
		{"snaplen too big", pcap.WriterConfig{SnapLen: 1 << 30}, "pcap: snap length out of range: 1073741824, want 16 to 67108864"},
		{"negative snaplen", pcap.WriterConfig{SnapLen: -1}, "pcap: snap length out of range: -1, want 16 to 67108864"},
		{"format", pcap.WriterConfig{Format: 7}, "pcap: unknown writer format: 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pcap.NewWriter(io.Discard, &tt.cfg)
			if err == nil || err.Error() != tt.msg {
				t.Errorf("error %v, want %q", err, tt.msg)
			}
		})
	}
}

// TestWriterRecords checks snap length truncation, zero and out-of-range
// timestamps and mixed byte orders.
func TestWriterRecords(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	for _, format := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		t.Run(format.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{Format: format, SnapLen: 40})
			if err != nil {
				t.Fatal(err)
			}
			long := nlcap.Record{Timestamp: time.Unix(10, 0), Family: nlcap.FamilyRoute, OrigLen: 100, ByteOrder: le, Data: getlink(le, 1)}
			errs := []struct {
				rec nlcap.Record
				msg string
			}{
				{long, ""},
				{nlcap.Record{ByteOrder: le, Data: newlink(le, 2)}, ""}, // zero time: the epoch
				{nlcap.Record{Timestamp: time.Unix(-1, 0), Data: newlink(le, 3)}, "pcap: timestamp out of range for the file format: 1969-12-31T23:59:59Z"},
				{nlcap.Record{Timestamp: time.Unix(1, 0), ByteOrder: be, Data: newlink(be, 4)}, "pcap: record byte order differs from the file's: record BigEndian, file LittleEndian"},
			}
			for i, e := range errs {
				err := w.WriteRecord(e.rec)
				if (err == nil && e.msg != "") || (err != nil && err.Error() != e.msg) {
					t.Errorf("WriteRecord %d: %v, want %q", i, err, e.msg)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			_, got := readAll(t, buf.Bytes())
			want := []nlcap.Record{
				{Timestamp: time.Unix(10, 0), Family: nlcap.FamilyRoute, Direction: nlcap.DirectionUnknown, OrigLen: 100, ByteOrder: le, Data: getlink(le, 1)[:24]},
				{Timestamp: time.Unix(0, 0), Direction: nlcap.DirectionUnknown, OrigLen: 32, ByteOrder: le, Data: newlink(le, 2)[:24]},
			}
			if diff := cmp.Diff(want, got, recordOpts); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriterEmpty checks the file header written by Flush alone, as
// libpcap writes it on a little-endian host.
func TestWriterEmpty(t *testing.T) {
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{ByteOrder: binary.LittleEndian})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := []byte{
		0xd4, 0xc3, 0xb2, 0xa1, // magic, microseconds
		0x02, 0x00, 0x04, 0x00, // version 2.4
		0x00, 0x00, 0x00, 0x00, // thiszone
		0x00, 0x00, 0x00, 0x00, // sigfigs
		0x00, 0x00, 0x04, 0x00, // snaplen 262144
		0xfd, 0x00, 0x00, 0x00, // LINKTYPE_NETLINK
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("header:\n%s", hexDiff(want, buf.Bytes()))
	}
	if err := w.WriteStats(1, 2); err != nil || buf.Len() != len(want) {
		t.Errorf("WriteStats on classic pcap: %v, %d bytes; want a no-op", err, buf.Len())
	}
}

// TestWriterPcapngLayout pins the bytes of a small pcapng file against the
// hand-written big-endian fixture: same blocks, same options.
func TestWriterPcapngLayout(t *testing.T) {
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{Format: pcap.FormatPcapng, Nanosecond: true, ByteOrder: binary.BigEndian, Comments: []string{"hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRecord(pcapngBigEndianRecord); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// The writer adds shb_userappl "nlcap" and if_name "nlmon0"; the EPB is
	// the fixture's byte for byte.
	got := buf.Bytes()
	epbAt := bytes.Index(pcapngBigEndian, []byte{0, 0, 0, 6, 0, 0, 0, 0x5c})
	wantEPB := pcapngBigEndian[epbAt : epbAt+0x5c]
	if !bytes.Contains(got, wantEPB) {
		t.Errorf("written file lacks the fixture's EPB:\n%s", hexDiff(wantEPB, got[len(got)-len(wantEPB):]))
	}
	for _, s := range []string{"hi", "nlcap", "nlmon0"} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("written file lacks %q", s)
		}
	}
}

// TestLargeRecord round-trips a record larger than the read buffer and
// one larger than the default snap length, which is cut like libpcap does.
func TestLargeRecord(t *testing.T) {
	le := binary.LittleEndian
	big := make([]byte, 300000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	recs := []nlcap.Record{
		{Timestamp: time.Unix(5, 0), Family: nlcap.FamilyRoute, OrigLen: 200000, ByteOrder: le, Data: big[:200000]},
		{Timestamp: time.Unix(6, 0), Family: nlcap.FamilyGeneric, OrigLen: 300000, ByteOrder: le, Data: big},
	}
	want := slices.Clone(recs)
	want[1].Data = big[:nlcap.DefaultSnapLen-nlcap.PseudoHeaderLen]
	for _, f := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		t.Run(f.String(), func(t *testing.T) {
			_, got := readAll(t, writeAll(t, &pcap.WriterConfig{Format: f}, recs))
			if diff := cmp.Diff(want, got, recordOpts); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// BenchmarkWriter writes the testdata records to classic pcap and pcapng.
func BenchmarkWriter(b *testing.B) {
	var recs []nlcap.Record
	var size int64
	for _, name := range captures(b) {
		_, rs := readFile(b, name)
		for _, r := range rs {
			size += int64(16 + len(r.Data))
		}
		recs = append(recs, rs...)
	}
	for _, f := range []pcap.Format{pcap.FormatPcap, pcap.FormatPcapng} {
		b.Run(f.String(), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				w, err := pcap.NewWriter(io.Discard, &pcap.WriterConfig{Format: f})
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range recs {
					if err := w.WriteRecord(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
