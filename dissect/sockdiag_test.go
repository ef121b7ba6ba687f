package dissect

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// fixedString joins a message's fixed fields as name=value.
func fixedString(fs []Field) string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.Name + "=" + f.Value)
	}
	return b.String()
}

func TestSockDiagInet(t *testing.T) {
	// Request: inet_diag_req_v2, AF_INET TCP, ext INET_DIAG_INFO, states
	// LISTEN|ESTABLISHED, and INET_DIAG_REQ_PROTOCOL.
	req := make([]byte, 56)
	req[0], req[1], req[2] = 2, 6, 1<<(2-1)
	binary.LittleEndian.PutUint32(req[4:], 1<<10|1<<1)
	req = append(req, nla(3, []byte{6, 0, 0, 0})...)
	// Answer: inet_diag_msg 10.0.0.1:22 -> 10.0.0.2:40000 ESTABLISHED with
	// INET_DIAG_CONG and a short tcp_info.
	msg := make([]byte, 72)
	msg[0], msg[1] = 2, 1
	binary.BigEndian.PutUint16(msg[4:], 22)
	binary.BigEndian.PutUint16(msg[6:], 40000)
	copy(msg[8:], []byte{10, 0, 0, 1})
	copy(msg[24:], []byte{10, 0, 0, 2})
	binary.LittleEndian.PutUint32(msg[44:], 0x1099)
	binary.LittleEndian.PutUint32(msg[72-4:], 4242)
	info := make([]byte, 104)
	info[0], info[5], info[6] = 1, 7, 0xa7 // ESTABLISHED, ts|sack|wscale, snd 7 rcv 10
	binary.LittleEndian.PutUint32(info[8:], 204000)
	msg = append(msg, nla(4, str("cubic"))...)
	msg = append(msg, nla(2, info)...)
	data := cat(
		nlmsg(sockDiagByFamily, nlmFRequest|nlmFDump, 1, 0, req),
		nlmsg(sockDiagByFamily, nlmFMulti, 1, 7, msg),
	)
	ms := NewDecoder(nil).Decode(rec(nlcap.FamilySockDiag, data), 0)
	if len(ms) != 2 {
		t.Fatalf("%d messages", len(ms))
	}
	for _, m := range ms {
		if m.Problem != "" || m.Trailing != nil {
			t.Errorf("%s: problem %q trailing %x", m.TypeName, m.Problem, m.Trailing)
		}
	}
	type row struct{ Header, Fixed, Attrs, Summary string }
	got := []row{}
	for _, m := range ms {
		var attrs []string
		for _, a := range m.Attrs {
			attrs = append(attrs, a.Name+": "+a.Value)
		}
		got = append(got, row{m.FixedName, fixedString(m.Fixed), strings.Join(attrs, "; "), m.Summary})
	}
	want := []row{
		{"inet_diag_req_v2", "sdiag_family=AF_INET sdiag_protocol=IPPROTO_TCP idiag_ext=INET_DIAG_INFO idiag_states=ESTABLISHED|LISTEN " +
			"idiag_sport=0 idiag_dport=0 idiag_src=0.0.0.0 idiag_dst=0.0.0.0 idiag_if=0 idiag_cookie=0x0",
			"INET_DIAG_REQ_PROTOCOL: IPPROTO_TCP", "IPPROTO_TCP"},
		{"inet_diag_msg", "idiag_family=AF_INET idiag_state=ESTABLISHED idiag_timer=off idiag_retrans=0 idiag_sport=22 idiag_dport=40000 " +
			"idiag_src=10.0.0.1 idiag_dst=10.0.0.2 idiag_if=0 idiag_cookie=0x1099 idiag_expires=0 idiag_rqueue=0 idiag_wqueue=0 idiag_uid=0 idiag_inode=4242",
			"INET_DIAG_CONG: \"cubic\"; INET_DIAG_INFO: tcpi_state=ESTABLISHED tcpi_ca_state=TCP_CA_Open tcpi_options=TCPI_OPT_TIMESTAMPS|TCPI_OPT_SACK|TCPI_OPT_WSCALE " +
				"tcpi_snd_wscale=7 tcpi_rcv_wscale=10 tcpi_fastopen_client_fail=TFO_STATUS_UNSPEC tcpi_rto=204000 (27 others 0)",
			"ESTABLISHED 10.0.0.1:22 -> 10.0.0.2:40000"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Replay's view: the answer's volatile parts (cookie, inode, tcp_info)
	// are tagged; the request is described as a request.
	s, ok := LookupFlags(nlcap.FamilySockDiag, sockDiagByFamily, nlmFMulti, "", msg, le)
	if !ok || s.Header != inetDiagMsg || s.Attrs != inetDiagAttrs {
		t.Fatalf("LookupFlags answer: %+v %v", s, ok)
	}
	if a := s.Attrs.Attr(2); a == nil || a.Tags&TagVolatile == 0 {
		t.Error("INET_DIAG_INFO is not volatile")
	}
	var vol []string
	for _, f := range s.Header.Tagged {
		if f.Tags&TagVolatile != 0 {
			vol = append(vol, f.Name)
		}
	}
	if diff := cmp.Diff([]string{"idiag_retrans", "idiag_cookie", "idiag_expires", "idiag_rqueue", "idiag_wqueue", "idiag_inode"}, vol); diff != "" {
		t.Errorf("volatile fields (-want +got):\n%s", diff)
	}
	if s, ok := Lookup(nlcap.FamilySockDiag, sockDiagByFamily, "", req, le); !ok || s.Header != inetDiagReqV2 {
		t.Errorf("Lookup request: %+v", s)
	}
}

func TestSockDiagFamilies(t *testing.T) {
	unixReq := make([]byte, 24)
	unixReq[0] = 1
	binary.LittleEndian.PutUint32(unixReq[12:], 0x11)
	unixMsg := make([]byte, 16)
	unixMsg[0], unixMsg[1], unixMsg[2] = 1, 1, 10
	unixMsg = append(unixMsg, nla(0, []byte("\x00nlcap"))...)
	nlMsg := make([]byte, 28)
	nlMsg[0], nlMsg[1], nlMsg[2], nlMsg[3] = 16, 3, 0, 1
	short := []byte{99} // an unknown family: the byte alone
	smcMsg := make([]byte, 64)
	smcMsg[0], smcMsg[1], smcMsg[2] = 43, 1, 0 // AF_SMC, ESTABLISHED, SMCR
	binary.BigEndian.PutUint16(smcMsg[4:], 443)
	smcMsg = append(smcMsg, nla(3, []byte{3})...) // SMC_DIAG_SHUTDOWN
	vsockMsg := make([]byte, 32)
	vsockMsg[0], vsockMsg[1], vsockMsg[2] = 40, 1, 10
	binary.LittleEndian.PutUint32(vsockMsg[4:], 2) // src cid
	binary.LittleEndian.PutUint32(vsockMsg[8:], 1024)
	xdpMsg := make([]byte, 16)
	xdpMsg[0], xdpMsg[1] = 44, 3
	info := make([]byte, 8)
	binary.LittleEndian.PutUint32(info, 2)
	xdpMsg = append(xdpMsg, nla(1, info)...) // XDP_DIAG_INFO
	data := cat(
		nlmsg(sockDiagByFamily, nlmFRequest|nlmFDump, 1, 0, unixReq),
		nlmsg(sockDiagByFamily, nlmFMulti, 1, 7, unixMsg),
		nlmsg(sockDiagByFamily, nlmFMulti, 2, 7, nlMsg),
		nlmsg(sockDiagByFamily, nlmFRequest, 3, 0, short),
		nlmsg(TCPDIAG_GETSOCK, nlmFRequest|nlmFDump, 4, 0, make([]byte, 60)),
		nlmsg(sockDiagByFamily, nlmFMulti, 5, 7, smcMsg),
		nlmsg(sockDiagByFamily, nlmFMulti, 6, 7, vsockMsg),
		nlmsg(sockDiagByFamily, nlmFMulti, 7, 7, xdpMsg),
	)
	var got []string
	for _, m := range NewDecoder(nil).Decode(rec(nlcap.FamilySockDiag, data), 0) {
		line := m.TypeName + " " + m.FixedName + " " + fixedString(m.Fixed)
		for _, a := range m.Attrs {
			line += "; " + a.Name + ": " + a.Value
		}
		if m.Problem != "" {
			line += " problem " + m.Problem
		}
		got = append(got, line)
	}
	want := []string{
		"SOCK_DIAG_BY_FAMILY unix_diag_req sdiag_family=AF_UNIX sdiag_protocol=0 udiag_states=0 udiag_ino=0 udiag_show=UDIAG_SHOW_NAME|UDIAG_SHOW_RQLEN udiag_cookie=0x0",
		"SOCK_DIAG_BY_FAMILY unix_diag_msg udiag_family=AF_UNIX udiag_type=SOCK_STREAM udiag_state=LISTEN udiag_ino=0 udiag_cookie=0x0; UNIX_DIAG_NAME: \"@nlcap\"",
		"SOCK_DIAG_BY_FAMILY netlink_diag_msg ndiag_family=AF_NETLINK ndiag_type=SOCK_RAW ndiag_protocol=NETLINK_ROUTE ndiag_state=NETLINK_UNCONNECTED ndiag_portid=0 ndiag_dst_portid=0 ndiag_dst_group=0 ndiag_ino=0 ndiag_cookie=0x0",
		"SOCK_DIAG_BY_FAMILY sock_diag family=99",
		"TCPDIAG_GETSOCK inet_diag_req idiag_family=AF_UNSPEC idiag_src_len=0 idiag_dst_len=0 idiag_ext=0 idiag_sport=0 idiag_dport=0 idiag_src=00000000000000000000000000000000 idiag_dst=00000000000000000000000000000000 idiag_if=0 idiag_cookie=0x0 idiag_states=0 idiag_dbs=0",
		"SOCK_DIAG_BY_FAMILY smc_diag_msg diag_family=AF_SMC diag_state=ESTABLISHED diag_mode=SMC_DIAG_MODE_SMCR diag_shutdown=0 idiag_sport=443 idiag_dport=0 " +
			"idiag_src=00000000000000000000000000000000 idiag_dst=00000000000000000000000000000000 idiag_if=0 idiag_cookie=0x0 diag_uid=0 diag_inode=0; SMC_DIAG_SHUTDOWN: RCV_SHUTDOWN|SEND_SHUTDOWN",
		"SOCK_DIAG_BY_FAMILY vsock_diag_msg vdiag_family=AF_VSOCK vdiag_type=SOCK_STREAM vdiag_state=LISTEN vdiag_shutdown=0 vdiag_src_cid=2 vdiag_src_port=1024 " +
			"vdiag_dst_cid=0 vdiag_dst_port=0 vdiag_ino=0 vdiag_cookie=0x0",
		"SOCK_DIAG_BY_FAMILY xdp_diag_msg xdiag_family=AF_XDP xdiag_type=SOCK_RAW xdiag_ino=0 xdiag_cookie=0x0; XDP_DIAG_INFO: ifindex=2 queue_id=0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
