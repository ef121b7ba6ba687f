package dissect

import (
	"encoding/binary"
	"maps"
	"net/netip"
	"strconv"
	"strings"
	"sync"
)

// Typed nf_tables set elements. The kernel stores a set's keys and data as
// bytes (NFTA_DATA_VALUE); what they mean is the set's NFTA_SET_KEY_TYPE
// and NFTA_SET_DATA_TYPE, numbers the kernel keeps for user space without
// reading them. They are nft's own data type ids (nftables
// include/datatype.h, not UAPI):
//
//	enum datatypes { TYPE_INVALID, TYPE_VERDICT, TYPE_NFPROTO, TYPE_BITMASK,
//		TYPE_INTEGER, TYPE_STRING, TYPE_LLADDR, TYPE_IPADDR, TYPE_IP6ADDR, ... };
//	#define TYPE_BITS 6
//	static inline uint32_t concat_subtype_add(uint32_t type, uint32_t subtype)
//	{ return type << TYPE_BITS | subtype; }
//
// so that a concatenation ("ipv4_addr . inet_service") is its types 6 bits
// each, the first in the highest bits, and its key is each field padded to
// 4 bytes (a 32-bit register each: NFT_REG32_SIZE). A data type of
// NFT_DATA_VERDICT (0xffffff00, UAPI) is a verdict map's.
//
// A Decoder learns each set's types from the NFT_MSG_NEWSET messages it
// sees (requests in a batch, or answers of a listing), in order, and
// decodes NFT_MSG_*SETELEM messages' keys and data by them: addresses,
// ports, marks, interface names... A set it has not seen keeps hex.

// nftTypeNames are nft's data type ids (include/datatype.h's enum
// datatypes, as of nftables 1.0.6).
var nftTypeNames = map[uint64]string{
	0: "TYPE_INVALID", 1: "TYPE_VERDICT", 2: "TYPE_NFPROTO", 3: "TYPE_BITMASK", 4: "TYPE_INTEGER", 5: "TYPE_STRING",
	6: "TYPE_LLADDR", 7: "TYPE_IPADDR", 8: "TYPE_IP6ADDR", 9: "TYPE_ETHERADDR", 10: "TYPE_ETHERTYPE", 11: "TYPE_ARPOP",
	12: "TYPE_INET_PROTOCOL", 13: "TYPE_INET_SERVICE", 14: "TYPE_ICMP_TYPE", 15: "TYPE_TCP_FLAG", 16: "TYPE_DCCP_PKTTYPE",
	17: "TYPE_MH_TYPE", 18: "TYPE_TIME", 19: "TYPE_MARK", 20: "TYPE_IFINDEX", 21: "TYPE_ARPHRD", 22: "TYPE_REALM",
	23: "TYPE_CLASSID", 24: "TYPE_UID", 25: "TYPE_GID", 26: "TYPE_CT_STATE", 27: "TYPE_CT_DIR", 28: "TYPE_CT_STATUS",
	29: "TYPE_ICMP6_TYPE", 30: "TYPE_CT_LABEL", 31: "TYPE_PKTTYPE", 32: "TYPE_ICMP_CODE", 33: "TYPE_ICMPV6_CODE",
	34: "TYPE_ICMPX_CODE", 35: "TYPE_DEVGROUP", 36: "TYPE_DSCP", 37: "TYPE_ECN", 38: "TYPE_FIB_ADDR", 39: "TYPE_BOOLEAN",
	40: "TYPE_CT_EVENTBIT", 41: "TYPE_IFNAME", 42: "TYPE_IGMP_TYPE", 43: "TYPE_TIME_DATE", 44: "TYPE_TIME_HOUR",
	45: "TYPE_TIME_DAY", 46: "TYPE_CGROUPV2",
}

const (
	nftTypeBits    = 6
	nftTypeMask    = 1<<nftTypeBits - 1
	nftDataVerdict = 0xffffff00 // NFT_DATA_VERDICT (enum nft_data_types)
	nftReg32Size   = 4          // NFT_REG32_SIZE
	nftNameMaxLen  = 256        // NFT_NAME_MAXLEN
)

// nftTypeParts returns the data type ids of a (possibly concatenated) type,
// first field first, or nil for 0.
func nftTypeParts(t uint32) []uint32 {
	var parts []uint32
	for ; t != 0; t >>= nftTypeBits {
		parts = append(parts, t&nftTypeMask)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// formatNftType prints NFTA_SET_KEY_TYPE or NFTA_SET_DATA_TYPE: nft's type
// names joined as nft joins a concatenation, NFT_DATA_VERDICT by name.
func formatNftType(b []byte, _ binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	t := binary.BigEndian.Uint32(b)
	if t == nftDataVerdict {
		return "NFT_DATA_VERDICT"
	}
	parts := nftTypeParts(t)
	if len(parts) == 0 {
		return "TYPE_INVALID"
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = enumName(nftTypeNames, uint64(p))
	}
	return strings.Join(names, " . ")
}

// nftTypeSize is the size in bytes of a field of type t in a key, for the
// types whose values print by meaning (0: print the key in hex).
func nftTypeSize(t uint32) int {
	switch t {
	case 2, 12, 14, 29, 32, 33, 34, 36, 42: // nfproto, inet_proto, ICMP types and codes, dscp, igmp
		return 1
	case 10, 13: // ether_type, inet_service
		return 2
	case 7, 19, 20, 24, 25: // ipv4_addr, mark, iface_index, uid, gid
		return 4
	case 9: // ether_addr
		return 6
	case 8, 41: // ipv6_addr, ifname (IFNAMSIZ)
		return 16
	}
	return 0
}

// nftField prints one field of type t (b has nftTypeSize(t) bytes); order
// is the capture's byte order, which host-endian types (mark, iface_index,
// uid, gid) are in.
func nftField(t uint32, b []byte, order binary.ByteOrder) string {
	switch t {
	case 2:
		return nfprotoName(b[0])
	case 12:
		return enumName(ipProtoNames, uint64(b[0]))
	case 7:
		return netip.AddrFrom4([4]byte(b)).String()
	case 8:
		return netip.AddrFrom16([16]byte(b)).String()
	case 9:
		return llAddr(b)
	case 10:
		return "0x" + strconv.FormatUint(uint64(binary.BigEndian.Uint16(b)), 16)
	case 13:
		return strconv.Itoa(int(binary.BigEndian.Uint16(b)))
	case 19:
		return "0x" + strconv.FormatUint(uint64(order.Uint32(b)), 16)
	case 20, 24, 25:
		return strconv.FormatUint(uint64(order.Uint32(b)), 10)
	case 41:
		return quoteString(cBytes(b))
	}
	return strconv.Itoa(int(b[0])) // the 1-byte integer types
}

// nftKeyFormat returns the printer of NFTA_DATA_VALUE for a set whose key
// or data has type t, or nil when the values print in hex.
func nftKeyFormat(t uint32) func([]byte, binary.ByteOrder) string {
	parts := nftTypeParts(t)
	if len(parts) == 0 || t == nftDataVerdict {
		return nil
	}
	for _, p := range parts {
		if nftTypeSize(p) == 0 {
			return nil
		}
	}
	return func(b []byte, order binary.ByteOrder) string {
		out := make([]string, 0, len(parts))
		off := 0
		for i, p := range parts {
			n := nftTypeSize(p)
			if len(parts) > 1 {
				// A concatenation: each field starts a register.
				if off+n > len(b) {
					return hexString(b)
				}
			} else if len(b) != n {
				return hexString(b)
			}
			out = append(out, nftField(p, b[off:off+n], order))
			off += n
			if i < len(parts)-1 {
				off = (off + nftReg32Size - 1) &^ (nftReg32Size - 1)
			}
		}
		if len(parts) > 1 && (off+nftReg32Size-1)&^(nftReg32Size-1) != len(b) {
			return hexString(b)
		}
		return strings.Join(out, " . ")
	}
}

// An nftSetType is what a Decoder knows of a set: its key and data types.
type nftSetType struct{ key, data uint32 }

// An nftSetRef names a set: nfgen family, table, name, and for a set whose
// name is a template ("__set%d", an anonymous set in a batch) its
// NFTA_SET_ID, which the batch's elements give as NFTA_SET_ELEM_LIST_SET_ID.
type nftSetRef struct {
	family      uint8
	table, name string
	id          uint32
}

// maxNftSets bounds a Decoder's set table.
const maxNftSets = 4096

// An nftSetReader reads the table, name, set id and the key and data types of
// an NFTA_SET_* or NFTA_SET_ELEM_LIST_* attribute list.
type nftSetReader struct {
	table, name, key, data, id uint16 // attribute types; 0: not read
}

var (
	nftNewSetType = func() uint16 {
		sub, _ := genNFNL_SUBSYS.value("NFNL_SUBSYS_NFTABLES")
		msg, _ := genNFT_MSG.value("NFT_MSG_NEWSET")
		return uint16(sub<<8 | msg)
	}()
	nftSetReadAttrs = func() nftSetReader {
		v := func(n string) uint16 { x, _ := genNFTA_SET.value(n); return uint16(x) }
		return nftSetReader{table: v("NFTA_SET_TABLE"), name: v("NFTA_SET_NAME"), key: v("NFTA_SET_KEY_TYPE"),
			data: v("NFTA_SET_DATA_TYPE"), id: v("NFTA_SET_ID")}
	}()
	nftElemReadAttrs = func() nftSetReader {
		v := func(n string) uint16 { x, _ := genNFTA_SET_ELEM_LIST.value(n); return uint16(x) }
		return nftSetReader{table: v("NFTA_SET_ELEM_LIST_TABLE"), name: v("NFTA_SET_ELEM_LIST_SET"), id: v("NFTA_SET_ELEM_LIST_SET_ID")}
	}()
)

// read returns the set p's attributes name, its types and whether it
// names one (a table and a set).
func (w nftSetReader) read(family uint8, attrs []byte, order binary.ByteOrder) (ref nftSetRef, t nftSetType, haveKey, ok bool) {
	ref.family = family
	var id uint32
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		switch a.Type {
		case w.table:
			ref.table = string(cBytes(a.Payload))
		case w.name:
			ref.name = string(cBytes(a.Payload))
		case w.key:
			if w.key != 0 && len(a.Payload) == 4 {
				t.key, haveKey = binary.BigEndian.Uint32(a.Payload), true
			}
		case w.data:
			if w.data != 0 && len(a.Payload) == 4 {
				t.data = binary.BigEndian.Uint32(a.Payload)
			}
		case w.id:
			if len(a.Payload) == 4 {
				id = binary.BigEndian.Uint32(a.Payload)
			}
		}
	}
	if strings.Contains(ref.name, "%") {
		ref.id = id
	}
	// Longer names than the kernel takes (NFT_NAME_MAXLEN) name no set.
	ok = ref.table != "" && ref.name != "" && len(ref.table) < nftNameMaxLen && len(ref.name) < nftNameMaxLen
	return ref, t, haveKey, ok
}

// noteNftSet learns a set's types from an NFT_MSG_NEWSET message (type and
// payload after nlmsghdr: nfgenmsg and attributes).
func (d *Decoder) noteNftSet(typ uint16, p []byte, order binary.ByteOrder) {
	if typ != nftNewSetType || len(p) < nfgenmsgHeader.Len {
		return
	}
	ref, t, haveKey, ok := nftSetReadAttrs.read(p[0], p[nfgenmsgHeader.Len:], order)
	if !ok || !haveKey {
		return
	}
	if old, known := d.nftSets[ref]; known && old == t {
		return
	}
	switch {
	case len(d.nftSets) >= maxNftSets:
		d.nftSets, d.nftShared = map[nftSetRef]nftSetType{}, false
	case d.nftShared:
		// A State shares the table: copy it once before the first change.
		d.nftSets, d.nftShared = maps.Clone(d.nftSets), false
	}
	d.nftSets[ref] = t
}

// nftSetElemAttrsD is MessageSpec.attrsD of NFT_MSG_*SETELEM: the element
// list's attribute set typed by the set the message names, if d knows it.
func nftSetElemAttrsD(d *Decoder, p []byte, order binary.ByteOrder) *AttrSet {
	if len(d.nftSets) == 0 || len(p) < nfgenmsgHeader.Len || d.cfg.Numeric {
		// Config.Numeric keeps hex, as the rules' typed data does.
		return nil
	}
	ref, _, _, ok := nftElemReadAttrs.read(p[0], p[nfgenmsgHeader.Len:], order)
	if !ok {
		return nil
	}
	t, known := d.nftSets[ref]
	if !known || nftKeyFormat(t.key) == nil && nftKeyFormat(t.data) == nil {
		return nil // hex either way: the untyped set
	}
	return nftTypedElemList(t)
}

// nftTypedLists caches nftTypedElemList's sets by type, up to
// maxNftTypedLists of them (the types come from the capture).
var (
	nftTypedMu    sync.Mutex
	nftTypedLists = map[nftSetType]*AttrSet{}
)

const maxNftTypedLists = 256

// nftTypedElemList returns NFTA_SET_ELEM_LIST's attribute set with the
// elements' keys and data printed by t.
func nftTypedElemList(t nftSetType) *AttrSet {
	nftTypedMu.Lock()
	defer nftTypedMu.Unlock()
	if s, ok := nftTypedLists[t]; ok {
		return s
	}
	s := nftSetElemListSet(nftSetElemSet(nftTypedData(t.key), nftTypedData(t.data)))
	if len(nftTypedLists) < maxNftTypedLists {
		nftTypedLists[t] = s
	}
	return s
}

// nftTypedData returns NFTA_DATA with NFTA_DATA_VALUE printed by type t
// (nftDataAttrs when t's values print in hex).
func nftTypedData(t uint32) *AttrSet {
	f := nftKeyFormat(t)
	if f == nil {
		return nftDataAttrs
	}
	return nfSet("NFTA_DATA", genNFTA_DATA,
		customA("NFTA_DATA_VALUE", f),
		nest("NFTA_DATA_VERDICT", nftVerdictAttrs),
	)
}
