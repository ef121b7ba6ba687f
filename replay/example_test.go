package replay_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/replay"
)

// readScript builds the script of a capture file.
func readScript(path string) (*replay.Script, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		return nil, err
	}
	return replay.ReadScript(r)
}

// rtnetlink values from include/uapi/linux/rtnetlink.h and if_link.h.
const (
	rtmGetLink      = 18 // RTM_GETLINK
	iflaIfname      = 3  // IFLA_IFNAME
	iflaExtMask     = 29 // IFLA_EXT_MASK
	rtextFilterVF   = 1  // RTEXT_FILTER_VF
	sizeofIfinfomsg = 16
)

// listLinks is the code under test: it lists links the way `ip link show`
// does, with a link dump over an rtnetlink connection.
func listLinks(c *netlink.Conn) ([]string, error) {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(iflaExtMask, rtextFilterVF)
	attrs, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	msgs, err := c.Execute(netlink.Message{
		Header: netlink.Header{Type: rtmGetLink, Flags: netlink.Request | netlink.Dump},
		Data:   append(make([]byte, sizeofIfinfomsg), attrs...), // struct ifinfomsg: any family, any link
	})
	if err != nil {
		return nil, err
	}
	var links []string
	for _, m := range msgs {
		if len(m.Data) < sizeofIfinfomsg {
			return nil, fmt.Errorf("short RTM_NEWLINK")
		}
		index := binary.NativeEndian.Uint32(m.Data[4:8]) // ifi_index
		ad, err := netlink.NewAttributeDecoder(m.Data[sizeofIfinfomsg:])
		if err != nil {
			return nil, err
		}
		for ad.Next() {
			if ad.Type() == iflaIfname {
				links = append(links, fmt.Sprintf("%d: %s", index, ad.String()))
			}
		}
	}
	return links, nil
}

// A capture of `ip link show` (and more) answers the link dump of code
// written with mdlayher/netlink: no root, no kernel, any OS.
func ExampleMock_Dial() {
	s, err := readScript("../testdata/captures/rtnl-basic.pcap")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := replay.NewMock(s, &replay.MockConfig{Strict: true})
	c := m.Dial(int(nlcap.FamilyRoute)) // unix.NETLINK_ROUTE
	defer c.Close()

	links, err := listLinks(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		fmt.Println(l)
	}
	// Output:
	// 1: lo
	// 2: dummy0
	// 3: nlmon0
	// 4: d0
}

// A request the capture does not hold fails in strict mode with an error
// that names the closest recorded request and what differs.
func ExampleUnmatchedError() {
	s, err := readScript("../testdata/captures/rtnl-basic.pcap")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := replay.NewMock(s, &replay.MockConfig{Strict: true}).Dial(int(nlcap.FamilyRoute))
	defer c.Close()

	// A link dump with NLM_F_ACK, which no recorded request asked for.
	_, err = c.Execute(netlink.Message{
		Header: netlink.Header{Type: rtmGetLink, Flags: netlink.Request | netlink.Dump | netlink.Acknowledge},
		Data:   make([]byte, sizeofIfinfomsg),
	})
	var ue *replay.UnmatchedError
	if errors.As(err, &ue) {
		fmt.Println(errors.Is(err, replay.ErrUnexpectedRequest), ue.Closest, len(ue.Fields))
	}
	// Output:
	// true 10 2
}
