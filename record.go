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
// fit. The last message may be unaligned.
func (r *Record) Messages() iter.Seq2[netlink.Message, error] {
	return func(yield func(netlink.Message, error) bool) {
		order := r.Order()
		b := r.Data
		for off := 0; len(b)-off >= NlmsgHdrLen; {
			l := int(order.Uint32(b[off:]))
			if l < NlmsgHdrLen || l > len(b)-off {
				yield(netlink.Message{}, fmt.Errorf("%w: offset %d, nlmsg_len %d, %d bytes left", ErrTruncatedMessage, off, l, len(b)-off))
				return
			}
			h := netlink.Header{
				Length:   uint32(l),
				Type:     netlink.HeaderType(order.Uint16(b[off+4:])),
				Flags:    netlink.HeaderFlags(order.Uint16(b[off+6:])),
				Sequence: order.Uint32(b[off+8:]),
				PID:      order.Uint32(b[off+12:]),
			}
			if !yield(netlink.Message{Header: h, Data: b[off+NlmsgHdrLen : off+l]}, nil) {
				return
			}
			off += NlmsgAlign(l)
		}
	}
}

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
