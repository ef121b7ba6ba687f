package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A fifoWriter writes an extcap capture to the fifo dumpcap reads (or to a
// plain file, for a run by hand). It opens the path at the first write, so
// that a capture that fails before writing leaves the fifo alone and dumpcap
// reports only nlcap's error. The open does not block a thread: it is
// retried while the fifo has no reader (ENXIO) until ctx is done.
//
// On a fifo, a watcher calls readerGone as soon as the reader closes its end
// (the write end polls POLLERR), so that a capture with no traffic stops too
// when dumpcap goes away without a signal; a write after that fails with
// EPIPE and gone reports true.
type fifoWriter struct {
	path       string
	ctx        context.Context
	readerGone func()

	f      *os.File
	opened bool // the path was opened once
	gone   atomic.Bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

func (w *fifoWriter) Write(p []byte) (int, error) {
	if w.f == nil {
		if err := w.open(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		w.gone.Store(true)
	}
	return n, err
}

func (w *fifoWriter) open() error {
	for {
		fd, err := unix.Open(w.path, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
		if err == nil {
			// A non-blocking fd: os.NewFile hands it to the runtime poller.
			w.f = os.NewFile(uintptr(fd), w.path)
			w.opened = true
			break
		}
		if err != unix.ENXIO && err != unix.EINTR {
			return &os.PathError{Op: "open", Path: w.path, Err: err}
		}
		select {
		case <-w.ctx.Done():
			return fmt.Errorf("%s: no reader opened the fifo: %w", w.path, w.ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if fi, err := w.f.Stat(); err == nil && fi.Mode()&os.ModeNamedPipe != 0 && w.readerGone != nil {
		w.watch()
	}
	return nil
}

// watch starts the goroutine that waits for POLLERR on the write end.
func (w *fifoWriter) watch() {
	rc, err := w.f.SyscallConn()
	if err != nil {
		return
	}
	w.stop = make(chan struct{})
	w.wg.Go(func() {
		for {
			select {
			case <-w.stop:
				return
			default:
			}
			var gone bool
			cerr := rc.Control(func(fd uintptr) {
				pfd := []unix.PollFd{{Fd: int32(fd)}}
				n, err := unix.Poll(pfd, 200)
				gone = err == nil && n > 0 && pfd[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
			})
			if cerr != nil {
				return
			}
			if gone {
				w.gone.Store(true)
				w.readerGone()
				return
			}
		}
	})
}

// Close stops the watcher and closes the file (nothing when it was never
// opened).
func (w *fifoWriter) Close() error {
	if w.stop != nil {
		close(w.stop)
		w.wg.Wait()
		w.stop = nil
	}
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	if errors.Is(err, syscall.EPIPE) {
		w.gone.Store(true)
	}
	return err
}

// releaseFifo opens and closes the write end of the fifo at path, so that a
// reader blocked in open(2) (dumpcap, when nlcap fails before its first
// write) sees the end of the stream instead of waiting forever. It waits up
// to wait for a reader; a path that is not a fifo, or that is gone, is left
// alone.
func releaseFifo(ctx context.Context, path string, wait time.Duration) {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	deadline := time.Now().Add(wait)
	for {
		fd, err := unix.Open(path, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err == nil {
			unix.Close(fd)
			return
		}
		if err != unix.ENXIO && err != unix.EINTR || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}
