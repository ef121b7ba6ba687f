package pcap_test

import (
	"fmt"
	"strings"
)

// hexDiff shows the first differing 16-byte rows of want and got, with the
// offset of the first difference, nfdump-style.
func hexDiff(want, got []byte) string {
	first := -1
	for i := 0; i < max(len(want), len(got)); i++ {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			first = i
			break
		}
	}
	if first < 0 {
		return "(identical)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at offset %d (len want %d, got %d)\n", first, len(want), len(got))
	row := func(p []byte, off int) string {
		var s strings.Builder
		for i := off; i < off+16; i++ {
			if i < len(p) {
				fmt.Fprintf(&s, "%02x ", p[i])
			} else {
				s.WriteString("   ")
			}
		}
		return s.String()
	}
	for off := first &^ 15; off < (first&^15)+64 && (off < len(want) || off < len(got)); off += 16 {
		fmt.Fprintf(&b, "%08x  -%s\n%08x  +%s\n", off, row(want, off), off, row(got, off))
	}
	return b.String()
}
