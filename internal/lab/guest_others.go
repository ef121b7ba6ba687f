//go:build !linux

package main

import (
	"fmt"
	"os"
	"runtime"
)

// guestMain only exists in the Linux guest.
func guestMain() {
	fmt.Fprintf(os.Stderr, "lab: the guest agent is not supported on %s\n", runtime.GOOS)
	os.Exit(1)
}
