package replay

import (
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
)

var le = binary.LittleEndian

func la(b []byte, typ uint16, p []byte) []byte { return appendAttr(b, le, typ, p) }

func cstr(s string) []byte { return append([]byte(s), 0) }

// groupsRequest is an nlctrl request (cmd 3) about family, carrying one
// CTRL_ATTR_MCAST_GROUPS entry per group (name may be empty: id only).
func groupsRequest(familyAttr []byte, groups ...struct {
	name string
	id   uint32
}) []byte {
	var nest []byte
	for i, g := range groups {
		var e []byte
		if g.name != "" {
			e = la(e, ctrlAttrMcastGrpName, cstr(g.name))
		}
		e = la(e, ctrlAttrMcastGrpID, le.AppendUint32(nil, g.id))
		nest = la(nest, uint16(i+1)|nlaFNested, e)
	}
	body := append([]byte{ctrlCmdGetFamily, 1, 0, 0}, familyAttr...)
	body = la(body, ctrlAttrMcastGroups|nlaFNested, nest)
	return msg(genlIDCtrl, 0x5, 1, 77, body...)
}

type grp = struct {
	name string
	id   uint32
}

// TestRewriteGenlGroups checks that multicast group ids in nlctrl requests
// are remapped by family and group name, and that each is listed.
func TestRewriteGenlGroups(t *testing.T) {
	liveGroups := map[string]map[string]uint32{"ethtool": {"monitor": 9}, "nlctrl": {"notify": 2}}
	live := &Resolver{
		Seq:  func(int) (uint32, bool) { return 5, true },
		Port: func() (uint32, bool) { return 1000, true },
		GenlFamily: func(name string) (uint16, bool) {
			return map[string]uint16{"ethtool": 0x19, "nlctrl": 0x10}[name], name == "ethtool" || name == "nlctrl"
		},
		GenlGroup: func(f, g string) (uint32, bool) {
			id, ok := liveGroups[f][g]
			return id, ok
		},
	}
	tests := []struct {
		name      string
		req       []byte
		res       *Resolver
		want      []string // rewrites other than nlmsg_seq/nlmsg_pid
		wantGroup []uint32 // CTRL_ATTR_MCAST_GRP_ID values sent
	}{
		{
			name:      "by family name and group name",
			req:       groupsRequest(la(nil, ctrlAttrFamilyName, cstr("ethtool")), grp{"monitor", 4}),
			res:       live,
			want:      []string{"msg 0 CTRL_ATTR_MCAST_GRP_ID 4 (ethtool/monitor) → 9"},
			wantGroup: []uint32{9},
		},
		{
			name: "by family id, group named by the capture",
			req:  groupsRequest(la(nil, ctrlAttrFamilyID, le.AppendUint16(nil, 0x14)), grp{"", 4}),
			res:  live,
			want: []string{
				"msg 0 CTRL_ATTR_FAMILY_ID 0x14 → 0x19 (ethtool)",
				"msg 0 CTRL_ATTR_MCAST_GRP_ID 4 (ethtool/monitor) → 9",
			},
			wantGroup: []uint32{9},
		},
		{
			name: "dry run",
			req:  groupsRequest(la(nil, ctrlAttrFamilyName, cstr("ethtool")), grp{"monitor", 4}, grp{"", 77}),
			want: []string{
				"msg 0 CTRL_ATTR_MCAST_GRP_ID 4 (ethtool/monitor) → live id of ethtool/monitor",
				"msg 0 CTRL_ATTR_MCAST_GRP_ID 77 → kept (the group has no family and name in the capture)",
			},
			wantGroup: []uint32{4, 77},
		},
		{
			name:      "group not found live",
			req:       groupsRequest(la(nil, ctrlAttrFamilyName, cstr("ethtool")), grp{"gone", 4}),
			res:       live,
			want:      []string{"msg 0 CTRL_ATTR_MCAST_GRP_ID 4 (ethtool/gone) → kept (ethtool/gone not found live)"},
			wantGroup: []uint32{4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScript([]nlcap.Record{rec(nlcap.FamilyGeneric, tt.req)})
			if err != nil {
				t.Fatal(err)
			}
			s.GenlFamilies[0x14] = "ethtool"
			s.GenlGroups[4] = GenlGroup{Family: "ethtool", Name: "monitor"}
			e := &s.Exchanges[0]
			sent, rw := s.Rewrite(e, s.GenlFamilies, nil, tt.res)
			var got []string
			for _, r := range rw {
				if r.Field != "nlmsg_seq" && r.Field != "nlmsg_pid" {
					got = append(got, r.String())
				}
			}
			if len(sent) != len(e.Request) {
				t.Fatalf("sent %d bytes, want %d", len(sent), len(e.Request))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rewrites (-want +got):\n%s", diff)
			}
			// Each listed rewrite points at the bytes it changed.
			var ids []uint32
			for _, r := range rw {
				if r.Field == "CTRL_ATTR_MCAST_GRP_ID" {
					ids = append(ids, le.Uint32(sent[r.Offset:]))
				}
			}
			if diff := cmp.Diff(tt.wantGroup, ids); diff != "" {
				t.Errorf("group ids sent (-want +got):\n%s", diff)
			}
			if tt.res == nil && string(sent) != string(e.Request) {
				t.Error("a dry run changed the request bytes")
			}
		})
	}
}

// TestRewriteRoute checks ifindex remapping by interface name, with the
// offsets each rewrite names.
func TestRewriteRoute(t *testing.T) {
	link := la(make([]byte, 16), 3, cstr("d0")) // RTM_NEWLINK ifindex 4 "d0"
	le.PutUint32(link[4:], 4)
	route := []byte{2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0}
	route = la(route, 1, []byte{10, 9, 0, 0})      // RTA_DST
	route = la(route, 4, le.AppendUint32(nil, 4))  // RTA_OIF
	route = la(route, 3, le.AppendUint32(nil, 99)) // RTA_IIF, unnamed
	s, err := NewScript([]nlcap.Record{
		rec(nlcap.FamilyRoute, msg(16, 0, 1, 0, link...)), // from kernel (no NLM_F_REQUEST): names ifindex 4
		rec(nlcap.FamilyRoute, msg(24, 0x605, 2, 0, route...)),
	})
	if err != nil {
		t.Fatal(err)
	}
	res := &Resolver{Ifindex: func(name string) (uint32, bool) { return 2, name == "d0" }}
	sent, rw := s.Rewrite(&s.Exchanges[0], nil, s.Interfaces(), res)
	var got []string
	for _, r := range rw {
		got = append(got, r.String())
	}
	want := []string{
		"msg 0 nlmsg_seq 2 → live seq",
		"msg 0 RTA_OIF 4 (d0) → 2",
		"msg 0 RTA_IIF 99 → kept (no interface name in the capture)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rewrites (-want +got):\n%s", diff)
	}
	if v := le.Uint32(sent[rw[1].Offset:]); v != 2 {
		t.Errorf("RTA_OIF sent %d, want 2", v)
	}
	if v := le.Uint32(sent[rw[2].Offset:]); v != 99 {
		t.Errorf("RTA_IIF sent %d, want 99", v)
	}
}

// TestRewriteRouteKinds checks the ifindexes of tc, nexthop, neighbour and
// MDB messages.
func TestRewriteRouteKinds(t *testing.T) {
	tcmsg := func(idx uint32) []byte { // struct tcmsg
		b := make([]byte, 20)
		le.PutUint32(b[4:], idx)
		return b
	}
	nhmsg := la([]byte{2, 0, 0, 0, 0, 0, 0, 0}, 5, le.AppendUint32(nil, 4)) // NHA_OIF
	ndmsg := make([]byte, 12)
	le.PutUint32(ndmsg[4:], 4)
	ndmsg = la(ndmsg, 9, le.AppendUint32(nil, 7)) // NDA_MASTER
	mdb := []byte{7, 0, 0, 0, 7, 0, 0, 0}         // struct br_port_msg, ifindex 7
	tests := []struct {
		name string
		typ  uint16
		body []byte
		want []string
	}{
		{"RTM_GETQDISC", 38, tcmsg(4), []string{"msg 0 tcm_ifindex 4 (d0) → 2"}},
		{"RTM_NEWTFILTER", 44, tcmsg(7), []string{"msg 0 tcm_ifindex 7 (br0) → 3"}},
		{"RTM_NEWNEXTHOP", 104, nhmsg, []string{"msg 0 NHA_OIF 4 (d0) → 2"}},
		{"RTM_NEWNEIGH", 28, ndmsg, []string{"msg 0 ndm_ifindex 4 (d0) → 2", "msg 0 NDA_MASTER 7 (br0) → 3"}},
		{"RTM_GETMDB", 86, mdb, []string{"msg 0 br_port_msg ifindex 7 (br0) → 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScript([]nlcap.Record{rec(nlcap.FamilyRoute, msg(tt.typ, 0x605, 2, 0, tt.body...))})
			if err != nil {
				t.Fatal(err)
			}
			ifnames := map[uint32]string{4: "d0", 7: "br0"}
			live := map[string]uint32{"d0": 2, "br0": 3}
			res := &Resolver{Ifindex: func(n string) (uint32, bool) { v, ok := live[n]; return v, ok }}
			sent, rw := s.Rewrite(&s.Exchanges[0], nil, ifnames, res)
			var got []string
			for _, r := range rw[1:] { // after nlmsg_seq
				got = append(got, r.String())
				if v := le.Uint32(sent[r.Offset:]); v != live[ifnames[uint32FromFrom(r.From)]] {
					t.Errorf("%s: sent %d", r.Field, v)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rewrites (-want +got):\n%s", diff)
			}
		})
	}
}

// uint32FromFrom reads the number at the start of Rewrite.From ("4 (d0)").
func uint32FromFrom(s string) uint32 {
	var v uint32
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + uint32(c-'0')
	}
	return v
}
