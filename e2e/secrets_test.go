//go:build linux

package e2e

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRedactWireGuard: real wg traffic through nlmon (issue 12, secrets).
// The private key (32 bytes of 0x48: already clamped, so the kernel
// answers it unchanged) and the preshared key (0x22) are in a plain
// capture, print as <redacted 32 bytes> (or with --show-secrets in full),
// and are zeroed by nlcap -w --redact and by nlcap -r IN -w OUT --redact,
// whose outputs still decode with the same structure.
func TestRedactWireGuard(t *testing.T) {
	inGuest(t)
	ns := "wgsec"
	netnsAdd(t, ns)
	dir := t.TempDir()
	priv, psk := bytes.Repeat([]byte{0x48}, 32), bytes.Repeat([]byte{0x22}, 32)
	peer := bytes.Repeat([]byte{0x33}, 32)
	for name, k := range map[string][]byte{"priv": priv, "psk": psk} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(base64.StdEncoding.EncodeToString(k)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	in := func(args ...string) []string { return append([]string{"ip", "netns", "exec", ns}, args...) }
	runCmd(t, "ip", "-n", ns, "link", "add", "wg0", "type", "wireguard")
	cmds := [][]string{
		in("wg", "set", "wg0", "private-key", filepath.Join(dir, "priv"), "listen-port", "51820",
			"peer", base64.StdEncoding.EncodeToString(peer), "preshared-key", filepath.Join(dir, "psk"), "allowed-ips", "10.7.0.0/24"),
		in("wg", "showconf", "wg0"),
	}
	full, red, cp := filepath.Join(dir, "full.pcapng"), filepath.Join(dir, "redacted.pcapng"), filepath.Join(dir, "copy.pcapng")
	sessionWith(t, []string{"--pcapng"}, ns, full, cmds)
	sessionWith(t, []string{"--pcapng", "--redact"}, ns, red, cmds)
	runCmd(t, "nlcap", "-r", full, "-w", cp, "--redact")

	has := func(file string, key []byte) bool {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(b, key)
	}
	if !has(full, priv) || !has(full, psk) {
		t.Fatalf("the plain capture lacks the keys: no wg traffic captured?")
	}
	for _, f := range []string{red, cp} {
		if has(f, priv) || has(f, psk) {
			t.Errorf("%s: key bytes left", filepath.Base(f))
		}
		if !has(f, peer) {
			t.Errorf("%s: the peer's public key is gone too", filepath.Base(f))
		}
	}
	privText := base64.StdEncoding.EncodeToString(priv) // as wg and nlcap print keys
	text := runCmd(t, "nlcap", "-r", full, "-vv")
	if strings.Contains(text, privText) || !strings.Contains(text, "WGDEVICE_A_PRIVATE_KEY: <redacted 32 bytes>") ||
		!strings.Contains(text, "WGPEER_A_PRESHARED_KEY: <redacted 32 bytes>") {
		t.Errorf("nlcap -r -vv of the plain capture:\n%s", text)
	}
	if shown := runCmd(t, "nlcap", "-r", full, "-vv", "--show-secrets"); !strings.Contains(shown, "WGDEVICE_A_PRIVATE_KEY: "+privText) {
		t.Errorf("--show-secrets does not print the private key:\n%s", shown)
	}
	zero := "WGDEVICE_A_PRIVATE_KEY: " + base64.StdEncoding.EncodeToString(make([]byte, 32))
	for _, f := range []string{red, cp} {
		out := runCmd(t, "nlcap", "-r", f, "-vv", "--show-secrets")
		if !strings.Contains(out, zero) || strings.Contains(out, "malformed") {
			t.Errorf("%s decoded:\n%s", filepath.Base(f), out)
		}
	}
}
