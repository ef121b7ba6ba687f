package dissect

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// TestRtnlDepthCapture reads the lab capture rtnl-depth.pcap (tc, link
// kinds, rules, nexthops, bridge vlans and mdb, stats) and checks values
// the commands in rtnl-depth.cmds.txt set.
func TestRtnlDepthCapture(t *testing.T) {
	caps := capturesFrom(t, "../testdata/captures/rtnl-depth.pcap")
	d := NewDecoder(nil)
	var lines []string
	for i, r := range caps[0].records {
		for _, m := range d.Decode(r, i) {
			if m.Problem != "" {
				t.Errorf("record %d %s: %s", i, m.TypeName, m.Problem)
			}
			if len(m.Trailing) > 0 {
				t.Errorf("record %d %s: %d trailing bytes", i, m.TypeName, len(m.Trailing))
			}
			for _, l := range attrsByPath(m.Attrs) {
				lines = append(lines, m.TypeName+": "+l)
			}
		}
	}
	for _, want := range []string{
		// tc qdisc add dev d0 root handle 1: htb default 10
		"RTM_NEWQDISC: TCA_OPTIONS > TCA_HTB_INIT=version=3 rate2quantum=10 defcls=16 debug=0 direct_pkts=0",
		// class ... htb rate 10mbit ceil 20mbit
		"RTM_NEWTCLASS: TCA_OPTIONS > TCA_HTB_PARMS=rate.cell_log=3 rate.linklayer=1 rate.cell_align=-1 rate.rate=10Mbit ceil.cell_log=3 ceil.linklayer=1 ceil.cell_align=-1 ceil.rate=20Mbit",
		// fq_codel limit 1000 target 5ms interval 100ms
		"RTM_NEWQDISC: TCA_OPTIONS > TCA_FQ_CODEL_TARGET=5000",
		"RTM_NEWQDISC: TCA_OPTIONS > TCA_FQ_CODEL_INTERVAL=100000",
		// netem delay 10ms 1ms loss 1%: struct tc_netem_qopt, then attributes
		"RTM_NEWQDISC: TCA_OPTIONS=latency=",
		"RTM_NEWQDISC: TCA_OPTIONS > TCA_NETEM_LATENCY64=10000000",
		// prio bands 3
		"RTM_NEWQDISC: TCA_OPTIONS=bands=3 priomap=1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1",
		// flower ip_proto tcp dst_port 80 src_ip 10.0.0.0/8 action drop
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_FLOWER_KEY_IP_PROTO=IPPROTO_TCP",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_FLOWER_KEY_TCP_DST=80",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_FLOWER_KEY_IPV4_SRC_MASK=255.0.0.0",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_FLOWER_ACT > [1] > TCA_ACT_KIND=\"gact\"",
		// u32 match ip dst 10.1.0.0/16 action mirred egress redirect dev v0
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_U32_SEL=flags=0x1 nkeys=1 match 0a010000/ffff0000 at 16",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_U32_ACT > [1] > TCA_ACT_OPTIONS > TCA_MIRRED_PARMS=index=0 capab=0 action=TC_ACT_STOLEN refcnt=0 bindcnt=0 eaction=TCA_EGRESS_REDIR ifindex=",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_U32_CLASSID=1:20",
		// matchall action police rate 1mbit burst 10k conform-exceed drop
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_MATCHALL_ACT > [1] > TCA_ACT_OPTIONS > TCA_POLICE_TBF=action=TC_ACT_SHOT",
		// tc actions add action gact drop index 7
		"RTM_NEWACTION: TCA_ROOT_TAB > [1] > TCA_ACT_OPTIONS > TCA_GACT_PARMS=index=7 capab=0 action=TC_ACT_SHOT",
		// links
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_BOND_MODE=active-backup",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_BOND_MIIMON=100",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VRF_TABLE=10",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GENEVE_REMOTE=10.9.0.2",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GRE_IKEY=5",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GRE_REMOTE=10.9.0.2",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_IPTUN_REMOTE=fd00::2",
		// rules
		"RTM_NEWRULE: FRA_UID_RANGE=start=1000 end=2000",
		"RTM_NEWRULE: FRA_DPORT_RANGE=start=80 end=90",
		// bridge mdb and vlans
		"RTM_NEWMDB: MDBA_SET_ENTRY=ifindex=",
		" state=permanent flags=0 vid=10 addr=239.1.1.1 proto=ETH_P_IP", // the request; br0 is down: no answer (TestMDBAnswer)
		"RTM_NEWVLAN: BRIDGE_VLANDB_ENTRY > BRIDGE_VLANDB_ENTRY_RANGE=22",
		// ip stats show dev d0 group link
		"RTM_NEWSTATS: IFLA_STATS_LINK_64=",
	} {
		found := false
		for _, l := range lines {
			// A leading space: anywhere in the line (after an ifindex that
			// depends on the links the kernel made before).
			if strings.HasPrefix(l, want) || strings.HasPrefix(want, " ") && strings.Contains(l, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no line starting %q", want)
		}
	}
}

// TestSelectSpec: the spec SelectSpec picks decodes the payload, keeps the
// base spec's tags, and a SelectSpec that panics leaves the base spec.
func TestSelectSpec(t *testing.T) {
	inner := genSet("TCA_FQ_CODEL", genTCA_FQ_CODEL, u32a("TCA_FQ_CODEL_LIMIT")) // type 2
	base := &AttrSpec{Name: "OPT", Kind: KindBinary, Tags: TagVolatile, SelectSpec: func(s []Attr) *AttrSpec {
		switch siblingString(s, "KIND") {
		case "x":
			return nest("OPT", inner)
		case "boom":
			panic("select")
		}
		return nil
	}}
	set := &AttrSet{Name: "T", Attrs: map[uint16]*AttrSpec{1: strA("KIND"), 2: base}}
	ad := attrDecoder{order: le, maxDepth: DefaultMaxDepth}
	for _, tt := range []struct{ kind, want string }{
		{"x", "OPT > TCA_FQ_CODEL_LIMIT=1000"},
		{"y", "OPT=" + hexString(nla(2, u32(1000)))},
		{"boom", "OPT=" + hexString(nla(2, u32(1000)))},
	} {
		attrs, _ := ad.decode(cat(nla(1, str(tt.kind)), nla(2, nla(2, u32(1000)))), 0, set, 1)
		lines := attrsByPath(attrs)
		if len(lines) != 2 || lines[1] != tt.want {
			t.Errorf("kind %s: %q, want %q", tt.kind, lines, tt.want)
		}
	}
	if got := base.Resolve([]Attr{{Name: "KIND", Data: str("x")}}); got.Tags&TagVolatile == 0 || got.Nested != inner {
		t.Errorf("Resolve: %+v", got)
	}
}

// TestTcFifoOptions: pfifo_fast options are struct tc_prio_qopt, pfifo and
// bfifo struct tc_fifo_qopt (hand-built RTM_NEWQDISC answers).
func TestTcFifoOptions(t *testing.T) {
	tcmsg := cat([]byte{0, 0, 0, 0}, u32(2), u32(0), u32(0xffffffff), u32(1))
	prio := cat(u32(3), []byte{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1})
	for _, tt := range []struct {
		kind string
		opt  []byte
		want string
	}{
		{"pfifo_fast", prio, "TCA_OPTIONS=bands=3 priomap=1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1"},
		{"pfifo", u32(1000), "TCA_OPTIONS=limit=1000"},
		{"bfifo", u32(150000), "TCA_OPTIONS=limit=150000"},
	} {
		m := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(RTM_NEWQDISC, 0, 0, 0, tcmsg, nla(TCA_KIND, str(tt.kind)), nla(TCA_OPTIONS, tt.opt))), 0)[0]
		if lines := attrsByPath(m.Attrs); len(lines) != 2 || lines[1] != tt.want {
			t.Errorf("%s: %q, want %q", tt.kind, lines, tt.want)
		}
	}
}

// TestMDBAnswer decodes an RTM_GETMDB dump answer of the 6.1 lab kernel
// (from an earlier rtnl-depth capture, where br0 was up: the committed one
// keeps it down): `bridge mdb add dev br0 port v1 grp 239.1.1.1 permanent
// vid 10`, then `bridge mdb show`.
func TestMDBAnswer(t *testing.T) {
	b, err := hex.DecodeString("50000000560002009912136be00000000000000019000000" +
		"3800010034000100300001000400000001000a00ef010101" +
		"000000000000000000000000080000000800010000000000" +
		"0500050004000000")
	if err != nil {
		t.Fatal(err)
	}
	msgs := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, b), 0)
	if len(msgs) != 1 || msgs[0].Problem != "" || len(msgs[0].Trailing) > 0 {
		t.Fatalf("%+v", msgs)
	}
	want := []string{
		"MDBA_MDB > MDBA_MDB_ENTRY > MDBA_MDB_ENTRY_INFO=ifindex=4 state=permanent flags=0 vid=10 addr=239.1.1.1 proto=ETH_P_IP",
		"MDBA_MDB > MDBA_MDB_ENTRY > MDBA_MDB_ENTRY_INFO > MDBA_MDB_EATTR_TIMER=0",
		"MDBA_MDB > MDBA_MDB_ENTRY > MDBA_MDB_ENTRY_INFO > MDBA_MDB_EATTR_RTPROT=RTPROT_STATIC",
	}
	if got := attrsByPath(msgs[0].Attrs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
