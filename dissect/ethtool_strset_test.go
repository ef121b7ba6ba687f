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
	var strs []byte
	for i, n := range names {
		strs = append(strs, nla(1, nla(1, u32(uint32(i))), nla(2, str(n)))...) // ETHTOOL_A_STRINGS_STRING
	}
	stringset := nla(1, // ETHTOOL_A_STRINGSETS_STRINGSET
		nla(1, u32(set)),                // ETHTOOL_A_STRINGSET_ID
		nla(2, u32(uint32(len(names)))), // ETHTOOL_A_STRINGSET_COUNT
		nla(3, strs))                    // ETHTOOL_A_STRINGSET_STRINGS
	return nlmsg(id, 0, 1, 7, []byte{uint8(ethtoolStrsetReply), 1, 0, 0},
		nla(1|0x8000, nla(1, u32(2))), // ETHTOOL_A_STRSET_HEADER: DEV_INDEX 2
		nla(2, stringset))             // ETHTOOL_A_STRSET_STRINGSETS
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
	for _, m := range d.Decode(r, 0) {
		for _, a := range m.Attrs {
			if a.Name != "ETHTOOL_A_FEATURES_ACTIVE" {
				continue
			}
			for _, c := range a.Children {
				if c.Name == "ETHTOOL_A_BITSET_VALUE" {
					return c.Value
				}
			}
		}
	}
	t.Fatal("no ETHTOOL_A_FEATURES_ACTIVE value decoded")
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

	// Neither a per-device set nor a request teaches names.
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
