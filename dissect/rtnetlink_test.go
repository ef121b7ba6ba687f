package dissect

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// ifinfomsg returns struct ifinfomsg.
func ifinfomsg(family uint8, typ uint16, index int32, flags, change uint32) []byte {
	b := []byte{family, 0}
	b = le.AppendUint16(b, typ)
	b = le.AppendUint32(b, uint32(index))
	b = le.AppendUint32(b, flags)
	return le.AppendUint32(b, change)
}

// rtmsg returns struct rtmsg.
func rtmsg(family, dstLen, table, proto, scope, typ uint8, flags uint32) []byte {
	return le.AppendUint32([]byte{family, dstLen, 0, 0, table, proto, scope, typ}, flags)
}

// rtnexthop returns struct rtnexthop followed by attributes.
func rtnexthop(flags, hops uint8, ifindex int32, attrs ...[]byte) []byte {
	body := cat(attrs...)
	b := le.AppendUint16(nil, uint16(8+len(body)))
	b = append(b, flags, hops)
	b = le.AppendUint32(b, uint32(ifindex))
	return append(b, body...)
}

func ip4(a, b, c, d byte) []byte { return []byte{a, b, c, d} }

// attrsByPath flattens an attribute tree to "NAME > CHILD=value" lines.
func attrsByPath(attrs []Attr) []string {
	var out []string
	var walk func(prefix string, as []Attr)
	walk = func(prefix string, as []Attr) {
		for _, a := range as {
			n := prefix + a.Name
			if a.Problem != "" {
				out = append(out, n+" problem: "+a.Problem)
			}
			if len(a.Children) > 0 {
				if a.Value != "" {
					out = append(out, n+"="+a.Value)
				}
				walk(n+" > ", a.Children)
				continue
			}
			out = append(out, n+"="+a.Value)
		}
	}
	walk("", attrs)
	return out
}

func decodeOne(t *testing.T, d *Decoder, data []byte) Message {
	t.Helper()
	msgs := d.Decode(rec(nlcap.FamilyRoute, data), 0)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	return msgs[0]
}

func TestRtnlCaptureSummaries(t *testing.T) {
	var c testCapture
	for _, x := range engineCaptures(t) {
		if x.name == "rtnl-basic.pcap" {
			c = x
		}
	}
	if c.records == nil {
		t.Fatal("rtnl-basic.pcap missing")
	}
	d := NewDecoder(nil)
	var got []string
	for i, r := range c.records {
		for _, m := range d.Decode(r, i) {
			if m.Problem != "" {
				t.Errorf("record %d: %s: %s", i, m.TypeName, m.Problem)
			}
			switch i {
			case 2, 7, 8, 12, 16, 18, 24, 36, 37, 40, 48:
				got = append(got, m.TypeName+" "+m.Summary)
			}
		}
	}
	want := []string{
		"RTM_NEWLINK d0 dummy",
		"RTM_NEWLINK ifindex 4 d0 dummy down mtu 1500 addr 3e:90:cf:f8:be:ad",
		"RTM_NEWLINK ifindex 4 (d0) up",
		"RTM_NEWADDR 10.9.0.1/24 dev 4 (d0)",
		"RTM_NEWADDR fd00::1/64 dev 4 (d0)",
		"RTM_NEWROUTE 10.10.0.0/16 via 10.9.0.2 table main proto boot",
		"RTM_NEWNEIGH 10.9.0.5 lladdr 02:00:00:00:00:05 dev 4 (d0) PERMANENT",
		"RTM_NEWADDR 127.0.0.1/8 dev 1 (lo)",
		"RTM_NEWADDR 10.9.0.1/24 dev 4 (d0)",
		"RTM_NEWADDR ::1/128 dev 1 (lo)",
		"RTM_NEWADDR fd00::1/64 dev 4 (d0)",
		"RTM_NEWADDR fe80::3c90:cfff:fef8:bead/64 dev 4 (d0)",
		"RTM_NEWROUTE 10.9.0.0/24 dev 4 (d0) table main proto kernel",
		"RTM_NEWROUTE 10.10.0.0/16 via 10.9.0.2 dev 4 (d0) table main proto boot",
		"RTM_DELLINK ifindex 4 (d0)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}

	// Numeric: no names from memory.
	n := NewDecoder(&Config{Numeric: true})
	for _, r := range c.records {
		n.Learn(r)
	}
	if s := n.Decode(c.records[12], 12)[0].Summary; s != "10.9.0.1/24 dev 4" {
		t.Errorf("numeric summary = %q", s)
	}
	var vals []string
	for _, f := range n.Decode(c.records[11], 11)[0].Fixed {
		vals = append(vals, f.Name+"="+f.Value)
	}
	if diff := cmp.Diff([]string{"ifi_family=0", "ifi_type=1", "ifi_index=4", "ifi_flags=0x100c3", "ifi_change=0"}, vals); diff != "" {
		t.Errorf("numeric ifinfomsg (-want +got):\n%s", diff)
	}
}

func TestRtnlCaptureLinkAttrs(t *testing.T) {
	var c testCapture
	for _, x := range engineCaptures(t) {
		if x.name == "rtnl-basic.pcap" {
			c = x
		}
	}
	m := NewDecoder(nil).Decode(c.records[11], 11)[0]
	if m.FixedName != "ifinfomsg" {
		t.Fatalf("FixedName = %q", m.FixedName)
	}
	wantFixed := []Field{
		{Name: "ifi_family", Value: "AF_UNSPEC", Raw: 0},
		{Name: "ifi_type", Value: "ARPHRD_ETHER", Raw: 1},
		{Name: "ifi_index", Value: "4", Raw: 4},
		{Name: "ifi_flags", Value: "IFF_UP|IFF_BROADCAST|IFF_RUNNING|IFF_NOARP|IFF_LOWER_UP", Raw: 0x100c3},
		{Name: "ifi_change", Value: "0", Raw: 0},
	}
	if diff := cmp.Diff(wantFixed, m.Fixed); diff != "" {
		t.Errorf("Fixed (-want +got):\n%s", diff)
	}
	lines := attrsByPath(m.Attrs)
	for _, want := range []string{
		`IFLA_IFNAME="d0"`,
		`IFLA_OPERSTATE=IF_OPER_UNKNOWN`,
		`IFLA_ALLMULTI=0`,
		`IFLA_TSO_MAX_SEGS=65535`,
		`IFLA_ADDRESS=3e:90:cf:f8:be:ad`,
		`IFLA_STATS64=tx_packets=1 tx_bytes=70 (23 others 0)`,
		`IFLA_LINKINFO > IFLA_INFO_KIND="dummy"`,
		`IFLA_XDP > IFLA_XDP_ATTACHED=XDP_ATTACHED_NONE`,
		`IFLA_AF_SPEC > AF_INET6 > IFLA_INET6_ADDR_GEN_MODE=IN6_ADDR_GEN_MODE_EUI64`,
		`IFLA_AF_SPEC > AF_INET6 > IFLA_INET6_CACHEINFO=max_reasm_len=65535 tstamp=402 reachable_time=21132 retrans_time=1000`,
	} {
		if !contains(lines, want) {
			t.Errorf("missing %s in\n%s", want, strings.Join(lines, "\n"))
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "problem") {
			t.Errorf("attribute problem: %s", l)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRtnlLinkKinds(t *testing.T) {
	// ip link add v0 type veth peer name v1: VETH_INFO_PEER carries an
	// ifinfomsg and the peer's IFLA attributes. No NLA_F_NESTED anywhere:
	// nesting comes from the family tables.
	veth := nlmsg(rtmNewLink, 0x605, 1, 0, ifinfomsg(0, 0, 0, 0, 0),
		nla(3, str("v0")),
		nla(18, nla(1, str("veth")), nla(2, nla(1, ifinfomsg(0, 0, 0, 0, 0), nla(3, str("v1")), nla(4, u32(9000))))),
	)
	vlan := nlmsg(rtmNewLink, 0x605, 2, 0, ifinfomsg(0, 0, 0, 0, 0),
		nla(3, str("d0.5")), nla(5, u32(4)),
		nla(18, nla(1, str("vlan")), nla(2, nla(1, u16(5)), nla(5, []byte{0x81, 0x00}), nla(2, u32(1), u32(0xffffffff)))),
	)
	bridgePort := nlmsg(rtmNewLink, 0, 0, 0, ifinfomsg(afBridge, 1, 5, 0x1003, 0),
		nla(3, str("d0")), nla(10, u32(6)),
		nla(12|nlaFNested, nla(1, []byte{3}), nla(3, u32(100))),
		nla(26|nlaFNested, nla(0, u16(1)), nla(2, u16(2), u16(1))),
	)
	newer := nlmsg(rtmNewLink, 0, 0, 0, ifinfomsg(0, 1, 3, 1, 0),
		nla(62, nla(1, u32(1))), nla(63, u32(65536)), nla(64, u32(65536)), nla(66, le.AppendUint64(nil, 1)), nla(67, []byte{1}), nla(68, u16(32)), nla(69, u16(0)),
		nla(52, nla(53, str("alt0"))),
	)
	tests := []struct {
		name    string
		data    []byte
		summary string
		want    []string
	}{
		{"veth", veth, "v0 veth", []string{
			`IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER=ifi_family=AF_UNSPEC ifi_type=ARPHRD_NETROM ifi_index=0 ifi_flags=0 ifi_change=0`,
			`IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME="v1"`,
			`IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_MTU=9000`,
		}},
		{"vlan", vlan, "d0.5 vlan", []string{
			`IFLA_LINK=4`,
			`IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_ID=5`,
			`IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_PROTOCOL=ETH_P_8021Q`,
			`IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VLAN_FLAGS=flags=VLAN_FLAG_REORDER_HDR mask=VLAN_FLAG_REORDER_HDR|VLAN_FLAG_GVRP|VLAN_FLAG_LOOSE_BINDING|VLAN_FLAG_MVRP|VLAN_FLAG_BRIDGE_BINDING|0xffffffe0`,
		}},
		{"bridge port", bridgePort, "ifindex 5 d0 bridge up master 6", []string{
			`IFLA_PROTINFO > IFLA_BRPORT_STATE=BR_STATE_FORWARDING`,
			`IFLA_PROTINFO > IFLA_BRPORT_COST=100`,
			`IFLA_AF_SPEC > IFLA_BRIDGE_FLAGS=BRIDGE_FLAGS_MASTER`,
			`IFLA_AF_SPEC > IFLA_BRIDGE_VLAN_INFO=flags=BRIDGE_VLAN_INFO_PVID vid=1`,
		}},
		{"newer than 6.1", newer, "ifindex 3 up", []string{
			`IFLA_DEVLINK_PORT > =01000000`,
			`IFLA_GSO_IPV4_MAX_SIZE=65536`,
			`IFLA_GRO_IPV4_MAX_SIZE=65536`,
			`IFLA_MAX_PACING_OFFLOAD_HORIZON=1`,
			`IFLA_NETNS_IMMUTABLE=1`,
			`IFLA_HEADROOM=32`,
			`IFLA_TAILROOM=0`,
			`IFLA_PROP_LIST > IFLA_ALT_IFNAME="alt0"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decodeOne(t, NewDecoder(nil), tt.data)
			if m.Problem != "" {
				t.Errorf("Problem = %q", m.Problem)
			}
			if m.Summary != tt.summary {
				t.Errorf("Summary = %q, want %q", m.Summary, tt.summary)
			}
			if b := decodeOne(t, NewDecoder(&Config{Brief: true}), tt.data); b.Summary != tt.summary || b.Problem != "" {
				t.Errorf("brief: Summary = %q, Problem %q", b.Summary, b.Problem)
			}
			lines := attrsByPath(m.Attrs)
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf("missing %s in\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestRtnlUnknownAttrRaw(t *testing.T) {
	// An IFLA type no table knows is kept raw, not an error.
	m := decodeOne(t, NewDecoder(nil), nlmsg(rtmNewLink, 0, 0, 0, ifinfomsg(0, 1, 3, 0, 0), nla(0x3ff, u32(7))))
	if m.Problem != "" || len(m.Attrs) != 1 || m.Attrs[0].Name != "" || m.Attrs[0].Value != "07000000" {
		t.Errorf("got %+v, problem %q", m.Attrs, m.Problem)
	}
}

func TestRtnlRoutes(t *testing.T) {
	multipath := nlmsg(rtmNewRoute, 0x605, 3, 0, rtmsg(afInet, 24, 254, 4, 0, 1, 0),
		nla(1, ip4(198, 51, 100, 0)),
		nla(9, rtnexthop(4, 0, 3, nla(5, ip4(192, 0, 2, 254))), rtnexthop(0, 1, 4, nla(5, ip4(192, 0, 2, 253)))),
		nla(8, nla(2, u32(1400)), nla(12, u32(1))),
	)
	single := nlmsg(rtmNewRoute, 0, 0, 0, rtmsg(afInet, 24, 254, 4, 0, 1, 0),
		nla(15, u32(254)), nla(1, ip4(198, 51, 100, 0)), nla(5, ip4(192, 0, 2, 254)), nla(4, u32(3)))
	local := nlmsg(rtmNewRoute, 0, 0, 0, rtmsg(afInet, 32, 255, 2, 254, 2, 0),
		nla(15, u32(255)), nla(1, ip4(127, 0, 0, 1)), nla(4, u32(1)))
	v6def := nlmsg(rtmNewRoute, 0, 0, 0, rtmsg(afInet6, 0, 254, 9, 0, 1, 0),
		nla(15, u32(254)), nla(5, []byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), nla(4, u32(2)), nla(20, []byte{1}))
	// AF_MPLS: RTA_DST is a label, RTA_VIA an address with its family.
	mpls := nlmsg(rtmNewRoute, 0x605, 4, 0, rtmsg(afMPLS, 20, 254, 4, 0, 1, 0),
		nla(1, []byte{0x00, 0x06, 0x41, 0x00}), nla(18, u16(afInet), ip4(10, 0, 0, 2)), nla(19, []byte{0x00, 0x0c, 0x81, 0x00}), nla(4, u32(2)))
	dump := nlmsg(rtmGetRoute, 0x301, 5, 0, rtmsg(afInet, 0, 0, 0, 0, 0, 0), nla(15, u32(254)))
	tests := []struct {
		name    string
		data    []byte
		summary string
		want    []string
	}{
		{"multipath", multipath, "198.51.100.0/24 nexthops 2 table main proto static", []string{
			`RTA_DST=198.51.100.0`,
			`RTA_MULTIPATH > rtnexthop=rtnh_len=16 rtnh_flags=RTNH_F_ONLINK rtnh_hops=0 rtnh_ifindex=3`,
			`RTA_MULTIPATH > rtnexthop > RTA_GATEWAY=192.0.2.254`,
			`RTA_MULTIPATH > rtnexthop=rtnh_len=16 rtnh_flags=0 rtnh_hops=1 rtnh_ifindex=4`,
			`RTA_MULTIPATH > rtnexthop > RTA_GATEWAY=192.0.2.253`,
			`RTA_METRICS > RTAX_MTU=1400`,
			`RTA_METRICS > RTAX_FEATURES=RTAX_FEATURE_ECN`,
		}},
		{"single", single, "198.51.100.0/24 via 192.0.2.254 dev 3 table main proto static", []string{`RTA_TABLE=RT_TABLE_MAIN`, `RTA_OIF=3`}},
		{"local", local, "local 127.0.0.1/32 dev 1 table local proto kernel", nil},
		{"ipv6 default", v6def, "default via fe80::1 dev 2 table main proto ra", []string{`RTA_PREF=ICMPV6_ROUTER_PREF_HIGH`}},
		{"mpls", mpls, "100 mpls via AF_INET 10.0.0.2 dev 2 table main proto static", []string{`RTA_DST=100`, `RTA_NEWDST=200`}},
		{"dump request", dump, "table main", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decodeOne(t, NewDecoder(nil), tt.data)
			if m.Problem != "" {
				t.Errorf("Problem = %q", m.Problem)
			}
			if m.Summary != tt.summary {
				t.Errorf("Summary = %q, want %q", m.Summary, tt.summary)
			}
			if b := decodeOne(t, NewDecoder(&Config{Brief: true}), tt.data); b.Summary != tt.summary || b.Problem != "" {
				t.Errorf("brief: Summary = %q, Problem %q", b.Summary, b.Problem)
			}
			lines := attrsByPath(m.Attrs)
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf("missing %s in\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestRtnlMalformedMultipath(t *testing.T) {
	tests := []struct {
		name, problem string
		mp            []byte
	}{
		{"entry length past the attribute", "rtnexthop length 40: want 8 to 16", func() []byte {
			b := rtnexthop(0, 0, 3, nla(5, ip4(192, 0, 2, 1)))
			b[0] = 40
			return b
		}()},
		{"entry length below the struct", "rtnexthop length 4: want 8 to 16", func() []byte {
			b := rtnexthop(0, 0, 3, nla(5, ip4(192, 0, 2, 1)))
			b[0] = 4
			return b
		}()},
		{"short struct", "rtnexthop needs 8 bytes, 4 left", []byte{8, 0, 0, 1}},
		{"attribute past the entry", "attribute length 12 past its parent (8 bytes left)", func() []byte {
			b := rtnexthop(0, 0, 3, nla(5, ip4(192, 0, 2, 1)))
			b[8] = 12
			return b
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := nlmsg(rtmNewRoute, 0, 0, 0, rtmsg(afInet, 24, 254, 4, 0, 1, 0), nla(9, tt.mp))
			for _, d := range []*Decoder{NewDecoder(nil), NewDecoder(&Config{MaxDepth: 1})} {
				m := d.Decode(rec(nlcap.FamilyRoute, data), 0)[0]
				checkMessage(t, &m, data)
			}
			m := decodeOne(t, NewDecoder(nil), data)
			if !strings.Contains(m.Problem, tt.problem) {
				t.Errorf("Problem = %q, want it to contain %q", m.Problem, tt.problem)
			}
		})
	}
}

func TestRtnlShortDumpHeader(t *testing.T) {
	// Older tools dump with struct rtgenmsg (1 byte) instead of the full
	// header, padded or not, with or without attributes after it.
	tests := []struct {
		name  string
		data  []byte
		fixed string
		attrs []string
	}{
		{"getlink rtgenmsg", nlmsg(rtmGetLink, 0x301, 1, 0, []byte{17}), "rtgenmsg", nil},
		{"getaddr rtgenmsg padded", nlmsg(rtmGetAddr, 0x301, 1, 0, []byte{afInet, 0, 0, 0}), "rtgenmsg", nil},
		{"getlink rtgenmsg + ext mask", nlmsg(rtmGetLink, 0x301, 1, 0, []byte{0, 0, 0, 0}, nla(29, u32(1))), "rtgenmsg", []string{"IFLA_EXT_MASK=RTEXT_FILTER_VF"}},
		{"getlink ifinfomsg", nlmsg(rtmGetLink, 0x301, 1, 0, ifinfomsg(0, 0, 0, 0, 0), nla(29, u32(9))), "ifinfomsg", []string{"IFLA_EXT_MASK=RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decodeOne(t, NewDecoder(nil), tt.data)
			if m.Problem != "" {
				t.Errorf("Problem = %q", m.Problem)
			}
			if m.FixedName != tt.fixed {
				t.Errorf("FixedName = %q, want %q", m.FixedName, tt.fixed)
			}
			if diff := cmp.Diff(tt.attrs, attrsByPath(m.Attrs)); diff != "" {
				t.Errorf("attrs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"REQUEST", "ROOT", "MATCH"}, m.FlagNames); diff != "" {
				t.Errorf("FlagNames (-want +got):\n%s", diff)
			}
		})
	}
	// A NEW message is not a dump: a short header is a problem.
	m := decodeOne(t, NewDecoder(nil), nlmsg(rtmNewLink, 0x605, 1, 0, []byte{0, 0, 0, 0}))
	if !strings.Contains(m.Problem, "ifinfomsg needs 16 bytes") {
		t.Errorf("Problem = %q", m.Problem)
	}
}

func TestRtnlNeighNetconfTc(t *testing.T) {
	ndmsg := func(fam uint8, idx int32, state uint16, flags, typ uint8) []byte {
		b := le.AppendUint32([]byte{fam, 0, 0, 0}, uint32(idx))
		b = le.AppendUint16(b, state)
		return append(b, flags, typ)
	}
	tcmsg := func(idx int32, handle, parent uint32) []byte {
		b := le.AppendUint32([]byte{0, 0, 0, 0}, uint32(idx))
		b = le.AppendUint32(b, handle)
		b = le.AppendUint32(b, parent)
		return le.AppendUint32(b, 0)
	}
	tests := []struct {
		name    string
		data    []byte
		summary string
		want    []string
	}{
		{"neigh", nlmsg(rtmNewNeigh, 0, 0, 0, ndmsg(afInet, 3, 0x02, 0, 1),
			nla(1, ip4(192, 0, 2, 9)), nla(2, []byte{2, 0, 0, 0, 0, 9}), nla(3, u32(1), u32(2), u32(3), u32(4)), nla(4, u32(0))),
			"192.0.2.9 lladdr 02:00:00:00:00:09 dev 3 REACHABLE", []string{
				`NDA_CACHEINFO=ndm_confirmed=1 ndm_used=2 ndm_updated=3 ndm_refcnt=4`,
			}},
		{"fdb", nlmsg(rtmNewNeigh, 0, 0, 0, ndmsg(afBridge, 5, 0x80, 2, 0), nla(2, []byte{2, 0, 0, 0, 0, 1}), nla(5, u16(10)), nla(9, u32(6))),
			"bridge lladdr 02:00:00:00:00:01 dev 5 PERMANENT", []string{`NDA_VLAN=10`, `NDA_MASTER=6`}},
		{"netconf", nlmsg(rtmNewNetconf, 0, 0, 0, []byte{afInet, 0, 0, 0}, nla(1, u32(0xffffffff)), nla(2, u32(1)), nla(3, u32(2))),
			"inet all forwarding 1 rp_filter 2", []string{`NETCONFA_IFINDEX=NETCONFA_IFINDEX_ALL`}},
		{"qdisc", nlmsg(rtmNewQdisc, 0, 0, 0, tcmsg(3, 0x80010000, 0xffffffff), nla(1, str("fq_codel")),
			nla(7, nla(1, le.AppendUint64(nil, 1000), u32(10)), nla(3, u32(0), u32(0), u32(1), u32(0), u32(0)))),
			"fq_codel dev 3 handle 8001: root", []string{
				`TCA_STATS2 > TCA_STATS_BASIC=bytes=1000 packets=10`,
				`TCA_STATS2 > TCA_STATS_QUEUE=qlen=0 backlog=0 drops=1 requeues=0 overlimits=0`,
			}},
		{"rule", nlmsg(32, 0, 0, 0, []byte{afInet, 0, 24, 0, 254, 0, 0, 1, 0, 0, 0, 0},
			nla(6, u32(100)), nla(2, ip4(192, 0, 2, 0)), nla(3, str("eth0")), nla(15, u32(1000))),
			"pref 100 from 192.0.2.0/24 iif eth0 lookup 1000", []string{`FRA_TABLE=1000`, `FRA_IIFNAME="eth0"`}},
		{"default rule", nlmsg(32, 0x2, 0, 0, []byte{afInet, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0}, nla(15, u32(254)), nla(6, u32(32766))),
			"pref 32766 from all lookup main", nil},
		{"nsid", nlmsg(rtmNewNsid, 0, 0, 0, []byte{0, 0, 0, 0}, nla(1, u32(1))), "nsid 1", nil},
		{"nexthop", nlmsg(rtmNewNexthop, 0x605, 0, 0, []byte{afInet, 0, 4, 0, 0, 0, 0, 0}, nla(1, u32(9)), nla(5, u32(2)), nla(6, ip4(10, 0, 0, 1))),
			"id 9 via 10.0.0.1 dev 2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decodeOne(t, NewDecoder(nil), tt.data)
			if m.Problem != "" {
				t.Errorf("Problem = %q", m.Problem)
			}
			if m.Summary != tt.summary {
				t.Errorf("Summary = %q, want %q", m.Summary, tt.summary)
			}
			if b := decodeOne(t, NewDecoder(&Config{Brief: true}), tt.data); b.Summary != tt.summary || b.Problem != "" {
				t.Errorf("brief: Summary = %q, Problem %q", b.Summary, b.Problem)
			}
			lines := attrsByPath(m.Attrs)
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf("missing %s in\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestRtnlIfnameLearn(t *testing.T) {
	addr := rec(nlcap.FamilyRoute, nlmsg(rtmNewAddr, 0, 0, 0, []byte{afInet, 24, 0x80, 0, 7, 0, 0, 0}, nla(2, ip4(192, 0, 2, 1))))
	link := rec(nlcap.FamilyRoute, nlmsg(rtmNewLink, 0, 0, 0, ifinfomsg(0, 1, 7, 1, 0), nla(3, str("eth7"))))
	// A request naming an index is not proof that the name is right.
	req := rec(nlcap.FamilyRoute, nlmsg(rtmNewLink, 0x5, 0, 0, ifinfomsg(0, 1, 7, 1, 0), nla(3, str("bogus"))))

	d := NewDecoder(nil)
	if s := d.Decode(addr, 0)[0].Summary; s != "192.0.2.1/24 dev 7" {
		t.Errorf("before the link: %q", s)
	}
	d.Decode(req, 1)
	if s := d.Decode(addr, 2)[0].Summary; s != "192.0.2.1/24 dev 7" {
		t.Errorf("after a request: %q", s)
	}
	d.Decode(link, 3)
	if s := d.Decode(addr, 4)[0].Summary; s != "192.0.2.1/24 dev 7 (eth7)" {
		t.Errorf("after the link: %q", s)
	}

	pre := NewDecoder(nil)
	pre.Learn(req)
	pre.Learn(link)
	if s := pre.Decode(addr, 0)[0].Summary; s != "192.0.2.1/24 dev 7 (eth7)" {
		t.Errorf("with a Learn pre-pass: %q", s)
	}
}

func TestRtnlErrorEcho(t *testing.T) {
	// NLMSG_ERROR echoing an RTM_NEWROUTE with extended ACK pointing into
	// RTA_MULTIPATH's first entry's gateway.
	req := nlmsg(rtmNewRoute, 0x605, 9, 0, rtmsg(afInet, 24, 254, 4, 0, 1, 0),
		nla(1, ip4(198, 51, 100, 0)),
		nla(9, rtnexthop(0, 0, 3, nla(5, ip4(192, 0, 2, 254)))))
	// offset of the gateway attribute in the echo: 16 + 12 + 8 (RTA_DST) + 4 (nla) + 8 (rtnexthop)
	body := cat(le.AppendUint32(nil, uint32(0xffffffea)), req, nla(nlmsgerrAttrMsg, str("bad gw")), nla(nlmsgerrAttrOffs, u32(48)))
	m := decodeOne(t, NewDecoder(nil), nlmsg(nlmsgError, 0x200, 9, 77, body))
	if m.Error == nil || m.Error.Echo == nil || m.Error.ExtAck == nil {
		t.Fatalf("Error = %+v", m.Error)
	}
	if got := m.Error.Echo.Summary; got != "198.51.100.0/24 nexthops 1 table main proto static" {
		t.Errorf("echo summary = %q", got)
	}
	if got := m.Error.ExtAck.Pointed; got != "RTA_MULTIPATH > rtnexthop > RTA_GATEWAY" {
		t.Errorf("Pointed = %q", got)
	}
}

// TestBrief checks that Config.Brief gives every capture message the same
// one-line view as a full decode, without attribute values.
func TestBrief(t *testing.T) {
	type view struct {
		TypeName, Summary, Problem string
		Flags                      []string
		Dir                        MessageDirection
		Fixed                      []Field
		Errno                      int32
		ExtAck                     *ExtAck
		Echo                       string
		Genl                       *Genl
	}
	see := func(m Message) view {
		// Brief may leave the fixed fields without their Value (see
		// HeaderSpec.raw): names and raw values must be the same.
		var fixed []Field
		for _, f := range m.Fixed {
			fixed = append(fixed, Field{Name: f.Name, Raw: f.Raw})
		}
		v := view{TypeName: m.TypeName, Summary: m.Summary, Problem: m.Problem, Flags: m.FlagNames, Dir: m.Direction, Fixed: fixed, Genl: m.Genl}
		if m.Error != nil {
			v.Errno, v.ExtAck = m.Error.Errno, m.Error.ExtAck
			if m.Error.Echo != nil {
				v.Echo = m.Error.Echo.TypeName + " " + m.Error.Echo.Summary
			}
		}
		return v
	}
	for _, c := range engineCaptures(t) {
		full, brief := NewDecoder(nil), NewDecoder(&Config{Brief: true})
		for _, r := range c.records {
			full.Learn(r)
			brief.Learn(r)
		}
		for i, r := range c.records {
			fm, bm := full.Decode(r, i), brief.Decode(r, i)
			if len(fm) != len(bm) {
				t.Fatalf("%s record %d: %d messages, brief %d", c.name, i, len(fm), len(bm))
			}
			for j := range fm {
				if diff := cmp.Diff(see(fm[j]), see(bm[j])); diff != "" {
					t.Errorf("%s record %d message %d (-full +brief):\n%s", c.name, i, j, diff)
				}
				if bm[j].Error != nil || bm[j].Done != nil {
					continue // extended ACK attributes are always in full
				}
				for _, a := range bm[j].Attrs {
					if a.Value != "" || a.Fixed != nil {
						t.Errorf("%s record %d: brief attribute %s has a value", c.name, i, a.Name)
					}
				}
			}
		}
	}
}

// BenchmarkDecodeLinks decodes the link dump records of rtnl-basic.pcap
// (four RTM_NEWLINK of 1.4 KB each), in full and with Config.Brief.
func BenchmarkDecodeLinks(b *testing.B) {
	var c testCapture
	for _, x := range engineCaptures(b) {
		if x.name == "rtnl-basic.pcap" {
			c = x
		}
	}
	recs := c.records[21:23]
	for _, bench := range []struct {
		name string
		cfg  *Config
	}{{"full", nil}, {"brief", &Config{Brief: true}}} {
		b.Run(bench.name, func(b *testing.B) {
			d := NewDecoder(bench.cfg)
			b.ReportAllocs()
			n := 0
			for i := 0; i < b.N; i++ {
				for _, r := range recs {
					n += len(d.Decode(r, i))
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkDecoderBrief is BenchmarkDecoder with Config.Brief (what the
// one-line listing needs).
func BenchmarkDecoderBrief(b *testing.B) {
	for _, c := range engineCaptures(b) {
		b.Run(c.name, func(b *testing.B) {
			// As nlcap -r prints a one-line listing: Brief, DecodeInto.
			d := NewDecoder(&Config{Brief: true})
			b.ReportAllocs()
			n := 0
			var msgs []Message
			for i := 0; i < b.N; i++ {
				for j, r := range c.records {
					msgs = d.DecodeInto(msgs, r, j)
					n += len(msgs)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkRouteDecode decodes a route dump record of 64 RTM_NEWROUTE
// messages (the shape of `ip route show` answers).
func BenchmarkRouteDecode(b *testing.B) {
	var data []byte
	for i := 0; i < 64; i++ {
		data = append(data, nlmsg(rtmNewRoute, 0x22, 1, 100, rtmsg(afInet, 24, 254, 4, 0, 1, 0),
			nla(15, u32(254)), nla(1, ip4(10, byte(i), 0, 0)), nla(5, ip4(192, 0, 2, 254)), nla(4, u32(3)), nla(6, u32(100)))...)
	}
	r := rec(nlcap.FamilyRoute, data)
	d := NewDecoder(nil)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n += len(d.Decode(r, i))
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}

// TestRawHeaders checks that the Config.Brief decoders of fixed headers
// give the names and raw values of Decode, on arbitrary bytes.
func TestRawHeaders(t *testing.T) {
	n := 0
	for _, h := range []*HeaderSpec{ifinfomsgHeader, ifaddrmsgHeader, rtmsgHeader, ndmsgHeader, rtgenmsgHeader,
		tcmsgHeader, fibRuleHeader, netconfmsgHeader, nfgenmsgHeader} {
		if h.raw == nil {
			continue
		}
		n++
		for seed := range 64 {
			b := make([]byte, h.Len)
			for i := range b {
				b[i] = byte(seed*31 + i*7 + seed*i)
			}
			for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
				var want []Field
				for _, f := range h.Decode(b, order) {
					want = append(want, Field{Name: f.Name, Raw: f.Raw})
				}
				got := h.raw(make([]Field, 0, maxRawFields), b, order)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s %x: raw differs from Decode (-Decode +raw):\n%s", h.Name, b, diff)
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("%d headers with a raw decoder, want 8", n)
	}
}
