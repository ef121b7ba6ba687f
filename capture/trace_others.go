//go:build !linux || !(amd64 || arm64)

package capture

import (
	"fmt"
	"os"
	"runtime"

	"github.com/nlcap/nlcap"
)

func errTraceNotSupported() error {
	return fmt.Errorf("trace: %w on %s/%s (needs linux on amd64 or arm64)", nlcap.ErrNotSupported, runtime.GOOS, runtime.GOARCH)
}

// A Tracer records the netlink traffic of processes. It is not supported on
// this platform (it needs Linux on amd64 or arm64).
type Tracer struct{}

// RunTraceHelper returns at once on this platform.
func RunTraceHelper() {}

// Trace is not supported on this platform.
func Trace(argv []string, cfg *TraceConfig) (*Tracer, error) { return nil, errTraceNotSupported() }

// Attach is not supported on this platform.
func Attach(pids []int, cfg *TraceConfig) (*Tracer, error) { return nil, errTraceNotSupported() }

// ReadRecord is not supported on this platform.
func (t *Tracer) ReadRecord() (nlcap.Record, error) { return nlcap.Record{}, errTraceNotSupported() }

// ReadRecordInto is not supported on this platform.
func (t *Tracer) ReadRecordInto(r *nlcap.Record) error { return errTraceNotSupported() }

// Stop is not supported on this platform.
func (t *Tracer) Stop() {}

// Signal is not supported on this platform.
func (t *Tracer) Signal(sig os.Signal) error { return errTraceNotSupported() }

// ExitCode is not supported on this platform.
func (t *Tracer) ExitCode() int { return -1 }

// Stats is not supported on this platform.
func (t *Tracer) Stats() TraceStats { return TraceStats{} }

// Close is not supported on this platform.
func (t *Tracer) Close() error { return errTraceNotSupported() }
