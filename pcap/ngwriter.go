package pcap

import (
	"fmt"
	"math"
	"time"

	"github.com/nlcap/nlcap"
)

// startPcapng writes the Section Header Block and the single Interface
// Description Block.
func (w *Writer) startPcapng() error {
	o := w.order
	// Section Header Block.
	b := w.beginBlock(w.buf[:0], blockSHB)
	b = o.AppendUint32(b, byteOrderMagic)
	b = o.AppendUint16(b, 1)              // major version
	b = o.AppendUint16(b, 0)              // minor version
	b = o.AppendUint64(b, math.MaxUint64) // section length: unknown (-1)
	opts := false
	for _, c := range w.cfg.Comments {
		b, opts = w.appendOption(b, optComment, []byte(c)), true
	}
	for _, opt := range []struct {
		code uint16
		val  string
	}{{shbHardware, w.cfg.Hardware}, {shbOS, w.cfg.OS}, {shbUserAppl, w.cfg.UserAppl}} {
		if opt.val != "" {
			b, opts = w.appendOption(b, opt.code, []byte(opt.val)), true
		}
	}
	b = w.endBlock(b, 0, opts)

	// Interface Description Block.
	idb := len(b)
	b = w.beginBlock(b, blockIDB)
	b = o.AppendUint16(b, nlcap.LinkTypeNetlink)
	b = o.AppendUint16(b, 0) // reserved
	b = o.AppendUint32(b, uint32(w.cfg.SnapLen))
	b = w.appendOption(b, ifName, []byte(w.cfg.Interface))
	if w.cfg.Nanosecond {
		b = w.appendOption(b, ifTSResol, []byte{9})
	}
	b = w.endBlock(b, idb, true)
	w.buf = b
	_, err := w.bw.Write(b)
	return err
}

// beginBlock appends a block header with a length to be fixed by endBlock.
func (w *Writer) beginBlock(b []byte, typ uint32) []byte {
	b = w.order.AppendUint32(b, typ)
	return w.order.AppendUint32(b, 0)
}

// endBlock appends opt_endofopt (when options were written) and the
// trailing length to the block that starts at b[start:], and fixes its
// leading length.
func (w *Writer) endBlock(b []byte, start int, opts bool) []byte {
	if opts {
		b = w.order.AppendUint32(b, 0) // opt_endofopt, length 0
	}
	n := uint32(len(b) - start + 4)
	w.order.PutUint32(b[start+4:], n)
	return w.order.AppendUint32(b, n)
}

// appendOption appends one option, padded to 32 bits. Values longer than
// an option can hold are cut to 65532 bytes.
func (w *Writer) appendOption(b []byte, code uint16, v []byte) []byte {
	v = v[:min(len(v), math.MaxUint16&^3)]
	b = w.order.AppendUint16(b, code)
	b = w.order.AppendUint16(b, uint16(len(v)))
	b = append(b, v...)
	return appendPad(b, len(v))
}

// appendPad appends the zeros that pad n bytes to 32 bits.
func appendPad(b []byte, n int) []byte {
	for ; n%4 != 0; n++ {
		b = append(b, 0)
	}
	return b
}

// pcapngTime returns ts in the interface's units (µs, or ns), split in
// high and low words.
func (w *Writer) pcapngTime(ts time.Time) (hi, lo uint32, err error) {
	sec := ts.Unix()
	unit, frac := uint64(1e6), uint64(ts.Nanosecond()/1000)
	if w.cfg.Nanosecond {
		unit, frac = 1e9, uint64(ts.Nanosecond())
	}
	if sec < 0 || uint64(sec) > (math.MaxUint64-frac)/unit {
		return 0, 0, fmt.Errorf("%w: %s", errTimestamp, ts.UTC().Format(time.RFC3339Nano))
	}
	t := uint64(sec)*unit + frac
	return uint32(t >> 32), uint32(t), nil
}

// writeEPB writes an Enhanced Packet Block for rec.
func (w *Writer) writeEPB(rec nlcap.Record, ts time.Time, capLen int, origLen uint32) error {
	hi, lo, err := w.pcapngTime(ts)
	if err != nil {
		return err
	}
	o := w.order
	b := w.beginBlock(w.buf[:0], blockEPB)
	b = o.AppendUint32(b, 0) // interface id
	b = o.AppendUint32(b, hi)
	b = o.AppendUint32(b, lo)
	b = o.AppendUint32(b, uint32(capLen))
	b = o.AppendUint32(b, origLen)
	b, _ = nlcap.NewPseudoHeader(rec.Family).AppendBinary(b)
	b = b[:len(b)-nlcap.PseudoHeaderLen+min(capLen, nlcap.PseudoHeaderLen)]
	b = append(b, rec.Data[:capLen-nlcap.PseudoHeaderLen]...)
	b = appendPad(b, capLen)
	opts := false
	if f := flagsFromDirection(rec.Direction); f != epbDirNone {
		b = o.AppendUint16(b, epbFlags)
		b = o.AppendUint16(b, 4)
		b, opts = o.AppendUint32(b, f), true
	}
	if rec.Comment != "" {
		b, opts = w.appendOption(b, optComment, []byte(rec.Comment)), true
	}
	if rec.Process.Known() {
		// An opt_comment written in place (the text is at most ~150 bytes).
		at := len(b)
		b = o.AppendUint16(b, optComment)
		b = o.AppendUint16(b, 0)
		b = AppendProcessComment(b, rec.Process)
		n := len(b) - at - 4
		o.PutUint16(b[at+2:], uint16(n))
		b, opts = appendPad(b, n), true
	}
	b = w.endBlock(b, 0, opts)
	w.buf = b
	_, err = w.bw.Write(b)
	return err
}

// WriteStats writes a pcapng Interface Statistics Block for the interface,
// timestamped now, with isb_ifrecv = received and isb_ifdrop = dropped (as
// tcpdump reports "N packets received by filter / N dropped by kernel").
// It does nothing for classic pcap, which has no place for them.
func (w *Writer) WriteStats(received, dropped uint64) error {
	if w.cfg.Format != FormatPcapng {
		return nil
	}
	if err := w.start(nil); err != nil {
		return err
	}
	hi, lo, err := w.pcapngTime(time.Now())
	if err != nil {
		return err
	}
	o := w.order
	b := w.beginBlock(w.buf[:0], blockISB)
	b = o.AppendUint32(b, 0) // interface id
	b = o.AppendUint32(b, hi)
	b = o.AppendUint32(b, lo)
	b = w.appendOption(b, isbIfRecv, o.AppendUint64(nil, received))
	b = w.appendOption(b, isbIfDrop, o.AppendUint64(nil, dropped))
	b = w.endBlock(b, 0, true)
	w.buf = b
	_, err = w.bw.Write(b)
	return err
}
