package dissect

import (
	"strings"
	"testing"
)

// taskstatsBytes is struct taskstats as kernel/taskstats.c (fill_stats,
// bacct_add_tsk, delayacct_add_tsk, xacct_add_tsk) fills it for `sleep`,
// pid 42, at the offsets of include/uapi/linux/taskstats.h version 13
// (416 bytes; cpu_count, ac_sched, ac_uid, ac_etime and ac_tgetime are
// __attribute__((aligned(8)))), then extra bytes of a later version.
func taskstatsBytes(extra int) []byte {
	b := make([]byte, 416+extra)
	le.PutUint16(b[0:], 13)           // version
	le.PutUint32(b[4:], 0)            // ac_exitcode
	b[8], b[9] = 0x21, 0              // ac_flag AFORK|AGROUP, ac_nice
	le.PutUint64(b[16:], 5)           // cpu_count
	le.PutUint64(b[24:], 12345)       // cpu_delay_total
	le.PutUint64(b[64:], 1500000)     // cpu_run_real_total
	copy(b[80:], "sleep")             // ac_comm[TS_COMM_LEN]
	b[112] = 0                        // ac_sched SCHED_NORMAL
	le.PutUint32(b[120:], 1000)       // ac_uid
	le.PutUint32(b[124:], 1000)       // ac_gid
	le.PutUint32(b[128:], 42)         // ac_pid
	le.PutUint32(b[132:], 1)          // ac_ppid
	le.PutUint32(b[136:], 1796411398) // ac_btime
	le.PutUint64(b[144:], 1002000)    // ac_etime
	le.PutUint64(b[152:], 1000)       // ac_utime
	le.PutUint64(b[272:], 2)          // nvcsw
	le.PutUint64(b[344:], 1796411398) // ac_btime64
	le.PutUint32(b[368:], 42)         // ac_tgid
	le.PutUint64(b[392:], 0x1234)     // ac_exe_inode
	le.PutUint64(b[408:], 77)         // wpcopy_delay_total
	for i := 416; i < len(b); i++ {
		b[i] = 0xee // a later version's members
	}
	return b
}

func TestTaskstatsStruct(t *testing.T) {
	const v13 = `version=13 ac_flag=AFORK|AGROUP cpu_count=5 cpu_delay_total=12345 cpu_run_real_total=1500000 ac_comm="sleep" ac_sched=SCHED_NORMAL ` +
		"ac_uid=1000 ac_gid=1000 ac_pid=42 ac_ppid=1 ac_btime=1796411398 ac_etime=1002000 ac_utime=1000 nvcsw=2 ac_btime64=1796411398 " +
		"ac_tgid=42 ac_exe_inode=4660 wpcopy_delay_total=77"
	tests := []struct {
		name  string
		stats []byte
		want  string
	}{
		{"version 13", taskstatsBytes(0), v13 + " (34 others 0)"},
		// A later kernel's longer struct: the members past version 13
		// stay bytes.
		{"version 14", func() []byte { b := taskstatsBytes(16); le.PutUint16(b, 14); return b }(),
			strings.Replace(v13, "version=13", "version=14", 1) + " unknown+416=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee (34 others 0)"},
		// Version 1 ends after cpu_run_virtual_total (80 bytes).
		{"version 1", func() []byte { b := taskstatsBytes(0)[:80]; le.PutUint16(b, 1); return b }(),
			"version=1 ac_flag=AFORK|AGROUP cpu_count=5 cpu_delay_total=12345 cpu_run_real_total=1500000 (7 others 0)"},
		{"shorter than version 1", make([]byte, 8), "0000000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := genlDecode(t, "TASKSTATS", TASKSTATS_CMD_NEW, 0,
				nla(TASKSTATS_TYPE_AGGR_PID|nlaFNested, nla(TASKSTATS_TYPE_PID, u32(42)), nla(TASKSTATS_TYPE_STATS, tt.stats)))
			want(t, m, "42", "TASKSTATS_TYPE_AGGR_PID", "TASKSTATS_TYPE_PID")
			want(t, m, tt.want, "TASKSTATS_TYPE_AGGR_PID", "TASKSTATS_TYPE_STATS")
		})
	}
	// Where 64-bit values need alignment, nla_reserve_64bit puts a
	// TASKSTATS_TYPE_NULL pad first.
	m := genlDecode(t, "TASKSTATS", TASKSTATS_CMD_NEW, 0,
		nla(TASKSTATS_TYPE_AGGR_TGID|nlaFNested, nla(TASKSTATS_TYPE_TGID, u32(42)), nla(TASKSTATS_TYPE_NULL), nla(TASKSTATS_TYPE_STATS, taskstatsBytes(0))))
	want(t, m, v13+" (34 others 0)", "TASKSTATS_TYPE_AGGR_TGID", "TASKSTATS_TYPE_STATS")
}

// TestTeamOptionData: TEAM_ATTR_OPTION_DATA takes the type its sibling
// TEAM_ATTR_OPTION_TYPE names (team.c's options in genl-more.pcap: mode a
// string, activeport a u32, enabled a flag, priority an NLA_S32, 14).
func TestTeamOptionData(t *testing.T) {
	item := func(name string, typ byte, data ...[]byte) []byte {
		attrs := [][]byte{nla(1, str(name)), nla(3, gu8(typ))}
		if len(data) > 0 {
			attrs = append(attrs, nla(4, data...))
		}
		return nla(1|nlaFNested, attrs...)
	}
	m := genlDecode(t, "team", 1 /* TEAM_CMD_OPTIONS_SET */, 0,
		nla(1, u32(7)), nla(2|nlaFNested,
			item("mode", 5, str("activebackup")),
			item("activeport", 3, u32(3)),
			item("priority", 14, u32(0xfffffffe)),
			item("queue_id", 16, u32(9))))
	opts := find(m.Attrs, "TEAM_ATTR_LIST_OPTION").Children
	wantData := []struct{ typ, data string }{
		{"NLA_STRING", `"activebackup"`}, {"NLA_U32", "3"}, {"NLA_S32", "-2"}, {"NLA_BITFIELD32", "09000000"},
	}
	if len(opts) != len(wantData) {
		t.Fatalf("%d options, want %d", len(opts), len(wantData))
	}
	for i, w := range wantData {
		typ, data := find(opts[i].Children, "TEAM_ATTR_OPTION_TYPE"), find(opts[i].Children, "TEAM_ATTR_OPTION_DATA")
		if typ == nil || data == nil || typ.Value != w.typ || data.Value != w.data || data.Problem != "" {
			t.Errorf("option %d: type %+v, data %+v, want %s %s", i, typ, data, w.typ, w.data)
		}
	}
	port := genlDecode(t, "team", 3 /* TEAM_CMD_PORT_LIST_GET */, 0, nla(1, u32(7)),
		nla(3|nlaFNested, nla(1|nlaFNested, nla(1, u32(3)), nla(3), nla(4, u32(1000)), nla(5, gu8(1)))))
	want(t, port, "DUPLEX_FULL", "TEAM_ATTR_LIST_PORT", "TEAM_ATTR_ITEM_PORT", "TEAM_ATTR_PORT_DUPLEX")
	want(t, port, "1000", "TEAM_ATTR_LIST_PORT", "TEAM_ATTR_ITEM_PORT", "TEAM_ATTR_PORT_SPEED")
	if teamOptionData([]Attr{{Name: "TEAM_ATTR_OPTION_TYPE", Data: []byte{3, 0}}}) != nil {
		t.Error("a TEAM_ATTR_OPTION_TYPE of 2 bytes picked a type")
	}
}
