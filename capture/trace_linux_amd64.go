package capture

import "golang.org/x/sys/unix"

// auditArch is the seccomp_data.arch of this architecture's native system
// calls (#define AUDIT_ARCH_X86_64 in include/uapi/linux/audit.h). Calls
// of another ABI (i386 compat) are let through untraced.
const auditArch = unix.AUDIT_ARCH_X86_64

// archDupCalls are the dup system calls this architecture has beside dup
// and dup3.
var archDupCalls = []uint32{unix.SYS_DUP2}

// regsSyscallInfo fills info from the registers of a thread stopped at a
// system call, for kernels without PTRACE_GET_SYSCALL_INFO (before 5.3):
// orig_rax is the call number, rdi, rsi, rdx, r10, r8, r9 its arguments,
// rax its result at exit. At a syscall-entry stop the kernel has set rax to
// -ENOSYS, which tells entry from exit (as strace did on such kernels).
func regsSyscallInfo(tid int, seccomp bool, info *ptraceSyscallInfo) error {
	var r unix.PtraceRegs
	if err := unix.PtraceGetRegs(tid, &r); err != nil {
		return err
	}
	*info = ptraceSyscallInfo{Nr: r.Orig_rax, Args: [6]uint64{r.Rdi, r.Rsi, r.Rdx, r.R10, r.R8, r.R9}}
	switch {
	case seccomp:
		info.Op = unix.PTRACE_SYSCALL_INFO_SECCOMP
	case int64(r.Rax) == -int64(unix.ENOSYS):
		info.Op = unix.PTRACE_SYSCALL_INFO_ENTRY
	default:
		info.Op = unix.PTRACE_SYSCALL_INFO_EXIT
		info.Nr = r.Rax
	}
	return nil
}
