package render_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/render"
)

// TestSetProcess: a traced record's process shows before the family in the
// one-line format (its name escaped), as "process" in JSON, and not at all
// in Diff or for the zero Process.
func TestSetProcess(t *testing.T) {
	proc := nlcap.Process{PID: 7200, TID: 7201, Comm: "ip\x1b[2J", PortID: 7200, Group: 1}
	for _, tt := range []struct {
		cfg  render.Config
		proc nlcap.Process
		want string
		not  string
	}{
		{render.Config{Location: time.UTC}, proc, `10:00:00.000000 [ip\x1b[2J 7200/7201 port 7200 group 1] route request RTM_NEWLINK`, "\x1b"},
		{render.Config{Location: time.UTC}, nlcap.Process{PID: 9, TID: 9}, `10:00:00.000000 [9/9] route request`, ""},
		{render.Config{Location: time.UTC}, nlcap.Process{}, `10:00:00.000000 route request RTM_NEWLINK`, "] route"},
		{render.Config{JSON: true}, proc, `,"process":{"pid":7200,"tid":7201,"comm":"ip\u001b[2J","port_id":7200,"group":1},"offset":0,`, "\x1b"},
		{render.Config{JSON: true}, nlcap.Process{}, `"time":"2026-11-22T10:00:00Z","offset":0,`, `"process"`},
		{render.Config{Diff: true, Verbose: 2}, proc, `RTM_NEWLINK [REQUEST,ACK,EXCL,CREATE] len`, "7200/7201"},
	} {
		p := render.New(&tt.cfg)
		p.SetProcess(tt.proc)
		msgs := decoded(&tt.cfg)
		line := strings.SplitN(string(p.AppendMessage(nil, &msgs[0])), "\n", 2)[0]
		if !strings.Contains(line, tt.want) || (tt.not != "" && strings.Contains(line, tt.not)) {
			t.Errorf("%+v, %+v:\n%s\nwant it to hold %q and not %q", tt.cfg, tt.proc, line, tt.want, tt.not)
		}
	}
}
