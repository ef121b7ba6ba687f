# genl-thermal: thermal, the generic netlink family of thermal zones and
# cooling devices (testdata/captures/genl-thermal.pcap). QEMU's machines
# have no thermal zone: the boot gets one from an SSDT the harness
# assembles (internal/lab/acpitz.go: \_TZ.TZ0, trips critical 105 °C, hot
# 95 °C, passive 60 °C with the CPU, active 45 °C with an ACPI fan, polled
# every second) whose _TMP reads the temperature in °C from I/O port 0xE0,
# which QEMU's pc-testdev keeps (0 reads as 30 °C). The lab kernel has no
# CONFIG_THERMAL_EMULATION (no emul_temp): the scenario writes that port
# through /dev/port instead. Before the capture: the fan driver loaded
# (the "Fan" cooling device, bound to the active trip). In it: the lab's
# thermal client (internal/lab/thermalgenl, copied into `lab captures`
# boots only: Debian 12 has no tool that speaks the family) resolves
# "thermal" through nlctrl, joins its "sampling" and "event" groups, dumps
# the zones (THERMAL_GENL_CMD_TZ_GET_ID), asks zone 0 for its trips,
# temperature and governor, dumps the cooling devices (CDEV_GET), then
# prints the events: the temperature goes to 50 °C (trip 3 up, the fan
# on: CDEV_STATE_UPDATE), 65 °C (trip 2 up) and back to 40 °C (both
# down, the fan off); the zone is disabled and enabled (mode); its policy
# goes to user_space and back to step_wise (TZ_GOV_CHANGE); the ACPI
# thermal driver is unbound from the zone's device and bound again
# (TZ_DELETE, TZ_CREATE), after which the client asks the new zone and
# exits. Sampling messages (THERMAL_GENL_SAMPLING_TEMP) come with every
# poll. The family exists in the initial network namespace only.
# lab-qemu: -device pc-testdev -acpitable file=@thermal-ssdt.aml@
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-thermal
TZ=/sys/class/thermal/thermal_zone0
DRV=/sys/bus/acpi/drivers/thermal
setup modprobe fan
setup test -e $TZ/trip_point_3_type
setup sleep 1
DEV=$(basename "$(readlink -f $DRV/LNXTHERM:*)")
# settemp C: the zone's temperature in °C (one byte to pc-testdev's port
# 0xE0 = 224, which _TMP reads at the next poll).
settemp() {
	must sh -c "printf '\\$(printf %o "$1")' | dd of=/dev/port bs=1 seek=224 count=1 conv=notrunc"
}
capture_start
run grep . $TZ/type $TZ/temp $TZ/mode $TZ/policy $TZ/available_policies $TZ/trip_point_0_type $TZ/trip_point_0_temp \
	$TZ/trip_point_1_type $TZ/trip_point_1_temp $TZ/trip_point_2_type $TZ/trip_point_2_temp $TZ/trip_point_3_type $TZ/trip_point_3_temp
run sh -c 'grep . /sys/class/thermal/cooling_device*/type /sys/class/thermal/cooling_device*/cur_state /sys/class/thermal/cooling_device*/max_state'
# The client in the background: it prints "ready" once it listens, a
# line per event, and "done" after asking the zone the kernel creates
# again (thermal.out).
: >thermal.out
"$NLCAP_E2E_BIN/thermalgenl" -timeout 90s >thermal.out 2>&1 &
CLIENT=$!
note "background: $NLCAP_E2E_BIN/thermalgenl -timeout 90s"
wait_line thermal.out "$CLIENT" ready
settemp 50
wait_line thermal.out "$CLIENT" "trip-up tz=0 trip=3"
run cat $TZ/temp
settemp 65
wait_line thermal.out "$CLIENT" "trip-up tz=0 trip=2"
run cat $TZ/temp
settemp 40
wait_line thermal.out "$CLIENT" "trip-down tz=0 trip=3"
run sh -c 'grep . /sys/class/thermal/cooling_device*/cur_state'
must sh -c "echo disabled >$TZ/mode"
wait_line thermal.out "$CLIENT" "tz-disable"
must sh -c "echo enabled >$TZ/mode"
wait_line thermal.out "$CLIENT" "tz-enable"
must sh -c "echo user_space >$TZ/policy"
wait_line thermal.out "$CLIENT" "gov-change tz=0 governor=user_space"
must sh -c "echo step_wise >$TZ/policy"
wait_line thermal.out "$CLIENT" "gov-change tz=0 governor=step_wise"
must sh -c "echo $DEV >$DRV/unbind"
wait_line thermal.out "$CLIENT" "tz-delete"
must sh -c "echo $DEV >$DRV/bind"
wait_program thermal.out "$CLIENT" thermalgenl
capture_stop
