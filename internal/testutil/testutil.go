// Package testutil holds helpers shared by the tests of several packages:
// capture files built in memory, and process tests that run a command's
// main in a child process (the test binary itself, re-executed).
package testutil

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// CaptureBytes returns recs written by a pcap.Writer configured by cfg
// (nil: classic pcap, the defaults).
func CaptureBytes(tb testing.TB, cfg *pcap.WriterConfig, recs []nlcap.Record) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range recs {
		if err := w.WriteRecord(r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// mainEnv set to 1 makes MainIfChild run the command's main.
const mainEnv = "NLCAP_TEST_MAIN"

// MainIfChild is for TestMain: in a test binary started by [Command], it
// runs the command's main as the command name would (main exits);
// otherwise it returns and the tests run.
func MainIfChild(name string, main func()) {
	if os.Getenv(mainEnv) == "1" {
		os.Args = append([]string{name}, os.Args[1:]...)
		main()
		os.Exit(0) // not reached: main exits
	}
}

// Command returns a command that runs the test binary's main (see
// [MainIfChild]) with args. Its environment also names the binary in
// $EXE, for shell scripts: exec.Command("/bin/sh", "-c", `"$EXE" -r f |
// head`) with Env set from Command's.
func Command(tb testing.TB, args ...string) *exec.Cmd {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1", "EXE="+exe)
	return cmd
}

// Shell returns /bin/sh -c script with the environment of [Command]:
// "$EXE" runs the command's main; args are $0, $1...
func Shell(tb testing.TB, script string, args ...string) *exec.Cmd {
	tb.Helper()
	cmd := Command(tb)
	cmd.Path, cmd.Args = "/bin/sh", append([]string{"sh", "-c", script}, args...)
	return cmd
}

// Run runs cmd and returns its stdout (unless cmd.Stdout is set), stderr
// and exit status; a command that cannot start fails the test.
func Run(tb testing.TB, cmd *exec.Cmd) (string, string, int) {
	tb.Helper()
	var out, errb bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	cmd.Stderr = &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		tb.Fatalf("%v: %v", cmd.Args, err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// Head runs cmd, reads the first n bytes of its standard output and closes
// the pipe, as `cmd | head -c n` does (without a shell: busybox has no
// pipefail), then returns its stderr and exit status.
func Head(tb testing.TB, cmd *exec.Cmd, n int) (string, int) {
	tb.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	if _, err := io.ReadFull(out, make([]byte, n)); err != nil {
		tb.Errorf("%v: reading %d bytes of its output: %v", cmd.Args, n, err)
	}
	out.Close()
	err = cmd.Wait()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		tb.Fatalf("%v: %v", cmd.Args, err)
	}
	return errb.String(), cmd.ProcessState.ExitCode()
}
