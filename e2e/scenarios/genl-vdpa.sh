# genl-vdpa: vdpa, the generic netlink family of vDPA management
# (testdata/captures/genl-vdpa.pcap), spoken by iproute2's vdpa on the
# vDPA device simulator's network management device. Debian's 6.1 has no
# CONFIG_VDPA: `lab captures` builds vdpa, vdpa_sim, vdpa_sim_net and
# vringh out of tree (internal/lab/netdevsim.go); vhost_iotlb is Debian's.
# In the capture: the management devices listed, two devices added (one
# with a MAC address and MTU), listed, their configuration shown, the
# first queue's vendor statistics asked (not supported), both deleted;
# extras: a missing management device and device.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-vdpa
setup modprobe vdpa_sim_net
setup ip link set lo up
capture_start
must vdpa mgmtdev show
must vdpa dev add name vdpa0 mgmtdev vdpasim_net mac 02:00:00:00:00:42 mtu 1400
must vdpa dev add name vdpa1 mgmtdev vdpasim_net
must vdpa dev show
must vdpa -j dev show vdpa0
must vdpa dev config show vdpa0
run vdpa dev config show
# vdpa_sim_net of 6.1 has no vendor statistics: EOPNOTSUPP.
run vdpa dev vstats show vdpa0 qidx 0
must vdpa dev del vdpa1
must vdpa dev del vdpa0
must vdpa dev show
extras
run vdpa dev add name vdpa2 mgmtdev nosuch
run vdpa dev config show nosuch0
run vdpa mgmtdev show pci/0000:00:00.0
capture_stop
