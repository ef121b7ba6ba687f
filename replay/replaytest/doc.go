// Package replaytest helps users' tests built from netlink captures, on any
// OS and without root:
//
//   - [CheckGolden] decodes a capture with package dissect and compares the
//     text (or JSON) with a golden file; `go test -update` rewrites the
//     golden file instead.
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
// One block per record, in capture order: a line "#N family", then per
// message its direction, type name, flag names, seq and pid, then the
// generic netlink header, the family's fixed header fields, the attribute
// tree (two spaces per level), the NLMSG_ERROR / NLMSG_DONE details and
// any decoding problem. Timestamps are left out. The format follows what
// package dissect knows: a newer dissect may name more, and the golden file
// is then regenerated with -update.
package replaytest
