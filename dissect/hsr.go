package dissect

// The HSR generic netlink family ("HSR", include/uapi/linux/hsr_netlink.h,
// net/hsr/hsr_netlink.c): the overlay over the generated names. The header
// gives no types; the kernel's policy and the puts of hsr_nl_ringerror and
// hsr_get_node_status do:
//
//	static const struct nla_policy hsr_genl_policy[HSR_A_MAX + 1] = {
//		[HSR_A_NODE_ADDR] = { .len = ETH_ALEN },
//		[HSR_A_NODE_ADDR_B] = { .len = ETH_ALEN },
//		[HSR_A_IFINDEX] = { .type = NLA_U32 },
//		[HSR_A_IF1_AGE] = { .type = NLA_U32 },
//		[HSR_A_IF2_AGE] = { .type = NLA_U32 },
//		[HSR_A_IF1_SEQ] = { .type = NLA_U16 },
//		[HSR_A_IF2_SEQ] = { .type = NLA_U16 },
//	};
//
//	ifindex = hsr->slave[dev_idx] ? ...->ifindex : -1;  (ring error)
//	res = nla_put_u32(skb, HSR_A_IFINDEX, ifindex);
//	int hsr_node_if1_age;   (ms since the node's last frame on slave 1; INT_MAX when stale)
//	u16 hsr_node_if1_seq;
//	int addr_b_ifindex;     (-1: no address B)
//	res = nla_put_u32(skb_out, HSR_A_ADDR_B_IFINDEX, addr_b_ifindex);
//	res = nla_put_u32(skb_out, HSR_A_IF1_IFINDEX, hsr->slave[0]->ifindex);
//
// The ifindexes and ages are C ints put as u32: they print signed (a ring
// error on a missing slave says -1). The ifindexes are TagIfindex; the
// ages and sequence numbers change from one query to the next and are
// TagVolatile.
var hsrAttrs = genSet("HSR_A", genHSR_A, join(
	specs(KindLLAddr, 0, "HSR_A_NODE_ADDR", "HSR_A_NODE_ADDR_B"),
	specs(KindS32, TagIfindex, "HSR_A_IFINDEX", "HSR_A_IF1_IFINDEX", "HSR_A_IF2_IFINDEX", "HSR_A_ADDR_B_IFINDEX"),
	specs(KindS32, TagVolatile, "HSR_A_IF1_AGE", "HSR_A_IF2_AGE"),
	specs(KindU16, TagVolatile, "HSR_A_IF1_SEQ", "HSR_A_IF2_SEQ"))...)
