package main

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// The process tests run nlcap's main in a child process: the test binary
// itself, re-executed with NLCAP_TEST_MAIN=1 (signals, pipes, file size
// limits and exit statuses are those of the real command).
func TestMain(m *testing.M) {
	if os.Getenv("NLCAP_TEST_MAIN") == "1" {
		os.Args = append([]string{"nlcap"}, os.Args[1:]...)
		main()
		os.Exit(0) // not reached: main exits
	}
	os.Exit(m.Run())
}

// nlcapCmd returns a command that runs nlcap's main with args.
func nlcapCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "NLCAP_TEST_MAIN=1")
	return cmd
}

// shellCmd returns /bin/sh -c script, with $NLCAP naming a command that
// runs nlcap's main.
func shellCmd(t *testing.T, script string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Env = append(os.Environ(), "NLCAP_TEST_MAIN=1", "NLCAP="+exe)
	return cmd
}

// runProcess runs cmd and returns its stdout, stderr and exit status.
func runProcess(t *testing.T, cmd *exec.Cmd) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	cmd.Stderr = &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// shellArgs appends args to a shellCmd ($0, $1... of its script).
func shellArgs(cmd *exec.Cmd, args ...string) *exec.Cmd {
	cmd.Args = append(cmd.Args, args...)
	return cmd
}
