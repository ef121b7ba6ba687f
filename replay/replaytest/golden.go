package replaytest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
)

var update = flag.Bool("update", false, "replaytest: rewrite golden files with the current output")

// GoldenOptions tunes [CheckGoldenWith]. A nil *GoldenOptions gives the
// defaults.
type GoldenOptions struct {
	// Update rewrites the golden file (as -update does).
	Update bool
	// JSON writes JSON lines (nlcap -r --json) instead of text. By
	// default JSON is used when the golden file name ends in ".json".
	JSON bool
	// Numeric prints values and header fields as numbers (nlcap -r -n).
	Numeric bool
	// MaxDiffLines bounds the diff printed on a mismatch; 0 means 80.
	MaxDiffLines int
}

// CheckGolden decodes the capture at capturePath and compares what
// `TZ=UTC nlcap -r -vv` prints of it (`nlcap -r --json` when goldenPath
// ends in ".json") with the golden file; on a difference the test fails
// with a line diff. With -update it writes the golden file instead.
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
	got, err := decodeFile(capturePath, &render.Config{Verbose: 2, Numeric: o.Numeric, JSON: o.JSON})
	if err != nil {
		t.Fatalf("replaytest: %v", err)
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

// decodeFile prints the capture at path as nlcap -r does with cfg (its
// Location nil: UTC): a first pass learns the generic netlink families of
// the whole file (nlctrl messages, nlcap's pcapng section comment), the
// second prints every record, and a marker for a record the reader could
// not read.
func decodeFile(path string, cfg *render.Config) ([]byte, error) {
	var recs []nlcap.Record
	var bad []string // why each record is malformed, "" for a good one
	var comments []string
	err := readFile(path, func(r *pcap.Reader) error {
		comments = r.SectionComments()
		for {
			var rec nlcap.Record
			err := r.ReadRecordInto(&rec)
			var re *pcap.RecordError
			switch {
			case errors.Is(err, io.EOF):
				return nil
			case errors.As(err, &re):
				recs = append(recs, rec)
				bad = append(bad, strings.TrimPrefix(re.Err.Error(), "pcap: "))
			case err != nil:
				return fmt.Errorf("record %d: %w", len(recs)+1, err)
			default:
				recs = append(recs, rec)
				bad = append(bad, "")
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return decodeRecords(recs, bad, comments, cfg), nil
}

// newPrinter returns the decoder and printer of cfg (nil: -vv), in UTC
// unless cfg says otherwise.
func newPrinter(cfg *render.Config) (*dissect.Decoder, *render.Printer) {
	c := render.Config{Verbose: 2}
	if cfg != nil {
		c = *cfg
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	return dissect.NewDecoder(c.DecoderConfig()), render.New(&c)
}

// readFile opens the capture at path and calls fn with its reader.
func readFile(path string, fn func(r *pcap.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := fn(r); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// ReadRecords reads every record of a pcap or pcapng capture file.
func ReadRecords(path string) ([]nlcap.Record, error) {
	var recs []nlcap.Record
	err := readFile(path, func(r *pcap.Reader) error {
		for {
			rec, err := r.ReadRecord()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("record %d: %w", len(recs), err)
			}
			recs = append(recs, rec)
		}
	})
	return recs, err
}

// ReadScript reads a capture file into a [replay.Script].
func ReadScript(path string) (*replay.Script, error) {
	var s *replay.Script
	err := readFile(path, func(r *pcap.Reader) (err error) {
		s, err = replay.ReadScript(r)
		return err
	})
	return s, err
}

// Text returns the golden text of records: what `TZ=UTC nlcap -r -vv`
// prints of a file holding them (cfg nil), or with cfg's options (its
// Location nil: UTC).
func Text(recs []nlcap.Record, cfg *render.Config) string {
	return string(decodeRecords(recs, nil, nil, cfg))
}

// JSON returns the golden JSON of records: what `nlcap -r --json` prints
// of a file holding them, one object per line (docs/json.md). cfg may be
// nil; its JSON switch is set.
func JSON(recs []nlcap.Record, cfg *render.Config) ([]byte, error) {
	c := render.Config{Verbose: 2}
	if cfg != nil {
		c = *cfg
	}
	c.JSON = true
	return decodeRecords(recs, nil, nil, &c), nil
}

// decodeRecords prints recs as nlcap -r does with cfg, after a learning
// pass, so that genl family names are known before their lookup. bad (nil,
// or one entry per record) says why a record is malformed ("" for a good
// one); comments are the capture's section comments.
func decodeRecords(recs []nlcap.Record, bad, comments []string, cfg *render.Config) []byte {
	d, p := newPrinter(cfg)
	for _, c := range comments {
		if fams, ok := pcap.ParseGenlFamiliesComment(c); ok {
			d.LearnGenlFamilies(fams)
		}
	}
	isBad := func(i int) bool { return bad != nil && bad[i] != "" }
	for i, rec := range recs {
		if !isBad(i) {
			d.Learn(rec)
		}
	}
	var out []byte
	for i, rec := range recs {
		p.SetProcess(rec.Process) // a traced record's process, as nlcap -r shows it
		if isBad(i) {
			out = p.AppendMalformed(out, rec, bad[i], i)
			continue
		}
		p.SetProcess(rec.Process) // a traced record's process, as nlcap -r shows it
		for _, m := range d.Decode(rec, i) {
			out = p.AppendMessage(out, &m)
		}
	}
	return out
}

// Diff returns a line diff of want and got: "-" lines only in want, "+"
// lines only in got, with up to two lines of context, at most maxLines
// lines (render.Diff).
func Diff(want, got string, maxLines int) string {
	return strings.TrimSuffix(render.Diff(strings.Split(want, "\n"), strings.Split(got, "\n"), 2, maxLines), "\n")
}
