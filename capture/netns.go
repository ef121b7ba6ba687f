package capture

import (
	"fmt"
	"os"
	"strings"
)

// NetNSPath returns the file that names a network namespace given as NAME
// (an `ip netns` name: /run/netns/NAME), a PID (/proc/PID/ns/net) or a PATH
// (anything containing a slash).
func NetNSPath(spec string) (string, error) {
	switch {
	case spec == "":
		return "", fmt.Errorf("%s: empty name", opNetNS)
	case strings.Contains(spec, "/"):
		return spec, nil
	case strings.Trim(spec, "0123456789") == "":
		return "/proc/" + spec + "/ns/net", nil
	case spec == "." || spec == "..":
		return "", fmt.Errorf("%s: invalid name %q", opNetNS, spec)
	}
	return "/run/netns/" + spec, nil
}

// OpenNetNS opens the network namespace named by spec (see [NetNSPath]).
// Pass int(f.Fd()) as [Config.NetNS] and close f when done.
func OpenNetNS(spec string) (*os.File, error) {
	p, err := NetNSPath(spec)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", opNetNS, spec, err)
	}
	return f, nil
}
