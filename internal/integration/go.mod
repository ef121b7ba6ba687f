// Module integration holds a small program written with third-party netlink
// client libraries (jsimonetti/rtnetlink, mdlayher/genetlink,
// mdlayher/ethtool) and the test that serves it from a capture with
// replay.Mock. It is a module of its own so that nlcap's go.mod does not
// depend on those libraries (as mdlayher/netlink keeps its integration tests).
module github.com/nlcap/nlcap/internal/integration

go 1.26.0

replace github.com/nlcap/nlcap => ../..

require (
	github.com/jsimonetti/rtnetlink/v2 v2.3.0
	github.com/mdlayher/ethtool v0.7.0
	github.com/mdlayher/genetlink v1.4.0
	github.com/mdlayher/netlink v1.11.2
	github.com/nlcap/nlcap v0.0.0-00010101000000-000000000000
	golang.org/x/sys v0.49.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/gopacket/gopacket v1.7.7 // indirect
	github.com/mdlayher/socket v0.8.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
