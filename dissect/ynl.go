package dissect

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nlcap/nlcap"
)

// YNL specs: the kernel describes many netlink families in YAML
// (Documentation/netlink/specs/*.yaml, protocols genetlink,
// genetlink-c, genetlink-legacy and netlink-raw). [LoadSpecs] reads such
// files and [Config.Specs] decodes the families they describe over the
// built-in tables: a generic netlink family by its name, a netlink-raw
// protocol message by message.
//
// Read from a spec: definitions (const, enum, flags, struct), attribute
// sets (subset-of included) with their attribute types (u8-u64, s8-s64,
// uint, sint, big-endian byte-order, string, binary with display-hint
// mac/ipv4/ipv6 or a struct, flag, nest, indexed-array, pad), enum and
// enum-as-flags names, and operations (unified values, or the request
// values of the directional model), with their attribute set and fixed
// header. Not read: sub-messages, checks, docs. Specs carry no meaning
// tags (ifindex, volatile...): those stay with the built-in overlays.

// Specs is a set of loaded YNL specs. Load every file before a Decoder
// uses it (Config.Specs): a Decoder remembers what it looked up (genl
// families by id), and loading is not safe alongside decoding.
type Specs struct {
	genl  map[string]*GenlFamilySpec
	proto map[nlcap.Family]*FamilySpec
	files []string
}

// Families returns the names of the families loaded, sorted: genl family
// names, and "netlink-raw:N" for protocol N.
func (s *Specs) Families() []string {
	if s == nil {
		return nil
	}
	var out []string
	for n := range s.genl {
		out = append(out, n)
	}
	for f := range s.proto {
		out = append(out, "netlink-raw:"+strconv.Itoa(int(f)))
	}
	sort.Strings(out)
	return out
}

// LoadSpecs reads every *.yaml file of dir. A file that does not parse, or
// describes what cannot be decoded, gives an error naming the file and line
// and is left out; the others are loaded. The error joins every file's.
func LoadSpecs(dir string) (*Specs, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("spec dir %s: %w", dir, err)
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("spec dir: %w", err)
	}
	s := &Specs{genl: map[string]*GenlFamilySpec{}, proto: map[nlcap.Family]*FamilySpec{}}
	var errs []error
	for _, f := range files {
		if err := s.LoadFile(f); err != nil {
			errs = append(errs, err)
		}
	}
	return s, errors.Join(errs...)
}

// LoadFile adds the family of one YNL spec file.
func (s *Specs) LoadFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("spec: %w", err)
	}
	return s.load(path, b)
}

// load adds the family of spec text b, read from path (for errors).
func (s *Specs) load(path string, b []byte) error {
	var y ynlSpec
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&y); err != nil {
		return fmt.Errorf("spec %s: %w", path, err)
	}
	c := &ynlConv{file: path, spec: &y, sets: map[string]*AttrSet{}, defs: map[string]*ynlDef{}}
	if err := c.convert(s); err != nil {
		return err
	}
	s.files = append(s.files, path)
	return nil
}

// genlSpec returns the loaded spec of genl family name, else the built-in.
func (s *Specs) genlSpec(name string) *GenlFamilySpec {
	if s != nil {
		if g := s.genl[name]; g != nil {
			return g
		}
	}
	return genlFamilySpecs[name]
}

// familySpec returns the protocol family f with the loaded messages over
// the built-in ones.
func (s *Specs) familySpec(f nlcap.Family) *FamilySpec {
	if s != nil {
		if fs := s.proto[f]; fs != nil {
			return fs
		}
	}
	return familySpec(f)
}

// The YAML schema (the parts read).
type (
	ynlSpec struct {
		Name          string    `yaml:"name"`
		Protocol      string    `yaml:"protocol"`
		Protonum      *int      `yaml:"protonum"`
		Definitions   []*ynlDef `yaml:"definitions"`
		AttributeSets []*ynlSet `yaml:"attribute-sets"`
		Operations    ynlOps    `yaml:"operations"`
	}
	ynlDef struct {
		Line       int
		Name       string       `yaml:"name"`
		Type       string       `yaml:"type"`
		NamePrefix *string      `yaml:"name-prefix"`
		ValueStart int          `yaml:"value-start"`
		Entries    []ynlEntry   `yaml:"entries"`
		Members    []*ynlMember `yaml:"members"`
	}
	ynlEntry struct {
		Name  string
		Value *int64
	}
	ynlMember struct {
		Name      string `yaml:"name"`
		Type      string `yaml:"type"`
		Len       int    `yaml:"len"`
		ByteOrder string `yaml:"byte-order"`
		Enum      string `yaml:"enum"`
	}
	ynlSet struct {
		Line       int
		Name       string     `yaml:"name"`
		NamePrefix *string    `yaml:"name-prefix"`
		SubsetOf   string     `yaml:"subset-of"`
		Attributes []*ynlAttr `yaml:"attributes"`
	}
	ynlAttr struct {
		Line             int
		Name             string `yaml:"name"`
		Type             string `yaml:"type"`
		Value            *int   `yaml:"value"`
		NestedAttributes string `yaml:"nested-attributes"`
		SubType          string `yaml:"sub-type"`
		ByteOrder        string `yaml:"byte-order"`
		Enum             string `yaml:"enum"`
		EnumAsFlags      bool   `yaml:"enum-as-flags"`
		DisplayHint      string `yaml:"display-hint"`
		Struct           string `yaml:"struct"`
	}
	ynlOps struct {
		NamePrefix  *string  `yaml:"name-prefix"`
		EnumModel   string   `yaml:"enum-model"`
		FixedHeader string   `yaml:"fixed-header"`
		List        []*ynlOp `yaml:"list"`
	}
	ynlOp struct {
		Line         int
		Name         string     `yaml:"name"`
		Value        *int       `yaml:"value"`
		AttributeSet string     `yaml:"attribute-set"`
		FixedHeader  string     `yaml:"fixed-header"`
		Do           *ynlDoDump `yaml:"do"`
		Dump         *ynlDoDump `yaml:"dump"`
		Event        *ynlMsg    `yaml:"event"`
	}
	ynlDoDump struct {
		Request *ynlMsg `yaml:"request"`
		Reply   *ynlMsg `yaml:"reply"`
	}
	ynlMsg struct {
		Value *int `yaml:"value"`
	}
)

// UnmarshalYAML decodes an enum entry: a name, or a mapping with name and
// value.
func (e *ynlEntry) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		e.Name = n.Value
		return nil
	}
	var m struct {
		Name  string `yaml:"name"`
		Value *int64 `yaml:"value"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	e.Name, e.Value = m.Name, m.Value
	return nil
}

// The line-keeping decoders: errors about a definition, set, attribute or
// operation name its line.
func (d *ynlDef) UnmarshalYAML(n *yaml.Node) error {
	type plain ynlDef
	d.Line = n.Line
	return n.Decode((*plain)(d))
}

func (s *ynlSet) UnmarshalYAML(n *yaml.Node) error {
	type plain ynlSet
	s.Line = n.Line
	return n.Decode((*plain)(s))
}

func (a *ynlAttr) UnmarshalYAML(n *yaml.Node) error {
	type plain ynlAttr
	a.Line = n.Line
	return n.Decode((*plain)(a))
}

func (o *ynlOp) UnmarshalYAML(n *yaml.Node) error {
	type plain ynlOp
	o.Line = n.Line
	return n.Decode((*plain)(o))
}

// ynlConv turns one parsed spec into decoder tables.
type ynlConv struct {
	file    string
	spec    *ynlSpec
	sets    map[string]*AttrSet
	defs    map[string]*ynlDef
	structs map[string]*HeaderSpec
}

func (c *ynlConv) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("spec %s:%d: %s", c.file, line, fmt.Sprintf(format, args...))
}

// cname is the C name of a YNL name: "wgdevice-a-" + "ifindex" →
// "WGDEVICE_A_IFINDEX".
func cname(prefix, name string) string {
	return strings.ToUpper(strings.ReplaceAll(prefix+name, "-", "_"))
}

func (c *ynlConv) convert(s *Specs) error {
	y := c.spec
	if y.Name == "" {
		return c.errorf(1, "no family name")
	}
	switch y.Protocol {
	case "", "genetlink", "genetlink-c", "genetlink-legacy":
	case "netlink-raw":
		if y.Protonum == nil {
			return c.errorf(1, "netlink-raw spec without protonum")
		}
	default:
		return c.errorf(1, "protocol %q is not one of genetlink, genetlink-c, genetlink-legacy, netlink-raw", y.Protocol)
	}
	// An empty list entry ("-" alone) decodes as nil: leave it out.
	y.Definitions = nonNil(y.Definitions)
	y.AttributeSets = nonNil(y.AttributeSets)
	y.Operations.List = nonNil(y.Operations.List)
	for _, st := range y.AttributeSets {
		st.Attributes = nonNil(st.Attributes)
	}
	for _, d := range y.Definitions {
		d.Members = nonNil(d.Members)
	}
	c.structs = map[string]*HeaderSpec{}
	for _, d := range y.Definitions {
		c.defs[d.Name] = d
		if d.Type == "struct" {
			h, err := c.structSpec(d)
			if err != nil {
				return err
			}
			c.structs[d.Name] = h
		}
	}
	if err := c.attrSets(); err != nil {
		return err
	}
	if y.Protocol == "netlink-raw" {
		return c.rawFamily(s)
	}
	return c.genlFamily(s)
}

// enumNames returns the C names of the values of enum or flags definition
// name.
func (c *ynlConv) enumNames(name string, line int) (map[uint64]string, bool, error) {
	d := c.defs[name]
	if d == nil || (d.Type != "enum" && d.Type != "flags") {
		return nil, false, c.errorf(line, "no enum or flags definition %q", name)
	}
	prefix := c.spec.Name + "-" + d.Name + "-"
	if d.NamePrefix != nil {
		prefix = *d.NamePrefix
	}
	m := make(map[uint64]string, len(d.Entries))
	v := int64(d.ValueStart)
	for _, e := range d.Entries {
		if e.Value != nil {
			v = *e.Value
		}
		val := uint64(v)
		if d.Type == "flags" {
			if v < 0 || v > 63 {
				return nil, false, c.errorf(d.Line, "flag %s: bit %d out of range", e.Name, v)
			}
			val = 1 << uint(v)
		}
		m[val] = cname(prefix, e.Name)
		v++
	}
	return m, d.Type == "flags", nil
}

// setPrefix is the C prefix of attribute set st.
func (c *ynlConv) setPrefix(st *ynlSet) string {
	switch {
	case st.NamePrefix != nil:
		return *st.NamePrefix
	case st.Name == c.spec.Name:
		return c.spec.Name + "-a-"
	}
	return c.spec.Name + "-a-" + st.Name + "-"
}

// attrSets builds every attribute set: first the sets with their names
// and values (nests refer to sets defined later), then the types.
func (c *ynlConv) attrSets() error {
	byName := map[string]*ynlSet{}
	for _, st := range c.spec.AttributeSets {
		if st.Name == "" {
			return c.errorf(st.Line, "attribute set without a name")
		}
		byName[st.Name] = st
		c.sets[st.Name] = &AttrSet{Name: strings.TrimSuffix(cname(c.setPrefix(st), ""), "_"), Attrs: map[uint16]*AttrSpec{}}
	}
	for _, st := range c.spec.AttributeSets {
		set := c.sets[st.Name]
		var parent *ynlSet
		if st.SubsetOf != "" {
			if parent = byName[st.SubsetOf]; parent == nil {
				return c.errorf(st.Line, "set %s: subset-of unknown set %q", st.Name, st.SubsetOf)
			}
		}
		next := 1
		for _, a := range st.Attributes {
			src, prefix := a, c.setPrefix(st)
			if parent != nil {
				prefix = c.setPrefix(parent)
				v, pa := -1, (*ynlAttr)(nil)
				n := 1
				for _, x := range parent.Attributes {
					if x.Value != nil {
						n = *x.Value
					}
					if x.Name == a.Name {
						v, pa = n, x
					}
					n++
				}
				if pa == nil {
					return c.errorf(a.Line, "set %s: attribute %s is not in %s", st.Name, a.Name, parent.Name)
				}
				src, next = pa, v
			} else if a.Value != nil {
				next = *a.Value
			}
			if next < 0 || next > 0x3fff {
				return c.errorf(a.Line, "attribute %s: value %d out of range", a.Name, next)
			}
			if src.Type != "unused" {
				spec, err := c.attrSpec(src, cname(prefix, src.Name))
				if err != nil {
					return err
				}
				set.Attrs[uint16(next)] = spec
			}
			next++
		}
	}
	return nil
}

// attrSpec converts one attribute.
func (c *ynlConv) attrSpec(a *ynlAttr, name string) (*AttrSpec, error) {
	spec := &AttrSpec{Name: name}
	be := a.ByteOrder == "big-endian"
	switch a.Type {
	case "u8":
		spec.Kind = KindU8
	case "u16":
		spec.Kind = pick(be, KindBE16, KindU16)
	case "u32":
		spec.Kind = pick(be, KindBE32, KindU32)
	case "u64":
		spec.Kind = pick(be, KindBE64, KindU64)
	case "s8":
		spec.Kind = KindS8
	case "s16":
		spec.Kind = KindS16
	case "s32":
		spec.Kind = KindS32
	case "s64":
		spec.Kind = KindS64
	case "uint", "sint":
		spec.Kind, spec.Format = KindCustom, uintAny
	case "string":
		spec.Kind = KindString
	case "flag":
		spec.Kind = KindFlag
	case "binary", "pad", "bitfield32":
		spec.Kind = KindBinary
		switch a.DisplayHint {
		case "mac":
			spec.Kind = KindLLAddr
		case "ipv4", "ipv6", "ipv4-or-v6":
			spec.Kind = KindAddr
		}
		if a.Struct != "" {
			h := c.structs[a.Struct]
			if h == nil {
				return nil, c.errorf(a.Line, "attribute %s: no struct definition %q", a.Name, a.Struct)
			}
			spec.Kind, spec.Struct = KindStruct, h
		}
	case "nest", "nest-type-value", "sub-message":
		spec.Kind = KindNested
		if a.NestedAttributes != "" {
			if spec.Nested = c.sets[a.NestedAttributes]; spec.Nested == nil {
				return nil, c.errorf(a.Line, "attribute %s: no attribute set %q", a.Name, a.NestedAttributes)
			}
		}
	case "indexed-array":
		if a.SubType == "nest" {
			spec.Kind = KindNestedArray
			if spec.Nested = c.sets[a.NestedAttributes]; spec.Nested == nil {
				return nil, c.errorf(a.Line, "attribute %s: no attribute set %q", a.Name, a.NestedAttributes)
			}
			break
		}
		elem, err := c.attrSpec(&ynlAttr{Line: a.Line, Name: a.Name, Type: a.SubType, ByteOrder: a.ByteOrder, DisplayHint: a.DisplayHint}, "")
		if err != nil {
			return nil, err
		}
		spec.Kind, spec.Nested = KindNested, &AttrSet{Name: name, Default: elem}
	default:
		return nil, c.errorf(a.Line, "attribute %s: unknown type %q", a.Name, a.Type)
	}
	if a.Enum != "" {
		names, flags, err := c.enumNames(a.Enum, a.Line)
		if err != nil {
			return nil, err
		}
		if flags || a.EnumAsFlags {
			spec.Flags = names
		} else {
			spec.Enum = names
		}
	}
	return spec, nil
}

func pick(be bool, b, h ValueKind) ValueKind {
	if be {
		return b
	}
	return h
}

// structSpec converts a struct definition into a fixed header decoder.
func (c *ynlConv) structSpec(d *ynlDef) (*HeaderSpec, error) {
	type member struct {
		name  string
		off   int
		size  int
		be    bool
		enum  map[uint64]string
		flags bool
	}
	var ms []member
	off := 0
	for _, m := range d.Members {
		size := 0
		switch m.Type {
		case "u8", "s8":
			size = 1
		case "u16", "s16":
			size = 2
		case "u32", "s32":
			size = 4
		case "u64", "s64":
			size = 8
		case "pad", "binary":
			size = m.Len
		default:
			return nil, c.errorf(d.Line, "struct %s: member %s has unknown type %q", d.Name, m.Name, m.Type)
		}
		if size <= 0 {
			return nil, c.errorf(d.Line, "struct %s: member %s has no length", d.Name, m.Name)
		}
		mb := member{name: strings.ReplaceAll(m.Name, "-", "_"), off: off, size: size, be: m.ByteOrder == "big-endian"}
		if m.Enum != "" {
			names, flags, err := c.enumNames(m.Enum, d.Line)
			if err != nil {
				return nil, err
			}
			mb.enum, mb.flags = names, flags
		}
		if m.Type != "pad" {
			ms = append(ms, mb)
		}
		off += size
	}
	h := &HeaderSpec{Name: strings.ReplaceAll(d.Name, "-", "_"), Len: off}
	h.Decode = func(b []byte, order binary.ByteOrder) []Field {
		out := make([]Field, 0, len(ms))
		for _, m := range ms {
			p := b[m.off : m.off+m.size]
			o := order
			if m.be {
				o = binary.BigEndian
			}
			var v uint64
			switch m.size {
			case 1:
				v = uint64(p[0])
			case 2:
				v = uint64(o.Uint16(p))
			case 4:
				v = uint64(o.Uint32(p))
			case 8:
				v = o.Uint64(p)
			default:
				out = append(out, Field{Name: m.name, Value: hexString(p)})
				continue
			}
			val := strconv.FormatUint(v, 10)
			switch {
			case m.flags:
				val = flagString(v, m.enum)
			case m.enum != nil:
				val = enumName(m.enum, v)
			}
			out = append(out, Field{Name: m.name, Value: val, Raw: v})
		}
		return out
	}
	return h, nil
}

// opPrefix is the C prefix of the operations.
func (c *ynlConv) opPrefix() string {
	if p := c.spec.Operations.NamePrefix; p != nil {
		return *p
	}
	return c.spec.Name + "-cmd-"
}

// opKind guesses the request kind from an operation's name and shape.
func opKind(op *ynlOp) MsgKind {
	n := op.Name
	switch {
	case op.Dump != nil || strings.HasPrefix(n, "get") || strings.Contains(n, "-get"):
		return MsgGet
	case strings.HasPrefix(n, "new") || strings.HasPrefix(n, "set") || strings.HasPrefix(n, "add") ||
		strings.Contains(n, "-new") || strings.Contains(n, "-set") || strings.Contains(n, "-add"):
		return MsgNew
	case strings.HasPrefix(n, "del") || strings.Contains(n, "-del"):
		return MsgDel
	}
	return MsgOther
}

// requestValue is the value of op's request message: the directional
// model numbers requests on their own.
func (c *ynlConv) requestValue(op *ynlOp, next int) int {
	if c.spec.Operations.EnumModel == "directional" {
		for _, dd := range []*ynlDoDump{op.Do, op.Dump} {
			if dd != nil && dd.Request != nil && dd.Request.Value != nil {
				return *dd.Request.Value
			}
		}
		return -1
	}
	if op.Value != nil {
		return *op.Value
	}
	return next
}

// genlFamily builds the generic netlink family.
func (c *ynlConv) genlFamily(s *Specs) error {
	g := &GenlFamilySpec{Name: c.spec.Name, Commands: map[uint8]string{}, CmdKinds: map[uint8]MsgKind{}, CmdAttrs: map[uint8]*AttrSet{}}
	// The set named as the family serves the commands that name none;
	// without it they are decoded raw.
	g.Attrs = c.sets[c.spec.Name]
	next := 1
	for _, op := range c.spec.Operations.List {
		v := c.requestValue(op, next)
		if op.Value != nil {
			next = *op.Value
		}
		next++
		if v < 0 {
			continue
		}
		if v > 0xff {
			return c.errorf(op.Line, "operation %s: value %d out of range", op.Name, v)
		}
		g.Commands[uint8(v)] = cname(c.opPrefix(), op.Name)
		g.CmdKinds[uint8(v)] = opKind(op)
		if op.AttributeSet != "" {
			set := c.sets[op.AttributeSet]
			if set == nil {
				return c.errorf(op.Line, "operation %s: no attribute set %q", op.Name, op.AttributeSet)
			}
			g.CmdAttrs[uint8(v)] = set
		}
	}
	s.genl[g.Name] = g
	return nil
}

// rawFamily builds the messages of a netlink-raw protocol over the
// built-in ones.
func (c *ynlConv) rawFamily(s *Specs) error {
	f := nlcap.Family(*c.spec.Protonum)
	fs := &FamilySpec{Family: f, Messages: map[uint16]*MessageSpec{}}
	if b := familySpec(f); b != nil {
		*fs = FamilySpec{Family: f, Messages: map[uint16]*MessageSpec{}, Summary: b.Summary, Default: b.Default, TypeName: b.TypeName, summaryD: b.summaryD}
		for t, m := range b.Messages {
			fs.Messages[t] = m
		}
	}
	if prev := s.proto[f]; prev != nil {
		for t, m := range prev.Messages {
			fs.Messages[t] = m
		}
	}
	for _, op := range c.spec.Operations.List {
		hdrName := op.FixedHeader
		if hdrName == "" {
			hdrName = c.spec.Operations.FixedHeader
		}
		var hdr *HeaderSpec
		if hdrName != "" {
			if hdr = c.structs[hdrName]; hdr == nil {
				return c.errorf(op.Line, "operation %s: no struct definition %q", op.Name, hdrName)
			}
		}
		var set *AttrSet
		if op.AttributeSet != "" {
			if set = c.sets[op.AttributeSet]; set == nil {
				return c.errorf(op.Line, "operation %s: no attribute set %q", op.Name, op.AttributeSet)
			}
		}
		ms := &MessageSpec{Name: cname(c.opPrefix(), op.Name), Kind: opKind(op), Header: hdr, Attrs: set}
		for _, m := range []*ynlMsg{req(op.Do), rep(op.Do), req(op.Dump), rep(op.Dump), op.Event} {
			if m == nil || m.Value == nil {
				continue
			}
			if *m.Value < int(nlmsgMinType) || *m.Value > 0xffff {
				return c.errorf(op.Line, "operation %s: message type %d out of range", op.Name, *m.Value)
			}
			fs.Messages[uint16(*m.Value)] = ms
		}
	}
	registerIndex(fs)
	s.proto[f] = fs
	return nil
}

func req(d *ynlDoDump) *ynlMsg {
	if d == nil {
		return nil
	}
	return d.Request
}

func rep(d *ynlDoDump) *ynlMsg {
	if d == nil {
		return nil
	}
	return d.Reply
}

// nonNil returns the list without its nil entries.
func nonNil[T any](list []*T) []*T {
	out := list[:0:0]
	for _, x := range list {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}
