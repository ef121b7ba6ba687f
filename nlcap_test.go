package nlcap_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// cooked is the header libpcap writes for an nlmon record of NETLINK_GENERIC:
//
//	00 04 03 38 00 00 00 00  00 00 00 00 00 00 00 10
var cooked = []byte{0x00, 0x04, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x10}

func TestPseudoHeaderRoundTrip(t *testing.T) {
	b, err := nlcap.NewPseudoHeader(nlcap.FamilyGeneric).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cooked, b); diff != "" {
		t.Errorf("MarshalBinary (-want +got):\n%s", diff)
	}
	var h nlcap.PseudoHeader
	if err := h.UnmarshalBinary(cooked); err != nil {
		t.Fatal(err)
	}
	if h.Family != nlcap.FamilyGeneric || h.HAType != 824 || h.PacketType != 4 {
		t.Errorf("UnmarshalBinary = %+v", h)
	}
	if err := h.UnmarshalBinary(cooked[:15]); err == nil {
		t.Error("UnmarshalBinary of 15 bytes: no error")
	}
}

func nlmsg(typ, flags uint16, seq uint32, body []byte) []byte {
	b := make([]byte, 16, 16+len(body))
	binary.NativeEndian.PutUint32(b, uint32(16+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], flags)
	binary.NativeEndian.PutUint32(b[8:], seq)
	return append(b, body...)
}

func TestRecordMessages(t *testing.T) {
	two := append(nlmsg(18, 0x301, 1, []byte{1, 2, 3}), 0) // unaligned first message: padded to 20
	two = append(two, nlmsg(3, 0, 1, []byte{0, 0, 0, 0})...)
	for _, tt := range []struct {
		name    string
		data    []byte
		n       int
		wantErr bool
	}{
		{"two messages", two, 2, false},
		{"zero tail under 16 bytes", append(append([]byte{}, two...), make([]byte, 12)...), 2, false},
		{"length past the record", func() []byte { b := nlmsg(18, 1, 1, nil); binary.NativeEndian.PutUint32(b, 99); return b }(), 0, true},
		{"length under 16", func() []byte { b := nlmsg(18, 1, 1, nil); binary.NativeEndian.PutUint32(b, 4); return b }(), 0, true},
		{"empty", nil, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := nlcap.Record{Data: tt.data, ByteOrder: binary.NativeEndian}
			n, gotErr := 0, false
			for _, err := range r.Messages() {
				if err != nil {
					gotErr = true
					if !errors.Is(err, nlcap.ErrTruncatedMessage) {
						t.Errorf("error %v is not ErrTruncatedMessage", err)
					}
					continue
				}
				n++
			}
			if n != tt.n || gotErr != tt.wantErr {
				t.Errorf("%d messages, error %v; want %d, %v", n, gotErr, tt.n, tt.wantErr)
			}
		})
	}
}

func TestInferDirection(t *testing.T) {
	for _, tt := range []struct {
		data []byte
		want nlcap.Direction
	}{
		{nlmsg(18, 0x1, 1, nil), nlcap.DirectionToKernel},
		{nlmsg(16, 0x2, 1, nil), nlcap.DirectionFromKernel},
		{nlmsg(16, 0, 1, nil)[:10], nlcap.DirectionUnknown},
	} {
		if got := nlcap.InferDirection(tt.data, binary.NativeEndian); got != tt.want {
			t.Errorf("InferDirection(%x) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestParseFamilies(t *testing.T) {
	got, err := nlcap.ParseFamilies("route, genl,netfilter,4")
	if err != nil {
		t.Fatal(err)
	}
	want := []nlcap.Family{nlcap.FamilyRoute, nlcap.FamilyGeneric, nlcap.FamilyNetfilter, nlcap.FamilySockDiag}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseFamilies (-want +got):\n%s", diff)
	}
	if _, err := nlcap.ParseFamilies("route,nosuch"); err == nil {
		t.Error("ParseFamilies(nosuch): no error")
	}
}
