// Command nlreplay sends the requests of a netlink capture to a live kernel,
// in a fresh network namespace by default, and says, request by request,
// whether the kernel answered as it did in the capture. See docs/replay.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	// NLREPLAY_CPUPROFILE=FILE writes a CPU profile (go tool pprof).
	var prof *os.File
	if p := os.Getenv("NLREPLAY_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "nlreplay: NLREPLAY_CPUPROFILE: %v\n", err)
		}
		prof = f
	}
	code := exitCode(realMain(), os.Stderr)
	if prof != nil {
		pprof.StopCPUProfile()
		prof.Close()
	}
	os.Exit(code)
}

func realMain() error {
	// With SIGPIPE notified, a write to a closed pipe (nlreplay -d f |
	// head) returns EPIPE, which ends nlreplay quietly (exitCode).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	// The first signal stops the replay (which then deletes its
	// namespace and links); a second one kills nlreplay at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}
