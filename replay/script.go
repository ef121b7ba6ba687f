package replay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// ErrNoRequests is returned by [NewScript] and [ReadScript] when the capture
// holds no user→kernel record.
var ErrNoRequests = errors.New("replay: capture holds no requests")

var (
	errNotNetlink = errors.New("not a netlink message")
	errSnapped    = errors.New("truncated by the capture's snap length")
)

// Netlink header values used for pairing, from the registry
// (include/uapi/linux/netlink.h, netfilter/nfnetlink.h).
const (
	nlmsgNoop    = dissect.NLMSG_NOOP
	nlmsgError   = dissect.NLMSG_ERROR
	nlmsgDone    = dissect.NLMSG_DONE
	nlmsgOverrun = dissect.NLMSG_OVERRUN
	nlmsgMinType = dissect.NLMSG_MIN_TYPE

	flagRequest = dissect.NLM_F_REQUEST
	flagMulti   = dissect.NLM_F_MULTI
	flagAck     = dissect.NLM_F_ACK
	flagEcho    = dissect.NLM_F_ECHO
	flagRoot    = dissect.NLM_F_ROOT
	flagMatch   = dissect.NLM_F_MATCH
	flagDump    = flagRoot | flagMatch
	flagCreate  = dissect.NLM_F_CREATE
	flagAppend  = dissect.NLM_F_APPEND

	nfnlMsgBatchBegin = dissect.NFNL_MSG_BATCH_BEGIN
	nfnlMsgBatchEnd   = dissect.NFNL_MSG_BATCH_END
)

// Generic netlink controller values (include/uapi/linux/genetlink.h).
const (
	genlIDCtrl           = dissect.GENL_ID_CTRL
	genlHdrLen           = dissect.GenlHdrLen
	ctrlCmdNewFamily     = dissect.CTRL_CMD_NEWFAMILY
	ctrlCmdGetFamily     = dissect.CTRL_CMD_GETFAMILY
	ctrlAttrFamilyID     = dissect.CTRL_ATTR_FAMILY_ID
	ctrlAttrFamilyName   = dissect.CTRL_ATTR_FAMILY_NAME
	ctrlAttrMcastGroups  = dissect.CTRL_ATTR_MCAST_GROUPS
	ctrlAttrMcastGrpName = dissect.CTRL_ATTR_MCAST_GRP_NAME
	ctrlAttrMcastGrpID   = dissect.CTRL_ATTR_MCAST_GRP_ID
)

// An Exchange is one user→kernel record and the kernel messages that answer
// it.
type Exchange struct {
	Index     int               // 0-based order of the request record among requests
	Record    int               // index of the request record in the capture
	Family    nlcap.Family      // netlink protocol of the request record
	Request   []byte            // the whole request record, as sent (batches and trailing bytes kept)
	Messages  []netlink.Message // the request's messages, parsed (headers host-order decoded)
	Answers   []netlink.Message // answers paired to it, in capture order (ACK/ERROR, dump parts, DONE)
	Sender    uint32            // nlmsg_pid of the first request message (one socket per sender on replay)
	Timestamp time.Time         // time of the request record
	// Complete reports that the final answer (ACK/ERROR/DONE, or the single
	// reply of a non-dump GET) of every request message that expects one
	// was seen.
	Complete bool

	// Port is the kernel-assigned port id the answers were addressed to (0
	// when there was no answer). It tells senders apart when requests carry
	// nlmsg_pid 0.
	Port uint32
	// AnswerRecords holds, for each answer, the index of its record.
	AnswerRecords []int
	// Answered is the time of the last answer record (zero without answers).
	Answered time.Time
}

// A Notification is a kernel message paired to no request.
type Notification struct {
	Record    int // index of its record in the capture
	Family    nlcap.Family
	Message   netlink.Message
	Timestamp time.Time
	After     int // index of the last exchange before it, -1 when none
}

// A GenlGroup names a generic netlink multicast group.
type GenlGroup struct {
	Family string // genl family name ("nlctrl")
	Name   string // group name ("notify")
}

// A Script is a capture turned into request/answer exchanges. It is pure
// data: build it with [NewScript] or [ReadScript], on any OS.
type Script struct {
	Exchanges     []Exchange
	Notifications []Notification
	// GenlFamilies maps genl family ids to names learned from nlctrl
	// messages in the capture (and [Script.AddGenlFamilies]).
	GenlFamilies map[uint16]string
	// GenlGroups maps multicast group ids to their family and name.
	GenlGroups map[uint32]GenlGroup
	// ByteOrder is the byte order of the capturing host (of the first record).
	ByteOrder binary.ByteOrder
	// Skipped lists the records [ReadScript] left out, in capture order.
	Skipped []SkippedRecord
}

// A SkippedRecord is a record of the capture that [ReadScript] could not
// use (malformed for the pcap reader, or not a whole netlink datagram) and
// left out, as nlcap -r marks such a record and goes on.
type SkippedRecord struct {
	Record int   // index of the record in the capture (0-based, as Exchange.Record)
	Err    error // why, naming the record by its 1-based number
}

// reqKind is what a request message expects besides an ACK.
type reqKind uint8

const (
	kindNone  reqKind = iota // NEW/DEL/SET, batch delimiters: no data answer
	kindGet                  // one reply without NLM_F_MULTI
	kindDump                 // NLM_F_MULTI parts then NLMSG_DONE
	kindMaybe                // unknown family kind: a single reply if one comes
)

type reqState struct {
	seq, pid uint32
	kind     reqKind
	ack      bool
	echo     bool
	expects  bool // an answer will end it
	done     bool
}

type openExchange struct {
	ex      *Exchange
	msgs    []reqState
	pending int
	closed  bool // paired no more; stale index entries are dropped lazily
}

// classify says what message m of a request record expects.
func classify(f nlcap.Family, m netlink.Message, multi bool) reqState {
	h := m.Header
	st := reqState{seq: h.Sequence, pid: h.PID, ack: h.Flags&flagAck != 0, echo: h.Flags&flagEcho != 0}
	t := uint16(h.Type)
	dumpFlags := h.Flags&flagDump == flagDump
	switch {
	case t < nlmsgMinType:
		st.kind = kindNone
	case f == nlcap.FamilyRoute:
		switch {
		case !dissect.IsRouteGet(t): // RTM_NEW*, RTM_DEL*, RTM_SET*
			st.kind = kindNone
		case dumpFlags:
			st.kind = kindDump
		default:
			st.kind = kindGet
		}
	case f == nlcap.FamilyNetfilter && (t == nfnlMsgBatchBegin || t == nfnlMsgBatchEnd):
		st.kind = kindNone
	case f == nlcap.FamilyGeneric && t == genlIDCtrl && len(m.Data) >= 1 && m.Data[0] == ctrlCmdGetFamily:
		if dumpFlags {
			st.kind = kindDump
		} else {
			st.kind = kindGet
		}
	case dumpFlags:
		st.kind = kindDump
	case multi || h.Flags&(flagCreate|flagAppend) != 0:
		st.kind = kindNone
	default:
		st.kind = kindMaybe
	}
	st.expects = st.ack || st.kind == kindGet || st.kind == kindDump
	return st
}

// NewScript pairs the records of a capture into exchanges (see the package
// documentation for the rule). It does no I/O and never panics; a record
// that is not a well-formed netlink datagram is an error naming it. A
// capture without requests gives [ErrNoRequests]. The script does not
// share memory with records.
func NewScript(records []nlcap.Record) (*Script, error) {
	b := newBuilder()
	if len(records) > 0 {
		b.s.ByteOrder = records[0].Order()
	}
	// One exchange per request record: size the slice once.
	n := 0
	for i := range records {
		if records[i].Direction == nlcap.DirectionToKernel ||
			records[i].Direction == nlcap.DirectionUnknown && nlcap.InferDirection(records[i].Data, records[i].Order()) == nlcap.DirectionToKernel {
			n++
		}
	}
	b.s.Exchanges = make([]Exchange, 0, n)
	for i := range records {
		if err := b.add(&records[i]); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// A builder turns records into a Script one at a time, so that
// [ReadScript] needs no slice of every record. Record bytes and parsed
// messages are copied into chunked arenas: a 5000-request capture costs a
// few hundred allocations instead of tens of thousands.
//
// Open exchanges (requests still waiting for answers) are indexed by what
// an answer carries, so that pairing takes about constant time however
// many requests stay unanswered (a capture cut with nlcap -Q in has only
// those): BenchmarkUnanswered.
type builder struct {
	s    *Script
	live []*openExchange // open exchanges, some closed since: re-pointed when s.Exchanges moves
	// byPID indexes the request messages of open exchanges by family, the
	// port an answer goes to (nlmsg_pid, or the exchange's Port once known
	// for a request with nlmsg_pid 0) and sequence number.
	byPID map[pairKey][]msgRef
	// byPID0 indexes the messages with nlmsg_pid 0 of open exchanges whose
	// Port is not known yet (pid 0 in pairKey).
	byPID0 map[pairKey][]msgRef
	// idle holds, per family and sender, the open exchanges that expect no
	// answer: the sender's next request ends their wait for errors.
	idle map[senderKey][]*openExchange
	n    int               // records added
	data []byte            // free part of the current byte chunk (len == cap)
	msgs []netlink.Message // free part of the current message chunk (len == cap)
	idx  []int             // free part of the current int chunk (len == cap)
}

// A pairKey is what pairs an answer with a request message.
type pairKey struct {
	family   nlcap.Family
	pid, seq uint32
}

// A senderKey names one sender of requests.
type senderKey struct {
	family nlcap.Family
	pid    uint32
}

// A msgRef is request message mi of open exchange o.
type msgRef struct {
	o  *openExchange
	mi int
}

const (
	arenaBytes = 64 << 10 // bytes per data chunk; larger records get their own
	arenaMsgs  = 1024     // messages per message chunk
)

func newBuilder() *builder {
	return &builder{
		s: &Script{
			GenlFamilies: map[uint16]string{genlIDCtrl: "nlctrl"},
			GenlGroups:   map[uint32]GenlGroup{},
			ByteOrder:    binary.NativeEndian,
		},
		byPID:  map[pairKey][]msgRef{},
		byPID0: map[pairKey][]msgRef{},
		idle:   map[senderKey][]*openExchange{},
	}
}

// clone copies p into the byte arena. The copy's capacity is its length,
// so that an append to it never overwrites its neighbour.
func (b *builder) clone(p []byte) []byte {
	if len(p) > arenaBytes/4 {
		return slices.Clone(p)
	}
	if len(p) > len(b.data) {
		b.data = make([]byte, arenaBytes)
	}
	out := b.data[:len(p):len(p)]
	copy(out, p)
	b.data = b.data[len(p):]
	return out
}

// messages returns a zero-length slice with room for exactly n messages.
func (b *builder) messages(n int) []netlink.Message {
	if n > arenaMsgs/4 {
		return make([]netlink.Message, 0, n)
	}
	if n > len(b.msgs) {
		b.msgs = make([]netlink.Message, arenaMsgs)
	}
	out := b.msgs[:0:n]
	b.msgs = b.msgs[n:]
	return out
}

// ints returns a zero-length slice with room for exactly n ints.
func (b *builder) ints(n int) []int {
	if n > len(b.idx) {
		b.idx = make([]int, arenaMsgs)
	}
	out := b.idx[:0:n]
	b.idx = b.idx[n:]
	return out
}

// openRequest indexes a new open exchange.
func (b *builder) openRequest(o *openExchange) {
	b.live = append(b.live, o)
	for mi, m := range o.msgs {
		k := pairKey{o.ex.Family, m.pid, m.seq}
		if m.pid == 0 {
			b.byPID0[k] = append(b.byPID0[k], msgRef{o, mi})
		} else {
			b.byPID[k] = append(b.byPID[k], msgRef{o, mi})
		}
	}
	if o.pending == 0 {
		k := senderKey{o.ex.Family, o.ex.Sender}
		b.idle[k] = append(b.idle[k], o)
	}
}

// setPort records the port the first answer of o went to: its messages
// with nlmsg_pid 0 pair from then on by that port.
func (b *builder) setPort(o *openExchange, port uint32) {
	o.ex.Port = port
	if port == 0 {
		return
	}
	for mi, m := range o.msgs {
		if m.pid == 0 {
			k := pairKey{o.ex.Family, port, m.seq}
			b.byPID[k] = append(b.byPID[k], msgRef{o, mi})
		}
	}
}

// repoint re-points the open exchanges after an append moved s.Exchanges,
// dropping the closed ones from b.live.
func (b *builder) repoint() {
	live := b.live[:0]
	for _, o := range b.live {
		if !o.closed {
			o.ex = &b.s.Exchanges[o.ex.Index]
			live = append(live, o)
		}
	}
	clear(b.live[len(live):])
	b.live = live
}

// add pairs the next record of the capture; rec is not retained.
func (b *builder) add(rec *nlcap.Record) error {
	s := b.s
	ri := b.n
	b.n++
	if ri == 0 {
		s.ByteOrder = rec.Order()
	}
	order := rec.Order()
	// A record cut by the snap length is named so even when the cut
	// makes its last message unreadable.
	if rec.OrigLen > len(rec.Data) {
		return fmt.Errorf("replay: record %d: %w (%d of %d bytes)", ri+1, errSnapped, len(rec.Data), rec.OrigLen)
	}
	dir := rec.Direction
	if dir == nlcap.DirectionUnknown {
		dir = nlcap.InferDirection(rec.Data, order)
	}
	if len(rec.Data) < nlcap.NlmsgHdrLen {
		return fmt.Errorf("replay: record %d: %w (%d bytes)", ri+1, errNotNetlink, len(rec.Data))
	}
	if dir == nlcap.DirectionUnknown {
		// Say what is wrong with the first header when possible.
		for _, err := range rec.Messages() {
			if err != nil {
				return fmt.Errorf("replay: record %d: %w", ri+1, err)
			}
			break
		}
		return fmt.Errorf("replay: record %d: %w (%d bytes)", ri+1, errNotNetlink, len(rec.Data))
	}
	data := b.clone(rec.Data)
	r := nlcap.Record{Family: rec.Family, ByteOrder: order, Data: data}
	msgs, err := b.parseMessages(&r)
	if err != nil {
		return fmt.Errorf("replay: record %d: %w", ri+1, err)
	}
	if len(msgs) == 0 {
		return fmt.Errorf("replay: record %d: %w", ri+1, errNotNetlink)
	}

	if dir == nlcap.DirectionToKernel {
		ex := Exchange{
			Index:     len(s.Exchanges),
			Record:    ri,
			Family:    rec.Family,
			Request:   data,
			Messages:  msgs,
			Sender:    msgs[0].Header.PID,
			Timestamp: rec.Timestamp,
		}
		// A new request from this sender ends the wait for errors of
		// its earlier requests that expect nothing.
		sk := senderKey{ex.Family, ex.Sender}
		for _, o := range b.idle[sk] {
			o.closed = true
		}
		delete(b.idle, sk)
		moved := len(s.Exchanges) == cap(s.Exchanges)
		s.Exchanges = append(s.Exchanges, ex)
		if moved {
			b.repoint()
		}
		o := &openExchange{ex: &s.Exchanges[len(s.Exchanges)-1]}
		for _, m := range msgs {
			st := classify(rec.Family, m, len(msgs) > 1)
			if st.expects {
				o.pending++
			}
			o.msgs = append(o.msgs, st)
			if rec.Family == nlcap.FamilyGeneric {
				s.learnGenl(m, order)
			}
		}
		if o.pending == 0 {
			o.ex.Complete = true
		}
		b.openRequest(o)
		return nil
	}

	for _, m := range msgs {
		if rec.Family == nlcap.FamilyGeneric {
			s.learnGenl(m, order)
		}
		o, mi := b.match(rec.Family, m.Header)
		if o == nil || !o.take(mi, m) {
			s.Notifications = append(s.Notifications, Notification{
				Record: ri, Family: rec.Family, Message: m, Timestamp: rec.Timestamp, After: len(s.Exchanges) - 1,
			})
			continue
		}
		if o.ex.Answers == nil {
			// Most exchanges get one answer (an ACK): give it room in
			// the arenas; a second answer moves the slices to the heap.
			o.ex.Answers = b.messages(1)
			o.ex.AnswerRecords = b.ints(1)
		}
		o.ex.Answers = append(o.ex.Answers, m)
		o.ex.AnswerRecords = append(o.ex.AnswerRecords, ri)
		o.ex.Answered = rec.Timestamp
		if o.ex.Port == 0 {
			b.setPort(o, m.Header.PID)
		}
		if o.pending == 0 && o.expectedAny() {
			o.ex.Complete = true
			o.closed = true
		}
	}
	return nil
}

// finish returns the script, or [ErrNoRequests].
func (b *builder) finish() (*Script, error) {
	if len(b.s.Exchanges) == 0 {
		return nil, ErrNoRequests
	}
	return b.s, nil
}

// parseMessages splits a record into messages held by the message arena.
func (b *builder) parseMessages(r *nlcap.Record) ([]netlink.Message, error) {
	order := r.Order()
	n := 0
	for _, next, _ := nlcap.NextMessage(r.Data, 0, order); next >= 0; _, next, _ = nlcap.NextMessage(r.Data, next, order) {
		n++
	}
	return parseMessagesInto(b.messages(max(n, 1)), r)
}

// parseMessages splits a record into messages. Like the kernel
// (netlink_rcv_skb), it ignores a tail of zero bytes after the last message
// (iproute2 pads dump requests so); any other bad length is an error.
func parseMessages(r *nlcap.Record) ([]netlink.Message, error) {
	return parseMessagesInto(nil, r)
}

// parseMessagesInto is parseMessages appending to msgs.
func parseMessagesInto(msgs []netlink.Message, r *nlcap.Record) ([]netlink.Message, error) {
	off := 0
	for m, err := range r.Messages() {
		if err != nil {
			if len(msgs) > 0 && off <= len(r.Data) && allZero(r.Data[off:]) {
				break
			}
			return nil, err
		}
		msgs = append(msgs, m)
		off += nlcap.NlmsgAlign(int(m.Header.Length))
	}
	return msgs, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func (o *openExchange) expectedAny() bool {
	for _, m := range o.msgs {
		if m.expects {
			return true
		}
	}
	return false
}

// match finds the open exchange and request message an answer header pairs
// with, or nil: the oldest open exchange of family f with a request message
// of the answer's sequence number sent from the answer's port (its
// nlmsg_pid, or the port its earlier answers went to); else, for a request
// message with nlmsg_pid 0 whose exchange got no answer yet, the only such
// exchange (none when several could be meant).
func (b *builder) match(f nlcap.Family, h netlink.Header) (*openExchange, int) {
	k := pairKey{f, h.PID, h.Sequence}
	var best msgRef
	refs := b.byPID[k]
	live := refs[:0]
	for _, r := range refs {
		if r.o.closed {
			continue // dropped from the index
		}
		live = append(live, r)
		if best.o == nil || r.o.ex.Index < best.o.ex.Index || r.o == best.o && r.mi < best.mi {
			best = r
		}
	}
	b.setRefs(b.byPID, k, refs, live)
	if best.o != nil {
		return best.o, best.mi
	}
	return b.matchPID0(pairKey{f, 0, h.Sequence})
}

// matchPID0 is match's second rule, over b.byPID0[k]: the one open
// exchange without a Port that has a request message of k's sequence with
// nlmsg_pid 0, and its first such message.
func (b *builder) matchPID0(k pairKey) (*openExchange, int) {
	refs := b.byPID0[k]
	var one msgRef
	for i := 0; i < len(refs); {
		r := refs[i]
		if r.o.closed || r.o.ex.Port != 0 {
			// Closed, or paired by its port from now on (byPID): drop
			// it; the order of the others does not matter.
			refs[i] = refs[len(refs)-1]
			refs[len(refs)-1] = msgRef{}
			refs = refs[:len(refs)-1]
			continue
		}
		switch {
		case one.o == nil || r.o == one.o && r.mi < one.mi:
			one = r
		case r.o != one.o:
			b.setRefs(b.byPID0, k, refs, refs)
			return nil, -1 // more than one exchange could be meant
		}
		i++
	}
	b.setRefs(b.byPID0, k, refs, refs)
	if one.o == nil {
		return nil, -1
	}
	return one.o, one.mi
}

// setRefs stores the live entries of an index list (dropping the key when
// none is left), clearing the tail so that closed exchanges can be freed.
func (b *builder) setRefs(m map[pairKey][]msgRef, k pairKey, old, live []msgRef) {
	if len(live) == len(old) && len(old) > 0 {
		m[k] = live
		return
	}
	clear(old[len(live):])
	if len(live) == 0 {
		delete(m, k)
		return
	}
	m[k] = live
}

// take applies answer m to request message mi; it returns false when m is a
// notification rather than an answer.
func (o *openExchange) take(mi int, m netlink.Message) bool {
	st := &o.msgs[mi]
	finish := func() {
		if !st.done {
			st.done = true
			if st.expects {
				o.pending--
			}
		}
	}
	switch uint16(m.Header.Type) {
	case nlmsgError:
		finish()
		return true
	case nlmsgDone:
		if st.kind == kindDump || st.kind == kindMaybe {
			finish()
			return true
		}
		return false
	case nlmsgOverrun, nlmsgNoop:
		return true
	}
	if st.done {
		return false
	}
	switch {
	case m.Header.Flags&flagMulti != 0:
		return st.kind == kindDump || st.kind == kindMaybe || st.echo
	case st.kind == kindGet || st.kind == kindMaybe:
		if !st.ack {
			finish()
		}
		return true
	case st.echo, st.kind == kindDump:
		return true
	}
	return false
}

// learnGenl records genl family and group names from an nlctrl message.
func (s *Script) learnGenl(m netlink.Message, order binary.ByteOrder) {
	if uint16(m.Header.Type) != genlIDCtrl || len(m.Data) < genlHdrLen {
		return
	}
	cmd := m.Data[0]
	if cmd != ctrlCmdNewFamily {
		return
	}
	ad, err := netlink.NewAttributeDecoder(m.Data[genlHdrLen:])
	if err != nil {
		return
	}
	ad.ByteOrder = order
	var (
		id     uint16
		name   string
		groups []struct {
			id   uint32
			name string
		}
	)
	for ad.Next() {
		switch ad.Type() {
		case ctrlAttrFamilyID:
			if len(ad.Bytes()) >= 2 {
				id = ad.Uint16()
			}
		case ctrlAttrFamilyName:
			name = ad.String()
		case ctrlAttrMcastGroups:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					nad.Nested(func(gad *netlink.AttributeDecoder) error {
						var g struct {
							id   uint32
							name string
						}
						for gad.Next() {
							switch gad.Type() {
							case ctrlAttrMcastGrpName:
								g.name = gad.String()
							case ctrlAttrMcastGrpID:
								if len(gad.Bytes()) >= 4 {
									g.id = gad.Uint32()
								}
							}
						}
						if g.name != "" {
							groups = append(groups, g)
						}
						return nil
					})
				}
				return nil
			})
		}
	}
	if ad.Err() != nil || id == 0 || name == "" {
		return
	}
	s.GenlFamilies[id] = name
	for _, g := range groups {
		s.GenlGroups[g.id] = GenlGroup{Family: name, Name: g.name}
	}
}

// AddGenlFamilies merges id→name pairs learned elsewhere (such as nlcap's
// pcapng section comment) into s.GenlFamilies. Names learned from the
// capture's own nlctrl messages win.
func (s *Script) AddGenlFamilies(m map[uint16]string) {
	if s.GenlFamilies == nil {
		s.GenlFamilies = map[uint16]string{}
	}
	for id, name := range m {
		if _, ok := s.GenlFamilies[id]; !ok && name != "" {
			s.GenlFamilies[id] = name
		}
	}
}

// ReadScript reads every record of src until io.EOF and builds a Script.
// When src is a pcapng reader with an nlcap section comment naming genl
// families, those names are added (see [Script.AddGenlFamilies]).
//
// A record that cannot be used, one the reader reports as a
// [*pcap.RecordError] or one [NewScript] would refuse (not a whole netlink
// datagram, cut by the snap length), is left out and listed in
// Script.Skipped; the other records are paired as if it were not there.
// Any other read error ends ReadScript. Record numbers in errors are
// 1-based, as in Wireshark and nlcap -r.
func ReadScript(src nlcap.Source) (*Script, error) {
	b := newBuilder()
	// Read into one reused record when the source can: the builder copies
	// what it keeps.
	into, _ := src.(interface{ ReadRecordInto(*nlcap.Record) error })
	var r nlcap.Record
	var skipped []SkippedRecord
	for {
		var err error
		if into != nil {
			err = into.ReadRecordInto(&r)
		} else {
			r, err = src.ReadRecord()
		}
		if err == io.EOF {
			break
		}
		if re := (*pcap.RecordError)(nil); errors.As(err, &re) {
			skipped = append(skipped, SkippedRecord{Record: b.n, Err: fmt.Errorf("replay: %w", err)})
			b.n++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("replay: %w", err) // the reader names the record
		}
		if err := b.add(&r); err != nil {
			skipped = append(skipped, SkippedRecord{Record: b.n - 1, Err: err})
		}
	}
	s, err := b.finish()
	if err != nil && len(skipped) > 0 {
		return nil, fmt.Errorf("%w (%d skipped records, the first: %v)", err, len(skipped), strings.TrimPrefix(skipped[0].Err.Error(), "replay: "))
	}
	if err != nil {
		return nil, err
	}
	s.Skipped = skipped
	if c, ok := src.(interface{ SectionComments() []string }); ok {
		for _, text := range c.SectionComments() {
			if m, ok := pcap.ParseGenlFamiliesComment(text); ok {
				s.AddGenlFamilies(m)
			}
		}
	}
	return s, nil
}

// Errno returns the error code of the exchange's last NLMSG_ERROR answer (0
// for an ACK) and whether there was one. The wire value is negative; Errno
// returns it positive.
func (e *Exchange) Errno(order binary.ByteOrder) (int32, bool) {
	for i := len(e.Answers) - 1; i >= 0; i-- {
		a := e.Answers[i]
		if uint16(a.Header.Type) == nlmsgError && len(a.Data) >= 4 {
			return -int32(order.Uint32(a.Data)), true
		}
	}
	return 0, false
}
