#!/bin/sh
# In a private network namespace: ipset, nfnetlink_cttimeout (nfct
# timeout), nfnetlink_acct (nfacct) and nfnetlink_cthelper (nfct helper)
# requests, as Debian's ipset 7.17, nfct 1.4.7 and nfacct 1.0.2 send them.
unshare -n sh -c '
ipset create s1 hash:ip timeout 300 comment
ipset add s1 10.0.0.1 timeout 60 comment "first"
ipset add s1 10.0.0.2
ipset create s2 hash:net,port
ipset add s2 10.1.0.0/16,tcp:80
ipset test s1 10.0.0.1
ipset test s1 10.0.0.9
ipset list
ipset del s1 10.0.0.2
ipset destroy s2
ipset destroy s1
nfct timeout add t1 inet tcp established 100 close 10
nfct timeout add t2 inet udp unreplied 20 replied 60
nfct timeout list
nfct timeout get t1
nfct timeout delete t2
nfct timeout delete t1
nfacct add a1
nfacct add a2
nfacct list
nfacct get a1
nfacct del a2
nfacct del a1
nfct helper add ftp inet tcp
nfct helper list
'
true
