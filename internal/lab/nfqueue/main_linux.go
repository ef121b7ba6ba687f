// Command nfqueue is the lab's nfnetlink_queue and nfnetlink_log consumer
// (e2e/scenarios/nf-queue-lab.sh; `lab captures` boots only): Debian
// ships no small tool that speaks either, only libraries. It talks
// NETLINK_NETFILTER as libnetfilter_queue's nfqnl_test and ulogd do:
//
//	queue: NFQNL_CFG_CMD_PF_UNBIND, PF_BIND (legacy, still sent by libnfq),
//	       BIND queue Q, NFQA_CFG_PARAMS copy packet 0xffff,
//	       NFQA_CFG_QUEUE_MAXLEN, NFQA_CFG_FLAGS/MASK
//	       (GSO|CONNTRACK|UID_GID|SECCTX, without SECCTX if refused)
//	log:   NFULNL_CFG_CMD_PF_UNBIND, PF_BIND, BIND group G, NFULA_CFG_MODE
//	       copy packet, NLBUFSIZ, TIMEOUT, QTHRESH, FLAGS seq|conntrack
//
// then sends one UDP datagram to each -udp address and one ICMP echo
// request to each -ping address, receives -packets NFQNL_MSG_PACKET and
// -logs NFULNL_MSG_PACKET and answers the queued packets in the order
// received: NF_ACCEPT, NF_ACCEPT with NFQA_MARK 0x2a, NF_DROP, then one
// NFQNL_MSG_VERDICT_BATCH NF_ACCEPT for the rest; finally UNBIND of both. Everything is bounded by -timeout; it exits 1 on
// any failure.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/dissect"
)

// The netlink numbers are dissect's, generated from the kernel headers.

// verdictMark is the mark the second verdict sets.
const verdictMark = 0x2a

// nfMsg is a netfilter request: nlmsg_type subsys<<8|msg, struct nfgenmsg
// (family, NFNETLINK_V0, res_id big-endian), then the attributes.
func nfMsg(subsys, msg uint8, family uint8, resID uint16, flags netlink.HeaderFlags, attrs []byte) netlink.Message {
	b := make([]byte, 4, 4+len(attrs))
	b[0], b[1] = family, unix.NFNETLINK_V0
	binary.BigEndian.PutUint16(b[2:], resID)
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(uint16(subsys)<<8 | uint16(msg)), Flags: flags},
		Data:   append(b, attrs...),
	}
}

// encode runs fn on a big-endian attribute encoder.
func encode(fn func(ae *netlink.AttributeEncoder)) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.ByteOrder = binary.BigEndian
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		panic(err) // only fixed-size attributes are encoded here
	}
	return b
}

const reqAck = netlink.Request | netlink.Acknowledge

// queueCmd is NFQNL_MSG_CONFIG with NFQA_CFG_CMD (struct
// nfqnl_msg_config_cmd { __u8 command; __u8 _pad; __be16 pf; }).
func queueCmd(queue uint16, cmd uint8, pf uint16) netlink.Message {
	c := []byte{cmd, 0, byte(pf >> 8), byte(pf)}
	return nfMsg(unix.NFNL_SUBSYS_QUEUE, dissect.NFQNL_MSG_CONFIG, unix.AF_UNSPEC, queue, reqAck,
		encode(func(ae *netlink.AttributeEncoder) { ae.Bytes(dissect.NFQA_CFG_CMD, c) }))
}

// queueParams is NFQNL_MSG_CONFIG with NFQA_CFG_PARAMS (struct
// nfqnl_msg_config_params { __be32 copy_range; __u8 copy_mode; } packed),
// NFQA_CFG_QUEUE_MAXLEN and NFQA_CFG_FLAGS with its NFQA_CFG_MASK.
func queueParams(queue uint16, copyRange, maxlen, flags uint32) netlink.Message {
	p := binary.BigEndian.AppendUint32(nil, copyRange)
	p = append(p, dissect.NFQNL_COPY_PACKET)
	return nfMsg(unix.NFNL_SUBSYS_QUEUE, dissect.NFQNL_MSG_CONFIG, unix.AF_UNSPEC, queue, reqAck,
		encode(func(ae *netlink.AttributeEncoder) {
			ae.Bytes(dissect.NFQA_CFG_PARAMS, p)
			ae.Uint32(dissect.NFQA_CFG_QUEUE_MAXLEN, maxlen)
			ae.Uint32(dissect.NFQA_CFG_FLAGS, flags)
			ae.Uint32(dissect.NFQA_CFG_MASK, flags)
		}))
}

// verdict is NFQNL_MSG_VERDICT (or _BATCH) with NFQA_VERDICT_HDR (struct
// nfqnl_msg_verdict_hdr { __be32 verdict; __be32 id; }) and, when mark is
// not nil, NFQA_MARK. libnfq sends verdicts without NLM_F_ACK.
func verdict(queue uint16, batch bool, v, id uint32, mark *uint32) netlink.Message {
	msg := uint8(dissect.NFQNL_MSG_VERDICT)
	if batch {
		msg = dissect.NFQNL_MSG_VERDICT_BATCH
	}
	h := binary.BigEndian.AppendUint32(nil, v)
	h = binary.BigEndian.AppendUint32(h, id)
	return nfMsg(unix.NFNL_SUBSYS_QUEUE, msg, unix.AF_UNSPEC, queue, netlink.Request,
		encode(func(ae *netlink.AttributeEncoder) {
			ae.Bytes(dissect.NFQA_VERDICT_HDR, h)
			if mark != nil {
				ae.Uint32(dissect.NFQA_MARK, *mark)
			}
		}))
}

// logCmd is NFULNL_MSG_CONFIG with NFULA_CFG_CMD (struct
// nfulnl_msg_config_cmd { __u8 command; }); the PF commands carry the
// protocol family in nfgen_family.
func logCmd(group uint16, cmd uint8, pf uint8) netlink.Message {
	return nfMsg(unix.NFNL_SUBSYS_ULOG, dissect.NFULNL_MSG_CONFIG, pf, group, reqAck,
		encode(func(ae *netlink.AttributeEncoder) { ae.Bytes(dissect.NFULA_CFG_CMD, []byte{cmd}) }))
}

// logParams is NFULNL_MSG_CONFIG with NFULA_CFG_MODE (struct
// nfulnl_msg_config_mode { __be32 copy_range; __u8 copy_mode; __u8 _pad; }
// packed), NFULA_CFG_NLBUFSIZ, NFULA_CFG_TIMEOUT (1/100 s),
// NFULA_CFG_QTHRESH and NFULA_CFG_FLAGS (be16), as ulogd sets them.
func logParams(group uint16, copyRange uint32) netlink.Message {
	m := binary.BigEndian.AppendUint32(nil, copyRange)
	m = append(m, dissect.NFULNL_COPY_PACKET, 0)
	return nfMsg(unix.NFNL_SUBSYS_ULOG, dissect.NFULNL_MSG_CONFIG, unix.AF_UNSPEC, group, reqAck,
		encode(func(ae *netlink.AttributeEncoder) {
			ae.Bytes(dissect.NFULA_CFG_MODE, m)
			ae.Uint32(dissect.NFULA_CFG_NLBUFSIZ, 16384)
			ae.Uint32(dissect.NFULA_CFG_TIMEOUT, 10)
			ae.Uint32(dissect.NFULA_CFG_QTHRESH, 1)
			ae.Uint16(dissect.NFULA_CFG_FLAGS, dissect.NFULNL_CFG_F_SEQ|dissect.NFULNL_CFG_F_CONNTRACK)
		}))
}

// packetID reads the packet_id of NFQA_PACKET_HDR (struct
// nfqnl_msg_packet_hdr { __be32 packet_id; __be16 hw_protocol; __u8 hook; }).
func packetID(m netlink.Message) (uint32, error) {
	if len(m.Data) < 4 {
		return 0, fmt.Errorf("queued packet message of %d bytes", len(m.Data))
	}
	ad, err := netlink.NewAttributeDecoder(m.Data[4:])
	if err != nil {
		return 0, fmt.Errorf("queued packet attributes: %w", err)
	}
	for ad.Next() {
		if ad.Type() == dissect.NFQA_PACKET_HDR {
			b := ad.Bytes()
			if len(b) < 7 {
				return 0, fmt.Errorf("NFQA_PACKET_HDR of %d bytes", len(b))
			}
			return binary.BigEndian.Uint32(b), nil
		}
	}
	if err := ad.Err(); err != nil {
		return 0, fmt.Errorf("queued packet attributes: %w", err)
	}
	return 0, errors.New("queued packet without NFQA_PACKET_HDR")
}

type addrList []string

func (a *addrList) String() string     { return fmt.Sprint(*a) }
func (a *addrList) Set(s string) error { *a = append(*a, s); return nil }

type options struct {
	queue, group  uint16
	packets, logs int
	udp, ping     addrList
	timeout       time.Duration
}

func main() {
	var o options
	var queue, group uint
	flag.UintVar(&queue, "queue", 3, "queue `number` to bind")
	flag.UintVar(&group, "group", 5, "nflog `group` to bind")
	flag.IntVar(&o.packets, "packets", 5, "queued packets to receive (at least 4: accept, accept with mark, drop, then a batch verdict)")
	flag.IntVar(&o.logs, "logs", 2, "logged packets to receive (0: do not bind nflog)")
	flag.Var(&o.udp, "udp", "send one UDP datagram to `host:port` after binding (repeatable)")
	flag.Var(&o.ping, "ping", "send one ICMP echo request to IPv4 `host` after the datagrams (repeatable)")
	flag.DurationVar(&o.timeout, "timeout", 20*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 || queue > 0xffff || group > 0xffff || o.packets < 4 || o.logs < 0 {
		flag.Usage()
		os.Exit(2)
	}
	o.queue, o.group = uint16(queue), uint16(group)
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "nfqueue:", err)
		os.Exit(1)
	}
}

// do sends m with NLM_F_ACK and waits for the acknowledgement.
func do(c *netlink.Conn, what string, m netlink.Message) error {
	if _, err := c.Execute(m); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// unbind sends m and waits for its acknowledgement, passing over the
// packets that the queue delivers meanwhile (traffic that goes on after
// the last verdict, as nf-queue-bridge.sh's pings do): Execute would take
// such a packet for the answer.
func unbind(c *netlink.Conn, what string, m netlink.Message) error {
	m.Header.Flags |= netlink.Request | netlink.Acknowledge
	req, err := c.Send(m)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for {
		msgs, err := c.Receive() // an error answer is an error here
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		for _, r := range msgs {
			if r.Header.Type == netlink.Error && r.Header.Sequence == req.Header.Sequence {
				return nil
			}
		}
	}
}

func run(o options) error {
	c, err := netlink.Dial(unix.NETLINK_NETFILTER, nil)
	if err != nil {
		return fmt.Errorf("dial netlink netfilter: %w", err)
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(o.timeout)); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	type step struct {
		what string
		m    netlink.Message
	}
	steps := []step{
		{"queue pf unbind", queueCmd(0, dissect.NFQNL_CFG_CMD_PF_UNBIND, unix.AF_INET)},
		{"queue pf bind", queueCmd(0, dissect.NFQNL_CFG_CMD_PF_BIND, unix.AF_INET)},
		{"queue bind", queueCmd(o.queue, dissect.NFQNL_CFG_CMD_BIND, unix.AF_INET)},
	}
	if o.logs > 0 {
		steps = append(steps,
			step{"log pf unbind", logCmd(0, dissect.NFULNL_CFG_CMD_PF_UNBIND, unix.AF_INET)},
			step{"log pf bind", logCmd(0, dissect.NFULNL_CFG_CMD_PF_BIND, unix.AF_INET)},
			step{"log bind", logCmd(o.group, dissect.NFULNL_CFG_CMD_BIND, unix.AF_UNSPEC)},
			step{"log params", logParams(o.group, 0xffff)})
	}
	for _, s := range steps {
		if err := do(c, s.what, s.m); err != nil {
			return err
		}
	}
	// The kernel refuses NFQA_CFG_F_SECCTX without CONFIG_NETWORK_SECMARK
	// (EOPNOTSUPP) and answers EAGAIN while it loads ctnetlink for
	// NFQA_CFG_F_CONNTRACK: retry once, then without SECCTX.
	flags := uint32(dissect.NFQA_CFG_F_GSO | dissect.NFQA_CFG_F_CONNTRACK | dissect.NFQA_CFG_F_UID_GID | dissect.NFQA_CFG_F_SECCTX)
	err = do(c, "queue params", queueParams(o.queue, 0xffff, 1024, flags))
	if errors.Is(err, unix.EAGAIN) {
		err = do(c, "queue params", queueParams(o.queue, 0xffff, 1024, flags))
	}
	if errors.Is(err, unix.EOPNOTSUPP) {
		err = do(c, "queue params", queueParams(o.queue, 0xffff, 1024, flags&^dissect.NFQA_CFG_F_SECCTX))
	}
	if err != nil {
		return err
	}
	for _, a := range o.udp {
		if err := sendUDP(a); err != nil {
			return err
		}
	}
	for i, a := range o.ping {
		if err := sendPing(a, i+1); err != nil {
			return err
		}
	}
	var queued []uint32
	logged := 0
	mark := uint32(verdictMark)
	for len(queued) < o.packets || logged < o.logs {
		msgs, err := c.Receive()
		if err != nil {
			return fmt.Errorf("receive (%d of %d queued, %d of %d logged): %w", len(queued), o.packets, logged, o.logs, err)
		}
		for _, m := range msgs {
			switch uint16(m.Header.Type) {
			case unix.NFNL_SUBSYS_ULOG<<8 | dissect.NFULNL_MSG_PACKET:
				logged++
			case unix.NFNL_SUBSYS_QUEUE<<8 | dissect.NFQNL_MSG_PACKET:
				id, err := packetID(m)
				if err != nil {
					return err
				}
				queued = append(queued, id)
				var v netlink.Message
				switch len(queued) {
				case 1:
					v = verdict(o.queue, false, dissect.NF_ACCEPT, id, nil)
				case 2:
					v = verdict(o.queue, false, dissect.NF_ACCEPT, id, &mark)
				case 3:
					v = verdict(o.queue, false, dissect.NF_DROP, id, nil)
				case o.packets:
					v = verdict(o.queue, true, dissect.NF_ACCEPT, id, nil)
				default:
					continue // answered by the batch verdict
				}
				if _, err := c.Send(v); err != nil {
					return fmt.Errorf("verdict for packet %d: %w", id, err)
				}
			}
		}
	}
	if err := unbind(c, "queue unbind", queueCmd(o.queue, dissect.NFQNL_CFG_CMD_UNBIND, unix.AF_INET)); err != nil {
		return err
	}
	if o.logs > 0 {
		if err := do(c, "log unbind", logCmd(o.group, dissect.NFULNL_CFG_CMD_UNBIND, unix.AF_UNSPEC)); err != nil {
			return err
		}
	}
	fmt.Printf("queue %d: %d packets (verdicts: accept, accept mark 0x%x, drop, batch accept up to id %d); log group %d: %d packets\n",
		o.queue, len(queued), verdictMark, queued[len(queued)-1], o.group, logged)
	return nil
}

// sendUDP sends one datagram to addr.
func sendUDP(addr string) error {
	u, err := net.Dial("udp", addr)
	if err != nil {
		return fmt.Errorf("udp %s: %w", addr, err)
	}
	defer u.Close()
	if _, err := u.Write([]byte("nlcap " + addr)); err != nil {
		return fmt.Errorf("udp %s: %w", addr, err)
	}
	return nil
}

// sendPing sends one ICMP echo request (sequence seq) to the IPv4 host
// addr over a raw socket (root).
func sendPing(addr string, seq int) error {
	ip := net.ParseIP(addr).To4()
	if ip == nil {
		return fmt.Errorf("ping %q: not an IPv4 address", addr)
	}
	c, err := net.ListenPacket("ip4:icmp", "0.0.0.0")
	if err != nil {
		return fmt.Errorf("ping %s: %w", addr, err)
	}
	defer c.Close()
	b, err := (&icmp.Message{Type: ipv4.ICMPTypeEcho, Body: &icmp.Echo{ID: os.Getpid() & 0xffff, Seq: seq, Data: []byte("nlcap")}}).Marshal(nil)
	if err != nil {
		return fmt.Errorf("ping %s: %w", addr, err)
	}
	if _, err := c.WriteTo(b, &net.IPAddr{IP: ip}); err != nil {
		return fmt.Errorf("ping %s: %w", addr, err)
	}
	return nil
}
