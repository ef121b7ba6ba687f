# genl-ctrl: generic netlink controller requests from iproute2's genl
# (testdata/captures/genl-ctrl.pcap), with one unknown family (ENOENT).
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ctrl
capture_start
must genl ctrl list
must genl ctrl get name nlctrl
extras
run genl ctrl get name nosuchfamily
capture_stop
