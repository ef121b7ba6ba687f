//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: gtp is a Linux link and generic netlink family (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "gtpgenl: gtp links and generic netlink exist on linux only")
	os.Exit(1)
}
