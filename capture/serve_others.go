//go:build !linux || !(amd64 || arm64)

package capture

import (
	"fmt"
	"os"
	"time"

	"github.com/nlcap/nlcap"
)

// A Server runs a program whose netlink sockets are served by a
// [ServeHandler] (Linux amd64 and arm64 only).
type Server struct{}

// A ServedSocket is one emulated netlink socket of a served program.
type ServedSocket struct{}

// Protocol returns the netlink protocol the socket was opened with.
func (s *ServedSocket) Protocol() int { return 0 }

// Port returns the socket's port id (0 before it is bound).
func (s *ServedSocket) Port() uint32 { return 0 }

// Joined reports whether the socket is a member of a multicast group.
func (s *ServedSocket) Joined() bool { return false }

// Send queues a datagram for the program to receive on the socket.
func (s *ServedSocket) Send(datagram []byte) {}

// Serve is not supported on this system.
func Serve(argv []string, cfg *ServeConfig) (*Server, error) {
	return nil, fmt.Errorf("serve: %w on this system (Linux amd64 and arm64 only)", nlcap.ErrNotSupported)
}

// RunServeHelper returns at once on this system.
func RunServeHelper() {}

// Wait waits for the command to end.
func (s *Server) Wait() (int, error) { return -1, nlcap.ErrNotSupported }

// Signal sends sig to the command.
func (s *Server) Signal(sig os.Signal) error { return nlcap.ErrNotSupported }

// Idle returns how long the program's netlink sockets have been idle.
func (s *Server) Idle() time.Duration { return 0 }
