package dissect

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
)

// testCapture is one capture of ../testdata/captures, read whole.
type testCapture struct {
	name    string
	records []nlcap.Record
	frames  [][]byte // the raw pcap records, cooked header included
}

// engineCaptures reads every classic pcap file of ../testdata/captures with
// a minimal reader (the pcap package has its own, fully tested one; this
// keeps dissect's tests independent of it).
func engineCaptures(t testing.TB) []testCapture {
	t.Helper()
	files, err := filepath.Glob("../testdata/captures/*.pcap")
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures in ../testdata/captures: %v", err)
	}
	var out []testCapture
	for _, f := range files {
		c, err := readClassicPcap(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, c)
	}
	return out
}

func readClassicPcap(path string) (testCapture, error) {
	c := testCapture{name: filepath.Base(path)}
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if len(b) < 24 {
		return c, errors.New("short pcap header")
	}
	var order binary.ByteOrder
	nano := false
	switch m := binary.LittleEndian.Uint32(b); m {
	case 0xa1b2c3d4, 0xa1b23c4d:
		order, nano = binary.LittleEndian, m == 0xa1b23c4d
	case 0xd4c3b2a1, 0x4d3cb2a1:
		order, nano = binary.BigEndian, m == 0x4d3cb2a1
	default:
		return c, fmt.Errorf("magic %#x: not classic pcap", m)
	}
	if lt := order.Uint32(b[20:]) & 0xffff; lt != nlcap.LinkTypeNetlink {
		return c, fmt.Errorf("link type %d", lt)
	}
	for off := 24; off < len(b); {
		if len(b)-off < 16 {
			return c, io.ErrUnexpectedEOF
		}
		sec, frac := order.Uint32(b[off:]), order.Uint32(b[off+4:])
		incl, orig := int(order.Uint32(b[off+8:])), int(order.Uint32(b[off+12:]))
		off += 16
		if incl > len(b)-off || incl < nlcap.PseudoHeaderLen {
			return c, fmt.Errorf("record at %d: bad length %d", off, incl)
		}
		frame := b[off : off+incl]
		off += incl
		var ph nlcap.PseudoHeader
		if err := ph.UnmarshalBinary(frame); err != nil {
			return c, err
		}
		ns := int64(frac) * 1000
		if nano {
			ns = int64(frac)
		}
		c.frames = append(c.frames, frame)
		c.records = append(c.records, nlcap.Record{
			Timestamp: time.Unix(int64(sec), ns).UTC(),
			Family:    ph.Family,
			OrigLen:   orig - nlcap.PseudoHeaderLen,
			ByteOrder: order,
			Data:      frame[nlcap.PseudoHeaderLen:],
		})
	}
	return c, nil
}
