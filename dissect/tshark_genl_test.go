package dissect

import (
	"context"
	"encoding/xml"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTsharkNl80211 compares the nl80211 attributes of
// ../testdata/captures/genl-nl80211.pcap (iw on mac80211_hwsim in the lab)
// with tshark's: every attribute type tshark names, at any depth (the
// nests the kernel builds without NLA_F_NESTED included: bands,
// frequencies, rates, interface types, combinations, regulatory rules),
// must be decoded by the Decoder at the same offset under the same name,
// and the strings and MAC addresses tshark prints must be ours. tshark 4.0
// leaves some nests closed (supported commands, frame types per interface
// type): those are decoded by the Decoder alone.
func TestTsharkNl80211(t *testing.T) {
	tshark := requireTshark(t)
	path := filepath.Join("..", "testdata", "captures", "genl-nl80211.pcap")
	c := capturesFrom(t, path)[0]
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, tshark, "-r", path, "-o", "gui.max_tree_depth:4096", "-T", "pdml").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	var doc struct {
		Packets []struct {
			Protos []pdmlField `xml:"proto"`
		} `xml:"packet"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdml: %v", err)
	}
	if len(doc.Packets) != len(c.records) {
		t.Fatalf("tshark shows %d frames, the pcap reader %d records", len(doc.Packets), len(c.records))
	}
	d := NewDecoder(nil)
	for _, r := range c.records {
		d.Learn(r)
	}
	var names, values, tsharkWrong int
	for i, rec := range c.records {
		// Ours, by the frame offset of each attribute's type field (the
		// cooked header is 16 bytes).
		ours := map[int]*Attr{}
		for _, m := range d.Decode(rec, i) {
			if m.Genl == nil || m.Genl.FamilyName != "nl80211" {
				continue
			}
			var walk func(as []Attr)
			walk = func(as []Attr) {
				for j := range as {
					ours[16+m.Offset+as[j].Offset+2] = &as[j]
					walk(as[j].Children)
				}
			}
			walk(m.Attrs)
		}
		var theirs []pdmlField
		for _, p := range doc.Packets[i].Protos {
			p.flatten(&theirs)
		}
		for _, f := range theirs {
			switch {
			case tsharkAttrName.MatchString(f.ShowName) && strings.HasPrefix(f.Name, "nl80211."):
				want := tsharkAttrName.FindStringSubmatch(f.ShowName)[1]
				a := ours[f.Pos]
				if a == nil && f.Name == "nl80211.iftype" {
					// The value of NL80211_ATTR_IFTYPE (u32), which
					// tshark prints as an "Attribute Type".
					if v := ours[f.Pos-2]; v != nil && v.Name == "NL80211_ATTR_IFTYPE" && v.Value == want {
						values++
						continue
					}
				}
				if a != nil && a.Name == indexName(int(a.Type)) && a.Type == 1 && want == "NL80211_IFACE_COMB_LIMITS" {
					// tshark is wrong here: the members of
					// NL80211_ATTR_INTERFACE_COMBINATIONS are indexed
					// from 1 (nl80211_put_iface_combinations:
					// nla_nest_start_noflag(msg, i + 1)), each a nest
					// of NL80211_IFACE_COMB_*; tshark reads index 1 as
					// NL80211_IFACE_COMB_LIMITS.
					tsharkWrong++
					continue
				}
				if a == nil {
					t.Errorf("frame %d: tshark's %s at %d is not an attribute of ours", i+1, want, f.Pos)
					continue
				}
				if a.Name != want {
					t.Errorf("frame %d: attribute at %d is %q, tshark says %q", i+1, f.Pos, a.Name, want)
				}
				names++
			case f.Name == "nl80211.wiphy_name" || f.Name == "nl80211.ifname" || f.Name == "nl80211.alpha2" || f.Name == "nl80211.mac":
				a := ours[f.Pos-2]
				want := f.Show
				if f.Name != "nl80211.mac" {
					want = strconv.Quote(want)
				}
				if a == nil || a.Value != want {
					t.Errorf("frame %d: %s at %d: ours %+v, tshark %q", i+1, f.Name, f.Pos, a, want)
				}
				values++
			}
		}
	}
	if names < 1000 || values < 100 {
		t.Errorf("compared %d attribute names and %d values: the capture should hold more", names, values)
	}
	t.Logf("%d nl80211 attribute names and %d values agree with tshark; %d places where tshark is wrong", names, values, tsharkWrong)
}

// tsharkAttrName reads "Attribute Type: NL80211_ATTR_WIPHY (1)".
var tsharkAttrName = regexp.MustCompile(`^Attribute Type: ([A-Z_][A-Z0-9_]*) \(\d+\)$`)

// pdmlField is a field (or proto) of tshark's PDML output.
type pdmlField struct {
	Name     string      `xml:"name,attr"`
	ShowName string      `xml:"showname,attr"`
	Show     string      `xml:"show,attr"`
	Pos      int         `xml:"pos,attr"`
	Fields   []pdmlField `xml:"field"`
}

func (f pdmlField) flatten(out *[]pdmlField) {
	*out = append(*out, f)
	for _, c := range f.Fields {
		c.flatten(out)
	}
}
