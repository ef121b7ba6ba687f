//go:build linux && (amd64 || arm64)

package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// TestTraceFilter runs the seccomp program in x/net/bpf's VM. The VM loads
// big-endian words where the kernel loads native ones: the test data is
// written big-endian so that each load sees the value the kernel's would.
func TestTraceFilter(t *testing.T) {
	raw, err := traceFilter()
	if err != nil {
		t.Fatal(err)
	}
	ins, ok := bpf.Disassemble(raw)
	if !ok {
		t.Fatal("the filter does not disassemble")
	}
	vm, err := bpf.NewVM(ins)
	if err != nil {
		t.Fatal(err)
	}
	data := func(arch uint32, nr uint32, args ...uint32) []byte {
		b := make([]byte, 64)
		binary.BigEndian.PutUint32(b[0:], nr)
		binary.BigEndian.PutUint32(b[4:], arch)
		for i, a := range args {
			binary.BigEndian.PutUint32(b[16+8*i:], a)
		}
		return b
	}
	const trace, allow = unix.SECCOMP_RET_TRACE, unix.SECCOMP_RET_ALLOW
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"socket netlink", data(auditArch, unix.SYS_SOCKET, unix.AF_NETLINK, unix.SOCK_RAW, 0), trace},
		{"socket inet", data(auditArch, unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_STREAM, 0), allow},
		{"socket unix", data(auditArch, unix.SYS_SOCKET, unix.AF_UNIX), allow},
		{"recvmsg", data(auditArch, unix.SYS_RECVMSG, 3), trace},
		{"recvmsg trunc", data(auditArch, unix.SYS_RECVMSG, 3, 0, unix.MSG_TRUNC|unix.MSG_DONTWAIT), trace},
		{"recvmsg peek", data(auditArch, unix.SYS_RECVMSG, 3, 0, unix.MSG_PEEK|unix.MSG_TRUNC), allow},
		{"recvfrom", data(auditArch, unix.SYS_RECVFROM, 3, 0, 0, unix.MSG_DONTWAIT), trace},
		{"recvfrom peek", data(auditArch, unix.SYS_RECVFROM, 3, 0, 0, unix.MSG_PEEK), allow},
		{"recvmmsg", data(auditArch, unix.SYS_RECVMMSG, 3, 0, 4, unix.MSG_WAITFORONE), trace},
		{"recvmmsg peek", data(auditArch, unix.SYS_RECVMMSG, 3, 0, 4, unix.MSG_PEEK), allow},
		{"sendmmsg", data(auditArch, unix.SYS_SENDMMSG, 3), trace},
		{"read", data(auditArch, unix.SYS_READ, 0), trace},
		{"close", data(auditArch, unix.SYS_CLOSE, 9), trace},
		{"close_range", data(auditArch, unix.SYS_CLOSE_RANGE, 3, ^uint32(0), 0), trace},
		{"dup3", data(auditArch, unix.SYS_DUP3, 9, 10), trace},
		{"getsockname", data(auditArch, unix.SYS_GETSOCKNAME, 9), trace},
		{"fcntl dupfd", data(auditArch, unix.SYS_FCNTL, 3, unix.F_DUPFD), trace},
		{"fcntl dupfd cloexec", data(auditArch, unix.SYS_FCNTL, 3, unix.F_DUPFD_CLOEXEC), trace},
		{"fcntl getfl", data(auditArch, unix.SYS_FCNTL, 3, unix.F_GETFL), allow},
		{"getpid", data(auditArch, unix.SYS_GETPID), allow},
		{"mmap", data(auditArch, unix.SYS_MMAP), allow},
		{"execve", data(auditArch, unix.SYS_EXECVE), allow},
		{"other arch", data(auditArch^1, unix.SYS_RECVMSG, 3), allow},
	}
	for _, tt := range tests {
		got, err := vm.Run(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: %#x, want %#x", tt.name, got, tt.want)
		}
	}
}

func TestParseNetlinkTable(t *testing.T) {
	const table = `sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
ffff8c0d41b4a000 0   1234       00000000 0        0        0     2        0        56789
ffff8c0d41b4b000 16  4294967295 00000001 0        0        0     2        0        56790
ffff8c0d41b4c000 9   0          00000000 0        0        0     2        0
garbage line
ffff8c0d41b4d000 x   1          00000000 0        0        0     2        0        1
`
	got := parseNetlinkTable(bufio.NewScanner(strings.NewReader(table)))
	want := map[uint64]netlinkEntry{
		56789: {proto: nlcap.FamilyRoute, port: 1234},
		56790: {proto: nlcap.FamilyGeneric, port: 4294967295},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("inode %d: %+v, want %+v", k, got[k], v)
		}
	}
}

// TestScanNetlinkFDs finds this process's own netlink socket in /proc, with
// its protocol and port id, as Attach does for a running process.
func TestScanNetlinkFDs(t *testing.T) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_GENERIC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	dup, err := unix.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dup)
	fds := scanNetlinkFDs(os.Getpid())
	s := fds[fd]
	if s == nil || s.proto != nlcap.FamilyGeneric || s.port != sa.(*unix.SockaddrNetlink).Pid || s.inode == 0 {
		t.Fatalf("fd %d: %+v, want generic, port %d", fd, s, sa.(*unix.SockaddrNetlink).Pid)
	}
	if fds[dup] != s {
		t.Errorf("the dup'ed descriptor %d does not share the socket: %+v", dup, fds[dup])
	}
	if fds[0] != nil || fds[1] != nil {
		t.Error("standard files taken for netlink sockets")
	}
}

func TestTraceDeniedError(t *testing.T) {
	err := error(&TraceDeniedError{Op: "attach to process 1", PID: 1, Err: unix.EPERM, Why: whyAttachDenied(1)})
	if !errors.Is(err, os.ErrPermission) {
		t.Error("errors.Is(err, os.ErrPermission) is false")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "attach to process 1: operation not permitted: ") || len(msg) < 60 {
		t.Errorf("message %q", msg)
	}
}
