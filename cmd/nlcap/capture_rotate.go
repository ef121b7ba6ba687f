package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nlcap/nlcap"
)

// A recordSink is an open capture file: pcap.Writer in production, a fake in
// tests.
type recordSink interface {
	WriteRecordPtr(*nlcap.Record) error
	Flush() error
	WriteStats(received, dropped uint64) error
	// Written returns the bytes written so far, buffered ones included.
	Written() int64
}

// errRotationDone stops a capture when -G with -W has written its last file
// (tcpdump exits 0 then).
var errRotationDone = errors.New("rotation file limit reached")

// A rotator writes records to one file or to a series of files rotated by
// size (-C), time (-G) and count (-W), named the way tcpdump names them.
type rotator struct {
	base     string        // -w argument, a strftime pattern with -G
	limit    int64         // -C in bytes, 0: none
	interval time.Duration // -G, 0: none
	maxFiles int           // -W, 0: none
	buffered bool          // -U: flush after each record
	redact   *redactor     // --redact, nil without

	create  func(name string) (io.WriteCloser, error)
	newSink func(w io.Writer) (recordSink, error)
	now     func() time.Time

	f       io.WriteCloser
	sink    recordSink
	opened  time.Time // when the current -G period started
	seq     int       // -C counter within the current name
	files   int       // files opened so far
	names   []string  // every file name opened, in order
	current string
}

// wflagChars is tcpdump's getWflagChars: the digits needed for -W files
// (0 .. W-1).
func wflagChars(w int) int {
	c := 0
	for x := w - 1; x > 0; x /= 10 {
		c++
	}
	return c
}

// makeFilename is tcpdump's MakeFilename: the name unchanged for the first
// file without -W, else the name followed by the counter padded to
// wflagChars(W) digits.
func makeFilename(name string, cnt, maxChars int) string {
	if cnt == 0 && maxChars == 0 {
		return name
	}
	return fmt.Sprintf("%s%0*d", name, maxChars, cnt)
}

func (r *rotator) fileName(t time.Time) string {
	name := r.base
	if r.interval > 0 {
		name = strftime(name, t)
	}
	if r.limit > 0 || (r.maxFiles > 0 && r.interval == 0) {
		return makeFilename(name, r.seq, wflagChars(r.maxFiles))
	}
	return name
}

// open closes the current file and opens the next one.
func (r *rotator) open(t time.Time) error {
	if err := r.closeFile(); err != nil {
		return err
	}
	name := r.fileName(t)
	f, err := r.create(name)
	if err != nil {
		return err
	}
	r.f = f
	s, err := r.newSink(f)
	if err != nil {
		f.Close()
		r.f = nil
		return fmt.Errorf("%s: %w", name, err)
	}
	r.sink, r.current = s, name
	r.files++
	r.names = append(r.names, name)
	// Write the file header now: the file is valid from the start, and an
	// unwritable output (a full disk) fails before the capture begins.
	if err := s.Flush(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (r *rotator) closeFile() error {
	if r.f == nil {
		return nil
	}
	err := r.sink.Flush()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	r.f, r.sink = nil, nil
	if err != nil {
		return fmt.Errorf("close %s: %w", r.current, err)
	}
	return nil
}

// start opens the first file.
func (r *rotator) start() error {
	t := r.now()
	r.opened = t
	return r.open(t)
}

// WriteRecord rotates when -G's period has passed or -C's size was exceeded,
// then writes rec.
func (r *rotator) WriteRecord(rec *nlcap.Record) error {
	if r.f == nil {
		return errors.New("capture file is closed")
	}
	if r.interval > 0 {
		if t := r.now(); t.Sub(r.opened) >= r.interval {
			if r.maxFiles > 0 && r.files >= r.maxFiles {
				return errRotationDone
			}
			r.opened = t
			r.seq = 0
			if err := r.open(t); err != nil {
				return err
			}
		}
	}
	// tcpdump rotates before writing a record once the file is larger than
	// -C; the Writer counts what it buffered, so nothing is flushed here.
	if r.limit > 0 {
		if r.sink.Written() > r.limit {
			r.seq++
			if r.maxFiles > 0 && r.seq >= r.maxFiles {
				r.seq = 0 // ring: overwrite the oldest file
			}
			if err := r.open(r.opened); err != nil {
				return err
			}
		}
	}
	if r.redact != nil {
		rec = r.redact.apply(rec)
	}
	if err := r.sink.WriteRecordPtr(rec); err != nil {
		return fmt.Errorf("%s: %w", r.current, err)
	}
	if r.buffered {
		if err := r.sink.Flush(); err != nil {
			return fmt.Errorf("%s: %w", r.current, err)
		}
	}
	return nil
}

// Flush writes what the current file's Writer buffered.
func (r *rotator) Flush() error {
	if r.sink == nil {
		return nil
	}
	if err := r.sink.Flush(); err != nil {
		return fmt.Errorf("%s: %w", r.current, err)
	}
	return nil
}

// Close writes the statistics into the current file (pcapng only) and closes
// it.
func (r *rotator) Close(received, dropped uint64) error {
	if r.f == nil {
		return nil
	}
	err := r.sink.WriteStats(received, dropped)
	if cerr := r.closeFile(); err == nil {
		err = cerr
	}
	return err
}

// parseFileSize parses -C: a number of millions of bytes, or a number with a
// k/K, m/M or g/G suffix (KiB, MiB, GiB), as tcpdump 4.99 does.
func parseFileSize(s string) (int64, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	mult := int64(1000000)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult, s = 1<<10, s[:len(s)-1]
	case 'm', 'M':
		mult, s = 1<<20, s[:len(s)-1]
	case 'g', 'G':
		mult, s = 1<<30, s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("invalid file size %q", s)
	}
	return n * mult, nil
}

// strftime formats t (local time) with the C strftime conversions tcpdump -G
// names commonly use. Unknown conversions are copied as they are.
func strftime(format string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'C':
			fmt.Fprintf(&b, "%02d", t.Year()/100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'p':
			b.WriteString(t.Format("PM"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'u':
			wd := int(t.Weekday())
			if wd == 0 {
				wd = 7
			}
			b.WriteString(strconv.Itoa(wd))
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 'D':
			b.WriteString(t.Format("01/02/06"))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return b.String()
}
