package main

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// decoded returns nlcap's -vv view of m (type name, nfgenmsg, attributes):
// the numbers spelled here are checked against the UAPI names dissect
// generates from the kernel headers.
func decoded(t *testing.T, m netlink.Message) string {
	t.Helper()
	m.Header.Length = uint32(16 + len(m.Data))
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	msgs := dissect.NewDecoder(nil).Decode(nlcap.Record{Family: nlcap.FamilyNetfilter, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 {
		t.Fatalf("%d messages decoded, want 1", len(msgs))
	}
	d := msgs[0]
	if d.Problem != "" || len(d.Trailing) > 0 {
		t.Fatalf("%s: problem %q, %d trailing bytes", d.TypeName, d.Problem, len(d.Trailing))
	}
	var w []string
	w = append(w, d.TypeName)
	for _, f := range d.Fixed {
		w = append(w, f.Name+"="+f.Value)
	}
	for _, a := range d.Attrs {
		if a.Problem != "" {
			t.Fatalf("%s %s: %s", d.TypeName, a.Name, a.Problem)
		}
		w = append(w, a.Name+": "+a.Value)
	}
	return strings.Join(w, "\n")
}

func TestMessages(t *testing.T) {
	mark := uint32(verdictMark)
	for _, tc := range []struct {
		name string
		m    netlink.Message
		want string
		ack  bool
	}{
		{"queue pf unbind", queueCmd(0, dissect.NFQNL_CFG_CMD_PF_UNBIND, 2), `NFQNL_MSG_CONFIG
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=0
NFQA_CFG_CMD: command=NFQNL_CFG_CMD_PF_UNBIND pf=AF_INET`, true},
		{"queue bind", queueCmd(3, dissect.NFQNL_CFG_CMD_BIND, 2), `NFQNL_MSG_CONFIG
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=3
NFQA_CFG_CMD: command=NFQNL_CFG_CMD_BIND pf=AF_INET`, true},
		{"queue params", queueParams(3, 0xffff, 1024, dissect.NFQA_CFG_F_GSO|dissect.NFQA_CFG_F_CONNTRACK|dissect.NFQA_CFG_F_UID_GID|dissect.NFQA_CFG_F_SECCTX), `NFQNL_MSG_CONFIG
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=3
NFQA_CFG_PARAMS: copy_range=65535 copy_mode=NFQNL_COPY_PACKET
NFQA_CFG_QUEUE_MAXLEN: 1024
NFQA_CFG_FLAGS: NFQA_CFG_F_CONNTRACK|NFQA_CFG_F_GSO|NFQA_CFG_F_UID_GID|NFQA_CFG_F_SECCTX
NFQA_CFG_MASK: NFQA_CFG_F_CONNTRACK|NFQA_CFG_F_GSO|NFQA_CFG_F_UID_GID|NFQA_CFG_F_SECCTX`, true},
		{"verdict", verdict(3, false, dissect.NF_DROP, 7, nil), `NFQNL_MSG_VERDICT
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=3
NFQA_VERDICT_HDR: verdict=NF_DROP id=7`, false},
		{"verdict mark", verdict(3, false, dissect.NF_ACCEPT, 8, &mark), `NFQNL_MSG_VERDICT
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=3
NFQA_VERDICT_HDR: verdict=NF_ACCEPT id=8
NFQA_MARK: 0x2a`, false},
		{"verdict batch", verdict(3, true, dissect.NF_ACCEPT, 9, nil), `NFQNL_MSG_VERDICT_BATCH
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=3
NFQA_VERDICT_HDR: verdict=NF_ACCEPT id=9`, false},
		{"log pf bind", logCmd(0, dissect.NFULNL_CFG_CMD_PF_BIND, 2), `NFULNL_MSG_CONFIG
nfgen_family=NFPROTO_IPV4
version=0
res_id=0
NFULA_CFG_CMD: command=NFULNL_CFG_CMD_PF_BIND`, true},
		{"log unbind", logCmd(5, dissect.NFULNL_CFG_CMD_UNBIND, 0), `NFULNL_MSG_CONFIG
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=5
NFULA_CFG_CMD: command=NFULNL_CFG_CMD_UNBIND`, true},
		{"log params", logParams(5, 0xffff), `NFULNL_MSG_CONFIG
nfgen_family=NFPROTO_UNSPEC
version=0
res_id=5
NFULA_CFG_MODE: copy_range=65535 copy_mode=NFULNL_COPY_PACKET
NFULA_CFG_NLBUFSIZ: 16384
NFULA_CFG_TIMEOUT: 10
NFULA_CFG_QTHRESH: 1
NFULA_CFG_FLAGS: NFULNL_CFG_F_SEQ|NFULNL_CFG_F_CONNTRACK`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decoded(t, tc.m); got != tc.want {
				t.Errorf("decoded:\n%s\nwant:\n%s", got, tc.want)
			}
			if got := tc.m.Header.Flags&netlink.Acknowledge != 0; got != tc.ack || tc.m.Header.Flags&netlink.Request == 0 {
				t.Errorf("flags %v: want REQUEST, ACK %v", tc.m.Header.Flags, tc.ack)
			}
		})
	}
}

func TestPacketID(t *testing.T) {
	// NFQNL_MSG_PACKET as the kernel builds it: nfgenmsg, NFQA_PACKET_HDR
	// (packet_id 0x01020304, ETH_P_IP, NF_INET_LOCAL_OUT), NFQA_PAYLOAD.
	m := netlink.Message{Data: []byte{
		2, 0, 0, 3,
		11, 0, 1, 0, 1, 2, 3, 4, 0x08, 0x00, 3, 0,
		5, 0, 10, 0, 0x45, 0, 0, 0,
	}}
	if id, err := packetID(m); err != nil || id != 0x01020304 {
		t.Errorf("packetID = %#x, %v; want 0x1020304", id, err)
	}
	for _, bad := range [][]byte{
		{2, 0},                                   // no nfgenmsg
		{2, 0, 0, 3, 5, 0, 10, 0, 0x45, 0, 0, 0}, // no NFQA_PACKET_HDR
		{2, 0, 0, 3, 8, 0, 1, 0, 1, 2, 3, 4},     // short NFQA_PACKET_HDR
		{2, 0, 0, 3, 40, 0, 1, 0, 1, 2, 3, 4},    // attribute longer than the message
	} {
		if _, err := packetID(netlink.Message{Data: bad}); err == nil {
			t.Errorf("packetID(% x): no error", bad)
		}
	}
}
