//go:build !linux

package main

import "syscall"

// sysProcAttr puts QEMU in its own process group, killed as a whole.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
