package replay

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
)

// A MockSocket is one netlink socket of a program that a [Mock] serves as
// the kernel would, datagram in, datagrams out: the kernel side of
// `nlreplay --mock CAPTURE -- CMD` (capture.Serve runs the program). It
// shares the Mock's state with every other socket and connection of the
// Mock. Its methods are safe for concurrent use.
type MockSocket struct {
	m      *Mock
	family nlcap.Family
	next   int // index of the next notification considered for delivery
}

// Socket returns a socket of netlink family f served by m.
func (m *Mock) Socket(f nlcap.Family) *MockSocket {
	return &MockSocket{m: m, family: f}
}

// Serve answers one datagram the program sent from port id port. It returns
// the datagrams the kernel would send back, in order: the recorded answers
// with nlmsg_seq rewritten to the request's and nlmsg_pid to port (an
// NLMSG_ERROR echoes the request's own header), cut into datagrams as the
// capture's records were. A request that matches no recorded exchange gets
// one NLMSG_ERROR (EOPNOTSUPP; ENOENT for an unknown generic netlink
// family), in strict mode too, and its *UnmatchedError is returned (and
// kept for [Mock.Unmatched] and [Mock.Check]). A datagram that does not
// parse as netlink messages gets no answer and an error.
func (s *MockSocket) Serve(datagram []byte, port uint32) ([][]byte, *UnmatchedError, error) {
	m := s.m
	order := m.order()
	req, err := parseMessages(&nlcap.Record{Family: s.family, ByteOrder: order, Data: datagram})
	if err != nil {
		return nil, nil, fmt.Errorf("replay: mock socket: %w", err)
	}
	if len(req) == 0 {
		return nil, nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	before := len(m.unmatched)
	m.lastIndex = -1
	fams := []nlcap.Family{s.family}
	answers, err := m.serve(fams, req)
	var uerr *UnmatchedError
	if len(m.unmatched) > before {
		uerr = m.unmatched[len(m.unmatched)-1]
	}
	if err != nil {
		// Strict mode: the Go mock fails Receive; a program gets the
		// error answer a lenient mock gives.
		errno := errnoEOPNOTSUPP
		if _, _, ok := m.familyLookup(req[0]); ok && s.family == nlcap.FamilyGeneric {
			errno = errnoENOENT
		}
		answers = []netlink.Message{m.errorAnswer(req[0], errno)}
	}
	var records []int // the record of each answer, when served from an exchange
	if m.lastIndex >= 0 && uerr == nil {
		records = m.s.Exchanges[m.lastIndex].AnswerRecords
	}
	s.addressTo(answers, req, port)
	return datagrams(answers, records, order), uerr, nil
}

// addressTo sets the answers' nlmsg_pid to port, as the kernel addresses
// unicast answers to the requesting socket, and the header an NLMSG_ERROR
// echoes back to the request's own nlmsg_pid.
func (s *MockSocket) addressTo(answers, req []netlink.Message, port uint32) {
	order := s.m.order()
	reqPID := map[uint32]uint32{}
	for _, r := range req {
		if _, ok := reqPID[r.Header.Sequence]; !ok {
			reqPID[r.Header.Sequence] = r.Header.PID
		}
	}
	for i := range answers {
		a := &answers[i]
		a.Header.PID = port
		if uint16(a.Header.Type) == nlmsgError && len(a.Data) >= 4+nlcap.NlmsgHdrLen {
			p, ok := reqPID[order.Uint32(a.Data[4+8:])]
			if !ok {
				p = req[0].Header.PID
			}
			order.PutUint32(a.Data[4+12:], p)
		}
	}
}

// datagrams encodes msgs, one datagram per record of records (msgs[i] came
// in records[i]); messages without a record (synthesised: a family lookup's
// answer, an ACK, the NLMSG_DONE of a dump the capture did not see end, an
// error) get a datagram each.
func datagrams(msgs []netlink.Message, records []int, order binary.ByteOrder) [][]byte {
	var out [][]byte
	for i, msg := range msgs {
		b := EncodeMessage(msg, order)
		if i > 0 && i < len(records) && records[i] == records[i-1] {
			out[len(out)-1] = append(out[len(out)-1], b...)
			continue
		}
		out = append(out, b)
	}
	return out
}

// Notification returns the next notification recorded in the socket's
// family, as one datagram (the messages of one record), or nil when there
// is none left. Each socket sees every notification once, in capture
// order: a program that listens gets the recorded events.
func (s *MockSocket) Notification() []byte {
	m := s.m
	m.mu.Lock()
	defer m.mu.Unlock()
	ns := m.s.Notifications
	for s.next < len(ns) && ns[s.next].Family != s.family {
		s.next++
	}
	if s.next == len(ns) {
		return nil
	}
	rec := ns[s.next].Record
	var b []byte
	for ; s.next < len(ns) && (ns[s.next].Family != s.family || ns[s.next].Record == rec); s.next++ {
		if ns[s.next].Family == s.family {
			b = append(b, EncodeMessage(ns[s.next].Message, m.order())...)
			m.delivered[s.next] = true
		}
	}
	return b
}

// A MockSummary counts what a [Mock] did.
type MockSummary struct {
	// Served counts the recorded exchanges served at least once, Unserved
	// those never served (generic netlink family lookups and nlcap's own
	// family-table dump are in neither).
	Served, Unserved int
	// Unmatched counts the live requests that matched no exchange.
	Unmatched int
	// Notifications counts the recorded notifications delivered.
	Notifications int
}

// Summary counts what m served so far.
func (m *Mock) Summary() MockSummary {
	m.mu.Lock()
	defer m.mu.Unlock()
	var sum MockSummary
	for i, n := range m.served {
		switch {
		case m.lookup[i] || m.table[i]:
		case n > 0:
			sum.Served++
		default:
			sum.Unserved++
		}
	}
	for _, d := range m.delivered {
		if d {
			sum.Notifications++
		}
	}
	sum.Unmatched = len(m.unmatched)
	return sum
}

// WriteSummary writes the one-line summary of what m served ("mock: 3
// served, 0 unmatched, 2 unserved, 4 notifications delivered"), prefixed
// with prefix, and with verbose each served, unmatched and unserved
// request, one per line (unmatched ones with their diff), as nlcap -r names
// them and escapes what comes from the capture.
func (m *Mock) WriteSummary(w io.Writer, prefix string, verbose bool) MockSummary {
	sum := m.Summary()
	fmt.Fprintf(w, "%smock: %d served, %d unmatched, %d unserved, %d notifications delivered\n",
		prefix, sum.Served, sum.Unmatched, sum.Unserved, sum.Notifications)
	if !verbose {
		return sum
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, n := range m.served {
		if m.lookup[i] || m.table[i] {
			continue
		}
		e := &m.s.Exchanges[i]
		state := fmt.Sprintf("served %d×", n)
		if n == 0 {
			state = "unserved"
		}
		fmt.Fprintf(w, "%s  %s: request %d (%s, record %d; recorded answer %s)\n",
			prefix, state, i+1, m.typeNames(e.Family, e.Messages), e.Record, m.s.Outcome(e))
	}
	for _, u := range m.unmatched {
		fmt.Fprintf(w, "%s  unmatched: %s\n", prefix, u.Error())
	}
	return sum
}
