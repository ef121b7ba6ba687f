// Command psample is the lab's psample generic netlink client
// (e2e/scenarios/genl-psample.sh; `lab captures` boots only): Debian ships
// no tool that speaks the family. Like a sampling daemon (hsflowd's
// psample module) it
//
//	resolves "psample" through nlctrl (CTRL_CMD_GETFAMILY),
//	joins its "config" and "packets" multicast groups,
//	dumps PSAMPLE_CMD_GET_GROUP (no group yet), prints "ready",
//	receives PSAMPLE_CMD_NEW_GROUP for -group and -samples
//	PSAMPLE_CMD_SAMPLE of it (tc's act_sample),
//	dumps PSAMPLE_CMD_GET_GROUP again (the group, its refcount and
//	sequence), prints "dumped",
//	receives PSAMPLE_CMD_DEL_GROUP for -group (the filter deleted), exits.
//
// Everything is bounded by -timeout; it exits 1 on any failure.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/lab/genlnotify"
)

// The netlink numbers are dissect's, generated from the kernel headers;
// the family and group names are psample.h's PSAMPLE_GENL_NAME,
// PSAMPLE_NL_MCGRP_CONFIG_NAME and PSAMPLE_NL_MCGRP_SAMPLE_NAME.
const (
	familyName  = "psample"
	configGroup = "config"
	sampleGroup = "packets"
)

type options struct {
	group   uint32
	samples int
	timeout time.Duration
}

func main() {
	var o options
	var group uint
	flag.UintVar(&group, "group", 7, "psample `group` number to expect (tc action sample group)")
	flag.IntVar(&o.samples, "samples", 3, "PSAMPLE_CMD_SAMPLE messages of the group to receive")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 || group > 0xffffffff || o.samples < 1 {
		flag.Usage()
		os.Exit(2)
	}
	o.group = uint32(group)
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "psample:", err)
		os.Exit(1)
	}
}

// groupOf reads PSAMPLE_ATTR_SAMPLE_GROUP of a psample message; ok is
// false when the message has none.
func groupOf(m genetlink.Message) (group uint32, ok bool, err error) {
	ad, err := netlink.NewAttributeDecoder(m.Data)
	if err != nil {
		return 0, false, fmt.Errorf("psample attributes: %w", err)
	}
	for ad.Next() {
		if ad.Type() == dissect.PSAMPLE_ATTR_SAMPLE_GROUP {
			group, ok = ad.Uint32(), true
		}
	}
	if err := ad.Err(); err != nil {
		return 0, false, fmt.Errorf("psample attributes: %w", err)
	}
	return group, ok, nil
}

// getGroup is the PSAMPLE_CMD_GET_GROUP request (sent as a dump): no
// attributes.
func getGroup(version uint8) genetlink.Message {
	return genetlink.Message{Header: genetlink.Header{Command: dissect.PSAMPLE_CMD_GET_GROUP, Version: version}}
}

// dumpGroups dumps PSAMPLE_CMD_GET_GROUP and returns the group numbers.
func dumpGroups(c *genetlink.Conn, f genetlink.Family) ([]uint32, error) {
	msgs, err := c.Execute(getGroup(f.Version), f.ID, netlink.Request|netlink.Dump)
	if err != nil {
		return nil, fmt.Errorf("dump groups: %w", err)
	}
	var groups []uint32
	for _, m := range msgs {
		g, ok, err := groupOf(m)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errors.New("dump groups: a group without PSAMPLE_ATTR_SAMPLE_GROUP")
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// counts are the notifications of the expected group received so far.
type counts struct{ newGroup, delGroup, samples int }

// receive reads notifications until done says enough; it counts those of
// group and ignores others (a dump's late parts are not expected: Execute
// reads them).
func receive(l *genlnotify.Listener, group uint32, n *counts, done func() bool) error {
	for !done() {
		msgs, err := l.Receive()
		if err != nil {
			return fmt.Errorf("receive (%d new group, %d samples, %d del group): %w", n.newGroup, n.samples, n.delGroup, err)
		}
		for _, m := range msgs {
			g, ok, err := groupOf(m)
			if err != nil {
				return err
			}
			if !ok || g != group {
				continue
			}
			switch m.Header.Command {
			case dissect.PSAMPLE_CMD_NEW_GROUP:
				n.newGroup++
			case dissect.PSAMPLE_CMD_DEL_GROUP:
				n.delGroup++
			case dissect.PSAMPLE_CMD_SAMPLE:
				n.samples++
			}
		}
	}
	return nil
}

func run(o options) error {
	c, f, l, err := genlnotify.Dial(familyName, time.Now().Add(o.timeout), configGroup, sampleGroup)
	if err != nil {
		return err
	}
	defer c.Close()
	defer l.Close()
	before, err := dumpGroups(c, f)
	if err != nil {
		return err
	}
	fmt.Printf("ready: family %d, groups before %v\n", f.ID, before)
	var n counts
	if err := receive(l, o.group, &n, func() bool { return n.newGroup > 0 && n.samples >= o.samples }); err != nil {
		return err
	}
	after, err := dumpGroups(c, f)
	if err != nil {
		return err
	}
	fmt.Printf("dumped: groups %v after %d samples of group %d\n", after, n.samples, o.group)
	if err := receive(l, o.group, &n, func() bool { return n.delGroup > 0 }); err != nil {
		return err
	}
	fmt.Printf("group %d deleted\n", o.group)
	return nil
}
