package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The drop monitor generic netlink family ("NET_DM",
// include/uapi/linux/net_dropmon.h, net/core/drop_monitor.c): the overlay
// over the generated names. The header's comments give the types:
//
//	NET_DM_ATTR_ALERT_MODE,			/* u8 */
//	NET_DM_ATTR_PC,				/* u64 */
//	NET_DM_ATTR_SYMBOL,			/* string */
//	NET_DM_ATTR_IN_PORT,			/* nested */
//	NET_DM_ATTR_TIMESTAMP,			/* u64 */
//	NET_DM_ATTR_PROTO,			/* u16 */
//	NET_DM_ATTR_PAYLOAD,			/* binary */
//	NET_DM_ATTR_PAD,
//	NET_DM_ATTR_TRUNC_LEN,			/* u32 */
//	NET_DM_ATTR_ORIG_LEN,			/* u32 */
//	NET_DM_ATTR_QUEUE_LEN,			/* u32 */
//	NET_DM_ATTR_STATS,			/* nested */
//	NET_DM_ATTR_HW_STATS,			/* nested */
//	NET_DM_ATTR_ORIGIN,			/* u16 */
//	NET_DM_ATTR_HW_TRAP_GROUP_NAME,		/* string */
//	NET_DM_ATTR_HW_TRAP_NAME,		/* string */
//	NET_DM_ATTR_HW_ENTRIES,			/* nested */
//	NET_DM_ATTR_HW_ENTRY,			/* nested */
//	NET_DM_ATTR_HW_TRAP_COUNT,		/* u32 */
//	NET_DM_ATTR_SW_DROPS,			/* flag */
//	NET_DM_ATTR_HW_DROPS,			/* flag */
//	NET_DM_ATTR_FLOW_ACTION_COOKIE,		/* binary */
//	NET_DM_ATTR_REASON,			/* string */
//
//	NET_DM_ATTR_PORT_NETDEV_IFINDEX,	/* u32 */
//	NET_DM_ATTR_PORT_NETDEV_NAME,		/* string */
//
//	NET_DM_ATTR_STATS_DROPPED,		/* u64 */
//
// drop_monitor.c fills them so: NET_DM_ATTR_PC is the kernel address of
// the drop (printed in hex, volatile: it moves with KASLR),
// NET_DM_ATTR_TIMESTAMP is ktime_to_ns(skb->tstamp) (u64 nanoseconds,
// volatile), NET_DM_ATTR_PROTO is be16_to_cpu(skb->protocol) (host order:
// an ETH_P_* name), NET_DM_ATTR_IN_PORT nests NET_DM_ATTR_PORT_*,
// NET_DM_ATTR_STATS and NET_DM_ATTR_HW_STATS nest NET_DM_ATTR_STATS_*
// (nla_put_u64_64bit pads with NET_DM_ATTR_PAD inside the nest), and
// NET_DM_ATTR_HW_ENTRIES nests NET_DM_ATTR_HW_ENTRY nests of
// NET_DM_ATTR_HW_TRAP_NAME and NET_DM_ATTR_HW_TRAP_COUNT. The counters are
// volatile.
//
// In summary mode (NET_DM_ALERT_MODE_SUMMARY, dropwatch's default) a
// NET_DM_CMD_ALERT carries one attribute of type NLA_UNSPEC (0) that holds
// struct net_dm_alert_msg (send_dm_alert: nla_reserve(skb, NLA_UNSPEC,
// sizeof(struct net_dm_alert_msg)); trace_drop_common appends the points):
//
//	struct net_dm_drop_point {
//		__u8 pc[8];
//		__u32 count;
//	};
//	struct net_dm_alert_msg {
//		__u32 entries;
//		struct net_dm_drop_point points[];
//	};
var (
	netDMPortAttrs = genSet("NET_DM_ATTR_PORT", genNET_DM_ATTR_PORT,
		&AttrSpec{Name: "NET_DM_ATTR_PORT_NETDEV_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "NET_DM_ATTR_PORT_NETDEV_NAME", Kind: KindString})
	netDMStatsAttrs = func() *AttrSet {
		s := genSet("NET_DM_ATTR_STATS", genNET_DM_ATTR_STATS,
			&AttrSpec{Name: "NET_DM_ATTR_STATS_DROPPED", Kind: KindU64, Tags: TagVolatile})
		s.Attrs[NET_DM_ATTR_PAD] = &AttrSpec{Name: "NET_DM_ATTR_PAD", Kind: KindBinary}
		return s
	}()
	netDMAttrs = func() *AttrSet {
		s := genSet("NET_DM_ATTR", genNET_DM_ATTR, join(
			one(&AttrSpec{Name: "NET_DM_ATTR_ALERT_MODE", Kind: KindU8, Enum: genNET_DM_ALERT_MODE.names()},
				&AttrSpec{Name: "NET_DM_ATTR_PC", Kind: KindU64, Format: formatHex64, Tags: TagVolatile},
				&AttrSpec{Name: "NET_DM_ATTR_IN_PORT", Kind: KindNested, Nested: netDMPortAttrs},
				&AttrSpec{Name: "NET_DM_ATTR_PROTO", Kind: KindU16, Enum: ethPNames},
				&AttrSpec{Name: "NET_DM_ATTR_STATS", Kind: KindNested, Nested: netDMStatsAttrs},
				&AttrSpec{Name: "NET_DM_ATTR_HW_STATS", Kind: KindNested, Nested: netDMStatsAttrs},
				&AttrSpec{Name: "NET_DM_ATTR_ORIGIN", Kind: KindU16, Enum: genNET_DM_ORIGIN.names()}),
			specs(KindString, 0, "NET_DM_ATTR_SYMBOL", "NET_DM_ATTR_HW_TRAP_GROUP_NAME", "NET_DM_ATTR_HW_TRAP_NAME", "NET_DM_ATTR_REASON"),
			specs(KindU64, TagVolatile, "NET_DM_ATTR_TIMESTAMP"),
			specs(KindU32, 0, "NET_DM_ATTR_TRUNC_LEN", "NET_DM_ATTR_ORIG_LEN", "NET_DM_ATTR_QUEUE_LEN"),
			specs(KindU32, TagVolatile, "NET_DM_ATTR_HW_TRAP_COUNT"),
			specs(KindFlag, 0, "NET_DM_ATTR_SW_DROPS", "NET_DM_ATTR_HW_DROPS"),
			specs(KindBinary, 0, "NET_DM_ATTR_PAYLOAD", "NET_DM_ATTR_FLOW_ACTION_COOKIE"))...)
		nestSelf(s, genNET_DM_ATTR, "NET_DM_ATTR_HW_ENTRIES", "NET_DM_ATTR_HW_ENTRY")
		s.Attrs[0] = &AttrSpec{Name: "net_dm_alert_msg", Kind: KindCustom, Format: formatNetDMAlert, Tags: TagVolatile}
		return s
	}()
)

// netDMDropPointLen is sizeof(struct net_dm_drop_point).
const netDMDropPointLen = 12

// formatNetDMAlert prints struct net_dm_alert_msg as "entries=2
// 0xffffffff81a2b3c4:3 0xffffffff81000010:1" (each drop point's address
// and count); a payload that does not hold the points it counts prints in
// hex.
func formatNetDMAlert(b []byte, order binary.ByteOrder) string {
	if len(b) < 4 {
		return hexString(b)
	}
	n := order.Uint32(b)
	if uint64(len(b)-4) < uint64(n)*netDMDropPointLen {
		return hexString(b)
	}
	var sb strings.Builder
	sb.WriteString("entries=")
	sb.WriteString(strconv.FormatUint(uint64(n), 10))
	for i := range int(n) {
		p := b[4+i*netDMDropPointLen:]
		sb.WriteString(" 0x")
		sb.WriteString(strconv.FormatUint(order.Uint64(p), 16))
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatUint(uint64(order.Uint32(p[8:])), 10))
	}
	return sb.String()
}
