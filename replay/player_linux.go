package replay

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"
	"unsafe"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"golang.org/x/sys/unix"
)

// flagDumpFiltered is NLM_F_DUMP_FILTERED, from the registry.
const flagDumpFiltered = dissect.NLM_F_DUMP_FILTERED

// A sockKey tells original senders apart: family and the nlmsg_pid of the
// requests, or the port id the kernel answered to when requests carried 0.
type sockKey struct {
	family nlcap.Family
	sender uint32
}

func keyOf(e *Exchange) sockKey {
	s := e.Sender
	if s == 0 {
		s = e.Port
	}
	return sockKey{e.Family, s}
}

// nlSock is one live raw netlink socket.
type nlSock struct {
	fd   int
	port uint32
	seq  uint32
}

func (p *player) open(k sockKey) (*nlSock, error) {
	if s, ok := p.socks[k]; ok {
		return s, nil
	}
	strict := p.strict[k]
	var s nlSock
	err := InNetNS(p.cfg.NetNS, func() error {
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(k.family))
		if err != nil {
			return os.NewSyscallError("socket", err)
		}
		s.fd = fd
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open %s socket: %w", k.family, err)
	}
	fail := func(op string, err error) (*nlSock, error) {
		unix.Close(s.fd)
		return nil, fmt.Errorf("open %s socket: %w", k.family, os.NewSyscallError(op, err))
	}
	if err := unix.Bind(s.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fail("bind", err)
	}
	sa, err := unix.Getsockname(s.fd)
	if err != nil {
		return fail("getsockname", err)
	}
	if nl, ok := sa.(*unix.SockaddrNetlink); ok {
		s.port = nl.Pid
	}
	// Ask for extended ACK text, as iproute2 does; older kernels refuse it.
	_ = unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	if strict {
		_ = unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1)
	}
	_ = unix.SetsockoptInt(s.fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4<<20)
	p.socks[k] = &s
	return &s, nil
}

type player struct {
	s       *Script
	cfg     *PlayConfig
	socks   map[sockKey]*nlSock
	strict  map[sockKey]bool
	res     *liveResolver
	ifnames map[uint32]string
	buf     []byte
	// hostOnly names the genl families of nlreplay's own namespace that
	// the replay's namespace lacks (loaded when a genl answer differs).
	hostOnly map[string]bool
	hostDone bool
	nlmon    map[uint32]string // the capture's nlmon links
	// linkChanged is when the replay last created, deleted or changed a
	// link (zero: never).
	linkChanged time.Time
}

// linksChanged drops the cached ifindexes and notes the time of a link
// change.
func (p *player) linksChanged() {
	p.res.linksChanged()
	p.linkChanged = time.Now()
}

func (p *player) close() error {
	var errs []error
	for _, s := range p.socks {
		if err := unix.Close(s.fd); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, p.res.Close())
	return errors.Join(errs...)
}

// Play replays the requests of s, in order, to the kernel of the namespace
// cfg.NetNS names. Each request record is sent whole, as captured (nft
// batches stay one send, trailing bytes stay), after the rewrites of
// [Script.Rewrite] with live values; requests of one original sender go
// through one raw socket of their family, opened with NETLINK_EXT_ACK. Play
// then reads that socket's answers until the final one of every request
// message that expects one (ACK/ERROR, DONE, or a GET's reply), or until
// cfg.Timeout (StatusTimeout; the replay goes on), and compares them with
// the recorded answers ([Compare]), without the recorded entries of the
// capture's nlmon links ([Script.NlmonLinks]). Answers that differ only
// because of the namespace get StatusEnv. After a request that changes
// links, Play waits as long as the capture did before the next request (at
// most 1 s) for the kernel's linkwatch. cfg.Environment, when set, is
// applied before the first request.
//
// Play returns an error only when it cannot replay at all: a capture made
// on a host of the other byte order, or a cancelled ctx (the results so far
// are then in the report). A request the kernel refuses is a result.
func Play(ctx context.Context, s *Script, cfg *PlayConfig) (*Report, error) {
	if cfg == nil {
		cfg = &PlayConfig{}
	}
	if !sameOrder(s.ByteOrder, binary.NativeEndian) {
		return nil, errors.New("replay: capture was made on a host of the other byte order; its requests cannot be sent here")
	}
	p := &player{
		s:       s,
		cfg:     cfg,
		socks:   map[sockKey]*nlSock{},
		strict:  map[sockKey]bool{},
		res:     newLiveResolver(cfg.NetNS),
		ifnames: s.Interfaces(),
		nlmon:   s.NlmonIndexes(),
		buf:     make([]byte, 1<<20),
	}
	defer p.close()
	// iproute2 sets NETLINK_GET_STRICT_CHK; its dump answers then carry
	// NLM_F_DUMP_FILTERED. Do the same for the senders that show it.
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		for _, a := range e.Answers {
			if a.Header.Flags&flagDumpFiltered != 0 && uint16(a.Header.Type) >= nlmsgMinType {
				p.strict[keyOf(e)] = true
			}
		}
	}
	rep := &Report{Results: make([]Result, 0, len(s.Exchanges))}
	t0 := time.Now()
	if cfg.Environment != nil {
		rep.Environment = p.prepare(cfg.Environment)
	}
	var first, changed *Exchange
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		if cfg.Select != nil && !cfg.Select(e) {
			continue
		}
		if err := ctx.Err(); err != nil {
			rep.Elapsed = time.Since(t0)
			return rep, err
		}
		if cfg.Timing {
			if first == nil {
				first = e
			} else if gap := e.Timestamp.Sub(first.Timestamp); gap > 0 {
				at := t0.Add(time.Duration(float64(gap) / cfg.speed()))
				if err := wait(ctx, at); err != nil {
					rep.Elapsed = time.Since(t0)
					return rep, err
				}
			}
		}
		if changed != nil && !cfg.Timing {
			// After a link change the kernel's linkwatch sets operstate
			// and IFF_RUNNING later (up to 1 s): give it the time the
			// capture gave it.
			if gap := e.Timestamp.Sub(changed.Timestamp); gap > 0 {
				if err := wait(ctx, p.linkChanged.Add(min(gap, linkSettle))); err != nil {
					rep.Elapsed = time.Since(t0)
					return rep, err
				}
			}
		}
		res := p.playSettled(ctx, e)
		changed = nil
		if e.Family == nlcap.FamilyRoute && changesLinks(e) {
			changed = e // p.linkChanged says when (play noted it)
		}
		res.Loop = cfg.Loop
		rep.add(res)
		if cfg.OnResult != nil {
			cfg.OnResult(&rep.Results[len(rep.Results)-1])
		}
	}
	rep.Elapsed = time.Since(t0)
	return rep, nil
}

// settlePoll is how long playSettled waits before asking again, and
// settleWindow how long after a link change it asks again at all
// (linkSettle and a margin for a slow machine).
const (
	settlePoll   = 100 * time.Millisecond
	settleWindow = linkSettle + linkSettle/2
)

// playSettled plays e; when e only reads (rtnetlink RTM_GET*) and its
// answers' objects differed (not their number or types: linkwatch changes
// what a link says, not which links there are) within settleWindow of the
// replay's last link change, it asks again every settlePoll until they
// match or the window has passed. The kernel's linkwatch sets operstate and
// IFF_RUNNING of a link that changed up to a second later, at a moment
// that depends on when it last ran: a dump a few requests after a link
// change may see the state the capture saw, or the one before it. Asking
// again changes nothing in the kernel (the request only reads), and an
// answer that still differs once linkwatch has run is a divergence.
func (p *player) playSettled(ctx context.Context, e *Exchange) Result {
	r := p.play(ctx, e)
	r.Asked = 1
	for r.Status == StatusDiverged && r.Err == nil && r.Verdict.ContentOnly && p.settling(e) {
		if err := wait(ctx, time.Now().Add(settlePoll)); err != nil {
			break
		}
		again := p.play(ctx, e)
		again.Asked = r.Asked + 1
		r = again
	}
	return r
}

// settling reports whether e only reads and a link changed recently
// enough that linkwatch may not have run yet.
func (p *player) settling(e *Exchange) bool {
	if e.Family != nlcap.FamilyRoute || p.linkChanged.IsZero() || time.Since(p.linkChanged) > settleWindow {
		return false
	}
	for _, m := range e.Messages {
		if !dissect.IsRouteGet(uint16(m.Header.Type)) {
			return false
		}
	}
	return len(e.Messages) > 0
}

// play sends one exchange and judges its answers.
func (p *player) play(ctx context.Context, e *Exchange) Result {
	r := Result{Exchange: e}
	sk, err := p.open(keyOf(e))
	if err != nil {
		r.Status, r.Err, r.Reason = StatusDiverged, err, err.Error()
		return r
	}
	seqs := make([]uint32, len(e.Messages))
	for i := range seqs {
		sk.seq++
		if sk.seq == 0 {
			sk.seq++
		}
		seqs[i] = sk.seq
	}
	res := &Resolver{
		Seq: func(i int) (uint32, bool) {
			if i < 0 || i >= len(seqs) {
				return 0, false
			}
			return seqs[i], true
		},
		Port:       func() (uint32, bool) { return sk.port, true },
		GenlFamily: p.res.genlFamily,
		GenlGroup:  p.res.genlGroup,
		Ifindex:    p.res.ifindexOf,
	}
	if e.Family != nlcap.FamilyGeneric {
		res.GenlFamily, res.GenlGroup = nil, nil
	}
	if e.Family != nlcap.FamilyRoute {
		res.Ifindex = nil
	}
	r.Sent, r.Rewrites = p.s.Rewrite(e, p.s.GenlFamilies, p.ifnames, res)

	// What each request message expects, under its live seq.
	o := &openExchange{ex: e}
	for i, m := range e.Messages {
		st := classify(e.Family, m, len(e.Messages) > 1)
		st.seq = seqs[i]
		if st.expects {
			o.pending++
		}
		o.msgs = append(o.msgs, st)
	}
	// NB: answers to an earlier, timed-out request may still be queued;
	// their seq matches none of this request's, so they are skipped.
	start := time.Now()
	if err := sendToKernel(sk.fd, r.Sent); err != nil {
		r.Elapsed = time.Since(start)
		r.Err = fmt.Errorf("send request #%d: %w", e.Index+1, os.NewSyscallError("sendto", err))
		r.Status, r.Reason = StatusDiverged, r.Err.Error()
		return r
	}
	if e.Family == nlcap.FamilyRoute && changesLinks(e) {
		defer p.linksChanged()
	}
	deadline := start.Add(p.cfg.timeout())
	timedOut := false
	for {
		// A request that expects nothing can still fail: the kernel
		// queues its error during sendto, so one non-blocking read finds
		// it.
		wait := time.Duration(0)
		if o.pending > 0 {
			wait = time.Until(deadline)
			if wait <= 0 {
				timedOut = true
				break
			}
			wait = min(wait, 100*time.Millisecond)
		}
		msgs, err := p.recv(sk, wait)
		if err != nil {
			r.Err = fmt.Errorf("receive answers of request #%d: %w", e.Index+1, err)
			break
		}
		for _, m := range msgs {
			mi := slices.IndexFunc(o.msgs, func(st reqState) bool { return st.seq == m.Header.Sequence })
			if mi < 0 {
				continue // a notification, or a late answer to an earlier request
			}
			if o.take(mi, m) {
				r.Live = append(r.Live, m)
			}
		}
		if o.pending == 0 && msgs == nil {
			break
		}
		if o.pending == 0 && o.expectedAny() {
			break
		}
		if ctx.Err() != nil {
			r.Err = ctx.Err()
			break
		}
	}
	r.Elapsed = time.Since(start)
	r.LiveGenl = maps.Clone(p.res.liveGenl)
	// The capture's nlmon link is not in the replay's namespace: its
	// entries leave the recorded answers (its RTM_NEWLINK: Compare).
	recorded, _ := p.s.withoutNlmon(e, p.nlmon)
	r.Verdict = Compare(recorded, r.Live, &CompareOptions{
		Family:       e.Family,
		ByteOrder:    binary.NativeEndian,
		RecordedGenl: p.s.GenlFamilies,
		LiveGenl:     p.res.liveGenl,
		Exact:        p.cfg.Exact,
	})
	switch {
	case timedOut:
		r.Status = StatusTimeout
		r.Reason = fmt.Sprintf("no final answer within %v (%d answer messages)", p.cfg.timeout(), len(r.Live))
	case r.Err != nil:
		r.Status, r.Reason = StatusDiverged, r.Err.Error()
	case !r.Verdict.Match:
		r.Status, r.Reason = StatusDiverged, r.Verdict.Reason
		if why, ok := p.s.envReason(e, r.Live, r.Verdict, &CompareOptions{
			Family: e.Family, ByteOrder: binary.NativeEndian, RecordedGenl: p.s.GenlFamilies, LiveGenl: p.res.liveGenl, Exact: p.cfg.Exact,
		}, p.initOnly()); ok {
			r.Status, r.Reason = StatusEnv, why+" ("+r.Verdict.Reason+")"
		}
	default:
		r.Status = StatusOK
	}
	return r
}

// linkSettle bounds the wait after a link change: linkwatch runs its
// non-urgent events at most once a second (net/core/link_watch.c).
const linkSettle = time.Second

// changesLinks reports whether e creates, deletes or changes a link (the
// ifindex cache must then be refreshed).
func changesLinks(e *Exchange) bool {
	for _, m := range e.Messages {
		switch uint16(m.Header.Type) {
		case unix.RTM_NEWLINK, unix.RTM_DELLINK, unix.RTM_SETLINK:
			return true
		}
	}
	return false
}

// recv returns the messages of one datagram, waiting up to d for it (d 0:
// does not wait), or nil when none came. The kernel handles a request
// during sendto, so its answer is usually queued already: recv tries to read
// before it polls.
func (p *player) recv(sk *nlSock, d time.Duration) ([]netlink.Message, error) {
	polled := false
	for {
		// The kernel sizes dump datagrams to at most 32 KiB; p.buf holds
		// 1 MiB, and MSG_TRUNC reports anything larger.
		n, err := recvNoWait(sk.fd, p.buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			if d <= 0 || polled {
				return nil, nil
			}
			if err := poll(sk.fd, d); err != nil {
				return nil, err
			}
			polled = true
			continue
		case err != nil:
			return nil, os.NewSyscallError("recvfrom", err)
		case n > len(p.buf):
			return nil, fmt.Errorf("answer of %d bytes truncated to %d", n, len(p.buf))
		}
		rec := nlcap.Record{Data: slices.Clone(p.buf[:n]), ByteOrder: binary.NativeEndian}
		msgs := []netlink.Message{}
		for m, err := range rec.Messages() {
			if err != nil {
				return msgs, fmt.Errorf("malformed answer: %w", err)
			}
			msgs = append(msgs, m)
		}
		return msgs, nil
	}
}

// kernelAddr is the kernel's netlink address (port id 0).
var kernelAddr = unix.RawSockaddrNetlink{Family: unix.AF_NETLINK}

// sendToKernel sends b to the kernel in one datagram.
//
// NB: sendToKernel and recvNoWait use raw system calls, which do not tell
// the Go scheduler that the thread is in a system call. Neither blocks: the
// kernel handles a netlink request synchronously inside sendto (only the
// rtnl mutex can make it wait) and recvNoWait uses MSG_DONTWAIT. On a slow
// single-CPU machine (the QEMU TCG lab) this halves the replay's wall time
// variance: the scheduler no longer hands the P to another thread during
// each of the thousands of sendto calls of a large replay.
func sendToKernel(fd int, b []byte) error {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	for {
		_, _, e := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(p), uintptr(len(b)), 0,
			uintptr(unsafe.Pointer(&kernelAddr)), unix.SizeofSockaddrNetlink)
		switch e {
		case 0:
			return nil
		case unix.EINTR:
			continue
		}
		return e
	}
}

// recvNoWait reads one datagram without waiting (EAGAIN when there is
// none) and returns its full length (MSG_TRUNC), which may exceed len(b).
func recvNoWait(fd int, b []byte) (int, error) {
	n, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)),
		unix.MSG_DONTWAIT|unix.MSG_TRUNC, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// poll waits up to d for fd to be readable.
func poll(fd int, d time.Duration) error {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	ms := int((d + time.Millisecond - 1) / time.Millisecond)
	for {
		_, err := unix.Poll(fds, ms)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("poll", err)
		}
		return nil
	}
}

// initOnly returns the genl families registered in nlreplay's own network
// namespace but not in the replay's: the families the kernel registers
// only in the initial namespace (netnsok false: VFS_DQUOT, thermal,
// NLBL_*, acpi_event...) when nlreplay runs there. Empty when the replay
// runs in nlreplay's own namespace.
func (p *player) initOnly() map[string]bool {
	if p.hostDone || p.cfg.NetNS <= 0 {
		return p.hostOnly
	}
	p.hostDone = true
	// Without both tables nothing can be called ENV: the verdict stays
	// DIVERGED.
	if err := p.res.loadGenl(); err != nil {
		return nil
	}
	own := newLiveResolver(0)
	defer own.Close()
	if err := own.loadGenl(); err != nil {
		return nil
	}
	p.hostOnly = map[string]bool{}
	for name := range own.genlIDs {
		if _, ok := p.res.genlIDs[name]; !ok {
			p.hostOnly[name] = true
		}
	}
	return p.hostOnly
}

// prepare applies an environment plan in the replay's namespace: lo up
// (unless plan.LoDown), then each step, each request checked for its ACK.
// A step whose link could not be made, or that needs such a link, fails
// with the reason; a link that exists already (made by --setup) is
// skipped.
func (p *player) prepare(plan *Plan) []StepResult {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: p.cfg.NetNS})
	if err != nil {
		return []StepResult{{Err: fmt.Errorf("recreate the environment: %w", err)}}
	}
	defer c.Close()
	_ = c.SetOption(netlink.ExtendedAcknowledge, true)
	send := func(m netlink.Message) error {
		_, err := c.Execute(m)
		return err
	}
	var out []StepResult
	if !plan.LoDown {
		if idx, ok := p.res.ifindexOf("lo"); !ok {
			out = append(out, StepResult{Err: errors.New("bring lo up: no lo in the namespace")})
		} else {
			b := make([]byte, ifinfoLen)
			binary.NativeEndian.PutUint32(b[4:], idx)
			binary.NativeEndian.PutUint32(b[8:], iffUp)
			binary.NativeEndian.PutUint32(b[12:], iffUp)
			if err := send(netlink.Message{Header: netlink.Header{Type: rtmNewLink, Flags: netlink.Request | netlink.Acknowledge}, Data: b}); err != nil {
				out = append(out, StepResult{Err: fmt.Errorf("bring lo up: %w", err)})
			}
		}
	}
	failed := map[string]string{} // link → why it is missing
	settle := map[string]int{}    // link brought up → recorded operstate
	for i := range plan.Steps {
		st := &plan.Steps[i]
		r := StepResult{Step: st}
		if st.Kind == StepLink {
			if _, ok := p.res.ifindexOf(st.Link); ok {
				r.Skipped = "exists already"
				out = append(out, r)
				continue
			}
		}
		for _, n := range append([]string{st.Link}, st.Needs...) {
			if why, bad := failed[n]; bad && n != "" && (st.Kind != StepLink || n != st.Link) {
				r.Err = fmt.Errorf("link %s was not made: %s", n, why)
				break
			}
		}
		if r.Err == nil {
			m, err := st.Message(binary.NativeEndian, p.res.ifindexOf)
			if err == nil {
				err = send(m)
			}
			r.Err = err
		}
		if st.Kind == StepLink {
			p.linksChanged()
			if r.Err != nil {
				failed[st.Link] = r.Err.Error()
			}
		}
		if st.Kind == StepLinkSet && r.Err == nil && st.operstate >= 0 {
			settle[st.Link] = st.operstate
		}
		out = append(out, r)
	}
	p.linksChanged()
	settleLinks(c, settle, time.Now().Add(linkSettle))
	return out
}

// settleLinks waits until every link of want has its recorded operstate,
// or until the deadline: the kernel's linkwatch sets it after a link comes
// up (non-urgent events at most once a second), and the capture's first
// requests saw it settled.
func settleLinks(c *netlink.Conn, want map[string]int, deadline time.Time) {
	for len(want) > 0 && time.Now().Before(deadline) {
		msgs, err := c.Execute(netlink.Message{Header: netlink.Header{Type: rtmGetLink, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, ifinfoLen)})
		if err != nil {
			return
		}
		for _, m := range msgs {
			if len(m.Data) < ifinfoLen {
				continue
			}
			name, oper := "", -1
			eachAttr(m.Data[ifinfoLen:], binary.NativeEndian, func(typ uint16, v []byte) {
				switch {
				case typ == iflaIfname:
					name = cstring(v)
				case typ == iflaOperstate && len(v) >= 1:
					oper = int(v[0])
				}
			})
			if w, ok := want[name]; ok && w == oper {
				delete(want, name)
			}
		}
		if len(want) > 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
}
