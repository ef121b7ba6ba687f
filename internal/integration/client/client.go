// Package client is a small netlink program written the way users write
// them, with jsimonetti/rtnetlink, mdlayher/genetlink and mdlayher/ethtool:
// it creates a dummy link, brings it up, adds an address, lists links,
// addresses and routes, lists the generic netlink families, asks ethtool
// about the link and deletes it. [Run] returns what it saw; the same
// workload runs against the kernel (cmd/nlclient, captured with `nlcap -w`
// in the lab) and against replay.Mock serving that capture (client_test.go).
package client

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"sort"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/ethtool"
	"github.com/mdlayher/genetlink"
	"golang.org/x/sys/unix"
)

// Clients are the library connections [Run] uses.
type Clients struct {
	Route   *rtnetlink.Conn
	Genl    *genetlink.Conn
	Ethtool *ethtool.Client
}

// A Result is what the workload saw. It is compared as JSON between the
// kernel run and the mock run.
type Result struct {
	Links     []string `json:"links"`     // "name mtu N up|down"
	Addresses []string `json:"addresses"` // "name addr/len"
	Routes    []string `json:"routes"`    // main-table routes: "dst/len dev name"
	Families  []string `json:"families"`  // genl family names, sorted
	Nlctrl    uint16   `json:"nlctrl"`    // nlctrl's family id
	Ethtool   []string `json:"ethtool"`   // one line per ethtool query: value or error
}

// Dev is the dummy link the workload creates and deletes.
const Dev = "ic0"

// Run runs the workload. It fails on the first request the workload needs
// to succeed; ethtool answers (some are EOPNOTSUPP on a dummy link) are
// results.
func Run(c Clients) (*Result, error) {
	r := &Result{}
	err := c.Route.Link.New(&rtnetlink.LinkMessage{
		Family:     unix.AF_UNSPEC,
		Attributes: &rtnetlink.LinkAttributes{Name: Dev, Info: &rtnetlink.LinkInfo{Kind: "dummy"}},
	})
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", Dev, err)
	}
	links, err := c.Route.Link.List()
	if err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	names := map[uint32]string{}
	var index uint32
	for _, l := range links {
		names[l.Index] = l.Attributes.Name
		if l.Attributes.Name == Dev {
			index = l.Index
		}
	}
	if index == 0 {
		return nil, fmt.Errorf("%s missing from the link dump", Dev)
	}
	err = c.Route.Link.Set(&rtnetlink.LinkMessage{Family: unix.AF_UNSPEC, Index: index, Flags: unix.IFF_UP, Change: unix.IFF_UP})
	if err != nil {
		return nil, fmt.Errorf("set %s up: %w", Dev, err)
	}
	err = c.Route.Address.New(&rtnetlink.AddressMessage{
		Family: unix.AF_INET, PrefixLength: 24, Index: index,
		Attributes: &rtnetlink.AddressAttributes{Address: net.IPv4(10, 77, 0, 1).To4(), Local: net.IPv4(10, 77, 0, 1).To4()},
	})
	if err != nil {
		return nil, fmt.Errorf("add address: %w", err)
	}
	if err := r.routeState(c.Route, names); err != nil {
		return nil, err
	}
	fams, err := c.Genl.ListFamilies()
	if err != nil {
		return nil, fmt.Errorf("list genl families: %w", err)
	}
	for _, f := range fams {
		r.Families = append(r.Families, f.Name)
	}
	sort.Strings(r.Families)
	nl, err := c.Genl.GetFamily("nlctrl")
	if err != nil {
		return nil, fmt.Errorf("get family nlctrl: %w", err)
	}
	r.Nlctrl = nl.ID
	r.ethtool(c.Ethtool, ethtool.Interface{Name: Dev})
	if err := c.Route.Link.Delete(index); err != nil {
		return nil, fmt.Errorf("delete %s: %w", Dev, err)
	}
	return r, nil
}

// routeState lists links, addresses and main-table routes.
func (r *Result) routeState(c *rtnetlink.Conn, names map[uint32]string) error {
	links, err := c.Link.List()
	if err != nil {
		return fmt.Errorf("list links: %w", err)
	}
	for _, l := range links {
		state := "down"
		if l.Flags&unix.IFF_UP != 0 {
			state = "up"
		}
		r.Links = append(r.Links, fmt.Sprintf("%s mtu %d %s", l.Attributes.Name, l.Attributes.MTU, state))
		names[l.Index] = l.Attributes.Name
	}
	addrs, err := c.Address.List()
	if err != nil {
		return fmt.Errorf("list addresses: %w", err)
	}
	for _, a := range addrs {
		r.Addresses = append(r.Addresses, fmt.Sprintf("%s %s/%d", names[a.Index], a.Attributes.Address, a.PrefixLength))
	}
	routes, err := c.Route.List()
	if err != nil {
		return fmt.Errorf("list routes: %w", err)
	}
	for _, rt := range routes {
		if rt.Table != unix.RT_TABLE_MAIN {
			continue
		}
		r.Routes = append(r.Routes, fmt.Sprintf("%s/%d dev %s", rt.Attributes.Dst, rt.DstLength, names[rt.Attributes.OutIface]))
	}
	slices.Sort(r.Routes)
	return nil
}

// ethtool asks ethtool about ifi; errors are results. The workload names
// the link (ETHTOOL_A_HEADER_DEV_NAME) rather than giving its ifindex:
// nlreplay does not rewrite ETHTOOL_A_HEADER_DEV_INDEX yet, so a capture
// of requests by ifindex replays only where the ifindexes are the same.
func (r *Result) ethtool(c *ethtool.Client, ifi ethtool.Interface) {
	line := func(what string, v any, err error) {
		if err != nil {
			var e *ethtool.Error
			if errors.As(err, &e) {
				err = e.Err
			}
			r.Ethtool = append(r.Ethtool, fmt.Sprintf("%s: error %v", what, err))
			return
		}
		r.Ethtool = append(r.Ethtool, fmt.Sprintf("%s: %v", what, v))
	}
	if li, err := c.LinkInfo(ifi); err == nil {
		line("link info", li.Port, nil)
	} else {
		line("link info", nil, err)
	}
	if ls, err := c.LinkState(ifi); err == nil {
		line("link state", ls.Link, nil)
	} else {
		line("link state", nil, err)
	}
	if lm, err := c.LinkMode(ifi); err == nil {
		line("link mode", fmt.Sprintf("%d Mb/s %v", lm.SpeedMegabits, lm.Duplex), nil)
	} else {
		line("link mode", nil, err)
	}
}
