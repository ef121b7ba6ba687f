# nf-nftables-lab: nft rules, sets, elements, a nat chain, a counter object
# and a flowtable under nlmon (testdata/captures/nf-nftables-lab.pcap), the
# lab twin of the host-made nf-nftables.pcapng: this one replays. No log
# expression: the lab kernel has no nf_log backend loaded.
. "$NLCAP_SCENARIO_LIB"
scenario_begin nf-nftables-lab
version_note nft nft --version
setup ip link set lo up
capture_start
must nft add table inet nlcap
must nft add chain inet nlcap input '{ type filter hook input priority 0 ; policy accept ; }'
must nft add set inet nlcap blocked '{ type ipv4_addr ; flags interval ; }'
must nft add element inet nlcap blocked '{ 10.0.0.0/8, 192.168.1.1 }'
must nft add rule inet nlcap input tcp dport '{ 22, 80 }' ct state established,related counter accept
must nft add rule inet nlcap input ip saddr @blocked limit rate 10/second drop
must nft add rule inet nlcap input meta iifname '"lo"' ip daddr 127.0.0.2 reject with tcp reset
must nft add rule inet nlcap input fib daddr type local meta mark set 0x10 counter
must nft add chain inet nlcap post '{ type nat hook postrouting priority 100 ; }'
must nft add rule inet nlcap post ip daddr 10.1.0.0/16 snat ip to 10.2.0.1
must nft add counter inet nlcap cnt1
extras
run nft add flowtable inet nlcap ft '{ hook ingress priority 0 ; devices = { lo } ; }'
run nft list ruleset
run nft delete table inet nlcap
capture_stop
