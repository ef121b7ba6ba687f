package dissect

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"

	"github.com/nlcap/nlcap"
)

// addCaptureSeeds adds every record of the testdata captures (cooked header
// included) to the corpus, with the hand-made malformed inputs.
func addCaptureSeeds(f *testing.F) {
	for _, c := range engineCaptures(f) {
		for _, fr := range c.frames {
			f.Add(fr)
		}
	}
	f.Add(cat([]byte{0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 31}, errNexthopGateway))
	f.Add(testPacketGenlGetFamily)
	// rtnetlink shapes the captures lack: nests known only from the
	// tables (veth peer with its ifinfomsg), struct lists (RTA_MULTIPATH)
	// and a short dump header.
	route := []byte{0, 4, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	f.Add(cat(route, nlmsg(rtmNewLink, 0x605, 1, 0, ifinfomsg(0, 0, 0, 0, 0), nla(3, str("v0")),
		nla(18, nla(1, str("veth")), nla(2, nla(1, ifinfomsg(0, 0, 0, 0, 0), nla(3, str("v1"))))))))
	f.Add(cat(route, nlmsg(rtmNewRoute, 0x605, 3, 0, rtmsg(afInet, 24, 254, 4, 0, 1, 0), nla(1, ip4(198, 51, 100, 0)),
		nla(9, rtnexthop(4, 0, 3, nla(5, ip4(192, 0, 2, 254))), rtnexthop(0, 1, 4, nla(5, ip4(192, 0, 2, 253)))))))
	f.Add(cat(route, nlmsg(rtmGetLink, 0x301, 1, 0, []byte{0, 0, 0, 0}, nla(29, u32(1)))))
	f.Add(cat(route, nlmsg(rtmNewRoute, 0, 0, 0, rtmsg(afMPLS, 20, 254, 4, 0, 1, 0), nla(1, []byte{0, 6, 0x41, 0}), nla(18, u16(afInet), ip4(10, 0, 0, 2)))))
}

// FuzzNetlink decodes arbitrary records. The first 16 bytes are the cooked
// header (its family picks the decoder); the rest is decoded in both byte
// orders by the Decoder, which must not panic, and by the layers, which
// must give the same messages after serialize → decode.
func FuzzNetlink(f *testing.F) {
	addCaptureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var family nlcap.Family
		body := data
		if len(data) >= nlcap.PseudoHeaderLen {
			family = nlcap.Family(binary.BigEndian.Uint16(data[14:16]))
			body = data[nlcap.PseudoHeaderLen:]
		}
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			r := nlcap.Record{Family: family, ByteOrder: order, Data: body}
			d := NewDecoder(&Config{MaxDepth: 8})
			d.Learn(r)
			for _, m := range d.Decode(r, 0) {
				checkMessage(t, &m, body)
			}
			NewDecoder(&Config{Numeric: true}).Decode(r, 0)
			full, brief := NewDecoder(nil), NewDecoder(&Config{Brief: true})
			full.Learn(r)
			brief.Learn(r)
			fms, bms := full.Decode(r, 0), brief.Decode(r, 0)
			if len(fms) != len(bms) {
				t.Fatalf("%d messages, brief %d", len(fms), len(bms))
			}
			for i := range bms {
				checkMessage(t, &bms[i], body)
				// Brief keeps only the attributes the summary reads.
				if fms[i].Summary != bms[i].Summary {
					t.Fatalf("message %d (%s): summary %q, brief %q", i, fms[i].TypeName, fms[i].Summary, bms[i].Summary)
				}
			}
			// ValueDepth 1 (nlcap -v): the attributes, their values and
			// their children's count are the full decode's.
			shallow := NewDecoder(&Config{ValueDepth: 1})
			shallow.Learn(r)
			for i, sm := range shallow.Decode(r, 0) {
				checkMessage(t, &sm, body)
				fm := fms[i]
				if len(sm.Attrs) != len(fm.Attrs) {
					t.Fatalf("message %d (%s): %d attributes, ValueDepth 1 %d", i, fm.TypeName, len(fm.Attrs), len(sm.Attrs))
				}
				for j := range sm.Attrs {
					f, v := &fm.Attrs[j], &sm.Attrs[j]
					if f.Name != v.Name || f.Value != v.Value || len(f.Children) != len(v.Children) || f.Problem != v.Problem {
						t.Fatalf("message %d (%s) attribute %d: %q=%q (%d children, problem %q), ValueDepth 1 %q=%q (%d, %q)",
							i, fm.TypeName, j, f.Name, f.Value, len(f.Children), f.Problem, v.Name, v.Value, len(v.Children), v.Problem)
					}
				}
			}
			layerRoundTrip(t, data, order)
		}
	})
}

// checkMessage checks invariants of a decoded message: offsets inside the
// record, attributes inside the message.
func checkMessage(t *testing.T, m *Message, record []byte) {
	t.Helper()
	if m.Offset < 0 || m.Offset+len(m.Data) > len(record) {
		t.Fatalf("message %d: offset %d + %d past record of %d", m.Index, m.Offset, len(m.Data), len(record))
	}
	if strings.Contains(m.Problem, "family table fault") {
		t.Fatalf("message %d (%s): %s", m.Index, m.TypeName, m.Problem)
	}
	var walk func(as []Attr)
	walk = func(as []Attr) {
		for i := range as {
			a := &as[i]
			if strings.Contains(a.Problem, "family table fault") {
				t.Fatalf("attribute %s: %s", a.Name, a.Problem)
			}
			if a.Offset < 0 || a.Offset+len(a.Data) > len(m.Data) {
				t.Fatalf("attribute at %d (+%d) past message of %d", a.Offset, len(a.Data), len(m.Data))
			}
			walk(a.Children)
		}
	}
	walk(m.Attrs)
}

// layerRoundTrip decodes data with the gopacket layers; when that works, it
// serializes them, decodes again and wants the same layers and bytes.
func layerRoundTrip(t *testing.T, data []byte, order binary.ByteOrder) {
	t.Helper()
	first, ok := decodeLayersOnce(data, order)
	if !ok {
		return
	}
	out1, err := serializeLayersOnce(first)
	if err != nil {
		t.Fatalf("serialize: %v", err)
	}
	second, ok := decodeLayersOnce(out1, order)
	if !ok {
		t.Fatalf("serialized layers do not decode: %x", out1)
	}
	out2, err := serializeLayersOnce(second)
	if err != nil {
		t.Fatalf("serialize again: %v", err)
	}
	if !bytes.Equal(out1, out2) {
		t.Fatalf("decode→serialize not stable:\n%x\n%x", out1, out2)
	}
	if diff := cmp.Diff(first.nl.Messages, second.nl.Messages); diff != "" {
		t.Fatalf("messages differ after round trip (-first +second):\n%s", diff)
	}
}

type decodedLayers struct {
	nm      Nlmon
	nl      Netlink
	g       Genetlink
	pay     gopacket.Payload
	decoded []gopacket.LayerType
}

func decodeLayersOnce(data []byte, order binary.ByteOrder) (*decodedLayers, bool) {
	l := &decodedLayers{}
	l.nl = Netlink{Cooked: &l.nm, ByteOrder: order}
	l.g = Genetlink{ByteOrder: order}
	p := gopacket.NewDecodingLayerParser(LayerTypeNlmon, &l.nm, &l.nl, &l.g, &l.pay)
	if err := p.DecodeLayers(data, &l.decoded); err != nil {
		return nil, false
	}
	return l, true
}

func serializeLayersOnce(l *decodedLayers) ([]byte, error) {
	var sls []gopacket.SerializableLayer
	for _, lt := range l.decoded {
		switch lt {
		case LayerTypeNlmon:
			sls = append(sls, &l.nm)
		case LayerTypeNetlink:
			sls = append(sls, &l.nl)
		case LayerTypeGenetlink:
			sls = append(sls, &l.g)
		case gopacket.LayerTypePayload:
			sls = append(sls, &l.pay)
		}
	}
	buf := gopacket.NewSerializeBuffer()
	err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, sls...)
	return append([]byte(nil), buf.Bytes()...), err
}

// FuzzAttributes decodes arbitrary bytes as attributes with every attribute
// set the package knows (and none), checking that the tree stays inside
// its input.
func FuzzAttributes(f *testing.F) {
	for _, c := range engineCaptures(f) {
		for _, r := range c.records {
			for m, err := range r.Messages() {
				if err == nil && len(m.Data) > 4 {
					f.Add(m.Data[4:]) // past a genlmsghdr or the first 4 bytes of a family header
					f.Add(m.Data)
				}
			}
		}
	}
	sets := []*AttrSet{nil, ctrlAttrs, extAckAttrs, policyTypeAttrs, testNhAttrs}
	for _, fs := range familySpecs {
		for _, ms := range fs.Messages {
			if ms.Attrs != nil {
				sets = append(sets, ms.Attrs)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, set := range sets {
			for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
				ad := attrDecoder{order: order, be: order == binary.BigEndian, maxDepth: DefaultMaxDepth}
				attrs, rest := ad.decode(data, 0, set, 1)
				if len(rest) >= nlaHdrLen {
					t.Fatalf("%d bytes left undecoded", len(rest))
				}
				var walk func(as []Attr, lo, hi int)
				walk = func(as []Attr, lo, hi int) {
					for i := range as {
						a := &as[i]
						if strings.Contains(a.Problem, "family table fault") {
							t.Fatalf("attribute %s: %s", a.Name, a.Problem)
						}
						if a.Offset < lo || a.Offset+len(a.Data) > hi {
							t.Fatalf("attribute at %d+%d outside its parent [%d,%d)", a.Offset, len(a.Data), lo, hi)
						}
						walk(a.Children, a.Offset+nlaHdrLen, a.Offset+nlaHdrLen+len(a.Data))
					}
				}
				walk(attrs, 0, len(data))
				_ = AttrPath(attrs, len(data)/2)
			}
		}
	})
}
