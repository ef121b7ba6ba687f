//go:build linux && (amd64 || arm64)

package capture

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/nlcap/nlcap"
	"golang.org/x/sys/unix"
)

// A Tracer records the netlink traffic of processes it traces with ptrace:
// a command it starts ([Trace]) with every process and thread that command
// starts, or running processes ([Attach]) with all their threads. It yields
// the same records as a [Conn], with Record.Process set.
//
// One goroutine, locked to its OS thread, makes every ptrace call (the
// kernel ties a tracee to the thread that attached it). A started command
// runs under a seccomp filter that stops it only at the system calls that
// can touch a netlink socket; an attached process stops at every system
// call (a filter cannot be added to a running process), as under strace.
type Tracer struct {
	cfg      *TraceConfig
	recs     chan []nlcap.Record // batches from the loop
	pending  []nlcap.Record      // the loop's batch being filled
	batch    []nlcap.Record      // the reader's batch being read
	closed   chan struct{}
	closing  sync.Once
	stopping atomic.Bool
	wakeW    *os.File // Attach: closing it ends the waker process, which wakes the loop
	wakeOnce sync.Once
	done     chan struct{} // closed when the loop has ended
	loopErr  error         // set before done is closed
	child    int           // Trace: the command's pid
	cmd      *exec.Cmd     // Trace: for its stdio copies
	exitCode atomic.Int64
	stats    struct{ records, lost, procs, threads atomic.Uint64 }
}

// ptrace options: every thread and child is followed; syscall stops are
// told from signal stops (SIGTRAP|0x80); seccomp stops are reported.
const traceOptions = unix.PTRACE_O_TRACECLONE | unix.PTRACE_O_TRACEFORK | unix.PTRACE_O_TRACEVFORK |
	unix.PTRACE_O_TRACEEXEC | unix.PTRACE_O_TRACESYSGOOD | unix.PTRACE_O_TRACESECCOMP

func newTracer(cfg *TraceConfig) *Tracer {
	t := &Tracer{
		cfg:    cfg,
		recs:   make(chan []nlcap.Record, 64),
		closed: make(chan struct{}),
		done:   make(chan struct{}),
	}
	t.exitCode.Store(-1)
	return t
}

// RunTraceHelper runs the tracer's helper process when the program was
// started as one (by [Trace] or [Attach], which re-execute the running
// binary) and never returns then; otherwise it returns at once. Programs
// that use [Trace] or [Attach] call it first thing in main (and test
// binaries in TestMain).
//
// The launcher helper exists because Go cannot run code between fork and
// exec: it sets no_new_privs, installs the seccomp filter that makes only
// netlink-related system calls stop, and execs the command (traced since
// its start).
func RunTraceHelper() {
	mode := os.Getenv(traceEnv)
	switch mode {
	case "":
		return
	case "waker":
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	case "launch":
		runLauncher()
	}
	fmt.Fprintf(os.Stderr, "nlcap: unknown %s=%q\n", traceEnv, mode)
	os.Exit(126)
}

func runLauncher() {
	runtime.LockOSThread() // the filter is per thread: this one execs
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "nlcap: trace launcher: no command")
		os.Exit(126)
	}
	if err := installTraceFilter(); err != nil {
		fmt.Fprintf(os.Stderr, "nlcap: trace launcher: %v\n", err)
		os.Exit(126)
	}
	err := syscall.Exec(os.Args[1], os.Args[2:], withoutHelperEnv(os.Environ()))
	fmt.Fprintf(os.Stderr, "nlcap: trace launcher: exec %s: %v\n", os.Args[1], err)
	os.Exit(126)
}

func withoutHelperEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, traceEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// Trace starts argv (the program found in $PATH as exec.LookPath does)
// traced, and returns once it runs. Its standard files, environment and
// directory come from cfg. The command is the child of the calling
// process; it runs under a seccomp filter that stops it at netlink-related
// system calls only. Reading ends (io.EOF) when it and every process it
// started have ended; then [Tracer.ExitCode] holds its exit status.
//
// A started command cannot be detached: without a tracer, the system calls
// its filter traces fail with ENOSYS. [Tracer.Stop] stops recording and
// lets it run to its end; [Tracer.Close] kills it. If the tracing process
// dies, the kernel kills the command (PTRACE_O_EXITKILL).
func Trace(argv []string, cfg *TraceConfig) (*Tracer, error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, errors.New("trace: no command")
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("trace: find the nlcap binary to launch %s: %w", argv[0], err)
	}
	t := newTracer(cfg)
	if err := t.start(func() (*traceLoop, error) { return t.startCommand(self, path, argv) }); err != nil {
		return nil, err
	}
	return t, nil
}

// start runs setup and then the event loop on a goroutine locked to its OS
// thread (never unlocked: the thread ends with the loop), and returns
// setup's error. When setup fails after seizing processes (it returns a
// loop with the error), the loop runs to release them first.
func (t *Tracer) start(setup func() (*traceLoop, error)) error {
	ready := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		l, err := setup()
		if err != nil {
			if l != nil {
				t.stopping.Store(true)
				_ = l.run()
			}
			ready <- err
			return
		}
		ready <- nil
		t.finish(l.run())
	}()
	return <-ready
}

// startCommand starts the launcher with PTRACE_TRACEME (SysProcAttr.Ptrace)
// and sets the options at its first stop (after its execve).
func (t *Tracer) startCommand(self, path string, argv []string) (*traceLoop, error) {
	cmd := exec.Command(self, append([]string{path}, argv...)...)
	env := os.Environ()
	if t.cfg != nil && t.cfg.Env != nil {
		env = t.cfg.Env
	}
	cmd.Env = append(withoutHelperEnv(env), traceEnv+"=launch")
	if t.cfg != nil {
		cmd.Dir = t.cfg.Dir
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = t.cfg.stdio()
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, &TraceDeniedError{Op: "start " + argv[0] + " traced", Err: err, Why: whyStartDenied()}
		}
		return nil, fmt.Errorf("trace: start %s: %w", argv[0], err)
	}
	t.cmd, t.child = cmd, cmd.Process.Pid
	var ws unix.WaitStatus
	if _, err := wait4(t.child, &ws); err != nil {
		return nil, fmt.Errorf("trace: wait for %s: %w", argv[0], err)
	}
	if !ws.Stopped() {
		return nil, fmt.Errorf("trace: %s ended before it could be traced (status %#x)", argv[0], uint32(ws))
	}
	if err := ptrace(unix.PTRACE_SETOPTIONS, t.child, 0, traceOptions|unix.PTRACE_O_EXITKILL); err != nil {
		_ = unix.Kill(t.child, unix.SIGKILL)
		return nil, fmt.Errorf("trace: set ptrace options: %w", err)
	}
	l := newTraceLoop(t, true)
	th := l.adopt(t.child)
	l.resume(th, 0)
	return l, nil
}

// Attach traces the running processes pids, all their threads and the
// processes and threads they start from then on, and returns once they are
// all attached. The netlink sockets they already hold are found in
// /proc/PID/fd and /proc/PID/net/netlink. [Tracer.Stop] (or Close)
// detaches them all; they keep running.
//
// Attaching needs the right to ptrace them: the same user (or root), and
// where Yama's ptrace_scope is 1 (Ubuntu, Debian's default is 0 or absent),
// CAP_SYS_PTRACE. A [TraceDeniedError] says which.
func Attach(pids []int, cfg *TraceConfig) (*Tracer, error) {
	if len(pids) == 0 {
		return nil, errors.New("attach: no process")
	}
	for _, pid := range pids {
		if pid == os.Getpid() {
			return nil, fmt.Errorf("attach: process %d is this process: a process cannot trace itself", pid)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("attach: find the nlcap binary: %w", err)
	}
	t := newTracer(cfg)
	if err := t.start(func() (*traceLoop, error) { return t.attach(self, pids) }); err != nil {
		return nil, err
	}
	return t, nil
}

// attach starts the waker and seizes every thread of pids.
func (t *Tracer) attach(self string, pids []int) (*traceLoop, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("attach: %w", err)
	}
	waker := exec.Command(self)
	waker.Env = append(withoutHelperEnv(os.Environ()), traceEnv+"=waker")
	waker.Stdin = r
	if err := waker.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("attach: start the waker: %w", err)
	}
	r.Close()
	t.wakeW = w
	l := newTraceLoop(t, false)
	l.waker = waker.Process.Pid
	for _, pid := range pids {
		if err := l.seizeProcess(pid); err != nil {
			return l, err
		}
	}
	return l, nil
}

// seizeProcess seizes every thread of pid, listing them again until no new
// one appears (a thread started by a thread not seized yet is not followed).
func (l *traceLoop) seizeProcess(pid int) error {
	for {
		ents, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
		if err != nil {
			return fmt.Errorf("attach: process %d: %w", pid, err)
		}
		added := 0
		for _, e := range ents {
			tid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			if _, ok := l.threads[tid]; ok {
				continue
			}
			if err := ptrace(unix.PTRACE_SEIZE, tid, 0, traceOptions); err != nil {
				if errors.Is(err, unix.ESRCH) {
					continue // ended meanwhile
				}
				if errors.Is(err, os.ErrPermission) {
					return &TraceDeniedError{Op: fmt.Sprintf("attach to process %d", pid), PID: pid, Err: err, Why: whyAttachDenied(pid)}
				}
				return fmt.Errorf("attach: ptrace(PTRACE_SEIZE, %d): %w", tid, err)
			}
			l.threads[tid] = &tracee{tid: tid} // adopted at its first stop
			// Stop it once to switch it to syscall stops.
			if err := ptrace(unix.PTRACE_INTERRUPT, tid, 0, 0); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("attach: ptrace(PTRACE_INTERRUPT, %d): %w", tid, err)
			}
			added++
		}
		if added == 0 {
			return nil
		}
	}
}

// finish records the loop's end.
func (t *Tracer) finish(err error) {
	if t.wakeW != nil {
		t.wakeW.Close()
	}
	if t.cmd != nil {
		// The process is reaped already: Wait only waits for the copies
		// of non-file standard streams.
		_ = t.cmd.Wait()
	}
	t.flush()
	t.loopErr = err
	close(t.recs)
	close(t.done)
}

// ReadRecord returns the next record, io.EOF when every traced process
// has ended (or was detached) and every record was read, or os.ErrClosed
// after Close.
func (t *Tracer) ReadRecord() (nlcap.Record, error) {
	var r nlcap.Record
	err := t.ReadRecordInto(&r)
	return r, err
}

// ReadRecordInto is [Tracer.ReadRecord] into r. Each record's Data is
// its own memory. Reads are not safe for concurrent use.
func (t *Tracer) ReadRecordInto(r *nlcap.Record) error {
	select {
	case <-t.closed:
		return os.ErrClosed
	default:
	}
	for len(t.batch) == 0 {
		select {
		case <-t.closed:
			return os.ErrClosed
		case b, ok := <-t.recs:
			if !ok {
				if t.loopErr != nil {
					return t.loopErr
				}
				return io.EOF
			}
			t.batch = b
		}
	}
	*r = t.batch[0]
	t.batch[0] = nlcap.Record{}
	t.batch = t.batch[1:]
	return nil
}

// Stop stops recording: attached processes are detached (they keep
// running); a started command runs on to its end, still traced but not
// recorded (see [Trace]). Records already read off system calls are still
// returned. Stop returns at once; reading ends with io.EOF.
func (t *Tracer) Stop() {
	t.stopping.Store(true)
	t.wakeOnce.Do(func() {
		if t.wakeW != nil {
			t.wakeW.Close()
		}
	})
}

// Signal sends sig to the started command ([Trace] only).
func (t *Tracer) Signal(sig os.Signal) error {
	if t.child == 0 {
		return errors.New("trace: no started command to signal")
	}
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("trace: signal %v is not a syscall.Signal", sig)
	}
	return unix.Kill(t.child, s)
}

// ExitCode returns the started command's exit status once reading has
// ended: its exit code, or 128+N when signal N killed it (as shells do);
// -1 before that, or for attached processes.
func (t *Tracer) ExitCode() int { return int(t.exitCode.Load()) }

// Stats returns the tracer's counters.
func (t *Tracer) Stats() TraceStats {
	return TraceStats{
		Records: t.stats.records.Load(), Lost: t.stats.lost.Load(),
		Processes: t.stats.procs.Load(), Threads: t.stats.threads.Load(),
	}
}

// Close stops the tracer and unblocks a pending read, which returns
// os.ErrClosed. Attached processes are detached; a started command is
// killed (SIGKILL: it cannot run untraced, see [Trace]).
func (t *Tracer) Close() error {
	t.closing.Do(func() {
		close(t.closed)
		t.Stop()
		if t.child != 0 {
			select {
			case <-t.done:
			default:
				_ = unix.Kill(t.child, unix.SIGKILL)
			}
		}
	})
	return nil
}

// maxBatch is the most records the loop holds before handing them over.
const maxBatch = 128

// emit adds a record to the loop's batch, handed to the reader when the
// loop has nothing else to do (or the batch is full): the traced thread is
// resumed first, and the reader woken once for many records.
func (t *Tracer) emit(r nlcap.Record) {
	if t.stopping.Load() {
		return
	}
	t.pending = append(t.pending, r)
	t.stats.records.Add(1)
}

// flush hands the loop's batch to the reader; it waits while the reader is
// busy (nothing is dropped: the traced threads wait too).
func (t *Tracer) flush() {
	if len(t.pending) == 0 {
		return
	}
	select {
	case t.recs <- t.pending:
	case <-t.closed:
	}
	t.pending = make([]nlcap.Record, 0, maxBatch)
}

// A TraceDeniedError reports that the kernel refused to let nlcap trace a
// process, with the likely reason and what to do. It unwraps to the system
// call error: errors.Is(err, os.ErrPermission) holds.
type TraceDeniedError struct {
	Op  string // "attach to process 123", "start ip traced"
	PID int    // the process, for Attach
	Err error
	Why string // reason and remedy
}

func (e *TraceDeniedError) Error() string {
	return fmt.Sprintf("%s: %v: %s", e.Op, e.Err, e.Why)
}

// Unwrap returns the underlying error.
func (e *TraceDeniedError) Unwrap() error { return e.Err }

func whyStartDenied() string {
	return "ptrace is forbidden here: a container's seccomp profile or a security module (AppArmor, SELinux) refuses it; " +
		"run the container with --cap-add=SYS_PTRACE (docker; or --security-opt seccomp=unconfined) or run nlcap outside it"
}

// whyAttachDenied explains an EPERM from PTRACE_SEIZE.
func whyAttachDenied(pid int) string {
	if b, err := os.ReadFile("/proc/sys/kernel/yama/ptrace_scope"); err == nil {
		switch strings.TrimSpace(string(b)) {
		case "1":
			return "kernel.yama.ptrace_scope is 1: only ancestors may trace a process; run nlcap as root (CAP_SYS_PTRACE), " +
				"start the program under nlcap (nlcap -w FILE -- CMD), or set sysctl kernel.yama.ptrace_scope=0"
		case "2":
			return "kernel.yama.ptrace_scope is 2: only CAP_SYS_PTRACE may attach; run nlcap as root, or start the program under nlcap (nlcap -w FILE -- CMD)"
		case "3":
			return "kernel.yama.ptrace_scope is 3: attaching is disabled until reboot; start the program under nlcap (nlcap -w FILE -- CMD)"
		}
	}
	status, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if tp := statusField(string(status), "TracerPid"); tp != "" && tp != "0" {
		// TracerPid is the tracing thread: name its process.
		who := tp
		if ts, err := os.ReadFile("/proc/" + tp + "/status"); err == nil {
			if tg := statusField(string(ts), "Tgid"); tg != "" {
				who = tg + " (" + statusField(string(ts), "Name") + ")"
			}
		}
		return "the process is already traced by process " + who + ", a debugger, strace or nlcap; only one tracer at a time"
	}
	if uids := strings.Fields(statusField(string(status), "Uid")); len(uids) > 0 && uids[0] != strconv.Itoa(os.Getuid()) {
		return "the process belongs to uid " + uids[0] + ": run nlcap as that user or as root"
	}
	return "the process may be setuid or not dumpable, or a container's seccomp profile forbids ptrace; run nlcap as root (CAP_SYS_PTRACE)"
}

// statusField returns the value of a "Key:\tvalue" line of /proc/PID/status.
func statusField(status, key string) string {
	for line := range strings.Lines(status) {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func ptrace(req, pid int, addr, data uintptr) error {
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, uintptr(req), uintptr(pid), addr, data, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

func wait4(pid int, ws *unix.WaitStatus) (int, error) {
	for {
		wpid, err := unix.Wait4(pid, ws, unix.WALL, nil)
		if err != unix.EINTR {
			return wpid, err
		}
	}
}

// ptraceSyscallInfo is struct ptrace_syscall_info (include/uapi/linux/ptrace.h):
//
//	struct ptrace_syscall_info {
//		__u8 op;	/* PTRACE_SYSCALL_INFO_* */
//		__u8 pad[3];
//		__u32 arch;
//		__u64 instruction_pointer;
//		__u64 stack_pointer;
//		union {
//			struct { __u64 nr; __u64 args[6]; } entry;
//			struct { __s64 rval; __u8 is_error; } exit;
//			struct { __u64 nr; __u64 args[6]; __u32 ret_data; } seccomp;
//		};
//	};
type ptraceSyscallInfo struct {
	Op      uint8
	_       [3]uint8
	Arch    uint32
	IP      uint64
	SP      uint64
	Nr      uint64    // exit: rval
	Args    [6]uint64 // exit: Args[0]&0xff is is_error
	RetData uint32
	_       uint32
}

func getSyscallInfo(tid int, info *ptraceSyscallInfo) error {
	*info = ptraceSyscallInfo{}
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, unix.PTRACE_GET_SYSCALL_INFO, uintptr(tid),
		unsafe.Sizeof(*info), uintptr(unsafe.Pointer(info)), 0, 0)
	if e != 0 {
		return e // EIO: a kernel before 5.3
	}
	return nil
}
