#!/usr/bin/env bash
# read.sh measures nlcap -r against tshark on the same capture, in one run.
# See bench/README.md. Environment knobs (defaults in brackets):
#   MESSAGES [1000000]          messages in the main file (nlcap runs on it)
#   TSHARK_FIELDS_MESSAGES [0], TSHARK_JSON_MESSAGES [0]
#                               size of smaller files tshark runs on (0: the main
#                               file; tshark -T json then takes about 90 s)
#   SKIP_1G [0]                 1: skip the 1 GB RSS run
#   BENCH_DIR [mktemp -d]       where the files go; KEEP=1 keeps them
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${MESSAGES:-1000000}
TSHARK_FIELDS_MESSAGES=${TSHARK_FIELDS_MESSAGES:-0}
TSHARK_JSON_MESSAGES=${TSHARK_JSON_MESSAGES:-0}
SKIP_1G=${SKIP_1G:-0}
DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
if [[ ${KEEP:-0} != 1 ]]; then trap 'rm -f "$DIR"/*.pcap "$DIR"/nlcap "$DIR"/readgen "$DIR"/time.txt' EXIT; fi

for tool in tshark /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "read.sh: $tool is missing" >&2; exit 1; }
done

CGO_ENABLED=0 go build -o "$DIR/nlcap" ./cmd/nlcap
go build -o "$DIR/readgen" ./bench/readgen

# gen FILE ARGS...: writes FILE, sets REC MSG BYTES.
gen() {
	local f=$1; shift
	read -r REC MSG BYTES < <("$DIR/readgen" -o "$f" "$@")
}

# measure MESSAGES CMD...: runs CMD with stdout to /dev/null; sets SECS
# (wall clock), RATE (messages per wall-clock second), CPU (user+sys
# seconds), CRATE (messages per CPU second: less sensitive to a busy
# machine) and RSS (peak KiB).
measure() {
	local n=$1; shift
	local t0=$EPOCHREALTIME
	/usr/bin/time -f '%U %S %M' -o "$DIR/time.txt" "$@" >/dev/null 2>"$DIR/stderr.txt" || {
		echo "read.sh: $* failed:" >&2; cat "$DIR/stderr.txt" >&2; exit 1
	}
	local t1=$EPOCHREALTIME
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
	RATE=$(awk -v n="$n" -v s="$SECS" 'BEGIN{printf "%.0f", n/s}')
	local u sy
	read -r u sy RSS < <(tail -1 "$DIR/time.txt")
	CPU=$(awk -v a="$u" -v b="$sy" 'BEGIN{printf "%.2f", a+b}')
	CRATE=$(awk -v n="$n" -v s="$CPU" 'BEGIN{if (s > 0) printf "%.0f", n/s; else print "-"}')
}

row() { printf '%-22s %8s %9s %8s s %9s msg/s %8s cpu-s %9s msg/cpu-s %7s KiB\n' "$@"; }

echo "# nlcap -r vs tshark ($(tshark --version 2>/dev/null | head -1 | cut -d' ' -f1-3)), $(nproc) CPUs, $(uname -r)"
gen "$DIR/main.pcap" -messages "$MESSAGES"
MAIN_MSG=$MSG
echo "main file: $REC records, $MSG messages, $BYTES bytes"
# The generator's count must be what nlcap prints.
got=$("$DIR/nlcap" -r "$DIR/main.pcap" | wc -l)
[[ $got == "$MSG" ]] || { echo "read.sh: nlcap printed $got lines for $MSG messages" >&2; exit 1; }

row tool file messages wall rate cpu rate rss
declare -A R C
for mode in one-line -v --json; do
	args=(); [[ $mode != one-line ]] && args=("$mode")
	measure "$MAIN_MSG" "$DIR/nlcap" -r "$DIR/main.pcap" "${args[@]}"
	R[nlcap$mode]=$RATE; C[nlcap$mode]=$CRATE
	row "nlcap -r $mode" main "$MAIN_MSG" "$SECS" "$RATE" "$CPU" "$CRATE" "$RSS"
done

TS=(tshark -n -o gui.max_tree_depth:4096)
for kind in fields json; do
	if [[ $kind == fields ]]; then n=$TSHARK_FIELDS_MESSAGES; else n=$TSHARK_JSON_MESSAGES; fi
	f=$DIR/main.pcap; label=main; msgs=$MAIN_MSG
	if [[ $n != 0 ]]; then
		gen "$DIR/slice-$kind.pcap" -messages "$n"
		f=$DIR/slice-$kind.pcap; label="slice"; msgs=$MSG
	fi
	if [[ $kind == fields ]]; then
		measure "$msgs" "${TS[@]}" -r "$f" -T fields -e netlink.hdr_seq
	else
		measure "$msgs" "${TS[@]}" -r "$f" -T json
	fi
	R[tshark$kind]=$RATE; C[tshark$kind]=$CRATE
	row "tshark -T $kind" "$label" "$msgs" "$SECS" "$RATE" "$CPU" "$CRATE" "$RSS"
	# nlcap again on the file tshark read (the main file, or the slice),
	# right after tshark: the same-file comparison.
	if [[ $kind == fields ]]; then mode=(); name="one-line"; else mode=(--json); name="--json"; fi
	measure "$msgs" "$DIR/nlcap" -r "$f" "${mode[@]}"
	R[slice$kind]=$RATE; C[slice$kind]=$CRATE
	row "nlcap -r $name" "$label" "$msgs" "$SECS" "$RATE" "$CPU" "$CRATE" "$RSS"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1fx", a/b}'; }
same=slice; [[ $TSHARK_FIELDS_MESSAGES == 0 && $TSHARK_JSON_MESSAGES == 0 ]] && same="main, 2nd run"
echo
echo "nlcap decodes on all $(nproc) CPUs (GOMAXPROCS), tshark on one: [per CPU second] compares CPU time."
echo "ratios of messages/s, wall clock [per CPU second] (target >= 20x fields, >= 30x json):"
echo "  nlcap one-line (main) / tshark -T fields: $(ratio "${R[nlcapone-line]}" "${R[tsharkfields]}") [$(ratio "${C[nlcapone-line]}" "${C[tsharkfields]}")]   same file ($same): $(ratio "${R[slicefields]}" "${R[tsharkfields]}") [$(ratio "${C[slicefields]}" "${C[tsharkfields]}")]"
echo "  nlcap -v       (main) / tshark -T fields: $(ratio "${R[nlcap-v]}" "${R[tsharkfields]}") [$(ratio "${C[nlcap-v]}" "${C[tsharkfields]}")]"
echo "  nlcap --json   (main) / tshark -T json:   $(ratio "${R[nlcap--json]}" "${R[tsharkjson]}") [$(ratio "${C[nlcap--json]}" "${C[tsharkjson]}")]   same file ($same): $(ratio "${R[slicejson]}" "${R[tsharkjson]}") [$(ratio "${C[slicejson]}" "${C[tsharkjson]}")]"
echo "  (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"

echo
echo "peak RSS of nlcap -r (one-line and -vv --json) as the input grows:"
sizes=(100000000); [[ $SKIP_1G == 1 ]] || sizes+=(1000000000)
rm -f "$DIR"/slice-*.pcap
for size in "${sizes[@]}"; do
	gen "$DIR/rss.pcap" -bytes "$size"
	measure "$MSG" "$DIR/nlcap" -r "$DIR/rss.pcap"
	row "nlcap -r one-line" "$((BYTES / 1000000)) MB" "$MSG" "$SECS" "$RATE" "$CPU" "$CRATE" "$RSS"
	measure "$MSG" "$DIR/nlcap" -r "$DIR/rss.pcap" -vv --json
	row "nlcap -r -vv --json" "$((BYTES / 1000000)) MB" "$MSG" "$SECS" "$RATE" "$CPU" "$CRATE" "$RSS"
	rm -f "$DIR/rss.pcap"
done
[[ $SKIP_1G == 1 ]] && echo "(1 GB run skipped: SKIP_1G=1)"
exit 0
