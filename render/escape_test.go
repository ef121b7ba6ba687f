package render_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/hostile"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
)

// TestHostileStrings renders a capture whose names and strings carry
// terminal escapes, CR/LF with a forged line, BEL, invalid UTF-8, C1
// controls and a bidi override, in every mode: nothing reaches the output
// raw, and the strings are there, escaped.
func TestHostileStrings(t *testing.T) {
	escaped := render.Text(hostile.String)
	if escaped == hostile.String || strings.ContainsAny(escaped, "\x1b\x07\r\n") {
		t.Fatalf("Text(%q) = %q", hostile.String, escaped)
	}
	for _, tt := range []struct {
		name string
		cfg  render.Config
	}{
		{"one-line", render.Config{}},
		{"v", render.Config{Verbose: 1}},
		{"vv", render.Config{Verbose: 2}},
		{"vv numeric", render.Config{Verbose: 2, Numeric: true}},
		{"quiet hex", render.Config{Quiet: true, HexASCII: true}},
		{"diff", render.Config{Verbose: 2, Diff: true}},
		{"json", render.Config{JSON: true, Hex: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Location = time.UTC
			d := dissect.NewDecoder(tt.cfg.DecoderConfig())
			for _, c := range hostile.Comments() {
				if fams, ok := pcap.ParseGenlFamiliesComment(c); ok {
					d.LearnGenlFamilies(fams)
				}
			}
			recs := hostile.Records()
			for _, r := range recs {
				d.Learn(r)
			}
			p := render.New(&tt.cfg)
			var out []byte
			for i, r := range recs {
				for _, m := range d.Decode(r, i) {
					out = p.AppendMessage(out, &m)
				}
			}
			out = p.AppendMalformed(out, recs[0], hostile.String, 99)
			text := string(out)
			if tt.cfg.JSON {
				if err := hostile.CheckJSON(text); err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				checkJSONNames(t, text)
				return
			}
			if err := hostile.Check(text); err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if !tt.cfg.Numeric && !strings.Contains(text, escaped) {
				t.Errorf("the escaped string %s is not in the output:\n%s", escaped, text)
			}
			if tt.cfg.Verbose == 0 && !strings.Contains(text, render.Text(hostile.CommentName)) {
				t.Errorf("the family name of the comment is not in the output:\n%s", text)
			}
		})
	}
}

// checkJSONNames checks that the JSON strings decode to the capture's
// strings (invalid UTF-8 as U+FFFD), escaped by JSON's rules only.
func checkJSONNames(t *testing.T, out string) {
	t.Helper()
	want := strings.ToValidUTF8(hostile.String, "\ufffd")
	var names, extacks int
	for l := range strings.Lines(out) {
		var m struct {
			TypeName string `json:"type_name"`
			Error    *struct {
				ExtAck *struct{ Msg string } `json:"extack"`
			}
			Problem string
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if m.TypeName == want {
			names++
		}
		if m.Error != nil && m.Error.ExtAck != nil && m.Error.ExtAck.Msg == want {
			extacks++
		}
	}
	if names != 1 || extacks != 3 {
		t.Errorf("%d type names and %d extended ACKs decode to %q, want 1 and 3:\n%s", names, extacks, want, out)
	}
}
