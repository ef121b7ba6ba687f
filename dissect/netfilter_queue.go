package dissect

import (
	"encoding/binary"
	"maps"
	"strconv"
)

// The packet-carrying netfilter subsystems: nfnetlink_queue
// (include/uapi/linux/netfilter/nfnetlink_queue.h: NFQNL_MSG_PACKET to
// the queue's listener, NFQNL_MSG_VERDICT and NFQNL_MSG_VERDICT_BATCH
// back, NFQNL_MSG_CONFIG) and nfnetlink_log (nfnetlink_log.h:
// NFULNL_MSG_PACKET, NFULNL_MSG_CONFIG). Integers are big-endian; a
// packet's conntrack entry (NFQA_CT, NFULA_CT) is a ctnetlink nest; the
// packet itself (NFQA_PAYLOAD, NFULA_PAYLOAD) prints in hex, from the IP
// header on.

// ctInfoNames names enum ip_conntrack_info
// (include/uapi/linux/netfilter/nf_conntrack_common.h), the value of
// NFQA_CT_INFO and NFULA_CT_INFO:
//
//	enum ip_conntrack_info {
//		IP_CT_ESTABLISHED,
//		IP_CT_RELATED,
//		IP_CT_NEW,
//		IP_CT_IS_REPLY,
//		IP_CT_ESTABLISHED_REPLY = IP_CT_ESTABLISHED + IP_CT_IS_REPLY,
//		IP_CT_RELATED_REPLY = IP_CT_RELATED + IP_CT_IS_REPLY,
//		IP_CT_NUMBER,
//		IP_CT_NEW_REPLY = IP_CT_NUMBER,
//		IP_CT_UNTRACKED = 7,
//	};
//
// 3 is IP_CT_IS_REPLY and IP_CT_ESTABLISHED_REPLY; a packet's state is the
// latter (IP_CT_IS_REPLY is the offset, never a state), 5 the same.
var ctInfoNames = map[uint64]string{
	0: "IP_CT_ESTABLISHED",
	1: "IP_CT_RELATED",
	2: "IP_CT_NEW",
	3: "IP_CT_ESTABLISHED_REPLY",
	4: "IP_CT_RELATED_REPLY",
	5: "IP_CT_NEW_REPLY",
	7: "IP_CT_UNTRACKED",
}

// The config commands of nfnetlink_queue and nfnetlink_log.
var (
	nfqCfgCmdNames  = genNFQNL_CFG_CMD.names()
	nfulCfgCmdNames = genNFULNL_CFG_CMD.names()
)

// hwAddrStruct prints the hw_addr member of struct nfqnl_msg_packet_hw as
// a link-layer address of hw_addrlen bytes (at most the 8 of the array).
func hwAddrStruct(h *HeaderSpec) *HeaderSpec {
	appendTo := h.appendTo
	h.appendTo = func(dst []Field, b []byte, order binary.ByteOrder) []Field {
		fs := appendTo(dst, b, order)
		if len(b) < 12 {
			return fs
		}
		n := int(binary.BigEndian.Uint16(b))
		if n == 0 || n > 8 {
			return fs
		}
		for i := len(dst); i < len(fs); i++ {
			if fs[i].Name == "hw_addr" {
				fs[i].Value = llAddr(b[4 : 4+n])
			}
		}
		return fs
	}
	return h // cstruct's Decode calls h.appendTo: this one
}

// Packet-carrying subsystems: nfqueue and nflog.
var (
	nfqPacketHdr = nfqPacketHdrWith(nfHooks)
	// struct nfqnl_msg_packet_hw { __be16 hw_addrlen; __u16 _pad; __u8 hw_addr[8]; };
	// (nfulnl_msg_packet_hw is the same): hw_addr is printed as the
	// address of hw_addrlen bytes (00:00:00:00:00:00 of lo).
	nfqPacketHw = hwAddrStruct(cstruct("nfqnl_msg_packet_hw", 12,
		member{name: "hw_addrlen", off: 0, kind: mBE16}, member{name: "hw_addr", off: 4, kind: mBytes, size: 8}))
	// struct nfqnl_msg_packet_timestamp { __aligned_be64 sec; __aligned_be64 usec; };
	nfqTimestamp = cstruct("nfqnl_msg_packet_timestamp", 16,
		member{name: "sec", off: 0, kind: mBE64}, member{name: "usec", off: 8, kind: mBE64})
	// NFQA_VLAN: a bridged frame's VLAN tag (nfqnl_put_bridge:
	// nla_put_be16(skb, NFQA_VLAN_TCI, htons(skb_vlan_tag_get(skb))),
	// NFQA_VLAN_PROTO skb->vlan_proto).
	nfqVlanAttrs = nfSet("NFQA_VLAN", genNFQA_VLAN, &AttrSpec{Name: "NFQA_VLAN_PROTO", Kind: KindBE16, Enum: ethPNames}, customA("NFQA_VLAN_TCI", vlanTCI))
	nfqAttrs     = nfSet("NFQA", genNFQA,
		structA("NFQA_PACKET_HDR", nfqPacketHdr),
		structA("NFQA_VERDICT_HDR", cstruct("nfqnl_msg_verdict_hdr", 8,
			member{name: "verdict", off: 0, kind: mBE32v, enum: nfVerdictNames}, member{name: "id", off: 4, kind: mBE32v})),
		be32Mark("NFQA_MARK"),
		structA("NFQA_TIMESTAMP", nfqTimestamp).tag(TagVolatile),
		be32a("NFQA_IFINDEX_INDEV"), be32a("NFQA_IFINDEX_OUTDEV"),
		be32a("NFQA_IFINDEX_PHYSINDEV"), be32a("NFQA_IFINDEX_PHYSOUTDEV"),
		structA("NFQA_HWADDR", nfqPacketHw),
		binA("NFQA_PAYLOAD"),
		nest("NFQA_CT", ctaAttrs),
		&AttrSpec{Name: "NFQA_CT_INFO", Kind: KindBE32, Enum: ctInfoNames},
		be32a("NFQA_CAP_LEN"),
		be32f("NFQA_SKB_INFO", genNFQA_SKB.names()),
		nest("NFQA_EXP", ctaExpectAttrs),
		be32a("NFQA_UID"), be32a("NFQA_GID"),
		strA("NFQA_SECCTX"),
		nest("NFQA_VLAN", nfqVlanAttrs),
		customA("NFQA_L2HDR", l2Header),
		be32a("NFQA_PRIORITY"),
	)
	nfqCfgAttrs = nfSet("NFQA_CFG", genNFQA_CFG,
		// struct nfqnl_msg_config_cmd { __u8 command; __u8 _pad; __be16 pf; };
		structA("NFQA_CFG_CMD", cstruct("nfqnl_msg_config_cmd", 4, mu8("command", 0).named(nfqCfgCmdNames),
			member{name: "pf", off: 2, kind: mBE16, enum: rtnlAFNames})),
		// struct nfqnl_msg_config_params { __be32 copy_range; __u8 copy_mode; } __attribute__ ((packed));
		structA("NFQA_CFG_PARAMS", cstruct("nfqnl_msg_config_params", 5, member{name: "copy_range", off: 0, kind: mBE32v},
			mu8("copy_mode", 4).named(genNFQNL_COPY.names()))),
		be32a("NFQA_CFG_QUEUE_MAXLEN"),
		be32f("NFQA_CFG_MASK", genNFQA_CFG_F.names()),
		be32f("NFQA_CFG_FLAGS", genNFQA_CFG_F.names()),
	)
	nfulAttrs = nfSet("NFULA", genNFULA,
		structA("NFULA_PACKET_HDR", nfulPacketHdrWith(nfHooks)),
		be32Mark("NFULA_MARK"),
		structA("NFULA_TIMESTAMP", nfqTimestamp).tag(TagVolatile),
		be32a("NFULA_IFINDEX_INDEV"), be32a("NFULA_IFINDEX_OUTDEV"),
		be32a("NFULA_IFINDEX_PHYSINDEV"), be32a("NFULA_IFINDEX_PHYSOUTDEV"),
		structA("NFULA_HWADDR", nfqPacketHw),
		binA("NFULA_PAYLOAD"),
		strA("NFULA_PREFIX"),
		be32a("NFULA_UID"),
		be32a("NFULA_SEQ").tag(TagVolatile),
		be32a("NFULA_SEQ_GLOBAL").tag(TagVolatile),
		be32a("NFULA_GID"),
		&AttrSpec{Name: "NFULA_HWTYPE", Kind: KindBE16, Enum: arphrdNames}, // dev->type
		binA("NFULA_HWHEADER"),
		be16a("NFULA_HWLEN"),
		nest("NFULA_CT", ctaAttrs),
		&AttrSpec{Name: "NFULA_CT_INFO", Kind: KindBE32, Enum: ctInfoNames},
		nest("NFULA_VLAN", nfSet("NFULA_VLAN", genNFULA_VLAN, &AttrSpec{Name: "NFULA_VLAN_PROTO", Kind: KindBE16, Enum: ethPNames}, customA("NFULA_VLAN_TCI", vlanTCI))),
		customA("NFULA_L2HDR", l2Header),
	)
	nfulCfgAttrs = nfSet("NFULA_CFG", genNFULA_CFG,
		// struct nfulnl_msg_config_cmd { __u8 command; } __attribute__ ((packed));
		structA("NFULA_CFG_CMD", cstruct("nfulnl_msg_config_cmd", 1, mu8("command", 0).named(nfulCfgCmdNames))),
		// struct nfulnl_msg_config_mode { __be32 copy_range; __u8 copy_mode; __u8 _pad; } __attribute__ ((packed));
		structA("NFULA_CFG_MODE", cstruct("nfulnl_msg_config_mode", 6, member{name: "copy_range", off: 0, kind: mBE32v},
			mu8("copy_mode", 4).named(genNFULNL_COPY.names()))),
		be32a("NFULA_CFG_NLBUFSIZ"),
		be32a("NFULA_CFG_TIMEOUT"),
		be32a("NFULA_CFG_QTHRESH"),
		&AttrSpec{Name: "NFULA_CFG_FLAGS", Kind: KindBE16, Flags: genNFULNL_CFG_F.names()},
	)
)

// nfqPacketHdrWith is struct nfqnl_msg_packet_hdr with the hook named
// from hooks (the packet's family's: NF_INET_*, NF_BR_*...).
//
//	struct nfqnl_msg_packet_hdr { __be32 packet_id; __be16 hw_protocol; __u8 hook; } __attribute__ ((packed));
func nfqPacketHdrWith(hooks map[uint64]string) *HeaderSpec {
	return cstruct("nfqnl_msg_packet_hdr", 7,
		member{name: "packet_id", off: 0, kind: mBE32v}, member{name: "hw_protocol", off: 4, kind: mBE16, enum: genETH_P.names()},
		mu8("hook", 6).named(hooks))
}

// nfulPacketHdrWith is struct nfulnl_msg_packet_hdr with the hook named
// from hooks.
//
//	struct nfulnl_msg_packet_hdr { __be16 hw_protocol; __u8 hook; __u8 _pad; };
func nfulPacketHdrWith(hooks map[uint64]string) *HeaderSpec {
	return cstruct("nfulnl_msg_packet_hdr", 4,
		member{name: "hw_protocol", off: 0, kind: mBE16, enum: genETH_P.names()}, mu8("hook", 2).named(hooks))
}

// withPacketHdr returns a copy of set whose attribute name is the packet
// header hdr.
func withPacketHdr(set *AttrSet, name string, hdr *HeaderSpec) *AttrSet {
	c := &AttrSet{Name: set.Name, Attrs: maps.Clone(set.Attrs)}
	setAttr(c, structA(name, hdr))
	return c
}

// The queued and logged packets of the bridge, arp and netdev families:
// their hook numbers are NF_BR_*, NF_ARP_* and NF_NETDEV_* (nfgen_family
// NFPROTO_BRIDGE, NFPROTO_ARP, NFPROTO_NETDEV), as nf_tables chains'
// (nftChainSelect).
var (
	nfqAttrsBridge  = withPacketHdr(nfqAttrs, "NFQA_PACKET_HDR", nfqPacketHdrWith(nfHookNames(7)))
	nfqAttrsArp     = withPacketHdr(nfqAttrs, "NFQA_PACKET_HDR", nfqPacketHdrWith(nfHookNames(3)))
	nfqAttrsNetdev  = withPacketHdr(nfqAttrs, "NFQA_PACKET_HDR", nfqPacketHdrWith(nfHookNames(5)))
	nfulAttrsBridge = withPacketHdr(nfulAttrs, "NFULA_PACKET_HDR", nfulPacketHdrWith(nfHookNames(7)))
	nfulAttrsArp    = withPacketHdr(nfulAttrs, "NFULA_PACKET_HDR", nfulPacketHdrWith(nfHookNames(3)))
	nfulAttrsNetdev = withPacketHdr(nfulAttrs, "NFULA_PACKET_HDR", nfulPacketHdrWith(nfHookNames(5)))
)

// nfqSelect and nfulSelect pick a packet message's set by nfgen_family.
func nfqSelect(fixed []Field) *AttrSet {
	return byNfFamily(fixed, nfqAttrsBridge, nfqAttrsArp, nfqAttrsNetdev)
}

func nfulSelect(fixed []Field) *AttrSet {
	return byNfFamily(fixed, nfulAttrsBridge, nfulAttrsArp, nfulAttrsNetdev)
}

// byNfFamily returns bridge, arp or netdev for an nfgenmsg of family
// NFPROTO_BRIDGE (7), NFPROTO_ARP (3) or NFPROTO_NETDEV (5), nil for the
// others (the message's own set: NF_INET_* hooks).
func byNfFamily(fixed []Field, bridge, arp, netdev *AttrSet) *AttrSet {
	if len(fixed) == 0 {
		return nil
	}
	switch fixed[0].Raw {
	case 7:
		return bridge
	case 3:
		return arp
	case 5:
		return netdev
	}
	return nil
}

// nfHooksByFamily names the hooks of the nfgen_family values whose hooks
// are not NF_INET_* (NFPROTO_ARP 3, NFPROTO_NETDEV 5, NFPROTO_BRIDGE 7).
var nfHooksByFamily = map[uint64]map[uint64]string{3: nfArpHooks, 5: genNF_NETDEV.names(), 7: genNF_BR.names()}

// nfHookNames names the hooks of nfgen_family family.
func nfHookNames(family uint64) map[uint64]string {
	if h, ok := nfHooksByFamily[family]; ok {
		return h
	}
	return nfHooks
}

// vlanTCI prints a big-endian VLAN tag control word as tcpdump -e does:
// "vlan 10, p 0" (VID, priority; ", DEI" when set).
func vlanTCI(b []byte, _ binary.ByteOrder) string {
	if len(b) != 2 {
		return hexString(b)
	}
	tci := binary.BigEndian.Uint16(b)
	s := "vlan " + strconv.Itoa(int(tci&0x0fff)) + ", p " + strconv.Itoa(int(tci>>13))
	if tci&0x1000 != 0 {
		s += ", DEI"
	}
	return s
}

// l2Header prints a bridged frame's Ethernet header (NFQA_L2HDR,
// NFULA_L2HDR: destination, source, EtherType) as tcpdump -e does,
// "src > dst, ETH_P_IP"; other lengths in hex.
func l2Header(b []byte, _ binary.ByteOrder) string {
	if len(b) != 14 {
		return hexString(b)
	}
	return llAddr(b[6:12]) + " > " + llAddr(b[:6]) + ", " + enumName(ethPNames, uint64(binary.BigEndian.Uint16(b[12:])))
}

// be32Mark is a big-endian mark printed in hex.
func be32Mark(name string) *AttrSpec { return &AttrSpec{Name: name, Kind: KindCustom, Format: be32Hex} }

// nfVerdictNames names the verdicts of a queue verdict (NF_DROP...).
var nfVerdictNames = func() map[uint64]string {
	m := map[uint64]string{}
	for v, n := range nfVerdicts {
		m[uint64(uint32(v))] = n
	}
	return m
}()
