package dissect

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

func TestNetfilterBatch(t *testing.T) {
	nfgen := func(family uint8, resID uint16) []byte { return []byte{family, 0, byte(resID >> 8), byte(resID)} }
	data := cat(
		nlmsg(0x10, nlmFRequest, 1, 0, nfgen(0, 10)),
		nlmsg(0x0a00, nlmFRequest|nlmFAck|nlmFCreate, 2, 0, nfgen(1, 0), nla(1, str("filter")), nla(2, []byte{0, 0, 0, 0})),
		nlmsg(0x0a0f, 0, 3, 0, nfgen(0, 0x1234), nla(1, []byte{0, 0, 0, 5})),
		nlmsg(0x0105, nlmFRequest|nlmFDump, 4, 0, nfgen(2, 0)),
		nlmsg(0x0c07, nlmFRequest, 4, 0, nfgen(2, 0)),
		nlmsg(0x11, nlmFRequest, 5, 0, nfgen(0, 10)),
	)
	ms := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, data), 0)
	type row struct {
		Type  string
		Flags []string
		Fixed string
		Attrs int
	}
	var got []row
	for _, m := range ms {
		if m.Problem != "" {
			t.Errorf("%s: %s", m.TypeName, m.Problem)
		}
		var fixed string
		for _, f := range m.Fixed {
			fixed += f.Name + "=" + f.Value + " "
		}
		got = append(got, row{m.TypeName, m.FlagNames, fixed, len(m.Attrs)})
	}
	want := []row{
		{"NFNL_MSG_BATCH_BEGIN", []string{"REQUEST"}, "nfgen_family=NFPROTO_UNSPEC version=0 res_id=10 ", 0},
		{"NFT_MSG_NEWTABLE", []string{"REQUEST", "ACK", "CREATE"}, "nfgen_family=NFPROTO_INET version=0 res_id=0 ", 2},
		{"NFT_MSG_NEWGEN", nil, "nfgen_family=NFPROTO_UNSPEC version=0 res_id=4660 ", 1},
		{"IPCTNL_MSG_CT_GET_STATS", []string{"REQUEST", "ROOT", "MATCH"}, "nfgen_family=NFPROTO_IPV4 version=0 res_id=0 ", 0},
		{"NFNL_SUBSYS_HOOK/7", []string{"REQUEST"}, "nfgen_family=NFPROTO_IPV4 version=0 res_id=0 ", 0},
		{"NFNL_MSG_BATCH_END", []string{"REQUEST"}, "nfgen_family=NFPROTO_UNSPEC version=0 res_id=10 ", 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

// nestF builds a nest with NLA_F_NESTED, as netfilter sends them.
func nestF(typ uint16, payload ...[]byte) []byte { return nla(typ|0x8000, cat(payload...)) }

func be32b(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }

// flat prints decoded attributes as path=value lines.
func flat(prefix string, attrs []Attr, out *[]string) {
	for _, a := range attrs {
		if len(a.Children) > 0 {
			flat(prefix+a.Name+".", a.Children, out)
			continue
		}
		*out = append(*out, prefix+a.Name+"="+a.Value)
	}
}

func TestNftablesRule(t *testing.T) {
	nfgen := []byte{1, 0, 0, 0}
	expr := func(name string, data ...[]byte) []byte {
		return nestF(1, nla(1, str(name)), nestF(2, data...))
	}
	rule := cat(
		nla(1, str("filter")), nla(2, str("input")),
		nestF(4,
			expr("payload", nla(1, be32b(1)), nla(2, be32b(2)), nla(3, be32b(2)), nla(4, be32b(2))),
			expr("cmp", nla(1, be32b(1)), nla(2, be32b(0)), nestF(3, nla(1, []byte{0, 22}))),
			expr("counter", nla(1, make([]byte, 8)), nla(2, []byte{0, 0, 0, 0, 0, 0, 0, 5})),
			expr("immediate", nla(1, be32b(0)), nestF(2, nestF(2, nla(1, be32b(0xfffffffd)), nla(2, str("next"))))),
			expr("nosuchexpr", nla(1, be32b(7))),
		),
	)
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(0x0a06, nlmFRequest|nlmFCreate, 1, 0, cat(nfgen, rule))), 0)[0]
	if m.Problem != "" {
		t.Fatal(m.Problem)
	}
	var got []string
	flat("", m.Attrs, &got)
	want := []string{
		`NFTA_RULE_TABLE="filter"`, `NFTA_RULE_CHAIN="input"`,
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_NAME="payload"`,
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_PAYLOAD_DREG=NFT_REG_1",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_PAYLOAD_BASE=NFT_PAYLOAD_TRANSPORT_HEADER",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_PAYLOAD_OFFSET=2",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_PAYLOAD_LEN=2",
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_NAME="cmp"`,
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_CMP_SREG=NFT_REG_1",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_CMP_OP=NFT_CMP_EQ",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_CMP_DATA.NFTA_DATA_VALUE=0016",
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_NAME="counter"`,
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_COUNTER_BYTES=0",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_COUNTER_PACKETS=5",
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_NAME="immediate"`,
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_IMMEDIATE_DREG=NFT_REG_VERDICT",
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_IMMEDIATE_DATA.NFTA_DATA_VERDICT.NFTA_VERDICT_CODE=NFT_JUMP",
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.NFTA_IMMEDIATE_DATA.NFTA_DATA_VERDICT.NFTA_VERDICT_CHAIN="next"`,
		`NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_NAME="nosuchexpr"`,
		"NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM.NFTA_EXPR_DATA.=00000007", // an unknown expression: raw
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m.TypeName != "NFT_MSG_NEWRULE" || m.Summary != "filter input" {
		t.Errorf("type %s summary %q", m.TypeName, m.Summary)
	}
}

// TestNetfilterSubsystems decodes one message of each subsystem without a
// capture: names of types and attributes, values.
func TestNetfilterSubsystems(t *testing.T) {
	nfgen := []byte{2, 0, 0, 0}
	tuple := nestF(1, nestF(1, nla(1, []byte{10, 0, 0, 1}), nla(2, []byte{10, 0, 0, 2})),
		nestF(2, nla(1, []byte{6}), nla(2, []byte{0x9c, 0x40}), nla(3, []byte{0, 80})))
	cases := []struct {
		typ  uint16
		body []byte
		want []string
	}{
		{0x0100, cat(tuple, nla(3, be32b(0xe)), nla(7, be32b(120)), nestF(9, nla(1, []byte{0, 0, 0, 0, 0, 0, 0, 3}))),
			[]string{"IPCTNL_MSG_CT_NEW tcp src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80",
				"CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_SRC=10.0.0.1", "CTA_TUPLE_ORIG.CTA_TUPLE_IP.CTA_IP_V4_DST=10.0.0.2",
				"CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_NUM=IPPROTO_TCP", "CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_SRC_PORT=40000",
				"CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_DST_PORT=80", "CTA_STATUS=IPS_SEEN_REPLY|IPS_ASSURED|IPS_CONFIRMED",
				"CTA_TIMEOUT=120", "CTA_COUNTERS_ORIG.CTA_COUNTERS_PACKETS=3"}},
		{0x0104, nla(2, be32b(7)), []string{"IPCTNL_MSG_CT_GET_STATS_CPU ", "CTA_STATS_FOUND=7"}},
		{0x0200, cat(nestF(1, nestF(1, nla(1, []byte{10, 0, 0, 1}))), nla(6, str("ftp"))),
			[]string{"IPCTNL_MSG_EXP_NEW master src=10.0.0.1 helper ftp", "CTA_EXPECT_MASTER.CTA_TUPLE_IP.CTA_IP_V4_SRC=10.0.0.1", `CTA_EXPECT_HELP_NAME="ftp"`}},
		{0x0302, nla(1, []byte{1, 0, 0, 2}), []string{"NFQNL_MSG_CONFIG NFQNL_CFG_CMD_BIND", "NFQA_CFG_CMD=command=NFQNL_CFG_CMD_BIND pf=AF_INET"}},
		{0x0300, cat(nla(1, []byte{0, 0, 0, 9, 8, 0, 1}), nla(3, be32b(0x10))),
			[]string{"NFQNL_MSG_PACKET id 9 NF_INET_LOCAL_IN mark 0x10", "NFQA_PACKET_HDR=packet_id=9 hw_protocol=ETH_P_IP hook=NF_INET_LOCAL_IN", "NFQA_MARK=0x10"}},
		{0x0400, nla(10, str("blk ")), []string{"NFULNL_MSG_PACKET prefix blk ", `NFULA_PREFIX="blk "`}},
		{0x0700, cat(nla(1, str("acct1")), nla(2, []byte{0, 0, 0, 0, 0, 0, 0, 4})), []string{"NFNL_MSG_ACCT_NEW acct1", `NFACCT_NAME="acct1"`, "NFACCT_PKTS=4"}},
		{0x0800, cat(nla(1, str("t1")), nla(3, []byte{6}), nestF(4, nla(3, be32b(300)))),
			[]string{"IPCTNL_MSG_TIMEOUT_NEW t1", `CTA_TIMEOUT_NAME="t1"`, "CTA_TIMEOUT_L4PROTO=IPPROTO_TCP", "CTA_TIMEOUT_DATA.CTA_TIMEOUT_TCP_ESTABLISHED=300"}},
		{0x0900, cat(nla(1, str("ftp")), nestF(4, nla(1, be32b(1)), nestF(2, nla(1, str("ftp")), nla(2, be32b(1))))),
			[]string{"NFNL_MSG_CTHELPER_NEW ftp", `NFCTH_NAME="ftp"`, "NFCTH_POLICY.NFCTH_POLICY_SET_NUM=1",
				`NFCTH_POLICY.NFCTH_POLICY_SET1.NFCTH_POLICY_NAME="ftp"`, "NFCTH_POLICY.NFCTH_POLICY_SET1.NFCTH_POLICY_EXPECT_MAX=1"}},
		{0x0609, cat(nla(1, []byte{7}), nla(2, str("s1")), nestF(7, nestF(1, nla(1|0x4000, []byte{10, 0, 0, 9})))),
			[]string{"IPSET_CMD_ADD s1", "IPSET_ATTR_PROTOCOL=7", `IPSET_ATTR_SETNAME="s1"`, "IPSET_ATTR_DATA.IPSET_ATTR_IP.IPSET_ATTR_IPADDR_IPV4=10.0.0.9"}},
		{0x0602, cat(nla(2, str("s1")), nla(3, str("hash:ip"))), []string{"IPSET_CMD_CREATE s1", `IPSET_ATTR_SETNAME="s1"`, `IPSET_ATTR_TYPENAME="hash:ip"`}},
	}
	for _, c := range cases {
		m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(c.typ, nlmFRequest, 1, 0, cat(nfgen, c.body))), 0)[0]
		got := []string{m.TypeName + " " + m.Summary}
		flat("", m.Attrs, &got)
		if m.Problem != "" {
			got = append(got, "problem "+m.Problem)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("type %#x (-want +got):\n%s", c.typ, diff)
		}
	}
}

// TestNftablesChainHooks: a chain's hook is named by the family's hooks.
func TestNftablesChainHooks(t *testing.T) {
	for _, c := range []struct {
		family byte
		want   string
	}{{1, "NF_INET_PRE_ROUTING"}, {5, "NF_NETDEV_INGRESS"}, {3, "NF_ARP_IN"}, {7, "NF_BR_PRE_ROUTING"}} {
		body := cat([]byte{c.family, 0, 0, 0}, nla(3, str("c")), nestF(4, nla(1, be32b(0)), nla(2, be32b(0xffffff9c))))
		m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(0x0a03, nlmFRequest, 1, 0, body)), 0)[0]
		var got []string
		flat("", m.Attrs, &got)
		want := []string{`NFTA_CHAIN_NAME="c"`, "NFTA_CHAIN_HOOK.NFTA_HOOK_HOOKNUM=" + c.want, "NFTA_CHAIN_HOOK.NFTA_HOOK_PRIORITY=-100"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("family %d (-want +got):\n%s", c.family, diff)
		}
	}
}
