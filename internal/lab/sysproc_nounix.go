//go:build !unix

package main

import (
	"os"
	"syscall"
)

// sysProcAttr has nothing to set where there are no process groups; the lab
// only runs on Linux hosts, this keeps `GOOS=windows go vet ./...` working.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// killGroup kills the process pid.
func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

// tryLock does not lock where there is no flock.
func tryLock(*os.File) (bool, error) { return true, nil }
