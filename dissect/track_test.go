package dissect

import (
	"encoding/binary"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// checkTrack decodes recs twice: with one Decoder in order, and record by
// record with a fresh Decoder given the State of a second Decoder that only
// Tracks (the most extreme split of a parallel decode). The messages must
// be the same, and so must the states after every record. learn runs a
// Learn pass first, as nlcap -r does on a regular file.
func checkTrack(t *testing.T, recs []nlcap.Record, cfg *Config, learn bool) {
	t.Helper()
	seq, tr := NewDecoder(cfg), NewDecoder(cfg)
	if learn {
		for _, r := range recs {
			seq.Learn(r)
			tr.Learn(r)
		}
	}
	stateOpt := cmp.AllowUnexported(State{}, pendingSet{}, pendingKey{})
	for i, r := range recs {
		w := NewDecoder(cfg)
		w.SetState(tr.State())
		if diff := quickDiff(seq.Decode(r, i), w.Decode(r, i)); diff != "" {
			t.Fatalf("record %d: decoded from a tracked state (-in order +tracked):\n%s", i, diff)
		}
		tr.Track(r)
		s := seq.State()
		if diff := quickDiff(s, tr.State(), stateOpt); diff != "" {
			t.Fatalf("record %d: state after Track (-decode +track):\n%s", i, diff)
		}
		if diff := quickDiff(s, w.State(), stateOpt); diff != "" {
			t.Fatalf("record %d: state of the tracked decoder (-in order +tracked):\n%s", i, diff)
		}
	}
}

// quickDiff reports how got differs from want ("" when equal) for values
// that are mostly equal: reflect.DeepEqual first, the slow cmp.Diff only
// on a difference (which it never reports as none).
func quickDiff(want, got any, opts ...cmp.Option) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	if d := cmp.Diff(want, got, opts...); d != "" {
		return d
	}
	return "reflect.DeepEqual differs where cmp.Diff sees no difference"
}

// TestTrack checks Track and State on every testdata capture, with the
// configurations nlcap -r uses (one-line: Brief; -v and --json: full).
func TestTrack(t *testing.T) {
	for _, c := range engineCaptures(t) {
		for _, cfg := range []*Config{nil, {Brief: true}, {Numeric: true}} {
			for _, learn := range []bool{false, true} {
				checkTrack(t, c.records, cfg, learn)
			}
		}
		t.Logf("%s: %d records", c.name, len(c.records))
	}
}

// TestStateTakenOver checks that SetState takes its State over and that a
// State copies: what one Decoder learns later does not reach the other.
func TestStateTakenOver(t *testing.T) {
	a := NewDecoder(nil)
	a.Learn(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
		Data: nlmsg(genlIDCtrl, 0, 0, 0, []byte{1, 2, 0, 0}, nla(1, u16(0x20)), nla(2, str("wireguard")))})
	s := a.State()
	if s.Len() == 0 {
		t.Fatal("empty state")
	}
	b := NewDecoder(nil)
	b.SetState(s)
	if s.Len() != 0 {
		t.Errorf("State still holds %d entries after SetState", s.Len())
	}
	b.SetState(s) // taken over: no effect
	if got := b.GenlFamilies()[0x20]; got != "wireguard" {
		t.Errorf("family 0x20 = %q after SetState", got)
	}
	a.Learn(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
		Data: nlmsg(genlIDCtrl, 0, 0, 0, []byte{1, 2, 0, 0}, nla(1, u16(0x21)), nla(2, str("ethtool")))})
	if _, ok := b.GenlFamilies()[0x21]; ok {
		t.Error("a later Learn of the source reached the copy")
	}
}

// FuzzTrack splits its input into records (a 2-byte length, a family byte,
// the bytes) and checks Track against in-order decoding as TestTrack does.
func FuzzTrack(f *testing.F) {
	for _, c := range engineCaptures(f) {
		var in []byte
		for i, r := range c.records {
			if i == 24 {
				break
			}
			in = binary.BigEndian.AppendUint16(in, uint16(min(len(r.Data), 0xffff)))
			in = append(in, byte(r.Family))
			in = append(in, r.Data[:min(len(r.Data), 0xffff)]...)
		}
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var recs []nlcap.Record
		for len(in) >= 3 {
			n := int(binary.BigEndian.Uint16(in))
			fam := nlcap.Family(in[2] % 32)
			in = in[3:]
			n = min(n, len(in))
			recs = append(recs, nlcap.Record{Family: fam, ByteOrder: binary.LittleEndian, Data: in[:n]})
			in = in[n:]
		}
		checkTrack(t, recs, &Config{Brief: true}, true)
		checkTrack(t, recs, nil, false)
	})
}
