package replay

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// liveResolver looks up genl family ids and ifindexes in the target
// namespace, with caches.
type liveResolver struct {
	netns int
	route *netlink.Conn
	genl  *genetlink.Conn

	genlIDs  map[string]uint16            // name → live id
	liveGenl map[uint16]string            // live id → name
	groups   map[string]map[string]uint32 // family → group name → live group id
	ifindex  map[string]uint32            // name → live ifindex; reset when links change
}

func newLiveResolver(netns int) *liveResolver {
	return &liveResolver{
		netns:    netns,
		genlIDs:  map[string]uint16{"nlctrl": genlIDCtrl},
		liveGenl: map[uint16]string{genlIDCtrl: "nlctrl"},
		groups:   map[string]map[string]uint32{},
		ifindex:  map[string]uint32{},
	}
}

func (r *liveResolver) Close() error {
	var errs []error
	if r.route != nil {
		errs = append(errs, r.route.Close())
	}
	if r.genl != nil {
		errs = append(errs, r.genl.Close())
	}
	return errors.Join(errs...)
}

// loadGenl reads the whole live family table.
func (r *liveResolver) loadGenl() error {
	if r.genl == nil {
		c, err := genetlink.Dial(&netlink.Config{NetNS: r.netns})
		if err != nil {
			return fmt.Errorf("dial generic netlink: %w", err)
		}
		r.genl = c
	}
	fams, err := r.genl.ListFamilies()
	if err != nil {
		return fmt.Errorf("list genl families: %w", err)
	}
	for _, f := range fams {
		r.learn(f)
	}
	return nil
}

// learn caches a live family's id and multicast groups.
func (r *liveResolver) learn(f genetlink.Family) {
	r.genlIDs[f.Name] = f.ID
	r.liveGenl[f.ID] = f.Name
	g := map[string]uint32{}
	for _, mg := range f.Groups {
		g[mg.Name] = mg.ID
	}
	r.groups[f.Name] = g
}

// genlGroup returns the live id of a genl multicast group, looking the
// family up (and so loading its module) as genlFamily does.
func (r *liveResolver) genlGroup(family, group string) (uint32, bool) {
	if _, ok := r.groups[family]; !ok && r.genl == nil {
		if err := r.loadGenl(); err != nil {
			return 0, false
		}
	}
	if _, ok := r.groups[family]; !ok && r.genl != nil {
		f, err := r.genl.GetFamily(family)
		if err != nil {
			return 0, false
		}
		r.learn(f)
	}
	id, ok := r.groups[family][group]
	return id, ok
}

// genlFamily returns the live id of a genl family. Asking by name lets the
// kernel load the family's module, as the recorded tool's lookup did.
func (r *liveResolver) genlFamily(name string) (uint16, bool) {
	if id, ok := r.genlIDs[name]; ok {
		return id, true
	}
	if r.genl == nil {
		if err := r.loadGenl(); err != nil {
			return 0, false
		}
		if id, ok := r.genlIDs[name]; ok {
			return id, true
		}
	}
	f, err := r.genl.GetFamily(name)
	if err != nil {
		return 0, false
	}
	r.learn(f)
	return f.ID, true
}

// linksChanged drops cached ifindexes.
func (r *liveResolver) linksChanged() { clear(r.ifindex) }

// ifindexOf returns the live ifindex of an interface name (RTM_GETLINK
// with IFLA_IFNAME in the target namespace).
func (r *liveResolver) ifindexOf(name string) (uint32, bool) {
	if idx, ok := r.ifindex[name]; ok {
		return idx, true
	}
	if r.route == nil {
		c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: r.netns})
		if err != nil {
			return 0, false
		}
		r.route = c
	}
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, name)
	attrs, err := ae.Encode()
	if err != nil {
		return 0, false
	}
	msgs, err := r.route.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request},
		Data:   append(make([]byte, unix.SizeofIfInfomsg), attrs...),
	})
	if err != nil || len(msgs) == 0 || len(msgs[0].Data) < unix.SizeofIfInfomsg {
		return 0, false
	}
	idx := binary.NativeEndian.Uint32(msgs[0].Data[4:8])
	if idx == 0 {
		return 0, false
	}
	r.ifindex[name] = idx
	return idx, true
}
