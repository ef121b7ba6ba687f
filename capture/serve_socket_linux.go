//go:build linux && (amd64 || arm64)

package capture

import (
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// A ServedSocket is one emulated netlink socket of a program run by
// [Serve]: the Server's side of it.
type ServedSocket struct {
	srv   *Server
	proto int
	typ   int    // SOCK_RAW or SOCK_DGRAM
	prog  int    // the Server's copy of the program's end
	peer  int    // the Server's end
	ino   uint64 // inode of the program's end
	port  atomic.Uint32
	// handling is set while the reader hands a request to the handler:
	// its answers are still to come.
	handling atomic.Bool

	mu       sync.Mutex
	groups   [32]uint32 // multicast groups 1..1024, bit g-1
	opts     map[int]int
	dstPort  uint32
	dstGroup uint32
	queue    [][]byte
	busy     bool // the writer is writing a datagram taken off queue
	closed   bool
	wake     *sync.Cond
}

// maxRequest is the largest datagram the Server reads off a socket; a
// longer one is cut (netlink requests are a few kilobytes at most).
const maxRequest = 1 << 20

func newServedSocket(srv *Server, proto, typ int) (*ServedSocket, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("serve: socketpair: %w", err)
	}
	so := &ServedSocket{srv: srv, proto: proto, typ: typ &^ (unix.SOCK_CLOEXEC | unix.SOCK_NONBLOCK), prog: fds[0], peer: fds[1], opts: map[int]int{}}
	so.wake = sync.NewCond(&so.mu)
	if typ&unix.SOCK_NONBLOCK != 0 {
		if err := unix.SetNonblock(so.prog, true); err != nil {
			so.closeFds()
			return nil, fmt.Errorf("serve: %w", err)
		}
	}
	// Room for a whole dump's answers queued at once (capped by
	// net.core.wmem_max without privileges; the writer waits beyond).
	_ = unix.SetsockoptInt(so.peer, unix.SOL_SOCKET, unix.SO_SNDBUF, 4<<20)
	var st unix.Stat_t
	if err := unix.Fstat(so.prog, &st); err != nil {
		so.closeFds()
		return nil, fmt.Errorf("serve: %w", err)
	}
	so.ino = st.Ino
	go so.reader()
	go so.writer()
	return so, nil
}

// Protocol returns the netlink protocol the socket was opened with.
func (so *ServedSocket) Protocol() int { return so.proto }

// Port returns the socket's port id (0 before it is bound).
func (so *ServedSocket) Port() uint32 { return so.port.Load() }

// Joined reports whether the socket is a member of a multicast group
// (bind's nl_groups or NETLINK_ADD_MEMBERSHIP).
func (so *ServedSocket) Joined() bool {
	so.mu.Lock()
	defer so.mu.Unlock()
	for _, w := range so.groups {
		if w != 0 {
			return true
		}
	}
	return false
}

// Send queues a datagram for the program to receive on the socket, after
// those already queued. It does not block.
func (so *ServedSocket) Send(datagram []byte) {
	so.mu.Lock()
	defer so.mu.Unlock()
	if so.closed {
		return
	}
	if !so.busy && len(so.queue) == 0 {
		if err := unix.Sendmsg(so.peer, datagram, nil, nil, unix.MSG_DONTWAIT); err == nil {
			so.srv.touch()
			return
		}
	}
	so.queue = append(so.queue, datagram)
	so.wake.Signal()
}

// queued reports whether a datagram waits for the program (in the socket
// or in the Server's queue), or will: a request the program sent is not
// answered yet. An event must not come first: iproute2 drops what is not
// the answer it waits for.
func (so *ServedSocket) queued() bool {
	so.mu.Lock()
	pending := so.busy || len(so.queue) > 0
	so.mu.Unlock()
	if pending || so.handling.Load() {
		return true
	}
	if n, err := unix.IoctlGetInt(so.prog, unix.SIOCINQ); err == nil && n > 0 {
		return true
	}
	n, err := unix.IoctlGetInt(so.peer, unix.SIOCINQ) // a request not read yet
	return err == nil && n > 0
}

// writer writes the queued datagrams, waiting while the program's receive
// queue is full.
func (so *ServedSocket) writer() {
	so.mu.Lock()
	defer so.mu.Unlock()
	for {
		for len(so.queue) == 0 && !so.closed {
			so.wake.Wait()
		}
		if so.closed {
			return
		}
		b := so.queue[0]
		so.queue = so.queue[1:]
		so.busy = true
		so.mu.Unlock()
		_, err := unix.Write(so.peer, b)
		so.mu.Lock()
		so.busy = false
		if err != nil {
			return // shut down
		}
		so.srv.touch()
	}
}

// reader hands each datagram the program sends to the handler. It marks
// the socket as handling from the moment a datagram is there to read until
// the handler has queued its answers (see queued).
func (so *ServedSocket) reader() {
	buf := make([]byte, maxRequest)
	pfd := []unix.PollFd{{Fd: int32(so.peer), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(pfd, -1); err != nil && err != unix.EINTR {
			return
		}
		if pfd[0].Revents&unix.POLLIN == 0 {
			if pfd[0].Revents&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
				return // shut down
			}
			continue
		}
		so.handling.Store(true)
		n, err := unix.Read(so.peer, buf)
		if err == unix.EINTR || err == unix.EAGAIN {
			so.handling.Store(false)
			continue
		}
		if err != nil || n == 0 {
			so.handling.Store(false)
			return // shut down
		}
		so.srv.touch()
		// write(2) on the socket reaches here without a sendmsg stop.
		so.srv.autobind(so, so.srv.cmd.Process.Pid)
		so.srv.cfg.Handler.Request(so, append([]byte(nil), buf[:n]...))
		so.handling.Store(false)
	}
}

func (so *ServedSocket) close() {
	so.mu.Lock()
	if so.closed {
		so.mu.Unlock()
		return
	}
	so.closed = true
	so.wake.Broadcast()
	so.mu.Unlock()
	_ = unix.Shutdown(so.peer, unix.SHUT_RDWR) // wakes the reader and the writer
	so.closeFds()
}

func (so *ServedSocket) closeFds() {
	unix.Close(so.prog)
	unix.Close(so.peer)
}
