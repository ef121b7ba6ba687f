package dissect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// A generic netlink family written here in the YNL schema
// (Documentation/netlink/specs): two attribute sets, a flags and an enum
// definition, a big-endian port, an indexed array of nests.
const testGenlSpec = `
name: nlcap-test
protocol: genetlink
definitions:
  -
    name: mode
    type: enum
    entries: [ off, on, auto ]
  -
    name: opts
    type: flags
    name-prefix: nlcap-test-opt-
    entries: [ fast, safe ]
attribute-sets:
  -
    name: nlcap-test
    attributes:
      -
        name: ifindex
        type: u32
      -
        name: label
        type: string
      -
        name: port
        type: u16
        byte-order: big-endian
      -
        name: mode
        type: u8
        enum: mode
      -
        name: opts
        type: u32
        enum: opts
      -
        name: peers
        type: indexed-array
        sub-type: nest
        nested-attributes: peer
  -
    name: peer
    attributes:
      -
        name: addr
        type: binary
        display-hint: ipv4
      -
        name: mac
        type: binary
        display-hint: mac
operations:
  list:
    -
      name: get
      attribute-set: nlcap-test
      dump:
        request:
          attributes: [ ifindex ]
    -
      name: set
      attribute-set: nlcap-test
      do:
        request:
          attributes: [ ifindex, label ]
`

// A netlink-raw spec adding a message type to NETLINK_ROUTE with its own
// fixed header.
const testRawSpec = `
name: nlcap-raw
protocol: netlink-raw
protonum: 0
definitions:
  -
    name: foomsg
    type: struct
    members:
      -
        name: family
        type: u8
      -
        name: pad
        type: pad
        len: 3
      -
        name: index
        type: u32
attribute-sets:
  -
    name: foo-attrs
    name-prefix: foo-
    attributes:
      -
        name: name
        type: string
operations:
  name-prefix: rtm-
  fixed-header: foomsg
  list:
    -
      name: newfoo
      attribute-set: foo-attrs
      do:
        request:
          value: 200
`

func writeSpecs(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ctrlNewFamily is an nlctrl answer naming genl family id.
func ctrlNewFamily(id uint16, name string) []byte {
	return nlmsg(genlIDCtrl, 0, 1, 1, []byte{ctrlCmdNewFamily, 2, 0, 0}, nla(ctrlAttrFamilyID, u16(id)), nla(ctrlAttrFamilyName, str(name)))
}

func attrLines(attrs []Attr, depth int, out *[]string) {
	for _, a := range attrs {
		*out = append(*out, strings.Repeat(" ", depth)+a.Name+"="+a.Value)
		attrLines(a.Children, depth+1, out)
	}
}

func TestSpecGenl(t *testing.T) {
	specs, err := LoadSpecs(writeSpecs(t, map[string]string{"nlcap-test.yaml": testGenlSpec}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(specs.Families(), ","); got != "nlcap-test" {
		t.Fatalf("families %q", got)
	}
	d := NewDecoder(&Config{Specs: specs})
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x30, "nlcap-test")), 0)
	peer := nla(1|nlaFNested, nla(1, []byte{192, 0, 2, 1}), nla(2, []byte{2, 0, 0, 0, 0, 1}))
	msg := nlmsg(0x30, nlmFRequest|nlmFAck, 2, 0, []byte{2, 1, 0, 0},
		nla(1, u32(7)), nla(2, str("x")), nla(3, []byte{0x1f, 0x90}), nla(4, []byte{2}), nla(5, u32(3)), nla(6|nlaFNested, peer))
	m := d.Decode(rec(nlcap.FamilyGeneric, msg), 1)[0]
	if m.Problem != "" {
		t.Fatalf("problem: %s", m.Problem)
	}
	if m.Genl == nil || m.Genl.CmdName != "NLCAP_TEST_CMD_SET" {
		t.Errorf("command: %+v", m.Genl)
	}
	var lines []string
	attrLines(m.Attrs, 0, &lines)
	want := []string{
		"NLCAP_TEST_A_IFINDEX=7",
		`NLCAP_TEST_A_LABEL="x"`,
		"NLCAP_TEST_A_PORT=8080",
		"NLCAP_TEST_A_MODE=NLCAP_TEST_MODE_AUTO",
		"NLCAP_TEST_A_OPTS=NLCAP_TEST_OPT_FAST|NLCAP_TEST_OPT_SAFE",
		"NLCAP_TEST_A_PEERS=",
		" [1]=",
		"  NLCAP_TEST_A_PEER_ADDR=192.0.2.1",
		"  NLCAP_TEST_A_PEER_MAC=02:00:00:00:00:01",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("attributes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// Without the specs the family is raw.
	d = NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x30, "nlcap-test")), 0)
	if m := d.Decode(rec(nlcap.FamilyGeneric, msg), 1)[0]; len(m.Attrs) > 0 && m.Attrs[0].Name != "" {
		t.Errorf("without specs: %q", m.Attrs[0].Name)
	}
}

func TestSpecRaw(t *testing.T) {
	specs, err := LoadSpecs(writeSpecs(t, map[string]string{"raw.yaml": testRawSpec}))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(&Config{Specs: specs})
	m := d.Decode(rec(nlcap.FamilyRoute, nlmsg(200, nlmFRequest, 1, 0, []byte{2, 0, 0, 0}, u32(5), nla(1, str("f0")))), 0)[0]
	if m.TypeName != "RTM_NEWFOO" || len(m.Fixed) != 2 || m.Fixed[1].Name != "index" || m.Fixed[1].Value != "5" ||
		len(m.Attrs) != 1 || m.Attrs[0].Name != "FOO_NAME" || m.Attrs[0].Value != `"f0"` {
		t.Errorf("raw message: %s %+v %+v", m.TypeName, m.Fixed, m.Attrs)
	}
	// The built-in messages stay.
	m = d.Decode(rec(nlcap.FamilyRoute, nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 2, 1, 0), nla(3, str("eth0")))), 1)[0]
	if m.TypeName != "RTM_NEWLINK" || len(m.Attrs) != 1 || m.Attrs[0].Name != "IFLA_IFNAME" {
		t.Errorf("built-in message: %s %+v", m.TypeName, m.Attrs)
	}
}

// TestSpecErrors: a spec that does not parse, or names what it does not
// define, gets an error naming its file and line; the others still load.
func TestSpecErrors(t *testing.T) {
	dir := writeSpecs(t, map[string]string{
		"good.yaml":   testGenlSpec,
		"syntax.yaml": "name: broken\nattribute-sets:\n  - name: x\n   attributes: [\n",
		"types.yaml":  "name: badtype\nattribute-sets:\n  -\n    name: badtype\n    attributes:\n      -\n        name: a\n        type: u24\n",
		"nest.yaml":   "name: badnest\nattribute-sets:\n  -\n    name: badnest\n    attributes:\n      -\n        name: a\n        type: nest\n        nested-attributes: nowhere\n",
		"proto.yaml":  "name: x\nprotocol: netlink-raw\n",
	})
	specs, err := LoadSpecs(dir)
	if err == nil {
		t.Fatal("no error for the broken specs")
	}
	msg := err.Error()
	for _, want := range []string{
		filepath.Join(dir, "syntax.yaml") + ": yaml: line 2:",
		filepath.Join(dir, "types.yaml") + `:7: attribute a: unknown type "u24"`,
		filepath.Join(dir, "nest.yaml") + `:7: attribute a: no attribute set "nowhere"`,
		filepath.Join(dir, "proto.yaml") + ":1: netlink-raw spec without protonum",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if got := strings.Join(specs.Families(), ","); got != "nlcap-test" {
		t.Errorf("loaded %q, want the good spec only", got)
	}
	if _, err := LoadSpecs(filepath.Join(dir, "missing")); err == nil {
		t.Error("no error for a missing directory")
	}
}

// FuzzSpec: a spec file, whatever it holds, loads or gives an error; it
// never panics, nor does decoding with what loaded.
func FuzzSpec(f *testing.F) {
	f.Add(testGenlSpec)
	f.Add(testRawSpec)
	f.Add("name: x\nattribute-sets:\n  - name: x\n    attributes:\n      - name: a\n        type: indexed-array\n        sub-type: u32\n")
	f.Fuzz(func(t *testing.T, spec string) {
		const path = "f.yaml"
		s := &Specs{genl: map[string]*GenlFamilySpec{}, proto: map[nlcap.Family]*FamilySpec{}}
		if err := s.load(path, []byte(spec)); err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		d := NewDecoder(&Config{Specs: s})
		d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x30, "nlcap-test")), 0)
		for _, name := range s.Families() {
			d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x31, name)), 0)
		}
		for _, fam := range []nlcap.Family{nlcap.FamilyGeneric, nlcap.FamilyRoute} {
			for _, typ := range []uint16{0x30, 0x31, 200, rtmNewLink} {
				for cmd := range byte(4) {
					d.Decode(rec(fam, nlmsg(typ, 0, 1, 0, []byte{cmd, 1, 0, 0, 9, 9, 9, 9}, nla(1, u32(7)), nla(2|nlaFNested, nla(1, u32(1))), nla(3, []byte{1, 2}))), 1)
				}
			}
		}
	})
}
