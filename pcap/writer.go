package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/nlcap/nlcap"
)

// Writer defaults.
const (
	DefaultInterface = "nlmon0" // pcapng if_name when WriterConfig.Interface is empty
	DefaultUserAppl  = "nlcap"  // pcapng shb_userappl when WriterConfig.UserAppl is empty
)

// errBufferSize reports a WriterConfig.BufferSize out of range.
var errBufferSize = errors.New("pcap: buffer size out of range")

// A WriterConfig configures a [Writer]. The zero value (or a nil pointer)
// writes classic pcap exactly as tcpdump -w does on the host.
type WriterConfig struct {
	// Format is FormatPcap (the default, classic libpcap format) or
	// FormatPcapng.
	Format Format

	// SnapLen is the snapshot length written in the file header (pcap) or
	// interface description (pcapng), and the most bytes of a record
	// written, its 16-byte cooked header included. 0 means 262144
	// ([nlcap.DefaultSnapLen], what tcpdump uses); it must lie between 16 and
	// [MaxRecordLen].
	SnapLen int

	// NoTruncate writes every record whole, even one longer than SnapLen,
	// which is then only the value in the file header, as libpcap's
	// pcap_dump does when tcpdump -r IN -w OUT copies a record longer than
	// IN's snap length: a copy loses nothing its input held. (Readers,
	// this package's, libpcap's and Wireshark's, take a record up to
	// their own limit whatever the header says.)
	NoTruncate bool

	// Nanosecond writes nanosecond timestamps: magic 0xa1b23c4d in classic
	// pcap, if_tsresol 9 in pcapng. The default is microseconds, like
	// tcpdump (classic magic 0xa1b2c3d4, no if_tsresol option).
	Nanosecond bool

	// ByteOrder is the byte order of the file's headers. Netlink payloads
	// are in the byte order of the host that produced them and readers take
	// it from the file, so a record whose ByteOrder differs from the file's
	// is refused. nil means the ByteOrder of the first record written, or
	// the host's when that record has none (libpcap writes in host order).
	ByteOrder binary.ByteOrder

	// Comments are written in the pcapng section header, one opt_comment
	// option each. See [FormatGenlFamiliesComment] and [FormatKernelComment]
	// for the ones nlcap writes. Ignored for classic pcap.
	Comments []string

	// Interface is the pcapng if_name of the single interface; empty means
	// "nlmon0" ([DefaultInterface]).
	Interface string

	// UserAppl is the pcapng shb_userappl, the writing application; empty
	// means "nlcap" ([DefaultUserAppl]).
	UserAppl string

	// OS is the pcapng shb_os, for example "Linux 6.1.0-56-amd64"; empty
	// means the option is not written.
	OS string

	// Hardware is the pcapng shb_hardware, for example "x86_64"; empty means
	// the option is not written.
	Hardware string

	// BufferSize is the size in bytes of the Writer's output buffer; 0 means
	// 64 KiB. A live capture that flushes after each receive ring block
	// uses one larger than a block, so that it makes one write per block.
	BufferSize int
}

// A Writer writes LINKTYPE_NETLINK records to a classic pcap or pcapng
// file. The file header is written with the first record (or by Flush).
// NB: Flush must be called when done; the Writer buffers.
type Writer struct {
	bw      *bufio.Writer
	cw      *countWriter // under bw: the bytes flushed
	cfg     WriterConfig
	order   byteOrder
	started bool
	le      bool             // order is binary.LittleEndian
	okOrder binary.ByteOrder // a record ByteOrder found equal to order
	buf     []byte

	// The classic record headers: the cooked header of cookedFam (when
	// cookedSet), and both headers of a record larger than the buffer.
	cooked    [nlcap.PseudoHeaderLen]byte
	cookedFam nlcap.Family
	cookedSet bool
	hdr       [recordHeaderLen + nlcap.PseudoHeaderLen]byte
}

// A countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// NewWriter returns a Writer to w; a nil cfg means the defaults of
// [WriterConfig]. It writes nothing yet.
func NewWriter(w io.Writer, cfg *WriterConfig) (*Writer, error) {
	var c WriterConfig
	if cfg != nil {
		c = *cfg
		c.Comments = append([]string(nil), cfg.Comments...)
	}
	if c.SnapLen == 0 {
		c.SnapLen = nlcap.DefaultSnapLen
	}
	if c.SnapLen < nlcap.PseudoHeaderLen || c.SnapLen > MaxRecordLen {
		return nil, fmt.Errorf("%w: %d, want %d to %d", errSnapLen, c.SnapLen, nlcap.PseudoHeaderLen, MaxRecordLen)
	}
	if c.Format != FormatPcap && c.Format != FormatPcapng {
		return nil, fmt.Errorf("%w: %d", errFormat, int(c.Format))
	}
	if c.Interface == "" {
		c.Interface = DefaultInterface
	}
	if c.UserAppl == "" {
		c.UserAppl = DefaultUserAppl
	}
	if c.BufferSize < 0 || c.BufferSize > 1<<30 {
		return nil, fmt.Errorf("%w: %d, want 0 to %d", errBufferSize, c.BufferSize, 1<<30)
	}
	size := c.BufferSize
	if size == 0 {
		size = 64 << 10
	}
	cw := &countWriter{w: w}
	return &Writer{bw: bufio.NewWriterSize(cw, size), cw: cw, cfg: c, order: orderOf(c.ByteOrder)}, nil
}

// A byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// orderOf returns binary.LittleEndian or binary.BigEndian for any
// ByteOrder (binary.NativeEndian included), or nil for nil.
func orderOf(o binary.ByteOrder) byteOrder {
	switch o {
	case nil:
		return nil
	case binary.LittleEndian:
		return binary.LittleEndian
	case binary.BigEndian:
		return binary.BigEndian
	}
	var b [2]byte
	o.PutUint16(b[:], 1)
	if b[0] == 1 {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// start writes the file header, fixing the byte order from rec (may be nil).
func (w *Writer) start(o binary.ByteOrder) error {
	if w.started {
		return nil
	}
	if w.order == nil {
		w.order = orderOf(o)
	}
	if w.order == nil {
		w.order = orderOf(binary.NativeEndian)
	}
	w.le = w.order == binary.LittleEndian
	w.started = true
	if w.cfg.Format == FormatPcapng {
		return w.startPcapng()
	}
	magic := uint32(magicMicroseconds)
	if w.cfg.Nanosecond {
		magic = magicNanoseconds
	}
	ao := w.order
	b := w.buf[:0]
	b = ao.AppendUint32(b, magic)
	b = ao.AppendUint16(b, 2) // version_major
	b = ao.AppendUint16(b, 4) // version_minor
	b = ao.AppendUint32(b, 0) // thiszone
	b = ao.AppendUint32(b, 0) // sigfigs
	b = ao.AppendUint32(b, uint32(w.cfg.SnapLen))
	b = ao.AppendUint32(b, nlcap.LinkTypeNetlink)
	w.buf = b
	_, err := w.bw.Write(b)
	return err
}

// WriteRecord writes rec laid out exactly as libpcap writes an nlmon
// packet: the cooked header of [nlcap.NewPseudoHeader](rec.Family) (packet
// type 4, hatype 824, family big-endian), then rec.Data cut to the snap
// length; caplen = min(16+len(Data), SnapLen), origlen =
// 16+max(OrigLen, len(Data)). In pcapng, rec.Direction goes into epb_flags
// and rec.Comment into opt_comment; rec.Interface is ignored (there is one
// interface). A zero rec.Timestamp is written as the Unix epoch; one that
// the format cannot hold (before 1970, or after 2106 in classic pcap) is an
// error, as is a rec.ByteOrder that differs from the file's. Such errors
// write nothing and the Writer stays usable.
func (w *Writer) WriteRecord(rec nlcap.Record) error { return w.WriteRecordPtr(&rec) }

// WriteRecordPtr is [Writer.WriteRecord] with the record passed by
// reference, so that a live capture does not copy the Record of every
// packet. The Writer keeps nothing of rec.
func (w *Writer) WriteRecordPtr(rec *nlcap.Record) error {
	if !w.started {
		if err := w.start(rec.ByteOrder); err != nil {
			return err
		}
	}
	if bo := rec.ByteOrder; bo != nil && bo != w.okOrder {
		if err := w.checkOrder(bo); err != nil {
			return err
		}
	}
	ts := rec.Timestamp
	if ts.IsZero() {
		ts = time.Unix(0, 0)
	}
	capLen := nlcap.PseudoHeaderLen + len(rec.Data)
	switch {
	case !w.cfg.NoTruncate:
		capLen = min(capLen, w.cfg.SnapLen)
	case capLen > MaxRecordLen:
		return fmt.Errorf("%w: %d bytes, limit %d", errRecordLen, capLen, MaxRecordLen)
	}
	origLen := min(nlcap.PseudoHeaderLen+int64(max(rec.OrigLen, len(rec.Data))), math.MaxUint32)
	if w.cfg.Format == FormatPcapng {
		return w.writeEPB(*rec, ts, capLen, uint32(origLen))
	}
	// Classic pcap, written here rather than in a function of its own: a
	// call per record costs more than it seems under emulation (QEMU TCG).
	// The record is laid out in bufio's free space and committed with
	// Write (a copy onto itself). A copy of bufio's rules that committed
	// without the Write, and an unsafe compare of rec.ByteOrder's type
	// word in place of the interface compare above, were measured with
	// cmd/nlcap's BenchmarkCaptureWrite/pcap on 2 CPUs (2026-12-04, six
	// interleaved runs each): medians 31.5 ns/record with both, 35.5 with
	// bufio, 32.4 with bufio and the interface compare, all within the
	// runs' spread (25-48 ns): neither earned its keep, both were removed.
	sec := ts.Unix()
	if sec < 0 || sec > math.MaxUint32 {
		return fmt.Errorf("%w: %s", errTimestamp, ts.UTC().Format(time.RFC3339Nano))
	}
	frac := uint32(ts.Nanosecond())
	if !w.cfg.Nanosecond {
		frac /= 1000
	}
	if fam := rec.Family; !w.cookedSet || fam != w.cookedFam {
		// Encoded by nlcap (the one place that knows the cooked header),
		// once per family rather than once per record.
		_, _ = nlcap.NewPseudoHeader(fam).AppendBinary(w.cooked[:0])
		w.cookedFam, w.cookedSet = fam, true
	}
	// Lay the record out straight in the output buffer and commit it
	// (one copy of the data, no call) when it fits; else the headers in
	// w.hdr, then the data, through Write.
	n := recordHeaderLen + capLen
	ob := w.bw
	direct := ob.Available() >= n
	var b []byte
	if direct {
		b = ob.AvailableBuffer()[:n]
	} else {
		b = w.hdr[:]
	}
	h := b[:recordHeaderLen+nlcap.PseudoHeaderLen]
	if w.le {
		le := binary.LittleEndian
		le.PutUint32(h[0:], uint32(sec))
		le.PutUint32(h[4:], frac)
		le.PutUint32(h[8:], uint32(capLen))
		le.PutUint32(h[12:], uint32(origLen))
	} else {
		be := binary.BigEndian
		be.PutUint32(h[0:], uint32(sec))
		be.PutUint32(h[4:], frac)
		be.PutUint32(h[8:], uint32(capLen))
		be.PutUint32(h[12:], uint32(origLen))
	}
	copy(h[recordHeaderLen:], w.cooked[:])
	data := rec.Data[:capLen-nlcap.PseudoHeaderLen]
	if direct {
		copy(b[len(h):], data)
		_, err := ob.Write(b)
		return err
	}
	if _, err := ob.Write(h); err != nil {
		return err
	}
	_, err := ob.Write(data)
	return err
}

// checkOrder refuses a record byte order that differs from the file's. A
// standard library order found equal is remembered, so that the records
// after it are not checked again.
func (w *Writer) checkOrder(bo binary.ByteOrder) error {
	if o := orderOf(bo); o != w.order {
		return fmt.Errorf("%w: record %s, file %s", errByteOrderMixed, o, w.order)
	}
	if bo == binary.NativeEndian || bo == binary.LittleEndian || bo == binary.BigEndian {
		w.okOrder = bo
	}
	return nil
}

// Written returns the number of bytes written to w so far, the file header
// and buffered bytes included: the size of the file once flushed. It lets a
// caller rotate files by size without flushing after every record.
func (w *Writer) Written() int64 { return w.cw.n + int64(w.bw.Buffered()) }

// Flush writes the file header if no record was written yet, and any
// buffered data, to the underlying writer.
func (w *Writer) Flush() error {
	if err := w.start(nil); err != nil {
		return err
	}
	return w.bw.Flush()
}
