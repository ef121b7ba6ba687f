package capture

import "io"

// A ServeConfig configures [Serve]. Handler is required; the other fields
// have the defaults of the same fields of [TraceConfig].
type ServeConfig struct {
	// Handler answers what the program sends on its netlink sockets.
	Handler ServeHandler

	// Stdin, Stdout and Stderr are the command's standard files; nil means
	// the caller's own.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Env is the command's environment; nil means os.Environ().
	Env []string
	// Dir is the command's working directory; "" means the caller's.
	Dir string
}

// A ServeHandler plays the kernel for the netlink sockets of a program run
// by [Serve]. Its methods are called from several goroutines, one per
// socket at a time.
type ServeHandler interface {
	// Request is called with each datagram the program sends on s (after
	// s is bound: a sending socket is autobound first, as by the kernel).
	// The handler answers with [ServedSocket.Send].
	Request(s *ServedSocket, datagram []byte)
	// Waiting is called when the program is about to receive on s and
	// nothing is queued for it: the moment a kernel event could arrive.
	// The handler may Send a notification.
	Waiting(s *ServedSocket)
}
