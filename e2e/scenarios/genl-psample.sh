# genl-psample: psample, the generic netlink family of packet sampling
# (testdata/captures/genl-psample.pcap), fed by tc's act_sample. Before
# the capture: a veth pair ps0/ps1 with ps1 in a network namespace of its
# own (busybox unshare; its sleep holds it), 10.77.0.1 and 10.77.0.2. In
# it: the lab's psample client (internal/lab/psample, copied into
# `lab captures` boots only: Debian has no tool that speaks psample)
# resolves the family through nlctrl, joins its "config" and "packets"
# groups and dumps PSAMPLE_CMD_GET_GROUP (empty); tc adds clsact to ps0
# and a matchall filter at its ingress with `action sample rate 1 group 7
# trunc 128` (psample makes group 7: PSAMPLE_CMD_NEW_GROUP); three pings
# from 10.77.0.1 to 10.77.0.2 bring three echo replies into ps0, each
# sampled (PSAMPLE_CMD_SAMPLE: interface, original size, group, sequence,
# rate, timestamp, protocol and the first 128 bytes); the client dumps the
# groups again (group 7 with its refcount and sequence); tc deletes the
# filter (PSAMPLE_CMD_DEL_GROUP) and the client exits.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-psample
version_note tc tc -V
setup modprobe -a act_sample psample cls_matchall sch_ingress
setup ip link set lo up
setup ip link add ps0 type veth peer name ps1
unshare -n sleep 600 &
NS=$!
SETUP="${SETUP:+$SETUP; }unshare -n sleep 600 &"
sleep 0.2
setup ip link set ps1 netns $NS
setup nsenter -t $NS -n ip link set lo up
setup nsenter -t $NS -n ip addr add 10.77.0.2/24 dev ps1
setup nsenter -t $NS -n ip link set ps1 up
setup ip addr add 10.77.0.1/24 dev ps0
setup ip link set ps0 up
setup sleep 1
capture_start
# The client in the background: it prints "ready" once it listens and
# "dumped" after the second dump (psample.out).
"$NLCAP_E2E_BIN/psample" -group 7 -samples 3 -timeout 60s >psample.out 2>&1 &
PSAMPLE=$!
note "background: $NLCAP_E2E_BIN/psample -group 7 -samples 3 -timeout 60s"
wait_line psample.out "$PSAMPLE" ready
must tc qdisc add dev ps0 clsact
must tc filter add dev ps0 ingress matchall action sample rate 1 group 7 trunc 128
must ping -c 3 -i 0.2 -W 2 10.77.0.2
wait_line psample.out "$PSAMPLE" dumped
run tc -s filter show dev ps0 ingress
must tc filter del dev ps0 ingress
wait_program psample.out "$PSAMPLE" psample
run tc qdisc del dev ps0 clsact
capture_stop
kill "$NS" 2>/dev/null || true
