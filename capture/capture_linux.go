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
	batch   *batch // recvmmsg slots for Drain, allocated on first use
	closed  atomic.Bool

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
	if err := sc.Bind(&unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: li.index}); err != nil {
		return fail("bind", err)
	}
	return &Conn{
		c:       sc,
		ifname:  ifname,
		snapLen: snap,
		buf:     make([]byte, snap),
		oob:     make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.Timespec{})))+unix.CmsgSpace(20)+64),
	}, nil
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

func (c *Conn) readErr(err error) error {
	if c.closed.Load() || errors.Is(err, os.ErrClosed) {
		return os.ErrClosed
	}
	return fmt.Errorf("%s %s: %w", opRead, c.ifname, err)
}

// Drain reads every record already queued on the socket, without blocking,
// and calls fn with each; it returns when the queue is empty or fn fails. The
// record passed to fn is reused: fn must copy what it keeps. Call it after
// stopping (for example on SIGINT), before Close, so that nothing the kernel
// already holds is lost. Drain takes up to batchSlots records per system call
// (recvmmsg), so a reader that calls it after each blocking read spends far
// fewer system calls per record than one read per record.
func (c *Conn) Drain(fn func(*nlcap.Record) error) error {
	raw, err := c.c.SyscallConn()
	if err != nil {
		return c.readErr(err)
	}
	if c.batch == nil {
		c.batch = newBatch(c.snapLen, len(c.oob))
	}
	b := c.batch
	var r nlcap.Record
	for {
		var (
			n    int
			rerr error
		)
		cerr := raw.Control(func(fd uintptr) { n, rerr = b.recv(fd) })
		if cerr != nil {
			return c.readErr(cerr)
		}
		if rerr == unix.EAGAIN {
			return nil
		}
		if rerr != nil {
			return c.readErr(os.NewSyscallError("recvmmsg", rerr))
		}
		for i := range n {
			m := &b.msgs[i]
			c.fill(&r, b.bufs[i], int(m.Len), b.oobs[i][:min(int(m.Hdr.Controllen), len(b.oobs[i]))], b.names[i].Protocol)
			if err := fn(&r); err != nil {
				return err
			}
		}
		if n < len(b.msgs) {
			// recvmmsg stopped early: the queue was empty.
			return nil
		}
	}
}

// batchBytes bounds the receive buffers of a batch: batchSlots slots of the
// snapshot length, fewer when that is large (32 slots of the default
// 262144). Pages the kernel never writes to are never made resident.
const (
	batchSlots = 64
	batchBytes = 8 << 20
)

// A batch holds the recvmmsg(2) vectors of Drain: one buffer, control
// buffer and source address per slot. The memory is allocated once and
// referenced from msgs, so it must stay reachable from the Conn.
type batch struct {
	msgs  []unix.Mmsghdr
	iovs  []unix.Iovec
	bufs  [][]byte
	oobs  [][]byte
	names []unix.RawSockaddrLinklayer
}

func newBatch(snapLen, oobLen int) *batch {
	n := max(1, min(batchSlots, batchBytes/max(snapLen, 1)))
	b := &batch{
		msgs:  make([]unix.Mmsghdr, n),
		iovs:  make([]unix.Iovec, n),
		bufs:  make([][]byte, n),
		oobs:  make([][]byte, n),
		names: make([]unix.RawSockaddrLinklayer, n),
	}
	for i := range n {
		b.bufs[i] = make([]byte, snapLen)
		b.oobs[i] = make([]byte, oobLen)
		b.iovs[i].Base = &b.bufs[i][0]
		b.iovs[i].SetLen(snapLen)
	}
	return b
}

// recv is one non-blocking recvmmsg(2) on fd; it returns the number of
// records received (at least 1) or the error (EAGAIN: none queued).
func (b *batch) recv(fd uintptr) (int, error) {
	for i := range b.msgs {
		h := &b.msgs[i].Hdr
		h.Name = (*byte)(unsafe.Pointer(&b.names[i]))
		h.Namelen = unix.SizeofSockaddrLinklayer
		h.Iov = &b.iovs[i]
		h.SetIovlen(1)
		h.Control = &b.oobs[i][0]
		h.SetControllen(len(b.oobs[i]))
		h.Flags = 0
		b.msgs[i].Len = 0
	}
	for {
		n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&b.msgs[0])), uintptr(len(b.msgs)),
			unix.MSG_TRUNC|unix.MSG_DONTWAIT, 0, 0)
		switch errno {
		case 0:
			return int(n), nil
		case unix.EINTR:
			continue
		}
		return 0, errno
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
	r.Direction = nlcap.InferDirection(r.Data, binary.NativeEndian)
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
func (c *Conn) SetDeadline(t time.Time) error { return c.c.SetReadDeadline(t) }

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
	return c.c.Close()
}
