package nlgen

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const header = `/* SPDX */
#ifndef _UAPI_TEST_H
#define _UAPI_TEST_H
#define TEST_F_ONE	0x01	/* one */
#define TEST_F_TWO	(1 << 1)
#define TEST_F_BOTH	(TEST_F_ONE | TEST_F_TWO)
#define TEST_F_FN(x)	((x) << 8)
#define TEST_F_CAST	((__u32)1 << 3)
#define TEST_STR	"text"
enum {
	TEST_A_UNSPEC,
	TEST_A_FIRST,		/* u32 */
	TEST_A_OLD,
#define TEST_A_OLD TEST_A_OLD
	TEST_A_NEW = TEST_A_OLD, /* new alias */
	TEST_A_LAST = 10,
	TEST_A_NEXT,
	__TEST_A_MAX,
};
#define TEST_A_MAX (__TEST_A_MAX - 1)
enum test_mode { TEST_MODE_A = -1, TEST_MODE_B = 2U, TEST_MODE_C };
#endif
`

func TestParse(t *testing.T) {
	h := Parse("linux/test.h", header, map[string]uint64{})
	got := map[string]Const{}
	for _, c := range h.Consts {
		got[c.Name] = c
	}
	for name, want := range map[string]uint64{
		"TEST_F_ONE": 1, "TEST_F_TWO": 2, "TEST_F_BOTH": 3, "TEST_A_UNSPEC": 0, "TEST_A_FIRST": 1,
		"TEST_A_OLD": 2, "TEST_A_NEW": 2, "TEST_A_LAST": 10, "TEST_A_NEXT": 11, "TEST_A_MAX": 11,
		"TEST_MODE_A": ^uint64(0), "TEST_MODE_B": 2, "TEST_MODE_C": 3,
	} {
		if c, ok := got[name]; !ok || c.Value != want {
			t.Errorf("%s = %#x (%v), want %#x", name, c.Value, ok, want)
		}
	}
	for _, name := range []string{"TEST_F_FN", "TEST_F_CAST", "TEST_STR"} {
		if _, ok := got[name]; ok {
			t.Errorf("%s should be left out", name)
		}
	}
	if !got["TEST_A_NEW"].Alias || got["TEST_A_LAST"].Alias {
		t.Error("alias flags wrong")
	}
	if !got["TEST_A_MAX"].Internal || !got["__TEST_A_MAX"].Internal || got["TEST_A_NEXT"].Internal {
		t.Error("internal flags wrong")
	}
}

func TestGenerateGroups(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"linux/version.h": "#define LINUX_VERSION_MAJOR 6\n#define LINUX_VERSION_PATCHLEVEL 1\n",
		"linux/test.h":    header,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := GenerateGroups(dir, "x", []Group{
		{Var: "TEST_A", Header: "linux/test.h", Enum: "TEST_A_FIRST", Consts: true},
		{Var: "TEST_F", Header: "linux/test.h", Prefix: "TEST_F_", Bits: true},
		{Var: "TEST_MODE", Header: "linux/test.h", Enum: "TEST_MODE_B", Exclude: []string{"TEST_MODE_C"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, want := range []string{
		"linux 6.1 UAPI headers",
		`{"TEST_A_NEW", 0x2},`, // the alias replaces the older name in the table
		`{"TEST_F_TWO", 0x2},`,
		`{"TEST_MODE_B", 0x2},`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	for _, c := range []string{"TEST_A_OLD", "TEST_A_NEW"} { // both constants
		if !regexp.MustCompile(c + `\s+= 0x2\n`).MatchString(s) {
			t.Errorf("no constant %s = 0x2", c)
		}
	}
	for _, bad := range []string{`"TEST_A_OLD", 0x2`, "TEST_A_MAX", "TEST_F_BOTH", "TEST_MODE_C"} {
		if strings.Contains(s, bad) {
			t.Errorf("output has %q:\n%s", bad, s)
		}
	}
	if _, err := GenerateGroups(dir, "x", []Group{{Var: "X", Header: "linux/test.h", Enum: "NO_SUCH"}}); err == nil {
		t.Error("no error for an unknown enum")
	}
	if _, err := GenerateGroups(dir, "x", []Group{{Var: "X", Header: "linux/missing.h", Prefix: "X_"}}); err == nil {
		t.Error("no error for a missing header")
	}
}

// TestParseAfterInternalFirst: a member that follows an internal first
// member without "= expr" is public (enum nl80211_key_attributes starts
// with __NL80211_KEY_INVALID).
func TestParseAfterInternalFirst(t *testing.T) {
	h := Parse("linux/test.h", "enum k {\n\t__K_INVALID,\n\tK_DATA,\n\tK_IDX,\n\t__K_AFTER_LAST,\n\tK_MAX = __K_AFTER_LAST - 1\n};\n", map[string]uint64{})
	got := map[string]Const{}
	for _, c := range h.Consts {
		got[c.Name] = c
	}
	if c, ok := got["K_DATA"]; !ok || c.Value != 1 || c.Internal {
		t.Errorf("K_DATA = %+v (%v), want value 1, public", c, ok)
	}
	if c := got["K_IDX"]; c.Value != 2 || c.Internal {
		t.Errorf("K_IDX = %+v, want value 2, public", c)
	}
	if !got["K_MAX"].Internal || !got["__K_INVALID"].Internal {
		t.Error("K_MAX and __K_INVALID should stay internal")
	}
}
