package dissect

import (
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

func TestLearnGenlFamily(t *testing.T) {
	d := NewDecoder(nil)
	d.LearnGenlFamilies(map[uint16]string{0x30: "alpha", 0x31: "beta"})
	d.LearnGenlFamily(0x32, strings.Repeat("x", 0x10000)) // too long: ignored
	fams := d.GenlFamilies()
	if fams[0x30] != "alpha" || fams[0x31] != "beta" {
		t.Errorf("families %v, want 0x30 alpha, 0x31 beta", fams)
	}
	if _, ok := fams[0x32]; ok {
		t.Error("a name longer than an attribute was learned")
	}
	// An nlctrl answer learned later takes precedence.
	d.Learn(GenlFamilyRecord(0x30, "gamma"))
	if got := d.GenlFamilies()[0x30]; got != "gamma" {
		t.Errorf("after an nlctrl answer 0x30 is %q, want gamma", got)
	}
	// The record decodes as the kernel's answer would.
	msgs := NewDecoder(nil).Decode(GenlFamilyRecord(0x33, "delta"), 0)
	if len(msgs) != 1 || msgs[0].Problem != "" || msgs[0].Genl == nil || msgs[0].Genl.CmdName != "CTRL_CMD_NEWFAMILY" ||
		msgs[0].Family != nlcap.FamilyGeneric || !strings.Contains(msgs[0].Summary, "delta") {
		t.Errorf("GenlFamilyRecord decodes as %+v", msgs)
	}
}
