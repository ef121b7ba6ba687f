package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// A member describes one member of a C struct for [cstruct]: its offset,
// how it is stored and printed, and its meaning tags. The struct tables of
// sock_diag (inet_diag_msg, tcp_info...) and XFRM (xfrm_usersa_info...)
// are lists of members, read off the UAPI headers.
type member struct {
	name  string
	off   int
	kind  memberKind
	size  int // bytes, for mBytes, mString and mAddr (the field's whole width)
	enum  map[uint64]string
	flags map[uint64]string
	tags  Tag
	// shift and mask select a bit field of an mU8 (tcpi_snd_wscale : 4).
	shift, mask uint8
}

// memberKind says how a member is stored and printed.
type memberKind uint8

const (
	mU8     memberKind = iota
	mU16               // host order
	mU32               //
	mU64               //
	mS32               //
	mBE16              // network order (ports)
	mBE32              // network order, printed in hex (SPIs)
	mBE32v             // network order, decimal
	mBE64              // network order
	mBytes             // hex
	mString            // NUL-padded char array
	mAddr              // xfrm_address_t / idiag_src: IPv4 in the first 4 bytes or IPv6, by the family member
	mU32x              // u32 in hex (marks)
	mCookie            // __u32 [2] socket cookie, printed as ss does: 0x + cookie[1]<<32 | cookie[0]
)

// width returns the member's size on the wire.
func (m member) width() int {
	switch m.kind {
	case mU8:
		return 1
	case mU16, mBE16:
		return 2
	case mU32, mS32, mBE32, mBE32v, mU32x:
		return 4
	case mU64, mCookie, mBE64:
		return 8
	}
	return m.size
}

// cstruct builds the decoder of a C struct of len bytes from its members.
// familyAt, when >= 0, is the offset of the u8 or u16 address family that
// decides how mAddr members print (AF_INET: the first 4 bytes); familyWidth
// is its size. Members beyond a shorter payload (an older kernel's struct)
// are left out.
func cstruct(name string, length int, members ...member) *HeaderSpec {
	return cstructFamily(name, length, -1, 0, members...)
}

func cstructFamily(name string, length, familyAt, familyWidth int, members ...member) *HeaderSpec {
	h := &HeaderSpec{Name: name, Len: length}
	for _, m := range members {
		if m.tags != 0 {
			h.Tagged = append(h.Tagged, TaggedField{Name: m.name, Offset: m.off, Size: m.width(), Tags: m.tags})
		}
	}
	h.Decode = func(b []byte, order binary.ByteOrder) []Field {
		af := uint64(0)
		if familyAt >= 0 && familyAt+familyWidth <= len(b) {
			if familyWidth == 2 {
				af = uint64(order.Uint16(b[familyAt:]))
			} else {
				af = uint64(b[familyAt])
			}
		}
		fs := make([]Field, 0, len(members)+1)
		end := 0
		for _, m := range members {
			end = max(end, m.off+m.width())
			if m.off+m.width() > len(b) {
				continue
			}
			fs = append(fs, m.field(b[m.off:m.off+m.width()], order, af))
		}
		if len(b) > end && end >= length {
			// A newer kernel's longer struct: nothing is dropped.
			fs = append(fs, Field{Name: "unknown+" + strconv.Itoa(end), Value: hexString(b[end:])})
		}
		return fs
	}
	return h
}

// field formats member m from its bytes p.
func (m member) field(p []byte, order binary.ByteOrder, af uint64) Field {
	var v uint64
	switch m.kind {
	case mU8:
		v = uint64(p[0])
		if m.mask != 0 {
			v = v >> m.shift & uint64(m.mask)
		}
	case mCookie:
		v = uint64(order.Uint32(p[4:]))<<32 | uint64(order.Uint32(p))
		return Field{Name: m.name, Value: "0x" + strconv.FormatUint(v, 16), Raw: v}
	case mU16:
		v = uint64(order.Uint16(p))
	case mU32, mU32x:
		v = uint64(order.Uint32(p))
	case mS32:
		s := int32(order.Uint32(p))
		return Field{Name: m.name, Value: strconv.FormatInt(int64(s), 10), Raw: uint64(uint32(s))}
	case mU64:
		v = order.Uint64(p)
	case mBE16:
		v = uint64(binary.BigEndian.Uint16(p))
	case mBE32:
		v = uint64(binary.BigEndian.Uint32(p))
		return Field{Name: m.name, Value: "0x" + strconv.FormatUint(v, 16), Raw: v}
	case mBE32v:
		v = uint64(binary.BigEndian.Uint32(p))
	case mBE64:
		v = binary.BigEndian.Uint64(p)
	case mBytes:
		return Field{Name: m.name, Value: hexString(p)}
	case mString:
		return Field{Name: m.name, Value: quoteString(p)}
	case mAddr:
		return Field{Name: m.name, Value: familyAddr(p, af)}
	}
	switch {
	case m.enum != nil:
		return enumField(m.name, m.enum, v)
	case m.flags != nil:
		return flagsField(m.name, m.flags, v)
	case m.kind == mU32x:
		return Field{Name: m.name, Value: "0x" + strconv.FormatUint(v, 16), Raw: v}
	}
	return Field{Name: m.name, Value: strconv.FormatUint(v, 10), Raw: v}
}

// familyAddr prints a 16-byte address field: IPv4 in its first 4 bytes
// for AF_INET (2), IPv6 for AF_INET6 (10), hex otherwise.
func familyAddr(p []byte, af uint64) string {
	switch {
	case af == 2 && len(p) >= 4:
		return netip.AddrFrom4([4]byte(p[:4])).String()
	case af == 10 && len(p) >= 16:
		return netip.AddrFrom16([16]byte(p[:16])).String()
	}
	return hexString(p)
}

// Member constructors, to keep the struct tables one line per member.
func mu8(name string, off int) member  { return member{name: name, off: off, kind: mU8} }
func mu16(name string, off int) member { return member{name: name, off: off, kind: mU16} }
func mu32(name string, off int) member { return member{name: name, off: off, kind: mU32} }
func mu64(name string, off int) member { return member{name: name, off: off, kind: mU64} }

// vol marks a member volatile: it differs between two runs.
func (m member) vol() member { m.tags |= TagVolatile; return m }

// named gives an integer member value names.
func (m member) named(names map[uint64]string) member { m.enum = names; return m }

// bits gives an integer member flag names.
func (m member) bits(names map[uint64]string) member { m.flags = names; return m }

// bitField is a bit field of a u8 member: (byte >> shift) & mask.
func bitField(name string, off int, shift, mask uint8) member {
	return member{name: name, off: off, kind: mU8, shift: shift, mask: mask}
}
