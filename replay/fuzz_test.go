package replay

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// fuzzFamilies are the families a fuzz record can have (2 bits).
var fuzzFamilies = [4]nlcap.Family{nlcap.FamilyRoute, nlcap.FamilyGeneric, nlcap.FamilyNetfilter, nlcap.FamilySockDiag}

// fuzzRecords turns fuzz input into records. Each record is a 3-byte
// header, then its data:
//
//	byte 0: bits 0-1 family (fuzzFamilies), bits 2-3 direction (0 unknown,
//	        1 to-kernel, 2 from-kernel), bit 5 big-endian, bit 6 snapped
//	bytes 1-2: data length, little-endian (cut to what is left)
func fuzzRecords(b []byte) []nlcap.Record {
	var recs []nlcap.Record
	for len(b) >= 3 && len(recs) < 256 {
		h := b[0]
		n := min(int(binary.LittleEndian.Uint16(b[1:3])), len(b)-3)
		b = b[3:]
		r := nlcap.Record{
			Family:    fuzzFamilies[h&3],
			Direction: nlcap.Direction((h >> 2) % 3),
			ByteOrder: binary.LittleEndian,
			Data:      b[:n:n],
			OrigLen:   n,
		}
		if h&0x20 != 0 {
			r.ByteOrder = binary.BigEndian
		}
		if h&0x40 != 0 {
			r.OrigLen++
		}
		recs = append(recs, r)
		b = b[n:]
	}
	return recs
}

// encodeFuzzRecords is the inverse of fuzzRecords, for seeds.
func encodeFuzzRecords(recs []nlcap.Record) []byte {
	var out []byte
	for _, r := range recs {
		h := byte(0)
		for i, f := range fuzzFamilies {
			if f == r.Family {
				h = byte(i)
			}
		}
		h |= byte(r.Direction%3) << 2
		if r.ByteOrder == binary.BigEndian {
			h |= 0x20
		}
		n := min(len(r.Data), 0xffff)
		out = append(out, h, byte(n), byte(n>>8))
		out = append(out, r.Data[:n]...)
	}
	return out
}

func captureRecords(f *testing.F, path string) []nlcap.Record {
	fh, err := os.Open(path)
	if err != nil {
		f.Fatal(err)
	}
	defer fh.Close()
	r, err := pcap.NewReader(fh)
	if err != nil {
		f.Fatal(err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			f.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

// FuzzScript builds a script and a mock from arbitrary record sequences
// and sends them requests: nothing may panic, and a request copied from
// the script must be served in non-strict mode.
func FuzzScript(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "captures", "*.pcap*"))
	for _, p := range paths {
		recs := captureRecords(f, p)
		f.Add(encodeFuzzRecords(recs))
		// Each request with the record after it.
		for i := 0; i+1 < len(recs); i++ {
			f.Add(encodeFuzzRecords(recs[i : i+2]))
		}
	}
	f.Add([]byte{})
	f.Add([]byte{0x04, 16, 0, 16, 0, 0, 0, 18, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := NewScript(fuzzRecords(b))
		if err != nil {
			if s != nil {
				t.Fatalf("NewScript returned a script and error %v", err)
			}
			return
		}
		for _, cfg := range []*MockConfig{nil, {Strict: true}, {Ordered: true}, {Strict: true, Ordered: true, RequireAllServed: true}} {
			m := NewMock(s, cfg)
			fn := m.Func()
			for i := range s.Exchanges {
				if i >= 8 {
					break
				}
				e := &s.Exchanges[i]
				req := make([]netlink.Message, len(e.Messages))
				copy(req, e.Messages)
				got, err := fn(req)
				if cfg == nil && err != nil {
					t.Fatalf("non-strict mock: request %d: %v", i, err)
				}
				Compare(e.Answers, got, &CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: s.GenlFamilies})
				// The rewrites walk the registry's tags over the same bytes.
				if b, _ := s.Rewrite(e, s.GenlFamilies, s.Interfaces(), &Resolver{
					Ifindex:    func(string) (uint32, bool) { return 1, true },
					GenlFamily: func(string) (uint16, bool) { return 0x30, true },
					GenlGroup:  func(string, string) (uint32, bool) { return 9, true },
				}); len(b) != len(e.Request) {
					t.Fatalf("request %d: rewrite changed the length %d → %d", i, len(e.Request), len(b))
				}
				// A mutated copy: other flags, truncated body.
				for j := range req {
					req[j].Header.Flags ^= netlink.Acknowledge
					if len(req[j].Data) > 0 {
						req[j].Data = req[j].Data[:len(req[j].Data)-1]
					}
				}
				if _, err := fn(req); err != nil && !errors.Is(err, ErrUnexpectedRequest) {
					t.Fatalf("mutated request %d: %v", i, err)
				} else if err != nil && err.Error() == "" {
					t.Fatalf("mutated request %d: empty error text", i)
				}
			}
			for range 3 {
				if _, err := fn(nil); err != nil && !errors.Is(err, ErrNothingToReceive) {
					t.Fatalf("receive: %v", err)
				}
			}
			m.Unserved()
			m.Unmatched()
			if err := m.Check(); err != nil && err.Error() == "" {
				t.Fatal("Check: empty error text")
			}
		}
	})
}
