package main

import (
	"io"
)

// openPrinter returns the live decoder of captures without -w: the printer
// of nlcap -r (printer.go, package render), which learns generic netlink
// names as it goes.
func openPrinter(o *options, stdout io.Writer) (recordPrinter, error) {
	return newPrinter(o, stdout), nil
}

var _ recordPrinter = (*printer)(nil)
