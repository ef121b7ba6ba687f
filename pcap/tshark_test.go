package pcap_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// tshark returns the path of tshark. When it is missing the test fails if
// CI or NLCAP_REQUIRE_TSHARK is set and is skipped otherwise.
func tshark(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("NLCAP_REQUIRE_TSHARK") != "" {
			t.Fatalf("tshark is required in CI: %v", err)
		}
		t.Skipf("tshark not installed (apt-get install tshark): %v", err)
	}
	return path
}

// runTshark runs tshark on file with args and returns its standard output.
func runTshark(t *testing.T, bin, file string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-n", "-o", "gui.max_tree_depth:4096", "-r", file}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir()) // no user profile
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
	}
	return string(out)
}

// tsharkProblems counts the Malformed marks and error-level expert infos
// of tshark -V output, frame by frame, leaving out a NET_DM packet alert's
// payload: the dropped packet cut to the alert's truncation length
// (genl-more.pcap: 64 bytes), which tshark dissects as Ethernet and calls
// malformed where it ends, not a fault of the file.
func tsharkProblems(verbose string, frameRE *regexp.Regexp) (malformed, errs int) {
	starts := frameRE.FindAllStringIndex(verbose, -1)
	for i, st := range starts {
		end := len(verbose)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		frame := verbose[st[0]:end]
		if strings.Contains(frame, "Linux net_dm (network drop monitor) protocol") {
			// Up to the payload attribute only: what tshark says of the
			// dropped packet is not about netlink.
			if i := strings.Index(frame, "Attribute: Payload"); i >= 0 {
				frame = frame[:i]
			}
		}
		malformed += strings.Count(frame, "Malformed")
		errs += strings.Count(frame, "[Expert Info (Error")
	}
	return malformed, errs
}

// TestTshark writes every testdata record to pcap and to pcapng and lets
// tshark, as an independent reader, check that the files are well formed:
// no malformed packet, no error-level expert info, the same frame count,
// and per frame the lengths we wrote.
func TestTshark(t *testing.T) {
	bin := tshark(t)
	var recs []nlcap.Record
	for _, name := range captures(t) {
		_, rs := readFile(t, name)
		recs = append(recs, rs...)
	}
	if len(recs) < 10 {
		t.Fatalf("only %d records in testdata", len(recs))
	}
	for i := range recs {
		recs[i].Direction = []nlcap.Direction{nlcap.DirectionToKernel, nlcap.DirectionFromKernel, nlcap.DirectionUnknown}[i%3]
		if i%4 == 0 {
			recs[i].Comment = fmt.Sprintf("comment %d", i)
		}
	}
	dir := t.TempDir()
	frameRE := regexp.MustCompile(`(?m)^Frame \d+:`)
	for _, cfg := range []pcap.WriterConfig{
		{Format: pcap.FormatPcap},
		{Format: pcap.FormatPcap, Nanosecond: true},
		{Format: pcap.FormatPcapng, Comments: []string{pcap.FormatKernelComment("6.1.0-56-amd64")}},
		{Format: pcap.FormatPcapng, Nanosecond: true},
	} {
		name := fmt.Sprintf("%v-ns%v", cfg.Format, cfg.Nanosecond)
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name+"."+cfg.Format.String())
			if err := os.WriteFile(file, writeAll(t, &cfg, recs), 0o644); err != nil {
				t.Fatal(err)
			}
			verbose := runTshark(t, bin, file, "-V")
			malformed, errs := tsharkProblems(verbose, frameRE)
			if malformed > 0 {
				t.Errorf("tshark -V shows %d Malformed", malformed)
			}
			if errs > 0 {
				t.Errorf("tshark -V shows %d error expert infos", errs)
			}
			if n := len(frameRE.FindAllString(verbose, -1)); n != len(recs) {
				t.Errorf("tshark -V shows %d frames, want %d", n, len(recs))
			}

			ng := cfg.Format == pcap.FormatPcapng
			var want strings.Builder
			for _, rec := range recs {
				ts := rec.Timestamp
				if !cfg.Nanosecond {
					ts = ts.Truncate(time.Microsecond)
				}
				fmt.Fprintf(&want, "%d\t%d\t%d.%09d", nlcap.PseudoHeaderLen+rec.OrigLen, nlcap.PseudoHeaderLen+len(rec.Data), ts.Unix(), ts.Nanosecond())
				if ng {
					flags := map[nlcap.Direction]string{nlcap.DirectionToKernel: "0x00000001", nlcap.DirectionFromKernel: "0x00000002"}
					// One comment option per line: the record's, then its
					// process (tshark joins them with ",").
					comments := []string{}
					if rec.Comment != "" {
						comments = append(comments, rec.Comment)
					}
					if rec.Process.Known() {
						comments = append(comments, pcap.FormatProcessComment(rec.Process))
					}
					fmt.Fprintf(&want, "\t%s\t%s", flags[rec.Direction], strings.Join(comments, ","))
				}
				want.WriteString("\n")
			}
			fields := []string{"-T", "fields", "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.time_epoch"}
			if ng {
				fields = append(fields, "-e", "frame.packet_flags_direction", "-e", "frame.comment")
			}
			got := runTshark(t, bin, file, fields...)
			if got != want.String() {
				t.Errorf("tshark fields differ:\n%s", lineDiff(want.String(), got))
			}
		})
	}
}

// lineDiff lists the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "want %d lines, got %d\n", len(w), len(g))
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d: -%q +%q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
