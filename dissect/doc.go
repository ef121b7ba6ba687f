// Package dissect decodes netlink messages as captured by nlmon: the
// LINKTYPE_NETLINK cooked header, every netlink message of a record, generic
// netlink headers and attribute trees, with names and values taken from the
// kernel UAPI headers. It does no I/O and builds on every OS.
//
// There are two ways in:
//
//   - A [Decoder] turns an [nlcap.Record] into decoded [Message]s, the model
//     the nlcap command prints. It never fails: what cannot be decoded is
//     reported in [Message.Problem] and [Attr.Problem].
//
//   - gopacket layers: [Nlmon] (the cooked header), [Netlink] (the messages of
//     a record) and [Genetlink] (the generic netlink header).
//
// Decoding a capture:
//
//	d := dissect.NewDecoder(nil)
//	for _, rec := range records {
//		d.Learn(rec) // optional pre-pass: genl family names, interface names
//	}
//	for i, rec := range records {
//		for _, m := range d.Decode(rec, i) {
//			fmt.Println(m.Direction, m.TypeName, m.FlagNames, m.Summary)
//		}
//	}
//
// Decoding in parallel: a Decoder's state (genl ids, requests waiting for
// an answer, interface names) flows from record to record, so one Decoder
// runs [Decoder.Track] over the records in order (several times cheaper
// than decoding) and takes a [Decoder.State] before each batch; workers
// decode the batches with their own Decoders, each given the State of its
// batch with [Decoder.SetState], and produce what one Decoder decoding in
// order would (nlcap -r does this: cmd/nlcap/read_parallel.go).
//
// # gopacket
//
// Importing this package registers a decoder for link type 253
// (LINKTYPE_NETLINK) in gopacket's layers.LinkTypeMetadata, in init, so that
//
//	gopacket.NewPacket(data, layers.LinkType(253), gopacket.Default)
//
// decodes a whole pcap record (cooked header and messages) into [Nlmon],
// [Netlink] and, for a record of one generic netlink message, [Genetlink]
// layers. The layer types use the numbers 1250–1269 (see layertypes.go).
//
// The layers carry headers and bytes. For attributes (names, values, the
// nested tree), the messages of multi-message records (dumps) and errors,
// hand the Netlink layer to a [Decoder]:
//
//	d := dissect.NewDecoder(nil) // one per capture: it learns genl ids
//	for i, data := range packets {
//		p := gopacket.NewPacket(data, layers.LinkType(253), gopacket.Default)
//		if nl, ok := p.Layer(dissect.LayerTypeNetlink).(*dissect.Netlink); ok {
//			for _, m := range nl.Decode(d, i) {
//				for _, a := range m.Attrs { // a.Name, a.Value, a.Children
//				}
//			}
//		}
//	}
//
// A record with a malformed message (nlmsg_len < 16 or past the record)
// still gives a Netlink layer holding the messages before it, followed by a
// gopacket.DecodeFailure layer; Netlink.Malformed holds the bytes from the
// bad message on.
//
// # Direction
//
// nlmon records carry no direction: every record reads PACKET_OUTGOING. The
// decoder infers the role of each message ([MessageDirection]):
//
//  1. NLM_F_REQUEST set: a request (user space to kernel). Requests of kind
//     GET are remembered by (netlink family, nlmsg_pid, nlmsg_seq), and so are
//     requests with NLM_F_ECHO (the kernel unicasts the resulting
//     notification back to the sender) and requests of a kind no family
//     table gives (unknown generic netlink families), until answered. An
//     echo's answer is the first copy the capture shows: nlmsg_notify sends
//     the multicast copies to other listeners before the echo, identical and
//     with the same seq and pid, so with another listener the mark goes to
//     a copy and the echo itself reads as a notification (nlmon does not say
//     which socket got which copy).
//  2. NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN: an answer; it ends the wait of
//     the request with the same family, pid and seq.
//  3. NLM_F_MULTI set and a pid: an answer (a dump part, sent to the
//     requester's port id; with pid 0 it is a multicast, as team's option
//     and psample's group notifications are).
//  4. Same family, seq and pid as a waiting request (a request sent with pid
//     0 pairs with any pid: the kernel answers with the socket's port id): an
//     answer (the single reply of a GET doit); it ends the wait.
//  5. A generic netlink message with pid 0 that its family's table tells
//     from an event by its payload (GenlFamilySpec.DumpReply: thermal's
//     6.1 kernel sends the replies of its TZ_GET_ID and CDEV_GET dumps with
//     pid 0 and seq 0, numbered like events): an answer that pairs with no
//     request (the dump's NLMSG_DONE ends the wait).
//  6. Anything else: a notification (multicast, or the notification of a
//     change made without NLM_F_ECHO, which carries the originator's pid and
//     seq: why only GETs and echo requests wait).
//
// # Byte order
//
// nlmsghdr and most attribute payloads are in the byte order of the host that
// produced the capture ([nlcap.Record.ByteOrder], native when nil).
// Attributes flagged NLA_F_NET_BYTEORDER, and kinds KindBE16/32/64, are read
// big-endian.
//
// # Generic netlink
//
// Family ids are 16 bits and allocated per boot. The decoder knows the fixed
// ids of include/uapi/linux/genetlink.h (0x10 nlctrl, 0x11 VFS_DQUOT, 0x12
// pmcraid) and learns the others from nlctrl messages (CTRL_CMD_NEWFAMILY
// answers and notifications). [Decoder.Learn] over a whole file first names
// the messages that come before the lookup; [Decoder.Decode] also learns as
// it goes.
//
// # rtnetlink
//
// NETLINK_ROUTE messages are decoded with their fixed header (ifinfomsg,
// ifaddrmsg, rtmsg, ndmsg, netconfmsg, tcmsg, nhmsg, fib_rule_hdr...; a GET
// request carrying only struct rtgenmsg, as older tools send for dumps, is
// accepted as the kernel accepts it) and the IFLA, IFA, RTA, NDA, NETCONFA,
// TCA, NHA, FRA and NETNSA attribute sets, including attributes newer than
// linux 6.1. Nesting comes from the tables, so it is known even when
// NLA_F_NESTED is missing: IFLA_INFO_DATA is chosen by IFLA_INFO_KIND (vlan,
// veth, bridge, macvlan, macvtap, ipvlan, ipvtap, vxlan; other kinds raw),
// IFLA_AF_SPEC holds one nest per address family, and an AF_BRIDGE or
// AF_INET6 ifi_family changes IFLA_PROTINFO and IFLA_AF_SPEC as in the
// kernel; AF_MPLS routes print label stacks. C struct payloads (IFLA_STATS64,
// IFA_CACHEINFO...) are decoded into [Attr.Fixed], and the entries of
// RTA_MULTIPATH become children named "rtnexthop" whose own children are
// the next hop's attributes. Summaries read like ip(8):
// "ifindex 4 d0 dummy up mtu 1500 addr 3e:90:cf:f8:be:ad",
// "10.9.0.1/24 dev 4 (d0)", "10.10.0.0/16 via 10.9.0.2 dev 4 (d0) table main
// proto boot", "10.9.0.5 lladdr 02:00:00:00:00:05 dev 4 (d0) PERMANENT". The
// interface name after an index comes from the link answers and
// notifications seen so far (or by [Decoder.Learn] over the whole file);
// requests never teach a name, and [Config.Numeric] leaves names out.
//
// # Names
//
// [Message.TypeName] is NLMSG_NOOP/ERROR/DONE/OVERRUN, the family table's
// name ("RTM_NEWLINK", "NFT_MSG_NEWTABLE"), the generic netlink family name
// ("nlctrl"), "genl-0x1c" for a generic netlink id not learned, or the type
// in hex ("0x42"). [Message.FlagNames] name each nlmsg_flags bit once by the
// kind of message (see [FlagNames]); [Config.Numeric] prints attribute
// values and header fields as numbers instead of enum and flag names.
//
// # Malformed input
//
// Decoding never fails and never panics. A message whose nlmsg_len is < 16
// or past the end of the record gives a [Message] with Problem set, and the
// rest of the record is not decoded. Fewer than 16 bytes, or only zero bytes,
// after the last message end the record silently (iproute2 sends its request
// buffer's zero tail); a non-zero short tail gives one last Message with
// only Offset, Data and Problem set. An attribute whose length is < 4 or past
// its parent, or nested deeper than [Config.MaxDepth], gets [Attr.Problem]
// and ends its level; the attributes before it are kept, and the first such
// problem is copied to Message.Problem (with [Config.Brief] too, which still
// walks the lengths of nests it does not decode). This holds for families
// without a table as well: the payload of an unknown generic netlink family
// is attributes by convention and decoded as such; a payload of unknown
// layout in another family is shown as attributes when its first attribute
// is well formed, else as hex in [Message.Trailing] (a C struct).
//
// NLA_F_NESTED on an attribute type the family table defines as a scalar
// (a string, an integer) is not trusted: the value is decoded as the table
// says and [Attr.UnexpectedNested] is set, as the kernel rejects such an
// attribute ("NLA_F_NESTED not expected"). On a type the table does not
// know (or knows as plain binary), the flag makes the payload a nest.
//
// NLMSG_ERROR and NLMSG_DONE carry a negative errno; a positive one on the
// wire gives the same [Error.Errno] (positive) and a Message.Problem.
//
// # Errors
//
// NLMSG_ERROR is decoded with the Linux errno table (names and texts do not
// depend on the OS the decoder runs on, and include the kernel-internal codes
// 512–530 such as ENOTSUPP), the echoed request decoded with the record's
// family (header only when NLM_F_CAPPED), and the extended ACK attributes;
// [ExtAck.Pointed] names the attribute NLMSGERR_ATTR_OFFS points at, and
// [ExtAck.MissTypeName] the attribute NLMSGERR_ATTR_MISS_TYPE says is
// missing, looked up in the attribute set of the echoed request or of the
// nest NLMSGERR_ATTR_MISS_NEST points at ("IFLA_IFNAME").
//
// # Memory
//
// [Decoder.Decode] returns messages that stay valid. A caller that is done
// with a record's messages before decoding the next (a printer) can use
// [Decoder.DecodeInto], which reuses the memory of the previous call.
package dissect
