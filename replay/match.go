package replay

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// CompareOptions tunes [Compare]. A nil *CompareOptions compares route
// messages in the native byte order.
type CompareOptions struct {
	// Family is the netlink protocol of both sides.
	Family nlcap.Family
	// ByteOrder of both sides' messages; nil means native.
	ByteOrder binary.ByteOrder
	// RecordedGenl and LiveGenl name the generic netlink family ids of each
	// side (they differ between boots); genl messages are compared by name.
	RecordedGenl, LiveGenl map[uint16]string
	// Exact turns normalisation off: objects must be byte-identical apart
	// from nlmsg_seq and nlmsg_pid.
	Exact bool
	// KeepNlmon keeps RTM_NEWLINK objects of nlmon links (ifi_type 824) in
	// dumps. By default they are dropped on both sides: the capture device
	// is in the recorded dump but not necessarily in the live one.
	KeepNlmon bool
	// MaxDiffLines bounds Verdict.Diff; 0 means 200.
	MaxDiffLines int
}

// An Ack is what one NLMSG_ERROR (or an NLMSG_DONE carrying an error) says.
type Ack struct {
	Errno  int32  // positive errno, 0 for an ACK
	ExtAck string // NLMSGERR_ATTR_MSG, if any
	Offset int    // NLMSGERR_ATTR_OFFS, -1 when absent
	TLVs   bool   // NLM_F_ACK_TLVS: the socket had NETLINK_EXT_ACK and the kernel said more
}

// String formats a like "ACK", "EEXIST (17)", "EINVAL (22) \"Invalid prefix\"".
func (a Ack) String() string {
	s := "ACK"
	if a.Errno != 0 {
		s = errnoName(a.Errno)
	}
	if a.ExtAck != "" {
		s += " " + strconv.Quote(a.ExtAck)
	}
	return s
}

// An Outcome summarises one side's answers.
type Outcome struct {
	Acks    []Ack    // every NLMSG_ERROR (and failing NLMSG_DONE), in order
	Types   []string // type names of the other answer messages, in order
	Objects int      // data messages compared as objects (after dropping nlmon links)
}

// Final returns the last Ack, or an ACK with Errno -1 when there was none.
func (o Outcome) Final() Ack {
	if len(o.Acks) == 0 {
		return Ack{Errno: -1, Offset: -1}
	}
	return o.Acks[len(o.Acks)-1]
}

// A Verdict says whether live answers match recorded ones.
type Verdict struct {
	Match          bool
	Reason         string // one line; empty when Match
	Diff           string // recorded (-) vs live (+) lines; empty when Match
	Recorded, Live Outcome
	// ContentOnly: the answers differ only in what their objects hold (the
	// same errors, and as many messages of each type).
	ContentOnly bool
}

// Err returns nil for a match, else a [*MismatchError] for request index.
func (v Verdict) Err(index int, recorded, live []netlink.Message) error {
	if v.Match {
		return nil
	}
	return &MismatchError{Index: index, Reason: v.Reason, Diff: v.Diff, Want: recorded, Got: live}
}

// Compare compares the answers a kernel gave to one request with the
// recorded ones. It is the single definition of "answered the same" used by
// nlreplay's verdict and the mock kernel, in this order:
//
//  1. error codes and extended-ACK messages of every NLMSG_ERROR (0 = ACK)
//     and of an NLMSG_DONE that carries an error (the extended-ACK text of
//     a recorded failure without NLM_F_ACK_TLVS is not compared: the
//     recording socket may not have asked for it);
//  2. the number and types of the other answer messages (genl types by
//     family name and command);
//  3. those messages as a set of objects (order does not matter), after
//     normalisation: nlmsg_seq and nlmsg_pid are ignored; walking the
//     dissect registry's description of each message, the fields and
//     attributes it tags ifindex are zeroed (ifi_index, RTA_OIF, multipath
//     nexthop ifindexes, WGDEVICE_A_IFINDEX...), those it tags volatile
//     (statistics, counters, cacheinfo, expiry times, running timers,
//     random link-layer addresses, the nfnetlink res_id generation),
//     genl-family-id or mcast-group-id are dropped (zeroed in a fixed
//     header); in rtnetlink answers the interface id half of IPv6
//     link-local addresses (fe80::/64, derived from random MACs) is zeroed,
//     nlmon links are dropped, and so are the objects the registry calls
//     transient (dissect.Transient: multicast neighbour entries that IGMP
//     and MLD reports make at a random time).
//
// Compare never panics, whatever the messages hold.
func Compare(recorded, live []netlink.Message, opts *CompareOptions) Verdict {
	var o CompareOptions
	if opts != nil {
		o = *opts
	}
	if o.ByteOrder == nil {
		o.ByteOrder = binary.NativeEndian
	}
	if o.MaxDiffLines <= 0 {
		o.MaxDiffLines = 200
	}
	rs := summarise(recorded, &o, o.RecordedGenl)
	ls := summarise(live, &o, o.LiveGenl)
	v := Verdict{Match: true, Recorded: rs.Outcome, Live: ls.Outcome}

	fail := func(reason string, diff string) Verdict {
		v.Match, v.Reason, v.Diff = false, reason, diff
		return v
	}
	// 1. Acks.
	for i := 0; i < max(len(rs.Acks), len(ls.Acks)); i++ {
		switch {
		case i >= len(rs.Acks):
			return fail(fmt.Sprintf("live sent an extra error message: %s", ls.Acks[i]), fullDiff(recorded, live, &o))
		case i >= len(ls.Acks):
			return fail(fmt.Sprintf("recorded %s, live sent no error message", rs.Acks[i]), fullDiff(recorded, live, &o))
		case rs.Acks[i].Errno != ls.Acks[i].Errno:
			return fail(fmt.Sprintf("errno: recorded %s, live %s", rs.Acks[i], ls.Acks[i]), fullDiff(recorded, live, &o))
		case rs.Acks[i].ExtAck != ls.Acks[i].ExtAck && (rs.Acks[i].TLVs || rs.Acks[i].Errno == 0):
			// A recorded failure without NLM_F_ACK_TLVS may come from a
			// socket without NETLINK_EXT_ACK: its text is unknown.
			return fail(fmt.Sprintf("extended ACK: recorded %q, live %q", rs.Acks[i].ExtAck, ls.Acks[i].ExtAck), fullDiff(recorded, live, &o))
		}
	}
	// 2. Number and types.
	if !slices.Equal(countTypes(rs.compared), countTypes(ls.compared)) {
		return fail(fmt.Sprintf("answers: recorded %s, live %s", typeSummary(rs.Types), typeSummary(ls.Types)), objectDiff(rs, ls, &o))
	}
	// 3. Objects as a set.
	if !slices.Equal(sortedKeys(rs.objs), sortedKeys(ls.objs)) {
		v.ContentOnly = true
		return fail(fmt.Sprintf("answers: %d of %d objects differ", countOnly(rs.objs, ls.objs), len(rs.objs)), objectDiff(rs, ls, &o))
	}
	return v
}

type object struct {
	key string // canonical normalised form
	msg netlink.Message
}

type summary struct {
	Outcome
	objs     []object
	compared []string // Types less the transient objects (dissect.Transient)
}

func summarise(msgs []netlink.Message, o *CompareOptions, genl map[uint16]string) summary {
	var s summary
	for _, m := range msgs {
		switch uint16(m.Header.Type) {
		case nlmsgError:
			s.Acks = append(s.Acks, parseAck(m, o.ByteOrder, 4+nlcap.NlmsgHdrLen))
			continue
		case nlmsgDone:
			s.Types = append(s.Types, "NLMSG_DONE")
			s.compared = append(s.compared, "NLMSG_DONE")
			if len(m.Data) >= 4 && int32(o.ByteOrder.Uint32(m.Data)) != 0 {
				s.Acks = append(s.Acks, parseAck(m, o.ByteOrder, 4))
			}
			continue
		case nlmsgNoop, nlmsgOverrun:
			s.Types = append(s.Types, typeName(o.Family, m, genl))
			s.compared = append(s.compared, s.Types[len(s.Types)-1])
			continue
		}
		if typ, ok := dissect.LinkType(o.Family, uint16(m.Header.Type), m.Data, o.ByteOrder); ok && !o.KeepNlmon && typ == nlcap.ARPHRDNetlink {
			continue
		}
		name := typeName(o.Family, m, genl)
		s.Types = append(s.Types, name)
		if !o.Exact && dissect.Transient(o.Family, uint16(m.Header.Type), m.Data, o.ByteOrder) {
			continue // shown in Types, not compared
		}
		s.compared = append(s.compared, name)
		s.objs = append(s.objs, object{key: name + "|" + canonical(m, o, genl), msg: m})
		s.Objects++
	}
	return s
}

// parseAck reads what an NLMSG_ERROR (or an NLMSG_DONE carrying an error)
// says, with dissect.ReadAck, which also finds where the extended ACK
// attributes start (after the echoed request unless capped; the last
// argument is kept for the callers and not needed).
func parseAck(m netlink.Message, order binary.ByteOrder, _ int) Ack {
	x, _ := dissect.ReadAck(uint16(m.Header.Type), uint16(m.Header.Flags), m.Data, order)
	return Ack{Errno: x.Errno, ExtAck: x.Msg, Offset: x.Offset, TLVs: x.TLVs}
}

// eachAttrRaw calls fn for every well-formed attribute of b with its type as
// on the wire; it stops at the first bad length.
func eachAttrRaw(b []byte, order binary.ByteOrder, fn func(rawType uint16, payload []byte)) {
	for a := range dissect.Attrs(b, order) {
		fn(a.RawType, a.Payload)
	}
}

// nlaTypeMask clears NLA_F_NESTED and NLA_F_NET_BYTEORDER from a raw type.
const nlaTypeMask = dissect.NlaTypeMask

// eachAttr calls fn for every well-formed attribute of b (type without the
// NLA_F_NESTED / NLA_F_NET_BYTEORDER bits); it stops at the first bad length.
func eachAttr(b []byte, order binary.ByteOrder, fn func(typ uint16, payload []byte)) {
	for a := range dissect.Attrs(b, order) {
		fn(a.Type, a.Payload)
	}
}

// RouteTypeName returns the RTM_* name of an rtnetlink message type, or
// "type N".
func RouteTypeName(t uint16) string {
	if n := dissect.TypeName(nlcap.FamilyRoute, t); n != "" {
		return n
	}
	return "type " + strconv.Itoa(int(t))
}

// ignored are the meaning tags whose values Compare leaves out of the
// canonical form: they differ between two runs of one request (volatile)
// or between two boots (family and group ids).
const ignored = dissect.TagVolatile | dissect.TagGenlFamilyID | dissect.TagMcastGroupID

// maxNest bounds the nesting canonical follows.
const maxNest = 16

// canonical returns m's normalised body (flags, family header, attributes)
// as a string key; see [Compare]. It walks the registry's description of
// the message: attributes tagged volatile, genl-family-id or
// mcast-group-id are dropped, ifindexes (tagged fields of the fixed header,
// of struct entries and attributes) zeroed, and in route messages the
// interface id of fe80::/64 addresses zeroed. What the registry does not
// know is compared as bytes.
func canonical(m netlink.Message, o *CompareOptions, genl map[uint16]string) string {
	order := o.ByteOrder
	t := uint16(m.Header.Type)
	var b strings.Builder
	fmt.Fprintf(&b, "%04x|", uint16(m.Header.Flags))
	data := slices.Clone(m.Data)
	if o.Exact {
		b.Write(data)
		return b.String()
	}
	s, ok := dissect.LookupFlags(o.Family, t, uint16(m.Header.Flags), genl[t], data, order)
	if !ok || s.HeaderLen > len(data) {
		b.Write(data)
		return b.String()
	}
	fixed, attrs := data[:s.HeaderLen], data[s.HeaderLen:]
	clearTagged(fixed[s.HeaderOffset:], s.Header)
	b.Write(fixed)
	if s.Attrs == nil {
		b.Write(attrs)
		return b.String()
	}
	b.Write(normAttrs(attrs, order, s.Attrs, o.Family == nlcap.FamilyRoute, 0))
	return b.String()
}

// clearTagged zeroes the ifindex and ignored fields of struct h at the
// start of b.
func clearTagged(b []byte, h *dissect.HeaderSpec) {
	if h == nil {
		return
	}
	for _, f := range h.Tagged {
		if f.Tags&(ignored|dissect.TagIfindex) != 0 && f.Offset+f.Size <= len(b) {
			clear(b[f.Offset : f.Offset+f.Size])
		}
	}
}

// normAttrs re-encodes the attributes of set in b normalised (see
// [canonical]). linkLocal zeroes the interface id of fe80::/64 addresses.
func normAttrs(b []byte, order binary.ByteOrder, set *dissect.AttrSet, linkLocal bool, depth int) []byte {
	var out []byte
	var siblings []dissect.Attr
	for a := range dissect.Attrs(b, order) {
		spec := set.Attr(a.Type).Resolve(siblings) // TCA_OPTIONS by TCA_KIND
		p := slices.Clone(a.Payload)
		if spec != nil {
			if spec.Tags&ignored != 0 {
				continue
			}
			p = normValue(p, order, spec, siblings, linkLocal, depth)
			siblings = append(siblings, dissect.Attr{Type: a.Type, Name: spec.Name, Data: a.Payload})
		}
		out = dissect.AppendAttr(out, order, a.RawType, p)
	}
	return out
}

// normValue normalises the payload p of one attribute of spec.
func normValue(p []byte, order binary.ByteOrder, spec *dissect.AttrSpec, siblings []dissect.Attr, linkLocal bool, depth int) []byte {
	switch {
	case spec.Kind == dissect.KindEntries:
		for off := 0; off < len(p); {
			l := spec.Entry(p[off:], order)
			clearTagged(p[off:], spec.Struct)
			if l < spec.Struct.Len {
				break
			}
			off += nlcap.NlmsgAlign(l)
		}
	case spec.Tags&dissect.TagIfindex != 0:
		clear(p)
	case spec.Kind == dissect.KindStruct && spec.Struct != nil:
		clearTagged(p, spec.Struct) // tc_mirred's ifindex, br_mdb_entry's
	case depth >= maxNest:
	case spec.Kind == dissect.KindNestedArray && spec.Nested != nil:
		var q []byte
		for e := range dissect.Attrs(p, order) {
			q = dissect.AppendAttr(q, order, e.RawType, normAttrs(e.Payload, order, spec.Nested, linkLocal, depth+1))
		}
		p = q
	case spec.Kind == dissect.KindNested:
		set := spec.Children(siblings)
		start := 0
		if spec.Struct != nil {
			start = min(nlcap.NlmsgAlign(spec.Struct.Len), len(p))
			clearTagged(p[:start], spec.Struct)
		}
		if set != nil {
			p = append(p[:start:start], normAttrs(p[start:], order, set, linkLocal, depth+1)...)
		}
	case linkLocal && spec.Kind == dissect.KindAddr && len(p) == 16 && p[0] == 0xfe && p[1]&0xc0 == 0x80:
		clear(p[8:]) // fe80::/64: the interface id derives from the (random) MAC
	}
	return p
}

// appendAttr appends one attribute to out.
func appendAttr(out []byte, order binary.ByteOrder, typ uint16, p []byte) []byte {
	return dissect.AppendAttr(out, order, typ, p)
}

func countTypes(types []string) []string {
	c := map[string]int{}
	for _, t := range types {
		c[t]++
	}
	var out []string
	for t, n := range c {
		out = append(out, fmt.Sprintf("%d %s", n, t))
	}
	slices.Sort(out)
	return out
}

func typeSummary(types []string) string {
	if len(types) == 0 {
		return "no data messages"
	}
	return strings.Join(countTypes(types), ", ")
}

func sortedKeys(objs []object) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.key
	}
	slices.Sort(keys)
	return keys
}

// only returns the objects of a whose key is not in b (as multisets).
func only(a, b []object) []object {
	c := map[string]int{}
	for _, o := range b {
		c[o.key]++
	}
	var out []object
	for _, o := range a {
		if c[o.key] > 0 {
			c[o.key]--
			continue
		}
		out = append(out, o)
	}
	return out
}

func countOnly(r, l []object) int { return max(len(only(r, l)), len(only(l, r))) }

// objectDiff shows the recorded objects missing live (-) and the live
// objects not recorded (+), as a line diff of their decoded text.
func objectDiff(r, l summary, o *CompareOptions) string {
	var rm, lm []netlink.Message
	for _, x := range only(r.objs, l.objs) {
		rm = append(rm, x.msg)
	}
	for _, x := range only(l.objs, r.objs) {
		lm = append(lm, x.msg)
	}
	return lineDiff(renderAll(rm, o, o.RecordedGenl), renderAll(lm, o, o.LiveGenl), o.MaxDiffLines)
}

func fullDiff(recorded, live []netlink.Message, o *CompareOptions) string {
	return lineDiff(renderAll(recorded, o, o.RecordedGenl), renderAll(live, o, o.LiveGenl), o.MaxDiffLines)
}

// EncodeMessage returns the wire form of m in the given byte order with
// nlmsg_len set from m.Data (no padding after the last byte).
func EncodeMessage(m netlink.Message, order binary.ByteOrder) []byte {
	b := make([]byte, 0, nlcap.NlmsgHdrLen+len(m.Data))
	b = app32(order, b, uint32(nlcap.NlmsgHdrLen+len(m.Data)))
	b = app16(order, b, uint16(m.Header.Type))
	b = app16(order, b, uint16(m.Header.Flags))
	b = app32(order, b, m.Header.Sequence)
	b = app32(order, b, m.Header.PID)
	return append(b, m.Data...)
}

// errnoName names a positive errno: "EEXIST (17)", or "errno 200" for a
// value dissect does not know.
func errnoName(e int32) string {
	name, _ := dissect.ErrnoName(e)
	if strings.HasPrefix(name, "errno ") {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, e)
}

func app16(order binary.ByteOrder, b []byte, v uint16) []byte {
	var x [2]byte
	order.PutUint16(x[:], v)
	return append(b, x[:]...)
}

func app32(order binary.ByteOrder, b []byte, v uint32) []byte {
	var x [4]byte
	order.PutUint32(x[:], v)
	return append(b, x[:]...)
}
