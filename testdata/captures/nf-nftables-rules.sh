#!/bin/sh
# In a private network namespace: nf_tables rules whose compared, masked
# and loaded values nft reads by the expression that loaded the register
# (header fields of ip, ip6, inet, bridge and netdev tables, meta and ct
# keys, fib results, NAT addresses and ports, marks set), then nft's own
# listing of them (nft --debug=netlink list ruleset prints each rule's
# expressions and `nft list ruleset` the rules as written; both are in
# nf-nftables-rules.cmds.txt).
unshare -n sh -c '
ip link set lo up
nft -f - <<EOF
table ip t {
	chain c {
		type filter hook input priority 0; policy accept;
		ip saddr 10.0.0.1 tcp dport 22 tcp flags syn counter
		icmp type echo-request ip ttl 64 meta mark 0x10 ct mark 0x5 ct direction reply
		ip daddr 10.16.0.0/12 udp sport 1024-65535 ct status dnat meta pkttype broadcast
		ip saddr 1.1.1.1 ip daddr 2.2.2.2 oifname "eth*" tcp dport 80
		fib saddr . iif oif missing drop
		meta l4proto udp ct mark set 0x5 meta mark set 0x2a
	}
}
table ip6 t6 {
	chain c {
		type filter hook input priority 0;
		ip6 daddr 2001:db8::/64 icmpv6 type nd-neighbor-solicit
		ip6 saddr fe80::1 ip6 hoplimit 255 iif "lo" accept
	}
}
table inet i {
	chain c {
		type filter hook input priority 0;
		meta nfproto ipv6 ip6 saddr 2001:db8::2 udp dport 53 ct state new,established
		iifname "lo" ip saddr 127.0.0.1 tcp sport 1-1023 accept
	}
}
table bridge b {
	chain c {
		type filter hook input priority 0;
		ether type ip ether saddr 02:00:00:00:00:01 ip protocol icmp
		ether daddr ff:ff:ff:ff:ff:ff meta protocol ip6 ip6 nexthdr tcp
	}
}
table netdev n {
	chain c {
		type filter hook ingress device "lo" priority 0;
		ether type ip ip daddr 127.0.0.2 udp dport 9
	}
}
table ip nat {
	chain pre { type nat hook prerouting priority -100; tcp dport 80 dnat to 10.0.0.9:8080 ; }
	chain out { type nat hook output priority -100; udp dport 5353 redirect to :53 ; }
	chain post { type nat hook postrouting priority 100; oifname "lo" meta l4proto tcp masquerade to :1024-2048 ; }
}
EOF
nft --debug=netlink list ruleset
nft list ruleset
nft flush ruleset
'
