// Package replay turns a netlink capture into data that can be replayed: a
// [Script] of request/answer exchanges (pure Go, no I/O, any OS), a
// comparison of recorded and live answers ([Compare]), and on Linux a live
// player that re-sends the captured requests to a kernel ([Play]).
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
// script learns the names from the nlctrl messages in the capture
// (CTRL_CMD_NEWFAMILY replies and GETFAMILY requests) into
// [Script.GenlFamilies] and [Script.GenlGroups]; [Script.AddGenlFamilies]
// merges names from elsewhere (nlcap's pcapng section comment).
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
