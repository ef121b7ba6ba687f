package dissect

import (
	"strings"
	"testing"
)

// TestBatadvOverlay decodes what net/batman-adv sends: the mesh
// information (batadv_netlink_mesh_fill), an originator of the B.A.T.M.A.N.
// IV table (batadv_iv_ogm_orig_dump_subentry), a local translation table
// entry (batadv_tt_local_dump_entry) and a DAT cache entry
// (batadv_dat_cache_dump_entry).
func TestBatadvOverlay(t *testing.T) {
	mac := func(last byte) []byte { return []byte{0x02, 0xba, 0x7e, 0, 0, last} }
	mesh := genlDecode(t, "batadv", BATADV_CMD_GET_MESH, 0,
		nla(BATADV_ATTR_VERSION, str("2022.3")),
		nla(BATADV_ATTR_ALGO_NAME, str("BATMAN_IV")),
		nla(BATADV_ATTR_MESH_IFINDEX, u32(5)),
		nla(BATADV_ATTR_MESH_IFNAME, str("bat0")),
		nla(BATADV_ATTR_MESH_ADDRESS, mac(1)),
		nla(BATADV_ATTR_TT_TTVN, gu8(3)),
		nla(BATADV_ATTR_BLA_CRC, u16(0xbeef)),
		nla(BATADV_ATTR_MCAST_FLAGS, u32(0x4)),
		nla(BATADV_ATTR_MCAST_FLAGS_PRIV, u32(0x1|0x4)),
		nla(BATADV_ATTR_HARD_IFINDEX, u32(4)),
		nla(BATADV_ATTR_HARD_IFNAME, str("eth1")),
		nla(BATADV_ATTR_HARD_ADDRESS, mac(2)),
		nla(BATADV_ATTR_AGGREGATED_OGMS_ENABLED, gu8(1)),
		nla(BATADV_ATTR_ISOLATION_MARK, u32(0x100)),
		nla(BATADV_ATTR_ISOLATION_MASK, u32(0xff00)),
		nla(BATADV_ATTR_GW_BANDWIDTH_DOWN, u32(100)),
		nla(BATADV_ATTR_GW_MODE, gu8(2)),
		nla(BATADV_ATTR_GW_SEL_CLASS, u32(20)),
		nla(BATADV_ATTR_HOP_PENALTY, gu8(30)),
		nla(BATADV_ATTR_ORIG_INTERVAL, u32(1000)))
	checks := []struct{ value, name string }{
		{`"2022.3"`, "BATADV_ATTR_VERSION"},
		{`"BATMAN_IV"`, "BATADV_ATTR_ALGO_NAME"},
		{"5", "BATADV_ATTR_MESH_IFINDEX"},
		{`"bat0"`, "BATADV_ATTR_MESH_IFNAME"},
		{"02:ba:7e:00:00:01", "BATADV_ATTR_MESH_ADDRESS"},
		{"3", "BATADV_ATTR_TT_TTVN"},
		{"0xbeef", "BATADV_ATTR_BLA_CRC"},
		{"0x4", "BATADV_ATTR_MCAST_FLAGS"},
		{"BATADV_MCAST_FLAGS_BRIDGED|BATADV_MCAST_FLAGS_QUERIER_IPV6_EXISTS", "BATADV_ATTR_MCAST_FLAGS_PRIV"},
		{"4", "BATADV_ATTR_HARD_IFINDEX"},
		{`"eth1"`, "BATADV_ATTR_HARD_IFNAME"},
		{"02:ba:7e:00:00:02", "BATADV_ATTR_HARD_ADDRESS"},
		{"1", "BATADV_ATTR_AGGREGATED_OGMS_ENABLED"},
		{"0x100", "BATADV_ATTR_ISOLATION_MARK"},
		{"0xff00", "BATADV_ATTR_ISOLATION_MASK"},
		{"100", "BATADV_ATTR_GW_BANDWIDTH_DOWN"},
		{"BATADV_GW_MODE_SERVER", "BATADV_ATTR_GW_MODE"},
		{"20", "BATADV_ATTR_GW_SEL_CLASS"},
		{"30", "BATADV_ATTR_HOP_PENALTY"},
		{"1000", "BATADV_ATTR_ORIG_INTERVAL"},
	}
	for _, c := range checks {
		want(t, mesh, c.value, c.name)
	}

	orig := genlDecode(t, "batadv", BATADV_CMD_GET_ORIGINATORS, 0,
		nla(BATADV_ATTR_ORIG_ADDRESS, mac(9)), nla(BATADV_ATTR_NEIGH_ADDRESS, mac(8)), nla(BATADV_ATTR_HARD_IFINDEX, u32(4)),
		nla(BATADV_ATTR_LAST_SEEN_MSECS, u32(840)), nla(BATADV_ATTR_TQ, gu8(255)), nla(BATADV_ATTR_FLAG_BEST))
	want(t, orig, "02:ba:7e:00:00:09", "BATADV_ATTR_ORIG_ADDRESS")
	want(t, orig, "02:ba:7e:00:00:08", "BATADV_ATTR_NEIGH_ADDRESS")
	want(t, orig, "840", "BATADV_ATTR_LAST_SEEN_MSECS")
	want(t, orig, "255", "BATADV_ATTR_TQ")
	want(t, orig, "", "BATADV_ATTR_FLAG_BEST")

	tt := genlDecode(t, "batadv", BATADV_CMD_GET_TRANSTABLE_LOCAL, 0,
		nla(BATADV_ATTR_TT_ADDRESS, mac(7)), nla(BATADV_ATTR_TT_CRC32, u32(0xdeadbeef)), nla(BATADV_ATTR_TT_VID, u16(0x8001)),
		nla(BATADV_ATTR_TT_FLAGS, u32(0x100|0x10)), nla(BATADV_ATTR_LAST_SEEN_MSECS, u32(12)))
	want(t, tt, "02:ba:7e:00:00:07", "BATADV_ATTR_TT_ADDRESS")
	want(t, tt, "0xdeadbeef", "BATADV_ATTR_TT_CRC32")
	want(t, tt, "1", "BATADV_ATTR_TT_VID") // 0x8001: BATADV_VLAN_HAS_TAG, VLAN 1
	want(t, tt, "BATADV_TT_CLIENT_WIFI|BATADV_TT_CLIENT_NOPURGE", "BATADV_ATTR_TT_FLAGS")

	dat := genlDecode(t, "batadv", BATADV_CMD_GET_DAT_CACHE, 0,
		nla(BATADV_ATTR_DAT_CACHE_IP4ADDRESS, []byte{192, 0, 2, 33}), nla(BATADV_ATTR_DAT_CACHE_HWADDRESS, mac(6)), nla(BATADV_ATTR_DAT_CACHE_VID, u16(0)))
	want(t, dat, "192.0.2.33", "BATADV_ATTR_DAT_CACHE_IP4ADDRESS")
	want(t, dat, "02:ba:7e:00:00:06", "BATADV_ATTR_DAT_CACHE_HWADDRESS")
	want(t, dat, "untagged", "BATADV_ATTR_DAT_CACHE_VID") // batctl: -1
	for _, c := range []struct {
		in   []byte
		want string
	}{{u16(0x8fff), "4095"}, {u16(0x0005), "untagged 0x5"}, {[]byte{1}, "01"}} {
		if got := formatBatadvVID(c.in, le); got != c.want {
			t.Errorf("formatBatadvVID(%x) = %q, want %q", c.in, got, c.want)
		}
	}

	tp := genlDecode(t, "batadv", BATADV_CMD_TP_METER, 0,
		nla(BATADV_ATTR_MESH_IFINDEX, u32(5)), nla(BATADV_ATTR_TPMETER_COOKIE, u32(77)), nla(BATADV_ATTR_TPMETER_RESULT, gu8(3)),
		nla(BATADV_ATTR_TPMETER_TEST_TIME, u32(10000)), nla(BATADV_ATTR_TPMETER_BYTES, gu64(123456789)))
	want(t, tp, "BATADV_TP_REASON_COMPLETE", "BATADV_ATTR_TPMETER_RESULT")
	want(t, tp, "123456789", "BATADV_ATTR_TPMETER_BYTES")

	wantTags(t, batadvAttrs, genBATADV_ATTR, map[string]Tag{"BATADV_ATTR_MESH_IFINDEX": TagIfindex, "BATADV_ATTR_HARD_IFINDEX": TagIfindex,
		"BATADV_ATTR_LAST_SEEN_MSECS": TagVolatile, "BATADV_ATTR_TQ": TagVolatile, "BATADV_ATTR_THROUGHPUT": TagVolatile})
	// batctl dumps: GET_* are gets, so NLM_F_DUMP reads ROOT|MATCH.
	dump := genlDecode(t, "batadv", BATADV_CMD_GET_ORIGINATORS, nlmFRequest|nlmFDump, nla(BATADV_ATTR_MESH_IFINDEX, u32(5)))
	if got := strings.Join(dump.FlagNames, "|"); got != "REQUEST|ROOT|MATCH" {
		t.Errorf("dump flags %s", got)
	}
	// Every attribute of the policy is typed: none left as bytes but the
	// pad.
	for typ, a := range batadvAttrs.Attrs {
		if a.Kind == KindBinary && !strings.HasSuffix(a.Name, "_PAD") {
			t.Errorf("%s (%d) untyped", a.Name, typ)
		}
	}
}
