package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

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

// keep reports whether -Q and --family keep rec.
func (f readFilter) keep(rec *nlcap.Record) bool {
	return f.keepFamily(rec.Family) && (f.direction == nlcap.DirectionUnknown || rec.Direction == f.direction)
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
	if startCPUProfile != nil {
		defer startCPUProfile(stderr)()
	}
	// Decoding allocates short-lived garbage at a high rate over a small
	// live heap (one record, the decoder's tables): collecting less often
	// is a large win, and the heap stays small whatever the input size.
	// That heap must not become five times a huge record: a soft memory
	// limit, raised with the largest record seen (noteRecord), makes the
	// collector run sooner then. Set once per process: each call stops
	// the world, and FuzzRead runs nlcap -r thousands of times a second.
	tuneGC.Do(func() {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(memoryLimitBase)
	})
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
	fi, err := f.Stat()
	regular := err == nil && fi.Mode().IsRegular()
	if regular {
		o.inputSize = fi.Size()
	}
	p := newPrinter(o, stdout)
	if regular {
		start, err := f.Seek(0, io.SeekCurrent) // stdin may not start at 0
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if !learnPcap(ctx, f, p) {
			// Not classic pcap (pcapng): the general reader.
			if _, err := f.Seek(start, io.SeekStart); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if err := learnFile(ctx, f, p); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		p.learned = true
		p.d.Settle() // the second pass starts again at the first record
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
	if n := parallelWorkers(o); p.learned && n > 0 {
		// A regular file: the first pass learned it all (see
		// read_parallel.go).
		err = printRecordsParallel(ctx, r, p, o, filt, n)
	} else {
		err = printRecords(ctx, r, p, o, filt)
	}
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

// The soft memory limit of nlcap -r is memoryLimitBase plus
// memoryLimitPerByte times the largest record seen: the reader, the record
// and a chunk's copy hold it about three times (BenchmarkScale,
// bench/scale.sh).
const (
	memoryLimitBase    = 128 << 20
	memoryLimitPerByte = 3
)

var (
	tuneGC sync.Once
	// largestRecord is the largest record length noteRecord saw.
	largestRecord int
)

// noteRecord raises the soft memory limit for a record of n bytes larger
// than any before it.
func noteRecord(n int) {
	if n > largestRecord {
		largestRecord = n
		debug.SetMemoryLimit(memoryLimitBase + memoryLimitPerByte*int64(n))
	}
}

// An outputError is a failure to write the decoded output (not the
// capture's fault, so not prefixed with its name).
type outputError struct{ err error }

func (e outputError) Error() string { return "writing output: " + e.err.Error() }
func (e outputError) Unwrap() error { return e.err }

// learnFile is the first pass: it feeds every record to p.learn. Errors
// inside the file are left for the second pass to report where they are;
// only a file that cannot be opened as a capture fails here. runRead uses
// it for pcapng files; classic pcap files take learnPcap.
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
		if err == nil {
			noteRecord(len(rec.Data))
			p.learn(rec)
			continue
		}
		if _, ok := recordError(err); !ok {
			return nil
		}
	}
}

// learnBlockSize is the read size of learnPcap (a variable for tests).
var learnBlockSize = 1 << 20

// learnPcap is learnFile for a classic pcap file, the format nlcap -w
// writes: it hands p.learn the records that pcap.Reader would return, read
// in place from large blocks (the first pass only learns: it needs no
// timestamps, directions or copies). It returns false, having read some of
// f, when f is not classic LINKTYPE_NETLINK pcap: learnFile then reads it
// again. Errors inside the file, read errors too, are left for the second
// pass, as in learnFile.
//
// It is a second reader of classic pcap records, kept for its speed
// (TestLearnPcapMatchesReader holds it to pcap.Reader's records); a file
// larger than one block is read ahead (learnBlocks). Measured 2026-12-04
// on 2 CPUs: BenchmarkLearn (about 270,000 messages) 23.6-25.0 ms in
// place against 29.6-31.5 ms through pcap.Reader (19.1-20.9 ms read
// ahead, a later run on a busier machine); a whole one-line nlcap -r of
// bench/read.sh's 1,000,000-message file 0.59 s against 0.63 s (best of
// eight). An earlier measurement on a 68,000-message file alone (4.3-6.9
// ms against 5.8-6.4 ms) had it removed; the larger file showed that the
// pass, which no other work overlaps, is a tenth of the whole read.
func learnPcap(ctx context.Context, f io.Reader, p *printer) bool {
	const (
		fileHeaderLen   = 24
		recordHeaderLen = 16
	)
	size := learnBlockSize
	if n := p.o.inputSize; n > 0 && n < int64(size) {
		size = int(n) // a short file (FuzzRead's) gets a short buffer
	}
	buf := make([]byte, max(size, fileHeaderLen))
	n, _ := io.ReadFull(f, buf[:fileHeaderLen])
	if n < fileHeaderLen {
		return false
	}
	var order binary.ByteOrder
	switch magic := binary.LittleEndian.Uint32(buf); {
	case magic == 0xa1b2c3d4 || magic == 0xa1b23c4d:
		order = binary.LittleEndian
	case bits.ReverseBytes32(magic) == 0xa1b2c3d4 || bits.ReverseBytes32(magic) == 0xa1b23c4d:
		order = binary.BigEndian
	default:
		return false
	}
	if order.Uint16(buf[4:]) != 2 || order.Uint32(buf[20:])&0xffff != nlcap.LinkTypeNetlink {
		return false
	}
	blocks := newLearnBlocks(f, buf, p.o.inputSize > int64(size))
	defer blocks.close()
	for i := 0; ; i++ {
		if i&1023 == 0 && ctx.Err() != nil {
			return true
		}
		hdr, ok := blocks.take(recordHeaderLen)
		if !ok {
			return true
		}
		capLen := order.Uint32(hdr[8:])
		if capLen > pcap.MaxRecordLen {
			return true // the second pass reports it
		}
		data, ok := blocks.take(int(capLen))
		if !ok {
			return true
		}
		var h nlcap.PseudoHeader
		if len(data) < nlcap.PseudoHeaderLen || h.UnmarshalBinary(data) != nil || h.Check() != nil {
			continue // a malformed record: pcap.Reader skips it too
		}
		noteRecord(len(data) - nlcap.PseudoHeaderLen)
		p.learn(nlcap.Record{Family: h.Family, ByteOrder: order, Data: data[nlcap.PseudoHeaderLen:]})
	}
}

// learnBlocks hands learnPcap a file in blocks, read ahead on a goroutine
// when the file is larger than one block: the reads (a third of the pass,
// which no other work overlaps) then run on a second CPU while the pass
// parses the block before. BenchmarkLearn, 2 CPUs, 2026-12-04 (machine
// busy): in place 25.7-25.9 ms, read ahead 19.1-20.9 ms.
type learnBlocks struct {
	f     io.Reader
	cur   []byte // the block in use; cur[r:] is not taken yet
	r     int
	carry []byte // a record across blocks, copied whole
	spare []byte // the block of the reads in the caller (no read-ahead)
	eof   bool
	ahead bool
	full  chan learnBlock // blocks read ahead, in file order
	free  chan []byte     // blocks taken and given back
	stop  chan struct{}   // closed by close: the goroutine returns
	done  chan struct{}   // closed by the goroutine when it has returned
}

// A learnBlock is what the read-ahead goroutine read into one block; more
// is false for the last.
type learnBlock struct {
	b    []byte
	more bool
}

// learnAhead is how many blocks the read-ahead goroutine fills at most
// before the pass takes them.
const learnAhead = 2

// newLearnBlocks returns blocks of f of len(buf) bytes (buf is the first),
// read ahead if ahead.
func newLearnBlocks(f io.Reader, buf []byte, ahead bool) *learnBlocks {
	l := &learnBlocks{f: f, spare: buf, ahead: ahead}
	if !ahead {
		return l
	}
	l.full = make(chan learnBlock, learnAhead)
	l.free = make(chan []byte, learnAhead+1)
	l.stop, l.done = make(chan struct{}), make(chan struct{})
	l.free <- buf
	for range learnAhead {
		l.free <- make([]byte, len(buf))
	}
	go l.readAhead()
	return l
}

// readAhead fills the blocks given back, in order, until the end of f.
func (l *learnBlocks) readAhead() {
	defer close(l.done)
	for {
		var b []byte
		select {
		case b = <-l.free:
		case <-l.stop:
			return
		}
		n, more := readBlock(l.f, b)
		select {
		case l.full <- learnBlock{b[:n], more}:
		case <-l.stop:
			return
		}
		if !more {
			return
		}
	}
}

// readBlock fills b from f; more is false at the end of f. A read error
// ends the pass as the end of the file does (the second pass reports it);
// so do 100 reads in a row that return nothing (io.ErrNoProgress).
func readBlock(f io.Reader, b []byte) (n int, more bool) {
	for empty := 0; n < len(b); {
		k, err := f.Read(b[n:])
		n += k
		switch {
		case err != nil:
			return n, false
		case k == 0:
			if empty++; empty > 100 {
				return n, false
			}
		default:
			empty = 0
		}
	}
	return n, true
}

// next returns the next block of the file, or false at its end.
func (l *learnBlocks) next() ([]byte, bool) {
	if l.eof {
		return nil, false
	}
	if !l.ahead {
		n, more := readBlock(l.f, l.spare)
		l.eof = !more
		return l.spare[:n], n > 0
	}
	blk := <-l.full
	l.eof = !blk.more
	return blk.b, true
}

// release gives a block back to the read-ahead goroutine.
func (l *learnBlocks) release(b []byte) {
	if l.ahead && b != nil {
		l.free <- b[:cap(b)] // never blocks: there are as many blocks as room
	}
}

// take returns the next n bytes of the file, contiguous (valid until the
// next take), or false when the file ends before. A record across blocks
// is copied, and its claimed length allocated only as its data comes.
func (l *learnBlocks) take(n int) ([]byte, bool) {
	if len(l.cur)-l.r >= n {
		s := l.cur[l.r : l.r+n]
		l.r += n
		return s, true
	}
	l.carry = append(l.carry[:0], l.cur[l.r:]...)
	for len(l.carry) < n {
		l.release(l.cur)
		l.cur, l.r = nil, 0
		b, ok := l.next()
		if !ok {
			return nil, false
		}
		k := min(n-len(l.carry), len(b))
		l.carry = append(l.carry, b[:k]...)
		l.cur, l.r = b, k
	}
	return l.carry, true
}

// close stops the read-ahead goroutine and waits for it: the second pass
// reads f from its start.
func (l *learnBlocks) close() {
	if l.ahead {
		close(l.stop)
		<-l.done
	}
}

// recordError returns err as a *pcap.RecordError (a record the reader
// could not make a record of; the file goes on). In a function of its own:
// errors.As makes its target escape, an allocation per call.
func recordError(err error) (*pcap.RecordError, bool) {
	if err == nil || err == io.EOF {
		return nil, false
	}
	var re *pcap.RecordError
	ok := errors.As(err, &re)
	return re, ok
}

// eachRecord reads r's records in order for a printing pass and applies
// what -Q, --family and -c keep: fn gets every record to decode, with its
// index in the file, skip set when -Q leaves it out of the output (the
// decoder must still see it: requests tell answers from notifications),
// and why set, instead, for a record the reader could not make a record of
// (rec then holds its timestamp and raw bytes). Records of a family
// --family leaves out are counted, not decoded. -c counts the records
// printed, markers included, as tcpdump counts packets. A single pass (p
// has not learned the file) learns from every record first.
func eachRecord(ctx context.Context, r *pcap.Reader, p *printer, o *options, filt readFilter,
	fn func(rec *nlcap.Record, index int, skip bool, why string) error) error {
	var (
		rec  nlcap.Record
		kept int
	)
	for i := 0; ; i++ {
		if i&255 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := r.ReadRecordInto(&rec)
		idx := p.n
		switch re, isRE := recordError(err); {
		case err == nil:
			noteRecord(len(rec.Data))
			if !p.learned {
				p.learn(rec)
			}
			p.n++
			if !filt.keepFamily(rec.Family) {
				continue
			}
			skip := filt.direction != nlcap.DirectionUnknown && rec.Direction != filt.direction
			if err := fn(&rec, idx, skip, ""); err != nil {
				return err
			}
			if skip {
				continue
			}
		case err == io.EOF:
			return nil
		case isRE:
			p.n++
			if err := fn(&rec, idx, false, strings.TrimPrefix(re.Err.Error(), "pcap: ")); err != nil {
				return err
			}
		default:
			return err
		}
		if kept++; o.count > 0 && kept >= o.count {
			return nil
		}
	}
}

// partBytes is about the most bytes of a record decoded at once (a
// variable for tests): a larger record is decoded and printed a part at a
// time, so that memory stays bounded by the part, not the record (one
// 64 MiB record of 16-byte messages took 4.5 GB whole, 8.7 GB with --json).
var partBytes = 256 << 10

// A recordPart is a run of whole messages of a record: its Data[from:to],
// the first of them being message first of the record.
type recordPart struct{ from, to, first int }

// splitRecord appends the parts of data to parts: data whole when it is no
// longer than partBytes, else runs of messages of about partBytes, cut
// where a message ends; the last part runs to the end of data (a bad
// length, a tail included), as the decoder reads it.
func splitRecord(parts []recordPart, data []byte, order binary.ByteOrder) []recordPart {
	if len(data) <= partBytes {
		return append(parts, recordPart{0, len(data), 0})
	}
	from, first, n := 0, 0, 0
	for off := 0; ; n++ {
		_, next, err := nlcap.NextMessage(data, off, order)
		if err != nil || next < 0 {
			break
		}
		off = next
		if off-from >= partBytes && off < len(data) {
			parts = append(parts, recordPart{from, off, first})
			from, first = off, n+1
		}
	}
	return append(parts, recordPart{from, len(data), first})
}

// printRecords is the printing pass on one CPU.
func printRecords(ctx context.Context, r *pcap.Reader, p *printer, o *options, filt readFilter) error {
	var parts []recordPart
	return eachRecord(ctx, r, p, o, filt, func(rec *nlcap.Record, idx int, skip bool, why string) error {
		switch {
		case skip:
			p.d.Track(*rec)
			return nil
		case why != "":
			p.buf = p.appendMalformed(p.buf[:0], *rec, why, idx)
		default:
			parts = splitRecord(parts[:0], rec.Data, rec.Order())
			part := *rec
			for i, pt := range parts {
				part.Data = rec.Data[pt.from:pt.to]
				p.buf = p.appendPart(p.buf[:0], part, idx, pt.from, pt.first)
				if i == len(parts)-1 {
					break // written below
				}
				if _, err := p.w.Write(p.buf); err != nil {
					return outputError{err}
				}
			}
		}
		if _, err := p.w.Write(p.buf); err != nil {
			return outputError{err}
		}
		if o.buffered {
			if err := p.flush(); err != nil {
				return outputError{err}
			}
		}
		return nil
	})
}
