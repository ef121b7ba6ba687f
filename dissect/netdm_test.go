package dissect

import (
	"strings"
	"testing"
)

// TestNetDMOverlay decodes what net/core/drop_monitor.c sends: a packet
// alert (net_dm_packet_report_fill), a summary alert (send_dm_alert), the
// configuration (net_dm_config_fill) and the statistics
// (net_dm_stats_fill, with a hardware trap entry as
// net_dm_hw_entries_put builds it).
func TestNetDMOverlay(t *testing.T) {
	frame := []byte{0x45, 0, 0, 0x54, 0, 0, 0x40, 0, 0x40, 1}
	pkt := genlDecode(t, "NET_DM", NET_DM_CMD_PACKET_ALERT, eventPID,
		nla(NET_DM_ATTR_ORIGIN, u16(0)),
		nla(NET_DM_ATTR_PAD),
		nla(NET_DM_ATTR_PC, gu64(0xffffffff81a2b3c4)),
		nla(NET_DM_ATTR_SYMBOL, str("kfree_skb_reason+0x54/0x110")),
		nla(NET_DM_ATTR_REASON, str("NO_SOCKET")),
		nla(NET_DM_ATTR_IN_PORT|nlaFNested, nla(NET_DM_ATTR_PORT_NETDEV_IFINDEX, u32(3)), nla(NET_DM_ATTR_PORT_NETDEV_NAME, str("eth0"))),
		nla(NET_DM_ATTR_TIMESTAMP, gu64(1796411398123456789)),
		nla(NET_DM_ATTR_ORIG_LEN, u32(98)),
		nla(NET_DM_ATTR_PROTO, u16(0x0800)),
		nla(NET_DM_ATTR_PAYLOAD, frame))
	if pkt.Genl.CmdName != "NET_DM_CMD_PACKET_ALERT" {
		t.Errorf("cmd %q", pkt.Genl.CmdName)
	}
	for _, c := range []struct{ value, path string }{
		{"NET_DM_ORIGIN_SW", "NET_DM_ATTR_ORIGIN"},
		{"0xffffffff81a2b3c4", "NET_DM_ATTR_PC"},
		{`"kfree_skb_reason+0x54/0x110"`, "NET_DM_ATTR_SYMBOL"},
		{`"NO_SOCKET"`, "NET_DM_ATTR_REASON"},
		{"3", "NET_DM_ATTR_IN_PORT/NET_DM_ATTR_PORT_NETDEV_IFINDEX"},
		{`"eth0"`, "NET_DM_ATTR_IN_PORT/NET_DM_ATTR_PORT_NETDEV_NAME"},
		{"1796411398123456789", "NET_DM_ATTR_TIMESTAMP"},
		{"98", "NET_DM_ATTR_ORIG_LEN"},
		{"ETH_P_IP", "NET_DM_ATTR_PROTO"},
		{hexString(frame), "NET_DM_ATTR_PAYLOAD"},
	} {
		want(t, pkt, c.value, strings.Split(c.path, "/")...)
	}

	// Summary mode: struct net_dm_alert_msg in an NLA_UNSPEC attribute.
	point := func(pc uint64, count uint32) []byte { return cat(gu64(pc), u32(count)) }
	sum := genlDecode(t, "NET_DM", NET_DM_CMD_ALERT, eventPID,
		nla(0, cat(u32(2), point(0xffffffff81a2b3c4, 3), point(0xffffffff81000010, 1))))
	want(t, sum, "entries=2 0xffffffff81a2b3c4:3 0xffffffff81000010:1", "net_dm_alert_msg")
	// A count the payload does not hold prints in hex.
	short := genlDecode(t, "NET_DM", NET_DM_CMD_ALERT, eventPID, nla(0, cat(u32(2), point(1, 1))))
	want(t, short, "02000000"+"0100000000000000"+"01000000", "net_dm_alert_msg")

	cfg := genlDecode(t, "NET_DM", NET_DM_CMD_CONFIG_NEW, 0,
		nla(NET_DM_ATTR_ALERT_MODE, gu8(1)), nla(NET_DM_ATTR_TRUNC_LEN, u32(128)), nla(NET_DM_ATTR_QUEUE_LEN, u32(1000)))
	want(t, cfg, "NET_DM_ALERT_MODE_PACKET", "NET_DM_ATTR_ALERT_MODE")
	want(t, cfg, "128", "NET_DM_ATTR_TRUNC_LEN")
	want(t, cfg, "1000", "NET_DM_ATTR_QUEUE_LEN")

	start := genlDecode(t, "NET_DM", NET_DM_CMD_START, nlmFRequest, nla(NET_DM_ATTR_SW_DROPS), nla(NET_DM_ATTR_HW_DROPS))
	want(t, start, "", "NET_DM_ATTR_SW_DROPS")

	stats := genlDecode(t, "NET_DM", NET_DM_CMD_STATS_NEW, 0,
		nla(NET_DM_ATTR_STATS|nlaFNested, nla(NET_DM_ATTR_PAD), nla(NET_DM_ATTR_STATS_DROPPED, gu64(17))),
		nla(NET_DM_ATTR_HW_STATS|nlaFNested, nla(NET_DM_ATTR_PAD), nla(NET_DM_ATTR_STATS_DROPPED, gu64(2))),
		nla(NET_DM_ATTR_HW_ENTRIES|nlaFNested, nla(NET_DM_ATTR_HW_ENTRY|nlaFNested,
			nla(NET_DM_ATTR_HW_TRAP_NAME, str("source_mac_is_multicast")), nla(NET_DM_ATTR_HW_TRAP_COUNT, u32(5)))))
	want(t, stats, "17", "NET_DM_ATTR_STATS", "NET_DM_ATTR_STATS_DROPPED")
	want(t, stats, "2", "NET_DM_ATTR_HW_STATS", "NET_DM_ATTR_STATS_DROPPED")
	want(t, stats, `"source_mac_is_multicast"`, "NET_DM_ATTR_HW_ENTRIES", "NET_DM_ATTR_HW_ENTRY", "NET_DM_ATTR_HW_TRAP_NAME")
	want(t, stats, "5", "NET_DM_ATTR_HW_ENTRIES", "NET_DM_ATTR_HW_ENTRY", "NET_DM_ATTR_HW_TRAP_COUNT")

	for _, c := range []struct {
		set  *AttrSet
		typ  uint16
		tags Tag
	}{
		{netDMPortAttrs, NET_DM_ATTR_PORT_NETDEV_IFINDEX, TagIfindex},
		{netDMStatsAttrs, NET_DM_ATTR_STATS_DROPPED, TagVolatile},
		{netDMAttrs, NET_DM_ATTR_TIMESTAMP, TagVolatile},
		{netDMAttrs, NET_DM_ATTR_PC, TagVolatile},
		{netDMAttrs, NET_DM_ATTR_HW_TRAP_COUNT, TagVolatile},
	} {
		if a := c.set.Attr(c.typ); a == nil || a.Tags&c.tags != c.tags {
			t.Errorf("%s %d: %+v, want tags %v", c.set.Name, c.typ, a, c.tags)
		}
	}
}
