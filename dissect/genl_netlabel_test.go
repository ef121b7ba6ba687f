package dissect

import "testing"

// TestNetLabelOverlay: NetLabel messages as netlabelctl sends them and the
// kernel answers (genl-more.pcap holds each): a CIPSOv4 DOI with its tag,
// level and category lists, a domain mapping with an address selector, a
// CALIPSO DOI, and a static unlabeled entry.
func TestNetLabelOverlay(t *testing.T) {
	cipso := genlDecode(t, "NLBL_CIPSOv4", 1 /* NLBL_CIPSOV4_C_ADD */, nlmFRequest|nlmFAck,
		nla(1, u32(18)), nla(2, u32(1)),
		nla(4, nla(3, gu8(1))),
		nla(8, nla(7, nla(5, u32(5)), nla(6, u32(6))), nla(7, nla(5, u32(1)), nla(6, u32(2)))),
		nla(12, nla(11, nla(9, u32(3)), nla(10, u32(4)))))
	if cipso.Genl.CmdName != "NLBL_CIPSOV4_C_ADD" {
		t.Errorf("cmd %q", cipso.Genl.CmdName)
	}
	ovsChecks(t, cipso, [][2]string{
		{"18", "NLBL_CIPSOV4_A_DOI"},
		{"CIPSO_V4_MAP_TRANS", "NLBL_CIPSOV4_A_MTYPE"},
		{"CIPSO_V4_TAG_RBITMAP", "NLBL_CIPSOV4_A_TAGLST/NLBL_CIPSOV4_A_TAG"},
		{"5", "NLBL_CIPSOV4_A_MLSLVLLST/NLBL_CIPSOV4_A_MLSLVL/NLBL_CIPSOV4_A_MLSLVLLOC"},
		{"6", "NLBL_CIPSOV4_A_MLSLVLLST/NLBL_CIPSOV4_A_MLSLVL/NLBL_CIPSOV4_A_MLSLVLREM"},
		{"3", "NLBL_CIPSOV4_A_MLSCATLST/NLBL_CIPSOV4_A_MLSCAT/NLBL_CIPSOV4_A_MLSCATLOC"},
		{"4", "NLBL_CIPSOV4_A_MLSCATLST/NLBL_CIPSOV4_A_MLSCAT/NLBL_CIPSOV4_A_MLSCATREM"},
	})
	mgmt := genlDecode(t, "NLBL_MGMT", 3 /* NLBL_MGMT_C_LISTALL */, 0,
		nla(1, str("lab2_t")), nla(11, u16(2)),
		nla(10, nla(9, nla(7, []byte{192, 168, 1, 0}), nla(8, []byte{255, 255, 255, 0}), nla(2, u32(3)), nla(4, u32(18)))))
	ovsChecks(t, mgmt, [][2]string{
		{`"lab2_t"`, "NLBL_MGMT_A_DOMAIN"},
		{"AF_INET", "NLBL_MGMT_A_FAMILY"},
		{"192.168.1.0", "NLBL_MGMT_A_SELECTORLIST/NLBL_MGMT_A_ADDRSELECTOR/NLBL_MGMT_A_IPV4ADDR"},
		{"255.255.255.0", "NLBL_MGMT_A_SELECTORLIST/NLBL_MGMT_A_ADDRSELECTOR/NLBL_MGMT_A_IPV4MASK"},
		{"NETLBL_NLTYPE_CIPSOV4", "NLBL_MGMT_A_SELECTORLIST/NLBL_MGMT_A_ADDRSELECTOR/NLBL_MGMT_A_PROTOCOL"},
		{"18", "NLBL_MGMT_A_SELECTORLIST/NLBL_MGMT_A_ADDRSELECTOR/NLBL_MGMT_A_CV4DOI"},
	})
	version := genlDecode(t, "NLBL_MGMT", 8 /* NLBL_MGMT_C_VERSION */, 0, nla(3, u32(3)))
	want(t, version, "3", "NLBL_MGMT_A_VERSION")
	calipso := genlDecode(t, "NLBL_CALIPSO", 4 /* NLBL_CALIPSO_C_LISTALL */, 0, nla(1, u32(17)), nla(2, u32(2)))
	ovsChecks(t, calipso, [][2]string{{"17", "NLBL_CALIPSO_A_DOI"}, {"CALIPSO_MAP_PASS", "NLBL_CALIPSO_A_MTYPE"}})
	unlbl := genlDecode(t, "NLBL_UNLBL", 3 /* NLBL_UNLABEL_C_STATICADD */, nlmFRequest|nlmFAck,
		nla(6, str("lo")), nla(4, []byte{10, 1, 0, 0}), nla(5, []byte{255, 255, 0, 0}),
		nla(7, str("system_u:object_r:unlabeled_t:s0")))
	ovsChecks(t, unlbl, [][2]string{
		{`"lo"`, "NLBL_UNLABEL_A_IFACE"},
		{"10.1.0.0", "NLBL_UNLABEL_A_IPV4ADDR"},
		{"255.255.0.0", "NLBL_UNLABEL_A_IPV4MASK"},
		{`"system_u:object_r:unlabeled_t:s0"`, "NLBL_UNLABEL_A_SECCTX"},
	})
	accept := genlDecode(t, "NLBL_UNLBL", 1 /* NLBL_UNLABEL_C_ACCEPT */, nlmFRequest|nlmFAck, nla(1, gu8(1)))
	want(t, accept, "1", "NLBL_UNLABEL_A_ACPTFLG")
}
