package capture

import (
	"io"
	"os"

	"github.com/nlcap/nlcap"
)

// A TraceConfig configures [Trace] and [Attach]. A nil *TraceConfig is the
// same as a zero TraceConfig: every field has a documented default.
type TraceConfig struct {
	// SnapLen is the snapshot length, counted as in [Config] (tcpdump's
	// -s, the pcap file header): the most bytes kept of a record, its
	// 16-byte cooked header included, so at most SnapLen-16 bytes of
	// netlink messages; longer records are cut and keep their length in
	// Record.OrigLen. 0 means DefaultSnapLen.
	SnapLen int

	// Stdin, Stdout and Stderr are the started command's standard files
	// ([Trace] only). nil means nlcap's own (os.Stdin, os.Stdout,
	// os.Stderr): they pass through, as with strace.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// Env is the started command's environment; nil means os.Environ().
	Env []string

	// Dir is the started command's working directory; "" means nlcap's.
	Dir string

	// ForceFallbacks makes the tracer take the paths it takes on older
	// kernels and where process_vm_readv is refused: the call read from
	// the registers instead of PTRACE_GET_SYSCALL_INFO (Linux 5.3; amd64
	// only), buffers read with PTRACE_PEEKDATA, a word at a time. It is
	// slower, and exists so that tests cover those paths.
	ForceFallbacks bool
}

// snapLen returns the most netlink bytes kept of a record (SnapLen
// without the cooked header, at least one netlink header).
func (c *TraceConfig) snapLen() int {
	if c == nil || c.SnapLen <= 0 {
		return DefaultSnapLen - nlcap.PseudoHeaderLen
	}
	return max(c.SnapLen-nlcap.PseudoHeaderLen, nlcap.NlmsgHdrLen)
}

func (c *TraceConfig) stdio() (io.Reader, io.Writer, io.Writer) {
	var in io.Reader = os.Stdin
	var out, errw io.Writer = os.Stdout, os.Stderr
	if c != nil {
		if c.Stdin != nil {
			in = c.Stdin
		}
		if c.Stdout != nil {
			out = c.Stdout
		}
		if c.Stderr != nil {
			errw = c.Stderr
		}
	}
	return in, out, errw
}

// TraceStats are the counters of a [Tracer].
type TraceStats struct {
	// Records counts the records read off traced system calls.
	Records uint64
	// Lost counts netlink system calls whose buffers could not be read
	// from the traced process (the memory was unmapped before nlcap read
	// it, or the process died in the call): nothing of them was recorded.
	Lost uint64
	// Processes and Threads count the processes and threads traced so far.
	Processes, Threads uint64
}

// traceEnv is the environment variable that makes the nlcap binary (or a
// test binary calling [RunTraceHelper]) act as one of the tracer's helper
// processes instead of itself: "launch" installs the seccomp filter and
// execs the command, "waker" waits for its standard input to close.
const traceEnv = "NLCAP_TRACE_HELPER"
