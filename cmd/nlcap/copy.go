package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// runCopy is `nlcap -r IN -w OUT`, tcpdump's way of cutting a capture: the
// records of IN that -Q, --family and -c keep are written to OUT ("-":
// standard output) unchanged, or with --redact with the payloads of secret
// attributes zeroed (a regular IN is read once more first, to learn the
// generic netlink ids of its nlctrl messages). OUT is pcapng with --pcapng or a name ending
// in .pcapng (IN's section comments, such as the genl id map, are kept),
// classic pcap otherwise, with IN's snapshot length and time resolution.
// Records the reader finds malformed are counted on stderr, not copied.
func runCopy(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	filt, err := parseReadFilter(o)
	if err != nil {
		return err
	}
	if o.read != "-" && o.write != "-" {
		// Creating OUT truncates it: never when it is IN.
		if in, err := os.Stat(o.read); err == nil {
			if out, err := os.Stat(o.write); err == nil && os.SameFile(in, out) {
				return usagef("-r %s and -w %s are the same file", o.read, o.write)
			}
		}
	}
	r, closer, err := pcap.Open(o.read)
	if err != nil {
		return err // names the file
	}
	defer closer.Close()
	name := o.read
	if name == "-" {
		name = "stdin"
	}

	var out io.WriteCloser = nopWriteCloser{stdout}
	if o.write != "-" {
		if out, err = createFile(o.write); err != nil {
			return err
		}
	}
	red := newRedactor(o, nil)
	if red != nil {
		red.learnComments(r.SectionComments())
		if o.read != "-" {
			if err := red.learnFile(ctx, o.read); err != nil {
				return err
			}
		}
	}
	cfg := &pcap.WriterConfig{SnapLen: r.SnapLen(), Nanosecond: r.Nanosecond()}
	if o.wantPcapng() {
		cfg.Format = pcap.FormatPcapng
		cfg.Comments = r.SectionComments()
	}
	w, err := pcap.NewWriter(out, cfg)
	if err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", o.write, err)
	}

	var (
		rec               nlcap.Record
		copied, malformed int
		rerr, werr        error // reading IN, writing OUT
	)
	for i := 0; ; i++ {
		if i&255 == 0 && ctx.Err() != nil {
			break // SIGINT: what was copied stands, the file stays valid
		}
		err := r.ReadRecordInto(&rec)
		if err == io.EOF {
			break
		}
		if _, ok := recordError(err); ok {
			malformed++
			continue
		}
		if err != nil {
			rerr = err
			break
		}
		if !filt.keep(&rec) {
			if red != nil {
				red.r.Learn(rec)
			}
			continue
		}
		out := &rec
		if red != nil {
			out = red.apply(out)
		}
		if werr = w.WriteRecordPtr(out); werr != nil {
			break
		}
		copied++
		if o.buffered {
			if werr = w.Flush(); werr != nil {
				break
			}
		}
		if o.count > 0 && copied >= o.count {
			break
		}
	}
	if werr == nil {
		werr = w.Flush()
	}
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "%d records copied", copied)
		if malformed > 0 {
			fmt.Fprintf(stderr, ", %d malformed records not copied", malformed)
		}
		if red != nil {
			fmt.Fprintf(stderr, ", %d secret bytes zeroed", red.zeroed)
		}
		fmt.Fprintln(stderr)
	}
	if werr != nil {
		werr = fmt.Errorf("%s: %w", o.write, werr)
	}
	switch {
	case rerr != nil && errors.Is(rerr, io.ErrUnexpectedEOF):
		rerr = fmt.Errorf("%s: truncated dump file: %w", name, rerr)
	case rerr != nil:
		rerr = fmt.Errorf("%s: %w", name, rerr)
	}
	return errors.Join(rerr, werr)
}

// wantPcapng reports whether -w writes pcapng: --pcapng, or (like
// Wireshark's "Save As") a file name ending in .pcapng; strftime patterns in
// the name do not touch the extension.
func (o *options) wantPcapng() bool {
	return o.pcapng || strings.HasSuffix(strings.ToLower(o.write), ".pcapng")
}
