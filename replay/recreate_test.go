package replay

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
)

func planLines(p *Plan) []string {
	var out []string
	for _, st := range p.Steps {
		out = append(out, st.What)
	}
	return out
}

// TestPlanEnvironmentCaptures: the committed captures assume what their
// .cmds.txt say existed before the capture, and nothing the capture made.
func TestPlanEnvironmentCaptures(t *testing.T) {
	tests := []struct {
		file  string
		steps []string
		notes []string
	}{
		{"rtnl-basic.pcap", []string{"create link dummy0 (dummy, mtu 1500, address b2:98:6d:4c:a1:bd)"},
			[]string{"nlmon0: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps"}},
		{"rtnl-kinds.pcap", []string{
			"create link d0 (dummy, mtu 1500, address 26:38:31:6d:37:3d)",
			"create link dummy0 (dummy, mtu 1500, address fa:b1:58:a8:fe:10)",
			"set link d0 up",
		}, []string{"nlmon0: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps"}},
		{"genl-ethtool.pcap", []string{"create link d0 (dummy)", "set link d0 up"},
			[]string{"d0: known only from ethtool requests: recreated as a dummy link, up"}},
		{"genl-ctrl.pcap", nil, nil},
		{"nlcap-failures.pcapng", nil, nil}, // f0 is made by the capture; its second add (EEXIST) does not make it pre-existing
		{"integration-client.pcap", []string{"create link dummy0 (dummy, mtu 1500, address ba:d4:1c:cf:f8:4d)"},
			[]string{"nlcap94: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := PlanEnvironment(readCapture(t, tt.file))
			if diff := cmp.Diff(tt.steps, planLines(p)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, p.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
			if p.LoDown {
				t.Error("LoDown: the capture shows lo up")
			}
		})
	}
}

// Fixtures of crafted rtnetlink answers (little-endian).
func attr(typ uint16, p []byte) []byte { return appendAttr(nil, binary.LittleEndian, typ, p) }
func u32le(v uint32) []byte            { return binary.LittleEndian.AppendUint32(nil, v) }
func str(s string) []byte              { return append([]byte(s), 0) }

func linkMsg(index uint32, arphrd uint16, flags uint32, attrs ...[]byte) []byte {
	b := make([]byte, ifinfoLen)
	binary.LittleEndian.PutUint16(b[2:], arphrd)
	binary.LittleEndian.PutUint32(b[4:], index)
	binary.LittleEndian.PutUint32(b[8:], flags)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return msg(rtmNewLink, flagMulti, 7, 50, b...)
}

func kind(k string, data ...[]byte) []byte {
	in := attr(iflaInfoKind, str(k))
	if len(data) > 0 {
		in = append(in, attr(iflaInfoData|nlaFNested, slices.Concat(data...))...)
	}
	return attr(iflaLinkinfo|nlaFNested, in)
}

func addrMsg(index uint32, family, plen, scope uint8, ip []byte, flags uint32) []byte {
	b := []byte{family, plen, 0, scope}
	b = append(b, u32le(index)...)
	b = append(b, attr(ifaLocal, ip)...)
	b = append(b, attr(ifaAddress, ip)...)
	b = append(b, attr(ifaFlags, u32le(flags))...)
	return msg(rtmNewAddr, flagMulti, 8, 50, b...)
}

func routeMsg(table, proto, typ uint8, dst []byte, plen uint8, oif uint32) []byte {
	b := []byte{2, plen, 0, 0, table, proto, 0, typ, 0, 0, 0, 0}
	b = append(b, attr(1, dst)...)
	b = append(b, attr(rtaOIF, u32le(oif))...)
	b = append(b, attr(5, []byte{10, 1, 0, 254})...) // RTA_GATEWAY
	return msg(rtmNewRoute, flagMulti, 9, 50, b...)
}

// craftedHost is a capture that starts with dumps of a host: lo down, a
// physical link, a bridge, a veth pair, a vlan, an enslaved dummy, an
// unknown kind, an nlmon link, a name with a terminal escape; their
// addresses (kernel-made ones too) and routes (proto kernel and the local
// table too), then a link the capture itself creates.
func craftedHost() []nlcap.Record {
	const up = iffUp
	dump := func(typ uint16, seq uint32) []byte {
		return msg(typ, flagRequest|flagDump, seq, 50, make([]byte, 16)...)
	}
	return []nlcap.Record{
		rec(nlcap.FamilyRoute, dump(18, 7)), // RTM_GETLINK
		rec(nlcap.FamilyRoute,
			linkMsg(1, arphrdLoop, 0, attr(iflaIfname, str("lo")), attr(iflaMTU, u32le(65536))),
			linkMsg(2, 1, up, attr(iflaIfname, str("eth0")), attr(iflaMTU, u32le(9000)), attr(iflaAddress, []byte{2, 0, 0, 0, 0, 1})),
			linkMsg(3, 1, up, attr(iflaIfname, str("br0")), kind("bridge")),
			linkMsg(4, 1, up, attr(iflaIfname, str("v1")), attr(iflaOperstate, []byte{3}), attr(iflaLink, u32le(5)), kind("veth")), // IF_OPER_LOWERLAYERDOWN: its peer is down
			linkMsg(5, 1, 0, attr(iflaIfname, str("v2")), attr(iflaMTU, u32le(1280)), attr(iflaLink, u32le(4)), kind("veth")),
			linkMsg(6, 1, up, attr(iflaIfname, str("eth0.5")), attr(iflaLink, u32le(2)), kind("vlan", attr(1, []byte{5, 0}), attr(2, make([]byte, 8)))),
			linkMsg(7, 1, 0, attr(iflaIfname, str("d1")), attr(iflaMaster, u32le(3)), kind("dummy")),
			linkMsg(8, 1, 0, attr(iflaIfname, str("x0")), kind("frobnicator")),
			linkMsg(9, arphrdNetlink, up, attr(iflaIfname, str("nlmon0")), kind("nlmon")),
			linkMsg(10, 1, 0, attr(iflaIfname, str("bad\x1b[0m")), kind("dummy")),
			msg(nlmsgDone, flagMulti, 7, 50, 0, 0, 0, 0)),
		rec(nlcap.FamilyRoute, dump(22, 8)), // RTM_GETADDR
		rec(nlcap.FamilyRoute,
			addrMsg(1, 2, 8, 254, []byte{127, 0, 0, 1}, ifaFPermanent),
			addrMsg(2, 2, 24, 0, []byte{10, 1, 0, 1}, ifaFPermanent),
			addrMsg(2, 10, 64, 253, append([]byte{0xfe, 0x80}, make([]byte, 14)...), ifaFPermanent),
			addrMsg(2, 10, 64, 0, append([]byte{0xfd, 0}, make([]byte, 14)...), 0), // autoconf: no IFA_F_PERMANENT
			addrMsg(9, 2, 32, 0, []byte{10, 9, 9, 9}, ifaFPermanent),               // on nlmon: not recreated
			msg(nlmsgDone, flagMulti, 8, 50, 0, 0, 0, 0)),
		rec(nlcap.FamilyRoute, dump(26, 9)), // RTM_GETROUTE
		rec(nlcap.FamilyRoute,
			routeMsg(254, 3, rtnUnicast, []byte{10, 2, 0, 0}, 16, 2),
			routeMsg(254, rtprotKernel, rtnUnicast, []byte{10, 1, 0, 0}, 24, 2),
			routeMsg(rtTableLocal, rtprotKernel, 2, []byte{10, 1, 0, 1}, 32, 2),
			msg(nlmsgDone, flagMulti, 9, 50, 0, 0, 0, 0)),
		// The capture makes d9 itself: not recreated.
		rec(nlcap.FamilyRoute, msg(rtmNewLink, flagRequest|flagAck|flagCreate|flagExcl, 10, 50, slices.Concat(make([]byte, 16), attr(iflaIfname, str("d9")), kind("dummy"))...)),
		rec(nlcap.FamilyRoute, ack(10, 50, 0)),
		rec(nlcap.FamilyRoute, dump(18, 7)),
		rec(nlcap.FamilyRoute, linkMsg(11, 1, 0, attr(iflaIfname, str("d9")), kind("dummy")), msg(nlmsgDone, flagMulti, 7, 50, 0, 0, 0, 0)),
	}
}

// TestPlanEnvironmentCrafted covers every kind of step from a capture that
// starts with dumps of a host: lo down, a physical link, a bridge, a veth
// pair, a vlan, an enslaved dummy, an unknown kind, an nlmon link; their
// addresses (kernel-made ones left out) and routes (proto kernel and the
// local table left out), then a link the capture itself creates.
func TestPlanEnvironmentCrafted(t *testing.T) {
	s, err := NewScript(craftedHost())
	if err != nil {
		t.Fatal(err)
	}
	p := PlanEnvironment(s)
	want := []string{
		"create link eth0 (no kind in the capture (a physical device?): made as a dummy, mtu 9000, address 02:00:00:00:00:01)",
		"create link br0 (bridge)",
		"create link v1 (veth, peer v2)",
		"create link eth0.5 (vlan, on eth0)",
		"create link d1 (dummy)",
		`create link "bad\x1b[0m" (dummy)`,
		"set link eth0 up",
		"set link br0 up",
		"set link v1 up",
		"set link eth0.5 up",
		"set link d1 master br0",
		"add address 10.1.0.1/24 on eth0",
		"add route 10.2.0.0/16 dev eth0",
	}
	if diff := cmp.Diff(want, planLines(p)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	wantNotes := []string{
		"nlmon0: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps",
		"eth0: has no IFLA_LINKINFO kind (a physical device?): recreated as a dummy link",
		`x0: kind "frobnicator": nlreplay does not know how to create it: not recreated`,
	}
	if diff := cmp.Diff(wantNotes, p.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if !p.LoDown {
		t.Error("lo was down in the capture: LoDown false")
	}

	// The requests carry live ifindexes, by name.
	live := map[string]uint32{"eth0": 20, "br0": 30, "v1": 40, "eth0.5": 60, "d1": 70}
	ifindex := func(n string) (uint32, bool) { i, ok := live[n]; return i, ok }
	order := binary.LittleEndian
	byWhat := func(what string) *Step {
		for i := range p.Steps {
			if p.Steps[i].What == what {
				return &p.Steps[i]
			}
		}
		t.Fatalf("no step %q", what)
		return nil
	}
	attrsOf := func(m netlink.Message, fixed int) map[uint16][]byte {
		out := map[uint16][]byte{}
		eachAttr(m.Data[fixed:], order, func(typ uint16, v []byte) { out[typ] = v })
		return out
	}
	vlan, err := byWhat("create link eth0.5 (vlan, on eth0)").Message(order, ifindex)
	if err != nil {
		t.Fatal(err)
	}
	if vlan.Header.Flags != flagRequest|flagAck|flagCreate|flagExcl || uint16(vlan.Header.Type) != rtmNewLink {
		t.Errorf("vlan request header %+v", vlan.Header)
	}
	a := attrsOf(vlan, ifinfoLen)
	if order.Uint32(a[iflaLink]) != 20 || cstring(a[iflaIfname]) != "eth0.5" {
		t.Errorf("vlan request: IFLA_LINK %x, name %q; want eth0's live ifindex 20", a[iflaLink], a[iflaIfname])
	}
	info := map[uint16][]byte{}
	eachAttr(a[iflaLinkinfo], order, func(typ uint16, v []byte) { info[typ] = v })
	data := map[uint16][]byte{}
	eachAttr(info[iflaInfoData], order, func(typ uint16, v []byte) { data[typ] = v })
	if cstring(info[iflaInfoKind]) != "vlan" || !slices.Equal(data[1], []byte{5, 0}) || data[2] != nil {
		t.Errorf("vlan linkinfo: kind %q, data %v; want vlan, IFLA_VLAN_ID 5 and no IFLA_VLAN_FLAGS", info[iflaInfoKind], data)
	}
	veth, err := byWhat("create link v1 (veth, peer v2)").Message(order, ifindex)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(veth.Data), "v2\x00") {
		t.Error("veth request does not name its peer v2")
	}
	master, err := byWhat("set link d1 master br0").Message(order, ifindex)
	if err != nil {
		t.Fatal(err)
	}
	if order.Uint32(master.Data[4:]) != 70 || order.Uint32(attrsOf(master, ifinfoLen)[iflaMaster]) != 30 || order.Uint32(master.Data[12:])&iffUp != 0 {
		t.Errorf("master request: ifindex %d, master %v", order.Uint32(master.Data[4:]), attrsOf(master, ifinfoLen))
	}
	addr, err := byWhat("add address 10.1.0.1/24 on eth0").Message(order, ifindex)
	if err != nil {
		t.Fatal(err)
	}
	if order.Uint32(addr.Data[4:]) != 20 || !slices.Equal(attrsOf(addr, ifaddrLen)[ifaLocal], []byte{10, 1, 0, 1}) {
		t.Errorf("address request % x", addr.Data)
	}
	route, err := byWhat("add route 10.2.0.0/16 dev eth0").Message(order, ifindex)
	if err != nil {
		t.Fatal(err)
	}
	if order.Uint32(attrsOf(route, rtmsgLen)[rtaOIF]) != 20 {
		t.Errorf("route request % x: RTA_OIF is not eth0's live ifindex", route.Data)
	}
	// A link that does not exist live: an error, no request.
	delete(live, "eth0")
	if _, err := byWhat("add route 10.2.0.0/16 dev eth0").Message(order, ifindex); err == nil || !strings.Contains(err.Error(), "eth0") {
		t.Errorf("route through a missing link: %v", err)
	}
}

// TestNlmonLinks: the recorded dumps of rtnl-kinds name nlmon0 (ifindex
// 4) in link, netconf and qdisc dumps; the netconf and qdisc entries leave
// the answers the player compares, the RTM_NEWLINK stays (Compare drops
// it).
func TestNlmonLinks(t *testing.T) {
	s := readCapture(t, "rtnl-kinds.pcap")
	nlmon := s.NlmonIndexes()
	if diff := cmp.Diff(map[uint32]string{4: "nlmon0"}, nlmon); diff != "" {
		t.Fatalf("NlmonIndexes (-want +got):\n%s", diff)
	}
	types := map[string]int{}
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		names := s.NlmonLinks(e, nlmon)
		if len(names) == 0 {
			continue
		}
		if !slices.Equal(names, []string{"nlmon0"}) {
			t.Errorf("request %d: NlmonLinks = %q", i+1, names)
		}
		kept, _ := s.withoutNlmon(e, nlmon)
		dropped := len(e.Answers) - len(kept)
		types[s.TypeNames(e)[0]] += dropped
	}
	// RTM_GETLINK dumps keep the nlmon link (Compare drops it); the
	// netconf dump loses nlmon0's inet and inet6 entries, the qdisc dump
	// its noqueue qdisc.
	if diff := cmp.Diff(map[string]int{"RTM_GETLINK": 0, "RTM_GETNETCONF": 2, "RTM_GETQDISC": 1}, types); diff != "" {
		t.Errorf("answers dropped by request type (-want +got):\n%s", diff)
	}
}

// FuzzPlanEnvironment: any capture plans without panicking, and each step
// builds its request with any resolver.
func FuzzPlanEnvironment(f *testing.F) {
	for _, name := range []string{"rtnl-basic.pcap", "rtnl-kinds.pcap"} {
		s := readCapture(f, name)
		for _, e := range s.Exchanges {
			var ans []byte
			for _, a := range e.Answers {
				ans = append(ans, EncodeMessage(a, s.ByteOrder)...)
			}
			f.Add(e.Request, ans)
		}
	}
	f.Fuzz(func(t *testing.T, req, ans []byte) {
		s, err := NewScript([]nlcap.Record{rec(nlcap.FamilyRoute, req), rec(nlcap.FamilyRoute, ans)})
		if err != nil {
			return
		}
		p := PlanEnvironment(s)
		for i := range p.Steps {
			p.Steps[i].Message(binary.LittleEndian, func(string) (uint32, bool) { return 3, true })
		}
	})
}
