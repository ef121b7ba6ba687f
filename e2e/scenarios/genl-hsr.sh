# genl-hsr: HSR, the generic netlink family of High-availability Seamless
# Redundancy rings (testdata/captures/genl-hsr.pcap). Debian's 6.1 leaves
# HSR out: `lab captures` builds hsr.ko out of tree (internal/lab/netdevsim.go)
# for this scenario's `modprobe hsr`. Before the capture: two veth pairs
# a1/a2 and b1/b2, a2 and b2 in a network namespace of their own (busybox
# unshare; its sleep holds it); hsr0 over a1 and b1 here and hsr1 over a2
# and b2 there (`ip link add ... type hsr ... supervision 45 version 1`),
# so that each node's supervision frames fill the other's node table. In
# it: the lab's hsrgenl client (internal/lab/hsrgenl, copied into `lab
# captures` boots only: Debian has no tool that speaks HSR) resolves the
# family through nlctrl, joins its "hsr-network" group, asks
# HSR_C_GET_NODE_LIST of hsr0 until hsr1's node is in it, then
# HSR_C_GET_NODE_STATUS of it; b2 is taken down (the peer is seen on a1
# only: HSR_C_RING_ERROR every prune period), then hsr1 is deleted (no
# frame at all: HSR_C_NODE_DOWN after the kernel's 60 s HSR_NODE_FORGET_TIME)
# and the client exits.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-hsr
setup modprobe hsr
setup ip link set lo up
setup ip link add a1 type veth peer name a2
setup ip link add b1 type veth peer name b2
unshare -n sleep 600 &
NS=$!
SETUP="${SETUP:+$SETUP; }unshare -n sleep 600 &"
sleep 0.2
setup ip link set a2 netns $NS
setup ip link set b2 netns $NS
setup ip link set a1 up
setup ip link set b1 up
setup ip link add hsr0 type hsr slave1 a1 slave2 b1 supervision 45 version 1
setup ip link set hsr0 up
setup nsenter -t $NS -n ip link set a2 up
setup nsenter -t $NS -n ip link set b2 up
# busybox's nsenter runs its own ip applet for a bare "ip": iproute2's by
# path (the applet knows no hsr links).
IP=$(command -v ip)
case $IP in /*) ;; *) die "no iproute2 ip: $IP" ;; esac
setup nsenter -t $NS -n "$IP" link add hsr1 type hsr slave1 a2 slave2 b2 supervision 45 version 1
setup nsenter -t $NS -n ip link set hsr1 up
capture_start
# The client in the background: it prints "ready" after the node status
# and "ring error" at the first HSR_C_RING_ERROR (hsrgenl.out).
"$NLCAP_E2E_BIN/hsrgenl" -dev hsr0 -nodes 1 -ring-errors 1 -node-downs 1 -timeout 180s >hsrgenl.out 2>&1 &
HSRGENL=$!
note "background: $NLCAP_E2E_BIN/hsrgenl -dev hsr0 -nodes 1 -ring-errors 1 -node-downs 1 -timeout 180s"
wait_line hsrgenl.out "$HSRGENL" ready
must nsenter -t $NS -n "$IP" link set b2 down
wait_line hsrgenl.out "$HSRGENL" "ring error"
must nsenter -t $NS -n "$IP" link del hsr1
wait_program hsrgenl.out "$HSRGENL" hsrgenl
capture_stop
kill "$NS" 2>/dev/null || true
