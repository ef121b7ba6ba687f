# genl-ovsd: Open vSwitch's daemon on the kernel datapath
# (testdata/captures/genl-ovsd.pcap): the traffic only ovs-vswitchd sends,
# which genl-ovs.sh (ovs-dpctl) cannot make: ovs_meter (set, get, delete,
# features), OVS_PACKET_CMD_MISS upcalls and OVS_PACKET_CMD_EXECUTE,
# per-CPU upcall port ids. Before the capture: ovsdb-server on a fresh
# database. In it: `ip link show` and `genl ctrl list` name the links and
# families, ovs-vswitchd starts and opens the datapath with a first bridge
# brp (probing the datapath's features), ovs-vsctl adds the bridge br0 (vswitchd asks for the meter features)
# with the veth port va, ovs-ofctl an OpenFlow 1.3 meter and a flow
# through it; pings from vb (the peer of va,
# in a namespace of its own) to br0's address make the upcalls and the
# executes; then the meter and the datapath flows are dumped (dpctl opens
# the datapath again: ovs_datapath set), the meter, br0 and brp are
# deleted (the datapath with the last) and vswitchd exits. vswitchd
# dumps links and routes now and then and its revalidator dumps the
# flows: the scenario keeps short to keep the capture small.
#
# Tools of captureTools, and the schema of captureFiles
# (internal/lab/initramfs.go): .ci/setup --captures.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ovsd
version_note ovs-vswitchd sh -c 'ovs-vswitchd --version 2>/dev/null | head -1'
version_note ovsdb-server sh -c 'ovsdb-server --version 2>/dev/null | head -1'
RUN=/var/run/openvswitch
DB=/etc/openvswitch/conf.db
setup modprobe openvswitch
setup mkdir -p $RUN /etc/openvswitch /var/log/openvswitch
setup ovsdb-tool create $DB /usr/share/openvswitch/vswitch.ovsschema
setup ip link set lo up
setup ip link add va type veth peer name vb
setup ip link set va up
# vb in a network namespace of its own (busybox unshare; its sleep holds
# it), so that pings from vb to br0's address cross the datapath.
unshare -n sleep 600 &
NS=$!
SETUP="${SETUP:+$SETUP; }unshare -n sleep 600 &"
sleep 0.2
setup ip link set vb netns $NS
setup nsenter -t $NS -n ip link set lo up
setup nsenter -t $NS -n ip link set vb up
setup nsenter -t $NS -n ip addr add 10.0.0.1/24 dev vb
ovsdb-server $DB --remote=punix:$RUN/db.sock --pidfile=$RUN/ovsdb-server.pid \
	--log-file=/var/log/openvswitch/ovsdb-server.log >/dev/null 2>&1 &
OVSDB=$!
SETUP="${SETUP:+$SETUP; }ovsdb-server $DB --remote=punix:$RUN/db.sock --pidfile=$RUN/ovsdb-server.pid --log-file &"
_i=0
until [ -S $RUN/db.sock ]; do
	_i=$((_i + 1))
	[ $_i -le 200 ] || die "ovsdb-server did not make $RUN/db.sock"
	sleep 0.05
done
setup ovs-vsctl --no-wait init
# Open vSwitch 3.1.0 counts the CPUs (count_cpu_cores) only once its
# monotonic clock is past 10 s (fixed upstream later): started sooner in a
# fresh guest, vswitchd makes no upcall handler ("Overriding
# n-handler-threads to 0") and the datapath drops every miss.
until awk '{ exit !($1 >= 11) }' /proc/uptime; do sleep 0.2; done

# A link dump and the generic netlink families first, for readers that see
# the capture once (nlcap -r -). Then ovs-vswitchd in the background (not
# --detach: the guest's /init does not reap a daemon's orphans) and a
# first bridge brp: opening the datapath, vswitchd probes its features,
# among them the sample action nested 1 to 9 deep (OVS_FLOW_CMD_NEW with
# OVS_FLOW_ATTR_PROBE), 20 attribute levels (dissect.DefaultMaxDepth is
# 40). ovs-vsctl waits until vswitchd has applied each change.
capture_start
run ip link show
run genl ctrl list
ovs-vswitchd unix:$RUN/db.sock --pidfile=$RUN/ovs-vswitchd.pid \
	--log-file=/var/log/openvswitch/ovs-vswitchd.log >/dev/null 2>&1 &
VSWITCHD=$!
note "ovs-vswitchd unix:$RUN/db.sock --pidfile --log-file & (started here)"
must ovs-vsctl --timeout=60 add-br brp
must ovs-vsctl --timeout=60 add-br br0
must ovs-vsctl --timeout=60 add-port br0 va
must ip addr add 10.0.0.2/24 dev br0
must ip link set br0 up
must ovs-ofctl -O OpenFlow13 add-meter br0 meter=1,kbps,band=type=drop,rate=1000
must ovs-ofctl -O OpenFlow13 add-flow br0 priority=100,in_port=va,actions=meter:1,NORMAL
run nsenter -t $NS -n ping -c 3 -W 2 10.0.0.2
run ovs-ofctl -O OpenFlow13 dump-meters br0
run ovs-ofctl -O OpenFlow13 meter-stats br0
run ovs-appctl dpctl/dump-flows -m
run ovs-ofctl -O OpenFlow13 del-meter br0 meter=1
must ovs-vsctl --timeout=60 del-br br0
must ovs-vsctl --timeout=60 del-br brp
run ovs-appctl -t ovs-vswitchd exit
wait "$VSWITCHD" || true
capture_stop
kill "$OVSDB" "$NS" 2>/dev/null || true
