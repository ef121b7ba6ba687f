package capture

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// DumpGenlFamilies asks the kernel for its generic netlink family table
// (a CTRL_CMD_GETFAMILY dump to nlctrl) in the namespace cfg.NetNS and
// returns it sorted by id. Run while a capture is listening, the request and
// its answers land in the capture, so decoders can name every genl family.
// The request carries nlmsg_seq [GenlDumpSeq], which lets nlreplay tell it
// from the traffic being studied ([IsGenlDump]).
func DumpGenlFamilies(cfg *Config) ([]GenlFamily, error) {
	c, err := netlink.Dial(unix.NETLINK_GENERIC, &netlink.Config{NetNS: cfg.netNS()})
	if err != nil {
		return nil, classify("dump genl families", err)
	}
	defer c.Close()
	req := genlDumpRequest()
	msgs, err := c.Execute(req)
	if err != nil {
		return nil, fmt.Errorf("dump genl families: %w", err)
	}
	out := make([]GenlFamily, 0, len(msgs))
	for _, m := range msgs {
		if len(m.Data) < 4 {
			continue
		}
		ad, err := netlink.NewAttributeDecoder(m.Data[4:])
		if err != nil {
			return nil, fmt.Errorf("dump genl families: %w", err)
		}
		var f GenlFamily
		for ad.Next() {
			switch ad.Type() {
			case unix.CTRL_ATTR_FAMILY_ID:
				if b := ad.Bytes(); len(b) >= 2 {
					f.ID = binary.NativeEndian.Uint16(b)
				}
			case unix.CTRL_ATTR_FAMILY_NAME:
				f.Name = ad.String()
			}
		}
		if err := ad.Err(); err != nil {
			return nil, fmt.Errorf("dump genl families: %w", err)
		}
		if f.Name != "" {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
