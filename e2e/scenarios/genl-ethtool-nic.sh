# genl-ethtool-nic: ethtool on a real NIC driver
# (testdata/captures/genl-ethtool-nic.pcap): QEMU's e1000e (an Intel
# 82574L; Linux driver e1000e, which has a private flag "s0ix-enabled" and
# driver statistics strings) on a user-mode network backend that needs no
# host setup (`restrict=on`: no traffic leaves the guest). Before the
# capture: e1000e loaded, its eth0 (ifindex 3: lo 1, the preloaded dummy0
# 2) up. In it: `ethtool --monitor` runs in the background from the first
# command to the last (it asks the kernel for each device's string sets to
# print the compact bit sets of notifications); Debian's ethtool 6.1 shows
# the link, the private flags, sets them (the 82574 has no s0ix flows: the
# kernel refuses "on"), shows and changes features (-k/-K: ETHTOOL_MSG_
# FEATURES_NTF), message levels (-s msglvl: DEBUG_NTF), pause, rings,
# coalescing, wake-on-LAN, EEE, time stamping and the statistics (-S is
# the ETHTOOL_GSTATS ioctl in 6.1, not netlink; --all-groups is netlink's
# ETHTOOL_MSG_STATS_GET). ethtool 6.1 asks for a device's string sets
# only to print a compact private flags bit set, which only a notification
# of a change carries, and the 82574 changes none: the lab's ethtoolnl
# (internal/lab/ethtoolnl, capture boots only) asks for eth0's
# ETH_SS_PRIV_FLAGS, _TEST and _STATS by its name, the same for no device
# (refused), the private flags as a compact bit set by eth0's index, and
# clears s0ix-enabled with a compact bit set by eth0's name.
# lab-qemu: -netdev user,id=n1,restrict=on -device e1000e,netdev=n1
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ethtool-nic
version_note "ethtool --version" ethtool --version
setup modprobe e1000e
_i=0
until [ -e /sys/class/net/eth0 ]; do
	_i=$((_i + 1))
	[ $_i -le 100 ] || die "e1000e made no eth0"
	sleep 0.1
done
setup ip link set eth0 up
setup sleep 2
capture_start
ethtool --monitor >monitor.out 2>&1 &
MONITOR=$!
note "background: ethtool --monitor"
sleep 1
must ethtool eth0
must ethtool -i eth0
must ethtool --show-priv-flags eth0
must "$NLCAP_E2E_BIN/ethtoolnl" -dev eth0
run ethtool --set-priv-flags eth0 s0ix-enabled on
must ethtool --set-priv-flags eth0 s0ix-enabled off
must ethtool -k eth0
must ethtool -K eth0 tso off
must ethtool -K eth0 tso on
must ethtool -s eth0 msglvl drv off
must ethtool -s eth0 msglvl drv on
must ethtool -a eth0
run ethtool -A eth0 rx off
run ethtool -A eth0 rx on
must ethtool -g eth0
must ethtool -G eth0 rx 512
must ethtool -G eth0 rx 256
must ethtool -c eth0
run ethtool -C eth0 rx-usecs 10
run ethtool -C eth0 rx-usecs 3
run ethtool -s eth0 wol g
run ethtool -s eth0 wol d
run ethtool --show-eee eth0
must ethtool -T eth0
must ethtool -S eth0
run ethtool -S eth0 --all-groups
extras
run ethtool --json -k eth0
sleep 1
kill "$MONITOR" 2>/dev/null || true
wait "$MONITOR" || true
while IFS= read -r _l; do
	note "monitor: $_l"
done <monitor.out
capture_stop
