# genl-ksmbd: SMBD_GENL, the generic netlink family between the in-kernel
# SMB server ksmbd and its user-space daemon ksmbd.mountd
# (testdata/captures/genl-ksmbd.pcap; ksmbd-tools 3.4.7, a capture tool),
# with the kernel's own SMB client (cifs, mount.cifs of cifs-utils) as the
# client. Before the capture: a share /srv/share in /etc/ksmbd/ksmbd.conf
# and a user labuser with the test password labpass (ksmbd.adduser; the
# password's NT hash is in the capture: KSMBD_EVENT_LOGIN_RESPONSE). In
# it: ksmbd.mountd starts the server (KSMBD_EVENT_STARTING_UP with the
# global configuration), mount.cifs connects over lo: login (the user's
# hash answered), the share configurations of IPC$ and share asked and
# answered, then the mount fails (ENOENT) and the session logs out, since
# ksmbd-tools 3.4.7 leaves payload_sz 0 in its share configuration
# response and Debian's 6.1.192 kernel then refuses the share's path
# (fs/smb/server/mgmt/share_config.c: payload_sz <= veto_list_sz is
# EINVAL): no tree connect reaches ksmbd.mountd. A wrong password (a
# failed login), then ksmbd.control shuts the server down.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-ksmbd
version_note ksmbd-tools ksmbd.mountd -V
version_note mount.cifs mount.cifs -V
setup modprobe -a ksmbd cifs cmac ecb ccm gcm sha512_generic nls_utf8 crc32_generic
setup ip link set lo up
setup mkdir -p /etc/ksmbd /srv/share /mnt/smb /run /var/run
printf '[global]\n\tnetbios name = NLCAPLAB\n\tworkgroup = LAB\n[share]\n\tpath = /srv/share\n\tread only = no\n' >/etc/ksmbd/ksmbd.conf
SETUP="${SETUP:+$SETUP; }printf '[global]\\n\\tnetbios name = NLCAPLAB\\n\\tworkgroup = LAB\\n[share]\\n\\tpath = /srv/share\\n\\tread only = no\\n' >/etc/ksmbd/ksmbd.conf"
setup ksmbd.adduser -a labuser -p labpass
setup sh -c 'echo from-the-server >/srv/share/server.txt'
capture_start
ksmbd.mountd -n >mountd.out 2>&1 &
MOUNTD=$!
note "background: ksmbd.mountd -n"
run sleep 2
# Fails with ENOENT (see above): login, share configurations, logout.
run mount.cifs //127.0.0.1/share /mnt/smb -o username=labuser,password=labpass
run sleep 1
extras
run mount.cifs //127.0.0.1/share /mnt/smb -o username=labuser,password=wrong
run sleep 1
run ksmbd.control -s
# ksmbd.mountd ends on ksmbd.control's signal with status 130: noted, not
# a failure.
_st=0
wait "$MOUNTD" || _st=$?
while IFS= read -r _l; do
	note "ksmbd.mountd: $_l"
done <mountd.out
note "ksmbd.mountd exit status $_st"
[ "$_st" -eq 0 ] || [ "$_st" -eq 130 ] || die "ksmbd.mountd exited with status $_st"
capture_stop
