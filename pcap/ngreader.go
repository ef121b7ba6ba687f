package pcap

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"time"

	"github.com/nlcap/nlcap"
)

// pcapng block types and option codes (draft-ietf-opsawg-pcapng).
const (
	blockSHB = 0x0A0D0D0A // Section Header Block (a palindrome: same in both orders)
	blockIDB = 0x00000001 // Interface Description Block
	blockPB  = 0x00000002 // Packet Block (obsolete, still read)
	blockSPB = 0x00000003 // Simple Packet Block
	blockISB = 0x00000005 // Interface Statistics Block
	blockEPB = 0x00000006 // Enhanced Packet Block

	byteOrderMagic = 0x1A2B3C4D

	optEndOfOpt = 0
	optComment  = 1

	shbHardware = 2
	shbOS       = 3
	shbUserAppl = 4

	ifName     = 2
	ifTSResol  = 9
	ifTSOffset = 14

	epbFlags = 2 // also pack_flags in the obsolete Packet Block

	isbIfRecv = 4
	isbIfDrop = 5

	blockMinLen = 12                   // type, length, trailing length
	maxBlockLen = MaxRecordLen + 1<<16 // a packet block plus generous options
	shbFixedLen = 16                   // byte-order magic, version, section length
	epbFixedLen = 20                   // interface, timestamp (2), caplen, origlen
	idbFixedLen = 8                    // link type, reserved, snaplen
	isbFixedLen = 12                   // interface, timestamp (2)
	defTSResol  = 6                    // if_tsresol default: microseconds
	epbDirMask  = 0x3                  // epb_flags bits 0-1: direction
)

// epb_flags direction values (bits 0-1).
const (
	epbDirNone     = 0
	epbDirInbound  = 1
	epbDirOutbound = 2
)

// An ngInterface is what a pcapng Interface Description Block says.
type ngInterface struct {
	linkType int
	snapLen  uint32
	name     string
	tsResol  uint8
	tsOffset int64
}

// An InterfaceStats holds the counters of the last Interface Statistics
// Block (ISB) read for one pcapng interface.
type InterfaceStats struct {
	Section     int    // 0-based section number
	Interface   int    // interface id within its section, as in [nlcap.Record.Interface]
	Name        string // if_name of the interface, if any
	Received    uint64 // isb_ifrecv: packets received by the interface
	Dropped     uint64 // isb_ifdrop: packets the interface (the kernel) dropped
	HasReceived bool   // whether the ISB carried isb_ifrecv
	HasDropped  bool   // whether the ISB carried isb_ifdrop
}

// SectionComments returns the opt_comment options of every pcapng section
// header read so far, in file order, one string per option. (NewReader reads
// the first section header, so its comments are there from the start.) It is
// nil for classic pcap. See [FormatGenlFamiliesComment] for the comments
// nlcap writes.
func (r *Reader) SectionComments() []string {
	return append([]string(nil), r.comments...)
}

// InterfaceStats returns, for every pcapng interface that had an Interface
// Statistics Block so far, the counters of its last one (they are
// cumulative). It is nil for classic pcap, and complete at io.EOF.
func (r *Reader) InterfaceStats() []InterfaceStats {
	return append([]InterfaceStats(nil), r.stats...)
}

// initPcapng reads the first section header (its block type is already
// read) and the blocks up to the first interface description.
func (r *Reader) initPcapng() error {
	r.format = FormatPcapng
	r.section = -1
	body, err := r.readSHB(0)
	if err != nil {
		return err
	}
	if err := r.parseSHB(0, body); err != nil {
		return err
	}
	for len(r.ifaces) == 0 {
		b, err := r.br.Peek(4)
		if err != nil {
			return nil // the end, or a partial block that ReadRecord reports
		}
		switch r.order.Uint32(b) {
		case blockEPB, blockSPB, blockPB:
			return nil // a packet before any interface: ReadRecord reports it
		}
		typ, body, start, err := r.readBlock()
		if err != nil {
			return err
		}
		if err := r.handleBlock(typ, body, start); err != nil {
			return err
		}
	}
	return nil
}

// readBlock reads one whole block and returns its type and its body
// (without the type, length and trailing length), valid until the next read
// (see Reader.next).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------------------------------------------------------+
//	|                          Block Type                           |
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
//	/                          Block Body                           /
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
func (r *Reader) readBlock() (typ uint32, body []byte, start int64, err error) {
	start = r.off
	var h [4]byte
	n, err := r.readFull(h[:])
	if err != nil {
		if n == 0 && err == io.EOF {
			return 0, nil, start, io.EOF
		}
		return 0, nil, start, r.at(start, unexpected(err))
	}
	typ = r.order.Uint32(h[:])
	if typ == blockSHB {
		body, err = r.readSHB(start)
		return typ, body, start, err
	}
	if _, err := r.readFull(h[:]); err != nil {
		return 0, nil, start, r.at(start, unexpected(err))
	}
	length := r.order.Uint32(h[:])
	if length < blockMinLen || length%4 != 0 || length > maxBlockLen {
		return 0, nil, start, r.at(start, fmt.Errorf("%w: %d", errBlockLength, length))
	}
	b, err := r.next(int(length) - 8)
	if err != nil {
		return 0, nil, start, r.at(start, err)
	}
	body = b[:len(b)-4]
	if trail := r.order.Uint32(b[len(b)-4:]); trail != length {
		return 0, nil, start, r.at(start, fmt.Errorf("%w: %d, then %d", errBlockTrailer, length, trail))
	}
	return typ, body, start, nil
}

// readSHB reads a Section Header Block after its type, sets r.order from
// its byte-order magic and returns its body after that magic.
//
//	+---------------------------------------------------------------+
//	|                   Block Type = 0x0A0D0D0A                     |
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
//	|                      Byte-Order Magic 0x1A2B3C4D              |
//	+-------------------------------+-------------------------------+
//	|     Major Version (1)         |      Minor Version (0)        |
//	+-------------------------------+-------------------------------+
//	|                   Section Length (-1: unknown)                |
//	|                            (64 bits)                          |
//	+---------------------------------------------------------------+
//	/                            Options                            /
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
func (r *Reader) readSHB(start int64) ([]byte, error) {
	var h [8]byte
	if _, err := r.readFull(h[:]); err != nil {
		return nil, r.at(start, unexpected(err))
	}
	switch {
	case binary.LittleEndian.Uint32(h[4:]) == byteOrderMagic:
		r.order = binary.LittleEndian
	case binary.BigEndian.Uint32(h[4:]) == byteOrderMagic:
		r.order = binary.BigEndian
	default:
		return nil, r.at(start, fmt.Errorf("%w: % x", errByteOrderMark, h[4:]))
	}
	length := r.order.Uint32(h[:4])
	if length < blockMinLen+shbFixedLen || length%4 != 0 || length > maxBlockLen {
		return nil, r.at(start, fmt.Errorf("%w: section header %d", errBlockLength, length))
	}
	b, err := r.next(int(length) - 12)
	if err != nil {
		return nil, r.at(start, err)
	}
	if trail := r.order.Uint32(b[len(b)-4:]); trail != length {
		return nil, r.at(start, fmt.Errorf("%w: %d, then %d", errBlockTrailer, length, trail))
	}
	return b[:len(b)-4], nil
}

// parseSHB starts a new section from the body that follows the byte-order
// magic.
func (r *Reader) parseSHB(start int64, body []byte) error {
	if major := r.order.Uint16(body[0:2]); major != 1 {
		return r.at(start, fmt.Errorf("%w: pcapng %d.%d", errVersion, major, r.order.Uint16(body[2:4])))
	}
	r.section++
	r.ifaces = r.ifaces[:0]
	eachOption(body[12:], r.order, func(code uint16, v []byte) {
		if code == optComment {
			r.comments = append(r.comments, optString(v))
		}
	})
	return nil
}

// handleBlock processes a block that is not a packet.
func (r *Reader) handleBlock(typ uint32, body []byte, start int64) error {
	switch typ {
	case blockSHB:
		return r.parseSHB(start, body)
	case blockIDB:
		return r.parseIDB(start, body)
	case blockISB:
		return r.parseISB(start, body)
	}
	return nil // unknown or uninteresting (NRB, DSB, custom): skipped
}

// parseIDB records an interface, refusing one that is not LINKTYPE_NETLINK.
//
//	+-------------------------------+-------------------------------+
//	|           LinkType            |           Reserved            |
//	+-------------------------------+-------------------------------+
//	|                            SnapLen                            |
//	+---------------------------------------------------------------+
//	/                            Options                            /
//	+---------------------------------------------------------------+
func (r *Reader) parseIDB(start int64, body []byte) error {
	if len(body) < idbFixedLen {
		return r.at(start, fmt.Errorf("%w: interface description of %d bytes", errBlockBody, len(body)))
	}
	ifc := ngInterface{
		linkType: int(r.order.Uint16(body[0:2])),
		snapLen:  r.order.Uint32(body[4:8]),
		tsResol:  defTSResol,
	}
	if ifc.linkType != nlcap.LinkTypeNetlink {
		return &LinkTypeError{LinkType: ifc.linkType}
	}
	eachOption(body[idbFixedLen:], r.order, func(code uint16, v []byte) {
		switch {
		case code == ifName:
			ifc.name = optString(v)
		case code == ifTSResol && len(v) >= 1:
			ifc.tsResol = v[0]
		case code == ifTSOffset && len(v) >= 8:
			ifc.tsOffset = int64(r.order.Uint64(v))
		}
	})
	if (ifc.tsResol&0x80 == 0 && ifc.tsResol > 19) || ifc.tsResol&0x7f > 63 {
		return r.at(start, fmt.Errorf("%w: 0x%02x", errTSResol, ifc.tsResol))
	}
	r.ifaces = append(r.ifaces, ifc)
	return nil
}

// parseISB keeps the counters of an Interface Statistics Block.
//
//	+---------------------------------------------------------------+
//	|                         Interface ID                          |
//	+---------------------------------------------------------------+
//	|                        Timestamp (High)                       |
//	+---------------------------------------------------------------+
//	|                        Timestamp (Low)                        |
//	+---------------------------------------------------------------+
//	/                 Options (isb_ifrecv, isb_ifdrop, ...)         /
//	+---------------------------------------------------------------+
func (r *Reader) parseISB(start int64, body []byte) error {
	if len(body) < isbFixedLen {
		return r.at(start, fmt.Errorf("%w: interface statistics of %d bytes", errBlockBody, len(body)))
	}
	id := r.order.Uint32(body[0:4])
	if id >= uint32(len(r.ifaces)) {
		return r.at(start, fmt.Errorf("%w: statistics for interface %d", errNoInterface, id))
	}
	st := InterfaceStats{Section: r.section, Interface: int(id), Name: r.ifaces[id].name}
	eachOption(body[isbFixedLen:], r.order, func(code uint16, v []byte) {
		switch {
		case code == isbIfRecv && len(v) >= 8:
			st.Received, st.HasReceived = r.order.Uint64(v), true
		case code == isbIfDrop && len(v) >= 8:
			st.Dropped, st.HasDropped = r.order.Uint64(v), true
		}
	})
	for i := range r.stats {
		if r.stats[i].Section == st.Section && r.stats[i].Interface == st.Interface {
			r.stats[i] = st
			return nil
		}
	}
	r.stats = append(r.stats, st)
	return nil
}

// readPcapng reads blocks up to the next packet.
func (r *Reader) readPcapng(rec *nlcap.Record) error {
	for {
		typ, body, start, err := r.readBlock()
		if err != nil {
			return err
		}
		switch typ {
		case blockEPB, blockPB, blockSPB:
			r.n++
			return r.packet(rec, typ, body, start)
		}
		if err := r.handleBlock(typ, body, start); err != nil {
			return err
		}
	}
}

// packet decodes an Enhanced Packet Block, a Simple Packet Block or an
// obsolete Packet Block into rec.
//
// Enhanced Packet Block body:
//
//	+---------------------------------------------------------------+
//	|                         Interface ID                          |
//	+---------------------------------------------------------------+
//	|                        Timestamp (High)                       |
//	+---------------------------------------------------------------+
//	|                        Timestamp (Low)                        |
//	+---------------------------------------------------------------+
//	|                    Captured Packet Length                     |
//	+---------------------------------------------------------------+
//	|                    Original Packet Length                     |
//	+---------------------------------------------------------------+
//	/        Packet Data (cooked header + netlink), padded to 32 bits /
//	+---------------------------------------------------------------+
//	/          Options (opt_comment, epb_flags, ...)                /
//	+---------------------------------------------------------------+
//
// The obsolete Packet Block has a 16-bit Interface ID followed by a 16-bit
// drop count; a Simple Packet Block has only the Original Packet Length
// and the data, belongs to interface 0 and has no timestamp.
func (r *Reader) packet(rec *nlcap.Record, typ uint32, body []byte, start int64) error {
	bad := func(err error) error {
		*rec = nlcap.Record{ByteOrder: r.order, Data: rec.Data[:0]}
		return &RecordError{Index: r.n, Offset: start, Err: err}
	}
	o := r.order
	if typ == blockSPB {
		if len(body) < 4 {
			return bad(fmt.Errorf("%w: simple packet block of %d bytes", errBlockBody, len(body)))
		}
		if len(r.ifaces) == 0 {
			return bad(fmt.Errorf("%w: simple packet block with no interface 0", errNoInterface))
		}
		origLen := o.Uint32(body[0:4])
		capLen := min(int64(origLen), int64(len(body)-4))
		if sl := r.ifaces[0].snapLen; sl != 0 {
			capLen = min(capLen, int64(sl))
		}
		return r.fill(rec, start, time.Time{}, body[4:4+capLen], int64(origLen), flagsNone, "", 0)
	}
	if len(body) < epbFixedLen {
		return bad(fmt.Errorf("%w: packet block of %d bytes", errBlockBody, len(body)))
	}
	var id uint32
	if typ == blockPB {
		id = uint32(o.Uint16(body[0:2]))
	} else {
		id = o.Uint32(body[0:4])
	}
	capLen, origLen := o.Uint32(body[12:16]), o.Uint32(body[16:20])
	if int64(capLen) > int64(len(body)-epbFixedLen) {
		return bad(fmt.Errorf("%w: captured length %d past the block end", errBlockBody, capLen))
	}
	data := body[epbFixedLen : epbFixedLen+capLen]
	var opts []byte
	if p := epbFixedLen + pad4(int(capLen)); p <= len(body) {
		opts = body[p:]
	}
	flags := flagsNone
	var (
		comments []string
		proc     nlcap.Process
	)
	eachOption(opts, o, func(code uint16, v []byte) {
		switch {
		case code == optComment:
			c := optString(v)
			if p, ok := ParseProcessComment(c); ok {
				proc = p // lifted into rec.Process, not kept in rec.Comment
				return
			}
			comments = append(comments, c)
		case code == epbFlags && len(v) >= 4:
			flags = o.Uint32(v)
		}
	})
	comment := strings.Join(comments, "\n")
	if id >= uint32(len(r.ifaces)) {
		err := bad(fmt.Errorf("%w: interface %d of %d", errNoInterface, id, len(r.ifaces)))
		rec.Data = append(rec.Data, data...)
		rec.OrigLen = max(int(origLen), len(data))
		rec.Comment = comment
		rec.Process = proc
		return err
	}
	ts := r.ifaces[id].timestamp(o.Uint32(body[4:8]), o.Uint32(body[8:12]))
	err := r.fill(rec, start, ts, data, int64(origLen), flags, comment, int(id))
	rec.Process = proc
	return err
}

// directionFromFlags maps epb_flags bits 0-1 to a Direction. The pcapng
// interface is the kernel's netlink side, so inbound (1) means user space
// to kernel, and outbound (2) kernel to user space.
func directionFromFlags(flags uint32) nlcap.Direction {
	if flags == flagsNone {
		return nlcap.DirectionUnknown
	}
	switch flags & epbDirMask {
	case epbDirInbound:
		return nlcap.DirectionToKernel
	case epbDirOutbound:
		return nlcap.DirectionFromKernel
	}
	return nlcap.DirectionUnknown
}

// flagsFromDirection is the inverse of directionFromFlags.
func flagsFromDirection(d nlcap.Direction) uint32 {
	switch d {
	case nlcap.DirectionToKernel:
		return epbDirInbound
	case nlcap.DirectionFromKernel:
		return epbDirOutbound
	}
	return epbDirNone
}

var pow10 = [20]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// maxTimestamp is the last second of year 9999: RFC 3339 (and so --json)
// has four-digit years.
const maxTimestamp = 253402300799

// timestamp converts a pcapng timestamp in units of if_tsresol (10^-n s,
// or 2^-n s when the top bit is set), plus if_tsoffset seconds. Finer than
// nanosecond resolutions are truncated. A time before 1970 or after year
// 9999 (extreme if_tsresol or if_tsoffset values) is returned as the zero
// time, the mark of a record without a timestamp (as a Simple Packet
// Block's), rather than wrapped around or printed as year 292277026596.
func (ifc *ngInterface) timestamp(hi, lo uint32) time.Time {
	ts := uint64(hi)<<32 | uint64(lo)
	var sec, nsec uint64
	if ifc.tsResol&0x80 == 0 {
		n := ifc.tsResol // <= 19, checked in parseIDB
		sec, nsec = ts/pow10[n], ts%pow10[n]
		if n <= 9 {
			nsec *= pow10[9-n]
		} else {
			nsec /= pow10[n-9]
		}
	} else {
		n := ifc.tsResol & 0x7f // <= 63
		sec, nsec = ts>>n, ts&(1<<n-1)
		h, l := bits.Mul64(nsec, 1e9)
		nsec = h<<(64-n) | l>>n
	}
	off := ifc.tsOffset
	if sec > maxTimestamp || off > maxTimestamp || off < -maxTimestamp {
		return time.Time{}
	}
	if t := int64(sec) + off; t >= 0 && t <= maxTimestamp {
		return time.Unix(t, int64(nsec)).UTC()
	}
	return time.Time{}
}

// eachOption calls fn for every option in b up to opt_endofopt, and stops
// quietly at an option whose length runs past b.
//
//	+-------------------------------+-------------------------------+
//	|      Option Code              |         Option Length         |
//	+-------------------------------+-------------------------------+
//	/       Option Value (Option Length bytes, padded to 32 bits)   /
//	+---------------------------------------------------------------+
func eachOption(b []byte, o binary.ByteOrder, fn func(code uint16, v []byte)) {
	for len(b) >= 4 {
		code, l := o.Uint16(b[0:2]), int(o.Uint16(b[2:4]))
		if code == optEndOfOpt || l > len(b)-4 {
			return
		}
		fn(code, b[4:4+l])
		if 4+pad4(l) >= len(b) {
			return
		}
		b = b[4+pad4(l):]
	}
}

// optString returns a string option without the NUL padding some writers add.
func optString(v []byte) string { return strings.TrimRight(string(v), "\x00") }

// pad4 rounds n up to a multiple of 4.
func pad4(n int) int { return (n + 3) &^ 3 }
