package dissect

import "strings"

//go:generate go run ../internal/nlgen/cmd/nlgen -o uapi_generated.go

// The names and values of netlink come from the kernel's UAPI headers:
// internal/nlgen reads them (Debian's linux-libc-dev, the 6.1 series the
// lab boots) and writes uapi_generated.go, one uapiGroup (genIFLA...) per enum or
// family of #defines. The family files (rtnetlink_attrs.go, nlctrl.go...)
// are the hand-written overlay: the type and meaning tags of each
// attribute, which headers do not state, keyed by the generated name.
// Values that kernels after the headers added are listed by the overlay
// with the release that added them ([newer]).

// A uapiConst is one named value of a header.
type uapiConst struct {
	Name  string
	Value uint64
}

// A uapiGroup is an enum or a family of #defines, in header order, one
// name per value (the newer alias where a header gives two).
type uapiGroup []uapiConst

// names returns the group as a value → name map, with extra (names of
// newer kernels, or of a related group) added for the values the group
// does not name: IPPROTO_IP, not IPv6's IPPROTO_HOPOPTS, names 0.
func (g uapiGroup) names(extra ...uapiConst) map[uint64]string {
	m := make(map[uint64]string, len(g)+len(extra))
	for _, c := range g {
		if _, ok := m[c.Value]; !ok {
			m[c.Value] = c.Name
		}
	}
	for _, c := range extra {
		if _, ok := m[c.Value]; !ok {
			m[c.Value] = c.Name
		}
	}
	return m
}

// value returns the value of name.
func (g uapiGroup) value(name string) (uint64, bool) {
	for _, c := range g {
		if c.Name == name {
			return c.Value, true
		}
	}
	return 0, false
}

// list returns the names of values 0..n-1 of a group numbered from first,
// as a slice indexed from 0 ("" where the header names nothing).
func (g uapiGroup) list(first uint64) []string {
	var out []string
	for _, c := range g {
		if c.Value < first || c.Value-first > 4096 {
			continue
		}
		i := int(c.Value - first)
		for len(out) <= i {
			out = append(out, "")
		}
		out[i] = c.Name
	}
	return out
}

// overlayErrors collects overlay entries that name no generated value;
// TestOverlayNames fails on any.
var overlayErrors []string

// newer marks spec as an attribute type that kernels after the generated
// headers added (release "6.2"...), with its value: the headers cannot
// give it.
func newer(typ uint16, release string, spec *AttrSpec) *AttrSpec {
	spec.newType, spec.release = int32(typ)+1, release
	return spec
}

// genSet builds the attribute set name from the generated group g: each
// spec gives the type and tags of the attribute of its name; every other
// name of g is decoded as binary. A spec made with [newer] carries its own
// value.
func genSet(name string, g uapiGroup, specs ...*AttrSpec) *AttrSet {
	m := make(map[uint16]*AttrSpec, len(g)+len(specs))
	for _, c := range g {
		if c.Value > 0xffff || strings.HasSuffix(c.Name, "_UNSPEC") || strings.HasSuffix(c.Name, "_UNUSED") {
			continue
		}
		m[uint16(c.Value)] = &AttrSpec{Name: c.Name, Kind: KindBinary}
	}
	for _, s := range specs {
		if s.newType > 0 {
			if _, ok := g.value(s.Name); ok {
				overlayErrors = append(overlayErrors, name+": "+s.Name+" is in the headers now: drop its newer()")
			}
			m[uint16(s.newType-1)] = s
			continue
		}
		v, ok := g.value(s.Name)
		if !ok {
			overlayErrors = append(overlayErrors, name+": "+s.Name+" is not in the generated names")
			continue
		}
		m[uint16(v)] = s
	}
	return &AttrSet{Name: name, Attrs: m}
}

// pickSet is [genSet] with only the attributes specs name: for a set that
// holds a few attributes of a larger enum (IFLA_PROP_LIST holds
// IFLA_ALT_IFNAME).
func pickSet(name string, g uapiGroup, specs ...*AttrSpec) *AttrSet {
	set := genSet(name, g, specs...)
	keep := make(map[uint16]*AttrSpec, len(specs))
	for t, s := range set.Attrs {
		for _, x := range specs {
			if s == x {
				keep[t] = s
			}
		}
	}
	set.Attrs = keep
	return set
}

// typeOf returns the type of the attribute named name.
func (s *AttrSet) typeOf(name string) (uint16, bool) {
	for t, a := range s.Attrs {
		if a.Name == name {
			return t, true
		}
	}
	return 0, false
}

// setAttr replaces the attribute of spec's name in set (before the set is
// used).
func setAttr(set *AttrSet, spec *AttrSpec) {
	t, ok := set.typeOf(spec.Name)
	if !ok {
		overlayErrors = append(overlayErrors, set.Name+": no attribute "+spec.Name+" to set")
		return
	}
	set.Attrs[t] = spec
}

// cmdNames returns the group as the command names of a genl family.
func (g uapiGroup) cmdNames() map[uint8]string {
	m := make(map[uint8]string, len(g))
	for _, c := range g {
		if c.Value <= 0xff {
			if _, ok := m[uint8(c.Value)]; !ok {
				m[uint8(c.Value)] = c.Name
			}
		}
	}
	return m
}

// tag adds meaning tags to an overlay spec.
func (a *AttrSpec) tag(t Tag) *AttrSpec {
	a.Tags |= t
	return a
}

// cmdKinds returns the request kinds of a genl family's commands from their
// names (..._GET, _NEW/_SET, _DEL), as [rtnlKind] does for RTM_*.
func (g uapiGroup) cmdKinds() map[uint8]MsgKind {
	m := make(map[uint8]MsgKind, len(g))
	for _, c := range g {
		if c.Value > 0xff {
			continue
		}
		switch {
		case strings.HasSuffix(c.Name, "_GET"):
			m[uint8(c.Value)] = MsgGet
		case strings.HasSuffix(c.Name, "_NEW") || strings.HasSuffix(c.Name, "_SET"):
			m[uint8(c.Value)] = MsgNew
		case strings.HasSuffix(c.Name, "_DEL"):
			m[uint8(c.Value)] = MsgDel
		}
	}
	return m
}
