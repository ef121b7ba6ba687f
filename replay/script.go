package replay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
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
type builder struct {
	s     *Script
	open  []*openExchange
	n     int               // records added
	data  []byte            // free part of the current byte chunk (len == cap)
	msgs  []netlink.Message // free part of the current message chunk (len == cap)
	idx   []int             // free part of the current int chunk (len == cap)
	spare []*openExchange   // closed exchanges, for reuse
}

const (
	arenaBytes = 64 << 10 // bytes per data chunk; larger records get their own
	arenaMsgs  = 1024     // messages per message chunk
)

func newBuilder() *builder {
	return &builder{s: &Script{
		GenlFamilies: map[uint16]string{genlIDCtrl: "nlctrl"},
		GenlGroups:   map[uint32]GenlGroup{},
		ByteOrder:    binary.NativeEndian,
	}}
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

func (b *builder) closeAt(i int) {
	b.spare = append(b.spare, b.open[i])
	b.open = slices.Delete(b.open, i, i+1)
}

func (b *builder) newOpen(ex *Exchange) *openExchange {
	if n := len(b.spare); n > 0 {
		o := b.spare[n-1]
		b.spare = b.spare[:n-1]
		*o = openExchange{ex: ex, msgs: o.msgs[:0]}
		return o
	}
	return &openExchange{ex: ex}
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
		return fmt.Errorf("replay: record %d: %w (%d of %d bytes)", ri, errSnapped, len(rec.Data), rec.OrigLen)
	}
	dir := rec.Direction
	if dir == nlcap.DirectionUnknown {
		dir = nlcap.InferDirection(rec.Data, order)
	}
	if len(rec.Data) < nlcap.NlmsgHdrLen {
		return fmt.Errorf("replay: record %d: %w (%d bytes)", ri, errNotNetlink, len(rec.Data))
	}
	if dir == nlcap.DirectionUnknown {
		// Say what is wrong with the first header when possible.
		for _, err := range rec.Messages() {
			if err != nil {
				return fmt.Errorf("replay: record %d: %w", ri, err)
			}
			break
		}
		return fmt.Errorf("replay: record %d: %w (%d bytes)", ri, errNotNetlink, len(rec.Data))
	}
	data := b.clone(rec.Data)
	r := nlcap.Record{Family: rec.Family, ByteOrder: order, Data: data}
	msgs, err := b.parseMessages(&r)
	if err != nil {
		return fmt.Errorf("replay: record %d: %w", ri, err)
	}
	if len(msgs) == 0 {
		return fmt.Errorf("replay: record %d: %w", ri, errNotNetlink)
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
		for i := len(b.open) - 1; i >= 0; i-- {
			o := b.open[i]
			if o.pending == 0 && o.ex.Family == ex.Family && o.ex.Sender == ex.Sender {
				b.closeAt(i)
			}
		}
		moved := len(s.Exchanges) == cap(s.Exchanges)
		s.Exchanges = append(s.Exchanges, ex)
		if moved {
			// Re-point open exchanges: append moved s.Exchanges.
			for _, oo := range b.open {
				oo.ex = &s.Exchanges[oo.ex.Index]
			}
		}
		o := b.newOpen(&s.Exchanges[len(s.Exchanges)-1])
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
		b.open = append(b.open, o)
		return nil
	}

	for _, m := range msgs {
		if rec.Family == nlcap.FamilyGeneric {
			s.learnGenl(m, order)
		}
		oi, mi := match(b.open, rec.Family, m.Header)
		if oi < 0 || !b.open[oi].take(mi, m) {
			s.Notifications = append(s.Notifications, Notification{
				Record: ri, Family: rec.Family, Message: m, Timestamp: rec.Timestamp, After: len(s.Exchanges) - 1,
			})
			continue
		}
		o := b.open[oi]
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
			o.ex.Port = m.Header.PID
		}
		if o.pending == 0 && o.expectedAny() {
			o.ex.Complete = true
			b.closeAt(oi)
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
// with, or -1.
func match(open []*openExchange, f nlcap.Family, h netlink.Header) (int, int) {
	for i, o := range open {
		if o.ex.Family != f {
			continue
		}
		for j, m := range o.msgs {
			if m.seq == h.Sequence && (m.pid == h.PID && m.pid != 0 || m.pid == 0 && o.ex.Port != 0 && o.ex.Port == h.PID) {
				return i, j
			}
		}
	}
	oi, mi, n := -1, -1, 0
	for i, o := range open {
		if o.ex.Family != f || o.ex.Port != 0 {
			continue
		}
		for j, m := range o.msgs {
			if m.seq == h.Sequence && m.pid == 0 {
				if n == 0 {
					oi, mi = i, j
				}
				n++
				break
			}
		}
	}
	if n == 1 {
		return oi, mi
	}
	return -1, -1
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
func ReadScript(src nlcap.Source) (*Script, error) {
	b := newBuilder()
	// Read into one reused record when the source can: the builder copies
	// what it keeps.
	into, _ := src.(interface{ ReadRecordInto(*nlcap.Record) error })
	var r nlcap.Record
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
		if err != nil {
			return nil, fmt.Errorf("replay: reading record %d: %w", b.n, err)
		}
		if err := b.add(&r); err != nil {
			return nil, err
		}
	}
	s, err := b.finish()
	if err != nil {
		return nil, err
	}
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
