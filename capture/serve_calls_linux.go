//go:build linux && (amd64 || arm64)

package capture

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A call is one system call of the served program on an emulated socket.
// Its pointer arguments are read and written with process_vm_readv and
// process_vm_writev; every length comes from the program and is checked.
type call struct {
	s       *Server
	n       *seccompNotif
	so      *ServedSocket
	pid     int
	mayWait bool // a blocking receive may wait (else it returns reply.wait)
}

func (c *call) arg(i int) uint64 { return c.n.Args[i] }

// read reads len(b) bytes at addr of the program.
func (c *call) read(addr uint64, b []byte) bool {
	if len(b) == 0 {
		return true
	}
	n, err := unix.ProcessVMReadv(c.pid, []unix.Iovec{{Base: &b[0], Len: uint64(len(b))}},
		[]unix.RemoteIovec{{Base: uintptr(addr), Len: len(b)}}, 0)
	return err == nil && n == len(b)
}

// write writes b at addr of the program.
func (c *call) write(addr uint64, b []byte) bool {
	if len(b) == 0 {
		return true
	}
	n, err := unix.ProcessVMWritev(c.pid, []unix.Iovec{{Base: &b[0], Len: uint64(len(b))}},
		[]unix.RemoteIovec{{Base: uintptr(addr), Len: len(b)}}, 0)
	return err == nil && n == len(b)
}

func (c *call) readU32(addr uint64) (uint32, bool) {
	var b [4]byte
	ok := c.read(addr, b[:])
	return binary.NativeEndian.Uint32(b[:]), ok
}

func (c *call) writeU32(addr uint64, v uint32) bool {
	return c.write(addr, binary.NativeEndian.AppendUint32(nil, v))
}

// appendSockaddrNl encodes a struct sockaddr_nl:
//
//	struct sockaddr_nl {
//		__kernel_sa_family_t	nl_family;	/* AF_NETLINK	*/
//		unsigned short	nl_pad;		/* zero		*/
//		__u32		nl_pid;		/* port ID	*/
//		__u32		nl_groups;	/* multicast groups mask */
//	};
func appendSockaddrNl(pid, groups uint32) []byte {
	b := binary.NativeEndian.AppendUint16(nil, unix.AF_NETLINK)
	b = append(b, 0, 0)
	b = binary.NativeEndian.AppendUint32(b, pid)
	return binary.NativeEndian.AppendUint32(b, groups)
}

// putAddr writes addr to the program's (buf, *lenp) as move_addr_to_user
// does: at most *lenp bytes, and the full length into *lenp.
func (c *call) putAddr(buf, lenp uint64, addr []byte) unix.Errno {
	l, ok := c.readU32(lenp)
	if !ok {
		return unix.EFAULT
	}
	if int32(l) < 0 {
		return unix.EINVAL
	}
	if !c.write(buf, addr[:min(int(l), len(addr))]) || !c.writeU32(lenp, uint32(len(addr))) {
		return unix.EFAULT
	}
	return 0
}

// readAddr reads the sockaddr_nl argument (addr, len) of bind and connect.
func (c *call) readAddr() (family uint16, pid, groups uint32, errno unix.Errno) {
	if int32(c.arg(2)) < 2 {
		return 0, 0, 0, unix.EINVAL
	}
	b := make([]byte, sockaddrNlLen)
	if !c.read(c.arg(1), b[:2]) {
		return 0, 0, 0, unix.EFAULT
	}
	family = binary.NativeEndian.Uint16(b)
	if family == unix.AF_UNSPEC {
		return family, 0, 0, 0
	}
	if int32(c.arg(2)) < sockaddrNlLen || family != unix.AF_NETLINK {
		return 0, 0, 0, unix.EINVAL
	}
	if !c.read(c.arg(1), b) {
		return 0, 0, 0, unix.EFAULT
	}
	return family, binary.NativeEndian.Uint32(b[4:]), binary.NativeEndian.Uint32(b[8:]), 0
}

// bind emulates netlink_bind: an explicit port id or autobind, and the
// groups of nl_groups (1..32) replacing the first 32.
func (c *call) bind() reply {
	family, pid, groups, errno := c.readAddr()
	if errno == 0 && family != unix.AF_NETLINK {
		errno = unix.EINVAL
	}
	if errno != 0 {
		return reply{errno: errno}
	}
	if pid != 0 {
		errno = c.s.bindPort(c.so, pid)
	} else {
		errno = c.s.autobind(c.so, c.pid)
	}
	if errno != 0 {
		return reply{errno: errno}
	}
	c.so.mu.Lock()
	c.so.groups[0] = groups
	c.so.mu.Unlock()
	return reply{}
}

// connect emulates netlink_connect: it sets the default destination
// (AF_UNSPEC clears it) and autobinds.
func (c *call) connect() reply {
	family, pid, groups, errno := c.readAddr()
	if errno != 0 {
		return reply{errno: errno}
	}
	c.so.mu.Lock()
	c.so.dstPort, c.so.dstGroup = pid, groups
	if family == unix.AF_UNSPEC {
		c.so.dstPort, c.so.dstGroup = 0, 0
	}
	c.so.mu.Unlock()
	if family == unix.AF_UNSPEC {
		return reply{}
	}
	return reply{errno: c.s.autobind(c.so, c.pid)}
}

// getname emulates netlink_getname.
func (c *call) getname(peer bool) reply {
	c.so.mu.Lock()
	addr := appendSockaddrNl(c.so.port.Load(), c.so.groups[0])
	if peer {
		addr = appendSockaddrNl(c.so.dstPort, c.so.dstGroup)
	}
	c.so.mu.Unlock()
	return reply{errno: c.putAddr(c.arg(1), c.arg(2), addr)}
}

// The SOL_NETLINK options that are a flag.
var netlinkFlagOpts = map[int]bool{
	unix.NETLINK_PKTINFO: true, unix.NETLINK_BROADCAST_ERROR: true, unix.NETLINK_NO_ENOBUFS: true,
	unix.NETLINK_LISTEN_ALL_NSID: true, unix.NETLINK_CAP_ACK: true, unix.NETLINK_EXT_ACK: true,
	unix.NETLINK_GET_STRICT_CHK: true,
}

// setsockopt emulates the SOL_NETLINK options and the SO_*BUFFORCE ones
// (which need CAP_NET_ADMIN on a real socket); the others run in the kernel
// on the socket pair.
func (c *call) setsockopt() reply {
	level, name, optval, optlen := int(int32(c.arg(1))), int(int32(c.arg(2))), c.arg(3), int32(c.arg(4))
	switch {
	case level == unix.SOL_SOCKET && (name == unix.SO_RCVBUFFORCE || name == unix.SO_SNDBUFFORCE):
		if optlen < 4 {
			return reply{errno: unix.EINVAL}
		}
		v, ok := c.readU32(optval)
		if !ok {
			return reply{errno: unix.EFAULT}
		}
		opt := unix.SO_RCVBUF
		if name == unix.SO_SNDBUFFORCE {
			opt = unix.SO_SNDBUF
		}
		_ = unix.SetsockoptInt(c.so.prog, unix.SOL_SOCKET, opt, int(int32(v)))
		return reply{}
	case level != unix.SOL_NETLINK:
		return reply{cont: true}
	}
	var val uint32
	if optlen >= 4 {
		var ok bool
		if val, ok = c.readU32(optval); !ok {
			return reply{errno: unix.EFAULT}
		}
	}
	c.so.mu.Lock()
	defer c.so.mu.Unlock()
	switch {
	case name == unix.NETLINK_ADD_MEMBERSHIP || name == unix.NETLINK_DROP_MEMBERSHIP:
		if val == 0 || val > uint32(len(c.so.groups))*32 {
			return reply{errno: unix.EINVAL}
		}
		w, bit := (val-1)/32, uint32(1)<<((val-1)%32)
		if name == unix.NETLINK_ADD_MEMBERSHIP {
			c.so.groups[w] |= bit
		} else {
			c.so.groups[w] &^= bit
		}
	case netlinkFlagOpts[name]:
		c.so.opts[name] = int(min(val, 1))
	default:
		return reply{errno: unix.ENOPROTOOPT}
	}
	return reply{}
}

// getsockopt emulates the SOL_NETLINK options and SO_TYPE, SO_DOMAIN,
// SO_PROTOCOL; the others run in the kernel on the socket pair.
func (c *call) getsockopt() reply {
	level, name, optval, optlenp := int(int32(c.arg(1))), int(int32(c.arg(2))), c.arg(3), c.arg(4)
	var out []byte
	c.so.mu.Lock()
	switch {
	case level == unix.SOL_SOCKET && name == unix.SO_TYPE:
		out = binary.NativeEndian.AppendUint32(nil, uint32(c.so.typ))
	case level == unix.SOL_SOCKET && name == unix.SO_DOMAIN:
		out = binary.NativeEndian.AppendUint32(nil, unix.AF_NETLINK)
	case level == unix.SOL_SOCKET && name == unix.SO_PROTOCOL:
		out = binary.NativeEndian.AppendUint32(nil, uint32(c.so.proto))
	case level != unix.SOL_NETLINK:
		c.so.mu.Unlock()
		return reply{cont: true}
	case name == unix.NETLINK_LIST_MEMBERSHIPS:
		words := 1
		for i, w := range c.so.groups {
			if w != 0 {
				words = i + 1
			}
		}
		for _, w := range c.so.groups[:words] {
			out = binary.NativeEndian.AppendUint32(out, w)
		}
	case netlinkFlagOpts[name]:
		out = binary.NativeEndian.AppendUint32(nil, uint32(c.so.opts[name]))
	default:
		c.so.mu.Unlock()
		return reply{errno: unix.ENOPROTOOPT}
	}
	c.so.mu.Unlock()
	l, ok := c.readU32(optlenp)
	if !ok {
		return reply{errno: unix.EFAULT}
	}
	if int32(l) < 0 || level == unix.SOL_NETLINK && name != unix.NETLINK_LIST_MEMBERSHIPS && l < 4 {
		return reply{errno: unix.EINVAL}
	}
	return reply{errno: c.putAddr(optval, optlenp, out)}
}

// The flags a receive honours; the others are ignored, as netlink does
// (MSG_WAITALL, MSG_CMSG_CLOEXEC...).
const recvFlags = unix.MSG_PEEK | unix.MSG_TRUNC | unix.MSG_DONTWAIT

// maxRecv caps the Server's buffer for one receive: a longer buffer of
// the program gets at most this much (more than any netlink datagram).
const maxRecv = 16 << 20

// receive takes the next datagram for the program into its buffers iov as
// recvmsg(2) would from a netlink socket: MSG_PEEK leaves it queued,
// MSG_TRUNC returns its full length, a short buffer truncates it (and
// MSG_TRUNC is set in the returned flags). A blocking receive waits here,
// polling, until a datagram comes or the program stops waiting (a signal).
func (c *call) receive(iov []unix.RemoteIovec, flags int) (n, rflags int, r reply, ok bool) {
	total := 0
	for _, v := range iov {
		if v.Len < 0 || total+v.Len > maxRecv {
			total = maxRecv
			break
		}
		total += v.Len
	}
	buf := make([]byte, max(total, 1))
	fl, _ := unix.FcntlInt(uintptr(c.so.prog), unix.F_GETFL, 0)
	nonblock := flags&unix.MSG_DONTWAIT != 0 || fl&unix.O_NONBLOCK != 0
	if flags&unix.MSG_ERRQUEUE != 0 {
		return 0, 0, reply{errno: unix.EAGAIN}, false
	}
	for {
		if !c.so.queued() {
			c.s.cfg.Handler.Waiting(c.so)
		}
		got, _, rf, _, err := unix.Recvmsg(c.so.prog, buf[:total], nil, flags&recvFlags|unix.MSG_DONTWAIT)
		if err == nil {
			c.s.touch()
			copied := min(got, total)
			if !c.scatter(iov, buf[:copied]) {
				return 0, 0, reply{errno: unix.EFAULT}, false
			}
			return got, rf & unix.MSG_TRUNC, reply{}, true
		}
		if err != unix.EAGAIN && err != unix.EINTR {
			return 0, 0, reply{errno: err.(unix.Errno)}, false
		}
		if nonblock {
			return 0, 0, reply{errno: unix.EAGAIN}, false
		}
		if !c.mayWait {
			return 0, 0, reply{wait: true}, false // nothing taken: redone on a goroutine
		}
		pfd := []unix.PollFd{{Fd: int32(c.so.prog), Events: unix.POLLIN}}
		_, _ = unix.Poll(pfd, 100)
		select {
		case <-c.s.stop:
			return 0, 0, reply{errno: unix.EINTR}, false
		default:
		}
		if !c.s.valid(c.n) {
			return 0, 0, reply{sent: true}, false // interrupted: nobody waits
		}
	}
}

// scatter writes b into the program's buffers iov.
func (c *call) scatter(iov []unix.RemoteIovec, b []byte) bool {
	if len(b) == 0 {
		return true
	}
	var remote []unix.RemoteIovec
	left := len(b)
	for _, v := range iov {
		if left == 0 {
			break
		}
		l := min(v.Len, left)
		if l > 0 {
			remote = append(remote, unix.RemoteIovec{Base: v.Base, Len: l})
		}
		left -= l
	}
	n, err := unix.ProcessVMWritev(c.pid, []unix.Iovec{{Base: &b[0], Len: uint64(len(b))}}, remote, 0)
	return err == nil && n == len(b)
}

// recvfrom emulates recvfrom(fd, buf, len, flags, src_addr, addrlen);
// without src_addr it runs in the kernel on the socket pair, once the
// handler had its chance to deliver an event.
func (c *call) recvfrom() reply {
	if c.arg(4) == 0 {
		if !c.so.queued() {
			c.s.cfg.Handler.Waiting(c.so)
		}
		return reply{cont: true}
	}
	iov := []unix.RemoteIovec{{Base: uintptr(c.arg(1)), Len: int(min(c.arg(2), maxRecv))}}
	n, _, r, ok := c.receive(iov, int(int32(c.arg(3))))
	if !ok {
		return r
	}
	if errno := c.putAddr(c.arg(4), c.arg(5), appendSockaddrNl(0, 0)); errno != 0 {
		return reply{errno: errno}
	}
	return reply{val: int64(n)}
}

// send hands the datagram the program sends to the handler, on this
// thread: its answers are queued before the call returns, as the kernel
// answers most requests within sendmsg. The sender is bound first
// (netlink_sendmsg autobinds). The destination address is not checked:
// everything goes to the handler, the kernel's part.
func (c *call) send(iov []unix.RemoteIovec) reply {
	total := 0
	for _, v := range iov {
		if v.Len < 0 || total+v.Len > maxRequest {
			return reply{errno: unix.EMSGSIZE}
		}
		total += v.Len
	}
	if errno := c.s.autobind(c.so, c.pid); errno != 0 {
		return reply{errno: errno}
	}
	b := make([]byte, total)
	if total > 0 {
		n, err := unix.ProcessVMReadv(c.pid, []unix.Iovec{{Base: &b[0], Len: uint64(total)}}, iov, 0)
		if err != nil || n != total {
			return reply{errno: unix.EFAULT}
		}
	}
	c.so.handling.Store(true)
	c.s.cfg.Handler.Request(c.so, b)
	c.so.handling.Store(false)
	return reply{val: int64(total)}
}

// sendto emulates sendto(fd, buf, len, flags, dest_addr, addrlen).
func (c *call) sendto() reply {
	if c.arg(2) > maxRequest {
		return reply{errno: unix.EMSGSIZE}
	}
	return c.send([]unix.RemoteIovec{{Base: uintptr(c.arg(1)), Len: int(c.arg(2))}})
}

// sendmsg emulates sendmsg(fd, msg, flags) (control messages are ignored).
func (c *call) sendmsg() reply {
	_, iov, r, ok := c.msghdr()
	if !ok {
		return r
	}
	return c.send(iov)
}

// msghdr reads the struct msghdr at the second argument and its iovecs.
func (c *call) msghdr() ([]byte, []unix.RemoteIovec, reply, bool) {
	mh := make([]byte, sizeofMsghdr)
	if !c.read(c.arg(1), mh) {
		return nil, nil, reply{errno: unix.EFAULT}, false
	}
	ne := binary.NativeEndian
	iovp, iovlen := ne.Uint64(mh[16:]), ne.Uint64(mh[24:])
	if iovlen > 1024 { // UIO_MAXIOV
		return nil, nil, reply{errno: unix.EMSGSIZE}, false
	}
	raw := make([]byte, 16*iovlen)
	if !c.read(iovp, raw) {
		return nil, nil, reply{errno: unix.EFAULT}, false
	}
	iov := make([]unix.RemoteIovec, iovlen)
	for i := range iov {
		l := ne.Uint64(raw[16*i+8:])
		if l > maxRecv {
			l = maxRecv
		}
		iov[i] = unix.RemoteIovec{Base: uintptr(ne.Uint64(raw[16*i:])), Len: int(l)}
	}
	return mh, iov, reply{}, true
}

// struct msghdr (amd64, arm64): msg_name at 0, msg_namelen at 8, msg_iov
// at 16, msg_iovlen at 24, msg_control at 32, msg_controllen at 40,
// msg_flags at 48.
const sizeofMsghdr = int(unsafe.Sizeof(unix.Msghdr{}))

// recvmsg emulates recvmsg(fd, msg, flags): msg_name gets a sockaddr_nl
// from the kernel (port 0), msg_namelen its length, msg_flags MSG_TRUNC
// when the datagram was cut; no control message is returned.
func (c *call) recvmsg() reply {
	mh, iov, r, ok := c.msghdr()
	if !ok {
		return r
	}
	ne := binary.NativeEndian
	name, namelen := ne.Uint64(mh[0:]), ne.Uint32(mh[8:])
	n, rflags, r, ok := c.receive(iov, int(int32(c.arg(2))))
	if !ok {
		return r
	}
	if name != 0 {
		if int32(namelen) < 0 {
			return reply{errno: unix.EINVAL}
		}
		addr := appendSockaddrNl(0, 0)
		if !c.write(name, addr[:min(int(namelen), len(addr))]) {
			return reply{errno: unix.EFAULT}
		}
		ne.PutUint32(mh[8:], sockaddrNlLen)
	}
	ne.PutUint64(mh[40:], 0) // msg_controllen: no control message
	ne.PutUint32(mh[48:], uint32(rflags))
	if !c.write(c.arg(1)+8, mh[8:12]) || !c.write(c.arg(1)+40, mh[40:52]) {
		return reply{errno: unix.EFAULT}
	}
	return reply{val: int64(n)}
}
