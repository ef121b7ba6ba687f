// Command sockdiaglab makes the AF_XDP and AF_SMC sockets of
// e2e/scenarios/sockdiag-lab.sh (`lab captures` boots only) and speaks
// smc_diag: Debian 12 has no tool that leaves an AF_XDP socket open, no
// smc-tools, and its ss does not know AF_SMC.
//
//	sockdiaglab xsk -dev xd0,xd1
//
// opens three AF_XDP sockets: one bound in copy mode to queue 0 of the
// first device with a UMEM (mmap'd, XDP_UMEM_REG), fill, completion, RX
// and TX rings, and one sendto on its empty TX ring (n_tx_ring_empty 1);
// one bound to queue 0 of the second device with its own UMEM and an RX
// ring only; one left unbound. It prints "ready" and holds them until
// SIGTERM or -timeout, so that iproute2's `ss --xdp` lists them.
//
//	sockdiaglab smc
//
// opens AF_SMC sockets over lo (SMCPROTO_SMC on 127.0.0.1 and
// SMCPROTO_SMC6 on ::1: a listener and a connection each; without RDMA or
// ISM devices they fall back to TCP) and one more SMCPROTO_SMC socket left
// unconnected (state INIT), then asks NETLINK_SOCK_DIAG for AF_SMC as
// smc-tools' smcss does (struct smc_diag_req, NLM_F_ROOT, seq 123456):
// once with no extension (smcss -a), then with diag_ext asking
// SMC_DIAG_CONNINFO, SMC_DIAG_LGRINFO and SMC_DIAG_DMBINFO (smcss -a -d,
// -R and -D), and prints each answer as smcss does.
//
// It exits 1 on any failure.
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/dissect"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "xsk":
		err = xskMain(os.Args[2:])
	case "smc":
		err = smcMain(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sockdiaglab:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: sockdiaglab xsk -dev DEV1,DEV2 [-timeout D] | sockdiaglab smc [-port N]")
	os.Exit(2)
}

// xskSpec is one AF_XDP socket to make: its UMEM (frames of chunk bytes,
// headroom) and ring sizes (0: no such ring); dev "" leaves it unbound.
type xskSpec struct {
	dev                     string
	frames, chunk, headroom uint32
	fill, comp, rx, tx      int
	kickTX                  bool
}

func xskMain(args []string) error {
	fs := flag.NewFlagSet("xsk", flag.ExitOnError)
	devs := fs.String("dev", "xd0,xd1", "two network `devices`, comma separated (their queue 0)")
	timeout := fs.Duration("timeout", 120*time.Second, "give up after this long")
	fs.Parse(args)
	d := strings.Split(*devs, ",")
	if fs.NArg() > 0 || len(d) != 2 {
		usage()
	}
	specs := []xskSpec{
		{dev: d[0], frames: 64, chunk: 2048, fill: 64, comp: 64, rx: 128, tx: 256, kickTX: true},
		{dev: d[1], frames: 16, chunk: 4096, headroom: 64, fill: 32, comp: 32, rx: 512},
		{},
	}
	var fds []int
	defer func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}()
	for _, s := range specs {
		fd, err := openXSK(s)
		if err != nil {
			return err
		}
		fds = append(fds, fd)
	}
	fmt.Printf("ready: %d AF_XDP sockets\n", len(fds))
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sig:
		fmt.Printf("closing on %v\n", s)
		return nil
	case <-time.After(*timeout):
		return fmt.Errorf("no signal within %v", *timeout)
	}
}

// openXSK makes one AF_XDP socket after s.
func openXSK(s xskSpec) (int, error) {
	fd, err := unix.Socket(unix.AF_XDP, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("socket(AF_XDP): %w", err)
	}
	if s.dev == "" {
		return fd, nil
	}
	fail := func(what string, err error) (int, error) {
		unix.Close(fd)
		return -1, fmt.Errorf("xsk on %s: %s: %w", s.dev, what, err)
	}
	size := int(s.frames * s.chunk)
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return fail("mmap umem", err)
	}
	// The UMEM stays mapped as long as the process lives (the kernel
	// pins its pages).
	reg := unix.XDPUmemReg{Addr: uint64(uintptr(unsafe.Pointer(&mem[0]))), Len: uint64(size), Size: s.chunk, Headroom: s.headroom}
	if err := setsockopt(fd, unix.XDP_UMEM_REG, unsafe.Pointer(&reg), unsafe.Sizeof(reg)); err != nil {
		return fail("XDP_UMEM_REG", err)
	}
	for _, r := range []struct {
		opt, n int
		name   string
	}{
		{unix.XDP_UMEM_FILL_RING, s.fill, "XDP_UMEM_FILL_RING"},
		{unix.XDP_UMEM_COMPLETION_RING, s.comp, "XDP_UMEM_COMPLETION_RING"},
		{unix.XDP_RX_RING, s.rx, "XDP_RX_RING"},
		{unix.XDP_TX_RING, s.tx, "XDP_TX_RING"},
	} {
		if r.n == 0 {
			continue
		}
		if err := unix.SetsockoptInt(fd, unix.SOL_XDP, r.opt, r.n); err != nil {
			return fail(r.name, err)
		}
	}
	ifi, err := ifindex(s.dev)
	if err != nil {
		return fail("ifindex", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrXDP{Flags: unix.XDP_COPY, Ifindex: ifi, QueueID: 0}); err != nil {
		return fail("bind queue 0 (copy mode)", err)
	}
	if s.kickTX {
		// An empty TX ring: the kernel counts one empty peek
		// (xdp_diag_stats.n_tx_ring_empty).
		if err := unix.Sendto(fd, nil, unix.MSG_DONTWAIT, nil); err != nil && !errors.Is(err, unix.EAGAIN) {
			return fail("sendto", err)
		}
	}
	return fd, nil
}

func setsockopt(fd, opt int, p unsafe.Pointer, n uintptr) error {
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), unix.SOL_XDP, uintptr(opt), uintptr(p), n, 0)
	if e != 0 {
		return e
	}
	return nil
}

func ifindex(name string) (uint32, error) {
	b, err := os.ReadFile("/sys/class/net/" + name + "/ifindex")
	if err != nil {
		return 0, err
	}
	var i uint32
	if _, err := fmt.Sscan(string(b), &i); err != nil {
		return 0, fmt.Errorf("%s ifindex %q: %w", name, b, err)
	}
	return i, nil
}

// The SMC socket protocols of net/smc/smc.h (not UAPI):
//
//	#define SMCPROTO_SMC   0 /* SMC protocol, IPv4 */
//	#define SMCPROTO_SMC6  1 /* SMC protocol, IPv6 */
const (
	smcprotoSMC  = 0
	smcprotoSMC6 = 1
)

// smcssSeq is smcss's MAGIC_SEQ.
const smcssSeq = 123456

func smcMain(args []string) error {
	fs := flag.NewFlagSet("smc", flag.ExitOnError)
	port := fs.Int("port", 4711, "first TCP `port` (IPv4; IPv6 uses the next)")
	fs.Parse(args)
	if fs.NArg() > 0 || *port <= 0 || *port >= 0xffff {
		usage()
	}
	var fds []int
	defer func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}()
	for i, p := range []struct {
		proto int
		addr  func(port int) unix.Sockaddr
	}{
		{smcprotoSMC, func(port int) unix.Sockaddr { return &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}} }},
		{smcprotoSMC6, func(port int) unix.Sockaddr {
			return &unix.SockaddrInet6{Port: port, Addr: netip.IPv6Loopback().As16()}
		}},
	} {
		pair, err := smcPair(p.proto, p.addr(*port+i))
		fds = append(fds, pair...)
		if err != nil {
			return err
		}
	}
	// A socket never connected: SMC_INIT.
	idle, err := unix.Socket(unix.AF_SMC, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, smcprotoSMC)
	if err != nil {
		return fmt.Errorf("socket(AF_SMC): %w", err)
	}
	fds = append(fds, idle)
	c, err := netlink.Dial(unix.NETLINK_SOCK_DIAG, nil)
	if err != nil {
		return fmt.Errorf("dial NETLINK_SOCK_DIAG: %w", err)
	}
	defer c.Close()
	if err := smcss(c, 0, "smcss -a"); err != nil {
		return err
	}
	ext := uint8(1<<(dissect.SMC_DIAG_CONNINFO-1) | 1<<(dissect.SMC_DIAG_LGRINFO-1) | 1<<(dissect.SMC_DIAG_DMBINFO-1))
	return smcss(c, ext, "smcss -a -d -R -D")
}

// smcPair makes an AF_SMC listener on addr, connects a socket to it and
// accepts: listener, client, server.
func smcPair(proto int, addr unix.Sockaddr) ([]int, error) {
	var fds []int
	sock := func() (int, error) {
		fd, err := unix.Socket(unix.AF_SMC, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, proto)
		if err != nil {
			return -1, fmt.Errorf("socket(AF_SMC, SOCK_STREAM, %d): %w", proto, err)
		}
		fds = append(fds, fd)
		return fd, nil
	}
	l, err := sock()
	if err != nil {
		return fds, err
	}
	if err := unix.SetsockoptInt(l, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return fds, fmt.Errorf("SO_REUSEADDR: %w", err)
	}
	if err := unix.Bind(l, addr); err != nil {
		return fds, fmt.Errorf("bind AF_SMC protocol %d: %w", proto, err)
	}
	if err := unix.Listen(l, 4); err != nil {
		return fds, fmt.Errorf("listen: %w", err)
	}
	cl, err := sock()
	if err != nil {
		return fds, err
	}
	if err := unix.Connect(cl, addr); err != nil {
		return fds, fmt.Errorf("connect AF_SMC protocol %d: %w", proto, err)
	}
	s, _, err := unix.Accept4(l, unix.SOCK_CLOEXEC)
	if err != nil {
		return fds, fmt.Errorf("accept: %w", err)
	}
	fds = append(fds, s)
	return fds, nil
}

// smcDiagReq is struct smc_diag_req (include/uapi/linux/smc_diag.h) asking
// the extensions ext, all sockets:
//
//	struct smc_diag_req { __u8 diag_family; __u8 pad[2]; __u8 diag_ext; struct inet_diag_sockid id; };
func smcDiagReq(ext uint8) []byte {
	b := make([]byte, 52)
	b[0] = unix.AF_SMC
	b[3] = ext
	return b
}

// smcss sends smcss's request and prints the answer as smcss does.
func smcss(c *netlink.Conn, ext uint8, title string) error {
	req := netlink.Message{
		Header: netlink.Header{Type: dissect.SOCK_DIAG_BY_FAMILY, Flags: dissect.NLM_F_REQUEST | dissect.NLM_F_ROOT, Sequence: smcssSeq},
		Data:   smcDiagReq(ext),
	}
	if _, err := c.Send(req); err != nil {
		return fmt.Errorf("%s: send: %w", title, err)
	}
	msgs, err := c.Receive()
	if err != nil {
		return fmt.Errorf("%s: receive: %w", title, err)
	}
	fmt.Printf("%s (diag_ext %#x):\n", title, ext)
	fmt.Println("State          UID   Inode   Local Address           Foreign Address         Intf Mode")
	n := 0
	for _, m := range msgs {
		if m.Header.Type != dissect.SOCK_DIAG_BY_FAMILY {
			continue
		}
		line, err := smcssLine(m.Data)
		if err != nil {
			return fmt.Errorf("%s: %w", title, err)
		}
		fmt.Println(line)
		n++
	}
	if n == 0 {
		return fmt.Errorf("%s: no AF_SMC socket listed", title)
	}
	return nil
}

// smcStates are smcss's names of diag_state (net/smc/smc.h's enum
// smc_state).
var smcStates = map[uint8]string{
	1: "ACTIVE", 2: "INIT", 7: "CLOSED", 10: "LISTEN",
	20: "PEERCLOSEWAIT1", 21: "PEERCLOSEWAIT2", 22: "APPCLOSEWAIT1", 23: "APPCLOSEWAIT2",
	24: "APPFINCLOSEWAIT", 25: "PEERFINCLOSEWAIT", 26: "PEERABORTWAIT", 27: "PROCESSABORT",
}

// smcssLine formats one struct smc_diag_msg and its attributes as smcss
// -a -W prints it:
//
//	struct smc_diag_msg {
//		__u8 diag_family; __u8 diag_state; __u8 diag_mode; __u8 diag_shutdown;
//		struct inet_diag_sockid id;
//		__u32 diag_uid; __aligned_u64 diag_inode;
//	};
func smcssLine(b []byte) (string, error) {
	if len(b) < 64 {
		return "", fmt.Errorf("smc_diag_msg of %d bytes", len(b))
	}
	order := binary.NativeEndian
	state := b[1]
	name, ok := smcStates[state]
	if !ok {
		name = fmt.Sprintf("%#x?", state)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-14s %05d %07d ", name, order.Uint32(b[52:]), order.Uint64(b[56:]))
	if state == 2 {
		return sb.String(), nil
	}
	fmt.Fprintf(&sb, "%-23s ", smcAddr(b[8:24], binary.BigEndian.Uint16(b[4:])))
	if state == 10 {
		return sb.String(), nil
	}
	fmt.Fprintf(&sb, "%-23s %04x ", smcAddr(b[24:40], binary.BigEndian.Uint16(b[6:])), order.Uint32(b[40:]))
	if state == 7 {
		return sb.String(), nil
	}
	switch b[2] {
	case 1: // SMC_DIAG_MODE_FALLBACK_TCP
		sb.WriteString("TCP ")
		ad, err := netlink.NewAttributeDecoder(b[64:])
		if err != nil {
			return "", err
		}
		for ad.Next() {
			if ad.Type() == dissect.SMC_DIAG_FALLBACK && len(ad.Bytes()) >= 8 {
				fb := ad.Bytes()
				fmt.Fprintf(&sb, "0x%08x", order.Uint32(fb))
				if p := order.Uint32(fb[4:]); p != 0 {
					fmt.Fprintf(&sb, "/0x%08x", p)
				}
			}
		}
		if err := ad.Err(); err != nil {
			return "", err
		}
	case 2:
		sb.WriteString("SMCD")
	default:
		sb.WriteString("SMCR")
	}
	return sb.String(), nil
}

// smcAddr prints an address of struct inet_diag_sockid as smcss does: the
// kernel fills IPv4 into the first word and zeroes the rest.
func smcAddr(a []byte, port uint16) string {
	if allZero(a[4:]) {
		return fmt.Sprintf("%s:%d", netip.AddrFrom4([4]byte(a[:4])), port)
	}
	return fmt.Sprintf("%s:%d", netip.AddrFrom16([16]byte(a)), port)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
