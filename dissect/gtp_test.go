package dissect

import (
	"slices"
	"testing"
)

// TestGTPCapture reads the lab capture genl-gtp.pcap (the lab's gtpgenl:
// gtp0 over UDP sockets, a GTPv1 and a GTPv0 tunnel added, got, dumped and
// deleted; genl-gtp.cmds.txt) and checks every message and attribute
// named, the link's IFLA_GTP_* both ways, and the answers to
// GTP_CMD_GETPDP named although the kernel puts the family id as their
// genl cmd.
func TestGTPCapture(t *testing.T) {
	var lines []string
	for i, m := range decodeCapture(t, "genl-gtp.pcap") {
		name := m.TypeName
		if m.Genl != nil {
			if m.Genl.CmdName == "" {
				t.Errorf("message %d: %s cmd %d unnamed", i, m.Genl.FamilyName, m.Genl.Cmd)
			}
			name = m.Genl.CmdName + " " + m.Direction.String()
		}
		for _, l := range attrsByPath(m.Attrs) {
			lines = append(lines, name+": "+l)
		}
	}
	for _, want := range []string{
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_ROLE=GTP_ROLE_GGSN",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_PDP_HASHSIZE=1024",
		"RTM_NEWLINK: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_GTP_RESTART_COUNT=0",
		"GTP_CMD_NEWPDP request: GTPA_VERSION=GTP_V1",
		"GTP_CMD_NEWPDP request: GTPA_O_TEI=200",
		"GTP_CMD_NEWPDP notification: GTPA_TID=0x1122334455667788",
		"GTP_CMD_NEWPDP notification: GTPA_FLOW=7",
		"GTP_CMD_GETPDP answer: GTPA_PEER_ADDRESS=192.0.2.2",
		"GTP_CMD_GETPDP answer: GTPA_MS_ADDRESS=10.10.0.2",
		"GTP_CMD_GETPDP answer: GTPA_I_TEI=100",
		"GTP_CMD_DELPDP notification: GTPA_VERSION=GTP_V0",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
}
