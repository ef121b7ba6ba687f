#!/bin/sh
# In a private network namespace: TCP connections over lo (so that
# tcp_metrics has an entry), then tcp_metrics, mptcp, SEG6 and IOAM6
# requests with iproute2.
unshare -n sh -c '
ip link set lo up
ip addr add 10.9.0.1/24 dev lo
python3 -c "
import socket, time
s = socket.socket(); s.bind((\"127.0.0.1\", 4000)); s.listen()
for i in range(3):
    c = socket.create_connection((\"127.0.0.1\", 4000)); a, _ = s.accept()
    c.sendall(b\"x\" * 200000); n = 0
    while n < 200000: n += len(a.recv(65536))
    a.sendall(b\"y\" * 1000); c.recv(1000)
    c.close(); time.sleep(0.05); a.close()
time.sleep(0.2)
"
ip tcp_metrics show
ip tcp_metrics delete 127.0.0.1
ip mptcp limits show
ip mptcp endpoint add 10.9.0.1 dev lo signal id 5
ip mptcp limits set subflow 2 add_addr_accepted 2
ip mptcp endpoint show
ip mptcp endpoint del id 5
ip sr tunsrc set fc00::1
ip sr tunsrc show
ip ioam namespace add 7 data 0xdeadbeef
ip ioam namespace show
'
true
