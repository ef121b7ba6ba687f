//go:build tools

// Package tools pins the modules the project builds with, so that go.mod lists
// them before the code that uses them lands. It is never compiled.
package tools

import (
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/gopacket/gopacket"
	_ "github.com/gopacket/gopacket/layers"
	_ "github.com/gopacket/gopacket/pcapgo"
	_ "github.com/mdlayher/genetlink"
	_ "github.com/mdlayher/netlink/nltest"
	_ "github.com/mdlayher/socket"
	_ "golang.org/x/net/bpf"
	_ "golang.org/x/sys/unix"
)
