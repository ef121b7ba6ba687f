package render_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/hostile"
	"github.com/nlcap/nlcap/render"
)

// decoded returns the first two records of the hostile capture (an
// RTM_NEWLINK request and its NLMSG_ERROR), decoded for cfg.
func decoded(cfg *render.Config) []dissect.Message {
	d := dissect.NewDecoder(cfg.DecoderConfig())
	var out []dissect.Message
	for i, r := range hostile.Records()[:2] {
		out = append(out, d.Decode(r, i)...)
	}
	return out
}

func TestConfigLocation(t *testing.T) {
	for _, tt := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "10:00:00.000000 route request RTM_NEWLINK"},
		{time.FixedZone("X", 90*60), "11:30:00.000000 route request RTM_NEWLINK"},
	} {
		cfg := &render.Config{Location: tt.loc}
		lines := render.New(cfg).Lines(decoded(cfg))
		if len(lines) != 2 || !strings.HasPrefix(lines[0], tt.want) {
			t.Errorf("%v: %q, want 2 lines, the first starting %q", tt.loc, lines, tt.want)
		}
	}
}

// TestConfigDiff: the diff form leaves out time, family, direction, seq
// and pid, also in the echoed request.
func TestConfigDiff(t *testing.T) {
	cfg := &render.Config{Verbose: 2, Diff: true}
	lines := render.New(cfg).Lines(decoded(cfg))
	want := []string{
		"RTM_NEWLINK [REQUEST,ACK,EXCL,CREATE] len 112: ifindex 7 " + render.Text(hostile.String),
		"NLMSG_ERROR [CAPPED,ACK_TLVS] len 76: EINVAL (Invalid argument) for RTM_NEWLINK: " + render.Text(hostile.String),
		"    request RTM_NEWLINK [REQUEST,ACK,EXCL,CREATE] len 112 (capped)",
	}
	text := strings.Join(lines, "\n")
	for _, w := range want {
		if !strings.Contains(text, w+"\n") {
			t.Errorf("no line %q in\n%s", w, text)
		}
	}
	for _, bad := range []string{"seq ", "pid ", "route", "request RTM_NEWLINK [REQUEST,ACK,EXCL,CREATE] seq"} {
		if strings.Contains(text, bad) {
			t.Errorf("%q in the diff form:\n%s", bad, text)
		}
	}
}
