#!/bin/sh
# In a private network namespace: iproute2's ss dumps of vsock and AF_XDP
# sockets (vsock_diag, xsk_diag: empty on the development host, whose
# kernel has no vsock transport and no bound XDP socket here), and a
# netlink socket dump asked of NETLINK_SOCK_DIAG by hand (netlink_diag:
# ss reads /proc/net/netlink instead).
unshare -n sh -c '
ip link set lo up
ss --vsock -a -e
ss --xdp -a -e
python3 -c "
import socket, struct
# struct netlink_diag_req: sdiag_family AF_NETLINK, sdiag_protocol
# NDIAG_PROTO_ALL, pad, ndiag_ino 0, ndiag_show MEMINFO|GROUPS|RING_CFG|FLAGS,
# ndiag_cookie all ones.
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4)
req = struct.pack(\"=BBHII\", 16, 255, 0, 0, 0x1 | 0x2 | 0x4 | 0x8) + b\"\\xff\" * 8
s.send(struct.pack(\"=IHHII\", 16 + len(req), 20, 0x301, 1, 0) + req)
done = False
while not done:
    d, off = s.recv(65536), 0
    while off + 16 <= len(d):
        l, t = struct.unpack_from(\"=IH\", d, off)
        done = done or t in (2, 3)
        off += (l + 3) & ~3
"
'
true
