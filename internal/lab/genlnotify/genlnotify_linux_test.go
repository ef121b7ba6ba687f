package genlnotify

import (
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

func TestParse(t *testing.T) {
	var b []byte
	for _, cmd := range []uint8{2, 0} {
		body, err := (&genetlink.Message{Header: genetlink.Header{Command: cmd, Version: 1}, Data: []byte{8, 0, 3, 0, 7, 0, 0, 0}}).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		m, err := (&netlink.Message{Header: netlink.Header{Length: uint32(16 + len(body)), Type: 0x20, Flags: netlink.Multi}, Data: body}).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, m...)
	}
	msgs, err := parse(b)
	if err != nil || len(msgs) != 2 || msgs[0].Header.Command != 2 || msgs[1].Header.Command != 0 || len(msgs[1].Data) != 8 {
		t.Fatalf("parse = %+v, %v", msgs, err)
	}
	if _, err := parse(b[:len(b)-30]); err == nil {
		t.Error("a truncated datagram parsed")
	}
	if _, err := parse(b[:18]); err == nil {
		t.Error("a header cut short parsed")
	}
}
