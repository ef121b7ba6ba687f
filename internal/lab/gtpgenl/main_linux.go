// Command gtpgenl is the lab's gtp client (e2e/scenarios/genl-gtp.sh;
// `lab captures` boots only): Debian ships no gtp tool (osmocom's libgtpnl
// with its gtp-link and gtp-tunnel is not packaged). As gtp-link and
// gtp-tunnel do, it
//
//	opens the UDP sockets of GTPv0 (port 3386) and GTPv1-U (port 2152),
//	creates the gtp link -dev over them (RTM_NEWLINK, IFLA_INFO_KIND "gtp",
//	IFLA_GTP_FD0, IFLA_GTP_FD1, IFLA_GTP_ROLE GGSN),
//	resolves "gtp" through nlctrl and joins its multicast group,
//	adds a GTPv1 tunnel (GTP_CMD_NEWPDP: TEIs 100/200) and a GTPv0 one
//	(TID 0x1122334455667788, flow 7), gets the first (GTP_CMD_GETPDP),
//	dumps all (GTP_CMD_GETPDP, NLM_F_DUMP), deletes both (GTP_CMD_DELPDP),
//	receives the kernel's NEWPDP and DELPDP notifications of them,
//	and deletes the link (RTM_DELLINK).
//
// Everything is bounded by -timeout; it exits 1 on any failure.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/lab/genlnotify"
)

// The netlink numbers are dissect's, generated from the kernel headers;
// the family and group names are gtp.h's GTP_GENL_NAME and
// GTP_GENL_MCGRP_NAME.
const (
	familyName = "gtp"
	groupName  = "gtp"
	// GTPv0 and GTPv1-U ports (3GPP TS 29.060; GTP0_PORT, GTP1U_PORT).
	gtp0Port, gtp1uPort = 3386, 2152
)

// pdp is one tunnel: GTPv1 by TEIs, GTPv0 by TID and flow.
type pdp struct {
	version    uint32
	peer, ms   netip.Addr
	iTEI, oTEI uint32
	tid        uint64
	flow       uint16
}

var tunnels = []pdp{
	{version: dissect.GTP_V1, peer: netip.MustParseAddr("192.0.2.2"), ms: netip.MustParseAddr("10.10.0.1"), iTEI: 100, oTEI: 200},
	{version: dissect.GTP_V0, peer: netip.MustParseAddr("192.0.2.3"), ms: netip.MustParseAddr("10.10.0.2"), tid: 0x1122334455667788, flow: 7},
}

func main() {
	dev := flag.String("dev", "gtp0", "gtp `link` to create")
	timeout := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 || *dev == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dev, time.Now().Add(*timeout)); err != nil {
		fmt.Fprintln(os.Stderr, "gtpgenl:", err)
		os.Exit(1)
	}
}

// encode runs fn on an attribute encoder.
func encode(fn func(ae *netlink.AttributeEncoder)) ([]byte, error) {
	ae := netlink.NewAttributeEncoder()
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode attributes: %w", err)
	}
	return b, nil
}

// newLink is RTM_NEWLINK creating a gtp link named dev over the sockets
// fd0 and fd1: struct ifinfomsg (zero), IFLA_IFNAME, IFLA_LINKINFO.
func newLink(dev string, fd0, fd1 uint32) (netlink.Message, error) {
	attrs, err := encode(func(ae *netlink.AttributeEncoder) {
		ae.String(unix.IFLA_IFNAME, dev)
		ae.Nested(unix.IFLA_LINKINFO, func(nae *netlink.AttributeEncoder) error {
			nae.String(dissect.IFLA_INFO_KIND, "gtp")
			nae.Nested(dissect.IFLA_INFO_DATA, func(dae *netlink.AttributeEncoder) error {
				dae.Uint32(dissect.IFLA_GTP_FD0, fd0)
				dae.Uint32(dissect.IFLA_GTP_FD1, fd1)
				dae.Uint32(dissect.IFLA_GTP_ROLE, dissect.GTP_ROLE_GGSN)
				return nil
			})
			return nil
		})
	})
	if err != nil {
		return netlink.Message{}, err
	}
	return netlink.Message{
		Header: netlink.Header{Type: dissect.RTM_NEWLINK, Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl},
		Data:   append(make([]byte, unix.SizeofIfInfomsg), attrs...),
	}, nil
}

// getLink is RTM_GETLINK of the link named dev (not Go's
// net.InterfaceByName: its dump request is a 17-byte struct rtgenmsg).
func getLink(dev string) (netlink.Message, error) {
	attrs, err := encode(func(ae *netlink.AttributeEncoder) { ae.String(unix.IFLA_IFNAME, dev) })
	if err != nil {
		return netlink.Message{}, err
	}
	return netlink.Message{Header: netlink.Header{Type: dissect.RTM_GETLINK, Flags: netlink.Request},
		Data: append(make([]byte, unix.SizeofIfInfomsg), attrs...)}, nil
}

// linkIndex asks for the link dev and returns ifi_index of the answer
// (which carries the kernel's IFLA_GTP_* of it).
func linkIndex(rt *netlink.Conn, dev string) (uint32, error) {
	m, err := getLink(dev)
	if err != nil {
		return 0, err
	}
	msgs, err := rt.Execute(m)
	if err != nil {
		return 0, fmt.Errorf("get link %s: %w", dev, err)
	}
	if len(msgs) != 1 || len(msgs[0].Data) < unix.SizeofIfInfomsg {
		return 0, fmt.Errorf("get link %s: %d answers", dev, len(msgs))
	}
	return binary.NativeEndian.Uint32(msgs[0].Data[4:]), nil
}

// delLink is RTM_DELLINK of ifindex.
func delLink(ifindex uint32) netlink.Message {
	ifi := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(ifi[4:], ifindex)
	return netlink.Message{Header: netlink.Header{Type: dissect.RTM_DELLINK, Flags: netlink.Request | netlink.Acknowledge}, Data: ifi}
}

// pdpMsg is a gtp request for tunnel p on link ifindex: the version, the
// tunnel's key, and with full also the addresses and the outgoing TEI or
// flow (GTP_CMD_NEWPDP wants them all).
func pdpMsg(cmd uint8, version uint8, ifindex uint32, p pdp, full bool) (genetlink.Message, error) {
	b, err := encode(func(ae *netlink.AttributeEncoder) {
		ae.Uint32(dissect.GTPA_LINK, ifindex)
		ae.Uint32(dissect.GTPA_VERSION, p.version)
		if full {
			ae.Bytes(dissect.GTPA_PEER_ADDRESS, p.peer.AsSlice())
			ae.Bytes(dissect.GTPA_MS_ADDRESS, p.ms.AsSlice())
		}
		switch p.version {
		case dissect.GTP_V1:
			ae.Uint32(dissect.GTPA_I_TEI, p.iTEI)
			if full {
				ae.Uint32(dissect.GTPA_O_TEI, p.oTEI)
			}
		default:
			ae.Uint64(dissect.GTPA_TID, p.tid)
			if full {
				ae.Uint16(dissect.GTPA_FLOW, p.flow)
			}
		}
	})
	if err != nil {
		return genetlink.Message{}, err
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: version}, Data: b}, nil
}

// udpFD opens a UDP socket on port and returns it with a descriptor of it
// (the file keeps the descriptor open).
func udpFD(port int) (*net.UDPConn, *os.File, error) {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{Port: port})
	if err != nil {
		return nil, nil, fmt.Errorf("udp port %d: %w", port, err)
	}
	f, err := c.File()
	if err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("udp port %d: %w", port, err)
	}
	return c, f, nil
}

func run(dev string, deadline time.Time) error {
	c0, f0, err := udpFD(gtp0Port)
	if err != nil {
		return err
	}
	defer c0.Close()
	defer f0.Close()
	c1, f1, err := udpFD(gtp1uPort)
	if err != nil {
		return err
	}
	defer c1.Close()
	defer f1.Close()

	rt, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		return fmt.Errorf("dial rtnetlink: %w", err)
	}
	defer rt.Close()
	if err := rt.SetDeadline(deadline); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	nl, err := newLink(dev, uint32(f0.Fd()), uint32(f1.Fd()))
	if err != nil {
		return err
	}
	if _, err := rt.Execute(nl); err != nil {
		return fmt.Errorf("create gtp link %s: %w", dev, err)
	}
	ifindex, err := linkIndex(rt, dev)
	if err != nil {
		return err
	}
	if err := tunnelOps(ifindex, deadline); err != nil {
		return errors.Join(err, removeLink(rt, ifindex))
	}
	if err := removeLink(rt, ifindex); err != nil {
		return err
	}
	fmt.Printf("gtp link %s (ifindex %d): %d tunnels added, got, dumped and deleted\n", dev, ifindex, len(tunnels))
	return nil
}

func removeLink(rt *netlink.Conn, ifindex uint32) error {
	if _, err := rt.Execute(delLink(ifindex)); err != nil {
		return fmt.Errorf("delete gtp link %d: %w", ifindex, err)
	}
	return nil
}

// tunnelOps adds, gets, dumps and deletes the tunnels over genl and
// receives the notifications of the additions and deletions.
func tunnelOps(ifindex uint32, deadline time.Time) error {
	c, f, l, err := genlnotify.Dial(familyName, deadline, groupName)
	if err != nil {
		return err
	}
	defer c.Close()
	defer l.Close()
	do := func(what string, cmd uint8, p pdp, full bool, flags netlink.HeaderFlags) (int, error) {
		m, err := pdpMsg(cmd, f.Version, ifindex, p, full)
		if err != nil {
			return 0, err
		}
		msgs, err := c.Execute(m, f.ID, flags)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		return len(msgs), nil
	}
	for _, p := range tunnels {
		if _, err := do("new pdp", dissect.GTP_CMD_NEWPDP, p, true, netlink.Request|netlink.Acknowledge); err != nil {
			return err
		}
	}
	if n, err := do("get pdp", dissect.GTP_CMD_GETPDP, tunnels[0], false, netlink.Request); err != nil || n != 1 {
		return fmt.Errorf("get pdp: %d answers: %w", n, err)
	}
	dump, err := c.Execute(genetlink.Message{Header: genetlink.Header{Command: dissect.GTP_CMD_GETPDP, Version: f.Version}}, f.ID, netlink.Request|netlink.Dump)
	if err != nil {
		return fmt.Errorf("dump pdp: %w", err)
	}
	if len(dump) != len(tunnels) {
		return fmt.Errorf("dump pdp: %d tunnels, want %d", len(dump), len(tunnels))
	}
	for _, p := range tunnels {
		if _, err := do("del pdp", dissect.GTP_CMD_DELPDP, p, false, netlink.Request|netlink.Acknowledge); err != nil {
			return err
		}
	}
	var added, deleted int
	for added < len(tunnels) || deleted < len(tunnels) {
		msgs, err := l.Receive()
		if err != nil {
			return fmt.Errorf("receive (%d new, %d del notifications): %w", added, deleted, err)
		}
		for _, m := range msgs {
			switch m.Header.Command {
			case dissect.GTP_CMD_NEWPDP:
				added++
			case dissect.GTP_CMD_DELPDP:
				deleted++
			}
		}
	}
	return nil
}
