# genl-gtp: gtp, the GPRS Tunnelling Protocol link and its generic netlink
# family (testdata/captures/genl-gtp.pcap). Debian has no gtp tool
# (osmocom's libgtpnl gtp-link and gtp-tunnel are not packaged): the lab's
# gtpgenl (internal/lab/gtpgenl, copied into `lab captures` boots only)
# does what they do. It opens UDP sockets on ports 3386 (GTPv0) and 2152
# (GTPv1-U), creates gtp0 over them (RTM_NEWLINK: IFLA_GTP_FD0, FD1, ROLE
# GGSN), asks for the link by name (RTM_GETLINK: its index and the
# kernel's IFLA_GTP_*), resolves the family through nlctrl, joins its
# "gtp" group, adds a GTPv1 tunnel (TEIs 100 and 200, peer 192.0.2.2, MS
# 10.10.0.1) and a GTPv0 one (TID 0x1122334455667788, flow 7, peer
# 192.0.2.3, MS 10.10.0.2) with GTP_CMD_NEWPDP, gets the first, dumps both
# (GTP_CMD_GETPDP), deletes them (GTP_CMD_DELPDP), receives the kernel's
# NEWPDP and DELPDP notifications and deletes gtp0.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-gtp
setup modprobe gtp
setup ip link set lo up
capture_start
must "$NLCAP_E2E_BIN/gtpgenl" -dev gtp0 -timeout 30s
capture_stop
