// Package version says which build of a command is running, for the
// commands' --version flag.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// String returns the one line --version prints for command cmd: the
// module version (or "devel"), the VCS revision and time when the binary
// was built from a checkout, and the Go version, for example
// "nlcap devel (rev 80136d1a5c2e, 2026-12-04T18:13:57Z, modified) go1.26.0".
func String(cmd string) string {
	return format(cmd, debug.ReadBuildInfo)
}

func format(cmd string, read func() (*debug.BuildInfo, bool)) string {
	ver, rev, at, dirty := "devel", "", "", false
	if bi, ok := read(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			ver = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	line := cmd + " " + ver
	if rev != "" {
		line += " (rev " + rev[:min(len(rev), 12)]
		if at != "" {
			line += ", " + at
		}
		if dirty {
			line += ", modified"
		}
		line += ")"
	}
	return fmt.Sprintf("%s %s", line, runtime.Version())
}
