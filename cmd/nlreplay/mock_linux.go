//go:build linux && (amd64 || arm64)

package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
)

// init runs the launcher of the served command when nlreplay (or its test
// binary) was re-executed as one by capture.Serve.
func init() { capture.RunServeHelper() }

// mockHandler plays the kernel for a served command's netlink sockets.
type mockHandler struct {
	m     *replay.Mock
	diag  io.Writer
	mu    sync.Mutex
	socks map[*capture.ServedSocket]*replay.MockSocket
}

func (h *mockHandler) socket(s *capture.ServedSocket) *replay.MockSocket {
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, ok := h.socks[s]
	if !ok {
		ms = h.m.Socket(nlcap.Family(s.Protocol()))
		h.socks[s] = ms
	}
	return ms
}

// Request answers a datagram from the recorded exchanges.
func (h *mockHandler) Request(s *capture.ServedSocket, datagram []byte) {
	answers, uerr, err := h.socket(s).Serve(datagram, s.Port())
	if err != nil {
		fmt.Fprintf(h.diag, "nlreplay: mock: %s socket, port %d: %s\n", nlcap.Family(s.Protocol()), s.Port(), render.Text(err.Error()))
	}
	if uerr != nil {
		fmt.Fprintf(h.diag, "nlreplay: %s\n", uerr.Error()) // "replay: mock: unexpected request...", escaped by UnmatchedError
	}
	for _, a := range answers {
		s.Send(a)
	}
}

// Waiting delivers the next recorded notification to a socket that joined
// a multicast group.
func (h *mockHandler) Waiting(s *capture.ServedSocket) {
	if !s.Joined() {
		return
	}
	if b := h.socket(s).Notification(); b != nil {
		s.Send(b)
	}
}

// serveCommand runs o.argv served by m and returns its exit status.
func serveCommand(ctx context.Context, m *replay.Mock, o *mockOptions, stdout io.Writer, diag io.Writer) (int, error) {
	h := &mockHandler{m: m, diag: diag, socks: map[*capture.ServedSocket]*replay.MockSocket{}}
	srv, err := capture.Serve(o.argv, &capture.ServeConfig{Handler: h, Stdout: stdout, Stderr: diag})
	if err != nil {
		return 0, usageError{err}
	}
	var idled sync.Once
	ended := make(chan struct{})
	idleEnd := false
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ended:
				return
			case <-ctx.Done():
				_ = srv.Signal(syscall.SIGTERM)
				return
			case <-tick.C:
				if o.idle > 0 && srv.Idle() >= o.idle {
					idled.Do(func() {
						idleEnd = true
						_ = srv.Signal(syscall.SIGTERM)
						time.AfterFunc(2*time.Second, func() { _ = srv.Signal(syscall.SIGKILL) })
					})
				}
			}
		}
	}()
	code, err := srv.Wait()
	close(ended)
	if err != nil {
		return code, err
	}
	if idleEnd && (code == 128+int(syscall.SIGTERM) || code == 128+int(syscall.SIGKILL)) {
		fmt.Fprintf(diag, "nlreplay: mock: %s ended after its netlink sockets were idle for %v (--mock-idle)\n", render.Text(o.argv[0]), o.idle)
		code = 0
	}
	return code, nil
}
