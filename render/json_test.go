package render

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
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
// position of strings of 1 to 24 bytes (appendJSONString's fast path reads
// 8 bytes at a time, then the tail as one padded word).
func TestAppendJSONStringWords(t *testing.T) {
	for _, c := range []byte{0, 0x1f, '"', '\\', 0x80, 0xff, 0x7f, 0x20, '!', '#', '[', ']', 'a' - 0x20} {
		for n := 1; n <= 24; n++ {
			for pos := range n {
				s := []byte(strings.Repeat("abcdefgh", 3)[:n])
				s[pos] = c
				checkJSONString(t, string(s))
			}
		}
	}
}

// checkJSONString fails t unless appendJSONString(s) reads back as
// encoding/json's encoding of s does.
func checkJSONString(t *testing.T, s string) {
	t.Helper()
	b := appendJSONString(nil, s)
	var got string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%q: %s: %v", s, b, err)
	}
	ref, _ := json.Marshal(s)
	var want string
	json.Unmarshal(ref, &want)
	if got != want {
		t.Errorf("%q: got %s, want %s", s, b, ref)
	}
	if plain := !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x80 || r == '"' || r == '\\' }); plain != (string(b) == `"`+s+`"`) {
		t.Errorf("%q: got %s (plain %v)", s, b, plain)
	}
}

func TestHexDumpShortLine(t *testing.T) {
	got := string(appendHexDump(nil, []byte("abc"), true))
	want := "\t0x0000:  6162 63                                  abc\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestJSONClock holds jsonClock to appendJSONTime over times in the same
// second and in others, fractions with and without trailing zeros, the zero
// time and years of other than four digits.
func TestJSONClock(t *testing.T) {
	var c jsonClock
	base := time.Date(2026, 11, 22, 23, 59, 58, 0, time.FixedZone("x", 3600))
	times := []time.Time{{}, time.Unix(0, 0), time.Date(-5, 1, 1, 0, 0, 0, 5, time.UTC), time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, ns := range []int{0, 1, 10, 123456789, 120000000, 999999999, 500, 0} {
		for _, d := range []time.Duration{0, 0, time.Second, 2 * time.Second, 0} {
			times = append(times, base.Add(d).Add(time.Duration(ns)))
		}
	}
	for _, tm := range times {
		got, want := string(c.append(nil, tm)), string(appendJSONTime(nil, tm))
		if got != want {
			t.Errorf("%v: got %s, want %s", tm, got, want)
		}
	}
}
