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
	smcMsg[0], smcMsg[1], smcMsg[2] = 43, 1, 0 // AF_SMC, ACTIVE, SMCR
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
		"SOCK_DIAG_BY_FAMILY netlink_diag_msg ndiag_family=AF_NETLINK ndiag_type=SOCK_RAW ndiag_protocol=NETLINK_ROUTE ndiag_state=NETLINK_CONNECTED ndiag_portid=0 ndiag_dst_portid=0 ndiag_dst_group=0 ndiag_ino=0 ndiag_cookie=0x0",
		"SOCK_DIAG_BY_FAMILY sock_diag family=99",
		"TCPDIAG_GETSOCK inet_diag_req idiag_family=AF_UNSPEC idiag_src_len=0 idiag_dst_len=0 idiag_ext=0 idiag_sport=0 idiag_dport=0 idiag_src=00000000000000000000000000000000 idiag_dst=00000000000000000000000000000000 idiag_if=0 idiag_cookie=0x0 idiag_states=0 idiag_dbs=0",
		"SOCK_DIAG_BY_FAMILY smc_diag_msg diag_family=AF_SMC diag_state=ACTIVE diag_mode=SMC_DIAG_MODE_SMCR diag_shutdown=0 idiag_sport=443 idiag_dport=0 " +
			"idiag_src=0.0.0.0 idiag_dst=0.0.0.0 idiag_if=0 idiag_cookie=0x0 diag_uid=0 diag_inode=0; SMC_DIAG_SHUTDOWN: RCV_SHUTDOWN|SEND_SHUTDOWN",
		"SOCK_DIAG_BY_FAMILY vsock_diag_msg vdiag_family=AF_VSOCK vdiag_type=SOCK_STREAM vdiag_state=LISTEN vdiag_shutdown=0 vdiag_src_cid=VMADDR_CID_HOST vdiag_src_port=1024 " +
			"vdiag_dst_cid=VMADDR_CID_HYPERVISOR vdiag_dst_port=0 vdiag_ino=0 vdiag_cookie=0x0",
		"SOCK_DIAG_BY_FAMILY xdp_diag_msg xdiag_family=AF_XDP xdiag_type=SOCK_RAW xdiag_ino=0 xdiag_cookie=0x0; XDP_DIAG_INFO: ifindex=2 queue_id=0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// inetDiagAnswer is a SOCK_DIAG_BY_FAMILY answer for an AF_INET socket:
// struct inet_diag_msg (10.0.0.1:5000 -> 10.0.0.2:6000) and attrs.
func inetDiagAnswer(attrs ...[]byte) []byte {
	msg := make([]byte, 72)
	msg[0], msg[1] = 2, 1 // AF_INET, ESTABLISHED
	binary.BigEndian.PutUint16(msg[4:], 5000)
	binary.BigEndian.PutUint16(msg[6:], 6000)
	copy(msg[8:], []byte{10, 0, 0, 1})
	copy(msg[24:], []byte{10, 0, 0, 2})
	return nlmsg(sockDiagByFamily, nlmFMulti, 1, 7, cat(msg, cat(attrs...)))
}

// sctpInfoBytes is struct sctp_info (368 bytes, include/uapi/linux/sctp.h)
// as sctp_get_sctp_info fills it: tag, state, rwnd..., the primary
// path's address (struct sockaddr_storage holding a sockaddr_in) and state.
func sctpInfoBytes() []byte {
	b := make([]byte, 368)
	le.PutUint32(b[0:], 0x11223344) // sctpi_tag
	le.PutUint32(b[4:], 3)          // sctpi_state
	le.PutUint32(b[8:], 106496)     // sctpi_rwnd
	le.PutUint16(b[16:], 10)        // sctpi_instrms
	le.PutUint16(b[18:], 10)        // sctpi_outstrms
	le.PutUint64(b[72:], 9)         // sctpi_opackets
	le.PutUint16(b[168:], 2)        // sctpi_p_address.ss_family AF_INET
	binary.BigEndian.PutUint16(b[170:], 6000)
	copy(b[172:], []byte{10, 0, 0, 2})
	le.PutUint32(b[296:], 2)    // sctpi_p_state SCTP_ACTIVE
	le.PutUint32(b[308:], 3000) // sctpi_p_rto
	b[358] = 1                  // sctpi_s_v4mapped
	le.PutUint32(b[360:], 1)    // sctpi_s_type SOCK_STREAM
	return b
}

// mptcpInfoBytes is struct mptcp_info as 6.1 fills it (48 bytes,
// include/uapi/linux/mptcp.h, mptcp_diag_fill_info).
func mptcpInfoBytes() []byte {
	b := make([]byte, 48)
	b[0], b[3] = 2, 8            // mptcpi_subflows, mptcpi_subflows_max
	le.PutUint32(b[8:], 2)       // mptcpi_flags MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED
	le.PutUint32(b[12:], 0xbeef) // mptcpi_token
	le.PutUint64(b[16:], 1000)   // mptcpi_write_seq
	b[42] = 1                    // mptcpi_csum_enabled
	return b
}

func TestInetDiagInfoByProtocol(t *testing.T) {
	tcp := make([]byte, 104)
	tcp[0] = 1 // TCP_ESTABLISHED
	proto := func(p byte) []byte { return nla(INET_DIAG_PROTOCOL, []byte{p}) }
	info := func(b []byte) []byte { return nla(INET_DIAG_INFO, b) }
	const (
		sctpWant = "sctpi_tag=0x11223344 sctpi_state=3 sctpi_rwnd=106496 sctpi_instrms=10 sctpi_outstrms=10 sctpi_peer_tag=0x0 sctpi_opackets=9 " +
			"sctpi_p_address=10.0.0.2:6000 sctpi_p_state=SCTP_ACTIVE sctpi_p_rto=3000 sctpi_s_v4mapped=1 sctpi_s_type=1 (40 others 0)"
		mptcpWant = "mptcpi_subflows=2 mptcpi_subflows_max=8 mptcpi_flags=MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED " +
			"mptcpi_token=0xbeef mptcpi_write_seq=1000 mptcpi_csum_enabled=1 (8 others 0)"
	)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		// inet_diag_handler_get_info (destroy notifications, RAW
		// sockets): INET_DIAG_PROTOCOL comes before INET_DIAG_INFO.
		{"sctp by protocol", inetDiagAnswer(proto(132), info(sctpInfoBytes())), sctpWant},
		// An MPTCP socket's sk_protocol 262 reads 6 in the u8.
		{"mptcp by protocol 262&0xff", inetDiagAnswer(proto(6), info(mptcpInfoBytes())), mptcpWant},
		{"tcp by protocol", inetDiagAnswer(proto(6), info(tcp)), "tcpi_state=ESTABLISHED tcpi_ca_state=TCP_CA_Open tcpi_fastopen_client_fail=TFO_STATUS_UNSPEC (31 others 0)"},
		{"unknown protocol", inetDiagAnswer(proto(17), info(tcp[:16])), "01000000000000000000000000000000"},
		// Dumps (ss -ti, ss --sctp -i, ss -Mi) carry no protocol: the
		// size the handler reserves (idiag_info_size) tells.
		{"sctp dump", inetDiagAnswer(info(sctpInfoBytes())), sctpWant},
		{"mptcp dump", inetDiagAnswer(info(mptcpInfoBytes())), mptcpWant},
		// 6.5's struct (80 bytes) has mptcpi_retransmits where 6.1's
		// had padding, and the byte counters after.
		{"mptcp 6.5 dump", inetDiagAnswer(info(func() []byte {
			b := append(mptcpInfoBytes(), make([]byte, 32)...)
			le.PutUint64(b[56:], 5) // mptcpi_bytes_sent
			return b
		}())), strings.Replace(mptcpWant, "(8 others 0)", "mptcpi_bytes_sent=5 (12 others 0)", 1)},
		{"tcp dump", inetDiagAnswer(info(tcp)), "tcpi_state=ESTABLISHED tcpi_ca_state=TCP_CA_Open tcpi_fastopen_client_fail=TFO_STATUS_UNSPEC (31 others 0)"},
	}
	for _, c := range cases {
		m := NewDecoder(nil).Decode(rec(nlcap.FamilySockDiag, c.data), 0)[0]
		if m.Problem != "" || m.Trailing != nil {
			t.Errorf("%s: problem %q trailing %x", c.name, m.Problem, m.Trailing)
		}
		a := attrNamed(m.Attrs, "INET_DIAG_INFO")
		if a == nil {
			t.Fatalf("%s: no INET_DIAG_INFO in %+v", c.name, m.Attrs)
		}
		if a.Value != c.want || a.Problem != "" {
			t.Errorf("%s:\n got %s %s\nwant %s", c.name, a.Value, a.Problem, c.want)
		}
	}
}
