package dissect

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
)

// testPacketGenlGetFamily is record 0 of testdata/captures/genl-ethtool.pcap
// (little-endian, Debian 6.1 x86_64): ethtool asking nlctrl for the id of
// the "ethtool" family.
//
//	0000  00 04 03 38 00 00 00 00 00 00 00 00 00 00 00 10  cooked: OUTGOING, ARPHRD_NETLINK 824, family 16 (generic)
//	0010  20 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00  nlmsghdr: len 32, type 0x10 (nlctrl), REQUEST|ACK, seq 1, pid 0
//	0020  03 01 00 00                                      genlmsghdr: CTRL_CMD_GETFAMILY, version 1
//	0024              0c 00 02 00 65 74 68 74 6f 6f 6c 00  CTRL_ATTR_FAMILY_NAME "ethtool"
var testPacketGenlGetFamily = []byte{
	0x00, 0x04, 0x03, 0x38, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x01, 0x00, 0x00, 0x0c, 0x00, 0x02, 0x00, 0x65, 0x74, 0x68, 0x74, 0x6f, 0x6f, 0x6c, 0x00,
}

func nativeLittle() bool { return binary.NativeEndian.Uint16([]byte{1, 0}) == 1 }

func checkLayers(t *testing.T, p gopacket.Packet, want []gopacket.LayerType) {
	t.Helper()
	var got []gopacket.LayerType
	for _, l := range p.Layers() {
		got = append(got, l.LayerType())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("layers (-want +got):\n%s", diff)
	}
	if el := p.ErrorLayer(); el != nil {
		t.Errorf("error layer: %v", el.Error())
	}
}

func TestPacketGenlGetFamily(t *testing.T) {
	if !nativeLittle() {
		t.Skip("the fixture is little-endian and gopacket.NewPacket decodes netlink in the native byte order")
	}
	p := gopacket.NewPacket(testPacketGenlGetFamily, layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
	checkLayers(t, p, []gopacket.LayerType{LayerTypeNlmon, LayerTypeNetlink, LayerTypeGenetlink, gopacket.LayerTypePayload})

	nm := p.Layer(LayerTypeNlmon).(*Nlmon)
	if want := nlcap.NewPseudoHeader(nlcap.FamilyGeneric); nm.Header != want {
		t.Errorf("Nlmon header = %+v, want %+v", nm.Header, want)
	}
	nl := p.Layer(LayerTypeNetlink).(*Netlink)
	want := []NetlinkMessage{{
		Header:  Header{Len: 32, Type: 0x10, Flags: 0x5, Seq: 1, PID: 0},
		Payload: testPacketGenlGetFamily[32:48],
	}}
	if diff := cmp.Diff(want, nl.Messages); diff != "" {
		t.Errorf("Netlink messages (-want +got):\n%s", diff)
	}
	if nl.Family != nlcap.FamilyGeneric || nl.Tail != nil {
		t.Errorf("Netlink family %v tail %x", nl.Family, nl.Tail)
	}
	g := p.Layer(LayerTypeGenetlink).(*Genetlink)
	if g.Cmd != ctrlCmdGetFamily || g.Version != 1 || g.Reserved != 0 || !bytes.Equal(g.Payload, testPacketGenlGetFamily[36:]) {
		t.Errorf("Genetlink = %+v", g)
	}
	if _, ok := layers.LinkTypeMetadata[nlcap.LinkTypeNetlink].DecodeWith.(gopacket.DecodeFunc); !ok {
		t.Error("LinkTypeMetadata[253] not registered")
	}
}

// TestLayersRoundTrip decodes every record of the testdata captures with a
// DecodingLayerParser, serializes the layers again and expects the same
// bytes (the captures' padding is zero), then decodes the result again and
// expects the same layers.
func TestLayersRoundTrip(t *testing.T) {
	for _, c := range engineCaptures(t) {
		t.Run(c.name, func(t *testing.T) {
			for i, frame := range c.frames {
				var (
					nm  Nlmon
					nl  = Netlink{Cooked: &nm, ByteOrder: c.records[i].ByteOrder}
					g   = Genetlink{ByteOrder: c.records[i].ByteOrder}
					pay gopacket.Payload
				)
				parser := gopacket.NewDecodingLayerParser(LayerTypeNlmon, &nm, &nl, &g, &pay)
				var decoded []gopacket.LayerType
				if err := parser.DecodeLayers(frame, &decoded); err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				if nl.Family != c.records[i].Family {
					t.Errorf("record %d: Netlink.Family %v, want %v", i, nl.Family, c.records[i].Family)
				}
				var sls []gopacket.SerializableLayer
				for _, lt := range decoded {
					switch lt {
					case LayerTypeNlmon:
						sls = append(sls, &nm)
					case LayerTypeNetlink:
						sls = append(sls, &nl)
					case LayerTypeGenetlink:
						sls = append(sls, &g)
					case gopacket.LayerTypePayload:
						sls = append(sls, &pay)
					}
				}
				buf := gopacket.NewSerializeBuffer()
				if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, sls...); err != nil {
					t.Fatalf("record %d: serialize: %v", i, err)
				}
				if !bytes.Equal(buf.Bytes(), frame) {
					t.Errorf("record %d: round trip differs\n got %x\nwant %x", i, buf.Bytes(), frame)
				}
				if c.records[i].Family == nlcap.FamilyGeneric && len(nl.Messages) == 1 && nl.Messages[0].Header.Type >= nlmsgMinType && !slicesContain(decoded, LayerTypeGenetlink) {
					t.Errorf("record %d: single genl message without a Genetlink layer", i)
				}
			}
		})
	}
}

// TestNewPacketCaptures runs every testdata record through
// gopacket.NewPacket with link type 253.
func TestNewPacketCaptures(t *testing.T) {
	if !nativeLittle() {
		t.Skip("the captures are little-endian and gopacket.NewPacket decodes netlink in the native byte order")
	}
	for _, c := range engineCaptures(t) {
		for i, frame := range c.frames {
			p := gopacket.NewPacket(frame, layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
			if el := p.ErrorLayer(); el != nil {
				t.Errorf("%s record %d: %v", c.name, i, el.Error())
				continue
			}
			nl, ok := p.Layer(LayerTypeNetlink).(*Netlink)
			if !ok || nl.Family != c.records[i].Family || len(nl.Messages) == 0 {
				t.Errorf("%s record %d: Netlink layer %+v", c.name, i, nl)
			}
		}
	}
}

func slicesContain(s []gopacket.LayerType, x gopacket.LayerType) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func TestNetlinkLayerSerializeFixLengths(t *testing.T) {
	nl := &Netlink{ByteOrder: binary.BigEndian, Messages: []NetlinkMessage{
		{Header: Header{Type: 0x12, Flags: 0x301, Seq: 9}, Payload: []byte{1, 2, 3}},
		{Header: Header{Type: nlmsgDone, Flags: 0x2, Seq: 9}, Payload: []byte{0, 0, 0, 0}},
	}}
	buf := gopacket.NewSerializeBuffer()
	if err := nl.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		t.Fatal(err)
	}
	// 0000  00 00 00 13 00 12 03 01 00 00 00 09 00 00 00 00  len 19 (big-endian)
	// 0010  01 02 03 00                                      payload + 1 byte padding
	// 0014  00 00 00 14 00 03 00 02 00 00 00 09 00 00 00 00  NLMSG_DONE, len 20
	// 0024  00 00 00 00
	want := mustHex("0000001300120301000000090000000001020300" + "0000001400030002000000090000000000000000")
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("got  %x\nwant %x", buf.Bytes(), want)
	}
	var back Netlink
	back.ByteOrder = binary.BigEndian
	if err := back.DecodeFromBytes(buf.Bytes(), gopacket.NilDecodeFeedback); err != nil {
		t.Fatal(err)
	}
	nl.Messages[0].Header.Len, nl.Messages[1].Header.Len = 19, 20
	if diff := cmp.Diff(nl.Messages, back.Messages); diff != "" {
		t.Errorf("decode (-want +got):\n%s", diff)
	}

	// An upper layer cannot go into a record of two messages.
	buf = gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, nl, gopacket.Payload{1}); err == nil {
		t.Error("serializing a payload into two messages: no error")
	}
}

func TestLayerErrors(t *testing.T) {
	tests := []struct {
		name  string
		layer gopacket.DecodingLayer
		data  []byte
	}{
		{"nlmon short", &Nlmon{}, make([]byte, 15)},
		{"netlink len past data", &Netlink{}, mustHex("40000000100000000000000000000000")},
		{"netlink len < 16", &Netlink{}, mustHex("08000000100000000000000000000000")},
		{"genetlink short", &Genetlink{}, []byte{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var df truncFeedback
			err := tt.layer.DecodeFromBytes(tt.data, &df)
			var de *DecodeError
			if err == nil || !asDecodeError(err, &de) || !df.truncated {
				t.Errorf("err = %v (DecodeError %v), truncated %v", err, de != nil, df.truncated)
			}
		})
	}
	// A zero tail is not an error, and is kept.
	var nl Netlink
	data := cat(nlmsg(0x10, 1, 1, 0, u32(0)), make([]byte, 40))
	nl.ByteOrder = binary.LittleEndian
	if err := nl.DecodeFromBytes(data, gopacket.NilDecodeFeedback); err != nil || len(nl.Messages) != 1 || len(nl.Tail) != 40 {
		t.Errorf("zero tail: err %v, %d messages, tail %d", err, len(nl.Messages), len(nl.Tail))
	}
	// gopacket.NewPacket turns a failure into a DecodeFailure layer.
	p := gopacket.NewPacket(make([]byte, 10), layers.LinkType(nlcap.LinkTypeNetlink), gopacket.Default)
	if p.ErrorLayer() == nil {
		t.Error("short record: no error layer")
	}
}

type truncFeedback struct{ truncated bool }

func (f *truncFeedback) SetTruncated() { f.truncated = true }

func asDecodeError(err error, de **DecodeError) bool {
	e, ok := err.(*DecodeError)
	*de = e
	return ok && e.Err != nil && e.Error() != ""
}

func BenchmarkDecodingLayerParser(b *testing.B) {
	var (
		nm  Nlmon
		nl  = Netlink{Cooked: &nm, ByteOrder: binary.LittleEndian}
		g   = Genetlink{ByteOrder: binary.LittleEndian}
		pay gopacket.Payload
	)
	parser := gopacket.NewDecodingLayerParser(LayerTypeNlmon, &nm, &nl, &g, &pay)
	decoded := make([]gopacket.LayerType, 0, 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(testPacketGenlGetFamily)))
	for b.Loop() {
		if err := parser.DecodeLayers(testPacketGenlGetFamily, &decoded); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewPacket(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		gopacket.NewPacket(testPacketGenlGetFamily, layers.LinkType(nlcap.LinkTypeNetlink), gopacket.NoCopy)
	}
}

// BenchmarkDecoder decodes every record of each testdata capture (after a
// Learn pre-pass) and reports messages per second.
func BenchmarkDecoder(b *testing.B) {
	for _, c := range engineCaptures(b) {
		b.Run(c.name, func(b *testing.B) {
			d := NewDecoder(nil)
			for _, r := range c.records {
				d.Learn(r)
			}
			msgs := 0
			b.ReportAllocs()
			for b.Loop() {
				for i, r := range c.records {
					msgs += len(d.Decode(r, i))
				}
			}
			b.ReportMetric(float64(msgs)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
