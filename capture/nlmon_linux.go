package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// A Link is an nlmon link made by [CreateLink].
type Link struct {
	Name  string // interface name
	Index int    // interface index inside its namespace

	netns int // duplicate of Config.NetNS, owned by the Link (0: none)
}

// Link attribute and message constants, from include/uapi/linux/if_link.h and
// include/uapi/linux/rtnetlink.h.
const (
	iflaIfname   = 3  // IFLA_IFNAME
	iflaLinkinfo = 18 // IFLA_LINKINFO
	iflaInfoKind = 1  // IFLA_INFO_KIND
	ifinfomsgLen = 16 // sizeof(struct ifinfomsg)
	kindNlmon    = "nlmon"
)

// linkInfo is what lookups learn about a link.
type linkInfo struct {
	name  string
	index int
	typ   uint16 // ifi_type, ARPHRD_*
	kind  string // IFLA_INFO_KIND
}

// ifinfomsg encodes a struct ifinfomsg:
//
//	struct ifinfomsg {
//		unsigned char  ifi_family;
//		unsigned char  __ifi_pad;
//		unsigned short ifi_type;   /* ARPHRD_* */
//		int            ifi_index;  /* Link index */
//		unsigned       ifi_flags;  /* IFF_* flags */
//		unsigned       ifi_change; /* IFF_* change mask */
//	};
func ifinfomsg(index int, flags, change uint32) []byte {
	b := make([]byte, ifinfomsgLen)
	b[0] = unix.AF_UNSPEC
	binary.NativeEndian.PutUint32(b[4:], uint32(int32(index)))
	binary.NativeEndian.PutUint32(b[8:], flags)
	binary.NativeEndian.PutUint32(b[12:], change)
	return b
}

func parseLink(b []byte) (linkInfo, error) {
	if len(b) < ifinfomsgLen {
		return linkInfo{}, fmt.Errorf("short ifinfomsg: %d bytes", len(b))
	}
	li := linkInfo{
		typ:   binary.NativeEndian.Uint16(b[2:]),
		index: int(int32(binary.NativeEndian.Uint32(b[4:]))),
	}
	ad, err := netlink.NewAttributeDecoder(b[ifinfomsgLen:])
	if err != nil {
		return linkInfo{}, err
	}
	for ad.Next() {
		switch ad.Type() {
		case iflaIfname:
			li.name = ad.String()
		case iflaLinkinfo:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					if nad.Type() == iflaInfoKind {
						li.kind = nad.String()
					}
				}
				return nil
			})
		}
	}
	return li, ad.Err()
}

func dialRoute(netns int) (*netlink.Conn, error) {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: netns})
	if err != nil {
		return nil, err
	}
	// Best effort: extended ACK strings make errors clearer.
	_ = c.SetOption(netlink.ExtendedAcknowledge, true)
	return c, nil
}

// CreateLink creates an nlmon link called name, brings it up and returns it.
// The caller deletes it with [Link.Delete]. With cfg.NetNS set, the link is
// created in that namespace. Only cfg.NetNS is used.
//
// A missing CAP_NET_ADMIN gives a [*PermissionError]; a kernel without nlmon
// gives a [*NoNlmonError].
func CreateLink(name string, cfg *Config) (*Link, error) {
	if name == "" || len(name) >= unix.IFNAMSIZ {
		return nil, fmt.Errorf("%s: invalid link name %q", opCreate, name)
	}
	c, err := dialRoute(cfg.netNS())
	if err != nil {
		return nil, classify(opCreate, err)
	}
	defer c.Close()

	ae := netlink.NewAttributeEncoder()
	ae.String(iflaIfname, name)
	ae.Nested(iflaLinkinfo, func(nae *netlink.AttributeEncoder) error {
		nae.String(iflaInfoKind, kindNlmon)
		return nil
	})
	attrs, err := ae.Encode()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opCreate, err)
	}
	// ifi_flags/ifi_change bring the link up in the same request, as
	// `ip link add NAME up type nlmon` does.
	_, err = c.Execute(netlink.Message{
		Header: netlink.Header{
			Type:  unix.RTM_NEWLINK,
			Flags: netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl,
		},
		Data: append(ifinfomsg(0, unix.IFF_UP, unix.IFF_UP), attrs...),
	})
	if err != nil {
		return nil, classify(opCreate+" "+name, err)
	}
	li, err := lookupLink(c, name)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", opCreate, name, err)
	}
	l := &Link{Name: name, Index: li.index}
	if ns := cfg.netNS(); ns != 0 {
		if l.netns, err = unix.Dup(ns); err != nil {
			_ = deleteLink(c, li.index)
			return nil, fmt.Errorf("%s %s: %w", opCreate, name, os.NewSyscallError("dup", err))
		}
	}
	return l, nil
}

// Delete deletes the link. It needs CAP_NET_ADMIN, like [CreateLink].
func (l *Link) Delete() error {
	if l.netns != 0 {
		defer func() {
			unix.Close(l.netns)
			l.netns = 0
		}()
	}
	c, err := dialRoute(l.netns)
	if err != nil {
		return classify(opDelete+" "+l.Name, err)
	}
	defer c.Close()
	if err := deleteLink(c, l.Index); err != nil {
		return classify(opDelete+" "+l.Name, err)
	}
	return nil
}

func deleteLink(c *netlink.Conn, index int) error {
	_, err := c.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_DELLINK, Flags: netlink.Request | netlink.Acknowledge},
		Data:   ifinfomsg(index, 0, 0),
	})
	return err
}

// DeleteLinkByName deletes the nlmon link called name in the namespace
// cfg.NetNS. It refuses a link that is not nlmon.
func DeleteLinkByName(name string, cfg *Config) error {
	c, err := dialRoute(cfg.netNS())
	if err != nil {
		return classify(opDelete+" "+name, err)
	}
	defer c.Close()
	li, err := lookupLink(c, name)
	if err != nil {
		return fmt.Errorf("%s %s: %w", opDelete, name, err)
	}
	if li.kind != kindNlmon {
		return fmt.Errorf("%s %s: %w", opDelete, name, ErrNotNlmon)
	}
	if err := deleteLink(c, li.index); err != nil {
		return classify(opDelete+" "+name, err)
	}
	return nil
}

func lookupLink(c *netlink.Conn, name string) (linkInfo, error) {
	ae := netlink.NewAttributeEncoder()
	ae.String(iflaIfname, name)
	attrs, err := ae.Encode()
	if err != nil {
		return linkInfo{}, err
	}
	msgs, err := c.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request},
		Data:   append(ifinfomsg(0, 0, 0), attrs...),
	})
	if err != nil {
		if errors.Is(err, unix.ENODEV) {
			return linkInfo{}, fmt.Errorf("no link named %q", name)
		}
		return linkInfo{}, err
	}
	for _, m := range msgs {
		if m.Header.Type == unix.RTM_NEWLINK {
			return parseLink(m.Data)
		}
	}
	return linkInfo{}, fmt.Errorf("no link named %q", name)
}

func listLinks(c *netlink.Conn) ([]linkInfo, error) {
	msgs, err := c.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump},
		Data:   ifinfomsg(0, 0, 0),
	})
	if err != nil {
		return nil, err
	}
	var out []linkInfo
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWLINK {
			continue
		}
		li, err := parseLink(m.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, li)
	}
	return out, nil
}

// CleanupStale deletes the nlmon links named "nlcap<pid>" (see [LinkName])
// whose process no longer runs, in the namespace cfg.NetNS, and returns their
// names. A capture killed with SIGKILL leaves such a link behind.
func CleanupStale(cfg *Config) ([]string, error) {
	c, err := dialRoute(cfg.netNS())
	if err != nil {
		return nil, classify(opCleanup, err)
	}
	defer c.Close()
	links, err := listLinks(c)
	if err != nil {
		return nil, classify(opCleanup, err)
	}
	var deleted []string
	for _, li := range staleLinks(links, pidAlive) {
		if err := deleteLink(c, li.index); err != nil {
			if errors.Is(err, unix.ENODEV) {
				continue // someone else cleaned it up
			}
			return deleted, classify(opCleanup+": "+li.name, err)
		}
		deleted = append(deleted, li.name)
	}
	return deleted, nil
}

// staleLinks picks the nlmon links named by LinkName whose pid is not alive.
func staleLinks(links []linkInfo, alive func(int) bool) []linkInfo {
	var out []linkInfo
	for _, li := range links {
		pid, ok := linkPID(li.name)
		if !ok || li.kind != kindNlmon || alive(pid) {
			continue
		}
		out = append(out, li)
	}
	return out
}

// pidAlive reports whether a process with this pid exists (kill(pid, 0) does
// not fail with ESRCH).
func pidAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || !errors.Is(err, unix.ESRCH)
}

// classify turns permission and missing-nlmon failures into typed errors and
// wraps everything else with op.
func classify(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES):
		cp := "CAP_NET_ADMIN"
		if op == opListen {
			cp = "CAP_NET_RAW"
		}
		return &PermissionError{Op: op, Capability: cp, Err: err}
	case isNoNlmon(op, err):
		return &NoNlmonError{Err: err}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isNoNlmon recognises the kernel's answer to RTM_NEWLINK with an unknown
// IFLA_INFO_KIND: EOPNOTSUPP, with the extended ACK "Unknown device type".
func isNoNlmon(op string, err error) bool {
	if len(op) < len(opCreate) || op[:len(opCreate)] != opCreate {
		return false
	}
	var oe *netlink.OpError
	if errors.As(err, &oe) && oe.Message == "Unknown device type" {
		return true
	}
	return errors.Is(err, syscall.EOPNOTSUPP)
}
