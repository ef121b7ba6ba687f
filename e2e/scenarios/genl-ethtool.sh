# genl-ethtool: ethtool's generic netlink requests on a dummy device
# (testdata/captures/genl-ethtool.pcap); some answer EOPNOTSUPP.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ethtool
version_note "ethtool --version" ethtool --version
setup ip link add d0 type dummy
setup ip link set d0 up
capture_start
run ethtool d0
must ethtool -k d0
must ethtool -i d0
extras
run ethtool -K d0 tso off
run ethtool -g d0
run ethtool --json -k d0
capture_stop
ip link del d0
