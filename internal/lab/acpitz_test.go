package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAMLPkgLength checks PkgLength at the edges of its one, two and
// three byte forms (ACPI 6.4 section 20.2.4: the length counts itself).
func TestAMLPkgLength(t *testing.T) {
	for _, c := range []struct {
		body int
		head []byte
	}{
		{0, []byte{0x01}},
		{62, []byte{0x3f}},
		{63, []byte{0x41, 0x04}},         // 65 = 0x041
		{4093, []byte{0x4f, 0xff}},       // 4095 = 0xfff
		{4094, []byte{0x81, 0x00, 0x01}}, // 4097 = 0x01001 in three bytes
	} {
		var w amlWriter
		got := w.pkg(make([]byte, c.body))
		if w.err != nil {
			t.Fatalf("pkg(%d bytes): %v", c.body, w.err)
		}
		if len(got) != len(c.head)+c.body || !bytes.Equal(got[:len(c.head)], c.head) {
			t.Errorf("pkg(%d bytes) starts % x (%d bytes), want % x", c.body, got[:min(len(got), 4)], len(got), c.head)
		}
	}
	var w amlWriter
	if w.pkg(make([]byte, 1<<28)); w.err == nil {
		t.Error("a package of 2^28 bytes encoded without error")
	}
}

// TestAMLName checks NameString encodings: root, single, dual and multi
// segment names, padding, and bad segments.
func TestAMLName(t *testing.T) {
	for path, want := range map[string]string{
		`\_TZ`:           "\\_TZ_",
		"TZ0":            "TZ0_",
		`\_SB.FAN0`:      "\\\x2e_SB_FAN0",
		`\_SB.CPUS.C000`: "\\\x2f\x03_SB_CPUSC000",
	} {
		var w amlWriter
		if got := w.name(path); w.err != nil || string(got) != want {
			t.Errorf("name(%q) = %q, %v; want %q", path, got, w.err, want)
		}
	}
	for _, bad := range []string{"tz0", "ABCDE", "0ABC", `\_SB..X`, ""} {
		var w amlWriter
		if w.name(bad); w.err == nil {
			t.Errorf("name(%q): no error", bad)
		}
	}
}

// thermalSSDTHex is the table thermalSSDT makes, checked once with
// acpica-tools' disassembler (iasl -d: the ASL in acpitz.go's comment).
const thermalSSDTHex = "53534454fa00000002084e4c43415020544845524d414c20010000004e4c4350010000005b805c54505254010ae0015b810c5c545052540154444547085b82275c2e5f53425f46414e30085f4849440d504e50304330420014065f5053300014065f505333001043095c5f545a5f5b854a08545a305f141e5f544d5000a01354444547a47277544445470a0a000bac0a00a40bd80b085f4352540bc60e085f484f540b620e085f5053560b040d085f5443310a02085f5443320a05085f5453500a0a085f50534c1211015c2f035f53425f4350555343303030085f4143300b6e0c085f414c30120c015c2e5f53425f46414e30085f545a500a0a"

// TestThermalSSDT checks the table's header (length, checksum, ids) and
// its bytes.
func TestThermalSSDT(t *testing.T) {
	b, err := thermalSSDT()
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:4]) != "SSDT" || string(b[10:16]) != "NLCAP " || string(b[16:24]) != "THERMAL " {
		t.Errorf("header ids %q", b[:24])
	}
	if n := binary.LittleEndian.Uint32(b[4:]); int(n) != len(b) {
		t.Errorf("length field %d, table %d bytes", n, len(b))
	}
	var sum byte
	for _, c := range b {
		sum += c
	}
	if sum != 0 {
		t.Errorf("bytes sum to %#x, want 0", sum)
	}
	if got := hex.EncodeToString(b); got != thermalSSDTHex {
		t.Errorf("table\n got %s\nwant %s", got, thermalSSDTHex)
	}
	if _, err := acpiTable("SSDTX", "", "", nil); err == nil {
		t.Error("acpiTable accepted a five-letter signature")
	}
}

// TestExpandQEMUFiles checks that @NAME@ becomes the path of the file the
// harness writes, and that unknown or unterminated names fail.
func TestExpandQEMUFiles(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-device", "pc-testdev", "-acpitable", "file=@thermal-ssdt.aml@"}
	if err := expandQEMUFiles(args, dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "thermal-ssdt.aml")
	if diff := cmp.Diff([]string{"-device", "pc-testdev", "-acpitable", "file=" + path}, args); diff != "" {
		t.Errorf("args (-want +got):\n%s", diff)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(b) != thermalSSDTHex {
		t.Error("the written file is not thermalSSDT's table")
	}
	for _, bad := range []string{"file=@nosuch.aml@", "file=@thermal-ssdt.aml"} {
		if err := expandQEMUFiles([]string{bad}, dir); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("expandQEMUFiles(%q) = %v, want an error naming it", bad, err)
		}
	}
}
