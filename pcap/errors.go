package pcap

import (
	"errors"
	"fmt"
	"strings"
)

// ErrLinkType is matched (with [errors.Is]) by every [*LinkTypeError]: the
// file, or one interface of a pcapng file, is not LINKTYPE_NETLINK.
var ErrLinkType = errors.New("pcap: link type is not LINKTYPE_NETLINK")

// Parse failures. They are wrapped with context (record number, file offset)
// before they reach the caller; tests match them with errors.Is.
var (
	errEmptyFile            = errors.New("pcap: empty file")
	errUnknownMagic         = errors.New("pcap: unknown file format")
	errVersion              = errors.New("pcap: unsupported format version")
	errCapLen               = errors.New("pcap: captured length too large")
	errShortRecord          = errors.New("pcap: record shorter than the 16-byte netlink cooked header")
	errCookedHeader         = errors.New("pcap: bad netlink cooked header")
	errBlockLength          = errors.New("pcap: bad pcapng block length")
	errBlockTrailer         = errors.New("pcap: pcapng block trailer length differs from its header")
	errBlockBody            = errors.New("pcap: pcapng block body too short")
	errByteOrderMark        = errors.New("pcap: bad pcapng byte-order magic")
	errNoInterface          = errors.New("pcap: packet for an undefined pcapng interface")
	errTSResol              = errors.New("pcap: if_tsresol out of range")
	errSnapLen              = errors.New("pcap: snap length out of range")
	errFormat               = errors.New("pcap: unknown writer format")
	errTimestamp      error = &refusedError{"pcap: timestamp out of range for the file format"}
	errByteOrderMixed error = &refusedError{"pcap: record byte order differs from the file's"}
	errRecordLen      error = &refusedError{"pcap: record longer than a reader accepts"}
)

// ErrRecordRefused is matched (with [errors.Is]) by the errors of
// [Writer.WriteRecord] for a record the file cannot hold: a timestamp out of
// the format's range, a byte order other than the file's. Such a record is
// not written at all and the Writer stays usable: a copy may skip it and go
// on. Any other error of the Writer is an I/O error of the file.
var ErrRecordRefused = errors.New("pcap: record refused by the writer")

// A refusedError is a reason to refuse one record; it matches
// [ErrRecordRefused].
type refusedError struct{ msg string }

func (e *refusedError) Error() string        { return e.msg }
func (e *refusedError) Is(target error) bool { return target == ErrRecordRefused }

// linkTypeNames holds the LINKTYPE_ names of common link types
// (https://www.tcpdump.org/linktypes.html), used in [LinkTypeError] messages.
var linkTypeNames = map[int]string{
	0:   "NULL",
	1:   "ETHERNET",
	6:   "IEEE802_5",
	9:   "PPP",
	101: "RAW",
	104: "C_HDLC",
	105: "IEEE802_11",
	108: "LOOP",
	113: "LINUX_SLL",
	119: "IEEE802_11_PRISM",
	127: "IEEE802_11_RADIOTAP",
	147: "USER0",
	187: "BLUETOOTH_HCI_H4",
	189: "USB_LINUX",
	195: "IEEE802_15_4_WITHFCS",
	201: "BLUETOOTH_HCI_H4_WITH_PHDR",
	220: "USB_LINUX_MMAPPED",
	228: "IPV4",
	229: "IPV6",
	249: "NFLOG",
	253: "NETLINK",
	276: "LINUX_SLL2",
}

// A LinkTypeError reports a capture (or a pcapng interface) whose link type
// is not LINKTYPE_NETLINK (253). It matches [ErrLinkType] with [errors.Is].
type LinkTypeError struct {
	LinkType int // the link type found in the file
}

// Error names the link type found and the one wanted, for example
// "pcap: link type 1 (ETHERNET), want 253 (NETLINK)".
func (e *LinkTypeError) Error() string {
	if n, ok := linkTypeNames[e.LinkType]; ok {
		return fmt.Sprintf("pcap: link type %d (%s), want 253 (NETLINK)", e.LinkType, n)
	}
	return fmt.Sprintf("pcap: link type %d, want 253 (NETLINK)", e.LinkType)
}

// Is reports whether target is [ErrLinkType].
func (e *LinkTypeError) Is(target error) bool { return target == ErrLinkType }

// A RecordError reports one bad record: shorter than the 16-byte cooked
// header, a cooked header whose hatype is not ARPHRD_NETLINK (824), or a
// pcapng packet block that does not hold together inside its (intact) block.
//
// A RecordError is NOT fatal: the file framing is intact, so the caller may
// print a marker for the record and call [Reader.ReadRecord] again to get the
// next one. The record returned alongside it still carries its Timestamp and
// the raw captured bytes (cooked header included, undecoded) in Data.
type RecordError struct {
	Index  int   // 1-based record number, as Wireshark's frame.number
	Offset int64 // file offset of the record header (classic) or block (pcapng)
	Err    error // what is wrong
}

// Error returns "pcap: record N at offset O: ...".
func (e *RecordError) Error() string {
	return fmt.Sprintf("pcap: record %d at offset %d: %s", e.Index, e.Offset, trimPrefix(e.Err))
}

// Unwrap returns e.Err.
func (e *RecordError) Unwrap() error { return e.Err }

// A posError is a fatal error with its position in the file: the record
// being read (1-based) and the file offset where its header or block starts.
type posError struct {
	index  int
	offset int64
	err    error
}

func (e *posError) Error() string {
	if e.index == 0 {
		return fmt.Sprintf("pcap: offset %d: %s", e.offset, trimPrefix(e.err))
	}
	return fmt.Sprintf("pcap: record %d at offset %d: %s", e.index, e.offset, trimPrefix(e.err))
}

func (e *posError) Unwrap() error { return e.err }

// trimPrefix returns err's text without a leading "pcap: ", so that wrapped
// messages say it once.
func trimPrefix(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "pcap: ")
}
