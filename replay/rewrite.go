package replay

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/nlcap/nlcap"
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
		if f != nlcap.FamilyRoute || !isLinkMsg(t) || len(b) < 16 {
			return
		}
		idx := s.ByteOrder.Uint32(b[4:])
		if idx == 0 {
			return
		}
		eachAttr(b[16:], s.ByteOrder, func(typ uint16, p []byte) {
			if typ == 3 && len(p) > 0 { // IFLA_IFNAME
				if n := cstring(p); n != "" {
					out[idx] = n
				}
			}
		})
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
// every message; nlmsg_pid where it was not 0; genl family ids (and
// CTRL_ATTR_FAMILY_ID in nlctrl requests) by name through genl; genl
// multicast group ids in nlctrl requests (CTRL_ATTR_MCAST_GRP_ID inside
// CTRL_ATTR_MCAST_GROUPS) by family and group name; rtnetlink
// ifindexes (ifi_index, ifa_index, ndm_ifindex, tcm_ifindex, the
// br_port_msg ifindex, RTA_OIF, RTA_IIF, multipath nexthop ifindexes,
// IFLA_LINK, IFLA_MASTER, NDA_IFINDEX, NDA_MASTER, NETCONFA_IFINDEX,
// NHA_OIF) by interface name through ifnames. Zero tails and unparsed bytes are kept as captured.
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
		body := b[off+nlcap.NlmsgHdrLen : end]
		base := off + nlcap.NlmsgHdrLen
		t := uint16(m.Header.Type)
		switch e.Family {
		case nlcap.FamilyGeneric:
			rw = append(rw, s.rewriteGenl(i, off, b, body, base, t, genl, res)...)
		case nlcap.FamilyRoute:
			rw = append(rw, s.rewriteRoute(i, body, base, t, ifnames, res)...)
		}
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

func (s *Script) rewriteGenl(i, off int, b, body []byte, base int, t uint16, genl map[uint16]string, res *Resolver) []Rewrite {
	order := s.ByteOrder
	var rw []Rewrite
	if t > genlIDCtrl {
		v, to, ok := s.genlTo(t, genl, res)
		if ok {
			order.PutUint16(b[off+4:], v)
		}
		rw = append(rw, Rewrite{i, off + 4, "genl family id", fmt.Sprintf("0x%x", t), to})
	}
	if t != genlIDCtrl || len(body) < genlHdrLen {
		return rw
	}
	// The family the message is about: CTRL_ATTR_FAMILY_NAME, else the
	// name of CTRL_ATTR_FAMILY_ID in the capture.
	family := ""
	walkAttrs(body[genlHdrLen:], base+genlHdrLen, order, func(typ uint16, p []byte, at int) {
		switch {
		case typ == ctrlAttrFamilyName:
			family = cstring(p)
		case typ == ctrlAttrFamilyID && len(p) >= 2 && family == "":
			family = genl[order.Uint16(p)]
		}
	})
	walkAttrs(body[genlHdrLen:], base+genlHdrLen, order, func(typ uint16, p []byte, at int) {
		switch {
		case typ == ctrlAttrFamilyID && len(p) >= 2:
			id := order.Uint16(p)
			v, to, ok := s.genlTo(id, genl, res)
			if ok {
				order.PutUint16(p, v)
			}
			rw = append(rw, Rewrite{i, at, "CTRL_ATTR_FAMILY_ID", fmt.Sprintf("0x%x", id), to})
		case typ == ctrlAttrMcastGroups:
			// CTRL_ATTR_MCAST_GROUPS: an array of nests, each holding
			// CTRL_ATTR_MCAST_GRP_NAME and CTRL_ATTR_MCAST_GRP_ID.
			walkAttrs(p, at, order, func(_ uint16, g []byte, gat int) {
				rw = append(rw, s.rewriteGroup(i, g, gat, family, res)...)
			})
		}
	})
	return rw
}

// rewriteGroup remaps the CTRL_ATTR_MCAST_GRP_ID of one multicast group
// nest g (at offset gat) by the group's name: CTRL_ATTR_MCAST_GRP_NAME in
// the nest, else the name the capture gives the id ([Script.GenlGroups]).
func (s *Script) rewriteGroup(i int, g []byte, gat int, family string, res *Resolver) []Rewrite {
	order := s.ByteOrder
	name := ""
	walkAttrs(g, gat, order, func(typ uint16, p []byte, _ int) {
		if typ == ctrlAttrMcastGrpName {
			name = cstring(p)
		}
	})
	var rw []Rewrite
	walkAttrs(g, gat, order, func(typ uint16, p []byte, at int) {
		if typ != ctrlAttrMcastGrpID || len(p) < 4 {
			return
		}
		id := order.Uint32(p)
		fam, grp := family, name
		if known, ok := s.GenlGroups[id]; ok && (grp == "" || fam == "") {
			if grp == "" && (fam == "" || fam == known.Family) {
				grp = known.Name
			}
			if fam == "" && grp == known.Name {
				fam = known.Family
			}
		}
		r := Rewrite{Message: i, Offset: at, Field: "CTRL_ATTR_MCAST_GRP_ID", From: u32(id)}
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
		rw = append(rw, r)
	})
	return rw
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

func (s *Script) rewriteRoute(i int, body []byte, base int, t uint16, ifnames map[uint32]string, res *Resolver) []Rewrite {
	var rw []Rewrite
	add := func(r Rewrite, ok bool) {
		if ok {
			rw = append(rw, r)
		}
	}
	fl := fixedLen(nlcap.FamilyRoute, t)
	if fl < 0 || fl > len(body) {
		return nil
	}
	var attrs map[uint16]string
	var multipath uint16
	switch {
	case isLinkMsg(t):
		add(s.ifindexField(i, base+4, body[4:8], "ifi_index", ifnames, res))
		attrs = map[uint16]string{5: "IFLA_LINK", 10: "IFLA_MASTER"}
	case t >= 20 && t <= 23:
		add(s.ifindexField(i, base+4, body[4:8], "ifa_index", ifnames, res))
	case t >= 24 && t <= 27:
		attrs = map[uint16]string{3: "RTA_IIF", 4: "RTA_OIF"}
		multipath = 9
	case t >= 28 && t <= 31:
		add(s.ifindexField(i, base+4, body[4:8], "ndm_ifindex", ifnames, res))
		attrs = map[uint16]string{8: "NDA_IFINDEX", 9: "NDA_MASTER"}
	case t >= 80 && t <= 83:
		attrs = map[uint16]string{1: "NETCONFA_IFINDEX"}
	case isTCMsg(t):
		add(s.ifindexField(i, base+4, body[4:8], "tcm_ifindex", ifnames, res))
	case t >= 84 && t <= 86:
		add(s.ifindexField(i, base+4, body[4:8], "br_port_msg ifindex", ifnames, res))
	case t >= 104 && t <= 107:
		attrs = map[uint16]string{5: "NHA_OIF"}
	}
	walkAttrs(body[fl:], base+fl, s.ByteOrder, func(typ uint16, p []byte, at int) {
		if name, ok := attrs[typ]; ok && len(p) >= 4 {
			add(s.ifindexField(i, at, p[:4], name, ifnames, res))
		}
		if multipath != 0 && typ == multipath {
			// struct rtnexthop { u16 len; u8 flags; u8 hops; int ifindex; }
			for o := 0; len(p)-o >= 8; {
				add(s.ifindexField(i, at+o+4, p[o+4:o+8], "rtnh_ifindex", ifnames, res))
				l := int(s.ByteOrder.Uint16(p[o:]))
				if l < 8 {
					break
				}
				o += nlcap.NlmsgAlign(l)
			}
		}
	})
	return rw
}

// walkAttrs calls fn with the payload (a sub-slice: writes go to b) and the
// payload's offset (base + position) of each well-formed attribute of b.
func walkAttrs(b []byte, base int, order binary.ByteOrder, fn func(typ uint16, p []byte, at int)) {
	off := 0
	for len(b)-off >= 4 {
		l := int(order.Uint16(b[off:]))
		if l < 4 || l > len(b)-off {
			return
		}
		fn(order.Uint16(b[off+2:])&nlaTypeMask, b[off+4:off+l], base+off+4)
		off += nlcap.NlmsgAlign(l)
	}
}
