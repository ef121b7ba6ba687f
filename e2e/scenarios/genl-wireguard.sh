# genl-wireguard: wg(8) configures and shows a WireGuard device
# (testdata/captures/genl-wireguard.pcap): the device made, private key, listen port, two
# peers (preshared key; IPv4 and IPv6 endpoints; allowed IPs), then
# `wg show` and `wg showconf` (WG_CMD_GET_DEVICE dumps). The keys are test
# keys made for this scenario: the capture holds the private and preshared
# keys, which nlcap -r prints as <redacted N bytes> (TagSecret).
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-wireguard
version_note "wg --version" wg --version
printf '%s\n' 'IJSjzAd3gNTLZz0nXSyxdOwvVnp/1QAXJ+rbrWKT6Vc=' >/tmp/wg-private
printf '%s\n' 'nwRaDdv6vniRoThgCEwHZorqh2I89Hh+P2xU6fiYuDY=' >/tmp/wg-psk
capture_start
# wg0 is made inside the capture, so that nlreplay's fresh namespace makes
# it too.
must ip link add wg0 type wireguard
must wg set wg0 private-key /tmp/wg-private listen-port 51820 fwmark 0x42
must wg set wg0 peer cScdlqg7Nj9znG21e2z0h6vmxzhLLZy4yevUI5wCdyg= preshared-key /tmp/wg-psk endpoint 192.0.2.1:51820 allowed-ips 10.10.0.0/16,fd00:10::/64 persistent-keepalive 25
must wg set wg0 peer oHQryXuUdXYXwqwazaK8TWO4dKY+glvTZMoz1W1ckiU= endpoint [2001:db8::1]:51821 allowed-ips 10.20.0.1/32
run wg show wg0
run wg showconf wg0
extras
run wg set wg0 peer oHQryXuUdXYXwqwazaK8TWO4dKY+glvTZMoz1W1ckiU= remove
run wg show wg0 peers
run ip link del wg0
capture_stop
