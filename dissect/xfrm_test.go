package dissect

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// xfrmAlgoBytes builds struct xfrm_algo (extra >= 0: the auth/aead u32).
func xfrmAlgoBytes(name string, key []byte, extra int) []byte {
	b := make([]byte, 64, 72+len(key))
	copy(b, name)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(key)*8))
	if extra >= 0 {
		b = binary.LittleEndian.AppendUint32(b, uint32(extra))
	}
	return append(b, key...)
}

func TestXFRMNewSA(t *testing.T) {
	sa := make([]byte, 224)
	copy(sa[56:], []byte{192, 0, 2, 2}) // id.daddr
	binary.BigEndian.PutUint32(sa[72:], 0xc0ffee)
	sa[76] = 50 // IPPROTO_ESP
	copy(sa[80:], []byte{192, 0, 2, 1})
	binary.LittleEndian.PutUint64(sa[96:], ^uint64(0))
	binary.LittleEndian.PutUint64(sa[176:], 1796411398) // curlft.add_time
	binary.LittleEndian.PutUint32(sa[208:], 7)
	binary.LittleEndian.PutUint16(sa[212:], 2)
	sa[214] = 1 // tunnel
	sa[216] = 8 // XFRM_STATE_WILDRECV
	key := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	body := cat(sa,
		nla(2, xfrmAlgoBytes("cbc(aes)", key, -1)),
		nla(20, xfrmAlgoBytes("hmac(sha256)", key, 96)),
		nla(18, xfrmAlgoBytes("rfc4106(gcm(aes))", key[:4], 128)),
		nla(9, make([]byte, 32)),
	)
	m := NewDecoder(&Config{ShowSecrets: true}).Decode(rec(nlcap.FamilyXFRM, nlmsg(XFRM_MSG_NEWSA, nlmFRequest|nlmFAck, 1, 0, body)), 0)[0]
	if m.Problem != "" || m.Trailing != nil {
		t.Fatalf("problem %q trailing %x", m.Problem, m.Trailing)
	}
	if m.TypeName != "XFRM_MSG_NEWSA" || m.Summary != "src 192.0.2.1 dst 192.0.2.2 IPPROTO_ESP spi 0xc0ffee XFRM_MODE_TUNNEL" {
		t.Errorf("type %s summary %q", m.TypeName, m.Summary)
	}
	fixed := fixedString(m.Fixed)
	for _, want := range []string{"id.spi=0xc0ffee", "lft.soft_byte_limit=inf", "curlft.add_time=1796411398", "reqid=7",
		"family=AF_INET", "mode=XFRM_MODE_TUNNEL", "flags=XFRM_STATE_WILDRECV"} {
		if !strings.Contains(fixed, want) {
			t.Errorf("fixed fields lack %q: %s", want, fixed)
		}
	}
	var got []string
	for _, a := range m.Attrs {
		got = append(got, a.Name+": "+a.Value)
	}
	want := []string{
		`XFRMA_ALG_CRYPT: alg_name="cbc(aes)" alg_key_len=128 alg_key=0102030405060708090a0b0c0d0e0f10`,
		`XFRMA_ALG_AUTH_TRUNC: alg_name="hmac(sha256)" alg_key_len=128 alg_trunc_len=96 alg_key=0102030405060708090a0b0c0d0e0f10`,
		`XFRMA_ALG_AEAD: alg_name="rfc4106(gcm(aes))" alg_key_len=32 alg_icv_len=128 alg_key=01020304`,
		"XFRMA_LTIME_VAL: bytes=0 packets=0 add_time=0 use_time=0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Tags: the algorithms are secret, the current lifetime volatile,
	// and so are the counters of the struct.
	for typ, tag := range map[uint16]Tag{1: TagSecret, 2: TagSecret, 3: TagSecret, 18: TagSecret, 20: TagSecret, 9: TagVolatile} {
		if a := xfrmAttrs.Attr(typ); a == nil || a.Tags&tag == 0 {
			t.Errorf("XFRMA type %d lacks tag %v", typ, tag)
		}
	}
	var vol []string
	for _, f := range xfrmUsersaInfo.Tagged {
		if f.Tags&TagVolatile != 0 {
			vol = append(vol, f.Name)
		}
	}
	if diff := cmp.Diff([]string{"curlft.bytes", "curlft.packets", "curlft.add_time", "curlft.use_time", "stats.replay", "stats.integrity_failed"}, vol); diff != "" {
		t.Errorf("volatile (-want +got):\n%s", diff)
	}
}

func TestXFRMMessages(t *testing.T) {
	// Each message type decodes its own struct; a short one says so.
	cases := []struct {
		typ, flags uint16
		body       []byte
		header     string
	}{
		{XFRM_MSG_DELSA, nlmFRequest, make([]byte, 24), "xfrm_usersa_id"},
		{XFRM_MSG_GETSA, nlmFRequest | nlmFDump, nil, ""},
		{XFRM_MSG_GETSA, nlmFRequest, make([]byte, 24), "xfrm_usersa_id"},
		{XFRM_MSG_ACQUIRE, 0, make([]byte, 280), "xfrm_user_acquire"},
		{XFRM_MSG_EXPIRE, 0, make([]byte, 232), "xfrm_user_expire"},
		{XFRM_MSG_POLEXPIRE, 0, make([]byte, 176), "xfrm_user_polexpire"},
		{XFRM_MSG_MIGRATE, nlmFRequest, cat(make([]byte, 64), nla(17, make([]byte, 76))), "xfrm_userpolicy_id"},
		{XFRM_MSG_NEWAE, 0, make([]byte, 48), "xfrm_aevent_id"},
		{XFRM_MSG_REPORT, 0, make([]byte, 60), "xfrm_user_report"},
		{XFRM_MSG_MAPPING, 0, make([]byte, 64), "xfrm_user_mapping"},
		{XFRM_MSG_FLUSHSA, nlmFRequest, []byte{50, 0, 0, 0}, "xfrm_usersa_flush"},
		{XFRM_MSG_GETDEFAULT, nlmFRequest, []byte{2, 2, 1, 0}, "xfrm_userpolicy_default"},
	}
	for _, c := range cases {
		m := NewDecoder(nil).Decode(rec(nlcap.FamilyXFRM, nlmsg(c.typ, c.flags, 1, 0, c.body)), 0)[0]
		if m.Problem != "" || m.Trailing != nil || m.FixedName != c.header {
			t.Errorf("%s: header %q problem %q trailing %x", m.TypeName, m.FixedName, m.Problem, m.Trailing)
		}
		for _, a := range m.Attrs {
			if a.Name == "" || a.Problem != "" {
				t.Errorf("%s: attribute %d %q %q", m.TypeName, a.Type, a.Name, a.Problem)
			}
		}
	}
	m := NewDecoder(&Config{ShowSecrets: true}).Decode(rec(nlcap.FamilyXFRM, nlmsg(XFRM_MSG_NEWSA, 0, 1, 0, make([]byte, 100))), 0)[0]
	if !strings.Contains(m.Problem, "xfrm_usersa_info needs 224 bytes") {
		t.Errorf("short SA: %q", m.Problem)
	}
}

// xfrmSAWithAlgos is XFRM_MSG_NEWSA as `ip xfrm state add ... enc
// 'cbc(aes)' KEY auth-trunc 'hmac(sha256)' KEY 96` sends it: struct
// xfrm_usersa_info, then XFRMA_ALG_AUTH_TRUNC (struct xfrm_algo_auth) and
// XFRMA_ALG_CRYPT (struct xfrm_algo), each key in alg_key[] after the
// head, its length alg_key_len bits (net/xfrm/xfrm_user.c, xfrm_alg_len).
func xfrmSAWithAlgos(key []byte) []byte {
	sa := make([]byte, 224)
	binary.LittleEndian.PutUint16(sa[212:], 2) // AF_INET
	return nlmsg(XFRM_MSG_NEWSA, nlmFRequest|nlmFAck, 1, 0, cat(sa,
		nla(XFRMA_ALG_AUTH_TRUNC, xfrmAlgoBytes("hmac(sha256)", key, 96)),
		nla(XFRMA_ALG_CRYPT, xfrmAlgoBytes("cbc(aes)", key[:16], -1)),
		nla(XFRMA_ALG_AEAD, xfrmAlgoBytes("rfc4106(gcm(aes))", key[:20], 128)),
		nla(XFRMA_ALG_COMP, xfrmAlgoBytes("deflate", nil, -1)),
	))
}

func TestXFRMRedactKeepsAlgorithm(t *testing.T) {
	key := bytes.Repeat([]byte{0xa5}, 32)
	data := xfrmSAWithAlgos(key)
	// Redacted by default: the key only; the name and lengths stay.
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyXFRM, data), 0)[0]
	var got []string
	for _, a := range m.Attrs {
		if !a.Secret {
			t.Errorf("%s: not secret", a.Name)
		}
		got = append(got, a.Name+": "+a.Value)
	}
	want := []string{
		`XFRMA_ALG_AUTH_TRUNC: alg_name="hmac(sha256)" alg_key_len=256 alg_trunc_len=96 alg_key=<redacted 32 bytes>`,
		`XFRMA_ALG_CRYPT: alg_name="cbc(aes)" alg_key_len=128 alg_key=<redacted 16 bytes>`,
		`XFRMA_ALG_AEAD: alg_name="rfc4106(gcm(aes))" alg_key_len=160 alg_icv_len=128 alg_key=<redacted 20 bytes>`,
		`XFRMA_ALG_COMP: alg_name="deflate" alg_key_len=0 alg_key=<redacted 0 bytes>`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("redacted values (-want +got):\n%s", diff)
	}
	// A payload too short for the head is redacted whole.
	short := nlmsg(XFRM_MSG_NEWSA, nlmFRequest, 1, 0, cat(make([]byte, 224), nla(XFRMA_ALG_CRYPT, key[:20])))
	if a := NewDecoder(nil).Decode(rec(nlcap.FamilyXFRM, short), 0)[0].Attrs[0]; a.Value != "<redacted 20 bytes>" {
		t.Errorf("short algorithm: %q", a.Value)
	}

	// nlcap -r IN -w OUT --redact: the key bytes are zeroed, nothing else.
	r := rec(nlcap.FamilyXFRM, bytes.Clone(data))
	n := NewRedactor(nil).Redact(&r)
	if want := 32 + 16 + 20; n != want {
		t.Errorf("zeroed %d bytes, want %d", n, want)
	}
	diff := 0
	for i := range data {
		if data[i] != r.Data[i] {
			if data[i] != 0xa5 || r.Data[i] != 0 {
				t.Fatalf("byte %d: %#x -> %#x", i, data[i], r.Data[i])
			}
			diff++
		}
	}
	if diff != n || bytes.Contains(r.Data, []byte{0xa5}) {
		t.Errorf("%d bytes changed, %d zeroed; key left: %v", diff, n, bytes.Contains(r.Data, []byte{0xa5}))
	}
	m = NewDecoder(&Config{ShowSecrets: true}).Decode(r, 0)[0]
	if a := m.Attrs[1]; a.Value != `alg_name="cbc(aes)" alg_key_len=128 alg_key=00000000000000000000000000000000` {
		t.Errorf("redacted copy: %s: %s", a.Name, a.Value)
	}
}
