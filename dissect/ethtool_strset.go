package dissect

import (
	"encoding/binary"
)

// ethtool string sets. The names of the bits of most compact bit sets
// (features, message classes, time stamping...) live in the kernel, not in
// the UAPI headers: ethtool asks for them with ETHTOOL_MSG_STRSET_GET
// before it asks for the bits, and the kernel answers with the strings of
// each set by index (net/ethtool/strset.c):
//
//	ETHTOOL_A_STRSET_STRINGSETS			/* nest */
//		ETHTOOL_A_STRINGSETS_STRINGSET		/* nest, one per set */
//			ETHTOOL_A_STRINGSET_ID		/* u32, enum ethtool_stringset */
//			ETHTOOL_A_STRINGSET_COUNT	/* u32 */
//			ETHTOOL_A_STRINGSET_STRINGS	/* nest */
//				ETHTOOL_A_STRINGS_STRING		/* nest, one per string */
//					ETHTOOL_A_STRING_INDEX	/* u32 */
//					ETHTOOL_A_STRING_VALUE	/* string */
//
// A Decoder learns the sets that are the same for every device from those
// answers (in its Learn pass over a file, then in order as Track and
// Decode see them, like generic netlink ids), and the compact bit sets
// that use them print their bits by name: ETHTOOL_A_FEATURES_* from
// ETH_SS_FEATURES, ETHTOOL_A_DEBUG_MSGMASK from ETH_SS_MSG_CLASSES,
// ETHTOOL_A_TSINFO_* from ETH_SS_SOF_TIMESTAMPING, _TS_TX_TYPES and
// _TS_RX_FILTERS. The sets of one device (ETH_SS_PRIV_FLAGS, ETH_SS_STATS)
// are not learned: their bits print by index. Link modes and wake-on-LAN
// modes keep the UAPI names they have without a capture.

// ethtoolStrsets are the string sets a Decoder learns, by id; the other
// values are the attribute and command numbers learnStrsets reads.
var (
	ethtoolStrsets = func() map[uint32]bool {
		m := map[uint32]bool{}
		for _, n := range []string{"ETH_SS_FEATURES", "ETH_SS_MSG_CLASSES", "ETH_SS_SOF_TIMESTAMPING", "ETH_SS_TS_TX_TYPES",
			"ETH_SS_TS_RX_FILTERS"} {
			m[uint32(ethSS(n))] = true
		}
		return m
	}()
	ethtoolStrsetReply, _ = genETHTOOL_MSG_KERNEL.value("ETHTOOL_MSG_STRSET_GET_REPLY")
	ethtoolAStrsetSets, _ = genETHTOOL_A_STRSET.value("ETHTOOL_A_STRSET_STRINGSETS")
	ethtoolASetsSet, _    = genETHTOOL_A_STRINGSETS.value("ETHTOOL_A_STRINGSETS_STRINGSET")
	ethtoolASetID, _      = genETHTOOL_A_STRINGSET.value("ETHTOOL_A_STRINGSET_ID")
	ethtoolASetStrings, _ = genETHTOOL_A_STRINGSET.value("ETHTOOL_A_STRINGSET_STRINGS")
	ethtoolAStringsStr, _ = genETHTOOL_A_STRINGS.value("ETHTOOL_A_STRINGS_STRING")
	ethtoolAStringIndex   = func() uint64 { v, _ := genETHTOOL_A_STRING.value("ETHTOOL_A_STRING_INDEX"); return v }()
	ethtoolAStringValue   = func() uint64 { v, _ := genETHTOOL_A_STRING.value("ETHTOOL_A_STRING_VALUE"); return v }()
)

// maxStrsetIndex bounds the string indexes a learned set keeps (the
// kernel's largest, ETH_SS_FEATURES, has 64; link modes about 100).
const maxStrsetIndex = 4096

// ethSS returns the value of an enum ethtool_stringset name.
func ethSS(name string) uint64 {
	v, ok := genETH_SS.value(name)
	if !ok {
		panic("dissect: no " + name + " in the generated tables")
	}
	return v
}

// learnStrsets learns from the payload (genlmsghdr and attributes) of an
// ETHTOOL_MSG_STRSET_GET_REPLY that the kernel sent (learnFamily checks
// that): the strings of its global sets. A set already known with the
// same strings is not stored again (no allocation).
func (d *Decoder) learnStrsets(p []byte, order binary.ByteOrder) {
	if len(p) < genlHdrLen {
		return
	}
	attrs := p[genlHdrLen:]
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		if uint64(a.Type) != ethtoolAStrsetSets {
			continue
		}
		for s, sn := NextAttr(a.Payload, 0, order); sn >= 0; s, sn = NextAttr(a.Payload, sn, order) {
			if uint64(s.Type) == ethtoolASetsSet {
				d.learnStrset(s.Payload, order)
			}
		}
	}
}

// learnStrset learns one ETHTOOL_A_STRINGSETS_STRINGSET nest.
func (d *Decoder) learnStrset(p []byte, order binary.ByteOrder) {
	var (
		id     uint32
		haveID bool
		list   []byte // ETHTOOL_A_STRINGSET_STRINGS
	)
	for a, next := NextAttr(p, 0, order); next >= 0; a, next = NextAttr(p, next, order) {
		switch uint64(a.Type) {
		case ethtoolASetID:
			if len(a.Payload) == 4 {
				id, haveID = order.Uint32(a.Payload), true
			}
		case ethtoolASetStrings:
			list = a.Payload
		}
	}
	if !haveID || !ethtoolStrsets[id] || list == nil {
		return
	}
	// Known with the same strings (the common case: ethtool asks before
	// each command): nothing to store, nothing allocated.
	old, known := d.strsets[id]
	n := 0
	eachEthtoolString(list, order, func(idx uint64, value []byte) {
		n++
		if known && old[idx] != string(value) {
			known = false
		}
	})
	if n == 0 || known && n == len(old) {
		return // nothing usable (a malformed reply keeps what was learned), or nothing new
	}
	names := make(map[uint64]string, n)
	eachEthtoolString(list, order, func(idx uint64, value []byte) { names[idx] = string(value) })
	// A new map, never changed after: States share it.
	d.strsets[id] = names
}

// eachEthtoolString calls fn with the index and value of each string of
// an ETHTOOL_A_STRINGSET_STRINGS nest that has both, a non-empty value and
// an index below maxStrsetIndex.
func eachEthtoolString(list []byte, order binary.ByteOrder, fn func(idx uint64, value []byte)) {
	for s, sn := NextAttr(list, 0, order); sn >= 0; s, sn = NextAttr(list, sn, order) {
		if uint64(s.Type) != ethtoolAStringsStr {
			continue
		}
		var (
			idx     uint64
			haveIdx bool
			value   []byte
		)
		for a, next := NextAttr(s.Payload, 0, order); next >= 0; a, next = NextAttr(s.Payload, next, order) {
			switch {
			case uint64(a.Type) == ethtoolAStringIndex && len(a.Payload) == 4:
				idx, haveIdx = uint64(order.Uint32(a.Payload)), true
			case uint64(a.Type) == ethtoolAStringValue:
				value = cBytes(a.Payload)
			}
		}
		if haveIdx && idx < maxStrsetIndex && len(value) > 0 {
			fn(idx, value)
		}
	}
}

// learnFamily is what a Decoder learns from one generic netlink message
// (type, flags and payload after nlmsghdr) besides nlctrl: the string sets
// of ethtool answers.
func (d *Decoder) learnFamily(typ, flags uint16, p []byte, order binary.ByteOrder) {
	if flags&nlmFRequest != 0 || len(p) < genlHdrLen || uint64(p[0]) != ethtoolStrsetReply {
		return
	}
	if name, _, _ := d.genlOf(typ); name == "ethtool" {
		d.learnStrsets(p, order)
	}
}

// ethtoolNamedBitsets returns bit set attributes (ETHTOOL_A_FEATURES_HW...)
// whose bits are named by the string set ss as the capture taught it.
func ethtoolNamedBitsets(ss string, names ...string) []*AttrSpec {
	set := ethtoolBitsetAttrs(nil)
	id := uint32(ethSS(ss))
	for _, spec := range set.Attrs {
		if spec.Kind == KindCustom { // _VALUE and _MASK
			spec.strset = id + 1
		}
	}
	out := make([]*AttrSpec, len(names))
	for i, n := range names {
		out[i] = &AttrSpec{Name: n, Kind: KindNested, Nested: set}
	}
	return out
}
