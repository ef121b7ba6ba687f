# genl-misc: generic netlink families of a 6.1 kernel with a Debian tool
# and no capture of their own (testdata/captures/genl-misc.pcap):
# TIPCv2 (iproute2's tipc), ILA (ip ila), nl802154 (wpan-tools' iwpan)
# and MAC802154_HWSIM (wpan-hwsim) on mac802154_hwsim's two radios, and
# nbd (nbd-client's netlink mode against a local nbd-server). Before the
# capture: a veth pair tp0/tp1 with tp1 in a network namespace of its own
# (busybox unshare; its sleep holds it), 10.78.0.1 and 10.78.0.2, for a
# TIPC link between two nodes; a 4 MiB image file served by nbd-server.
# Tools of captureTools (internal/lab/initramfs.go): .ci/setup --captures.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-misc
version_note iwpan iwpan --version
version_note nbd-client sh -c 'nbd-client -V 2>&1 | head -1'
setup modprobe -a tipc ila mac802154_hwsim nbd
setup ip link set lo up
setup ip link add tp0 type veth peer name tp1
unshare -n sleep 600 &
NS=$!
SETUP="${SETUP:+$SETUP; }unshare -n sleep 600 &"
sleep 0.2
setup ip link set tp1 netns $NS
setup nsenter -t $NS -n ip link set lo up
setup nsenter -t $NS -n ip addr add 10.78.0.2/24 dev tp1
setup nsenter -t $NS -n ip link set tp1 up
setup ip addr add 10.78.0.1/24 dev tp0
setup ip link set tp0 up
setup dd if=/dev/zero of=/tmp/nbd.img bs=1024 count=4096
setup mkdir -p /var/run /etc/nbd-server
printf '[generic]\n[lab]\n\texportname = /tmp/nbd.img\n' >/etc/nbd-server/config
SETUP="${SETUP:+$SETUP; }printf '[generic]\\n[lab]\\n\\texportname = /tmp/nbd.img\\n' >/etc/nbd-server/config"
nbd-server -C /etc/nbd-server/config -d >nbd-server.out 2>&1 &
NBDS=$!
SETUP="${SETUP:+$SETUP; }nbd-server -C /etc/nbd-server/config -d &"
PHY=$(ls /sys/class/ieee802154 | head -1)
SETUP="${SETUP:+$SETUP; }PHY=\$(ls /sys/class/ieee802154 | head -1): $PHY"
setup sleep 1
capture_start
# TIPCv2: this node's network id, an Ethernet bearer on tp0 (the node
# identity comes from its MAC address), the peer node in the namespace
# the same way, so that a link comes up; then every list and get, link,
# monitor, media and bearer settings, a UDP bearer with a remote address,
# statistics shown and reset, a test cluster key set and flushed, the
# bearers disabled and the peer, now down, removed.
must tipc node set netid 4711
must tipc bearer enable media eth device tp0
must nsenter -t $NS -n tipc node set netid 4711
must nsenter -t $NS -n tipc bearer enable media eth device tp1
must tipc bearer enable media udp name u1 localip 10.78.0.1 remoteip 10.78.0.2
run sleep 2
run tipc node get netid
run tipc node get address
run tipc node get identity
run tipc node list
run tipc bearer list
run tipc bearer get tolerance media eth device tp0
run tipc bearer get media udp name u1 localip
run tipc bearer set window 100 media eth device tp0
run tipc media list
run tipc media get tolerance media eth
run tipc media set tolerance 2000 media udp
run tipc link list
# The link to the peer and the peer's identity, as the lists print them
# (these two lookups are in the capture too: a link and a node dump).
LINK=$(tipc link list | sed -n 's/^\([^:]*:tp0-[^:]*:tp1\): .*/\1/p')
PEER=$(tipc node list | awk 'NR > 1 && $3 == "up" { print $1 }')
HASH=$(tipc node list | awk 'NR > 1 && $3 == "up" { print $2 }')
H=$((0x$HASH))
PEERADDR=$((H >> 24)).$(((H >> 12) & 4095)).$((H & 4095))
note "LINK=\$(tipc link list | sed ...): $LINK; PEER, HASH=\$(tipc node list | awk ...): $PEER $HASH (address $PEERADDR)"
run tipc link get tolerance link "$LINK"
run tipc link set tolerance 2000 link "$LINK"
run tipc link get broadcast
run tipc link set broadcast AUTOSELECT ratio 30
run tipc link statistics show
run tipc link statistics reset link "$LINK"
run tipc link monitor summary
run tipc link monitor get threshold
run tipc link monitor set threshold 16
run tipc link monitor list
run tipc nametable show
run tipc socket list
# A second remote address of the UDP bearer (replicast: it was enabled
# with a unicast one), then a cluster key (a test key: 16 bytes of AES-128
# and 4 of salt) set and flushed.
run tipc bearer add media udp name u1 remoteip 10.78.0.3
run tipc bearer get media udp name u1 remoteip
run tipc node set key 0x000102030405060708090a0b0c0d0e0f10111213 algname "gcm(aes)"
run tipc node flush key
run tipc bearer disable media udp name u1
run tipc bearer disable media eth device tp0
run tipc node list
run tipc peer remove address "$PEERADDR"
run tipc node list
# ILA: an identifier-locator mapping added, listed and deleted.
must ip ila add loc_match 2001:0:0:1 loc 2001:0:0:2 csum-mode neutral-map ident-type luid
must ip ila add loc_match 2001:0:0:3 loc 2001:0:0:4 dev lo csum-mode adj-transport
must ip ila list
must ip ila del loc_match 2001:0:0:1 loc 2001:0:0:2
must ip ila del loc_match 2001:0:0:3 dev lo
must ip ila list
# nl802154 on mac802154_hwsim's radios: phys and interfaces listed, the
# phy's channel set, the interface's PAN id, short address and MAC
# parameters set while it is down, a monitor interface added and deleted.
must iwpan list
must iwpan dev
must iwpan phy "$PHY" set channel 0 20
must iwpan dev wpan0 set pan_id 0xbeef
must iwpan dev wpan0 set short_addr 0x0001
# mac802154_hwsim supports only the default retries, backoffs and LBT
# (other values are EINVAL): set to those.
must iwpan dev wpan0 set max_frame_retries 3
must iwpan dev wpan0 set backoff_exponents 3 5
must iwpan dev wpan0 set max_csma_backoffs 4
must iwpan dev wpan0 set ackreq_default 1
must iwpan dev wpan0 set lbt 0
must iwpan phy "$PHY" interface add mon0 type monitor
must iwpan dev
must iwpan phy "$PHY" info
must iwpan dev mon0 del
# MAC802154_HWSIM: the radios and their edges, an edge's LQI set, the
# edge deleted and added again, radio 1 deleted, a radio added: the
# kernel ACKs MAC802154_HWSIM_CMD_NEW_RADIO with the new radio's index as
# a positive error (hwsim_new_radio_nl returns it; netlink_ack sends it
# as is), which wpan-hwsim reads as the index (nlcap: ACK 2).
run wpan-hwsim
run wpan-hwsim edge lqi 0 1 200
run wpan-hwsim
run wpan-hwsim edge del 1 0
run wpan-hwsim edge add 1 0
run wpan-hwsim
run wpan-hwsim del 1
run wpan-hwsim
run wpan-hwsim add
run wpan-hwsim
# nbd: nbd-client connects /dev/nbd0 through the nbd family (its default
# when the kernel has it; -nonetlink would use the ioctls), a block read,
# then the disconnect.
must nbd-client -N lab 127.0.0.1 10809 /dev/nbd0
run dd if=/dev/nbd0 of=/dev/null bs=4096 count=4
run nbd-client -c /dev/nbd0
must nbd-client -d /dev/nbd0
run sleep 1
extras
run tipc bearer enable media eth device nosuchdev
# The removed peer again, by its identity: ENXIO.
run tipc peer remove identity "$PEER"
run ip ila del loc_match 2001:0:0:9
run iwpan dev nosuch0 info
# mac802154_hwsim has no CCA mode, ED level or transmit power settings:
# EOPNOTSUPP; an unsupported retry count: EINVAL.
run iwpan phy "$PHY" set cca_mode 1
run iwpan phy "$PHY" set tx_power 0
run iwpan dev wpan0 set max_frame_retries 7
capture_stop
kill "$NBDS" "$NS" 2>/dev/null || true
