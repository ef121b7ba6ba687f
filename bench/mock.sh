#!/bin/sh
# bench/mock.sh: the cost of serving a program from a capture
# (`nlreplay --mock`, issue 15), on the host (no VM, no root needed).
#
# bench/nlreqs sends N (10,000) RTM_GETLINK requests for lo on one socket
# (a sendto, a MSG_PEEK|MSG_TRUNC recvfrom and a recvfrom each: 30,000
# netlink system calls). One run is recorded with `nlcap -w -- nlreqs -n 1`;
# then nlreqs -n N runs bare (the kernel answers), under
# `nlreplay --mock` (every request served from that capture: seccomp user
# notification, one notification per call), and under `nlcap -w /dev/null
# --` (the ptrace tracer: the stops a ptrace-based mock would pay at least,
# before any emulation), ROUNDS (5) times each, interleaved. The table
# shows each mode's median wall time and its ratio to bare and to the
# tracer. It is a measurement, not a test.
#
# Usage: bench/mock.sh            N=10000 ROUNDS=5 by default
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000}
ROUNDS=${ROUNDS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CGO_ENABLED=0 go build -o "$TMP/nlcap" ./cmd/nlcap
CGO_ENABLED=0 go build -o "$TMP/nlreplay" ./cmd/nlreplay
CGO_ENABLED=0 go build -o "$TMP/nlreqs" ./bench/nlreqs
"$TMP/nlcap" --pcapng -w "$TMP/one.pcapng" -- "$TMP/nlreqs" -n 1 >/dev/null 2>&1

now() { date +%s%N; }

run() { # mode: prints the wall time in ms
	case $1 in
	bare) set -- "$TMP/nlreqs" -n "$N" ;;
	mock) set -- "$TMP/nlreplay" --mock "$TMP/one.pcapng" -- "$TMP/nlreqs" -n "$N" ;;
	tracer) set -- "$TMP/nlcap" -w /dev/null -- "$TMP/nlreqs" -n "$N" ;;
	esac
	t0=$(now)
	"$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
	t1=$(now)
	echo $(( (t1 - t0) / 1000000 ))
}

MODES="bare mock tracer"
for m in $MODES; do run "$m" >/dev/null; done # warm-up
for r in $(seq "$ROUNDS"); do
	for m in $MODES; do
		run "$m" >>"$TMP/ms.$m"
	done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "bench/mock.sh: $N requests (3 netlink system calls each), median of $ROUNDS rounds, $(uname -r), $(nproc) CPUs"
printf '%-8s %10s %10s %10s   %s\n' mode "wall ms" "x bare" "x tracer" "all runs (ms)"
B=$(median "$TMP/ms.bare")
T=$(median "$TMP/ms.tracer")
for m in $MODES; do
	M=$(median "$TMP/ms.$m")
	printf '%-8s %10s %10s %10s   %s\n' "$m" "$M" \
		"$(awk -v a="$M" -v b="$B" 'BEGIN {printf "%.2f", a / b}')" \
		"$(awk -v a="$M" -v b="$T" 'BEGIN {printf "%.2f", a / b}')" \
		"$(tr '\n' ' ' <"$TMP/ms.$m")"
done
