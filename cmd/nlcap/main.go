// Command nlcap captures netlink traffic through an nlmon interface and
// decodes netlink captures, the way tcpdump does for Ethernet.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nlcap/nlcap/capture"
)

func main() {
	capture.RunTraceHelper() // the launcher and waker of process capture; returns in nlcap itself
	if maybeReaper() {       // -Z's helper that deletes the temporary link
		return
	}
	// With SIGPIPE notified, a write to a closed pipe (nlcap -w - | head)
	// returns EPIPE instead of killing nlcap before it deletes its link.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// The first signal stops the capture, which then drains and deletes its
	// link; a second one kills nlcap at once (the next run deletes the link
	// it left, see docs/capture.md), as a second Ctrl-C does to tcpdump's
	// drain.
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}
