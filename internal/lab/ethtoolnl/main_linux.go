// Command ethtoolnl is the lab's client of ethtool's per-device string
// sets (e2e/scenarios/genl-ethtool-nic.sh; `lab captures` boots only).
// Debian 12's ethtool 6.1 asks the kernel for a device's string sets only
// to print a compact ETHTOOL_A_PRIVFLAGS_FLAGS, which only a notification
// of changed private flags carries (its requests ask for verbose bit sets),
// and QEMU's e1000e (an 82574L) refuses every change of its one flag: no
// Debian tool makes these requests on the lab's NIC. For the device -dev
// it
//
//	resolves "ethtool" through nlctrl (CTRL_CMD_GETFAMILY),
//	asks ETHTOOL_MSG_STRSET_GET for ETH_SS_PRIV_FLAGS, ETH_SS_TEST and
//	ETH_SS_STATS with the device's name in the header (the kernel's
//	answer names the device by index and name),
//	asks the same of no device (the kernel refuses: per-device strings
//	without a device, EINVAL),
//	asks ETHTOOL_MSG_PRIVFLAGS_GET with the device's index (from the
//	string set answer) and
//	ETHTOOL_FLAG_COMPACT_BITSETS (a compact bit set, as ethtool
//	--monitor receives them),
//	sends ETHTOOL_MSG_PRIVFLAGS_SET by name with a compact bit set that
//	clears the first flag (no change on the 82574: acknowledged),
//
// printing what the kernel answered; it exits 1 on an unexpected answer.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap/dissect"
)

// familyName is ethtool_netlink.h's ETHTOOL_GENL_NAME; the numbers are
// dissect's, generated from the kernel headers.
const familyName = "ethtool"

func main() {
	dev := flag.String("dev", "eth0", "network `device` whose string sets to ask for")
	flag.Parse()
	if flag.NArg() > 0 || *dev == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dev); err != nil {
		fmt.Fprintln(os.Stderr, "ethtoolnl:", err)
		os.Exit(1)
	}
}

// header encodes an ethtool request header (ETHTOOL_A_*_HEADER): the
// device by index (0: left out) and name ("": left out), and flags.
func header(ae *netlink.AttributeEncoder, typ uint16, ifindex uint32, name string, flags uint32) {
	ae.Nested(typ, func(h *netlink.AttributeEncoder) error {
		if ifindex != 0 {
			h.Uint32(dissect.ETHTOOL_A_HEADER_DEV_INDEX, ifindex)
		}
		if name != "" {
			h.String(dissect.ETHTOOL_A_HEADER_DEV_NAME, name)
		}
		if flags != 0 {
			h.Uint32(dissect.ETHTOOL_A_HEADER_FLAGS, flags)
		}
		return nil
	})
}

// strsetRequest is ETHTOOL_MSG_STRSET_GET for the string sets ids of the
// device dev ("": no device).
func strsetRequest(version uint8, dev string, ids ...uint32) (genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	header(ae, dissect.ETHTOOL_A_STRSET_HEADER, 0, dev, 0)
	ae.Nested(dissect.ETHTOOL_A_STRSET_STRINGSETS, func(sets *netlink.AttributeEncoder) error {
		for _, id := range ids {
			sets.Nested(dissect.ETHTOOL_A_STRINGSETS_STRINGSET, func(s *netlink.AttributeEncoder) error {
				s.Uint32(dissect.ETHTOOL_A_STRINGSET_ID, id)
				return nil
			})
		}
		return nil
	})
	b, err := ae.Encode()
	return genetlink.Message{Header: genetlink.Header{Command: dissect.ETHTOOL_MSG_STRSET_GET, Version: version}, Data: b}, err
}

// A stringSet is one ETHTOOL_A_STRINGSETS_STRINGSET of an answer.
type stringSet struct {
	id      uint32
	count   uint32
	strings []string // by index
}

// parseStrsets reads the string sets and the header's device index and
// name of an ETHTOOL_MSG_STRSET_GET_REPLY.
func parseStrsets(b []byte) (sets []stringSet, ifindex uint32, name string, err error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return nil, 0, "", fmt.Errorf("string set answer: %w", err)
	}
	for ad.Next() {
		switch ad.Type() {
		case dissect.ETHTOOL_A_STRSET_HEADER:
			ad.Nested(func(h *netlink.AttributeDecoder) error {
				for h.Next() {
					switch h.Type() {
					case dissect.ETHTOOL_A_HEADER_DEV_INDEX:
						ifindex = h.Uint32()
					case dissect.ETHTOOL_A_HEADER_DEV_NAME:
						name = h.String()
					}
				}
				return nil
			})
		case dissect.ETHTOOL_A_STRSET_STRINGSETS:
			ad.Nested(func(ss *netlink.AttributeDecoder) error {
				for ss.Next() {
					if ss.Type() != dissect.ETHTOOL_A_STRINGSETS_STRINGSET {
						continue
					}
					var s stringSet
					ss.Nested(func(sd *netlink.AttributeDecoder) error { return parseStringSet(sd, &s) })
					sets = append(sets, s)
				}
				return nil
			})
		}
	}
	if err := ad.Err(); err != nil {
		return nil, 0, "", fmt.Errorf("string set answer: %w", err)
	}
	return sets, ifindex, name, nil
}

// parseStringSet reads one ETHTOOL_A_STRINGSETS_STRINGSET nest into s.
func parseStringSet(sd *netlink.AttributeDecoder, s *stringSet) error {
	for sd.Next() {
		switch sd.Type() {
		case dissect.ETHTOOL_A_STRINGSET_ID:
			s.id = sd.Uint32()
		case dissect.ETHTOOL_A_STRINGSET_COUNT:
			s.count = sd.Uint32()
		case dissect.ETHTOOL_A_STRINGSET_STRINGS:
			sd.Nested(func(strs *netlink.AttributeDecoder) error {
				for strs.Next() {
					var (
						idx   uint32
						value string
					)
					strs.Nested(func(one *netlink.AttributeDecoder) error {
						for one.Next() {
							switch one.Type() {
							case dissect.ETHTOOL_A_STRING_INDEX:
								idx = one.Uint32()
							case dissect.ETHTOOL_A_STRING_VALUE:
								value = one.String()
							}
						}
						return nil
					})
					if idx < 4096 {
						for uint32(len(s.strings)) <= idx {
							s.strings = append(s.strings, "")
						}
						s.strings[idx] = value
					}
				}
				return nil
			})
		}
	}
	return nil
}

// privflagsGet is ETHTOOL_MSG_PRIVFLAGS_GET of the device ifindex, asking
// for a compact bit set.
func privflagsGet(version uint8, ifindex uint32) (genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	header(ae, dissect.ETHTOOL_A_PRIVFLAGS_HEADER, ifindex, "", dissect.ETHTOOL_FLAG_COMPACT_BITSETS)
	b, err := ae.Encode()
	return genetlink.Message{Header: genetlink.Header{Command: dissect.ETHTOOL_MSG_PRIVFLAGS_GET, Version: version}, Data: b}, err
}

// privflagsSet is ETHTOOL_MSG_PRIVFLAGS_SET of the device dev with a
// compact bit set of size bits: value under mask.
func privflagsSet(version uint8, dev string, size, value, mask uint32) (genetlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	header(ae, dissect.ETHTOOL_A_PRIVFLAGS_HEADER, 0, dev, 0)
	ae.Nested(dissect.ETHTOOL_A_PRIVFLAGS_FLAGS, func(bs *netlink.AttributeEncoder) error {
		bs.Uint32(dissect.ETHTOOL_A_BITSET_SIZE, size)
		bs.Uint32(dissect.ETHTOOL_A_BITSET_VALUE, value) // one u32 word, host order
		bs.Uint32(dissect.ETHTOOL_A_BITSET_MASK, mask)
		return nil
	})
	b, err := ae.Encode()
	return genetlink.Message{Header: genetlink.Header{Command: dissect.ETHTOOL_MSG_PRIVFLAGS_SET, Version: version}, Data: b}, err
}

// compactValue reads ETHTOOL_A_PRIVFLAGS_FLAGS's size and first value word
// of an ETHTOOL_MSG_PRIVFLAGS_GET_REPLY; ok is false for a verbose one.
func compactValue(b []byte) (size, value uint32, ok bool, err error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return 0, 0, false, fmt.Errorf("private flags answer: %w", err)
	}
	for ad.Next() {
		if ad.Type() != dissect.ETHTOOL_A_PRIVFLAGS_FLAGS {
			continue
		}
		ad.Nested(func(bs *netlink.AttributeDecoder) error {
			for bs.Next() {
				switch bs.Type() {
				case dissect.ETHTOOL_A_BITSET_SIZE:
					size = bs.Uint32()
				case dissect.ETHTOOL_A_BITSET_VALUE:
					if b := bs.Bytes(); len(b) >= 4 {
						value, ok = binary.NativeEndian.Uint32(b), true
					}
				}
			}
			return nil
		})
	}
	if err := ad.Err(); err != nil {
		return 0, 0, false, fmt.Errorf("private flags answer: %w", err)
	}
	return size, value, ok, nil
}

func run(dev string) error {
	c, err := genetlink.Dial(nil)
	if err != nil {
		return fmt.Errorf("dial generic netlink: %w", err)
	}
	defer c.Close()
	// Extended ACKs: the kernel's reason for a refusal (as ethtool asks).
	if err := c.SetOption(netlink.ExtendedAcknowledge, true); err != nil {
		return fmt.Errorf("extended acknowledgements: %w", err)
	}
	f, err := c.GetFamily(familyName)
	if err != nil {
		return fmt.Errorf("family %s: %w", familyName, err)
	}
	ids := []uint32{dissect.ETH_SS_PRIV_FLAGS, dissect.ETH_SS_TEST, dissect.ETH_SS_STATS}

	// The device's sets, named by the device's name.
	req, err := strsetRequest(f.Version, dev, ids...)
	if err != nil {
		return err
	}
	// No NLM_F_ACK on a GET: genetlink's Execute reads one answer, and a
	// separate ACK would be read as the answer to the next request.
	msgs, err := c.Execute(req, f.ID, netlink.Request)
	if err != nil {
		return fmt.Errorf("string sets of %s: %w", dev, err)
	}
	var (
		privNames []string
		ifindex   uint32 // as the kernel's answer names the device
	)
	for _, m := range msgs {
		sets, idx, name, err := parseStrsets(m.Data)
		if err != nil {
			return err
		}
		ifindex = idx
		for _, s := range sets {
			fmt.Printf("strset of ifindex %d %q: set %d, %d strings, first %q\n", idx, name, s.id, s.count, first(s.strings, 4))
			if s.id == dissect.ETH_SS_PRIV_FLAGS {
				privNames = s.strings
			}
		}
	}
	if len(privNames) == 0 || ifindex == 0 {
		return fmt.Errorf("%s: no private flag names or no device index in the answer", dev)
	}

	// The same sets without a device: the kernel refuses.
	if req, err = strsetRequest(f.Version, "", ids...); err != nil {
		return err
	}
	_, err = c.Execute(req, f.ID, netlink.Request)
	var oe *netlink.OpError
	if !errors.As(err, &oe) {
		return fmt.Errorf("string sets of no device: %v, want an error", err)
	}
	fmt.Printf("strset of no device: %v (%s)\n", oe.Err, oe.Message)

	// The device's private flags as a compact bit set.
	if req, err = privflagsGet(f.Version, ifindex); err != nil {
		return err
	}
	if msgs, err = c.Execute(req, f.ID, netlink.Request); err != nil {
		return fmt.Errorf("private flags of %s: %w", dev, err)
	}
	for _, m := range msgs {
		size, value, ok, err := compactValue(m.Data)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("private flags of %s: not a compact bit set", dev)
		}
		fmt.Printf("private flags of %s: %d bits, value %#x (bit 0 is %q)\n", dev, size, value, privNames[0])
	}

	// Clear the first flag (no change where it is off).
	if req, err = privflagsSet(f.Version, dev, uint32(len(privNames)), 0, 1); err != nil {
		return err
	}
	if _, err = c.Execute(req, f.ID, netlink.Request|netlink.Acknowledge); err != nil {
		return fmt.Errorf("clear %s of %s: %w", privNames[0], dev, err)
	}
	fmt.Printf("cleared %s of %s: acknowledged\n", privNames[0], dev)
	return nil
}

// first returns the first n strings of s, joined.
func first(s []string, n int) string {
	return strings.Join(s[:min(n, len(s))], " ")
}
