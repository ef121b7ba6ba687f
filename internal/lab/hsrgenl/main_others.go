//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: HSR is Linux's generic netlink family (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "hsrgenl: generic netlink exists on linux only")
	os.Exit(1)
}
