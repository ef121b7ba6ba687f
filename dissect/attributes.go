package dissect

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// attrDecoder walks attribute trees (struct nlattr) with the decoder's
// configuration.
//
//	struct nlattr {
//		__u16           nla_len;
//		__u16           nla_type;
//	};
//
//	 <------- NLA_HDRLEN ------> <-- NLA_ALIGN(payload)-->
//	+---------------------+- - -+- - - - - - - - - -+- - -+
//	|        Header       | Pad |     Payload       | Pad |
//	|   (struct nlattr)   | ing |                   | ing |
//	+---------------------+- - -+- - - - - - - - - -+- - -+
//	 <-------------- nlattr->nla_len -------------->
type attrDecoder struct {
	order    binary.ByteOrder
	be       bool // order is big-endian (u16 reads without an interface call)
	numeric  bool
	maxDepth int
	brief    bool // Config.Brief: no Value, no Fixed
	secrets  bool // Config.ShowSecrets
	// problem is the first problem that Brief mode found below the top
	// level (see check), where no Attr carries it.
	problem string
	// arena, when set, is the Decoder's attribute arena: attribute slices
	// are carved from it instead of allocated one by one.
	arena *attrArena
	// fields, when set (DecodeInto), is where the fields of C structs in
	// attributes are carved from.
	fields *arena[Field]
	// valueDepth is Config.ValueDepth.
	valueDepth int
	// strs, when set, is the Decoder's arena of value strings.
	strs *strArena
	// strsets are the Decoder's ethtool string sets (see AttrSpec.strset).
	strsets map[uint32]map[uint64]string
	// devStrsets are the Decoder's per-device ethtool string sets, and
	// msgAttrs the top-level attributes of the generic netlink message
	// being decoded, whose ethtool header names the device (see
	// AttrSpec.strsetDev).
	devStrsets map[devStrsetKey]map[uint64]string
	msgAttrs   []byte
	// only, with brief, lists the top-level attribute types that are kept
	// in the result (those the message's summary reads); the others are
	// checked and dropped. nil keeps them all.
	only *attrMask
}

// u16 reads a uint16 in the decoder's byte order.
func (ad *attrDecoder) u16(b []byte) uint16 {
	_ = b[1]
	if ad.be {
		return uint16(b[1]) | uint16(b[0])<<8
	}
	return uint16(b[0]) | uint16(b[1])<<8
}

// An attrMask is a set of attribute types: those a summary reads.
type attrMask struct {
	bits [4]uint64 // types 0-255
	n    int       // members
}

// noMask is the empty attrMask: Config.Brief keeps no attribute of a
// message without a summary.
var noMask attrMask

// maskOf returns the set of types ts (each < 256).
func maskOf(ts ...uint16) *attrMask {
	m := &attrMask{}
	for _, t := range ts {
		if t < 256 && !m.has(t) {
			m.bits[t>>6] |= 1 << (t & 63)
			m.n++
		}
	}
	return m
}

// has reports whether t is in m.
func (m *attrMask) has(t uint16) bool {
	return t < 256 && m.bits[t>>6]&(1<<(t&63)) != 0
}

// attrChunk is the number of attributes of an arena chunk; larger levels
// get a slice of their own.
const attrChunk = 512

// maxFreeChunks bounds the chunks a reusing arena keeps between records.
const maxFreeChunks = 64

// An attrArena hands out attribute slices carved from chunks (full slice
// expressions, so that an append never spills into a neighbour). A plain
// arena ([Decoder.Decode]) never reuses a chunk: what it handed out stays
// valid. A reusing arena ([Decoder.DecodeInto]) takes its chunks back at
// reset.
type attrArena struct {
	cur   []Attr
	reuse bool
	used  [][]Attr // chunks handed out since the last reset (reusing arena)
	free  [][]Attr // chunks to hand out again (reusing arena)
}

// alloc returns an empty attribute slice of capacity n.
func (ad *attrDecoder) alloc(n int) []Attr {
	a := ad.arena
	if a == nil || n > attrChunk/4 {
		return make([]Attr, 0, n)
	}
	c := a.cur
	if cap(c)-len(c) < n {
		if a.reuse && cap(c) > 0 {
			a.used = append(a.used, c)
		}
		if k := len(a.free); a.reuse && k > 0 && cap(a.free[k-1]) >= n {
			c = a.free[k-1][:0]
			a.free = a.free[:k-1]
		} else {
			// The first chunks are small, so that decoding a few small
			// messages (nlcap -r on a short file) allocates little;
			// they double up to attrChunk.
			c = make([]Attr, 0, min(attrChunk, max(attrChunk/16, 2*cap(c), n)))
		}
	}
	l := len(c)
	a.cur = c[:l+n]
	return c[l : l : l+n]
}

// reset takes back every chunk handed out (reusing arena only): the
// attributes decoded before become invalid.
func (a *attrArena) reset() {
	if cap(a.cur) > 0 {
		a.used = append(a.used, a.cur)
	}
	a.cur = nil
	for _, c := range a.used {
		if len(a.free) < maxFreeChunks {
			a.free = append(a.free, c)
		}
	}
	clear(a.used)
	a.used = a.used[:0]
}

// decode parses the attributes in b. base is the offset of b[0] within the
// message, set the attribute set (nil: unknown), depth the nesting level of
// b (1 for a message's top-level attributes). It returns the attributes and
// the bytes after the last one that do not form one (fewer than 4 bytes).
// An attribute whose length is < 4 or past the end of b is returned with
// Problem set, and parsing of this level stops there.
func (ad *attrDecoder) decode(b []byte, base int, set *AttrSet, depth int) (attrs []Attr, rest []byte) {
	if depth > ad.maxDepth {
		return []Attr{{Offset: base, Problem: fmt.Sprintf("attributes nested deeper than %d levels", ad.maxDepth)}}, nil
	}
	only := ad.only
	if !ad.brief || depth != 1 {
		only = nil
	}
	if only != nil {
		if len(b) >= nlaHdrLen {
			// Room for the kept types and a malformed attribute.
			attrs = ad.alloc(only.n + 1)
		}
	} else if n := countAttrs(b, ad); n > 0 {
		attrs = ad.alloc(n)
	}
	off := 0
	for len(b)-off >= nlaHdrLen {
		l := int(ad.u16(b[off:]))
		rawType := ad.u16(b[off+2:])
		if only != nil && l >= nlaHdrLen && l <= len(b)-off && !only.has(rawType&nlaTypeMask) {
			// Brief, not read by the summary: only the lengths below.
			if ad.problem == "" {
				var spec *AttrSpec
				if set != nil {
					if spec = set.lookup(rawType & nlaTypeMask); spec == nil {
						spec = set.Default
					}
				}
				nested := rawType&nlaFNested != 0
				// What briefCheck looks into: scalars need no call.
				if spec == nil && nested || spec != nil && (nestedKind(spec.Kind) || nested && spec.Kind == KindBinary) {
					ad.briefCheck(b[off+nlaHdrLen:off+l], spec, nested, depth)
				}
			}
			off += nlaAlign(l)
			continue
		}
		// Filled in place: an Attr is large, and copying one into the
		// slice costs write barriers for all its pointers.
		attrs = append(attrs, Attr{
			Offset:       base + off,
			Len:          uint16(l),
			Type:         rawType & nlaTypeMask,
			Nested:       rawType&nlaFNested != 0,
			NetByteOrder: rawType&nlaFNetByteorder != 0,
		})
		a := &attrs[len(attrs)-1]
		var spec *AttrSpec
		if set != nil {
			spec = set.lookup(a.Type)
			if spec == nil && set.Default != nil {
				spec = set.Default
				if spec.Name == "" {
					a.Name = indexName(int(a.Type))
				}
			}
		}
		if spec != nil && spec.Name != "" {
			a.Name = spec.Name
		}
		if spec != nil && spec.SelectSpec != nil {
			spec = resolveSpec(spec, attrs[:len(attrs)-1])
		}
		if a.Nested && spec != nil && !nestedKind(spec.Kind) && spec.Kind != KindBinary {
			// The table knows better than an odd flag (as the kernel's
			// policy does): decode the value, flag the flag.
			a.Nested, a.UnexpectedNested = false, true
		}
		switch {
		case l < nlaHdrLen:
			a.Problem = fmt.Sprintf("attribute length %d < %d", l, nlaHdrLen)
		case l > len(b)-off:
			a.Problem = fmt.Sprintf("attribute length %d past its parent (%d bytes left)", l, len(b)-off)
		}
		if a.Problem != "" {
			a.Data = b[off:]
			return attrs, nil
		}
		a.Data = b[off+nlaHdrLen : off+l]
		ad.value(a, spec, attrs[:len(attrs)-1], depth)
		off += nlaAlign(l)
	}
	if off < len(b) {
		rest = b[off:]
	}
	return attrs, rest
}

// check walks the attribute tree in b (nesting level depth, set may be nil)
// for lengths only, as decode would, and returns the first problem decode
// would report, or "". Children are followed where NLA_F_NESTED is set or
// the set says they are nested (without Select: then by the flag only).
func (ad *attrDecoder) check(b []byte, set *AttrSet, depth int) string {
	if depth > ad.maxDepth {
		return fmt.Sprintf("attributes nested deeper than %d levels", ad.maxDepth)
	}
	off := 0
	for len(b)-off >= nlaHdrLen {
		l := int(ad.u16(b[off:]))
		rawType := ad.u16(b[off+2:])
		switch {
		case l < nlaHdrLen:
			return fmt.Sprintf("attribute length %d < %d", l, nlaHdrLen)
		case l > len(b)-off:
			return fmt.Sprintf("attribute length %d past its parent (%d bytes left)", l, len(b)-off)
		}
		var st checkStep // no set: NLA_F_NESTED decides
		if set != nil {
			st = set.step(rawType & nlaTypeMask)
		}
		if st.mode == stepAlways || st.mode == stepByFlag && rawType&nlaFNested != 0 {
			if p := ad.check(b[off+nlaHdrLen:off+l], st.sub, depth+1); p != "" {
				return p
			}
		}
		off += nlaAlign(l)
	}
	if depth > 1 && off < len(b) && !allZero(b[off:]) {
		return fmt.Sprintf("%d bytes after the last attribute", len(b)-off)
	}
	return ""
}

// arraySets caches arraySet's results: the sets are fixed tables.
var arraySets sync.Map // *AttrSet → *AttrSet

// arraySet returns the attribute set of the entries of a KindNestedArray
// attribute whose entries are nested with set.
func arraySet(set *AttrSet) *AttrSet {
	if a, ok := arraySets.Load(set); ok {
		return a.(*AttrSet)
	}
	a, _ := arraySets.LoadOrStore(set, &AttrSet{Name: "array", Default: &AttrSpec{Kind: KindNested, Nested: set}})
	return a.(*AttrSet)
}

// indexNames are the names "[0]".."[255]" of index-typed attributes and
// array members, made once.
var indexNames = func() []string {
	ns := make([]string, 256)
	for i := range ns {
		ns[i] = "[" + strconv.Itoa(i) + "]"
	}
	return ns
}()

// indexName returns "[i]".
func indexName(i int) string {
	if i >= 0 && i < len(indexNames) {
		return indexNames[i]
	}
	return "[" + strconv.Itoa(i) + "]"
}

// nestedKind reports whether attributes of kind k have children.
func nestedKind(k ValueKind) bool {
	return k == KindNested || k == KindNestedArray || k == KindEntries
}

// countAttrs returns how many attributes decode will return for b.
func countAttrs(b []byte, ad *attrDecoder) int {
	n := 0
	for off := 0; len(b)-off >= nlaHdrLen; n++ {
		l := int(ad.u16(b[off:]))
		if l < nlaHdrLen || l > len(b)-off {
			return n + 1
		}
		off += nlaAlign(l)
	}
	return n
}

// briefCheck is what Config.Brief does with the payload of an attribute
// at nesting level depth (spec may be nil; nested: NLA_F_NESTED, unless the
// spec says the type is no nest): no value, but the lengths below are
// checked, so that a one-line listing flags a malformed nest as -v does.
// It returns whether the attribute is a nest.
func (ad *attrDecoder) briefCheck(data []byte, spec *AttrSpec, nested bool, depth int) bool {
	var set *AttrSet
	if spec != nil {
		switch spec.Kind {
		case KindNested:
			if spec.Struct != nil {
				return true
			}
			nested, set = true, spec.Nested
		case KindNestedArray:
			nested = true
			set = arraySet(spec.Nested)
		case KindEntries:
			return true
		default:
			if !nested {
				return false
			}
		}
	}
	if nested && ad.problem == "" {
		ad.problem = ad.check(data, set, depth+1)
	}
	return nested
}

// value fills a's Value or Children from its payload.
func (ad *attrDecoder) value(a *Attr, spec *AttrSpec, siblings []Attr, depth int) {
	if spec != nil && spec.Tags&TagSecret != 0 {
		a.Secret = true
		if !ad.secrets {
			a.Nested = false
			if !ad.brief {
				a.Value = redactedValue(spec, a.Data, ad.order)
			}
			return
		}
	}
	if ad.brief {
		a.Nested = ad.briefCheck(a.Data, spec, a.Nested, depth)
		return
	}
	if spec == nil || (spec.Kind == KindBinary && a.Nested && spec.Format == nil) {
		if a.Nested {
			ad.children(a, nil, depth)
			return
		}
		a.Value = hexString(a.Data)
		return
	}
	order := ad.order
	if a.NetByteOrder {
		order = binary.BigEndian
	}
	switch spec.Kind {
	case KindNested:
		a.Nested = true
		set := spec.Nested
		if spec.Select != nil {
			var ok bool
			if set, ok = safeSelect(spec, siblings); !ok {
				a.Problem = panicProblem("Select of " + spec.Name)
				return
			}
		}
		if spec.Struct != nil {
			ad.structNest(a, spec, set, depth)
			return
		}
		ad.children(a, set, depth)
		return
	case KindNestedArray:
		a.Nested = true
		ad.array(a, spec.Nested, depth)
		return
	}
	switch spec.Kind {
	case KindStruct:
		if spec.Struct == nil || len(a.Data) < spec.Struct.Len {
			a.Value = hexString(a.Data)
			return
		}
		var ok bool
		if a.Fixed, ok = ad.structFields(spec.Struct, a.Data); !ok {
			a.Value = hexString(a.Data)
			a.Problem = panicProblem("Decode of " + spec.Struct.Name)
			return
		}
		if ad.numeric {
			numericFields(a.Fixed)
		}
		a.Value = ad.strs.fieldsValue(a.Fixed)
		return
	case KindEntries:
		a.Nested = true
		ad.entries(a, spec, depth)
		return
	}
	if spec.strset != 0 {
		if names := ad.strsetNames(spec); names != nil {
			a.Value = formatBitmap(a.Data, order, names)
			return
		}
	}
	if spec.Format != nil {
		var ok bool
		if a.Value, ok = safeFormat(spec, a.Data, order); !ok {
			a.Value = hexString(a.Data)
			a.Problem = panicProblem("Format of " + spec.Name)
		}
		return
	}
	a.Value = ad.format(a.Data, spec, order)
}

func (ad *attrDecoder) children(a *Attr, set *AttrSet, depth int) {
	if ad.valueDepth > 0 && depth >= ad.valueDepth && !ad.brief {
		// Below Config.ValueDepth: the children as Brief decodes them.
		ad.brief = true
		defer func() { ad.brief = false }()
	}
	kids, rest := ad.decode(a.Data, a.Offset+nlaHdrLen, set, depth+1)
	a.Children = kids
	if len(rest) > 0 && !allZero(rest) {
		a.Children = append(a.Children, Attr{
			Offset:  a.Offset + nlaHdrLen + len(a.Data) - len(rest),
			Data:    rest,
			Problem: fmt.Sprintf("%d bytes after the last attribute", len(rest)),
		})
	}
}

// structNest decodes a nest whose payload starts with a C struct
// (VETH_INFO_PEER: struct ifinfomsg, then IFLA attributes).
func (ad *attrDecoder) structNest(a *Attr, spec *AttrSpec, set *AttrSet, depth int) {
	h := spec.Struct
	if len(a.Data) < h.Len {
		a.Problem = fmt.Sprintf("%s needs %d bytes, attribute has %d", h.Name, h.Len, len(a.Data))
		return
	}
	var ok bool
	if a.Fixed, ok = ad.structFields(h, a.Data[:h.Len]); !ok {
		a.Problem = panicProblem("Decode of " + h.Name)
		return
	}
	if ad.numeric {
		numericFields(a.Fixed)
	}
	a.Value = ad.strs.fieldsValue(a.Fixed)
	start := min(nlaAlign(h.Len), len(a.Data))
	kids, rest := ad.decode(a.Data[start:], a.Offset+nlaHdrLen+start, set, depth+1)
	a.Children = kids
	if len(rest) > 0 && !allZero(rest) {
		a.Children = append(a.Children, Attr{
			Offset:  a.Offset + nlaHdrLen + len(a.Data) - len(rest),
			Data:    rest,
			Problem: fmt.Sprintf("%d bytes after the last attribute", len(rest)),
		})
	}
}

// entries decodes a payload that is a list of structs, each followed by
// attributes (RTA_MULTIPATH: struct rtnexthop and RTA_* attributes). Each
// entry becomes a child named after the struct, with its fields in Fixed.
func (ad *attrDecoder) entries(a *Attr, spec *AttrSpec, depth int) {
	h := spec.Struct
	if h == nil || spec.EntryLen == nil || h.Len < nlaHdrLen {
		a.Value = hexString(a.Data)
		return
	}
	if depth+1 > ad.maxDepth {
		a.Children = []Attr{{Offset: a.Offset + nlaHdrLen, Problem: fmt.Sprintf("attributes nested deeper than %d levels", ad.maxDepth)}}
		return
	}
	b := a.Data
	base := a.Offset + nlaHdrLen
	for off, i := 0, 0; off < len(b); i++ {
		e := Attr{Offset: base + off, Type: uint16(i), Name: h.Name, Nested: true}
		left := len(b) - off
		l := 0
		if left >= h.Len {
			var ok bool
			if l, ok = safeEntryLen(spec, b[off:], ad.order); !ok {
				e.Problem = panicProblem("EntryLen of " + spec.Name)
			}
		}
		switch {
		case e.Problem != "":
		case left < h.Len:
			if allZero(b[off:]) {
				return
			}
			e.Problem = fmt.Sprintf("%s needs %d bytes, %d left", h.Name, h.Len, left)
		case l < h.Len || l > left:
			e.Problem = fmt.Sprintf("%s length %d: want %d to %d", h.Name, l, h.Len, left)
		}
		if e.Problem != "" {
			e.Data = b[off:]
			a.Children = append(a.Children, e)
			return
		}
		e.Len = uint16(l)
		e.Data = b[off+nlaHdrLen : off+l]
		var ok bool
		if e.Fixed, ok = ad.structFields(h, b[off:off+h.Len]); !ok {
			e.Problem = panicProblem("Decode of " + h.Name)
		} else if ad.numeric {
			numericFields(e.Fixed)
		}
		e.Value = ad.strs.fieldsValue(e.Fixed)
		start := min(nlaAlign(h.Len), l)
		kids, rest := ad.decode(b[off+start:off+l], base+off+start, spec.Nested, depth+2)
		e.Children = kids
		if len(rest) > 0 && !allZero(rest) {
			e.Children = append(e.Children, Attr{
				Offset:  base + off + l - len(rest),
				Data:    rest,
				Problem: fmt.Sprintf("%d bytes after the last attribute", len(rest)),
			})
		}
		a.Children = append(a.Children, e)
		off += nlaAlign(l)
	}
}

// numericFields prints the named values of fields (enums, flags) as
// numbers, for [Config.Numeric]: decimal, or hex when the value named bits
// ("IFF_UP|IFF_RUNNING" becomes "0x41").
func numericFields(fs []Field) {
	for i := range fs {
		v := fs[i].Value
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			continue
		}
		if strings.Contains(v, "|") || strings.Contains(v, "_F_") || strings.HasPrefix(v, "IFF_") || strings.HasPrefix(v, "NUD_") || strings.HasPrefix(v, "NTF_") {
			fs[i].Value = "0x" + strconv.FormatUint(fs[i].Raw, 16)
			continue
		}
		fs[i].Value = strconv.FormatUint(fs[i].Raw, 10)
	}
}

// fieldsValue prints struct fields as "name=value" pairs; zero fields are
// left out of structs of more than 8 fields (link statistics).
func fieldsValue(fs []Field) string { return (*strArena)(nil).fieldsValue(fs) }

// fieldsValue is fieldsValue with its bytes from s.
func (s *strArena) fieldsValue(fs []Field) string {
	skipZeros := len(fs) > 8
	size, zeros := 0, 0
	for _, f := range fs {
		if skipZeros && f.Raw == 0 && (f.Value == "0" || f.Value == "") {
			zeros++
			continue
		}
		size += len(f.Name) + len(f.Value) + 2
	}
	if zeros > 0 {
		size += len(" (NNNNN others 0)")
	}
	out := s.buf(size)
	for _, f := range fs {
		if skipZeros && f.Raw == 0 && (f.Value == "0" || f.Value == "") {
			continue
		}
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, f.Name...)
		out = append(out, '=')
		out = append(out, f.Value...)
	}
	switch {
	case zeros == 0:
	case len(out) == 0:
		out = append(out, "all "...)
		out = strconv.AppendInt(out, int64(zeros), 10)
		out = append(out, " fields 0"...)
	default:
		out = append(out, " ("...)
		out = strconv.AppendInt(out, int64(zeros), 10)
		out = append(out, " others 0)"...)
	}
	return s.str(out)
}

// array decodes an array of index-typed entries, each nested with set.
func (ad *attrDecoder) array(a *Attr, set *AttrSet, depth int) {
	ad.children(a, arraySet(set), depth)
}

// format prints a scalar payload of the given spec.
func (ad *attrDecoder) format(b []byte, spec *AttrSpec, order binary.ByteOrder) string {
	switch spec.Kind {
	case KindU8, KindU16, KindU32, KindU64, KindBE16, KindBE32, KindBE64:
		v, ok := readUint(b, spec.Kind, order)
		if !ok {
			return ad.strs.hex(b)
		}
		return ad.number(v, spec)
	case KindS8, KindS16, KindS32, KindS64:
		v, ok := readUint(b, spec.Kind, order)
		if !ok {
			return ad.strs.hex(b)
		}
		var s int64
		switch spec.Kind {
		case KindS8:
			s = int64(int8(v))
		case KindS16:
			s = int64(int16(v))
		case KindS32:
			s = int64(int32(v))
		default:
			s = int64(v)
		}
		if spec.Enum != nil && !ad.numeric {
			if n, ok := spec.Enum[uint64(s)]; ok {
				return n
			}
		}
		if s >= 0 {
			return ad.strs.uint(uint64(s))
		}
		return ad.strs.str(strconv.AppendInt(ad.strs.buf(20), s, 10))
	case KindString:
		return ad.strs.quote(b)
	case KindFlag:
		if len(b) == 0 {
			return ""
		}
		return ad.strs.hex(b)
	case KindAddr:
		if a, ok := netip.AddrFromSlice(b); ok {
			return ad.strs.str(a.AppendTo(ad.strs.buf(len("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"))))
		}
		return ad.strs.hex(b)
	case KindLLAddr:
		return ad.strs.llAddr(b)
	}
	return ad.strs.hex(b)
}

// number prints an unsigned integer with the spec's enum or flag names.
func (ad *attrDecoder) number(v uint64, spec *AttrSpec) string {
	if spec.Flags != nil {
		if ad.numeric {
			return "0x" + strconv.FormatUint(v, 16)
		}
		return flagString(v, spec.Flags)
	}
	if spec.Enum != nil && !ad.numeric {
		if n, ok := spec.Enum[v]; ok {
			return n
		}
	}
	return ad.strs.uint(v)
}

// readUint reads an integer of the given kind; ok is false when b does not
// have the kind's size.
func readUint(b []byte, k ValueKind, order binary.ByteOrder) (uint64, bool) {
	switch k {
	case KindU8, KindS8:
		if len(b) == 1 {
			return uint64(b[0]), true
		}
	case KindU16, KindS16:
		if len(b) == 2 {
			return uint64(order.Uint16(b)), true
		}
	case KindU32, KindS32:
		if len(b) == 4 {
			return uint64(order.Uint32(b)), true
		}
	case KindU64, KindS64:
		if len(b) == 8 {
			return order.Uint64(b), true
		}
	case KindBE16:
		if len(b) == 2 {
			return uint64(binary.BigEndian.Uint16(b)), true
		}
	case KindBE32:
		if len(b) == 4 {
			return uint64(binary.BigEndian.Uint32(b)), true
		}
	case KindBE64:
		if len(b) == 8 {
			return binary.BigEndian.Uint64(b), true
		}
	}
	return 0, false
}

// flagString names the bits of v ("UP|BROADCAST|0x40"); "0" for none.
func flagString(v uint64, names map[uint64]string) string {
	if v == 0 {
		if n, ok := names[0]; ok {
			return n
		}
		return "0"
	}
	if n, ok := names[v]; ok && v&(v-1) == 0 {
		return n // a single named bit: no allocation
	}
	// A capture uses few combinations of flags (IFF_UP|IFF_RUNNING...):
	// remember them (see flagMemo).
	p := *(*unsafe.Pointer)(unsafe.Pointer(&names))
	slot := &flagMemo[flagSlot(p, v)]
	if e := slot.Load(); e != nil && e.names == p && e.v == v {
		return e.s
	}
	s := flagStringSlow(v, names)
	slot.Store(&flagEntry{names: p, v: v, s: s})
	return s
}

// flagMemo remembers flagString's answers: a direct-mapped table, one
// entry per slot chosen by a hash of the names table (told apart by its
// map pointer, which the entry keeps alive) and the value; a newer
// combination replaces the older one in its slot. A slot is an atomic
// pointer to an immutable entry, so decoders on several goroutines share
// it without a lock. It replaced a sync.Map bounded to 4,096 entries:
// BenchmarkFlagString, 1 CPU: few combinations 26 → 7 ns, four times more
// combinations than either holds 296 → 175-195 ns (the map stopped
// learning, the table keeps the latest); sync.Map's interface hashing was
// 2% of an `nlcap -r --json` run.
var flagMemo [1 << flagMemoBits]atomic.Pointer[flagEntry]

const flagMemoBits = 12

type flagEntry struct {
	names unsafe.Pointer // the names map
	v     uint64
	s     string
}

// flagSlot is the index of (names, v) in flagMemo.
func flagSlot(names unsafe.Pointer, v uint64) uint64 {
	h := (uint64(uintptr(names))>>4 ^ v) * 0x9e3779b97f4a7c15
	return h >> (64 - flagMemoBits)
}

// flagStringSlow is flagString without the memo.
func flagStringSlow(v uint64, names map[uint64]string) string {
	var buf [128]byte
	out := buf[:0]
	rest := v
	named := 0
	for i := 0; i < 64 && rest != 0; i++ {
		b := uint64(1) << i
		if rest&b == 0 {
			continue
		}
		if n, ok := names[b]; ok {
			if len(out) > 0 {
				out = append(out, '|')
			}
			out = append(out, n...)
			rest &^= b
			named++
		}
	}
	// Multi-bit names (masks) after the single bits.
	if rest != 0 && len(names) > named {
		for b, n := range names {
			if b != 0 && b&(b-1) != 0 && rest&b == b {
				if len(out) > 0 {
					out = append(out, '|')
				}
				out = append(out, n...)
				rest &^= b
			}
		}
	}
	if rest != 0 {
		if len(out) > 0 {
			out = append(out, '|')
		}
		out = append(out, "0x"...)
		out = strconv.AppendUint(out, rest, 16)
	}
	return string(out)
}

// FormatFlags names the bits of v with names ("UP|BROADCAST|0x40"), or
// prints v in hex when numeric. Family tables use it for header fields.
func FormatFlags(v uint64, names map[uint64]string, numeric bool) string {
	if numeric {
		return "0x" + strconv.FormatUint(v, 16)
	}
	return flagString(v, names)
}

// quoteString prints a string payload up to its first NUL, Go-quoted.
func quoteString(b []byte) string { return (*strArena)(nil).quote(b) }

// quote is quoteString with its bytes from s.
func (s *strArena) quote(b []byte) string {
	if i := indexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return s.str(strconv.AppendQuote(s.buf(len(b)+8), string(b)))
		}
	}
	// Printable ASCII, as strconv.Quote leaves it.
	out := append(s.buf(len(b)+2), '"')
	out = append(out, b...)
	return s.str(append(out, '"'))
}

// hex is hexString with its bytes from s.
func (s *strArena) hex(b []byte) string {
	return s.str(hex.AppendEncode(s.buf(2*len(b)), b))
}

// uint formats v in decimal with its bytes from s.
func (s *strArena) uint(v uint64) string {
	if v < 100 {
		return strconv.FormatUint(v, 10) // no allocation
	}
	return s.str(strconv.AppendUint(s.buf(20), v, 10))
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// llAddr prints a link-layer address as colon-separated hex bytes.
func llAddr(b []byte) string { return (*strArena)(nil).llAddr(b) }

// llAddr is llAddr with its bytes from s.
func (s *strArena) llAddr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return s.str(appendLLAddr(s.buf(3*len(b)), b))
}

// appendLLAddr appends b as colon-separated hex bytes.
func appendLLAddr(out, b []byte) []byte {
	const digits = "0123456789abcdef"
	for i, x := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, digits[x>>4], digits[x&0xf])
	}
	return out
}

// hexString prints bytes as contiguous lower-case hex.
func hexString(b []byte) string { return hex.EncodeToString(b) }

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// AttrPath returns the names from the top of attrs down to the deepest
// attribute whose bytes contain offset off (" > "-separated, "#N" for
// attributes with no name), or "" if none does.
func AttrPath(attrs []Attr, off int) string {
	var parts []string
	for level := attrs; ; {
		found := false
		for i := range level {
			a := &level[i]
			end := a.Offset + nlaHdrLen + len(a.Data)
			if a.Problem != "" {
				end = a.Offset + len(a.Data)
			}
			if off >= a.Offset && off < end {
				n := a.Name
				if n == "" {
					n = "#" + strconv.Itoa(int(a.Type))
				}
				parts = append(parts, n)
				level = a.Children
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return strings.Join(parts, " > ")
}

// A family table is code written by hand; a fault in it must not take the
// decoder down. The safe* helpers recover from a panic in a table function
// and report it as a Problem that names the function (the fuzz targets fail
// on such problems).

func panicProblem(what string) string { return "family table fault: " + what + " panicked" }

// resolveSpec returns the spec spec.SelectSpec picks for these siblings, or
// spec itself (also when SelectSpec panics: the payload is then decoded as
// spec says).
func resolveSpec(spec *AttrSpec, siblings []Attr) (s *AttrSpec) {
	defer func() {
		if recover() != nil {
			s = spec
		}
	}()
	if s = spec.SelectSpec(siblings); s == nil {
		return spec
	}
	if spec.Tags != 0 && s.Tags&spec.Tags != spec.Tags {
		c := *s
		c.Tags |= spec.Tags
		s = &c
	}
	return s
}

func safeSelect(spec *AttrSpec, siblings []Attr) (set *AttrSet, ok bool) {
	defer func() {
		if recover() != nil {
			set, ok = nil, false
		}
	}()
	return spec.Select(siblings), true
}

func safeFormat(spec *AttrSpec, b []byte, order binary.ByteOrder) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return spec.Format(b, order), true
}

func safeEntryLen(spec *AttrSpec, b []byte, order binary.ByteOrder) (n int, ok bool) {
	defer func() {
		if recover() != nil {
			n, ok = 0, false
		}
	}()
	return spec.EntryLen(b, order), true
}

func safeSelectAttrs(ms *MessageSpec, fixed []Field) (set *AttrSet, ok bool) {
	defer func() {
		if recover() != nil {
			set, ok = nil, false
		}
	}()
	return ms.SelectAttrs(fixed), true
}

func safeSummary(fn func(*Message) string, m *Message) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return fn(m), true
}

func safeSummaryD(fn func(*Decoder, *Message) string, d *Decoder, m *Message) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return fn(d, m), true
}

// structFields decodes the C struct h in b (see safeFields), into the
// decoder's reused memory when it has some (DecodeInto).
func (ad *attrDecoder) structFields(h *HeaderSpec, b []byte) (fs []Field, ok bool) {
	if ad.fields == nil || h.appendTo == nil {
		return safeFields(h, b, ad.order)
	}
	defer func() {
		if recover() != nil {
			fs, ok = nil, false
		}
	}()
	return h.appendTo(ad.fields.take(h.count(b)), b, ad.order), true
}
