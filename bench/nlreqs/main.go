//go:build linux

// Command nlreqs is the client of bench/trace.sh: it sends N netlink
// requests (RTM_GETLINK for lo, one answer each) on one NETLINK_ROUTE
// socket, each answer read with a MSG_PEEK|MSG_TRUNC sizing read first, as
// iproute2 does, and prints how long that took.
//
//	nlreqs [-n 10000]
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	n := flag.Int("n", 10000, "requests")
	flag.Parse()
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		fatal(err)
	}
	req := make([]byte, 16+unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(req, uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETLINK)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST)
	binary.NativeEndian.PutUint32(req[16+4:], 1) // ifi_index 1: lo
	buf := make([]byte, 64<<10)
	kernel := &unix.SockaddrNetlink{Family: unix.AF_NETLINK}
	start := time.Now()
	for i := range *n {
		binary.NativeEndian.PutUint32(req[8:], uint32(i+1))
		if err := unix.Sendto(fd, req, 0, kernel); err != nil {
			fatal(err)
		}
		size, _, err := unix.Recvfrom(fd, buf[:0], unix.MSG_PEEK|unix.MSG_TRUNC)
		if err != nil {
			fatal(err)
		}
		if size > len(buf) {
			fatal(fmt.Errorf("answer of %d bytes", size))
		}
		got, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			fatal(err)
		}
		if got < 16 || binary.NativeEndian.Uint16(buf[4:]) != unix.RTM_NEWLINK {
			fatal(fmt.Errorf("request %d: unexpected answer", i+1))
		}
	}
	fmt.Printf("%d requests in %v\n", *n, time.Since(start))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "nlreqs:", err)
	os.Exit(1)
}
