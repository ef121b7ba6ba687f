package dissect

import "testing"

// TestDevlinkParamValues: a parameter's DEVLINK_ATTR_PARAM_VALUE_DATA takes
// the NLA_* type of DEVLINK_ATTR_PARAM_TYPE, beside it in a PARAM_SET
// request and two nests up in answers (netdevsim's max_macs, a u32, and
// test1, a flag: present when true, left out when false; genl-devlink.pcap).
func TestDevlinkParamValues(t *testing.T) {
	param := func(name string, typ byte, values ...[]byte) []byte {
		list := make([][]byte, len(values))
		for i, v := range values {
			list[i] = nla(DEVLINK_ATTR_PARAM_VALUE|nlaFNested, nla(DEVLINK_ATTR_PARAM_VALUE_CMODE, gu8(1)), v)
		}
		return nla(DEVLINK_ATTR_PARAM|nlaFNested, nla(DEVLINK_ATTR_PARAM_NAME, str(name)), nla(DEVLINK_ATTR_PARAM_TYPE, gu8(typ)),
			nla(DEVLINK_ATTR_PARAM_VALUES_LIST|nlaFNested, list...))
	}
	data := func(b ...[]byte) []byte { return nla(DEVLINK_ATTR_PARAM_VALUE_DATA, b...) }
	tests := []struct {
		name  string
		param []byte
		typ   string
		want  string
	}{
		{"u32", param("max_macs", 3, data(u32(32))), "NLA_U32", "32"},
		{"u8", param("p8", 1, data(gu8(7))), "NLA_U8", "7"},
		{"u16", param("p16", 2, data(u16(300))), "NLA_U16", "300"},
		{"string", param("fw_load_policy_name", 5, data(str("driver"))), "NLA_STRING", `"driver"`},
		{"flag", param("test1", 6, data()), "NLA_FLAG", "true"},
		{"unknown type", param("odd", 9, data(u32(5))), "NLA_NESTED_ARRAY", "05000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := genlDecode(t, "devlink", DEVLINK_CMD_PARAM_GET, 0, nla(DEVLINK_ATTR_BUS_NAME, str("netdevsim")), tt.param)
			want(t, m, tt.typ, "DEVLINK_ATTR_PARAM", "DEVLINK_ATTR_PARAM_TYPE")
			want(t, m, "DEVLINK_PARAM_CMODE_DRIVERINIT", "DEVLINK_ATTR_PARAM", "DEVLINK_ATTR_PARAM_VALUES_LIST", "DEVLINK_ATTR_PARAM_VALUE", "DEVLINK_ATTR_PARAM_VALUE_CMODE")
			want(t, m, tt.want, "DEVLINK_ATTR_PARAM", "DEVLINK_ATTR_PARAM_VALUES_LIST", "DEVLINK_ATTR_PARAM_VALUE", "DEVLINK_ATTR_PARAM_VALUE_DATA")
		})
	}
	// A false flag: the value nest has its cmode only.
	m := genlDecode(t, "devlink", DEVLINK_CMD_PARAM_NEW, eventPID, param("test1", 6, nil))
	if v := find(m.Attrs, "DEVLINK_ATTR_PARAM", "DEVLINK_ATTR_PARAM_VALUES_LIST", "DEVLINK_ATTR_PARAM_VALUE"); v == nil || len(v.Children) != 1 {
		t.Errorf("false flag parameter: value nest %+v, want its cmode alone", v)
	}
	// The request: type and data side by side.
	req := genlDecode(t, "devlink", DEVLINK_CMD_PARAM_SET, nlmFRequest|nlmFAck, nla(DEVLINK_ATTR_PARAM_NAME, str("max_macs")),
		nla(DEVLINK_ATTR_PARAM_VALUE_CMODE, gu8(1)), nla(DEVLINK_ATTR_PARAM_TYPE, gu8(3)), data(u32(16)))
	want(t, req, "16", "DEVLINK_ATTR_PARAM_VALUE_DATA")
	// Without a type the data stays hex.
	raw := genlDecode(t, "devlink", DEVLINK_CMD_PARAM_SET, nlmFRequest|nlmFAck, data(u32(16)))
	want(t, raw, "10000000", "DEVLINK_ATTR_PARAM_VALUE_DATA")
}

// TestDevlinkFmsg: a health report is a flat list in DEVLINK_ATTR_FMSG; each
// DEVLINK_ATTR_FMSG_OBJ_VALUE_DATA takes the type of the
// DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE before it (netdevsim's dummy reporter:
// a string, a bool, u8, u32, u64, binary).
func TestDevlinkFmsg(t *testing.T) {
	pair := func(name string, typ byte, v []byte) [][]byte {
		return [][]byte{nla(DEVLINK_ATTR_FMSG_PAIR_NEST_START), nla(DEVLINK_ATTR_FMSG_OBJ_NAME, str(name)),
			nla(DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE, gu8(typ)), nla(DEVLINK_ATTR_FMSG_OBJ_VALUE_DATA, v), nla(DEVLINK_ATTR_FMSG_NEST_END)}
	}
	attrs := [][]byte{nla(DEVLINK_ATTR_FMSG_OBJ_NEST_START)}
	for _, p := range [][][]byte{
		pair("break_message", 10, str("lab-break")), pair("test_bool", 6, gu8(1)), pair("off", 6, gu8(0)), pair("odd_bool", 6, gu8(2)),
		pair("test_u8", 1, gu8(1)), pair("test_u32", 3, u32(3)), pair("test_u64", 4, gu64(4)), pair("test_binary", 11, []byte{0xde, 0xad}),
	} {
		attrs = append(attrs, p...)
	}
	attrs = append(attrs, nla(DEVLINK_ATTR_FMSG_OBJ_VALUE_DATA, u32(9)), nla(DEVLINK_ATTR_FMSG_NEST_END))
	m := genlDecode(t, "devlink", DEVLINK_CMD_HEALTH_REPORTER_DUMP_GET, nlmFMulti, nla(DEVLINK_ATTR_FMSG|nlaFNested, attrs...))
	var got []string
	for _, a := range find(m.Attrs, "DEVLINK_ATTR_FMSG").Children {
		switch a.Name {
		case "DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE", "DEVLINK_ATTR_FMSG_OBJ_VALUE_DATA":
			if a.Problem != "" {
				t.Errorf("%s: problem %q", a.Name, a.Problem)
			}
			got = append(got, a.Value)
		}
	}
	// The last data has no type before it in this list but test_binary's:
	// NLA_BINARY, hex.
	wantValues := []string{"NLA_NUL_STRING", `"lab-break"`, "NLA_FLAG", "true", "NLA_FLAG", "false", "NLA_FLAG", "02",
		"NLA_U8", "1", "NLA_U32", "3", "NLA_U64", "4", "NLA_BINARY", "dead", "09000000"}
	if len(got) != len(wantValues) {
		t.Fatalf("values %q, want %q", got, wantValues)
	}
	for i := range got {
		if got[i] != wantValues[i] {
			t.Errorf("value %d = %q, want %q", i, got[i], wantValues[i])
		}
	}
	if devlinkFmsgData([]Attr{{Type: DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE, Data: []byte{3, 0}}}) != nil {
		t.Error("a DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE of 2 bytes picked a type")
	}
	if devlinkFmsgData(nil) != nil {
		t.Error("no DEVLINK_ATTR_FMSG_OBJ_VALUE_TYPE picked a type")
	}
}

// TestDevlinkValues: the values genl-devlink.pcap showed as numbers that
// devlink prints otherwise.
func TestDevlinkValues(t *testing.T) {
	unlimited := gu64(^uint64(0))
	res := genlDecode(t, "devlink", DEVLINK_CMD_RESOURCE_DUMP, nlmFMulti, nla(DEVLINK_ATTR_RESOURCE_LIST|nlaFNested,
		nla(DEVLINK_ATTR_RESOURCE|nlaFNested, nla(DEVLINK_ATTR_RESOURCE_NAME, str("fib")), nla(DEVLINK_ATTR_RESOURCE_SIZE, unlimited),
			nla(DEVLINK_ATTR_RESOURCE_SIZE_MAX, unlimited), nla(DEVLINK_ATTR_RESOURCE_SIZE_NEW, gu64(96)), nla(DEVLINK_ATTR_RESOURCE_OCC, gu64(3)))))
	path := []string{"DEVLINK_ATTR_RESOURCE_LIST", "DEVLINK_ATTR_RESOURCE"}
	want(t, res, "unlimited", append(path, "DEVLINK_ATTR_RESOURCE_SIZE")...)
	want(t, res, "unlimited", append(path, "DEVLINK_ATTR_RESOURCE_SIZE_MAX")...)
	want(t, res, "96", append(path, "DEVLINK_ATTR_RESOURCE_SIZE_NEW")...)

	rate := genlDecode(t, "devlink", DEVLINK_CMD_RATE_NEW, eventPID, nla(DEVLINK_ATTR_RATE_TYPE, u16(1)),
		nla(DEVLINK_ATTR_RATE_TX_SHARE, gu64(1250000)), nla(DEVLINK_ATTR_RATE_TX_MAX, gu64(1000)))
	want(t, rate, "DEVLINK_RATE_TYPE_NODE", "DEVLINK_ATTR_RATE_TYPE")
	want(t, rate, "1250000 (10Mbit/s)", "DEVLINK_ATTR_RATE_TX_SHARE")
	want(t, rate, "1000 (8Kbit/s)", "DEVLINK_ATTR_RATE_TX_MAX")
	for in, out := range map[uint64]string{0: "0", 1: "1 (8bit/s)", 125000000: "125000000 (1Gbit/s)", ^uint64(0): "18446744073709551615"} {
		if got := formatDevlinkRate(gu64(in), le); got != out {
			t.Errorf("formatDevlinkRate(%d) = %q, want %q", in, got, out)
		}
	}
	if got := formatDevlinkRate([]byte{1, 2}, le); got != "0102" {
		t.Errorf("formatDevlinkRate of 2 bytes = %q, want hex", got)
	}

	h := genlDecode(t, "devlink", DEVLINK_CMD_HEALTH_REPORTER_GET, 0, nla(DEVLINK_ATTR_HEALTH_REPORTER|nlaFNested,
		nla(DEVLINK_ATTR_HEALTH_REPORTER_NAME, str("dummy")), nla(DEVLINK_ATTR_HEALTH_REPORTER_STATE, gu8(1)),
		nla(DEVLINK_ATTR_HEALTH_REPORTER_DUMP_TS_NS, gu64(1796431839519001103))))
	want(t, h, "error", "DEVLINK_ATTR_HEALTH_REPORTER", "DEVLINK_ATTR_HEALTH_REPORTER_STATE")
	want(t, h, "1796431839519001103 (2026-12-05T00:50:39.519001103Z)", "DEVLINK_ATTR_HEALTH_REPORTER", "DEVLINK_ATTR_HEALTH_REPORTER_DUMP_TS_NS")
	if got := formatUnixNano(gu64(1<<63), le); got != "9223372036854775808" {
		t.Errorf("formatUnixNano(1<<63) = %q, want the number alone", got)
	}

	// DEVLINK_ATTR_TRAP_METADATA holds flags of its own enum, from 0.
	trap := genlDecode(t, "devlink", DEVLINK_CMD_TRAP_NEW, eventPID, nla(DEVLINK_ATTR_TRAP_NAME, str("fid_miss")),
		nla(DEVLINK_ATTR_TRAP_METADATA|nlaFNested, nla(0), nla(1)))
	md := find(trap.Attrs, "DEVLINK_ATTR_TRAP_METADATA")
	if md == nil || len(md.Children) != 2 || md.Children[0].Name != "DEVLINK_ATTR_TRAP_METADATA_TYPE_IN_PORT" ||
		md.Children[1].Name != "DEVLINK_ATTR_TRAP_METADATA_TYPE_FA_COOKIE" {
		t.Errorf("DEVLINK_ATTR_TRAP_METADATA = %+v, want IN_PORT and FA_COOKIE", md)
	}
}
