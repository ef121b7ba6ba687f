package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// Tests of the generic netlink overlays with hand-built messages (the
// families this host and the lab cannot make traffic for, and the shapes
// the captures lack).

// eventPID, in genlDecode's flags, makes a notification (port id 0); it is
// no nlmsg_flags bit the tests use.
const eventPID = 0x8000

func gu8(v uint8) []byte   { return []byte{v} }
func gu64(v uint64) []byte { return le.AppendUint64(nil, v) }

// gval returns the value of name in g as a u32 payload.
func gval(t *testing.T, g uapiGroup, name string) []byte {
	v, ok := g.value(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	return u32(uint32(v))
}

// genlDecode decodes one message of genl family name (learned as id 0x20
// first) with command cmd, nlmsg_flags flags and attributes attrs.
//
// Messages from the kernel (no NLM_F_REQUEST) carry a requester's port
// id, 100, unless flags has eventPID: then port id 0, as the kernel's
// multicast notifications.
func genlDecode(t *testing.T, name string, cmd uint8, flags uint16, attrs ...[]byte) *Message {
	t.Helper()
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x20, name)), 0)
	pid := uint32(100)
	if flags&nlmFRequest != 0 || flags&eventPID != 0 {
		pid = 0
	}
	flags &^= eventPID
	ms := d.Decode(rec(nlcap.FamilyGeneric, nlmsg(0x20, flags, 7, pid, append([][]byte{{cmd, 1, 0, 0}}, attrs...)...)), 1)
	if len(ms) != 1 {
		t.Fatalf("%s: %d messages", name, len(ms))
	}
	m := &ms[0]
	if m.Problem != "" || m.Trailing != nil {
		t.Fatalf("%s: problem %q, trailing %x", name, m.Problem, m.Trailing)
	}
	return m
}

// find returns the attribute at path (names; "[i]" for array members) or
// nil.
func find(attrs []Attr, path ...string) *Attr {
	for i := range attrs {
		if attrs[i].Name != path[0] {
			continue
		}
		if len(path) == 1 {
			return &attrs[i]
		}
		if a := find(attrs[i].Children, path[1:]...); a != nil {
			return a
		}
	}
	return nil
}

// want checks the value of the attribute at path.
func want(t *testing.T, m *Message, value string, path ...string) {
	t.Helper()
	a := find(m.Attrs, path...)
	if a == nil {
		var lines []string
		attrLines(m.Attrs, 0, &lines)
		t.Fatalf("%s: no attribute %s in\n%s", m.Genl.CmdName, strings.Join(path, "/"), strings.Join(lines, "\n"))
	}
	if a.Value != value {
		t.Errorf("%s = %q, want %q", strings.Join(path, "/"), a.Value, value)
	}
	if a.Problem != "" {
		t.Errorf("%s: problem %q", strings.Join(path, "/"), a.Problem)
	}
}

func TestEthtoolDirections(t *testing.T) {
	hdr := nla(1|nlaFNested, nla(2, str("eth0")))
	req := genlDecode(t, "ethtool", ETHTOOL_MSG_LINKMODES_GET, nlmFRequest|nlmFAck, hdr)
	if req.Genl.CmdName != "ETHTOOL_MSG_LINKMODES_GET" {
		t.Errorf("request cmd %q", req.Genl.CmdName)
	}
	want(t, req, `"eth0"`, "ETHTOOL_A_LINKMODES_HEADER", "ETHTOOL_A_HEADER_DEV_NAME")

	// The answer: cmd 4 is ETHTOOL_MSG_LINKMODES_GET_REPLY (and, asked,
	// ETHTOOL_MSG_LINKMODES_GET): compact bit sets name link modes.
	bits := func(words ...uint32) []byte {
		var b []byte
		for _, w := range words {
			b = append(b, u32(w)...)
		}
		return b
	}
	ours := nla(3|nlaFNested, nla(2, u32(64)), nla(4, bits(1|1<<5, 0)), nla(5, bits(0xffffffff, 1)))
	// Verbose: bit 5 named by the kernel, set.
	peer := nla(4|nlaFNested, nla(1, nla(2, u32(64))), nla(2, u32(64)),
		nla(3|nlaFNested, nla(1|nlaFNested, nla(1, u32(5)), nla(2, str("1000baseT/Full")), nla(3))))
	rep := genlDecode(t, "ethtool", ETHTOOL_MSG_LINKMODES_GET_REPLY, 0,
		nla(1|nlaFNested, nla(1, u32(3)), nla(2, str("eth0"))), nla(2, gu8(1)), ours, peer, nla(5, u32(1000)), nla(6, gu8(1)))
	if rep.Genl.CmdName != "ETHTOOL_MSG_LINKMODES_GET_REPLY" {
		t.Errorf("reply cmd %q", rep.Genl.CmdName)
	}
	want(t, rep, "3", "ETHTOOL_A_LINKMODES_HEADER", "ETHTOOL_A_HEADER_DEV_INDEX")
	want(t, rep, "AUTONEG_ENABLE", "ETHTOOL_A_LINKMODES_AUTONEG")
	want(t, rep, "10baseT_Half 1000baseT_Full", "ETHTOOL_A_LINKMODES_OURS", "ETHTOOL_A_BITSET_VALUE")
	mask := find(rep.Attrs, "ETHTOOL_A_LINKMODES_OURS", "ETHTOOL_A_BITSET_MASK")
	if mask == nil || !strings.HasPrefix(mask.Value, "10baseT_Half 10baseT_Full ") || !strings.HasSuffix(mask.Value, " 25000baseCR_Full 25000baseKR_Full") {
		t.Errorf("mask %+v", mask)
	}
	want(t, rep, `"1000baseT/Full"`, "ETHTOOL_A_LINKMODES_PEER", "ETHTOOL_A_BITSET_BITS", "ETHTOOL_A_BITSET_BITS_BIT", "ETHTOOL_A_BITSET_BIT_NAME")
	want(t, rep, "1000", "ETHTOOL_A_LINKMODES_SPEED")
	want(t, rep, "DUPLEX_FULL", "ETHTOOL_A_LINKMODES_DUPLEX")
}

func TestEthtoolStatsAndStrings(t *testing.T) {
	// ETHTOOL_A_STATS_GRP (4): ID 2, SS_ID 3, STAT 4 (counters numbered
	// from 0: ETHTOOL_A_STATS_ETH_MAC_2_TX_PKT, ... _8_TX_BYTES = 6).
	grp := nla(4|nlaFNested, nla(2, u32(1)), nla(3, gval(t, genETH_SS, "ETH_SS_STATS_ETH_MAC")),
		nla(4|nlaFNested, nla(0, gu64(100)), nla(6, gu64(5000))))
	m := genlDecode(t, "ethtool", ETHTOOL_MSG_STATS_GET_REPLY, 0, nla(2|nlaFNested, nla(1, u32(2))), grp)
	want(t, m, "ETHTOOL_STATS_ETH_MAC", "ETHTOOL_A_STATS_GRP", "ETHTOOL_A_STATS_GRP_ID")
	want(t, m, "100", "ETHTOOL_A_STATS_GRP", "ETHTOOL_A_STATS_GRP_STAT", "ETHTOOL_A_STATS_ETH_MAC_2_TX_PKT")
	want(t, m, "5000", "ETHTOOL_A_STATS_GRP", "ETHTOOL_A_STATS_GRP_STAT", "ETHTOOL_A_STATS_ETH_MAC_8_TX_BYTES")

	set := nla(2|nlaFNested, nla(1|nlaFNested, nla(1, gval(t, genETH_SS, "ETH_SS_FEATURES")), nla(2, u32(1)),
		nla(3|nlaFNested, nla(1|nlaFNested, nla(1, u32(0)), nla(2, str("tx-scatter-gather"))))))
	s := genlDecode(t, "ethtool", ETHTOOL_MSG_STRSET_GET_REPLY, 0, nla(1|nlaFNested), set)
	want(t, s, "ETH_SS_FEATURES", "ETHTOOL_A_STRSET_STRINGSETS", "ETHTOOL_A_STRINGSETS_STRINGSET", "ETHTOOL_A_STRINGSET_ID")
	want(t, s, `"tx-scatter-gather"`, "ETHTOOL_A_STRSET_STRINGSETS", "ETHTOOL_A_STRINGSETS_STRINGSET", "ETHTOOL_A_STRINGSET_STRINGS",
		"ETHTOOL_A_STRINGS_STRING", "ETHTOOL_A_STRING_VALUE")

	// WOL modes name their bits after WAKE_* (bit i is 1 << i).
	w := genlDecode(t, "ethtool", ETHTOOL_MSG_WOL_GET_REPLY, 0, nla(1|nlaFNested, nla(1, u32(2))),
		nla(2|nlaFNested, nla(1), nla(2, u32(8)), nla(4, u32(1<<5|1<<0))))
	want(t, w, "WAKE_PHY WAKE_MAGIC", "ETHTOOL_A_WOL_MODES", "ETHTOOL_A_BITSET_VALUE")

	// Every command of both directions has a name and a set.
	for _, g := range []uapiGroup{genETHTOOL_MSG_USER, genETHTOOL_MSG_KERNEL} {
		sets := ethtoolCmdSets(g)
		for _, c := range g {
			if _, ok := sets[uint8(c.Value)]; !ok && !strings.HasSuffix(c.Name, "_NONE") {
				t.Errorf("%s has no attribute set", c.Name)
			}
		}
	}
}

func TestWireguardOverlay(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	ep4 := cat(u16(2), []byte{0xca, 0x6c}, []byte{192, 0, 2, 1}, make([]byte, 8))             // :51820
	ep6 := cat(u16(10), []byte{0xca, 0x6c}, u32(0), []byte{0xfe, 0x80, 14: 0, 15: 1}, u32(3)) // [fe80::1%3]:51820
	hs := cat(gu64(1700000000), gu64(5))                                                      // 2023-11-14T22:13:20.000000005Z
	aip := nla(0|nlaFNested, nla(1, u16(2)), nla(2, []byte{10, 0, 0, 0}), nla(3, gu8(8)))     // 10.0.0.0/8
	peer := func(ep []byte) []byte {
		return nla(0|nlaFNested, nla(1, key), nla(2, key), nla(4, ep), nla(6, hs), nla(9|nlaFNested, aip))
	}
	m := genlDecode(t, "wireguard", WG_CMD_GET_DEVICE, 0, nla(1, u32(4)), nla(2, str("wg0")), nla(3, key), nla(4, key), nla(6, u16(51820)),
		nla(8|nlaFNested, peer(ep4), peer(ep6)))
	b64 := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	want(t, m, b64, "WGDEVICE_A_PUBLIC_KEY")
	want(t, m, "51820", "WGDEVICE_A_LISTEN_PORT")
	peers := find(m.Attrs, "WGDEVICE_A_PEERS")
	if peers == nil || len(peers.Children) != 2 {
		t.Fatalf("peers %+v", peers)
	}
	for i, ep := range []string{"192.0.2.1:51820", "[fe80::1%3]:51820"} {
		p := &Message{Attrs: peers.Children[i].Children, Genl: m.Genl}
		want(t, p, ep, "WGPEER_A_ENDPOINT")
		want(t, p, b64, "WGPEER_A_PUBLIC_KEY")
		want(t, p, "2023-11-14T22:13:20.000000005Z", "WGPEER_A_LAST_HANDSHAKE_TIME")
		want(t, p, "10.0.0.0", "WGPEER_A_ALLOWEDIPS", "[0]", "WGALLOWEDIP_A_IPADDR")
		want(t, p, "8", "WGPEER_A_ALLOWEDIPS", "[0]", "WGALLOWEDIP_A_CIDR_MASK")
	}
	for _, c := range []struct {
		set  *AttrSet
		typ  uint16
		tags Tag
	}{{wgDeviceAttrs, 3, TagSecret}, {wgPeerAttrs, 2, TagSecret}, {wgPeerAttrs, 6, TagVolatile}, {wgDeviceAttrs, 4, 0}, {wgPeerAttrs, 1, 0}} {
		if got := c.set.Attr(c.typ).Tags; got != c.tags {
			t.Errorf("%s tags %v, want %v", c.set.Attr(c.typ).Name, got, c.tags)
		}
	}
	if got := formatTimespec(make([]byte, 16), le); got != "never" {
		t.Errorf("zero handshake %q", got)
	}
	if got := formatSockaddr([]byte{2, 0, 1}, le); got != "020001" {
		t.Errorf("short sockaddr %q", got)
	}
}

// TestNl80211UnflaggedNests: the nests nl80211_send_wiphy builds without
// NLA_F_NESTED are opened and named.
func TestNl80211UnflaggedNests(t *testing.T) {
	// FREQ 1, NO_IR 3, MAX_TX_POWER 6, DFS_STATE 7.
	freq := nla(0, nla(1, u32(2412)), nla(3), nla(6, u32(2000)), nla(7, u32(0)))
	rate := nla(0, nla(1, u32(10)))
	band := nla(0 /* NL80211_BAND_2GHZ */, nla(1, freq), nla(2, rate), nla(4, u16(0x1072)))
	iftypes := nla(NL80211_ATTR_SUPPORTED_IFTYPES, nla(2), nla(3))
	limit := nla(1, nla(1, u32(2)), nla(2, nla(2), nla(3)))
	comb := nla(NL80211_ATTR_INTERFACE_COMBINATIONS, nla(1, nla(1, limit), nla(2, u32(2)), nla(4, u32(1))))
	cmds := nla(NL80211_ATTR_SUPPORTED_COMMANDS, nla(1, u32(NL80211_CMD_NEW_INTERFACE)), nla(2, u32(NL80211_CMD_TRIGGER_SCAN)))
	frames := nla(NL80211_ATTR_TX_FRAME_TYPES, nla(2, nla(NL80211_ATTR_FRAME_TYPE, u16(0xd0))))
	key := nla(NL80211_ATTR_KEY, nla(1, make([]byte, 16)), nla(2, gu8(1)), nla(3, u32(0x000fac04)))
	m := genlDecode(t, "nl80211", NL80211_CMD_NEW_WIPHY, 0,
		nla(NL80211_ATTR_WIPHY, u32(0)), nla(NL80211_ATTR_WIPHY_NAME, str("phy0")), nla(NL80211_ATTR_WIPHY_BANDS, band),
		iftypes, comb, cmds, frames, key, nla(NL80211_ATTR_CIPHER_SUITES, cat(u32(0x000fac01), u32(0x000fac04))),
		nla(NL80211_ATTR_EXT_FEATURES, []byte{0x02, 0x00}), nla(NL80211_ATTR_IFTYPE, u32(2)), nla(NL80211_ATTR_MAC, []byte{2, 0, 0, 0, 0, 1}),
		nla(NL80211_ATTR_SSID, []byte("lab")))
	if m.Genl.CmdName != "NL80211_CMD_NEW_WIPHY" {
		t.Errorf("cmd %q", m.Genl.CmdName)
	}
	want(t, m, `"phy0"`, "NL80211_ATTR_WIPHY_NAME")
	b := []string{"NL80211_ATTR_WIPHY_BANDS", "NL80211_BAND_2GHZ"}
	want(t, m, "2412", append(b, "NL80211_BAND_ATTR_FREQS", "[0]", "NL80211_FREQUENCY_ATTR_FREQ")...)
	want(t, m, "", append(b, "NL80211_BAND_ATTR_FREQS", "[0]", "NL80211_FREQUENCY_ATTR_NO_IR")...)
	want(t, m, "NL80211_DFS_USABLE", append(b, "NL80211_BAND_ATTR_FREQS", "[0]", "NL80211_FREQUENCY_ATTR_DFS_STATE")...)
	want(t, m, "10", append(b, "NL80211_BAND_ATTR_RATES", "[0]", "NL80211_BITRATE_ATTR_RATE")...)
	want(t, m, "0x1072", append(b, "NL80211_BAND_ATTR_HT_CAPA")...)
	want(t, m, "", "NL80211_ATTR_SUPPORTED_IFTYPES", "NL80211_IFTYPE_STATION")
	want(t, m, "", "NL80211_ATTR_SUPPORTED_IFTYPES", "NL80211_IFTYPE_AP")
	want(t, m, "2", "NL80211_ATTR_INTERFACE_COMBINATIONS", "[1]", "NL80211_IFACE_COMB_LIMITS", "[1]", "NL80211_IFACE_LIMIT_MAX")
	want(t, m, "", "NL80211_ATTR_INTERFACE_COMBINATIONS", "[1]", "NL80211_IFACE_COMB_LIMITS", "[1]", "NL80211_IFACE_LIMIT_TYPES", "NL80211_IFTYPE_AP")
	want(t, m, "NL80211_CMD_TRIGGER_SCAN", "NL80211_ATTR_SUPPORTED_COMMANDS", "[2]")
	want(t, m, "0xd0", "NL80211_ATTR_TX_FRAME_TYPES", "NL80211_IFTYPE_STATION", "NL80211_ATTR_FRAME_TYPE")
	want(t, m, "00-0f-ac:4", "NL80211_ATTR_KEY", "NL80211_KEY_CIPHER")
	want(t, m, "00-0f-ac:1 00-0f-ac:4", "NL80211_ATTR_CIPHER_SUITES")
	want(t, m, "RRM", "NL80211_ATTR_EXT_FEATURES")
	want(t, m, "NL80211_IFTYPE_STATION", "NL80211_ATTR_IFTYPE")
	want(t, m, "02:00:00:00:00:01", "NL80211_ATTR_MAC")
	want(t, m, `"lab"`, "NL80211_ATTR_SSID")
	for _, a := range []*AttrSpec{nl80211KeyAttrs.Attr(1), nl80211Attrs.Attr(NL80211_ATTR_KEY_DATA), nl80211Attrs.Attr(NL80211_ATTR_PMK)} {
		if a.Tags&TagSecret == 0 {
			t.Errorf("%s is not secret", a.Name)
		}
	}
	if a := nl80211Attrs.Attr(NL80211_ATTR_IFINDEX); a.Tags != TagIfindex {
		t.Errorf("NL80211_ATTR_IFINDEX tags %v", a.Tags)
	}
}

// TestGenlFamilyOverlays: one message of each of the smaller families
// decodes by name with its values formatted.
func TestGenlFamilyOverlays(t *testing.T) {
	type check struct{ value, path string }
	tests := []struct {
		family string
		cmd    uint8
		flags  uint16
		attrs  [][]byte
		name   string
		checks []check
	}{
		{"mptcp_pm", 1, nlmFRequest, [][]byte{nla(1|nlaFNested, nla(1, u16(2)), nla(2, gu8(5)), nla(3, []byte{10, 0, 0, 1}), nla(6, u32(3)), nla(7, u32(2)))},
			"MPTCP_PM_CMD_ADD_ADDR", []check{{"AF_INET", "MPTCP_PM_ATTR_ADDR/MPTCP_PM_ADDR_ATTR_FAMILY"}, {"10.0.0.1", "MPTCP_PM_ATTR_ADDR/MPTCP_PM_ADDR_ATTR_ADDR4"},
				{"MPTCP_PM_ADDR_FLAG_SIGNAL|MPTCP_PM_ADDR_FLAG_SUBFLOW", "MPTCP_PM_ATTR_ADDR/MPTCP_PM_ADDR_ATTR_FLAGS"}, {"2", "MPTCP_PM_ATTR_ADDR/MPTCP_PM_ADDR_ATTR_IF_IDX"}}},
		{"tcp_metrics", 1, 0, [][]byte{nla(1, []byte{192, 0, 2, 7}), nla(3, gu64(1234)), nla(6|nlaFNested, nla(1, u32(20)), nla(4, u32(10)))},
			"TCP_METRICS_CMD_GET", []check{{"192.0.2.7", "TCP_METRICS_ATTR_ADDR_IPV4"}, {"1234", "TCP_METRICS_ATTR_AGE"},
				{"20", "TCP_METRICS_ATTR_VALS/TCP_METRIC_RTT"}, {"10", "TCP_METRICS_ATTR_VALS/TCP_METRIC_CWND"}}},
		{"TASKSTATS", 1, nlmFRequest, [][]byte{nla(1, u32(42))}, "TASKSTATS_CMD_GET", []check{{"42", "TASKSTATS_CMD_ATTR_PID"}}},
		{"TASKSTATS", 2, 0, [][]byte{nla(4|nlaFNested, nla(1, u32(42)), nla(3, make([]byte, 8)))}, "TASKSTATS_CMD_NEW",
			[]check{{"42", "TASKSTATS_TYPE_AGGR_PID/TASKSTATS_TYPE_PID"}, {"0000000000000000", "TASKSTATS_TYPE_AGGR_PID/TASKSTATS_TYPE_STATS"}}},
		{"thermal", 1, nlmFRequest, nil, "THERMAL_GENL_CMD_TZ_GET_ID", nil},
		// A reply (the requester's port id) and an event (port id 0) of
		// the same number; a sample of the "sampling" group (number 0).
		{"thermal", 3, 0, [][]byte{nla(2, u32(0)), nla(3, u32(uint32(0xffffd8f0)))}, "THERMAL_GENL_CMD_TZ_GET_TEMP",
			[]check{{"-10000", "THERMAL_GENL_ATTR_TZ_TEMP"}}},
		{"thermal", 3, eventPID, [][]byte{nla(2, u32(1))}, "THERMAL_GENL_EVENT_TZ_DISABLE", []check{{"1", "THERMAL_GENL_ATTR_TZ_ID"}}},
		{"thermal", 0, eventPID, [][]byte{nla(2, u32(1)), nla(3, u32(48500))}, "THERMAL_GENL_SAMPLING_TEMP", []check{{"48500", "THERMAL_GENL_ATTR_TZ_TEMP"}}},
		{"mptcp_pm", 6, 0, [][]byte{nla(2, u32(0)), nla(3, u32(2))}, "MPTCP_PM_CMD_GET_LIMITS", []check{{"2", "MPTCP_PM_ATTR_SUBFLOWS"}}},
		{"mptcp_pm", 6, eventPID, [][]byte{nla(1, u32(0xabcd)), nla(4, gu8(2)), nla(2, u16(2)), nla(7, []byte{192, 0, 2, 9}), nla(10, []byte{0x1f, 0x90})},
			"MPTCP_EVENT_ANNOUNCED", []check{{"43981", "MPTCP_ATTR_TOKEN"}, {"192.0.2.9", "MPTCP_ATTR_DADDR4"}, {"8080", "MPTCP_ATTR_DPORT"}, {"AF_INET", "MPTCP_ATTR_FAMILY"}}},
		{"team", 1, nlmFRequest, [][]byte{nla(1, u32(5)), nla(2|nlaFNested, nla(1|nlaFNested, nla(1, str("mode")), nla(3, gu8(5)), nla(4, str("roundrobin"))))},
			"TEAM_CMD_OPTIONS_SET", []check{{"5", "TEAM_ATTR_TEAM_IFINDEX"}, {`"mode"`, "TEAM_ATTR_LIST_OPTION/TEAM_ATTR_ITEM_OPTION/TEAM_ATTR_OPTION_NAME"},
				{"NLA_STRING", "TEAM_ATTR_LIST_OPTION/TEAM_ATTR_ITEM_OPTION/TEAM_ATTR_OPTION_TYPE"}}},
		{"macsec", 4, nlmFRequest, [][]byte{nla(1, u32(6)), nla(3|nlaFNested, nla(1, gu8(0)), nla(2, gu8(1)), nla(3, u32(1)), nla(4, make([]byte, 16)), nla(5, make([]byte, 16)))},
			"MACSEC_CMD_ADD_TXSA", []check{{"6", "MACSEC_ATTR_IFINDEX"}, {"1", "MACSEC_ATTR_SA_CONFIG/MACSEC_SA_ATTR_PN"}}},
		{"l2tp", 1, nlmFRequest, [][]byte{nla(2, u16(0)), nla(9, u32(100)), nla(10, u32(200)), nla(24, []byte{198, 51, 100, 1}), nla(26, u16(1701))},
			"L2TP_CMD_TUNNEL_CREATE", []check{{"L2TP_ENCAPTYPE_UDP", "L2TP_ATTR_ENCAP_TYPE"}, {"100", "L2TP_ATTR_CONN_ID"}, {"198.51.100.1", "L2TP_ATTR_IP_SADDR"}, {"1701", "L2TP_ATTR_UDP_SPORT"}}},
		{"fou", 1, nlmFRequest, [][]byte{nla(1, []byte{0x16, 0x2e}), nla(2, gu8(2)), nla(3, gu8(4)), nla(4, gu8(1))},
			"FOU_CMD_ADD", []check{{"5678", "FOU_ATTR_PORT"}, {"AF_INET", "FOU_ATTR_AF"}, {"FOU_ENCAP_DIRECT", "FOU_ATTR_TYPE"}}},
		// devlink: nests of DEVLINK_ATTR_* again, the port function's own
		// set, a bitfield32.
		{"devlink", DEVLINK_CMD_INFO_GET, 0, [][]byte{nla(DEVLINK_ATTR_BUS_NAME, str("pci")), nla(DEVLINK_ATTR_INFO_DRIVER_NAME, str("mlx5_core")),
			nla(DEVLINK_ATTR_INFO_VERSION_RUNNING|nlaFNested, nla(DEVLINK_ATTR_INFO_VERSION_NAME, str("fw")), nla(DEVLINK_ATTR_INFO_VERSION_VALUE, str("16.35.2000"))),
			nla(DEVLINK_ATTR_PORT_FUNCTION|nlaFNested, nla(1, []byte{2, 0, 0, 0, 0, 7})),
			nla(DEVLINK_ATTR_RELOAD_ACTIONS_PERFORMED, cat(u32(2), u32(3))), nla(DEVLINK_ATTR_PORT_FLAVOUR, u16(0))},
			"DEVLINK_CMD_INFO_GET", []check{{`"mlx5_core"`, "DEVLINK_ATTR_INFO_DRIVER_NAME"}, {`"16.35.2000"`, "DEVLINK_ATTR_INFO_VERSION_RUNNING/DEVLINK_ATTR_INFO_VERSION_VALUE"},
				{"02:00:00:00:00:07", "DEVLINK_ATTR_PORT_FUNCTION/DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR"}, {"value=0x2 selector=0x3", "DEVLINK_ATTR_RELOAD_ACTIONS_PERFORMED"},
				{"DEVLINK_PORT_FLAVOUR_PHYSICAL", "DEVLINK_ATTR_PORT_FLAVOUR"}}},
		{"SEG6", 4, nlmFRequest, nil, "SEG6_CMD_GET_TUNSRC", nil},
		{"IOAM6", 3, nlmFRequest, nil, "IOAM6_CMD_DUMP_NAMESPACES", nil},
		{"NET_DM", 3, nlmFRequest, nil, "NET_DM_CMD_START", nil},
		{"psample", 0, 0, [][]byte{nla(0, u16(3))}, "PSAMPLE_CMD_SAMPLE", []check{{"3", "PSAMPLE_ATTR_IIFINDEX"}}},
		// As genl-psample.pcap's samples (a tunnel key, traffic class and
		// latency added, as a switch driver fills them): the timestamp is
		// ktime_get_real() in ns, the protocol host order.
		{"psample", PSAMPLE_CMD_SAMPLE, 0, [][]byte{nla(PSAMPLE_ATTR_IIFINDEX, u16(4)), nla(PSAMPLE_ATTR_OIFINDEX, u16(5)),
			nla(PSAMPLE_ATTR_TIMESTAMP, gu64(1796434951990205166)), nla(PSAMPLE_ATTR_PROTO, u16(0x86dd)),
			nla(PSAMPLE_ATTR_OUT_TC, u16(3)), nla(PSAMPLE_ATTR_OUT_TC_OCC, gu64(1500)), nla(PSAMPLE_ATTR_LATENCY, gu64(250)),
			nla(PSAMPLE_ATTR_TUNNEL|nlaFNested, nla(PSAMPLE_TUNNEL_KEY_ATTR_ID, []byte{0, 0, 0, 0, 0, 0, 0, 42}),
				nla(PSAMPLE_TUNNEL_KEY_ATTR_IPV4_SRC, []byte{192, 0, 2, 1}), nla(PSAMPLE_TUNNEL_KEY_ATTR_TP_DST, []byte{0x12, 0xb5}),
				nla(PSAMPLE_TUNNEL_KEY_ATTR_TTL, gu8(64)), nla(PSAMPLE_TUNNEL_KEY_ATTR_CSUM)),
			nla(PSAMPLE_ATTR_DATA, []byte{0xde, 0xad})},
			"PSAMPLE_CMD_SAMPLE", []check{{"4", "PSAMPLE_ATTR_IIFINDEX"}, {"5", "PSAMPLE_ATTR_OIFINDEX"},
				{"1796434951990205166 (2026-12-05T01:42:31.990205166Z)", "PSAMPLE_ATTR_TIMESTAMP"}, {"ETH_P_IPV6", "PSAMPLE_ATTR_PROTO"},
				{"3", "PSAMPLE_ATTR_OUT_TC"}, {"1500", "PSAMPLE_ATTR_OUT_TC_OCC"}, {"250", "PSAMPLE_ATTR_LATENCY"},
				{"0x2a", "PSAMPLE_ATTR_TUNNEL/PSAMPLE_TUNNEL_KEY_ATTR_ID"}, {"192.0.2.1", "PSAMPLE_ATTR_TUNNEL/PSAMPLE_TUNNEL_KEY_ATTR_IPV4_SRC"},
				{"4789", "PSAMPLE_ATTR_TUNNEL/PSAMPLE_TUNNEL_KEY_ATTR_TP_DST"}, {"64", "PSAMPLE_ATTR_TUNNEL/PSAMPLE_TUNNEL_KEY_ATTR_TTL"},
				{"dead", "PSAMPLE_ATTR_DATA"}}},
		{"psample", PSAMPLE_CMD_NEW_GROUP, nlmFMulti, [][]byte{nla(PSAMPLE_ATTR_SAMPLE_GROUP, u32(7)), nla(PSAMPLE_ATTR_GROUP_REFCOUNT, u32(1)), nla(PSAMPLE_ATTR_GROUP_SEQ, u32(3))},
			"PSAMPLE_CMD_NEW_GROUP", []check{{"7", "PSAMPLE_ATTR_SAMPLE_GROUP"}, {"1", "PSAMPLE_ATTR_GROUP_REFCOUNT"}, {"3", "PSAMPLE_ATTR_GROUP_SEQ"}}},
		// The ovs_* families: struct ovs_header (dp_ifindex) first.
		{"ovs_datapath", 3, nlmFRequest, [][]byte{u32(0), nla(1, str("ovs-system"))}, "OVS_DP_CMD_GET", []check{{`"ovs-system"`, "OVS_DP_ATTR_NAME"}}},
		{"ovs_vport", 1, nlmFRequest, [][]byte{u32(5), nla(2, u32(2)), nla(3, str("vx0"))}, "OVS_VPORT_CMD_NEW", []check{{"OVS_VPORT_TYPE_INTERNAL", "OVS_VPORT_ATTR_TYPE"}}},
		{"ovs_flow", 3, nlmFRequest, [][]byte{u32(5)}, "OVS_FLOW_CMD_GET", nil},
		{"ovs_packet", 3, nlmFRequest, [][]byte{u32(5)}, "OVS_PACKET_CMD_EXECUTE", nil},
		{"batadv", 1, nlmFRequest, nil, "BATADV_CMD_GET_MESH_INFO", nil},
		{"HSR", 3, nlmFRequest, nil, "HSR_C_GET_NODE_STATUS", nil},
		{"gtp", 0, nlmFRequest, [][]byte{nla(1, u32(4)), nla(4, []byte{10, 1, 0, 1})}, "GTP_CMD_NEWPDP", []check{{"10.1.0.1", "GTPA_PEER_ADDRESS"}}},
		// As genl-events.pcap's first warning: uid 1000 past its block soft limit.
		{"VFS_DQUOT", 1, 0, [][]byte{nla(1, u32(0)), nla(2, gu64(1000)), nla(3, u32(6)), nla(4, u32(7)), nla(6, gu64(1000))},
			"QUOTA_NL_C_WARNING", []check{{"USRQUOTA", "QUOTA_NL_A_QTYPE"}, {"1000", "QUOTA_NL_A_EXCESS_ID"},
				{"QUOTA_NL_BSOFTWARN", "QUOTA_NL_A_WARNING"}, {"7", "QUOTA_NL_A_DEV_MAJOR"}, {"1000", "QUOTA_NL_A_CAUSED_ID"}}},
		{"NLBL_MGMT", 8, nlmFRequest, nil, "NLBL_MGMT_C_VERSION", nil},
		{"NLBL_UNLBL", 2, nlmFRequest, nil, "NLBL_UNLABEL_C_LIST", nil},
		{"NLBL_CIPSOv4", 4, nlmFRequest, nil, "NLBL_CIPSOV4_C_LISTALL", nil},
		{"NLBL_CALIPSO", 4, nlmFRequest, nil, "NLBL_CALIPSO_C_LISTALL", nil},
		{"acpi_event", 1, 0, [][]byte{nla(1, cat(pad20("button/power"), pad15("PNP0C0C:00"), []byte{0}, u32(0x80), u32(1)))},
			"ACPI_GENL_CMD_EVENT", []check{{`device_class="button/power" bus_id="PNP0C0C:00" type=0x80 data=0x1`, "ACPI_GENL_ATTR_EVENT"}}},
	}
	for _, tt := range tests {
		t.Run(tt.family+"/"+tt.name, func(t *testing.T) {
			m := genlDecode(t, tt.family, tt.cmd, tt.flags, tt.attrs...)
			if m.Genl.CmdName != tt.name {
				t.Errorf("cmd %d = %q, want %q", tt.cmd, m.Genl.CmdName, tt.name)
			}
			for _, c := range tt.checks {
				want(t, m, c.value, strings.Split(c.path, "/")...)
			}
		})
	}
	if a := macsecSAAttrs.Attr(4); a.Name != "MACSEC_SA_ATTR_KEY" || a.Tags&TagSecret == 0 {
		t.Errorf("MACsec key %+v", a)
	}
}

func pad20(s string) []byte { return append([]byte(s), make([]byte, 20-len(s))...) }
func pad15(s string) []byte { return append([]byte(s), make([]byte, 15-len(s))...) }

// TestGenlFamilyHeader: a family with its own header after genlmsghdr
// (the ovs_* families' struct ovs_header) has its fields after
// genlmsghdr's, attributes decoded after it, and Lookup says where it is.
func TestGenlFamilyHeader(t *testing.T) {
	hdr := &HeaderSpec{Name: "test_header", Len: 4, Decode: func(b []byte, order binary.ByteOrder) []Field {
		v := int32(order.Uint32(b))
		return []Field{{Name: "dp_ifindex", Value: strconv.Itoa(int(v)), Raw: uint64(uint32(v))}}
	}, Tagged: []TaggedField{{Name: "dp_ifindex", Offset: 0, Size: 4, Tags: TagIfindex}}}
	registerGenlFamily(&GenlFamilySpec{Name: "test_hdr", Commands: map[uint8]string{1: "TEST_CMD_GET"}, Header: hdr,
		Attrs: &AttrSet{Name: "TEST_A", Attrs: map[uint16]*AttrSpec{1: {Name: "TEST_A_NAME", Kind: KindString}}}})
	defer delete(genlFamilySpecs, "test_hdr")

	m := genlDecode(t, "test_hdr", 1, nlmFRequest, u32(7), nla(1, str("br0")))
	if len(m.Fixed) != 4 || m.Fixed[3].Name != "dp_ifindex" || m.Fixed[3].Value != "7" {
		t.Errorf("fixed fields %+v, want genlmsghdr's then dp_ifindex 7", m.Fixed)
	}
	if a := find(m.Attrs, "TEST_A_NAME"); a == nil || a.Value != `"br0"` || a.Offset != 16+4+4 {
		t.Errorf("attributes %+v, want TEST_A_NAME \"br0\" at offset 24", m.Attrs)
	}
	s, ok := LookupFlags(nlcap.FamilyGeneric, 0x20, nlmFRequest, "test_hdr", nil, le)
	if !ok || s.Header != hdr || s.HeaderOffset != genlHdrLen || s.HeaderLen != genlHdrLen+4 {
		t.Errorf("Lookup: %+v, want the header at 4, attributes at 8", s)
	}

	// Shorter than the header: a problem, the bytes kept.
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x20, "test_hdr")), 0)
	ms := d.Decode(rec(nlcap.FamilyGeneric, nlmsg(0x20, nlmFRequest, 7, 0, []byte{1, 1, 0, 0}, []byte{9, 9})), 1)
	if len(ms) != 1 || !strings.Contains(ms[0].Problem, "test_header needs 4 bytes") {
		t.Errorf("short header: %+v", ms)
	}
}
