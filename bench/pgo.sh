#!/usr/bin/env bash
# pgo.sh writes cmd/nlcap/default.pgo, the CPU profile that `go build`
# uses for profile-guided optimization of nlcap (Go's -pgo=auto): the
# profile of nlcap -r on bench/read.sh's generated file, one run each of
# the one-line, -v and --json outputs, merged. See bench/README.md.
#   MESSAGES [1000000]   messages in the generated file
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${MESSAGES:-1000000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

# Built without the old profile: the new one must not depend on it.
CGO_ENABLED=0 go build -pgo=off -tags nlcapprof -o "$DIR/nlcap" ./cmd/nlcap
go build -o "$DIR/readgen" ./bench/readgen
"$DIR/readgen" -o "$DIR/main.pcap" -messages "$MESSAGES" >/dev/null
i=0
for mode in "" -v --json; do
	i=$((i + 1))
	# shellcheck disable=SC2086 # mode is one flag or none
	NLCAPDEBUG=cpuprofile="$DIR/$i.prof" "$DIR/nlcap" -r "$DIR/main.pcap" $mode >/dev/null
done
# Into place only once merged: a failed merge leaves the committed profile.
go tool pprof -proto "$DIR"/[0-9].prof >"$DIR/merged.pgo"
mv "$DIR/merged.pgo" cmd/nlcap/default.pgo
echo "pgo.sh: wrote cmd/nlcap/default.pgo ($(wc -c <cmd/nlcap/default.pgo) bytes) from $MESSAGES messages"
