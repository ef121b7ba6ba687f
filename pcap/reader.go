package pcap

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/nlcap/nlcap"
)

// Compile-time checks.
var (
	_ nlcap.Source = (*Reader)(nil)
	_ nlcap.Sink   = (*Writer)(nil)
)

// A Format is a capture file format.
type Format int

// Formats.
const (
	FormatPcap   Format = iota // classic libpcap format, what tcpdump -w writes
	FormatPcapng               // pcapng, what dumpcap writes
)

// String returns "pcap" or "pcapng".
func (f Format) String() string {
	switch f {
	case FormatPcap:
		return "pcap"
	case FormatPcapng:
		return "pcapng"
	}
	return fmt.Sprintf("format-%d", int(f))
}

// Limits and wire constants.
const (
	// MaxRecordLen is the largest captured length a reader accepts (and a
	// writer's largest snap length): a bigger length is taken as a corrupt
	// file rather than allocated. Real nlmon records stay under 64 KiB at the
	// default snap length of 262144.
	MaxRecordLen = 64 << 20

	// Classic pcap magic numbers, written in the byte order of the file.
	magicMicroseconds = 0xa1b2c3d4
	magicNanoseconds  = 0xa1b23c4d

	fileHeaderLen   = 24 // struct pcap_file_header
	recordHeaderLen = 16 // struct pcap_sf_pkthdr

	readBufferSize     = 64 << 10 // bufio size; records are read through it
	fileReadBufferSize = 1 << 20  // bufio size when reading an *os.File
	readChunk          = 1 << 20  // a claimed length is allocated at most this much ahead of the data
)

// A Reader reads LINKTYPE_NETLINK records from a classic pcap or pcapng
// stream. It streams: memory use is bounded by the largest record, whatever
// the size of the file. Create one with [NewReader] or [Open].
type Reader struct {
	br     *bufio.Reader
	off    int64 // file offset of the next unread byte
	n      int   // records returned so far
	err    error // sticky fatal error, or io.EOF
	format Format
	ready  bool             // NewReader is done
	order  binary.ByteOrder // file (classic) or current section (pcapng) byte order
	buf    []byte

	// classic pcap
	nano    bool
	snapLen uint32

	// pcapng
	section  int // 0-based number of the current section
	ifaces   []ngInterface
	comments []string
	stats    []InterfaceStats
}

// NewReader returns a Reader for the capture in r, detecting classic pcap
// (microsecond or nanosecond timestamps, either byte order) or pcapng from
// its first four bytes. For classic pcap it reads the file header; for pcapng
// it reads the section header and every block up to the first interface
// description, so that a file of the wrong link type fails here with a
// [*LinkTypeError]. NewReader buffers r itself.
func NewReader(r io.Reader) (*Reader, error) {
	size := readBufferSize
	if f, ok := r.(*os.File); ok {
		// A file is usually read to its end: larger reads, fewer system
		// calls. Other readers (tests, short streams) keep the small
		// buffer, and so does a small regular file: allocating and
		// clearing 1 MiB for a few bytes made each input of FuzzRead
		// (nlcap -r four times) cost milliseconds.
		size = fileReadBufferSize
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < fileReadBufferSize {
			size = max(4096, int(fi.Size()+4095)&^4095)
		}
	}
	rd := &Reader{br: bufio.NewReaderSize(r, size)}
	var m [4]byte
	if n, err := rd.readFull(m[:]); err != nil {
		if n == 0 && err == io.EOF {
			return nil, errEmptyFile
		}
		return nil, fmt.Errorf("pcap: reading file magic: %w", unexpected(err))
	}
	switch {
	case binary.BigEndian.Uint32(m[:]) == blockSHB:
		if err := rd.initPcapng(); err != nil {
			return nil, err
		}
		rd.ready = true
		return rd, nil
	case binary.BigEndian.Uint32(m[:]) == magicMicroseconds:
		rd.order = binary.BigEndian
	case binary.LittleEndian.Uint32(m[:]) == magicMicroseconds:
		rd.order = binary.LittleEndian
	case binary.BigEndian.Uint32(m[:]) == magicNanoseconds:
		rd.order, rd.nano = binary.BigEndian, true
	case binary.LittleEndian.Uint32(m[:]) == magicNanoseconds:
		rd.order, rd.nano = binary.LittleEndian, true
	default:
		return nil, fmt.Errorf("%w: magic 0x%08x", errUnknownMagic, binary.BigEndian.Uint32(m[:]))
	}
	if err := rd.initPcap(); err != nil {
		return nil, err
	}
	rd.ready = true
	return rd, nil
}

// initPcap reads the rest of the classic file header:
//
//	struct pcap_file_header {
//		bpf_u_int32 magic;
//		u_short version_major;  /* 2 */
//		u_short version_minor;  /* 4 */
//		bpf_int32 thiszone;     /* always 0 */
//		bpf_u_int32 sigfigs;    /* always 0 */
//		bpf_u_int32 snaplen;
//		bpf_u_int32 linktype;   /* LT_LINKTYPE(x) = x & 0xffff; upper bits FCS */
//	};
func (r *Reader) initPcap() error {
	var h [fileHeaderLen - 4]byte
	if _, err := r.readFull(h[:]); err != nil {
		return fmt.Errorf("pcap: reading file header: %w", unexpected(err))
	}
	if major := r.order.Uint16(h[0:2]); major != 2 {
		return fmt.Errorf("%w: pcap %d.%d", errVersion, major, r.order.Uint16(h[2:4]))
	}
	r.snapLen = r.order.Uint32(h[12:16])
	if lt := int(r.order.Uint32(h[16:20]) & 0xffff); lt != nlcap.LinkTypeNetlink {
		return &LinkTypeError{LinkType: lt}
	}
	r.format = FormatPcap
	return nil
}

// Open opens the capture file name for reading; "-" means standard input,
// and the returned Closer then does nothing. Close the Closer when done.
func Open(name string) (*Reader, io.Closer, error) {
	if name == "-" {
		r, err := NewReader(os.Stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("stdin: %w", err)
		}
		return r, nopCloser{}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	r, err := NewReader(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, f, nil
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// Format returns the format of the file: [FormatPcap] or [FormatPcapng].
func (r *Reader) Format() Format { return r.format }

// ByteOrder returns the byte order of the file (classic pcap) or of the
// current section (pcapng): the byte order of the host that wrote it, and so
// of the netlink messages in its records.
func (r *Reader) ByteOrder() binary.ByteOrder { return r.order }

// SnapLen returns the snap length of a classic file header, or of the first
// interface of the current pcapng section (0 when it has none yet).
func (r *Reader) SnapLen() int {
	if r.format == FormatPcapng {
		if len(r.ifaces) == 0 {
			return 0
		}
		return int(r.ifaces[0].snapLen)
	}
	return int(r.snapLen)
}

// Offset returns the file offset of the next byte the Reader will parse:
// after a record was read, the end of that record (or of its block). A
// caller that wrote the file can cut it there to drop a partial record.
func (r *Reader) Offset() int64 { return r.off }

// Nanosecond reports whether a classic pcap file has nanosecond timestamps
// (magic 0xa1b23c4d). It is false for pcapng, whose resolution is per
// interface.
func (r *Reader) Nanosecond() bool { return r.nano }

// ReadRecord returns the next record, with a newly allocated Data. See
// [Reader.ReadRecordInto] for the errors.
func (r *Reader) ReadRecord() (nlcap.Record, error) {
	var rec nlcap.Record
	err := r.ReadRecordInto(&rec)
	return rec, err
}

// ReadRecordInto reads the next record into rec, reusing the storage of
// rec.Data, and overwriting every other field. rec.Data is the record
// after its cooked header; rec.OrigLen is the original length minus the
// cooked header (never less than len(rec.Data)); rec.ByteOrder is the
// file's or section's; rec.Direction comes from pcapng epb_flags when they
// give one, else from [nlcap.InferDirection]; rec.Interface and
// rec.Comment come from the pcapng packet block (0 and "" for classic
// pcap). Timestamps are in UTC; a Simple Packet Block has the zero time.
//
// It returns io.EOF at the clean end of the file. A [*RecordError] is not
// fatal: rec then holds the record's timestamp and raw bytes, and the next
// call reads the next record. Any other error is fatal and returned again by
// every later call; a file that ends inside a record or block header or body
// gives an error wrapping io.ErrUnexpectedEOF, with the record number and
// the file offset.
func (r *Reader) ReadRecordInto(rec *nlcap.Record) error {
	if r.err != nil {
		return r.err
	}
	var err error
	if r.format == FormatPcapng {
		err = r.readPcapng(rec)
	} else {
		err = r.readPcap(rec)
	}
	if err != nil {
		if _, ok := err.(*RecordError); !ok {
			r.err = err
		}
	}
	return err
}

// readPcap reads one classic record:
//
//	struct pcap_sf_pkthdr {
//		bpf_u_int32 ts_sec;
//		bpf_u_int32 ts_frac;    /* microseconds, or nanoseconds */
//		bpf_u_int32 caplen;     /* bytes that follow */
//		bpf_u_int32 len;        /* bytes on the wire */
//	};
func (r *Reader) readPcap(rec *nlcap.Record) error {
	start := r.off
	h, err := r.br.Peek(recordHeaderLen)
	if err != nil {
		if len(h) == 0 && err == io.EOF {
			return io.EOF
		}
		r.off += int64(len(h))
		return r.at(start, unexpected(err))
	}
	o := r.order
	sec, frac := o.Uint32(h[0:4]), o.Uint32(h[4:8])
	capLen, origLen := o.Uint32(h[8:12]), o.Uint32(h[12:16])
	r.br.Discard(recordHeaderLen) // cannot fail: Peek buffered them
	r.off += recordHeaderLen
	if capLen > MaxRecordLen {
		return r.at(start, fmt.Errorf("%w: caplen %d, limit %d", errCapLen, capLen, MaxRecordLen))
	}
	nsec := int64(frac)
	if !r.nano {
		nsec *= 1000
	}
	ts := time.Unix(int64(sec), nsec).UTC()
	data, err := r.next(int(capLen))
	if err != nil {
		return r.at(start, err)
	}
	r.n++
	return r.fill(rec, start, ts, data, int64(origLen), flagsNone, "", 0)
}

// flagsNone says a record has no pcapng direction flags.
const flagsNone = ^uint32(0)

// fill decodes the cooked header of data into rec. It returns a
// *RecordError (and the raw bytes in rec.Data) for a bad record.
func (r *Reader) fill(rec *nlcap.Record, start int64, ts time.Time, data []byte, origLen int64, flags uint32, comment string, iface int) error {
	*rec = nlcap.Record{
		Timestamp: ts,
		ByteOrder: r.order,
		Data:      rec.Data[:0],
		Interface: iface,
		Comment:   comment,
	}
	bad := func(err error) error {
		rec.Data = append(rec.Data, data...)
		rec.OrigLen = int(max(origLen, int64(len(data))))
		return &RecordError{Index: r.n, Offset: start, Err: err}
	}
	if len(data) < nlcap.PseudoHeaderLen {
		return bad(fmt.Errorf("%w: %d bytes", errShortRecord, len(data)))
	}
	var h nlcap.PseudoHeader
	if err := h.UnmarshalBinary(data); err != nil {
		return bad(fmt.Errorf("%w: %w", errShortRecord, err))
	}
	if err := h.Check(); err != nil {
		return bad(fmt.Errorf("%w: %w", errCookedHeader, err))
	}
	payload := data[nlcap.PseudoHeaderLen:]
	rec.Family = h.Family
	rec.Data = append(rec.Data, payload...)
	rec.OrigLen = int(max(origLen-nlcap.PseudoHeaderLen, int64(len(payload))))
	rec.Direction = directionFromFlags(flags)
	if rec.Direction == nlcap.DirectionUnknown {
		rec.Direction = nlcap.InferDirection(rec.Data, r.order)
	}
	return nil
}

// at returns err as a fatal error at file offset start, naming the record
// being read once NewReader is done.
func (r *Reader) at(start int64, err error) error {
	index := 0
	if r.ready {
		index = r.n + 1
	}
	return &posError{index, start, err}
}

// readFull reads exactly len(b) bytes, counting them in r.off.
func (r *Reader) readFull(b []byte) (int, error) {
	n, err := io.ReadFull(r.br, b)
	r.off += int64(n)
	return n, err
}

// next reads n bytes and returns them, valid until the next read: in place
// in the bufio buffer when they fit in it (the usual case: callers then copy
// a record once, into its Data), else in r.buf. A short read is
// io.ErrUnexpectedEOF.
func (r *Reader) next(n int) ([]byte, error) {
	if n > r.br.Size() {
		var err error
		r.buf, err = r.readN(r.buf, n)
		return r.buf, err
	}
	b, err := r.br.Peek(n)
	// Discarding does not overwrite the bytes: they stay valid until the
	// next read from r.br refills its buffer.
	m, _ := r.br.Discard(len(b))
	r.off += int64(m)
	if err != nil {
		return b, unexpected(err)
	}
	return b, nil
}

// readN reads n bytes into dst[:0], growing it at most readChunk ahead of
// the data actually read, so that a corrupt length in a short file does not
// allocate its whole claim. A short read is io.ErrUnexpectedEOF.
func (r *Reader) readN(dst []byte, n int) ([]byte, error) {
	dst = dst[:0]
	for len(dst) < n {
		// Doubling from the bufio size: a length claimed by a corrupt
		// header costs at most twice the bytes the file really has.
		chunk := min(n-len(dst), readChunk, max(len(dst), r.br.Size()))
		dst = slices.Grow(dst, chunk)
		m, err := r.readFull(dst[len(dst) : len(dst)+chunk])
		dst = dst[:len(dst)+m]
		if err != nil {
			return dst, unexpected(err)
		}
	}
	return dst, nil
}

// skipN discards n bytes.
func (r *Reader) skipN(n int) error {
	m, err := r.br.Discard(n)
	r.off += int64(m)
	if err != nil {
		return unexpected(err)
	}
	return nil
}

// unexpected turns an end of file met inside a header or record into
// io.ErrUnexpectedEOF, and leaves other I/O errors alone.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
