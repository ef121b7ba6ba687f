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
		{"NFNL_SUBSYS_CTNETLINK/5", []string{"REQUEST", "ROOT", "MATCH"}, "nfgen_family=NFPROTO_IPV4 version=0 res_id=0 ", 0},
		{"NFNL_MSG_BATCH_END", []string{"REQUEST"}, "nfgen_family=NFPROTO_UNSPEC version=0 res_id=10 ", 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
