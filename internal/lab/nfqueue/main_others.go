//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: nfnetlink_queue and nfnetlink_log are Linux's
// (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "nfqueue: netlink netfilter queues exist on linux only")
	os.Exit(1)
}
