#!/bin/sh
# record.sh NLCAP OUTDIR: records the process captures of testdata/host on
# this host, unprivileged, in a fresh user and network namespace
# (unshare -Urn), with the process tracer of NLCAP (`nlcap --pcapng -w F --
# CMD`), which records the real kernel's answers. Each CMD's standard
# output goes next to its capture (NAME.out): what `nlreplay --mock` must
# print again. The namespace: lo up, a veth pair d0/d1 (no dummy module
# needed), 10.9.0.1/24 and fd00::1/64 on d0, a route to 10.10.0.0/16, and
# a TCP listener on port 8080 for ss.
set -eu
NLCAP=$(realpath "$1")
OUT=$(realpath "$2")
export NLCAP OUT
exec unshare -Urn sh -eu -c '
ip link set lo up
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.9.0.1/24 dev d0
ip -6 addr add fd00::1/64 dev d0 nodad
ip route add 10.10.0.0/16 via 10.9.0.2
busybox nc -l -p 8080 </dev/null >/dev/null &
listener=$!
sleep 0.3
rec() {
	name=$1
	shift
	"$NLCAP" --pcapng -w "$OUT/$name.pcapng" -- "$@" >"$OUT/$name.out"
}
rec ip-link ip link show
rec ip-link-d0 ip link show dev d0
rec ip-addr ip addr show
rec ip-route ip route show
rec genl-ctrl genl ctrl list
rec ss ss -t -l -n
rec ethtool-k ethtool -k d0
rec monitor sh -c "ip monitor link address & m=\$!; sleep 0.5; ip link add d2 type veth peer name d3; ip addr add 10.11.0.1/24 dev d2; ip link set d2 up; sleep 0.5; kill \$m"
kill $listener
'
