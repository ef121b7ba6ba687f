package main

import (
	"bytes"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/wgkeys"
	"github.com/nlcap/nlcap/pcap"
)

// writeWGCapture writes the wgkeys exchange to a pcapng file, without its
// nlctrl record when noCtrl (the id map then comes from a section comment).
func writeWGCapture(t *testing.T, name string, noCtrl bool) {
	t.Helper()
	recs := wgkeys.Records()
	cfg := &pcap.WriterConfig{Format: pcap.FormatPcapng}
	if noCtrl {
		recs = recs[1:]
		cfg.Comments = []string{pcap.FormatGenlFamiliesComment(map[uint16]string{wgkeys.FamilyID: "wireguard"})}
	}
	writeCaptureFile(t, name, cfg, recs)
}

// secretsIn returns the secret keys of wgkeys found in recs.
func secretsIn(recs []nlcap.Record) []byte {
	var found []byte
	for _, k := range []byte{wgkeys.Private, wgkeys.Preshared, wgkeys.SetPrivate} {
		for _, r := range recs {
			if bytes.Contains(r.Data, wgkeys.Key(k)) {
				found = append(found, k)
				break
			}
		}
	}
	return found
}

func TestReadSecrets(t *testing.T) {
	in := filepath.Join(t.TempDir(), "wg.pcapng")
	writeWGCapture(t, in, false)
	private := base64.StdEncoding.EncodeToString(wgkeys.Key(wgkeys.Private)) // as wg prints keys
	for _, args := range [][]string{{"-vv"}, {"--json"}, {"-x"}, {"-X", "-v"}} {
		stdout, stderr, code := runNlcap(t, append([]string{"-r", in}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if strings.Contains(stdout, private) || strings.Contains(stdout, "1111 1111 1111") {
			t.Errorf("%v: private key printed:\n%s", args, stdout)
		}
		if args[0] != "-x" && args[0] != "-X" && strings.Count(stdout, "<redacted 32 bytes>") != 4 {
			t.Errorf("%v: want 4 redacted values:\n%s", args, stdout)
		}
	}
	stdout, stderr, code := runNlcap(t, "-r", in, "-vv", "--show-secrets")
	if code != 0 || !strings.Contains(stdout, "WGDEVICE_A_PRIVATE_KEY: "+private) {
		t.Errorf("--show-secrets: exit %d %s:\n%s", code, stderr, stdout)
	}
}

func TestCopyRedact(t *testing.T) {
	for _, noCtrl := range []bool{false, true} {
		dir := t.TempDir()
		in, out := filepath.Join(dir, "wg.pcapng"), filepath.Join(dir, "redacted.pcap")
		if noCtrl {
			out += "ng" // pcapng keeps the id map's section comment
		}
		writeWGCapture(t, in, noCtrl)
		_, orig := readCaptureFile(t, in)
		if got := secretsIn(orig); len(got) != 3 {
			t.Fatalf("fixture holds keys %x", got)
		}
		_, stderr, code := runNlcap(t, "-r", in, "-w", out, "--redact")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if want := "secret bytes zeroed"; !strings.Contains(stderr, " 128 "+want) {
			t.Errorf("noCtrl %v: stderr %q, want 128 %s", noCtrl, stderr, want)
		}
		_, red := readCaptureFile(t, out)
		if len(red) != len(orig) {
			t.Fatalf("%d records, want %d", len(red), len(orig))
		}
		if got := secretsIn(red); len(got) != 0 {
			t.Errorf("noCtrl %v: keys %x left in the copy", noCtrl, got)
		}
		for i := range red {
			if len(red[i].Data) != len(orig[i].Data) {
				t.Errorf("record %d: %d bytes, was %d", i, len(red[i].Data), len(orig[i].Data))
			}
		}
		if !bytes.Contains(red[len(red)-3].Data, wgkeys.Key(wgkeys.Public)) {
			t.Error("public key zeroed")
		}
		// The copy decodes as the original with zero keys.
		stdout, stderr, code := runNlcap(t, "-r", out, "-vv", "--show-secrets")
		if code != 0 || strings.Contains(stdout, "malformed") ||
			!strings.Contains(stdout, "WGDEVICE_A_PRIVATE_KEY: "+base64.StdEncoding.EncodeToString(make([]byte, 32))) {
			t.Errorf("redacted copy: exit %d %s:\n%s", code, stderr, stdout)
		}
	}
	// Without --redact the copy keeps every byte.
	dir := t.TempDir()
	in, out := filepath.Join(dir, "wg.pcapng"), filepath.Join(dir, "copy.pcapng")
	writeWGCapture(t, in, false)
	if _, stderr, code := runNlcap(t, "-r", in, "-w", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, recs := readCaptureFile(t, out); len(secretsIn(recs)) != 3 {
		t.Error("plain copy lost key bytes")
	}
}

// TestCaptureRedact: -w --redact of a live or traced capture goes through
// the capture file writer (openOutput), which zeroes the secrets of what it
// writes and leaves the caller's record alone.
func TestCaptureRedact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "live.pcap")
	o := &options{write: out, redact: true}
	co, err := parseCaptureOptions(o)
	if err != nil {
		t.Fatal(err)
	}
	rot, _, err := openOutput(o, co, "nlcap0", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := wgkeys.Records()
	for i := range recs {
		if err := rot.WriteRecord(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := closeOutput(rot, nil, uint64(len(recs)), 0); err != nil {
		t.Fatal(err)
	}
	if got := secretsIn(recs); len(got) != 3 {
		t.Errorf("the caller's records were changed: keys %x left", got)
	}
	_, written := readCaptureFile(t, out)
	if len(written) != len(recs) {
		t.Fatalf("%d records written, want %d", len(written), len(recs))
	}
	if got := secretsIn(written); len(got) != 0 {
		t.Errorf("keys %x written", got)
	}
}

func TestSecretFlagUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-r", "x.pcap", "--redact"},
		{"-r", "x.pcap", "-w", "y.pcap", "--redact", "--show-secrets"},
		{"-w", "y.pcap", "--show-secrets"},
	} {
		if _, stderr, code := runNlcap(t, args...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
}
