package dissect

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nlcap/nlcap"
)

// TestNftablesBridgeChainHooks: `nft add chain bridge t c { type filter
// hook HOOK priority -200; }` sends NFT_MSG_NEWCHAIN with nfgenmsg
// nfgen_family NFPROTO_BRIDGE (7) and NFTA_CHAIN_HOOK's NFTA_HOOK_HOOKNUM
// (__be32) a NF_BR_* number (include/uapi/linux/netfilter_bridge.h), whose
// 5 is NF_BR_BROUTING where an inet chain's is NF_INET_INGRESS.
func TestNftablesBridgeChainHooks(t *testing.T) {
	names := []string{"NF_BR_PRE_ROUTING", "NF_BR_LOCAL_IN", "NF_BR_FORWARD", "NF_BR_LOCAL_OUT", "NF_BR_POST_ROUTING", "NF_BR_BROUTING"}
	for hook, name := range names {
		for _, typ := range []uint16{NFNL_SUBSYS_NFTABLES<<8 | NFT_MSG_NEWCHAIN, NFNL_SUBSYS_NFTABLES<<8 | NFT_MSG_DELCHAIN} {
			body := cat([]byte{7, 0, 0, 0}, nla(1, str("t")), nla(3, str("c")),
				nestF(4, nla(1, be32b(uint32(hook))), nla(2, be32b(uint32(0xffffff38)))))
			m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(typ, nlmFRequest, 1, 0, body)), 0)[0]
			var got []string
			flat("", m.Attrs, &got)
			want := []string{`NFTA_CHAIN_TABLE="t"`, `NFTA_CHAIN_NAME="c"`, "NFTA_CHAIN_HOOK.NFTA_HOOK_HOOKNUM=" + name, "NFTA_CHAIN_HOOK.NFTA_HOOK_PRIORITY=-200"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s hook %d (-want +got):\n%s", m.TypeName, hook, diff)
			}
		}
	}
	// The inet family's 5 stays NF_INET_INGRESS.
	body := cat([]byte{1, 0, 0, 0}, nestF(4, nla(1, be32b(5))))
	m := NewDecoder(nil).Decode(rec(nlcap.FamilyNetfilter, nlmsg(NFNL_SUBSYS_NFTABLES<<8|NFT_MSG_NEWCHAIN, nlmFRequest, 1, 0, body)), 0)[0]
	if a := attrNamed(m.Attrs, "NFTA_HOOK_HOOKNUM"); a == nil || a.Value != "NF_INET_INGRESS" {
		t.Errorf("inet hook 5: %+v", a)
	}
}
