//go:build linux && (amd64 || arm64)

package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math/bits"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nlcap/nlcap"
	"golang.org/x/sys/unix"
)

// An nlSocket is a netlink socket of a traced process; descriptors made by
// dup share one.
type nlSocket struct {
	proto nlcap.Family
	port  uint32 // nl_pid once known (bound), else 0
	inode uint64 // once known
}

// Layouts of the structures read from a traced process (64-bit only):
//
//	struct msghdr {                  struct mmsghdr {
//		void *msg_name;      // 0        struct msghdr msg_hdr; // 0
//		int msg_namelen;     // 8        unsigned int msg_len;  // 56
//		struct iovec *msg_iov; // 16  }; // 64 bytes
//		size_t msg_iovlen;   // 24
//		void *msg_control;   // 32    struct iovec { void *iov_base; size_t iov_len; }; // 16
//		size_t msg_controllen; // 40
//		int msg_flags;       // 48    struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad;
//	}; // 56 bytes                           __u32 nl_pid; __u32 nl_groups; }; // 12
const (
	msghdrLen     = 56
	mmsghdrLen    = 64
	iovecLen      = 16
	sockaddrNlLen = 12
	maxIOV        = 1024 // UIO_MAXIOV: the kernel refuses more
	maxMmsg       = 1024 // UIO_MAXIOV again: recvmmsg/sendmmsg's vlen bound
)

// closeRangeCloexec is CLOSE_RANGE_CLOEXEC (include/uapi/linux/close_range.h):
//
//	#define CLOSE_RANGE_CLOEXEC	(1U << 2)
const closeRangeCloexec = 1 << 2

// A netlinkRecorder is the stopHooks that records netlink traffic.
type netlinkRecorder struct {
	t        *Tracer
	snap     int
	peekOnly bool   // process_vm_readv is refused: PTRACE_PEEKDATA
	hdr      []byte // scratch for headers and iovec arrays
}

func newNetlinkRecorder(t *Tracer, snap int) *netlinkRecorder {
	return &netlinkRecorder{t: t, snap: snap}
}

func (r *netlinkRecorder) newProcess(p *traceProc) { p.fds = scanNetlinkFDs(p.pid) }

func fdArg(a uint64) int { return int(int32(a)) }

func isDup2(nr uint64) bool { return slices.Contains(archDupCalls, uint32(nr)) }

func (r *netlinkRecorder) enter(th *tracee, c *sysCall) bool {
	fds := th.proc.fds
	fd := fdArg(c.args[0])
	switch nr := c.nr; {
	case nr == unix.SYS_SOCKET:
		return c.args[0] == unix.AF_NETLINK
	case nr == unix.SYS_CLOSE:
		delete(fds, fd) // the descriptor is released even when close fails
		return false
	case nr == unix.SYS_CLOSE_RANGE:
		// close_range(first, last, flags): with CLOSE_RANGE_CLOEXEC the
		// descriptors only get FD_CLOEXEC (execve re-reads the table).
		if c.args[2]&closeRangeCloexec == 0 {
			first, last := uint32(c.args[0]), uint32(c.args[1])
			for fd := range fds {
				if fd >= 0 && uint32(fd) >= first && uint32(fd) <= last {
					delete(fds, fd)
				}
			}
		}
		return false
	case nr == unix.SYS_DUP:
		return fds[fd] != nil
	case nr == unix.SYS_DUP3 || isDup2(nr):
		return fds[fd] != nil || fds[fdArg(c.args[1])] != nil
	case nr == unix.SYS_FCNTL:
		cmd := int(int32(c.args[1]))
		return (cmd == unix.F_DUPFD || cmd == unix.F_DUPFD_CLOEXEC) && fds[fd] != nil
	case nr == unix.SYS_RECVFROM:
		return fds[fd] != nil && c.args[3]&unix.MSG_PEEK == 0
	case nr == unix.SYS_RECVMSG:
		return fds[fd] != nil && c.args[2]&unix.MSG_PEEK == 0
	case nr == unix.SYS_RECVMMSG:
		return fds[fd] != nil && c.args[3]&unix.MSG_PEEK == 0
	case nr == unix.SYS_BIND, nr == unix.SYS_GETSOCKNAME,
		nr == unix.SYS_SENDTO, nr == unix.SYS_SENDMSG, nr == unix.SYS_SENDMMSG,
		nr == unix.SYS_WRITE, nr == unix.SYS_WRITEV, nr == unix.SYS_READ, nr == unix.SYS_READV:
		return fds[fd] != nil
	}
	return false
}

func (r *netlinkRecorder) exit(th *tracee, c *sysCall) {
	if c.rval < 0 {
		return
	}
	p := th.proc
	fd := fdArg(c.args[0])
	a := c.args
	n := int(min(c.rval, 1<<31))
	switch nr := c.nr; {
	case nr == unix.SYS_SOCKET:
		p.fds[n] = &nlSocket{proto: nlcap.Family(uint16(a[2]))}
	case nr == unix.SYS_DUP, nr == unix.SYS_FCNTL:
		p.fds[n] = p.fds[fd]
	case nr == unix.SYS_DUP3 || isDup2(nr):
		if s := p.fds[fd]; s != nil {
			p.fds[fdArg(a[1])] = s
		} else {
			delete(p.fds, fdArg(a[1]))
		}
	case nr == unix.SYS_BIND, nr == unix.SYS_GETSOCKNAME:
		if s := p.fds[fd]; s != nil {
			if sa, ok := r.sockaddr(th.tid, a[1]); ok && sa.port != 0 {
				s.port = sa.port
			}
		}
	case nr == unix.SYS_SENDTO, nr == unix.SYS_WRITE:
		r.record(th, fd, nlcap.DirectionToKernel, n, 0, func(b []byte) error { return r.read(th.tid, a[1], b) })
	case nr == unix.SYS_WRITEV:
		r.record(th, fd, nlcap.DirectionToKernel, n, 0, func(b []byte) error { return r.gather(th.tid, a[1], a[2], b) })
	case nr == unix.SYS_SENDMSG:
		r.recordMsghdr(th, fd, nlcap.DirectionToKernel, a[1], n)
	case nr == unix.SYS_SENDMMSG, nr == unix.SYS_RECVMMSG:
		dir := nlcap.DirectionToKernel
		if nr == unix.SYS_RECVMMSG {
			dir = nlcap.DirectionFromKernel
		}
		r.recordMmsg(th, fd, dir, a[1], n)
	case nr == unix.SYS_READ:
		r.record(th, fd, nlcap.DirectionFromKernel, n, 0, func(b []byte) error { return r.read(th.tid, a[1], b) })
	case nr == unix.SYS_READV:
		r.record(th, fd, nlcap.DirectionFromKernel, n, 0, func(b []byte) error { return r.gather(th.tid, a[1], a[2], b) })
	case nr == unix.SYS_RECVFROM:
		// With MSG_TRUNC the result is the datagram's length, which may
		// exceed the buffer: only min(result, len) bytes are there.
		copied := min(uint64(n), a[2])
		var group uint32
		if a[4] != 0 && a[5] != 0 {
			if l, ok := r.u32(th.tid, a[5]); ok && l >= sockaddrNlLen {
				if sa, ok := r.sockaddr(th.tid, a[4]); ok {
					group = sa.group
				}
			}
		}
		r.record(th, fd, nlcap.DirectionFromKernel, int(copied), group, func(b []byte) error { return r.read(th.tid, a[1], b) }, n)
	case nr == unix.SYS_RECVMSG:
		r.recordMsghdr(th, fd, nlcap.DirectionFromKernel, a[1], n)
	}
}

// recordMsghdr records the n bytes a sendmsg or recvmsg moved through the
// msghdr at addr (n may exceed the buffers after MSG_TRUNC).
func (r *netlinkRecorder) recordMsghdr(th *tracee, fd int, dir nlcap.Direction, addr uint64, n int) {
	var h [msghdrLen]byte
	if r.read(th.tid, addr, h[:]) != nil {
		r.t.stats.lost.Add(1)
		return
	}
	r.recordHdr(th, fd, dir, h[:], n)
}

func (r *netlinkRecorder) recordHdr(th *tracee, fd int, dir nlcap.Direction, h []byte, n int) {
	ne := binary.NativeEndian
	iov, iovlen := ne.Uint64(h[16:]), ne.Uint64(h[24:])
	var group uint32
	if dir == nlcap.DirectionFromKernel {
		if name, namelen := ne.Uint64(h[0:]), ne.Uint32(h[8:]); name != 0 && namelen >= sockaddrNlLen {
			if sa, ok := r.sockaddr(th.tid, name); ok {
				group = sa.group
			}
		}
	}
	total, ok := r.iovTotal(th.tid, iov, iovlen)
	if !ok {
		r.t.stats.lost.Add(1)
		return
	}
	r.record(th, fd, dir, min(n, total), group, func(b []byte) error { return r.gather(th.tid, iov, iovlen, b) }, n)
}

// recordMmsg records the first n messages of the mmsghdr array at addr,
// each its msg_len bytes.
func (r *netlinkRecorder) recordMmsg(th *tracee, fd int, dir nlcap.Direction, addr uint64, n int) {
	if n > maxMmsg {
		r.t.stats.lost.Add(1)
		return
	}
	for i := range n {
		var h [mmsghdrLen]byte
		if r.read(th.tid, addr+uint64(i)*mmsghdrLen, h[:]) != nil {
			r.t.stats.lost.Add(1)
			return
		}
		r.recordHdr(th, fd, dir, h[:], int(binary.NativeEndian.Uint32(h[56:])))
	}
}

// record emits one record of n bytes (orig[0], when given, is the true
// length: more than n after MSG_TRUNC), fill reading the first
// min(n, snaplen) of them.
func (r *netlinkRecorder) record(th *tracee, fd int, dir nlcap.Direction, n int, group uint32, fill func([]byte) error, orig ...int) {
	s := th.proc.fds[fd]
	if s == nil || n <= 0 || r.t.stopping.Load() {
		return
	}
	origLen := n
	if len(orig) > 0 && orig[0] > n {
		origLen = orig[0]
	}
	data := make([]byte, min(n, r.snap))
	if err := fill(data); err != nil {
		r.t.stats.lost.Add(1)
		return
	}
	if s.port == 0 {
		s.port = socketPort(th.tid, fd, s)
	}
	if th.proc.comm == "" {
		th.proc.comm = readComm(th.proc.pid)
	}
	r.t.emit(nlcap.Record{
		Timestamp: time.Now(),
		Family:    s.proto,
		Direction: dir,
		OrigLen:   origLen,
		ByteOrder: binary.NativeEndian,
		Data:      data,
		Process: nlcap.Process{
			PID: th.proc.pid, TID: th.tid, Comm: th.proc.comm, PortID: s.port, Group: group,
		},
	})
}

// read copies len(b) bytes at addr of process tid into b.
func (r *netlinkRecorder) read(tid int, addr uint64, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if addr == 0 {
		return unix.EFAULT
	}
	if !r.peekOnly {
		local := []unix.Iovec{{Base: &b[0]}}
		local[0].SetLen(len(b))
		remote := []unix.RemoteIovec{{Base: uintptr(addr), Len: len(b)}}
		n, err := unix.ProcessVMReadv(tid, local, remote, 0)
		if err == nil && n == len(b) {
			return nil
		}
		if err == nil {
			return unix.EFAULT // a partial read: part of the range is unmapped
		}
		if !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EPERM) {
			return err
		}
		r.peekOnly = true
	}
	n, err := unix.PtracePeekData(tid, uintptr(addr), b)
	if err == nil && n < len(b) {
		err = unix.EFAULT
	}
	return err
}

func (r *netlinkRecorder) u32(tid int, addr uint64) (uint32, bool) {
	var b [4]byte
	if r.read(tid, addr, b[:]) != nil {
		return 0, false
	}
	return binary.NativeEndian.Uint32(b[:]), true
}

type sockaddrNl struct{ port, group uint32 }

// sockaddr reads a struct sockaddr_nl; group is the number of the lowest
// bit of nl_groups (the kernel sets one bit, for groups 1 to 32).
func (r *netlinkRecorder) sockaddr(tid int, addr uint64) (sockaddrNl, bool) {
	var b [sockaddrNlLen]byte
	if r.read(tid, addr, b[:]) != nil || binary.NativeEndian.Uint16(b[:]) != unix.AF_NETLINK {
		return sockaddrNl{}, false
	}
	sa := sockaddrNl{port: binary.NativeEndian.Uint32(b[4:])}
	if g := binary.NativeEndian.Uint32(b[8:]); g != 0 {
		sa.group = uint32(bits.TrailingZeros32(g)) + 1
	}
	return sa, true
}

// iovecs reads an iovec array of iovlen entries (at most UIO_MAXIOV).
func (r *netlinkRecorder) iovecs(tid int, iov, iovlen uint64) ([]byte, bool) {
	if iovlen > maxIOV {
		return nil, false
	}
	r.hdr = slices.Grow(r.hdr[:0], int(iovlen)*iovecLen)[:iovlen*iovecLen]
	if r.read(tid, iov, r.hdr) != nil {
		return nil, false
	}
	return r.hdr, true
}

// iovTotal returns the bytes an iovec array holds, capped at 1<<31.
func (r *netlinkRecorder) iovTotal(tid int, iov, iovlen uint64) (int, bool) {
	vs, ok := r.iovecs(tid, iov, iovlen)
	if !ok {
		return 0, false
	}
	var total uint64
	for i := 0; i < len(vs); i += iovecLen {
		total = min(total+min(binary.NativeEndian.Uint64(vs[i+8:]), 1<<31), 1<<31)
	}
	return int(total), true
}

// gather fills b from the buffers of an iovec array, in order.
func (r *netlinkRecorder) gather(tid int, iov, iovlen uint64, b []byte) error {
	vs, ok := r.iovecs(tid, iov, iovlen)
	if !ok {
		return unix.EFAULT
	}
	vs = slices.Clone(vs) // r.hdr may be reused below
	for i := 0; i < len(vs) && len(b) > 0; i += iovecLen {
		base, l := binary.NativeEndian.Uint64(vs[i:]), binary.NativeEndian.Uint64(vs[i+8:])
		k := int(min(l, uint64(len(b))))
		if err := r.read(tid, base, b[:k]); err != nil {
			return err
		}
		b = b[k:]
	}
	if len(b) > 0 {
		return unix.EFAULT
	}
	return nil
}

// readComm returns /proc/PID/comm without its newline.
func readComm(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

// socketInode returns the inode of the socket behind descriptor fd of
// thread tid (its /proc link reads "socket:[INODE]").
func socketInode(tid, fd int) (uint64, bool) {
	link, err := os.Readlink("/proc/" + strconv.Itoa(tid) + "/fd/" + strconv.Itoa(fd))
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(link, "socket:[")
	if !ok {
		return 0, false
	}
	ino, err := strconv.ParseUint(strings.TrimSuffix(s, "]"), 10, 64)
	return ino, err == nil
}

// socketPort looks the port id of socket s (descriptor fd of thread tid)
// up in /proc/TID/net/netlink, the table of the thread's network
// namespace; 0 when unbound or not found.
func socketPort(tid, fd int, s *nlSocket) uint32 {
	if s.inode == 0 {
		ino, ok := socketInode(tid, fd)
		if !ok {
			return 0
		}
		s.inode = ino
	}
	e, ok := netlinkTable(tid)[s.inode]
	if !ok {
		return 0
	}
	return e.port
}

type netlinkEntry struct {
	proto nlcap.Family
	port  uint32
}

// netlinkTable parses /proc/PID/net/netlink:
//
//	sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
//	ffff8c0d41b4a000 0   1234       00000000 0        0        0     2        0        56789
func netlinkTable(pid int) map[uint64]netlinkEntry {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/net/netlink")
	if err != nil {
		return nil
	}
	defer f.Close()
	return parseNetlinkTable(bufio.NewScanner(f))
}

func parseNetlinkTable(sc *bufio.Scanner) map[uint64]netlinkEntry {
	m := make(map[uint64]netlinkEntry)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] == "sk" {
			continue
		}
		proto, err1 := strconv.ParseUint(f[1], 10, 16)
		port, err2 := strconv.ParseUint(f[2], 10, 32)
		ino, err3 := strconv.ParseUint(f[9], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		m[ino] = netlinkEntry{proto: nlcap.Family(proto), port: uint32(port)}
	}
	return m
}

// scanNetlinkFDs returns the netlink sockets among the descriptors of
// process pid; descriptors of one socket share an nlSocket.
func scanNetlinkFDs(pid int) map[int]*nlSocket {
	fds := make(map[int]*nlSocket)
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fds
	}
	var table map[uint64]netlinkEntry
	byInode := make(map[uint64]*nlSocket)
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ino, ok := socketInode(pid, fd)
		if !ok {
			continue
		}
		if table == nil {
			table = netlinkTable(pid)
		}
		ent, ok := table[ino]
		if !ok {
			continue // not a netlink socket
		}
		s := byInode[ino]
		if s == nil {
			s = &nlSocket{proto: ent.proto, port: ent.port, inode: ino}
			byInode[ino] = s
		}
		fds[fd] = s
	}
	return fds
}
