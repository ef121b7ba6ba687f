# genl-ovs: the openvswitch kernel datapath without its daemon
# (testdata/captures/genl-ovs.pcap): ovs-dpctl of Debian's
# openvswitch-switch makes a datapath with a port, adds, modifies, dumps
# and deletes flows (IPv4/UDP, ARP and wildcarded TCP keys with masks, set,
# push_vlan and output actions) and deletes the datapath: families
# ovs_datapath, ovs_vport and ovs_flow. Each ovs-dpctl run also dumps
# routes, links and addresses and asks ovs_vport about every link, so the
# scenario keeps to one dummy link and few runs. No OVS_PACKET or
# ovs_meter traffic: only ovs-vswitchd sends it.
#
# ovs-dpctl is a tool of captureTools (internal/lab/initramfs.go):
# .ci/setup --captures.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ovs
version_note ovs-dpctl sh -c 'ovs-dpctl --version | head -1'
setup modprobe openvswitch
setup mkdir -p /var/run/openvswitch /var/log/openvswitch
setup ip link add d2 type dummy
capture_start
FLOW4='in_port(1),eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2/255.255.255.0,proto=17,tos=0,ttl=64,frag=no),udp(src=1000,dst=2000)'
FLOWARP='in_port(1),skb_mark(0x5),eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1,sha=02:00:00:00:00:01,tha=00:00:00:00:00:00)'
FLOWTCP='in_port(1),eth(),eth_type(0x0800),ipv4(src=10.0.0.0/255.0.0.0,dst=0.0.0.0/0.0.0.0,proto=6,tos=0/0,ttl=0/0,frag=no),tcp(src=0/0,dst=80)'
# A link dump first names the interfaces for readers that see the
# capture once (nlcap -r -): ovs-dpctl dumps routes before links.
run ip link show
must ovs-dpctl add-dp dp0 d2
run ovs-dpctl show -s
must ovs-dpctl add-flow dp0 "$FLOW4" 'set(ipv4(ttl=63)),push_vlan(vid=10,pcp=3),0'
must ovs-dpctl add-flow dp0 "$FLOWARP" 'set(skb_priority(0x3)),0'
run ovs-dpctl dump-flows dp0
must ovs-dpctl mod-flow dp0 "$FLOWARP" 'set(skb_priority(0x4)),1'
run ovs-dpctl del-flow dp0 "$FLOW4"
run ovs-dpctl dump-flows dp0
extras
# Refused with EINVAL by 6.1 in this lab: a wildcarded flow with a sample
# action. Then the datapath is deleted. (Not here: an explicit "drop"
# action, which Open vSwitch 3.1 sends as action type 25, its own
# userspace numbering; 6.1 refuses it, later kernels read 25 as
# OVS_ACTION_ATTR_PSAMPLE.)
run ovs-dpctl add-flow dp0 "$FLOWTCP" 'sample(sample=50.0%,actions(0))'
run ovs-dpctl del-dp dp0
run ovs-dpctl show dp9
capture_stop
