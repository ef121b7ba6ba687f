package nlcap

import (
	"encoding/binary"
	"testing"
)

// swapped reads big-endian through a type IsBigEndian does not know.
type swapped struct{ binary.ByteOrder }

// TestIsBigEndian: the two orders by their type, binary.NativeEndian as
// this machine reads, another order by what it reads, nil as little.
func TestIsBigEndian(t *testing.T) {
	native := binary.NativeEndian.Uint16([]byte{0, 1}) == 1
	for _, c := range []struct {
		name  string
		order binary.ByteOrder
		want  bool
	}{
		{"little", binary.LittleEndian, false},
		{"big", binary.BigEndian, true},
		{"native", binary.NativeEndian, native},
		{"other big", swapped{binary.BigEndian}, true},
		{"other little", swapped{binary.LittleEndian}, false},
		{"nil", nil, false},
	} {
		if got := IsBigEndian(c.order); got != c.want {
			t.Errorf("%s: IsBigEndian = %v, want %v", c.name, got, c.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { IsBigEndian(binary.NativeEndian) }); n != 0 {
		t.Errorf("IsBigEndian(binary.NativeEndian): %v allocations, want 0", n)
	}
}
