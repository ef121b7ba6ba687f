# sockdiag-lab: sock_diag of AF_XDP and AF_SMC sockets, xdp_diag and
# smc_diag (testdata/captures/sockdiag-lab.pcap). Debian's 6.1 leaves
# CONFIG_XDP_SOCKETS_DIAG out: `lab captures` builds xsk_diag.ko out of
# tree (internal/lab/netdevsim.go) for this scenario's `modprobe xsk_diag`;
# smc and smc_diag are Debian's modules. Debian 12 has no tool that leaves
# an AF_XDP socket open, no smc-tools, and its ss does not speak AF_SMC:
# the lab's sockdiaglab (internal/lab/sockdiaglab, copied into `lab
# captures` boots only) makes the sockets. Before the capture: a veth
# pair xd0/xd1, both up. In it: `ip link show`; sockdiaglab xsk opens three AF_XDP
# sockets (one bound in copy mode to xd0 queue 0 with a UMEM of 64 2048-byte
# chunks, fill, completion, RX and TX rings, and one empty sendto; one on
# xd1 queue 0 with a UMEM of 16 4096-byte chunks, headroom 64, and an RX
# ring only; one unbound) and holds them while iproute2's `ss --xdp -a -e
# -m` dumps them (XDP_DIAG_INFO, UID, RX/TX_RING, UMEM and its rings,
# MEMINFO, STATS: ss asks every XDP_SHOW_* bit); then sockdiaglab smc opens
# AF_SMC sockets over lo, SMCPROTO_SMC on 127.0.0.1:4711 and SMCPROTO_SMC6
# on [::1]:4712, a listener and a connection each (no RDMA or ISM device:
# they fall back to TCP: SMC_DIAG_FALLBACK holds the decline reasons) and
# an unconnected one (INIT), and sends smcss's SOCK_DIAG_BY_FAMILY request
# for AF_SMC twice: without extensions (smcss -a), then with
# SMC_DIAG_CONNINFO, LGRINFO and DMBINFO asked (smcss -a -d, -R, -D; a
# fallback connection has none of them), printing each answer as smcss
# does.
. "$NLCAP_SCENARIO_LIB"
scenario_begin sockdiag-lab
version_note ss ss -V
setup modprobe xsk_diag
setup modprobe -a smc smc_diag
version_note xsk_diag sh -c 'modinfo -F vermagic xsk_diag; echo tainted $(cat /proc/sys/kernel/tainted)'
setup ip link set lo up
setup ip link add xd0 type veth peer name xd1
setup ip link set xd0 up
setup ip link set xd1 up
setup sleep 1
capture_start
# The links first, so that a one-pass reading (nlcap -r -) names the
# sockets' interfaces too.
must ip link show
# The AF_XDP sockets in the background: sockdiaglab prints "ready" once
# they are bound and holds them until SIGTERM (xsk.out).
"$NLCAP_E2E_BIN/sockdiaglab" xsk -dev xd0,xd1 -timeout 120s >xsk.out 2>&1 &
XSK=$!
note "background: $NLCAP_E2E_BIN/sockdiaglab xsk -dev xd0,xd1 -timeout 120s"
wait_line xsk.out "$XSK" ready
must ss --xdp -a -e -m
kill -TERM "$XSK"
_st=0
wait "$XSK" || _st=$?
while IFS= read -r _l; do
	note "sockdiaglab xsk: $_l"
done <xsk.out
[ "$_st" -eq 0 ] || die "sockdiaglab xsk exited with status $_st"
must "$NLCAP_E2E_BIN/sockdiaglab" smc -port 4711
capture_stop
