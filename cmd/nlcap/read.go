package main

import (
	"context"
	"errors"
	"io"
)

// runRead decodes o.read. TODO: implemented by the dissect work (issue 2).
func runRead(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	return errors.New("reading is not implemented yet")
}
