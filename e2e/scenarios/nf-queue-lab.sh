# nf-queue-lab: nfnetlink_queue with queued packets and verdicts, and
# nfnetlink_log with logged packets, under nlmon
# (testdata/captures/nf-queue-lab.pcap), the lab twin of the host-made
# nf-queue-log.pcapng (whose kernel has no nft queue expression). nft
# queues UDP to port 9999 (two IPv4 datagrams, one IPv6) and ICMP echo
# requests at output and UDP to port 9997 at input, and logs UDP to port
# 9998 at input to group 5; a ct expression makes conntrack track them
# (NFQA_CT, NFULA_CT). The consumer is the lab's own nfqueue
# (internal/lab/nfqueue, copied into `lab captures` boots only: Debian has
# no small nfqueue or nflog tool): it binds queue 3 and group 5 as
# libnetfilter_queue's nfqnl_test and ulogd do, sends the datagrams and
# the echo request, answers the six queued packets NF_ACCEPT, NF_ACCEPT
# with mark 0x2a, NF_DROP and one NFQNL_MSG_VERDICT_BATCH NF_ACCEPT for
# the last three, then unbinds both.
. "$NLCAP_SCENARIO_LIB"
scenario_begin nf-queue-lab
version_note nft nft --version
setup modprobe -a nfnetlink_queue nfnetlink_log nf_conntrack_netlink
setup ip link set lo up
setup sleep 1
capture_start
must nft add table inet nlcap
must nft add chain inet nlcap out '{ type filter hook output priority 0 ; policy accept ; }'
must nft add chain inet nlcap in '{ type filter hook input priority 0 ; policy accept ; }'
must nft add rule inet nlcap out ct state new,established counter
must nft add rule inet nlcap out udp dport 9999 queue num 3
must nft add rule inet nlcap out icmp type echo-request queue num 3
must nft add rule inet nlcap in udp dport 9997 queue num 3
must nft add rule inet nlcap in udp dport 9998 log group 5 prefix '"nlcap"'
must "$NLCAP_E2E_BIN/nfqueue" -queue 3 -group 5 -packets 6 -logs 2 \
	-udp 127.0.0.1:9999 -udp 127.0.0.1:9999 -udp '[::1]:9999' \
	-udp 127.0.0.1:9997 -udp 127.0.0.1:9997 -udp 127.0.0.1:9998 -udp 127.0.0.1:9998 \
	-ping 127.0.0.1
run nft list ruleset
run nft delete table inet nlcap
capture_stop
