package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Helpers of the generic netlink overlays (ethtool.go, nl80211.go,
// genl_families.go...): typing many attributes of one kind at once, and the
// printers of values the scalar kinds do not cover.

// specs returns one AttrSpec of kind k (and tags) per name, for genSet.
func specs(k ValueKind, tags Tag, names ...string) []*AttrSpec {
	out := make([]*AttrSpec, len(names))
	for i, n := range names {
		out[i] = &AttrSpec{Name: n, Kind: k, Tags: tags}
	}
	return out
}

// join concatenates lists of specs.
func join(lists ...[]*AttrSpec) []*AttrSpec {
	var out []*AttrSpec
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// one wraps specs given one by one as a list for join.
func one(s ...*AttrSpec) []*AttrSpec { return s }

// nestSelf makes the attributes of g named names nests of s itself (devlink,
// thermal and TASKSTATS nest their own attribute set).
func nestSelf(s *AttrSet, g uapiGroup, names ...string) {
	for _, n := range names {
		v, _ := g.value(n)
		s.Attrs[uint16(v)] = &AttrSpec{Name: n, Kind: KindNested, Nested: s}
	}
}

// enumNames returns the names of g with prefix cut off ("ETHTOOL_LINK_MODE_"
// and suffix "_BIT": "10baseT_Half"), by value.
func enumNames(g uapiGroup, prefix, suffix string) map[uint64]string {
	m := g.names()
	for v, n := range m {
		m[v] = strings.TrimSuffix(strings.TrimPrefix(n, prefix), suffix)
	}
	return m
}

// bitIndexNames names the bit numbers of single-bit flags g (WAKE_PHY =
// 1 << 0: bit 0 is "WAKE_PHY").
func bitIndexNames(g uapiGroup) map[uint64]string {
	m := map[uint64]string{}
	for _, c := range g {
		if c.Value != 0 && c.Value&(c.Value-1) == 0 {
			i := uint64(0)
			for v := c.Value; v > 1; v >>= 1 {
				i++
			}
			if _, ok := m[i]; !ok {
				m[i] = c.Name
			}
		}
	}
	return m
}

// formatBitmap prints a bitmap of 32-bit words in order b (ethtool's
// compact bitsets, ETHTOOL_A_BITSET_VALUE and _MASK: "u32 words, host
// order") as the numbers (or names) of its set bits: "1 5 10baseT_Full".
// A length not a multiple of 4 prints in hex.
func formatBitmap(b []byte, order binary.ByteOrder, names map[uint64]string) string {
	if len(b)%4 != 0 {
		return hexString(b)
	}
	var sb strings.Builder
	for w := 0; w < len(b)/4; w++ {
		word := order.Uint32(b[w*4:])
		for bit := 0; bit < 32; bit++ {
			if word&(1<<bit) == 0 {
				continue
			}
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			i := uint64(w*32 + bit)
			if n, ok := names[i]; ok {
				sb.WriteString(n)
			} else {
				sb.WriteString(strconv.FormatUint(i, 10))
			}
		}
	}
	if sb.Len() == 0 {
		return "(none)"
	}
	return sb.String()
}

// formatArray prints a payload of fixed-size integers (size 4 or 8,
// signed or not) in order b as "1,2,3"; a length not a multiple of size
// prints in hex.
func formatArray(b []byte, order binary.ByteOrder, size int, signed bool) string {
	if len(b)%size != 0 {
		return hexString(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); i += size {
		if i > 0 {
			sb.WriteByte(',')
		}
		var v uint64
		if size == 4 {
			v = uint64(order.Uint32(b[i:]))
			if signed {
				v = uint64(int64(int32(v)))
			}
		} else {
			v = order.Uint64(b[i:])
		}
		if signed {
			sb.WriteString(strconv.FormatInt(int64(v), 10))
		} else {
			sb.WriteString(strconv.FormatUint(v, 10))
		}
	}
	return sb.String()
}

// formatTimespec prints struct __kernel_timespec (s64 tv_sec, s64 tv_nsec)
// as an RFC 3339 UTC time, "never" when both are zero (WireGuard's
// WGPEER_A_LAST_HANDSHAKE_TIME of a peer that has not shaken hands).
func formatTimespec(b []byte, order binary.ByteOrder) string {
	if len(b) != 16 {
		return hexString(b)
	}
	sec, nsec := int64(order.Uint64(b)), int64(order.Uint64(b[8:]))
	if sec == 0 && nsec == 0 {
		return "never"
	}
	if nsec < 0 || nsec >= 1e9 {
		return strconv.FormatInt(sec, 10) + "s " + strconv.FormatInt(nsec, 10) + "ns (nanoseconds out of range)"
	}
	return time.Unix(sec, nsec).UTC().Format(time.RFC3339Nano)
}

// formatSockaddr prints struct sockaddr_in or sockaddr_in6
// (include/uapi/linux/in.h, in6.h; family in host order, port in network
// order) as "192.0.2.1:51820" or "[2001:db8::1%3]:51820" (scope id shown
// when set); other families and lengths print in hex.
//
//	struct sockaddr_in {  __kernel_sa_family_t sin_family; __be16 sin_port; struct in_addr sin_addr; ... };
//	struct sockaddr_in6 { unsigned short sin6_family; __be16 sin6_port; __be32 sin6_flowinfo;
//	                      struct in6_addr sin6_addr; __u32 sin6_scope_id; };
func formatSockaddr(b []byte, order binary.ByteOrder) string {
	if len(b) < 2 {
		return hexString(b)
	}
	switch order.Uint16(b) {
	case afInet:
		if len(b) < 8 {
			break
		}
		a := netip.AddrFrom4([4]byte(b[4:8]))
		return netip.AddrPortFrom(a, binary.BigEndian.Uint16(b[2:])).String()
	case afInet6:
		if len(b) < 28 {
			break
		}
		a := netip.AddrFrom16([16]byte(b[8:24]))
		if scope := order.Uint32(b[24:]); scope != 0 {
			a = a.WithZone(strconv.FormatUint(uint64(scope), 10))
		}
		return netip.AddrPortFrom(a, binary.BigEndian.Uint16(b[2:])).String()
	}
	return hexString(b)
}
