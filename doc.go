// Package nlcap holds the types shared by the whole toolkit: a [Record] is one
// netlink datagram as an nlmon tap copied it, and it flows unchanged through
// capture (sockets and nlmon), pcap (files), dissect (wire meaning) and replay
// (pairing requests with answers).
//
// # Byte order
//
// Netlink headers and most attribute payloads are in the byte order of the
// host that produced them. A [Record] carries that order in [Record.ByteOrder];
// pcap files carry it in their magic number.
//
// # Direction
//
// nlmon records carry no direction: AF_PACKET marks every one
// PACKET_OUTGOING. [InferDirection] classifies a record from its first
// netlink message: NLM_F_REQUEST set means user space to kernel.
package nlcap
