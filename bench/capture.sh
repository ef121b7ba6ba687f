#!/bin/sh
# bench/capture.sh: the live-capture benchmark of issue 4, in the lab VM.
#
# One boot of Debian's kernel under QEMU (see internal/lab), the optional boot
# e2e/boots/benchcapture.conf, runs TestBootBenchCapture
# (e2e/capture_test.go): a generator sends RTM_GETLINK requests for lo as
# fast as it can for 8 s, with no tap, under Debian's tcpdump and under
# nlcap (default ring and tcpdump's 2 MiB), and each tool for 8 s with no
# traffic; four rounds interleaved after a warm-up (about 4.5 minutes). It
# prints every run (generator rate, records expected (2 per request) and
# captured, the kernel's counters, each tool's CPU seconds per million
# records, gross and net of its idle CPU), the median of each mode and the
# ratios nlcap/tcpdump of CPU per record. It is a measurement, not a test:
# it fails only when a tool fails. `make e2e` leaves the boot out
# (optional=yes).
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
