//go:build linux && (amd64 || arm64)

package capture

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A sysCall is one system call of a traced thread, from its entry (or
// seccomp stop) to its exit.
type sysCall struct {
	nr   uint64
	args [6]uint64
	rval int64 // at exit: the result, or -errno
}

// A tracee is one traced thread.
type tracee struct {
	tid    int
	proc   *traceProc // nil until its first stop
	call   sysCall    // the call it is in, when inCall
	inCall bool       // stopped at entry with its exit wanted
}

// A traceProc is one traced process (thread group): its threads share its
// file descriptor table.
type traceProc struct {
	pid     int
	threads int
	comm    string            // /proc/PID/comm, read when first needed
	fds     map[int]*nlSocket // the netlink sockets among its descriptors
}

// stopHooks are what the loop asks at the stops of traced threads. The
// netlink recorder is one. A process-level mock (serving a program's
// netlink from a capture) would be another: it would add to this loop the
// means to skip a call at entry (PTRACE_SETREGS: call number -1), set its
// result at exit, and write into the process (process_vm_writev), and keep
// the same fd tracking (socket, dup, close, exec, fork).
type stopHooks interface {
	// newProcess is called at the first stop of a process's first thread,
	// and after each execve (descriptors closed on exec are gone).
	newProcess(p *traceProc)
	// enter is called at a traced call's entry; true asks for its exit.
	enter(th *tracee, c *sysCall) bool
	// exit is called at the exit of a call enter asked for.
	exit(th *tracee, c *sysCall)
}

// A traceLoop is the ptrace event loop; only its goroutine (locked to the
// OS thread that attached the tracees) touches it.
type traceLoop struct {
	t         *Tracer
	hooks     stopHooks
	seccomp   bool // tracees run under the seccomp filter (Trace), else PTRACE_SYSCALL (Attach)
	threads   map[int]*tracee
	procs     map[int]*traceProc
	waker     int  // Attach: the waker process, 0 once it ended
	detaching bool // Attach: Stop was called; every stop detaches
	info      ptraceSyscallInfo
	useRegs   bool // no PTRACE_GET_SYSCALL_INFO: read the registers
}

func newTraceLoop(t *Tracer, seccomp bool) *traceLoop {
	l := &traceLoop{
		t:       t,
		seccomp: seccomp,
		threads: make(map[int]*tracee),
		procs:   make(map[int]*traceProc),
	}
	rec := newNetlinkRecorder(t, t.cfg.snapLen())
	if t.cfg != nil && t.cfg.ForceFallbacks {
		l.useRegs, rec.peekOnly = true, true
	}
	l.hooks = rec
	return l
}

// run handles stops until no traced thread is left.
func (l *traceLoop) run() error {
	defer l.endWaker()
	for {
		if !l.seccomp && !l.detaching && l.t.stopping.Load() {
			l.startDetach()
		}
		if len(l.threads) == 0 {
			return nil
		}
		if len(l.t.pending) >= maxBatch {
			l.t.flush()
		}
		var (
			ws  unix.WaitStatus
			tid int
			err error
		)
		if len(l.t.pending) > 0 { // records to hand over once nothing is ready
			tid, err = unix.Wait4(-1, &ws, unix.WALL|unix.WNOHANG, nil)
		}
		if tid == 0 || err == unix.EINTR {
			l.t.flush()
			tid, err = wait4(-1, &ws)
		}
		if err != nil {
			if errors.Is(err, unix.ECHILD) {
				return nil
			}
			return fmt.Errorf("trace: wait: %w", err)
		}
		if tid == l.waker {
			l.waker = 0 // woken by Stop; the loop checks stopping
			continue
		}
		if err := l.handle(tid, ws); err != nil {
			return err
		}
	}
}

func (l *traceLoop) endWaker() {
	if l.waker == 0 {
		return
	}
	if l.t.wakeW != nil {
		l.t.wakeW.Close()
	}
	var ws unix.WaitStatus
	_, _ = wait4(l.waker, &ws)
	l.waker = 0
}

// handle deals with one wait status of thread tid.
func (l *traceLoop) handle(tid int, ws unix.WaitStatus) error {
	if ws.Exited() || ws.Signaled() {
		if th := l.threads[tid]; th != nil {
			l.drop(th)
		}
		if tid == l.t.child {
			code := ws.ExitStatus()
			if ws.Signaled() {
				code = 128 + int(ws.Signal())
			}
			l.t.exitCode.Store(int64(code))
		}
		return nil
	}
	if !ws.Stopped() {
		return nil
	}
	th := l.threads[tid]
	sig := ws.StopSignal()
	cause := int(uint32(ws)>>16) & 0xff // PTRACE_EVENT_*, also for group-stops (TrapCause is for SIGTRAP only)
	if th == nil || th.proc == nil {
		th = l.adopt(tid)
		// A thread auto-attached without PTRACE_SEIZE starts with a SIGSTOP
		// of its own: not a signal for the program.
		if l.seccomp && sig == unix.SIGSTOP && cause == 0 {
			l.resume(th, 0)
			return nil
		}
	}
	switch {
	case sig == unix.SIGTRAP|0x80:
		return l.syscallStop(th)
	case sig == unix.SIGTRAP && cause == unix.PTRACE_EVENT_SECCOMP:
		return l.seccompStop(th)
	case sig == unix.SIGTRAP && (cause == unix.PTRACE_EVENT_CLONE || cause == unix.PTRACE_EVENT_FORK || cause == unix.PTRACE_EVENT_VFORK):
		if msg, err := unix.PtraceGetEventMsg(tid); err == nil {
			if _, ok := l.threads[int(msg)]; !ok {
				l.threads[int(msg)] = &tracee{tid: int(msg)} // adopted at its first stop
			}
		}
		l.resume(th, 0)
	case sig == unix.SIGTRAP && cause == unix.PTRACE_EVENT_EXEC:
		// A thread other than the leader that execs takes the leader's id:
		// the former id is gone without an exit report.
		if former, err := unix.PtraceGetEventMsg(tid); err == nil && int(former) != tid {
			if old := l.threads[int(former)]; old != nil {
				l.drop(old)
			}
		}
		th.inCall = false
		th.proc.comm = ""
		l.hooks.newProcess(th.proc)
		l.resume(th, 0)
	case cause == unix.PTRACE_EVENT_STOP:
		switch sig {
		case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU: // group-stop of a seized tracee
			if l.detaching {
				l.detach(th, 0)
			} else if err := ptrace(unix.PTRACE_LISTEN, tid, 0, 0); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("trace: ptrace(PTRACE_LISTEN, %d): %w", tid, err)
			}
		default: // PTRACE_INTERRUPT, or a seized thread's first stop
			l.resume(th, 0)
		}
	case sig == unix.SIGTRAP && cause > 0:
		l.resume(th, 0) // another event
	case l.seccomp && isStopSignal(sig) && isGroupStop(tid):
		// A tracee attached without PTRACE_SEIZE reports its group-stop
		// like a signal, and cannot be left stopped and listened to:
		// resume it (a job-control stop of a started command is lost).
		l.resume(th, 0)
	default: // a signal for the program
		l.resume(th, sig)
	}
	return nil
}

func isStopSignal(sig unix.Signal) bool {
	return sig == unix.SIGSTOP || sig == unix.SIGTSTP || sig == unix.SIGTTIN || sig == unix.SIGTTOU
}

// isGroupStop tells a group-stop from a signal-delivery-stop of a tracee
// attached without PTRACE_SEIZE: PTRACE_GETSIGINFO fails with EINVAL for the
// former (ptrace(2), "Group-stop").
func isGroupStop(tid int) bool {
	var si [128]byte // siginfo_t
	return ptrace(unix.PTRACE_GETSIGINFO, tid, 0, uintptr(unsafe.Pointer(&si[0]))) == unix.EINVAL
}

// adopt starts following thread tid at its first stop: it joins its
// process, or starts a new one (whose descriptors are read from /proc).
func (l *traceLoop) adopt(tid int) *tracee {
	th := l.threads[tid]
	if th == nil {
		th = &tracee{tid: tid}
		l.threads[tid] = th
	}
	pid := tid
	if status, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/status"); err == nil {
		if tg, err := strconv.Atoi(statusField(string(status), "Tgid")); err == nil && tg > 0 {
			pid = tg
		}
	}
	p := l.procs[pid]
	if p == nil {
		p = &traceProc{pid: pid}
		l.procs[pid] = p
		l.hooks.newProcess(p)
		l.t.stats.procs.Add(1)
	}
	p.threads++
	th.proc = p
	l.t.stats.threads.Add(1)
	return th
}

// drop forgets a thread that ended or was detached.
func (l *traceLoop) drop(th *tracee) {
	delete(l.threads, th.tid)
	if p := th.proc; p != nil {
		if p.threads--; p.threads <= 0 {
			delete(l.procs, p.pid)
		}
	}
}

// seccompStop is a traced call's entry under the filter.
func (l *traceLoop) seccompStop(th *tracee) error {
	if err := l.syscallInfo(th.tid, true); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return nil
		}
		return fmt.Errorf("trace: thread %d: %w", th.tid, err)
	}
	th.call = sysCall{nr: l.info.Nr, args: l.info.Args}
	th.inCall = l.hooks.enter(th, &th.call)
	l.resume(th, 0)
	return nil
}

// syscallInfo reads the call of thread tid, stopped at a seccomp stop or a
// syscall stop, into l.info: with PTRACE_GET_SYSCALL_INFO (Linux 5.3), else
// (EIO: an older kernel) from the registers.
func (l *traceLoop) syscallInfo(tid int, seccomp bool) error {
	if !l.useRegs {
		err := getSyscallInfo(tid, &l.info)
		if !errors.Is(err, unix.EIO) {
			return err
		}
		l.useRegs = true
	}
	return regsSyscallInfo(tid, seccomp, &l.info)
}

// syscallStop is a syscall-entry or syscall-exit stop.
func (l *traceLoop) syscallStop(th *tracee) error {
	if err := l.syscallInfo(th.tid, false); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return nil
		}
		return fmt.Errorf("trace: thread %d: %w", th.tid, err)
	}
	if l.seccomp && l.useRegs && l.info.Op == unix.PTRACE_SYSCALL_INFO_ENTRY {
		// Under the filter a syscall stop is always an exit (entries
		// stop as seccomp stops): rax was -ENOSYS, the call's result.
		enosys := -int64(unix.ENOSYS)
		l.info.Op, l.info.Nr = unix.PTRACE_SYSCALL_INFO_EXIT, uint64(enosys)
	}
	switch l.info.Op {
	case unix.PTRACE_SYSCALL_INFO_ENTRY:
		th.call = sysCall{nr: l.info.Nr, args: l.info.Args}
		th.inCall = !l.detaching && l.hooks.enter(th, &th.call)
	case unix.PTRACE_SYSCALL_INFO_EXIT:
		if th.inCall {
			th.call.rval = int64(l.info.Nr)
			l.hooks.exit(th, &th.call)
		}
		th.inCall = false
	}
	l.resume(th, 0)
	return nil
}

// resume restarts a stopped thread, delivering sig (0: none): to its next
// stop under the filter, to its call's exit when wanted, to every syscall
// stop without the filter, or detached when detaching.
func (l *traceLoop) resume(th *tracee, sig unix.Signal) {
	req := unix.PTRACE_SYSCALL
	switch {
	case l.detaching && !th.inCall:
		l.detach(th, sig)
		return
	case l.seccomp && !th.inCall:
		req = unix.PTRACE_CONT
	}
	// ESRCH: killed meanwhile; its exit is reported next.
	_ = ptrace(req, th.tid, 0, uintptr(sig))
}

// startDetach interrupts every thread; each detaches at its next stop.
func (l *traceLoop) startDetach() {
	l.detaching = true
	for tid := range l.threads {
		_ = ptrace(unix.PTRACE_INTERRUPT, tid, 0, 0)
	}
}

func (l *traceLoop) detach(th *tracee, sig unix.Signal) {
	_ = ptrace(unix.PTRACE_DETACH, th.tid, 0, uintptr(sig))
	l.drop(th)
}
