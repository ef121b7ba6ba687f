// Command lab is nlcap's real-kernel test lab. It boots Debian's kernel
// (with nlmon) in QEMU TCG from an initramfs it builds, runs the e2e test
// binary as root inside, and brings back the output, the exit status and
// the artifacts. See README.md ("Tests") and e2e/doc.go.
//
// Usage:
//
//	lab e2e [flags]        build, boot main + e2e/boots/*.conf, then the TestHost* checks
//	lab selfcheck [flags]  the main boot without nlmon must FAIL
//	lab captures [flags]   run e2e/scenarios/<name>.sh under tcpdump, write pcaps + provenance
//	lab demo [flags]       run e2e/scenarios/demo.sh and print its console output
//
// A boot that runs e2e's TestPackagePrivileged also gets the `go test -c`
// binaries of the packages whose tests read NLCAP_TEST_PRIVILEGED (capture,
// replay, cmd/nlreplay; see pkgtests.go): that test runs them as root there.
//
// In the guest the same static binary is /init (guest agent) and offers
// two helpers to scenario scripts: `/init now` and `/init exec -- cmd...`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Console markers shared by the guest agent and the host.
const (
	markBegin = "@@NLCAP-LAB-BEGIN@@"
	markExit  = "@@NLCAP-LAB-EXIT status="
	// markHost starts a console line by which a capture scenario asks the
	// host to send a QEMU monitor command (e2e/scenarios/lib.sh
	// host_request; the commands of hostCommands only).
	markHost = "@@NLCAP-LAB-HOST "
)

func main() {
	if os.Getpid() == 1 {
		guestMain()
		return
	}
	os.Exit(run(os.Args[1:]))
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: lab e2e|selfcheck|captures|demo [flags]   (host)
       lab now | lab exec -- CMD [ARG...]          (guest helpers for scenario scripts)
Run "lab COMMAND -h" for the flags of a command.
`)
}

func run(args []string) int {
	if len(args) == 0 {
		usage()
		return 2
	}
	switch args[0] {
	case "now":
		return cmdNow()
	case "exec":
		return cmdExec(args[1:])
	case "e2e", "selfcheck", "captures", "demo":
	case "-h", "-help", "--help", "help":
		usage()
		return 0
	default:
		fmt.Fprintf(os.Stderr, "lab: unknown command %q\n", args[0])
		usage()
		return 2
	}
	o := defaultOptions()
	fs := flag.NewFlagSet("lab "+args[0], flag.ContinueOnError)
	o.register(fs, args[0])
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "lab: unexpected arguments %q\n", fs.Args())
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	h, err := newHarness(o)
	if err == nil {
		err = h.lockOut(ctx)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab: %v\n", err)
		return 1
	}
	switch args[0] {
	case "e2e":
		err = h.e2e(ctx)
	case "selfcheck":
		err = h.selfcheck(ctx)
	case "captures":
		err = h.captures(ctx)
	case "demo":
		err = h.demo(ctx)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab %s: FAIL: %v\n", args[0], err)
		if ctx.Err() != nil {
			return 130
		}
		return 1
	}
	return 0
}

// splitList splits a comma- or space-separated list.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
