package dissect

import (
	"slices"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// TestEthtoolNicCapture reads genl-ethtool-nic.pcap (ethtool 6.1, ethtool
// --monitor and the lab's ethtoolnl on QEMU's e1000e, eth0 = ifindex 3):
// the kernel's answer to ethtoolnl's string set request names eth0, and
// its ETH_SS_PRIV_FLAGS is learned as eth0's (by index and by name), not
// as a global set; the compact private flags of eth0's answer (header by
// index) and of ethtoolnl's request (header by name only) print
// "s0ix-enabled"; ethtool's own verbose bit sets carry the name; the
// notifications' compact bit sets are named from the global sets
// (ETH_SS_FEATURES, ETH_SS_MSG_CLASSES) the monitor asked for.
func TestEthtoolNicCapture(t *testing.T) {
	var lines []string
	cmds := map[string]int{}
	for _, m := range decodeCapture(t, "genl-ethtool-nic.pcap") {
		name := m.TypeName
		if m.Genl != nil && m.Genl.FamilyName == "ethtool" {
			name = m.Genl.CmdName
			cmds[name]++
		}
		for _, l := range attrsByPath(m.Attrs) {
			lines = append(lines, name+": "+l)
		}
	}
	for _, want := range []string{
		// ethtoolnl: eth0's string sets by its name, answered for index 3
		"ETHTOOL_MSG_STRSET_GET: ETHTOOL_A_STRSET_HEADER > ETHTOOL_A_HEADER_DEV_NAME=\"eth0\"",
		"ETHTOOL_MSG_STRSET_GET_REPLY: ETHTOOL_A_STRSET_HEADER > ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_STRSET_GET_REPLY: ETHTOOL_A_STRSET_STRINGSETS > ETHTOOL_A_STRINGSETS_STRINGSET > ETHTOOL_A_STRINGSET_ID=ETH_SS_PRIV_FLAGS",
		"ETHTOOL_MSG_STRSET_GET_REPLY: ETHTOOL_A_STRSET_STRINGSETS > ETHTOOL_A_STRINGSETS_STRINGSET > ETHTOOL_A_STRINGSET_STRINGS > ETHTOOL_A_STRINGS_STRING > ETHTOOL_A_STRING_VALUE=\"s0ix-enabled\"",
		"ETHTOOL_MSG_STRSET_GET_REPLY: ETHTOOL_A_STRSET_STRINGSETS > ETHTOOL_A_STRINGSETS_STRINGSET > ETHTOOL_A_STRINGSET_STRINGS > ETHTOOL_A_STRINGS_STRING > ETHTOOL_A_STRING_VALUE=\"rx_packets\"",
		// the same without a device: refused
		"NLMSG_ERROR: NLMSGERR_ATTR_MSG=\"requested per device strings without dev\"",
		// compact private flags named by eth0's set
		"ETHTOOL_MSG_PRIVFLAGS_GET: ETHTOOL_A_PRIVFLAGS_HEADER > ETHTOOL_A_HEADER_FLAGS=ETHTOOL_FLAG_COMPACT_BITSETS",
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_PRIVFLAGS_FLAGS > ETHTOOL_A_BITSET_MASK=s0ix-enabled",
		"ETHTOOL_MSG_PRIVFLAGS_SET: ETHTOOL_A_PRIVFLAGS_FLAGS > ETHTOOL_A_BITSET_MASK=s0ix-enabled",
		// ethtool's verbose bit sets
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_PRIVFLAGS_FLAGS > ETHTOOL_A_BITSET_BITS > ETHTOOL_A_BITSET_BITS_BIT > ETHTOOL_A_BITSET_BIT_NAME=\"s0ix-enabled\"",
		// notifications (-s msglvl drv off, then on; -K tso on)
		"ETHTOOL_MSG_DEBUG_NTF: ETHTOOL_A_DEBUG_MSGMASK > ETHTOOL_A_BITSET_VALUE=probe link",
		"ETHTOOL_MSG_DEBUG_NTF: ETHTOOL_A_DEBUG_MSGMASK > ETHTOOL_A_BITSET_VALUE=drv probe link",
		"ETHTOOL_MSG_FEATURES_SET_REPLY: ETHTOOL_A_FEATURES_ACTIVE > ETHTOOL_A_BITSET_VALUE=tx-tcp-segmentation tx-tcp-mangleid-segmentation tx-tcp6-segmentation",
		// wol g on the 82574 (extended ACK), pause, rings, coalescing
		"NLMSG_ERROR: NLMSGERR_ATTR_MSG=\"cannot enable unsupported WoL mode\"",
		"ETHTOOL_MSG_RINGS_NTF: ETHTOOL_A_RINGS_RX=512",
		"ETHTOOL_MSG_COALESCE_NTF: ETHTOOL_A_COALESCE_RX_USECS=10",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "ETHTOOL_MSG_FEATURES_NTF: ETHTOOL_A_FEATURES_ACTIVE > ETHTOOL_A_BITSET_VALUE=") && !strings.Contains(l, "=tx-scatter-gather ") {
			t.Errorf("features notification not named by ETH_SS_FEATURES: %s", l)
		}
	}
	if cmds["ETHTOOL_MSG_STRSET_GET_REPLY"] < 2 || cmds["ETHTOOL_MSG_FEATURES_NTF"] != 2 || cmds["ETHTOOL_MSG_DEBUG_NTF"] != 2 || cmds["ETHTOOL_MSG_PRIVFLAGS_GET_REPLY"] != 2 {
		t.Errorf("ethtool commands %v", cmds)
	}

	// What the file taught: eth0's private flags, by index and name; no
	// global ETH_SS_PRIV_FLAGS; the other per-device sets not kept.
	caps := capturesFrom(t, "../testdata/captures/genl-ethtool-nic.pcap")
	d := NewDecoder(nil)
	for _, r := range caps[0].records {
		d.Learn(r)
	}
	privFlags := uint32(ethSS("ETH_SS_PRIV_FLAGS"))
	want := map[devStrsetKey]map[uint64]string{
		{id: privFlags, ifindex: 3}:   {0: "s0ix-enabled"},
		{id: privFlags, name: "eth0"}: {0: "s0ix-enabled"},
	}
	if len(d.devStrsets) != len(want) {
		t.Errorf("per-device sets %v, want %v", d.devStrsets, want)
	}
	for k, names := range want {
		if got := d.devStrsets[k]; len(got) != 1 || got[0] != names[0] {
			t.Errorf("per-device set %+v = %v, want %v", k, got, names)
		}
	}
	if _, ok := d.strsets[privFlags]; ok {
		t.Error("ETH_SS_PRIV_FLAGS learned as a global set")
	}
	if names := d.strsets[uint32(ethSS("ETH_SS_FEATURES"))]; names[0] != "tx-scatter-gather" {
		t.Errorf("global ETH_SS_FEATURES bit 0 = %q", names[0])
	}
}

// TestEthtoolNicSecondDevice: the real capture followed by a hand-built
// answer for a second device (eth1, ifindex 4, two private flags) and
// compact private flags notifications of both: each prints its own
// device's names, the real answer's for eth0 in file order before and
// after eth1's was learned.
func TestEthtoolNicSecondDevice(t *testing.T) {
	caps := capturesFrom(t, "../testdata/captures/genl-ethtool-nic.pcap")
	recs := slices.Clone(caps[0].records)
	d := NewDecoder(nil)
	for _, r := range recs {
		d.Learn(r)
	}
	var id uint16
	for fid, name := range d.GenlFamilies() {
		if name == "ethtool" {
			id = fid
		}
	}
	if id == 0 {
		t.Fatal("no ethtool family id in the capture")
	}
	privFlags := uint32(ethSS("ETH_SS_PRIV_FLAGS"))
	ntf := func(ifindex uint32, name string, bits uint32) nlcap.Record {
		return rec(nlcap.FamilyGeneric, ethtoolPrivflagsMsg(id, false, ethtoolHdr(ifindex, name), 2, bits))
	}
	hand := []nlcap.Record{
		rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(4, "eth1"), privFlags, "legacy-rx", "disable-source-pruning")),
		ntf(4, "eth1", 0b11),
		ntf(3, "eth0", 0b01),
		ntf(3, "eth0", 0b10), // a bit eth0 does not have
	}
	for i := range hand {
		hand[i].ByteOrder = recs[0].ByteOrder
	}
	recs = append(recs, hand...)

	d = NewDecoder(nil)
	for _, r := range recs {
		d.Learn(r)
	}
	var got []string
	for i, r := range recs {
		for _, m := range d.Decode(r, i) {
			if m.Genl == nil || !strings.HasPrefix(m.Genl.CmdName, "ETHTOOL_MSG_PRIVFLAGS") {
				continue
			}
			for _, l := range attrsByPath(m.Attrs) {
				if strings.Contains(l, "ETHTOOL_A_BITSET_VALUE=") || strings.Contains(l, "ETHTOOL_A_BITSET_MASK=") || strings.Contains(l, "DEV_INDEX=") {
					got = append(got, m.Genl.CmdName+": "+l[strings.LastIndex(l, "> ")+2:])
				}
			}
		}
	}
	want := []string{
		// ethtool --show-priv-flags (verbose), ethtoolnl's compact get, ethtool's refused and accepted sets (verbose)
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_PRIVFLAGS_GET: ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_BITSET_VALUE=(none)",
		"ETHTOOL_MSG_PRIVFLAGS_GET_REPLY: ETHTOOL_A_BITSET_MASK=s0ix-enabled",
		"ETHTOOL_MSG_PRIVFLAGS_SET: ETHTOOL_A_BITSET_VALUE=(none)",
		"ETHTOOL_MSG_PRIVFLAGS_SET: ETHTOOL_A_BITSET_MASK=s0ix-enabled",
		// the hand-built notifications
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_HEADER_DEV_INDEX=4",
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_BITSET_VALUE=legacy-rx disable-source-pruning",
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_BITSET_VALUE=s0ix-enabled",
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_HEADER_DEV_INDEX=3",
		"ETHTOOL_MSG_PRIVFLAGS_NTF: ETHTOOL_A_BITSET_VALUE=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("private flags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
