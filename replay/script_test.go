package replay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// readCapture builds the script of a testdata capture.
func readCapture(t testing.TB, name string) *Script {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "captures", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadScript(r)
	if err != nil {
		t.Fatalf("ReadScript(%s): %v", name, err)
	}
	return s
}

// describe gives one line per exchange: request types, then answer types
// with the error of each NLMSG_ERROR, and "!" when not complete.
func describe(s *Script) []string {
	var out []string
	for _, e := range s.Exchanges {
		var req, ans []string
		for _, m := range e.Messages {
			req = append(req, fmt.Sprintf("%s/0x%x", typeName(e.Family, m, s.GenlFamilies), uint16(m.Header.Flags)))
		}
		counts := map[string]int{}
		var order []string
		for _, m := range e.Answers {
			n := typeName(e.Family, m, s.GenlFamilies)
			if uint16(m.Header.Type) == nlmsgError {
				n += " " + parseAck(m, s.ByteOrder, 20).String()
			}
			if counts[n] == 0 {
				order = append(order, n)
			}
			counts[n]++
		}
		for _, n := range order {
			if counts[n] > 1 {
				n = fmt.Sprintf("%d×%s", counts[n], n)
			}
			ans = append(ans, n)
		}
		if len(ans) == 0 {
			ans = []string{"(none)"}
		}
		line := fmt.Sprintf("%d: %s -> %s", e.Index, strings.Join(req, ","), strings.Join(ans, ", "))
		if !e.Complete {
			line += " !"
		}
		out = append(out, line)
	}
	return out
}

func TestScriptCaptures(t *testing.T) {
	tests := []struct {
		file          string
		want          []string
		notifications int
		genl          map[uint16]string // subset that must be learned
	}{
		{
			file: "rtnl-basic.pcap",
			want: []string{
				// ip link add d0 type dummy: probe, then create
				"0: RTM_NEWLINK/0x5 -> NLMSG_ERROR ENODEV (19)",
				"1: RTM_NEWLINK/0x605 -> NLMSG_ERROR ACK",
				// ip link set d0 up
				"2: RTM_NEWLINK/0x5 -> NLMSG_ERROR ENODEV (19)",
				"3: RTM_GETLINK/0x1 -> RTM_NEWLINK",
				"4: RTM_NEWLINK/0x5 -> NLMSG_ERROR ACK", /* IFF_UP */
				// ip addr add 10.9.0.1/24 dev d0
				"5: RTM_GETLINK/0x1 -> RTM_NEWLINK",
				"6: RTM_NEWADDR/0x605 -> NLMSG_ERROR ACK",
				// ip -6 addr add fd00::1/64 dev d0
				"7: RTM_GETLINK/0x1 -> RTM_NEWLINK",
				"8: RTM_NEWADDR/0x605 -> NLMSG_ERROR ACK",
				// ip route add 10.10.0.0/16 via 10.9.0.2
				"9: RTM_NEWROUTE/0x605 -> NLMSG_ERROR ACK",
				// ip neigh add: link dump for the name, then the neighbour
				"10: RTM_GETLINK/0x301 -> 4×RTM_NEWLINK, NLMSG_DONE",
				"11: RTM_NEWNEIGH/0x605 -> NLMSG_ERROR ACK",
				// ip link show
				"12: RTM_NEWLINK/0x5 -> NLMSG_ERROR ENODEV (19)",
				"13: RTM_GETLINK/0x301 -> 4×RTM_NEWLINK, NLMSG_DONE",
				// ip addr show
				"14: RTM_GETLINK/0x301 -> 4×RTM_NEWLINK, NLMSG_DONE",
				"15: RTM_GETADDR/0x301 -> 5×RTM_NEWADDR, NLMSG_DONE",
				// ip route show
				"16: RTM_GETROUTE/0x301 -> 2×RTM_NEWROUTE, NLMSG_DONE",
				"17: RTM_GETLINK/0x1 -> RTM_NEWLINK",
				// ip link del d0
				"18: RTM_NEWLINK/0x5 -> NLMSG_ERROR ENODEV (19)",
				"19: RTM_GETLINK/0x1 -> RTM_NEWLINK",
				"20: RTM_DELLINK/0x5 -> NLMSG_ERROR ACK",
			},
			genl: map[uint16]string{0x10: "nlctrl"},
		},
		{
			file: "genl-ctrl.pcap",
			want: []string{
				// genl ctrl list
				"0: nlctrl CTRL_CMD_GETFAMILY/0x301 -> 15×nlctrl CTRL_CMD_NEWFAMILY, NLMSG_DONE",
				// genl ctrl get name nlctrl
				"1: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				// genl ctrl get name nosuchfamily
				"2: nlctrl CTRL_CMD_GETFAMILY/0x5 -> NLMSG_ERROR ENOENT (2)",
			},
			genl: map[uint16]string{0x10: "nlctrl", 0x14: "ethtool", 0x1b: "tcp_metrics"},
		},
		{
			file: "genl-ethtool.pcap",
			want: []string{
				// ethtool d0: LINKMODES, LINKINFO, WOL, DEBUG, LINKSTATE
				"0: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				"1: ethtool ETHTOOL_MSG_LINKMODES_GET/0x5 -> NLMSG_ERROR EOPNOTSUPP (95) \"failed to retrieve link settings\"",
				"2: ethtool ETHTOOL_MSG_LINKINFO_GET/0x5 -> NLMSG_ERROR EOPNOTSUPP (95) \"failed to retrieve link settings\"",
				"3: ethtool ETHTOOL_MSG_WOL_GET/0x5 -> NLMSG_ERROR EOPNOTSUPP (95)",
				"4: ethtool ETHTOOL_MSG_DEBUG_GET/0x5 -> NLMSG_ERROR EOPNOTSUPP (95)",
				"5: ethtool ETHTOOL_MSG_LINKSTATE_GET/0x5 -> ethtool ETHTOOL_MSG_LINKSTATE_GET_REPLY, NLMSG_ERROR ACK",
				// ethtool -k d0: FEATURES_GET, STRSET_GET
				"6: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				"7: ethtool ETHTOOL_MSG_FEATURES_GET/0x5 -> ethtool ETHTOOL_MSG_FEATURES_GET_REPLY, NLMSG_ERROR ACK",
				"8: ethtool ETHTOOL_MSG_STRSET_GET/0x5 -> ethtool ETHTOOL_MSG_STRSET_GET_REPLY, NLMSG_ERROR ACK",
				// ethtool -i d0 is ioctl only; ethtool -K d0 tso off: FEATURES_SET
				"9: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				"10: ethtool ETHTOOL_MSG_STRSET_GET/0x5 -> ethtool ETHTOOL_MSG_STRSET_GET_REPLY, NLMSG_ERROR ACK",
				"11: ethtool ETHTOOL_MSG_FEATURES_SET/0x5 -> ethtool ETHTOOL_MSG_FEATURES_SET_REPLY, NLMSG_ERROR ACK",
				// ethtool -g d0: RINGS_GET
				"12: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				"13: ethtool ETHTOOL_MSG_RINGS_GET/0x5 -> NLMSG_ERROR EOPNOTSUPP (95)",
				// ethtool --json -k d0
				"14: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK",
				"15: ethtool ETHTOOL_MSG_FEATURES_GET/0x5 -> ethtool ETHTOOL_MSG_FEATURES_GET_REPLY, NLMSG_ERROR ACK",
				"16: ethtool ETHTOOL_MSG_STRSET_GET/0x5 -> ethtool ETHTOOL_MSG_STRSET_GET_REPLY, NLMSG_ERROR ACK",
			},
			genl: map[uint16]string{0x10: "nlctrl", 0x14: "ethtool"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := readCapture(t, tt.file)
			if diff := cmp.Diff(tt.want, describe(s)); diff != "" {
				t.Errorf("exchanges (-want +got):\n%s", diff)
			}
			if len(s.Notifications) != tt.notifications {
				t.Errorf("%d notifications, want %d", len(s.Notifications), tt.notifications)
			}
			for id, name := range tt.genl {
				if s.GenlFamilies[id] != name {
					t.Errorf("GenlFamilies[0x%x] = %q, want %q", id, s.GenlFamilies[id], name)
				}
			}
			for i, e := range s.Exchanges {
				if e.Index != i || len(e.Request) == 0 || e.Timestamp.IsZero() {
					t.Errorf("exchange %d: Index %d, %d request bytes, time %v", i, e.Index, len(e.Request), e.Timestamp)
				}
				if len(e.AnswerRecords) != len(e.Answers) {
					t.Errorf("exchange %d: %d answer records for %d answers", i, len(e.AnswerRecords), len(e.Answers))
				}
			}
		})
	}
}

// TestScriptKeepsRequestBytes checks that a request with iproute2's zero
// tail is kept whole: the tail is sent again on replay.
func TestScriptKeepsRequestBytes(t *testing.T) {
	s := readCapture(t, "rtnl-basic.pcap")
	e := s.Exchanges[15] // RTM_GETADDR dump: 24-byte message + 128 zero bytes? (iproute2 buffer)
	if got := int(e.Messages[0].Header.Length); len(e.Request) <= got {
		t.Fatalf("request is %d bytes, message %d: zero tail lost", len(e.Request), got)
	}
}

// Byte fixtures: msg builds one netlink message in little-endian order.
func msg(typ, flags uint16, seq, pid uint32, body ...byte) []byte {
	b := make([]byte, 16, 16+len(body))
	binary.LittleEndian.PutUint32(b, uint32(16+len(body)))
	binary.LittleEndian.PutUint16(b[4:], typ)
	binary.LittleEndian.PutUint16(b[6:], flags)
	binary.LittleEndian.PutUint32(b[8:], seq)
	binary.LittleEndian.PutUint32(b[12:], pid)
	b = append(b, body...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// ack builds an NLMSG_ERROR with errno (positive) echoing a 16-byte header.
func ack(seq, pid uint32, errno int32) []byte {
	body := binary.LittleEndian.AppendUint32(nil, uint32(-errno))
	body = append(body, make([]byte, 16)...)
	return msg(nlmsgError, 0x100, seq, pid, body...)
}

func rec(f nlcap.Family, parts ...[]byte) nlcap.Record {
	var d []byte
	for _, p := range parts {
		d = append(d, p...)
	}
	return nlcap.Record{Family: f, ByteOrder: binary.LittleEndian, Data: d, OrigLen: len(d), Timestamp: time.Unix(1, 0)}
}

func TestNewScriptCrafted(t *testing.T) {
	const (
		route = nlcap.FamilyRoute
		nf    = nlcap.FamilyNetfilter
	)
	tests := []struct {
		name          string
		recs          []nlcap.Record
		want          []string
		notifications int
		err           error
	}{
		{
			name: "pid 0 request paired with the kernel port id",
			recs: []nlcap.Record{
				rec(route, msg(16, 0x605, 7, 0)),
				rec(route, ack(7, 4242, 0)),
			},
			want: []string{"0: RTM_NEWLINK/0x605 -> NLMSG_ERROR ACK"},
		},
		{
			name: "two open pid 0 requests with one seq: ambiguous, notification",
			recs: []nlcap.Record{
				rec(route, msg(16, 0x605, 7, 0)),
				rec(route, msg(20, 0x605, 7, 0)),
				rec(route, ack(7, 4242, 0)),
			},
			want:          []string{"0: RTM_NEWLINK/0x605 -> (none) !", "1: RTM_NEWADDR/0x605 -> (none) !"},
			notifications: 1,
		},
		{
			name: "exact pid wins over pid 0",
			recs: []nlcap.Record{
				rec(route, msg(16, 0x605, 7, 0)),
				rec(route, msg(20, 0x605, 7, 99)),
				rec(route, ack(7, 99, 17)),
			},
			want: []string{"0: RTM_NEWLINK/0x605 -> (none) !", "1: RTM_NEWADDR/0x605 -> NLMSG_ERROR EEXIST (17)"},
		},
		{
			name: "notification with the requester's seq before the ACK",
			recs: []nlcap.Record{
				rec(route, msg(16, 0x605, 7, 0)),
				rec(route, msg(16, 0, 7, 4242, make([]byte, 16)...)),
				rec(route, ack(7, 4242, 0)),
			},
			want:          []string{"0: RTM_NEWLINK/0x605 -> NLMSG_ERROR ACK"},
			notifications: 1,
		},
		{
			name: "other family does not pair",
			recs: []nlcap.Record{
				rec(route, msg(16, 0x605, 7, 0)),
				rec(nlcap.FamilyGeneric, ack(7, 4242, 0)),
			},
			want:          []string{"0: RTM_NEWLINK/0x605 -> (none) !"},
			notifications: 1,
		},
		{
			name: "dump parts and DONE",
			recs: []nlcap.Record{
				rec(route, msg(18, 0x301, 9, 0, make([]byte, 16)...), make([]byte, 64)),
				rec(route, msg(16, 2, 9, 5, make([]byte, 16)...), msg(16, 2, 9, 5, make([]byte, 16)...)),
				rec(route, msg(nlmsgDone, 2, 9, 5, 0, 0, 0, 0)),
				rec(route, msg(16, 0, 0, 0, make([]byte, 16)...)),
			},
			want:          []string{"0: RTM_GETLINK/0x301 -> 2×RTM_NEWLINK, NLMSG_DONE"},
			notifications: 1,
		},
		{
			name: "nft batch without ACK stays open for errors until the next request",
			recs: []nlcap.Record{
				rec(nf, msg(0x10, 1, 1, 0, 0, 0, 0x0a, 0), msg(0x0a00, 0x401, 2, 0, 2, 0, 0, 0), msg(0x11, 1, 3, 0, 0, 0, 0x0a, 0)),
				rec(nf, ack(2, 300, 22)),
				rec(nf, msg(0x0a10, 1, 4, 0, 2, 0, 0, 0)),
				rec(nf, ack(2, 300, 22)),
			},
			want: []string{
				"0: NFNL_MSG_BATCH_BEGIN/0x1,NFT_MSG_NEWTABLE/0x401,NFNL_MSG_BATCH_END/0x1 -> NLMSG_ERROR EINVAL (22)",
				"1: NFT_MSG_GETGEN/0x1 -> (none)",
			},
			notifications: 1,
		},
		{
			name: "GET with ACK waits for the ACK after the reply",
			recs: []nlcap.Record{
				rec(nlcap.FamilyGeneric, msg(0x10, 5, 3, 0, 3, 1, 0, 0)),
				rec(nlcap.FamilyGeneric, msg(0x10, 0, 3, 77, 1, 2, 0, 0)),
				rec(nlcap.FamilyGeneric, ack(3, 77, 0)),
			},
			want: []string{"0: nlctrl CTRL_CMD_GETFAMILY/0x5 -> nlctrl CTRL_CMD_NEWFAMILY, NLMSG_ERROR ACK"},
		},
		{name: "no records", err: ErrNoRequests},
		{
			name: "only kernel messages",
			recs: []nlcap.Record{rec(route, ack(1, 2, 0))},
			err:  ErrNoRequests,
		},
		{
			name: "truncated message",
			recs: []nlcap.Record{rec(route, msg(16, 5, 1, 0)[:10])},
			err:  errNotNetlink,
		},
		{
			name: "length past the record",
			recs: []nlcap.Record{{Family: route, ByteOrder: binary.LittleEndian, Data: append(msg(16, 5, 1, 0), 40, 0, 0, 0, 16, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0)}},
			err:  nlcap.ErrTruncatedMessage,
		},
		{
			name: "snapped record cut inside its message",
			recs: []nlcap.Record{{Family: route, ByteOrder: binary.LittleEndian, Data: msg(16, 5, 1, 0, make([]byte, 16)...)[:20], OrigLen: 32}},
			err:  errSnapped,
		},
		{
			name: "snapped record",
			recs: []nlcap.Record{{Family: route, ByteOrder: binary.LittleEndian, Data: msg(16, 5, 1, 0), OrigLen: 400}},
			err:  errSnapped,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScript(tt.recs)
			if !errors.Is(err, tt.err) {
				t.Fatalf("NewScript: error %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			var got []string
			for _, l := range describe(s) {
				got = append(got, strings.TrimSpace(l))
			}
			var want []string
			for _, l := range tt.want {
				want = append(want, strings.TrimSpace(l))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("exchanges (-want +got):\n%s", diff)
			}
			if len(s.Notifications) != tt.notifications {
				t.Errorf("%d notifications, want %d", len(s.Notifications), tt.notifications)
			}
		})
	}
}

// TestScriptOwnsItsBytes checks that a script shares no memory with the
// records it was built from, and that appending to one exchange's slices
// (they live in the builder's arenas) does not overwrite another's.
func TestScriptOwnsItsBytes(t *testing.T) {
	recs := []nlcap.Record{
		rec(nlcap.FamilyRoute, msg(16, 0x605, 7, 0, 1, 2, 3, 4)),
		rec(nlcap.FamilyRoute, ack(7, 4242, 0)),
		rec(nlcap.FamilyRoute, msg(20, 0x605, 8, 0, 5, 6, 7, 8)),
		rec(nlcap.FamilyRoute, ack(8, 4242, 17)),
	}
	s, err := NewScript(recs)
	if err != nil {
		t.Fatal(err)
	}
	want := describe(s)
	wantReq := slices.Clone(s.Exchanges[1].Request)
	for _, r := range recs {
		clear(r.Data)
	}
	_ = append(s.Exchanges[0].Request, 0xff, 0xff, 0xff, 0xff)
	_ = append(s.Exchanges[0].Messages[0].Data, 0xff, 0xff, 0xff, 0xff)
	_ = append(s.Exchanges[0].Messages, netlink.Message{})
	_ = append(s.Exchanges[0].Answers, netlink.Message{})
	_ = append(s.Exchanges[0].AnswerRecords, 99)
	if diff := cmp.Diff(want, describe(s)); diff != "" {
		t.Errorf("exchanges changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantReq, s.Exchanges[1].Request); diff != "" {
		t.Errorf("request 1 changed (-want +got):\n%s", diff)
	}
	if got := s.Exchanges[1].AnswerRecords; !slices.Equal(got, []int{3}) {
		t.Errorf("request 1 answer records %v, want [3]", got)
	}
}

// TestReadScriptMatchesNewScript checks that the streaming ReadScript and
// NewScript on the same records build the same script.
func TestReadScriptMatchesNewScript(t *testing.T) {
	file := routeBatchCapture(t, 300)
	r, err := pcap.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	want, err := NewScript(recs)
	if err != nil {
		t.Fatal(err)
	}
	r, err = pcap.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadScript(r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(sameOrder)); diff != "" {
		t.Errorf("ReadScript differs from NewScript (-new +read):\n%s", diff)
	}
	if len(got.Exchanges) != 300 || !got.Exchanges[299].Complete {
		t.Errorf("%d exchanges, last complete %v", len(got.Exchanges), got.Exchanges[len(got.Exchanges)-1].Complete)
	}
}

func TestAddGenlFamilies(t *testing.T) {
	s := readCapture(t, "genl-ethtool.pcap")
	s.AddGenlFamilies(map[uint16]string{0x14: "other", 0x22: "wireguard"})
	want := map[uint16]string{0x10: "nlctrl", 0x14: "ethtool", 0x22: "wireguard"}
	if diff := cmp.Diff(want, s.GenlFamilies); diff != "" {
		t.Errorf("GenlFamilies (-want +got):\n%s", diff)
	}
	if g := s.GenlGroups[4]; g != (GenlGroup{Family: "ethtool", Name: "monitor"}) {
		t.Errorf("GenlGroups[4] = %+v", g)
	}
}

var _ = netlink.Message{}
