// Package capture records netlink traffic live, from two sources that yield
// the same [nlcap.Record] values: an nlmon tap (a whole network namespace,
// CAP_NET_ADMIN, below) and a [Tracer] (one program and what it starts, or
// running processes, through ptrace and a seccomp filter: no privilege, every
// netlink protocol, true direction, and the process in Record.Process; see
// [Trace], [Attach] and docs/capture.md).
//
// The kernel copies every netlink datagram of the tapped families
// (route, sock_diag, netfilter, generic, ...) to each nlmon link that is up in
// the same network namespace. [CreateLink] makes such a link and brings it up;
// [Listen] opens an AF_PACKET socket bound to it and returns a [Conn] that
// yields [nlcap.Record] values with the kernel's receive timestamp, the
// netlink family (from sll_protocol) and the raw netlink bytes.
//
//	l, err := capture.CreateLink(capture.LinkName(), nil)
//	if err != nil {
//		return err
//	}
//	defer l.Delete()
//	c, err := capture.Listen(l.Name, nil)
//	if err != nil {
//		return err
//	}
//	defer c.Close()
//	for {
//		rec, err := c.ReadRecord()
//		if err != nil {
//			return err
//		}
//		// use rec
//	}
//
// # Receive ring
//
// Like libpcap, a Conn reads from a receive ring shared with the kernel
// (PACKET_RX_RING, TPACKET_V3; [Config.BufferSize] bytes): the kernel copies
// each record into the ring and wakes the reader once per block of records
// (when the block is full, or 100 ms after its first record), so reading
// costs no system call per record. [Config.NoRing] reads the socket queue
// instead, one recvmsg per record.
//
// # Stopping without losing the tail
//
// Records the kernel already holds when the capture is asked to stop are read
// by [Conn.Drain]: it takes the blocks already handed over and, when the block
// the kernel is filling holds records, waits (at most a few hundred
// milliseconds) for the kernel to hand it over. Call it after the signal,
// before [Conn.Close]; a pending read can be woken with [Conn.SetDeadline].
//
// # Namespaces
//
// Taps are per network namespace. [Config.NetNS] names an open namespace file
// (see [OpenNetNS]): the link and the packet socket are then created inside it
// (mdlayher/netlink and mdlayher/socket enter it on a locked OS thread and
// restore the thread's namespace afterwards). The rest of the process stays
// where it is.
//
// # Privileges
//
// Creating a link needs CAP_NET_ADMIN, opening the packet socket needs
// CAP_NET_RAW. Errors caused by a missing capability name it and still match
// errors.Is(err, os.ErrPermission). A kernel without nlmon gives an error that
// matches errors.Is(err, nlcap.ErrNotSupported).
//
// # Byte order
//
// Records carry the netlink bytes as the kernel produced them, in the host's
// byte order; [nlcap.Record.ByteOrder] is binary.NativeEndian.
//
// # Link names
//
// [LinkName] returns "nlcap<pid>", which cannot clash with links made by other
// nlcap processes or users. [CleanupStale] deletes nlmon links of that form
// whose process no longer runs (left behind by a killed capture).
package capture
