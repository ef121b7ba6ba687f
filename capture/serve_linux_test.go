//go:build linux && (amd64 || arm64)

package capture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestMain runs the launcher of Serve, and the served program of
// TestServeEmulation, when this test binary was started as one.
func TestMain(m *testing.M) {
	RunServeHelper()
	switch os.Getenv("NLCAP_SERVE_TEST_CHILD") {
	case "":
	case "main":
		os.Exit(servedChild())
	case "inherited":
		os.Exit(servedGrandchild())
	}
	os.Exit(m.Run())
}

// echoHandler answers "ping" with two datagrams (100 bytes of 'a', 20 of
// 'b') and echoes anything else.
type echoHandler struct {
	mu    sync.Mutex
	got   []string
	ports []uint32
}

func (h *echoHandler) Request(s *ServedSocket, d []byte) {
	h.mu.Lock()
	h.got = append(h.got, string(d))
	h.ports = append(h.ports, s.Port())
	h.mu.Unlock()
	if string(d) == "ping" {
		s.Send(bytes.Repeat([]byte("a"), 100))
		s.Send(bytes.Repeat([]byte("b"), 20))
		return
	}
	s.Send(d)
}

func (h *echoHandler) Waiting(s *ServedSocket) {
	if s.Joined() {
		s.Send([]byte("event"))
	}
}

// TestServeEmulation runs this test binary as a served program that
// checks, system call by system call, what a netlink client sees.
func TestServeEmulation(t *testing.T) {
	t.Run("addfd-send", func(t *testing.T) { testServeEmulation(t, false) })
	t.Run("addfd-then-answer", func(t *testing.T) { testServeEmulation(t, true) }) // kernels 5.9 to 5.13
}

func testServeEmulation(t *testing.T, noSend bool) {
	addfdWithoutSend = noSend
	defer func() { addfdWithoutSend = false }()
	h := &echoHandler{}
	var out, errb bytes.Buffer
	srv, err := Serve([]string{os.Args[0], "-test.run=^$"}, &ServeConfig{
		Handler: h, Stdout: &out, Stderr: &errb,
		Env: append(os.Environ(), "NLCAP_SERVE_TEST_CHILD=main"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// A check that blocks forever must fail the test, not hang it.
	kill := time.AfterFunc(30*time.Second, func() { _ = srv.Signal(os.Kill) })
	code, err := srv.Wait()
	kill.Stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("served program:\n%s%s", out.String(), errb.String())
	if code != 0 || strings.Contains(out.String(), "FAIL") {
		t.Fatalf("served program exited %d:\n%s%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"ok getsockname", "ok peek", "ok short", "ok recvfrom", "ok write", "ok inherited", "ok event"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("served program did not report %q", want)
		}
	}
	if srv.noSendFD.Load() != noSend {
		t.Errorf("the ADDFD path taken was not the one asked for (without SEND: %v)", noSend)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) == 0 || h.got[0] != "ping" || h.ports[0] != uint32(srv.cmd.Process.Pid) {
		t.Errorf("handler got %q from ports %v, want ping first from port %d (the pid)", h.got, h.ports, srv.cmd.Process.Pid)
	}
}

// childCheck collects the served program's checks.
type childCheck struct{ failed bool }

func (c *childCheck) ok(name string, good bool, format string, a ...any) {
	if good {
		fmt.Printf("ok %s\n", name)
		return
	}
	c.failed = true
	fmt.Printf("FAIL %s: %s\n", name, fmt.Sprintf(format, a...))
}

func sockname(fd int) (family uint16, pid uint32, n uint32, err error) {
	var b [16]byte
	l := uint32(len(b))
	_, _, e := unix.Syscall(unix.SYS_GETSOCKNAME, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&l)))
	if e != 0 {
		return 0, 0, 0, e
	}
	return binary.NativeEndian.Uint16(b[:]), binary.NativeEndian.Uint32(b[4:]), l, nil
}

// servedChild is the served program: it returns its exit status.
func servedChild() int {
	c := &childCheck{}
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE)
	if err != nil {
		fmt.Printf("FAIL socket: %v\n", err)
		return 1
	}
	fam, pid, l, err := sockname(fd)
	c.ok("unbound", err == nil && fam == unix.AF_NETLINK && pid == 0 && l == 12, "family %d pid %d len %d err %v", fam, pid, l, err)
	err = unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
	fam, pid, l, _ = sockname(fd)
	c.ok("getsockname", err == nil && fam == unix.AF_NETLINK && pid == uint32(os.Getpid()) && l == 12, "bind %v: family %d pid %d len %d", err, fam, pid, l)
	fd2, _ := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK, unix.NETLINK_GENERIC)
	_ = unix.Bind(fd2, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
	_, pid2, _, _ := sockname(fd2)
	c.ok("autobind", pid2 != pid && pid2 != 0, "second port %d, first %d", pid2, pid)
	err = unix.Bind(fd2, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: pid})
	c.ok("rebind", err == unix.EINVAL, "rebinding to another port: %v", err)
	typ, _ := unix.GetsockoptInt(fd2, unix.SOL_SOCKET, unix.SO_TYPE)
	proto, _ := unix.GetsockoptInt(fd2, unix.SOL_SOCKET, unix.SO_PROTOCOL)
	dom, _ := unix.GetsockoptInt(fd2, unix.SOL_SOCKET, unix.SO_DOMAIN)
	c.ok("sockopt type", typ == unix.SOCK_DGRAM && proto == unix.NETLINK_GENERIC && dom == unix.AF_NETLINK, "type %d proto %d domain %d", typ, proto, dom)
	err = unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	v, err2 := unix.GetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK)
	c.ok("ext ack", err == nil && err2 == nil && v == 1, "set %v, get %d %v", err, v, err2)
	err = unix.SetsockoptInt(fd, unix.SOL_NETLINK, 999, 1)
	c.ok("unknown option", err == unix.ENOPROTOOPT, "got %v", err)
	err = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, 1<<20)
	c.ok("rcvbufforce", err == nil, "got %v", err)
	_, _, err = unix.Recvfrom(fd, make([]byte, 10), unix.MSG_DONTWAIT)
	c.ok("dontwait", err == unix.EAGAIN, "empty queue: %v", err)
	_, _, err = unix.Recvfrom(fd2, make([]byte, 10), 0)
	c.ok("nonblock", err == unix.EAGAIN, "SOCK_NONBLOCK socket: %v", err)

	err = unix.Sendto(fd, []byte("ping"), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, perr := unix.Poll(pfd, 5000)
	c.ok("poll", err == nil && perr == nil && n == 1, "sendto %v, poll %d %v", err, n, perr)
	name := make([]byte, 32)
	hdr := unix.Msghdr{Name: &name[0], Namelen: uint32(len(name))}
	got, _, e := unix.Syscall(unix.SYS_RECVMSG, uintptr(fd), uintptr(unsafe.Pointer(&hdr)), unix.MSG_PEEK|unix.MSG_TRUNC)
	c.ok("peek", e == 0 && got == 100 && hdr.Namelen == 12 && hdr.Flags&unix.MSG_TRUNC != 0 &&
		binary.NativeEndian.Uint16(name) == unix.AF_NETLINK && binary.NativeEndian.Uint32(name[4:]) == 0,
		"got %d %v, namelen %d, flags %#x, name % x", got, e, hdr.Namelen, hdr.Flags, name[:12])
	buf := make([]byte, 10)
	m, _, flags, from, err := unix.Recvmsg(fd, buf, nil, 0)
	sa, _ := from.(*unix.SockaddrNetlink)
	c.ok("short", err == nil && m == 10 && flags&unix.MSG_TRUNC != 0 && sa != nil && sa.Pid == 0 && string(buf) == "aaaaaaaaaa",
		"got %d %q flags %#x from %#v err %v", m, buf[:m], flags, from, err)
	buf = make([]byte, 200)
	m, from, err = unix.Recvfrom(fd, buf, 0)
	_, isNl := from.(*unix.SockaddrNetlink)
	c.ok("recvfrom", err == nil && m == 20 && isNl && string(buf[:m]) == strings.Repeat("b", 20), "got %d %q from %#v err %v", m, buf[:m], from, err)

	_, err = unix.Write(fd, []byte("hello"))
	m, err2 = unix.Read(fd, buf)
	c.ok("write", err == nil && err2 == nil && string(buf[:m]) == "hello", "write %v, read %q %v", err, buf[:m], err2)

	// A child inherits the socket: it talks to the same emulated port.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "NLCAP_SERVE_TEST_CHILD=inherited", fmt.Sprintf("NLCAP_SERVE_TEST_PORT=%d", pid))
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(fd), "netlink")}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	c.ok("inherited", err == nil, "child: %v", err)

	err = unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, 1)
	m, _, err2 = unix.Recvfrom(fd, buf, 0) // no request: a joined socket gets an event (read(2) is not seen)
	c.ok("event", err == nil && err2 == nil && string(buf[:m]) == "event", "join %v, read %q %v", err, buf[:m], err2)
	if c.failed {
		return 1
	}
	return 0
}

// servedGrandchild checks the socket inherited as fd 3.
func servedGrandchild() int {
	_, pid, _, err := sockname(3)
	if err != nil || fmt.Sprint(pid) != os.Getenv("NLCAP_SERVE_TEST_PORT") {
		fmt.Printf("FAIL inherited getsockname: port %d err %v\n", pid, err)
		return 1
	}
	if err := unix.Send(3, []byte("from child"), 0); err != nil {
		fmt.Printf("FAIL inherited send: %v\n", err)
		return 1
	}
	buf := make([]byte, 64)
	n, _, err := unix.Recvfrom(3, buf, 0)
	if err != nil || string(buf[:n]) != "from child" {
		fmt.Printf("FAIL inherited recv: %q %v\n", buf[:n], err)
		return 1
	}
	return 0
}
