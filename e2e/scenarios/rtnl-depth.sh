# rtnl-depth: tc qdiscs, classes, filters and actions with their options and
# statistics; link kinds with IFLA_INFO_DATA (vlan, macvlan, vxlan, bond,
# geneve, vrf, ip tunnels, wireguard); rules with ranges; nexthop groups;
# bridge vlans and mdb; netconf; the nsid dump; RTM_GETSTATS. (No netns is
# created: a replay could not recreate it.) tc and ip run their
# commands from batch files (noted in the provenance), so that each tool
# dumps the link table once rather than once per command.
. "$NLCAP_SCENARIO_LIB"
scenario_begin rtnl-depth
version_note tc tc -V
# The modules first: loaded mid-capture they would add links no request
# made (bonding's default bond0; the tunnels' fallback gre0, tunl0, sit0...),
# which a replay cannot tell from links the capture assumed.
setup modprobe bonding max_bonds=0
setup modprobe -a ip_gre ipip sit ip6_tunnel geneve vxlan vrf 8021q macvlan bridge
setup ip link add d0 type dummy
setup ip link set d0 up
setup ip link add v0 type veth peer name v1
setup ip link set v0 up
setup ip link set v1 up

# batch NAME: the lines of standard input into NAME, noted one by one.
batch() {
	cat >"$WORK/$1"
	while IFS= read -r _l; do note "$1: $_l"; done <"$WORK/$1"
}

batch tc.batch <<'TC'
qdisc add dev d0 root handle 1: htb default 10
class add dev d0 parent 1: classid 1:10 htb rate 10mbit ceil 20mbit
qdisc add dev d0 parent 1:10 handle 10: fq_codel limit 1000 target 5ms interval 100ms
class add dev d0 parent 1: classid 1:20 htb rate 1mbit
qdisc add dev d0 parent 1:20 handle 20: netem delay 10ms 1ms loss 1%
qdisc add dev v0 root handle 1: prio bands 3
qdisc add dev v0 parent 1:1 handle 11: tbf rate 1mbit burst 32kbit latency 400ms
qdisc add dev d0 clsact
qdisc add dev v1 ingress
filter add dev d0 ingress protocol ip pref 10 flower ip_proto tcp dst_port 80 src_ip 10.0.0.0/8 action drop
filter add dev d0 ingress protocol ip pref 20 u32 match ip dst 10.1.0.0/16 action mirred egress redirect dev v0
filter add dev d0 egress pref 30 matchall action police rate 1mbit burst 10k conform-exceed drop
filter add dev d0 egress pref 40 basic action gact pass
filter add dev v1 parent ffff: pref 5 protocol all matchall action mirred egress mirror dev d0
filter add dev d0 parent 1: protocol ip pref 1 u32 match ip dport 22 0xffff flowid 1:20
actions add action gact drop index 7
TC
# Classes of htb only: fq_codel shows its active flows as classes, which
# come and go with the packets the kernel sends (IPv6 ND on d0).
batch tc-show.batch <<'TC'
qdisc show
class show dev d0 parent 1:
filter show dev d0 ingress
filter show dev d0 egress
filter show dev d0 parent 1:
actions list action gact
TC
batch links.batch <<'IP'
link add link d0 name d0.5 type vlan id 5 protocol 802.1ad egress-qos-map 1:2
link add mv0 link d0 type macvlan mode bridge
link add vx0 type vxlan id 42 dstport 4789 local 10.9.0.1 dev d0 ttl 5
link add bond1 type bond mode active-backup miimon 100
link add gnv0 type geneve id 7 remote 10.9.0.2
link add vrf0 type vrf table 10
link add gre1 type gre remote 10.9.0.2 local 10.9.0.1 ttl 64 key 5
link add ipip1 type ipip remote 10.9.0.2 local 10.9.0.1
link add sit1 type sit remote 10.9.0.2 local 10.9.0.1
link add ip6t1 type ip6tnl remote fd00::2 local fd00::1 mode ip6ip6
link add wg1 type wireguard
link add br0 type bridge vlan_filtering 1 mcast_snooping 1
IP
batch links-show.batch <<'IP'
link show dev d0.5
link show dev mv0
link show dev vx0
link show dev bond1
link show dev gnv0
link show dev vrf0
link show dev gre1
link show dev ipip1
link show dev sit1
link show dev ip6t1
link show dev wg1
link show dev br0
IP
batch links-del.batch <<'IP'
link del d0.5
link del mv0
link del vx0
link del bond1
link del gnv0
link del vrf0
link del gre1
link del ipip1
link del sit1
link del ip6t1
link del wg1
IP
batch bridge.batch <<'BR'
vlan add dev v1 vid 10 pvid untagged
vlan add dev v1 vid 20-22
mdb add dev br0 port v1 grp 239.1.1.1 permanent vid 10
vlan show dev v1
mdb show dev br0
BR
batch rules.batch <<'IP'
rule add from 10.9.0.0/24 ipproto tcp dport 80-90 uidrange 1000-2000 table 100 pref 100
rule add fwmark 0x10/0xff lookup 200 pref 110
nexthop add id 1 via 10.9.0.2 dev d0
nexthop add id 2 via 10.9.0.3 dev d0
nexthop add id 10 group 1/2,3
rule show
nexthop show
IP

capture_start
run ip addr add 10.9.0.1/24 dev d0
run tc -batch "$WORK/tc.batch"
run tc -s -batch "$WORK/tc-show.batch"
run ip -batch "$WORK/links.batch"
run ip -d -batch "$WORK/links-show.batch"
run ip -batch "$WORK/rules.batch"
run ip -batch "$WORK/links-del.batch"
run ip link set v1 master br0
# br0 stays down: once up, its operstate, IPv6 state and the mdb entries of
# the groups it joins change on timers, and a replay could not match them.
# So `bridge mdb add` fails ("Bridge device is not running") and the mdb
# dump is empty; dissect's TestMDBAnswer decodes a filled one.
run bridge -d -force -batch "$WORK/bridge.batch"
run ip netconf show dev d0
run ip netns list-id
run ip stats show dev d0 group link
run ip stats show dev br0 group xstats_slave
run tc qdisc del dev d0 root
capture_stop
ip link del br0
ip link del d0
