package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The overlays of the smaller generic netlink families a 6.1 kernel
// registers. Full attribute types for mptcp_pm, tcp_metrics, TASKSTATS,
// thermal, team, macsec, l2tp and fou (from the headers' comments, quoted
// at each set, and the kernels' nla_policy tables); command and attribute
// names, with the obvious types, for SEG6, IOAM6, psample, gtp and
// VFS_DQUOT; for the families whose enums are not UAPI, names as the
// kernel spells them (NLBL_*: net/netlabel/*.h, genl_netlabel.go;
// acpi_event: drivers/acpi/event.c). NET_DM, the ovs_* families, batadv and
// HSR have files of their own (netdm.go, ovs.go, batadv.go, hsr.go).

// mptcp_pm (include/uapi/linux/mptcp.h):
//
//	MPTCP_PM_ATTR_ADDR,			/* nested address */
//	MPTCP_PM_ATTR_RCV_ADD_ADDRS,		/* u32 */
//	MPTCP_PM_ATTR_SUBFLOWS,			/* u32 */
//	MPTCP_PM_ATTR_TOKEN,			/* u32 */
//	MPTCP_PM_ATTR_LOC_ID,			/* u8 */
//	MPTCP_PM_ATTR_ADDR_REMOTE,		/* nested address */
//
//	MPTCP_PM_ADDR_ATTR_FAMILY,		/* u16 */
//	MPTCP_PM_ADDR_ATTR_ID,			/* u8 */
//	MPTCP_PM_ADDR_ATTR_ADDR4,		/* struct in_addr */
//	MPTCP_PM_ADDR_ATTR_ADDR6,		/* struct in6_addr */
//	MPTCP_PM_ADDR_ATTR_PORT,		/* u16 */
//	MPTCP_PM_ADDR_ATTR_FLAGS,		/* u32 */
//	MPTCP_PM_ADDR_ATTR_IF_IDX,		/* s32 */
//
// The events of group mptcp_pm_events (MPTCP_EVENT_*, numbered apart from
// the commands) carry MPTCP_ATTR_*:
//
//	MPTCP_ATTR_TOKEN,	/* u32 */
//	MPTCP_ATTR_FAMILY,	/* u16 */
//	MPTCP_ATTR_LOC_ID,	/* u8 */
//	MPTCP_ATTR_REM_ID,	/* u8 */
//	MPTCP_ATTR_SADDR4,	/* be32 */
//	MPTCP_ATTR_SADDR6,	/* struct in6_addr */
//	MPTCP_ATTR_DADDR4,	/* be32 */
//	MPTCP_ATTR_DADDR6,	/* struct in6_addr */
//	MPTCP_ATTR_SPORT,	/* be16 */
//	MPTCP_ATTR_DPORT,	/* be16 */
//	MPTCP_ATTR_BACKUP,	/* u8 */
//	MPTCP_ATTR_ERROR,	/* u8 */
//	MPTCP_ATTR_FLAGS,	/* u16 */
//	MPTCP_ATTR_TIMEOUT,	/* u32 */
//	MPTCP_ATTR_IF_IDX,	/* s32 */
//	MPTCP_ATTR_RESET_REASON,/* u32 */
//	MPTCP_ATTR_RESET_FLAGS, /* u32 */
//	MPTCP_ATTR_SERVER_SIDE,	/* u8 */
var (
	mptcpAddrAttrs = genSet("MPTCP_PM_ADDR_ATTR", genMPTCP_PM_ADDR_ATTR,
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_FAMILY", Kind: KindU16, Enum: rtnlAFNames},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_ID", Kind: KindU8},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_ADDR4", Kind: KindAddr},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_ADDR6", Kind: KindAddr},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_PORT", Kind: KindU16},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_FLAGS", Kind: KindU32, Flags: map[uint64]string{
			1: "MPTCP_PM_ADDR_FLAG_SIGNAL", 2: "MPTCP_PM_ADDR_FLAG_SUBFLOW", 4: "MPTCP_PM_ADDR_FLAG_BACKUP",
			8: "MPTCP_PM_ADDR_FLAG_FULLMESH", 16: "MPTCP_PM_ADDR_FLAG_IMPLICIT"}},
		&AttrSpec{Name: "MPTCP_PM_ADDR_ATTR_IF_IDX", Kind: KindS32, Tags: TagIfindex},
	)
	mptcpAttrs = genSet("MPTCP_PM_ATTR", genMPTCP_PM_ATTR,
		&AttrSpec{Name: "MPTCP_PM_ATTR_ADDR", Kind: KindNested, Nested: mptcpAddrAttrs},
		&AttrSpec{Name: "MPTCP_PM_ATTR_RCV_ADD_ADDRS", Kind: KindU32},
		&AttrSpec{Name: "MPTCP_PM_ATTR_SUBFLOWS", Kind: KindU32},
		&AttrSpec{Name: "MPTCP_PM_ATTR_TOKEN", Kind: KindU32},
		&AttrSpec{Name: "MPTCP_PM_ATTR_LOC_ID", Kind: KindU8},
		&AttrSpec{Name: "MPTCP_PM_ATTR_ADDR_REMOTE", Kind: KindNested, Nested: mptcpAddrAttrs},
	)
	mptcpEventAttrs = genSet("MPTCP_ATTR", genMPTCP_ATTR, join(
		specs(KindU32, 0, "MPTCP_ATTR_TOKEN", "MPTCP_ATTR_TIMEOUT", "MPTCP_ATTR_RESET_REASON", "MPTCP_ATTR_RESET_FLAGS"),
		specs(KindU8, 0, "MPTCP_ATTR_LOC_ID", "MPTCP_ATTR_REM_ID", "MPTCP_ATTR_BACKUP", "MPTCP_ATTR_ERROR", "MPTCP_ATTR_SERVER_SIDE"),
		specs(KindAddr, 0, "MPTCP_ATTR_SADDR4", "MPTCP_ATTR_SADDR6", "MPTCP_ATTR_DADDR4", "MPTCP_ATTR_DADDR6"),
		specs(KindBE16, 0, "MPTCP_ATTR_SPORT", "MPTCP_ATTR_DPORT"),
		specs(KindU16, 0, "MPTCP_ATTR_FLAGS"),
		specs(KindS32, TagIfindex, "MPTCP_ATTR_IF_IDX"),
		one(&AttrSpec{Name: "MPTCP_ATTR_FAMILY", Kind: KindU16, Enum: rtnlAFNames}))...)
)

// tcp_metrics (include/uapi/linux/tcp_metrics.h):
//
//	TCP_METRICS_ATTR_ADDR_IPV4,		/* u32 */
//	TCP_METRICS_ATTR_ADDR_IPV6,		/* binary */
//	TCP_METRICS_ATTR_AGE,			/* msecs */
//	TCP_METRICS_ATTR_TW_TSVAL,		/* u32, raw, rcv tsval */
//	TCP_METRICS_ATTR_TW_TS_STAMP,		/* s32, sec age */
//	TCP_METRICS_ATTR_VALS,			/* nested +1, u32 */
//	TCP_METRICS_ATTR_FOPEN_MSS,		/* u16 */
//	TCP_METRICS_ATTR_FOPEN_SYN_DROPS,	/* u16, count of drops */
//	TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS,	/* msecs age */
//	TCP_METRICS_ATTR_FOPEN_COOKIE,		/* binary */
//	TCP_METRICS_ATTR_SADDR_IPV4,		/* u32 */
//	TCP_METRICS_ATTR_SADDR_IPV6,		/* binary */
//
// The addresses are in network order (the kernel puts them with
// nla_put_in_addr); the ages are u64 milliseconds; TCP_METRICS_ATTR_VALS
// holds one u32 per metric, of type TCP_METRIC_<name> + 1.
var tcpMetricsAttrs = genSet("TCP_METRICS_ATTR", genTCP_METRICS_ATTR, join(
	specs(KindAddr, 0, "TCP_METRICS_ATTR_ADDR_IPV4", "TCP_METRICS_ATTR_ADDR_IPV6", "TCP_METRICS_ATTR_SADDR_IPV4", "TCP_METRICS_ATTR_SADDR_IPV6"),
	specs(KindU64, TagVolatile, "TCP_METRICS_ATTR_AGE", "TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS"),
	specs(KindU32, TagVolatile, "TCP_METRICS_ATTR_TW_TSVAL"),
	specs(KindS32, TagVolatile, "TCP_METRICS_ATTR_TW_TS_STAMP"),
	specs(KindU16, 0, "TCP_METRICS_ATTR_FOPEN_MSS", "TCP_METRICS_ATTR_FOPEN_SYN_DROPS"),
	one(&AttrSpec{Name: "TCP_METRICS_ATTR_VALS", Kind: KindNested, Nested: tcpMetricVals}))...)

// tcpMetricVals names the members of TCP_METRICS_ATTR_VALS: enum
// tcp_metric_index + 1, each a u32.
var tcpMetricVals = func() *AttrSet {
	s := &AttrSet{Name: "TCP_METRIC", Attrs: map[uint16]*AttrSpec{}}
	for _, c := range genTCP_METRIC {
		s.Attrs[uint16(c.Value)+1] = &AttrSpec{Name: c.Name, Kind: KindU32}
	}
	return s
}()

// TASKSTATS (include/uapi/linux/taskstats.h, cgroupstats.h). Requests carry
// TASKSTATS_CMD_ATTR_* (a pid or tgid u32, a cpumask string); replies
// TASKSTATS_TYPE_* (AGGR_PID and AGGR_TGID nest a PID or TGID and STATS,
// struct taskstats field by field). The family shares the numbers 1 of
// TASKSTATS_CMD_ATTR_PID and TASKSTATS_TYPE_PID: requests and replies are
// told apart by NLM_F_REQUEST.
var (
	// taskstatsStruct is struct taskstats of include/uapi/linux/taskstats.h
	// version 13 (TASKSTATS_VERSION of 6.1, 416 bytes); ac_pad is left out.
	// cpu_count, ac_sched, ac_uid, ac_etime and ac_tgetime are
	// __attribute__((aligned(8))), so that the layout is the same on
	// 32-bit and 64-bit kernels: the offsets below are that layout (what
	// offsetof gives). The kernel sends sizeof(struct taskstats) of its
	// own version: a shorter payload ends with the members of its version
	// (version 1 ends after cpu_run_virtual_total, 80 bytes; shorter is
	// printed in hex); a later version's members stay bytes
	// ("unknown+416").
	//
	//	struct taskstats {
	//		__u16	version;
	//		__u32	ac_exitcode;		/* Exit status */
	//		__u8	ac_flag;		/* Record flags */
	//		__u8	ac_nice;		/* task_nice */
	//		__u64	cpu_count __attribute__((aligned(8)));
	//		__u64	cpu_delay_total;
	//		__u64	blkio_count, blkio_delay_total, swapin_count, swapin_delay_total;
	//		__u64	cpu_run_real_total, cpu_run_virtual_total;
	//		/* version 1 ends here */
	//		char	ac_comm[TS_COMM_LEN];	/* Command name */
	//		__u8	ac_sched __attribute__((aligned(8)));
	//		__u8	ac_pad[3];
	//		__u32	ac_uid __attribute__((aligned(8)));
	//		__u32	ac_gid, ac_pid, ac_ppid;
	//		__u32	ac_btime;		/* Begin time [sec since 1970] */
	//		__u64	ac_etime __attribute__((aligned(8)));
	//		__u64	ac_utime, ac_stime, ac_minflt, ac_majflt, coremem, virtmem, hiwater_rss, hiwater_vm;
	//		__u64	read_char, write_char, read_syscalls, write_syscalls;
	//		__u64	read_bytes, write_bytes, cancelled_write_bytes, nvcsw, nivcsw;
	//		__u64	ac_utimescaled, ac_stimescaled, cpu_scaled_run_real_total;
	//		__u64	freepages_count, freepages_delay_total, thrashing_count, thrashing_delay_total;
	//		__u64	ac_btime64, compact_count, compact_delay_total;
	//		__u32	ac_tgid;
	//		__u64	ac_tgetime __attribute__((aligned(8)));
	//		__u64	ac_exe_dev, ac_exe_inode, wpcopy_count, wpcopy_delay_total;
	//	};
	taskstatsStruct = cstruct("taskstats", 80, concat(
		[]member{mu16("version", 0), mu32("ac_exitcode", 4), mu8("ac_flag", 8).bits(acctFlags), mu8("ac_nice", 9)},
		u64Members(16, "cpu_count", "cpu_delay_total", "blkio_count", "blkio_delay_total", "swapin_count",
			"swapin_delay_total", "cpu_run_real_total", "cpu_run_virtual_total"),
		[]member{{name: "ac_comm", off: 80, kind: mString, size: 32}, mu8("ac_sched", 112).named(schedPolicies),
			mu32("ac_uid", 120), mu32("ac_gid", 124), mu32("ac_pid", 128), mu32("ac_ppid", 132), mu32("ac_btime", 136)},
		u64Members(144, "ac_etime", "ac_utime", "ac_stime", "ac_minflt", "ac_majflt", "coremem", "virtmem",
			"hiwater_rss", "hiwater_vm", "read_char", "write_char", "read_syscalls", "write_syscalls", "read_bytes",
			"write_bytes", "cancelled_write_bytes", "nvcsw", "nivcsw", "ac_utimescaled", "ac_stimescaled",
			"cpu_scaled_run_real_total", "freepages_count", "freepages_delay_total", "thrashing_count",
			"thrashing_delay_total", "ac_btime64", "compact_count", "compact_delay_total"),
		[]member{mu32("ac_tgid", 368)},
		u64Members(376, "ac_tgetime", "ac_exe_dev", "ac_exe_inode", "wpcopy_count", "wpcopy_delay_total"),
	)...)
	// acctFlags names ac_flag's bits (include/uapi/linux/acct.h).
	acctFlags = map[uint64]string{0x01: "AFORK", 0x02: "ASU", 0x04: "ACOMPAT", 0x08: "ACORE", 0x10: "AXSIG", 0x20: "AGROUP"}
	// schedPolicies names ac_sched (include/uapi/linux/sched.h SCHED_*).
	schedPolicies = map[uint64]string{0: "SCHED_NORMAL", 1: "SCHED_FIFO", 2: "SCHED_RR", 3: "SCHED_BATCH", 5: "SCHED_IDLE", 6: "SCHED_DEADLINE"}

	taskstatsTypeAttrs = func() *AttrSet {
		s := genSet("TASKSTATS_TYPE", genTASKSTATS_TYPE, join(
			specs(KindU32, 0, "TASKSTATS_TYPE_PID", "TASKSTATS_TYPE_TGID"),
			one(structA("TASKSTATS_TYPE_STATS", taskstatsStruct).tag(TagVolatile)),
			specs(KindFlag, 0, "TASKSTATS_TYPE_NULL"))...)
		nestSelf(s, genTASKSTATS_TYPE, "TASKSTATS_TYPE_AGGR_PID", "TASKSTATS_TYPE_AGGR_TGID")
		return s
	}()
	taskstatsCmdAttrs = genSet("TASKSTATS_CMD_ATTR", genTASKSTATS_CMD_ATTR, join(
		specs(KindU32, 0, "TASKSTATS_CMD_ATTR_PID", "TASKSTATS_CMD_ATTR_TGID"),
		specs(KindString, 0, "TASKSTATS_CMD_ATTR_REGISTER_CPUMASK", "TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK"))...)
	// CGROUPSTATS_CMD_ATTR_FD: u32; CGROUPSTATS_TYPE_CGROUP_STATS: struct cgroupstats.
	cgroupstatsCmdAttrs = genSet("CGROUPSTATS_CMD_ATTR", genCGROUPSTATS_CMD_ATTR, specs(KindU32, 0, "CGROUPSTATS_CMD_ATTR_FD")...)
	cgroupstatsAttrs    = genSet("CGROUPSTATS_TYPE", genCGROUPSTATS_TYPE, specs(KindBinary, TagVolatile, "CGROUPSTATS_TYPE_CGROUP_STATS")...)
)

// thermal (include/uapi/linux/thermal.h; types from
// drivers/thermal/thermal_netlink.c, thermal_genl_policy): ids, temperatures
// (millidegrees Celsius, signed), states and weights are u32 or s32, names
// strings, THERMAL_GENL_ATTR_TZ, _TZ_TRIP, _TZ_GOV, _CDEV and
// _CPU_CAPABILITY nests of the same set.
var thermalAttrs = func() *AttrSet {
	s := genSet("THERMAL_GENL_ATTR", genTHERMAL_GENL_ATTR, join(
		specs(KindU32, 0, "THERMAL_GENL_ATTR_TZ_ID", "THERMAL_GENL_ATTR_TZ_TRIP_ID", "THERMAL_GENL_ATTR_TZ_MODE",
			"THERMAL_GENL_ATTR_TZ_CDEV_WEIGHT", "THERMAL_GENL_ATTR_CDEV_ID", "THERMAL_GENL_ATTR_CDEV_CUR_STATE",
			"THERMAL_GENL_ATTR_CDEV_MAX_STATE", "THERMAL_GENL_ATTR_CPU_CAPABILITY_ID",
			"THERMAL_GENL_ATTR_CPU_CAPABILITY_PERFORMANCE", "THERMAL_GENL_ATTR_CPU_CAPABILITY_EFFICIENCY"),
		specs(KindS32, TagVolatile, "THERMAL_GENL_ATTR_TZ_TEMP"),
		specs(KindS32, 0, "THERMAL_GENL_ATTR_TZ_TRIP_TEMP", "THERMAL_GENL_ATTR_TZ_TRIP_HYST"),
		specs(KindString, 0, "THERMAL_GENL_ATTR_TZ_NAME", "THERMAL_GENL_ATTR_TZ_GOV_NAME", "THERMAL_GENL_ATTR_CDEV_NAME", "THERMAL_GENL_ATTR_GOV_NAME"),
		one(&AttrSpec{Name: "THERMAL_GENL_ATTR_TZ_TRIP_TYPE", Kind: KindU32, Enum: genTHERMAL_TRIP.names()}))...)
	nestSelf(s, genTHERMAL_GENL_ATTR, "THERMAL_GENL_ATTR_TZ", "THERMAL_GENL_ATTR_TZ_TRIP", "THERMAL_GENL_ATTR_TZ_GOV", "THERMAL_GENL_ATTR_CDEV",
		"THERMAL_GENL_ATTR_CPU_CAPABILITY")
	return s
}()

// thermalCmdKinds: every command of thermal_genl_ops reads (TZ_GET_ID and
// CDEV_GET are dumps, the others ask about one zone).
func thermalCmdKinds() map[uint8]MsgKind {
	m := map[uint8]MsgKind{}
	for c := range genTHERMAL_GENL_CMD.cmdNames() {
		if c != 0 {
			m[c] = MsgGet
		}
	}
	return m
}

// thermalDumpReply tells the replies of the TZ_GET_ID and CDEV_GET dumps,
// which the kernel sends with port id 0 and sequence 0 like its events
// (drivers/thermal/thermal_netlink.c, 6.1, thermal_genl_cmd_dumpit:
// `hdr = genlmsg_put(skb, 0, 0, &thermal_gnl_family, 0, cmd);`), from the
// events of the same numbers (THERMAL_GENL_EVENT_TZ_CREATE = 1,
// THERMAL_GENL_EVENT_TZ_TRIP_DOWN = 6, as CDEV_GET): a reply's first attribute is the
// THERMAL_GENL_ATTR_TZ or THERMAL_GENL_ATTR_CDEV nest, which no event
// carries (they start with THERMAL_GENL_ATTR_TZ_ID or _CDEV_ID).
func thermalDumpReply(p []byte, order binary.ByteOrder) bool {
	if len(p) < genlHdrLen+4 {
		return false
	}
	typ := order.Uint16(p[genlHdrLen+2:]) &^ (NLA_F_NESTED | NLA_F_NET_BYTEORDER)
	return p[0] == THERMAL_GENL_CMD_TZ_GET_ID && typ == THERMAL_GENL_ATTR_TZ ||
		p[0] == THERMAL_GENL_CMD_CDEV_GET && typ == THERMAL_GENL_ATTR_CDEV
}

// team (include/uapi/linux/if_team.h):
//
//	TEAM_ATTR_TEAM_IFINDEX,		/* u32 */
//	TEAM_ATTR_LIST_OPTION,		/* nest */
//	TEAM_ATTR_LIST_PORT,		/* nest */
//	TEAM_ATTR_ITEM_OPTION,		/* nest */
//	TEAM_ATTR_OPTION_NAME,		/* string */
//	TEAM_ATTR_OPTION_CHANGED,	/* flag */
//	TEAM_ATTR_OPTION_TYPE,		/* u8 */
//	TEAM_ATTR_OPTION_DATA,		/* dynamic */
//	TEAM_ATTR_OPTION_REMOVED,	/* flag */
//	TEAM_ATTR_OPTION_PORT_IFINDEX,	/* u32 */ /* for per-port options */
//	TEAM_ATTR_OPTION_ARRAY_INDEX,	/* u32 */ /* for array options */
//	TEAM_ATTR_ITEM_PORT,		/* nest */
//	TEAM_ATTR_PORT_IFINDEX,		/* u32 */
//	TEAM_ATTR_PORT_CHANGED,		/* flag */
//	TEAM_ATTR_PORT_LINKUP,		/* flag */
//	TEAM_ATTR_PORT_SPEED,		/* u32 */
//	TEAM_ATTR_PORT_DUPLEX,		/* u8 */
//	TEAM_ATTR_PORT_REMOVED,		/* flag */
//
// TEAM_ATTR_OPTION_DATA is typed by the sibling TEAM_ATTR_OPTION_TYPE, which
// drivers/net/team/team.c fills with the kernel's NLA_* attribute type of
// the option (NLA_U32, NLA_STRING, NLA_BINARY, NLA_FLAG, NLA_S32; teamnl
// sends NLA_U8 too): teamOptionData.
var (
	teamOptionAttrs = genSet("TEAM_ATTR_OPTION", genTEAM_ATTR_OPTION,
		&AttrSpec{Name: "TEAM_ATTR_OPTION_NAME", Kind: KindString},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_CHANGED", Kind: KindFlag},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_TYPE", Kind: KindU8, Enum: teamOptionTypes},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_DATA", Kind: KindCustom, Format: hexFormat, SelectSpec: teamOptionData},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_REMOVED", Kind: KindFlag},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_PORT_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "TEAM_ATTR_OPTION_ARRAY_INDEX", Kind: KindU32},
	)
	teamPortAttrs = genSet("TEAM_ATTR_PORT", genTEAM_ATTR_PORT,
		&AttrSpec{Name: "TEAM_ATTR_PORT_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "TEAM_ATTR_PORT_CHANGED", Kind: KindFlag},
		&AttrSpec{Name: "TEAM_ATTR_PORT_LINKUP", Kind: KindFlag},
		&AttrSpec{Name: "TEAM_ATTR_PORT_SPEED", Kind: KindU32},
		// The port's ethtool duplex (linux/ethtool.h DUPLEX_*; teamnl
		// prints HD/FD).
		&AttrSpec{Name: "TEAM_ATTR_PORT_DUPLEX", Kind: KindU8, Enum: genETHTOOL_DUPLEX.names()},
		&AttrSpec{Name: "TEAM_ATTR_PORT_REMOVED", Kind: KindFlag},
	)
	teamAttrs = genSet("TEAM_ATTR", genTEAM_ATTR,
		&AttrSpec{Name: "TEAM_ATTR_TEAM_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "TEAM_ATTR_LIST_OPTION", Kind: KindNested, Nested: genSet("TEAM_ATTR_ITEM_OPTION", genTEAM_ATTR_ITEM_OPTION,
			&AttrSpec{Name: "TEAM_ATTR_ITEM_OPTION", Kind: KindNested, Nested: teamOptionAttrs})},
		&AttrSpec{Name: "TEAM_ATTR_LIST_PORT", Kind: KindNested, Nested: genSet("TEAM_ATTR_ITEM_PORT", genTEAM_ATTR_ITEM_PORT,
			&AttrSpec{Name: "TEAM_ATTR_ITEM_PORT", Kind: KindNested, Nested: teamPortAttrs})},
	)
	// teamOptionTypes: the NLA_* values team.c puts in TEAM_ATTR_OPTION_TYPE
	// (include/net/netlink.h, 6.1; S32 is 14, as team0's "priority" option
	// reads in genl-more.pcap):
	//
	//	enum {
	//		NLA_UNSPEC, NLA_U8, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_FLAG,
	//		NLA_MSECS, NLA_NESTED, NLA_NESTED_ARRAY, NLA_NUL_STRING, NLA_BINARY,
	//		NLA_S8, NLA_S16, NLA_S32, NLA_S64, NLA_BITFIELD32, NLA_REJECT,
	//		NLA_BE16, NLA_BE32, __NLA_TYPE_MAX,
	//	};
	teamOptionTypes = map[uint64]string{0: "NLA_UNSPEC", 1: "NLA_U8", 2: "NLA_U16", 3: "NLA_U32", 4: "NLA_U64", 5: "NLA_STRING",
		6: "NLA_FLAG", 7: "NLA_MSECS", 8: "NLA_NESTED", 9: "NLA_NESTED_ARRAY", 10: "NLA_NUL_STRING", 11: "NLA_BINARY",
		12: "NLA_S8", 13: "NLA_S16", 14: "NLA_S32", 15: "NLA_S64", 16: "NLA_BITFIELD32", 17: "NLA_REJECT", 18: "NLA_BE16", 19: "NLA_BE32"}
	// teamOptionDataSpecs types TEAM_ATTR_OPTION_DATA by TEAM_ATTR_OPTION_TYPE
	// (the types team.c and teamnl use; others stay hex).
	teamOptionDataSpecs = map[byte]*AttrSpec{
		1:  {Name: "TEAM_ATTR_OPTION_DATA", Kind: KindU8},
		3:  {Name: "TEAM_ATTR_OPTION_DATA", Kind: KindU32},
		5:  {Name: "TEAM_ATTR_OPTION_DATA", Kind: KindString},
		6:  {Name: "TEAM_ATTR_OPTION_DATA", Kind: KindFlag},
		14: {Name: "TEAM_ATTR_OPTION_DATA", Kind: KindS32},
	}
)

// hexFormat prints a payload in hex (TEAM_ATTR_OPTION_DATA, whose type the
// sibling TEAM_ATTR_OPTION_TYPE gives).
func hexFormat(b []byte, _ binary.ByteOrder) string { return hexString(b) }

// macsec (include/uapi/linux/if_macsec.h):
//
//	MACSEC_ATTR_IFINDEX,     /* u32, ifindex of the MACsec netdevice */
//	MACSEC_ATTR_RXSC_CONFIG, /* config, nested macsec_rxsc_attrs */
//	MACSEC_ATTR_SA_CONFIG,   /* config, nested macsec_sa_attrs */
//	MACSEC_ATTR_SECY,        /* dump, nested macsec_secy_attrs */
//	MACSEC_ATTR_TXSA_LIST,   /* dump, nested, macsec_sa_attrs for each TXSA */
//	MACSEC_ATTR_RXSC_LIST,   /* dump, nested, macsec_rxsc_attrs for each RXSC */
//	MACSEC_ATTR_TXSC_STATS,  /* dump, nested, macsec_txsc_stats_attr */
//	MACSEC_ATTR_SECY_STATS,  /* dump, nested, macsec_secy_stats_attr */
//	MACSEC_ATTR_OFFLOAD,     /* config, nested, macsec_offload_attrs */
//
//	MACSEC_SA_ATTR_KEY,    /* config, data */
//
// The SCI (sci_t, __be64: MAC address and port) prints in hex as ip(8)
// shows it; MACSEC_SA_ATTR_KEY and _SALT are secrets.
var (
	macsecSAAttrs = genSet("MACSEC_SA_ATTR", genMACSEC_SA_ATTR,
		&AttrSpec{Name: "MACSEC_SA_ATTR_AN", Kind: KindU8},
		&AttrSpec{Name: "MACSEC_SA_ATTR_ACTIVE", Kind: KindU8},
		&AttrSpec{Name: "MACSEC_SA_ATTR_PN", Kind: KindCustom, Format: formatUint32or64, Tags: TagVolatile},
		&AttrSpec{Name: "MACSEC_SA_ATTR_KEY", Kind: KindBinary, Tags: TagSecret},
		&AttrSpec{Name: "MACSEC_SA_ATTR_KEYID", Kind: KindBinary},
		&AttrSpec{Name: "MACSEC_SA_ATTR_STATS", Kind: KindNested, Nested: macsecCounters("MACSEC_SA_STATS_ATTR", genMACSEC_SA_STATS_ATTR, KindU32)},
		&AttrSpec{Name: "MACSEC_SA_ATTR_SSCI", Kind: KindU32},
		&AttrSpec{Name: "MACSEC_SA_ATTR_SALT", Kind: KindBinary, Tags: TagSecret},
	)
	macsecRXSCAttrs = genSet("MACSEC_RXSC_ATTR", genMACSEC_RXSC_ATTR,
		&AttrSpec{Name: "MACSEC_RXSC_ATTR_SCI", Kind: KindBinary},
		&AttrSpec{Name: "MACSEC_RXSC_ATTR_ACTIVE", Kind: KindU8},
		&AttrSpec{Name: "MACSEC_RXSC_ATTR_SA_LIST", Kind: KindNestedArray, Nested: macsecSAAttrs},
		&AttrSpec{Name: "MACSEC_RXSC_ATTR_STATS", Kind: KindNested, Nested: macsecCounters("MACSEC_RXSC_STATS_ATTR", genMACSEC_RXSC_STATS_ATTR, KindU64)},
	)
	macsecSecyAttrs = genSet("MACSEC_SECY_ATTR", genMACSEC_SECY_ATTR, join(
		one(&AttrSpec{Name: "MACSEC_SECY_ATTR_SCI", Kind: KindBinary},
			&AttrSpec{Name: "MACSEC_SECY_ATTR_CIPHER_SUITE", Kind: KindU64, Format: formatHex64},
			&AttrSpec{Name: "MACSEC_SECY_ATTR_WINDOW", Kind: KindU32}),
		specs(KindU8, 0, "MACSEC_SECY_ATTR_ENCODING_SA", "MACSEC_SECY_ATTR_ICV_LEN", "MACSEC_SECY_ATTR_PROTECT", "MACSEC_SECY_ATTR_REPLAY",
			"MACSEC_SECY_ATTR_OPER", "MACSEC_SECY_ATTR_VALIDATE", "MACSEC_SECY_ATTR_ENCRYPT", "MACSEC_SECY_ATTR_INC_SCI", "MACSEC_SECY_ATTR_ES", "MACSEC_SECY_ATTR_SCB"))...)
	macsecAttrs = genSet("MACSEC_ATTR", genMACSEC_ATTR,
		&AttrSpec{Name: "MACSEC_ATTR_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "MACSEC_ATTR_RXSC_CONFIG", Kind: KindNested, Nested: macsecRXSCAttrs},
		&AttrSpec{Name: "MACSEC_ATTR_SA_CONFIG", Kind: KindNested, Nested: macsecSAAttrs},
		&AttrSpec{Name: "MACSEC_ATTR_SECY", Kind: KindNested, Nested: macsecSecyAttrs},
		&AttrSpec{Name: "MACSEC_ATTR_TXSA_LIST", Kind: KindNestedArray, Nested: macsecSAAttrs},
		&AttrSpec{Name: "MACSEC_ATTR_RXSC_LIST", Kind: KindNestedArray, Nested: macsecRXSCAttrs},
		&AttrSpec{Name: "MACSEC_ATTR_TXSC_STATS", Kind: KindNested, Nested: macsecCounters("MACSEC_TXSC_STATS_ATTR", genMACSEC_TXSC_STATS_ATTR, KindU64)},
		&AttrSpec{Name: "MACSEC_ATTR_SECY_STATS", Kind: KindNested, Nested: macsecCounters("MACSEC_SECY_STATS_ATTR", genMACSEC_SECY_STATS_ATTR, KindU64)},
		&AttrSpec{Name: "MACSEC_ATTR_OFFLOAD", Kind: KindNested, Nested: genSet("MACSEC_OFFLOAD_ATTR", genMACSEC_OFFLOAD_ATTR,
			specs(KindU8, 0, "MACSEC_OFFLOAD_ATTR_TYPE")...)},
	)
)

// macsecCounters types the counters of g (all but _PAD) as volatile
// integers of kind k (the SA counters are u32, the others u64).
func macsecCounters(name string, g uapiGroup, k ValueKind) *AttrSet {
	var names []string
	for _, c := range g {
		if !strings.HasSuffix(c.Name, "_PAD") {
			names = append(names, c.Name)
		}
	}
	return genSet(name, g, specs(k, TagVolatile, names...)...)
}

// formatHex64 prints a u64 as 0x-prefixed hex (MACsec cipher suite ids).
func formatHex64(b []byte, order binary.ByteOrder) string {
	if len(b) != 8 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(order.Uint64(b), 16)
}

// formatUint32or64 prints a u32 or u64 (MACSEC_SA_ATTR_PN: "u32/u64 (u64
// if XPN)").
func formatUint32or64(b []byte, order binary.ByteOrder) string {
	switch len(b) {
	case 4:
		return strconv.FormatUint(uint64(order.Uint32(b)), 10)
	case 8:
		return strconv.FormatUint(order.Uint64(b), 10)
	}
	return hexString(b)
}

// l2tp (include/uapi/linux/l2tp.h; the comments give the types). The
// IPv4 addresses are network order (nla_put_in_addr), the UDP ports host
// order, the cookies 0, 4 or 8 bytes of hex.
var l2tpAttrs = genSet("L2TP_ATTR", genL2TP_ATTR, join(
	one(&AttrSpec{Name: "L2TP_ATTR_PW_TYPE", Kind: KindU16, Enum: genL2TP_PWTYPE.names()},
		&AttrSpec{Name: "L2TP_ATTR_ENCAP_TYPE", Kind: KindU16, Enum: genL2TP_ENCAPTYPE.names()},
		&AttrSpec{Name: "L2TP_ATTR_L2SPEC_TYPE", Kind: KindU8, Enum: genL2TP_L2SPECTYPE.names()},
		&AttrSpec{Name: "L2TP_ATTR_DEBUG", Kind: KindU32, Flags: genL2TP_MSG.names()},
		&AttrSpec{Name: "L2TP_ATTR_STATS", Kind: KindNested, Nested: genSet("L2TP_ATTR_STATS", genL2TP_ATTR_STATS,
			specs(KindU64, TagVolatile, "L2TP_ATTR_TX_PACKETS", "L2TP_ATTR_TX_BYTES", "L2TP_ATTR_TX_ERRORS", "L2TP_ATTR_RX_PACKETS",
				"L2TP_ATTR_RX_BYTES", "L2TP_ATTR_RX_SEQ_DISCARDS", "L2TP_ATTR_RX_OOS_PACKETS", "L2TP_ATTR_RX_ERRORS",
				"L2TP_ATTR_RX_COOKIE_DISCARDS", "L2TP_ATTR_RX_INVALID")...)}),
	specs(KindU16, 0, "L2TP_ATTR_OFFSET", "L2TP_ATTR_DATA_SEQ", "L2TP_ATTR_VLAN_ID", "L2TP_ATTR_UDP_SPORT", "L2TP_ATTR_UDP_DPORT", "L2TP_ATTR_MTU", "L2TP_ATTR_MRU"),
	specs(KindU8, 0, "L2TP_ATTR_L2SPEC_LEN", "L2TP_ATTR_PROTO_VERSION", "L2TP_ATTR_UDP_CSUM", "L2TP_ATTR_RECV_SEQ", "L2TP_ATTR_SEND_SEQ", "L2TP_ATTR_LNS_MODE", "L2TP_ATTR_USING_IPSEC"),
	specs(KindString, 0, "L2TP_ATTR_IFNAME"),
	specs(KindU32, 0, "L2TP_ATTR_CONN_ID", "L2TP_ATTR_PEER_CONN_ID", "L2TP_ATTR_SESSION_ID", "L2TP_ATTR_PEER_SESSION_ID", "L2TP_ATTR_FD"),
	specs(KindU64, 0, "L2TP_ATTR_RECV_TIMEOUT"),
	specs(KindAddr, 0, "L2TP_ATTR_IP_SADDR", "L2TP_ATTR_IP_DADDR", "L2TP_ATTR_IP6_SADDR", "L2TP_ATTR_IP6_DADDR"),
	specs(KindFlag, 0, "L2TP_ATTR_UDP_ZERO_CSUM6_TX", "L2TP_ATTR_UDP_ZERO_CSUM6_RX"))...)

// fou (include/uapi/linux/fou.h; ports are __be16 and addresses network
// order in net/ipv4/fou_core.c, fou_nl_policy):
//
//	FOU_ATTR_PORT,				/* u16 */
//	FOU_ATTR_AF,				/* u8 */
//	FOU_ATTR_IPPROTO,			/* u8 */
//	FOU_ATTR_TYPE,				/* u8 */
//	FOU_ATTR_REMCSUM_NOPARTIAL,		/* flag */
//	FOU_ATTR_LOCAL_V4,			/* u32 */
//	FOU_ATTR_LOCAL_V6,			/* in6_addr */
//	FOU_ATTR_PEER_V4,			/* u32 */
//	FOU_ATTR_PEER_V6,			/* in6_addr */
//	FOU_ATTR_PEER_PORT,			/* u16 */
//	FOU_ATTR_IFINDEX,			/* s32 */
var fouAttrs = genSet("FOU_ATTR", genFOU_ATTR, join(
	specs(KindBE16, 0, "FOU_ATTR_PORT", "FOU_ATTR_PEER_PORT"),
	one(&AttrSpec{Name: "FOU_ATTR_AF", Kind: KindU8, Enum: rtnlAFNames},
		&AttrSpec{Name: "FOU_ATTR_TYPE", Kind: KindU8, Enum: genFOU_ENCAP.names()},
		&AttrSpec{Name: "FOU_ATTR_IFINDEX", Kind: KindS32, Tags: TagIfindex}),
	specs(KindU8, 0, "FOU_ATTR_IPPROTO"),
	specs(KindFlag, 0, "FOU_ATTR_REMCSUM_NOPARTIAL"),
	specs(KindAddr, 0, "FOU_ATTR_LOCAL_V4", "FOU_ATTR_LOCAL_V6", "FOU_ATTR_PEER_V4", "FOU_ATTR_PEER_V6"))...)

// SEG6 (include/uapi/linux/seg6_genl.h; net/ipv6/seg6.c, seg6_genl_policy):
// the HMAC secret is a secret.
var seg6Attrs = genSet("SEG6_ATTR", genSEG6_ATTR, join(
	specs(KindAddr, 0, "SEG6_ATTR_DST"),
	specs(KindS32, 0, "SEG6_ATTR_DSTLEN"),
	specs(KindU32, 0, "SEG6_ATTR_HMACKEYID"),
	specs(KindBinary, TagSecret, "SEG6_ATTR_SECRET"),
	specs(KindU8, 0, "SEG6_ATTR_SECRETLEN", "SEG6_ATTR_ALGID"))...)

// IOAM6 (include/uapi/linux/ioam6_genl.h; net/ipv6/ioam6.c).
var ioam6Attrs = genSet("IOAM6_ATTR", genIOAM6_ATTR, join(
	specs(KindU16, 0, "IOAM6_ATTR_NS_ID"),
	specs(KindU32, 0, "IOAM6_ATTR_NS_DATA", "IOAM6_ATTR_SC_ID"),
	specs(KindU64, 0, "IOAM6_ATTR_NS_DATA_WIDE"),
	specs(KindFlag, 0, "IOAM6_ATTR_SC_NONE"))...)

// psample (include/uapi/linux/psample.h; net/psample/psample.c). A
// PSAMPLE_CMD_SAMPLE (psample_sample_packet) carries the interfaces as
// u16, PSAMPLE_ATTR_TIMESTAMP as ktime_get_real() in nanoseconds (u64,
// padded by PSAMPLE_ATTR_PAD), PSAMPLE_ATTR_PROTO as
// be16_to_cpu(skb->protocol) (host order: an ETH_P_* name), the packet
// from its MAC header in PSAMPLE_ATTR_DATA and the tunnel key in
// PSAMPLE_ATTR_TUNNEL (PSAMPLE_TUNNEL_KEY_ATTR_*, put as OVS puts its
// tunnel keys); a group message (psample_group_nl_fill) its number,
// refcount and sequence.
var (
	psampleTunnelAttrs = genSet("PSAMPLE_TUNNEL_KEY_ATTR", genPSAMPLE_TUNNEL_KEY_ATTR, join(
		one(&AttrSpec{Name: "PSAMPLE_TUNNEL_KEY_ATTR_ID", Kind: KindBE64, Format: formatBEHex}),
		specs(KindAddr, 0, "PSAMPLE_TUNNEL_KEY_ATTR_IPV4_SRC", "PSAMPLE_TUNNEL_KEY_ATTR_IPV4_DST", "PSAMPLE_TUNNEL_KEY_ATTR_IPV6_SRC", "PSAMPLE_TUNNEL_KEY_ATTR_IPV6_DST"),
		specs(KindU8, 0, "PSAMPLE_TUNNEL_KEY_ATTR_TOS", "PSAMPLE_TUNNEL_KEY_ATTR_TTL"),
		specs(KindFlag, 0, "PSAMPLE_TUNNEL_KEY_ATTR_DONT_FRAGMENT", "PSAMPLE_TUNNEL_KEY_ATTR_CSUM", "PSAMPLE_TUNNEL_KEY_ATTR_OAM", "PSAMPLE_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE"),
		specs(KindBE16, 0, "PSAMPLE_TUNNEL_KEY_ATTR_TP_SRC", "PSAMPLE_TUNNEL_KEY_ATTR_TP_DST"),
		specs(KindBinary, 0, "PSAMPLE_TUNNEL_KEY_ATTR_GENEVE_OPTS", "PSAMPLE_TUNNEL_KEY_ATTR_VXLAN_OPTS", "PSAMPLE_TUNNEL_KEY_ATTR_ERSPAN_OPTS", "PSAMPLE_TUNNEL_KEY_ATTR_PAD"))...)
	psampleAttrs = genSet("PSAMPLE_ATTR", genPSAMPLE_ATTR, join(
		specs(KindU16, TagIfindex, "PSAMPLE_ATTR_IIFINDEX", "PSAMPLE_ATTR_OIFINDEX"),
		specs(KindU32, 0, "PSAMPLE_ATTR_ORIGSIZE", "PSAMPLE_ATTR_SAMPLE_GROUP", "PSAMPLE_ATTR_SAMPLE_RATE", "PSAMPLE_ATTR_GROUP_REFCOUNT"),
		specs(KindU32, TagVolatile, "PSAMPLE_ATTR_GROUP_SEQ"),
		one(&AttrSpec{Name: "PSAMPLE_ATTR_TIMESTAMP", Kind: KindU64, Format: formatUnixNano, Tags: TagVolatile},
			&AttrSpec{Name: "PSAMPLE_ATTR_PROTO", Kind: KindU16, Enum: ethPNames},
			&AttrSpec{Name: "PSAMPLE_ATTR_TUNNEL", Kind: KindNested, Nested: psampleTunnelAttrs}),
		specs(KindU16, 0, "PSAMPLE_ATTR_OUT_TC"),
		specs(KindU64, 0, "PSAMPLE_ATTR_OUT_TC_OCC", "PSAMPLE_ATTR_LATENCY"),
		specs(KindBinary, 0, "PSAMPLE_ATTR_DATA", "PSAMPLE_ATTR_PAD"))...)
)

// gtp (include/uapi/linux/gtp.h; drivers/net/gtp.c, gtp_genl_policy and
// gtp_genl_fill_info): the version named (GTP_V0, GTP_V1), the addresses
// big-endian IPv4, GTPA_TID put with nla_put_u64_64bit (GTPA_PAD).
var gtpAttrs = genSet("GTPA", genGTPA, join(
	specs(KindU32, TagIfindex, "GTPA_LINK"),
	one(&AttrSpec{Name: "GTPA_VERSION", Kind: KindU32, Enum: genGTP_VERSION.names()}),
	specs(KindU32, 0, "GTPA_NET_NS_FD", "GTPA_I_TEI", "GTPA_O_TEI"),
	one(&AttrSpec{Name: "GTPA_TID", Kind: KindU64, Format: formatHex64}),
	specs(KindAddr, 0, "GTPA_PEER_ADDRESS", "GTPA_MS_ADDRESS"),
	specs(KindU16, 0, "GTPA_FLOW"),
	specs(KindBinary, 0, "GTPA_PAD"))...)

// gtpReplyCommands names gtp's messages from the kernel. Its answers to
// GTP_CMD_GETPDP (gtp_genl_get_pdp, gtp_genl_dump_pdp) carry as genl cmd
// the request's nlmsg_type, the family id (genl-gtp.pcap: cmd 32 for id
// 0x20): gtp_genl_fill_info(..., info->nlhdr->nlmsg_type, pctx). Family
// ids start at GENL_ID_CTRL; the notifications (gtp_tunnel_notify) carry
// GTP_CMD_NEWPDP and GTP_CMD_DELPDP.
func gtpReplyCommands() map[uint8]string {
	m := genGTP_CMD.cmdNames()
	for id := GENL_ID_CTRL; id <= 0xff; id++ {
		m[uint8(id)] = "GTP_CMD_GETPDP"
	}
	return m
}

// VFS_DQUOT (include/uapi/linux/quota.h; fs/quota/netlink.c): quota
// warnings, the quota type and the warning named (QUOTA_NL_BSOFTWARN...),
// the ids a uid, gid or project id as numbers.
var quotaAttrs = genSet("QUOTA_NL_A", genQUOTA_NL_A, join(
	one(&AttrSpec{Name: "QUOTA_NL_A_QTYPE", Kind: KindU32, Enum: quotaTypes},
		&AttrSpec{Name: "QUOTA_NL_A_WARNING", Kind: KindU32, Enum: genQUOTA_NL_WARN.names()}),
	specs(KindU32, 0, "QUOTA_NL_A_DEV_MAJOR", "QUOTA_NL_A_DEV_MINOR"),
	specs(KindU64, 0, "QUOTA_NL_A_EXCESS_ID", "QUOTA_NL_A_CAUSED_ID"))...)

// quotaTypes are the quota types of include/uapi/linux/quota.h, whose
// #defines share no prefix for the generator:
//
//	#define USRQUOTA  0		/* element used for user quotas */
//	#define GRPQUOTA  1		/* element used for group quotas */
//	#define PRJQUOTA  2		/* element used for project quotas */
var quotaTypes = map[uint64]string{0: "USRQUOTA", 1: "GRPQUOTA", 2: "PRJQUOTA"}

// acpiEventAttrs: ACPI_GENL_ATTR_EVENT (1) is struct acpi_genl_event
// (drivers/acpi/event.c): char device_class[20]; char bus_id[15]; u32 type;
// u32 data.
var acpiEventAttrs = &AttrSet{Name: "ACPI_GENL_ATTR", Attrs: map[uint16]*AttrSpec{
	1: {Name: "ACPI_GENL_ATTR_EVENT", Kind: KindCustom, Format: formatACPIEvent},
}}

// formatACPIEvent prints struct acpi_genl_event (44 bytes).
func formatACPIEvent(b []byte, order binary.ByteOrder) string {
	if len(b) < 44 {
		return hexString(b)
	}
	return "device_class=" + quoteString([]byte(cString(b[:20]))) + " bus_id=" + quoteString([]byte(cString(b[20:35]))) +
		" type=0x" + strconv.FormatUint(uint64(order.Uint32(b[36:])), 16) + " data=0x" + strconv.FormatUint(uint64(order.Uint32(b[40:])), 16)
}

// teamOptionData picks the type of TEAM_ATTR_OPTION_DATA from the sibling
// TEAM_ATTR_OPTION_TYPE (nil: hex).
func teamOptionData(siblings []Attr) *AttrSpec {
	for i := range siblings {
		if a := &siblings[i]; a.Name == "TEAM_ATTR_OPTION_TYPE" && a.Problem == "" && len(a.Data) == 1 {
			return teamOptionDataSpecs[a.Data[0]]
		}
	}
	return nil
}

// cmdList names commands 1.. of a family whose enum is not in the UAPI
// headers, as the kernel source spells it.
func cmdList(names ...string) map[uint8]string {
	m := make(map[uint8]string, len(names))
	for i, n := range names {
		m[uint8(i+1)] = n
	}
	return m
}

func init() {
	for _, f := range []*GenlFamilySpec{
		{Name: "mptcp_pm", Commands: genMPTCP_PM_CMD.cmdNames(), CmdKinds: genMPTCP_PM_CMD.cmdKinds(), Attrs: mptcpAttrs,
			EventCommands: genMPTCP_EVENT.cmdNames(), EventAttrs: mptcpEventAttrs},
		{Name: "tcp_metrics", Commands: genTCP_METRICS_CMD.cmdNames(), CmdKinds: genTCP_METRICS_CMD.cmdKinds(), Attrs: tcpMetricsAttrs},
		{Name: "TASKSTATS", Commands: genTASKSTATS_CMD.cmdNames(), CmdKinds: genTASKSTATS_CMD.cmdKinds(), Attrs: taskstatsCmdAttrs,
			// CGROUPSTATS_CMD_GET = 4 shares the family; the kernel answers
			// TASKSTATS_CMD_GET with TASKSTATS_CMD_NEW and CGROUPSTATS_CMD_GET
			// with CGROUPSTATS_CMD_NEW.
			CmdAttrs:      map[uint8]*AttrSet{4: cgroupstatsCmdAttrs},
			ReplyCommands: mergeCmds(genTASKSTATS_CMD.cmdNames(), genCGROUPSTATS_CMD.cmdNames()),
			ReplyCmdAttrs: map[uint8]*AttrSet{1: taskstatsTypeAttrs, 2: taskstatsTypeAttrs, 5: cgroupstatsAttrs}},
		// Replies carry the command they answer (genlmsg_put_reply);
		// events THERMAL_GENL_EVENT_* are numbered apart, and so are the
		// messages of the "sampling" group (thermal_genl_sampling_temp:
		// THERMAL_GENL_SAMPLING_TEMP = 0, which no event uses).
		{Name: "thermal", Commands: genTHERMAL_GENL_CMD.cmdNames(), CmdKinds: thermalCmdKinds(), Attrs: thermalAttrs,
			EventCommands: mergeCmds(genTHERMAL_GENL_SAMPLING.cmdNames(), genTHERMAL_GENL_EVENT.cmdNames()), EventAttrs: thermalAttrs,
			DumpReply: thermalDumpReply},
		{Name: "team", Commands: genTEAM_CMD.cmdNames(), Attrs: teamAttrs},
		{Name: "macsec", Commands: genMACSEC_CMD.cmdNames(), Attrs: macsecAttrs},
		{Name: "l2tp", Commands: genL2TP_CMD.cmdNames(), CmdKinds: genL2TP_CMD.cmdKinds(), Attrs: l2tpAttrs},
		{Name: "fou", Commands: genFOU_CMD.cmdNames(), CmdKinds: genFOU_CMD.cmdKinds(), Attrs: fouAttrs},
		{Name: "SEG6", Commands: genSEG6_CMD.cmdNames(), Attrs: seg6Attrs},
		{Name: "IOAM6", Commands: genIOAM6_CMD.cmdNames(), Attrs: ioam6Attrs},
		{Name: "NET_DM", Commands: genNET_DM_CMD.cmdNames(), CmdKinds: genNET_DM_CMD.cmdKinds(), Attrs: netDMAttrs},
		{Name: "psample", Commands: genPSAMPLE_CMD.cmdNames(), Attrs: psampleAttrs},
		{Name: "batadv", Commands: genBATADV_CMD.cmdNames(), CmdKinds: verbKinds(genBATADV_CMD, "BATADV_CMD_"), Attrs: batadvAttrs},
		{Name: "HSR", Commands: genHSR_C.cmdNames(), CmdKinds: verbKinds(genHSR_C, "HSR_C_"), Attrs: hsrAttrs},
		{Name: "gtp", Commands: genGTP_CMD.cmdNames(), ReplyCommands: gtpReplyCommands(), Attrs: gtpAttrs},
		{Name: "VFS_DQUOT", Commands: genQUOTA_NL_C.cmdNames(), Attrs: quotaAttrs},
		// net/netlabel/netlabel_mgmt.h, netlabel_cipso_v4.h,
		// netlabel_calipso.h, netlabel_unlabeled.h: enum NLBL_*_C_*.
		{Name: "NLBL_MGMT", Commands: cmdList("NLBL_MGMT_C_ADD", "NLBL_MGMT_C_REMOVE", "NLBL_MGMT_C_LISTALL", "NLBL_MGMT_C_ADDDEF",
			"NLBL_MGMT_C_REMOVEDEF", "NLBL_MGMT_C_LISTDEF", "NLBL_MGMT_C_PROTOCOLS", "NLBL_MGMT_C_VERSION"), Attrs: nlblMgmtAttrs},
		{Name: "NLBL_CIPSOv4", Commands: cmdList("NLBL_CIPSOV4_C_ADD", "NLBL_CIPSOV4_C_REMOVE", "NLBL_CIPSOV4_C_LIST", "NLBL_CIPSOV4_C_LISTALL"),
			Attrs: nlblCipsoV4Attrs},
		{Name: "NLBL_CALIPSO", Commands: cmdList("NLBL_CALIPSO_C_ADD", "NLBL_CALIPSO_C_REMOVE", "NLBL_CALIPSO_C_LIST", "NLBL_CALIPSO_C_LISTALL"),
			Attrs: nlblCalipsoAttrs},
		{Name: "NLBL_UNLBL", Commands: cmdList("NLBL_UNLABEL_C_ACCEPT", "NLBL_UNLABEL_C_LIST", "NLBL_UNLABEL_C_STATICADD", "NLBL_UNLABEL_C_STATICREMOVE",
			"NLBL_UNLABEL_C_STATICLIST", "NLBL_UNLABEL_C_STATICADDDEF", "NLBL_UNLABEL_C_STATICREMOVEDEF", "NLBL_UNLABEL_C_STATICLISTDEF"),
			Attrs: nlblUnlabelAttrs},
		// drivers/acpi/event.c: enum { ACPI_GENL_CMD_UNSPEC, ACPI_GENL_CMD_EVENT }.
		{Name: "acpi_event", Commands: cmdList("ACPI_GENL_CMD_EVENT"), Attrs: acpiEventAttrs},
	} {
		registerGenlFamily(f)
	}
}

// mergeCmds returns the union of command tables (the first name of a value
// wins).
func mergeCmds(ms ...map[uint8]string) map[uint8]string {
	out := map[uint8]string{}
	for _, m := range ms {
		for k, v := range m {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
	return out
}
