package replaytest

import (
	"testing"

	"github.com/nlcap/nlcap/replay"
)

// NewMock reads the capture at path into a [replay.Mock] with cfg (nil for
// the defaults), failing the test if the capture cannot be read. When the
// test ends it reports every request the mock could not match: as test
// errors in non-strict mode, where the code under test only saw
// EOPNOTSUPP and may have hidden it (in strict mode the code under test
// got the error itself).
func NewMock(t testing.TB, path string, cfg *replay.MockConfig) *replay.Mock {
	t.Helper()
	s, err := ReadScript(path)
	if err != nil {
		t.Fatalf("replaytest: %v", err)
	}
	m := replay.NewMock(s, cfg)
	strict := cfg != nil && cfg.Strict
	t.Cleanup(func() {
		if strict {
			return
		}
		for _, e := range m.Unmatched() {
			t.Errorf("replaytest: %s: %v", path, e)
		}
	})
	return m
}
