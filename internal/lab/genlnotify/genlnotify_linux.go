//go:build linux

package genlnotify

import (
	"fmt"
	"syscall"
	"time"

	"github.com/mdlayher/genetlink"
	"golang.org/x/sys/unix"
)

// Listener is a raw NETLINK_GENERIC socket for notifications:
// mdlayher/netlink's Receive, once it sees NLM_F_MULTI, reads on until an
// NLMSG_DONE, and psample's NEW_GROUP and DEL_GROUP notifications carry
// NLM_F_MULTI without any DONE after them.
type Listener struct {
	fd  int
	buf []byte
}

// Listen opens the socket, joins the named multicast groups of f and
// bounds every read by deadline.
func Listen(f genetlink.Family, deadline time.Time, names ...string) (*Listener, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_GENERIC)
	if err != nil {
		return nil, fmt.Errorf("listener socket: %w", err)
	}
	l := &Listener{fd: fd, buf: make([]byte, 1<<16)}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		l.Close()
		return nil, fmt.Errorf("listener bind: %w", err)
	}
	tv := unix.NsecToTimeval(time.Until(deadline).Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		l.Close()
		return nil, fmt.Errorf("listener timeout: %w", err)
	}
	for _, n := range names {
		found := false
		for _, g := range f.Groups {
			if g.Name == n {
				if err := unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, int(g.ID)); err != nil {
					l.Close()
					return nil, fmt.Errorf("join %s group %q: %w", f.Name, n, err)
				}
				found = true
			}
		}
		if !found {
			l.Close()
			return nil, fmt.Errorf("%s has no multicast group %q", f.Name, n)
		}
	}
	return l, nil
}

// Close closes the socket.
func (l *Listener) Close() error { return unix.Close(l.fd) }

// Receive reads one datagram and returns its generic netlink messages.
func (l *Listener) Receive() ([]genetlink.Message, error) {
	n, _, err := unix.Recvfrom(l.fd, l.buf, 0)
	if err != nil {
		return nil, err
	}
	return parse(l.buf[:n])
}

// parse splits a datagram into its generic netlink messages.
func parse(b []byte) ([]genetlink.Message, error) {
	nms, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return nil, fmt.Errorf("parse notification: %w", err)
	}
	msgs := make([]genetlink.Message, 0, len(nms))
	for _, nm := range nms {
		var m genetlink.Message
		if err := m.UnmarshalBinary(nm.Data); err != nil {
			return nil, fmt.Errorf("parse notification: %w", err)
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// Dial opens a generic netlink socket for requests with deadline,
// resolves the family name through nlctrl and opens a Listener joined to
// its groups: requests and notifications go on separate sockets, since a
// notification arriving during a dump would break the dump's sequence
// checks. Close both when done.
func Dial(name string, deadline time.Time, groups ...string) (*genetlink.Conn, genetlink.Family, *Listener, error) {
	c, err := genetlink.Dial(nil)
	if err != nil {
		return nil, genetlink.Family{}, nil, fmt.Errorf("dial generic netlink: %w", err)
	}
	if err := c.SetDeadline(deadline); err != nil {
		c.Close()
		return nil, genetlink.Family{}, nil, fmt.Errorf("set deadline: %w", err)
	}
	f, err := c.GetFamily(name)
	if err != nil {
		c.Close()
		return nil, genetlink.Family{}, nil, fmt.Errorf("resolve %s: %w", name, err)
	}
	l, err := Listen(f, deadline, groups...)
	if err != nil {
		c.Close()
		return nil, genetlink.Family{}, nil, err
	}
	return c, f, l, nil
}
