package capture

import "golang.org/x/sys/unix"

// auditArch is the seccomp_data.arch of this architecture's system calls
// (#define AUDIT_ARCH_AARCH64 in include/uapi/linux/audit.h).
const auditArch = unix.AUDIT_ARCH_AARCH64

// archDupCalls are the dup system calls this architecture has beside dup
// and dup3 (arm64 has no dup2).
var archDupCalls = []uint32{}
