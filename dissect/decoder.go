package dissect

import (
	"encoding/binary"
	"fmt"
	"maps"
	"strconv"
	"unsafe"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
)

// Config tunes a [Decoder]. The zero value (or nil) gives the defaults.
type Config struct {
	// Numeric prints attribute values as numbers instead of enum and flag
	// names.
	Numeric bool
	// MaxDepth bounds attribute nesting; deeper attributes get a Problem.
	// Zero means DefaultMaxDepth (40).
	MaxDepth int
	// Brief decodes only what a one-line listing shows: headers, fixed
	// headers (for the common rtnetlink messages with Name and Raw only,
	// no Value), errors (the extended ACK in full, and the echoed request too
	// when NLM_F_ACK_TLVS says an extended ACK may point into it) and
	// summaries. [Message.Attrs] then holds top-level attributes only,
	// with Offset, Len, Type, Name, Nested and Data but no Value, Fixed or
	// Children: for a message type the family tables know, only those its
	// summary reads (and a malformed one), else all. The lengths of the
	// others and inside nests are still checked, so that Message.Problem
	// flags a malformed attribute as without Brief. It is several times
	// faster on dumps of large objects (links, nlctrl families); leave it
	// off when attributes are printed.
	Brief bool
	// Specs, when set, decodes the families of loaded YNL specs over the
	// built-in tables ([LoadSpecs]).
	Specs *Specs
	// ValueDepth, when > 0 and without Brief, decodes attribute values down
	// to that nesting level (1: a message's attributes): the children of
	// the plain nests there are decoded as Brief decodes them (names and
	// lengths, no values; deeper nests checked), so that they can be
	// counted (nests that start with a struct, and entry lists, are decoded
	// in full). nlcap -v, which prints a message's attributes and counts
	// the children of its nests, uses 1: it spends no time formatting
	// values it does not print (nl80211 wiphy dumps, IPv4 and IPv6 devconf
	// arrays). As with Brief, a malformed attribute deeper than the check
	// looks (inside a struct-prefixed, entry or Select nest below the first
	// level) is found by a full decode only, and when a message has several
	// problems its Problem may name another one.
	ValueDepth int
	// ShowSecrets prints the payloads of attributes tagged [TagSecret]
	// (WireGuard private keys...). Without it their [Attr.Value] is
	// "<redacted N bytes>" and their children are not decoded; either way
	// [Attr.Secret] marks them and [Attr.Data] holds the bytes.
	ShowSecrets bool
}

// DefaultMaxDepth is the nesting bound used when Config.MaxDepth is zero.
// Open vSwitch nests deepest: the kernel copies flow actions up to
// OVS_COPY_ACTIONS_MAX_DEPTH (16) levels of sample, clone and
// check_pkt_len actions, two attribute levels each
// (net/openvswitch/flow_netlink.c), and ovs-vswitchd probes that depth when
// it opens a datapath (20 attribute levels in a 6.1 lab capture).
const DefaultMaxDepth = 40

// A Decoder turns records into decoded [Message]s. It keeps state across
// records: generic netlink family ids learned from nlctrl messages and the
// GET requests still waiting for their answer (for [MessageDirection]).
// Feed it records in capture order. A Decoder is not safe for concurrent use.
type Decoder struct {
	cfg     Config
	genl    map[uint16]string            // genl family id → name
	mcast   map[string]map[uint32]string // genl family name → mcast group id → name
	pending pendingSet                   // GET and echo requests waiting for an answer
	flags   map[uint32][]string          // FlagNames cache: kind<<16 | flags
	ifnames map[int32]string             // rtnetlink interface index → name, from link messages
	strsets map[uint32]map[uint64]string // ethtool string set id → strings by index (ethtool_strset.go)
	// devStrsets are the ethtool string sets of one device (ETH_SS_PRIV_FLAGS),
	// by set and device as the reply's header named it (ethtool_strset.go).
	devStrsets map[devStrsetKey]map[uint64]string
	// devShared says that a State shares devStrsets: learnDevStrset
	// copies it before changing it.
	devShared bool
	nftSets   map[nftSetRef]nftSetType // nf_tables sets' key and data types (nftables_sets.go)
	// nftShared says that a State shares nftSets: noteNftSet copies it
	// before changing it (a table copied per chunk would cost more).
	nftShared bool
	ctrl      ctrlCount         // nlctrl messages learned from (see Settle)
	keep      attrArena         // attribute arena of Decode: never reused
	reuse     attrArena         // attribute arena of DecodeInto: reused at each call
	arena     *attrArena        // the arena of the call in progress
	scratch   []byte            // summary builder buffer (see newWords)
	fields    []Field           // field arena of fieldBuf: never reused
	rfields   arena[Field]      // field arena of fieldBuf for DecodeInto
	strs      strArena          // bytes of summaries and formatted values (see str)
	errs      arena[errorAlloc] // what decodeError allocates, for DecodeInto
	genls     arena[genlAlloc]  // what decodeGenl allocates, for DecodeInto
	// genlCache remembers what genlOf found for recent ids; an entry is
	// valid while its gen is genlGen, which every change of genl bumps.
	genlCache [genlCacheSize]genlEntry
	genlGen   uint32
}

// A genlEntry is what a generic netlink family id meant at generation gen.
type genlEntry struct {
	gen   uint32
	id    uint16
	known bool
	name  string
	spec  *GenlFamilySpec
}

// genlCacheSize is the number of ids genlOf remembers (direct-mapped by
// id: families get consecutive ids).
const genlCacheSize = 32

// genlOf returns the name that d knows for generic netlink family id,
// whether it knows one, and the family's spec (nil: none). It is
// d.genl[id] and Specs.genlSpec of that name, remembered: each generic
// netlink message asks it several times (type name, genlmsghdr,
// direction, in Track and in Decode), and the spec lookup hashes the
// name (4% of a one-line nlcap -r of bench/read.sh's file on 2 CPUs,
// 2026-12-04).
func (d *Decoder) genlOf(id uint16) (name string, known bool, spec *GenlFamilySpec) {
	e := &d.genlCache[id%genlCacheSize]
	if e.gen == d.genlGen && e.id == id {
		return e.name, e.known, e.spec
	}
	name, known = d.genl[id]
	spec = d.cfg.Specs.genlSpec(name)
	*e = genlEntry{gen: d.genlGen, id: id, known: known, name: name, spec: spec}
	return name, known, spec
}

// An arena hands out memory from chunks of T (about 16 KiB each) and takes
// it all back at once with reset. The Decoder's arenas serve DecodeInto
// only, whose results are invalid once it is called again.
type arena[T any] struct {
	chunks [][]T
	ci, n  int // the chunk in use and how much of it is handed out
}

// take returns an empty slice of capacity n.
func (a *arena[T]) take(n int) []T {
	for a.ci < len(a.chunks) && len(a.chunks[a.ci])-a.n < n {
		a.ci, a.n = a.ci+1, 0
	}
	if a.ci == len(a.chunks) {
		var zero T
		a.chunks = append(a.chunks, make([]T, max(n, 16<<10/max(int(unsafe.Sizeof(zero)), 1))))
	}
	s := a.chunks[a.ci][a.n : a.n : a.n+n]
	a.n += n
	return s
}

// get returns a zeroed *T.
func (a *arena[T]) get() *T {
	s := a.take(1)[:1]
	var zero T
	s[0] = zero
	return &s[0]
}

func (a *arena[T]) reset() { a.ci, a.n = 0, 0 }

// newErrorAlloc returns the memory of one decodeError.
func (d *Decoder) newErrorAlloc() *errorAlloc {
	if d.arena == &d.reuse {
		return d.errs.get()
	}
	return &errorAlloc{}
}

// newGenlAlloc returns the memory of one decodeGenl.
func (d *Decoder) newGenlAlloc() *genlAlloc {
	if d.arena == &d.reuse {
		return d.genls.get()
	}
	return &genlAlloc{}
}

// maxRawFields is the most fields a HeaderSpec.raw decoder appends.
const maxRawFields = 9

// fieldBuf returns an empty field slice of capacity n: for Decode carved
// from a chunk that is never reused (what it holds stays valid), for
// DecodeInto from the arena that the next DecodeInto takes back.
func (d *Decoder) fieldBuf(n int) []Field {
	if d.arena == &d.reuse {
		return d.rfields.take(n) // DecodeInto: taken back at the next call
	}
	if cap(d.fields)-len(d.fields) < n {
		d.fields = make([]Field, 0, 512)
	}
	l := len(d.fields)
	d.fields = d.fields[:l+n]
	return d.fields[l : l : l+n]
}

// str returns b as a string, copied into the decoder's string arena (see
// strArena).
func (d *Decoder) str(b []byte) string {
	return d.strs.str(append(d.strs.buf(len(b)), b...))
}

// ownedString returns b as a string without copying it. The caller hands
// b over: its bytes must never be written again.
func ownedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// decimalLen returns the number of decimal digits of v.
func decimalLen(v uint64) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// Fixed generic netlink ids (include/uapi/linux/genetlink.h).
//
//	#define GENL_ID_CTRL		NLMSG_MIN_TYPE
//	#define GENL_ID_VFS_DQUOT	(NLMSG_MIN_TYPE + 1)
//	#define GENL_ID_PMCRAID		(NLMSG_MIN_TYPE + 2)
const (
	genlIDCtrl     = nlmsgMinType
	genlIDVFSDquot = nlmsgMinType + 1
	genlIDPmcraid  = nlmsgMinType + 2
	genlHdrLen     = 4 // #define GENL_HDRLEN NLMSG_ALIGN(sizeof(struct genlmsghdr))
)

// NewDecoder returns a decoder; cfg may be nil for the defaults.
func NewDecoder(cfg *Config) *Decoder {
	d := &Decoder{
		genl: map[uint16]string{
			genlIDCtrl:     "nlctrl",
			genlIDVFSDquot: "VFS_DQUOT",
			genlIDPmcraid:  "pmcraid",
		},
		mcast:   map[string]map[uint32]string{},
		flags:   map[uint32][]string{},
		ifnames: map[int32]string{},
		strsets: map[uint32]map[uint64]string{},
		nftSets: map[nftSetRef]nftSetType{},
		genlGen: 1, // the zero genlCache entries are not valid
	}
	if cfg != nil {
		d.cfg = *cfg
	}
	if d.cfg.MaxDepth <= 0 {
		d.cfg.MaxDepth = DefaultMaxDepth
	}
	return d
}

// GenlFamilies returns a copy of the generic netlink id → name map known so
// far: the fixed ids plus those learned from nlctrl messages.
func (d *Decoder) GenlFamilies() map[uint16]string { return maps.Clone(d.genl) }

// GenlMcastGroups returns a copy of the multicast groups learned from nlctrl
// messages: family name → group id → group name.
func (d *Decoder) GenlMcastGroups() map[string]map[uint32]string {
	out := make(map[string]map[uint32]string, len(d.mcast))
	for k, v := range d.mcast {
		out[k] = maps.Clone(v)
	}
	return out
}

// Learn scans a record for nlctrl messages (CTRL_CMD_NEWFAMILY answers and
// notifications) and remembers the family ids, names and multicast groups
// they carry. Calling it on every record of a file before decoding lets
// [Decoder.Decode] name generic netlink messages that come before the lookup.
// It never fails; malformed records are skipped.
//
// For NETLINK_ROUTE records it remembers the interface names that link
// messages (answers and notifications) give, so that summaries of address,
// route and neighbour messages name the interface of an index.
func (d *Decoder) Learn(rec nlcap.Record) {
	if rec.Family == nlcap.FamilyRoute {
		d.learnLinks(rec)
		return
	}
	if rec.Family != nlcap.FamilyGeneric {
		return
	}
	order := rec.Order()
	for m, off, err := nlcap.NextMessage(rec.Data, 0, order); err == nil && off >= 0; m, off, err = nlcap.NextMessage(rec.Data, off, order) {
		d.learnGenl(uint16(m.Header.Type), uint16(m.Header.Flags), m.Data, order)
	}
}

// A ctrlCount counts the nlctrl messages a Decoder learned from, so that
// a pass over a file that Learn has seen whole skips those it learned
// (see [Decoder.Settle]).
type ctrlCount struct {
	seen    int  // nlctrl messages of the file learned from so far
	known   int  // after Settle: the first known of the file need no learning
	renamed bool // an id got another name than it had: learn everything again
}

// Settle tells d that Learn has seen the whole file, and that its next
// pass starts again at the file's first record: Track and Decode then
// skip learning from the nlctrl messages that Learn learned from (as many
// as it saw), unless an id changed its name along the file (its tables
// then hold the last name, and the pass learns again in order). A file
// that grew meanwhile is learned from past them as before. Walking every
// nlctrl message again was 5% of a one-line nlcap -r of bench/read.sh's
// file (2 CPUs, 2026-12-04).
func (d *Decoder) Settle() {
	if !d.ctrl.renamed {
		d.ctrl.known = d.ctrl.seen
	}
	d.ctrl.seen = 0
}

// learnCtrlOnce is learnCtrl for the nlctrl messages of the file, which
// it counts: those that Settle says were learned already are skipped.
func (d *Decoder) learnCtrlOnce(p []byte, order binary.ByteOrder) {
	d.ctrl.seen++
	if d.ctrl.seen <= d.ctrl.known {
		return
	}
	d.learnCtrl(p, order)
}

// learnCtrl learns from the payload of one nlctrl message (genlmsghdr and
// attributes), walking the raw attributes only. What is already known is
// not stored again (Decode learns from every nlctrl message it decodes,
// after a Learn pass over the same file): no allocation then.
//
// Only what the kernel sends about a family teaches (CTRL_CMD_NEWFAMILY,
// _DELFAMILY, _NEWMCAST_GRP, _DELMCAST_GRP): a CTRL_CMD_GETFAMILY request
// names what the program asks for, not what exists (and skipping the
// requests without a walk is a third of the nlctrl learning of
// bench/read.sh's file).
func (d *Decoder) learnCtrl(p []byte, order binary.ByteOrder) {
	if len(p) < genlHdrLen {
		return
	}
	switch p[0] {
	case ctrlCmdNewFamily, ctrlCmdDelFamily, ctrlCmdNewMcastGrp, ctrlCmdDelMcastGrp:
	default:
		return
	}
	var (
		id     uint16
		haveID bool
		name   []byte
		groups []byte // CTRL_ATTR_MCAST_GROUPS payload
	)
	attrs := p[genlHdrLen:]
	for a, next := NextAttr(attrs, 0, order); next >= 0; a, next = NextAttr(attrs, next, order) {
		switch a.Type {
		case ctrlAttrFamilyID:
			if len(a.Payload) == 2 {
				id, haveID = order.Uint16(a.Payload), true
			}
		case ctrlAttrFamilyName:
			name = cBytes(a.Payload)
		case ctrlAttrMcastGroups:
			groups = a.Payload
		}
	}
	if !haveID || len(name) == 0 || id < nlmsgMinType {
		return
	}
	fam, ok := d.genl[id]
	if !ok || fam != string(name) {
		d.ctrl.renamed = d.ctrl.renamed || ok
		fam = string(name)
		d.genl[id] = fam
		d.genlGen++
	}
	for entry, en := NextAttr(groups, 0, order); en >= 0; entry, en = NextAttr(groups, en, order) {
		var (
			gname []byte
			gid   uint32
			ok    bool
		)
		for a, next := NextAttr(entry.Payload, 0, order); next >= 0; a, next = NextAttr(entry.Payload, next, order) {
			switch a.Type {
			case ctrlAttrMcastGrpName:
				gname = cBytes(a.Payload)
			case ctrlAttrMcastGrpID:
				if len(a.Payload) == 4 {
					gid, ok = order.Uint32(a.Payload), true
				}
			}
		}
		if !ok || len(gname) == 0 {
			continue
		}
		m := d.mcast[fam]
		if m == nil {
			m = map[uint32]string{}
			d.mcast[fam] = m
		}
		if old, known := m[gid]; !known || old != string(gname) {
			d.ctrl.renamed = d.ctrl.renamed || known
			m[gid] = string(gname)
		}
	}
}

// cBytes returns b up to its first NUL.
func cBytes(b []byte) []byte {
	if i := indexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// flagNames is [FlagNames] with a cache: messages of a capture use few
// distinct flag combinations. The slices are shared between messages.
func (d *Decoder) flagNames(flags uint16, k MsgKind) []string {
	key := uint32(k)<<16 | uint32(flags)
	if n, ok := d.flags[key]; ok {
		return n
	}
	n := FlagNames(flags, k)
	if len(d.flags) < 4096 {
		d.flags[key] = n
	}
	return n
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	if i := indexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// Decode decodes every netlink message of rec; index is the record's index
// in its source (stored in [Message.Record]). It never fails: problems are
// reported in [Message.Problem] and [Attr.Problem]. Decoding stops without a
// message when fewer than 16 bytes remain or all remaining bytes are zero
// (iproute2 sends zero tails); a non-zero tail of fewer than 16 bytes is
// reported as one last Message with only Problem, Offset
// and Data set. A message whose nlmsg_len is < 16 or past the record gives a
// Message with Problem set and ends the record.
func (d *Decoder) Decode(rec nlcap.Record, index int) []Message {
	d.arena = &d.keep
	return d.decode(nil, rec, index, 0, 0)
}

// DecodeInto is [Decoder.Decode] for a caller that is done with the
// previous result before it decodes the next record (a printer): it
// appends the messages to dst[:0] and reuses the memory of the attribute
// trees of the previous DecodeInto call, so that decoding a capture
// allocates far less. The messages and attributes that an earlier
// DecodeInto returned become invalid; those of Decode stay valid.
func (d *Decoder) DecodeInto(dst []Message, rec nlcap.Record, index int) []Message {
	return d.DecodePartInto(dst, rec, index, 0, 0)
}

// DecodePartInto is [Decoder.DecodeInto] for part of a record: rec.Data
// holds the record's messages from byte base (where a message starts) on,
// the first of them being message first of the record, and the part ends
// where a message ends (or where the record does). The messages' Index,
// Offset and problems are those of decoding the whole record. A printer
// decodes a huge record (64 MiB of 16-byte messages) a part at a time, so
// that its memory stays bounded by the part (a Message is about 300
// bytes: decoding such a record whole took 4 GB).
func (d *Decoder) DecodePartInto(dst []Message, rec nlcap.Record, index, base, first int) []Message {
	d.reuse.reuse = true
	d.reuse.reset()
	d.errs.reset()
	d.genls.reset()
	d.rfields.reset()
	d.arena = &d.reuse
	return d.decode(dst[:0], rec, index, base, first)
}

// decode decodes the messages of rec.Data, part of a record that starts at
// byte base of the record with its message first (0, 0: the whole record).
func (d *Decoder) decode(out []Message, rec nlcap.Record, index, base, first int) []Message {
	order := rec.Order()
	b := rec.Data
	if out == nil {
		// Decode: room for a record of a few messages; DecodeInto reuses
		// its slice, which grows to the records of the file.
		out = make([]Message, 0, min(len(b)/nlcap.NlmsgHdrLen+1, 8))
	}
	off := 0
	for {
		nm, next, err := nlcap.NextMessage(b, off, order)
		if err != nil {
			if allZero(b[off:]) {
				// A zero tail (iproute2 sends its whole request buffer):
				// the kernel stops here without an error, and so do we.
				return out
			}
			m := d.base(rec, index, first+len(out), base+off, order, b[off:], headerOf(b[off:], order))
			m.Problem = fmt.Sprintf("nlmsg_len %d at offset %d: want 16 to %d bytes", order.Uint32(b[off:]), base+off, len(b)-off)
			m.TypeName = d.typeName(rec.Family, &m)
			out = append(out, m)
			return out
		}
		if next < 0 {
			break
		}
		// Decoded in place: a Message is large, and copying it into the
		// slice afterwards costs write barriers for every pointer.
		out = append(out, d.base(rec, index, first+len(out), base+off, order, b[off:off+int(nm.Header.Length)], headerFrom(nm.Header)))
		m := &out[len(out)-1]
		if rec.Family == nlcap.FamilyGeneric && m.Header.Type >= nlmsgMinType {
			d.learnGenl(m.Header.Type, m.Header.Flags, m.Data[nlcap.NlmsgHdrLen:], order)
		}
		d.decodeBody(m, rec.Family, order, 1, d.cfg.Brief)
		d.direction(m, rec.Family)
		if len(m.Data) >= nlcap.NlmsgHdrLen {
			d.noteObjects(rec.Family, m.Header.Type, m.Header.Flags, m.Data[nlcap.NlmsgHdrLen:], order)
		}
		off = next
	}
	if off < len(b) && !allZero(b[off:]) {
		out = append(out, Message{
			Record:    index,
			Index:     first + len(out),
			Offset:    base + off,
			Timestamp: rec.Timestamp,
			Family:    rec.Family,
			Direction: DirUnknown,
			Data:      b[off:],
			Order:     orderName(order),
			Problem:   fmt.Sprintf("%d non-zero bytes after the last message", len(b)-off),
		})
	}
	return out
}

// Track updates d's state with rec as [Decoder.DecodeInto] would, without
// decoding it: the generic netlink ids that nlctrl messages teach, the GET
// requests waiting for their answer (for [MessageDirection]) and the
// interface names of link messages. It is several times cheaper than
// decoding.
//
// Track is for decoding in parallel: one Decoder runs Track over the
// records in capture order and takes a [Decoder.State] before each batch;
// the Decoder that decodes the batch, given that State with
// [Decoder.SetState], then decodes it exactly as a single Decoder decoding
// every record in order would.
func (d *Decoder) Track(rec nlcap.Record) {
	order := rec.Order()
	// A bad length ends the walk: decode stops there too, without a direction.
	for m, off, err := nlcap.NextMessage(rec.Data, 0, order); err == nil && off >= 0; m, off, err = nlcap.NextMessage(rec.Data, off, order) {
		h := headerFrom(m.Header)
		var g *Genl
		if rec.Family == nlcap.FamilyGeneric && h.Type >= nlmsgMinType {
			d.learnGenl(h.Type, h.Flags, m.Data, order)
			// What kindOf reads of the Genl that decodeGenl sets.
			if len(m.Data) >= genlHdrLen {
				g = &Genl{Cmd: m.Data[0]} // kindOf reads the command; the family is h.Type's
			}
		}
		d.directionOf(rec.Family, h, g, m.Data, order)
		d.noteObjects(rec.Family, h.Type, h.Flags, m.Data, order)
	}
}

// A State is what a [Decoder] remembers from one record to the next
// (generic netlink ids and multicast groups, requests waiting for an answer,
// interface names), as [Decoder.State] copied it. See [Decoder.Track].
type State struct {
	genl       map[uint16]string
	mcast      map[string]map[uint32]string
	pending    pendingSet
	ifnames    map[int32]string
	strsets    map[uint32]map[uint64]string       // the inner maps are never changed: shared
	devStrsets map[devStrsetKey]map[uint64]string // shared like nftSets
	nftSets    map[nftSetRef]nftSetType           // shared with the Decoder, which copies it before a change
	ctrl       ctrlCount
}

// Len returns the number of entries of s's tables: what copying it costs.
func (s *State) Len() int {
	n := len(s.genl) + s.pending.n + len(s.ifnames) + len(s.strsets) // nftSets, devStrsets: shared, not copied
	for _, m := range s.mcast {
		n += 1 + len(m)
	}
	return n
}

// State returns a copy of d's state (see [Decoder.Track]).
func (d *Decoder) State() *State {
	d.nftShared, d.devShared = true, true
	s := &State{
		genl:       maps.Clone(d.genl),
		mcast:      make(map[string]map[uint32]string, len(d.mcast)),
		pending:    d.pending.clone(),
		ifnames:    maps.Clone(d.ifnames),
		strsets:    maps.Clone(d.strsets),
		devStrsets: d.devStrsets,
		nftSets:    d.nftSets,
		ctrl:       d.ctrl,
	}
	for fam, groups := range d.mcast {
		s.mcast[fam] = maps.Clone(groups)
	}
	return s
}

// SetState makes s d's state: d then decodes as the Decoder that s was
// taken from would have. d takes s over: s must not be used again.
func (d *Decoder) SetState(s *State) {
	if s == nil || s.genl == nil {
		return // the zero State or one already taken over
	}
	d.genl, d.mcast, d.pending, d.ifnames, d.strsets, d.devStrsets, d.nftSets, d.ctrl = s.genl, s.mcast, s.pending, s.ifnames, s.strsets, s.devStrsets, s.nftSets, s.ctrl
	d.nftShared, d.devShared = true, true // the Decoder that made s may still hold the tables
	d.genlGen++
	*s = State{}
}

// learnGenl learns from a generic netlink message (type, flags and payload
// after nlmsghdr) what later ones need: ids from nlctrl, ethtool's string
// sets. Learn, Track and Decode call it on the same messages, in file
// order, so that they keep the same tables.
func (d *Decoder) learnGenl(typ, flags uint16, p []byte, order binary.ByteOrder) {
	if typ == genlIDCtrl {
		d.learnCtrlOnce(p, order)
	} else {
		d.learnFamily(typ, flags, p, order)
	}
}

// noteObjects remembers what a message (family, type, flags and payload
// after nlmsghdr) tells of objects that later messages refer to: link
// names (rtnetlink), nf_tables sets' types. Track and Decode call it after
// each message.
func (d *Decoder) noteObjects(f nlcap.Family, typ, flags uint16, p []byte, order binary.ByteOrder) {
	switch f {
	case nlcap.FamilyRoute:
		d.noteLink(typ, flags, p, order)
	case nlcap.FamilyNetfilter:
		d.noteNftSet(typ, p, order)
	}
}

// base fills the header fields of a message.
func (d *Decoder) base(rec nlcap.Record, index, i, off int, order binary.ByteOrder, data []byte, h Header) Message {
	return Message{
		Record:    index,
		Index:     i,
		Offset:    off,
		Timestamp: rec.Timestamp,
		Family:    rec.Family,
		Data:      data,
		Order:     orderName(order),
		Header:    h,
	}
}

// headerFrom is the Header of a netlink.Header that nlcap.NextMessage read.
func headerFrom(h netlink.Header) Header {
	return Header{Len: h.Length, Type: uint16(h.Type), Flags: uint16(h.Flags), Seq: h.Sequence, PID: h.PID}
}

// headerOf reads the nlmsghdr at the start of b (16 bytes at least).
func headerOf(b []byte, order binary.ByteOrder) Header {
	_ = b[nlcap.NlmsgHdrLen-1]
	return Header{
		Len:   order.Uint32(b),
		Type:  order.Uint16(b[4:]),
		Flags: order.Uint16(b[6:]),
		Seq:   order.Uint32(b[8:]),
		PID:   order.Uint32(b[12:]),
	}
}

func orderName(o binary.ByteOrder) string {
	if o == binary.BigEndian {
		return "be"
	}
	if o == binary.LittleEndian {
		return "le"
	}
	// binary.NativeEndian and other implementations: probe.
	var b [2]byte
	o.PutUint16(b[:], 1)
	if b[0] == 1 {
		return "le"
	}
	return "be"
}

// TypeName returns the name a family's tables give message type t
// ("RTM_NEWLINK"), or "" when they have none. Generic netlink ids are
// dynamic: only a [Decoder] that learned them names those.
func TypeName(f nlcap.Family, t uint16) string { return (*Specs)(nil).typeName(f, t) }

// typeName is [TypeName] with the loaded specs s (nil: none).
func (s *Specs) typeName(f nlcap.Family, t uint16) string {
	if fs := s.familySpec(f); fs != nil {
		if ms := fs.message(t); ms != nil {
			return ms.Name
		}
		if fs.TypeName != nil {
			return fs.TypeName(t)
		}
	}
	return ""
}

// typeName names a message type without decoding its payload.
func (d *Decoder) typeName(f nlcap.Family, m *Message) string {
	switch m.Header.Type {
	case nlmsgNoop:
		return "NLMSG_NOOP"
	case nlmsgError:
		return "NLMSG_ERROR"
	case nlmsgDone:
		return "NLMSG_DONE"
	case nlmsgOverrun:
		return "NLMSG_OVERRUN"
	}
	if f == nlcap.FamilyGeneric && m.Header.Type >= nlmsgMinType {
		if n, ok, _ := d.genlOf(m.Header.Type); ok {
			return n
		}
		return "genl-0x" + strconv.FormatUint(uint64(m.Header.Type), 16)
	}
	if n := d.cfg.Specs.typeName(f, m.Header.Type); n != "" {
		return n
	}
	return "0x" + strconv.FormatUint(uint64(m.Header.Type), 16)
}

// decodeBody decodes everything after nlmsghdr. depth is 1 for a message of
// the record, 2 for a request echoed in NLMSG_ERROR; brief is Config.Brief
// for this message.
func (d *Decoder) decodeBody(m *Message, f nlcap.Family, order binary.ByteOrder, depth int, brief bool) {
	m.TypeName = d.typeName(f, m)
	payload := m.Data[nlcap.NlmsgHdrLen:]
	ad := &attrDecoder{order: order, be: orderName(order) == "be", numeric: d.cfg.Numeric, maxDepth: d.cfg.MaxDepth, brief: brief, arena: d.arena, secrets: d.cfg.ShowSecrets, strsets: d.strsets, devStrsets: d.devStrsets, valueDepth: d.cfg.ValueDepth, strs: &d.strs}
	if d.arena == &d.reuse {
		ad.fields = &d.rfields
	}
	switch m.Header.Type {
	case nlmsgError:
		m.FlagNames = d.flagNames(m.Header.Flags, MsgAck)
		d.decodeError(m, f, order, ad, depth)
		return
	case nlmsgDone:
		m.FlagNames = d.flagNames(m.Header.Flags, MsgAck)
		d.decodeDone(m, order, ad)
		return
	case nlmsgNoop, nlmsgOverrun:
		m.FlagNames = d.flagNames(m.Header.Flags, MsgOther)
		m.Trailing = nonEmpty(payload)
		return
	}
	if m.Header.Type < nlmsgMinType {
		m.FlagNames = d.flagNames(m.Header.Flags, MsgOther)
		m.Trailing = nonEmpty(payload)
		return
	}
	if f == nlcap.FamilyGeneric {
		d.decodeGenl(m, order, ad)
		return
	}
	fs := d.cfg.Specs.familySpec(f)
	var ms *MessageSpec
	if fs != nil {
		if ms = fs.message(m.Header.Type); ms == nil {
			ms = fs.Default
		}
	}
	if ms == nil {
		m.FlagNames = d.flagNames(m.Header.Flags, guessKind(m.Header.Flags))
		d.rawPayload(m, payload, nlcap.NlmsgHdrLen, ad, false)
		return
	}
	ms = ms.variant(m.Header.Flags, payload)
	kind := ms.Kind
	if kind == MsgOther {
		kind = guessKind(m.Header.Flags)
	}
	m.FlagNames = d.flagNames(m.Header.Flags, kind)
	attrStart := 0
	h := ms.Header
	if h != nil && len(payload) < h.Len && ms.ShortHeader != nil && len(payload) >= ms.ShortHeader.Len {
		h = ms.ShortHeader
	}
	if h != nil {
		m.FixedName = h.Name
		if len(payload) < h.Len {
			m.Problem = fmt.Sprintf("%s needs %d bytes, message has %d", h.Name, h.Len, len(payload))
			m.Trailing = nonEmpty(payload)
			return
		}
		if brief && h.raw != nil {
			// Names and raw values: what summaries read.
			m.Fixed = h.raw(d.fieldBuf(maxRawFields), payload[:h.Len], order)
		} else {
			var ok bool
			if m.Fixed, ok = safeFields(h, payload[:h.Len], order); !ok {
				m.Problem = panicProblem("Decode of " + h.Name)
			} else if d.cfg.Numeric {
				numericFields(m.Fixed)
			} else if h.request != nil && m.Header.Flags&nlmFRequest != 0 {
				h.request(m.Fixed)
			}
		}
		attrStart = min(nlaAlign(h.Len), len(payload))
	}
	set := ms.Attrs
	if ms.attrsD != nil && !brief {
		if s := ms.attrsD(d, payload, order); s != nil {
			set = s
		}
	}
	if ms.SelectAttrs != nil && m.Fixed != nil {
		s, ok := safeSelectAttrs(ms, m.Fixed)
		switch {
		case !ok:
			if m.Problem == "" {
				m.Problem = panicProblem("SelectAttrs of " + ms.Name)
			}
		case s != nil:
			set = s
		}
	}
	switch {
	case set == noAttrs:
		// The fixed part is longer than HeaderSpec decodes: keep it raw.
		if h != nil {
			m.Trailing = nonEmpty(payload[h.Len:])
		} else {
			m.Trailing = nonEmpty(payload)
		}
	case set == nil:
		// No attribute table: attributes if they parse cleanly, else hex.
		d.rawPayload(m, payload[attrStart:], nlcap.NlmsgHdrLen+attrStart, ad, false)
	default:
		if fs.summaryD == nil && fs.Summary == nil {
			ad.only = &noMask
		} else {
			ad.only = ms.briefAttrs
		}
		attrs, rest := ad.decode(payload[attrStart:], nlcap.NlmsgHdrLen+attrStart, set, 1)
		m.Attrs = attrs
		m.Trailing = nonEmpty(rest)
		setAttrProblem(m)
		if m.Problem == "" && ad.problem != "" {
			m.Problem = "attribute: " + ad.problem
		}
	}
	switch {
	case fs.summaryD != nil:
		s, ok := safeSummaryD(fs.summaryD, d, m)
		if !ok && m.Problem == "" {
			m.Problem = panicProblem("Summary")
		}
		m.Summary = s
	case fs.Summary != nil:
		m.summarize(fs.Summary)
	}
}

// safeFields runs a family's header decoder (see safeSelect).
func safeFields(h *HeaderSpec, b []byte, order binary.ByteOrder) (fs []Field, ok bool) {
	if h.Decode == nil {
		return nil, true
	}
	defer func() {
		if recover() != nil {
			fs, ok = nil, false
		}
	}()
	return h.Decode(b, order), true
}

// safeAppendFields appends the fields of header h read from b to dst (in
// place when dst has room: HeaderSpec.appendTo, else Decode's), and
// reports false, with dst unchanged, if the decoder panicked.
func safeAppendFields(h *HeaderSpec, dst []Field, b []byte, order binary.ByteOrder) (fs []Field, ok bool) {
	defer func() {
		if recover() != nil {
			fs, ok = dst, false
		}
	}()
	if h.appendTo != nil {
		return h.appendTo(dst, b, order), true
	}
	if h.Decode == nil {
		return dst, true
	}
	return append(dst[:len(dst):len(dst)], h.Decode(b, order)...), true
}

// summarize sets m.Summary with a family's summary function.
func (m *Message) summarize(fn func(*Message) string) {
	s, ok := safeSummary(fn, m)
	if !ok && m.Problem == "" {
		m.Problem = panicProblem("Summary")
	}
	m.Summary = s
}

// guessKind returns the kind of a message whose type is unknown: a request
// with both NLM_F_ROOT and NLM_F_MATCH set (NLM_F_DUMP) is taken for a GET
// (for a NEW it would mean REPLACE|EXCL, which contradict each other).
func guessKind(flags uint16) MsgKind {
	if flags&nlmFRequest != 0 && flags&nlmFDump == nlmFDump {
		return MsgGet
	}
	return MsgOther
}

// rawPayload decodes a payload of unknown layout as attributes of unknown
// meaning. When it does not parse cleanly, the attributes up to the bad one
// are kept, the bad one carries the Problem (copied to m.Problem), if the
// payload is attributes by convention (generic netlink, attrs true) or its
// first attribute is well formed; otherwise the payload is kept whole in
// m.Trailing (a C struct of unknown layout, not attributes).
func (d *Decoder) rawPayload(m *Message, payload []byte, base int, ad *attrDecoder, attrs bool) {
	if len(payload) == 0 {
		return
	}
	as, rest := ad.decode(payload, base, nil, 1)
	clean := !hasProblem(as) && ad.problem == ""
	if !clean && !attrs && (len(as) == 0 || as[0].Problem != "") {
		m.Trailing = payload
		return
	}
	if clean && len(rest) > 0 && !attrs {
		m.Trailing = payload
		return
	}
	m.Attrs = as
	m.Trailing = nonEmpty(rest)
	setAttrProblem(m)
	if m.Problem == "" && ad.problem != "" {
		m.Problem = "attribute: " + ad.problem
	}
}

func hasProblem(attrs []Attr) bool {
	for i := range attrs {
		if attrs[i].Problem != "" || hasProblem(attrs[i].Children) {
			return true
		}
	}
	return false
}

// setAttrProblem copies the first attribute problem to the message so that
// one-line output can flag it.
func setAttrProblem(m *Message) {
	if m.Problem != "" {
		return
	}
	if p := firstProblem(m.Attrs); p != "" {
		m.Problem = "attribute: " + p
	}
}

func firstProblem(attrs []Attr) string {
	for i := range attrs {
		if attrs[i].Problem != "" {
			return attrs[i].Problem
		}
		if p := firstProblem(attrs[i].Children); p != "" {
			return p
		}
	}
	return ""
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// genlAlloc holds what decodeGenl allocates for one message.
type genlAlloc struct {
	genl  Genl
	fixed [5]Field // genlmsghdr's 3, then room for a family header's
}

// decodeGenl decodes a generic netlink message: genlmsghdr and attributes.
func (d *Decoder) decodeGenl(m *Message, order binary.ByteOrder, ad *attrDecoder) {
	payload := m.Data[nlcap.NlmsgHdrLen:]
	name, _, spec := d.genlOf(m.Header.Type)
	if len(payload) < genlHdrLen {
		m.FlagNames = d.flagNames(m.Header.Flags, guessKind(m.Header.Flags))
		m.Problem = fmt.Sprintf("genlmsghdr needs %d bytes, message has %d", genlHdrLen, len(payload))
		m.Trailing = nonEmpty(payload)
		return
	}
	// One allocation for the Genl and its fixed fields.
	ga := d.newGenlAlloc()
	g := &ga.genl
	*g = Genl{
		FamilyID:   m.Header.Type,
		FamilyName: name,
		Cmd:        payload[0],
		Version:    payload[1],
		Reserved:   order.Uint16(payload[2:]),
	}
	m.Genl = g
	m.FixedName = "genlmsghdr"
	kind := guessKind(m.Header.Flags)
	var set *AttrSet
	if spec != nil {
		names, sets, def, kinds := spec.commands(m.Header, payload, order)
		g.CmdName = names[g.Cmd]
		if k, ok := kinds[g.Cmd]; ok {
			kind = k
		}
		set = def
		if s, ok := sets[g.Cmd]; ok {
			set = s
		}
	}
	cmd := strconv.Itoa(int(g.Cmd))
	if g.CmdName != "" && !d.cfg.Numeric {
		cmd = g.CmdName
	}
	ga.fixed = [5]Field{
		{Name: "cmd", Value: cmd, Raw: uint64(g.Cmd)},
		{Name: "version", Value: strconv.Itoa(int(g.Version)), Raw: uint64(g.Version)},
		{Name: "reserved", Value: strconv.Itoa(int(g.Reserved)), Raw: uint64(g.Reserved)},
	}
	m.Fixed = ga.fixed[:3]
	m.FlagNames = d.flagNames(m.Header.Flags, kind)
	body := payload[genlHdrLen:]
	base := nlcap.NlmsgHdrLen + genlHdrLen
	if spec != nil && spec.Header != nil {
		// The family's own header (struct ovs_header).
		h := spec.Header
		if len(body) < h.Len {
			m.Problem = fmt.Sprintf("%s needs %d bytes, message has %d after genlmsghdr", h.Name, h.Len, len(body))
			m.Trailing = nonEmpty(body)
			return
		}
		fs, ok := safeAppendFields(h, m.Fixed, body[:h.Len], order)
		if !ok {
			m.Problem = h.Name + ": decoder failed"
		}
		m.Fixed = fs
		g.Header = h.Name
		n := min(nlcap.NlmsgAlign(h.Len), len(body))
		body, base = body[n:], base+n
	}
	if spec != nil {
		if spec.Summary == nil {
			ad.only = &noMask
		} else {
			ad.only = spec.briefAttrs
		}
		ad.msgAttrs = body // the device of a per-device string set (ethtool)
		attrs, rest := ad.decode(body, base, set, 1)
		m.Attrs = attrs
		m.Trailing = nonEmpty(rest)
		setAttrProblem(m)
		if m.Problem == "" && ad.problem != "" {
			m.Problem = "attribute: " + ad.problem
		}
		if spec.Summary != nil {
			m.summarize(spec.Summary)
		}
		return
	}
	d.rawPayload(m, body, base, ad, true)
}

// direction infers m.Direction with the rule of [MessageDirection] and keeps
// the table of GET requests waiting for an answer.
func (d *Decoder) direction(m *Message, f nlcap.Family) {
	m.Direction = d.directionOf(f, m.Header, m.Genl, m.Data[min(len(m.Data), nlcap.NlmsgHdrLen):], orderOfMsg(m))
}

// directionOf is direction for a message of family f with header h and,
// for generic netlink, the family name and command of g (nil when the
// message has no genlmsghdr) and its payload in order (for
// GenlFamilySpec.DumpReply).
func (d *Decoder) directionOf(f nlcap.Family, h Header, g *Genl, payload []byte, order binary.ByteOrder) MessageDirection {
	k := pendingKey{family: uint32(f), pid: h.PID, seq: h.Seq}
	switch {
	case h.Flags&nlmFRequest != 0:
		// A GET is answered; so is a request with NLM_F_ECHO, whose
		// resulting notification the kernel unicasts back to the sender
		// with its sequence number (ovs-vswitchd's OVS_DP_CMD_NEW).
		if kind, known := d.kindOf(f, h, g); kind == MsgGet || h.Flags&nlmFEcho != 0 || (!known && h.Type >= nlmsgMinType) {
			d.pending.add(k)
		}
		return DirRequest
	case h.Type == nlmsgError || h.Type == nlmsgDone || h.Type == nlmsgOverrun:
		d.pending.take(k)
		if k.pid != 0 {
			k.pid = 0
			d.pending.take(k)
		}
		return DirAnswer
	case h.Flags&nlmFMulti != 0 && h.PID != 0:
		// A dump part goes to the requester's port id; a multicast message
		// with NLM_F_MULTI and pid 0 (psample's group notifications) is no
		// answer.
		return DirAnswer
	}
	if d.pending.take(k) {
		return DirAnswer
	}
	if k.pid != 0 {
		// The request left nlmsg_pid 0 and the kernel answered with
		// the socket's port id.
		k.pid = 0
		if d.pending.take(k) {
			return DirAnswer
		}
	}
	if g != nil && h.PID == 0 {
		// A dump reply that its family's kernel sends like an event.
		if _, _, spec := d.genlOf(h.Type); spec != nil && spec.isDumpReply(h, payload, order) {
			return DirAnswer
		}
	}
	return DirNotification
}

// kindOf returns the request kind of a message of family f with header h
// and genlmsghdr g (nil: none; its family is the one d knows for h.Type),
// and whether a family table gave it (false: guessed from the flags).
func (d *Decoder) kindOf(f nlcap.Family, h Header, g *Genl) (MsgKind, bool) {
	if h.Type < nlmsgMinType {
		return MsgOther, true
	}
	s := d.cfg.Specs
	if f == nlcap.FamilyGeneric {
		if g != nil {
			if _, _, spec := d.genlOf(h.Type); spec != nil {
				if k, ok := spec.CmdKinds[g.Cmd]; ok {
					return k, true
				}
			}
		}
		return guessKind(h.Flags), false
	}
	if fs := s.familySpec(f); fs != nil {
		if ms := fs.message(h.Type); ms != nil {
			return ms.Kind, true
		}
	}
	return guessKind(h.Flags), false
}
