package replay

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// bridgeLink builds an RTM_NEWLINK answer of a bridge whose IFLA_LINKINFO >
// IFLA_INFO_DATA (chosen by IFLA_INFO_KIND "bridge") holds a running timer
// and a setting, and IFLA_MASTER.
func bridgeLink(helloTimer uint64, stp, master uint32) []byte {
	le := binary.LittleEndian
	data := appendAttr(nil, le, 16, le.AppendUint64(nil, helloTimer)) // IFLA_BR_HELLO_TIMER
	data = appendAttr(data, le, 5, le.AppendUint32(nil, stp))         // IFLA_BR_STP_STATE
	info := appendAttr(nil, le, 1, []byte("bridge\x00"))              // IFLA_INFO_KIND
	info = appendAttr(info, le, 2|0x8000, data)                       // IFLA_INFO_DATA
	b := make([]byte, 16)
	b = appendAttr(b, le, 3, []byte("br0\x00"))             // IFLA_IFNAME
	b = appendAttr(b, le, 10, le.AppendUint32(nil, master)) // IFLA_MASTER
	b = appendAttr(b, le, 18|0x8000, info)                  // IFLA_LINKINFO
	return msg(16, 2, 1, 1, b...)
}

// TestCompareTags: the canonical form follows the registry into nests
// chosen by a sibling: a volatile timer inside IFLA_INFO_DATA and an
// ifindex differ without a divergence, a setting beside them does not.
func TestCompareTags(t *testing.T) {
	o := &CompareOptions{Family: nlcap.FamilyRoute, ByteOrder: binary.LittleEndian}
	rec := msgs(t, bridgeLink(100, 0, 3), done(1, 1))
	if v := Compare(rec, msgs(t, bridgeLink(987654, 0, 7), done(1, 1)), o); !v.Match {
		t.Errorf("timer and master differ: %s\n%s", v.Reason, v.Diff)
	}
	if v := Compare(rec, msgs(t, bridgeLink(100, 1, 3), done(1, 1)), o); v.Match || !strings.Contains(v.Reason, "objects differ") {
		t.Errorf("STP state differs: match %v, reason %q", v.Match, v.Reason)
	}
	exact := *o
	exact.Exact = true
	if v := Compare(rec, msgs(t, bridgeLink(987654, 0, 3), done(1, 1)), &exact); v.Match {
		t.Error("--exact matched a different timer")
	}
}

// TestRewriteTags: ifindexes that generic netlink overlays tag are rewritten
// as rtnetlink ones are (wireguard's device, ethtool's header nest), and a
// vxlan's lower device inside IFLA_LINKINFO > IFLA_INFO_DATA.
func TestRewriteTags(t *testing.T) {
	le := binary.LittleEndian
	ifnames := map[uint32]string{4: "d0"}
	res := &Resolver{
		Ifindex:    func(n string) (uint32, bool) { return 2, n == "d0" },
		GenlFamily: func(n string) (uint16, bool) { return 0x31, true },
	}
	vxData := appendAttr(nil, le, 3, le.AppendUint32(nil, 4)) // IFLA_VXLAN_LINK
	vxInfo := appendAttr(appendAttr(nil, le, 1, []byte("vxlan\x00")), le, 2|0x8000, vxData)
	tests := []struct {
		name   string
		family nlcap.Family
		typ    uint16
		genl   map[uint16]string
		body   []byte
		want   []string
	}{
		{"wireguard", nlcap.FamilyGeneric, 0x20, map[uint16]string{0x20: "wireguard"},
			appendAttr([]byte{0, 1, 0, 0}, le, 1, le.AppendUint32(nil, 4)), // WG_CMD_GET_DEVICE, WGDEVICE_A_IFINDEX
			[]string{"msg 0 genl family id 0x20 → 0x31 (wireguard)", "msg 0 WGDEVICE_A_IFINDEX 4 (d0) → 2"}},
		{"ethtool", nlcap.FamilyGeneric, 0x21, map[uint16]string{0x21: "ethtool"},
			appendAttr([]byte{2, 1, 0, 0}, le, 1|0x8000, appendAttr(nil, le, 1, le.AppendUint32(nil, 4))),
			[]string{"msg 0 genl family id 0x21 → 0x31 (ethtool)", "msg 0 ETHTOOL_A_HEADER_DEV_INDEX 4 (d0) → 2"}},
		{"vxlan", nlcap.FamilyRoute, 16, nil,
			appendAttr(make([]byte, 16), le, 18|0x8000, vxInfo),
			[]string{"msg 0 IFLA_VXLAN_LINK 4 (d0) → 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScript([]nlcap.Record{rec(tt.family, msg(tt.typ, 0x605, 2, 0, tt.body...))})
			if err != nil {
				t.Fatal(err)
			}
			sent, rw := s.Rewrite(&s.Exchanges[0], tt.genl, ifnames, res)
			var got []string
			for _, r := range rw[1:] { // after nlmsg_seq
				got = append(got, r.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rewrites:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if r := rw[len(rw)-1]; le.Uint32(sent[r.Offset:]) != 2 {
				t.Errorf("%s sent %d, want 2", r.Field, le.Uint32(sent[r.Offset:]))
			}
		})
	}
}
