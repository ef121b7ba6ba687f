//go:build linux && (amd64 || arm64)

package capture

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// A Server runs a program whose netlink sockets are served by a
// [ServeHandler] instead of the kernel ([Serve]).
//
// The mechanism is seccomp user notification: the program runs under a
// seccomp filter that hands socket(AF_NETLINK, …) and the socket calls a
// netlink client makes (bind, connect, getsockname, getpeername,
// setsockopt, getsockopt, sendto, sendmsg, recvfrom, recvmsg) to the
// Server; every other system call, and these calls on other sockets, run
// in the kernel as usual. socket(AF_NETLINK) gets one end of an AF_UNIX
// SOCK_SEQPACKET socket pair, installed in the program with
// SECCOMP_IOCTL_NOTIF_ADDFD; the Server holds the other end (and a
// duplicate of the program's). Datagrams keep their boundaries, a short
// read truncates as netlink's does, and poll, epoll, select, read, write,
// close, dup and fork work on a real file whose readiness follows the
// queue of answers. What netlink does differently is emulated on the
// Server's side: port ids (bind, autobind, getsockname), sockaddr_nl in
// recvmsg and recvfrom, the SOL_NETLINK options and SO_TYPE, SO_DOMAIN,
// SO_PROTOCOL. It needs Linux 5.9 (ADDFD) and no privileges.
type Server struct {
	cfg      *ServeConfig
	listener int
	cmd      *exec.Cmd
	tgids    sync.Map // tid -> tgid

	mu       sync.Mutex
	sockets  map[uint64]*ServedSocket // by inode of the program's end
	ports    map[uint32]bool
	nextPort uint32

	last    atomic.Int64 // unix nanoseconds of the last netlink activity
	stop    chan struct{}
	stopped sync.Once
	loopWG  sync.WaitGroup
	loopErr error
	// failed is the first missing kernel feature met while serving; the
	// command is killed then (it would wait for ever).
	failed   atomic.Pointer[error]
	noSendFD atomic.Bool // SECCOMP_ADDFD_FLAG_SEND unknown (before 5.14)
}

// addfdWithoutSend makes Serve take its path for kernels before 5.14
// (ADDFD, then the answer): tests cover it with this set.
var addfdWithoutSend = false

// fail records err and kills the command.
func (s *Server) fail(err error) {
	if s.failed.CompareAndSwap(nil, &err) {
		_ = s.cmd.Process.Kill()
	}
}

// serveEnv makes a binary that calls [RunServeHelper] act as the launcher
// of [Serve]: it installs the seccomp filter, passes its listener to fd 3
// and execs the command.
const serveEnv = "NLCAP_SERVE_HELPER"

// RunServeHelper runs the launcher of [Serve] when the program was started
// as one (Serve re-executes the running binary) and never returns then;
// otherwise it returns at once. Programs that call Serve call it first
// thing in main (or in an init function), test binaries in TestMain.
func RunServeHelper() {
	if os.Getenv(serveEnv) != "launch" {
		return
	}
	runtime.LockOSThread() // the filter is per thread: this one execs
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "nlreplay: mock launcher: no command")
		os.Exit(126)
	}
	if err := launchServed(); err != nil {
		fmt.Fprintf(os.Stderr, "nlreplay: mock launcher: %v\n", err)
		os.Exit(126)
	}
	env := make([]string, 0, len(os.Environ()))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, serveEnv+"=") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec(os.Args[1], os.Args[2:], env)
	fmt.Fprintf(os.Stderr, "nlreplay: mock launcher: exec %s: %v\n", os.Args[1], err)
	os.Exit(126)
}

// launchServed installs the filter on the calling thread and sends its
// listener over fd 3. The send runs on another thread: the filter would
// hand this thread's sendmsg to the Server, which has no listener yet.
func launchServed() error {
	listener, err := installServeFilter()
	if err != nil {
		return err
	}
	done := make(chan error)
	go func() {
		done <- unix.Sendmsg(3, []byte{0}, unix.UnixRights(listener), nil, 0)
	}()
	if err := <-done; err != nil {
		return fmt.Errorf("pass the seccomp listener: %w", err)
	}
	unix.Close(listener)
	unix.Close(3)
	return nil
}

// The calls the filter hands to the Server (socket only for AF_NETLINK).
func servedCalls() []uint32 {
	return []uint32{
		unix.SYS_BIND, unix.SYS_CONNECT, unix.SYS_GETSOCKNAME, unix.SYS_GETPEERNAME,
		unix.SYS_SETSOCKOPT, unix.SYS_GETSOCKOPT, unix.SYS_SENDTO, unix.SYS_SENDMSG,
		unix.SYS_RECVFROM, unix.SYS_RECVMSG,
	}
}

// serveFilter assembles the classic BPF program:
//
//	arch != native        → allow
//	nr in servedCalls     → notify
//	socket(AF_NETLINK, …) → notify
//	else                  → allow
func serveFilter() ([]bpf.RawInstruction, error) {
	prog := []any{
		bpf.LoadAbsolute{Off: seccompDataArch, Size: 4},
		filterJump{val: auditArch, jf: toAllow},
		bpf.LoadAbsolute{Off: seccompDataNr, Size: 4},
	}
	for _, nr := range servedCalls() {
		prog = append(prog, filterJump{val: nr, jt: toTrace})
	}
	prog = append(prog,
		filterJump{val: unix.SYS_SOCKET, jf: toAllow},
		bpf.LoadAbsolute{Off: seccompDataArgs, Size: 4},
		filterJump{val: unix.AF_NETLINK, jt: toTrace, jf: toAllow},
	)
	ins, err := resolveJumps(prog)
	if err != nil {
		return nil, err
	}
	// toTrace is this program's "notify" target.
	ins = append(ins, bpf.RetConstant{Val: unix.SECCOMP_RET_ALLOW}, bpf.RetConstant{Val: unix.SECCOMP_RET_USER_NOTIF})
	return bpf.Assemble(ins)
}

// installServeFilter sets no_new_privs and installs the filter on the
// calling thread with a new user-notification listener, which it returns.
func installServeFilter() (int, error) {
	raw, err := serveFilter()
	if err != nil {
		return -1, err
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return -1, fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	prog := unix.SockFprog{Len: uint16(len(raw)), Filter: (*unix.SockFilter)(unsafe.Pointer(&raw[0]))}
	fd, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_NEW_LISTENER, uintptr(unsafe.Pointer(&prog)))
	if errno != 0 {
		why := "the kernel needs CONFIG_SECCOMP_FILTER; a container may forbid seccomp"
		if errno == unix.EINVAL {
			why = "seccomp user notification needs Linux 5.0"
		}
		return -1, fmt.Errorf("install seccomp filter: %w (%s)", errno, why)
	}
	return int(fd), nil
}

// Serve starts argv (looked up in $PATH) with its netlink sockets served
// by cfg.Handler, and returns once it runs. [Server.Wait] waits for it.
// The command is a child of the calling process; the processes it starts
// are served too. Serving needs no privileges: Linux 5.9 or later
// (seccomp user notification with SECCOMP_IOCTL_NOTIF_ADDFD).
func Serve(argv []string, cfg *ServeConfig) (*Server, error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, errors.New("serve: no command")
	}
	if cfg == nil || cfg.Handler == nil {
		return nil, errors.New("serve: no handler")
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("serve: find the binary to launch %s: %w", argv[0], err)
	}
	s := &Server{
		cfg:      cfg,
		sockets:  map[uint64]*ServedSocket{},
		ports:    map[uint32]bool{},
		nextPort: 0xfffff000, // the kernel's autobind goes down from -4096
		stop:     make(chan struct{}),
	}
	s.noSendFD.Store(addfdWithoutSend)
	s.touch()
	if err := s.start(self, path, argv); err != nil {
		return nil, err
	}
	return s, nil
}

// start runs the launcher and receives the filter's listener from it.
func (s *Server) start(self, path string, argv []string) error {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("serve: socketpair: %w", err)
	}
	ours, theirs := fds[0], os.NewFile(uintptr(fds[1]), "serve-launcher")
	defer unix.Close(ours)
	cmd := exec.Command(self, append([]string{path}, argv...)...)
	env := os.Environ()
	if s.cfg.Env != nil {
		env = s.cfg.Env
	}
	cmd.Env = append(env, serveEnv+"=launch")
	cmd.Dir = s.cfg.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = (&TraceConfig{Stdin: s.cfg.Stdin, Stdout: s.cfg.Stdout, Stderr: s.cfg.Stderr}).stdio()
	cmd.ExtraFiles = []*os.File{theirs}
	// Once the command has exited, its output is whole in the pipes; a copy
	// of a pipe's write end that outlives it (seen rarely under load, holder
	// not found) must not keep Wait from returning.
	cmd.WaitDelay = serveWaitDelay
	err = cmd.Start()
	theirs.Close()
	if err != nil {
		return fmt.Errorf("serve: start %s: %w", argv[0], err)
	}
	s.cmd = cmd
	buf, oob := make([]byte, 1), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := unix.Recvmsg(ours, buf, oob, 0)
	var listener []int
	if err == nil {
		var cms []unix.SocketControlMessage
		if cms, err = unix.ParseSocketControlMessage(oob[:oobn]); err == nil && len(cms) == 1 {
			listener, err = unix.ParseUnixRights(&cms[0])
		}
	}
	if err != nil || len(listener) != 1 {
		_ = cmd.Wait() // the launcher said why on stderr
		return fmt.Errorf("serve: %s did not start under the mock (launcher failed: status %v)", argv[0], cmd.ProcessState)
	}
	s.listener = listener[0]
	unix.CloseOnExec(s.listener)
	// Linux 6.6: the program and the Server hand the CPU to each other
	// directly at each call (ignored where unknown: only slower).
	flags := uint64(unix.SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)
	_, _ = ioctlPtr(s.listener, seccompIoctlNotifSetFlags, unsafe.Pointer(&flags))
	s.loopWG.Add(1)
	go s.loop()
	return nil
}

// serveWaitDelay bounds how long Wait waits, after the command has exited,
// for its standard output and error pipes to close.
const serveWaitDelay = 2 * time.Second

// Wait waits for the command to end and returns its exit status (128+N
// when signal N killed it). Serving stops then: processes the command left
// running lose their emulated sockets.
func (s *Server) Wait() (int, error) {
	err := s.cmd.Wait()
	s.shutdown()
	code := s.cmd.ProcessState.ExitCode()
	if ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		code = 128 + int(ws.Signal())
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) || errors.Is(err, exec.ErrWaitDelay) {
		err = nil
	}
	if err == nil {
		err = s.loopErr
	}
	if p := s.failed.Load(); p != nil {
		err = *p
	}
	return code, err
}

// Signal sends sig to the command.
func (s *Server) Signal(sig os.Signal) error { return s.cmd.Process.Signal(sig) }

// Idle returns how long ago the program last used a netlink socket (or
// received on one).
func (s *Server) Idle() time.Duration { return time.Duration(time.Now().UnixNano() - s.last.Load()) }

func (s *Server) touch() { s.last.Store(time.Now().UnixNano()) }

func (s *Server) shutdown() {
	s.stopped.Do(func() {
		close(s.stop)
		s.loopWG.Wait()
		unix.Close(s.listener)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, so := range s.sockets {
			so.close()
		}
	})
}

// seccomp user notification (include/uapi/linux/seccomp.h):
//
//	struct seccomp_notif {
//		__u64 id;
//		__u32 pid;
//		__u32 flags;
//		struct seccomp_data data;
//	};
//	struct seccomp_notif_resp {
//		__u64 id;
//		__s64 val;
//		__s32 error;
//		__u32 flags;
//	};
//	struct seccomp_notif_addfd {
//		__u64 id;
//		__u32 flags;
//		__u32 srcfd;
//		__u32 newfd;
//		__u32 newfd_flags;
//	};
type seccompNotif struct {
	ID    uint64
	Pid   uint32
	Flags uint32
	Nr    int32
	Arch  uint32
	IP    uint64
	Args  [6]uint64
}

type seccompNotifResp struct {
	ID    uint64
	Val   int64
	Error int32
	Flags uint32
}

type seccompNotifAddfd struct {
	ID         uint64
	Flags      uint32
	Srcfd      uint32
	Newfd      uint32
	NewfdFlags uint32
}

// #define SECCOMP_IOCTL_NOTIF_ID_VALID	SECCOMP_IOW(2, __u64)
// #define SECCOMP_IOCTL_NOTIF_ADDFD	SECCOMP_IOW(3, struct seccomp_notif_addfd)
const (
	seccompIoctlNotifIDValid = 0x40082102
	seccompIoctlNotifAddfd   = 0x40182103
	// #define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
	seccompIoctlNotifSetFlags = 0x40082104
)

func ioctlPtr(fd int, req uintptr, p unsafe.Pointer) (uintptr, error) {
	r, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(p))
	if errno != 0 {
		return r, errno
	}
	return r, nil
}

// loop receives the notifications and handles each on its own goroutine
// (an emulated blocking recvmsg waits there).
func (s *Server) loop() {
	defer s.loopWG.Done()
	pfd := []unix.PollFd{{Fd: int32(s.listener), Events: unix.POLLIN}}
	for {
		select {
		case <-s.stop:
			return
		default:
		}
		n, err := unix.Poll(pfd, 200)
		if err == unix.EINTR || n == 0 {
			continue
		}
		if err != nil {
			s.loopErr = fmt.Errorf("serve: poll the seccomp listener: %w", err)
			return
		}
		if pfd[0].Revents&unix.POLLIN == 0 {
			// POLLHUP: no process left under the filter.
			<-s.stop
			return
		}
		var notif seccompNotif
		if _, err := ioctlPtr(s.listener, unix.SECCOMP_IOCTL_NOTIF_RECV, unsafe.Pointer(&notif)); err != nil {
			if err == unix.ENOENT || err == unix.EINTR {
				continue // the caller went away (a signal) before we took it
			}
			s.loopErr = fmt.Errorf("serve: receive a seccomp notification: %w", err)
			return
		}
		// Handled here, on the loop's thread, unless it must wait (a
		// blocking receive with nothing queued): one thread switch less
		// per call.
		if r := s.dispatch(&notif, false); r.wait {
			go s.handle(notif)
		} else {
			s.respond(&notif, r)
		}
	}
}

// A reply is the outcome of one emulated call.
type reply struct {
	val   int64
	errno unix.Errno
	cont  bool // run the call in the kernel (SECCOMP_USER_NOTIF_FLAG_CONTINUE)
	sent  bool // already answered (ADDFD with SECCOMP_ADDFD_FLAG_SEND)
	wait  bool // not answered: the call must wait, on its own goroutine
}

// handle answers a call that may wait.
func (s *Server) handle(n seccompNotif) {
	s.respond(&n, s.dispatch(&n, true))
}

func (s *Server) respond(n *seccompNotif, r reply) {
	if r.sent {
		return
	}
	resp := seccompNotifResp{ID: n.ID, Val: r.val, Error: -int32(r.errno)}
	if r.cont {
		resp = seccompNotifResp{ID: n.ID, Flags: unix.SECCOMP_USER_NOTIF_FLAG_CONTINUE}
	}
	// ENOENT: the caller was interrupted (a signal) and gone.
	if _, err := ioctlPtr(s.listener, unix.SECCOMP_IOCTL_NOTIF_SEND, unsafe.Pointer(&resp)); err == unix.EINVAL && r.cont {
		s.fail(errors.New("serve: the kernel lacks SECCOMP_USER_NOTIF_FLAG_CONTINUE (Linux 5.5)"))
	}
}

// valid reports whether the notification's caller still waits for it.
func (s *Server) valid(n *seccompNotif) bool {
	id := n.ID
	_, err := ioctlPtr(s.listener, seccompIoctlNotifIDValid, unsafe.Pointer(&id))
	return err == nil
}

// dispatch emulates one call; with mayWait false, a receive that would
// block returns a reply with wait set instead.
func (s *Server) dispatch(n *seccompNotif, mayWait bool) reply {
	if n.Nr == unix.SYS_SOCKET {
		s.touch()
		return s.socket(n)
	}
	so := s.socketOf(int(n.Pid), int32(n.Args[0]))
	if so == nil {
		return reply{cont: true}
	}
	s.touch()
	c := &call{s: s, n: n, so: so, pid: int(n.Pid), mayWait: mayWait}
	switch n.Nr {
	case unix.SYS_BIND:
		return c.bind()
	case unix.SYS_CONNECT:
		return c.connect()
	case unix.SYS_GETSOCKNAME:
		return c.getname(false)
	case unix.SYS_GETPEERNAME:
		return c.getname(true)
	case unix.SYS_SETSOCKOPT:
		return c.setsockopt()
	case unix.SYS_GETSOCKOPT:
		return c.getsockopt()
	case unix.SYS_SENDTO:
		return c.sendto()
	case unix.SYS_SENDMSG:
		return c.sendmsg()
	case unix.SYS_RECVFROM:
		return c.recvfrom()
	case unix.SYS_RECVMSG:
		return c.recvmsg()
	}
	return reply{cont: true}
}

// socketOf returns the emulated socket that fd of process pid is, or nil.
func (s *Server) socketOf(pid int, fd int32) *ServedSocket {
	if fd < 0 {
		return nil
	}
	var st unix.Stat_t
	if err := unix.Stat(fmt.Sprintf("/proc/%d/fd/%d", pid, fd), &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sockets[st.Ino]
}

// tgid returns the process (thread group) id of thread tid.
func (s *Server) tgid(tid int) uint32 {
	if v, ok := s.tgids.Load(tid); ok {
		return v.(uint32)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", tid))
	if err != nil {
		return uint32(tid)
	}
	var id int
	if _, err := fmt.Sscanf(statusField(string(b), "Tgid"), "%d", &id); err != nil {
		return uint32(tid)
	}
	s.tgids.Store(tid, uint32(id))
	return uint32(id)
}

// socket emulates socket(AF_NETLINK, type, protocol) with one end of an
// AF_UNIX SOCK_SEQPACKET pair.
func (s *Server) socket(n *seccompNotif) reply {
	typ, proto := int(int32(n.Args[1])), int(int32(n.Args[2]))
	switch base := typ &^ (unix.SOCK_CLOEXEC | unix.SOCK_NONBLOCK); {
	case base != unix.SOCK_RAW && base != unix.SOCK_DGRAM:
		return reply{errno: unix.ESOCKTNOSUPPORT}
	case proto < 0 || proto >= 32: // MAX_LINKS
		return reply{errno: unix.EPROTONOSUPPORT}
	}
	so, err := newServedSocket(s, proto, typ)
	if err != nil {
		return reply{errno: unix.ENOBUFS}
	}
	add := seccompNotifAddfd{ID: n.ID, Flags: unix.SECCOMP_ADDFD_FLAG_SEND, Srcfd: uint32(so.prog)}
	if typ&unix.SOCK_CLOEXEC != 0 {
		add.NewfdFlags = unix.O_CLOEXEC
	}
	s.mu.Lock()
	s.sockets[so.ino] = so
	s.mu.Unlock()
	fd, err := s.addFD(&add)
	if err != nil {
		s.mu.Lock()
		delete(s.sockets, so.ino)
		s.mu.Unlock()
		so.close()
		if err == unix.EINVAL || err == unix.ENOTTY {
			s.fail(fmt.Errorf("serve: the kernel lacks SECCOMP_IOCTL_NOTIF_ADDFD (Linux 5.9): %w", err))
		}
		return reply{sent: true} // ENOENT: the caller is gone
	}
	if add.Flags&unix.SECCOMP_ADDFD_FLAG_SEND == 0 {
		return reply{val: int64(fd)}
	}
	return reply{sent: true}
}

// addFD installs add.Srcfd in the program: with SECCOMP_ADDFD_FLAG_SEND
// (which also answers the call, Linux 5.14), or without it before 5.14
// (the caller answers with the new fd).
func (s *Server) addFD(add *seccompNotifAddfd) (int, error) {
	if !s.noSendFD.Load() {
		fd, err := ioctlPtr(s.listener, seccompIoctlNotifAddfd, unsafe.Pointer(add))
		if err != unix.EINVAL {
			return int(fd), err
		}
		s.noSendFD.Store(true)
	}
	add.Flags &^= unix.SECCOMP_ADDFD_FLAG_SEND
	fd, err := ioctlPtr(s.listener, seccompIoctlNotifAddfd, unsafe.Pointer(add))
	return int(fd), err
}

// autobind gives so a port id if it has none (netlink_autobind): the
// caller's process id first, then ids going down from -4096.
func (s *Server) autobind(so *ServedSocket, tid int) unix.Errno {
	s.mu.Lock()
	defer s.mu.Unlock()
	if so.port.Load() != 0 {
		return 0
	}
	port := s.tgid(tid)
	for s.ports[port] || port == 0 {
		port = s.nextPort
		s.nextPort--
	}
	s.ports[port] = true
	so.port.Store(port)
	return 0
}

// bindPort binds so to an explicit port id.
func (s *Server) bindPort(so *ServedSocket, port uint32) unix.Errno {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch cur := so.port.Load(); {
	case cur == port:
		return 0
	case cur != 0:
		return unix.EINVAL
	case s.ports[port]:
		return unix.EADDRINUSE
	}
	s.ports[port] = true
	so.port.Store(port)
	return 0
}
