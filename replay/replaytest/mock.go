package replaytest

import (
	"testing"

	"github.com/nlcap/nlcap/replay"
)

// NewMock reads the capture at path into a [replay.Mock] with cfg (nil for
// the defaults), failing the test if the capture cannot be read. When the
// test ends it fails the test, at the line that called NewMock, for every
// request the mock could not match (strict or not: code under test often
// tolerates errors, so the error it got may have been swallowed), with the
// closest recorded request and what differs; with
// cfg.RequireAllServed, also for every recorded exchange left unserved (see
// [replay.Mock.Check]).
func NewMock(t testing.TB, path string, cfg *replay.MockConfig) *replay.Mock {
	t.Helper()
	s, err := ReadScript(path)
	if err != nil {
		t.Fatalf("replaytest: %v", err)
	}
	m := replay.NewMock(s, cfg)
	t.Cleanup(func() {
		// Helper: testing then reports the line where the cleanup was
		// registered, skipping NewMock (a helper too): the test's line.
		t.Helper()
		checkMock(t, path, m)
	})
	return m
}

// checkMock reports each failure of m.Check as one test error.
func checkMock(t testing.TB, path string, m *replay.Mock) {
	t.Helper()
	err := m.Check()
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			t.Errorf("replaytest: %s: %v", path, e)
		}
		return
	}
	t.Errorf("replaytest: %s: %v", path, err)
}
