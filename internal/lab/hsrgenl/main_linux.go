// Command hsrgenl is the lab's HSR generic netlink client
// (e2e/scenarios/genl-hsr.sh; `lab captures` boots only): Debian ships no
// tool that speaks the family (iproute2 makes HSR links over rtnetlink
// only). It
//
//	resolves "HSR" through nlctrl (CTRL_CMD_GETFAMILY) and joins its
//	"hsr-network" multicast group,
//	asks HSR_C_GET_NODE_LIST of -dev every half second until the list
//	holds -nodes nodes (supervision frames fill it),
//	asks HSR_C_GET_NODE_STATUS of each node (HSR_A_IFINDEX,
//	HSR_A_NODE_ADDR), prints "ready",
//	then receives -ring-errors HSR_C_RING_ERROR and -node-downs
//	HSR_C_NODE_DOWN notifications (the scenario takes a peer's slave
//	down, then the peer), printing "ring error" after the first.
//
// Everything is bounded by -timeout; it exits 1 on any failure.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/lab/genlnotify"
)

// The netlink numbers are dissect's, generated from the kernel headers;
// the family and group names are hsr_netlink.c's.
const (
	familyName   = "HSR"
	networkGroup = "hsr-network"
)

type options struct {
	dev                   string
	nodes                 int
	ringErrors, nodeDowns int
	timeout               time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.dev, "dev", "hsr0", "HSR `interface` to ask about")
	flag.IntVar(&o.nodes, "nodes", 1, "wait until the node list holds this many nodes")
	flag.IntVar(&o.ringErrors, "ring-errors", 1, "HSR_C_RING_ERROR notifications to receive after ready")
	flag.IntVar(&o.nodeDowns, "node-downs", 0, "HSR_C_NODE_DOWN notifications to receive after the ring errors")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 || o.nodes < 1 || o.ringErrors < 0 || o.nodeDowns < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "hsrgenl:", err)
		os.Exit(1)
	}
}

// request is an HSR request: HSR_A_IFINDEX, then HSR_A_NODE_ADDR when
// addr is not nil.
func request(cmd uint8, version uint8, ifindex uint32, addr net.HardwareAddr) (genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(dissect.HSR_A_IFINDEX, ifindex)
	if addr != nil {
		ae.Bytes(dissect.HSR_A_NODE_ADDR, addr)
	}
	b, err := ae.Encode()
	if err != nil {
		return genetlink.Message{}, fmt.Errorf("encode request: %w", err)
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: version}, Data: b}, nil
}

// nodeAddrs reads the HSR_A_NODE_ADDR attributes of a node list answer.
func nodeAddrs(m genetlink.Message) ([]net.HardwareAddr, error) {
	ad, err := netlink.NewAttributeDecoder(m.Data)
	if err != nil {
		return nil, fmt.Errorf("node list: %w", err)
	}
	var addrs []net.HardwareAddr
	for ad.Next() {
		if ad.Type() == dissect.HSR_A_NODE_ADDR {
			b := ad.Bytes()
			if len(b) != 6 {
				return nil, fmt.Errorf("node list: HSR_A_NODE_ADDR of %d bytes", len(b))
			}
			addrs = append(addrs, net.HardwareAddr(b))
		}
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("node list: %w", err)
	}
	return addrs, nil
}

// ask sends one request and returns its single answer of command want.
func ask(c *genetlink.Conn, f genetlink.Family, m genetlink.Message, want uint8) (genetlink.Message, error) {
	msgs, err := c.Execute(m, f.ID, netlink.Request)
	if err != nil {
		return genetlink.Message{}, err
	}
	if len(msgs) != 1 || msgs[0].Header.Command != want {
		return genetlink.Message{}, fmt.Errorf("%d answers, want one of command %d", len(msgs), want)
	}
	return msgs[0], nil
}

func run(o options) error {
	deadline := time.Now().Add(o.timeout)
	// SIOCGIFINDEX, not net.InterfaceByName: that dumps every link over
	// rtnetlink into the capture.
	ifindex, err := ifIndex(o.dev)
	if err != nil {
		return err
	}
	c, f, l, err := genlnotify.Dial(familyName, deadline, networkGroup)
	if err != nil {
		return err
	}
	defer c.Close()
	defer l.Close()
	var addrs []net.HardwareAddr
	for {
		m, err := request(dissect.HSR_C_GET_NODE_LIST, f.Version, ifindex, nil)
		if err != nil {
			return err
		}
		a, err := ask(c, f, m, dissect.HSR_C_SET_NODE_LIST)
		if err != nil {
			return fmt.Errorf("node list of %s: %w", o.dev, err)
		}
		if addrs, err = nodeAddrs(a); err != nil {
			return err
		}
		if len(addrs) >= o.nodes {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("node list of %s: %d nodes, want %d", o.dev, len(addrs), o.nodes)
		}
		time.Sleep(500 * time.Millisecond)
	}
	for _, addr := range addrs {
		m, err := request(dissect.HSR_C_GET_NODE_STATUS, f.Version, ifindex, addr)
		if err != nil {
			return err
		}
		if _, err := ask(c, f, m, dissect.HSR_C_SET_NODE_STATUS); err != nil {
			return fmt.Errorf("status of node %s: %w", addr, err)
		}
	}
	fmt.Printf("ready: %s nodes %v\n", o.dev, addrs)
	var ringErrors, nodeDowns int
	for ringErrors < o.ringErrors || nodeDowns < o.nodeDowns {
		msgs, err := l.Receive()
		if err != nil {
			return fmt.Errorf("receive (%d ring errors, %d node downs): %w", ringErrors, nodeDowns, err)
		}
		for _, m := range msgs {
			switch m.Header.Command {
			case dissect.HSR_C_RING_ERROR:
				ringErrors++
				if ringErrors == 1 {
					fmt.Println("ring error")
				}
			case dissect.HSR_C_NODE_DOWN:
				nodeDowns++
			}
		}
	}
	fmt.Printf("%d ring errors, %d node downs\n", ringErrors, nodeDowns)
	return nil
}

// ifIndex returns the index of the interface name by SIOCGIFINDEX.
func ifIndex(name string) (uint32, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("ifindex of %s: %w", name, err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, fmt.Errorf("ifindex of %s: %w", name, err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("ifindex of %s: %w", name, err)
	}
	i := ifr.Uint32()
	if i == 0 {
		return 0, errors.New("ifindex of " + name + ": 0")
	}
	return i, nil
}
