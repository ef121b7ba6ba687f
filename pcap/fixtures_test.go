package pcap_test

import (
	"encoding/binary"
	"time"

	"github.com/nlcap/nlcap"
)

// pcapngBigEndian is a hand-written big-endian pcapng file: a section with
// a comment, one nanosecond netlink interface, one RTM_GETLINK dump request
// whose epb_flags say outbound (so the flag, not NLM_F_REQUEST, decides the
// direction), and an ISB with 3 drops.
var pcapngBigEndian = []byte{
	// Section Header Block
	0x0a, 0x0d, 0x0d, 0x0a, // block type SHB
	0x00, 0x00, 0x00, 0x28, // total length 40
	0x1a, 0x2b, 0x3c, 0x4d, // byte-order magic: big-endian
	0x00, 0x01, 0x00, 0x00, // version 1.0
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length -1
	0x00, 0x01, 0x00, 0x02, 'h', 'i', 0x00, 0x00, // opt_comment "hi"
	0x00, 0x00, 0x00, 0x00, // opt_endofopt
	0x00, 0x00, 0x00, 0x28, // total length 40
	// Interface Description Block
	0x00, 0x00, 0x00, 0x01, // block type IDB
	0x00, 0x00, 0x00, 0x20, // total length 32
	0x00, 0xfd, 0x00, 0x00, // link type 253 NETLINK, reserved
	0x00, 0x04, 0x00, 0x00, // snaplen 262144
	0x00, 0x09, 0x00, 0x01, 0x09, 0x00, 0x00, 0x00, // if_tsresol 9: nanoseconds
	0x00, 0x00, 0x00, 0x00, // opt_endofopt
	0x00, 0x00, 0x00, 0x20, // total length 32
	// Enhanced Packet Block
	0x00, 0x00, 0x00, 0x06, // block type EPB
	0x00, 0x00, 0x00, 0x5c, // total length 92
	0x00, 0x00, 0x00, 0x00, // interface 0
	0x18, 0xea, 0x4e, 0x8b, // timestamp high } 1795333763.922904020 s
	0xd3, 0xe3, 0xc3, 0xd4, // timestamp low  }
	0x00, 0x00, 0x00, 0x30, // captured length 48
	0x00, 0x00, 0x00, 0x30, // original length 48
	0x00, 0x04, 0x03, 0x38, // cooked header: pkttype 4, hatype 824
	0x00, 0x00, 0x00, 0x00, //   halen 0, address
	0x00, 0x00, 0x00, 0x00, //   address
	0x00, 0x00, 0x00, 0x00, //   address, family 0 (route)
	0x00, 0x00, 0x00, 0x20, // nlmsg_len 32
	0x00, 0x12, 0x03, 0x01, // nlmsg_type RTM_GETLINK, flags REQUEST|DUMP
	0x00, 0x00, 0x00, 0x01, // nlmsg_seq 1
	0x00, 0x00, 0x00, 0x00, // nlmsg_pid 0
	0x00, 0x00, 0x00, 0x00, // struct ifinfomsg
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02, // epb_flags: outbound
	0x00, 0x00, 0x00, 0x00, // opt_endofopt
	0x00, 0x00, 0x00, 0x5c, // total length 92
	// Interface Statistics Block
	0x00, 0x00, 0x00, 0x05, // block type ISB
	0x00, 0x00, 0x00, 0x28, // total length 40
	0x00, 0x00, 0x00, 0x00, // interface 0
	0x18, 0xea, 0x4e, 0x8b, // timestamp high
	0xd3, 0xe3, 0xc3, 0xd4, // timestamp low
	0x00, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, // isb_ifdrop 3
	0x00, 0x00, 0x00, 0x00, // opt_endofopt
	0x00, 0x00, 0x00, 0x28, // total length 40
}

// pcapngBigEndianRecord is the record in pcapngBigEndian.
var pcapngBigEndianRecord = nlcap.Record{
	Timestamp: time.Unix(1795333763, 922904020),
	Family:    nlcap.FamilyRoute,
	Direction: nlcap.DirectionFromKernel,
	OrigLen:   32,
	ByteOrder: binary.BigEndian,
	Data: []byte{
		0x00, 0x00, 0x00, 0x20, 0x00, 0x12, 0x03, 0x01,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	},
}

// pcapNanoLittleEndian is a hand-written little-endian classic pcap file
// with nanosecond timestamps and one generic netlink CTRL_CMD_GETFAMILY
// request.
var pcapNanoLittleEndian = []byte{
	// struct pcap_file_header
	0x4d, 0x3c, 0xb2, 0xa1, // magic 0xa1b23c4d: nanoseconds, little-endian
	0x02, 0x00, 0x04, 0x00, // version 2.4
	0x00, 0x00, 0x00, 0x00, // thiszone
	0x00, 0x00, 0x00, 0x00, // sigfigs
	0x00, 0x00, 0x04, 0x00, // snaplen 262144
	0xfd, 0x00, 0x00, 0x00, // link type 253
	// struct pcap_sf_pkthdr
	0x84, 0x9e, 0x02, 0x6b, // ts_sec 1795333764
	0x2b, 0x11, 0x36, 0x05, // ts_nsec 87429419
	0x24, 0x00, 0x00, 0x00, // caplen 36
	0x24, 0x00, 0x00, 0x00, // len 36
	0x00, 0x04, 0x03, 0x38, // cooked header: pkttype 4, hatype 824
	0x00, 0x00, 0x00, 0x00, //   halen 0, address
	0x00, 0x00, 0x00, 0x00, //   address
	0x00, 0x00, 0x00, 0x10, //   address, family 16 (generic)
	0x14, 0x00, 0x00, 0x00, // nlmsg_len 20
	0x10, 0x00, 0x05, 0x00, // nlmsg_type 0x10 nlctrl, flags REQUEST|ACK
	0x02, 0x00, 0x00, 0x00, // nlmsg_seq 2
	0x00, 0x00, 0x00, 0x00, // nlmsg_pid 0
	0x03, 0x02, 0x00, 0x00, // genlmsghdr: cmd CTRL_CMD_GETFAMILY, version 2
}

// pcapNanoLittleEndianRecord is the record in pcapNanoLittleEndian.
var pcapNanoLittleEndianRecord = nlcap.Record{
	Timestamp: time.Unix(1795333764, 87429419),
	Family:    nlcap.FamilyGeneric,
	Direction: nlcap.DirectionToKernel,
	OrigLen:   20,
	ByteOrder: binary.LittleEndian,
	Data: []byte{
		0x14, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x03, 0x02, 0x00, 0x00,
	},
}

// An order is binary.LittleEndian or binary.BigEndian.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// classicHeader returns a classic file header.
func classicHeader(o order, magic, linkType uint32) []byte {
	b := make([]byte, 24)
	o.PutUint32(b[0:], magic)
	o.PutUint16(b[4:], 2)
	o.PutUint16(b[6:], 4)
	o.PutUint32(b[16:], 262144)
	o.PutUint32(b[20:], linkType)
	return b
}

// classicRecord appends a classic record holding data (cooked header
// included) with the given caplen and origlen.
func classicRecord(b []byte, o binary.ByteOrder, sec uint32, capLen, origLen uint32, data []byte) []byte {
	h := make([]byte, 16)
	o.PutUint32(h[0:], sec)
	o.PutUint32(h[8:], capLen)
	o.PutUint32(h[12:], origLen)
	return append(append(b, h...), data...)
}

// cooked returns a cooked header of family f followed by payload, encoded
// by nlcap.PseudoHeader like the code under test.
func cooked(f nlcap.Family, payload []byte) []byte {
	b, _ := nlcap.NewPseudoHeader(f).AppendBinary(nil)
	return append(b, payload...)
}

// block builds a pcapng block of type typ around body (padded to 32 bits).
func block(o order, typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	b := o.AppendUint32(nil, typ)
	b = o.AppendUint32(b, n)
	b = append(b, body...)
	return o.AppendUint32(b, n)
}

// shb builds a Section Header Block with options opts.
func shb(o order, opts ...[]byte) []byte {
	body := o.AppendUint32(nil, 0x1A2B3C4D)
	body = o.AppendUint16(body, 1)
	body = o.AppendUint16(body, 0)
	body = o.AppendUint64(body, ^uint64(0))
	for _, opt := range opts {
		body = append(body, opt...)
	}
	return block(o, 0x0A0D0D0A, body)
}

// idb builds an Interface Description Block.
func idb(o order, linkType uint16, opts ...[]byte) []byte {
	body := o.AppendUint16(nil, linkType)
	body = o.AppendUint16(body, 0)
	body = o.AppendUint32(body, 262144)
	for _, opt := range opts {
		body = append(body, opt...)
	}
	return block(o, 1, body)
}

// epb builds an Enhanced Packet Block.
func epb(o order, iface uint32, ts uint64, capLen, origLen uint32, data []byte, opts ...[]byte) []byte {
	body := o.AppendUint32(nil, iface)
	body = o.AppendUint32(body, uint32(ts>>32))
	body = o.AppendUint32(body, uint32(ts))
	body = o.AppendUint32(body, capLen)
	body = o.AppendUint32(body, origLen)
	body = append(body, data...)
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	for _, opt := range opts {
		body = append(body, opt...)
	}
	return block(o, 6, body)
}

// option builds one pcapng option, padded.
func option(o order, code uint16, v []byte) []byte {
	b := o.AppendUint16(nil, code)
	b = o.AppendUint16(b, uint16(len(v)))
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// getlink returns an RTM_GETLINK dump request (32 bytes) in byte order o.
func getlink(o order, seq uint32) []byte {
	b := o.AppendUint32(nil, 32)
	b = o.AppendUint16(b, 18)     // RTM_GETLINK
	b = o.AppendUint16(b, 0x0301) // NLM_F_REQUEST|NLM_F_DUMP
	b = o.AppendUint32(b, seq)
	b = o.AppendUint32(b, 0)
	return append(b, make([]byte, 16)...)
}

// newlink returns an RTM_NEWLINK answer (32 bytes) in byte order o.
func newlink(o order, seq uint32) []byte {
	b := o.AppendUint32(nil, 32)
	b = o.AppendUint16(b, 16) // RTM_NEWLINK
	b = o.AppendUint16(b, 0x0002)
	b = o.AppendUint32(b, seq)
	b = o.AppendUint32(b, 1234)
	return append(b, make([]byte, 16)...)
}

// featuresFile returns a pcapng file with two sections of both byte orders,
// two interfaces (if_tsresol 2^-20 with if_tsoffset 100, and 10^-3), an
// EPB with two comments and unknown options, an obsolete Packet Block with
// pack_flags, a custom block, a Simple Packet Block and an ISB.
func featuresFile() []byte {
	le, be := binary.LittleEndian, binary.BigEndian
	unknownOpt := option(le, 0x7777, []byte("zzz"))
	spbBody := be.AppendUint32(nil, 48)
	spbBody = append(spbBody, cooked(nlcap.FamilyNetfilter, getlink(be, 9))...)
	pbBody := le.AppendUint16(nil, 1) // interface 1
	pbBody = le.AppendUint16(pbBody, 0)
	pbBody = le.AppendUint32(pbBody, 0)
	pbBody = le.AppendUint32(pbBody, 5000) // 5000 units of 10^-3 s
	pbBody = le.AppendUint32(pbBody, 48)
	pbBody = le.AppendUint32(pbBody, 100)
	pbBody = append(pbBody, cooked(nlcap.FamilyGeneric, newlink(le, 3))...)
	pbBody = append(pbBody, option(le, 2, le.AppendUint32(nil, 1))...) // pack_flags inbound

	return slicesConcat(
		shb(le, option(le, 1, []byte("first")), option(le, 1, []byte("nlcap.kernel: 6.1.0\x00")), unknownOpt),
		block(le, 0x00000BAD, []byte("custom block")),
		idb(le, 253, option(le, 2, []byte("nlmon0")), unknownOpt, option(le, 9, []byte{0x80 | 20}), option(le, 14, le.AppendUint64(nil, 100))),
		idb(le, 253, option(le, 2, []byte("nlmon1")), option(le, 9, []byte{3})),
		epb(le, 0, 3<<20|1<<19, 48, 48, cooked(nlcap.FamilyRoute, getlink(le, 1)),
			option(le, 1, []byte("pkt")), unknownOpt, option(le, 1, []byte("two"))),
		block(le, 2, pbBody),
		shb(be, option(be, 1, []byte("second"))),
		idb(be, 253),
		block(be, 3, spbBody),
		block(be, 5, slicesConcat(be.AppendUint32(nil, 0), be.AppendUint64(nil, 0),
			option(be, 4, be.AppendUint64(nil, 10)), option(be, 5, be.AppendUint64(nil, 1)))),
	)
}
