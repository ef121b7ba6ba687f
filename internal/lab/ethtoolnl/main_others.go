//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: ethtool's netlink interface is Linux's (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "ethtoolnl: generic netlink exists on linux only")
	os.Exit(1)
}
