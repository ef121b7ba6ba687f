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

// TestSettle: after Learn saw a file whole, a second pass skips the nlctrl
// messages learned, learns from those past them (a file that grew), and
// learns everything again in order when an id changed its name.
func TestSettle(t *testing.T) {
	use := func(id uint16) nlcap.Record { // a request of family id
		return rec(nlcap.FamilyGeneric, nlmsg(id, 1, 1, 0, []byte{1, 1, 0, 0}))
	}
	name := func(d *Decoder, rec nlcap.Record) string {
		m := d.Decode(rec, 0)
		if len(m) != 1 || m[0].Genl == nil {
			return "?"
		}
		return m[0].Genl.FamilyName
	}
	file := []nlcap.Record{use(0x30), GenlFamilyRecord(0x30, "alpha"), use(0x30), use(0x31)}

	d := NewDecoder(nil)
	d.LearnGenlFamily(0x40, "fromcomment") // not a message of the file
	for _, rec := range file {
		d.Learn(rec)
	}
	d.Settle()
	if d.ctrl.known != 1 {
		t.Fatalf("Settle knows %d nlctrl messages, want 1", d.ctrl.known)
	}
	var got []string
	for _, rec := range append(file, GenlFamilyRecord(0x31, "beta"), use(0x31)) { // the file grew
		got = append(got, name(d, rec))
	}
	if want := "alpha nlctrl alpha  nlctrl beta"; strings.Join(got, " ") != want {
		t.Errorf("second pass names %q, want %q", strings.Join(got, " "), want)
	}

	// 0x30 is alpha, then gamma: the second pass follows the file.
	file = []nlcap.Record{GenlFamilyRecord(0x30, "alpha"), use(0x30), GenlFamilyRecord(0x30, "gamma"), use(0x30)}
	d = NewDecoder(nil)
	for _, rec := range file {
		d.Learn(rec)
	}
	d.Settle()
	got = got[:0]
	for _, rec := range file {
		got = append(got, name(d, rec))
	}
	if want := "nlctrl alpha nlctrl gamma"; strings.Join(got, " ") != want {
		t.Errorf("second pass after a rename names %q, want %q", strings.Join(got, " "), want)
	}
}
