package dissect

import (
	"encoding/binary"
	"fmt"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
)

// Netlink is the layer of the netlink messages of one record (one skb as
// nlmon copied it). Each message starts with struct nlmsghdr, in the byte
// order of the host that produced it, and is padded to 4 bytes:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          nlmsg_len                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          nlmsg_type           |          nlmsg_flags          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          nlmsg_seq                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          nlmsg_pid                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     payload (nlmsg_len - 16 bytes) ...        |   padding     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       next nlmsghdr ...
//
// Decoding stops without an error when fewer than 16 bytes remain or all
// remaining bytes are zero (iproute2 zero tails); those bytes are kept in
// Tail. A message length < 16 or past the end of the data is an error
// ([DecodeError], and the feedback's SetTruncated), but the messages before
// it are kept in Messages and the bytes from the bad one on in Malformed;
// gopacket.NewPacket then keeps the Netlink layer and adds a
// gopacket.DecodeFailure layer whose data is Malformed.
//
// LayerContents is the whole record. When the record holds exactly one
// generic netlink message (Family is [nlcap.FamilyGeneric], type >= 0x10),
// LayerPayload is that message's payload and NextLayerType is
// [LayerTypeGenetlink]; otherwise the payload is Malformed (usually empty).
// A record of several messages (a dump part) has no upper layer: every
// message is in Messages, and [Netlink.Decode] decodes them all (generic
// netlink headers, attribute trees, errors) with a [Decoder].
type Netlink struct {
	layers.BaseLayer
	// Family is the netlink protocol of the record. gopacket.NewPacket
	// takes it from the cooked header; with a DecodingLayerParser set
	// Cooked instead (or set Family yourself). A Netlink layer decoded by
	// gopacket without an Nlmon layer before it has Family 0xffff
	// (unknown).
	Family nlcap.Family
	// Cooked, when set, supplies Family at each DecodeFromBytes (point it at
	// the Nlmon layer of the same DecodingLayerParser).
	Cooked *Nlmon
	// ByteOrder is the byte order of the messages; nil means the native
	// byte order.
	ByteOrder binary.ByteOrder
	// Messages are the messages of the record, in order.
	Messages []NetlinkMessage
	// Tail holds the bytes after the last message's nlmsg_len: its padding
	// and any zero tail.
	Tail []byte
	// Malformed holds the bytes from the first message whose nlmsg_len is
	// < 16 or past the data to the end of the record (nil when the record
	// is well formed).
	Malformed []byte
}

// Decode decodes the layer's record with d into the model of [Message]
// (generic netlink header, attribute tree, errors, names), as for a record
// read from a file; index is stored in [Message.Record]. Messages after
// a malformed one end with a Message whose Problem says why, as with
// [Decoder.Decode]. Feed records in capture order, as for Decoder.Decode.
func (n *Netlink) Decode(d *Decoder, index int) []Message {
	return d.Decode(nlcap.Record{Family: n.Family, ByteOrder: n.ByteOrder, Data: n.Contents, OrigLen: len(n.Contents)}, index)
}

// A NetlinkMessage is one message of a [Netlink] layer.
type NetlinkMessage struct {
	Header  Header
	Payload []byte // nlmsg_len - 16 bytes after the header
}

var (
	_ gopacket.Layer             = (*Netlink)(nil)
	_ gopacket.DecodingLayer     = (*Netlink)(nil)
	_ gopacket.SerializableLayer = (*Netlink)(nil)
)

// LayerType returns [LayerTypeNetlink].
func (n *Netlink) LayerType() gopacket.LayerType { return LayerTypeNetlink }

// CanDecode returns [LayerTypeNetlink].
func (n *Netlink) CanDecode() gopacket.LayerClass { return LayerTypeNetlink }

// NextLayerType returns [LayerTypeGenetlink] for a record of one generic
// netlink message, else gopacket.LayerTypeZero.
func (n *Netlink) NextLayerType() gopacket.LayerType {
	if n.singleGenl() {
		return LayerTypeGenetlink
	}
	return gopacket.LayerTypeZero
}

func (n *Netlink) singleGenl() bool {
	return n.Family == nlcap.FamilyGeneric && len(n.Messages) == 1 && n.Messages[0].Header.Type >= nlmsgMinType
}

func (n *Netlink) order() binary.ByteOrder {
	if n.ByteOrder == nil {
		return binary.NativeEndian
	}
	return n.ByteOrder
}

// DecodeFromBytes decodes the messages in data. Payloads alias data.
func (n *Netlink) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if n.Cooked != nil {
		n.Family = n.Cooked.Header.Family
	}
	order := n.order()
	n.Messages = n.Messages[:0]
	n.Tail = nil
	n.Malformed = nil
	n.Contents = data
	n.Payload = nil
	off := 0
	end := 0
	for {
		m, next, err := nlcap.NextMessage(data, off, order)
		if err != nil {
			if allZero(data[off:]) {
				break
			}
			df.SetTruncated()
			n.Malformed = data[off:]
			n.Payload = n.Malformed
			return &DecodeError{Layer: "Netlink", Offset: off,
				Err: fmt.Errorf("%w: nlmsg_len %d, %d bytes left", errMessageLen, order.Uint32(data[off:]), len(data)-off)}
		}
		if next < 0 {
			break
		}
		n.Messages = append(n.Messages, NetlinkMessage{
			Header:  headerOf(data[off:], order),
			Payload: m.Data,
		})
		end = off + int(m.Header.Length)
		off = next
	}
	if end < len(data) {
		n.Tail = data[end:]
	}
	if n.singleGenl() {
		n.Payload = n.Messages[0].Payload
	}
	return nil
}

// SerializeTo writes the messages, each padded to 4 bytes with zeros, then
// Tail. With opts.FixLengths, nlmsg_len is set from the payload length.
// When b already holds bytes (an upper layer such as [Genetlink] was
// serialized first), they become the payload of the single message; a
// record of several messages cannot carry an upper layer.
func (n *Netlink) SerializeTo(b gopacket.SerializeBuffer, opts gopacket.SerializeOptions) error {
	order := n.order()
	upper := len(b.Bytes())
	if upper > 0 {
		if len(n.Messages) != 1 {
			return fmt.Errorf("netlink: %w (%d messages)", errUpperOnMulti, len(n.Messages))
		}
		h := n.Messages[0].Header
		if opts.FixLengths {
			h.Len = uint32(nlcap.NlmsgHdrLen + upper)
		}
		hdr, err := b.PrependBytes(nlcap.NlmsgHdrLen)
		if err != nil {
			return err
		}
		putHeader(hdr, h, order)
		tail, err := b.AppendBytes(len(n.Tail))
		if err != nil {
			return err
		}
		copy(tail, n.Tail)
		return nil
	}
	size := 0
	for i, m := range n.Messages {
		size += nlcap.NlmsgHdrLen + len(m.Payload)
		if i < len(n.Messages)-1 {
			size = nlcap.NlmsgAlign(size)
		}
	}
	size += len(n.Tail)
	bytes, err := b.PrependBytes(size)
	if err != nil {
		return err
	}
	off := 0
	for i, m := range n.Messages {
		h := m.Header
		if opts.FixLengths {
			h.Len = uint32(nlcap.NlmsgHdrLen + len(m.Payload))
		}
		putHeader(bytes[off:], h, order)
		off += nlcap.NlmsgHdrLen
		off += copy(bytes[off:], m.Payload)
		if i < len(n.Messages)-1 {
			for ; off%4 != 0; off++ {
				bytes[off] = 0
			}
		}
	}
	copy(bytes[off:], n.Tail)
	return nil
}

// putHeader writes struct nlmsghdr to b[:16].
func putHeader(b []byte, h Header, order binary.ByteOrder) {
	order.PutUint32(b[0:], h.Len)
	order.PutUint16(b[4:], h.Type)
	order.PutUint16(b[6:], h.Flags)
	order.PutUint32(b[8:], h.Seq)
	order.PutUint32(b[12:], h.PID)
}

// familyUnknown is the Family of a Netlink layer decoded without its
// cooked header.
const familyUnknown nlcap.Family = 0xffff

func decodeNetlink(data []byte, p gopacket.PacketBuilder) error {
	return decodeNetlinkFamily(data, p, familyUnknown)
}

func decodeNetlinkFamily(data []byte, p gopacket.PacketBuilder, f nlcap.Family) error {
	n := &Netlink{Family: f}
	if err := n.DecodeFromBytes(data, p); err != nil {
		// Keep the good messages: the layer, then (gopacket adds it for
		// the error) a DecodeFailure whose data is n.Payload, the
		// malformed rest.
		p.AddLayer(n)
		return err
	}
	p.AddLayer(n)
	if n.NextLayerType() == LayerTypeGenetlink {
		return p.NextDecoder(LayerTypeGenetlink)
	}
	return nil
}
