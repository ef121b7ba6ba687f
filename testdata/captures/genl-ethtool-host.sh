#!/bin/sh
ethtool eth0; ethtool -g eth0; ethtool -l eth0; ethtool -c eth0; ethtool -T eth0; ethtool -S eth0 --all-groups; ethtool --show-tunnels eth0; ethtool --show-priv-flags eth0; ethtool -k lo | head -3
true
