// Command thermalgenl is the lab's client of the "thermal" generic netlink
// family (e2e/scenarios/genl-thermal.sh; `lab captures` boots only):
// Debian 12 ships no tool that speaks it (thermald reads sysfs; the
// kernel's tools/thermal/thermal-engine needs libthermal, which Debian
// does not package). Like thermal-engine it
//
//	resolves "thermal" through nlctrl (CTRL_CMD_GETFAMILY),
//	joins its "sampling" and "event" multicast groups,
//	dumps THERMAL_GENL_CMD_TZ_GET_ID (zones), asks each zone for its
//	trip points (TZ_GET_TRIP), temperature (TZ_GET_TEMP) and governor
//	(TZ_GET_GOV), dumps THERMAL_GENL_CMD_CDEV_GET (cooling devices),
//	prints them and "ready",
//	prints every event as it comes (one line each, starting with the
//	event's name) and counts the sampling messages,
//	on THERMAL_GENL_EVENT_TZ_CREATE asks the new zone for its trips,
//	temperature and governor, prints "done" and exits.
//
// Everything is bounded by -timeout; it exits 1 on any failure.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/internal/lab/genlnotify"
)

// The netlink numbers are dissect's, generated from the kernel headers;
// the family and group names are thermal.h's THERMAL_GENL_FAMILY_NAME,
// THERMAL_GENL_SAMPLING_GROUP_NAME and THERMAL_GENL_EVENT_GROUP_NAME.
const (
	familyName    = "thermal"
	samplingGroup = "sampling"
	eventGroup    = "event"
)

func main() {
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*timeout); err != nil {
		fmt.Fprintln(os.Stderr, "thermalgenl:", err)
		os.Exit(1)
	}
}

// eventNames are the short names the program prints for the events.
var eventNames = map[uint8]string{
	dissect.THERMAL_GENL_EVENT_TZ_CREATE:             "tz-create",
	dissect.THERMAL_GENL_EVENT_TZ_DELETE:             "tz-delete",
	dissect.THERMAL_GENL_EVENT_TZ_DISABLE:            "tz-disable",
	dissect.THERMAL_GENL_EVENT_TZ_ENABLE:             "tz-enable",
	dissect.THERMAL_GENL_EVENT_TZ_TRIP_UP:            "trip-up",
	dissect.THERMAL_GENL_EVENT_TZ_TRIP_DOWN:          "trip-down",
	dissect.THERMAL_GENL_EVENT_TZ_TRIP_CHANGE:        "trip-change",
	dissect.THERMAL_GENL_EVENT_TZ_TRIP_ADD:           "trip-add",
	dissect.THERMAL_GENL_EVENT_TZ_TRIP_DELETE:        "trip-delete",
	dissect.THERMAL_GENL_EVENT_CDEV_ADD:              "cdev-add",
	dissect.THERMAL_GENL_EVENT_CDEV_DELETE:           "cdev-delete",
	dissect.THERMAL_GENL_EVENT_CDEV_STATE_UPDATE:     "cdev-state",
	dissect.THERMAL_GENL_EVENT_TZ_GOV_CHANGE:         "gov-change",
	dissect.THERMAL_GENL_EVENT_CPU_CAPABILITY_CHANGE: "cpu-capability",
}

// attrNames are the names the program prints attributes under.
var attrNames = map[uint16]string{
	dissect.THERMAL_GENL_ATTR_TZ_ID:          "tz",
	dissect.THERMAL_GENL_ATTR_TZ_TEMP:        "temp",
	dissect.THERMAL_GENL_ATTR_TZ_TRIP_ID:     "trip",
	dissect.THERMAL_GENL_ATTR_TZ_TRIP_TYPE:   "type",
	dissect.THERMAL_GENL_ATTR_TZ_TRIP_TEMP:   "trip-temp",
	dissect.THERMAL_GENL_ATTR_TZ_TRIP_HYST:   "hyst",
	dissect.THERMAL_GENL_ATTR_TZ_NAME:        "name",
	dissect.THERMAL_GENL_ATTR_TZ_GOV_NAME:    "governor",
	dissect.THERMAL_GENL_ATTR_GOV_NAME:       "governor",
	dissect.THERMAL_GENL_ATTR_CDEV_ID:        "cdev",
	dissect.THERMAL_GENL_ATTR_CDEV_CUR_STATE: "state",
	dissect.THERMAL_GENL_ATTR_CDEV_MAX_STATE: "max-state",
	dissect.THERMAL_GENL_ATTR_CDEV_NAME:      "name",
}

// tripTypes are enum thermal_trip_type's names.
var tripTypes = map[uint32]string{
	dissect.THERMAL_TRIP_ACTIVE:   "active",
	dissect.THERMAL_TRIP_PASSIVE:  "passive",
	dissect.THERMAL_TRIP_HOT:      "hot",
	dissect.THERMAL_TRIP_CRITICAL: "critical",
}

// describe prints the flat attributes of a thermal message as name=value
// pairs in their order; the string ones are the names, the others u32
// (temperatures as the signed millidegrees Celsius they are).
func describe(data []byte) (string, error) {
	ad, err := netlink.NewAttributeDecoder(data)
	if err != nil {
		return "", fmt.Errorf("thermal attributes: %w", err)
	}
	var parts []string
	for ad.Next() {
		name, ok := attrNames[ad.Type()]
		if !ok {
			parts = append(parts, fmt.Sprintf("attr%d", ad.Type()))
			continue
		}
		switch ad.Type() {
		case dissect.THERMAL_GENL_ATTR_TZ_NAME, dissect.THERMAL_GENL_ATTR_TZ_GOV_NAME,
			dissect.THERMAL_GENL_ATTR_GOV_NAME, dissect.THERMAL_GENL_ATTR_CDEV_NAME:
			parts = append(parts, name+"="+ad.String())
		case dissect.THERMAL_GENL_ATTR_TZ_TEMP, dissect.THERMAL_GENL_ATTR_TZ_TRIP_TEMP,
			dissect.THERMAL_GENL_ATTR_TZ_TRIP_HYST:
			parts = append(parts, fmt.Sprintf("%s=%d", name, int32(ad.Uint32())))
		case dissect.THERMAL_GENL_ATTR_TZ_TRIP_TYPE:
			t := ad.Uint32()
			s, ok := tripTypes[t]
			if !ok {
				s = fmt.Sprint(t)
			}
			parts = append(parts, name+"="+s)
		default:
			parts = append(parts, fmt.Sprintf("%s=%d", name, ad.Uint32()))
		}
	}
	if err := ad.Err(); err != nil {
		return "", fmt.Errorf("thermal attributes: %w", err)
	}
	return strings.Join(parts, " "), nil
}

// nested returns the flat attribute runs of the nest typ in data: the
// zones of TZ_GET_ID, the trips of TZ_GET_TRIP and the cooling devices of
// CDEV_GET are one nest holding one attribute run per item, each starting
// with the attribute first.
func nested(data []byte, typ, first uint16) ([][]byte, error) {
	ad, err := netlink.NewAttributeDecoder(data)
	if err != nil {
		return nil, fmt.Errorf("thermal attributes: %w", err)
	}
	var items [][]byte
	for ad.Next() {
		if ad.Type() != typ {
			continue
		}
		ae := (*netlink.AttributeEncoder)(nil)
		nd, err := netlink.NewAttributeDecoder(ad.Bytes())
		if err != nil {
			return nil, fmt.Errorf("thermal nest %d: %w", typ, err)
		}
		for nd.Next() {
			if nd.Type() == first {
				if ae != nil {
					b, err := ae.Encode()
					if err != nil {
						return nil, err
					}
					items = append(items, b)
				}
				ae = netlink.NewAttributeEncoder()
			}
			if ae == nil {
				return nil, fmt.Errorf("thermal nest %d: attribute %d before %d", typ, nd.Type(), first)
			}
			ae.Bytes(nd.Type(), nd.Bytes())
		}
		if err := nd.Err(); err != nil {
			return nil, fmt.Errorf("thermal nest %d: %w", typ, err)
		}
		if ae != nil {
			b, err := ae.Encode()
			if err != nil {
				return nil, err
			}
			items = append(items, b)
		}
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("thermal attributes: %w", err)
	}
	return items, nil
}

// request is a thermal command, with THERMAL_GENL_ATTR_TZ_ID when zone is
// not negative.
func request(cmd, version uint8, zone int) (genetlink.Message, error) {
	m := genetlink.Message{Header: genetlink.Header{Command: cmd, Version: version}}
	if zone >= 0 {
		ae := netlink.NewAttributeEncoder()
		ae.Uint32(dissect.THERMAL_GENL_ATTR_TZ_ID, uint32(zone))
		b, err := ae.Encode()
		if err != nil {
			return m, err
		}
		m.Data = b
	}
	return m, nil
}

// dump sends cmd as a dump and returns the reply's data. thermal's dumpit
// puts its one message with port id 0, sequence 0 and no NLM_F_MULTI
// (thermal_genl_cmd_dumpit: genlmsg_put(skb, 0, 0, ...)), which
// genetlink's Execute would refuse as a sequence mismatch: the program
// sends and reads itself (the NLMSG_DONE after the reply is dropped by
// the netlink package).
func dump(c *genetlink.Conn, f genetlink.Family, cmd uint8) ([]byte, error) {
	req, err := request(cmd, f.Version, -1)
	if err != nil {
		return nil, err
	}
	if _, err := c.Send(req, f.ID, netlink.Request|netlink.Dump); err != nil {
		return nil, fmt.Errorf("dump %d: %w", cmd, err)
	}
	msgs, _, err := c.Receive()
	if err != nil {
		return nil, fmt.Errorf("dump %d: %w", cmd, err)
	}
	if len(msgs) != 1 || msgs[0].Header.Command != cmd {
		return nil, fmt.Errorf("dump %d: %d replies", cmd, len(msgs))
	}
	return msgs[0].Data, nil
}

// ask sends cmd about zone and returns the reply's data.
func ask(c *genetlink.Conn, f genetlink.Family, cmd uint8, zone int) ([]byte, error) {
	req, err := request(cmd, f.Version, zone)
	if err != nil {
		return nil, err
	}
	msgs, err := c.Execute(req, f.ID, netlink.Request)
	if err != nil {
		return nil, fmt.Errorf("command %d zone %d: %w", cmd, zone, err)
	}
	if len(msgs) != 1 {
		return nil, fmt.Errorf("command %d zone %d: %d replies", cmd, zone, len(msgs))
	}
	return msgs[0].Data, nil
}

// printNest prints the items of the nest typ in data (see nested), one
// line each after prefix, and returns how many there were.
func printNest(data []byte, typ, first uint16, prefix string) (int, error) {
	items, err := nested(data, typ, first)
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		s, err := describe(it)
		if err != nil {
			return 0, err
		}
		fmt.Println(prefix + s)
	}
	return len(items), nil
}

// showZone prints a zone's trips, temperature and governor.
func showZone(c *genetlink.Conn, f genetlink.Family, zone int) error {
	b, err := ask(c, f, dissect.THERMAL_GENL_CMD_TZ_GET_TRIP, zone)
	if err != nil {
		return err
	}
	if _, err := printNest(b, dissect.THERMAL_GENL_ATTR_TZ_TRIP, dissect.THERMAL_GENL_ATTR_TZ_TRIP_ID, fmt.Sprintf("zone %d ", zone)); err != nil {
		return err
	}
	for _, cmd := range []uint8{dissect.THERMAL_GENL_CMD_TZ_GET_TEMP, dissect.THERMAL_GENL_CMD_TZ_GET_GOV} {
		b, err := ask(c, f, cmd, zone)
		if err != nil {
			return err
		}
		s, err := describe(b)
		if err != nil {
			return err
		}
		fmt.Println(s)
	}
	return nil
}

// zoneOf reads THERMAL_GENL_ATTR_TZ_ID of an event.
func zoneOf(data []byte) (int, error) {
	ad, err := netlink.NewAttributeDecoder(data)
	if err != nil {
		return 0, fmt.Errorf("thermal attributes: %w", err)
	}
	for ad.Next() {
		if ad.Type() == dissect.THERMAL_GENL_ATTR_TZ_ID {
			return int(ad.Uint32()), nil
		}
	}
	if err := ad.Err(); err != nil {
		return 0, fmt.Errorf("thermal attributes: %w", err)
	}
	return 0, errors.New("event without THERMAL_GENL_ATTR_TZ_ID")
}

func run(timeout time.Duration) error {
	c, f, l, err := genlnotify.Dial(familyName, time.Now().Add(timeout), samplingGroup, eventGroup)
	if err != nil {
		return err
	}
	defer c.Close()
	defer l.Close()
	b, err := dump(c, f, dissect.THERMAL_GENL_CMD_TZ_GET_ID)
	if err != nil {
		return err
	}
	zones, err := nested(b, dissect.THERMAL_GENL_ATTR_TZ, dissect.THERMAL_GENL_ATTR_TZ_ID)
	if err != nil {
		return err
	}
	if len(zones) == 0 {
		return errors.New("no thermal zone")
	}
	for _, z := range zones {
		s, err := describe(z)
		if err != nil {
			return err
		}
		fmt.Println(s)
		id, err := zoneOf(z)
		if err != nil {
			return err
		}
		if err := showZone(c, f, id); err != nil {
			return err
		}
	}
	if b, err = dump(c, f, dissect.THERMAL_GENL_CMD_CDEV_GET); err != nil {
		return err
	}
	cdevs, err := printNest(b, dissect.THERMAL_GENL_ATTR_CDEV, dissect.THERMAL_GENL_ATTR_CDEV_ID, "")
	if err != nil {
		return err
	}
	fmt.Printf("ready: family %d, %d zones, %d cooling devices\n", f.ID, len(zones), cdevs)
	samples := 0
	for {
		msgs, err := l.Receive()
		if err != nil {
			return fmt.Errorf("receive (%d samples so far): %w", samples, err)
		}
		for _, m := range msgs {
			// Sampling messages number their command apart
			// (THERMAL_GENL_SAMPLING_TEMP = 0, no event has 0).
			if m.Header.Command == dissect.THERMAL_GENL_SAMPLING_TEMP {
				samples++
				continue
			}
			s, err := describe(m.Data)
			if err != nil {
				return err
			}
			name, ok := eventNames[m.Header.Command]
			if !ok {
				name = fmt.Sprintf("event%d", m.Header.Command)
			}
			fmt.Println(name, s)
			if m.Header.Command == dissect.THERMAL_GENL_EVENT_TZ_CREATE {
				id, err := zoneOf(m.Data)
				if err != nil {
					return err
				}
				if err := showZone(c, f, id); err != nil {
					return err
				}
				fmt.Printf("done: %d sampling messages\n", samples)
				return nil
			}
		}
	}
}
