package main

import (
	"context"
	"errors"
	"io"
)

// runCapture captures live. TODO: implemented by the capture work (issue 4).
func runCapture(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	return errors.New("live capture is not implemented yet")
}
