package main

import (
	"os"
	"testing"

	"github.com/nlcap/nlcap/internal/testutil"
)

// The process tests run nlcap's main in a child process, the test binary
// re-executed (testutil.Command): signals, pipes, file size limits and exit
// statuses are those of the real command.
func TestMain(m *testing.M) {
	testutil.MainIfChild("nlcap", main)
	os.Exit(m.Run())
}
