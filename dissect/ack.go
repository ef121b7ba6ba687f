package dissect

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/nlcap/nlcap"
)

// extAckAttrs is enum nlmsgerr_attrs, the extended ACK attributes that follow
// struct nlmsgerr (or NLMSG_DONE's error code) when NLM_F_ACK_TLVS is set.
var extAckAttrs = &AttrSet{Name: "NLMSGERR_ATTR", Attrs: map[uint16]*AttrSpec{
	nlmsgerrAttrMsg:      {Name: "NLMSGERR_ATTR_MSG", Kind: KindString},
	nlmsgerrAttrOffs:     {Name: "NLMSGERR_ATTR_OFFS", Kind: KindU32},
	nlmsgerrAttrCookie:   {Name: "NLMSGERR_ATTR_COOKIE", Kind: KindBinary},
	nlmsgerrAttrPolicy:   {Name: "NLMSGERR_ATTR_POLICY", Kind: KindNested, Nested: policyTypeAttrs},
	nlmsgerrAttrMissType: {Name: "NLMSGERR_ATTR_MISS_TYPE", Kind: KindU32},
	nlmsgerrAttrMissNest: {Name: "NLMSGERR_ATTR_MISS_NEST", Kind: KindU32},
}}

// errorAlloc holds what decodeError allocates for one NLMSG_ERROR.
type errorAlloc struct {
	err   Error
	echo  Message
	fixed [1]Field
}

// maxEchoDepth bounds the decoding of requests echoed in NLMSG_ERROR: an
// echoed message is never itself searched for an echo.
const maxEchoDepth = 1

// decodeError decodes NLMSG_ERROR: struct nlmsgerr, the echoed request
// (header only when NLM_F_CAPPED) and the extended ACK attributes.
func (d *Decoder) decodeError(m *Message, f nlcap.Family, order binary.ByteOrder, ad *attrDecoder, depth int) {
	payload := m.Data[nlcap.NlmsgHdrLen:]
	m.FixedName = "nlmsgerr"
	if len(payload) < 4 {
		m.Problem = fmt.Sprintf("nlmsgerr needs at least 4 bytes, message has %d", len(payload))
		m.Trailing = nonEmpty(payload)
		return
	}
	wire := int32(order.Uint32(payload))
	errno, problem := ackErrnoOf(wire)
	m.Problem = problem
	// One allocation for the Error, its echo and the fixed field.
	ea := d.newErrorAlloc()
	e := &ea.err
	*e = Error{
		Errno:   errno,
		Capped:  m.Header.Flags&nlmFCapped != 0,
		AckTLVs: m.Header.Flags&nlmFAckTLVs != 0,
	}
	if wire > 0 {
		e.Value = wire
	}
	if wire < 0 {
		e.Name, e.Text = ErrnoName(wire)
		if name, ok := ipsetErrno(f, wire, payload[4:], order); ok {
			e.Name, e.Text = name, ""
		}
	}
	m.Error = e
	ea.fixed[0] = Field{Name: "error", Value: errnoValue(wire, e.Name, d.cfg.Numeric), Raw: uint64(uint32(wire))}
	m.Fixed = ea.fixed[:]
	rest := payload[4:]
	echoLen := 0
	switch {
	case len(rest) < nlcap.NlmsgHdrLen:
		// Pre-2.6 kernels and broken senders: no echoed header.
		m.Trailing = nonEmpty(rest)
		m.Summary = errorSummary(e)
		return
	case e.Capped || wire == 0:
		// NLM_F_CAPPED, or an old kernel's ACK: the header alone.
		echoLen = nlcap.NlmsgHdrLen
	default:
		echoLen = int(order.Uint32(rest))
		if echoLen < nlcap.NlmsgHdrLen || echoLen > len(rest) {
			if m.Problem == "" {
				m.Problem = fmt.Sprintf("echoed nlmsg_len %d: want 16 to %d bytes", echoLen, len(rest))
			}
			echoLen = min(max(echoLen, nlcap.NlmsgHdrLen), len(rest))
		}
	}
	echo := &ea.echo
	*echo = Message{
		Record:    m.Record,
		Index:     m.Index,
		Offset:    m.Offset + nlcap.NlmsgHdrLen + 4,
		Timestamp: m.Timestamp,
		Family:    f,
		Direction: DirRequest,
		Data:      rest[:echoLen],
		Order:     m.Order,
	}
	echo.Header = headerOf(rest, order)
	if e.Capped || wire == 0 || depth > maxEchoDepth || echo.Header.Type == nlmsgError {
		echo.TypeName = d.typeName(f, echo)
		echo.FlagNames = d.flagNames(echo.Header.Flags, d.kindOfHeader(f, echo))
	} else {
		// With Config.Brief the echo is decoded in full only when an
		// extended ACK may point into it.
		d.decodeBody(echo, f, order, depth+1, d.cfg.Brief && !e.AckTLVs)
	}
	e.Echo = echo
	tlvStart := nlcap.NlmsgAlign(echoLen)
	if tlvStart > len(rest) {
		tlvStart = len(rest)
	}
	tail := rest[tlvStart:]
	if e.AckTLVs {
		d.extAck(m, tail, nlcap.NlmsgHdrLen+4+tlvStart, ad)
		if e.ExtAck = m.extAckFromAttrs(order); e.ExtAck != nil {
			if x := e.ExtAck; x.Offset != nil {
				x.Pointed = pointed(echo, *x.Offset, e.Capped)
			}
			if x := e.ExtAck; x.MissNest != nil {
				x.MissNestPointed = pointed(echo, *x.MissNest, e.Capped)
			}
			if x := e.ExtAck; x.MissType != nil {
				x.MissTypeName = d.missTypeName(echo, x, e.Capped)
				if x.MissTypeName != "" && !d.cfg.Numeric {
					for i := range m.Attrs {
						if a := &m.Attrs[i]; a.Type == nlmsgerrAttrMissType && a.Problem == "" {
							a.Value = x.MissTypeName + " (" + a.Value + ")"
						}
					}
				}
			}
		}
	} else {
		m.Trailing = nonEmpty(tail)
	}
	m.Summary = errorSummary(e)
}

// kindOfHeader returns the request kind of a message from its header alone
// (for a capped echo, whose genlmsghdr is missing).
func (d *Decoder) kindOfHeader(f nlcap.Family, m *Message) MsgKind {
	if f != nlcap.FamilyGeneric {
		if fs := d.cfg.Specs.familySpec(f); fs != nil {
			if ms := fs.message(m.Header.Type); ms != nil {
				return ms.Kind
			}
		}
	}
	return guessKind(m.Header.Flags)
}

// extAck parses the extended ACK attributes into m.Attrs.
func (d *Decoder) extAck(m *Message, b []byte, base int, ad *attrDecoder) {
	if ad.brief {
		// Extended ACKs are short and summarized: always in full.
		full := *ad
		full.brief = false
		ad = &full
	}
	attrs, rest := ad.decode(b, base, extAckAttrs, 1)
	m.Attrs = attrs
	m.Trailing = nonEmpty(rest)
	setAttrProblem(m)
}

// extAckFromAttrs collects the extended ACK attributes of m.Attrs.
func (m *Message) extAckFromAttrs(order binary.ByteOrder) *ExtAck {
	if len(m.Attrs) == 0 {
		return nil
	}
	x := &ExtAck{}
	u32 := func(b []byte) (*int, bool) {
		if len(b) != 4 {
			return nil, false
		}
		v := int(order.Uint32(b))
		return &v, true
	}
	found := false
	for i := range m.Attrs {
		a := &m.Attrs[i]
		if a.Problem != "" {
			continue
		}
		switch a.Type {
		case nlmsgerrAttrMsg:
			x.Msg, found = cString(a.Data), true
		case nlmsgerrAttrOffs:
			if v, ok := u32(a.Data); ok {
				x.Offset, found = v, true
			}
		case nlmsgerrAttrCookie:
			x.Cookie, found = a.Data, true
		case nlmsgerrAttrPolicy:
			x.Policy, found = a.Children, true
		case nlmsgerrAttrMissType:
			if v, ok := u32(a.Data); ok {
				x.MissType, found = v, true
			}
		case nlmsgerrAttrMissNest:
			if v, ok := u32(a.Data); ok {
				x.MissNest, found = v, true
			}
		}
	}
	if !found {
		return nil
	}
	return x
}

// pointed names what NLMSGERR_ATTR_OFFS points at in the echoed request: an
// attribute path, the fixed header or nlmsghdr.
func pointed(echo *Message, off int, capped bool) string {
	switch {
	case off < 0:
		return ""
	case off < nlcap.NlmsgHdrLen:
		return "nlmsghdr"
	case capped:
		return ""
	}
	if p := AttrPath(echo.Attrs, off); p != "" {
		return p
	}
	if echo.FixedName != "" && off < len(echo.Data) {
		return echo.FixedName
	}
	return ""
}

// errnoOf returns the errno of the error field of nlmsgerr (or NLMSG_DONE):
// the wire value negated. The kernel sends 0 or a negative errno; a
// positive wire value gives its absolute value too, and a problem that
// says the sign is wrong.
func errnoOf(wire int32) (errno int32, problem string) {
	switch {
	case wire > 0:
		return wire, fmt.Sprintf("error %d is positive on the wire (the kernel sends negative errnos)", wire)
	case wire == math.MinInt32:
		return math.MaxInt32, fmt.Sprintf("error %d has no positive errno", wire)
	}
	return -wire, ""
}

// ackErrnoOf is errnoOf for nlmsgerr, where a positive wire value is no
// error: netlink_rcv_skb acknowledges whatever a handler returns that is
// not 0 (`if (nlh->nlmsg_flags & NLM_F_ACK || err) netlink_ack(skb, nlh,
// err, &extack)`), and a few doit handlers return a positive value on
// success (mac802154_hwsim's hwsim_new_radio_nl: the new radio's index).
// Its errno is 0; [Error.Value] keeps the value.
func ackErrnoOf(wire int32) (errno int32, problem string) {
	if wire > 0 {
		return 0, ""
	}
	return errnoOf(wire)
}

// missTypeName names the attribute type NLMSGERR_ATTR_MISS_TYPE says is
// missing: in the attribute set of the nest NLMSGERR_ATTR_MISS_NEST points
// at in the echoed request, or of the request itself without MISS_NEST.
func (d *Decoder) missTypeName(echo *Message, x *ExtAck, capped bool) string {
	if *x.MissType < 0 || *x.MissType > int(nlaTypeMask) {
		return ""
	}
	set := d.messageAttrSet(echo)
	if x.MissNest != nil {
		if capped {
			return ""
		}
		set = nestAttrSet(echo.Attrs, set, *x.MissNest)
	}
	if set == nil || set == noAttrs {
		return ""
	}
	if spec := set.lookup(uint16(*x.MissType)); spec != nil {
		return spec.Name
	}
	return ""
}

// messageAttrSet returns the attribute set of m's top-level attributes as
// decodeBody chooses it, or nil when no family table gives one.
func (d *Decoder) messageAttrSet(m *Message) *AttrSet {
	if m.Header.Type < nlmsgMinType {
		return nil
	}
	if m.Family == nlcap.FamilyGeneric {
		_, _, spec := d.genlOf(m.Header.Type)
		if spec == nil {
			return nil
		}
		_, sets, def, _ := spec.commands(m.Header, m.Data[min(len(m.Data), nlcap.NlmsgHdrLen):], orderOfMsg(m))
		if m.Genl != nil {
			if s, ok := sets[m.Genl.Cmd]; ok {
				return s
			}
		}
		return def
	}
	fs := d.cfg.Specs.familySpec(m.Family)
	if fs == nil {
		return nil
	}
	ms := fs.message(m.Header.Type)
	if ms == nil {
		ms = fs.Default
	}
	if ms == nil {
		return nil
	}
	if len(m.Data) >= nlcap.NlmsgHdrLen {
		ms = ms.variant(m.Header.Flags, m.Data[nlcap.NlmsgHdrLen:])
	}
	if ms.SelectAttrs != nil && m.Fixed != nil {
		if s, ok := safeSelectAttrs(ms, m.Fixed); ok && s != nil {
			return s
		}
	}
	return ms.Attrs
}

// nestAttrSet returns the attribute set of the children of the nest that
// starts at offset off in attrs (decoded with set), or nil.
func nestAttrSet(attrs []Attr, set *AttrSet, off int) *AttrSet {
	for level := attrs; set != nil; {
		found := false
		for i := range level {
			a := &level[i]
			if a.Problem != "" || off < a.Offset || off >= a.Offset+nlaHdrLen+len(a.Data) {
				continue
			}
			spec := set.lookup(a.Type)
			if spec == nil {
				spec = set.Default
			}
			if spec == nil {
				return nil
			}
			switch spec.Kind {
			case KindNested:
				set = spec.Nested
				if spec.Select != nil {
					set, _ = safeSelect(spec, level[:i])
				}
			case KindNestedArray:
				set = &AttrSet{Name: "array", Default: &AttrSpec{Kind: KindNested, Nested: spec.Nested}}
			default:
				return nil
			}
			if a.Offset == off {
				return set
			}
			level, found = a.Children, true
			break
		}
		if !found {
			return nil
		}
	}
	return nil
}

// errnoValue prints the error field of nlmsgerr.
func errnoValue(wire int32, name string, numeric bool) string {
	if wire > 0 && !numeric && name == "" {
		return strconv.FormatInt(int64(wire), 10) + " (positive: the handler's return value, no error)"
	}
	if wire == 0 || numeric || name == "" {
		if wire == 0 {
			return "0"
		}
		return strconv.FormatInt(int64(wire), 10)
	}
	return strconv.FormatInt(int64(wire), 10) + " (" + name + ")"
}

// errorSummary is the one-line text of NLMSG_ERROR: "ACK", "ACK 5" (a
// positive value), or "ENODEV (No such device): <extack msg>".
func errorSummary(e *Error) string {
	s := "ACK"
	if e.Value != 0 {
		s += " " + strconv.FormatInt(int64(e.Value), 10)
	}
	if e.Errno != 0 {
		s = errnoText(e.Name, e.Text)
	}
	if e.ExtAck != nil && e.ExtAck.Msg != "" {
		s += ": " + e.ExtAck.Msg
	}
	return s
}

func errnoText(name, text string) string {
	if text == "" {
		return name
	}
	return name + " (" + text + ")"
}

// decodeDone decodes NLMSG_DONE: an int error code (absent from some old
// senders), then extended ACK attributes when NLM_F_ACK_TLVS is set.
func (d *Decoder) decodeDone(m *Message, order binary.ByteOrder, ad *attrDecoder) {
	payload := m.Data[nlcap.NlmsgHdrLen:]
	if len(payload) < 4 {
		m.Trailing = nonEmpty(payload)
		return
	}
	wire := int32(order.Uint32(payload))
	errno, problem := errnoOf(wire)
	if m.Problem == "" {
		m.Problem = problem
	}
	done := &Done{Errno: errno}
	if wire != 0 {
		done.Name, _ = ErrnoName(wire)
	}
	m.Done = done
	m.Fixed = []Field{{Name: "error", Value: errnoValue(wire, done.Name, d.cfg.Numeric), Raw: uint64(uint32(wire))}}
	if m.Header.Flags&nlmFAckTLVs != 0 {
		d.extAck(m, payload[4:], nlcap.NlmsgHdrLen+4, ad)
		done.ExtAck = m.extAckFromAttrs(order)
	} else {
		m.Trailing = nonEmpty(payload[4:])
	}
	if wire != 0 {
		_, text := ErrnoName(wire)
		m.Summary = errnoText(done.Name, text)
		if done.ExtAck != nil && done.ExtAck.Msg != "" {
			m.Summary += ": " + done.ExtAck.Msg
		}
	}
}

// ipsetErrnoNames are ipset's own error codes (enum ipset_errno,
// include/uapi/linux/netfilter/ipset/ip_set.h), which its NLMSG_ERRORs
// carry instead of an errno:
//
//	IPSET_ERR_PRIVATE = 4096,
//	IPSET_ERR_PROTOCOL,
//	...
//	IPSET_ERR_TYPE_SPECIFIC = 4352,
var (
	ipsetErrnoNames   = genIPSET_ERR.names()
	ipsetTypeSpecific = func() uint64 { v, _ := genIPSET_ERR.value("IPSET_ERR_TYPE_SPECIFIC"); return v }()
)

// ipsetErrno names the error code of an NLMSG_ERROR answering an ipset
// request (its echoed header, at the start of rest, is NFNL_SUBSYS_IPSET's):
// IPSET_ERR_EXIST for 4103; codes past IPSET_ERR_TYPE_SPECIFIC, which
// each set type numbers its own way, as IPSET_ERR_TYPE_SPECIFIC+N.
func ipsetErrno(f nlcap.Family, wire int32, rest []byte, order binary.ByteOrder) (string, bool) {
	e := int64(wire)
	if e < 0 {
		e = -e
	}
	if f != nlcap.FamilyNetfilter || e < 4096 || len(rest) < nlcap.NlmsgHdrLen || order.Uint16(rest[4:])>>8 != NFNL_SUBSYS_IPSET {
		return "", false
	}
	if n, ok := ipsetErrnoNames[uint64(e)]; ok {
		return n, true
	}
	if uint64(e) > ipsetTypeSpecific {
		return "IPSET_ERR_TYPE_SPECIFIC+" + strconv.FormatUint(uint64(e)-ipsetTypeSpecific, 10), true
	}
	return "", false
}
