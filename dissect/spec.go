package dissect

import (
	"encoding/binary"
	"strings"
	"sync"

	"github.com/nlcap/nlcap"
)

// This file is the vocabulary in which family knowledge is written: tables
// of message types, fixed headers and attributes, taken from the kernel UAPI
// headers. The decoding engine walks them; family files (rtnetlink.go,
// nlctrl.go...) only fill them in.

// A ValueKind says how an attribute payload is read and printed.
type ValueKind uint8

// Value kinds.
const (
	KindBinary      ValueKind = iota // hex bytes
	KindU8                           // host-order integers
	KindU16                          //
	KindU32                          //
	KindU64                          //
	KindS8                           //
	KindS16                          //
	KindS32                          //
	KindS64                          //
	KindBE16                         // network-order integers (ports, some netfilter values)
	KindBE32                         //
	KindBE64                         //
	KindString                       // NUL-terminated or not; printed quoted
	KindFlag                         // zero-length presence flag
	KindNested                       // children decoded with AttrSpec.Nested (or Select)
	KindNestedArray                  // children are index-typed entries, each nested with AttrSpec.Nested
	KindAddr                         // IPv4 (4 bytes) or IPv6 (16 bytes) address; other lengths hex
	KindLLAddr                       // link-layer address: aa:bb:cc:dd:ee:ff
	KindCustom                       // AttrSpec.Format prints it
	KindStruct                       // a C struct decoded by AttrSpec.Struct into Attr.Fixed
	KindEntries                      // a list of structs (AttrSpec.Struct), each followed by attributes of AttrSpec.Nested
)

// An AttrSpec describes one attribute type of an attribute set.
type AttrSpec struct {
	Name string    // "IFLA_IFNAME"
	Kind ValueKind //
	// Enum names integer values ("ARPHRD_ETHER"); Flags names bits.
	Enum  map[uint64]string
	Flags map[uint64]string
	// Nested is the attribute set of the children for KindNested and
	// KindNestedArray.
	Nested *AttrSet
	// Select, when set, picks the children's attribute set from the
	// already decoded siblings (IFLA_INFO_DATA depends on IFLA_INFO_KIND).
	// It may return nil for "unknown: decode raw".
	Select func(siblings []Attr) *AttrSet
	// SelectSpec, when set, picks the whole spec of the attribute from its
	// already decoded siblings, when the payload's layout (not only its
	// children) depends on them: TCA_OPTIONS is attributes (htb), a C
	// struct (prio), a struct then attributes (netem) or empty (clsact)
	// by TCA_KIND. nil keeps this spec. Tags of this spec stay.
	SelectSpec func(siblings []Attr) *AttrSpec
	// Format prints a KindCustom payload (or overrides the kind's printer).
	Format func(b []byte, order binary.ByteOrder) string
	// Struct decodes a C struct: the whole payload for KindStruct (struct
	// rtnl_link_stats64, struct ifa_cacheinfo...; a payload shorter than
	// Struct.Len is printed in hex), the struct that starts the payload of a
	// KindNested attribute before its children, which then start at
	// NLA_ALIGN(Struct.Len) (VETH_INFO_PEER: struct ifinfomsg), or the
	// struct that starts each entry of KindEntries. Its fields go to
	// [Attr.Fixed] and, as "name=value" pairs, to [Attr.Value].
	Struct *HeaderSpec
	// EntryLen, for KindEntries, reads the length of the entry that starts
	// b (at least Struct.Len bytes), struct included (RTA_MULTIPATH:
	// rtnh_len of struct rtnexthop). Entries are 4-byte aligned.
	EntryLen func(b []byte, order binary.ByteOrder) int
	// Tags say what the value means to the rest of the toolkit (replay
	// rewrites ifindexes and ignores volatile values). For KindEntries
	// they apply to the Struct's tagged fields (see HeaderSpec.Tagged).
	Tags Tag

	// strset, when set, is the id + 1 of the ethtool string set whose
	// strings, as the Decoder learned them, name the bits of a compact
	// bit set (see ethtool_strset.go).
	strset uint32
	// strsetDev says that the string set is one device's
	// (ETH_SS_PRIV_FLAGS): its names are those the Decoder learned for
	// the device that the message's ethtool header names.
	strsetDev bool

	// newType is the type + 1 of an attribute newer than the generated
	// headers ([newer]); release names the kernel that added it.
	newType int32
	release string
}

// A Tag is a meaning of an attribute or header field that tools other than
// the decoder act on. Tags come from the family overlays.
type Tag uint8

// Meaning tags.
const (
	// TagIfindex: an interface index (u32 or s32). Replay rewrites it by
	// interface name and compares answers without it.
	TagIfindex Tag = 1 << iota
	// TagGenlFamilyID: a generic netlink family id (u16), dynamic per boot.
	TagGenlFamilyID
	// TagMcastGroupID: a generic netlink multicast group id (u32).
	TagMcastGroupID
	// TagVolatile: what differs between two runs of the same request
	// (counters, timestamps, cache info, random addresses): replay
	// leaves it out of the comparison.
	TagVolatile
	// TagSecret: key material.
	TagSecret
	// TagGenlFamilyName: the name of a generic netlink family (what a
	// TagGenlFamilyID or TagMcastGroupID of the message belongs to).
	TagGenlFamilyName
	// TagMcastGroupName: the name of the multicast group whose id is the
	// TagMcastGroupID sibling.
	TagMcastGroupName
)

// String returns the tags as "ifindex,volatile" (the overlay spelling).
func (t Tag) String() string {
	var out []string
	for i, n := range tagNames {
		if t&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}

var tagNames = [...]string{"ifindex", "genl-family-id", "mcast-group-id", "volatile", "secret", "genl-family-name", "mcast-group-name"}

// A TaggedField is a field of a fixed header (or struct) that carries tags.
type TaggedField struct {
	Name   string // "ifi_index"
	Offset int    // from the start of the header
	Size   int    // bytes
	Tags   Tag
}

// An AttrSet is a name space of attribute types ("IFLA", "IFA", "CTRL_ATTR").
type AttrSet struct {
	Name  string
	Attrs map[uint16]*AttrSpec
	// Default, when set, describes every type that Attrs does not list (for
	// index-typed entries such as the attribute types of a netlink policy).
	// An attribute decoded with a Default whose Name is empty is named
	// "[N]" after its type.
	Default *AttrSpec

	// NB: Attrs must not change once the set has been used to decode: the
	// decoder indexes it once into dense.
	once    sync.Once
	dense   []*AttrSpec // Attrs by type, when the types are small
	steps   []checkStep // what check does with each type of dense
	defStep checkStep   // ... and with a type that Attrs does not list
}

// maxDenseType bounds the attribute types indexed in a slice; sets with
// larger types are looked up in the map.
const maxDenseType = 1024

// lookup returns the spec of attribute type t, or nil.
func (s *AttrSet) lookup(t uint16) *AttrSpec {
	s.once.Do(s.index)
	if s.dense != nil {
		if int(t) < len(s.dense) {
			return s.dense[t]
		}
		return nil
	}
	return s.Attrs[t]
}

// index builds dense and steps (once, through s.once).
func (s *AttrSet) index() {
	s.defStep = stepOf(s.Default)
	maxT := -1
	for k := range s.Attrs {
		maxT = max(maxT, int(k))
	}
	if maxT < 0 || maxT >= maxDenseType {
		return
	}
	s.dense = make([]*AttrSpec, maxT+1)
	s.steps = make([]checkStep, maxT+1)
	for k, v := range s.Attrs {
		s.dense[k] = v
	}
	for k, v := range s.dense {
		if v == nil {
			s.steps[k] = s.defStep
		} else {
			s.steps[k] = stepOf(v)
		}
	}
}

// A checkStep is what attrDecoder.check does with an attribute of one
// type: follow its children always, never, or when NLA_F_NESTED is set,
// with the set of the children (nil: unknown). Kept beside dense so that
// the walk, which Config.Brief makes over every nest of every message,
// reads one small table instead of each type's spec (check was 11% of a
// one-line nlcap -r of bench/read.sh's file with the spec read per
// attribute, 1 CPU, 2026-12-04).
type checkStep struct {
	mode uint8
	sub  *AttrSet
}

// checkStep modes.
const (
	stepByFlag uint8 = iota // no spec, or binary: NLA_F_NESTED decides
	stepNever               // a scalar, a string, a struct nest...
	stepAlways              // a nest
)

// stepOf returns what check does with attributes of spec (nil: unknown).
func stepOf(spec *AttrSpec) checkStep {
	if spec == nil {
		return checkStep{}
	}
	switch spec.Kind {
	case KindNested:
		if spec.Struct != nil {
			return checkStep{mode: stepNever}
		}
		if spec.Select != nil { // the set depends on siblings: children by length only
			return checkStep{mode: stepAlways}
		}
		return checkStep{mode: stepAlways, sub: spec.Nested}
	case KindNestedArray:
		return checkStep{mode: stepAlways, sub: arraySet(spec.Nested)}
	case KindBinary:
		return checkStep{}
	}
	return checkStep{mode: stepNever}
}

// step returns what check does with attributes of type t.
func (s *AttrSet) step(t uint16) checkStep {
	s.once.Do(s.index)
	if s.steps != nil {
		if int(t) < len(s.steps) {
			return s.steps[t]
		}
		return s.defStep
	}
	if spec := s.Attrs[t]; spec != nil {
		return stepOf(spec)
	}
	return s.defStep
}

// MsgKind is the kind of request a message type is, which decides how its
// flag bits 0x100-0x800 are named (include/uapi/linux/netlink.h).
type MsgKind uint8

// Message kinds.
const (
	MsgOther MsgKind = iota
	MsgGet           // NLM_F_ROOT 0x100, NLM_F_MATCH 0x200, NLM_F_ATOMIC 0x400 (NLM_F_DUMP = ROOT|MATCH)
	MsgNew           // NLM_F_REPLACE 0x100, NLM_F_EXCL 0x200, NLM_F_CREATE 0x400, NLM_F_APPEND 0x800
	MsgDel           // NLM_F_NONREC 0x100, NLM_F_BULK 0x200
	MsgAck           // NLM_F_CAPPED 0x100, NLM_F_ACK_TLVS 0x200 (NLMSG_ERROR, NLMSG_DONE)
)

// A HeaderSpec is a family's fixed header after nlmsghdr (ifinfomsg...).
type HeaderSpec struct {
	Name string // "ifinfomsg"
	Len  int    // bytes on the wire (attributes start at NLMSG_ALIGN(Len))
	// Decode returns the fields in order; b holds at least Len bytes.
	Decode func(b []byte, order binary.ByteOrder) []Field

	// Tagged lists the fields that carry meaning tags.
	Tagged []TaggedField

	// raw, when set, is Decode for Config.Brief: it appends the fields
	// with Name and Raw but no Value to dst (summaries read Raw only).
	raw func(dst []Field, b []byte, order binary.ByteOrder) []Field
	// appendTo, when set, is Decode appending to dst, which DecodeInto
	// carves from memory it reuses; count returns how many fields it
	// appends for b.
	appendTo func(dst []Field, b []byte, order binary.ByteOrder) []Field
	// request, when set, adjusts the Decode fields of a header sent in a
	// request (NLM_F_REQUEST), where some fields mean "unset" at zero.
	request func(fs []Field)
	count   func(b []byte) int
}

// A MessageSpec describes one nlmsg_type of a family.
type MessageSpec struct {
	Name   string // "RTM_NEWLINK"
	Kind   MsgKind
	Header *HeaderSpec
	Attrs  *AttrSet
	// ShortHeader, when set, is used instead of Header when the payload is
	// shorter than Header.Len: dump requests of older tools carry struct
	// rtgenmsg (one byte) instead of the type's full header, as the kernel
	// accepts (net/core/rtnetlink.c, rtnl_dump_ifinfo).
	ShortHeader *HeaderSpec
	// SelectAttrs, when set, picks the attribute set from the decoded fixed
	// header; a nil result keeps Attrs (rtnetlink: the header's address
	// family changes the meaning of IFLA_AF_SPEC or RTA_DST).
	SelectAttrs func(fixed []Field) *AttrSet
	// attrsD, when set, picks the attribute set from what the Decoder
	// learned and the payload (after nlmsghdr), for the values only (not
	// in Config.Brief): nf_tables set elements by their set's types.
	attrsD func(d *Decoder, payload []byte, order binary.ByteOrder) *AttrSet
	// Variant, when set, picks the spec of this message from its
	// nlmsg_flags and payload; nil keeps this one. sock_diag: one message
	// type whose header is inet_diag_req_v2 in a request (NLM_F_REQUEST)
	// and inet_diag_msg in an answer, unix_diag_req or unix_diag_msg for
	// AF_UNIX...; XFRM: a dump request (NLM_F_DUMP) of XFRM_MSG_GETSA has
	// no header.
	Variant func(flags uint16, payload []byte) *MessageSpec

	// briefAttrs, when set, lists the top-level attribute types the
	// family's summary reads: all that Config.Brief keeps.
	briefAttrs *attrMask
}

// A FamilySpec is what the decoder knows about one netlink protocol.
type FamilySpec struct {
	Family   nlcap.Family
	Messages map[uint16]*MessageSpec
	// Summary returns the short text of a decoded message for one-line
	// output (interface name, address/prefix, route...). May be nil.
	Summary func(m *Message) string
	// Default, when set, describes the message types (>= NLMSG_MIN_TYPE)
	// that Messages does not list (netfilter: nfgenmsg + attributes for
	// every subsystem).
	Default *MessageSpec
	// TypeName, when set, names the message types that Messages does not
	// list ("NFNL_SUBSYS_CTNETLINK/0").
	TypeName func(t uint16) string
	// summaryD, when set, is used instead of Summary and may use and update
	// the decoder's state (rtnetlink: interface names by index).
	summaryD func(d *Decoder, m *Message) string

	// byType is Messages by type, indexed at registerFamily when the types
	// are small (Messages must not change after).
	byType []*MessageSpec
}

// A GenlFamilySpec describes a generic netlink family, found by name.
type GenlFamilySpec struct {
	Name     string           // "nlctrl"
	Commands map[uint8]string // "CTRL_CMD_GETFAMILY"
	// CmdKinds gives the request kind of commands for flag naming.
	CmdKinds map[uint8]MsgKind
	Attrs    *AttrSet // attribute set shared by the commands
	// Header, when set, is the family's own header after genlmsghdr, before
	// the attributes (the ovs_* families: struct ovs_header); its fields
	// follow genlmsghdr's in [Message.Fixed].
	Header *HeaderSpec
	// CmdAttrs overrides Attrs for particular commands.
	CmdAttrs map[uint8]*AttrSet
	// ReplyCommands and ReplyCmdAttrs, when set, are Commands and CmdAttrs
	// of the messages the kernel sends (NLM_F_REQUEST clear): families such
	// as ethtool number their commands apart for each direction
	// (ETHTOOL_MSG_STRSET_GET = 1 asks, ETHTOOL_MSG_STRSET_GET_REPLY = 1
	// answers).
	ReplyCommands map[uint8]string
	ReplyCmdAttrs map[uint8]*AttrSet
	// EventCommands and EventAttrs, when set, name and decode the
	// notifications a family multicasts with numbers of their own that
	// collide with its commands' (mptcp_pm's MPTCP_EVENT_*, thermal's
	// THERMAL_GENL_EVENT_*): messages from the kernel (NLM_F_REQUEST
	// clear) with nlmsg_pid 0, as genlmsg_put(skb, 0, 0, ...) makes them;
	// a reply carries the requester's port id.
	EventCommands map[uint8]string
	EventAttrs    *AttrSet
	// DumpReply, for a family with EventCommands, tells a dump's reply
	// that the kernel sends with port id 0 like an event (thermal's) by
	// its payload (genlmsghdr, attributes): it reads with Commands and is
	// an answer (see [MessageDirection]).
	DumpReply func(payload []byte, order binary.ByteOrder) bool
	Summary   func(m *Message) string

	// briefAttrs is MessageSpec.briefAttrs for Summary.
	briefAttrs *attrMask
}

var (
	familySpecs     = map[nlcap.Family]*FamilySpec{}
	genlFamilySpecs = map[string]*GenlFamilySpec{}
)

// familyTable is familySpecs as an array, for the families below 64.
var familyTable [64]*FamilySpec

// registerFamily adds a family's knowledge; called from init in family files.
func registerFamily(f *FamilySpec) {
	familySpecs[f.Family] = f
	if int(f.Family) < len(familyTable) {
		familyTable[f.Family] = f
	}
	registerIndex(f)
}

// registerIndex indexes f.Messages by type when the types are small.
func registerIndex(f *FamilySpec) {
	maxT := -1
	for t := range f.Messages {
		maxT = max(maxT, int(t))
	}
	if maxT >= 0 && maxT < maxDenseType {
		f.byType = make([]*MessageSpec, maxT+1)
		for t, ms := range f.Messages {
			f.byType[t] = ms
		}
	}
}

// familySpec returns the knowledge of family f, or nil.
func familySpec(f nlcap.Family) *FamilySpec {
	if int(f) < len(familyTable) {
		return familyTable[f]
	}
	return familySpecs[f]
}

// message returns the spec of message type t (without Default), or nil.
func (fs *FamilySpec) message(t uint16) *MessageSpec {
	if fs.byType != nil {
		if int(t) < len(fs.byType) {
			return fs.byType[t]
		}
		return nil
	}
	return fs.Messages[t]
}

// commands returns the command names, attribute sets (by command, and the
// default), and request kinds of a message with header h: the event tables
// for a notification of a family that numbers its events apart, the reply
// tables for what the kernel sends when the family numbers its replies
// apart (whose kinds are then unknown: nil).
//
// payload (genlmsghdr and attributes, in order) tells a dump reply sent
// with port id 0 from an event (DumpReply).
func (f *GenlFamilySpec) commands(h Header, payload []byte, order binary.ByteOrder) (map[uint8]string, map[uint8]*AttrSet, *AttrSet, map[uint8]MsgKind) {
	if h.Flags&NLM_F_REQUEST == 0 {
		if f.EventCommands != nil && h.PID == 0 && !f.isDumpReply(h, payload, order) {
			return f.EventCommands, nil, f.EventAttrs, nil
		}
		if f.ReplyCommands != nil {
			return f.ReplyCommands, f.ReplyCmdAttrs, f.Attrs, nil
		}
	}
	return f.Commands, f.CmdAttrs, f.Attrs, f.CmdKinds
}

// isDumpReply reports whether a message with header h and payload is a
// dump reply that f's kernel sends with port id 0 (DumpReply).
func (f *GenlFamilySpec) isDumpReply(h Header, payload []byte, order binary.ByteOrder) bool {
	return f.DumpReply != nil && h.PID == 0 && h.Flags&NLM_F_REQUEST == 0 && f.DumpReply(payload, order)
}

// registerGenlFamily adds a generic netlink family's knowledge.
func registerGenlFamily(f *GenlFamilySpec) { genlFamilySpecs[f.Name] = f }

// variant returns the spec that [MessageSpec.Variant] picks for a message
// with these flags and payload, or ms.
func (ms *MessageSpec) variant(flags uint16, payload []byte) (v *MessageSpec) {
	if ms.Variant == nil {
		return ms
	}
	defer func() {
		if recover() != nil {
			v = ms
		}
	}()
	if v = ms.Variant(flags, payload); v == nil {
		return ms
	}
	return v
}
