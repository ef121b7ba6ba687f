package main

import (
	"encoding/binary"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// TestRequestDecodes checks the requests the program sends read as the
// thermal commands once nlcap knows the family id (as the capture's nlctrl
// answer teaches it), with the zone id.
func TestRequestDecodes(t *testing.T) {
	const id = 0x13
	d := dissect.NewDecoder(nil)
	d.LearnGenlFamily(id, "thermal")
	for _, tc := range []struct {
		cmd  uint8
		zone int
		want string
	}{
		{dissect.THERMAL_GENL_CMD_TZ_GET_ID, -1, "THERMAL_GENL_CMD_TZ_GET_ID"},
		{dissect.THERMAL_GENL_CMD_TZ_GET_TRIP, 2, "THERMAL_GENL_CMD_TZ_GET_TRIP"},
		{dissect.THERMAL_GENL_CMD_CDEV_GET, -1, "THERMAL_GENL_CMD_CDEV_GET"},
	} {
		req, err := request(tc.cmd, 1, tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		body, err := req.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		m := netlink.Message{Header: netlink.Header{Type: id, Flags: netlink.Request, Length: uint32(16 + len(body))}, Data: body}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		msgs := d.Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.NativeEndian, Data: b}, 0)
		if len(msgs) != 1 || msgs[0].Genl == nil {
			t.Fatalf("decoded %+v", msgs)
		}
		if g := msgs[0].Genl; g.CmdName != tc.want || len(msgs[0].Trailing) > 0 {
			t.Errorf("decoded as %s, %d trailing bytes; want %s", g.CmdName, len(msgs[0].Trailing), tc.want)
		}
		if n := len(msgs[0].Attrs); (tc.zone >= 0) != (n == 1) {
			t.Errorf("%s for zone %d has %d attributes", tc.want, tc.zone, n)
		}
	}
}

// encode builds attributes with fn.
func encode(t *testing.T, fn func(ae *netlink.AttributeEncoder)) []byte {
	t.Helper()
	ae := netlink.NewAttributeEncoder()
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNestedDescribe splits a TZ_GET_TRIP reply into its trips and prints
// them, a negative temperature signed and the trip types named.
func TestNestedDescribe(t *testing.T) {
	trips := encode(t, func(ae *netlink.AttributeEncoder) {
		ae.Nested(dissect.THERMAL_GENL_ATTR_TZ_TRIP, func(nae *netlink.AttributeEncoder) error {
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_ID, 0)
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_TYPE, dissect.THERMAL_TRIP_CRITICAL)
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_TEMP, 105000)
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_ID, 1)
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_TYPE, 7)
			nae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_TRIP_TEMP, uint32(0xffffd8f0))
			return nil
		})
	})
	items, err := nested(trips, dissect.THERMAL_GENL_ATTR_TZ_TRIP, dissect.THERMAL_GENL_ATTR_TZ_TRIP_ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		s, err := describe(it)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"trip=0 type=critical trip-temp=105000", "trip=1 type=7 trip-temp=-10000"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("trips %q, want %q", got, want)
	}
	// A nest whose first attribute is not the item's first is refused.
	bad := encode(t, func(ae *netlink.AttributeEncoder) {
		ae.Nested(dissect.THERMAL_GENL_ATTR_CDEV, func(nae *netlink.AttributeEncoder) error {
			nae.String(dissect.THERMAL_GENL_ATTR_CDEV_NAME, "Fan")
			return nil
		})
	})
	if _, err := nested(bad, dissect.THERMAL_GENL_ATTR_CDEV, dissect.THERMAL_GENL_ATTR_CDEV_ID); err == nil {
		t.Error("nested accepted a cooling device without its id first")
	}
	if _, err := zoneOf(encode(t, func(ae *netlink.AttributeEncoder) { ae.String(dissect.THERMAL_GENL_ATTR_TZ_NAME, "acpitz") })); err == nil {
		t.Error("zoneOf found a zone id in a message without one")
	}
	if _, err := describe([]byte{1, 2, 3}); err == nil {
		t.Error("describe accepted 3 bytes")
	}
}
