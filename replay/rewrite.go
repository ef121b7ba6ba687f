package replay

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// A Rewrite is one change made to a captured request before it is sent.
type Rewrite struct {
	Message int    // index of the message within the request record
	Offset  int    // byte offset of the changed field in the record
	Field   string // "nlmsg_seq", "nlmsg_pid", "genl family id", "ifi_index", "RTA_OIF"...
	From    string // recorded value
	To      string // live value, or what it will be ("live port id") in a dry run
}

// String formats r as "msg 0 nlmsg_seq 1795333821 → 1".
func (r Rewrite) String() string {
	return fmt.Sprintf("msg %d %s %s → %s", r.Message, r.Field, r.From, r.To)
}

// A Resolver gives the live values that requests are rewritten to. A nil
// function, or one that returns false, leaves the recorded value (a dry run
// passes nil functions and gets symbolic To values).
type Resolver struct {
	// Seq returns the nlmsg_seq to use for message i of the request.
	Seq func(i int) (uint32, bool)
	// Port is the live socket's port id (used where the request carried a
	// non-zero nlmsg_pid).
	Port func() (uint32, bool)
	// GenlFamily returns the live id of a genl family name.
	GenlFamily func(name string) (uint16, bool)
	// GenlGroup returns the live id of multicast group group of genl
	// family family.
	GenlGroup func(family, group string) (uint32, bool)
	// Ifindex returns the live ifindex of an interface name.
	Ifindex func(name string) (uint32, bool)
}

// Interfaces maps the ifindexes seen in the capture to interface names,
// learned from RTM_NEWLINK messages (ifi_index and IFLA_IFNAME) in requests,
// answers and notifications.
func (s *Script) Interfaces() map[uint32]string {
	out := map[uint32]string{}
	learn := func(f nlcap.Family, t uint16, b []byte) {
		if idx, name, ok := dissect.LinkName(f, t, b, s.ByteOrder); ok && idx != 0 {
			out[uint32(idx)] = name
		}
	}
	for _, e := range s.Exchanges {
		for _, m := range e.Messages {
			learn(e.Family, uint16(m.Header.Type), m.Data)
		}
		for _, m := range e.Answers {
			learn(e.Family, uint16(m.Header.Type), m.Data)
		}
	}
	for _, n := range s.Notifications {
		learn(n.Family, uint16(n.Message.Header.Type), n.Message.Data)
	}
	return out
}

func cstring(b []byte) string {
	if i := slices.Index(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// Rewrite returns a copy of e.Request with the live values of res applied,
// and the list of rewrites (see the package documentation): nlmsg_seq of
// every message; nlmsg_pid where it was not 0; genl family ids in
// nlmsg_type by name through genl; and, walking the registry's description
// of each message (dissect.Lookup), every field and attribute tagged
// genl-family-id (CTRL_ATTR_FAMILY_ID) by name through genl,
// mcast-group-id (CTRL_ATTR_MCAST_GRP_ID) by family and group name, and
// ifindex (ifi_index, ifa_index, ndm_ifindex, tcm_ifindex, the br_port_msg
// ifindex, RTA_OIF, RTA_IIF, multipath nexthop ifindexes, IFLA_LINK,
// IFLA_MASTER, NDA_IFINDEX, NDA_MASTER, NETCONFA_IFINDEX, NHA_OIF,
// WGDEVICE_A_IFINDEX...) by interface name through ifnames. Zero tails and
// unparsed bytes are kept as captured.
func (s *Script) Rewrite(e *Exchange, genl map[uint16]string, ifnames map[uint32]string, res *Resolver) ([]byte, []Rewrite) {
	if res == nil {
		res = &Resolver{}
	}
	order := s.ByteOrder
	if order == nil {
		order = binary.NativeEndian
	}
	b := slices.Clone(e.Request)
	rw := make([]Rewrite, 0, 2*len(e.Messages)+2)
	off := 0
	for i, m := range e.Messages {
		if off+nlcap.NlmsgHdrLen > len(b) {
			break
		}
		end := min(off+int(m.Header.Length), len(b))
		// nlmsg_seq
		if v, ok := call1(res.Seq, i); ok {
			order.PutUint32(b[off+8:], v)
			rw = append(rw, Rewrite{i, off + 8, "nlmsg_seq", u32(m.Header.Sequence), u32(v)})
		} else {
			rw = append(rw, Rewrite{i, off + 8, "nlmsg_seq", u32(m.Header.Sequence), "live seq"})
		}
		if m.Header.PID != 0 {
			if v, ok := call0(res.Port); ok {
				order.PutUint32(b[off+12:], v)
				rw = append(rw, Rewrite{i, off + 12, "nlmsg_pid", u32(m.Header.PID), u32(v)})
			} else {
				rw = append(rw, Rewrite{i, off + 12, "nlmsg_pid", u32(m.Header.PID), "live port id"})
			}
		}
		t := uint16(m.Header.Type)
		if e.Family == nlcap.FamilyGeneric && t > dissect.GENL_ID_CTRL {
			v, to, ok := s.genlTo(t, genl, res)
			if ok {
				order.PutUint16(b[off+4:], v)
			}
			rw = append(rw, Rewrite{i, off + 4, "genl family id", fmt.Sprintf("0x%x", t), to})
		}
		w := &rewriter{s: s, i: i, order: order, genl: genl, ifnames: ifnames, res: res}
		w.message(e.Family, t, b[off+nlcap.NlmsgHdrLen:end], off+nlcap.NlmsgHdrLen)
		rw = append(rw, w.rw...)
		off += nlcap.NlmsgAlign(int(m.Header.Length))
	}
	return b, rw
}

func u32(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

func call1(f func(int) (uint32, bool), i int) (uint32, bool) {
	if f == nil {
		return 0, false
	}
	return f(i)
}

func call0(f func() (uint32, bool)) (uint32, bool) {
	if f == nil {
		return 0, false
	}
	return f()
}

func (s *Script) genlTo(id uint16, genl map[uint16]string, res *Resolver) (uint16, string, bool) {
	name, ok := genl[id]
	if !ok {
		return id, fmt.Sprintf("kept (id 0x%x has no name in the capture)", id), false
	}
	if res.GenlFamily == nil {
		return id, fmt.Sprintf("live id of %q", name), false
	}
	v, ok := res.GenlFamily(name)
	if !ok {
		return id, fmt.Sprintf("kept (%q not found live)", name), false
	}
	return v, fmt.Sprintf("0x%x (%s)", v, name), true
}

// rewriteGroup remaps the multicast group id p (at offset at, attribute
// field) by the group's name: grp, the group name beside it, else the name
// the capture gives the id ([Script.GenlGroups]).
func (s *Script) rewriteGroup(i int, p []byte, at int, field, grp, family string, res *Resolver) Rewrite {
	order := s.ByteOrder
	id := order.Uint32(p)
	fam := family
	if known, ok := s.GenlGroups[id]; ok && (grp == "" || fam == "") {
		if grp == "" && (fam == "" || fam == known.Family) {
			grp = known.Name
		}
		if fam == "" && grp == known.Name {
			fam = known.Family
		}
	}
	r := Rewrite{Message: i, Offset: at, Field: field, From: u32(id)}
	switch {
	case fam == "" || grp == "":
		r.To = "kept (the group has no family and name in the capture)"
	case res.GenlGroup == nil:
		r.From = fmt.Sprintf("%d (%s/%s)", id, fam, grp)
		r.To = fmt.Sprintf("live id of %s/%s", fam, grp)
	default:
		r.From = fmt.Sprintf("%d (%s/%s)", id, fam, grp)
		v, ok := res.GenlGroup(fam, grp)
		if !ok {
			r.To = fmt.Sprintf("kept (%s/%s not found live)", fam, grp)
			break
		}
		order.PutUint32(p, v)
		r.To = u32(v)
	}
	return r
}

// ifindexField rewrites one 4-byte ifindex in place.
func (s *Script) ifindexField(i, at int, p []byte, field string, ifnames map[uint32]string, res *Resolver) (Rewrite, bool) {
	order := s.ByteOrder
	idx := order.Uint32(p)
	if idx == 0 {
		return Rewrite{}, false
	}
	name, ok := ifnames[idx]
	switch {
	case !ok:
		return Rewrite{i, at, field, fmt.Sprint(idx), "kept (no interface name in the capture)"}, true
	case res.Ifindex == nil:
		return Rewrite{i, at, field, fmt.Sprintf("%d (%s)", idx, name), fmt.Sprintf("live ifindex of %q", name)}, true
	}
	v, ok := res.Ifindex(name)
	if !ok {
		return Rewrite{i, at, field, fmt.Sprintf("%d (%s)", idx, name), fmt.Sprintf("kept (%q not found live)", name)}, true
	}
	order.PutUint32(p, v)
	return Rewrite{i, at, field, fmt.Sprintf("%d (%s)", idx, name), fmt.Sprint(v)}, true
}

// A rewriter applies the rewrites of one request message, walking the
// registry's description of it.
type rewriter struct {
	s       *Script
	i       int // message index
	order   binary.ByteOrder
	genl    map[uint16]string
	ifnames map[uint32]string
	res     *Resolver
	family  string // the genl family the message is about, for group ids
	rw      []Rewrite
}

// message rewrites the payload body (after nlmsghdr, at offset base of the
// request) of a message of family f and type t.
func (w *rewriter) message(f nlcap.Family, t uint16, body []byte, base int) {
	sch, ok := dissect.Lookup(f, t, w.genl[t], body, w.order)
	if !ok || sch.HeaderLen > len(body) {
		return
	}
	w.fields(body[sch.HeaderOffset:], base+sch.HeaderOffset, sch.Header)
	set := sch.Attrs // Lookup describes the message as a request
	if set == nil {
		return
	}
	attrs := body[sch.HeaderLen:]
	w.family = w.familyOf(attrs, set)
	w.attrs(attrs, base+sch.HeaderLen, set, 0)
}

// familyOf returns the genl family that attributes b are about: the
// attribute tagged genl-family-name, else the capture's name of the one
// tagged genl-family-id.
func (w *rewriter) familyOf(b []byte, set *dissect.AttrSet) string {
	name, byID := "", ""
	for a := range dissect.Attrs(b, w.order) {
		spec := set.Attr(a.Type)
		switch {
		case spec == nil:
		case spec.Tags&dissect.TagGenlFamilyName != 0:
			name = cstring(a.Payload)
		case spec.Tags&dissect.TagGenlFamilyID != 0 && len(a.Payload) >= 2:
			byID = w.genl[w.order.Uint16(a.Payload)]
		}
	}
	if name != "" {
		return name
	}
	return byID
}

// fields rewrites the ifindex fields of struct h at the start of b.
func (w *rewriter) fields(b []byte, base int, h *dissect.HeaderSpec) {
	if h == nil {
		return
	}
	for _, f := range h.Tagged {
		if f.Tags&dissect.TagIfindex == 0 || f.Size != 4 || f.Offset+4 > len(b) {
			continue
		}
		name := f.Name
		if !strings.Contains(name, "_") {
			name = h.Name + " " + name // "br_port_msg ifindex"
		}
		w.add(w.s.ifindexField(w.i, base+f.Offset, b[f.Offset:f.Offset+4], name, w.ifnames, w.res))
	}
}

func (w *rewriter) add(r Rewrite, ok bool) {
	if ok {
		w.rw = append(w.rw, r)
	}
}

// attrs rewrites the tagged attributes of set in b (at offset base).
func (w *rewriter) attrs(b []byte, base int, set *dissect.AttrSet, depth int) {
	var siblings []dissect.Attr
	group := w.taggedString(b, set, dissect.TagMcastGroupName)
	for a := range dissect.Attrs(b, w.order) {
		spec := set.Attr(a.Type).Resolve(siblings) // TCA_OPTIONS by TCA_KIND
		if spec == nil {
			continue
		}
		w.value(a.Payload, base+a.Offset, spec, siblings, group, depth)
		siblings = append(siblings, dissect.Attr{Type: a.Type, Name: spec.Name, Data: a.Payload})
	}
}

// taggedString returns the string payload of the attribute of set in b
// that carries tag ("" if none).
func (w *rewriter) taggedString(b []byte, set *dissect.AttrSet, tag dissect.Tag) string {
	for a := range dissect.Attrs(b, w.order) {
		if spec := set.Attr(a.Type); spec != nil && spec.Tags&tag != 0 {
			return cstring(a.Payload)
		}
	}
	return ""
}

// value rewrites one attribute of spec with payload p at offset at;
// group is the multicast group name among its siblings.
func (w *rewriter) value(p []byte, at int, spec *dissect.AttrSpec, siblings []dissect.Attr, group string, depth int) {
	switch {
	case spec.Kind == dissect.KindEntries && spec.Tags&dissect.TagIfindex != 0:
		for off := 0; off < len(p); {
			l := spec.Entry(p[off:], w.order)
			if l == 0 {
				break
			}
			w.fields(p[off:], at+off, spec.Struct)
			if l < spec.Struct.Len {
				break
			}
			off += nlcap.NlmsgAlign(l)
		}
	case spec.Tags&dissect.TagIfindex != 0 && len(p) >= 4:
		w.add(w.s.ifindexField(w.i, at, p[:4], spec.Name, w.ifnames, w.res))
	case spec.Kind == dissect.KindStruct && spec.Struct != nil:
		w.fields(p, at, spec.Struct) // tc_mirred's ifindex, br_mdb_entry's
	case spec.Tags&dissect.TagGenlFamilyID != 0 && len(p) >= 2:
		id := w.order.Uint16(p)
		v, to, ok := w.s.genlTo(id, w.genl, w.res)
		if ok {
			w.order.PutUint16(p, v)
		}
		w.rw = append(w.rw, Rewrite{w.i, at, spec.Name, fmt.Sprintf("0x%x", id), to})
	case spec.Tags&dissect.TagMcastGroupID != 0 && len(p) >= 4:
		w.rw = append(w.rw, w.s.rewriteGroup(w.i, p, at, spec.Name, group, w.family, w.res))
	case depth >= maxNest:
	case spec.Kind == dissect.KindNestedArray && spec.Nested != nil:
		for e := range dissect.Attrs(p, w.order) {
			w.attrs(e.Payload, at+e.Offset, spec.Nested, depth+1)
		}
	case spec.Kind == dissect.KindNested:
		start := 0
		if spec.Struct != nil {
			start = min(nlcap.NlmsgAlign(spec.Struct.Len), len(p))
			w.fields(p[:start], at, spec.Struct)
		}
		if set := spec.Children(siblings); set != nil {
			w.attrs(p[start:], at+start, set, depth+1)
		}
	}
}
