package main

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// decoded returns nlcap's view of a request (family fam, the gtp family id
// learned as from the capture's nlctrl answer): type or command, then the
// attributes by path.
func decoded(t *testing.T, fam nlcap.Family, m netlink.Message) string {
	t.Helper()
	m.Header.Length = uint32(16 + len(m.Data))
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d := dissect.NewDecoder(nil)
	d.LearnGenlFamily(0x20, "gtp")
	msgs := d.Decode(nlcap.Record{Family: fam, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 || msgs[0].Problem != "" || len(msgs[0].Trailing) > 0 {
		t.Fatalf("decoded %+v", msgs)
	}
	w := []string{msgs[0].TypeName}
	if g := msgs[0].Genl; g != nil {
		w[0] = g.CmdName
	}
	var walk func(p string, as []dissect.Attr)
	walk = func(p string, as []dissect.Attr) {
		for _, a := range as {
			if len(a.Children) > 0 {
				walk(p+a.Name+" > ", a.Children)
				continue
			}
			w = append(w, p+a.Name+": "+a.Value)
		}
	}
	walk("", msgs[0].Attrs)
	return strings.Join(w, "\n")
}

func TestNewLink(t *testing.T) {
	m, err := newLink("gtp0", 6, 8)
	if err != nil {
		t.Fatal(err)
	}
	want := `RTM_NEWLINK
IFLA_IFNAME: "gtp0"
IFLA_LINKINFO > IFLA_INFO_KIND: "gtp"
IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_FD0: 6
IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_FD1: 8
IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_ROLE: GTP_ROLE_GGSN`
	if got := decoded(t, nlcap.FamilyRoute, m); got != want {
		t.Errorf("new link:\n%s\nwant\n%s", got, want)
	}
	if got := decoded(t, nlcap.FamilyRoute, delLink(4)); !strings.HasPrefix(got, "RTM_DELLINK") {
		t.Errorf("del link: %s", got)
	}
}

func TestPDPMessages(t *testing.T) {
	for _, tc := range []struct {
		cmd  uint8
		p    pdp
		full bool
		want string
	}{
		{dissect.GTP_CMD_NEWPDP, tunnels[0], true, "GTP_CMD_NEWPDP\nGTPA_LINK: 4\nGTPA_VERSION: GTP_V1\nGTPA_PEER_ADDRESS: 192.0.2.2\nGTPA_MS_ADDRESS: 10.10.0.1\nGTPA_I_TEI: 100\nGTPA_O_TEI: 200"},
		{dissect.GTP_CMD_NEWPDP, tunnels[1], true, "GTP_CMD_NEWPDP\nGTPA_LINK: 4\nGTPA_VERSION: GTP_V0\nGTPA_PEER_ADDRESS: 192.0.2.3\nGTPA_MS_ADDRESS: 10.10.0.2\nGTPA_TID: 0x1122334455667788\nGTPA_FLOW: 7"},
		{dissect.GTP_CMD_DELPDP, tunnels[1], false, "GTP_CMD_DELPDP\nGTPA_LINK: 4\nGTPA_VERSION: GTP_V0\nGTPA_TID: 0x1122334455667788"},
	} {
		gm, err := pdpMsg(tc.cmd, 0, 4, tc.p, tc.full)
		if err != nil {
			t.Fatal(err)
		}
		body, err := gm.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got := decoded(t, nlcap.FamilyGeneric, netlink.Message{Header: netlink.Header{Type: 0x20, Flags: netlink.Request | netlink.Acknowledge}, Data: body})
		if got != tc.want {
			t.Errorf("got\n%s\nwant\n%s", got, tc.want)
		}
	}
}
