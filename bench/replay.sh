#!/bin/sh
# bench/replay.sh: issue 5's replay benchmark in the QEMU lab. Boots
# e2e/boots/replaybench.conf, which captures `ip -batch` adding 5000 routes
# with nlcap, replays it with nlreplay in a fresh namespace and compares the
# wall time with the same `ip -batch` in the same boot. Prints the table
# (also left in $OUT/artifacts/bench-replay.txt). Needs what `make e2e`
# needs (qemu-system-x86, the Debian kernel package); takes a few minutes
# under TCG.
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/out/replay}
go run ./internal/lab e2e -boots replaybench -run '^TestBootReplayBench$' -no-host -out "$OUT" "$@"
cat "$OUT/artifacts/bench-replay.txt"
