# lib.sh: helpers for the lab's scenario scripts (sourced; run by dash as
# root in the QEMU guest, see internal/lab/scenario.go).
#
# The harness sets:
#   NLCAP_OUT           the 9p share: files written here come back to the host
#   NLCAP_LAB           the lab binary (/init): `now` and `exec -- CMD...`
#   NLCAP_E2E_BIN       the project's static binaries (nlcap, nlreplay)
#
# A capture scenario is:
#   . "$NLCAP_SCENARIO_LIB"
#   scenario_begin NAME
#   capture_start
#   run ip link add d0 type dummy      # each command and its output go to NAME.cmds.txt
#   extras                             # commands after this are marked "--- extras"
#   capture_stop                       # writes NAME.pcap and the tcpdump statistics
set -eu

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

die() {
	echo "scenario: $*" >&2
	exit 1
}

# note TEXT: a comment line in the provenance file.
note() {
	echo "# $*" >>"$CMDS"
}

# version_note LABEL CMD...: one provenance line with a tool's version.
version_note() {
	_label=$1
	shift
	note "$_label: $(printf '%s' "$("$@" 2>&1)" | tr '\n' ' ')"
}

# scenario_begin NAME: start NAME.cmds.txt with the kernel and tool versions.
scenario_begin() {
	NAME=$1
	[ -n "${NLCAP_OUT:-}" ] || die "NLCAP_OUT is not set (run through: go run ./internal/lab captures)"
	WORK=/tmp/scenario-$NAME
	rm -rf "$WORK"
	mkdir -p "$WORK"
	cd "$WORK"
	CMDS=$WORK/$NAME.cmds.txt
	: >"$CMDS"
	note "scenario: $NAME"
	note "kernel: $(uname -r) $(uname -v)"
	version_note iproute2 ip -V
	version_note tcpdump tcpdump --version
	echo "== scenario $NAME on $(uname -r)"
}

# run CMD...: run a command, append "$ CMD", its times, output and exit
# status to the provenance file. A failing command does not stop the
# scenario (some are meant to fail: the extras); its status is recorded.
run() {
	"$NLCAP_LAB" exec -- "$@" >>"$CMDS" || true
}

# must CMD...: like run, but the scenario fails if the command fails.
must() {
	"$NLCAP_LAB" exec -- "$@" >>"$CMDS" || die "$* failed (see $NAME.cmds.txt)"
}

# setup CMD...: a command run before the capture, noted but not recorded.
setup() {
	"$@" || die "setup: $* failed"
	SETUP="${SETUP:+$SETUP; }$*"
}

# host_request CMD: ask the host for a QEMU monitor command (a console
# line the lab reads; `lab captures` boots only, and only the commands of
# hostCommands in internal/lab/qemu.go: system_powerdown presses the ACPI
# power button). The host answers asynchronously: wait for the effect.
host_request() {
	echo "@@NLCAP-LAB-HOST $1@@"
	note "host: QEMU monitor $1 at $("$NLCAP_LAB" now)"
}

# wait_line FILE PID TEXT: wait (30 s at most) until a line of FILE, the
# output of the background program PID, starts with TEXT; the scenario
# fails if the program exits first or the time runs out.
wait_line() {
	_i=0
	until grep -q "^$3" "$1"; do
		_i=$((_i + 1))
		[ $_i -le 600 ] || die "$1 has no line $3: $(cat "$1")"
		kill -0 "$2" 2>/dev/null || die "the program writing $1 exited: $(cat "$1")"
		sleep 0.05
	done
}

# wait_program FILE PID LABEL: wait for the background program PID to
# exit, note each line of its output FILE as "LABEL: line" in the
# provenance, and fail the scenario if it failed.
wait_program() {
	_st=0
	wait "$2" || _st=$?
	while IFS= read -r _l; do
		note "$3: $_l"
	done <"$1"
	[ "$_st" -eq 0 ] || die "$3 exited with status $_st"
}

# extras: the commands after this are extras (errors on purpose, less common).
extras() {
	note "--- extras"
}

# capture_start: nlmon0 up, Debian's tcpdump writing NAME.pcap.
TCPDUMP_CMD=
capture_start() {
	[ -z "${SETUP:-}" ] || note "before capture: $SETUP"
	ip link add nlmon0 type nlmon || die "ip link add nlmon0 type nlmon failed: no nlmon in this kernel?"
	ip link set nlmon0 up
	TCPDUMP_CMD="tcpdump -i nlmon0 -s 0 -B 16384 -U -Z root -w $NAME.pcap"
	# shellcheck disable=SC2086
	$TCPDUMP_CMD 2>"$WORK/tcpdump.err" &
	TCPDUMP_PID=$!
	_i=0
	until grep -q "listening on" "$WORK/tcpdump.err" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -le 300 ] || die "tcpdump did not start listening: $(cat "$WORK/tcpdump.err")"
		kill -0 "$TCPDUMP_PID" 2>/dev/null || die "tcpdump exited: $(cat "$WORK/tcpdump.err")"
		sleep 0.05
	done
	note "capture started $("$NLCAP_LAB" now): $TCPDUMP_CMD"
}

# capture_stop: stop tcpdump without losing the tail, record its statistics,
# check nothing was lost, and copy NAME.pcap and NAME.cmds.txt out.
capture_stop() {
	# libpcap's TPACKET_V3 ring hands a block over when full or after 1 s:
	# SIGINT sooner silently loses the tail (kernel-lab.md).
	sleep 2
	note "capture stopping $("$NLCAP_LAB" now)"
	kill -INT "$TCPDUMP_PID"
	_st=0
	wait "$TCPDUMP_PID" || _st=$?
	note "tcpdump exit status $_st"
	while IFS= read -r _l; do
		note "tcpdump: $_l"
	done <"$WORK/tcpdump.err"
	ip link del nlmon0
	[ "$_st" -eq 0 ] || die "tcpdump exited with status $_st"
	_cap=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$WORK/tcpdump.err")
	_rcv=$(sed -n 's/^\([0-9]*\) packets received by filter$/\1/p' "$WORK/tcpdump.err")
	[ -n "$_cap" ] && [ "$_cap" -gt 0 ] || die "tcpdump captured nothing"
	[ "$_cap" = "$_rcv" ] || die "tcpdump captured $_cap of $_rcv packets (tail loss)"
	cp "$WORK/$NAME.pcap" "$CMDS" "$NLCAP_OUT/"
	echo "== scenario $NAME: $_cap records -> $NAME.pcap, $NAME.cmds.txt"
}
