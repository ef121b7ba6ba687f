# demo: the main job on a kernel with nlmon (the VM; the host has none).
# nlcap -w captures (on a temporary nlmon link it creates and deletes)
# while iproute2 adds a dummy link, an address and a route and deletes the
# link; then nlcap -r prints the file, and nlcap -v -r with attributes.
. "$NLCAP_SCENARIO_LIB"
NLCAP=$NLCAP_E2E_BIN/nlcap
[ -x "$NLCAP" ] || die "$NLCAP missing: the harness could not build cmd/nlcap"
mkdir -p /tmp/demo
cd /tmp/demo

step() {
	echo
	echo "### $*"
}

step "kernel $(uname -r); nlmon links before: $(ip -o link show type nlmon | wc -l)"
step "nlcap -w demo.pcap   (in the background)"
"$NLCAP" -w demo.pcap 2>nlcap.err &
pid=$!
i=0
until grep -q "listening on" nlcap.err 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 300 ] || die "nlcap did not start listening: $(cat nlcap.err)"
	kill -0 "$pid" 2>/dev/null || die "nlcap exited: $(cat nlcap.err)"
	sleep 0.05
done
for c in "ip link add demo0 type dummy" \
	"ip addr add 192.0.2.1/24 dev demo0" \
	"ip link set demo0 up" \
	"ip route add 198.51.100.0/24 via 192.0.2.2" \
	"ip link del demo0"; do
	echo "\$ $c"
	# shellcheck disable=SC2086
	$c
done
sleep 1
kill -TERM "$pid"
st=0
wait "$pid" || st=$?
sed 's/^/nlcap: /' nlcap.err
[ "$st" -eq 0 ] || die "nlcap -w exited with status $st"
echo "nlmon links after: $(ip -o link show type nlmon | wc -l)"
cp demo.pcap "$NLCAP_OUT/"

step "nlcap -r demo.pcap"
"$NLCAP" -r demo.pcap || die "nlcap -r failed"

step "nlcap -v -r demo.pcap --family route   (attributes; the generic netlink records above are nlcap's own family table)"
"$NLCAP" -v -r demo.pcap --family route || die "nlcap -v -r failed"

step "demo: PASS (demo.pcap is in lab-out/demo/ on the host)"
