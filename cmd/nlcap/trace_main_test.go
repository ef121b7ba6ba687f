package main

import (
	"os"
	"testing"

	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/internal/testutil"
)

// testClientMain, when not nil, is the netlink client that process-capture
// tests run as a traced program (trace_client_linux_test.go).
var testClientMain func(args []string)

// removeTestBin removes the copy of the test binary, if one was made.
var removeTestBin = func() {}

// TestMain lets the test binary stand in for the programs the
// process-capture tests run: the tracer's own helpers (capture.RunTraceHelper),
// nlcap itself (NLCAP_TEST_AS=nlcap) and a netlink client
// (NLCAP_TEST_AS=nlclient). A copy of it, readable by every user, serves the
// unprivileged runs. The process tests of issue 16 (signals, pipes, write
// faults) run nlcap's main through internal/testutil's Command.
func TestMain(m *testing.M) {
	testutil.MainIfChild("nlcap", main)
	capture.RunTraceHelper()
	switch os.Getenv("NLCAP_TEST_AS") {
	case "nlcap":
		os.Unsetenv("NLCAP_TEST_AS")
		main()
	case "nlclient":
		if testClientMain == nil {
			os.Stderr.WriteString("nlclient: not on this platform\n")
			os.Exit(2)
		}
		testClientMain(os.Args[1:])
		os.Exit(0)
	}
	code := m.Run()
	removeTestBin()
	os.Exit(code)
}
