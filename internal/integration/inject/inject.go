// Package inject builds jsimonetti/rtnetlink and mdlayher/ethtool clients on
// connections the caller gives, such as a replay.Mock's. Neither library
// accepts a *netlink.Conn in its public API (their constructors dial their
// own sockets), so inject sets their unexported fields with reflect and
// unsafe. That is a test-only workaround tied to the library versions in
// go.mod: a field rename breaks it, and it says so (an error, no panic).
// Programs whose libraries take a *netlink.Conn need none of this; for the
// others, serving the whole process from a capture (nlreplay --mock, the
// process-level mock) is the way that needs no code.
package inject

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/ethtool"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// set stores x in the unexported field name of the struct v points to.
func set(v reflect.Value, name string, x reflect.Value) error {
	f := v.Elem().FieldByName(name)
	if !f.IsValid() {
		return fmt.Errorf("inject: %s has no field %q (library version changed?)", v.Type(), name)
	}
	if !x.Type().AssignableTo(f.Type()) {
		return fmt.Errorf("inject: %s.%s is a %s, not a %s (library version changed?)", v.Type(), name, f.Type(), x.Type())
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(x)
	return nil
}

// Route returns an rtnetlink.Conn that talks through c (a NETLINK_ROUTE
// connection), as rtnetlink's own unexported newConn builds it.
func Route(c *netlink.Conn) (*rtnetlink.Conn, error) {
	rtc := &rtnetlink.Conn{}
	v := reflect.ValueOf(rtc)
	if err := set(v, "c", reflect.ValueOf(c)); err != nil {
		return nil, err
	}
	services := []struct {
		name string
		ptr  any
	}{
		{"Link", &rtc.Link}, {"Address", &rtc.Address}, {"Route", &rtc.Route}, {"Neigh", &rtc.Neigh}, {"Rule", &rtc.Rule},
	}
	for _, s := range services {
		p := reflect.ValueOf(s.ptr).Elem()       // the *XService field
		svc := reflect.New(p.Type().Elem())      // a new XService
		if err := set(svc, "c", v); err != nil { // its c is the Conn
			return nil, err
		}
		p.Set(svc)
	}
	return rtc, nil
}

// Ethtool returns an ethtool.Client that talks through c, set up as
// ethtool.New does it: CTRL_CMD_GETFAMILY "ethtool", and the id of its
// "monitor" multicast group.
func Ethtool(c *genetlink.Conn) (*ethtool.Client, error) {
	f, err := c.GetFamily("ethtool")
	if err != nil {
		return nil, fmt.Errorf("inject: get family ethtool: %w", err)
	}
	var monitor uint32
	for _, g := range f.Groups {
		if g.Name == "monitor" {
			monitor = g.ID
		}
	}
	if monitor == 0 {
		return nil, errors.New("inject: ethtool family has no monitor group")
	}
	cl := &ethtool.Client{}
	v := reflect.ValueOf(cl)
	field := v.Elem().FieldByName("c")
	if !field.IsValid() || field.Kind() != reflect.Pointer {
		return nil, errors.New("inject: ethtool.Client has no *client field c (library version changed?)")
	}
	inner := reflect.New(field.Type().Elem())
	for name, x := range map[string]reflect.Value{
		"c": reflect.ValueOf(c), "family": reflect.ValueOf(f.ID), "monitorID": reflect.ValueOf(monitor),
	} {
		if err := set(inner, name, x); err != nil {
			return nil, err
		}
	}
	if err := set(v, "c", inner); err != nil {
		return nil, err
	}
	return cl, nil
}
