package capture

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// auditArch is the seccomp_data.arch of this architecture's system calls
// (#define AUDIT_ARCH_AARCH64 in include/uapi/linux/audit.h).
const auditArch = unix.AUDIT_ARCH_AARCH64

// archDupCalls are the dup system calls this architecture has beside dup
// and dup3 (arm64 has no dup2).
var archDupCalls = []uint32{}

// regsSyscallInfo is not implemented on arm64: the tracer needs
// PTRACE_GET_SYSCALL_INFO (Linux 5.3) there.
func regsSyscallInfo(tid int, seccomp bool, info *ptraceSyscallInfo) error {
	return fmt.Errorf("ptrace(PTRACE_GET_SYSCALL_INFO): %w (on arm64 the kernel needs Linux 5.3 or later)", unix.EIO)
}
