//go:build !linux

package replay

import (
	"fmt"
	"os"
	"runtime"

	"github.com/nlcap/nlcap"
)

func errNotSupported() error { return fmt.Errorf("%w on %s", nlcap.ErrNotSupported, runtime.GOOS) }

// NewNetNS creates a fresh network namespace. It is supported on Linux only.
func NewNetNS() (*os.File, error) { return nil, errNotSupported() }

// InNetNS runs fn inside a network namespace. It is supported on Linux only.
func InNetNS(fd int, fn func() error) error {
	if fd <= 0 {
		return fn()
	}
	return errNotSupported()
}
