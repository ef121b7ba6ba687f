package dissect

import (
	"errors"
	"fmt"
)

// Parse failures of the gopacket layers.
var (
	errShortCooked  = errors.New("record shorter than the 16-byte cooked header")
	errMessageLen   = errors.New("netlink message length out of bounds")
	errShortGenl    = errors.New("generic netlink message shorter than genlmsghdr")
	errUpperOnMulti = errors.New("cannot serialize an upper layer into a record of several messages")
)

// A DecodeError says where a gopacket layer failed to decode.
type DecodeError struct {
	Layer  string // "Nlmon", "Netlink", "Genetlink"
	Offset int    // byte offset within the layer's data
	Err    error
}

// Error implements error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("decode %s at offset %d: %v", e.Layer, e.Offset, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }
