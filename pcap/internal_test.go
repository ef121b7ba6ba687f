package pcap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
)

// TestSentinels checks that errors wrap the sentinel they are about.
func TestSentinels(t *testing.T) {
	le := binary.LittleEndian
	hdr := func(magic uint32, major uint16) []byte {
		b := le.AppendUint32(nil, magic)
		b = le.AppendUint16(b, major)
		b = le.AppendUint16(b, 4)
		b = append(b, make([]byte, 8)...)
		b = le.AppendUint32(b, 262144)
		return le.AppendUint32(b, 253)
	}
	rec := func(capLen uint32, data []byte) []byte {
		b := le.AppendUint32(nil, 1)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, capLen)
		b = le.AppendUint32(b, capLen)
		return append(b, data...)
	}
	ether := []byte{0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", nil, errEmptyFile},
		{"magic", []byte("GIF89a"), errUnknownMagic},
		{"version", hdr(magicMicroseconds, 3), errVersion},
		{"caplen", append(hdr(magicMicroseconds, 2), rec(MaxRecordLen+1, nil)...), errCapLen},
		{"short", append(hdr(magicMicroseconds, 2), rec(3, []byte{1, 2, 3})...), errShortRecord},
		{"hatype", append(hdr(magicMicroseconds, 2), rec(16, ether)...), errCookedHeader},
		{"truncated", append(hdr(magicMicroseconds, 2), rec(16, ether[:4])...), io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.file))
			if err == nil {
				_, err = r.ReadRecord()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestTimestamp checks if_tsresol and if_tsoffset arithmetic.
func TestTimestamp(t *testing.T) {
	tests := []struct {
		name   string
		resol  uint8
		offset int64
		ts     uint64
		want   time.Time
	}{
		{"microseconds", 6, 0, 1_795_333_763_922_904, time.Unix(1795333763, 922904000)},
		{"nanoseconds", 9, 0, 1_795_333_763_922_904_021, time.Unix(1795333763, 922904021)},
		{"seconds", 0, 0, 1_795_333_763, time.Unix(1795333763, 0)},
		{"milliseconds", 3, 0, 1500, time.Unix(1, 500_000_000)},
		{"picoseconds truncated", 12, 0, 1_000_000_999_999, time.Unix(1, 999)},
		{"10^-19", 19, 0, 1e19 - 1, time.Unix(0, 999_999_999)},
		{"2^-10", 0x80 | 10, 0, 3<<10 | 512, time.Unix(3, 500_000_000)},
		{"2^-63", 0x80 | 63, 0, 1 << 62, time.Unix(0, 500_000_000)},
		{"2^0", 0x80, 0, 7, time.Unix(7, 0)},
		{"offset", 6, 1000, 1_500_000, time.Unix(1001, 500_000_000)},
		{"negative offset", 6, -10, 11_500_000, time.Unix(1, 500_000_000)},
		// Extremes are marked as no timestamp (the zero time): never
		// before 1970 nor past year 9999, so that --json stays RFC 3339.
		{"before 1970", 6, -10, 1_500_000, time.Time{}},
		{"seconds past 9999", 0, 0, 1 << 63, time.Time{}},
		{"largest seconds", 0, 0, 1<<64 - 1, time.Time{}},
		{"2^0 largest", 0x80, 0, 1<<64 - 1, time.Time{}},
		{"largest offset", 6, 1<<63 - 1, 1, time.Time{}},
		{"smallest offset", 6, -1 << 63, 1<<64 - 1, time.Time{}},
		{"offset past 9999", 9, 253402300799, 1e9, time.Time{}},
		{"last second of 9999", 9, 253402300798, 1e9 + 5, time.Unix(253402300799, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ifc := ngInterface{tsResol: tt.resol, tsOffset: tt.offset}
			got := ifc.timestamp(uint32(tt.ts>>32), uint32(tt.ts))
			if !got.Equal(tt.want) {
				t.Errorf("timestamp = %v, want %v", got, tt.want)
			}
			if _, err := got.MarshalJSON(); err != nil {
				t.Errorf("timestamp %v is not RFC 3339: %v", got, err)
			}
		})
	}
}

// TestDirectionFlags checks the epb_flags mapping both ways.
func TestDirectionFlags(t *testing.T) {
	for flags, want := range map[uint32]nlcap.Direction{
		0: nlcap.DirectionUnknown, 1: nlcap.DirectionToKernel, 2: nlcap.DirectionFromKernel,
		3: nlcap.DirectionUnknown, 0xfffffff1: nlcap.DirectionToKernel, flagsNone: nlcap.DirectionUnknown,
	} {
		if got := directionFromFlags(flags); got != want {
			t.Errorf("directionFromFlags(%#x) = %v, want %v", flags, got, want)
		}
	}
	for _, d := range []nlcap.Direction{nlcap.DirectionToKernel, nlcap.DirectionFromKernel} {
		if got := directionFromFlags(flagsFromDirection(d)); got != d {
			t.Errorf("round trip of %v gave %v", d, got)
		}
	}
	if f := flagsFromDirection(nlcap.DirectionUnknown); f != epbDirNone {
		t.Errorf("flagsFromDirection(unknown) = %d", f)
	}
}

// TestEachOption checks that malformed option lists stop quietly.
func TestEachOption(t *testing.T) {
	le := binary.LittleEndian
	tests := []struct {
		name string
		in   []byte
		want []uint16
	}{
		{"none", nil, nil},
		{"end", []byte{0, 0, 0, 0, 1, 0, 0, 0}, nil},
		{"two", []byte{1, 0, 1, 0, 'a', 0, 0, 0, 2, 0, 0, 0}, []uint16{1, 2}},
		{"unpadded last", []byte{1, 0, 1, 0, 'a'}, []uint16{1}},
		{"length past end", []byte{1, 0, 9, 0, 'a'}, nil},
		{"short header", []byte{1, 0, 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []uint16
			eachOption(tt.in, le, func(code uint16, _ []byte) { got = append(got, code) })
			if len(got) != len(tt.want) {
				t.Fatalf("codes %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("codes %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestSentinelsPcapng checks the pcapng sentinels.
func TestSentinelsPcapng(t *testing.T) {
	le := binary.LittleEndian
	blk := func(typ uint32, body ...byte) []byte {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		b := le.AppendUint32(nil, typ)
		b = le.AppendUint32(b, uint32(12+len(body)))
		b = append(b, body...)
		return le.AppendUint32(b, uint32(12+len(body)))
	}
	shb := blk(blockSHB, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	idb := blk(blockIDB, 253, 0, 0, 0, 0, 0, 4, 0)
	badResol := blk(blockIDB, 253, 0, 0, 0, 0, 0, 4, 0, 9, 0, 1, 0, 20, 0, 0, 0)
	isb5 := blk(blockISB, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	trailer := append(bytes.Clone(idb[:len(idb)-4]), 99, 0, 0, 0)
	badLen := append(le.AppendUint32(nil, 0x999), 13, 0, 0, 0)
	badBOM := bytes.Clone(shb)
	badBOM[8] = 0
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"trailer", append(bytes.Clone(shb), trailer...), errBlockTrailer},
		{"tsresol", append(bytes.Clone(shb), badResol...), errTSResol},
		{"isb interface", bytes.Join([][]byte{shb, idb, isb5}, nil), errNoInterface},
		{"block length", bytes.Join([][]byte{shb, idb, badLen}, nil), errBlockLength},
		{"short idb", append(bytes.Clone(shb), blk(blockIDB, 253, 0)...), errBlockBody},
		{"byte-order magic", badBOM, errByteOrderMark},
		{"link type", append(bytes.Clone(shb), blk(blockIDB, 1, 0, 0, 0, 0, 0, 4, 0)...), ErrLinkType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.file))
			if err == nil {
				_, err = r.ReadRecord()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestWriterSentinels checks the Writer's sentinels.
func TestWriterSentinels(t *testing.T) {
	if _, err := NewWriter(io.Discard, &WriterConfig{SnapLen: 1}); !errors.Is(err, errSnapLen) {
		t.Errorf("SnapLen 1: %v", err)
	}
	if _, err := NewWriter(io.Discard, &WriterConfig{Format: 9}); !errors.Is(err, errFormat) {
		t.Errorf("Format 9: %v", err)
	}
	for _, f := range []Format{FormatPcap, FormatPcapng} {
		w, err := NewWriter(io.Discard, &WriterConfig{Format: f, ByteOrder: binary.BigEndian})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRecord(nlcap.Record{Timestamp: time.Unix(-5, 0)}); !errors.Is(err, errTimestamp) {
			t.Errorf("%v: negative time: %v", f, err)
		}
		if err := w.WriteRecord(nlcap.Record{Timestamp: time.Unix(1, 0), ByteOrder: binary.LittleEndian}); !errors.Is(err, errByteOrderMixed) {
			t.Errorf("%v: mixed byte order: %v", f, err)
		}
	}
	w, _ := NewWriter(io.Discard, nil)
	if err := w.WriteRecord(nlcap.Record{Timestamp: time.Unix(1<<33, 0)}); !errors.Is(err, errTimestamp) {
		t.Errorf("pcap after 2106: %v", err)
	}
}
