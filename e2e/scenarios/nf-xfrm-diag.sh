# nf-xfrm-diag: conntrack, sock_diag (ss) and XFRM (ip xfrm) under nlmon
# (testdata/captures/nf-xfrm-diag.pcap): the families of helper NF's issue
# 12 work that the development host's kernel cannot all show (its XFRM
# has no esp); nf_tables is in nlcap-mixed.pcapng and nf-nftables.pcapng.
. "$NLCAP_SCENARIO_LIB"
scenario_begin nf-xfrm-diag
version_note conntrack conntrack --version
setup ip link set lo up
capture_start
must conntrack -I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 40000 --dport 80 --state ESTABLISHED -t 120 -m 7
run conntrack -L
run conntrack -S
must ss -t -a -i -m
run ss -x -a
run ss -A netlink
must ip xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 reqid 7 mode tunnel auth-trunc 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128 enc 'cbc(aes)' 0x000102030405060708090a0b0c0d0e0f
must ip xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir out tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 7 mode tunnel
run ip xfrm state list
run ip xfrm policy list
run ip xfrm state count
extras
run ip xfrm state delete src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100
run ip xfrm policy flush
run conntrack -D -p tcp
capture_stop
