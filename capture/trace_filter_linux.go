//go:build linux && (amd64 || arm64)

package capture

import (
	"fmt"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// The system calls that stop a traced process. Everything else runs at
// full speed: the seccomp filter returns SECCOMP_RET_TRACE for these only.
// socket stops only for AF_NETLINK, fcntl only for F_DUPFD and
// F_DUPFD_CLOEXEC, recvfrom, recvmsg and recvmmsg only without MSG_PEEK (a
// peek is not recorded: iproute2 and mdlayher/netlink peek before every
// read); execve needs no stop (PTRACE_O_TRACEEXEC reports it).
func tracedCalls() []uint32 {
	calls := []uint32{
		unix.SYS_BIND, unix.SYS_CONNECT, unix.SYS_GETSOCKNAME,
		unix.SYS_SENDTO, unix.SYS_SENDMSG, unix.SYS_SENDMMSG,
		unix.SYS_READ, unix.SYS_WRITE, unix.SYS_READV, unix.SYS_WRITEV,
		unix.SYS_CLOSE, unix.SYS_CLOSE_RANGE, unix.SYS_DUP, unix.SYS_DUP3,
	}
	return append(calls, archDupCalls...)
}

// seccomp_data offsets (include/uapi/linux/seccomp.h):
//
//	struct seccomp_data {
//		int nr;
//		__u32 arch;
//		__u64 instruction_pointer;
//		__u64 args[6];
//	};
const (
	seccompDataNr   = 0
	seccompDataArch = 4
	seccompDataArgs = 16 // args[i] at 16 + 8*i; the low 32 bits first (little endian)
)

// traceFilter assembles the classic BPF program:
//
//	arch != native         → allow
//	nr in tracedCalls      → trace
//	recv*(…) without MSG_PEEK → trace
//	socket(AF_NETLINK, …)  → trace
//	fcntl(_, F_DUPFD[_CLOEXEC], …) → trace
//	else                   → allow
func traceFilter() ([]bpf.RawInstruction, error) {
	calls := tracedCalls()
	// Instructions, with the jumps to ALLOW and TRACE fixed below.
	const (
		allow = -1
		trace = -2
	)
	type jump struct {
		val    uint32
		jt, jf int  // 0: next; allow, trace: those labels
		set    bool // jump if (A & val) != 0, else if A == val
	}
	var prog []any
	prog = append(prog,
		bpf.LoadAbsolute{Off: seccompDataArch, Size: 4},
		jump{val: auditArch, jf: allow},
		bpf.LoadAbsolute{Off: seccompDataNr, Size: 4},
	)
	for _, nr := range calls {
		prog = append(prog, jump{val: nr, jt: trace})
	}
	for _, rc := range []struct {
		nr    uint32
		flags uint32 // index of the flags argument
	}{{unix.SYS_RECVFROM, 3}, {unix.SYS_RECVMSG, 2}, {unix.SYS_RECVMMSG, 3}} {
		prog = append(prog,
			jump{val: rc.nr, jf: 2}, // skip the two below when not this call
			bpf.LoadAbsolute{Off: seccompDataArgs + 8*rc.flags, Size: 4},
			jump{val: unix.MSG_PEEK, set: true, jt: allow, jf: trace},
		)
	}
	prog = append(prog,
		jump{val: unix.SYS_SOCKET, jf: 2}, // skip the two below when not socket
		bpf.LoadAbsolute{Off: seccompDataArgs, Size: 4},
		jump{val: unix.AF_NETLINK, jt: trace, jf: allow},
		jump{val: unix.SYS_FCNTL, jf: allow},
		bpf.LoadAbsolute{Off: seccompDataArgs + 8, Size: 4},
		jump{val: unix.F_DUPFD, jt: trace},
		jump{val: unix.F_DUPFD_CLOEXEC, jt: trace, jf: allow},
	)
	allowAt := len(prog)
	traceAt := allowAt + 1
	var ins []bpf.Instruction
	for i, p := range prog {
		switch p := p.(type) {
		case jump:
			target := func(t int) (uint8, error) {
				to := i + 1 + t
				switch t {
				case 0:
					return 0, nil
				case allow:
					to = allowAt
				case trace:
					to = traceAt
				}
				d := to - i - 1
				if d < 0 || d > 255 {
					return 0, fmt.Errorf("seccomp filter: jump of %d", d)
				}
				return uint8(d), nil
			}
			jt, err := target(p.jt)
			if err != nil {
				return nil, err
			}
			jf, err := target(p.jf)
			if err != nil {
				return nil, err
			}
			cond := bpf.JumpEqual
			if p.set {
				cond = bpf.JumpBitsSet
			}
			ins = append(ins, bpf.JumpIf{Cond: cond, Val: p.val, SkipTrue: jt, SkipFalse: jf})
		case bpf.Instruction:
			ins = append(ins, p)
		}
	}
	ins = append(ins, bpf.RetConstant{Val: unix.SECCOMP_RET_ALLOW}, bpf.RetConstant{Val: unix.SECCOMP_RET_TRACE})
	return bpf.Assemble(ins)
}

// installTraceFilter sets no_new_privs and installs the filter on the
// calling thread (it is kept across execve).
func installTraceFilter() error {
	raw, err := traceFilter()
	if err != nil {
		return err
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	prog := unix.SockFprog{Len: uint16(len(raw)), Filter: (*unix.SockFilter)(unsafe.Pointer(&raw[0]))}
	if err := unix.Prctl(unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&prog)), 0, 0); err != nil {
		return fmt.Errorf("install seccomp filter: %w (the kernel needs CONFIG_SECCOMP_FILTER; a container may forbid seccomp)", err)
	}
	return nil
}
