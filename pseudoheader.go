package nlcap

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// LinkTypeNetlink is the pcap link type of nlmon captures (LINKTYPE_NETLINK).
const LinkTypeNetlink = 253

// Constants of the LINKTYPE_NETLINK pseudo-header as libpcap writes it.
const (
	PseudoHeaderLen   = 16  // bytes before the first nlmsghdr
	PacketOutgoing    = 4   // #define PACKET_OUTGOING 4 (linux/if_packet.h)
	ARPHRDNetlink     = 824 // #define ARPHRD_NETLINK 824 (linux/if_arp.h)
	DefaultSnapLen    = 262144
	pseudoHeaderAddrN = 8
)

var errShortPseudoHeader = errors.New("record shorter than the 16-byte netlink cooked header")

// A PseudoHeader is the 16-byte cooked header that starts every
// LINKTYPE_NETLINK record. All fields are big-endian on the wire, whatever
// the byte order of the netlink messages that follow.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         packet type           |   ARPHRD type (824 netlink)   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  link-layer address length    |                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//	|             link-layer address (8 bytes, unused)              |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |   netlink family (protocol)   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// This is the only place in nlcap that encodes or decodes it.
type PseudoHeader struct {
	PacketType uint16  // PACKET_OUTGOING (4) in every nlmon record
	HAType     uint16  // ARPHRD_NETLINK (824)
	HALen      uint16  // 0
	Addr       [8]byte // unused, zero
	Family     Family  // netlink protocol (sll_protocol)
}

// NewPseudoHeader returns the header libpcap writes for an nlmon record of
// family f: packet type 4, hatype 824, no address.
func NewPseudoHeader(f Family) PseudoHeader {
	return PseudoHeader{PacketType: PacketOutgoing, HAType: ARPHRDNetlink, Family: f}
}

// AppendBinary appends the 16-byte wire form of h to b.
func (h PseudoHeader) AppendBinary(b []byte) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, h.PacketType)
	b = binary.BigEndian.AppendUint16(b, h.HAType)
	b = binary.BigEndian.AppendUint16(b, h.HALen)
	b = append(b, h.Addr[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(h.Family))
	return b, nil
}

// MarshalBinary returns the 16-byte wire form of h.
func (h PseudoHeader) MarshalBinary() ([]byte, error) {
	return h.AppendBinary(make([]byte, 0, PseudoHeaderLen))
}

// UnmarshalBinary decodes the first 16 bytes of b. It does not check the
// values, so that a decoder can report odd ones; see [PseudoHeader.Check].
func (h *PseudoHeader) UnmarshalBinary(b []byte) error {
	if len(b) < PseudoHeaderLen {
		return fmt.Errorf("%w: %d bytes", errShortPseudoHeader, len(b))
	}
	h.PacketType = binary.BigEndian.Uint16(b[0:2])
	h.HAType = binary.BigEndian.Uint16(b[2:4])
	h.HALen = binary.BigEndian.Uint16(b[4:6])
	copy(h.Addr[:], b[6:6+pseudoHeaderAddrN])
	h.Family = Family(binary.BigEndian.Uint16(b[14:16]))
	return nil
}

// Check reports a header whose hardware type is not ARPHRD_NETLINK.
func (h PseudoHeader) Check() error {
	if h.HAType != ARPHRDNetlink {
		return fmt.Errorf("cooked header hatype %d, want %d (ARPHRD_NETLINK)", h.HAType, ARPHRDNetlink)
	}
	return nil
}
