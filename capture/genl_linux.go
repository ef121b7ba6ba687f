package capture

import (
	"fmt"
	"sort"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// DumpGenlFamilies asks the kernel for its generic netlink family table
// (a CTRL_CMD_GETFAMILY dump to nlctrl) in the namespace cfg.NetNS and
// returns it sorted by id. Run while a capture is listening, the request and
// its answers land in the capture, so decoders can name every genl family.
func DumpGenlFamilies(cfg *Config) ([]GenlFamily, error) {
	c, err := genetlink.Dial(&netlink.Config{NetNS: cfg.netNS()})
	if err != nil {
		return nil, classify("dump genl families", err)
	}
	defer c.Close()
	fams, err := c.ListFamilies()
	if err != nil {
		return nil, fmt.Errorf("dump genl families: %w", err)
	}
	out := make([]GenlFamily, 0, len(fams))
	for _, f := range fams {
		out = append(out, GenlFamily{ID: f.ID, Name: f.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
