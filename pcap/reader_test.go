package pcap_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// TestReadFixtures reads hand-written files, one per interesting layout.
func TestReadFixtures(t *testing.T) {
	tests := []struct {
		name     string
		file     []byte
		format   pcap.Format
		order    binary.ByteOrder
		want     []nlcap.Record
		comments []string
		stats    []pcap.InterfaceStats
	}{
		{
			name:     "pcapng big-endian",
			file:     pcapngBigEndian,
			format:   pcap.FormatPcapng,
			order:    binary.BigEndian,
			want:     []nlcap.Record{pcapngBigEndianRecord},
			comments: []string{"hi"},
			stats:    []pcap.InterfaceStats{{Dropped: 3, HasDropped: true}},
		},
		{
			name:   "pcap nanosecond little-endian",
			file:   pcapNanoLittleEndian,
			format: pcap.FormatPcap,
			order:  binary.LittleEndian,
			want:   []nlcap.Record{pcapNanoLittleEndianRecord},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := readAll(t, tt.file)
			if diff := cmp.Diff(tt.want, got, recordOpts); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if r.Format() != tt.format || r.ByteOrder() != tt.order {
				t.Errorf("Format, ByteOrder = %v, %v; want %v, %v", r.Format(), r.ByteOrder(), tt.format, tt.order)
			}
			if diff := cmp.Diff(tt.comments, r.SectionComments()); diff != "" {
				t.Errorf("SectionComments (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.stats, r.InterfaceStats()); diff != "" {
				t.Errorf("InterfaceStats (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMagics writes the same records with every format, byte order and
// resolution, checks the first bytes of the file and reads them back.
func TestMagics(t *testing.T) {
	be, le := binary.BigEndian, binary.LittleEndian
	tests := []struct {
		cfg   pcap.WriterConfig
		magic []byte
	}{
		{pcap.WriterConfig{ByteOrder: le}, []byte{0xd4, 0xc3, 0xb2, 0xa1}},
		{pcap.WriterConfig{ByteOrder: be}, []byte{0xa1, 0xb2, 0xc3, 0xd4}},
		{pcap.WriterConfig{ByteOrder: le, Nanosecond: true}, []byte{0x4d, 0x3c, 0xb2, 0xa1}},
		{pcap.WriterConfig{ByteOrder: be, Nanosecond: true}, []byte{0xa1, 0xb2, 0x3c, 0x4d}},
		{pcap.WriterConfig{Format: pcap.FormatPcapng, ByteOrder: le}, []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x2c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a}},
		{pcap.WriterConfig{Format: pcap.FormatPcapng, ByteOrder: be}, []byte{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0x2c, 0x1a, 0x2b, 0x3c, 0x4d}},
		{pcap.WriterConfig{Format: pcap.FormatPcapng, ByteOrder: le, Nanosecond: true}, []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x2c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a}},
		{pcap.WriterConfig{Format: pcap.FormatPcapng, ByteOrder: be, Nanosecond: true}, []byte{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0x2c, 0x1a, 0x2b, 0x3c, 0x4d}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%v/%v/ns=%v", tt.cfg.Format, tt.cfg.ByteOrder, tt.cfg.Nanosecond)
		t.Run(name, func(t *testing.T) {
			o := tt.cfg.ByteOrder.(order)
			ts := time.Unix(1795333763, 922904021)
			want := []nlcap.Record{
				{Timestamp: ts, Family: nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel, OrigLen: 32, ByteOrder: o, Data: getlink(o, 7)},
				{Timestamp: ts.Add(time.Millisecond), Family: nlcap.FamilyGeneric, Direction: nlcap.DirectionFromKernel, OrigLen: 32, ByteOrder: o, Data: newlink(o, 7)},
			}
			file := writeAll(t, &tt.cfg, want)
			if !bytes.HasPrefix(file, tt.magic) {
				t.Fatalf("file starts % x, want % x", file[:len(tt.magic)], tt.magic)
			}
			if !tt.cfg.Nanosecond {
				for i := range want {
					want[i].Timestamp = want[i].Timestamp.Truncate(time.Microsecond)
				}
			}
			r, got := readAll(t, file)
			if diff := cmp.Diff(want, got, recordOpts); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if r.Format() != tt.cfg.Format || r.ByteOrder() != tt.cfg.ByteOrder || r.SnapLen() != nlcap.DefaultSnapLen {
				t.Errorf("Format, ByteOrder, SnapLen = %v, %v, %d", r.Format(), r.ByteOrder(), r.SnapLen())
			}
			if tt.cfg.Format == pcap.FormatPcap && r.Nanosecond() != tt.cfg.Nanosecond {
				t.Errorf("Nanosecond = %v, want %v", r.Nanosecond(), tt.cfg.Nanosecond)
			}
		})
	}
}

// TestLinkType checks that a file or interface of another link type is
// refused with an error naming it.
func TestLinkType(t *testing.T) {
	le := binary.LittleEndian
	tests := []struct {
		name     string
		file     []byte
		atRead   bool // the error comes from ReadRecord, not NewReader
		linkType int
		msg      string
	}{
		{
			name:     "pcap ethernet",
			file:     classicHeader(le, 0xa1b2c3d4, 1),
			linkType: 1,
			msg:      "pcap: link type 1 (ETHERNET), want 253 (NETLINK)",
		},
		{
			name:     "pcap big-endian linux sll",
			file:     classicHeader(binary.BigEndian, 0xa1b2c3d4, 113),
			linkType: 113,
			msg:      "pcap: link type 113 (LINUX_SLL), want 253 (NETLINK)",
		},
		{
			name:     "pcap unnamed",
			file:     classicHeader(le, 0xa1b23c4d, 9999),
			linkType: 9999,
			msg:      "pcap: link type 9999, want 253 (NETLINK)",
		},
		{
			name:     "pcapng first interface",
			file:     slicesConcat(shb(le), idb(le, 276)),
			linkType: 276,
			msg:      "pcap: link type 276 (LINUX_SLL2), want 253 (NETLINK)",
		},
		{
			name: "pcapng second interface",
			file: slicesConcat(shb(le), idb(le, 253),
				epb(le, 0, 1, 48, 48, cooked(0, getlink(le, 1))), idb(le, 1)),
			atRead:   true,
			linkType: 1,
			msg:      "pcap: link type 1 (ETHERNET), want 253 (NETLINK)",
		},
		{
			name:     "pcapng second section",
			file:     slicesConcat(shb(le), idb(le, 253), shb(binary.BigEndian), idb(binary.BigEndian, 228)),
			atRead:   true,
			linkType: 228,
			msg:      "pcap: link type 228 (IPV4), want 253 (NETLINK)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := pcap.NewReader(bytes.NewReader(tt.file))
			if tt.atRead {
				if err != nil {
					t.Fatalf("NewReader: %v", err)
				}
				for err == nil {
					_, err = r.ReadRecord()
				}
			}
			if !errors.Is(err, pcap.ErrLinkType) {
				t.Fatalf("err = %v, want ErrLinkType", err)
			}
			var lte *pcap.LinkTypeError
			if !errors.As(err, &lte) || lte.LinkType != tt.linkType {
				t.Errorf("err = %#v, want LinkTypeError{%d}", err, tt.linkType)
			}
			if err.Error() != tt.msg {
				t.Errorf("message %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

func slicesConcat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

// result is what one ReadRecord call gave.
type result struct {
	Rec    nlcap.Record
	Index  int    // RecordError index, 0 when none
	Offset int64  // RecordError offset
	Err    string // error text
}

// readResults reads up to the first error that is not a RecordError.
func readResults(t *testing.T, file []byte) ([]result, error) {
	t.Helper()
	r, err := pcap.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []result
	for i := 0; i < 100; i++ {
		rec, err := r.ReadRecord()
		var re *pcap.RecordError
		switch {
		case err == nil:
			out = append(out, result{Rec: rec})
		case errors.As(err, &re):
			out = append(out, result{Rec: rec, Index: re.Index, Offset: re.Offset, Err: err.Error()})
		default:
			return out, err
		}
	}
	t.Fatal("no end after 100 records")
	return nil, nil
}

// TestBadRecords checks that records shorter than the cooked header or of
// the wrong hatype are reported, not fatal, and keep their raw bytes.
func TestBadRecords(t *testing.T) {
	le := binary.LittleEndian
	good := cooked(nlcap.FamilyRoute, getlink(le, 1))
	ether := append([]byte{0x00, 0x04, 0x00, 0x01}, good[4:]...) // hatype 1
	goodRec := nlcap.Record{
		Timestamp: time.Unix(2, 0), Family: nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel,
		OrigLen: 32, ByteOrder: le, Data: good[16:],
	}

	classic := classicHeader(le, 0xa1b2c3d4, 253)
	classic = classicRecord(classic, le, 1, 5, 5, []byte{1, 2, 3, 4, 5}) // offset 24
	classic = classicRecord(classic, le, 2, 48, 48, good)                // offset 45
	classic = classicRecord(classic, le, 3, 48, 48, ether)               // offset 109
	classic = classicRecord(classic, le, 4, 48, 48, good)                // offset 173

	ng := slicesConcat(shb(le), idb(le, 253), // 28 + 20 bytes
		epb(le, 0, 1e6, 5, 5, []byte{1, 2, 3, 4, 5}), // offset 48, 40 bytes
		epb(le, 0, 2e6, 48, 48, good),                // offset 88, 80 bytes
		epb(le, 0, 3e6, 48, 48, ether),               // offset 168
		epb(le, 3, 3e6, 48, 48, good),                // offset 248: undefined interface
		block(le, 6, []byte{0, 0, 0, 0}),             // offset 328: too short an EPB
		epb(le, 0, 4e6, 48, 48, good),                // offset 344
	)
	wantClassic := []result{
		{Rec: nlcap.Record{Timestamp: time.Unix(1, 0), OrigLen: 5, ByteOrder: le, Data: []byte{1, 2, 3, 4, 5}},
			Index: 1, Offset: 24, Err: "pcap: record 1 at offset 24: record shorter than the 16-byte netlink cooked header: 5 bytes"},
		{Rec: goodRec},
		{Rec: nlcap.Record{Timestamp: time.Unix(3, 0), OrigLen: 48, ByteOrder: le, Data: ether},
			Index: 3, Offset: 109, Err: "pcap: record 3 at offset 109: bad netlink cooked header: cooked header hatype 1, want 824 (ARPHRD_NETLINK)"},
		{Rec: func() nlcap.Record { r := goodRec; r.Timestamp = time.Unix(4, 0); return r }()},
	}
	wantNg := []result{
		wantClassic[0], wantClassic[1], wantClassic[2],
		{Rec: nlcap.Record{OrigLen: 48, ByteOrder: le, Data: good},
			Index: 4, Offset: 248, Err: "pcap: record 4 at offset 248: packet for an undefined pcapng interface: interface 3 of 1"},
		{Rec: nlcap.Record{ByteOrder: le},
			Index: 5, Offset: 328, Err: "pcap: record 5 at offset 328: pcapng block body too short: packet block of 4 bytes"},
		wantClassic[3],
	}
	wantNg[0].Offset, wantNg[0].Err = 48, strings.Replace(wantNg[0].Err, "offset 24", "offset 48", 1)
	wantNg[2].Offset, wantNg[2].Err = 168, strings.Replace(wantNg[2].Err, "offset 109", "offset 168", 1)
	wantNg[5].Rec.Timestamp = time.Unix(4, 0)

	for _, tt := range []struct {
		name string
		file []byte
		want []result
	}{
		{"pcap", classic, wantClassic},
		{"pcapng", ng, wantNg},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readResults(t, tt.file)
			if err != io.EOF {
				t.Errorf("final error %v, want io.EOF", err)
			}
			if diff := cmp.Diff(tt.want, got, recordOpts); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTruncated cuts files at every offset: a cut at a record (or block)
// boundary is a clean end, anything else a fatal io.ErrUnexpectedEOF with
// the record number and offset, and never a panic.
func TestTruncated(t *testing.T) {
	le := binary.LittleEndian
	g1, g2 := cooked(nlcap.FamilyRoute, getlink(le, 1)), cooked(nlcap.FamilyRoute, newlink(le, 1))
	classic := classicHeader(le, 0xa1b2c3d4, 253)
	classic = classicRecord(classic, le, 1, 48, 48, g1)
	classic = classicRecord(classic, le, 2, 48, 48, g2)
	ng := slicesConcat(shb(le, option(le, 1, []byte("c"))), idb(le, 253),
		epb(le, 0, 1, 48, 48, g1), block(le, 0x999, []byte{1, 2, 3}), epb(le, 0, 2, 48, 48, g2))

	tests := []struct {
		name  string
		file  []byte
		clean map[int]int // offset → records read before a clean end
		// header is the size of the part NewReader must read.
		header int
	}{
		{"pcap", classic, map[int]int{24: 0, 88: 1, 152: 2}, 24},
		{"pcapng", ng, map[int]int{36: 0, 56: 0, 136: 1, 152: 1, 232: 2}, 36},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for cut := 0; cut <= len(tt.file); cut++ {
				r, err := pcap.NewReader(bytes.NewReader(tt.file[:cut]))
				n, fromNew := 0, err != nil
				for err == nil {
					if _, err = r.ReadRecord(); err == nil {
						n++
					}
				}
				if want, ok := tt.clean[cut]; ok {
					if err != io.EOF || n != want {
						t.Errorf("cut %d: %d records then %v, want %d then io.EOF", cut, n, err, want)
					}
					continue
				}
				if cut == 0 {
					if err == nil || err.Error() != "pcap: empty file" {
						t.Errorf("cut 0: %v, want empty file", err)
					}
					continue
				}
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("cut %d: %d records then %v, want io.ErrUnexpectedEOF", cut, n, err)
					continue
				}
				if cut < tt.header && !fromNew {
					t.Errorf("cut %d: NewReader succeeded inside the file header", cut)
				}
				if fromNew {
					continue
				}
				if want := fmt.Sprintf("pcap: record %d at offset ", n+1); !strings.HasPrefix(err.Error(), want) {
					t.Errorf("cut %d: message %q, want prefix %q", cut, err, want)
				}
				if _, again := r.ReadRecord(); again != err {
					t.Errorf("cut %d: error not sticky: %v then %v", cut, err, again)
				}
			}
		})
	}
}

// TestTruncatedMessages pins the wording of truncation errors.
func TestTruncatedMessages(t *testing.T) {
	le := binary.LittleEndian
	file := classicHeader(le, 0xa1b2c3d4, 253)
	file = classicRecord(file, le, 1, 48, 48, cooked(0, getlink(le, 1)))
	file = classicRecord(file, le, 2, 48, 48, cooked(0, getlink(le, 1)))
	tests := []struct {
		name string
		cut  int
		msg  string
	}{
		{"empty", 0, "pcap: empty file"},
		{"in magic", 2, "pcap: reading file magic: unexpected EOF"},
		{"in file header", 10, "pcap: reading file header: unexpected EOF"},
		{"in first record header", 30, "pcap: record 1 at offset 24: unexpected EOF"},
		{"in first record", 50, "pcap: record 1 at offset 24: unexpected EOF"},
		{"in second record header", 100, "pcap: record 2 at offset 88: unexpected EOF"},
		{"in second record", 151, "pcap: record 2 at offset 88: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := pcap.NewReader(bytes.NewReader(file[:tt.cut]))
			for err == nil {
				_, err = r.ReadRecord()
			}
			if err.Error() != tt.msg {
				t.Errorf("error %q, want %q", err, tt.msg)
			}
		})
	}
}

// TestOversized checks that a huge claimed length is refused before it is
// allocated.
func TestOversized(t *testing.T) {
	le := binary.LittleEndian
	classic := classicRecord(classicHeader(le, 0xa1b2c3d4, 253), le, 1, 0x7fffffff, 0x7fffffff, nil)
	ngBlock := slicesConcat(shb(le), idb(le, 253), le.AppendUint32(nil, 6), le.AppendUint32(nil, 0x40000000))
	ngCap := slicesConcat(shb(le), idb(le, 253), epb(le, 0, 1, 0x1000, 0x1000, []byte{1, 2, 3, 4}))
	tests := []struct {
		name  string
		file  []byte
		msg   string
		fatal bool
	}{
		{"pcap caplen", classic, "pcap: record 1 at offset 24: captured length too large: caplen 2147483647, limit 67108864", true},
		{"pcapng block length", ngBlock, "pcap: record 1 at offset 48: bad pcapng block length: 1073741824", true},
		{"pcapng caplen past block", ngCap, "pcap: record 1 at offset 48: pcapng block body too short: captured length 4096 past the block end", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := pcap.NewReader(bytes.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.ReadRecord()
			if err == nil || err.Error() != tt.msg {
				t.Fatalf("error %v, want %q", err, tt.msg)
			}
			var re *pcap.RecordError
			if fatal := !errors.As(err, &re); fatal != tt.fatal {
				t.Errorf("fatal = %v, want %v", fatal, tt.fatal)
			}
		})
	}
}

// TestClaimedLengthAllocation: a short file whose record claims 60 MB (under
// the limit) is a truncated file, and reading it allocates about what the
// file holds, not the claim nor a 1 MiB read chunk (FuzzRead ran such
// files thousands of times a second).
func TestClaimedLengthAllocation(t *testing.T) {
	le := binary.LittleEndian
	file := classicRecord(classicHeader(le, 0xa1b2c3d4, 253), le, 1, 60<<20, 60<<20, nil)
	file = append(file, make([]byte, 3000)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		r, err := pcap.NewReader(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if _, err = r.ReadRecord(); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("error %v, want io.ErrUnexpectedEOF", err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 10; per > 256<<10 {
		t.Errorf("%d bytes allocated per read of a %d-byte file", per, len(file))
	}
}

// TestPcapngFeatures reads sections of both byte orders, several
// interfaces, resolutions and offsets, simple and obsolete packet blocks,
// and unknown blocks and options.
func TestPcapngFeatures(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	file := featuresFile()
	want := []nlcap.Record{
		{
			Timestamp: time.Unix(103, 500_000_000), // 3.5 s at 2^-20, + if_tsoffset 100
			Family:    nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel, OrigLen: 32,
			ByteOrder: le, Data: getlink(le, 1), Comment: "pkt\ntwo",
		},
		{
			Timestamp: time.Unix(5, 0), Family: nlcap.FamilyGeneric, Direction: nlcap.DirectionToKernel,
			OrigLen: 84, ByteOrder: le, Data: newlink(le, 3), Interface: 1,
		},
		{
			Family: nlcap.FamilyNetfilter, Direction: nlcap.DirectionToKernel, OrigLen: 32,
			ByteOrder: be, Data: getlink(be, 9),
		},
	}
	r, got := readAll(t, file)
	if diff := cmp.Diff(want, got, recordOpts); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"first", "nlcap.kernel: 6.1.0", "second"}, r.SectionComments()); diff != "" {
		t.Errorf("SectionComments (-want +got):\n%s", diff)
	}
	wantStats := []pcap.InterfaceStats{{Section: 1, Received: 10, Dropped: 1, HasReceived: true, HasDropped: true}}
	if diff := cmp.Diff(wantStats, r.InterfaceStats()); diff != "" {
		t.Errorf("InterfaceStats (-want +got):\n%s", diff)
	}
	if r.ByteOrder() != be {
		t.Errorf("ByteOrder after the second section = %v, want big-endian", r.ByteOrder())
	}
}

// TestReadRecordInto checks that the buffer of Data is reused and every
// field overwritten.
func TestReadRecordInto(t *testing.T) {
	r, err := pcap.NewReader(bytes.NewReader(pcapngBigEndian))
	if err != nil {
		t.Fatal(err)
	}
	rec := nlcap.Record{Data: make([]byte, 0, 1024), Comment: "stale", Interface: 9}
	p := &rec.Data[:1][0]
	if err := r.ReadRecordInto(&rec); err != nil {
		t.Fatal(err)
	}
	if &rec.Data[0] != p {
		t.Error("Data was reallocated")
	}
	if diff := cmp.Diff(pcapngBigEndianRecord, rec, recordOpts); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if err := r.ReadRecordInto(&rec); err != io.EOF {
		t.Errorf("second read: %v, want io.EOF", err)
	}
}

// TestBadHeaders checks files that are not captures at all.
func TestBadHeaders(t *testing.T) {
	le := binary.LittleEndian
	v3 := classicHeader(le, 0xa1b2c3d4, 253)
	v3[4] = 3
	badBOM := shb(le)
	copy(badBOM[8:], []byte{1, 2, 3, 4})
	ngV2 := shb(le)
	ngV2[12] = 2
	tests := []struct {
		name string
		file []byte
		msg  string
	}{
		{"gzip", []byte{0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0}, "pcap: unknown file format: magic 0x1f8b0800"},
		{"text", []byte("hello world\n"), "pcap: unknown file format: magic 0x68656c6c"},
		{"pcap 3.4", v3, "pcap: unsupported format version: pcap 3.4"},
		{"pcapng byte-order magic", badBOM, "pcap: offset 0: bad pcapng byte-order magic: 01 02 03 04"},
		{"pcapng 2.0", ngV2, "pcap: offset 0: unsupported format version: pcapng 2.0"},
		{"pcapng short section header", []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x10, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 0, 0, 0, 0}, "pcap: offset 0: bad pcapng block length: section header 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pcap.NewReader(bytes.NewReader(tt.file))
			if err == nil || err.Error() != tt.msg {
				t.Errorf("error %v, want %q", err, tt.msg)
			}
		})
	}
}

// BenchmarkReader reads the testdata captures from memory, reusing one
// record.
func BenchmarkReader(b *testing.B) {
	var files [][]byte
	var size int64
	for _, name := range captures(b) {
		_, recs := readFile(b, name)
		f := writeAll(b, nil, recs)
		files = append(files, f)
		size += int64(len(f))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var rec nlcap.Record
	n := 0
	for b.Loop() {
		for _, f := range files {
			r, err := pcap.NewReader(bytes.NewReader(f))
			if err != nil {
				b.Fatal(err)
			}
			for {
				if err := r.ReadRecordInto(&rec); err != nil {
					if err != io.EOF {
						b.Fatal(err)
					}
					break
				}
				n++
			}
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
