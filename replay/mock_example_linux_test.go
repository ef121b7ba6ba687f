package replay_test

import (
	"fmt"

	"github.com/nlcap/nlcap/replay"
)

// A capture of `genl ctrl list` answers genetlink's ListFamilies, and
// GetFamily is served from what the capture learned about each family,
// whatever request recorded it. (mdlayher/genetlink implements both only on
// Linux, hence this file's name.)
func ExampleMock_DialGenl() {
	s, err := readScript("../testdata/captures/genl-ctrl.pcap")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := replay.NewMock(s, &replay.MockConfig{Strict: true, Ordered: true})
	c := m.DialGenl()
	defer c.Close()

	families, err := c.ListFamilies()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range families[:5] {
		fmt.Printf("0x%x %s v%d, %d groups\n", f.ID, f.Name, f.Version, len(f.Groups))
	}
	fmt.Println(len(families), "families")

	// The capture looked nlctrl up by name, and ethtool only came in the
	// dump: both lookups are answered.
	for _, name := range []string{"ethtool", "nlctrl"} {
		f, err := c.GetFamily(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: 0x%x\n", f.Name, f.ID)
	}
	// Output:
	// 0x10 nlctrl v2, 1 groups
	// 0x11 VFS_DQUOT v1, 1 groups
	// 0x13 thermal v1, 2 groups
	// 0x14 ethtool v1, 1 groups
	// 0x15 devlink v1, 1 groups
	// 15 families
	// ethtool: 0x14
	// nlctrl: 0x10
}
