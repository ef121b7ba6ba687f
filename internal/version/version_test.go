package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "nlcap devel " + runtime.Version()},
		{"release", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "nlcap v1.2.3 " + runtime.Version()},
		{"checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "80136d1a5c2e0123456789"},
			{Key: "vcs.time", Value: "2026-12-04T18:13:57Z"},
			{Key: "vcs.modified", Value: "true"},
		}}, "nlcap devel (rev 80136d1a5c2e, 2026-12-04T18:13:57Z, modified) " + runtime.Version()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := format("nlcap", func() (*debug.BuildInfo, bool) { return tt.bi, tt.bi != nil })
			if got != tt.want {
				t.Errorf("format = %q, want %q", got, tt.want)
			}
		})
	}
	if s := String("nlreplay"); !strings.HasPrefix(s, "nlreplay ") {
		t.Errorf("String = %q", s)
	}
}
