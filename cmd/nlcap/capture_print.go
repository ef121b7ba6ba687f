package main

import (
	"errors"
	"io"
)

// openPrinter returns the live decoder of -v captures without -w.
// TODO(capture): switch to newPrinter from read.go once it lands.
func openPrinter(o *options, stdout io.Writer) (recordPrinter, error) {
	return nil, errors.New("live decoding is not available yet; use -w FILE")
}
