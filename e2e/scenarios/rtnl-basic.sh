# rtnl-basic: rtnetlink link, address, route and neighbour requests from
# iproute2 on a dummy device (testdata/captures/rtnl-basic.pcap).
. "$NLCAP_SCENARIO_LIB"
scenario_begin rtnl-basic
capture_start
must ip link add d0 type dummy
must ip link set d0 up
must ip addr add 10.9.0.1/24 dev d0
must ip -6 addr add fd00::1/64 dev d0
must ip route add 10.10.0.0/16 via 10.9.0.2
must ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev d0
must ip link show
must ip addr show
must ip route show
must ip link del d0
capture_stop
