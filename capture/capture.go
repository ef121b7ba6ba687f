package capture

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
)

// Operation names used in errors.
const (
	opCreate  = "create nlmon link"
	opDelete  = "delete nlmon link"
	opLookup  = "look up link"
	opListen  = "listen"
	opRead    = "read"
	opStats   = "read packet statistics"
	opCleanup = "clean up stale links"
	opNetNS   = "open network namespace"
)

// Defaults used when a [Config] field is zero.
const (
	// DefaultSnapLen is the snapshot length used when Config.SnapLen is 0:
	// libpcap's 262144, larger than any netlink datagram.
	DefaultSnapLen = nlcap.DefaultSnapLen
	// DefaultBufferSize is the receive ring (and socket receive buffer)
	// used when Config.BufferSize is 0: 4 MiB, twice libpcap's default. A
	// ring holds records at their size plus 96 bytes, so it holds as much as
	// a socket buffer several times larger (which counts every queued
	// record's whole sk_buff).
	DefaultBufferSize = 4 << 20
)

// LinkPrefix starts the name of every link made by [LinkName].
const LinkPrefix = "nlcap"

// A Config configures [CreateLink] and [Listen]. A nil *Config is the same as
// a zero Config: every field has a documented default.
type Config struct {
	// SnapLen is the snapshot length, counted as tcpdump's -s, the pcap
	// file header and pcap.WriterConfig count it: the most bytes kept of
	// a record, its 16-byte cooked header included, so at most SnapLen-16
	// bytes of netlink messages (Record.Data); longer records are
	// truncated and keep their original length in Record.OrigLen. 0 means
	// DefaultSnapLen; it must be more than 16.
	SnapLen int

	// Families, when not empty, keeps only records of these netlink
	// families. The filter runs in the kernel (a classic BPF program on the
	// packet's protocol, which nlmon sets to the family), so other records
	// never reach the socket and are not counted as received.
	Families []nlcap.Family

	// BufferSize is the size in bytes of the receive ring shared with the
	// kernel (PACKET_RX_RING, TPACKET_V3; also the socket receive buffer).
	// 0 means DefaultBufferSize. A larger buffer absorbs longer bursts.
	BufferSize int

	// NoRing reads records from the socket queue, one system call each,
	// instead of from a receive ring. It exists for comparison and for
	// kernels that refuse the ring.
	NoRing bool

	// NetNS, when not 0, is a file descriptor of a network namespace (for
	// example from [OpenNetNS]): the link is created and the socket opened
	// inside it. 0 means the calling thread's namespace.
	NetNS int
}

// snapLen returns the most netlink bytes kept of a record (SnapLen
// without the cooked header); Listen refuses a result below 1.
func (c *Config) snapLen() int {
	if c == nil || c.SnapLen <= 0 {
		return DefaultSnapLen - nlcap.PseudoHeaderLen
	}
	return c.SnapLen - nlcap.PseudoHeaderLen
}

func (c *Config) bufferSize() int {
	if c == nil || c.BufferSize <= 0 {
		return DefaultBufferSize
	}
	return c.BufferSize
}

func (c *Config) noRing() bool { return c != nil && c.NoRing }

func (c *Config) netNS() int {
	if c == nil {
		return 0
	}
	return c.NetNS
}

func (c *Config) families() []nlcap.Family {
	if c == nil {
		return nil
	}
	return c.Families
}

// Stats are the kernel's counters for a [Conn], accumulated since it was
// opened (the kernel resets PACKET_STATISTICS each time it is read).
type Stats struct {
	// Received counts records that passed the filter, including dropped
	// ones (tcpdump's "received by filter").
	Received uint64
	// Dropped counts records the kernel could not queue because the
	// receive buffer was full (tcpdump's "dropped by kernel").
	Dropped uint64
}

// LinkName returns the name of the temporary link of this process:
// "nlcap<pid>" (at most 12 characters, under IFNAMSIZ-1 = 15).
func LinkName() string { return linkNameFor(os.Getpid()) }

func linkNameFor(pid int) string { return LinkPrefix + strconv.Itoa(pid) }

// linkPID returns the pid encoded in a name made by LinkName.
func linkPID(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, LinkPrefix)
	if !ok || s == "" || len(s) > 10 || s[0] == '0' {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	pid, err := strconv.Atoi(s)
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, true
}

// A PermissionError reports a missing capability. It unwraps to the system
// call error, so errors.Is(err, os.ErrPermission) holds.
type PermissionError struct {
	Op         string // operation, such as "create nlmon link"
	Capability string // "CAP_NET_ADMIN" or "CAP_NET_RAW"
	Err        error
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("%s: %v: needs %s (run as root or grant the capability)", e.Op, e.Err, e.Capability)
}

// Unwrap returns the underlying error.
func (e *PermissionError) Unwrap() error { return e.Err }

// A NoNlmonError reports a kernel without the nlmon link type. It matches
// errors.Is(err, nlcap.ErrNotSupported).
type NoNlmonError struct {
	Err error
}

func (e *NoNlmonError) Error() string {
	return fmt.Sprintf("%s: kernel has no nlmon: modprobe nlmon or CONFIG_NLMON (%v)", opCreate, e.Err)
}

// Unwrap returns the underlying error.
func (e *NoNlmonError) Unwrap() error { return e.Err }

// Is reports whether target is nlcap.ErrNotSupported.
func (e *NoNlmonError) Is(target error) bool { return target == nlcap.ErrNotSupported }

// ErrNotNlmon is returned (wrapped) by [Listen] when the named link is not an
// nlmon link.
var ErrNotNlmon = errors.New("not an nlmon link")

// A GenlFamily is one entry of the kernel's generic netlink family table.
type GenlFamily struct {
	ID   uint16 // dynamic per boot except nlctrl (0x10)
	Name string // "nlctrl", "ethtool", ...
}
