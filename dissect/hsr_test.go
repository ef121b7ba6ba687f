package dissect

import (
	"slices"
	"strings"
	"testing"
)

// TestHSROverlay decodes what net/hsr/hsr_netlink.c sends: the answer to
// HSR_C_GET_NODE_STATUS (hsr_get_node_status: HSR_C_SET_NODE_STATUS with
// the node's addresses, ages and sequence numbers) and a ring error
// multicast for a missing slave (ifindex -1).
func TestHSROverlay(t *testing.T) {
	mac := func(last byte) []byte { return []byte{0x02, 0x00, 0x5e, 0x10, 0x00, last} }
	m := genlDecode(t, "HSR", HSR_C_SET_NODE_STATUS, 0,
		nla(HSR_A_IFINDEX, u32(7)),
		nla(HSR_A_NODE_ADDR, mac(1)),
		nla(HSR_A_NODE_ADDR_B, mac(2)),
		nla(HSR_A_ADDR_B_IFINDEX, u32(9)),
		nla(HSR_A_IF1_AGE, u32(120)),
		nla(HSR_A_IF1_SEQ, u16(4321)),
		nla(HSR_A_IF1_IFINDEX, u32(8)),
		nla(HSR_A_IF2_AGE, u32(0x7fffffff)), // INT_MAX: stale
		nla(HSR_A_IF2_SEQ, u16(65535)),
		nla(HSR_A_IF2_IFINDEX, u32(9)))
	for _, c := range []struct{ value, name string }{
		{"7", "HSR_A_IFINDEX"},
		{"02:00:5e:10:00:01", "HSR_A_NODE_ADDR"},
		{"02:00:5e:10:00:02", "HSR_A_NODE_ADDR_B"},
		{"9", "HSR_A_ADDR_B_IFINDEX"},
		{"120", "HSR_A_IF1_AGE"},
		{"4321", "HSR_A_IF1_SEQ"},
		{"8", "HSR_A_IF1_IFINDEX"},
		{"2147483647", "HSR_A_IF2_AGE"},
		{"65535", "HSR_A_IF2_SEQ"},
		{"9", "HSR_A_IF2_IFINDEX"},
	} {
		want(t, m, c.value, c.name)
	}

	ring := genlDecode(t, "HSR", HSR_C_RING_ERROR, eventPID, nla(HSR_A_NODE_ADDR, mac(3)), nla(HSR_A_IFINDEX, u32(0xffffffff)))
	if ring.Genl.CmdName != "HSR_C_RING_ERROR" {
		t.Errorf("cmd %q", ring.Genl.CmdName)
	}
	want(t, ring, "-1", "HSR_A_IFINDEX")

	// HSR_C_GET_* are gets: bits 0x100 and 0x200 read ROOT|MATCH (HSR has
	// no dumpit; the flags only show how a get's bits are named).
	req := genlDecode(t, "HSR", HSR_C_GET_NODE_LIST, nlmFRequest|nlmFDump, nla(HSR_A_IFINDEX, u32(7)))
	if got := strings.Join(req.FlagNames, "|"); got != "REQUEST|ROOT|MATCH" {
		t.Errorf("request flags %s", got)
	}

	wantTags(t, hsrAttrs, genHSR_A, map[string]Tag{"HSR_A_IFINDEX": TagIfindex, "HSR_A_IF1_IFINDEX": TagIfindex, "HSR_A_IF2_IFINDEX": TagIfindex,
		"HSR_A_ADDR_B_IFINDEX": TagIfindex, "HSR_A_IF1_AGE": TagVolatile, "HSR_A_IF2_SEQ": TagVolatile})
}

// wantTags checks that the attributes of set named (in g) carry the tags.
func wantTags(t *testing.T, set *AttrSet, g uapiGroup, tags map[string]Tag) {
	t.Helper()
	for name, tag := range tags {
		v, ok := g.value(name)
		if !ok {
			t.Errorf("%s: not in the generated names", name)
			continue
		}
		if a := set.Attr(uint16(v)); a == nil || a.Tags&tag != tag {
			t.Errorf("%s: %+v, want tags %v", name, a, tag)
		}
	}
}

// TestHSRCapture reads the lab capture genl-hsr.pcap (hsr0 over a1,
// ifindex 4, and b1, ifindex 6; the peer hsr1 behind them; genl-hsr.cmds.txt)
// and checks what the kernel said: every attribute named, the peer in the
// node list with its status on both slaves, a ring error on b1 once the
// peer's b2 went down, the peer's node down once hsr1 was deleted.
func TestHSRCapture(t *testing.T) {
	vals := map[string][]string{} // command/attribute -> values, in order
	for _, m := range decodeCapture(t, "genl-hsr.pcap") {
		if m.Genl == nil || m.Genl.FamilyName != "HSR" {
			continue
		}
		vals[m.Genl.CmdName] = append(vals[m.Genl.CmdName], "")
		for _, a := range m.Attrs {
			k := m.Genl.CmdName + "/" + a.Name
			vals[k] = append(vals[k], a.Value)
		}
	}
	nodes := vals["HSR_C_SET_NODE_LIST/HSR_A_NODE_ADDR"]
	ring := vals["HSR_C_RING_ERROR/HSR_A_NODE_ADDR"]
	down := vals["HSR_C_NODE_DOWN/HSR_A_NODE_ADDR"]
	if len(nodes) != 2 || len(ring) == 0 || len(down) != 1 || !slices.Contains(nodes, ring[0]) || down[0] != ring[0] {
		t.Errorf("node list %v, ring errors for %v, node down %v: want the peer in all three", nodes, ring, down)
	}
	for k, want := range map[string]string{
		"HSR_C_GET_NODE_LIST/HSR_A_IFINDEX":          "7",
		"HSR_C_SET_NODE_STATUS/HSR_A_IF1_IFINDEX":    "4",
		"HSR_C_SET_NODE_STATUS/HSR_A_IF2_IFINDEX":    "6",
		"HSR_C_SET_NODE_STATUS/HSR_A_ADDR_B_IFINDEX": "6",
		"HSR_C_RING_ERROR/HSR_A_IFINDEX":             "6",
	} {
		if v := vals[k]; len(v) == 0 || v[0] != want {
			t.Errorf("%s = %v, want %s first", k, v, want)
		}
	}
	if n := len(vals["HSR_C_GET_NODE_STATUS"]); n != len(nodes) || len(vals["HSR_C_SET_NODE_STATUS"]) != n {
		t.Errorf("%d status requests, %d answers, want one per node (%d)", n, len(vals["HSR_C_SET_NODE_STATUS"]), len(nodes))
	}
}
