# genl-more: generic netlink families spoken by tools other than iproute2
# (testdata/captures/genl-more.pcap; openvswitch is genl-ovs.sh): the team
# family (teamd, teamnl, teamdctl of libteam-utils), batman-adv
# (batctl, two meshes joined by a veth pair so that originator and
# neighbour tables fill), NET_DM (dropwatch, summary and packet alerts of
# TCP SYNs to a closed port), NetLabel (netlabelctl: NLBL_MGMT, NLBL_UNLBL,
# NLBL_CIPSOv4, NLBL_CALIPSO, families of the initial namespace only),
# devlink dumps (no devlink device: Debian's 6.1 has no netdevsim) and
# vsock_diag (ss --vsock of socat's vsock sockets over vsock_loopback).
#
# Tools of captureTools (internal/lab/initramfs.go): .ci/setup --captures.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-more
setup modprobe -a team team_mode_activebackup batman-adv drop_monitor vsock vsock_loopback vsock_diag
setup mkdir -p /var/run/teamd
setup ip link set lo up
setup ip link add d1 type dummy
setup ip link add va type veth peer name vb
setup ip link set va up
setup ip link set vb up
# The versions after the setup: teamd --version wants /var/run/teamd, batctl -v
# names the loaded batman-adv's version.
version_note teamd teamd --version
version_note batctl batctl -v
version_note netlabelctl netlabelctl -V
version_note socat sh -c 'socat -V | sed -n 2p'
# vsock sockets for ss --vsock: a listener on port 1234 and a connection
# to it over the loopback transport (CID 1).
socat VSOCK-LISTEN:1234,fork,reuseaddr SYSTEM:'sleep 300' &
SOCAT_L=$!
sleep 0.5
(sleep 300 | socat - VSOCK-CONNECT:1:1234) &
SOCAT_C=$!
sleep 1
SETUP="${SETUP:+$SETUP; }socat VSOCK-LISTEN:1234,fork,reuseaddr SYSTEM:'sleep 300' &; sleep 300 | socat - VSOCK-CONNECT:1:1234 &"
capture_start

# team: teamd makes team0 (rtnetlink) and configures it over the team
# family; teamnl reads and sets options, teamdctl adds a port through teamd.
must teamd -d -c '{"device":"team0","runner":{"name":"activebackup"}}'
run teamnl team0 ports
run teamnl team0 options
run teamnl team0 getoption mode
must teamnl team0 setoption mcast_rejoin_count 3
must teamdctl -U team0 port add d1
run teamnl team0 ports
run teamdctl -U team0 port remove d1
# teamd -k fails with "Timer expired": it waits for the daemon's pid to
# vanish, but the guest's /init does not reap the orphaned daemon (team0
# is gone all the same: the extras' teamnl finds no team0).
run teamd -t team0 -k

# batman-adv: bat0 on va and bat1 on vb, one veth pair: each mesh sees the
# other as neighbour and originator after a few OGMs.
must ip link add bat0 type batadv
must ip link add bat1 type batadv
must batctl meshif bat0 interface add va
must batctl meshif bat1 interface add vb
must ip link set bat0 up
must ip link set bat1 up
run batctl meshif bat0 interface
run batctl meshif bat0 orig_interval 200
run batctl meshif bat1 orig_interval 200
run batctl meshif bat0 orig_interval
run batctl meshif bat0 gw_mode server
run batctl meshif bat0 gw_mode
run batctl meshif bat0 aggregation
run batctl meshif bat0 ap_isolation 1
run batctl meshif bat0 hop_penalty
run batctl hardif va hop_penalty
run batctl routing_algo
sleep 3
run batctl meshif bat0 neighbors
run batctl meshif bat0 originators
run batctl meshif bat0 translocal
run batctl meshif bat0 transglobal
run batctl meshif bat1 gateways
run batctl meshif bat0 claimtable
run batctl meshif bat0 backbonetable
run batctl meshif bat0 dat_cache
run batctl meshif bat0 mcast_flags
run batctl meshif bat0 hardifs_json
run batctl meshif bat0 interface del va
run ip link del bat1
run ip link del bat0

# NET_DM: dropwatch reports the drops of the guest meanwhile (TCP SYNs to
# a closed local port are sent for it; the committed capture's alerts are
# IPv6 multicast on the veth pair, dropped in ip6_mc_input); the alert
# limit or, when fewer drops come, timeout's SIGINT ends each run.
(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do nc -w 1 127.0.0.1 9 </dev/null >/dev/null 2>&1; sleep 0.3; done) &
DROPS=$!
run sh -c 'printf "set alertlimit 2\nshow\nstart\nstats\nexit\n" | timeout -s INT 15 dropwatch -l kas'
run sh -c 'printf "set alertmode packet\nset trunc 64\nset queue 16\nset alertlimit 2\nshow\nstart\nstats\nexit\n" | timeout -s INT 15 dropwatch -l kas'
wait "$DROPS" || true

# NetLabel.
run netlabelctl mgmt version
run netlabelctl mgmt protocols
run netlabelctl map list
run netlabelctl unlbl list
run netlabelctl unlbl accept on
must netlabelctl cipsov4 add pass doi:16 tags:1
must netlabelctl cipsov4 add trans doi:18 tags:1 levels:0=0,1=1 categories:0=0,1=1
run netlabelctl cipsov4 list
run netlabelctl cipsov4 list doi:18
must netlabelctl map add domain:lab_t protocol:cipsov4,16
must netlabelctl map add domain:lab2_t address:192.168.1.0/24 protocol:cipsov4,18
run netlabelctl map list
run netlabelctl map del domain:lab_t
run netlabelctl map del domain:lab2_t
run netlabelctl calipso add pass doi:17
run netlabelctl calipso list
run netlabelctl calipso del doi:17
must netlabelctl cipsov4 del doi:18
must netlabelctl cipsov4 del doi:16

# devlink: dumps with no devlink device.
run devlink dev show
run devlink port show
run devlink dev info
run devlink dev param show
run devlink sb show
run devlink health show
run devlink trap show
run devlink region show

# vsock_diag.
run ss --vsock -a -n
run ss --vsock -l -n

extras
run teamnl team0 ports
run netlabelctl unlbl add interface:lo address:10.1.0.0/16 label:system_u:object_r:unlabeled_t:s0
run batctl meshif bat9 originators
run netlabelctl cipsov4 list doi:99
run devlink dev show pci/0000:00:09.0
capture_stop
kill "$SOCAT_C" "$SOCAT_L" 2>/dev/null || true
