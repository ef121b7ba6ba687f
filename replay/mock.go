package replay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/render"
)

// errnoEOPNOTSUPP and errnoENOENT are the Linux values the mock answers
// with (include/uapi/asm-generic/errno.h); they do not depend on the OS the
// tests run on.
const (
	errnoENOENT     = dissect.ENOENT
	errnoEOPNOTSUPP = dissect.EOPNOTSUPP

	flagCapped = dissect.NLM_F_CAPPED // on NLMSG_ERROR
)

// ErrNothingToReceive is returned (wrapped in a *netlink.OpError by
// netlink.Conn) when code under test receives from a mock connection that
// has no pending answer and no deliverable notification. It matches
// os.ErrDeadlineExceeded, as if a read deadline had expired: a real kernel
// would block.
var ErrNothingToReceive = fmt.Errorf("replay: mock: nothing to receive: %w", os.ErrDeadlineExceeded)

// MockConfig configures a [Mock]. A nil *MockConfig gives the defaults:
// unordered, not strict, every family of the script.
type MockConfig struct {
	// Strict makes a request that matches no recorded exchange fail: the
	// Func returns an [*UnmatchedError] (errors.Is ErrUnexpectedRequest)
	// naming the closest recorded request and the fields that differ;
	// netlink.Conn returns it from Receive (or Execute) inside a
	// *netlink.OpError. When Strict is false such a request is answered
	// like an unsupported one, NLMSG_ERROR with EOPNOTSUPP (an unknown genl
	// family lookup gets ENOENT, as from the kernel). In both modes the
	// error is kept for [Mock.Unmatched] and [Mock.Check], so that a test
	// fails even when the code under test swallowed the error
	// (replaytest.NewMock checks at the end of the test).
	Strict bool
	// Ordered makes requests consume the exchanges of their netlink family
	// in capture order: a request must match the first exchange of its
	// family not yet served, and exchanges are never served twice. When
	// false (the default) a request is served by the first unserved
	// matching exchange in capture order, and, once all matching exchanges
	// have been served, by the last of them again (code that polls).
	// Generic netlink family lookups are served out of order in both modes.
	Ordered bool
	// Families restricts [Mock.Func] to these netlink families; nil means
	// every family of the script. [Mock.Dial] and [Mock.DialGenl] serve
	// the family they are dialled for.
	Families []nlcap.Family
	// RequireAllServed makes [Mock.Check] (and so replaytest.NewMock, at
	// the end of the test) also fail on recorded exchanges no request
	// matched ([Mock.Unserved]): the code under test skipped something it
	// did when the capture was made.
	RequireAllServed bool
}

// A Mock is a kernel that answers requests with the answers recorded in a
// [Script] (see the package documentation, "Mock kernel"). It is safe for
// concurrent use by several connections, which share its state: an exchange
// served on one connection is served for all.
type Mock struct {
	s   *Script
	cfg MockConfig

	mu        sync.Mutex
	served    []int                   // times each exchange was served
	next      map[nlcap.Family]int    // ordered mode: index of the next exchange
	delivered []bool                  // notifications already delivered
	lookup    []bool                  // exchange is a genl family lookup by name or id
	table     []bool                  // exchange is nlcap's own family-table dump: teaches ids, is never served
	genl      map[string]familyAnswer // nlctrl NEWFAMILY messages by family name
	unmatched []*UnmatchedError
	lastIndex int // exchange the last serveIndex served (MockSocket groups its answers by record)
}

// A familyAnswer is a recorded CTRL_CMD_NEWFAMILY message.
type familyAnswer struct {
	id  uint16
	msg netlink.Message
}

// NewMock returns a mock kernel serving s. cfg may be nil for the defaults.
// s must not be modified while the mock is in use.
func NewMock(s *Script, cfg *MockConfig) *Mock {
	if s == nil {
		s = &Script{}
	}
	m := &Mock{
		s:         s,
		served:    make([]int, len(s.Exchanges)),
		next:      map[nlcap.Family]int{},
		delivered: make([]bool, len(s.Notifications)),
		lookup:    make([]bool, len(s.Exchanges)),
		table:     make([]bool, len(s.Exchanges)),
		genl:      map[string]familyAnswer{},
	}
	if cfg != nil {
		m.cfg = *cfg
		m.cfg.Families = slices.Clone(cfg.Families)
	}
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		if e.Family != nlcap.FamilyGeneric {
			continue
		}
		if len(e.Messages) == 1 {
			if _, _, ok := m.familyLookup(e.Messages[0]); ok {
				m.lookup[i] = true
			}
			// nlcap -w starts a capture with its own family-table dump
			// (nlmsg_seq capture.GenlDumpSeq): not the traffic under test.
			h := e.Messages[0].Header
			m.table[i] = capture.IsGenlDump(e.Family, h, e.Messages[0].Data)
		}
		for _, a := range e.Answers {
			m.learnFamily(a)
		}
	}
	for _, n := range s.Notifications {
		if n.Family == nlcap.FamilyGeneric {
			m.learnFamily(n.Message)
		}
	}
	// Families known only by name (AddGenlFamilies: a pcapng comment) get
	// a minimal description: id, name and multicast groups.
	for id, name := range s.GenlFamilies {
		if _, ok := m.genl[name]; !ok && name != "" {
			m.genl[name] = familyAnswer{id: id, msg: m.describeFamily(id, name)}
		}
	}
	return m
}

func (m *Mock) order() binary.ByteOrder {
	if m.s.ByteOrder == nil {
		return binary.NativeEndian
	}
	return m.s.ByteOrder
}

// learnFamily remembers a CTRL_CMD_NEWFAMILY message by the family name it
// carries (the first one seen wins).
func (m *Mock) learnFamily(msg netlink.Message) {
	if uint16(msg.Header.Type) != genlIDCtrl || len(msg.Data) < genlHdrLen || msg.Data[0] != ctrlCmdNewFamily {
		return
	}
	var (
		id   uint16
		name string
	)
	eachAttr(msg.Data[genlHdrLen:], m.order(), func(typ uint16, p []byte) {
		switch typ {
		case ctrlAttrFamilyID:
			if len(p) >= 2 {
				id = m.order().Uint16(p)
			}
		case ctrlAttrFamilyName:
			name = cstring(p)
		}
	})
	if name == "" {
		return
	}
	if _, ok := m.genl[name]; !ok {
		m.genl[name] = familyAnswer{id: id, msg: msg}
	}
}

// describeFamily builds a CTRL_CMD_NEWFAMILY for a family the capture
// names but never describes.
func (m *Mock) describeFamily(id uint16, name string) netlink.Message {
	order := m.order()
	attr := func(b []byte, typ uint16, p []byte) []byte { return appendAttr(b, order, typ, p) }
	var groups []uint32
	for gid, g := range m.s.GenlGroups {
		if g.Family == name {
			groups = append(groups, gid)
		}
	}
	slices.Sort(groups)
	var nest []byte
	for i, gid := range groups {
		var g []byte
		g = attr(g, ctrlAttrMcastGrpID, app32(order, nil, gid))
		g = attr(g, ctrlAttrMcastGrpName, append([]byte(m.s.GenlGroups[gid].Name), 0))
		nest = attr(nest, uint16(i+1)|nlaFNested, g)
	}
	b := []byte{ctrlCmdNewFamily, 2, 0, 0}
	b = attr(b, ctrlAttrFamilyID, app16(order, nil, id))
	b = attr(b, ctrlAttrFamilyName, append([]byte(name), 0))
	if len(nest) > 0 {
		b = attr(b, ctrlAttrMcastGroups|nlaFNested, nest)
	}
	return netlink.Message{Header: netlink.Header{Type: genlIDCtrl, Length: uint32(nlcap.NlmsgHdrLen + len(b))}, Data: b}
}

// #define NLA_F_NESTED (1 << 15)
const nlaFNested = dissect.NLA_F_NESTED

// familyLookup reports whether req is a CTRL_CMD_GETFAMILY doit request,
// and the name or id it asks for.
func (m *Mock) familyLookup(req netlink.Message) (name string, id uint16, ok bool) {
	h := req.Header
	if uint16(h.Type) != genlIDCtrl || h.Flags&flagDump != 0 || len(req.Data) < genlHdrLen || req.Data[0] != ctrlCmdGetFamily {
		return "", 0, false
	}
	eachAttr(req.Data[genlHdrLen:], m.order(), func(typ uint16, p []byte) {
		switch typ {
		case ctrlAttrFamilyID:
			if len(p) >= 2 {
				id = m.order().Uint16(p)
			}
		case ctrlAttrFamilyName:
			name = cstring(p)
		}
	})
	return name, id, name != "" || id != 0
}

// Func returns the mock as an nltest.Func serving the families of
// [MockConfig.Families]. Pass it to nltest.Dial, or to anything that takes
// an nltest.Func.
func (m *Mock) Func() nltest.Func {
	return m.funcFor(m.cfg.Families)
}

// Dial returns a netlink.Conn (from nltest.Dial) talking to the mock as a
// socket of the given netlink family (unix.NETLINK_ROUTE...). Close it as
// usual.
//
// NB: nltest connections do not support JoinGroup; notifications are
// delivered whatever groups the code would have joined.
func (m *Mock) Dial(family int) *netlink.Conn {
	return nltest.Dial(m.funcFor([]nlcap.Family{nlcap.Family(family)}))
}

// DialGenl returns a genetlink.Conn talking to the mock as a
// NETLINK_GENERIC socket. Family lookups (GetFamily) are answered from the
// capture; ListFamilies needs a recorded nlctrl dump, and both need Linux
// (mdlayher/genetlink implements them only there).
func (m *Mock) DialGenl() *genetlink.Conn {
	return genetlink.NewConn(m.Dial(int(nlcap.FamilyGeneric)))
}

func (m *Mock) funcFor(fams []nlcap.Family) nltest.Func {
	fams = slices.Clone(fams)
	return func(req []netlink.Message) ([]netlink.Message, error) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if len(req) == 0 {
			return m.notifications(fams)
		}
		return m.serve(fams, req)
	}
}

func serves(fams []nlcap.Family, f nlcap.Family) bool {
	return fams == nil || slices.Contains(fams, f)
}

// notifications returns the undelivered notifications of the first record
// that is deliverable: its After exchange has been served (or it came
// before any request).
func (m *Mock) notifications(fams []nlcap.Family) ([]netlink.Message, error) {
	rec := -1
	var out []netlink.Message
	for i, n := range m.s.Notifications {
		if m.delivered[i] || !serves(fams, n.Family) {
			continue
		}
		if n.After >= 0 && (n.After >= len(m.served) || m.served[n.After] == 0) {
			continue
		}
		if rec >= 0 && n.Record != rec {
			continue
		}
		rec = n.Record
		m.delivered[i] = true
		out = append(out, cloneMessage(n.Message))
	}
	if len(out) == 0 {
		return nil, ErrNothingToReceive
	}
	return out, nil
}

// serve answers one live request.
func (m *Mock) serve(fams []nlcap.Family, req []netlink.Message) ([]netlink.Message, error) {
	// Generic netlink family lookups are answered from what the capture
	// knows of the family, whichever exchange recorded it.
	if serves(fams, nlcap.FamilyGeneric) && len(req) == 1 {
		if name, id, ok := m.familyLookup(req[0]); ok {
			// A Func serving several families: a message of another
			// family that happens to look like a lookup is served as
			// recorded.
			var others []nlcap.Family
			for _, f := range m.families(fams) {
				if f != nlcap.FamilyGeneric {
					others = append(others, f)
				}
			}
			if len(others) > 0 {
				if idx, uerr := m.find(others, req); uerr == nil {
					return m.serveIndex(idx, req), nil
				}
			}
			if out, ok := m.serveLookup(name, id, req[0]); ok {
				return out, nil
			}
		}
	}

	idx, uerr := m.find(fams, req)
	if uerr != nil {
		m.unmatched = append(m.unmatched, uerr)
		if m.cfg.Strict {
			return nil, uerr
		}
		errno := errnoEOPNOTSUPP
		if _, _, ok := m.familyLookup(req[0]); ok && serves(fams, nlcap.FamilyGeneric) {
			errno = errnoENOENT
		}
		return []netlink.Message{m.errorAnswer(req[0], errno)}, nil
	}
	return m.serveIndex(idx, req), nil
}

// serveIndex marks exchange idx served and returns its answers to req.
func (m *Mock) serveIndex(idx int, req []netlink.Message) []netlink.Message {
	m.served[idx]++
	m.lastIndex = idx
	if m.cfg.Ordered {
		m.next[m.s.Exchanges[idx].Family] = idx + 1
	}
	return m.answers(&m.s.Exchanges[idx], req)
}

// serveLookup answers a CTRL_CMD_GETFAMILY for name (or id) with the
// recorded CTRL_CMD_NEWFAMILY, followed by an ACK when the request asks for
// one. A family the capture knows nothing of is left to the recorded
// exchanges (a lookup recorded with ENOENT).
func (m *Mock) serveLookup(name string, id uint16, req netlink.Message) ([]netlink.Message, bool) {
	var fa familyAnswer
	found := false
	if name != "" {
		fa, found = m.genl[name]
	} else {
		for _, f := range m.genl {
			if f.id == id {
				fa, found = f, true
				break
			}
		}
	}
	if !found {
		// Unknown to the capture: a lookup recorded as failing (ENOENT)
		// is served as recorded.
		last := -1
		for i := range m.s.Exchanges {
			if !m.lookup[i] {
				continue
			}
			if n, d, _ := m.familyLookup(m.s.Exchanges[i].Messages[0]); n == name && d == id {
				last = i
				if m.served[i] == 0 {
					break
				}
			}
		}
		if last < 0 {
			return nil, false
		}
		m.served[last]++
		return m.answers(&m.s.Exchanges[last], []netlink.Message{req}), true
	}
	for i := range m.s.Exchanges {
		if !m.lookup[i] {
			continue
		}
		if n, d, _ := m.familyLookup(m.s.Exchanges[i].Messages[0]); n == name && d == id {
			m.served[i]++
		}
	}
	a := cloneMessage(fa.msg)
	a.Header.Flags = 0
	a.Header.Sequence, a.Header.PID = req.Header.Sequence, livePID(req)
	out := []netlink.Message{a}
	if req.Header.Flags&flagAck != 0 {
		out = append(out, m.ackAnswer(req))
	}
	return out, true
}

func livePID(req netlink.Message) uint32 {
	if req.Header.PID == 0 {
		return nltest.PID
	}
	return req.Header.PID
}

// ackAnswer builds the ACK the kernel sends for a successful request:
// NLMSG_ERROR with error 0 and NLM_F_CAPPED, echoing the request header.
func (m *Mock) ackAnswer(req netlink.Message) netlink.Message {
	h := req.Header
	h.Length = uint32(nlcap.NlmsgHdrLen + len(req.Data))
	data := binary.NativeEndian.AppendUint32(nil, 0) // error 0 reads the same in either order
	data = append(data, headerBytes(h, m.order())...)
	return netlink.Message{
		Header: netlink.Header{Type: nlmsgError, Flags: flagCapped, Sequence: h.Sequence, PID: livePID(req)},
		Data:   data,
	}
}

// errorAnswer builds NLMSG_ERROR with -errno, echoing the whole request.
func (m *Mock) errorAnswer(req netlink.Message, errno int) netlink.Message {
	h := req.Header
	h.Length = uint32(nlcap.NlmsgHdrLen + len(req.Data))
	data := app32(m.order(), nil, uint32(-int32(errno)))
	data = append(data, headerBytes(h, m.order())...)
	data = append(data, req.Data...)
	return netlink.Message{
		Header: netlink.Header{Type: nlmsgError, Sequence: h.Sequence, PID: livePID(req)},
		Data:   data,
	}
}

func headerBytes(h netlink.Header, order binary.ByteOrder) []byte {
	b := app32(order, nil, h.Length)
	b = app16(order, b, uint16(h.Type))
	b = app16(order, b, uint16(h.Flags))
	b = app32(order, b, h.Sequence)
	return app32(order, b, h.PID)
}

func cloneMessage(msg netlink.Message) netlink.Message {
	msg.Data = slices.Clone(msg.Data)
	return msg
}

// answers returns the recorded answers of e with nlmsg_seq and nlmsg_pid
// (and those of the request header an NLMSG_ERROR echoes) rewritten to the
// live request's. A dump the capture did not see end gets an NLMSG_DONE.
func (m *Mock) answers(e *Exchange, req []netlink.Message) []netlink.Message {
	seqs := map[uint32]uint32{}
	for i, rm := range e.Messages {
		if i < len(req) {
			if _, ok := seqs[rm.Header.Sequence]; !ok {
				seqs[rm.Header.Sequence] = req[i].Header.Sequence
			}
		}
	}
	pid := livePID(req[0])
	order := m.order()
	out := make([]netlink.Message, 0, len(e.Answers)+1)
	for _, a := range e.Answers {
		a = cloneMessage(a)
		if s, ok := seqs[a.Header.Sequence]; ok {
			a.Header.Sequence = s
		} else {
			a.Header.Sequence = req[0].Header.Sequence
		}
		a.Header.PID = pid
		if uint16(a.Header.Type) == nlmsgError && len(a.Data) >= 4+nlcap.NlmsgHdrLen {
			order.PutUint32(a.Data[4+8:], a.Header.Sequence)
			order.PutUint32(a.Data[4+12:], pid)
		}
		out = append(out, a)
	}
	if n := len(out); !e.Complete && n > 0 && out[n-1].Header.Flags&flagMulti != 0 && uint16(out[n-1].Header.Type) != nlmsgDone {
		last := out[n-1].Header
		out = append(out, netlink.Message{
			Header: netlink.Header{Type: nlmsgDone, Flags: flagMulti, Sequence: last.Sequence, PID: pid},
			Data:   make([]byte, 4),
		})
	}
	return out
}

// find returns the index of the exchange that serves req, or an
// *UnmatchedError naming the closest one.
func (m *Mock) find(fams []nlcap.Family, req []netlink.Message) (int, *UnmatchedError) {
	best, bestScore := -1, -1
	consider := func(i, score int) {
		if best < 0 || score < bestScore {
			best, bestScore = i, score
		}
	}
	if m.cfg.Ordered {
		// The next unserved exchange of a served family must match.
		for _, f := range m.families(fams) {
			i := m.nextOrdered(f)
			if i < 0 {
				continue
			}
			fields, score := m.diffRequest(&m.s.Exchanges[i], f, req, false)
			if len(fields) == 0 {
				return i, nil
			}
			consider(i, score)
		}
		// Say whether the request would match out of order; with no
		// next exchange, name the closest of all.
		match, other, otherScore := -1, -1, -1
		for i := range m.s.Exchanges {
			e := &m.s.Exchanges[i]
			if !serves(fams, e.Family) || m.lookup[i] || m.table[i] {
				continue
			}
			fields, score := m.diffRequest(e, e.Family, req, false)
			switch {
			case len(fields) == 0:
				if match < 0 || m.served[match] > 0 && m.served[i] == 0 {
					match = i
				}
			case other < 0 || score < otherScore:
				other, otherScore = i, score
			}
		}
		reason := ""
		switch {
		case match >= 0 && m.served[match] > 0:
			reason = fmt.Sprintf("it matches request #%d, already served (ordered mode serves each exchange once)", match+1)
		case match >= 0 && best >= 0:
			reason = fmt.Sprintf("it matches request #%d, but ordered mode expects request #%d first", match+1, best+1)
		}
		if best < 0 {
			best = other
			if match >= 0 {
				best = match
			}
		}
		if reason == "" && best >= 0 && m.nextOrdered(m.s.Exchanges[best].Family) < 0 {
			reason = "every request was served (ordered mode)"
		}
		return -1, m.unmatchedError(req, fams, best, reason)
	}

	last := -1
	for i := range m.s.Exchanges {
		e := &m.s.Exchanges[i]
		if !serves(fams, e.Family) || m.table[i] {
			continue
		}
		fields, score := m.diffRequest(e, e.Family, req, false)
		if len(fields) == 0 {
			if m.served[i] == 0 {
				return i, nil
			}
			last = i
			continue
		}
		consider(i, score)
	}
	if last >= 0 {
		return last, nil
	}
	return -1, m.unmatchedError(req, fams, best, "")
}

// families lists the families fams selects, in the order the script first
// uses them.
func (m *Mock) families(fams []nlcap.Family) []nlcap.Family {
	var out []nlcap.Family
	for _, e := range m.s.Exchanges {
		if serves(fams, e.Family) && !slices.Contains(out, e.Family) {
			out = append(out, e.Family)
		}
	}
	return out
}

// nextOrdered returns the next exchange of family f in ordered mode
// (family lookups skipped), or -1.
func (m *Mock) nextOrdered(f nlcap.Family) int {
	for i := m.next[f]; i < len(m.s.Exchanges); i++ {
		if m.s.Exchanges[i].Family == f && !m.lookup[i] && !m.table[i] && m.served[i] == 0 {
			return i
		}
	}
	return -1
}

// Unmatched returns the errors of the requests that matched no recorded
// exchange so far (also in non-strict mode, where the code under test only
// saw EOPNOTSUPP).
func (m *Mock) Unmatched() []*UnmatchedError {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.unmatched)
}

// Unserved returns the indexes of the recorded exchanges that no request
// has matched yet (generic netlink family lookups excluded: code that
// caches family ids need not repeat them; nlcap's own family-table dump
// excluded: it is no exchange).
func (m *Mock) Unserved() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.unserved()
}

func (m *Mock) unserved() []int {
	var out []int
	for i, n := range m.served {
		if n == 0 && !m.lookup[i] && !m.table[i] {
			out = append(out, i)
		}
	}
	return out
}

// Check returns what makes a test of the code under test fail, nil when
// nothing does: every request that matched no recorded exchange (in strict
// mode too, where the code under test got the error but may have ignored
// it), and with [MockConfig.RequireAllServed] every recorded exchange never
// served, each named with its request number (1-based, as nlreplay --only
// takes it), message types and recorded outcome.
func (m *Mock) Check() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var errs []error
	for _, u := range m.unmatched {
		errs = append(errs, u)
	}
	if m.cfg.RequireAllServed {
		for _, i := range m.unserved() {
			e := &m.s.Exchanges[i]
			errs = append(errs, fmt.Errorf("replay: mock: recorded request #%d (%s, record %d; recorded answer %s) was never served",
				i+1, m.typeNames(e.Family, e.Messages), e.Record+1, m.s.Outcome(e)))
		}
	}
	return errors.Join(errs...)
}

// An UnmatchedError says that a live request matched no recorded exchange.
// It matches [ErrUnexpectedRequest] with errors.Is.
type UnmatchedError struct {
	Family  nlcap.Family
	Request []netlink.Message // the live request
	// Closest is the index of the closest recorded exchange, -1 when the
	// script has none of the family.
	Closest int
	// Fields says what differs from the closest recorded request, one line
	// per field, escaped: "nlmsg_flags: recorded 0x301
	// [REQUEST,ROOT,MATCH], live 0x305 [REQUEST,ACK,ROOT,MATCH]".
	Fields []string
	// Diff is a line diff of the decoded requests: recorded (-), live (+).
	Diff string
	// Reason adds what the mode explains ("ordered mode expects request 3
	// first"), or is empty.
	Reason string
	// name describes the closest request: "RTM_GETLINK, record 26".
	name string
	live string
}

// Error names the live request, the closest recorded one and the differing
// fields, followed by the diff. What comes from the capture or the request
// is escaped as nlcap -r escapes it (package render): the first line is one
// line, and the diff has no other lines than its own.
func (e *UnmatchedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "replay: mock: unexpected request %s", e.live)
	if e.Closest < 0 {
		fmt.Fprintf(&b, ": the capture holds no %s request", e.Family)
	} else {
		fmt.Fprintf(&b, ": closest recorded request is #%d (%s)", e.Closest+1, e.name)
		if len(e.Fields) > 0 {
			b.WriteString(": ")
			b.WriteString(strings.Join(e.Fields, "; "))
		}
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	msg := render.Text(b.String())
	if e.Diff != "" {
		msg += "\n" + render.TextLines(strings.TrimRight(e.Diff, "\n"))
	}
	return msg
}

// Is reports whether target is [ErrUnexpectedRequest].
func (e *UnmatchedError) Is(target error) bool { return target == ErrUnexpectedRequest }

var _ error = (*UnmatchedError)(nil)

func (m *Mock) unmatchedError(req []netlink.Message, fams []nlcap.Family, closest int, reason string) *UnmatchedError {
	f := nlcap.FamilyRoute
	if closest >= 0 {
		f = m.s.Exchanges[closest].Family
	} else if fs := m.families(fams); len(fs) > 0 {
		f = fs[0]
	} else if len(fams) > 0 {
		f = fams[0]
	}
	e := &UnmatchedError{
		Family:  f,
		Request: slices.Clone(req),
		Closest: closest,
		Reason:  reason,
		live:    m.describe(f, req),
	}
	opts := &CompareOptions{Family: f, ByteOrder: m.order()}
	if closest >= 0 {
		x := &m.s.Exchanges[closest]
		e.Fields, _ = m.diffRequest(x, x.Family, req, true)
		for i, f := range e.Fields {
			e.Fields[i] = render.Text(f)
		}
		e.name = fmt.Sprintf("%s, record %d", m.typeNames(f, x.Messages), x.Record+1)
		if len(e.Fields) > 0 {
			rl, ll := Render(x.Messages, opts, m.s.GenlFamilies), Render(req, opts, m.s.GenlFamilies)
			if slices.Equal(rl, ll) {
				// The decoder shows no difference: compare the bytes.
				rl, ll = hexLines(f, x.Messages), hexLines(f, req)
			}
			e.Diff = lineDiff(rl, ll, 60)
		}
	}
	return e
}

// hexLines shows the normalised bodies of msgs, 4 bytes a line, with their
// offsets from the start of the nlmsghdr.
func hexLines(f nlcap.Family, msgs []netlink.Message) []string {
	var out []string
	for i, x := range msgs {
		out = append(out, fmt.Sprintf("message %d type 0x%x flags 0x%x", i, uint16(x.Header.Type), uint16(x.Header.Flags)))
		b := normBody(f, x.Data)
		for off := 0; off < len(b); off += 4 {
			out = append(out, fmt.Sprintf("  %04d: % x", nlcap.NlmsgHdrLen+off, b[off:min(off+4, len(b))]))
		}
	}
	return out
}

func (m *Mock) typeNames(f nlcap.Family, msgs []netlink.Message) string {
	var names []string
	for _, x := range msgs {
		names = append(names, typeName(f, x, m.s.GenlFamilies))
	}
	return strings.Join(names, ", ")
}

// describe names a live request as nlcap -r does: "RTM_GETLINK
// [REQUEST,ROOT,MATCH]".
func (m *Mock) describe(f nlcap.Family, req []netlink.Message) string {
	var parts []string
	for _, x := range req {
		parts = append(parts, typeName(f, x, m.s.GenlFamilies)+" "+m.flagText(f, x, false))
	}
	return strings.Join(parts, ", ")
}

// normBody returns the part of a request body that matching compares: the
// genlmsghdr version and reserved bytes are cleared (the kernel does not
// check them for most families and tools differ: iproute2 sends version 0,
// mdlayher/genetlink 1), and the body is zero-padded to NLMSG_ALIGN.
func normBody(f nlcap.Family, b []byte) []byte {
	out := make([]byte, nlcap.NlmsgAlign(len(b)))
	copy(out, b)
	if f == nlcap.FamilyGeneric && len(out) >= genlHdrLen {
		clear(out[1:genlHdrLen])
	}
	return out
}

// diffRequest compares a recorded exchange's request (of family f) with a
// live request. It returns the differing fields (none: a match) and a
// distance used to find the closest exchange. Without text the fields are
// not described in full (no decoding: matching stays cheap).
func (m *Mock) diffRequest(e *Exchange, f nlcap.Family, req []netlink.Message, text bool) ([]string, int) {
	var fields []string
	score := 0
	if e.Family != f {
		fields = append(fields, fmt.Sprintf("family: recorded %s, live %s", e.Family, f))
		score += 10000
	}
	if len(e.Messages) != len(req) {
		fields = append(fields, fmt.Sprintf("messages: recorded %d, live %d", len(e.Messages), len(req)))
		score += 1000
	}
	for i := range min(len(e.Messages), len(req)) {
		prefix := ""
		if len(req) > 1 || len(e.Messages) > 1 {
			prefix = fmt.Sprintf("message %d ", i)
		}
		fs, sc := m.diffMessage(f, e.Messages[i], req[i], text)
		for _, x := range fs {
			fields = append(fields, prefix+x)
		}
		score += sc
	}
	return fields, score
}

func (m *Mock) diffMessage(f nlcap.Family, rec, live netlink.Message, text bool) ([]string, int) {
	var fields []string
	score := 0
	rt, lt := uint16(rec.Header.Type), uint16(live.Header.Type)
	if f == nlcap.FamilyGeneric && rt >= nlmsgMinType && lt >= nlmsgMinType {
		if rt != lt {
			fields = append(fields, fmt.Sprintf("genl family: recorded %s, live %s", m.genlName(rt), m.genlName(lt)))
			score += 200
		}
		if len(rec.Data) >= 1 && len(live.Data) >= 1 && rec.Data[0] != live.Data[0] {
			fields = append(fields, fmt.Sprintf("genl cmd: recorded %s, live %s", typeName(f, rec, m.s.GenlFamilies), typeName(f, live, m.s.GenlFamilies)))
			score += 100
		}
	} else if rt != lt {
		fields = append(fields, fmt.Sprintf("nlmsg_type: recorded %s, live %s", typeName(f, rec, m.s.GenlFamilies), typeName(f, live, m.s.GenlFamilies)))
		score += 200
	}
	if rec.Header.Flags != live.Header.Flags {
		if text {
			fields = append(fields, fmt.Sprintf("nlmsg_flags: recorded %s, live %s", m.flagText(f, rec, true), m.flagText(f, live, true)))
		} else {
			fields = append(fields, "nlmsg_flags")
		}
		score += 50
	}
	rb, lb := normBody(f, rec.Data), normBody(f, live.Data)
	if !slices.Equal(rb, lb) && !text {
		fields = append(fields, "body")
		score += 10 + bytesDiffering(rb, lb)
	} else if !slices.Equal(rb, lb) {
		at := 0
		for at < len(rb) && at < len(lb) && rb[at] == lb[at] {
			at++
		}
		where := fmt.Sprintf("offset %d", nlcap.NlmsgHdrLen+at)
		if path := m.attrAt(f, live, at); path != "" {
			where += " (" + path + ")"
		} else if path := m.attrAt(f, rec, at); path != "" {
			where += " (" + path + ")"
		}
		lenText := ""
		if len(rec.Data) != len(live.Data) {
			lenText = fmt.Sprintf("recorded %d bytes, live %d bytes, ", len(rec.Data), len(live.Data))
		}
		fields = append(fields, fmt.Sprintf("body: %sfirst difference at %s", lenText, where))
		score += 10 + bytesDiffering(rb, lb)
	}
	return fields, score
}

// bytesDiffering counts the positions where a and b differ (a missing byte
// differs), up to 40.
func bytesDiffering(a, b []byte) int {
	n := 0
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			n++
		}
	}
	return min(n, 40)
}

func (m *Mock) genlName(id uint16) string {
	if n, ok := m.s.GenlFamilies[id]; ok {
		return fmt.Sprintf("%s (0x%x)", render.Text(n), id)
	}
	return fmt.Sprintf("0x%x", id)
}

// decodeOne decodes one message with the dissector, which knows the genl
// families the capture named.
func (m *Mock) decodeOne(f nlcap.Family, msg netlink.Message) (dissect.Message, bool) {
	d := dissect.NewDecoder(nil)
	order := m.order()
	if f == nlcap.FamilyGeneric {
		d.LearnGenlFamilies(m.s.GenlFamilies)
	}
	msgs := d.Decode(nlcap.Record{Family: f, ByteOrder: order, Data: EncodeMessage(msg, order)}, 0)
	if len(msgs) == 0 {
		return dissect.Message{}, false
	}
	return msgs[0], true
}

// flagText formats nlmsg_flags as nlcap -r does, "[REQUEST,ROOT,MATCH]",
// after the number with hex: "0x301 [REQUEST,ROOT,MATCH]".
func (m *Mock) flagText(f nlcap.Family, msg netlink.Message, hex bool) string {
	var b []byte
	if hex {
		b = fmt.Appendf(b, "0x%x ", uint16(msg.Header.Flags))
	}
	if d, ok := m.decodeOne(f, msg); ok {
		return string(render.New(nil).AppendFlags(b, &d))
	}
	return string(fmt.Appendf(b, "[0x%x]", uint16(msg.Header.Flags)))
}

// attrAt names the attribute holding body byte off of msg, if any.
func (m *Mock) attrAt(f nlcap.Family, msg netlink.Message, off int) string {
	d, ok := m.decodeOne(f, msg)
	if !ok {
		return ""
	}
	// Attr offsets count from the start of the nlmsghdr.
	if p := dissect.AttrPath(d.Attrs, nlcap.NlmsgHdrLen+off); p != "" {
		return p
	}
	if d.FixedName != "" && (len(d.Attrs) == 0 || nlcap.NlmsgHdrLen+off < d.Attrs[0].Offset) {
		return d.FixedName
	}
	return ""
}
