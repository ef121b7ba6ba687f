// Command nlreplay sends the requests of a netlink capture to a live kernel,
// in a fresh network namespace by default, and says, request by request,
// whether the kernel answered as it did in the capture. See docs/replay.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}
