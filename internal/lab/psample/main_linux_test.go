package main

import (
	"encoding/binary"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// TestGetGroupDecodes checks the request the program sends reads as
// PSAMPLE_CMD_GET_GROUP once nlcap knows the family id (as the capture's
// nlctrl answer teaches it).
func TestGetGroupDecodes(t *testing.T) {
	const id = 0x20
	body, err := getGroup(1).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	m := netlink.Message{Header: netlink.Header{Type: id, Flags: netlink.Request | netlink.Dump, Length: uint32(16 + len(body))}, Data: body}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d := dissect.NewDecoder(nil)
	d.LearnGenlFamily(id, "psample")
	msgs := d.Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 || msgs[0].Genl == nil {
		t.Fatalf("decoded %+v", msgs)
	}
	if g := msgs[0].Genl; g.FamilyName != "psample" || g.CmdName != "PSAMPLE_CMD_GET_GROUP" || g.Version != 1 || len(msgs[0].Trailing) > 0 {
		t.Errorf("decoded as %s %s version %d, %d trailing bytes", g.FamilyName, g.CmdName, g.Version, len(msgs[0].Trailing))
	}
}

func TestGroupOf(t *testing.T) {
	ae := netlink.NewAttributeEncoder()
	ae.Uint16(dissect.PSAMPLE_ATTR_IIFINDEX, 4)
	ae.Uint32(dissect.PSAMPLE_ATTR_SAMPLE_GROUP, 7)
	withGroup, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	ae = netlink.NewAttributeEncoder()
	ae.Uint32(dissect.PSAMPLE_ATTR_ORIGSIZE, 98)
	without, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		group   uint32
		ok, bad bool
	}{
		{"sample", withGroup, 7, true, false},
		{"no group", without, 0, false, false},
		{"truncated", withGroup[:len(withGroup)-2], 0, false, true},
	} {
		g, ok, err := groupOf(genetlink.Message{Data: tc.data})
		if (err != nil) != tc.bad || g != tc.group || ok != tc.ok {
			t.Errorf("%s: groupOf = %d, %v, %v; want %d, %v, error %v", tc.name, g, ok, err, tc.group, tc.ok, tc.bad)
		}
	}
}
