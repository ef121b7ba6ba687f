package replay

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// CompareOptions tunes [Compare]. A nil *CompareOptions compares route
// messages in the native byte order.
type CompareOptions struct {
	// Family is the netlink protocol of both sides.
	Family nlcap.Family
	// ByteOrder of both sides' messages; nil means native.
	ByteOrder binary.ByteOrder
	// RecordedGenl and LiveGenl name the generic netlink family ids of each
	// side (they differ between boots); genl messages are compared by name.
	RecordedGenl, LiveGenl map[uint16]string
	// Exact turns normalisation off: objects must be byte-identical apart
	// from nlmsg_seq and nlmsg_pid.
	Exact bool
	// KeepNlmon keeps RTM_NEWLINK objects of nlmon links (ifi_type 824) in
	// dumps. By default they are dropped on both sides: the capture device
	// is in the recorded dump but not necessarily in the live one.
	KeepNlmon bool
	// MaxDiffLines bounds Verdict.Diff; 0 means 200.
	MaxDiffLines int
}

// An Ack is what one NLMSG_ERROR (or an NLMSG_DONE carrying an error) says.
type Ack struct {
	Errno  int32  // positive errno, 0 for an ACK
	ExtAck string // NLMSGERR_ATTR_MSG, if any
	Offset int    // NLMSGERR_ATTR_OFFS, -1 when absent
	TLVs   bool   // NLM_F_ACK_TLVS: the socket had NETLINK_EXT_ACK and the kernel said more
}

// String formats a like "ACK", "EEXIST (17)", "EINVAL (22) \"Invalid prefix\"".
func (a Ack) String() string {
	s := "ACK"
	if a.Errno != 0 {
		s = errnoName(a.Errno)
	}
	if a.ExtAck != "" {
		s += " " + strconv.Quote(a.ExtAck)
	}
	return s
}

// An Outcome summarises one side's answers.
type Outcome struct {
	Acks    []Ack    // every NLMSG_ERROR (and failing NLMSG_DONE), in order
	Types   []string // type names of the other answer messages, in order
	Objects int      // data messages compared as objects (after dropping nlmon links)
}

// Final returns the last Ack, or an ACK with Errno -1 when there was none.
func (o Outcome) Final() Ack {
	if len(o.Acks) == 0 {
		return Ack{Errno: -1, Offset: -1}
	}
	return o.Acks[len(o.Acks)-1]
}

// A Verdict says whether live answers match recorded ones.
type Verdict struct {
	Match          bool
	Reason         string // one line; empty when Match
	Diff           string // recorded (-) vs live (+) lines; empty when Match
	Recorded, Live Outcome
}

// Err returns nil for a match, else a [*MismatchError] for request index.
func (v Verdict) Err(index int, recorded, live []netlink.Message) error {
	if v.Match {
		return nil
	}
	return &MismatchError{Index: index, Reason: v.Reason, Diff: v.Diff, Want: recorded, Got: live}
}

// Compare compares the answers a kernel gave to one request with the
// recorded ones. It is the single definition of "answered the same" used by
// nlreplay's verdict and the mock kernel, in this order:
//
//  1. error codes and extended-ACK messages of every NLMSG_ERROR (0 = ACK)
//     and of an NLMSG_DONE that carries an error (the extended-ACK text of
//     a recorded failure without NLM_F_ACK_TLVS is not compared: the
//     recording socket may not have asked for it);
//  2. the number and types of the other answer messages (genl types by
//     family name and command);
//  3. those messages as a set of objects (order does not matter), after
//     normalisation: nlmsg_seq and nlmsg_pid are ignored; rtnetlink
//     ifindexes (ifi_index, ifa_index, ndm_ifindex, tcm_ifindex, the
//     br_port_msg ifindex, RTA_OIF/IIF, IFLA_LINK, IFLA_MASTER,
//     NDA_IFINDEX/MASTER, NHA_OIF, multipath nexthop ifindexes) zeroed;
//     statistics, counters, cacheinfo and expiry attributes
//     (IFLA_STATS/STATS64, IFLA_AF_SPEC, IFLA_CARRIER_*,
//     IFA/RTA/NDA_CACHEINFO, NDA_PROBES, RTA_EXPIRES, TCA_STATS/STATS2/XSTATS)
//     dropped; random link-layer addresses (IFLA_ADDRESS, IFLA_PERM_ADDRESS)
//     and the interface id half of IPv6 link-local addresses (fe80::/64,
//     derived from them) dropped; nlmon links dropped; nlctrl family and
//     group ids and ethtool header ifindexes dropped, the wireguard
//     device ifindex zeroed; the nfnetlink res_id
//     (generation) zeroed.
//
// Compare never panics, whatever the messages hold.
func Compare(recorded, live []netlink.Message, opts *CompareOptions) Verdict {
	var o CompareOptions
	if opts != nil {
		o = *opts
	}
	if o.ByteOrder == nil {
		o.ByteOrder = binary.NativeEndian
	}
	if o.MaxDiffLines <= 0 {
		o.MaxDiffLines = 200
	}
	rs := summarise(recorded, &o, o.RecordedGenl)
	ls := summarise(live, &o, o.LiveGenl)
	v := Verdict{Match: true, Recorded: rs.Outcome, Live: ls.Outcome}

	fail := func(reason string, diff string) Verdict {
		v.Match, v.Reason, v.Diff = false, reason, diff
		return v
	}
	// 1. Acks.
	for i := 0; i < max(len(rs.Acks), len(ls.Acks)); i++ {
		switch {
		case i >= len(rs.Acks):
			return fail(fmt.Sprintf("live sent an extra error message: %s", ls.Acks[i]), fullDiff(recorded, live, &o))
		case i >= len(ls.Acks):
			return fail(fmt.Sprintf("recorded %s, live sent no error message", rs.Acks[i]), fullDiff(recorded, live, &o))
		case rs.Acks[i].Errno != ls.Acks[i].Errno:
			return fail(fmt.Sprintf("errno: recorded %s, live %s", rs.Acks[i], ls.Acks[i]), fullDiff(recorded, live, &o))
		case rs.Acks[i].ExtAck != ls.Acks[i].ExtAck && (rs.Acks[i].TLVs || rs.Acks[i].Errno == 0):
			// A recorded failure without NLM_F_ACK_TLVS may come from a
			// socket without NETLINK_EXT_ACK: its text is unknown.
			return fail(fmt.Sprintf("extended ACK: recorded %q, live %q", rs.Acks[i].ExtAck, ls.Acks[i].ExtAck), fullDiff(recorded, live, &o))
		}
	}
	// 2. Number and types.
	if !slices.Equal(countTypes(rs.Types), countTypes(ls.Types)) {
		return fail(fmt.Sprintf("answers: recorded %s, live %s", typeSummary(rs.Types), typeSummary(ls.Types)), objectDiff(rs, ls, &o))
	}
	// 3. Objects as a set.
	if !slices.Equal(sortedKeys(rs.objs), sortedKeys(ls.objs)) {
		return fail(fmt.Sprintf("answers: %d of %d objects differ", countOnly(rs.objs, ls.objs), len(rs.objs)), objectDiff(rs, ls, &o))
	}
	return v
}

type object struct {
	key string // canonical normalised form
	msg netlink.Message
}

type summary struct {
	Outcome
	objs []object
}

func summarise(msgs []netlink.Message, o *CompareOptions, genl map[uint16]string) summary {
	var s summary
	for _, m := range msgs {
		switch uint16(m.Header.Type) {
		case nlmsgError:
			s.Acks = append(s.Acks, parseAck(m, o.ByteOrder, 4+nlcap.NlmsgHdrLen))
			continue
		case nlmsgDone:
			s.Types = append(s.Types, "NLMSG_DONE")
			if len(m.Data) >= 4 && int32(o.ByteOrder.Uint32(m.Data)) != 0 {
				s.Acks = append(s.Acks, parseAck(m, o.ByteOrder, 4))
			}
			continue
		case nlmsgNoop, nlmsgOverrun:
			s.Types = append(s.Types, typeName(o.Family, m, genl))
			continue
		}
		if !o.KeepNlmon && o.Family == nlcap.FamilyRoute && isLinkMsg(uint16(m.Header.Type)) &&
			len(m.Data) >= 4 && o.ByteOrder.Uint16(m.Data[2:]) == nlcap.ARPHRDNetlink {
			continue
		}
		name := typeName(o.Family, m, genl)
		s.Types = append(s.Types, name)
		s.objs = append(s.objs, object{key: name + "|" + canonical(m, o, genl), msg: m})
		s.Objects++
	}
	return s
}

// parseAck reads struct nlmsgerr (or the int of NLMSG_DONE) and its
// extended ACK attributes. tlvAt is where the TLVs start when the echoed
// request is capped (or for DONE).
//
//	struct nlmsgerr {
//		int		error;
//		struct nlmsghdr msg;
//		/* followed by the message contents unless NETLINK_CAP_ACK was set
//		 * or the ACK indicates success (error == 0)
//		 * followed by TLVs defined in enum nlmsgerr_attrs
//		 * if NETLINK_EXT_ACK was set */
//	};
func parseAck(m netlink.Message, order binary.ByteOrder, tlvAt int) Ack {
	a := Ack{Offset: -1}
	b := m.Data
	if len(b) < 4 {
		a.Errno = -1
		return a
	}
	a.Errno = -int32(order.Uint32(b))
	const (
		flagCapped  = 0x100 // #define NLM_F_CAPPED 0x100
		flagAckTLVs = 0x200 // #define NLM_F_ACK_TLVS 0x200
		attrMsg     = 1     // NLMSGERR_ATTR_MSG
		attrOffs    = 2     // NLMSGERR_ATTR_OFFS
	)
	if m.Header.Flags&flagAckTLVs == 0 {
		return a
	}
	a.TLVs = true
	if uint16(m.Header.Type) == nlmsgError && m.Header.Flags&flagCapped == 0 && len(b) >= 4+nlcap.NlmsgHdrLen {
		tlvAt = 4 + nlcap.NlmsgAlign(int(order.Uint32(b[4:])))
	}
	if tlvAt < 0 || tlvAt > len(b) {
		return a
	}
	eachAttr(b[tlvAt:], order, func(typ uint16, p []byte) {
		switch typ {
		case attrMsg:
			a.ExtAck = strings.TrimRight(string(p), "\x00")
		case attrOffs:
			if len(p) >= 4 {
				a.Offset = int(order.Uint32(p))
			}
		}
	})
	return a
}

// eachAttr calls fn for every well-formed attribute of b (type without the
// NLA_F_NESTED / NLA_F_NET_BYTEORDER bits); it stops at the first bad length.
func eachAttr(b []byte, order binary.ByteOrder, fn func(typ uint16, payload []byte)) {
	eachAttrRaw(b, order, func(raw uint16, p []byte) { fn(raw&nlaTypeMask, p) })
}

// #define NLA_TYPE_MASK ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
const nlaTypeMask = 0x3fff

// RouteTypeName returns the RTM_* name of an rtnetlink message type, or
// "type N".
func RouteTypeName(t uint16) string {
	if n := dissect.TypeName(nlcap.FamilyRoute, t); n != "" {
		return n
	}
	return "type " + strconv.Itoa(int(t))
}

func isLinkMsg(t uint16) bool { return t >= 16 && t <= 19 }

// isTCMsg reports whether an rtnetlink type starts with struct tcmsg:
// RTM_{NEW,DEL,GET}{QDISC,TCLASS,TFILTER} and RTM_{NEW,DEL,GET}CHAIN.
//
//	struct tcmsg {
//		unsigned char	tcm_family;
//		unsigned char	tcm__pad1;
//		unsigned short	tcm__pad2;
//		int		tcm_ifindex;
//		__u32		tcm_handle;
//		__u32		tcm_parent;
//		__u32		tcm_info;
//	};
func isTCMsg(t uint16) bool { return t >= 36 && t <= 47 || t >= 100 && t <= 103 }

// fixedLen is the size of the family header before the attributes.
func fixedLen(f nlcap.Family, t uint16) int {
	switch f {
	case nlcap.FamilyRoute:
		switch {
		case t >= 16 && t <= 19:
			return 16 // struct ifinfomsg
		case t >= 20 && t <= 23:
			return 8 // struct ifaddrmsg
		case t >= 24 && t <= 27, t >= 28 && t <= 31, t >= 32 && t <= 35:
			return 12 // struct rtmsg, struct ndmsg, struct fib_rule_hdr
		case t >= 80 && t <= 83, t >= 88 && t <= 91:
			return 4 // struct netconfmsg / rtgenmsg, padded
		case isTCMsg(t):
			return 20 // struct tcmsg
		case t >= 84 && t <= 86:
			return 8 // struct br_port_msg, padded
		case t >= 104 && t <= 107:
			return 8 // struct nhmsg
		}
		return -1
	case nlcap.FamilyGeneric, nlcap.FamilyNetfilter:
		return 4 // struct genlmsghdr, struct nfgenmsg
	}
	return -1
}

// A rule says what to do with one attribute: drop it, zero its payload, or
// apply rules to its children.
type rule struct {
	drop     bool
	zero     bool
	children map[uint16]rule
	array    bool // children are index-typed entries, each with children rules
	fn       func(p []byte, order binary.ByteOrder)
}

var (
	linkRules = map[uint16]rule{
		1:  {drop: true}, // IFLA_ADDRESS (random for dummy, veth...)
		5:  {zero: true}, // IFLA_LINK
		7:  {drop: true}, // IFLA_STATS
		10: {zero: true}, // IFLA_MASTER
		23: {drop: true}, // IFLA_STATS64
		26: {drop: true}, // IFLA_AF_SPEC (inet6 stats, cacheinfo, token)
		35: {drop: true}, // IFLA_CARRIER_CHANGES
		37: {drop: true}, // IFLA_LINK_NETNSID
		47: {drop: true}, // IFLA_CARRIER_UP_COUNT
		48: {drop: true}, // IFLA_CARRIER_DOWN_COUNT
		49: {drop: true}, // IFLA_NEW_IFINDEX
		54: {drop: true}, // IFLA_PERM_ADDRESS
	}
	addrRules = map[uint16]rule{
		6: {drop: true}, // IFA_CACHEINFO
	}
	routeRules = map[uint16]rule{
		3:  {zero: true},               // RTA_IIF
		4:  {zero: true},               // RTA_OIF
		9:  {fn: zeroNexthopIfindexes}, // RTA_MULTIPATH
		12: {drop: true},               // RTA_CACHEINFO
		23: {drop: true},               // RTA_EXPIRES
	}
	neighRules = map[uint16]rule{
		3: {drop: true}, // NDA_CACHEINFO
		4: {drop: true}, // NDA_PROBES
		8: {zero: true}, // NDA_IFINDEX
		9: {zero: true}, // NDA_MASTER
	}
	tcRules = map[uint16]rule{
		3: {drop: true}, // TCA_STATS
		4: {drop: true}, // TCA_XSTATS
		7: {drop: true}, // TCA_STATS2
	}
	nexthopRules = map[uint16]rule{
		5: {zero: true}, // NHA_OIF
	}
	netconfRules = map[uint16]rule{
		1: {zero: true}, // NETCONFA_IFINDEX
	}
	nlctrlRules = map[uint16]rule{
		1: {drop: true}, // CTRL_ATTR_FAMILY_ID
		7: {array: true, children: map[uint16]rule{ // CTRL_ATTR_MCAST_GROUPS
			2: {drop: true}, // CTRL_ATTR_MCAST_GRP_ID
		}},
	}
	wireguardRules = map[uint16]rule{
		1: {zero: true}, // WGDEVICE_A_IFINDEX
	}
	ethtoolRules = map[uint16]rule{
		1: {children: map[uint16]rule{ // ETHTOOL_A_*_HEADER
			1: {drop: true}, // ETHTOOL_A_HEADER_DEV_INDEX
		}},
	}
)

// zeroNexthopIfindexes zeroes rtnh_ifindex in each struct rtnexthop:
//
//	struct rtnexthop {
//		unsigned short		rtnh_len;
//		unsigned char		rtnh_flags;
//		unsigned char		rtnh_hops;
//		int			rtnh_ifindex;
//	};
func zeroNexthopIfindexes(p []byte, order binary.ByteOrder) {
	for off := 0; len(p)-off >= 8; {
		l := int(order.Uint16(p[off:]))
		clear(p[off+4 : off+8])
		if l < 8 {
			return
		}
		off += nlcap.NlmsgAlign(l)
	}
}

// canonical returns m's normalised body (flags, family header, attributes)
// as a string key; see [Compare].
func canonical(m netlink.Message, o *CompareOptions, genl map[uint16]string) string {
	order := o.ByteOrder
	t := uint16(m.Header.Type)
	var b strings.Builder
	fmt.Fprintf(&b, "%04x|", uint16(m.Header.Flags))
	data := slices.Clone(m.Data)
	if o.Exact {
		b.Write(data)
		return b.String()
	}
	fl := fixedLen(o.Family, t)
	if fl < 0 || fl > len(data) {
		b.Write(data)
		return b.String()
	}
	fixed, attrs := data[:fl], data[fl:]
	var rules map[uint16]rule
	switch o.Family {
	case nlcap.FamilyRoute:
		switch {
		case t >= 16 && t <= 19:
			clear(fixed[4:8])   // ifi_index
			clear(fixed[12:16]) // ifi_change
			rules = linkRules
		case t >= 20 && t <= 23:
			clear(fixed[4:8]) // ifa_index
			rules = addrRules
		case t >= 24 && t <= 27:
			rules = routeRules
		case t >= 28 && t <= 31:
			clear(fixed[4:8]) // ndm_ifindex
			rules = neighRules
		case t >= 80 && t <= 83:
			rules = netconfRules
		case isTCMsg(t):
			clear(fixed[4:8]) // tcm_ifindex
			rules = tcRules
		case t >= 84 && t <= 86:
			clear(fixed[4:8]) // br_port_msg.ifindex
		case t >= 104 && t <= 107:
			rules = nexthopRules
		}
	case nlcap.FamilyGeneric:
		switch genl[t] {
		case "nlctrl":
			rules = nlctrlRules
		case "ethtool":
			rules = ethtoolRules
		case "wireguard":
			rules = wireguardRules
		}
	case nlcap.FamilyNetfilter:
		clear(fixed[2:4]) // nfgenmsg.res_id: the ruleset generation
	}
	b.Write(fixed)
	b.Write(normAttrs(attrs, order, rules, o.Family == nlcap.FamilyRoute))
	return b.String()
}

// normAttrs re-encodes attributes with rules applied. linkLocal zeroes the
// interface id of 16-byte fe80::/64 addresses.
func normAttrs(b []byte, order binary.ByteOrder, rules map[uint16]rule, linkLocal bool) []byte {
	var out []byte
	for len(b) >= 4 {
		l := int(order.Uint16(b))
		if l < 4 || l > len(b) {
			break
		}
		rawType := order.Uint16(b[2:])
		p := slices.Clone(b[4:l])
		b = b[min(nlcap.NlmsgAlign(l), len(b)):]
		r, ok := rules[rawType&nlaTypeMask]
		switch {
		case ok && r.drop:
			continue
		case ok && r.zero:
			clear(p)
		case ok && r.fn != nil:
			r.fn(p, order)
		case ok && r.array:
			var q []byte
			eachAttrRaw(p, order, func(typ uint16, c []byte) {
				q = appendAttr(q, order, typ, normAttrs(c, order, r.children, linkLocal))
			})
			p = q
		case ok && r.children != nil:
			p = normAttrs(p, order, r.children, linkLocal)
		case linkLocal && len(p) == 16 && p[0] == 0xfe && p[1]&0xc0 == 0x80:
			clear(p[8:])
		}
		out = appendAttr(out, order, rawType, p)
	}
	return out
}

func eachAttrRaw(b []byte, order binary.ByteOrder, fn func(rawType uint16, payload []byte)) {
	for len(b) >= 4 {
		l := int(order.Uint16(b))
		if l < 4 || l > len(b) {
			return
		}
		fn(order.Uint16(b[2:]), b[4:l])
		b = b[min(nlcap.NlmsgAlign(l), len(b)):]
	}
}

func appendAttr(out []byte, order binary.ByteOrder, typ uint16, p []byte) []byte {
	out = app16(order, out, uint16(min(len(p)+4, 0xffff)))
	out = app16(order, out, typ)
	out = append(out, p...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out
}

func countTypes(types []string) []string {
	c := map[string]int{}
	for _, t := range types {
		c[t]++
	}
	var out []string
	for t, n := range c {
		out = append(out, fmt.Sprintf("%d %s", n, t))
	}
	slices.Sort(out)
	return out
}

func typeSummary(types []string) string {
	if len(types) == 0 {
		return "no data messages"
	}
	return strings.Join(countTypes(types), ", ")
}

func sortedKeys(objs []object) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.key
	}
	slices.Sort(keys)
	return keys
}

// only returns the objects of a whose key is not in b (as multisets).
func only(a, b []object) []object {
	c := map[string]int{}
	for _, o := range b {
		c[o.key]++
	}
	var out []object
	for _, o := range a {
		if c[o.key] > 0 {
			c[o.key]--
			continue
		}
		out = append(out, o)
	}
	return out
}

func countOnly(r, l []object) int { return max(len(only(r, l)), len(only(l, r))) }

// objectDiff shows the recorded objects missing live (-) and the live
// objects not recorded (+), as a line diff of their decoded text.
func objectDiff(r, l summary, o *CompareOptions) string {
	var rm, lm []netlink.Message
	for _, x := range only(r.objs, l.objs) {
		rm = append(rm, x.msg)
	}
	for _, x := range only(l.objs, r.objs) {
		lm = append(lm, x.msg)
	}
	return lineDiff(renderAll(rm, o, o.RecordedGenl), renderAll(lm, o, o.LiveGenl), o.MaxDiffLines)
}

func fullDiff(recorded, live []netlink.Message, o *CompareOptions) string {
	return lineDiff(renderAll(recorded, o, o.RecordedGenl), renderAll(live, o, o.LiveGenl), o.MaxDiffLines)
}

// EncodeMessage returns the wire form of m in the given byte order with
// nlmsg_len set from m.Data (no padding after the last byte).
func EncodeMessage(m netlink.Message, order binary.ByteOrder) []byte {
	b := make([]byte, 0, nlcap.NlmsgHdrLen+len(m.Data))
	b = app32(order, b, uint32(nlcap.NlmsgHdrLen+len(m.Data)))
	b = app16(order, b, uint16(m.Header.Type))
	b = app16(order, b, uint16(m.Header.Flags))
	b = app32(order, b, m.Header.Sequence)
	b = app32(order, b, m.Header.PID)
	return append(b, m.Data...)
}

// errnoName names a positive errno: "EEXIST (17)", or "errno 200" for a
// value dissect does not know.
func errnoName(e int32) string {
	name, _ := dissect.ErrnoName(e)
	if strings.HasPrefix(name, "errno ") {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, e)
}

func app16(order binary.ByteOrder, b []byte, v uint16) []byte {
	var x [2]byte
	order.PutUint16(x[:], v)
	return append(b, x[:]...)
}

func app32(order binary.ByteOrder, b []byte, v uint32) []byte {
	var x [4]byte
	order.PutUint32(x[:], v)
	return append(b, x[:]...)
}
