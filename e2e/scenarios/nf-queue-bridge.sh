# nf-queue-bridge: nfnetlink_queue of the bridge family under nlmon
# (testdata/captures/nf-queue-bridge.pcap): packets queued at a bridge's
# forward hook carry what nf-queue-lab's IP packets do not, their
# link-layer header (NFQA_L2HDR) and, for a VLAN-tagged frame, the tag
# (NFQA_VLAN with its TCI and protocol). Two namespaces talk over VLAN 10
# sub-interfaces of veths enslaved to a bridge without VLAN filtering,
# which forwards the tagged frames (static neighbours: only the pings'
# ICMP); nft queues the bridge's forwarded frames of VLAN 10 to queue 3
# (bypass: accepted once the consumer is gone) and the
# lab's nfqueue program answers six of them as in nf-queue-lab (accept,
# accept with mark, drop, then a batch accept).
. "$NLCAP_SCENARIO_LIB"
scenario_begin nf-queue-bridge
version_note nft nft --version
setup modprobe -a nfnetlink_queue bridge 8021q
setup ip netns add a
setup ip netns add b
setup ip link add br0 type bridge
setup ip link set br0 up
setup ip link add va type veth peer name pa
setup ip link add vb type veth peer name pb
setup ip link set va netns a
setup ip link set vb netns b
setup ip link set pa master br0
setup ip link set pb master br0
setup ip link set pa up
setup ip link set pb up
setup ip -n a link set va up
setup ip -n b link set vb up
setup ip -n a link add link va name va.10 type vlan id 10
setup ip -n b link add link vb name vb.10 type vlan id 10
setup ip -n a addr add 10.10.0.1/24 dev va.10
setup ip -n b addr add 10.10.0.2/24 dev vb.10
setup ip -n a link set va.10 up
setup ip -n b link set vb.10 up
setup ip -n a neigh add 10.10.0.2 lladdr "$(ip -n b -br link show vb.10 | awk '{print $3}')" dev va.10
setup ip -n b neigh add 10.10.0.1 lladdr "$(ip -n a -br link show va.10 | awk '{print $3}')" dev vb.10
setup sleep 1
capture_start
must nft add table bridge nlcap
must nft add chain bridge nlcap q '{ type filter hook forward priority 0 ; policy accept ; }'
must nft add rule bridge nlcap q vlan id 10 queue num 3 bypass
"$NLCAP_E2E_BIN/nfqueue" -queue 3 -packets 6 -logs 0 >nfqueue.out 2>&1 &
NFQ=$!
# nfqueue prints nothing until it is done: pings for four seconds, so
# that six come after its bind even when it starts slowly; those queued
# after its last verdict are dropped when it unbinds, later ones bypass
# the queue.
sleep 1
run ip netns exec a ping -c 16 -i 0.25 -W 1 10.10.0.2
wait_program nfqueue.out "$NFQ" nfqueue
run nft list ruleset
run nft delete table bridge nlcap
capture_stop
