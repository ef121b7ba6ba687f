#!/bin/sh
# In a private network namespace: a taskstats query of this shell's own
# process (Python over raw generic netlink: no Debian tool asks for it), an
# MPTCP connection over lo and `ss -M -n -i` (mptcp_info in INET_DIAG_INFO),
# then nf_tables objects of the bridge, netdev and arp families and their
# listing.
unshare -n sh -c '
ip link set lo up
python3 -c "
import os, socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
def ask(t, cmd, attrs):
    body = bytes([cmd, 1, 0, 0]) + attrs
    s.send(struct.pack(\"=IHHII\", 16 + len(body), t, 1, 1, 0) + body)
    return s.recv(65536)
name = b\"TASKSTATS\\0\"
a = struct.pack(\"=HH\", 4 + len(name), 2) + name
a += bytes(-len(a) % 4)
r = ask(0x10, 3, a)
off, fam = 20, None
while off < len(r):
    l, t = struct.unpack_from(\"=HH\", r, off)
    if t == 1: fam = struct.unpack_from(\"=H\", r, off + 4)[0]
    off += (l + 3) & ~3
ask(fam, 1, struct.pack(\"=HHI\", 8, 1, os.getpid()))
"
python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262); s.bind((\"127.0.0.1\", 6000)); s.listen()
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262); c.connect((\"127.0.0.1\", 6000)); a, _ = s.accept()
c.sendall(b\"x\" * 1000); a.recv(1000)
import subprocess; subprocess.run([\"ss\", \"-M\", \"-n\", \"-i\"])
"
nft add table bridge tb
nft add chain bridge tb pre "{ type filter hook prerouting priority -300 ; }"
nft add chain bridge tb out "{ type filter hook output priority 0 ; }"
nft add table arp ta
nft add chain arp ta in "{ type filter hook input priority 0 ; }"
nft list ruleset
nft delete table bridge tb
nft delete table arp ta
'
true
