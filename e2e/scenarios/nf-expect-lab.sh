# nf-expect-lab: conntrack expectations (NFNL_SUBSYS_CTNETLINK_EXP) under
# nlmon (testdata/captures/nf-expect-lab.pcap). The kernel's FTP helper
# makes them from real control connections: nft assigns the helper "ftp"
# to TCP connections to port 21 over lo, a socat listener plays the FTP
# server and socat clients send what an FTP client sends (nothing in the
# helper needs a real server): an active-mode `PORT` command, a
# passive-mode `227` reply from the server, an IPv6 `EPRT` command and a
# PORT command through a DNAT (nf_nat_ftp: NAT tuple and function).
# conntrack-tools then lists, gets, creates (a userspace expectation on
# one of those masters, which replaces its expectation: conntrack 1.4.7
# sends its tuple with protocol number 39 and no ports, as it prints),
# deletes and flushes expectations while `conntrack -E expect` prints the
# events. The kernel runs the helper twice per segment over lo (output,
# then input): each expectation is made, replaced and made again.
. "$NLCAP_SCENARIO_LIB"
scenario_begin nf-expect-lab
version_note conntrack conntrack --version
version_note nft nft --version
version_note socat sh -c 'socat -V | sed -n 2p'
setup modprobe -a nf_conntrack_netlink nf_conntrack_ftp nf_nat_ftp nft_ct nft_nat
setup ip link set lo up
setup sleep 1
capture_start
must nft add table inet nlcap
must nft add ct helper inet nlcap ftp-std '{ type "ftp" protocol tcp ; }'
must nft add chain inet nlcap out '{ type filter hook output priority 0 ; policy accept ; }'
must nft add rule inet nlcap out tcp dport '{ 21, 2100 }' ct helper set '"ftp-std"'
# Connections to port 2121 are redirected to 21: the helper's NAT half
# (nf_nat_ftp) gives their expectations a NAT tuple and a function.
must nft add table ip nlcap-nat
must nft add chain ip nlcap-nat out '{ type nat hook output priority -100 ; }'
must nft add rule ip nlcap-nat out tcp dport 2121 dnat to 127.0.0.1:21
conntrack -E expect -o timestamp,id >events.out 2>&1 &
EVENTS=$!
sleep 1
# The "servers" greet every connection and keep it open, so the masters
# (and their expectations) stay; the one on port 2100 sends a
# passive-mode reply three seconds after its greeting. (Script files:
# socat reads commas in an address as option separators.)
printf '%s\n' 'printf "220 nlcap\r\n"' 'sleep 60' >ftpd.sh
printf '%s\n' 'printf "220 nlcap\r\n"' 'sleep 3' 'printf "227 Entering Passive Mode (127,0,0,1,39,17).\r\n"' 'sleep 60' >ftpd-pasv.sh
socat TCP-LISTEN:21,reuseaddr,fork EXEC:"sh $WORK/ftpd.sh" &
SERVER4=$!
socat TCP-LISTEN:2100,reuseaddr,fork EXEC:"sh $WORK/ftpd-pasv.sh" &
SERVER4P=$!
socat TCP6-LISTEN:21,ipv6only=1,reuseaddr,fork EXEC:"sh $WORK/ftpd.sh" &
SERVER6=$!
sleep 1
# The helper reads a line only after one it saw end (a new segment after a
# newline), as in a real session: a greeting and a USER command first,
# each in its own segment (socat starts slowly under TCG: the commands wait
# so that they do not reach it together). The helper keeps one
# expectation per master (its policy's max_expected): one per connection.
# Active mode: the client's PORT 127,0,0,1,39,16 (port 10000).
(sleep 2; printf 'USER anonymous\r\n'; sleep 1; printf 'PORT 127,0,0,1,39,16\r\n'; sleep 60) | socat -d -d - TCP:127.0.0.1:21,sourceport=40021 >client4.out 2>&1 &
CLIENT1=$!
# Passive mode: the server's 227 (127,0,0,1,39,17: port 10001).
(sleep 2; printf 'USER anonymous\r\n'; sleep 60) | socat -d -d - TCP:127.0.0.1:2100,sourceport=40024 >client4pasv.out 2>&1 &
CLIENT4=$!
# Through the DNAT: PORT 127,0,0,1,39,19 (port 10003).
(sleep 2; printf 'USER anonymous\r\n'; sleep 1; printf 'PORT 127,0,0,1,39,19\r\n'; sleep 60) | socat -d -d - TCP:127.0.0.1:2121,sourceport=40023 >client4nat.out 2>&1 &
CLIENT3=$!
# IPv6: EPRT |2|::1|10002|.
(sleep 2; printf 'USER anonymous\r\n'; sleep 1; printf 'EPRT |2|::1|10002|\r\n'; sleep 60) | socat -d -d - 'TCP6:[::1]:21,sourceport=40022' >client6.out 2>&1 &
CLIENT2=$!
sleep 9
run conntrack -L expect
run conntrack -L expect -f ipv6
run conntrack -L -p tcp
run conntrack -G expect -p tcp -s 127.0.0.1 -d 127.0.0.1 --sport 0 --dport 10001 --reply-port-src 0 --reply-port-dst 0
run conntrack -G expect -p tcp -s 127.0.0.1 -d 127.0.0.1 --sport 0 --dport 10004 --reply-port-src 0 --reply-port-dst 0
# A userspace expectation on the first master replaces its PORT one.
run conntrack -I expect -p tcp -s 127.0.0.1 -d 127.0.0.1 --sport 40021 --dport 21 --tuple-src 127.0.0.1 --tuple-dst 127.0.0.1 --tuple-port-src 0 --tuple-port-dst 10005 --mask-src 255.255.255.255 --mask-dst 255.255.255.255 --mask-port-src 0 --mask-port-dst 0xffff -t 120
run conntrack -L expect -o extended
# conntrack 1.4.7 reports "0 expectations" and status 1 after each
# deletion by tuple, which the kernel acknowledged.
run conntrack -D expect -p tcp -s 127.0.0.1 -d 127.0.0.1 --sport 0 --dport 10003 --reply-port-src 0 --reply-port-dst 0
run conntrack -D expect -p tcp -s ::1 -d ::1 --sport 0 --dport 10002 --reply-port-src 0 --reply-port-dst 0
run conntrack -C expect
run conntrack -F expect
run conntrack -L expect
sleep 1
kill "$CLIENT1" "$CLIENT2" "$CLIENT3" "$CLIENT4" "$SERVER4" "$SERVER4P" "$SERVER6" 2>/dev/null || true
kill "$EVENTS" 2>/dev/null || true
wait "$EVENTS" 2>/dev/null || true
run cat events.out client4.out client4pasv.out client4nat.out client6.out
run nft delete table inet nlcap
run nft delete table ip nlcap-nat
capture_stop
