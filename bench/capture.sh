#!/bin/sh
# bench/capture.sh: the live-capture benchmark of issue 4, in the lab VM.
#
# One boot of Debian's kernel under QEMU (see internal/lab), the optional boot
# e2e/boots/benchcapture.conf, runs TestBootBenchCapture
# (e2e/capture_test.go): a generator sends RTM_GETLINK requests for lo as
# fast as it can for a few seconds, with no tap, under Debian's tcpdump and
# under nlcap (default ring and tcpdump's 2 MiB), three rounds interleaved,
# and each tool once with no traffic. It prints, side by side, the generator
# rate, the records expected (2 per request) and captured, the kernel's
# counters and each tool's CPU seconds per million records. It is a
# measurement, not a test: it fails only when a tool fails. `make e2e` leaves
# the boot out (optional=yes).
#
# Usage: bench/capture.sh [lab e2e flags, e.g. -kernel PKG -v]
# Output: the table on stdout, also in $OUT/artifacts/bench-capture.txt.
# PROFILE=1 builds nlcap with -tags nlcapprof, and one more nlcap run (not in
# the table) writes a CPU profile: see the command printed at the end.
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-lab-out/bench}
if [ "${PROFILE:-}" = 1 ]; then
	GOFLAGS="${GOFLAGS:+$GOFLAGS }-tags=nlcapprof"
	export GOFLAGS
fi
go run ./internal/lab e2e -boots benchcapture -run '^TestBootBenchCapture$' -no-host -out "$OUT" "$@"
echo
cat "$OUT/artifacts/bench-capture.txt"
if [ -f "$OUT/artifacts/bench-capture-nlcap.pprof" ]; then
	echo
	echo "CPU profile: go tool pprof -top $OUT/bin/nlcap $OUT/artifacts/bench-capture-nlcap.pprof"
fi
