// Package replaytest helps users' tests built from netlink captures, on any
// OS and without root:
//
//   - [CheckGolden] decodes a capture and compares what nlcap -r -vv prints
//     of it (or nlcap -r --json) with a golden file; `go test -update`
//     rewrites the golden file instead.
//   - [NewMock] reads a capture into a [replay.Mock] (a mock kernel for
//     mdlayher/netlink and genetlink code) and reports, when the test ends,
//     the requests the mock could not match.
//
// A golden test of a capture:
//
//	func TestDumpLinks(t *testing.T) {
//		replaytest.CheckGolden(t, "testdata/links.pcapng", "testdata/links.golden")
//	}
//
// A mock kernel test:
//
//	func TestListLinks(t *testing.T) {
//		m := replaytest.NewMock(t, "testdata/links.pcapng", &replay.MockConfig{Strict: true})
//		c := m.Dial(unix.NETLINK_ROUTE)
//		defer c.Close()
//		links, err := mypkg.ListLinks(c)
//		...
//	}
//
// Against a live kernel, in CI with root, `nlreplay --check FILE` re-sends
// the capture's requests and exits 1 when an answer differs from the
// recorded one ([replay.Compare]).
//
// # The -update flag
//
// Importing replaytest registers the boolean test flag -update (as
// gotest.tools/golden does); a test package that imports replaytest must
// not define its own flag of that name. [GoldenOptions.Update] forces an
// update from code.
//
// # Golden text format
//
// A golden file is what `nlcap -r -vv FILE` prints with TZ=UTC (package
// render, the toolkit's one renderer): per netlink message the one-line
// summary (time, family, direction, type, flags, seq, pid, length and
// summary), then the fixed header, the attribute tree (four spaces per
// level) and the NLMSG_ERROR details; a record the reader cannot read
// prints a "[malformed record N: WHY]" marker. A ".json" golden file holds
// what `nlcap -r --json` prints: one object per message (docs/json.md).
// Generic netlink families are named from the whole capture (nlctrl
// messages and nlcap's pcapng section comment), as nlcap -r does. Strings
// from the capture are escaped. The format follows what package dissect
// knows: a newer dissect may name more, and the golden file is then
// regenerated with -update.
package replaytest
