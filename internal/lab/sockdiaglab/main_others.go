//go:build !linux

package main

import (
	"fmt"
	"os"
)

// main fails: AF_XDP, AF_SMC and sock_diag are Linux's (main_linux.go).
func main() {
	fmt.Fprintln(os.Stderr, "sockdiaglab: AF_XDP, AF_SMC and sock_diag exist on linux only")
	os.Exit(1)
}
