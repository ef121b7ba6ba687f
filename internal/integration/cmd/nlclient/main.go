// Command nlclient runs the workload of package client against the kernel
// (its network namespace) and prints the result as JSON: the program the lab
// captures with `nlcap -w` (e2e TestMockThirdPartyClient). With -mock FILE it
// runs the same workload against replay.Mock serving FILE in Strict and
// Ordered mode and fails unless every request was matched and every
// recorded exchange served.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/ethtool"
	"github.com/mdlayher/genetlink"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/internal/integration/client"
	"github.com/nlcap/nlcap/internal/integration/inject"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/replay"
)

func main() {
	mock := flag.String("mock", "", "serve the workload from this capture (replay.Mock, Strict and Ordered) instead of the kernel")
	flag.Parse()
	var (
		r   *client.Result
		err error
	)
	if *mock != "" {
		r, err = fromMock(*mock)
	} else {
		r, err = fromKernel()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "nlclient: %v\n", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		fmt.Fprintf(os.Stderr, "nlclient: %v\n", err)
		os.Exit(1)
	}
}

// fromKernel dials the libraries as their documentation says.
func fromKernel() (*client.Result, error) {
	rt, err := rtnetlink.Dial(nil)
	if err != nil {
		return nil, err
	}
	defer rt.Close()
	g, err := genetlink.Dial(nil)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	et, err := ethtool.New()
	if err != nil {
		return nil, err
	}
	defer et.Close()
	return client.Run(client.Clients{Route: rt, Genl: g, Ethtool: et})
}

// fromMock serves the workload from a capture.
func fromMock(file string) (*client.Result, error) {
	r, c, err := pcap.Open(file)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	s, err := replay.ReadScript(r)
	if err != nil {
		return nil, err
	}
	m := replay.NewMock(s, &replay.MockConfig{Strict: true, Ordered: true})
	res, err := RunMock(m)
	for _, u := range m.Unmatched() {
		err = errors.Join(err, u)
	}
	if un := m.Unserved(); len(un) > 0 {
		err = errors.Join(err, fmt.Errorf("recorded exchanges never served: %v", un))
	}
	return res, err
}

// RunMock runs the workload on connections to m.
func RunMock(m *replay.Mock) (*client.Result, error) {
	rt, err := inject.Route(m.Dial(unix.NETLINK_ROUTE))
	if err != nil {
		return nil, err
	}
	defer rt.Close()
	g := m.DialGenl()
	defer g.Close()
	et, err := inject.Ethtool(m.DialGenl())
	if err != nil {
		return nil, err
	}
	defer et.Close()
	return client.Run(client.Clients{Route: rt, Genl: g, Ethtool: et})
}
