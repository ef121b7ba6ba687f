package dissect

import (
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

func fixedValue(m *Message, name string) string {
	for _, f := range m.Fixed {
		if f.Name == name {
			return f.Value
		}
	}
	return "<absent>"
}

// TestRtnlSmallThings: ifi_change ~0 reads "all", ifi_type 0 in a request is
// not ARPHRD_NETROM, INFINITY_LIFE_TIME reads "forever", an all-zero
// statistics struct says so.
func TestRtnlSmallThings(t *testing.T) {
	ifinfo := func(typ uint16, change uint32) []byte {
		return cat([]byte{0, 0}, u16(typ), u32(3), u32(0x1003), u32(change))
	}
	dump := nlmsg(RTM_GETLINK, nlmFRequest|nlmFDump, 1, 0, ifinfo(0, 0))
	answer := nlmsg(RTM_NEWLINK, 0, 0, 0, ifinfo(0, 0xffffffff),
		nla(IFLA_IFNAME, str("nr0")),
		nla(IFLA_STATS64, make([]byte, 24*8)),
	)
	addr := nlmsg(RTM_NEWADDR, 0, 0, 0, []byte{2, 24, 0x80, 0}, u32(3),
		nla(IFA_CACHEINFO, u32(0xffffffff), u32(0xffffffff), u32(100), u32(200)))
	addrTimed := nlmsg(RTM_NEWADDR, nlmFRequest, 2, 0, []byte{2, 24, 0, 0}, u32(3),
		nla(IFA_CACHEINFO, u32(30), u32(60), u32(0), u32(0)))
	msgs := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, dump, answer, addr, addrTimed), 0)
	if len(msgs) != 4 {
		t.Fatalf("%d messages", len(msgs))
	}
	if got := fixedValue(&msgs[0], "ifi_type"); got != "0" {
		t.Errorf("request ifi_type = %q, want 0", got)
	}
	if got := fixedValue(&msgs[0], "ifi_change"); got != "0" {
		t.Errorf("request ifi_change = %q, want 0", got)
	}
	if got := fixedValue(&msgs[1], "ifi_type"); got != "ARPHRD_NETROM" {
		t.Errorf("answer ifi_type = %q, want ARPHRD_NETROM (a netrom device)", got)
	}
	if got := fixedValue(&msgs[1], "ifi_change"); got != "all" {
		t.Errorf("ifi_change = %q, want all", got)
	}
	if a := attrNamed(msgs[1].Attrs, "IFLA_STATS64"); a == nil || a.Value != "all 24 fields 0" || len(a.Fixed) != 24 {
		t.Errorf("zero IFLA_STATS64: %+v", a)
	}
	if a := attrNamed(msgs[2].Attrs, "IFA_CACHEINFO"); a == nil || a.Value != "ifa_prefered=forever ifa_valid=forever cstamp=100 tstamp=200" {
		t.Errorf("IFA_CACHEINFO: %+v", a)
	}
	if a := attrNamed(msgs[3].Attrs, "IFA_CACHEINFO"); a == nil || !strings.HasPrefix(a.Value, "ifa_prefered=30 ifa_valid=60") {
		t.Errorf("timed IFA_CACHEINFO: %+v", a)
	}
	// -n prints the numbers.
	msgs = NewDecoder(&Config{Numeric: true}).Decode(rec(nlcap.FamilyRoute, answer, addr), 0)
	if got := fixedValue(&msgs[0], "ifi_change"); got != "4294967295" {
		t.Errorf("numeric ifi_change = %q", got)
	}
}
