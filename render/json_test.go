package render

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "ctl\x00\x01\x1f\n\r\t", "bad utf8 \xff\xfe", "ünï©ødé", "sep\u2028\u2029", "<&>", "c1 \u0085\u009b\u00a0"} {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q -> %s: %v", s, b, err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if !utf8.ValidString(s) {
			// encoding/json replaces each invalid byte.
			want = strings.ReplaceAll(s, "\xff", "\ufffd")
			want = strings.ReplaceAll(want, "\xfe", "\ufffd")
		}
		if got != want {
			t.Errorf("%q -> %s -> %q", s, b, got)
		}
		if strings.ContainsAny(string(b), "\u0085\u009b") {
			t.Errorf("%q -> %s: a C1 control left raw", s, b)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a\"b\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		if !json.Valid(b) {
			t.Fatalf("invalid JSON for %q: %s", s, b)
		}
		// The same string as encoding/json's (invalid bytes as U+FFFD).
		ref, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var got, want string
		if json.Unmarshal(b, &got) != nil || json.Unmarshal(ref, &want) != nil || got != want {
			t.Fatalf("%q: got %s, encoding/json %s", s, b, ref)
		}
	})
}

// TestAppendJSONStringWords puts each byte that needs escaping at each
// position of 8-byte words (appendJSONString's fast path reads 8 bytes at a
// time).
func TestAppendJSONStringWords(t *testing.T) {
	for _, c := range []byte{0, 0x1f, '"', '\\', 0x80, 0xff, 0x7f, 0x20, '!', '#', '[', ']'} {
		for pos := range 24 {
			s := []byte(strings.Repeat("abcdefgh", 3))
			s[pos] = c
			b := appendJSONString(nil, string(s))
			var got string
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("%q: %s: %v", s, b, err)
			}
			ref, _ := json.Marshal(string(s))
			var want string
			json.Unmarshal(ref, &want)
			if got != want {
				t.Errorf("%q: got %s, want %s", s, b, ref)
			}
		}
	}
}

func TestHexDumpShortLine(t *testing.T) {
	got := string(appendHexDump(nil, []byte("abc"), true))
	want := "\t0x0000:  6162 63                                  abc\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
