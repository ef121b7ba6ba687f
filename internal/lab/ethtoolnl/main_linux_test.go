package main

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// decodeOne decodes a generic netlink message of family id 0x20
// ("ethtool", as the capture's nlctrl answer teaches it) with d.
func decodeOne(t *testing.T, d *dissect.Decoder, gm genetlink.Message, flags netlink.HeaderFlags) dissect.Message {
	t.Helper()
	body, err := gm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	m := netlink.Message{Header: netlink.Header{Type: 0x20, Flags: flags, Length: uint32(16 + len(body))}, Data: body}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	msgs := d.Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 || msgs[0].Genl == nil || len(msgs[0].Trailing) > 0 || msgs[0].Problem != "" {
		t.Fatalf("decoded %+v", msgs)
	}
	return msgs[0]
}

// TestRequestsDecode: the program's requests read as the ethtool commands
// they are, and the string set answer it parses (built as the kernel's
// strset_fill_reply builds it) teaches nlcap the device's private flag
// names, which then name the bit of the program's compact
// ETHTOOL_MSG_PRIVFLAGS_SET (whose header names the device by name only).
func TestRequestsDecode(t *testing.T) {
	d := dissect.NewDecoder(nil)
	d.LearnGenlFamily(0x20, "ethtool")
	req, err := strsetRequest(1, "eth0", dissect.ETH_SS_PRIV_FLAGS)
	if err != nil {
		t.Fatal(err)
	}
	if m := decodeOne(t, d, req, netlink.Request); m.Genl.CmdName != "ETHTOOL_MSG_STRSET_GET" {
		t.Errorf("string set request decoded as %s", m.Genl.CmdName)
	}

	// The kernel's answer: header with index and name, one set.
	ae := netlink.NewAttributeEncoder()
	header(ae, dissect.ETHTOOL_A_STRSET_HEADER, 3, "eth0", 0)
	ae.Nested(dissect.ETHTOOL_A_STRSET_STRINGSETS, func(sets *netlink.AttributeEncoder) error {
		sets.Nested(dissect.ETHTOOL_A_STRINGSETS_STRINGSET, func(s *netlink.AttributeEncoder) error {
			s.Uint32(dissect.ETHTOOL_A_STRINGSET_ID, dissect.ETH_SS_PRIV_FLAGS)
			s.Uint32(dissect.ETHTOOL_A_STRINGSET_COUNT, 1)
			s.Nested(dissect.ETHTOOL_A_STRINGSET_STRINGS, func(strs *netlink.AttributeEncoder) error {
				strs.Nested(dissect.ETHTOOL_A_STRINGS_STRING, func(one *netlink.AttributeEncoder) error {
					one.Uint32(dissect.ETHTOOL_A_STRING_INDEX, 0)
					one.String(dissect.ETHTOOL_A_STRING_VALUE, "s0ix-enabled")
					return nil
				})
				return nil
			})
			return nil
		})
		return nil
	})
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	sets, idx, name, err := parseStrsets(b)
	if err != nil || idx != 3 || name != "eth0" || len(sets) != 1 || sets[0].id != dissect.ETH_SS_PRIV_FLAGS || strings.Join(sets[0].strings, ",") != "s0ix-enabled" {
		t.Fatalf("parseStrsets = %+v, %d, %q, %v", sets, idx, name, err)
	}
	if _, _, _, err := parseStrsets(b[:len(b)-3]); err == nil {
		t.Error("parseStrsets of a truncated answer: no error")
	}
	decodeOne(t, d, genetlink.Message{Header: genetlink.Header{Command: dissect.ETHTOOL_MSG_STRSET_GET_REPLY, Version: 1}, Data: b}, 0)

	set, err := privflagsSet(1, "eth0", 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := decodeOne(t, d, set, netlink.Request|netlink.Acknowledge)
	if m.Genl.CmdName != "ETHTOOL_MSG_PRIVFLAGS_SET" {
		t.Fatalf("private flags request decoded as %s", m.Genl.CmdName)
	}
	var mask string
	for _, a := range m.Attrs {
		for _, c := range a.Children {
			if c.Name == "ETHTOOL_A_BITSET_MASK" {
				mask = c.Value
			}
		}
	}
	if mask != "s0ix-enabled" {
		t.Errorf("ETHTOOL_A_BITSET_MASK = %q, want s0ix-enabled", mask)
	}

	get, err := privflagsGet(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if m := decodeOne(t, d, get, netlink.Request|netlink.Acknowledge); m.Genl.CmdName != "ETHTOOL_MSG_PRIVFLAGS_GET" {
		t.Errorf("private flags get decoded as %s", m.Genl.CmdName)
	}
}
