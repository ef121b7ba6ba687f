package dissect

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// TestNetfilterQueueLog: nfnetlink_queue and nfnetlink_log messages as the
// lab kernel built them (nf-queue-lab.pcap): a queued packet on input with
// its hardware address, conntrack entry and state, the verdicts, and a
// logged packet with its link-layer type.
func TestNetfilterQueueLog(t *testing.T) {
	ct := nestF(11, nestF(1, nestF(1, nla(1, []byte{127, 0, 0, 1}), nla(2, []byte{127, 0, 0, 1})),
		nestF(2, nla(1, []byte{17}), nla(2, []byte{0xd7, 0x3c}), nla(3, []byte{0x27, 0x0d}))),
		nla(3, be32b(8)))
	ip := []byte{0x45, 0, 0, 0x1c, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, 0xd7, 0x3c, 0x27, 0x0d, 0, 8, 0, 0}
	cases := []struct {
		typ  uint16
		nf   []byte
		body []byte
		want []string
	}{
		{0x0300, []byte{2, 0, 0, 3}, cat(nla(1, []byte{0, 0, 0, 4, 8, 0, 1}), nla(5, be32b(1)),
			nla(9, []byte{0, 6, 0, 0, 0x02, 0, 0, 0, 0, 0x01, 0, 0}), ct, nla(12, be32b(2)), nla(14, be32b(1)),
			nla(16, be32b(1000)), nla(17, be32b(100)), nla(10, ip)),
			[]string{"NFQNL_MSG_PACKET id 4 NF_INET_LOCAL_IN udp src=127.0.0.1 dst=127.0.0.1 sport=55100 dport=9997",
				"NFQA_PACKET_HDR=packet_id=4 hw_protocol=ETH_P_IP hook=NF_INET_LOCAL_IN",
				"NFQA_IFINDEX_INDEV=1",
				"NFQA_HWADDR=hw_addrlen=6 hw_addr=02:00:00:00:00:01",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_SRC=127.0.0.1",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_DST=127.0.0.1",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_NUM=IPPROTO_UDP",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_SRC_PORT=55100",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_DST_PORT=9997",
				"NFQA_CT.CTA_STATUS=IPS_CONFIRMED",
				"NFQA_CT_INFO=IP_CT_NEW",
				"NFQA_SKB_INFO=NFQA_SKB_CSUMNOTREADY",
				"NFQA_UID=1000", "NFQA_GID=100",
				"NFQA_PAYLOAD=" + hexString(ip)}},
		{0x0301, []byte{0, 0, 0, 3}, cat(nla(2, cat(be32b(1), be32b(2))), nla(3, be32b(0x2a))),
			[]string{"NFQNL_MSG_VERDICT NF_ACCEPT id 2 mark 0x2a", "NFQA_VERDICT_HDR=verdict=NF_ACCEPT id=2", "NFQA_MARK=0x2a"}},
		{0x0303, []byte{0, 0, 0, 3}, nla(2, cat(be32b(0), be32b(5))),
			[]string{"NFQNL_MSG_VERDICT_BATCH NF_DROP id 5", "NFQA_VERDICT_HDR=verdict=NF_DROP id=5"}},
		{0x0302, []byte{0, 0, 0, 3}, cat(nla(2, []byte{0, 0, 0xff, 0xff, 2}), nla(3, be32b(1024)), nla(5, be32b(0x1e)), nla(4, be32b(0x1e))),
			[]string{"NFQNL_MSG_CONFIG ", "NFQA_CFG_PARAMS=copy_range=65535 copy_mode=NFQNL_COPY_PACKET", "NFQA_CFG_QUEUE_MAXLEN=1024",
				"NFQA_CFG_FLAGS=NFQA_CFG_F_CONNTRACK|NFQA_CFG_F_GSO|NFQA_CFG_F_UID_GID|NFQA_CFG_F_SECCTX",
				"NFQA_CFG_MASK=NFQA_CFG_F_CONNTRACK|NFQA_CFG_F_GSO|NFQA_CFG_F_UID_GID|NFQA_CFG_F_SECCTX"}},
		{0x0400, []byte{2, 0, 0, 5}, cat(nla(1, []byte{8, 0, 1, 0}), nla(10, str("nlcap")),
			nla(8, []byte{0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), nla(15, []byte{3, 4}), nla(17, []byte{0, 14}),
			nla(12, be32b(1)), nestF(18, nestF(1, nestF(2, nla(1, []byte{17})))), nla(19, be32b(3))),
			[]string{`NFULNL_MSG_PACKET NF_INET_LOCAL_IN prefix nlcap udp`,
				"NFULA_PACKET_HDR=hw_protocol=ETH_P_IP hook=NF_INET_LOCAL_IN", `NFULA_PREFIX="nlcap"`,
				"NFULA_HWADDR=hw_addrlen=6 hw_addr=00:00:00:00:00:00", "NFULA_HWTYPE=ARPHRD_LOOPBACK", "NFULA_HWLEN=14",
				"NFULA_SEQ=1", "NFULA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_NUM=IPPROTO_UDP", "NFULA_CT_INFO=IP_CT_ESTABLISHED_REPLY"}},
		{0x0401, []byte{0, 0, 0, 5}, nla(1, []byte{2}), []string{"NFULNL_MSG_CONFIG NFULNL_CFG_CMD_UNBIND", "NFULA_CFG_CMD=command=NFULNL_CFG_CMD_UNBIND"}},
		// An ICMP echo request at output: the tuple as conntrack(8) prints it.
		{0x0300, []byte{2, 0, 0, 3}, cat(nla(1, []byte{0, 0, 0, 6, 8, 0, 3}),
			nestF(11, nestF(1, nestF(1, nla(1, []byte{127, 0, 0, 1}), nla(2, []byte{127, 0, 0, 2})),
				nestF(2, nla(1, []byte{1}), nla(4, []byte{0, 187}), nla(5, []byte{8}), nla(6, []byte{0}))))),
			[]string{"NFQNL_MSG_PACKET id 6 NF_INET_LOCAL_OUT icmp src=127.0.0.1 dst=127.0.0.2 type=8 code=0 id=187",
				"NFQA_PACKET_HDR=packet_id=6 hw_protocol=ETH_P_IP hook=NF_INET_LOCAL_OUT",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_SRC=127.0.0.1",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_DST=127.0.0.2",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_NUM=IPPROTO_ICMP",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_ICMP_ID=187",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_ICMP_TYPE=8",
				"NFQA_CT.CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_ICMP_CODE=0"}},
		// A hw_addrlen beyond the array prints the array.
		{0x0300, []byte{2, 0, 0, 3}, nla(9, []byte{0, 9, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}),
			[]string{"NFQNL_MSG_PACKET ", "NFQA_HWADDR=hw_addrlen=9 hw_addr=0102030405060708"}},
	}
	for _, c := range cases {
		ms := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(c.typ, 0, 0, 0, cat(c.nf, c.body))), 0)
		if len(ms) != 1 {
			t.Fatalf("type %#x: %d messages", c.typ, len(ms))
		}
		m := ms[0]
		got := []string{m.TypeName + " " + m.Summary}
		flat("", m.Attrs, &got)
		if m.Problem != "" || len(m.Trailing) > 0 {
			got = append(got, "problem "+m.Problem)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("type %#x (-want +got):\n%s", c.typ, diff)
		}
	}
}

// TestNetfilterQueueBridgeCapture: packets the lab's bridge queued at its
// forward hook (nf-queue-bridge.pcap): hooks named by the bridge family
// (NF_BR_FORWARD, not NF_INET_FORWARD: nfgen_family NFPROTO_BRIDGE), the
// bridge ports, the VLAN tag of the VLAN 10 frames and their Ethernet
// header as tcpdump -e prints them.
func TestNetfilterQueueBridgeCapture(t *testing.T) {
	var got []string
	var summaries []string
	for _, m := range decodeCapture(t, "nf-queue-bridge.pcap") {
		if m.TypeName != "NFQNL_MSG_PACKET" {
			continue
		}
		summaries = append(summaries, m.Summary)
		flat("", m.Attrs, &got)
	}
	if len(summaries) < 6 || summaries[0] != "id 1 NF_BR_FORWARD" {
		t.Errorf("packets %q, want six or more from id 1 NF_BR_FORWARD", summaries)
	}
	for _, want := range []string{
		"NFQA_PACKET_HDR=packet_id=1 hw_protocol=ETH_P_IP hook=NF_BR_FORWARD",
		"NFQA_VLAN.NFQA_VLAN_TCI=vlan 10, p 0",
		"NFQA_VLAN.NFQA_VLAN_PROTO=ETH_P_8021Q",
		"NFQA_L2HDR=0a:14:bb:90:ad:f6 > e6:5f:93:f5:3c:38, ETH_P_IP",
		"NFQA_IFINDEX_PHYSINDEV=4", "NFQA_IFINDEX_PHYSOUTDEV=6",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s in %q", want, got)
		}
	}
}

// TestVlanL2Header: the VLAN tag's priority and DEI bits, and headers
// that are not Ethernet's 14 bytes.
func TestVlanL2Header(t *testing.T) {
	for _, c := range []struct {
		f    func([]byte, binary.ByteOrder) string
		b    []byte
		want string
	}{
		{vlanTCI, []byte{0xb0, 0x0a}, "vlan 10, p 5, DEI"},
		{vlanTCI, []byte{0x0f, 0xff}, "vlan 4095, p 0"},
		{vlanTCI, []byte{1}, "01"},
		{l2Header, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x86, 0xdd}, "07:08:09:0a:0b:0c > 01:02:03:04:05:06, ETH_P_IPV6"},
		{l2Header, []byte{1, 2, 3}, "010203"},
	} {
		if got := c.f(c.b, binary.LittleEndian); got != c.want {
			t.Errorf("%x: %q, want %q", c.b, got, c.want)
		}
	}
}

// TestNfPacketHookByFamily: a queued or logged packet's hook is named by
// its nfgen_family, as nf_tables chains' are.
func TestNfPacketHookByFamily(t *testing.T) {
	for _, c := range []struct {
		typ  uint16
		fam  byte
		attr []byte
		want string
	}{
		{0x0300, 3, nla(1, []byte{0, 0, 0, 1, 8, 6, 1}), "id 1 NF_ARP_OUT"},
		{0x0300, 5, nla(1, []byte{0, 0, 0, 2, 8, 0, 0}), "id 2 NF_NETDEV_INGRESS"},
		{0x0300, 2, nla(1, []byte{0, 0, 0, 3, 8, 0, 2}), "id 3 NF_INET_FORWARD"},
		{0x0400, 7, nla(1, []byte{8, 0, 2, 0}), "NF_BR_FORWARD"},
		{0x0400, 3, nla(1, []byte{8, 6, 2, 0}), "NF_ARP_FORWARD"},
	} {
		ms := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(c.typ, 0, 0, 0, cat([]byte{c.fam, 0, 0, 3}, c.attr))), 0)
		if len(ms) != 1 || ms[0].Summary != c.want || ms[0].Problem != "" {
			t.Errorf("type %#x family %d: %+v, want summary %q", c.typ, c.fam, ms, c.want)
		}
	}
}
