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
	return c.fill(r, n, oobn, from)
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
// already holds is lost.
func (c *Conn) Drain(fn func(*nlcap.Record) error) error {
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
		if err := c.fill(&r, n, oobn, from); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
}

// fill decodes one received datagram into r.
func (c *Conn) fill(r *nlcap.Record, n, oobn int, from unix.Sockaddr) error {
	sll, ok := from.(*unix.SockaddrLinklayer)
	if !ok {
		return fmt.Errorf("%s %s: unexpected source address %T", opRead, c.ifname, from)
	}
	keep := min(n, len(c.buf))
	r.Data = append(r.Data[:0], c.buf[:keep]...)
	r.OrigLen = n
	// sll_protocol is in network byte order (htons(family) set by the tap).
	r.Family = nlcap.Family(htons(sll.Protocol))
	r.ByteOrder = binary.NativeEndian
	r.Direction = nlcap.InferDirection(r.Data, binary.NativeEndian)
	r.Interface = 0
	r.Comment = ""
	r.Timestamp = time.Time{}
	if oobn > 0 {
		msgs, err := unix.ParseSocketControlMessage(c.oob[:oobn])
		if err == nil {
			for _, m := range msgs {
				switch {
				case m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SO_TIMESTAMPNS:
					if len(m.Data) >= int(unsafe.Sizeof(unix.Timespec{})) {
						ts := *(*unix.Timespec)(unsafe.Pointer(&m.Data[0]))
						r.Timestamp = time.Unix(int64(ts.Sec), int64(ts.Nsec))
					}
				case m.Header.Level == unix.SOL_PACKET && m.Header.Type == unix.PACKET_AUXDATA:
					// struct tpacket_auxdata { __u32 tp_status; __u32 tp_len; __u32 tp_snaplen; ... }
					if len(m.Data) >= 12 {
						if l := int(binary.NativeEndian.Uint32(m.Data[4:])); l >= keep {
							r.OrigLen = l
						}
					}
				}
			}
		}
	}
	if r.Timestamp.IsZero() {
		r.Timestamp = time.Now()
	}
	return nil
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
