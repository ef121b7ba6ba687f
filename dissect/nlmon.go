package dissect

import (
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
)

// Nlmon is the 16-byte LINKTYPE_NETLINK cooked header that starts every
// nlmon pcap record. All its fields are big-endian, whatever the byte order
// of the netlink messages that follow; it is decoded and encoded by
// [nlcap.PseudoHeader] and nowhere else.
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
//	|          netlink messages (host byte order) ...
//
// Its payload is the record's netlink messages ([Netlink]).
type Nlmon struct {
	layers.BaseLayer
	Header nlcap.PseudoHeader
}

var (
	_ gopacket.Layer             = (*Nlmon)(nil)
	_ gopacket.DecodingLayer     = (*Nlmon)(nil)
	_ gopacket.SerializableLayer = (*Nlmon)(nil)
)

// LayerType returns [LayerTypeNlmon].
func (n *Nlmon) LayerType() gopacket.LayerType { return LayerTypeNlmon }

// CanDecode returns [LayerTypeNlmon].
func (n *Nlmon) CanDecode() gopacket.LayerClass { return LayerTypeNlmon }

// NextLayerType returns [LayerTypeNetlink].
func (n *Nlmon) NextLayerType() gopacket.LayerType { return LayerTypeNetlink }

// DecodeFromBytes decodes the cooked header at the start of data. It does
// not reject odd header values (see [nlcap.PseudoHeader.Check]).
func (n *Nlmon) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if err := n.Header.UnmarshalBinary(data); err != nil {
		df.SetTruncated()
		return &DecodeError{Layer: "Nlmon", Err: errShortCooked}
	}
	n.Contents = data[:nlcap.PseudoHeaderLen]
	n.Payload = data[nlcap.PseudoHeaderLen:]
	return nil
}

// SerializeTo prepends the 16-byte cooked header to b.
func (n *Nlmon) SerializeTo(b gopacket.SerializeBuffer, opts gopacket.SerializeOptions) error {
	hdr, err := n.Header.MarshalBinary()
	if err != nil {
		return err
	}
	bytes, err := b.PrependBytes(len(hdr))
	if err != nil {
		return err
	}
	copy(bytes, hdr)
	return nil
}

func decodeNlmon(data []byte, p gopacket.PacketBuilder) error {
	n := &Nlmon{}
	if err := n.DecodeFromBytes(data, p); err != nil {
		return err
	}
	p.AddLayer(n)
	if len(n.Payload) == 0 {
		return nil
	}
	family := n.Header.Family
	return p.NextDecoder(gopacket.DecodeFunc(func(data []byte, p gopacket.PacketBuilder) error {
		return decodeNetlinkFamily(data, p, family)
	}))
}
