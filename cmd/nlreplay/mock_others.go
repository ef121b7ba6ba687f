//go:build !linux || !(amd64 || arm64)

package main

import (
	"context"
	"io"

	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/replay"
)

// serveCommand needs Linux (amd64, arm64): capture.Serve says so.
func serveCommand(ctx context.Context, m *replay.Mock, o *mockOptions, stdout io.Writer, diag io.Writer) (int, error) {
	_, err := capture.Serve(o.argv, &capture.ServeConfig{Handler: nil})
	return 0, usageError{err}
}
