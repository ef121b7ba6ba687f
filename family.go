package nlcap

import (
	"fmt"
	"strconv"
	"strings"
)

// A Family is a netlink protocol number, as passed to socket(AF_NETLINK, ...,
// protocol) and carried in the LINKTYPE_NETLINK pseudo-header (sll_protocol).
type Family uint16

// Netlink protocol numbers, from include/uapi/linux/netlink.h.
const (
	FamilyRoute         Family = 0  // #define NETLINK_ROUTE 0
	FamilyUnused        Family = 1  // #define NETLINK_UNUSED 1
	FamilyUsersock      Family = 2  // #define NETLINK_USERSOCK 2
	FamilyFirewall      Family = 3  // #define NETLINK_FIREWALL 3
	FamilySockDiag      Family = 4  // #define NETLINK_SOCK_DIAG 4
	FamilyNFLOG         Family = 5  // #define NETLINK_NFLOG 5
	FamilyXFRM          Family = 6  // #define NETLINK_XFRM 6
	FamilySELinux       Family = 7  // #define NETLINK_SELINUX 7
	FamilyISCSI         Family = 8  // #define NETLINK_ISCSI 8
	FamilyAudit         Family = 9  // #define NETLINK_AUDIT 9
	FamilyFibLookup     Family = 10 // #define NETLINK_FIB_LOOKUP 10
	FamilyConnector     Family = 11 // #define NETLINK_CONNECTOR 11
	FamilyNetfilter     Family = 12 // #define NETLINK_NETFILTER 12
	FamilyIP6FW         Family = 13 // #define NETLINK_IP6_FW 13
	FamilyDNRTMSG       Family = 14 // #define NETLINK_DNRTMSG 14
	FamilyKobjectUevent Family = 15 // #define NETLINK_KOBJECT_UEVENT 15
	FamilyGeneric       Family = 16 // #define NETLINK_GENERIC 16
	FamilySCSITransport Family = 18 // #define NETLINK_SCSITRANSPORT 18
	FamilyECryptfs      Family = 19 // #define NETLINK_ECRYPTFS 19
	FamilyRDMA          Family = 20 // #define NETLINK_RDMA 20
	FamilyCrypto        Family = 21 // #define NETLINK_CRYPTO 21
	FamilySMC           Family = 22 // #define NETLINK_SMC 22
)

var familyNames = map[Family]string{
	FamilyRoute:         "route",
	FamilyUnused:        "unused",
	FamilyUsersock:      "usersock",
	FamilyFirewall:      "firewall",
	FamilySockDiag:      "sock_diag",
	FamilyNFLOG:         "nflog",
	FamilyXFRM:          "xfrm",
	FamilySELinux:       "selinux",
	FamilyISCSI:         "iscsi",
	FamilyAudit:         "audit",
	FamilyFibLookup:     "fib_lookup",
	FamilyConnector:     "connector",
	FamilyNetfilter:     "netfilter",
	FamilyIP6FW:         "ip6_fw",
	FamilyDNRTMSG:       "dnrtmsg",
	FamilyKobjectUevent: "kobject_uevent",
	FamilyGeneric:       "generic",
	FamilySCSITransport: "scsitransport",
	FamilyECryptfs:      "ecryptfs",
	FamilyRDMA:          "rdma",
	FamilyCrypto:        "crypto",
	FamilySMC:           "smc",
}

// String returns the lower-case short name of f ("route", "generic"), or
// "family-N" for a number with no name.
func (f Family) String() string {
	if s, ok := familyNames[f]; ok {
		return s
	}
	return "family-" + strconv.Itoa(int(f))
}

// Tapped reports whether the kernel copies this family's messages to nlmon
// taps at all (netlink_filter_tap in net/netlink/af_netlink.c).
func (f Family) Tapped() bool {
	switch f {
	case FamilyRoute, FamilyUsersock, FamilySockDiag, FamilyNFLOG, FamilyXFRM,
		FamilyFibLookup, FamilyNetfilter, FamilyGeneric:
		return true
	}
	return false
}

// ParseFamily parses a family name as printed by [Family.String] (case
// insensitive, "genl"/"rtnl"/"nft" accepted as aliases) or a decimal number.
func ParseFamily(s string) (Family, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "rtnl", "rtnetlink":
		return FamilyRoute, nil
	case "genl", "genetlink":
		return FamilyGeneric, nil
	case "nf", "nft", "nfnetlink":
		return FamilyNetfilter, nil
	case "diag", "sockdiag", "sock-diag":
		return FamilySockDiag, nil
	}
	for f, n := range familyNames {
		if n == t {
			return f, nil
		}
	}
	if n, err := strconv.ParseUint(t, 10, 16); err == nil {
		return Family(n), nil
	}
	return 0, fmt.Errorf("unknown netlink family %q", s)
}

// ParseFamilies parses a comma-separated list of families (see [ParseFamily]).
func ParseFamilies(s string) ([]Family, error) {
	var out []Family
	for _, p := range strings.Split(s, ",") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		f, err := ParseFamily(p)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
