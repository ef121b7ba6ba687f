//go:build !linux

package main

import (
	"context"
	"os"
	"sync/atomic"
	"time"
)

// A fifoWriter writes an extcap capture to a path opened at the first write
// (the nlmon capture it serves is Linux-only; see extcap_fifo_linux.go).
type fifoWriter struct {
	path       string
	ctx        context.Context
	readerGone func()

	f      *os.File
	opened bool // the path was opened once
	gone   atomic.Bool
}

func (w *fifoWriter) Write(p []byte) (int, error) {
	if w.f == nil {
		f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return 0, err
		}
		w.f, w.opened = f, true
	}
	return w.f.Write(p)
}

// Close closes the file (nothing when it was never opened).
func (w *fifoWriter) Close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// releaseFifo does nothing: dumpcap's fifos are a Linux matter here.
func releaseFifo(context.Context, string, time.Duration) {}
