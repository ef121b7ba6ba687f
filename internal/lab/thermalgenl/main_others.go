//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: thermal is Linux's generic netlink family (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "thermalgenl: generic netlink exists on linux only")
	os.Exit(1)
}
