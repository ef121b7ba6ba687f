package nlcap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/mdlayher/netlink"
)

// A Direction says which way a record travelled. nlmon does not record it;
// it is inferred (see [InferDirection]) or read from a pcapng packet flag.
type Direction uint8

// Directions.
const (
	DirectionUnknown    Direction = iota
	DirectionToKernel             // user space → kernel (a request)
	DirectionFromKernel           // kernel → user space (answer or notification)
)

// String returns "unknown", "to-kernel" or "from-kernel".
func (d Direction) String() string {
	switch d {
	case DirectionToKernel:
		return "to-kernel"
	case DirectionFromKernel:
		return "from-kernel"
	}
	return "unknown"
}

// Netlink header constants used to classify messages, from
// include/uapi/linux/netlink.h.
const (
	NlmsgHdrLen  = 16     // sizeof(struct nlmsghdr)
	FlagRequest  = 0x0001 // #define NLM_F_REQUEST 0x01
	nlmsgAlignTo = 4      // #define NLMSG_ALIGNTO 4U
)

// NlmsgAlign rounds n up to the netlink alignment.
//
//	#define NLMSG_ALIGN(len) ( ((len)+NLMSG_ALIGNTO-1) & ~(NLMSG_ALIGNTO-1) )
func NlmsgAlign(n int) int { return (n + nlmsgAlignTo - 1) &^ (nlmsgAlignTo - 1) }

// A Record is one netlink datagram as copied to an nlmon tap: zero or more
// netlink messages, exactly as the kernel saw them.
type Record struct {
	Timestamp time.Time
	Family    Family           // LINKTYPE_NETLINK pseudo-header protocol (sll_protocol)
	Direction Direction        // inferred; nlmon records all read PACKET_OUTGOING
	OrigLen   int              // netlink bytes before snaplen; len(Data) <= OrigLen
	ByteOrder binary.ByteOrder // byte order of the producing host; nlmsghdr is host-endian
	Data      []byte           // starts at the first nlmsghdr; the pseudo-header is lifted into fields
	// Interface is the pcapng interface index the record was read from (0 for
	// classic pcap and live captures).
	Interface int
	// Comment is a pcapng packet comment, if any.
	Comment string
	// Process is the process that sent or received the record, when the
	// source knows it (a traced process: capture.Trace); nlmon does not.
	// pcapng carries it as a packet comment (pcap.FormatProcessComment).
	Process Process
}

// A Process says which process, thread and socket a record went through.
// The zero value means unknown.
type Process struct {
	PID    int    // thread group id (the process); 0: unknown
	TID    int    // thread id that made the system call
	Comm   string // the process name (/proc/PID/comm), at most 15 bytes
	PortID uint32 // the socket's netlink port id (nl_pid); 0: unknown
	// Group is the multicast group a received record was delivered to (the
	// number, not the nl_groups bit mask); 0 for unicast.
	Group uint32
}

// Known reports whether p holds anything.
func (p Process) Known() bool { return p != Process{} }

// Order returns r.ByteOrder, or the native byte order when it is nil.
func (r *Record) Order() binary.ByteOrder {
	if r.ByteOrder == nil {
		return binary.NativeEndian
	}
	return r.ByteOrder
}

// ErrTruncatedMessage is yielded by [Record.Messages] when a message header
// claims more bytes than the record holds or less than a header.
var ErrTruncatedMessage = errors.New("netlink message length past the end of the record")

// Messages iterates over the netlink messages in r.Data. It stops without an
// error when fewer than 16 bytes remain (the kernel does the same: iproute2
// sends zero tails) and yields one error and stops on a length that does not
// fit. The last message may be unaligned. It is [NextMessage] as an
// iterator.
func (r *Record) Messages() iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) {
		order := r.Order()
		for off := 0; ; {
			m, next, err := NextMessage(r.Data, off, order)
			if next < 0 {
				if err != nil {
					yield(m, fmt.Errorf("%w: offset %d, nlmsg_len %d, %d bytes left", err, off, order.Uint32(r.Data[off:]), len(r.Data)-off))
				}
				return
			}
			if !yield(m, nil) {
				return
			}
			off = next
		}
	}
}

// NextMessage reads the netlink message at b[off:] in the given byte order
// (not nil: [Record.Order] gives one) and returns it (Data is a sub-slice
// of b) and the offset of the next one.
// At the end (fewer than 16 bytes left) next is -1 and err nil; on a length
// that does not fit next is -1 and err is [ErrTruncatedMessage] (not
// wrapped: the walk does not allocate). It is
// the toolkit's message walker: [Record.Messages] and the decoder's passes
// that must not allocate use it.
func NextMessage(b []byte, off int, order binary.ByteOrder) (m netlink.Message, next int, err error) {
	if off < 0 || len(b)-off < NlmsgHdrLen {
		return m, -1, nil
	}
	h := b[off : off+NlmsgHdrLen]
	// The header read without the interface's calls: this walk runs once
	// per message in every pass (BenchmarkRead/one-line: 7% of the time
	// when it called order.Uint32 and order.Uint16).
	var l, seq, pid uint32
	var typ, flags uint16
	if IsBigEndian(order) {
		l, typ, flags = binary.BigEndian.Uint32(h), binary.BigEndian.Uint16(h[4:]), binary.BigEndian.Uint16(h[6:])
		seq, pid = binary.BigEndian.Uint32(h[8:]), binary.BigEndian.Uint32(h[12:])
	} else {
		l, typ, flags = binary.LittleEndian.Uint32(h), binary.LittleEndian.Uint16(h[4:]), binary.LittleEndian.Uint16(h[6:])
		seq, pid = binary.LittleEndian.Uint32(h[8:]), binary.LittleEndian.Uint32(h[12:])
	}
	if l < NlmsgHdrLen || int64(l) > int64(len(b)-off) {
		return m, -1, ErrTruncatedMessage
	}
	m.Header = netlink.Header{
		Length:   l,
		Type:     netlink.HeaderType(typ),
		Flags:    netlink.HeaderFlags(flags),
		Sequence: seq,
		PID:      pid,
	}
	m.Data = b[off+NlmsgHdrLen : off+int(l)]
	return m, off + NlmsgAlign(int(l)), nil
}

// IsBigEndian reports whether order reads big-endian: binary.BigEndian, or
// an order (binary.NativeEndian) that reads 0x0001 from {0, 1}. Walkers test
// it once and read the bytes themselves, which is faster than calling the
// interface per field.
func IsBigEndian(order binary.ByteOrder) bool {
	// Type assertions, not ==: comparing interface values calls the
	// runtime (ifaceeq) in every walk step; an assertion to the order's
	// own (unexported, inferred) type is one comparison of type words.
	return !isOrder(order, binary.LittleEndian) && readsBigEndian(order)
}

// isOrder reports whether order holds a value of sample's type.
func isOrder[T binary.ByteOrder](order binary.ByteOrder, _ T) bool {
	_, ok := order.(T)
	return ok
}

// readsBigEndian is IsBigEndian for an order other than
// binary.LittleEndian, out of line.
func readsBigEndian(order binary.ByteOrder) bool {
	switch {
	case isOrder(order, binary.BigEndian):
		return true
	case isOrder(order, binary.NativeEndian): // Record.Order's default
		return nativeIsBig
	}
	return order != nil && order.Uint16([]byte{0, 1}) == 1
}

// nativeIsBig is whether binary.NativeEndian is big-endian here.
var nativeIsBig = binary.NativeEndian.Uint16([]byte{0, 1}) == 1

// InferDirection classifies a record from its first netlink message:
// NLM_F_REQUEST set means to-kernel, a well-formed header without it means
// from-kernel, anything else unknown. In every real capture seen, user-space
// requests (nft batch begin/end included) carry NLM_F_REQUEST and kernel
// messages never do; nlmsg_pid is not a reliable signal.
func InferDirection(data []byte, order binary.ByteOrder) Direction {
	if len(data) < NlmsgHdrLen {
		return DirectionUnknown
	}
	if order == nil {
		order = binary.NativeEndian
	}
	if l := order.Uint32(data); l < NlmsgHdrLen || int(l) > len(data) {
		return DirectionUnknown
	}
	if order.Uint16(data[6:])&FlagRequest != 0 {
		return DirectionToKernel
	}
	return DirectionFromKernel
}

// A Source yields records, returning io.EOF at the end.
type Source interface {
	ReadRecord() (Record, error)
}

// A Sink consumes records.
type Sink interface {
	WriteRecord(Record) error
}
