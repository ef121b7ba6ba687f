//go:build !linux

package main

import (
	"fmt"
	"runtime"

	"github.com/nlcap/nlcap"
)

func maybeReaper() bool { return false }

type reaper struct{}

func startReaper(name, nsPath string) (*reaper, error) {
	return nil, fmt.Errorf("%w on %s", nlcap.ErrNotSupported, runtime.GOOS)
}

func (r *reaper) finish() error { return nil }

func lookupUser(name string) (uid, gid int, err error) {
	return 0, 0, fmt.Errorf("-Z: %w on %s", nlcap.ErrNotSupported, runtime.GOOS)
}

func dropPrivileges(uid, gid int) error {
	return fmt.Errorf("-Z: %w on %s", nlcap.ErrNotSupported, runtime.GOOS)
}
