package dissect

import (
	"encoding/binary"
	"maps"
	"strconv"
)

// ctnetlink and the smaller netfilter subsystems
// (include/uapi/linux/netfilter/nfnetlink_conntrack.h,
// nfnetlink_acct.h,
// nfnetlink_cttimeout.h, nfnetlink_cthelper.h, nfnetlink_hook.h,
// ipset/ip_set.h, nf_tables_compat.h): the overlay over the generated
// names. Integers are big-endian. nfnetlink_queue and nfnetlink_log are
// netfilter_queue.go.

// ipsNames names enum ip_conntrack_status bits (CTA_STATUS).
var ipsNames = genIPS.names()

// nfCtExpectFlagNames names CTA_EXPECT_FLAGS bits (nf_conntrack_common.h:
// #define NF_CT_EXPECT_PERMANENT 0x1, _INACTIVE 0x2, _USERSPACE 0x4).
var nfCtExpectFlagNames = genNF_CT_EXPECT.names()

// ipCtDirNames names CTA_EXPECT_NAT_DIR, the direction of the master
// whose addresses the expectation saved (enum ip_conntrack_dir {
// IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY, IP_CT_DIR_MAX }).
var ipCtDirNames = genIP_CT_DIR.names()

var (
	ctaIPAttrs = nfSet("CTA_IP", genCTA_IP,
		addrA("CTA_IP_V4_SRC"), addrA("CTA_IP_V4_DST"), addrA("CTA_IP_V6_SRC"), addrA("CTA_IP_V6_DST"),
	)
	ctaProtoAttrs = nfSet("CTA_PROTO", genCTA_PROTO,
		enumA("CTA_PROTO_NUM", KindU8, ipProtoNames),
		be16a("CTA_PROTO_SRC_PORT"), be16a("CTA_PROTO_DST_PORT"),
		be16a("CTA_PROTO_ICMP_ID"), u8("CTA_PROTO_ICMP_TYPE"), u8("CTA_PROTO_ICMP_CODE"),
		be16a("CTA_PROTO_ICMPV6_ID"), u8("CTA_PROTO_ICMPV6_TYPE"), u8("CTA_PROTO_ICMPV6_CODE"),
	)
	ctaTupleAttrs = nfSet("CTA_TUPLE", genCTA_TUPLE,
		nest("CTA_TUPLE_IP", ctaIPAttrs),
		nest("CTA_TUPLE_PROTO", ctaProtoAttrs),
		be16a("CTA_TUPLE_ZONE"),
	)
	// struct nf_ct_tcp_flags { __u8 flags; __u8 mask; };
	ctTCPFlags = cstruct("nf_ct_tcp_flags", 2,
		mu8("flags", 0).bits(genIP_CT_TCP_FLAG.names()), mu8("mask", 1).bits(genIP_CT_TCP_FLAG.names()))
	ctaProtoinfoAttrs = nfSet("CTA_PROTOINFO", genCTA_PROTOINFO,
		nest("CTA_PROTOINFO_TCP", nfSet("CTA_PROTOINFO_TCP", genCTA_PROTOINFO_TCP,
			enumA("CTA_PROTOINFO_TCP_STATE", KindU8, genTCP_CONNTRACK.names()),
			u8("CTA_PROTOINFO_TCP_WSCALE_ORIGINAL"), u8("CTA_PROTOINFO_TCP_WSCALE_REPLY"),
			structA("CTA_PROTOINFO_TCP_FLAGS_ORIGINAL", ctTCPFlags), structA("CTA_PROTOINFO_TCP_FLAGS_REPLY", ctTCPFlags))),
		nest("CTA_PROTOINFO_DCCP", nfSet("CTA_PROTOINFO_DCCP", genCTA_PROTOINFO_DCCP)),
		nest("CTA_PROTOINFO_SCTP", nfSet("CTA_PROTOINFO_SCTP", genCTA_PROTOINFO_SCTP)),
	)
	ctaCounterAttrs = nfSet("CTA_COUNTERS", genCTA_COUNTERS,
		be64a("CTA_COUNTERS_PACKETS").tag(TagVolatile), be64a("CTA_COUNTERS_BYTES").tag(TagVolatile),
		be32a("CTA_COUNTERS32_PACKETS").tag(TagVolatile), be32a("CTA_COUNTERS32_BYTES").tag(TagVolatile),
		binA("CTA_COUNTERS_PAD"),
	)
	ctaNatAttrs = nfSet("CTA_NAT", genCTA_NAT,
		addrA("CTA_NAT_V4_MINIP"), addrA("CTA_NAT_V4_MAXIP"), addrA("CTA_NAT_V6_MINIP"), addrA("CTA_NAT_V6_MAXIP"),
		nest("CTA_NAT_PROTO", nfSet("CTA_PROTONAT", genCTA_PROTONAT, be16a("CTA_PROTONAT_PORT_MIN"), be16a("CTA_PROTONAT_PORT_MAX"))),
	)
	ctaSeqAdjAttrs = nfSet("CTA_SEQADJ", genCTA_SEQADJ)
	// ctaAttrs is a conntrack entry (IPCTNL_MSG_CT_NEW/GET/DELETE). The
	// timeout, counters, use count, id and timestamps differ between runs.
	ctaAttrs = nfSet("CTA", genCTA,
		nest("CTA_TUPLE_ORIG", ctaTupleAttrs),
		nest("CTA_TUPLE_REPLY", ctaTupleAttrs),
		be32f("CTA_STATUS", ipsNames),
		nest("CTA_PROTOINFO", ctaProtoinfoAttrs),
		nest("CTA_HELP", nfSet("CTA_HELP", genCTA_HELP, strA("CTA_HELP_NAME"), binA("CTA_HELP_INFO"))),
		nest("CTA_NAT_SRC", ctaNatAttrs),
		be32a("CTA_TIMEOUT").tag(TagVolatile),
		&AttrSpec{Name: "CTA_MARK", Kind: KindCustom, Format: be32Hex},
		nest("CTA_COUNTERS_ORIG", ctaCounterAttrs).tag(TagVolatile),
		nest("CTA_COUNTERS_REPLY", ctaCounterAttrs).tag(TagVolatile),
		be32a("CTA_USE").tag(TagVolatile),
		be32a("CTA_ID").tag(TagVolatile),
		nest("CTA_NAT_DST", ctaNatAttrs),
		nest("CTA_TUPLE_MASTER", ctaTupleAttrs),
		nest("CTA_NAT_SEQ_ADJ_ORIG", ctaSeqAdjAttrs),  // CTA_SEQ_ADJ_ORIG
		nest("CTA_NAT_SEQ_ADJ_REPLY", ctaSeqAdjAttrs), // CTA_SEQ_ADJ_REPLY
		be32a("CTA_SECMARK"),
		be16a("CTA_ZONE"),
		nest("CTA_SECCTX", nfSet("CTA_SECCTX", genCTA_SECCTX, strA("CTA_SECCTX_NAME"))),
		nest("CTA_TIMESTAMP", nfSet("CTA_TIMESTAMP", genCTA_TIMESTAMP, be64a("CTA_TIMESTAMP_START"), be64a("CTA_TIMESTAMP_STOP"))).tag(TagVolatile),
		&AttrSpec{Name: "CTA_MARK_MASK", Kind: KindCustom, Format: be32Hex},
		binA("CTA_LABELS"),
		binA("CTA_LABELS_MASK"),
		nest("CTA_SYNPROXY", nfSet("CTA_SYNPROXY", genCTA_SYNPROXY)),
		nest("CTA_FILTER", nfSet("CTA_FILTER", genCTA_FILTER)),
		be32f("CTA_STATUS_MASK", ipsNames),
	)
	// ctaStatsCPUAttrs: IPCTNL_MSG_CT_GET_STATS_CPU answers, one per CPU
	// (nfgenmsg res_id is the CPU). Counters: volatile.
	ctaStatsCPUAttrs = volatileSet(nfSet("CTA_STATS", genCTA_STATS))
	ctaStatsAttrs    = nfSet("CTA_STATS_GLOBAL", genCTA_STATS_GLOBAL,
		be32a("CTA_STATS_GLOBAL_ENTRIES").tag(TagVolatile), be32a("CTA_STATS_GLOBAL_MAX_ENTRIES"))
	ctaExpectAttrs = nfSet("CTA_EXPECT", genCTA_EXPECT,
		nest("CTA_EXPECT_MASTER", ctaTupleAttrs),
		nest("CTA_EXPECT_TUPLE", ctaTupleAttrs),
		nest("CTA_EXPECT_MASK", ctaTupleAttrs),
		be32a("CTA_EXPECT_TIMEOUT").tag(TagVolatile),
		be32a("CTA_EXPECT_ID").tag(TagVolatile),
		strA("CTA_EXPECT_HELP_NAME"),
		be16a("CTA_EXPECT_ZONE"),
		be32f("CTA_EXPECT_FLAGS", nfCtExpectFlagNames),
		be32a("CTA_EXPECT_CLASS"),
		nest("CTA_EXPECT_NAT", nfSet("CTA_EXPECT_NAT", genCTA_EXPECT_NAT, be32e("CTA_EXPECT_NAT_DIR", ipCtDirNames), nest("CTA_EXPECT_NAT_TUPLE", ctaTupleAttrs))),
		strA("CTA_EXPECT_FN"),
	)
	ctaExpStatsAttrs = volatileSet(nfSet("CTA_STATS_EXP", genCTA_STATS_EXP))
)

// be32Hex prints a be32 in hex (marks).
func be32Hex(b []byte, _ binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 16)
}

// volatileSet tags every attribute of set volatile (statistics).
func volatileSet(set *AttrSet) *AttrSet {
	for _, a := range set.Attrs {
		a.Tags |= TagVolatile
	}
	return set
}

// Accounting, timeouts, helpers, hooks, ipset, compat.
var (
	nfacctAttrs = nfSet("NFACCT", genNFACCT,
		strA("NFACCT_NAME"),
		be64a("NFACCT_PKTS").tag(TagVolatile),
		be64a("NFACCT_BYTES").tag(TagVolatile),
		be32a("NFACCT_USE"),
		be32f("NFACCT_FLAGS", genNFACCT_F.names()),
		be64a("NFACCT_QUOTA"),
		nest("NFACCT_FILTER", nfSet("NFACCT_FILTER", genNFACCT_FILTER, be32a("NFACCT_FILTER_MASK"), be32a("NFACCT_FILTER_VALUE"))),
		binA("NFACCT_PAD"),
	)
	// ctTimeoutData maps CTA_TIMEOUT_L4PROTO to the set of CTA_TIMEOUT_DATA
	// (all be32 seconds: [nfValue]).
	ctTimeoutData = map[uint64]*AttrSet{
		6:   nfSet("CTA_TIMEOUT_TCP", genCTA_TIMEOUT_TCP),
		17:  nfSet("CTA_TIMEOUT_UDP", genCTA_TIMEOUT_UDP),
		136: nfSet("CTA_TIMEOUT_UDPLITE", genCTA_TIMEOUT_UDPLITE),
		1:   nfSet("CTA_TIMEOUT_ICMP", genCTA_TIMEOUT_ICMP),
		33:  nfSet("CTA_TIMEOUT_DCCP", genCTA_TIMEOUT_DCCP),
		132: nfSet("CTA_TIMEOUT_SCTP", genCTA_TIMEOUT_SCTP),
		58:  nfSet("CTA_TIMEOUT_ICMPV6", genCTA_TIMEOUT_ICMPV6),
		47:  nfSet("CTA_TIMEOUT_GRE", genCTA_TIMEOUT_GRE),
		0:   nfSet("CTA_TIMEOUT_GENERIC", genCTA_TIMEOUT_GENERIC),
	}
	ctTimeoutAttrs = nfSet("CTA_TIMEOUT", genCTA_TIMEOUT,
		strA("CTA_TIMEOUT_NAME"),
		&AttrSpec{Name: "CTA_TIMEOUT_L3PROTO", Kind: KindBE16, Enum: rtnlAFNames},
		enumA("CTA_TIMEOUT_L4PROTO", KindU8, ipProtoNames),
		&AttrSpec{Name: "CTA_TIMEOUT_DATA", Kind: KindNested, Select: func(s []Attr) *AttrSet {
			for i := range s {
				if s[i].Name == "CTA_TIMEOUT_L4PROTO" && len(s[i].Data) == 1 {
					if set, ok := ctTimeoutData[uint64(s[i].Data[0])]; ok {
						return set
					}
					return ctTimeoutData[0]
				}
			}
			return nil
		}},
		be32a("CTA_TIMEOUT_USE"),
	)
	cthelperPolicy = nfSet("NFCTH_POLICY", genNFCTH_POLICY,
		strA("NFCTH_POLICY_NAME"), be32a("NFCTH_POLICY_EXPECT_MAX"), be32a("NFCTH_POLICY_EXPECT_TIMEOUT"))
	cthelperAttrs = nfSet("NFCTH", genNFCTH,
		strA("NFCTH_NAME"),
		nest("NFCTH_TUPLE", nfSet("NFCTH_TUPLE", genNFCTH_TUPLE,
			&AttrSpec{Name: "NFCTH_TUPLE_L3PROTONUM", Kind: KindBE16, Enum: rtnlAFNames},
			enumA("NFCTH_TUPLE_L4PROTONUM", KindU8, ipProtoNames))),
		be32a("NFCTH_QUEUE_NUM"),
		nest("NFCTH_POLICY", policySetAttrs(cthelperPolicy)),
		be32a("NFCTH_PRIV_DATA_LEN"),
		be32e("NFCTH_STATUS", map[uint64]string{0: "NFCT_HELPER_STATUS_DISABLED", 1: "NFCT_HELPER_STATUS_ENABLED"}),
	)
	nfHookAttrs = nfSet("NFNLA_HOOK", genNFNLA_HOOK,
		customA("NFNLA_HOOK_HOOKNUM", nfValue),
		customA("NFNLA_HOOK_PRIORITY", be32Signed),
		strA("NFNLA_HOOK_DEV"),
		strA("NFNLA_HOOK_FUNCTION_NAME"),
		strA("NFNLA_HOOK_MODULE_NAME"),
		nest("NFNLA_HOOK_CHAIN_INFO", nfSet("NFNLA_HOOK_INFO", genNFNLA_HOOK_INFO,
			nest("NFNLA_HOOK_INFO_DESC", nfSet("NFNLA_CHAIN", genNFNLA_CHAIN, strA("NFNLA_CHAIN_TABLE"),
				be32e("NFNLA_CHAIN_FAMILY", nfprotoNames), strA("NFNLA_CHAIN_NAME"))),
			be32a("NFNLA_HOOK_INFO_TYPE"))),
	)
	nftCompatAttrs = nfSet("NFTA_COMPAT", genNFTA_COMPAT, strA("NFTA_COMPAT_NAME"), be32a("NFTA_COMPAT_REV"), be32a("NFTA_COMPAT_TYPE"))
)

// policySetAttrs is NFCTH_POLICY: NFCTH_POLICY_SET_NUM, then
// NFCTH_POLICY_SET1... each a nest of policy.
func policySetAttrs(policy *AttrSet) *AttrSet {
	set := nfSet("NFCTH_POLICY_SET", genNFCTH_POLICY_SET, be32a("NFCTH_POLICY_SET_NUM"))
	for t, a := range set.Attrs {
		if a.Name != "NFCTH_POLICY_SET_NUM" {
			set.Attrs[t] = nest(a.Name, policy)
		}
	}
	return set
}

// ipset (NFNL_SUBSYS_IPSET): attribute types of the command level, of
// IPSET_ATTR_DATA (create and list: CADT + create; add/del/test: CADT +
// ADT) and of addresses (IPSET_ATTR_IPADDR_*).
var (
	ipsetAddrAttrs = nfSet("IPSET_ATTR_IPADDR", genIPSET_ATTR_IPADDR,
		addrA("IPSET_ATTR_IPADDR_IPV4"), addrA("IPSET_ATTR_IPADDR_IPV6"))
	ipsetCADT = []*AttrSpec{
		nest("IPSET_ATTR_IP_FROM", ipsetAddrAttrs), nest("IPSET_ATTR_IP_TO", ipsetAddrAttrs),
		u8("IPSET_ATTR_CIDR"), be16a("IPSET_ATTR_PORT_FROM"), be16a("IPSET_ATTR_PORT_TO"),
		be32a("IPSET_ATTR_TIMEOUT"), enumA("IPSET_ATTR_PROTO", KindU8, ipProtoNames),
		be32f("IPSET_ATTR_CADT_FLAGS", genIPSET_CADT_FLAGS()), be32a("IPSET_ATTR_CADT_LINENO"),
	}
	// IPSET_ATTR_INITVAL is the random seed of a hash set's buckets
	// (get_random_u32 in the hash types' create): volatile.
	ipsetCreateData = retag(nfSet("IPSET_ATTR_CREATE", genIPSET_ATTR_CADT, ipsetCADT...), "IPSET_ATTR_INITVAL", TagVolatile)
	ipsetADTData    = func() *AttrSet {
		set := nfSet("IPSET_ATTR_ADT", genIPSET_ATTR_CADT, ipsetCADT...)
		adt := nfSet("IPSET_ATTR_ADT", genIPSET_ATTR_ADT, strA("IPSET_ATTR_NAME"), strA("IPSET_ATTR_NAMEREF"),
			nest("IPSET_ATTR_IP2", ipsetAddrAttrs), u8("IPSET_ATTR_CIDR2"), nest("IPSET_ATTR_IP2_TO", ipsetAddrAttrs),
			strA("IPSET_ATTR_IFACE"), be64a("IPSET_ATTR_BYTES").tag(TagVolatile), be64a("IPSET_ATTR_PACKETS").tag(TagVolatile),
			strA("IPSET_ATTR_COMMENT"), llA("IPSET_ATTR_ETHER"))
		for t, a := range adt.Attrs {
			set.Attrs[t] = a
		}
		return set
	}()
	// The headers give one value two names (IPSET_ATTR_TYPENAME and
	// IPSET_ATTR_SETNAME2, IPSET_ATTR_PROTOCOL_MIN and
	// IPSET_ATTR_REVISION_MIN, IPSET_ATTR_IP and IPSET_ATTR_IP_FROM); the
	// generated tables keep one, the sets below print the one that fits.
	ipsetAttrs = func(data *AttrSet, name3 string) *AttrSet {
		set := nfSet("IPSET_ATTR", genIPSET_ATTR,
			u8("IPSET_ATTR_PROTOCOL"), strA("IPSET_ATTR_SETNAME"), strA("IPSET_ATTR_SETNAME2"),
			u8("IPSET_ATTR_REVISION"), enumA("IPSET_ATTR_FAMILY", KindU8, nfprotoNames),
			be32a("IPSET_ATTR_FLAGS"), nest("IPSET_ATTR_DATA", data),
			nest("IPSET_ATTR_ADT", ipsetADTList), be32a("IPSET_ATTR_LINENO"),
			// ip_set_core.c: nla_put_net16(skb, IPSET_ATTR_INDEX, htons(index))
			u8("IPSET_ATTR_REVISION_MIN"), be16a("IPSET_ATTR_INDEX"))
		rename(set, "IPSET_ATTR_SETNAME2", name3)
		rename(set, "IPSET_ATTR_REVISION_MIN", "IPSET_ATTR_PROTOCOL_MIN")
		rename(data, "IPSET_ATTR_IP_FROM", "IPSET_ATTR_IP")
		rename(data, "IPSET_ATTR_PORT_FROM", "IPSET_ATTR_PORT")
		return set
	}
	// ipsetADTList is IPSET_ATTR_ADT of a list answer (and of a bulk
	// request): one IPSET_ATTR_DATA nest of ADT attributes per element,
	// as ip_set_core.c's list and the set types' list functions build it:
	//
	//	atd = nla_nest_start(skb, IPSET_ATTR_ADT);
	//	nested = nla_nest_start(skb, IPSET_ATTR_DATA); ... per element
	ipsetADTList = func() *AttrSet {
		t, _ := genIPSET_ATTR.value("IPSET_ATTR_DATA")
		// An element's IPSET_ATTR_TIMEOUT in a list answer is the time it
		// has left: volatile there (the one of an add request is not).
		elem := &AttrSet{Name: ipsetADTData.Name, Attrs: maps.Clone(ipsetADTData.Attrs)}
		retag(elem, "IPSET_ATTR_TIMEOUT", TagVolatile)
		return &AttrSet{Name: "IPSET_ATTR_ADT_LIST", Attrs: map[uint16]*AttrSpec{uint16(t): nest("IPSET_ATTR_DATA", elem)}}
	}()
	ipsetCreateAttrs = ipsetAttrs(ipsetCreateData, "IPSET_ATTR_TYPENAME")
	ipsetADTAttrs    = ipsetAttrs(ipsetADTData, "IPSET_ATTR_SETNAME2")
)

// genIPSET_CADT_FLAGS names the CADT flag bits (enum ipset_cadt_flags: the
// IPSET_FLAG_* values, not the _BIT_ positions).
func genIPSET_CADT_FLAGS() map[uint64]string {
	return map[uint64]string{1: "IPSET_FLAG_BEFORE", 2: "IPSET_FLAG_PHYSDEV", 4: "IPSET_FLAG_NOMATCH",
		8: "IPSET_FLAG_WITH_COUNTERS", 16: "IPSET_FLAG_WITH_COMMENT", 32: "IPSET_FLAG_WITH_FORCEADD", 64: "IPSET_FLAG_WITH_SKBINFO"}
}

// retag returns set with a copy of its attribute called name that also
// carries tags.
func retag(set *AttrSet, name string, tags Tag) *AttrSet {
	if t, ok := set.typeOf(name); ok {
		a := *set.Attrs[t]
		a.Tags |= tags
		set.Attrs[t] = &a
	}
	return set
}

// rename gives the attribute named from another of its header names.
func rename(set *AttrSet, from, to string) {
	if t, ok := set.typeOf(from); ok {
		a := *set.Attrs[t]
		a.Name = to
		set.Attrs[t] = &a
	}
}
