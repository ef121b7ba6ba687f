package dissect_test

import (
	"encoding/binary"
	"fmt"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// getFamilyEthtool is an nlctrl request for the id of "ethtool" (little-endian).
var getFamilyEthtool = []byte{
	0x20, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // nlmsghdr
	0x03, 0x01, 0x00, 0x00, // genlmsghdr: CTRL_CMD_GETFAMILY, version 1
	0x0c, 0x00, 0x02, 0x00, 'e', 't', 'h', 't', 'o', 'o', 'l', 0x00, // CTRL_ATTR_FAMILY_NAME
}

func ExampleDecoder_Decode() {
	rec := nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian, Data: getFamilyEthtool}
	d := dissect.NewDecoder(nil)
	for _, m := range d.Decode(rec, 0) {
		fmt.Println(m.Direction, m.TypeName, m.Genl.CmdName, m.FlagNames, m.Summary)
		for _, a := range m.Attrs {
			fmt.Println(" ", a.Name, a.Value)
		}
	}
	// Output:
	// request nlctrl CTRL_CMD_GETFAMILY [REQUEST ACK] ethtool
	//   CTRL_ATTR_FAMILY_NAME "ethtool"
}

func ExampleNetlink() {
	// A pcap record: the cooked header, then the netlink message.
	cooked, _ := nlcap.NewPseudoHeader(nlcap.FamilyGeneric).MarshalBinary()
	frame := append(cooked, getFamilyEthtool...)

	var (
		nm  dissect.Nlmon
		nl  = dissect.Netlink{Cooked: &nm, ByteOrder: binary.LittleEndian}
		g   dissect.Genetlink
		pay gopacket.Payload
	)
	parser := gopacket.NewDecodingLayerParser(dissect.LayerTypeNlmon, &nm, &nl, &g, &pay)
	var decoded []gopacket.LayerType
	if err := parser.DecodeLayers(frame, &decoded); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(decoded)
	fmt.Println(nl.Family, len(nl.Messages), nl.Messages[0].Header.Type, g.Cmd)

	// gopacket.NewPacket works too, in the native byte order.
	p := gopacket.NewPacket(frame, layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
	fmt.Println(p.Layer(dissect.LayerTypeNlmon) != nil)
	// Output:
	// [Nlmon Netlink Genetlink Payload]
	// generic 1 16 3
	// true
}
