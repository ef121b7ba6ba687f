package dissect

import (
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
)

// Tests of malformed and odd input that a review of nlcap -r found
// mishandled (reproductions as in /tmp/rv of that review).

// genlMsg returns a message of the generic netlink family id (unknown to
// the decoder unless learned): genlmsghdr cmd 1 version 1, then body.
func genlMsg(id uint16, body ...[]byte) []byte {
	return nlmsg(id, 0, 1, 0, cat(append([][]byte{{1, 1, 0, 0}}, body...)...))
}

// deepNest returns n attributes of type 1, each nested in the next, with
// NLA_F_NESTED set.
func deepNest(n int) []byte {
	var b []byte
	for range n {
		b = nla(1|nlaFNested, b)
	}
	return b
}

func TestRawAttrsKeepGoodOnesAndMarkTheBad(t *testing.T) {
	badLen := cat(nla(1, []byte("abcd")), le.AppendUint16(le.AppendUint16(nil, 2), 2), []byte{0, 0})
	pastParent := cat(nla(1, []byte("abcd")), le.AppendUint16(le.AppendUint16(nil, 40), 2), make([]byte, 4))
	tests := []struct {
		name    string
		body    []byte
		attrs   int // top-level attributes kept
		problem string
	}{
		{"length < 4", badLen, 2, "attribute length 2 < 4"},
		{"past parent", pastParent, 2, "attribute length 40 past its parent"},
		{"too deep", deepNest(DefaultMaxDepth + 10), 1, "nested deeper than 40 levels"},
		{"deep within bound", deepNest(5), 1, ""},
	}
	for _, tt := range tests {
		for _, brief := range []bool{false, true} {
			name := tt.name
			if brief {
				name += "/brief"
			}
			t.Run(name, func(t *testing.T) {
				m := NewDecoder(&Config{Brief: brief}).Decode(rec(nlcap.FamilyGeneric, genlMsg(0x99, tt.body)), 0)[0]
				if len(m.Attrs) != tt.attrs || m.Trailing != nil {
					t.Fatalf("attrs %d, want %d; trailing %x", len(m.Attrs), tt.attrs, m.Trailing)
				}
				if tt.problem == "" {
					if m.Problem != "" {
						t.Errorf("Problem = %q, want none", m.Problem)
					}
					return
				}
				if !strings.Contains(m.Problem, tt.problem) {
					t.Errorf("Problem = %q, want %q", m.Problem, tt.problem)
				}
				if !brief && !strings.Contains(firstProblem(m.Attrs), tt.problem) {
					t.Errorf("no attribute is marked: %+v", m.Attrs)
				}
				if tt.attrs == 2 && (m.Attrs[0].Problem != "" || m.Attrs[0].Type != 1) {
					t.Errorf("good attribute before the bad one: %+v", m.Attrs[0])
				}
			})
		}
	}
}

func TestRawPayloadNotAttributes(t *testing.T) {
	// A payload of unknown layout whose first "attribute" is already bad
	// is not attributes (a C struct): hex, no problem. For generic netlink,
	// where attributes are the convention, it is a marked attribute.
	junk := []byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4}
	m := NewDecoder(nil).Decode(rec(nlcap.Family(25), nlmsg(0x42, 0, 1, 0, junk)), 0)[0]
	if m.Attrs != nil || m.Trailing == nil || m.Problem != "" {
		t.Errorf("unknown family: attrs %v trailing %x problem %q", m.Attrs, m.Trailing, m.Problem)
	}
	g := NewDecoder(nil).Decode(rec(nlcap.FamilyGeneric, genlMsg(0x99, junk)), 0)[0]
	if len(g.Attrs) != 1 || g.Problem == "" {
		t.Errorf("genl: attrs %v trailing %x problem %q", g.Attrs, g.Trailing, g.Problem)
	}
}

func TestBriefFlagsDeepProblemsInKnownNests(t *testing.T) {
	// rtnetlink IFLA_LINKINFO with a child past its parent, in Brief mode:
	// the one-line listing must flag it as -v does.
	child := cat(le.AppendUint16(le.AppendUint16(nil, 50), 1), []byte("dummy\x00\x00\x00"))
	msg := nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), nla(18|nlaFNested, child))
	for _, brief := range []bool{false, true} {
		m := NewDecoder(&Config{Brief: brief}).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
		if !strings.Contains(m.Problem, "attribute length 50 past its parent") {
			t.Errorf("brief %v: Problem = %q", brief, m.Problem)
		}
	}
}

func TestUnexpectedNestedFlag(t *testing.T) {
	// IFLA_LINKINFO > IFLA_INFO_KIND with NLA_F_NESTED: the table says
	// string, so the value is printed and the flag flagged.
	kind := nla(1|nlaFNested, str("dummy"))
	msg := nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), nla(18|nlaFNested, kind))
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
	k := m.Attrs[0].Children[0]
	if k.Name != "IFLA_INFO_KIND" || k.Nested || !k.UnexpectedNested || k.Value != `"dummy"` || k.Children != nil {
		t.Errorf("IFLA_INFO_KIND = %+v", k)
	}
	if !strings.Contains(m.Summary, "dummy") || m.Problem != "" {
		t.Errorf("Summary %q Problem %q", m.Summary, m.Problem)
	}
	// A kind that is binary (the review's deep.pcap: nested attributes
	// under IFLA_INFO_KIND) stays out of the summary.
	bin := nla(1|nlaFNested, deepNest(3))
	msg = nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), nla(18|nlaFNested, bin))
	for _, brief := range []bool{false, true} {
		m = NewDecoder(&Config{Brief: brief}).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
		if strings.ContainsAny(m.Summary, "\x00\x80\x0c") || !strings.HasPrefix(m.Summary, "ifindex 2") {
			t.Errorf("brief %v: Summary = %q", brief, m.Summary)
		}
	}
	// An unknown type with the flag is still a nest.
	unk := nla(200|nlaFNested, nla(1, u32(7)))
	msg = nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), unk)
	m = NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
	if a := m.Attrs[0]; !a.Nested || a.UnexpectedNested || len(a.Children) != 1 {
		t.Errorf("unknown nested type = %+v", a)
	}
}

// newLinkVlanRequest is RTM_NEWLINK v0 type vlan id 5000, as in the review's
// extack.pcap: IFLA_LINKINFO starts at offset 40.
func newLinkVlanRequest() []byte {
	li := nla(18, nla(1, str("vlan")), nla(2, nla(1, u16(5000))))
	return nlmsg(rtmNewLink, 0x605, 7, 0, ifinfomsg(0, 0, 0, 0, 0), nla(3, str("v0")), li)
}

func TestExtAckMissTypeNamed(t *testing.T) {
	req := newLinkVlanRequest()
	tests := []struct {
		name  string
		flags uint16
		echo  []byte
		tlvs  []byte
		want  string
	}{
		{"top level", nlmFAckTLVs, req, nla(nlmsgerrAttrMissType, u32(3)), "IFLA_IFNAME"},
		{"capped", nlmFAckTLVs | nlmFCapped, req[:16], nla(nlmsgerrAttrMissType, u32(3)), "IFLA_IFNAME"},
		{"in nest", nlmFAckTLVs, req, cat(nla(nlmsgerrAttrMissType, u32(1)), nla(nlmsgerrAttrMissNest, u32(40))), "IFLA_INFO_KIND"},
		{"in selected nest", nlmFAckTLVs, req, cat(nla(nlmsgerrAttrMissType, u32(2)), nla(nlmsgerrAttrMissNest, u32(56))), "IFLA_VLAN_FLAGS"},
		{"nest not found", nlmFAckTLVs, req, cat(nla(nlmsgerrAttrMissType, u32(1)), nla(nlmsgerrAttrMissNest, u32(400))), ""},
		{"capped nest", nlmFAckTLVs | nlmFCapped, req[:16], cat(nla(nlmsgerrAttrMissType, u32(1)), nla(nlmsgerrAttrMissNest, u32(40))), ""},
		{"unknown type", nlmFAckTLVs, req, nla(nlmsgerrAttrMissType, u32(9999)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := cat(le.AppendUint32(nil, uint32(0xffffffea)), tt.echo, tt.tlvs)
			m := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(nlmsgError, tt.flags, 7, 99, body)), 0)[0]
			x := m.Error.ExtAck
			if x == nil || x.MissType == nil {
				t.Fatalf("ExtAck = %+v", x)
			}
			if x.MissTypeName != tt.want {
				t.Errorf("MissTypeName = %q, want %q", x.MissTypeName, tt.want)
			}
			if m.Problem != "" {
				t.Errorf("Problem = %q", m.Problem)
			}
		})
	}
}

// TestPositiveErrnoOnTheWire: a positive nlmsgerr error is a handler's
// return value that the kernel acknowledges as is (mac802154_hwsim's new
// radio index), no error; in NLMSG_DONE it is a problem.
func TestPositiveErrnoOnTheWire(t *testing.T) {
	req := nlmsg(rtmGetLink, 5, 1, 0)
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(nlmsgError, nlmFCapped, 1, 0, u32(5), req)), 0)[0]
	if m.Error.Errno != 0 || m.Error.Value != 5 || m.Error.Name != "" || m.Problem != "" || m.Summary != "ACK 5" {
		t.Errorf("Errno %d Value %d Name %q Problem %q Summary %q", m.Error.Errno, m.Error.Value, m.Error.Name, m.Problem, m.Summary)
	}
	neg := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(nlmsgError, nlmFCapped, 1, 0, u32(0xfffffffb), req)), 0)[0]
	if neg.Error.Errno != 5 || neg.Problem != "" {
		t.Errorf("negative: Errno %d Problem %q", neg.Error.Errno, neg.Problem)
	}
	d := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(nlmsgDone, nlmFMulti, 1, 0, u32(2))), 0)[0]
	if d.Done.Errno != 2 || !strings.Contains(d.Problem, "positive") {
		t.Errorf("done: Errno %d Problem %q", d.Done.Errno, d.Problem)
	}
	min := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, nlmsg(nlmsgError, nlmFCapped, 1, 0, u32(0x80000000), req)), 0)[0]
	if min.Error.Errno <= 0 || min.Problem == "" {
		t.Errorf("MinInt32: Errno %d Problem %q", min.Error.Errno, min.Problem)
	}
}

func TestNetlinkLayerKeepsGoodMessages(t *testing.T) {
	good := nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), nla(3, str("eth0")))
	bad := nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0))
	le.PutUint32(bad, 200)
	hdr, err := nlcap.NewPseudoHeader(nlcap.FamilyRoute).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	p := gopacket.NewPacket(cat(hdr, good, bad), layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
	nl, ok := p.Layer(LayerTypeNetlink).(*Netlink)
	if !ok {
		t.Fatalf("no Netlink layer: %v", p)
	}
	if len(nl.Messages) != 1 || nl.Messages[0].Header.Len != uint32(len(good)) || len(nl.Malformed) != len(bad) {
		t.Errorf("messages %d, malformed %d bytes", len(nl.Messages), len(nl.Malformed))
	}
	if p.ErrorLayer() == nil || !p.Metadata().Truncated {
		t.Errorf("no DecodeFailure layer or truncated flag: %v", p)
	}
	ms := nl.Decode(NewDecoder(nil), 0)
	if len(ms) != 2 || ms[0].Summary != "ifindex 2 eth0 up" || ms[1].Problem == "" {
		t.Errorf("Decode: %d messages %+v", len(ms), ms)
	}
}

func TestNetlinkLayerDecodeMultiGenl(t *testing.T) {
	// A dump part of two nlctrl messages: no Genetlink layer, but
	// Netlink.Decode gives both with their attributes.
	fam := func(id uint16, name string) []byte {
		return nlmsg(genlIDCtrl, nlmFMulti, 1, 9, []byte{1, 2, 0, 0}, nla(1, u16(id)), nla(2, str(name)))
	}
	hdr, _ := nlcap.NewPseudoHeader(nlcap.FamilyGeneric).MarshalBinary()
	p := gopacket.NewPacket(cat(hdr, fam(0x20, "alpha"), fam(0x21, "beta")), layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
	nl := p.Layer(LayerTypeNetlink).(*Netlink)
	nl.ByteOrder = le
	ms := nl.Decode(NewDecoder(nil), 0)
	if len(ms) != 2 || ms[1].Genl == nil || ms[1].Genl.CmdName != "CTRL_CMD_NEWFAMILY" || len(ms[1].Attrs) != 2 || ms[1].Attrs[1].Value != `"beta"` {
		t.Errorf("Decode: %+v", ms)
	}
}

func TestDecodeIntoMatchesDecode(t *testing.T) {
	// One decoder alternates Decode and DecodeInto: each result must equal
	// a plain decoder's, and what Decode returned must survive the
	// DecodeInto calls that reuse memory after it.
	for _, c := range engineCaptures(t) {
		for _, brief := range []bool{false, true} {
			plain, mixed := NewDecoder(&Config{Brief: brief}), NewDecoder(&Config{Brief: brief})
			var (
				want, kept []Message
				buf        []Message
			)
			for i, r := range c.records {
				w := plain.Decode(r, i)
				if i%2 == 0 {
					want = append(want, w...)
					kept = append(kept, mixed.Decode(r, i)...)
					continue
				}
				buf = mixed.DecodeInto(buf, r, i)
				// quickDiff: cmp.Diff on every record took two minutes
				// over the captures.
				if diff := quickDiff(w, buf); diff != "" {
					t.Fatalf("%s record %d brief %v: DecodeInto differs (-Decode +DecodeInto):\n%s", c.name, i, brief, diff)
				}
			}
			if diff := quickDiff(want, kept); diff != "" {
				t.Fatalf("%s brief %v: Decode results changed by DecodeInto:\n%s", c.name, brief, diff)
			}
		}
	}
}
