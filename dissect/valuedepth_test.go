package dissect

import (
	"testing"

	"github.com/nlcap/nlcap"
)

// TestValueDepth: with Config.ValueDepth 1 a message's attributes have
// their values and their nests' children their names but no values; the
// output -v prints (values, child counts) and a malformed grandchild's
// problem are those of a full decode.
func TestValueDepth(t *testing.T) {
	linkinfo := nla(0x12, nla(1, str("vxlan")), nla(2, nla(1, u32(42)), nla(4, str("x")))) // IFLA_LINKINFO {KIND, DATA {ID, ...}}
	bad := nla(0x12, nla(1, str("vxlan")), nla(2, nla(1, u32(42)), []byte{9, 0, 1, 0}))    // DATA ends in a truncated attribute
	for _, c := range []struct {
		name  string
		attrs []byte
	}{{"clean", linkinfo}, {"malformed grandchild", bad}} {
		msg := nlmsg(rtmNewLink, 0, 1, 0, ifinfomsg(0, 1, 3, 0, 0), nla(3, str("v0")), c.attrs)
		full := NewDecoder(nil).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
		shallow := NewDecoder(&Config{ValueDepth: 1}).Decode(rec(nlcap.FamilyRoute, msg), 0)[0]
		if full.Problem != shallow.Problem {
			t.Errorf("%s: problem %q, want %q", c.name, shallow.Problem, full.Problem)
		}
		if len(full.Attrs) != len(shallow.Attrs) {
			t.Fatalf("%s: %d attributes, want %d", c.name, len(shallow.Attrs), len(full.Attrs))
		}
		for i := range full.Attrs {
			f, s := full.Attrs[i], shallow.Attrs[i]
			if f.Name != s.Name || f.Value != s.Value || len(f.Children) != len(s.Children) {
				t.Errorf("%s: attribute %q = %q with %d children, want %q = %q with %d", c.name, s.Name, s.Value, len(s.Children), f.Name, f.Value, len(f.Children))
			}
			for j, k := range s.Children {
				if k.Name != f.Children[j].Name || k.Value != "" {
					t.Errorf("%s: child %q = %q, want %q without a value", c.name, k.Name, k.Value, f.Children[j].Name)
				}
			}
		}
		if c.name != "clean" && full.Problem == "" {
			t.Errorf("%s: the full decode finds no problem", c.name)
		}
		if c.name == "clean" && (len(full.Attrs) < 2 || len(full.Attrs[1].Children) != 2 || full.Attrs[1].Children[0].Value == "") {
			t.Fatalf("the full decode is not what the test expects: %+v", full.Attrs)
		}
	}
}
