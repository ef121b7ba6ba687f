//go:build !linux

package main

import (
	"io"
	"os"
)

// isTerminal reports whether w is a character device, most likely a
// terminal (live capture is Linux-only: this only serves the build).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
