# genl-ipvs: IPVS, the generic netlink family of the IP Virtual Server
# (testdata/captures/genl-ipvs.pcap), spoken by Debian's ipvsadm (a
# capture tool: internal/lab/initramfs.go captureTools). Before the
# capture: a veth pair iv0/iv1 (10.79.0.1/24, fd79::1/64) for the sync
# daemons' multicast interface. In it: virtual services (TCP with two real
# servers, masquerading and direct routing; UDP with persistence, a
# netmask and two tunnelled real servers, ipip and GUE; UDP with the
# source hash scheduler's port flag and the SIP persistence engine; IPv6;
# a firewall mark), a local connection to the first (busybox nc), the
# services listed with numbers, stats, rates, exact counters and tunnel
# information, edited, timeouts read and set, the master and backup sync
# daemons (the backup with its own group, port, TTL and message length)
# started, listed and stopped, counters zeroed, a real server and a
# service deleted, then everything flushed.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ipvs
version_note ipvsadm ipvsadm --version
setup modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_pe_sip
setup ip link set lo up
setup ip link add iv0 type veth peer name iv1
setup ip addr add 10.79.0.1/24 dev iv0
setup ip addr add fd79::1/64 dev iv0 nodad
setup ip link set iv0 up
setup ip link set iv1 up
capture_start
must ipvsadm -A -t 10.79.0.10:80 -s rr
must ipvsadm -a -t 10.79.0.10:80 -r 10.79.0.2:8080 -m -w 2
must ipvsadm -a -t 10.79.0.10:80 -r 10.79.0.3:80 -g -w 1 -x 100 -y 10
must ipvsadm -A -u 10.79.0.10:53 -s wrr -p 300 -M 255.255.255.0
must ipvsadm -a -u 10.79.0.10:53 -r 10.79.0.4:53 -i
must ipvsadm -a -u 10.79.0.10:53 -r 10.79.0.6:53 -i --tun-type gue --tun-port 6080 --tun-csum
must ipvsadm -A -u 10.79.0.10:5060 -s sh -b sh-port -p 60 --pe sip
must ipvsadm -a -u 10.79.0.10:5060 -r 10.79.0.7:5060 -m
must ipvsadm -A -t [fd79::10]:443 -s rr
must ipvsadm -a -t [fd79::10]:443 -r [fd79::2]:443 -m
must ipvsadm -A -f 42 -s wrr
must ipvsadm -a -f 42 -r 10.79.0.5:0 -g
# A local TCP client's SYN to the first service (ip_vs's LOCAL_OUT hook
# makes a connection and counts it; nobody answers on iv0).
run nc -w 1 10.79.0.10 80
must ipvsadm -Ln
must ipvsadm -Ln --stats
must ipvsadm -Ln --rate
must ipvsadm -Ln --exact --stats -t 10.79.0.10:80
must ipvsadm -Ln --tun-info -u 10.79.0.10:53
must ipvsadm -E -t 10.79.0.10:80 -s wrr
must ipvsadm -e -t 10.79.0.10:80 -r 10.79.0.2:8080 -m -w 5
must ipvsadm -L --timeout
must ipvsadm --set 600 60 200
must ipvsadm -L --timeout
must ipvsadm --start-daemon master --mcast-interface iv0 --syncid 7
must ipvsadm --start-daemon backup --mcast-interface iv0 --syncid 9 --sync-maxlen 1400 --mcast-group 239.1.2.3 --mcast-port 8849 --mcast-ttl 2
must ipvsadm -L --daemon
must ipvsadm --stop-daemon master
must ipvsadm --stop-daemon backup
must ipvsadm -Z
must ipvsadm -d -t 10.79.0.10:80 -r 10.79.0.3:80
must ipvsadm -D -u 10.79.0.10:53
must ipvsadm -C
must ipvsadm -Ln
extras
run ipvsadm -a -t 10.79.0.99:80 -r 10.79.0.2:80
run ipvsadm -D -t 10.79.0.10:80
capture_stop
