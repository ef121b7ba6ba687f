// Package pcap reads and writes capture files of nlmon traffic
// (LINKTYPE_NETLINK, 253) in the classic libpcap format and in pcapng. It
// is pure Go and builds on every system; it knows files, and nothing about
// sockets or what the netlink messages mean.
//
// A [Reader] implements [nlcap.Source] and a [Writer] implements
// [nlcap.Sink]: records go through as [nlcap.Record] values whose Data
// starts at the first nlmsghdr. The 16-byte cooked header in front of every
// record is decoded and encoded only by [nlcap.PseudoHeader].
//
// # Reading
//
// [NewReader] detects the format from the first four bytes: the four
// classic magics (microseconds or nanoseconds, little- or big-endian) and
// the pcapng section header. It streams through a buffer and never loads
// the file; a captured length above [MaxRecordLen] is taken as corruption.
// Every pcapng interface must be LINKTYPE_NETLINK, or reading stops with a
// [*LinkTypeError] (errors.Is [ErrLinkType]) that names the link type found.
//
// Errors from [Reader.ReadRecord] come in three kinds:
//   - io.EOF: the clean end of the file.
//   - [*RecordError]: one bad record (shorter than the cooked header, hatype
//     not 824, a packet block that does not hold together). Not fatal: the
//     record still carries its timestamp and raw bytes; print a marker and
//     call ReadRecord again.
//   - anything else is fatal and sticky. A file cut inside a header or a
//     record gives an error wrapping io.ErrUnexpectedEOF that names the
//     record number and the file offset.
//
// # Byte order
//
// libpcap and dumpcap write file headers in the byte order of the capturing
// host, and netlink messages are in that order too. [nlcap.Record.ByteOrder]
// is therefore the file's byte order (classic pcap) or the section's
// (pcapng, where each section header may change it). A Writer writes its
// headers in the byte order of the records it gets and refuses to mix.
//
// # Direction
//
// nlmon marks every packet outgoing, so the cooked header says nothing of
// direction. pcapng epb_flags bits 0-1 do: the capture interface is taken as
// the kernel's side of the socket, so inbound (1) means user space to kernel
// ([nlcap.DirectionToKernel]) and outbound (2) means kernel to user space
// ([nlcap.DirectionFromKernel]). The Writer sets them; the Reader uses them
// when present and otherwise calls [nlcap.InferDirection].
//
// # Classic pcap layout
//
// A 24-byte file header (magic, version 2.4, thiszone 0, sigfigs 0,
// snaplen, linktype 253), then for every record, in the file's byte order:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                     timestamp (seconds)                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           timestamp (microseconds or nanoseconds)             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            captured length (16 + netlink bytes kept)          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            original length (16 + netlink bytes sent)          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  cooked header: pkttype 4 | hatype 824 | halen 0 | addr [8]   |
//	|  | family (16 bytes, big-endian; see nlcap.PseudoHeader)      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	/            netlink messages (host byte order) ...             /
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The Writer lays records out byte for byte as libpcap does: a capture made
// by tcpdump, read and written back with the default [WriterConfig], gives
// an identical file.
//
// # pcapng layout
//
// Every block is framed the same way: type (32 bits), total length (32
// bits), body, total length again, all padded to 32 bits. The Writer writes
//
//	SHB  0x0A0D0D0A  byte-order magic 0x1A2B3C4D, version 1.0, length -1,
//	                 opt_comment (one per WriterConfig.Comments),
//	                 shb_hardware, shb_os, shb_userappl
//	IDB  0x00000001  link type 253, snaplen, if_name "nlmon0",
//	                 if_tsresol 9 when nanosecond
//	EPB  0x00000006  interface 0, timestamp high/low, caplen, origlen,
//	                 cooked header + netlink, epb_flags (direction),
//	                 opt_comment (Record.Comment)
//	ISB  0x00000005  interface 0, timestamp, isb_ifrecv, isb_ifdrop
//	                 ([Writer.WriteStats])
//
// The Reader also takes several sections, several interfaces (all of link
// type 253), Simple Packet Blocks (no timestamp: the zero time.Time), the
// obsolete Packet Block, if_tsresol (powers of 10 or 2) and if_tsoffset, and
// skips unknown blocks and options. Section comments are in
// [Reader.SectionComments], interface counters in [Reader.InterfaceStats].
//
// # Section comments
//
// nlcap writes two section comments that other tools of this module rely
// on, one opt_comment each:
//
//	nlcap.kernel: 6.1.0-56-amd64
//	nlcap.genl-families: 0x10=nlctrl,0x11=VFS_DQUOT,0x14=ethtool
//
// The first is `uname -r` of the capturing host; the second maps generic
// netlink family ids, allocated at run time, to names, so that a decoder
// can name families whose lookup is not in the capture. Build and parse
// them with [FormatKernelComment], [ParseKernelComment],
// [FormatGenlFamiliesComment] and [ParseGenlFamiliesComment].
//
// # Example
//
//	r, c, err := pcap.Open("capture.pcap") // "-" reads standard input
//	if err != nil {
//		return err
//	}
//	defer c.Close()
//	for {
//		rec, err := r.ReadRecord()
//		if errors.Is(err, io.EOF) {
//			break
//		}
//		var re *pcap.RecordError
//		if errors.As(err, &re) {
//			fmt.Println("bad record:", re)
//			continue
//		}
//		if err != nil {
//			return err
//		}
//		fmt.Println(rec.Timestamp, rec.Family, rec.Direction, len(rec.Data))
//	}
package pcap
