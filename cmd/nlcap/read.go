package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// readFilter is what -Q and --family keep when reading a file.
type readFilter struct {
	families  []nlcap.Family  // nil: all
	direction nlcap.Direction // DirectionUnknown: all
}

func parseReadFilter(o *options) (readFilter, error) {
	var f readFilter
	if o.families != "" {
		fams, err := nlcap.ParseFamilies(o.families)
		if err != nil {
			return f, usagef("--family: %v", err)
		}
		f.families = fams
	}
	switch strings.ToLower(o.direction) {
	case "", "inout":
	case "in":
		f.direction = nlcap.DirectionToKernel
	case "out":
		f.direction = nlcap.DirectionFromKernel
	default:
		return f, usagef("-Q %q: want in, out or inout", o.direction)
	}
	return f, nil
}

// keepFamily reports whether records of family fam are of interest at all.
func (f readFilter) keepFamily(fam nlcap.Family) bool {
	return f.families == nil || slices.Contains(f.families, fam)
}

// runRead decodes the capture o.read ("-": standard input) to stdout.
//
// A regular file is read twice, streaming both times: a first pass learns
// the generic netlink family ids from every nlctrl message in the file, so
// that messages before the lookup are named too; the second pass prints.
// Standard input (unless redirected from a regular file) is read once, and
// messages are named with what was learned so far.
//
// -c N stops after N records (as tcpdump counts packets), counting only the
// records -Q and --family keep.
func runRead(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	filt, err := parseReadFilter(o)
	if err != nil {
		return err
	}
	// Decoding allocates short-lived garbage at a high rate over a small
	// live heap (one record, the decoder's tables): collecting less often
	// is a large win, and the heap stays small whatever the input size.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	name := o.read
	var f *os.File
	if name == "-" {
		f, name = os.Stdin, "stdin"
	} else {
		if f, err = os.Open(name); err != nil {
			return err // *PathError names the file
		}
		defer f.Close()
	}
	p := newPrinter(o, stdout)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		start, err := f.Seek(0, io.SeekCurrent) // stdin may not start at 0
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := learnFile(ctx, f, p); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p.learned = true
		if _, err := f.Seek(start, io.SeekStart); err != nil {
			// Not seekable after all (a regular file on an odd
			// filesystem): the first pass consumed it.
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	r, err := pcap.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p.learnGenlComments(r.SectionComments())
	err = printRecords(ctx, r, p, o, filt)
	if ferr := p.flush(); ferr != nil && err == nil {
		err = outputError{ferr}
	}
	var oe outputError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &oe):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: truncated dump file: %w", name, err)
	case errors.Is(err, context.Canceled):
		return nil // SIGINT: what was printed stands, like tcpdump
	}
	return fmt.Errorf("%s: %w", name, err)
}

// An outputError is a failure to write the decoded output (not the
// capture's fault, so not prefixed with its name).
type outputError struct{ err error }

func (e outputError) Error() string { return "writing output: " + e.err.Error() }
func (e outputError) Unwrap() error { return e.err }

// learnFile is the first pass: it feeds every record to p.learn. Errors
// inside the file are left for the second pass to report where they are;
// only a file that cannot be opened as a capture fails here.
func learnFile(ctx context.Context, f io.Reader, p *printer) error {
	r, err := pcap.NewReader(f)
	if err != nil {
		return err
	}
	p.learnGenlComments(r.SectionComments())
	var rec nlcap.Record
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil
		}
		err := r.ReadRecordInto(&rec)
		var re *pcap.RecordError
		switch {
		case err == nil:
			p.learn(rec)
		case errors.As(err, &re):
		default:
			return nil
		}
	}
}

// printRecords is the printing pass.
func printRecords(ctx context.Context, r *pcap.Reader, p *printer, o *options, filt readFilter) error {
	var (
		rec   nlcap.Record
		kept  int
		index int
	)
	for ; ; index++ {
		if index&255 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := r.ReadRecordInto(&rec)
		var re *pcap.RecordError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &re):
			if err := p.malformed(rec, strings.TrimPrefix(re.Err.Error(), "pcap: ")); err != nil {
				return outputError{err}
			}
			kept++
		case err != nil:
			return err
		default:
			// Single pass (stdin): learn as we go. After a first pass
			// there is nothing left to learn.
			if !p.learned {
				p.learn(rec)
			}
			if !filt.keepFamily(rec.Family) {
				p.n++
				continue
			}
			if filt.direction != nlcap.DirectionUnknown && rec.Direction != filt.direction {
				// Decoded anyway: requests tell answers from notifications.
				p.skip(rec)
				continue
			}
			if err := p.print(rec); err != nil {
				return outputError{err}
			}
			kept++
		}
		if o.buffered {
			if err := p.flush(); err != nil {
				return outputError{err}
			}
		}
		if o.count > 0 && kept >= o.count {
			return nil
		}
	}
}
