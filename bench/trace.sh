#!/bin/sh
# bench/trace.sh: the process-capture overhead benchmark of issue 14, on the
# host (no VM, no root needed).
#
# bench/nlreqs sends N (10,000) RTM_GETLINK requests for lo on one socket
# (a sendto, a MSG_PEEK|MSG_TRUNC recvfrom and a recvfrom each: 30,000
# netlink system calls) and exits. It runs bare, under
# `nlcap -w /dev/null --`, under
# `strace -f -qq -e trace=%network -X raw -e read=all -e write=all -o /dev/null`
# and the same with --seccomp-bpf, and served from a capture by
# `nlreplay --mock` (issue 15: one run of `nlreqs -n 1` recorded with
# `nlcap -w -- CMD` serves all N requests; no kernel netlink), ROUNDS (5)
# times each, interleaved. The
# table shows each mode's median wall time (process start to exit, as a user
# waits for it) and its ratio to bare and to strace. It is a measurement,
# not a test.
#
# Usage: bench/trace.sh            N=10000 ROUNDS=5 by default
#        MODES="bare nlcap mock" bench/trace.sh   some modes only
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000}
ROUNDS=${ROUNDS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CGO_ENABLED=0 go build -o "$TMP/nlcap" ./cmd/nlcap
CGO_ENABLED=0 go build -o "$TMP/nlreqs" ./bench/nlreqs
CGO_ENABLED=0 go build -o "$TMP/nlreplay" ./cmd/nlreplay
"$TMP/nlcap" --pcapng -w "$TMP/one.pcapng" -- "$TMP/nlreqs" -n 1 >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
command -v strace >/dev/null || { echo "bench/trace.sh: strace not found" >&2; exit 1; }

# now prints the time in nanoseconds.
now() { date +%s%N; }

run() { # mode: prints the wall time in ms
	case $1 in
	bare) set -- "$TMP/nlreqs" -n "$N" ;;
	nlcap) set -- "$TMP/nlcap" -w /dev/null -- "$TMP/nlreqs" -n "$N" ;;
	mock) set -- "$TMP/nlreplay" --mock "$TMP/one.pcapng" -- "$TMP/nlreqs" -n "$N" ;;
	strace) set -- strace -f -qq -e trace=%network -X raw -e read=all -e write=all -o /dev/null "$TMP/nlreqs" -n "$N" ;;
	strace-seccomp) set -- strace --seccomp-bpf -f -qq -e trace=%network -X raw -e read=all -e write=all -o /dev/null "$TMP/nlreqs" -n "$N" ;;
	esac
	t0=$(now)
	"$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
	t1=$(now)
	echo $(( (t1 - t0) / 1000000 ))
}

MODES=${MODES:-bare nlcap mock strace strace-seccomp}
for m in $MODES; do run "$m" >/dev/null; done # warm-up
for r in $(seq "$ROUNDS"); do
	for m in $MODES; do
		run "$m" >>"$TMP/ms.$m"
	done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "bench/trace.sh: $N requests (3 netlink system calls each), median of $ROUNDS rounds, $(uname -r), $(nproc) CPUs"
printf '%-16s %10s %10s %12s   %s\n' mode "wall ms" "x bare" "x strace" "all runs (ms)"
B=$(median "$TMP/ms.bare")
S=$(median "$TMP/ms.strace")
for m in $MODES; do
	M=$(median "$TMP/ms.$m")
	printf '%-16s %10s %10s %12s   %s\n' "$m" "$M" \
		"$(awk -v a="$M" -v b="$B" 'BEGIN {printf "%.2f", a / b}')" \
		"$(awk -v a="$M" -v b="$S" 'BEGIN {printf "%.2f", a / b}')" \
		"$(tr '\n' ' ' <"$TMP/ms.$m")"
done
