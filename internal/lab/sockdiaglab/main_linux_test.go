package main

import (
	"encoding/binary"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// TestSmcDiagReqDecodes checks the request the program sends reads as
// smcss's: an smc_diag_req of AF_SMC with the extension bits named.
func TestSmcDiagReqDecodes(t *testing.T) {
	m := netlink.Message{
		Header: netlink.Header{Type: dissect.SOCK_DIAG_BY_FAMILY, Flags: dissect.NLM_F_REQUEST | dissect.NLM_F_ROOT, Sequence: smcssSeq, Length: 16 + 52},
		Data:   smcDiagReq(1<<(dissect.SMC_DIAG_CONNINFO-1) | 1<<(dissect.SMC_DIAG_DMBINFO-1)),
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	msgs := dissect.NewDecoder(nil).Decode(nlcap.Record{Family: nlcap.FamilySockDiag, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 || len(msgs[0].Trailing) > 0 || len(msgs[0].Fixed) == 0 {
		t.Fatalf("decoded %+v", msgs)
	}
	got := map[string]string{}
	for _, f := range msgs[0].Fixed {
		got[f.Name] = f.Value
	}
	if got["diag_family"] != "AF_SMC" || got["diag_ext"] != "SMC_DIAG_CONNINFO|SMC_DIAG_DMBINFO" {
		t.Errorf("smc_diag_req fields %v", got)
	}
}

// smcMsg builds an smc_diag_msg with a SMC_DIAG_FALLBACK attribute.
func smcMsg(state, mode uint8, src, dst [16]byte, sport, dport uint16, reason, peer uint32) []byte {
	b := make([]byte, 64, 64+12)
	b[0], b[1], b[2] = 43, state, mode
	binary.BigEndian.PutUint16(b[4:], sport)
	binary.BigEndian.PutUint16(b[6:], dport)
	copy(b[8:], src[:])
	copy(b[24:], dst[:])
	binary.NativeEndian.PutUint32(b[52:], 1000)
	binary.NativeEndian.PutUint64(b[56:], 4242)
	a := make([]byte, 12)
	binary.NativeEndian.PutUint16(a, 12)
	binary.NativeEndian.PutUint16(a[2:], dissect.SMC_DIAG_FALLBACK)
	binary.NativeEndian.PutUint32(a[4:], reason)
	binary.NativeEndian.PutUint32(a[8:], peer)
	return append(b, a...)
}

func TestSmcssLine(t *testing.T) {
	lo4 := [16]byte{127, 0, 0, 1}
	lo6 := [16]byte{15: 1}
	for _, tc := range []struct {
		name string
		msg  []byte
		want string
	}{
		{"fallback v4", smcMsg(1, 1, lo4, lo4, 4711, 40000, 0x05000000, 0x03030000),
			"ACTIVE         01000 0004242 127.0.0.1:4711          127.0.0.1:40000         0000 TCP 0x05000000/0x03030000"},
		{"fallback v6, no peer diagnosis", smcMsg(1, 1, lo6, lo6, 40000, 4712, 0x03030000, 0),
			"ACTIVE         01000 0004242 ::1:40000               ::1:4712                0000 TCP 0x03030000"},
		{"listen", smcMsg(10, 0, lo4, [16]byte{}, 4711, 0, 0, 0), "LISTEN         01000 0004242 127.0.0.1:4711          "},
		{"init", smcMsg(2, 0, [16]byte{}, [16]byte{}, 0, 0, 0, 0), "INIT           01000 0004242 "},
		{"smc-d", smcMsg(1, 2, lo4, lo4, 1, 2, 0, 0), "ACTIVE         01000 0004242 127.0.0.1:1             127.0.0.1:2             0000 SMCD"},
		{"unknown state", smcMsg(99, 0, [16]byte{}, [16]byte{}, 0, 0, 0, 0)[:64],
			"0x63?          01000 0004242 0.0.0.0:0               0.0.0.0:0               0000 SMCR"},
	} {
		got, err := smcssLine(tc.msg)
		if err != nil || got != tc.want {
			t.Errorf("%s: smcssLine =\n%q, %v; want\n%q", tc.name, got, err, tc.want)
		}
	}
	if _, err := smcssLine(make([]byte, 63)); err == nil {
		t.Error("smcssLine of 63 bytes: no error")
	}
	if _, err := smcssLine(append(smcMsg(1, 1, lo4, lo4, 1, 2, 0, 0), 9, 9)); err == nil {
		t.Error("smcssLine with a truncated attribute: no error")
	}
}
