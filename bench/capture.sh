#!/bin/sh
# bench/capture.sh: the live-capture benchmark of issue 4, in the lab VM.
#
# One boot of Debian's kernel under QEMU (see internal/lab) runs
# TestBootBenchCapture (e2e/capture_test.go): a generator sends RTM_GETLINK
# requests for lo as fast as it can for a few seconds, with no tap, under
# Debian's tcpdump, under nlcap (default ring and tcpdump's 2 MiB), and each
# tool once with no traffic. It prints, side by side, the generator rate,
# the records expected (2 per request) and captured, the kernel's counters
# and each tool's CPU seconds per million records. It is a measurement, not
# a test: it fails only when a tool fails.
#
# Usage: bench/capture.sh [lab e2e flags, e.g. -kernel PKG -v]
# Output: the table on stdout, also in lab-out/bench/artifacts/bench-capture.txt
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/lab-out/bench"
run_lab() {
	go run ./internal/lab e2e -boots bench-capture -run '^TestBootBenchCapture$' -no-host -out "$out" "$@"
}
if [ -f "$repo/e2e/boots/bench-capture.conf" ]; then
	cd "$repo"
	run_lab "$@"
else
	# A scratch copy of the tree with the bench boot added: the harness
	# reads every e2e/boots/*.conf, and `make e2e` must not run this one.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/nlcap-bench.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	(cd "$repo" && tar -c --exclude=./.git --exclude=./lab-out --exclude=./.lab-cache .) | tar -x -C "$tmp"
	mkdir -p "$repo/.lab-cache"
	ln -s "$repo/.lab-cache" "$tmp/.lab-cache" # the kernel and modules, fetched once
	cp "$repo/bench/capture-boot.conf" "$tmp/e2e/boots/bench-capture.conf"
	cd "$tmp"
	run_lab "$@"
fi
echo
cat "$out/artifacts/bench-capture.txt"
