package replay

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// msgs parses little-endian fixtures made with msg/ack into messages.
func msgs(t testing.TB, parts ...[]byte) []netlink.Message {
	t.Helper()
	r := rec(nlcap.FamilyRoute, parts...)
	out, err := parseMessages(&r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// extack builds a failing NLMSG_ERROR with NLMSGERR_ATTR_MSG.
func extack(seq, pid uint32, errno int32, text string) []byte {
	body := binary.LittleEndian.AppendUint32(nil, uint32(-errno))
	body = append(body, make([]byte, 16)...)
	p := append([]byte(text), 0)
	body = appendAttr(body, binary.LittleEndian, 1, p)
	return msg(nlmsgError, 0x300, seq, pid, body...)
}

// link builds an RTM_NEWLINK dump part: ifinfomsg with index, then
// IFLA_IFNAME and IFLA_STATS64 (a counter) attributes.
func link(seq, pid uint32, index int32, name string, rxPackets uint64, ifiType uint16) []byte {
	var b []byte
	b = append(b, 0, 0)
	b = binary.LittleEndian.AppendUint16(b, ifiType)
	b = binary.LittleEndian.AppendUint32(b, uint32(index))
	b = binary.LittleEndian.AppendUint32(b, 0x1043) // ifi_flags
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = appendAttr(b, binary.LittleEndian, 3, append([]byte(name), 0))                           // IFLA_IFNAME
	b = appendAttr(b, binary.LittleEndian, 23, binary.LittleEndian.AppendUint64(nil, rxPackets)) // IFLA_STATS64
	return msg(16, 2, seq, pid, b...)
}

func done(seq, pid uint32) []byte { return msg(nlmsgDone, 2, seq, pid, 0, 0, 0, 0) }

// qdisc builds an RTM_NEWQDISC dump part: tcmsg with ifindex, TCA_KIND and
// TCA_STATS2 (counters).
func qdisc(ifindex uint32, kind string, bytes uint64) []byte {
	b := make([]byte, 20)
	binary.LittleEndian.PutUint32(b[4:], ifindex)
	binary.LittleEndian.PutUint32(b[8:], 0x80010000) // tcm_handle
	b = appendAttr(b, binary.LittleEndian, 1, append([]byte(kind), 0))
	b = appendAttr(b, binary.LittleEndian, 7|0x8000, appendAttr(nil, binary.LittleEndian, 1, binary.LittleEndian.AppendUint64(nil, bytes)))
	return msg(36, 2, 1, 1, b...)
}

// nexthop builds an RTM_NEWNEXTHOP dump part with NHA_ID and NHA_OIF.
func nexthop(id, oif uint32) []byte {
	b := []byte{2, 0, 0, 0, 0, 0, 0, 0}
	b = appendAttr(b, binary.LittleEndian, 1, binary.LittleEndian.AppendUint32(nil, id))
	b = appendAttr(b, binary.LittleEndian, 5, binary.LittleEndian.AppendUint32(nil, oif))
	return msg(104, 2, 1, 1, b...)
}

func TestCompare(t *testing.T) {
	le := &CompareOptions{Family: nlcap.FamilyRoute, ByteOrder: binary.LittleEndian}
	tests := []struct {
		name           string
		recorded, live [][]byte
		opts           *CompareOptions
		match          bool
		reason         string // substring of Verdict.Reason
		diff           []string
	}{
		{
			name:     "same ACK, other seq and pid",
			recorded: [][]byte{ack(1, 100, 0)},
			live:     [][]byte{ack(9, 200, 0)},
			match:    true,
		},
		{
			name:     "different errno",
			recorded: [][]byte{ack(1, 100, 0)},
			live:     [][]byte{ack(1, 100, 17)},
			reason:   "errno: recorded ACK, live EEXIST (17)",
			diff:     []string{"- NLMSG_ERROR [CAPPED] len 36: ACK", "+ NLMSG_ERROR [CAPPED] len 36: EEXIST (File exists)"},
		},
		{
			name:     "different extack",
			recorded: [][]byte{extack(1, 100, 22, "Invalid prefix")},
			live:     [][]byte{extack(1, 100, 22, "Nexthop has invalid gateway")},
			reason:   `extended ACK: recorded "Invalid prefix", live "Nexthop has invalid gateway"`,
		},
		{
			name:     "same errno and extack",
			recorded: [][]byte{extack(1, 100, 101, "Nexthop has invalid gateway")},
			live:     [][]byte{extack(5, 7, 101, "Nexthop has invalid gateway")},
			match:    true,
		},
		{
			name:     "missing answer",
			recorded: [][]byte{ack(1, 100, 0)},
			live:     nil,
			reason:   "recorded ACK, live sent no error message",
		},
		{
			name:     "dump with reordered objects, other indexes and counters",
			recorded: [][]byte{link(1, 5, 1, "lo", 10, 772), link(1, 5, 2, "d0", 0, 1), done(1, 5)},
			live:     [][]byte{link(2, 6, 7, "d0", 99, 1), link(2, 6, 1, "lo", 3, 772), done(2, 6)},
			match:    true,
		},
		{
			name:     "nlmon link in the recorded dump only",
			recorded: [][]byte{link(1, 5, 1, "lo", 0, 772), link(1, 5, 3, "nlmon0", 0, 824), done(1, 5)},
			live:     [][]byte{link(2, 6, 1, "lo", 0, 772), done(2, 6)},
			match:    true,
		},
		{
			name:     "dump with one more object",
			recorded: [][]byte{link(1, 5, 1, "lo", 0, 772), done(1, 5)},
			live:     [][]byte{link(2, 6, 1, "lo", 0, 772), link(2, 6, 2, "d0", 0, 1), done(2, 6)},
			reason:   "answers: recorded 1 NLMSG_DONE, 1 RTM_NEWLINK, live 1 NLMSG_DONE, 2 RTM_NEWLINK",
			diff:     []string{"+ RTM_NEWLINK [MULTI] len 52: ifindex 2 d0 up", "+     IFLA_IFNAME: \"d0\""},
		},
		{
			name:     "dump with a renamed object",
			recorded: [][]byte{link(1, 5, 1, "lo", 0, 772), link(1, 5, 2, "d0", 0, 1), done(1, 5)},
			live:     [][]byte{link(2, 6, 1, "lo", 0, 772), link(2, 6, 2, "d1", 0, 1), done(2, 6)},
			reason:   "answers: 1 of 2 objects differ",
		},
		{
			name:     "tc and nexthop objects: other ifindexes and counters",
			recorded: [][]byte{qdisc(3, "fq_codel", 100), nexthop(9, 3), done(1, 1)},
			live:     [][]byte{nexthop(9, 2), qdisc(2, "fq_codel", 5000), done(1, 1)},
			match:    true,
		},
		{
			name:     "tc objects of another kind",
			recorded: [][]byte{qdisc(3, "fq_codel", 100), done(1, 1)},
			live:     [][]byte{qdisc(2, "noqueue", 100), done(1, 1)},
			reason:   "1 of 1 objects differ",
		},
		{
			name:     "nexthop with another id",
			recorded: [][]byte{nexthop(9, 3), done(1, 1)},
			live:     [][]byte{nexthop(10, 3), done(1, 1)},
			reason:   "1 of 1 objects differ",
		},
		{
			name:     "exact mode sees counters",
			recorded: [][]byte{link(1, 5, 1, "lo", 10, 772)},
			live:     [][]byte{link(1, 5, 1, "lo", 11, 772)},
			opts:     &CompareOptions{Family: nlcap.FamilyRoute, ByteOrder: binary.LittleEndian, Exact: true},
			reason:   "answers: 1 of 1 objects differ",
		},
		{
			name:     "genl ids compared by family name",
			recorded: [][]byte{msg(0x14, 0, 1, 5, 6, 1, 0, 0), ack(1, 5, 0)},
			live:     [][]byte{msg(0x15, 0, 1, 5, 6, 1, 0, 0), ack(1, 5, 0)},
			opts: &CompareOptions{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
				RecordedGenl: map[uint16]string{0x14: "ethtool"}, LiveGenl: map[uint16]string{0x15: "ethtool"}},
			match: true,
		},
		{
			name:     "genl different family",
			recorded: [][]byte{msg(0x14, 0, 1, 5, 6, 1, 0, 0)},
			live:     [][]byte{msg(0x14, 0, 1, 5, 6, 1, 0, 0)},
			opts: &CompareOptions{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
				RecordedGenl: map[uint16]string{0x14: "ethtool"}, LiveGenl: map[uint16]string{0x14: "devlink"}},
			reason: "answers: recorded 1 ethtool ETHTOOL_MSG_LINKSTATE_GET_REPLY, live 1 devlink DEVLINK_CMD_PORT_SET",
		},
		{
			// struct ovs_header's dp_ifindex is an ifindex (the family's
			// header after genlmsghdr): other ids match.
			name:     "ovs datapath with another dp_ifindex",
			recorded: [][]byte{msg(0x21, 0, 1, 5, 1, 2, 0, 0, 3, 0, 0, 0, 8, 0, 1, 0, 'd', 'p', '0', 0)},
			live:     [][]byte{msg(0x22, 0, 1, 5, 1, 2, 0, 0, 9, 0, 0, 0, 8, 0, 1, 0, 'd', 'p', '0', 0)},
			opts: &CompareOptions{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
				RecordedGenl: map[uint16]string{0x21: "ovs_datapath"}, LiveGenl: map[uint16]string{0x22: "ovs_datapath"}},
			match: true,
		},
		{
			name:     "ovs datapath with another name",
			recorded: [][]byte{msg(0x21, 0, 1, 5, 1, 2, 0, 0, 3, 0, 0, 0, 8, 0, 1, 0, 'd', 'p', '0', 0)},
			live:     [][]byte{msg(0x22, 0, 1, 5, 1, 2, 0, 0, 3, 0, 0, 0, 8, 0, 1, 0, 'd', 'p', '1', 0)},
			opts: &CompareOptions{Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
				RecordedGenl: map[uint16]string{0x21: "ovs_datapath"}, LiveGenl: map[uint16]string{0x22: "ovs_datapath"}},
			reason: "1 of 1 objects differ",
			diff:   []string{`OVS_DP_ATTR_NAME: "dp1"`},
		},
		{
			name:     "garbage does not panic",
			recorded: [][]byte{msg(16, 2, 1, 1, 1, 2, 3), msg(nlmsgError, 0x300, 1, 1, 1)},
			live:     [][]byte{msg(16, 2, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 8, 0)},
			reason:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if opts == nil {
				opts = le
			}
			r, l := msgs(t, tt.recorded...), msgs(t, tt.live...)
			if len(tt.live) == 0 {
				l = nil
			}
			v := Compare(r, l, opts)
			if v.Match != tt.match {
				t.Fatalf("Match = %v, want %v (reason %q)\n%s", v.Match, tt.match, v.Reason, v.Diff)
			}
			if !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", v.Reason, tt.reason)
			}
			// Only a difference inside the objects is ContentOnly (what
			// linkwatch can make, and replay asks again for).
			if want := strings.Contains(v.Reason, "objects differ"); v.ContentOnly != want {
				t.Errorf("ContentOnly = %v for %q", v.ContentOnly, v.Reason)
			}
			for _, l := range tt.diff {
				if !strings.Contains(v.Diff, l) {
					t.Errorf("Diff lacks %q:\n%s", l, v.Diff)
				}
			}
			err := v.Err(3, r, l)
			if tt.match != (err == nil) {
				t.Fatalf("Err = %v with Match %v", err, v.Match)
			}
			if err != nil {
				var me *MismatchError
				if !errors.As(err, &me) || me.Index != 3 || !errors.Is(err, ErrMismatch) {
					t.Errorf("Err = %#v, want a *MismatchError for index 3 that is ErrMismatch", err)
				}
			}
		})
	}
}

// TestCompareCaptureWithItself compares every recorded exchange with
// itself (after a seq/pid rewrite): all must match.
func TestCompareCaptureWithItself(t *testing.T) {
	for _, name := range []string{"rtnl-basic.pcap", "genl-ctrl.pcap", "genl-ethtool.pcap"} {
		s := readCapture(t, name)
		for _, e := range s.Exchanges {
			live := make([]netlink.Message, len(e.Answers))
			for i, m := range e.Answers {
				m.Header.Sequence += 1000
				m.Header.PID = 1
				live[i] = m
			}
			opts := &CompareOptions{Family: e.Family, ByteOrder: s.ByteOrder, RecordedGenl: s.GenlFamilies, LiveGenl: s.GenlFamilies}
			if v := Compare(e.Answers, live, opts); !v.Match {
				t.Errorf("%s exchange %d: %s\n%s", name, e.Index, v.Reason, v.Diff)
			}
		}
	}
}

// TestCompareGenlByName checks that genl answers compare by family name
// across boots (other ids) and that the wireguard device ifindex is
// normalised while its other attributes are not.
func TestCompareGenlByName(t *testing.T) {
	wgDevice := func(typ uint16, ifindex uint32, port uint16) []byte {
		b := []byte{0, 1, 0, 0}                                                                   // genlmsghdr: WG_CMD_GET_DEVICE, version 1
		b = appendAttr(b, binary.LittleEndian, 1, binary.LittleEndian.AppendUint32(nil, ifindex)) // WGDEVICE_A_IFINDEX
		b = appendAttr(b, binary.LittleEndian, 2, []byte("wg0\x00"))                              // WGDEVICE_A_IFNAME
		b = appendAttr(b, binary.LittleEndian, 6, binary.LittleEndian.AppendUint16(nil, port))    // WGDEVICE_A_LISTEN_PORT
		return msg(typ, 2, 1, 1, b...)
	}
	gmsgs := func(parts ...[]byte) []netlink.Message {
		r := rec(nlcap.FamilyGeneric, parts...)
		out, err := parseMessages(&r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	opts := &CompareOptions{
		Family: nlcap.FamilyGeneric, ByteOrder: binary.LittleEndian,
		RecordedGenl: map[uint16]string{0x20: "wireguard"}, LiveGenl: map[uint16]string{0x21: "wireguard"},
	}
	rec := gmsgs(wgDevice(0x20, 3, 0), done(1, 1))
	if v := Compare(rec, gmsgs(wgDevice(0x21, 2, 0), done(7, 9)), opts); !v.Match {
		t.Errorf("other id and ifindex: %s\n%s", v.Reason, v.Diff)
	}
	if v := Compare(rec, gmsgs(wgDevice(0x21, 2, 51820), done(7, 9)), opts); v.Match || !strings.Contains(v.Diff, "- ") {
		t.Errorf("other listen port: match %v, diff %q; want a divergence with a diff", v.Match, v.Diff)
	}
	other := *opts
	other.LiveGenl = map[uint16]string{0x21: "fou"}
	if v := Compare(rec, gmsgs(wgDevice(0x21, 3, 0), done(7, 9)), &other); v.Match || !strings.Contains(v.Reason, "wireguard") {
		t.Errorf("other family: match %v, reason %q; want a divergence naming wireguard", v.Match, v.Reason)
	}
}

// neigh builds an RTM_NEWNEIGH dump part (struct ndmsg, NDA_DST) for an
// IPv4 address with the given state and type.
func neigh(seq uint32, ifindex int32, state uint16, ntype uint8, dst [4]byte) []byte {
	b := []byte{2, 0, 0, 0} // AF_INET
	b = binary.LittleEndian.AppendUint32(b, uint32(ifindex))
	b = binary.LittleEndian.AppendUint16(b, state)
	b = append(b, 0, ntype)
	b = appendAttr(b, binary.LittleEndian, 1, dst[:]) // NDA_DST
	return msg(dissect.RTM_NEWNEIGH, 2, seq, 0, b...)
}

// TestCompareTransientNeighbours: a neighbour dump that differs only by the
// multicast NOARP entry an IGMP report made (224.0.0.22, made at a random
// time after a link comes up) answers the same; a dump that differs by a
// neighbour a request made does not, and neither does the transient entry
// with Exact.
func TestCompareTransientNeighbours(t *testing.T) {
	const noarp, reachable, unicast, multicast = 0x40, 0x2, 1, 5
	gw := neigh(1, 3, reachable, unicast, [4]byte{10, 0, 0, 1})
	igmp := neigh(1, 3, noarp, multicast, [4]byte{224, 0, 0, 22})
	recorded := msgs(t, gw, igmp, done(1, 0))
	live := msgs(t, gw, done(1, 0))
	if v := Compare(recorded, live, &CompareOptions{Family: nlcap.FamilyRoute}); !v.Match {
		t.Errorf("transient multicast entry: %s\n%s", v.Reason, v.Diff)
	}
	if v := Compare(recorded, live, &CompareOptions{Family: nlcap.FamilyRoute, Exact: true}); v.Match {
		t.Error("Exact: a dump without the multicast entry matched")
	}
	other := msgs(t, neigh(1, 3, reachable, unicast, [4]byte{10, 0, 0, 2}), igmp, done(1, 0))
	if v := Compare(recorded, other, &CompareOptions{Family: nlcap.FamilyRoute}); v.Match {
		t.Error("a different unicast neighbour matched")
	}
}
