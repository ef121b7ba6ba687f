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
	// since, when set, is the size of the first version of the struct
	// that has the member: a shorter payload comes from a kernel whose
	// struct ends before it, in padding where the member now is.
	since int
}

// memberKind says how a member is stored and printed.
type memberKind uint8

const (
	mU8       memberKind = iota
	mU16                 // host order
	mU32                 //
	mU64                 //
	mS32                 //
	mBE16                // network order (ports)
	mBE32                // network order, printed in hex (SPIs)
	mBE32v               // network order, decimal
	mBE64                // network order
	mBytes               // hex
	mString              // NUL-padded char array
	mAddr                // xfrm_address_t / idiag_src: IPv4 in the first 4 bytes or IPv6, by the family member
	mU32x                // u32 in hex (marks)
	mCookie              // __u32 [2] socket cookie, printed as ss does: 0x + cookie[1]<<32 | cookie[0]
	mSockaddr            // struct sockaddr_storage (size bytes) holding a sockaddr_in or sockaddr_in6: addr:port
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
	// appendTo lets a Decoder append the fields to memory it reuses (a
	// generic netlink family header: struct ovs_header of every OVS
	// message).
	h.appendTo = func(fs []Field, b []byte, order binary.ByteOrder) []Field {
		af := uint64(0)
		if familyAt >= 0 && familyAt+familyWidth <= len(b) {
			if familyWidth == 2 {
				af = uint64(order.Uint16(b[familyAt:]))
			} else {
				af = uint64(b[familyAt])
			}
		}
		end := 0
		for _, m := range members {
			end = max(end, m.off+m.width())
			if m.off+m.width() > len(b) || m.since > len(b) {
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
	h.count = func([]byte) int { return len(members) + 1 }
	h.Decode = func(b []byte, order binary.ByteOrder) []Field {
		// h.appendTo as it is when called: a wrapper set after (addrStruct) applies.
		return h.appendTo(make([]Field, 0, len(members)+1), b, order)
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
		if name, ok := m.enum[uint64(uint32(s))]; ok {
			return Field{Name: m.name, Value: name, Raw: uint64(uint32(s))}
		}
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
	case mSockaddr:
		return Field{Name: m.name, Value: sockaddrString(p, order)}
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

// sockaddrString prints a struct sockaddr_storage as ss does: "addr:port"
// for a sockaddr_in, "[addr]:port" for a sockaddr_in6, "" for AF_UNSPEC
// (nothing there), hex for another family.
//
//	struct sockaddr_in  { __kernel_sa_family_t sin_family; __be16 sin_port; struct in_addr sin_addr; ... };
//	struct sockaddr_in6 { unsigned short int sin6_family; __be16 sin6_port; __be32 sin6_flowinfo; struct in6_addr sin6_addr; __u32 sin6_scope_id; };
func sockaddrString(p []byte, order binary.ByteOrder) string {
	if len(p) < 4 {
		return hexString(p)
	}
	port := strconv.Itoa(int(binary.BigEndian.Uint16(p[2:4])))
	switch order.Uint16(p) {
	case 0:
		if allZero(p) {
			return ""
		}
	case 2:
		if len(p) >= 8 {
			return netip.AddrFrom4([4]byte(p[4:8])).String() + ":" + port
		}
	case 10:
		if len(p) >= 24 {
			return "[" + netip.AddrFrom16([16]byte(p[8:24])).String() + "]:" + port
		}
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

// from says the member came with the version of the struct that is n
// bytes long (see member.since).
func (m member) from(n int) member { m.since = n; return m }

// named gives an integer member value names.
func (m member) named(names map[uint64]string) member { m.enum = names; return m }

// bits gives an integer member flag names.
func (m member) bits(names map[uint64]string) member { m.flags = names; return m }

// bitField is a bit field of a u8 member: (byte >> shift) & mask.
func bitField(name string, off int, shift, mask uint8) member {
	return member{name: name, off: off, kind: mU8, shift: shift, mask: mask}
}
