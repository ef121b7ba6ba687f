package capture

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/mdlayher/socket"
	"github.com/nlcap/nlcap"
	"golang.org/x/sys/unix"
)

var _ nlcap.Source = (*Conn)(nil)

// A Conn reads records from an nlmon link through an AF_PACKET socket.
// ReadRecord, ReadRecordInto and Drain must be called from one goroutine at a
// time; Close, SetDeadline and Stats may be called from any goroutine.
type Conn struct {
	c       *socket.Conn
	ifname  string
	snapLen int
	buf     []byte
	oob     []byte
	closed  atomic.Bool
	// deadline is the read deadline in Unix nanoseconds (0: none): the
	// ring paths check it, since a ready ring is read without a syscall.
	deadline atomic.Int64
	rec      nlcap.Record // passed by ReadBatch and Drain

	// ring is the TPACKET_V3 receive ring (nil: records are read from the
	// socket queue, one recvmsg each). ringMu is held for reading while the
	// reader touches the ring, and for writing by Close to unmap it.
	ring   *ring
	ringMu sync.RWMutex

	mu    sync.Mutex
	stats Stats
}

// Listen opens a packet socket on the existing nlmon link ifname (in
// cfg.NetNS when set) and returns a Conn reading its records. It refuses a
// link that is not nlmon (ARPHRD_NETLINK) with an error wrapping
// [ErrNotNlmon]. A missing CAP_NET_RAW gives a [*PermissionError].
func Listen(ifname string, cfg *Config) (*Conn, error) {
	snap := cfg.snapLen()
	prog, err := filterProgram(cfg.families(), snap)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", opListen, ifname, err)
	}

	rc, err := dialRoute(cfg.netNS())
	if err != nil {
		return nil, classify(opListen, err)
	}
	li, err := lookupLink(rc, ifname)
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", opListen, ifname, err)
	}
	if li.typ != nlcap.ARPHRDNetlink {
		return nil, fmt.Errorf("%s %s: %w (link type %d, kind %q; want %d, ARPHRD_NETLINK)",
			opListen, ifname, ErrNotNlmon, li.typ, li.kind, nlcap.ARPHRDNetlink)
	}

	// Protocol 0: the socket receives nothing until bind, so no record
	// slips in before the filter is attached.
	sc, err := socket.Socket(unix.AF_PACKET, unix.SOCK_DGRAM, 0, "nlmon", &socket.Config{NetNS: cfg.netNS()})
	if err != nil {
		return nil, classify(opListen, err)
	}
	fail := func(op string, err error) (*Conn, error) {
		sc.Close()
		return nil, fmt.Errorf("%s %s: %s: %w", opListen, ifname, op, err)
	}
	if err := sc.SetReadBuffer(cfg.bufferSize()); err != nil {
		return fail("set receive buffer", err)
	}
	if err := sc.SetsockoptInt(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1); err != nil {
		return fail("enable timestamps", err)
	}
	if err := sc.SetsockoptInt(unix.SOL_PACKET, unix.PACKET_AUXDATA, 1); err != nil {
		return fail("enable auxdata", err)
	}
	if err := sc.SetBPF(prog); err != nil {
		return fail("attach filter", err)
	}
	var rg *ring
	if !cfg.noRing() {
		raw, err := sc.SyscallConn()
		if err != nil {
			return fail("receive ring", err)
		}
		var rerr error
		if err := raw.Control(func(fd uintptr) { rg, rerr = setupRing(int(fd), snap, cfg.bufferSize()) }); err != nil {
			return fail("receive ring", err)
		}
		if rerr != nil {
			return fail("receive ring", rerr)
		}
	}
	if err := sc.Bind(&unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: li.index}); err != nil {
		if rg != nil {
			rg.unmap()
		}
		return fail("bind", err)
	}
	c := &Conn{
		c:       sc,
		ifname:  ifname,
		snapLen: snap,
		ring:    rg,
	}
	if rg == nil {
		c.buf = make([]byte, snap)
		c.oob = make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.Timespec{})))+unix.CmsgSpace(20)+64)
	}
	return c, nil
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// ReadRecord blocks until a record arrives and returns it in newly allocated
// memory. After Close it returns os.ErrClosed; after the deadline an error
// matching os.ErrDeadlineExceeded.
func (c *Conn) ReadRecord() (nlcap.Record, error) {
	var r nlcap.Record
	err := c.ReadRecordInto(&r)
	return r, err
}

// ReadRecordInto is like ReadRecord but reuses r.Data's memory.
func (c *Conn) ReadRecordInto(r *nlcap.Record) error {
	if c.ring != nil {
		return c.readRing(r)
	}
	n, oobn, _, from, err := c.c.Recvmsg(context.Background(), c.buf, c.oob, unix.MSG_TRUNC)
	if err != nil {
		return c.readErr(err)
	}
	sll, ok := from.(*unix.SockaddrLinklayer)
	if !ok {
		return fmt.Errorf("%s %s: unexpected source address %T", opRead, c.ifname, from)
	}
	c.fill(r, c.buf, n, c.oob[:oobn], sll.Protocol)
	return nil
}

// ReadBatch blocks until records arrive, like ReadRecordInto, then calls fn
// with each record available without blocking again, at most one ring block
// (or one record without the ring) per call. The record passed to fn is only
// valid until fn returns: with the receive ring its Data is the ring's
// memory, given back to the kernel afterwards, so records are not copied on
// the way. fn must copy what it keeps. An error from fn stops the batch and
// is returned as it is; the records after it stay queued for the next read.
func (c *Conn) ReadBatch(fn func(*nlcap.Record) error) error {
	if c.ring == nil {
		if err := c.ReadRecordInto(&c.rec); err != nil {
			return err
		}
		return fn(&c.rec)
	}
	c.ringMu.RLock()
	defer c.ringMu.RUnlock()
	for {
		if c.closed.Load() {
			return os.ErrClosed
		}
		if err := c.pastDeadline(); err != nil {
			return err
		}
		ok, err := c.ring.take(&c.rec)
		if err != nil {
			return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
		}
		if ok {
			// The rest of the block, parsed in place (what take does
			// while the block has records left, less a call).
			r := c.ring
			for {
				err := fn(&c.rec)
				if err != nil || r.left == 0 {
					r.done()
					return err
				}
				err = r.parse(&c.rec)
				r.left--
				if err != nil {
					r.release()
					return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
				}
			}
		}
		if err := c.waitRing(); err != nil {
			return err
		}
	}
}

// waitRing waits in the runtime network poller, so that deadlines and Close
// apply, until the kernel hands over a block.
func (c *Conn) waitRing() error {
	err := c.c.ReadFunc(context.Background(), "poll", func(int) error {
		if c.ring.ready() {
			return nil
		}
		return unix.EAGAIN
	})
	if err != nil {
		return c.readErr(err)
	}
	return nil
}

func (c *Conn) readErr(err error) error {
	if c.closed.Load() || errors.Is(err, os.ErrClosed) {
		return os.ErrClosed
	}
	return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
}

// Drain reads every record already queued, without blocking, and calls fn
// with each; it returns when the queue is empty or fn fails. As with
// [Conn.ReadBatch], the record passed to fn is only valid until fn returns:
// fn must copy what it keeps. Call it after stopping
// (for example on SIGINT), before Close, so that nothing the kernel already
// holds is lost. With the receive ring, records the kernel has copied into
// the block it is still filling are queued too: Drain waits for the kernel to
// hand that block over (it does within twice the 100 ms block timeout), and
// fails if it has not after ringRetireWait.
func (c *Conn) Drain(fn func(*nlcap.Record) error) error {
	if c.ring != nil {
		return c.drainRing(fn)
	}
	raw, err := c.c.SyscallConn()
	if err != nil {
		return c.readErr(err)
	}
	var r nlcap.Record
	for {
		var (
			n, oobn int
			from    unix.Sockaddr
			rerr    error
		)
		cerr := raw.Control(func(fd uintptr) {
			for {
				n, oobn, _, from, rerr = unix.Recvmsg(int(fd), c.buf, c.oob, unix.MSG_TRUNC|unix.MSG_DONTWAIT)
				if rerr != unix.EINTR {
					return
				}
			}
		})
		if cerr != nil {
			return c.readErr(cerr)
		}
		if rerr == unix.EAGAIN {
			return nil
		}
		if rerr != nil {
			return c.readErr(os.NewSyscallError("recvmsg", rerr))
		}
		sll, ok := from.(*unix.SockaddrLinklayer)
		if !ok {
			return fmt.Errorf("%s %s: unexpected source address %T", opRead, c.ifname, from)
		}
		c.fill(&r, c.buf, n, c.oob[:oobn], sll.Protocol)
		if err := fn(&r); err != nil {
			return err
		}
	}
}

// readRing returns the next record of the ring, waiting (in the runtime
// network poller, so deadlines and Close apply) until the kernel hands over
// a block.
func (c *Conn) readRing(r *nlcap.Record) error {
	c.ringMu.RLock()
	defer c.ringMu.RUnlock()
	for {
		if c.closed.Load() {
			return os.ErrClosed
		}
		if err := c.pastDeadline(); err != nil {
			return err
		}
		ok, err := c.ring.nextRecord(r)
		if err != nil {
			return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
		}
		if ok {
			return nil
		}
		if err := c.waitRing(); err != nil {
			return err
		}
	}
}

// drainRing takes every block the kernel has handed over; then, if the block
// it is filling holds records, waits for it to be handed over (the kernel
// does so ringRetire after its first record, or twice that) and takes it too.
func (c *Conn) drainRing(fn func(*nlcap.Record) error) error {
	c.ringMu.RLock()
	defer c.ringMu.RUnlock()
	if c.closed.Load() {
		return os.ErrClosed
	}
	var (
		deadline = time.Now().Add(ringRetireWait)
		last     = -1 // the block being filled when the drain began
	)
	for {
		for {
			ok, err := c.ring.take(&c.rec)
			if err != nil {
				return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
			}
			if !ok {
				break
			}
			if err := fn(&c.rec); err != nil {
				c.ring.done()
				return err
			}
		}
		n := c.ring.pending()
		switch {
		case last < 0 && n == 0:
			return nil // the kernel holds nothing more
		case last < 0:
			last = c.ring.next
		case c.ring.next != last:
			return nil // the block that was being filled is taken
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s %s: the kernel did not hand over its last %d records within %v", opRead, c.ifname, n, ringRetireWait)
		}
		time.Sleep(ringRetire / 4)
	}
}

// fill decodes one received datagram (n bytes in buf, n larger than buf when
// truncated; control messages in oob; proto the sll_protocol as the kernel
// stores it, in network byte order) into r.
func (c *Conn) fill(r *nlcap.Record, buf []byte, n int, oob []byte, proto uint16) {
	keep := min(n, len(buf))
	r.Data = append(r.Data[:0], buf[:keep]...)
	r.OrigLen = n
	// sll_protocol is in network byte order (htons(family) set by the tap).
	r.Family = nlcap.Family(htons(proto))
	r.ByteOrder = binary.NativeEndian
	r.Direction = inferDirection(r.Data)
	r.Interface = 0
	r.Comment = ""
	r.Timestamp = time.Time{}
	c.parseControl(r, oob, keep)
	if r.Timestamp.IsZero() {
		r.Timestamp = time.Now()
	}
}

// parseControl takes the kernel receive timestamp (SO_TIMESTAMPNS) and the
// original length (PACKET_AUXDATA) from the control messages in oob, without
// allocating (unix.ParseSocketControlMessage allocates for every record).
//
//	struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } + data,
//	each message aligned to sizeof(size_t)
func (c *Conn) parseControl(r *nlcap.Record, oob []byte, keep int) {
	hdr := unix.CmsgLen(0)
	for len(oob) >= hdr {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
		l := int(h.Len)
		if l < hdr || l > len(oob) {
			return
		}
		data := oob[hdr:l]
		switch {
		case h.Level == unix.SOL_SOCKET && h.Type == unix.SO_TIMESTAMPNS:
			if len(data) >= int(unsafe.Sizeof(unix.Timespec{})) {
				ts := *(*unix.Timespec)(unsafe.Pointer(&data[0]))
				r.Timestamp = time.Unix(int64(ts.Sec), int64(ts.Nsec))
			}
		case h.Level == unix.SOL_PACKET && h.Type == unix.PACKET_AUXDATA:
			// struct tpacket_auxdata { __u32 tp_status; __u32 tp_len; __u32 tp_snaplen; ... }
			if len(data) >= 12 {
				if n := int(binary.NativeEndian.Uint32(data[4:])); n >= keep {
					r.OrigLen = n
				}
			}
		}
		next := unix.CmsgSpace(l - hdr)
		if next <= 0 || next >= len(oob) {
			return
		}
		oob = oob[next:]
	}
}

// SetDeadline sets the read deadline: a pending or later read returns an
// error matching os.ErrDeadlineExceeded once it passes. A zero time clears it.
func (c *Conn) SetDeadline(t time.Time) error {
	var d int64
	if !t.IsZero() {
		d = t.UnixNano()
	}
	c.deadline.Store(d)
	return c.c.SetReadDeadline(t)
}

// pastDeadline returns an error matching os.ErrDeadlineExceeded once the
// read deadline has passed.
func (c *Conn) pastDeadline() error {
	if d := c.deadline.Load(); d != 0 && time.Now().UnixNano() >= d {
		return fmt.Errorf("%s %s: %w", opRead, c.ifname, os.ErrDeadlineExceeded)
	}
	return nil
}

// Stats returns the kernel's counters accumulated since Listen.
func (c *Conn) Stats() (Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, err := c.c.GetsockoptTpacketStats(unix.SOL_PACKET, unix.PACKET_STATISTICS)
	if err != nil {
		if c.closed.Load() {
			return c.stats, os.ErrClosed
		}
		return c.stats, fmt.Errorf("%s %s: %w", opStats, c.ifname, err)
	}
	// The kernel resets the counters on every read; tp_packets includes
	// tp_drops.
	c.stats.Received += uint64(st.Packets)
	c.stats.Dropped += uint64(st.Drops)
	return c.stats, nil
}

// Close closes the socket. A pending read returns os.ErrClosed.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	err := c.c.Close()
	if c.ring != nil {
		// The socket is closed, so a pending readRing returns and releases
		// the lock; then nothing reads the ring any more.
		c.ringMu.Lock()
		if uerr := c.ring.unmap(); err == nil && uerr != nil {
			err = os.NewSyscallError("munmap", uerr)
		}
		c.ringMu.Unlock()
	}
	return err
}
