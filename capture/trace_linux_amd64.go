package capture

import "golang.org/x/sys/unix"

// auditArch is the seccomp_data.arch of this architecture's native system
// calls (#define AUDIT_ARCH_X86_64 in include/uapi/linux/audit.h). Calls
// of another ABI (i386 compat) are let through untraced.
const auditArch = unix.AUDIT_ARCH_X86_64

// archDupCalls are the dup system calls this architecture has beside dup
// and dup3.
var archDupCalls = []uint32{unix.SYS_DUP2}
