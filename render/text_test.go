package render

import (
	"fmt"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"
)

func TestClock(t *testing.T) {
	var c clock
	base := time.Date(2026, 11, 22, 7, 49, 24, 0, time.UTC)
	for _, d := range []time.Duration{0, 42 * time.Microsecond, 999999 * time.Microsecond, time.Second, time.Second + 1500*time.Nanosecond, time.Hour, -time.Hour} {
		tm := base.Add(d)
		if got, want := string(c.append([]byte("x"), tm)), string(c.appendFull([]byte("x"), tm)); got != want {
			t.Errorf("%v: clock %q, appendFull %q", tm, got, want)
		}
	}
}

func TestAppendText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"eth0", "eth0"},
		{"a\nb\x1b[2J\x7f", `a\x0ab\x1b[2J\x7f`},
		{"ev\xffil", `ev\xffil`},               // not UTF-8
		{"\xc2\x85x\xc2\x9b", `\u0085x\u009b`}, // C1 controls (NEL, CSI)
		{"a\u202eb\u2028", `a\u202eb\u2028`},   // bidi override, line separator
		{"\xf3\xa0\x80\x81", `\U000e0001`},     // a tag character
		{"café ü 日本", "café ü 日本"},             // printable UTF-8 stays
		{"\xe2\x82", `\xe2\x82`},               // cut rune
		// Past the 8-byte fast path: at each offset of a block.
		{"abcdefgh\x01", `abcdefgh\x01`},
		{"abcdefghijklmno\x7f", `abcdefghijklmno\x7f`},
		{"abcdefg\x1fabcdefgh", `abcdefg\x1fabcdefgh`},
		{"abcdefghijk\xffmnop", `abcdefghijk\xffmnop`},
		{"~~~~~~~~ ~~~~~~~", "~~~~~~~~ ~~~~~~~"},
	}
	for _, tt := range tests {
		if got := string(appendText(nil, tt.in)); got != tt.want {
			t.Errorf("appendText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzAppendText checks appendText against a rune-by-rune rendering.
func FuzzAppendText(f *testing.F) {
	f.Add("abcdefgh\x01ijklmnop\x7f")
	f.Add("caf\xc3\xa9 \xe2\x82 \u202e")
	f.Fuzz(func(t *testing.T, s string) {
		var want []byte
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
				want = fmt.Appendf(want, `\x%02x`, s[i])
			case !strconv.IsPrint(r) && r > 0xffff:
				want = fmt.Appendf(want, `\U%08x`, r)
			case !strconv.IsPrint(r):
				want = fmt.Appendf(want, `\u%04x`, r)
			default:
				want = append(want, s[i:i+size]...)
			}
			i += size
		}
		if got := appendText(nil, s); string(got) != string(want) {
			t.Fatalf("appendText(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestAppendUint(t *testing.T) {
	for _, v := range []int64{0, 1, 9, 10, 42, 99, 100, 101, 999, 1000, 4096, 9999, 10000, 65535, 1 << 40, -1, -100} {
		if got, want := string(appendInt([]byte("x"), v)), "x"+strconv.FormatInt(v, 10); got != want {
			t.Errorf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
	for v := uint64(0); v < 20000; v += 7 {
		if got, want := string(appendUint(nil, v)), strconv.FormatUint(v, 10); got != want {
			t.Fatalf("appendUint(%d) = %q, want %q", v, got, want)
		}
	}
}
