package dissect

import (
	"strconv"
	"strings"
	"testing"
)

// TestStrArena keeps every string an arena handed out, over several chunks,
// with values larger than strMaxSize and appends that outgrow the chunk
// they started in, and checks that none of them changed.
func TestStrArena(t *testing.T) {
	var s strArena
	var got, want []string
	for i := range 5000 {
		v := strings.Repeat(strconv.Itoa(i%10), i%(3*strMaxSize/2))
		b := s.buf(len(v) / 4) // may outgrow the chunk's tail
		got = append(got, s.str(append(b, v...)))
		want = append(want, v)
		if i%7 == 0 {
			_ = s.buf(64) // taken and not used: no harm
		}
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("string %d changed: %.20q..., want %.20q...", i, got[i], want[i])
		}
	}
	var nilArena *strArena
	if got := nilArena.str(append(nilArena.buf(3), "abc"...)); got != "abc" {
		t.Errorf("nil arena: %q", got)
	}
}
