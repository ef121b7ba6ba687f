package dissect

import (
	"encoding/binary"

	"github.com/nlcap/nlcap"
)

// Little-endian builders for hand-made test messages.

var le = binary.LittleEndian

// nlmsg returns struct nlmsghdr + payload, with nlmsg_len set and the result
// padded to 4 bytes.
func nlmsg(typ, flags uint16, seq, pid uint32, payload ...[]byte) []byte {
	var body []byte
	for _, p := range payload {
		body = append(body, p...)
	}
	b := le.AppendUint32(nil, uint32(16+len(body)))
	b = le.AppendUint16(b, typ)
	b = le.AppendUint16(b, flags)
	b = le.AppendUint32(b, seq)
	b = le.AppendUint32(b, pid)
	b = append(b, body...)
	return pad4(b)
}

// nla returns struct nlattr + payload, padded to 4 bytes.
func nla(typ uint16, payload ...[]byte) []byte {
	var body []byte
	for _, p := range payload {
		body = append(body, p...)
	}
	b := le.AppendUint16(nil, uint16(4+len(body)))
	b = le.AppendUint16(b, typ)
	return pad4(append(b, body...))
}

func u32(v uint32) []byte { return le.AppendUint32(nil, v) }
func u16(v uint16) []byte { return le.AppendUint16(nil, v) }
func str(s string) []byte { return append([]byte(s), 0) }

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func cat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

func rec(f nlcap.Family, data ...[]byte) nlcap.Record {
	return nlcap.Record{Family: f, ByteOrder: le, Data: cat(data...)}
}
