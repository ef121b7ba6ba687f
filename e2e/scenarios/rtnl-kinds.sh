# rtnl-kinds: link kinds with IFLA_INFO_DATA, multipath and MPLS-free
# routes, neighbours, rules, netconf and qdiscs.
. "$NLCAP_SCENARIO_LIB"
scenario_begin rtnl-kinds
setup ip link add d0 type dummy
setup ip link set d0 up
capture_start
run ip link add v0 type veth peer name v1
run ip link add link d0 name d0.5 type vlan id 5
run ip link add br0 type bridge
run ip link set v0 master br0
run ip link add mv0 link d0 type macvlan mode bridge
run ip link add vx0 type vxlan id 42 dstport 4789 local 10.9.0.1 dev d0
run ip link set br0 up
run ip link set v0 up
run ip addr add 10.9.0.1/24 dev d0
run ip addr add 10.20.0.1 peer 10.20.0.2 dev d0
run ip -6 addr add fd00::1/64 dev d0
run ip route add 10.30.0.0/24 nexthop via 10.9.0.2 weight 1 nexthop via 10.9.0.3 weight 2
run ip route add 10.31.0.0/24 via 10.9.0.2 mtu 1400 metric 50 table 100
run ip route add blackhole 10.32.0.0/24
run ip -6 route add fd01::/64 via fd00::2
run ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev d0
run bridge fdb add 02:00:00:00:00:07 dev v0 master
run ip rule add from 10.9.0.0/24 table 100 pref 100
run ip nexthop add id 9 via 10.9.0.2 dev d0
run ip netconf show dev d0
run tc qdisc add dev d0 root fq_codel
run tc qdisc show dev d0
run ip -d link show
run ip route show table all
run ip rule show
run ip neigh show
run bridge link show
run ip link del vx0
run ip link del mv0
run ip link del br0
run ip link del v0
capture_stop
ip link del d0
