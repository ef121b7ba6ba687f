package replay

import (
	"testing"

	"github.com/google/go-cmp/cmp"
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
