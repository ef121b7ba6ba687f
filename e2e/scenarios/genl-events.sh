# genl-events: generic netlink families that only multicast events, heard
# through the daemons that join their groups (testdata/captures/genl-events.pcap):
# VFS_DQUOT (quota_nld of Debian's quota: a user of a loop-mounted ext4
# with quotas passes and goes back below its block and inode limits) and
# acpi_event (acpid in netlink mode: the host presses the ACPI power
# button with the QEMU monitor's system_powerdown; acpid has no rules, so
# nothing powers off). Both families live in the initial namespace only.
# Also TASKSTATS, which iotop-c asks for every process's I/O and delay
# accounting (TASKSTATS_CMD_GET by pid, answered with struct taskstats).
#
# Tools of captureTools (internal/lab/initramfs.go): .ci/setup --captures.
. "$NLCAP_SCENARIO_LIB"
scenario_begin genl-events
setup modprobe -a loop ext4 quota_v2 button
setup ln -sf /proc/mounts /etc/mtab
setup sh -c 'echo "lab:x:1000:1000:lab:/tmp:/bin/sh" >>/etc/passwd; echo "lab:x:1000:" >>/etc/group'
setup dd if=/dev/zero of=/tmp/quota.img bs=1M count=32 status=none
setup mkfs.ext4 -q -F -O quota -E quotatype=usrquota:grpquota /tmp/quota.img
setup mkdir -p /mnt/q /tmp/acpid.d
setup mount -o loop,usrquota,grpquota /tmp/quota.img /mnt/q
setup mkdir /mnt/q/lab
setup chown lab:lab /mnt/q/lab
version_note quota sh -c 'quota_nld -V | head -1'
version_note e2fsprogs sh -c 'mkfs.ext4 -V 2>&1 | head -1'
version_note acpid acpid -v
version_note iotop-c sh -c 'iotop-c --version 2>&1 | head -1'
capture_start

# VFS_DQUOT: quota_nld joins the "events" group (resolving the family
# with nlctrl first); -D: no D-Bus (with -C too it would have no
# destination and exit), -b: report going below a limit too. It writes to
# the user's terminal, which the guest has not: its output is in the
# provenance at the end.
quota_nld -F -D -b >quota_nld.out 2>&1 &
QUOTA_NLD=$!
sleep 1
run quotaon -p /mnt/q
# User quota of uid 1000: 100 KiB soft, 200 KiB hard blocks; 5 soft, 10
# hard inodes.
must setquota -u lab 100 200 5 10 /mnt/q
# Past the block soft limit (QUOTA_NL_BSOFTWARN), then into the hard one
# (QUOTA_NL_BHARDWARN; dd fails with EDQUOT).
run setpriv --reuid 1000 --regid 1000 --clear-groups dd if=/dev/zero of=/mnt/q/lab/a bs=1k count=150 conv=fsync
run setpriv --reuid 1000 --regid 1000 --clear-groups dd if=/dev/zero of=/mnt/q/lab/b bs=1k count=100 conv=fsync
# Inodes: past the soft (QUOTA_NL_ISOFTWARN) and the hard limit
# (QUOTA_NL_IHARDWARN; the shell cannot create the file).
run setpriv --reuid 1000 --regid 1000 --clear-groups sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11; do : >/mnt/q/lab/i$i || exit 1; done'
run repquota -u /mnt/q
# Back below the hard block limit (QUOTA_NL_BHARDBELOW), then below every
# limit (QUOTA_NL_BSOFTBELOW, QUOTA_NL_IHARDBELOW, QUOTA_NL_ISOFTBELOW).
run rm /mnt/q/lab/b
run sh -c 'rm -f /mnt/q/lab/*'
run setquota -u lab 0 0 0 0 /mnt/q
# Group quota of gid 1000 with a grace time of one second: past the soft
# limits (QUOTA_NL_BSOFTWARN, QUOTA_NL_ISOFTWARN of GRPQUOTA), and once
# the grace time is over, a write to the file (a new file would be
# refused for its inode first) and a new file are refused
# (QUOTA_NL_BSOFTLONGWARN, QUOTA_NL_ISOFTLONGWARN).
must setquota -t -g 1 1 /mnt/q
must setquota -g lab 100 200 5 10 /mnt/q
run setpriv --reuid 1000 --regid 1000 --clear-groups dd if=/dev/zero of=/mnt/q/lab/c bs=1k count=150 conv=fsync
run setpriv --reuid 1000 --regid 1000 --clear-groups sh -c 'for i in 1 2 3 4 5; do : >/mnt/q/lab/g$i || exit 1; done'
sleep 2
run setpriv --reuid 1000 --regid 1000 --clear-groups dd if=/dev/zero of=/mnt/q/lab/c bs=1k seek=150 count=10 conv=notrunc,fsync
run setpriv --reuid 1000 --regid 1000 --clear-groups sh -c ': >/mnt/q/lab/g6'
run repquota -g /mnt/q
run sh -c 'rm -f /mnt/q/lab/*'
sleep 1
kill "$QUOTA_NLD" 2>/dev/null || true
wait "$QUOTA_NLD" 2>/dev/null || true
run cat quota_nld.out

# TASKSTATS: iotop-c in batch mode, processes only, twice half a second
# apart, while a writer makes I/O; delay accounting on so that the delay
# fields of struct taskstats count.
run sh -c 'echo 1 >/proc/sys/kernel/task_delayacct'
dd if=/dev/zero of=/tmp/io.bin bs=64k count=400 conv=fsync 2>/dev/null &
DD=$!
run iotop-c -b -P -n 2 -d 0.5
wait "$DD" 2>/dev/null || true
rm -f /tmp/io.bin

# acpi_event: acpid in the foreground, netlink mode, no rules (an empty
# configuration directory), no socket; -l logs each event, -d to stderr.
acpid -f -n -d -l -S -c /tmp/acpid.d -p /tmp/acpid.pid >acpid.out 2>&1 &
ACPID=$!
sleep 2
host_request system_powerdown
sleep 4
kill "$ACPID" 2>/dev/null || true
wait "$ACPID" 2>/dev/null || true
run cat acpid.out
# The event came: the monitor request reached QEMU and acpid heard it.
grep -q 'received netlink event "button/power' acpid.out || die "acpid heard no power button event (see acpid.out above)"
capture_stop
umount /mnt/q || true
