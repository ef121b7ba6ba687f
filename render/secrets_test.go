package render_test

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/wgkeys"
	"github.com/nlcap/nlcap/render"
)

// printWG prints the wgkeys exchange as cfg says.
func printWG(cfg *render.Config) string {
	d := dissect.NewDecoder(cfg.DecoderConfig())
	p := render.New(cfg)
	var b []byte
	for i, r := range wgkeys.Records() {
		for _, m := range d.Decode(r, i) {
			b = p.AppendMessage(b, &m)
		}
	}
	return string(b)
}

// keyText is how a WireGuard key made of byte b prints, in base64 as wg
// prints it.
func keyText(b byte) string { return base64.StdEncoding.EncodeToString(wgkeys.Key(b)) }

// spaced is how the hex dump prints a run of 16 bytes of b: "1111 1111 ...".
func spaced(b byte) string {
	h := hex.EncodeToString([]byte{b, b})
	return strings.TrimSpace(strings.Repeat(h+" ", 8))
}

func TestSecretsRedacted(t *testing.T) {
	secret := []byte{wgkeys.Private, wgkeys.Preshared, wgkeys.SetPrivate}
	for _, cfg := range []render.Config{
		{Verbose: 2},
		{Verbose: 3},
		{JSON: true},
		{Hex: true},
		{HexASCII: true, Verbose: 2},
		{JSON: true, Hex: true},
	} {
		out := printWG(&cfg)
		for _, k := range secret {
			if strings.Contains(out, keyText(k)) || strings.Contains(out, spaced(k)) {
				t.Errorf("%+v: key %#x printed:\n%s", cfg, k, out)
			}
		}
		if cfg.Verbose >= 2 || cfg.JSON {
			if n := strings.Count(out, "<redacted 32 bytes>"); n != 4 {
				t.Errorf("%+v: %d redacted values, want 4 (private, preshared, request, echo):\n%s", cfg, n, out)
			}
			if !strings.Contains(out, keyText(wgkeys.Public)) || !strings.Contains(out, keyText(wgkeys.PeerPublic)) {
				t.Errorf("%+v: public keys missing:\n%s", cfg, out)
			}
		}
		if cfg.JSON && strings.Count(out, `"secret":true`) != 4 {
			t.Errorf("%+v: want 4 \"secret\":true:\n%s", cfg, out)
		}
		if cfg.Hex && !strings.Contains(out, spaced(wgkeys.Public)) && !strings.Contains(out, keyText(wgkeys.Public)) {
			t.Errorf("%+v: hex dump lost the public key:\n%s", cfg, out)
		}
	}
}

func TestShowSecrets(t *testing.T) {
	for _, cfg := range []render.Config{
		{Verbose: 2, ShowSecrets: true},
		{JSON: true, ShowSecrets: true},
	} {
		out := printWG(&cfg)
		for _, k := range []byte{wgkeys.Private, wgkeys.Preshared, wgkeys.SetPrivate} {
			if !strings.Contains(out, keyText(k)) {
				t.Errorf("%+v: key %#x not printed:\n%s", cfg, k, out)
			}
		}
		if strings.Contains(out, "redacted") {
			t.Errorf("%+v: redacted with ShowSecrets:\n%s", cfg, out)
		}
	}
	out := printWG(&render.Config{Hex: true, ShowSecrets: true})
	if !strings.Contains(out, spaced(wgkeys.Private)) {
		t.Errorf("hex dump with ShowSecrets hides the private key:\n%s", out)
	}
}
