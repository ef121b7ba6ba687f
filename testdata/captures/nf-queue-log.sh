#!/bin/sh
# In a private network namespace: an nf_tables rule that logs (group 5) UDP
# packets sent over lo, and a Python program that binds nfnetlink_log group
# 5 and configures nfnetlink_queue 3 over raw NETLINK_NETFILTER (as ulogd
# and a queue consumer would), receives the logged packet, then unbinds.
# Debian ships no small tool for either. (The development host's kernel has
# no nft queue expression: no packet is queued.)
unshare -n sh -c '
ip link set lo up
nft add table inet t
nft add chain inet t out "{ type filter hook output priority 0 ; }"
nft add rule inet t out ip daddr 127.0.0.2 udp dport 9 log group 5 prefix \"nlcap\"
python3 -c "
import socket, struct
NETLINK_NETFILTER = 12
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
s.settimeout(5)
seq = [0]
def attr(t, b):
    a = struct.pack(\"=HH\", 4 + len(b), t) + b
    return a + bytes(-len(a) % 4)
def send(subsys, msg, res_id, attrs, flags=0x5):  # REQUEST|ACK
    seq[0] += 1
    body = struct.pack(\"=BBH\", 0, 0, socket.htons(res_id)) + attrs
    s.send(struct.pack(\"=IHHII\", 16 + len(body), subsys << 8 | msg, flags, seq[0], 0) + body)
def recv_type(subsys, msg):
    while True:
        d = s.recv(65536)
        off = 0
        while off + 16 <= len(d):
            l, t = struct.unpack_from(\"=IH\", d, off)
            if t == subsys << 8 | msg:
                return d[off:off + l]
            off += (l + 3) & ~3
# nfnetlink_log (NFNL_SUBSYS_ULOG 4): NFULNL_MSG_CONFIG 1: NFULA_CFG_CMD 1
# (struct nfulnl_msg_config_cmd: NFULNL_CFG_CMD_BIND 1), NFULA_CFG_MODE 2
# (struct nfulnl_msg_config_mode: copy_range be32, copy_mode NFULNL_COPY_PACKET 2).
send(4, 1, 5, attr(1, bytes([1])))
send(4, 1, 5, attr(2, struct.pack(\">IBB\", 128, 2, 0)))
# nfnetlink_queue (NFNL_SUBSYS_QUEUE 3): NFQNL_MSG_CONFIG 2: NFQA_CFG_CMD 1
# (struct nfqnl_msg_config_cmd: NFQNL_CFG_CMD_BIND 1, pad, pf), NFQA_CFG_PARAMS 2
# (struct nfqnl_msg_config_params: copy_range be32, copy_mode NFQNL_COPY_PACKET 2).
send(3, 2, 3, attr(1, struct.pack(\">BBH\", 1, 0, socket.AF_INET)))
send(3, 2, 3, attr(2, struct.pack(\">IB\", 128, 2)))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b\"logged\", (\"127.0.0.2\", 9))
recv_type(4, 0)  # NFULNL_MSG_PACKET
send(3, 2, 3, attr(1, struct.pack(\">BBH\", 2, 0, socket.AF_INET)))  # NFQNL_CFG_CMD_UNBIND
send(4, 1, 5, attr(1, bytes([2])))  # NFULNL_CFG_CMD_UNBIND
"
nft delete table inet t
'
true
