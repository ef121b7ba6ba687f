// Package replay turns a netlink capture into data that can be replayed: a
// [Script] of request/answer exchanges (pure Go, no I/O, any OS), a mock
// kernel for tests built from it ([NewMock]), a comparison of recorded and
// live answers ([Compare]), and on Linux a live player that re-sends the
// captured requests to a kernel ([Play]).
//
// # Pairing rule
//
// [NewScript] walks the records in capture order. A record whose first
// message carries NLM_F_REQUEST (or that a pcapng flag marks to-kernel) is a
// request: it becomes one [Exchange], kept whole as it was sent (an nft
// BEGIN…END batch is one exchange; trailing bytes stay in
// [Exchange.Request]).
//
// Every message of a from-kernel record belongs to the oldest open exchange
// of the same family one of whose request messages has the same nlmsg_seq
// and nlmsg_pid. A request nlmsg_pid of 0 matches the kernel-assigned port id
// of the answer when that exchange is the only open one of the family with
// that seq (the port id is then remembered in [Exchange.Port]). A message
// that pairs with nothing, or that is a notification (no NLM_F_REQUEST, not
// an answer type, matching an exchange that expects no data answer), goes to
// [Script.Notifications].
//
// An exchange closes when each of its request messages that expects an
// answer has its final one: NLMSG_ERROR (an ACK is an NLMSG_ERROR with error
// 0), NLMSG_DONE for a dump, or, for a non-dump GET sent without NLM_F_ACK,
// its first reply without NLM_F_MULTI. A request message expects an answer
// when it carries NLM_F_ACK, is a dump (NLM_F_DUMP on a GET) or is a GET
// (rtnetlink types with type%4 == 2; for other families, any message without
// creation flags whose kind is not known). An exchange whose messages expect
// nothing (an nft batch without NLM_F_ACK) stays open for error messages
// until its sender sends the next request of that family; it is
// [Exchange.Complete] from the start.
//
// NB: the answer of an exchange that never closed (capture stopped, or
// messages lost to ENOBUFS) is whatever arrived; Complete is false.
//
// # Generic netlink ids
//
// genl family ids and multicast group ids are allocated at run time. The
// script learns the names from the CTRL_CMD_NEWFAMILY messages in the
// capture (lookup replies, dump parts, notifications) into
// [Script.GenlFamilies] and [Script.GenlGroups]; [Script.AddGenlFamilies]
// merges family names from elsewhere (nlcap's pcapng section comment).
// [Script.Rewrite] remaps family ids (nlmsg_type, CTRL_ATTR_FAMILY_ID) and
// the group ids of nlctrl requests (CTRL_ATTR_MCAST_GRP_ID) by name. Group
// memberships (bind nl_groups, NETLINK_ADD_MEMBERSHIP) are socket state
// that no tap records: they are neither in the script nor replayed.
//
// # Mock kernel
//
// [NewMock] turns a Script into a kernel for tests that need neither root
// nor Linux: [Mock.Func] is an nltest.Func (mdlayher/netlink/nltest),
// [Mock.Dial] gives a *netlink.Conn and [Mock.DialGenl] a
// *genetlink.Conn.
//
//	s, err := replay.ReadScript(r) // r: a pcap.Reader of the capture
//	m := replay.NewMock(s, &replay.MockConfig{Strict: true})
//	c := m.Dial(unix.NETLINK_ROUTE)
//	msgs, err := c.Execute(req) // the recorded answers of the matching request
//
// A live request (the messages of one Send or SendMessages) matches a
// recorded exchange when both have the same netlink family, the same
// number of messages, and for each message the same nlmsg_type (for genl,
// the same family id — the mock serves the capture's ids — and command),
// the same nlmsg_flags and the same body, after this normalisation:
// nlmsg_seq, nlmsg_pid and nlmsg_len are ignored; the body is zero-padded
// to NLMSG_ALIGN; the genlmsghdr version and reserved bytes are ignored
// (iproute2 sends version 0, mdlayher/genetlink 1). Nothing else is
// normalised: ifindexes, addresses and attribute order must be as
// recorded, which they are when the code under test learned them from the
// mock's own answers.
//
// The answers are the recorded ones, copied, with nlmsg_seq and nlmsg_pid
// (and those of the request header an NLMSG_ERROR echoes) set to the live
// request's (nlmsg_pid 0 becomes nltest.PID). A dump the capture did not
// see end gets an NLMSG_DONE, so that netlink.Conn does not wait forever.
//
// Generic netlink family lookups (CTRL_CMD_GETFAMILY doit by name or id)
// are answered from any CTRL_CMD_NEWFAMILY of the capture (a lookup
// reply, a dump part or a notification), whatever the order and flags of
// the recorded lookup: the reply without NLM_F_MULTI, then an ACK when the
// live request asks NLM_F_ACK. A family the capture names without
// describing it ([Script.AddGenlFamilies], from nlcap's pcapng comment) is
// described by its id, name and multicast groups. A lookup of a family the
// capture does not name is served by a recorded lookup of that name (the
// kernel's ENOENT), or is unmatched.
//
// Ordering: by default (unordered) a request is served by the first
// matching exchange not served yet, in capture order, and once all
// matching exchanges were served, by the last of them again (polling
// code). With [MockConfig.Ordered] the exchanges of each family are
// consumed in capture order, once each: a request must match the next
// one. Family lookups are exempt in both modes. nlcap's own family-table
// dump, which starts every nlcap -w capture (nlmsg_seq
// [capture.GenlDumpSeq]), teaches the mock genl ids and is otherwise no
// exchange: never matched, never unserved, invisible to Ordered mode (a
// client's ListFamilies is served by the dump the client made).
//
// Unmatched requests: with [MockConfig.Strict] the request fails with an
// [*UnmatchedError] (errors.Is [ErrUnexpectedRequest]) that names the
// closest recorded request (by index, type and record) and each differing
// field, followed by a line diff of both requests. Without Strict the
// request is answered NLMSG_ERROR EOPNOTSUPP (ENOENT for a genl family
// lookup), as by a kernel without the feature. In both modes the error is
// kept for [Mock.Unmatched] and [Mock.Check], so that a test fails even
// when the code under test swallowed the error: replaytest.NewMock fails
// the test at its end, at the line that made the mock. [Mock.Unserved]
// lists the recorded exchanges no request used; with
// [MockConfig.RequireAllServed] they fail [Mock.Check] too.
//
// Notifications: a Receive with no pending answer returns the
// notifications of the next capture record whose preceding exchange
// ([Notification.After]) has been served, once per mock (not per
// connection), and only to connections of their family; with nothing to
// deliver it fails with [ErrNothingToReceive] (os.ErrDeadlineExceeded)
// instead of blocking. nltest connections do not support JoinGroup, so
// notifications are delivered whatever groups the code joins.
//
// NB: answers are served in the byte order of the capture; a capture from
// a host of the other byte order gives integers the code cannot read.
//
// # Golden files
//
// Package replay/replaytest compares the decoded text of a capture with a
// golden file in tests (go test -update regenerates it); nlreplay --check
// re-sends a capture to a live kernel in CI and fails on any [Compare]
// mismatch. docs/regression-tests.md turns a bug report's capture into a
// regression test step by step.
//
// # Comparison
//
// [Compare] is the single definition of "the kernel answered the same",
// shared by nlreplay's verdict and the mock kernel: error code (0 for an
// ACK), extended-ACK message, number and types of answer messages; dump
// replies are compared as sets of objects after normalising what
// legitimately differs between two runs (seq, pid, ifindexes, counters,
// statistics, timestamps, cacheinfo).
package replay
