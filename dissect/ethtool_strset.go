package dissect

import (
	"encoding/binary"
	"maps"
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
// _TS_RX_FILTERS.
//
// The kernel answers the sets of one device (strset.c's per_dev:
// ETH_SS_PRIV_FLAGS, ETH_SS_STATS, ETH_SS_TEST, ETH_SS_PHY_STATS) only
// for a request whose header names a device, and its reply header names
// it too (ETHTOOL_A_HEADER_DEV_INDEX and _DEV_NAME). A Decoder learns
// ETH_SS_PRIV_FLAGS as that device's, keyed by the index and by the name
// the header gives, and a compact ETHTOOL_A_PRIVFLAGS_FLAGS prints its
// bits by the names of the device its own message's header names (by
// index when the header has one, else by name), never by another
// device's; without a header, or before a reply for that device, by
// index. The other per-device sets name no netlink bit set (ethtool -S
// and -t read them through the ioctl) and are not kept; a global set
// that comes in a reply for a device stays global. Link modes and
// wake-on-LAN modes keep the UAPI names they have without a capture.

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
	// ethtoolDevStrsets are the per-device string sets a Decoder learns.
	ethtoolDevStrsets = map[uint32]bool{uint32(ethSS("ETH_SS_PRIV_FLAGS")): true}
	// ethtoolPerDev are the sets strset.c marks per_dev: learned only
	// from a reply that names a device, never as global ones.
	ethtoolPerDev = map[uint32]bool{
		uint32(ethSS("ETH_SS_PRIV_FLAGS")): true, uint32(ethSS("ETH_SS_STATS")): true,
		uint32(ethSS("ETH_SS_TEST")): true, uint32(ethSS("ETH_SS_PHY_STATS")): true,
	}
	ethtoolStrsetReply, _ = genETHTOOL_MSG_KERNEL.value("ETHTOOL_MSG_STRSET_GET_REPLY")
	// Every ethtool message's attribute 1 is its header (ethtoolSet).
	ethtoolAHeader, _     = genETHTOOL_A_STRSET.value("ETHTOOL_A_STRSET_HEADER")
	ethtoolAHdrIndex, _   = genETHTOOL_A_HEADER.value("ETHTOOL_A_HEADER_DEV_INDEX")
	ethtoolAHdrName, _    = genETHTOOL_A_HEADER.value("ETHTOOL_A_HEADER_DEV_NAME")
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
	dev := ethtoolHeaderDev(attrs, order)
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		if uint64(a.Type) != ethtoolAStrsetSets {
			continue
		}
		for s, sn := NextAttr(a.Payload, 0, order); sn >= 0; s, sn = NextAttr(a.Payload, sn, order) {
			if uint64(s.Type) == ethtoolASetsSet {
				d.learnStrset(s.Payload, order, dev)
			}
		}
	}
}

// A devStrsetKey is a per-device string set: its id and the device, by
// index (name "") or by name (ifindex 0), as an ethtool header gave it.
type devStrsetKey struct {
	id      uint32
	ifindex uint32
	name    string
}

// An ethtoolDev is the device an ethtool header names: its
// ETHTOOL_A_HEADER_DEV_INDEX (0: none) and _DEV_NAME (nil: none).
type ethtoolDev struct {
	ifindex uint32
	name    []byte
}

// ethtoolHeaderDev returns the device that the header (attribute 1) among
// the top-level attributes of an ethtool message names.
func ethtoolHeaderDev(attrs []byte, order binary.ByteOrder) ethtoolDev {
	var dev ethtoolDev
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		if uint64(a.Type) != ethtoolAHeader {
			continue
		}
		for h, hn := NextAttr(a.Payload, 0, order); hn >= 0; h, hn = NextAttr(a.Payload, hn, order) {
			switch {
			case uint64(h.Type) == ethtoolAHdrIndex && len(h.Payload) == 4:
				dev.ifindex = order.Uint32(h.Payload)
			case uint64(h.Type) == ethtoolAHdrName:
				if n := cBytes(h.Payload); len(n) > 0 {
					dev.name = n
				}
			}
		}
		break
	}
	return dev
}

// strsetNames returns the names of the bits of spec's compact bit set as
// the Decoder learned them, nil when none: a global set's, or the set of
// the device that the message's header names.
func (ad *attrDecoder) strsetNames(spec *AttrSpec) map[uint64]string {
	id := spec.strset - 1
	if !spec.strsetDev {
		return ad.strsets[id]
	}
	if len(ad.devStrsets) == 0 {
		return nil
	}
	dev := ethtoolHeaderDev(ad.msgAttrs, ad.order)
	switch {
	case dev.ifindex != 0:
		return ad.devStrsets[devStrsetKey{id: id, ifindex: dev.ifindex}]
	case dev.name != nil:
		return ad.devStrsets[devStrsetKey{id: id, name: string(dev.name)}]
	}
	return nil
}

// learnStrset learns one ETHTOOL_A_STRINGSETS_STRINGSET nest of a reply
// for the device dev (zero: none).
func (d *Decoder) learnStrset(p []byte, order binary.ByteOrder, dev ethtoolDev) {
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
	if !haveID || list == nil {
		return
	}
	if ethtoolPerDev[id] {
		if !ethtoolDevStrsets[id] {
			return
		}
		if dev.ifindex != 0 {
			d.learnDevStrset(devStrsetKey{id: id, ifindex: dev.ifindex}, list, order)
		}
		if dev.name != nil {
			d.learnDevStrset(devStrsetKey{id: id, name: string(dev.name)}, list, order)
		}
		return
	}
	if !ethtoolStrsets[id] {
		return
	}
	if names := learnedStrings(d.strsets[id], list, order); names != nil {
		// A new map, never changed after: States share it.
		d.strsets[id] = names
	}
}

// learnDevStrset learns the strings list of the per-device set key.
func (d *Decoder) learnDevStrset(key devStrsetKey, list []byte, order binary.ByteOrder) {
	if names := learnedStrings(d.devStrsets[key], list, order); names != nil {
		switch {
		case d.devStrsets == nil:
			d.devStrsets, d.devShared = map[devStrsetKey]map[uint64]string{}, false
		case d.devShared:
			// A State holds the table: change a copy.
			d.devStrsets, d.devShared = maps.Clone(d.devStrsets), false
		}
		d.devStrsets[key] = names // never changed after: States share it
	}
}

// learnedStrings returns the strings of an ETHTOOL_A_STRINGSET_STRINGS
// nest as a new map, or nil when they are those of old (the common case:
// ethtool asks before each command; nothing allocated) or there are none
// (a malformed reply keeps what was learned).
func learnedStrings(old map[uint64]string, list []byte, order binary.ByteOrder) map[uint64]string {
	known := old != nil
	n := 0
	eachEthtoolString(list, order, func(idx uint64, value []byte) {
		n++
		if known && old[idx] != string(value) {
			known = false
		}
	})
	if n == 0 || known && n == len(old) {
		return nil
	}
	names := make(map[uint64]string, n)
	eachEthtoolString(list, order, func(idx uint64, value []byte) { names[idx] = string(value) })
	return names
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
			spec.strset, spec.strsetDev = id+1, ethtoolPerDev[id]
		}
	}
	out := make([]*AttrSpec, len(names))
	for i, n := range names {
		out[i] = &AttrSpec{Name: n, Kind: KindNested, Nested: set}
	}
	return out
}
