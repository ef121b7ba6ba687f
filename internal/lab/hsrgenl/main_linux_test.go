package main

import (
	"encoding/binary"
	"net"
	"strings"
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// decoded returns nlcap's view of a request the program sends (the family
// id learned as from the capture's nlctrl answer): command, then the
// attributes.
func decoded(t *testing.T, gm genetlink.Message) string {
	t.Helper()
	const id = 0x20
	body, err := gm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&netlink.Message{Header: netlink.Header{Type: id, Flags: netlink.Request, Length: uint32(16 + len(body))}, Data: body}).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d := dissect.NewDecoder(nil)
	d.LearnGenlFamily(id, "HSR")
	msgs := d.Decode(nlcap.Record{Family: nlcap.FamilyGeneric, ByteOrder: binary.NativeEndian, Data: b}, 0)
	if len(msgs) != 1 || msgs[0].Genl == nil || msgs[0].Problem != "" || len(msgs[0].Trailing) > 0 {
		t.Fatalf("decoded %+v", msgs)
	}
	w := []string{msgs[0].Genl.CmdName}
	for _, a := range msgs[0].Attrs {
		w = append(w, a.Name+": "+a.Value)
	}
	return strings.Join(w, "\n")
}

func TestRequests(t *testing.T) {
	addr := net.HardwareAddr{0x5a, 0xa1, 0x1b, 0x45, 0xc8, 0x8f}
	list, err := request(dissect.HSR_C_GET_NODE_LIST, 1, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := decoded(t, list), "HSR_C_GET_NODE_LIST\nHSR_A_IFINDEX: 7"; got != want {
		t.Errorf("node list request:\n%s\nwant\n%s", got, want)
	}
	status, err := request(dissect.HSR_C_GET_NODE_STATUS, 1, 7, addr)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := decoded(t, status), "HSR_C_GET_NODE_STATUS\nHSR_A_IFINDEX: 7\nHSR_A_NODE_ADDR: 5a:a1:1b:45:c8:8f"; got != want {
		t.Errorf("node status request:\n%s\nwant\n%s", got, want)
	}
}

func TestNodeAddrs(t *testing.T) {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(dissect.HSR_A_IFINDEX, 7)
	ae.Bytes(dissect.HSR_A_NODE_ADDR, []byte{0xce, 0x67, 0xac, 0x3f, 0x66, 0x0e})
	ae.Bytes(dissect.HSR_A_NODE_ADDR, []byte{0x5a, 0xa1, 0x1b, 0x45, 0xc8, 0x8f})
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := nodeAddrs(genetlink.Message{Data: b})
	if err != nil || len(addrs) != 2 || addrs[1].String() != "5a:a1:1b:45:c8:8f" {
		t.Errorf("nodeAddrs = %v, %v", addrs, err)
	}
	ae = netlink.NewAttributeEncoder()
	ae.Bytes(dissect.HSR_A_NODE_ADDR, []byte{1, 2, 3})
	short, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nodeAddrs(genetlink.Message{Data: short}); err == nil {
		t.Error("a 3-byte HSR_A_NODE_ADDR read as an address")
	}
	if _, err := nodeAddrs(genetlink.Message{Data: b[:len(b)-3]}); err == nil {
		t.Error("truncated attributes read")
	}
}
