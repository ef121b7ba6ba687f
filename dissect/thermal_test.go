package dissect

import (
	"slices"
	"strings"
	"testing"
)

// TestThermalCapture reads the lab capture genl-thermal.pcap (the lab's
// thermal client, the SSDT's zone acpitz with its fan, the temperature set
// to 50, 65 and 40 °C, the zone disabled and enabled, its policy changed
// twice, its device unbound and bound) and checks the values
// genl-thermal.cmds.txt shows through sysfs: temperatures in millidegrees
// Celsius as /sys/class/thermal prints them, trip types named, ids,
// governor names and cooling states.
func TestThermalCapture(t *testing.T) {
	var lines []string
	cmds := map[string]int{}
	dirs := map[string]map[MessageDirection]int{}
	for _, m := range decodeCapture(t, "genl-thermal.pcap") {
		if m.Genl == nil || m.Genl.FamilyName != "thermal" {
			continue
		}
		name := m.Genl.CmdName
		cmds[name]++
		if dirs[name] == nil {
			dirs[name] = map[MessageDirection]int{}
		}
		dirs[name][m.Direction]++
		for _, l := range attrsByPath(m.Attrs) {
			lines = append(lines, name+": "+l)
		}
	}
	for _, want := range []string{
		// trip_point_N_type and trip_point_N_temp in sysfs
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TYPE=THERMAL_TRIP_CRITICAL",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TEMP=105000",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TYPE=THERMAL_TRIP_HOT",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TEMP=95000",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TYPE=THERMAL_TRIP_PASSIVE",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TEMP=60000",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TYPE=THERMAL_TRIP_ACTIVE",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_TEMP=45000",
		"THERMAL_GENL_CMD_TZ_GET_TRIP: THERMAL_GENL_ATTR_TZ_TRIP > THERMAL_GENL_ATTR_TZ_TRIP_ID=3",
		// temp, policy
		"THERMAL_GENL_CMD_TZ_GET_TEMP: THERMAL_GENL_ATTR_TZ_TEMP=30000",
		"THERMAL_GENL_CMD_TZ_GET_TEMP: THERMAL_GENL_ATTR_TZ_TEMP=40000",
		`THERMAL_GENL_CMD_TZ_GET_GOV: THERMAL_GENL_ATTR_TZ_GOV_NAME="step_wise"`,
		// each poll's sample
		"THERMAL_GENL_SAMPLING_TEMP: THERMAL_GENL_ATTR_TZ_TEMP=50000",
		"THERMAL_GENL_SAMPLING_TEMP: THERMAL_GENL_ATTR_TZ_TEMP=65000",
		"THERMAL_GENL_SAMPLING_TEMP: THERMAL_GENL_ATTR_TZ_TEMP=40000",
		// 50 °C crosses the active trip (3), 65 °C the passive one (2)
		"THERMAL_GENL_EVENT_TZ_TRIP_UP: THERMAL_GENL_ATTR_TZ_TRIP_ID=3",
		"THERMAL_GENL_EVENT_TZ_TRIP_UP: THERMAL_GENL_ATTR_TZ_TEMP=50000",
		"THERMAL_GENL_EVENT_TZ_TRIP_UP: THERMAL_GENL_ATTR_TZ_TRIP_ID=2",
		"THERMAL_GENL_EVENT_TZ_TRIP_UP: THERMAL_GENL_ATTR_TZ_TEMP=65000",
		"THERMAL_GENL_EVENT_TZ_TRIP_DOWN: THERMAL_GENL_ATTR_TZ_TEMP=40000",
		// the fan (cooling_device1) on and off
		"THERMAL_GENL_EVENT_CDEV_STATE_UPDATE: THERMAL_GENL_ATTR_CDEV_ID=1",
		"THERMAL_GENL_EVENT_CDEV_STATE_UPDATE: THERMAL_GENL_ATTR_CDEV_CUR_STATE=1",
		"THERMAL_GENL_EVENT_CDEV_STATE_UPDATE: THERMAL_GENL_ATTR_CDEV_CUR_STATE=0",
		`THERMAL_GENL_EVENT_TZ_GOV_CHANGE: THERMAL_GENL_ATTR_GOV_NAME="user_space"`,
		`THERMAL_GENL_EVENT_TZ_GOV_CHANGE: THERMAL_GENL_ATTR_GOV_NAME="step_wise"`,
		"THERMAL_GENL_EVENT_TZ_DISABLE: THERMAL_GENL_ATTR_TZ_ID=0",
		"THERMAL_GENL_EVENT_TZ_DELETE: THERMAL_GENL_ATTR_TZ_ID=0",
		`THERMAL_GENL_EVENT_TZ_CREATE: THERMAL_GENL_ATTR_TZ_NAME="acpitz"`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
	// The dumps' replies (port id 0 and sequence 0, like events:
	// thermalDumpReply): the zones and the cooling devices, as answers.
	for _, want := range []string{
		`THERMAL_GENL_CMD_TZ_GET_ID: THERMAL_GENL_ATTR_TZ > THERMAL_GENL_ATTR_TZ_NAME="acpitz"`,
		`THERMAL_GENL_CMD_CDEV_GET: THERMAL_GENL_ATTR_CDEV > THERMAL_GENL_ATTR_CDEV_NAME="Fan"`,
		`THERMAL_GENL_CMD_CDEV_GET: THERMAL_GENL_ATTR_CDEV > THERMAL_GENL_ATTR_CDEV_NAME="Processor"`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, c := range []string{"THERMAL_GENL_CMD_TZ_GET_ID", "THERMAL_GENL_CMD_CDEV_GET"} {
		if dirs[c][DirAnswer] != 1 || dirs[c][DirNotification] != 0 {
			t.Errorf("%s: directions %v, want one answer (the dump's reply) and no notification", c, dirs[c])
		}
	}
	// A sample every poll, no event named by THERMAL_GENL_EVENT_UNSPEC.
	if cmds["THERMAL_GENL_SAMPLING_TEMP"] < 3 || cmds["THERMAL_GENL_EVENT_UNSPEC"] != 0 || cmds["THERMAL_GENL_EVENT_TZ_ENABLE"] < 1 ||
		cmds["THERMAL_GENL_CMD_TZ_GET_TRIP"] != 4 {
		t.Errorf("thermal commands %v", cmds)
	}
	for _, l := range lines {
		if strings.Contains(l, "TEMP=") && !strings.HasSuffix(l, "000") {
			t.Errorf("temperature not in whole millidegrees as set: %q", l)
		}
	}
}
