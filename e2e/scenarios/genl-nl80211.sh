# genl-nl80211: iw(8) against a mac80211_hwsim radio
# (testdata/captures/genl-nl80211.pcap): the split wiphy dump of `iw phy phy0 info`
# (bands, frequencies, rates, interface types and combinations, supported
# commands: nests the kernel builds without NLA_F_NESTED), interfaces,
# regulatory domain, a monitor interface added and deleted, station and
# scan dumps on an idle interface.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-nl80211
version_note "iw --version" iw --version
setup modprobe mac80211_hwsim radios=1
capture_start
must iw phy phy0 info
must iw dev
run iw reg get
must iw phy phy0 interface add mon0 type monitor
run iw dev mon0 info
must iw dev mon0 del
extras
run ip link set wlan0 up
run iw dev wlan0 station dump
run iw dev wlan0 link
run iw dev wlan0 scan dump
capture_stop
