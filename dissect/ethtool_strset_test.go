package dissect

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// strsetReplyMsg builds ETHTOOL_MSG_STRSET_GET_REPLY as
// net/ethtool/strset.c's strset_fill_reply does: one
// ETHTOOL_A_STRINGSETS_STRINGSET per set, with its id, count and one
// ETHTOOL_A_STRINGS_STRING (index, value) per string.
func strsetReplyMsg(id uint16, set uint32, names ...string) []byte {
	return strsetReplyFor(id, ethtoolHdr(2, ""), set, names...) // DEV_INDEX 2
}

// ethtoolHdr builds an ethtool header nest (attribute 1 of every message)
// with ETHTOOL_A_HEADER_DEV_INDEX (0: left out) and _DEV_NAME ("": left
// out).
func ethtoolHdr(ifindex uint32, name string) []byte {
	var h []byte
	if ifindex != 0 {
		h = append(h, nla(1, u32(ifindex))...)
	}
	if name != "" {
		h = append(h, nla(2, str(name))...)
	}
	return nla(1|0x8000, h)
}

// strsetReplyFor is strsetReplyMsg with the header hdr (nil: none).
func strsetReplyFor(id uint16, hdr []byte, set uint32, names ...string) []byte {
	var strs []byte
	for i, n := range names {
		strs = append(strs, nla(1, nla(1, u32(uint32(i))), nla(2, str(n)))...) // ETHTOOL_A_STRINGS_STRING
	}
	stringset := nla(1, // ETHTOOL_A_STRINGSETS_STRINGSET
		nla(1, u32(set)),                // ETHTOOL_A_STRINGSET_ID
		nla(2, u32(uint32(len(names)))), // ETHTOOL_A_STRINGSET_COUNT
		nla(3, strs))                    // ETHTOOL_A_STRINGSET_STRINGS
	return nlmsg(id, 0, 1, 7, []byte{uint8(ethtoolStrsetReply), 1, 0, 0},
		hdr,               // ETHTOOL_A_STRSET_HEADER
		nla(2, stringset)) // ETHTOOL_A_STRSET_STRINGSETS
}

// ethtoolFeaturesReply builds ETHTOOL_MSG_FEATURES_GET_REPLY with a compact
// ETHTOOL_A_FEATURES_ACTIVE (ethnl_put_bitset32: _NOMASK, _SIZE, _VALUE).
func ethtoolFeaturesReply(id uint16, bits uint32) []byte {
	cmd, _ := genETHTOOL_MSG_KERNEL.value("ETHTOOL_MSG_FEATURES_GET_REPLY")
	active, _ := genETHTOOL_A_FEATURES.value("ETHTOOL_A_FEATURES_ACTIVE")
	return nlmsg(id, 0, 2, 7, []byte{uint8(cmd), 1, 0, 0},
		nla(1|0x8000, nla(1, u32(2))),
		nla(uint16(active)|0x8000, nla(1), nla(2, u32(32)), nla(4, u32(bits))))
}

// activeValue decodes rec with d and returns ETHTOOL_A_FEATURES_ACTIVE's
// ETHTOOL_A_BITSET_VALUE.
func activeValue(t *testing.T, d *Decoder, r nlcap.Record) string {
	t.Helper()
	return bitsetValue(t, d, r, "ETHTOOL_A_FEATURES_ACTIVE")
}

// bitsetValue decodes rec with d and returns the ETHTOOL_A_BITSET_VALUE
// of its top-level bit set attribute name.
func bitsetValue(t *testing.T, d *Decoder, r nlcap.Record, name string) string {
	t.Helper()
	for _, m := range d.Decode(r, 0) {
		for _, a := range m.Attrs {
			if a.Name != name {
				continue
			}
			for _, c := range a.Children {
				if c.Name == "ETHTOOL_A_BITSET_VALUE" {
					return c.Value
				}
			}
		}
	}
	t.Fatalf("no %s value decoded", name)
	return ""
}

// TestEthtoolStrsetNames: the bits of a compact features bit set print by
// the names an ETH_SS_FEATURES string set reply gave, in file order and
// after a Learn pass; a per-device set (ETH_SS_PRIV_FLAGS) and requests
// teach nothing; a State carries the sets to another Decoder.
func TestEthtoolStrsetNames(t *testing.T) {
	const id = 0x20
	features := uint32(ethSS("ETH_SS_FEATURES"))
	privFlags := uint32(ethSS("ETH_SS_PRIV_FLAGS"))
	family := rec(nlcap.FamilyGeneric, ctrlNewFamily(id, "ethtool"))
	strset := rec(nlcap.FamilyGeneric, strsetReplyMsg(id, features, "tx-scatter-gather", "tx-checksum-ipv4", "", "tx-checksum-ip-generic"))
	reply := rec(nlcap.FamilyGeneric, ethtoolFeaturesReply(id, 0b1101))

	d := NewDecoder(nil)
	d.Decode(family, 0)
	if got, want := activeValue(t, d, reply), "0 2 3"; got != want {
		t.Errorf("before any string set: %q, want %q", got, want)
	}
	d.Decode(strset, 1)
	if got, want := activeValue(t, d, reply), "tx-scatter-gather 2 tx-checksum-ip-generic"; got != want {
		t.Errorf("after the string set: %q, want %q (an empty name prints the index)", got, want)
	}

	// The string set after the bits in the file: a Learn pass first.
	d2 := NewDecoder(nil)
	for _, r := range []nlcap.Record{family, reply, strset} {
		d2.Learn(r)
	}
	if got := activeValue(t, d2, reply); !strings.HasPrefix(got, "tx-scatter-gather") {
		t.Errorf("after Learn: %q, want the learned names", got)
	}

	// Carried by a State (parallel decoding).
	d3 := NewDecoder(nil)
	d3.SetState(d2.State())
	if got := activeValue(t, d3, reply); !strings.HasPrefix(got, "tx-scatter-gather") {
		t.Errorf("after SetState: %q, want the learned names", got)
	}

	// Neither a per-device set (learned for its device only) nor a
	// request teaches global names.
	d4 := NewDecoder(nil)
	d4.Decode(family, 0)
	d4.Decode(rec(nlcap.FamilyGeneric, strsetReplyMsg(id, privFlags, "a", "b", "c", "d")), 1)
	req := strsetReplyMsg(id, features, "x", "y", "z", "w")
	req[6] |= 1 // NLM_F_REQUEST (nlmsg_flags, little-endian)
	d4.Decode(rec(nlcap.FamilyGeneric, req), 2)
	if got, want := activeValue(t, d4, reply), "0 2 3"; got != want {
		t.Errorf("after a per-device set and a request: %q, want %q", got, want)
	}
	if len(d4.strsets) != 0 {
		t.Errorf("learned %v, want nothing", d4.strsets)
	}
}

// TestEthtoolStrsetBounds: indexes past maxStrsetIndex and malformed
// nests are ignored without a panic.
func TestEthtoolStrsetBounds(t *testing.T) {
	const id = 0x20
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(id, "ethtool")), 0)
	features := uint32(ethSS("ETH_SS_FEATURES"))
	far := nla(1, nla(1, u32(maxStrsetIndex)), nla(2, str("far")))
	msg := nlmsg(id, 0, 1, 7, []byte{uint8(ethtoolStrsetReply), 1, 0, 0},
		nla(2, nla(1, nla(1, u32(features)), nla(3, far, []byte{9, 0, 1})))) // a truncated attribute after
	d.Decode(rec(nlcap.FamilyGeneric, msg), 1)
	if names := d.strsets[features]; len(names) != 0 {
		t.Errorf("learned %v, want no name", names)
	}
	// A reply with nothing usable keeps what an earlier one taught.
	d.Decode(rec(nlcap.FamilyGeneric, strsetReplyMsg(id, features, "a", "b")), 2)
	d.Decode(rec(nlcap.FamilyGeneric, msg), 3)
	if names := d.strsets[features]; len(names) != 2 || names[1] != "b" {
		t.Errorf("after a reply with no usable string: %v, want a b kept", names)
	}
}

// TestEthtoolStrsetKnownNoAlloc: a reply with the strings already known
// (ethtool asks before every command) stores nothing and allocates nothing.
func TestEthtoolStrsetKnownNoAlloc(t *testing.T) {
	const id = 0x20
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(id, "ethtool")), 0)
	msg := strsetReplyMsg(id, uint32(ethSS("ETH_SS_FEATURES")), "a", "b", "c")
	p := msg[16:]
	d.learnStrsets(p, le)
	first := d.strsets[uint32(ethSS("ETH_SS_FEATURES"))]
	if n := testing.AllocsPerRun(100, func() { d.learnStrsets(p, le) }); n != 0 {
		t.Errorf("learning known strings: %v allocations, want 0", n)
	}
	if got := d.strsets[uint32(ethSS("ETH_SS_FEATURES"))]; len(got) != 3 || got[1] != "b" || fmt.Sprintf("%p", got) != fmt.Sprintf("%p", first) {
		t.Errorf("strings %v, want the first map kept", got)
	}
	d.learnStrsets(strsetReplyMsg(id, uint32(ethSS("ETH_SS_FEATURES")), "a", "x")[16:], le)
	if got := d.strsets[uint32(ethSS("ETH_SS_FEATURES"))]; len(got) != 2 || got[1] != "x" {
		t.Errorf("after new strings: %v, want a x", got)
	}
}

// TestCtrlRequestTeachesNothing: a CTRL_CMD_GETFAMILY request that names
// an id and a family (a program may send anything) does not rename the id;
// the kernel's CTRL_CMD_NEWFAMILY does.
func TestCtrlRequestTeachesNothing(t *testing.T) {
	d := NewDecoder(nil)
	req := nlmsg(genlIDCtrl, 1, 1, 0, []byte{ctrlCmdGetFamily, 2, 0, 0}, nla(ctrlAttrFamilyID, u16(0x30)), nla(ctrlAttrFamilyName, str("bogus")))
	d.Learn(rec(nlcap.FamilyGeneric, req))
	d.Decode(rec(nlcap.FamilyGeneric, req), 0)
	if name, ok := d.GenlFamilies()[0x30]; ok {
		t.Errorf("a request taught 0x30 = %q", name)
	}
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x30, "real")), 1)
	if name := d.GenlFamilies()[0x30]; name != "real" {
		t.Errorf("after CTRL_CMD_NEWFAMILY: 0x30 = %q, want real", name)
	}
}

// ethtoolPrivflagsMsg builds an ETHTOOL_MSG_PRIVFLAGS_NTF (kernel) or,
// with request, ETHTOOL_MSG_PRIVFLAGS_SET with the header hdr (nil: none)
// and a compact ETHTOOL_A_PRIVFLAGS_FLAGS of n bits (ethnl_put_bitset32 in
// a notification: _NOMASK, _SIZE, _VALUE; a request adds _MASK).
func ethtoolPrivflagsMsg(id uint16, request bool, hdr []byte, n, bits uint32) []byte {
	flags := uint16(0)
	cmd, _ := genETHTOOL_MSG_KERNEL.value("ETHTOOL_MSG_PRIVFLAGS_NTF")
	bitset := [][]byte{nla(1), nla(2, u32(n)), nla(4, u32(bits))}
	if request {
		flags = 1 // NLM_F_REQUEST
		cmd, _ = genETHTOOL_MSG_USER.value("ETHTOOL_MSG_PRIVFLAGS_SET")
		bitset = [][]byte{nla(2, u32(n)), nla(4, u32(bits)), nla(5, u32(bits))}
	}
	fa, _ := genETHTOOL_A_PRIVFLAGS.value("ETHTOOL_A_PRIVFLAGS_FLAGS")
	return nlmsg(id, flags, 3, 0, []byte{uint8(cmd), 1, 0, 0}, hdr, nla(uint16(fa)|0x8000, bitset...))
}

// privflagsValue decodes rec with d and returns ETHTOOL_A_PRIVFLAGS_FLAGS's
// ETHTOOL_A_BITSET_VALUE.
func privflagsValue(t *testing.T, d *Decoder, r nlcap.Record) string {
	t.Helper()
	return bitsetValue(t, d, r, "ETHTOOL_A_PRIVFLAGS_FLAGS")
}

// TestEthtoolPerDeviceStrsets: ETH_SS_PRIV_FLAGS answers for two devices
// (eth0, ifindex 3: e1000e's one flag, as in genl-ethtool-nic.pcap; eth1,
// ifindex 4: a hand-built second device with i40e-like flags) name the
// compact private flags of each device's messages by that device's
// strings, found by the index or, without one, the name of the message's
// header, never by the other device's; an unknown device, a message
// without a header and a reply without a device leave the bits numbered;
// a global set in a device's reply stays global; a State carries the
// per-device sets.
func TestEthtoolPerDeviceStrsets(t *testing.T) {
	const id = 0x20
	privFlags := uint32(ethSS("ETH_SS_PRIV_FLAGS"))
	features := uint32(ethSS("ETH_SS_FEATURES"))
	family := rec(nlcap.FamilyGeneric, ctrlNewFamily(id, "ethtool"))
	eth0 := rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(3, "eth0"), privFlags, "s0ix-enabled"))
	eth1 := rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(4, "eth1"), privFlags, "legacy-rx", "", "vf-true-promisc-support"))
	ntf := func(hdr []byte, n, bits uint32) nlcap.Record {
		return rec(nlcap.FamilyGeneric, ethtoolPrivflagsMsg(id, false, hdr, n, bits))
	}
	set := func(hdr []byte, n, bits uint32) nlcap.Record {
		return rec(nlcap.FamilyGeneric, ethtoolPrivflagsMsg(id, true, hdr, n, bits))
	}

	d := NewDecoder(nil)
	d.Decode(family, 0)
	if got, want := privflagsValue(t, d, ntf(ethtoolHdr(3, "eth0"), 1, 1)), "0"; got != want {
		t.Errorf("before any string set: %q, want %q", got, want)
	}
	d.Decode(eth0, 1)
	d.Decode(eth1, 2)
	for _, c := range []struct {
		name string
		r    nlcap.Record
		want string
	}{
		{"eth0 by index and name", ntf(ethtoolHdr(3, "eth0"), 1, 1), "s0ix-enabled"},
		{"eth1 by index and name", ntf(ethtoolHdr(4, "eth1"), 3, 0b101), "legacy-rx vf-true-promisc-support"},
		{"eth1, bit 0 of eth0's name is eth1's", ntf(ethtoolHdr(4, "eth1"), 3, 1), "legacy-rx"},
		{"eth0 by index only", ntf(ethtoolHdr(3, ""), 1, 1), "s0ix-enabled"},
		{"eth1 by name only (a request)", set(ethtoolHdr(0, "eth1"), 3, 0b100), "vf-true-promisc-support"},
		{"index wins over a name", ntf(ethtoolHdr(4, "eth0"), 3, 1), "legacy-rx"},
		{"a bit past the device's set", ntf(ethtoolHdr(3, "eth0"), 3, 0b110), "1 2"},
		{"an unknown device", ntf(ethtoolHdr(5, "eth2"), 1, 1), "0"},
		{"an unknown name", set(ethtoolHdr(0, "eth2"), 1, 1), "0"},
		{"no header", ntf(nil, 1, 1), "0"},
		{"an empty header", ntf(nla(1|0x8000), 1, 1), "0"},
	} {
		if got := privflagsValue(t, d, c.r); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if len(d.strsets) != 0 {
		t.Errorf("per-device sets learned as global: %v", d.strsets)
	}

	// A later answer for eth0 (its flags changed, or a new device took
	// the index) replaces eth0's set only.
	d.Decode(rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(3, "eth0"), privFlags, "new-flag")), 3)
	if got, want := privflagsValue(t, d, ntf(ethtoolHdr(3, "eth0"), 1, 1)), "new-flag"; got != want {
		t.Errorf("eth0 after a new answer: %q, want %q", got, want)
	}
	if got, want := privflagsValue(t, d, ntf(ethtoolHdr(4, "eth1"), 1, 1)), "legacy-rx"; got != want {
		t.Errorf("eth1 after eth0's new answer: %q, want %q", got, want)
	}

	// A State carries them to another Decoder (parallel decoding); the
	// copy is not changed by what the first Decoder learns after.
	d2 := NewDecoder(nil)
	d2.SetState(d.State())
	if got, want := privflagsValue(t, d2, ntf(ethtoolHdr(4, "eth1"), 3, 0b100)), "vf-true-promisc-support"; got != want {
		t.Errorf("after SetState: %q, want %q", got, want)
	}
	st := d2.State()
	d2.Decode(rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(4, "eth1"), privFlags, "changed")), 4)
	d3 := NewDecoder(nil)
	d3.SetState(st)
	if got, want := privflagsValue(t, d3, ntf(ethtoolHdr(4, "eth1"), 1, 1)), "legacy-rx"; got != want {
		t.Errorf("a State taken before a change: %q, want %q", got, want)
	}

	// Learn, then Decode: names learned from a later answer.
	d4 := NewDecoder(nil)
	later := ntf(ethtoolHdr(4, "eth1"), 1, 1)
	for _, r := range []nlcap.Record{family, later, eth1} {
		d4.Learn(r)
	}
	if got, want := privflagsValue(t, d4, later), "legacy-rx"; got != want {
		t.Errorf("after Learn: %q, want %q", got, want)
	}

	// A per-device set without a device teaches nothing; a global set in
	// a device's answer is global.
	d5 := NewDecoder(nil)
	d5.Decode(family, 0)
	d5.Decode(rec(nlcap.FamilyGeneric, strsetReplyFor(id, nil, privFlags, "orphan")), 1)
	d5.Decode(rec(nlcap.FamilyGeneric, strsetReplyFor(id, ethtoolHdr(3, "eth0"), features, "tx-scatter-gather", "tx-checksum-ipv4")), 2)
	if len(d5.devStrsets) != 0 {
		t.Errorf("learned %v from answers without a device's set, want nothing", d5.devStrsets)
	}
	if got, want := activeValue(t, d5, rec(nlcap.FamilyGeneric, ethtoolFeaturesReply(id, 0b11))), "tx-scatter-gather tx-checksum-ipv4"; got != want {
		t.Errorf("features of ifindex 2 after eth0's ETH_SS_FEATURES: %q, want %q", got, want)
	}
}
