package dissect

import (
	"slices"
	"strings"
	"testing"
)

// TestPsampleCapture reads the lab capture genl-psample.pcap (the lab's
// psample listener, tc's sample action on ps0, ifindex 4, three pings) and
// checks the values genl-psample.cmds.txt set: every attribute named, the
// act_sample options, the group's life and the samples.
func TestPsampleCapture(t *testing.T) {
	var lines []string
	cmds := map[string]int{}
	for _, m := range decodeCapture(t, "genl-psample.pcap") {
		name := m.TypeName
		if m.Genl != nil && m.Genl.FamilyName == "psample" {
			name = m.Genl.CmdName
			cmds[name]++
		}
		for _, l := range attrsByPath(m.Attrs) {
			lines = append(lines, name+": "+l)
		}
	}
	for _, want := range []string{
		// tc filter add dev ps0 ingress matchall action sample rate 1 group 7 trunc 128
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_MATCHALL_ACT > [1] > TCA_ACT_OPTIONS > TCA_SAMPLE_PARMS=index=0 capab=0 action=TC_ACT_PIPE refcnt=0 bindcnt=0",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_MATCHALL_ACT > [1] > TCA_ACT_OPTIONS > TCA_SAMPLE_RATE=1",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_MATCHALL_ACT > [1] > TCA_ACT_OPTIONS > TCA_SAMPLE_PSAMPLE_GROUP=7",
		"RTM_NEWTFILTER: TCA_OPTIONS > TCA_MATCHALL_ACT > [1] > TCA_ACT_OPTIONS > TCA_SAMPLE_TRUNC_SIZE=128",
		// psample makes group 7; the second dump lists it, bound once
		"PSAMPLE_CMD_NEW_GROUP: PSAMPLE_ATTR_SAMPLE_GROUP=7",
		"PSAMPLE_CMD_NEW_GROUP: PSAMPLE_ATTR_GROUP_REFCOUNT=1",
		"PSAMPLE_CMD_DEL_GROUP: PSAMPLE_ATTR_SAMPLE_GROUP=7",
		// samples of what enters ps0: the ARP reply, the echo replies
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_IIFINDEX=4",
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_SAMPLE_RATE=1",
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_PROTO=ETH_P_ARP",
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_PROTO=ETH_P_IP",
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_ORIGSIZE=98",
		"PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_GROUP_SEQ=2",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Three or more samples (the pings; IPv6 neighbour traffic may add),
	// the group made, dumped and deleted, two dump requests.
	if cmds["PSAMPLE_CMD_SAMPLE"] < 3 || cmds["PSAMPLE_CMD_NEW_GROUP"] != 2 || cmds["PSAMPLE_CMD_DEL_GROUP"] != 1 || cmds["PSAMPLE_CMD_GET_GROUP"] != 2 {
		t.Errorf("psample commands %v", cmds)
	}
	// Every sample's timestamp reads as a time, its packet as bytes, ps0's
	// truncation to 128 bytes holding (the echo replies are 98).
	for _, l := range lines {
		n, v, _ := strings.Cut(l, "=")
		switch n {
		case "PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_TIMESTAMP":
			if !strings.HasSuffix(v, "Z)") || !strings.Contains(v, " (2026-12-05T") {
				t.Errorf("timestamp %q", v)
			}
		case "PSAMPLE_CMD_SAMPLE: PSAMPLE_ATTR_DATA":
			if len(v) == 0 || len(v) > 2*128 {
				t.Errorf("data of %d hex digits", len(v))
			}
		}
	}
}

// decodeCapture decodes every record of testdata capture name (its
// generic netlink families learned first) and reports any message with a
// problem, trailing bytes or an attribute without a name.
func decodeCapture(t *testing.T, name string) []Message {
	t.Helper()
	caps := capturesFrom(t, "../testdata/captures/"+name)
	d := NewDecoder(nil)
	for _, r := range caps[0].records {
		d.Learn(r)
	}
	var out []Message
	for i, r := range caps[0].records {
		for _, m := range d.Decode(r, i) {
			if m.Problem != "" || len(m.Trailing) > 0 || unnamedAttrs(m.Attrs) > 0 {
				t.Errorf("%s record %d %s: problem %q, %d trailing bytes, %d unnamed attributes", name, i, m.TypeName, m.Problem, len(m.Trailing), unnamedAttrs(m.Attrs))
			}
			out = append(out, m)
		}
	}
	return out
}

// unnamedAttrs counts the attributes, nested ones included, without a name.
func unnamedAttrs(attrs []Attr) int {
	n := 0
	for _, a := range attrs {
		if a.Name == "" {
			n++
		}
		n += unnamedAttrs(a.Children)
	}
	return n
}
