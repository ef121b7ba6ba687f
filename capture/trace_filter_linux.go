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
	var prog []any // bpf.Instruction or filterJump
	prog = append(prog,
		bpf.LoadAbsolute{Off: seccompDataArch, Size: 4},
		filterJump{val: auditArch, jf: toAllow},
		bpf.LoadAbsolute{Off: seccompDataNr, Size: 4},
	)
	for _, nr := range tracedCalls() {
		prog = append(prog, filterJump{val: nr, jt: toTrace})
	}
	for _, rc := range []struct {
		nr    uint32
		flags uint32 // index of the flags argument
	}{{unix.SYS_RECVFROM, 3}, {unix.SYS_RECVMSG, 2}, {unix.SYS_RECVMMSG, 3}} {
		prog = append(prog,
			filterJump{val: rc.nr, jf: 2}, // skip the two below when not this call
			bpf.LoadAbsolute{Off: seccompDataArgs + 8*rc.flags, Size: 4},
			filterJump{val: unix.MSG_PEEK, set: true, jt: toAllow, jf: toTrace},
		)
	}
	prog = append(prog,
		filterJump{val: unix.SYS_SOCKET, jf: 2}, // skip the two below when not socket
		bpf.LoadAbsolute{Off: seccompDataArgs, Size: 4},
		filterJump{val: unix.AF_NETLINK, jt: toTrace, jf: toAllow},
		filterJump{val: unix.SYS_FCNTL, jf: toAllow},
		bpf.LoadAbsolute{Off: seccompDataArgs + 8, Size: 4},
		filterJump{val: unix.F_DUPFD, jt: toTrace},
		filterJump{val: unix.F_DUPFD_CLOEXEC, jt: toTrace, jf: toAllow},
	)
	ins, err := resolveJumps(prog)
	if err != nil {
		return nil, err
	}
	ins = append(ins, bpf.RetConstant{Val: unix.SECCOMP_RET_ALLOW}, bpf.RetConstant{Val: unix.SECCOMP_RET_TRACE})
	return bpf.Assemble(ins)
}

// A filterJump is a conditional jump of traceFilter's program, with
// targets given as a number of instructions to skip, or toAllow, toTrace:
// the two return instructions that follow the program.
type filterJump struct {
	val    uint32
	jt, jf int  // 0: the next instruction
	set    bool // jump if (A & val) != 0, else if A == val
}

const (
	toAllow = -1
	toTrace = -2
)

// resolveJumps turns prog's filterJumps into bpf.JumpIf; the ALLOW and
// TRACE returns go right after prog, in that order.
func resolveJumps(prog []any) ([]bpf.Instruction, error) {
	allowAt, traceAt := len(prog), len(prog)+1
	skip := func(at, t int) (uint8, error) {
		to := at + 1 + t
		switch t {
		case toAllow:
			to = allowAt
		case toTrace:
			to = traceAt
		}
		d := to - at - 1
		if d < 0 || d > 255 {
			return 0, fmt.Errorf("seccomp filter: jump of %d", d)
		}
		return uint8(d), nil
	}
	var ins []bpf.Instruction
	for i, p := range prog {
		j, ok := p.(filterJump)
		if !ok {
			ins = append(ins, p.(bpf.Instruction))
			continue
		}
		jt, err := skip(i, j.jt)
		if err != nil {
			return nil, err
		}
		jf, err := skip(i, j.jf)
		if err != nil {
			return nil, err
		}
		cond := bpf.JumpEqual
		if j.set {
			cond = bpf.JumpBitsSet
		}
		ins = append(ins, bpf.JumpIf{Cond: cond, Val: j.val, SkipTrue: jt, SkipFalse: jf})
	}
	return ins, nil
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
