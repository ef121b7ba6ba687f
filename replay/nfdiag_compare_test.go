package replay

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// inetDiagAnswer builds a SOCK_DIAG_BY_FAMILY answer: inet_diag_msg of
// 127.0.0.1:8080 in state state, with cookie, inode and a tcp_info (rtt).
func inetDiagAnswer(state uint8, cookie, inode, rtt uint32) []byte {
	le := binary.LittleEndian
	b := make([]byte, 72)
	b[0], b[1] = 2, state
	binary.BigEndian.PutUint16(b[4:], 8080)
	copy(b[8:], []byte{127, 0, 0, 1})
	le.PutUint32(b[44:], cookie)
	le.PutUint32(b[68:], inode)
	info := make([]byte, 104)
	info[0] = state
	le.PutUint32(info[68:], rtt)
	b = appendAttr(b, le, 4, []byte("cubic\x00")) // INET_DIAG_CONG
	b = appendAttr(b, le, 2, info)                // INET_DIAG_INFO
	return msg(20, 2, 1, 1, b...)                 // NLM_F_MULTI
}

// TestCompareSockDiag: answers differing only in what the sock_diag
// overlay tags volatile (cookie, inode, tcp_info) match; a different state
// does not. The answer's layout is inet_diag_msg, not the request's.
func TestCompareSockDiag(t *testing.T) {
	o := &CompareOptions{Family: nlcap.FamilySockDiag, ByteOrder: binary.LittleEndian}
	rec := msgs(t, inetDiagAnswer(10, 0x1099, 4242, 18), done(1, 1))
	if v := Compare(rec, msgs(t, inetDiagAnswer(10, 0x2000, 9999, 30), done(1, 1)), o); !v.Match {
		t.Errorf("volatile fields differ: %s\n%s", v.Reason, v.Diff)
	}
	if v := Compare(rec, msgs(t, inetDiagAnswer(1, 0x1099, 4242, 18), done(1, 1)), o); v.Match || !strings.Contains(v.Reason, "objects differ") {
		t.Errorf("state differs: match %v, reason %q", v.Match, v.Reason)
	}
}

// nfAnswer builds a netfilter answer of type typ: nfgenmsg with res_id
// and the attributes (big-endian values).
func nfAnswer(typ uint16, resID uint16, attrs ...[]byte) []byte {
	b := []byte{2, 0, byte(resID >> 8), byte(resID)}
	for _, a := range attrs {
		b = append(b, a...)
	}
	return msg(typ, 2, 1, 1, b...)
}

func beAttr(typ uint16, v ...byte) []byte { return appendAttr(nil, binary.LittleEndian, typ, v) }

// TestCompareNetfilter: the nf_tables generation (NFTA_GEN_ID, the asking
// process's NFTA_GEN_PROC_PID and _NAME, res_id) and a conntrack entry's
// id, timeout and counters differ between runs without a divergence; a
// conntrack entry's port does not.
func TestCompareNetfilter(t *testing.T) {
	o := &CompareOptions{Family: nlcap.FamilyNetfilter, ByteOrder: binary.LittleEndian}
	gen := func(id, pid byte, name string) []byte {
		return nfAnswer(0x0a0f, uint16(id), beAttr(1, 0, 0, 0, id), beAttr(2, 0, 0, 0, pid), beAttr(3, append([]byte(name), 0)...))
	}
	if v := Compare(msgs(t, gen(1, 100, "nft")), msgs(t, gen(9, 200, "nft-live")), o); !v.Match {
		t.Errorf("generation differs: %s\n%s", v.Reason, v.Diff)
	}
	ct := func(port byte, id, timeout byte, packets byte) []byte {
		proto := appendAttr(nil, binary.LittleEndian, 2|0x8000,
			append(beAttr(1, 6, 0, 0, 0), beAttr(3, 0, port)...)) // CTA_PROTO_NUM tcp, CTA_PROTO_DST_PORT
		tuple := appendAttr(nil, binary.LittleEndian, 1|0x8000, proto) // CTA_TUPLE_ORIG
		counters := appendAttr(nil, binary.LittleEndian, 9|0x8000, beAttr(1, 0, 0, 0, 0, 0, 0, 0, packets))
		return nfAnswer(0x0100, 0, tuple, beAttr(7, 0, 0, 0, timeout), beAttr(12, 0, 0, 0, id), counters)
	}
	rec := msgs(t, ct(80, 1, 120, 0), done(1, 1))
	if v := Compare(rec, msgs(t, ct(80, 7, 99, 5), done(1, 1)), o); !v.Match {
		t.Errorf("id, timeout and counters differ: %s\n%s", v.Reason, v.Diff)
	}
	if v := Compare(rec, msgs(t, ct(81, 1, 120, 0), done(1, 1)), o); v.Match {
		t.Error("a different port matched")
	}
}
