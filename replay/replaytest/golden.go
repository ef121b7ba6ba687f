package replaytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/replay"
)

var update = flag.Bool("update", false, "replaytest: rewrite golden files with the current output")

// GoldenOptions tunes [CheckGoldenWith]. A nil *GoldenOptions gives the
// defaults.
type GoldenOptions struct {
	// Update rewrites the golden file (as -update does).
	Update bool
	// JSON writes JSON instead of text. By default JSON is used when the
	// golden file name ends in ".json".
	JSON bool
	// Numeric prints values and header fields as numbers (dissect's
	// Config.Numeric).
	Numeric bool
	// MaxDiffLines bounds the diff printed on a mismatch; 0 means 80.
	MaxDiffLines int
}

// CheckGolden decodes the capture at capturePath and compares the text
// (JSON when goldenPath ends in ".json") with the golden file; on a
// difference the test fails with a line diff. With -update it writes the
// golden file instead.
func CheckGolden(t testing.TB, capturePath, goldenPath string) {
	t.Helper()
	CheckGoldenWith(t, capturePath, goldenPath, nil)
}

// CheckGoldenWith is [CheckGolden] with options.
func CheckGoldenWith(t testing.TB, capturePath, goldenPath string, opts *GoldenOptions) {
	t.Helper()
	var o GoldenOptions
	if opts != nil {
		o = *opts
	}
	if strings.HasSuffix(goldenPath, ".json") {
		o.JSON = true
	}
	if o.MaxDiffLines <= 0 {
		o.MaxDiffLines = 80
	}
	recs, err := ReadRecords(capturePath)
	if err != nil {
		t.Fatalf("replaytest: %v", err)
	}
	var got []byte
	if o.JSON {
		got, err = JSON(recs, &dissect.Config{Numeric: o.Numeric})
		if err != nil {
			t.Fatalf("replaytest: %s: %v", capturePath, err)
		}
	} else {
		got = []byte(Text(recs, &dissect.Config{Numeric: o.Numeric}))
	}
	if o.Update || *update {
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatalf("replaytest: %v", err)
		}
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatalf("replaytest: %v", err)
		}
		t.Logf("replaytest: wrote %s", goldenPath)
		return
	}
	want, err := os.ReadFile(goldenPath)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("replaytest: golden file %s does not exist; run the test with -update to create it", goldenPath)
	}
	if err != nil {
		t.Fatalf("replaytest: %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("replaytest: %s differs from golden file %s (-golden +decoded; run with -update to accept):\n%s",
			capturePath, goldenPath, Diff(string(want), string(got), o.MaxDiffLines))
	}
}

// ReadRecords reads every record of a pcap or pcapng capture file.
func ReadRecords(path string) ([]nlcap.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", path, len(recs), err)
		}
		recs = append(recs, rec)
	}
}

// ReadScript reads a capture file into a [replay.Script].
func ReadScript(path string) (*replay.Script, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := replay.ReadScript(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// decodeAll decodes records after a learning pass, so that genl family
// names are known before their lookup.
func decodeAll(recs []nlcap.Record, cfg *dissect.Config) [][]dissect.Message {
	d := dissect.NewDecoder(cfg)
	for _, r := range recs {
		d.Learn(r)
	}
	out := make([][]dissect.Message, len(recs))
	for i, r := range recs {
		out[i] = d.Decode(r, i)
	}
	return out
}

// Text returns the golden text of records (see the package documentation).
// cfg may be nil.
func Text(recs []nlcap.Record, cfg *dissect.Config) string {
	var b strings.Builder
	for i, msgs := range decodeAll(recs, cfg) {
		fmt.Fprintf(&b, "#%d %s\n", i, recs[i].Family)
		for _, m := range msgs {
			writeMessage(&b, &m)
		}
	}
	return b.String()
}

func writeMessage(b *strings.Builder, m *dissect.Message) {
	h := m.Header
	fmt.Fprintf(b, "  %s %s flags=0x%x", m.Direction, orUnknown(m.TypeName), h.Flags)
	if len(m.FlagNames) > 0 {
		fmt.Fprintf(b, " (%s)", strings.Join(m.FlagNames, "|"))
	}
	fmt.Fprintf(b, " seq=%d pid=%d len=%d\n", h.Seq, h.PID, h.Len)
	if g := m.Genl; g != nil && len(m.Fixed) == 0 {
		fmt.Fprintf(b, "    genl family=%s cmd=%s version=%d\n", orHex(g.FamilyName, uint64(g.FamilyID)), orHex(g.CmdName, uint64(g.Cmd)), g.Version)
	}
	if len(m.Fixed) > 0 {
		var parts []string
		for _, f := range m.Fixed {
			parts = append(parts, f.Name+"="+f.Value)
		}
		name := m.FixedName
		if name == "" {
			name = "header"
		}
		fmt.Fprintf(b, "    %s %s\n", name, strings.Join(parts, " "))
	}
	if e := m.Error; e != nil {
		name := e.Name
		if e.Errno == 0 {
			name = "ACK"
		}
		fmt.Fprintf(b, "    error %d %s", e.Errno, orUnknown(name))
		if e.ExtAck != nil && e.ExtAck.Msg != "" {
			fmt.Fprintf(b, " %q", e.ExtAck.Msg)
		}
		if e.ExtAck != nil && e.ExtAck.Pointed != "" {
			fmt.Fprintf(b, " at %s", e.ExtAck.Pointed)
		}
		b.WriteString("\n")
		if e.Echo != nil {
			fmt.Fprintf(b, "    echo %s flags=0x%x seq=%d\n", orUnknown(e.Echo.TypeName), e.Echo.Header.Flags, e.Echo.Header.Seq)
		}
	}
	if d := m.Done; d != nil && d.Errno != 0 {
		fmt.Fprintf(b, "    done error %d %s\n", d.Errno, d.Name)
	}
	writeAttrs(b, m.Attrs, 2)
	if len(m.Trailing) > 0 {
		fmt.Fprintf(b, "    trailing %x\n", m.Trailing)
	}
	if m.Problem != "" {
		fmt.Fprintf(b, "    problem: %s\n", m.Problem)
	}
}

func writeAttrs(b *strings.Builder, attrs []dissect.Attr, depth int) {
	for _, a := range attrs {
		name := a.Name
		if name == "" {
			name = fmt.Sprintf("#%d", a.Type)
		}
		v := a.Value
		if v == "" && len(a.Children) == 0 && len(a.Data) > 0 {
			v = fmt.Sprintf("%x", a.Data)
		}
		line := strings.Repeat("  ", depth) + name
		if v != "" {
			line += " " + v
		}
		if a.Problem != "" {
			line += " (problem: " + a.Problem + ")"
		}
		b.WriteString(line + "\n")
		writeAttrs(b, a.Children, depth+1)
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func orHex(name string, v uint64) string {
	if name == "" {
		return fmt.Sprintf("0x%x", v)
	}
	return name
}

// jsonMessage is one message of the JSON golden form.
type jsonMessage struct {
	Record    int             `json:"record"`
	Index     int             `json:"index"`
	Family    string          `json:"family"`
	Direction string          `json:"direction"`
	Type      string          `json:"type"`
	Header    dissect.Header  `json:"header"`
	Flags     []string        `json:"flags,omitempty"`
	Genl      *dissect.Genl   `json:"genl,omitempty"`
	FixedName string          `json:"fixed_name,omitempty"`
	Fixed     []dissect.Field `json:"fixed,omitempty"`
	Attrs     []dissect.Attr  `json:"attrs,omitempty"`
	Error     *jsonError      `json:"error,omitempty"`
	Done      *dissect.Done   `json:"done,omitempty"`
	Trailing  string          `json:"trailing,omitempty"`
	Problem   string          `json:"problem,omitempty"`
}

type jsonError struct {
	Errno  int32           `json:"errno"`
	Name   string          `json:"name,omitempty"`
	ExtAck *dissect.ExtAck `json:"extack,omitempty"`
}

// JSON returns the golden JSON of records: an indented array with one
// object per message. cfg may be nil.
func JSON(recs []nlcap.Record, cfg *dissect.Config) ([]byte, error) {
	out := []jsonMessage{}
	for i, msgs := range decodeAll(recs, cfg) {
		for _, m := range msgs {
			j := jsonMessage{
				Record: i, Index: m.Index, Family: recs[i].Family.String(), Direction: m.Direction.String(),
				Type: m.TypeName, Header: m.Header, Flags: m.FlagNames, Genl: m.Genl,
				FixedName: m.FixedName, Fixed: m.Fixed, Attrs: m.Attrs, Done: m.Done, Problem: m.Problem,
			}
			if m.Error != nil {
				j.Error = &jsonError{Errno: m.Error.Errno, Name: m.Error.Name, ExtAck: m.Error.ExtAck}
			}
			if len(m.Trailing) > 0 {
				j.Trailing = fmt.Sprintf("%x", m.Trailing)
			}
			out = append(out, j)
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding json: %w", err)
	}
	return append(b, '\n'), nil
}

// Diff returns a line diff of want and got: "-" lines only in want, "+"
// lines only in got, with up to two lines of context, at most maxLines
// lines.
func Diff(want, got string, maxLines int) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// Trim the common prefix and suffix, then LCS the middle (bounded).
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var lines []string
	for i := max(0, pre-2); i < pre; i++ {
		lines = append(lines, fmt.Sprintf("  %s", a[i]))
	}
	if len(am)*len(bm) > 4_000_000 {
		for _, l := range am {
			lines = append(lines, "- "+l)
		}
		for _, l := range bm {
			lines = append(lines, "+ "+l)
		}
	} else {
		lcs := make([][]int32, len(am)+1)
		for i := range lcs {
			lcs[i] = make([]int32, len(bm)+1)
		}
		for i := len(am) - 1; i >= 0; i-- {
			for j := len(bm) - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(am) || j < len(bm) {
			switch {
			case i < len(am) && j < len(bm) && am[i] == bm[j]:
				lines = append(lines, "  "+am[i])
				i++
				j++
			case j < len(bm) && (i == len(am) || lcs[i][j+1] >= lcs[i+1][j]):
				lines = append(lines, "+ "+bm[j])
				j++
			default:
				lines = append(lines, "- "+am[i])
				i++
			}
		}
	}
	for i := len(a) - suf; i < min(len(a), len(a)-suf+2); i++ {
		lines = append(lines, "  "+a[i])
	}
	if len(lines) > maxLines {
		n := len(lines) - maxLines
		lines = append(lines[:maxLines], fmt.Sprintf("… %d more lines", n))
	}
	return strings.Join(lines, "\n")
}
