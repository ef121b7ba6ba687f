package dissect

import (
	"encoding/binary"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Genetlink is the generic netlink header, struct genlmsghdr
// (include/uapi/linux/genetlink.h), that follows nlmsghdr in a message of
// family NETLINK_GENERIC; the generic netlink family id is the nlmsg_type.
//
//	struct genlmsghdr {
//		__u8	cmd;
//		__u8	version;
//		__u16	reserved;
//	};
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      cmd      |    version    |     reserved (host order)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          attributes (struct nlattr ...) ...
//
// Its payload is the attributes (and any family-specific header).
type Genetlink struct {
	layers.BaseLayer
	Cmd      uint8
	Version  uint8
	Reserved uint16
	// ByteOrder is the byte order of Reserved; nil means native.
	ByteOrder binary.ByteOrder
}

var (
	_ gopacket.Layer             = (*Genetlink)(nil)
	_ gopacket.DecodingLayer     = (*Genetlink)(nil)
	_ gopacket.SerializableLayer = (*Genetlink)(nil)
)

// LayerType returns [LayerTypeGenetlink].
func (g *Genetlink) LayerType() gopacket.LayerType { return LayerTypeGenetlink }

// CanDecode returns [LayerTypeGenetlink].
func (g *Genetlink) CanDecode() gopacket.LayerClass { return LayerTypeGenetlink }

// NextLayerType returns gopacket.LayerTypePayload when attributes follow,
// else gopacket.LayerTypeZero.
func (g *Genetlink) NextLayerType() gopacket.LayerType {
	if len(g.Payload) > 0 {
		return gopacket.LayerTypePayload
	}
	return gopacket.LayerTypeZero
}

func (g *Genetlink) order() binary.ByteOrder {
	if g.ByteOrder == nil {
		return binary.NativeEndian
	}
	return g.ByteOrder
}

// DecodeFromBytes decodes genlmsghdr at the start of data.
func (g *Genetlink) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	if len(data) < genlHdrLen {
		df.SetTruncated()
		return &DecodeError{Layer: "Genetlink", Err: errShortGenl}
	}
	g.Cmd = data[0]
	g.Version = data[1]
	g.Reserved = g.order().Uint16(data[2:])
	g.Contents = data[:genlHdrLen]
	g.Payload = data[genlHdrLen:]
	return nil
}

// SerializeTo prepends genlmsghdr to b.
func (g *Genetlink) SerializeTo(b gopacket.SerializeBuffer, opts gopacket.SerializeOptions) error {
	bytes, err := b.PrependBytes(genlHdrLen)
	if err != nil {
		return err
	}
	bytes[0] = g.Cmd
	bytes[1] = g.Version
	g.order().PutUint16(bytes[2:], g.Reserved)
	return nil
}

func decodeGenetlink(data []byte, p gopacket.PacketBuilder) error {
	g := &Genetlink{}
	if err := g.DecodeFromBytes(data, p); err != nil {
		return err
	}
	p.AddLayer(g)
	if len(g.Payload) > 0 {
		return p.NextDecoder(gopacket.LayerTypePayload)
	}
	return nil
}
