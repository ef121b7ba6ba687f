package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// The netlink client that process-capture tests trace (NLCAP_TEST_AS=nlclient):
//
//	nlclient dumps ROUNDS  sockets opened on the main thread, each used by its
//	                       own goroutine locked to its own thread, each with
//	                       other system calls: ROUNDS dumps (or gets) each
//	nlclient audit         one AUDIT_GET exchange on NETLINK_AUDIT
//	nlclient loop          RTM_GETLINK dumps every 20 ms until killed,
//	                       printing "dump N" after each
//	nlclient trunc         gets lo's RTM_NEWLINK into a 100-byte buffer with
//	                       MSG_TRUNC; prints "N HEX": the datagram's length
//	                       and the bytes the buffer got
//	nlclient reuse         one request on a socket, close_range on it, then
//	                       writes a netlink-looking request to /dev/null
//	                       opened at the same descriptor number
//	nlclient monitor       (in a network namespace of its own) a socket in
//	                       the RTNLGRP_LINK group sees the notification of
//	                       setting lo up through another socket
//
// dumps and audit print every netlink message the client sent or received,
// one per line: "PROTOCOL:PORT s|r HEX" (HEX: nlmsg_len bytes), in order per socket.
func init() { testClientMain = nlclientMain }

func nlclientMain(args []string) {
	if len(args) == 0 {
		fatalf("usage: nlclient dumps ROUNDS | audit | loop")
	}
	switch args[0] {
	case "dumps":
		rounds := 50
		if len(args) > 1 {
			rounds, _ = strconv.Atoi(args[1])
		}
		clientDumps(rounds)
	case "audit":
		clientAudit()
	case "loop":
		clientLoop()
	case "monitor":
		clientMonitor()
	case "trunc":
		clientTrunc()
	case "reuse":
		clientReuse()
	default:
		fatalf("nlclient: unknown mode %q", args[0])
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", a...)
	os.Exit(1)
}

// A clientLog collects the messages of one socket.
type clientLog struct {
	proto int
	port  uint32 // unique per protocol only
	lines []string
}

// add logs every message of a datagram (or of a request buffer).
func (l *clientLog) add(dir byte, b []byte) {
	for len(b) >= 16 {
		n := int(binary.NativeEndian.Uint32(b))
		if n < 16 || n > len(b) {
			return
		}
		l.lines = append(l.lines, fmt.Sprintf("%d:%d %c %s", l.proto, l.port, dir, hex.EncodeToString(b[:n])))
		b = b[min((n+3)&^3, len(b)):]
	}
}

// done reports whether b holds NLMSG_DONE or NLMSG_ERROR.
func dumpEnded(b []byte) bool {
	for len(b) >= 16 {
		n := int(binary.NativeEndian.Uint32(b))
		if t := binary.NativeEndian.Uint16(b[4:]); t == unix.NLMSG_DONE || t == unix.NLMSG_ERROR {
			return true
		}
		if n < 16 || n > len(b) {
			return true
		}
		b = b[min((n+3)&^3, len(b)):]
	}
	return false
}

func rawSocket(proto int) (int, uint32) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		fatalf("socket: %v", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fatalf("bind: %v", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		fatalf("getsockname: %v", err)
	}
	return fd, sa.(*unix.SockaddrNetlink).Pid
}

// request returns a dump request: RTM_GETLINK (ifinfomsg), RTM_GETADDR
// (ifaddrmsg) or nlctrl CTRL_CMD_GETFAMILY (genlmsghdr).
func request(typ uint16, seq uint32) []byte {
	var body []byte
	switch typ {
	case unix.RTM_GETLINK:
		body = make([]byte, unix.SizeofIfInfomsg)
	case unix.RTM_GETADDR:
		body = make([]byte, unix.SizeofIfAddrmsg)
	default: // genl
		body = []byte{unix.CTRL_CMD_GETFAMILY, 1, 0, 0}
	}
	b := make([]byte, 16, 16+len(body))
	binary.NativeEndian.PutUint32(b, uint32(16+len(body)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	binary.NativeEndian.PutUint16(b[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(b[8:], seq)
	return append(b, body...)
}

// A method is one way of sending a request and receiving a datagram.
type method struct {
	send func(fd int, b []byte) error
	recv func(fd int, buf []byte) ([][]byte, error) // one or more datagrams
}

var methods = []method{
	{ // sendto / recvfrom, sized with MSG_PEEK|MSG_TRUNC first (as iproute2)
		send: func(fd int, b []byte) error {
			return unix.Sendto(fd, b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		},
		recv: func(fd int, buf []byte) ([][]byte, error) {
			n, _, err := unix.Recvfrom(fd, buf[:16], unix.MSG_PEEK|unix.MSG_TRUNC)
			if err != nil {
				return nil, err
			}
			if n > len(buf) {
				return nil, fmt.Errorf("datagram of %d bytes", n)
			}
			n, _, err = unix.Recvfrom(fd, buf[:n], 0)
			return [][]byte{buf[:n]}, err
		},
	},
	{ // sendmsg / recvmsg, peeking first (as mdlayher/netlink)
		send: func(fd int, b []byte) error {
			_, err := unix.SendmsgN(fd, b, nil, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}, 0)
			return err
		},
		recv: func(fd int, buf []byte) ([][]byte, error) {
			if _, _, _, _, err := unix.Recvmsg(fd, buf[:64], nil, unix.MSG_PEEK); err != nil {
				return nil, err
			}
			n, _, _, _, err := unix.Recvmsg(fd, buf, nil, 0)
			return [][]byte{buf[:n]}, err
		},
	},
	{ // write / read
		send: func(fd int, b []byte) error { _, err := unix.Write(fd, b); return err },
		recv: func(fd int, buf []byte) ([][]byte, error) {
			n, err := unix.Read(fd, buf)
			return [][]byte{buf[:n]}, err
		},
	},
	{ // sendmmsg / recvmmsg (up to 4 datagrams a call)
		send: func(fd int, b []byte) error {
			iov := unix.Iovec{Base: &b[0]}
			iov.SetLen(len(b))
			var h mmsghdr
			h.hdr.Iov = &iov
			h.hdr.SetIovlen(1)
			_, _, e := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(unsafe.Pointer(&h)), 1, 0, 0, 0)
			runtime.KeepAlive(b)
			if e != 0 {
				return e
			}
			return nil
		},
		recv: func(fd int, buf []byte) ([][]byte, error) {
			const vlen = 4
			per := len(buf) / vlen
			var hs [vlen]mmsghdr
			var iovs [vlen]unix.Iovec
			for i := range hs {
				iovs[i].Base = &buf[i*per]
				iovs[i].SetLen(per)
				hs[i].hdr.Iov = &iovs[i]
				hs[i].hdr.SetIovlen(1)
			}
			n, _, e := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&hs[0])), vlen, unix.MSG_WAITFORONE, 0, 0)
			if e != 0 {
				return nil, e
			}
			out := make([][]byte, n)
			for i := range out {
				out[i] = buf[i*per : i*per+int(hs[i].len)]
			}
			return out, nil
		},
	},
}

// mmsghdr is struct mmsghdr.
type mmsghdr struct {
	hdr unix.Msghdr
	len uint32
	_   [4]byte
}

// rawDumps runs rounds dumps of the given types on fd with method m.
func rawDumps(fd int, log *clientLog, m method, types []uint16, rounds int) {
	buf := make([]byte, 256<<10)
	for i := range rounds {
		req := request(types[i%len(types)], uint32(i+1))
		if err := m.send(fd, req); err != nil {
			fatalf("send: %v", err)
		}
		log.add('s', req)
		for ended := false; !ended; {
			dgs, err := m.recv(fd, buf)
			if err != nil {
				fatalf("receive: %v", err)
			}
			for _, d := range dgs {
				log.add('r', d)
				ended = ended || dumpEnded(d)
			}
		}
	}
}

func clientDumps(rounds int) {
	route := []uint16{unix.RTM_GETLINK, unix.RTM_GETADDR}
	type job struct {
		log *clientLog
		run func()
	}
	var jobs []job
	for i, m := range methods { // opened here, on the main thread
		fd, port := rawSocket(unix.NETLINK_ROUTE)
		l := &clientLog{proto: unix.NETLINK_ROUTE, port: port}
		types := route
		if i == 1 {
			types = []uint16{unix.RTM_GETLINK}
		}
		jobs = append(jobs, job{l, func() { rawDumps(fd, l, m, types, rounds) }})
	}
	gfd, gport := rawSocket(unix.NETLINK_GENERIC)
	gl := &clientLog{proto: unix.NETLINK_GENERIC, port: gport}
	jobs = append(jobs, job{gl, func() { rawDumps(gfd, gl, methods[1], []uint16{unix.GENL_ID_CTRL}, rounds) }})
	c, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		fatalf("dial: %v", err)
	}
	ml := &clientLog{proto: unix.NETLINK_ROUTE, port: c.PID()}
	jobs = append(jobs, job{ml, func() { mdlayherGets(c, ml, rounds) }})

	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			runtime.LockOSThread() // each socket used on a thread of its own
			j.run()
		})
	}
	wg.Wait()
	w := bufio.NewWriter(os.Stdout)
	for _, j := range jobs {
		for _, line := range j.log.lines {
			w.WriteString(line + "\n")
		}
	}
	w.Flush()
}

// mdlayherGets gets link 1 rounds times through mdlayher/netlink (which
// uses the runtime's poller, on any thread, and peeks before each read).
func mdlayherGets(c *netlink.Conn, log *clientLog, rounds int) {
	for range rounds {
		req := netlink.Message{
			Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request},
			Data:   make([]byte, unix.SizeofIfInfomsg),
		}
		binary.NativeEndian.PutUint32(req.Data[4:], 1) // ifi_index 1 (lo)
		sent, err := c.Send(req)
		if err != nil {
			fatalf("mdlayher send: %v", err)
		}
		b, err := sent.MarshalBinary()
		if err != nil {
			fatalf("marshal: %v", err)
		}
		log.add('s', b)
		msgs, err := c.Receive()
		if err != nil {
			fatalf("mdlayher receive: %v", err)
		}
		for _, m := range msgs {
			b, err := m.MarshalBinary()
			if err != nil {
				fatalf("marshal: %v", err)
			}
			log.add('r', b)
		}
	}
}

// clientAudit sends AUDIT_GET with NLM_F_ACK and reads until the ACK (or
// error) and, when it succeeded, the reply (the kernel may send them in
// either order).
func clientAudit() {
	fd, port := rawSocket(unix.NETLINK_AUDIT)
	l := &clientLog{proto: unix.NETLINK_AUDIT, port: port}
	req := make([]byte, 16)
	binary.NativeEndian.PutUint32(req, 16)
	binary.NativeEndian.PutUint16(req[4:], unix.AUDIT_GET)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_ACK)
	binary.NativeEndian.PutUint32(req[8:], 7)
	if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fatalf("audit send: %v", err)
	}
	l.add('s', req)
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		fatalf("SO_RCVTIMEO: %v", err)
	}
	buf := make([]byte, 64<<10)
	acked, replied, failed := false, false, false
	for !(acked && (replied || failed)) {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			fatalf("audit receive: %v", err)
		}
		d := buf[:n]
		l.add('r', d)
		if len(d) >= 20 {
			switch binary.NativeEndian.Uint16(d[4:]) {
			case unix.NLMSG_ERROR:
				acked = true
				failed = int32(binary.NativeEndian.Uint32(d[16:])) != 0
			case unix.AUDIT_GET:
				replied = true
			}
		}
	}
	for _, line := range l.lines {
		fmt.Println(line)
	}
}

// clientLoop dumps links every 20 ms until killed.
func clientLoop() {
	fd, _ := rawSocket(unix.NETLINK_ROUTE)
	l := &clientLog{}
	for i := 1; ; i++ {
		rawDumps(fd, l, methods[1], []uint16{unix.RTM_GETLINK}, 1)
		l.lines = l.lines[:0]
		fmt.Printf("dump %d\n", i)
		time.Sleep(20 * time.Millisecond)
	}
}

// clientMonitor listens to RTNLGRP_LINK, sets lo up through a second socket
// (RTM_NEWLINK with NLM_F_ACK), and reads the notification.
func clientMonitor() {
	mon, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		fatalf("socket: %v", err)
	}
	if err := unix.Bind(mon, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: unix.RTMGRP_LINK}); err != nil {
		fatalf("bind: %v", err)
	}
	sa, err := unix.Getsockname(mon)
	if err != nil {
		fatalf("getsockname: %v", err)
	}
	ml := &clientLog{proto: unix.NETLINK_ROUTE, port: sa.(*unix.SockaddrNetlink).Pid}
	ctl, port := rawSocket(unix.NETLINK_ROUTE)
	cl := &clientLog{proto: unix.NETLINK_ROUTE, port: port}
	req := make([]byte, 16+unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(req, uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_NEWLINK)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_ACK)
	binary.NativeEndian.PutUint32(req[8:], 1)
	binary.NativeEndian.PutUint32(req[16+4:], 1)            // ifi_index: lo
	binary.NativeEndian.PutUint32(req[16+8:], unix.IFF_UP)  // ifi_flags
	binary.NativeEndian.PutUint32(req[16+12:], unix.IFF_UP) // ifi_change
	if err := unix.Sendto(ctl, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fatalf("send: %v", err)
	}
	cl.add('s', req)
	buf := make([]byte, 64<<10)
	n, _, err := unix.Recvfrom(ctl, buf, 0)
	if err != nil {
		fatalf("receive: %v", err)
	}
	cl.add('r', buf[:n])
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(mon, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		fatalf("SO_RCVTIMEO: %v", err)
	}
	for {
		n, from, err := unix.Recvfrom(mon, buf, 0)
		if err != nil {
			fatalf("monitor: %v", err)
		}
		if nl, ok := from.(*unix.SockaddrNetlink); !ok || nl.Groups != unix.RTMGRP_LINK {
			fatalf("monitor: a datagram from %+v, want group RTNLGRP_LINK", from)
		}
		ml.add('r', buf[:n])
		if n >= 16 && binary.NativeEndian.Uint16(buf[4:]) == unix.RTM_NEWLINK {
			break
		}
	}
	for _, line := range append(cl.lines, ml.lines...) {
		fmt.Println(line)
	}
}

func clientTrunc() {
	fd, _ := rawSocket(unix.NETLINK_ROUTE)
	req := make([]byte, 16+unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(req, uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETLINK)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST)
	binary.NativeEndian.PutUint32(req[16+4:], 1)
	if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fatalf("send: %v", err)
	}
	buf := make([]byte, 100)
	n, _, err := unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
	if err != nil {
		fatalf("receive: %v", err)
	}
	fmt.Printf("%d %x\n", n, buf)
}

func clientReuse() {
	fd, port := rawSocket(unix.NETLINK_ROUTE)
	l := &clientLog{proto: unix.NETLINK_ROUTE, port: port}
	rawDumps(fd, l, methods[0], []uint16{unix.RTM_GETLINK}, 1)
	if err := unix.CloseRange(uint(fd), uint(fd), 0); err != nil {
		fatalf("close_range: %v", err)
	}
	// Open /dev/null until it lands on the freed number (the lowest free
	// descriptor is taken first).
	for i := 0; ; i++ {
		nfd, err := unix.Open("/dev/null", unix.O_RDWR|unix.O_CLOEXEC, 0)
		if err != nil || i == 64 {
			fatalf("open /dev/null at descriptor %d: %v (got %d)", fd, err, nfd)
		}
		if nfd == fd {
			break
		}
	}
	if _, err := unix.Write(fd, request(unix.RTM_GETLINK, 99)); err != nil {
		fatalf("write /dev/null: %v", err)
	}
	for _, line := range l.lines {
		fmt.Println(line)
	}
}
