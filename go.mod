module github.com/nlcap/nlcap

go 1.26.0

require (
	github.com/mdlayher/netlink v1.11.2
	github.com/spf13/pflag v1.1.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/mdlayher/socket v0.8.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
