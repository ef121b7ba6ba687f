package replay

import (
	"errors"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/hostile"
	"github.com/nlcap/nlcap/render"
)

// TestTypeNameAsNlcap checks typeName against the names nlcap -r prints,
// genl ones by the name each side gives the id (the cache must not mix
// them).
func TestTypeNameAsNlcap(t *testing.T) {
	genl := func(id uint16, cmd byte) netlink.Message {
		return netlink.Message{Header: netlink.Header{Type: netlink.HeaderType(id)}, Data: []byte{cmd, 1, 0, 0}}
	}
	tests := []struct {
		f    nlcap.Family
		m    netlink.Message
		fams map[uint16]string
		want string
	}{
		{nlcap.FamilyRoute, netlink.Message{Header: netlink.Header{Type: 16}}, nil, "RTM_NEWLINK"},
		{nlcap.FamilyRoute, netlink.Message{Header: netlink.Header{Type: 2}}, nil, "NLMSG_ERROR"},
		{nlcap.FamilyNetfilter, netlink.Message{Header: netlink.Header{Type: 10<<8 | 16}}, nil, "NFT_MSG_GETGEN"},
		{nlcap.FamilyGeneric, genl(0x10, 3), map[uint16]string{0x10: "nlctrl"}, "nlctrl CTRL_CMD_GETFAMILY"},
		{nlcap.FamilyGeneric, genl(0x20, 3), map[uint16]string{0x20: "wireguard"}, "wireguard cmd 3"},
		{nlcap.FamilyGeneric, genl(0x20, 3), map[uint16]string{0x20: "other"}, "other cmd 3"},
		{nlcap.FamilyGeneric, genl(0x20, 3), nil, "genl-0x20 cmd 3"},
		{nlcap.FamilyGeneric, netlink.Message{Header: netlink.Header{Type: 0x20}}, map[uint16]string{0x20: "other"}, "other"},
		{nlcap.FamilyGeneric, genl(0x20, 1), map[uint16]string{0x20: hostile.String}, render.Text(hostile.String) + " cmd 1"},
	}
	for _, tt := range tests {
		for range 2 { // the second time from the cache
			if got := typeName(tt.f, tt.m, tt.fams); got != tt.want {
				t.Errorf("typeName(%v, type 0x%x, %v) = %q, want %q", tt.f, tt.m.Header.Type, tt.fams, got, tt.want)
			}
		}
	}
}

// TestMockErrorsHostile: the mock's error for a request the hostile
// capture does not hold, and a Compare diff of its answers, are safe to
// print.
func TestMockErrorsHostile(t *testing.T) {
	s, err := NewScript(hostile.Records())
	if err != nil {
		t.Fatal(err)
	}
	s.AddGenlFamilies(map[uint16]string{hostile.CommentGenlID: hostile.CommentName})
	for _, e := range s.Exchanges {
		req := make([]netlink.Message, len(e.Messages))
		for i, m := range e.Messages {
			req[i] = m
			req[i].Data = []byte(strings.ReplaceAll(string(m.Data), "OK", "KO"))
			req[i].Header.Flags |= netlink.Echo
		}
		_, err := NewMock(s, &MockConfig{Strict: true}).Func()(req)
		var ue *UnmatchedError
		if !errors.As(err, &ue) {
			t.Fatalf("exchange %d: error %v, want *UnmatchedError", e.Index, err)
		}
		msg := err.Error()
		if err := hostile.Check(msg); err != nil {
			t.Errorf("exchange %d: %v\n%s", e.Index, err, msg)
		}
		if ue.Closest != e.Index || ue.Diff == "" {
			t.Errorf("exchange %d: closest %d, diff %q", e.Index, ue.Closest, ue.Diff)
		}
		for _, f := range ue.Fields {
			if err := hostile.Check(f); err != nil || strings.Contains(f, "\n") {
				t.Errorf("exchange %d: field %q: %v", e.Index, f, err)
			}
		}
	}
}

func TestRenderDiffLines(t *testing.T) {
	a := []string{"h", "1", "2", "3", "4", "5", "x", "6", "7"}
	b := []string{"h", "1", "2", "3", "4", "5", "y", "6", "7", "8"}
	if got, want := render.Diff(a, b, 1, 0), "  5\n- x\n+ y\n  6\n  7\n+ 8\n"; got != want {
		t.Errorf("context 1:\n%s\nwant\n%s", got, want)
	}
	if got := lineDiff(a, b, 0); strings.Count(got, "\n") != 11 || !strings.HasPrefix(got, "  h\n") {
		t.Errorf("full diff:\n%s", got)
	}
	if got, want := lineDiff(a, b, 3), "  h\n  1\n  2\n… 8 more lines\n"; got != want {
		t.Errorf("max 3 lines:\n%s\nwant\n%s", got, want)
	}
}
