package dissect

import (
	"encoding/binary"
	"testing"

	"github.com/nlcap/nlcap"
)

// TestLookup: what replay asks the registry: header lengths, the variant a
// header picks, tags.
func TestLookup(t *testing.T) {
	le := binary.LittleEndian
	s, ok := Lookup(nlcap.FamilyRoute, rtmNewLink, "", ifinfomsg(afBridge, 1, 2, 1, 0), le)
	if !ok || s.Name != "RTM_NEWLINK" || s.HeaderLen != 16 || s.Attrs != linkBridgeAttrs {
		t.Errorf("RTM_NEWLINK of AF_BRIDGE: %+v %v", s, ok)
	}
	if a := s.Attrs.Attr(IFLA_LINK); a == nil || a.Tags != TagIfindex {
		t.Errorf("IFLA_LINK: %+v", a)
	}
	if a := s.Attrs.Attr(IFLA_AF_SPEC); a == nil || a.Tags&TagVolatile == 0 || a.Nested != bridgeAFAttrs {
		t.Errorf("IFLA_AF_SPEC of AF_BRIDGE keeps its volatile tag: %+v", a)
	}
	if len(s.Header.Tagged) != 2 || s.Header.Tagged[0].Name != "ifi_index" || s.Header.Tagged[0].Offset != 4 {
		t.Errorf("ifinfomsg tagged fields: %+v", s.Header.Tagged)
	}
	if s, ok := Lookup(nlcap.FamilyRoute, RTM_NEWNSID, "", []byte{0}, le); !ok || s.HeaderLen != 4 {
		t.Errorf("RTM_NEWNSID: header %d, want rtgenmsg padded to 4", s.HeaderLen)
	}
	if _, ok := Lookup(nlcap.FamilyRoute, 0x3ff, "", nil, le); ok {
		t.Error("an unknown rtnetlink type is known")
	}
	s, ok = Lookup(nlcap.FamilyGeneric, 0x20, "wireguard", []byte{WG_CMD_GET_DEVICE, 1, 0, 0}, le)
	if !ok || s.Name != "WG_CMD_GET_DEVICE" || s.HeaderLen != 4 || s.Attrs.Attr(WGDEVICE_A_IFINDEX).Tags != TagIfindex {
		t.Errorf("wireguard: %+v", s)
	}
	s, ok = Lookup(nlcap.FamilyGeneric, GENL_ID_CTRL, "", []byte{ctrlCmdGetFamily, 1, 0, 0}, le)
	if !ok || s.Attrs.Attr(ctrlAttrFamilyID).Tags != TagGenlFamilyID ||
		s.Attrs.Attr(ctrlAttrMcastGroups).Nested.Attr(ctrlAttrMcastGrpID).Tags != TagMcastGroupID {
		t.Errorf("nlctrl tags: %+v", s)
	}
	if s, ok := Lookup(nlcap.FamilyGeneric, 0x21, "no-such-family", []byte{1, 1, 0, 0}, le); !ok || s.Attrs != nil || s.HeaderLen != 4 {
		t.Errorf("unknown genl family: %+v %v", s, ok)
	}
	if s, ok := Lookup(nlcap.FamilyNetfilter, 0x0a00, "", make([]byte, 4), le); !ok || s.Name != "NFT_MSG_NEWTABLE" || s.Header.Tagged[0].Tags != TagVolatile {
		t.Errorf("nf_tables: %+v", s)
	}
	for typ, want := range map[uint16]bool{rtmGetLink: true, rtmNewLink: false, rtmGetRoute: true, RTM_SETLINK: false, 130: true, 129: false, 2: false} {
		if IsRouteGet(typ) != want {
			t.Errorf("IsRouteGet(%d) = %v", typ, !want)
		}
	}
	if got := (TagIfindex | TagVolatile).String(); got != "ifindex,volatile" {
		t.Errorf("tags %q", got)
	}
}

func TestWalkers(t *testing.T) {
	b := cat(nla(1, u32(7)), nla(2|nlaFNested, nla(3, str("x"))), []byte{9, 0}) // a bad tail
	var types []uint16
	for a := range Attrs(b, le) {
		types = append(types, a.Type)
		if a.Type == 2 && (a.RawType != 2|nlaFNested || a.Offset != 12) {
			t.Errorf("nested attribute %+v", a)
		}
	}
	if len(types) != 2 || types[0] != 1 || types[1] != 2 {
		t.Errorf("types %v", types)
	}
	if got := AppendAttr(nil, le, 5, []byte{1}); len(got) != 8 || got[0] != 5 || got[2] != 5 {
		t.Errorf("AppendAttr % x", got)
	}
	a, ok := ReadAck(nlmsgError, nlmFAckTLVs|nlmFCapped, cat(le.AppendUint32(nil, uint32(0xffffffea)), make([]byte, 16), nla(nlmsgerrAttrMsg, str("bad")), nla(nlmsgerrAttrOffs, u32(20))), le)
	if !ok || a.Errno != 22 || a.Msg != "bad" || a.Offset != 20 || !a.TLVs {
		t.Errorf("ReadAck %+v", a)
	}
	if idx, name, ok := LinkName(nlcap.FamilyRoute, rtmNewLink, cat(ifinfomsg(0, 1, 4, 0, 0), nla(3, str("d0"))), le); !ok || idx != 4 || name != "d0" {
		t.Errorf("LinkName %d %q %v", idx, name, ok)
	}
}

// TestDevlinkOverlay: the worked example of DEVELOPERS.md decodes.
func TestDevlinkOverlay(t *testing.T) {
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x15, "devlink")), 0)
	msg := nlmsg(0x15, 0, 1, 1, []byte{DEVLINK_CMD_PORT_NEW, 1, 0, 0},
		nla(DEVLINK_ATTR_BUS_NAME, str("netdevsim")), nla(DEVLINK_ATTR_DEV_NAME, str("netdevsim1")),
		nla(DEVLINK_ATTR_PORT_INDEX, u32(0)), nla(DEVLINK_ATTR_PORT_TYPE, u16(2)),
		nla(DEVLINK_ATTR_PORT_NETDEV_IFINDEX, u32(3)))
	m := d.Decode(rec(nlcap.FamilyGeneric, msg), 1)[0]
	if m.Genl == nil || m.Genl.CmdName != "DEVLINK_CMD_PORT_NEW" || len(m.Attrs) != 5 {
		t.Fatalf("devlink: %+v %+v", m.Genl, m.Attrs)
	}
	if a := m.Attrs[3]; a.Name != "DEVLINK_ATTR_PORT_TYPE" || a.Value != "DEVLINK_PORT_TYPE_ETH" {
		t.Errorf("port type %s=%s", a.Name, a.Value)
	}
	if a := m.Attrs[4]; a.Name != "DEVLINK_ATTR_PORT_NETDEV_IFINDEX" || a.Value != "3" {
		t.Errorf("netdev ifindex %s=%s", a.Name, a.Value)
	}
}
