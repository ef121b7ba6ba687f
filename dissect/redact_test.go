package dissect

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/wgkeys"
)

// wgShowAnswer is the answer to `wg show wg0` of package wgkeys.
func wgShowAnswer() []byte { return wgkeys.Records()[1].Data }

func decodeWG(t *testing.T, cfg *Config, data []byte) Message {
	t.Helper()
	d := NewDecoder(cfg)
	d.LearnGenlFamily(wgkeys.FamilyID, "wireguard")
	msgs := d.Decode(rec(nlcap.FamilyGeneric, data), 0)
	if len(msgs) != 1 || msgs[0].Problem != "" {
		t.Fatalf("decode: %+v", msgs)
	}
	return msgs[0]
}

func attrNamed(attrs []Attr, name string) *Attr {
	for i := range attrs {
		if attrs[i].Name == name {
			return &attrs[i]
		}
		if a := attrNamed(attrs[i].Children, name); a != nil {
			return a
		}
	}
	return nil
}

func TestSecretsRedactedByDefault(t *testing.T) {
	m := decodeWG(t, nil, wgShowAnswer())
	for _, name := range []string{"WGDEVICE_A_PRIVATE_KEY", "WGPEER_A_PRESHARED_KEY"} {
		a := attrNamed(m.Attrs, name)
		if a == nil {
			t.Fatalf("%s not decoded: %+v", name, m.Attrs)
		}
		if !a.Secret || a.Value != "<redacted 32 bytes>" {
			t.Errorf("%s: secret %v value %q", name, a.Secret, a.Value)
		}
	}
	pub := attrNamed(m.Attrs, "WGDEVICE_A_PUBLIC_KEY")
	if pub == nil || pub.Secret || pub.Value != base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x33}, 32)) {
		t.Errorf("public key: %+v", pub)
	}
	if !HasSecrets(&m) {
		t.Error("HasSecrets = false")
	}

	m = decodeWG(t, &Config{ShowSecrets: true}, wgShowAnswer())
	a := attrNamed(m.Attrs, "WGDEVICE_A_PRIVATE_KEY")
	if a == nil || !a.Secret || a.Value != base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x11}, 32)) {
		t.Errorf("ShowSecrets: %+v", a)
	}
}

func TestRedactorZeroesSecrets(t *testing.T) {
	recs := wgkeys.Records()
	r := rec(nlcap.FamilyGeneric, recs[1].Data, recs[2].Data, recs[3].Data)
	orig := bytes.Clone(r.Data)
	rd := NewRedactor(nil)
	rd.LearnGenlFamilies(map[uint16]string{wgkeys.FamilyID: "wireguard"})
	n := rd.Redact(&r)
	if n != wgkeys.SecretBytes {
		t.Errorf("zeroed %d bytes, want %d", n, wgkeys.SecretBytes)
	}
	if len(r.Data) != len(orig) {
		t.Fatalf("length changed: %d -> %d", len(orig), len(r.Data))
	}
	for _, b := range []byte{wgkeys.Private, wgkeys.Preshared, wgkeys.SetPrivate} {
		if bytes.Contains(r.Data, wgkeys.Key(b)) {
			t.Errorf("key %#x still in the redacted record", b)
		}
	}
	for _, b := range []byte{wgkeys.Public, wgkeys.PeerPublic} {
		if !bytes.Contains(r.Data, wgkeys.Key(b)) {
			t.Errorf("public key %#x lost", b)
		}
	}
	// Only secret payload bytes changed.
	diff := 0
	for i := range orig {
		if orig[i] != r.Data[i] {
			diff++
		}
	}
	if diff != n {
		t.Errorf("%d bytes differ, %d zeroed", diff, n)
	}
	// The copy still decodes, with the same structure and zero keys.
	d := NewDecoder(&Config{ShowSecrets: true})
	d.LearnGenlFamily(wgkeys.FamilyID, "wireguard")
	msgs := d.Decode(r, 0)
	if len(msgs) != 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	for _, m := range msgs {
		if m.Problem != "" {
			t.Errorf("%s: %s", m.TypeName, m.Problem)
		}
	}
	if a := attrNamed(msgs[0].Attrs, "WGDEVICE_A_PRIVATE_KEY"); a == nil || a.Value != base64.StdEncoding.EncodeToString(make([]byte, 32)) {
		t.Errorf("redacted private key: %+v", a)
	}
	if e := msgs[2].Error; e == nil || e.Echo == nil || attrNamed(e.Echo.Attrs, "WGDEVICE_A_PRIVATE_KEY") == nil {
		t.Errorf("echoed request: %+v", e)
	}
	if n := rd.Redact(&r); n != wgkeys.SecretBytes {
		t.Errorf("second pass zeroed %d", n)
	}
}

func TestRedactorLearnsGenlIDs(t *testing.T) {
	// Without the id map the family is unknown and nothing is zeroed; the
	// nlctrl answer naming wireguard's id teaches it.
	recs := wgkeys.Records()
	rd := NewRedactor(nil)
	if n := rd.Redact(&recs[1]); n != 0 {
		t.Errorf("unknown family: zeroed %d", n)
	}
	rd.Redact(&recs[0])
	if n := rd.Redact(&recs[1]); n != 64 {
		t.Errorf("after nlctrl: zeroed %d, want 64", n)
	}
}
