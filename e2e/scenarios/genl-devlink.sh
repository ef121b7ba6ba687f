# genl-devlink: devlink (iproute2's devlink tool) on a netdevsim device
# (testdata/captures/genl-devlink.pcap). Debian's 6.1 has no netdevsim:
# `lab captures` builds it out of tree from linux-source-6.1 and the lab
# kernel's headers (internal/lab/netdevsim.go; .ci/setup --captures) and
# stages it with psample. One device, netdevsim10, with two ports; `devlink
# monitor` listens for the notifications until the firmware flash. Device
# info, parameters (set in driverinit mode, then a reload applies them),
# eswitch, ports, line cards and shared buffer dumps (netdevsim has none),
# resources (set, reload), dpipe (none: EOPNOTSUPP), health reporters (the
# dummy reporter broken through debugfs: dump, diagnose, recover), traps,
# trap groups and policers with statistics, the dummy region (snapshots
# taken through debugfs and devlink, dump, read, delete), rate leaves and
# nodes of two VFs in switchdev mode, a firmware flash with its status
# notifications, and the device's removal. All of it in the initial
# network namespace, where netdevsim's devices live. A few ethtool
# requests on a port's netdev go with it.
#
# Runs of show commands go through one `devlink -f -b FILE` each: every
# devlink process resolves the family first (a 1.2 KB CTRL_CMD_NEWFAMILY
# answer), and a batch does that once.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-devlink
setup modprobe netdevsim
setup mount -t debugfs debugfs /sys/kernel/debug
# devlink dev flash asks request_firmware for the file.
setup mkdir -p /lib/firmware
setup sh -c 'echo nlcap-lab > /lib/firmware/dummy'
version_note devlink devlink -V
version_note netdevsim sh -c 'modinfo -F vermagic netdevsim; echo tainted $(cat /proc/sys/kernel/tainted)'
DEV=netdevsim/netdevsim10
DBG=/sys/kernel/debug/netdevsim/netdevsim10

# batch NAME: the devlink commands on stdin, one per line, run by one
# `devlink -f -b` (-f: on past a failing one); the provenance file notes
# them before the run's output.
batch() {
	cat >"$WORK/$1.batch"
	while IFS= read -r _l; do
		note "$1.batch: $_l"
	done <"$WORK/$1.batch"
	run devlink -f -b "$WORK/$1.batch"
}

capture_start

devlink monitor all >"$WORK/mon.txt" 2>&1 &
MON=$!
sleep 0.5
must sh -c 'echo "10 2" > /sys/bus/netdevsim/new_device'
sleep 1

# Device, info, parameters, eswitch, reload.
batch dev <<B
dev show
dev info
dev info $DEV
dev param show
dev param show $DEV name max_macs
dev eswitch show $DEV
B
must devlink dev param set $DEV name max_macs value 16 cmode driverinit
must devlink dev param set $DEV name test1 value false cmode driverinit
run devlink dev param show $DEV name test1
must devlink dev reload $DEV

# Ports, line cards, shared buffer (netdevsim has none: empty dumps),
# resources.
batch port <<B
dev param show $DEV name max_macs
port show
port show $DEV/0
lc show
sb show
sb pool show
sb port pool show
sb tc bind show
resource show $DEV
B
run devlink -v port show $DEV/1
# ethtool on port 0's netdev (eth0): netdevsim answers pause settings with
# statistics, rings, channels and FEC.
run ethtool -I -a eth0
run ethtool -g eth0
run ethtool -l eth0
run ethtool --show-fec eth0
run ethtool --set-fec eth0 encoding rs

# Resources: shrink the FIB, reload to apply; dpipe has no tables.
must devlink resource set $DEV path /IPv4/fib size 96
must devlink dev reload $DEV
batch resource <<B
resource show $DEV
dpipe table show $DEV
B

# Health: the empty reporter, then the dummy one broken through debugfs.
# A batch ends after `health dump show` (devlink 6.1 takes the dump's
# NLM_F_ACK answer for a failure: "kernel answers: Success"), so it is last.
batch health <<B
health show
health diagnose $DEV reporter empty
health recover $DEV reporter empty
health dump show $DEV reporter empty
B
must devlink health set $DEV reporter dummy auto_recover false
run sh -c "echo lab-break > $DBG/health/break_health"
batch health-broken <<B
health show $DEV reporter dummy
health diagnose $DEV reporter dummy
health dump show $DEV reporter dummy
B
must devlink health dump clear $DEV reporter dummy
must devlink health recover $DEV reporter dummy
must devlink health set $DEV reporter dummy grace_period 10 auto_recover true
run devlink -s health show $DEV reporter dummy

# Traps, groups and policers (netdevsim counts trapped packets itself).
batch trap <<B
trap show
trap group show
trap policer show
B
run devlink -s trap show $DEV trap source_mac_is_multicast
must devlink trap set $DEV trap blackhole_route action trap
run devlink trap show $DEV trap blackhole_route
run devlink -s trap group show $DEV group l2_drops
must devlink trap group set $DEV group l2_drops action trap policer 1
must devlink trap policer set $DEV policer 1 rate 2000 burst 256
run devlink -s trap policer show $DEV policer 1
must devlink trap group set $DEV group l2_drops action drop nopolicer

# Regions: a snapshot through debugfs (id 0), one through devlink.
run devlink region show
must sh -c "echo > $DBG/take_snapshot"
must devlink region new $DEV/dummy snapshot 25
run devlink region show $DEV/dummy
run sh -c "devlink region dump $DEV/dummy snapshot 25 | head -n 4"
batch region <<B
region read $DEV/dummy snapshot 25 address 0 length 64
region read $DEV/dummy snapshot 0 address 128 length 32
B
must devlink region del $DEV/dummy snapshot 25
must devlink region del $DEV/dummy snapshot 0

# Rate objects: two VFs in switchdev mode are rate leaves; a node groups one.
must sh -c 'echo 2 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs'
must devlink dev eswitch set $DEV mode switchdev
batch switchdev <<B
dev eswitch show $DEV
port show
port function rate show
B
must devlink port function rate add $DEV/group1
must devlink port function rate set $DEV/group1 tx_share 10mbit tx_max 100mbit
must devlink port function rate set $DEV/128 tx_share 1mbit parent group1
run devlink port function rate show
must devlink port function rate set $DEV/128 noparent
must devlink port function rate del $DEV/group1

# Firmware flash of one component (netdevsim takes 5 s): about 500 status
# notifications, to the requester only (the monitor stops first).
kill "$MON" 2>/dev/null || true
wait "$MON" 2>/dev/null || true
run devlink dev flash $DEV file dummy component fw.mgmt

extras
batch errors <<B
dev show netdevsim/netdevsim99
dev param set $DEV name nosuch value 1 cmode driverinit
health recover $DEV reporter nosuch
trap set $DEV trap nosuch action drop
region read $DEV/dummy snapshot 99 address 0 length 16
port split $DEV/0 count 2
dev reload $DEV action fw_activate
sb occupancy show $DEV/0
B
run devlink resource set $DEV path /IPv4/nosuch size 1
must sh -c 'echo 10 > /sys/bus/netdevsim/del_device'
sleep 1
# The monitor's view, one line per notification (details in the capture).
note "devlink monitor all, until the flash:"
grep '^\[' "$WORK/mon.txt" | while IFS= read -r _l; do
	note "mon: $_l"
done
capture_stop
