package replay

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
)

func TestOutcomeString(t *testing.T) {
	tests := []struct {
		o    Outcome
		want string
	}{
		{Outcome{}, "nothing"},
		{Outcome{Acks: []Ack{{Errno: 0, Offset: -1}}}, "ACK"},
		{Outcome{Acks: []Ack{{Errno: 17, Offset: -1}}}, "EEXIST (17)"},
		{Outcome{Acks: []Ack{{Errno: 22, ExtAck: "bad", Offset: -1}}}, `EINVAL (22) "bad"`},
		{Outcome{Types: []string{"RTM_NEWLINK", "RTM_NEWLINK", "RTM_NEWLINK", "NLMSG_DONE"}}, "RTM_NEWLINK ×3, NLMSG_DONE"},
		{Outcome{Types: []string{"a", "b", "a"}, Acks: []Ack{{Offset: -1}}}, "a, b, a, ACK"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.o, got, tt.want)
		}
	}
}

func TestStatusString(t *testing.T) {
	got := []string{StatusOK.String(), StatusDiverged.String(), StatusTimeout.String(), Status(9).String()}
	if diff := cmp.Diff([]string{"OK", "DIVERGED", "TIMEOUT", "UNKNOWN"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReportMatched(t *testing.T) {
	var r Report
	r.add(Result{Status: StatusOK})
	if !r.Matched() {
		t.Error("all OK: not matched")
	}
	r.add(Result{Status: StatusTimeout})
	if r.Matched() || r.OK != 1 || r.Timeout != 1 || len(r.Results) != 2 {
		t.Errorf("after a timeout: %+v", r)
	}
}

func TestStatusEnv(t *testing.T) {
	if StatusEnv.String() != "ENV" {
		t.Errorf("StatusEnv.String() = %q", StatusEnv.String())
	}
	var r Report
	r.add(Result{Status: StatusOK})
	r.add(Result{Status: StatusEnv})
	if !r.Matched() || r.Env != 1 || r.OK != 1 {
		t.Errorf("an ENV verdict: %+v, Matched %v; want counted apart and not a divergence", r, r.Matched())
	}
}

// TestEnvReason: genl-ctrl's family dump, answered by a namespace without
// the families only the initial one has, is ENV naming them; with one more
// family missing, or without knowing which families are the initial
// namespace's, it is not.
func TestEnvReason(t *testing.T) {
	s := readCapture(t, "genl-ctrl.pcap")
	e := &s.Exchanges[0]
	initOnly := map[string]bool{"VFS_DQUOT": true, "thermal": true, "acpi_event": true}
	opts := &CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: s.GenlFamilies}
	without := func(drop map[string]bool) []netlink.Message {
		var out []netlink.Message
		for _, a := range e.Answers {
			if len(a.Data) >= genlHdrLen && a.Data[0] == ctrlCmdNewFamily && drop[familyName(a.Data[genlHdrLen:], s.ByteOrder)] {
				continue
			}
			out = append(out, a)
		}
		return out
	}
	live := without(initOnly)
	if len(live) != len(e.Answers)-3 {
		t.Fatalf("genl-ctrl's dump lacks the families of the test: %d of %d answers kept", len(live), len(e.Answers))
	}
	v := Compare(e.Answers, live, opts)
	if v.Match {
		t.Fatal("the dumps compare equal")
	}
	why, ok := s.envReason(e, live, v, opts, initOnly)
	if !ok || why != "families registered only in the initial network namespace: VFS_DQUOT, thermal, acpi_event" {
		t.Errorf("envReason = %q, %v", why, ok)
	}
	if _, ok := s.envReason(e, live, v, opts, nil); ok {
		t.Error("ENV without knowing the initial namespace's families")
	}
	more := without(map[string]bool{"VFS_DQUOT": true, "thermal": true, "acpi_event": true, "nlctrl": true})
	if why, ok := s.envReason(e, more, Compare(e.Answers, more, opts), opts, initOnly); ok {
		t.Errorf("nlctrl missing too: ENV %q, want a divergence", why)
	}
	// A lookup of a family only the initial namespace has.
	look := &Exchange{Family: nlcap.FamilyGeneric, Messages: []netlink.Message{{
		Header: netlink.Header{Type: genlIDCtrl, Flags: netlink.Request},
		Data:   append([]byte{ctrlCmdGetFamily, 1, 0, 0}, appendAttr(nil, s.ByteOrder, ctrlAttrFamilyName, []byte("thermal\x00"))...),
	}}}
	if why, ok := s.envReason(look, nil, Verdict{}, opts, initOnly); !ok || !strings.Contains(why, "thermal is registered only in the initial") {
		t.Errorf("lookup of thermal: %q, %v", why, ok)
	}
	// Route: only netconf dumps with the same messages are ENV.
	rs := readCapture(t, "rtnl-kinds.pcap")
	for i := range rs.Exchanges {
		x := &rs.Exchanges[i]
		name := rs.TypeNames(x)[0]
		o := &CompareOptions{Family: x.Family, ByteOrder: rs.ByteOrder}
		v := Verdict{Recorded: summarise(x.Answers, o, nil).Outcome, Live: summarise(x.Answers, o, nil).Outcome}
		_, ok := rs.envReason(x, x.Answers, v, o, nil)
		if ok != (name == "RTM_GETNETCONF") {
			t.Errorf("%s: ENV %v", name, ok)
		}
		if name == "RTM_GETNETCONF" {
			short := x.Answers[1:]
			v.Live = summarise(short, o, nil).Outcome
			if _, ok := rs.envReason(x, short, v, o, nil); ok {
				t.Error("a netconf dump with an entry missing is ENV")
			}
		}
	}
}
