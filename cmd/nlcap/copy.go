package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// runCopy is `nlcap -r IN -w OUT`, tcpdump's way of cutting a capture: the
// records of IN that -Q, --family and -c keep are written to OUT ("-":
// standard output) unchanged. OUT is pcapng with --pcapng or a name ending
// in .pcapng (IN's section comments, such as the genl id map, are kept),
// classic pcap otherwise, with IN's snapshot length and time resolution.
// -C and -W rotate OUT as a capture does (tcpdump -r IN -w OUT -C 1 -W 3).
//
// Nothing copied is lost and nothing is cut:
//   - a record longer than IN's snapshot length is copied whole (as
//     tcpdump's pcap_dump does); only an explicit -s cuts records;
//   - a record the output format cannot hold (a timestamp out of its range,
//     a pcapng section of the other byte order) is skipped and counted on
//     stderr, with the first reason; the copy goes on;
//   - a write error (a full disk) stops the copy: what was written before
//     is flushed, a partial last record is cut off (trimPartial), and nlcap
//     exits 1 saying how many whole records OUT holds; it never says
//     "records copied" then.
//
// Records the reader finds malformed are counted on stderr, not copied.
func runCopy(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	filt, err := parseReadFilter(o)
	if err != nil {
		return err
	}
	// Creating OUT truncates it: never when it is IN (standard input
	// redirected from it included).
	if sameFile(o.read, o.write) {
		return usagef("-r %s and -w %s are the same file", o.read, o.write)
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
	rot, err := startCopyOutput(r, o, stdout)
	if err != nil {
		return err
	}
	st, rerr, werr := copyRecords(ctx, r, rot, o, filt)
	if cerr := rot.closeFile(); werr == nil {
		werr = cerr
	}
	switch {
	case werr != nil && o.write != "-":
		kept, terr := trimPartial(rot.current)
		if terr != nil {
			werr = errors.Join(werr, fmt.Errorf("cutting the partial record off %s: %w", rot.current, terr))
		}
		werr = fmt.Errorf("%w (copy stopped: %s holds %s, whole)", werr, rot.current, plural(kept, "record"))
	case werr != nil:
		werr = fmt.Errorf("%w (copy stopped)", werr)
	case !o.quiet:
		st.print(stderr)
	}
	switch {
	case rerr != nil && errors.Is(rerr, io.ErrUnexpectedEOF):
		rerr = fmt.Errorf("%s: truncated dump file: %w", name, rerr)
	case rerr != nil:
		rerr = fmt.Errorf("%s: %w", name, rerr)
	}
	return errors.Join(rerr, werr)
}

// startCopyOutput opens the first output file of a copy (with its file
// header already written, so that OUT is valid from the start).
func startCopyOutput(r *pcap.Reader, o *options, stdout io.Writer) (*rotator, error) {
	co, err := parseCaptureOptions(o)
	if err != nil {
		return nil, err
	}
	cfg := &pcap.WriterConfig{SnapLen: r.SnapLen(), Nanosecond: r.Nanosecond(), NoTruncate: true}
	if cfg.SnapLen < nlcap.PseudoHeaderLen || cfg.SnapLen > pcap.MaxRecordLen {
		cfg.SnapLen = 0 // none (pcapng without an interface yet) or bogus: the default
	}
	if o.snaplenSet {
		cfg.SnapLen, cfg.NoTruncate = co.snapLen, false
	}
	if o.wantPcapng() {
		cfg.Format = pcap.FormatPcapng
		cfg.Comments = r.SectionComments()
	}
	rot := &rotator{
		base: o.write, limit: co.fileSize, maxFiles: co.maxFiles, buffered: o.buffered,
		create: createFile, now: time.Now,
		newSink: func(w io.Writer) (recordSink, error) { return pcap.NewWriter(w, cfg) },
	}
	if o.write == "-" {
		rot.create = func(string) (io.WriteCloser, error) { return nopWriteCloser{stdout}, nil }
	}
	if err := rot.start(); err != nil {
		return nil, err
	}
	return rot, nil
}

// copyStats counts what a copy did.
type copyStats struct {
	copied, malformed, refused int
	firstRefused               error // with its record number
}

// print writes the copy's closing line, as tcpdump prints its counts.
func (st *copyStats) print(stderr io.Writer) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s copied", plural(st.copied, "record"))
	if st.malformed > 0 {
		fmt.Fprintf(&b, ", %d malformed records not copied", st.malformed)
	}
	if st.refused > 0 {
		fmt.Fprintf(&b, ", %d records the output cannot hold not copied (first: %v)", st.refused, st.firstRefused)
	}
	fmt.Fprintln(stderr, b.String())
}

// copyRecords is the copy loop; rerr is a fatal error reading IN, werr
// one writing OUT.
func copyRecords(ctx context.Context, r *pcap.Reader, rot *rotator, o *options, filt readFilter) (st copyStats, rerr, werr error) {
	var rec nlcap.Record
	for i := 1; ; i++ { // i: the record's 1-based number in IN
		if i&255 == 0 && ctx.Err() != nil {
			return st, nil, nil // SIGINT: what was copied stands, the file stays valid
		}
		err := r.ReadRecordInto(&rec)
		if err == io.EOF {
			return st, nil, nil
		}
		if _, ok := recordError(err); ok {
			st.malformed++
			continue
		}
		if err != nil {
			return st, err, nil
		}
		if !filt.keep(&rec) {
			continue
		}
		if err := rot.WriteRecord(&rec); err != nil {
			if !errors.Is(err, pcap.ErrRecordRefused) {
				return st, nil, err
			}
			if st.refused++; st.firstRefused == nil {
				st.firstRefused = fmt.Errorf("record %d: %w", i, err)
			}
			continue
		}
		st.copied++
		if o.count > 0 && st.copied >= o.count {
			return st, nil, nil
		}
	}
}

// plural returns "1 record", "2 records".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// wantPcapng reports whether -w writes pcapng: --pcapng, or (like
// Wireshark's "Save As") a file name ending in .pcapng; strftime patterns in
// the name do not touch the extension.
func (o *options) wantPcapng() bool {
	return o.pcapng || strings.HasSuffix(strings.ToLower(o.write), ".pcapng")
}

// trimPartial cuts the capture file name after its last whole record, so
// that a copy stopped by a write error (a full disk, a file size limit)
// that left half a record leaves a file every reader takes whole, and
// returns the number of records it holds. A file shorter than its header,
// or not a regular file, is left alone.
func trimPartial(name string) (int, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return 0, err
	}
	r, err := pcap.NewReader(f)
	if err != nil {
		return 0, nil
	}
	var rec nlcap.Record
	end, n := r.Offset(), 0
	for {
		err := r.ReadRecordInto(&rec)
		if _, ok := recordError(err); err == nil || ok {
			end, n = r.Offset(), n+1
			continue
		}
		if err == io.EOF {
			return n, nil
		}
		return n, f.Truncate(end)
	}
}
