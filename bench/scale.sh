#!/bin/sh
# bench/scale.sh: issue 16's scale checks, on hostile generated captures
# (bench/scalegen). Prints, for each run, the wall time and the peak RSS
# (/usr/bin/time's maximum resident set size):
#
#   - nlreplay --dry-run of N requests that no answer follows (default
#     200,000; a capture cut with nlcap -Q in): pairing must stay linear;
#   - nlcap -r and nlcap -r --json of one 64 MiB record (the reader's
#     limit) of 16-byte messages, and --json of four 16 MiB records, with
#     GOMAXPROCS 1, 2 and 4: peak RSS must stay under 1 GiB, a small
#     multiple of the largest record plus a fixed amount, whatever the
#     CPU count.
#
# Nothing is asserted: copy the figures into the closing note. Needs Go
# and /usr/bin/time (Debian package time). About a minute on 2 CPUs.
set -eu
cd "$(dirname "$0")/.."
N=${N:-200000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export CGO_ENABLED=0
for c in nlcap nlreplay; do go build -o "$TMP/$c" "./cmd/$c"; done
go build -o "$TMP/scalegen" ./bench/scalegen
"$TMP/scalegen" unanswered "$N" >"$TMP/unanswered.pcap"
"$TMP/scalegen" records 1 67108864 >"$TMP/one64m.pcap"
"$TMP/scalegen" records 4 16777216 >"$TMP/four16m.pcap"

# measure LABEL CMD...: one line "LABEL: S s, RSS MiB".
measure() {
	label=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err"; then
		echo "$label: FAILED: $(tail -3 "$TMP/err")"
		return
	fi
	awk -v l="$label" '{ printf "%-52s %7.2f s  %6.0f MiB peak RSS\n", l ":", $1, $2 / 1024 }' "$TMP/time"
}

measure "nlreplay --dry-run, $N unanswered requests" "$TMP/nlreplay" --dry-run "$TMP/unanswered.pcap"
for p in 1 2 4; do
	measure "GOMAXPROCS=$p nlcap -r, one 64 MiB record" env GOMAXPROCS=$p "$TMP/nlcap" -r "$TMP/one64m.pcap"
	measure "GOMAXPROCS=$p nlcap -r --json, one 64 MiB record" env GOMAXPROCS=$p "$TMP/nlcap" -r "$TMP/one64m.pcap" --json
	measure "GOMAXPROCS=$p nlcap -r --json, four 16 MiB records" env GOMAXPROCS=$p "$TMP/nlcap" -r "$TMP/four16m.pcap" --json
done
