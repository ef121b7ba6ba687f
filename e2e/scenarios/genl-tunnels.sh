# genl-tunnels: iproute2's generic netlink tunnel families
# (testdata/captures/genl-tunnels.pcap): L2TP tunnels and sessions
# (`ip l2tp`), FOU receive ports (`ip fou`) and a MACsec device with its
# secure channels and associations (`ip macsec`; the keys are test keys
# made for this scenario, which nlcap -r prints as <redacted N bytes>).
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-tunnels
version_note "ip -V" ip -V
setup modprobe -a l2tp_netlink l2tp_eth fou macsec gcm ghash_generic ctr
setup ip link add d0 type dummy
setup ip link set d0 up
capture_start
must ip l2tp add tunnel tunnel_id 10 peer_tunnel_id 20 encap udp local 127.0.0.1 remote 127.0.0.1 udp_sport 5000 udp_dport 5001
must ip l2tp add session name l2tpeth0 tunnel_id 10 session_id 100 peer_session_id 200
run ip l2tp show tunnel
run ip l2tp show session
must ip fou add port 5555 ipproto 4
must ip fou add port 5556 gue
run ip fou show
must ip link add link d0 macsec0 type macsec port 11 encrypt on
must ip macsec add macsec0 tx sa 0 pn 1 on key 01 81818181818181818181818181818181
must ip macsec add macsec0 rx port 1234 address c6:19:52:8f:e6:a0
must ip macsec add macsec0 rx port 1234 address c6:19:52:8f:e6:a0 sa 0 pn 1 on key 00 82828282828282828282828282828282
run ip macsec show
extras
run ip fou del port 5556
run ip fou del port 5555
run ip l2tp del session tunnel_id 10 session_id 100
run ip l2tp del tunnel tunnel_id 10
run ip link del macsec0
run ip l2tp show tunnel tunnel_id 99
capture_stop
