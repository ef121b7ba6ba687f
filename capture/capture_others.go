//go:build !linux

package capture

import (
	"fmt"
	"runtime"
	"time"

	"github.com/nlcap/nlcap"
)

func errNotSupported() error { return fmt.Errorf("%w on %s", nlcap.ErrNotSupported, runtime.GOOS) }

// A Link is an nlmon link made by [CreateLink].
type Link struct {
	Name  string // interface name
	Index int    // interface index inside its namespace
}

// CreateLink is not supported on this platform.
func CreateLink(name string, cfg *Config) (*Link, error) { return nil, errNotSupported() }

// Delete is not supported on this platform.
func (l *Link) Delete() error { return errNotSupported() }

// DeleteLinkByName is not supported on this platform.
func DeleteLinkByName(name string, cfg *Config) error { return errNotSupported() }

// CleanupStale is not supported on this platform.
func CleanupStale(cfg *Config) ([]string, error) { return nil, errNotSupported() }

// A Conn reads records from an nlmon link. It is not supported on this
// platform.
type Conn struct{}

// Listen is not supported on this platform.
func Listen(ifname string, cfg *Config) (*Conn, error) { return nil, errNotSupported() }

// ReadRecord is not supported on this platform.
func (c *Conn) ReadRecord() (nlcap.Record, error) { return nlcap.Record{}, errNotSupported() }

// ReadRecordInto is not supported on this platform.
func (c *Conn) ReadRecordInto(r *nlcap.Record) error { return errNotSupported() }

// ReadBatch is not supported on this platform.
func (c *Conn) ReadBatch(fn func(*nlcap.Record) error) error { return errNotSupported() }

// Drain is not supported on this platform.
func (c *Conn) Drain(fn func(*nlcap.Record) error) error { return errNotSupported() }

// SetDeadline is not supported on this platform.
func (c *Conn) SetDeadline(t time.Time) error { return errNotSupported() }

// Stats is not supported on this platform.
func (c *Conn) Stats() (Stats, error) { return Stats{}, errNotSupported() }

// Close is not supported on this platform.
func (c *Conn) Close() error { return errNotSupported() }

// DumpGenlFamilies is not supported on this platform.
func DumpGenlFamilies(cfg *Config) ([]GenlFamily, error) { return nil, errNotSupported() }
