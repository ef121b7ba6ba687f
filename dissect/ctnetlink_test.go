package dissect

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// TestCtnetlinkExpectCapture: conntrack expectations as the lab kernel's
// FTP helper made them (nf-expect-lab.pcap): the expected, mask and master
// tuples, the helper, and the NAT tuple and function nf_nat_ftp adds to
// the expectation of a connection through a DNAT; conntrack -L expect
// prints "src=127.0.0.1 dst=127.0.0.1 sport=0 dport=10003 ... master-src=
// 127.0.0.1 master-dst=127.0.0.1 sport=40023 dport=2121 ... helper=ftp".
func TestCtnetlinkExpectCapture(t *testing.T) {
	var nat *Message
	var summaries []string
	for _, m := range decodeCapture(t, "nf-expect-lab.pcap") {
		if m.TypeName != "IPCTNL_MSG_EXP_NEW" || m.Direction != DirNotification {
			continue
		}
		summaries = append(summaries, m.Summary)
		if nat == nil && slices.ContainsFunc(m.Attrs, func(a Attr) bool { return a.Name == "CTA_EXPECT_NAT" }) {
			nat = &m
		}
	}
	for _, want := range []string{
		"tcp src=127.0.0.1 dst=127.0.0.1 sport=0 dport=10000 master tcp src=127.0.0.1 dst=127.0.0.1 sport=40021 dport=21 helper ftp",
		"tcp src=127.0.0.1 dst=127.0.0.1 sport=0 dport=10001 master tcp src=127.0.0.1 dst=127.0.0.1 sport=40024 dport=2100 helper ftp",
		"tcp src=::1 dst=::1 sport=0 dport=10002 master tcp src=::1 dst=::1 sport=40022 dport=21 helper ftp",
	} {
		if !slices.Contains(summaries, want) {
			t.Errorf("no IPCTNL_MSG_EXP_NEW %q in %q", want, summaries)
		}
	}
	if nat == nil {
		t.Fatal("no expectation with CTA_EXPECT_NAT")
	}
	var got []string
	flat("", nat.Attrs, &got)
	for _, want := range []string{
		"CTA_EXPECT_TUPLE.CTA_TUPLE_PROTO.CTA_PROTO_DST_PORT=10003",
		"CTA_EXPECT_MASK.CTA_TUPLE_PROTO.CTA_PROTO_DST_PORT=65535",
		"CTA_EXPECT_MASTER.CTA_TUPLE_PROTO.CTA_PROTO_DST_PORT=2121",
		"CTA_EXPECT_NAT.CTA_EXPECT_NAT_DIR=IP_CT_DIR_REPLY",
		"CTA_EXPECT_NAT.CTA_EXPECT_NAT_TUPLE.CTA_TUPLE_PROTO.CTA_PROTO_SRC_PORT=10003",
		"CTA_EXPECT_FLAGS=0",
		`CTA_EXPECT_HELP_NAME="ftp"`,
		`CTA_EXPECT_FN="nat-follow-master"`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("NAT expectation lacks %s: %q", want, got)
		}
	}
}

// TestCtnetlinkExpectFlags: CTA_EXPECT_FLAGS bits by their names (the
// capture's are all 0) and the NAT direction.
func TestCtnetlinkExpectFlags(t *testing.T) {
	body := cat([]byte{2, 0, 0, 0}, nla(8, be32b(0x5)), nestF(10, nla(1, be32b(0))))
	ms := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(0x0200, 0, 0, 0, body)), 0)
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	var got []string
	flat("", ms[0].Attrs, &got)
	want := []string{"CTA_EXPECT_FLAGS=NF_CT_EXPECT_PERMANENT|NF_CT_EXPECT_USERSPACE", "CTA_EXPECT_NAT.CTA_EXPECT_NAT_DIR=IP_CT_DIR_ORIGINAL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
