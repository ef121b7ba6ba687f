package replay

import (
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// NewNetNS creates a fresh, empty network namespace (only a down lo) and
// returns a file that refers to it. The namespace lives as long as that file,
// or a socket or process inside it, does: close the file (and every socket
// made with [InNetNS]) and it is gone. The caller's own namespace is not
// changed: the namespace is made by unshare(CLONE_NEWNET) on a dedicated,
// locked OS thread that Go discards afterwards. It needs CAP_SYS_ADMIN.
func NewNetNS() (*os.File, error) {
	type result struct {
		f   *os.File
		err error
	}
	ch := make(chan result, 1)
	go func() {
		// NB: no UnlockOSThread: the thread changed namespace, so Go must
		// terminate it when this goroutine returns instead of reusing it.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			ch <- result{err: fmt.Errorf("create network namespace: %w", os.NewSyscallError("unshare", err))}
			return
		}
		f, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
		if err != nil {
			ch <- result{err: fmt.Errorf("create network namespace: %w", err)}
			return
		}
		ch <- result{f: f}
	}()
	r := <-ch
	return r.f, r.err
}

// InNetNS runs fn on a dedicated OS thread inside the network namespace
// referred to by fd (fd 0 or less: the caller's namespace, on the current
// thread). Sockets fn creates stay in that namespace; processes it starts
// with os/exec start in it. The thread is discarded afterwards.
func InNetNS(fd int, fn func() error) error {
	if fd <= 0 {
		return fn()
	}
	ch := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: see NewNetNS
		if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
			ch <- fmt.Errorf("enter network namespace: %w", os.NewSyscallError("setns", err))
			return
		}
		ch <- fn()
	}()
	return <-ch
}
