package dissect

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
)

// Netfilter (NETLINK_NETFILTER): every message carries struct nfgenmsg and
// attributes; nlmsg_type is the subsystem id in the high byte and the
// subsystem's message type in the low byte
// (include/uapi/linux/netfilter/nfnetlink.h):
//
//	#define NFNL_SUBSYS_ID(x)	((x & 0xff00) >> 8)
//	#define NFNL_MSG_TYPE(x)	(x & 0x00ff)
//
//	struct nfgenmsg {
//		__u8  nfgen_family;		/* AF_xxx */
//		__u8  version;		/* nfnetlink version */
//		__be16    res_id;		/* resource id */
//	};
//
// Every subsystem's messages are named and their attributes decoded by
// the overlays in nftables.go and ctnetlink.go.

// nfnlSubsys names the subsystem ids.
//
//	#define NFNL_SUBSYS_NONE 		0
//	#define NFNL_SUBSYS_CTNETLINK		1
//	#define NFNL_SUBSYS_CTNETLINK_EXP	2
//	#define NFNL_SUBSYS_QUEUE		3
//	#define NFNL_SUBSYS_ULOG		4
//	#define NFNL_SUBSYS_OSF			5
//	#define NFNL_SUBSYS_IPSET		6
//	#define NFNL_SUBSYS_ACCT		7
//	#define NFNL_SUBSYS_CTNETLINK_TIMEOUT	8
//	#define NFNL_SUBSYS_CTHELPER		9
//	#define NFNL_SUBSYS_NFTABLES		10
//	#define NFNL_SUBSYS_NFT_COMPAT		11
//	#define NFNL_SUBSYS_HOOK		12
var nfnlSubsys = genNFNL_SUBSYS.names()

// nftMsgs names enum nf_tables_msg_types
// (include/uapi/linux/netfilter/nf_tables.h) and the types added after the
// generated headers.
var nftMsgs = genNFT_MSG.names(
	uapiConst{"NFT_MSG_GETRULE_RESET", 25},    // linux 6.3
	uapiConst{"NFT_MSG_DESTROYTABLE", 26},     // linux 6.3
	uapiConst{"NFT_MSG_DESTROYCHAIN", 27},     // linux 6.3
	uapiConst{"NFT_MSG_DESTROYRULE", 28},      // linux 6.3
	uapiConst{"NFT_MSG_DESTROYSET", 29},       // linux 6.3
	uapiConst{"NFT_MSG_DESTROYSETELEM", 30},   // linux 6.3
	uapiConst{"NFT_MSG_DESTROYOBJ", 31},       // linux 6.3
	uapiConst{"NFT_MSG_DESTROYFLOWTABLE", 32}, // linux 6.3
	uapiConst{"NFT_MSG_GETSETELEM_RESET", 33}, // linux 6.5
)

var nfprotoNames = genNFPROTO.names()

// nfgenmsgHeader decodes struct nfgenmsg.
var nfgenmsgHeader = &HeaderSpec{
	Name: "nfgenmsg",
	Len:  4,
	// res_id of answers is the ruleset generation: it differs between runs.
	Tagged: []TaggedField{{Name: "res_id", Offset: 2, Size: 2, Tags: TagVolatile}},
	Decode: func(b []byte, _ binary.ByteOrder) []Field {
		res := binary.BigEndian.Uint16(b[2:4])
		return []Field{
			{Name: "nfgen_family", Value: nfprotoName(b[0]), Raw: uint64(b[0])},
			{Name: "version", Value: strconv.Itoa(int(b[1])), Raw: uint64(b[1])},
			{Name: "res_id", Value: strconv.Itoa(int(res)), Raw: uint64(res)},
		}
	},
}

// nfprotoName names enum nfproto values (include/uapi/linux/netfilter.h).
func nfprotoName(v uint8) string { return enumName(nfprotoNames, uint64(v)) }

// nfKind classifies a netfilter message by its name.
func nfKind(name string) MsgKind {
	i := strings.LastIndex(name, "_MSG_")
	op := name
	if i >= 0 {
		op = name[i+5:]
	}
	op = strings.TrimPrefix(op, "CT_")
	op = strings.TrimPrefix(op, "EXP_")
	op = strings.TrimPrefix(op, "TIMEOUT_")
	op = strings.TrimPrefix(op, "ACCT_")     // NFNL_MSG_ACCT_NEW...
	op = strings.TrimPrefix(op, "CTHELPER_") // NFNL_MSG_CTHELPER_NEW...
	switch {
	case strings.HasPrefix(op, "GET"), strings.HasPrefix(name, "IPSET_CMD_LIST"), strings.HasPrefix(name, "IPSET_CMD_HEADER"),
		strings.HasPrefix(name, "IPSET_CMD_TEST"), strings.HasPrefix(name, "IPSET_CMD_SAVE"),
		// ipset's queries of the protocol version and of a set type's
		// revisions: answered with a message of the same type.
		name == "IPSET_CMD_PROTOCOL", name == "IPSET_CMD_TYPE":
		return MsgGet
	case strings.HasPrefix(op, "NEW"), strings.HasPrefix(name, "IPSET_CMD_CREATE"), strings.HasPrefix(name, "IPSET_CMD_ADD"):
		return MsgNew
	case strings.HasPrefix(op, "DEL"), strings.HasPrefix(op, "DESTROY"), strings.HasPrefix(name, "IPSET_CMD_DESTROY"),
		strings.HasPrefix(name, "IPSET_CMD_DEL"), strings.HasPrefix(name, "IPSET_CMD_FLUSH"):
		return MsgDel
	}
	return MsgOther
}

// nfSubsystems lists each subsystem's message names and the attribute set
// of each message.
func nfSubsystems() map[uint16]struct {
	names map[uint64]string
	attrs func(name string) *AttrSet
} {
	type sub = struct {
		names map[uint64]string
		attrs func(name string) *AttrSet
	}
	one := func(set *AttrSet) func(string) *AttrSet { return func(string) *AttrSet { return set } }
	return map[uint16]sub{
		NFNL_SUBSYS_NFTABLES: {nftMsgs, nftMsgAttrs},
		NFNL_SUBSYS_CTNETLINK: {genIPCTNL_MSG_CT.names(), func(n string) *AttrSet {
			switch n {
			case "IPCTNL_MSG_CT_GET_STATS_CPU":
				return ctaStatsCPUAttrs
			case "IPCTNL_MSG_CT_GET_STATS":
				return ctaStatsAttrs
			}
			return ctaAttrs
		}},
		NFNL_SUBSYS_CTNETLINK_EXP: {genIPCTNL_MSG_EXP.names(), func(n string) *AttrSet {
			if n == "IPCTNL_MSG_EXP_GET_STATS_CPU" {
				return ctaExpStatsAttrs
			}
			return ctaExpectAttrs
		}},
		NFNL_SUBSYS_QUEUE: {genNFQNL_MSG.names(), func(n string) *AttrSet {
			if n == "NFQNL_MSG_CONFIG" {
				return nfqCfgAttrs
			}
			return nfqAttrs
		}},
		NFNL_SUBSYS_ULOG: {genNFULNL_MSG.names(), func(n string) *AttrSet {
			if n == "NFULNL_MSG_CONFIG" {
				return nfulCfgAttrs
			}
			return nfulAttrs
		}},
		NFNL_SUBSYS_IPSET: {genIPSET_CMD.names(), func(n string) *AttrSet {
			switch n {
			case "IPSET_CMD_ADD", "IPSET_CMD_DEL", "IPSET_CMD_TEST":
				return ipsetADTAttrs
			}
			return ipsetCreateAttrs
		}},
		NFNL_SUBSYS_ACCT:              {genNFNL_MSG_ACCT.names(), one(nfacctAttrs)},
		NFNL_SUBSYS_CTNETLINK_TIMEOUT: {genIPCTNL_MSG_TIMEOUT.names(), one(ctTimeoutAttrs)},
		NFNL_SUBSYS_CTHELPER:          {genNFNL_MSG_CTHELPER.names(), one(cthelperAttrs)},
		NFNL_SUBSYS_NFT_COMPAT:        {genNFNL_MSG_COMPAT.names(), one(nftCompatAttrs)},
		NFNL_SUBSYS_HOOK:              {genNFNL_MSG_HOOK.names(), one(nfHookAttrs)},
		// include/uapi/linux/netfilter/nfnetlink_osf.h: OSF_MSG_ADD,
		// OSF_MSG_REMOVE with OSF_ATTR_FINGER (struct nf_osf_user_finger).
		NFNL_SUBSYS_OSF: {map[uint64]string{0: "OSF_MSG_ADD", 1: "OSF_MSG_REMOVE"}, one(nil)},
	}
}

func init() {
	msgs := map[uint16]*MessageSpec{
		// #define NFNL_MSG_BATCH_BEGIN	NLMSG_MIN_TYPE
		// #define NFNL_MSG_BATCH_END	NLMSG_MIN_TYPE+1
		NFNL_MSG_BATCH_BEGIN: {Name: "NFNL_MSG_BATCH_BEGIN", Header: nfgenmsgHeader},
		NFNL_MSG_BATCH_END:   {Name: "NFNL_MSG_BATCH_END", Header: nfgenmsgHeader},
	}
	for id, sub := range nfSubsystems() {
		for v, n := range sub.names {
			if v > 0xff {
				continue
			}
			ms := &MessageSpec{Name: n, Kind: nfKind(n), Header: nfgenmsgHeader, Attrs: sub.attrs(n)}
			switch ms.Attrs {
			case nftChainAttrs:
				ms.SelectAttrs = nftChainSelect
			case nfqAttrs:
				ms.SelectAttrs = nfqSelect
			case nfulAttrs:
				ms.SelectAttrs = nfulSelect
			case nftSetElemListAttrs:
				ms.attrsD = nftSetElemAttrsD
			case nftRuleAttrs:
				ms.attrsD = nftRuleAttrsD
			}
			msgs[id<<8|uint16(v)] = ms
		}
	}
	registerFamily(&FamilySpec{
		Family:   nlcap.FamilyNetfilter,
		Messages: msgs,
		Default:  &MessageSpec{Header: nfgenmsgHeader},
		TypeName: func(t uint16) string {
			sub, ok := nfnlSubsys[uint64(t>>8)]
			if !ok {
				return ""
			}
			return sub + "/" + strconv.Itoa(int(t&0xff))
		},
		Summary: nfSummary,
	})
}

// nfSummary is the one-line text of a netfilter message: the object's
// table/chain/set/name, a conntrack entry's original tuple, an
// expectation's expected and master tuples and helper. It reads the
// attributes' bytes (Config.Brief decodes no values).
func nfSummary(m *Message) string {
	var w []string
	for _, a := range m.Attrs {
		switch a.Name {
		case "NFTA_TABLE_NAME", "NFTA_CHAIN_TABLE", "NFTA_RULE_TABLE", "NFTA_SET_TABLE", "NFTA_SET_ELEM_LIST_TABLE",
			"NFTA_OBJ_TABLE", "NFTA_FLOWTABLE_TABLE", "NFTA_CHAIN_NAME", "NFTA_RULE_CHAIN", "NFTA_SET_NAME",
			"NFTA_SET_ELEM_LIST_SET", "NFTA_OBJ_NAME", "NFTA_FLOWTABLE_NAME", "NFACCT_NAME", "CTA_TIMEOUT_NAME",
			"NFCTH_NAME", "IPSET_ATTR_SETNAME":
			w = append(w, cString(a.Data))
		case "NFTA_GEN_ID":
			if len(a.Data) == 4 {
				w = append(w, "gen "+strconv.FormatUint(uint64(binary.BigEndian.Uint32(a.Data)), 10))
			}
		case "CTA_TUPLE_ORIG", "CTA_EXPECT_TUPLE":
			w = append(w, ctTuple(a.Data, orderOfMsg(m)))
		case "CTA_EXPECT_MASTER":
			w = append(w, "master "+ctTuple(a.Data, orderOfMsg(m)))
		case "CTA_EXPECT_HELP_NAME":
			w = append(w, "helper "+cString(a.Data))
		case "NFQA_PACKET_HDR":
			// struct nfqnl_msg_packet_hdr: packet_id, hw_protocol, hook.
			if len(a.Data) >= 7 {
				w = append(w, "id "+strconv.FormatUint(uint64(binary.BigEndian.Uint32(a.Data)), 10), enumName(nfHookNames(nfFamilyOf(m)), uint64(a.Data[6])))
			}
		case "NFQA_VERDICT_HDR":
			// struct nfqnl_msg_verdict_hdr: verdict, id.
			if len(a.Data) == 8 {
				w = append(w, enumName(nfVerdictNames, uint64(binary.BigEndian.Uint32(a.Data))),
					"id "+strconv.FormatUint(uint64(binary.BigEndian.Uint32(a.Data[4:])), 10))
			}
		case "NFULA_PACKET_HDR":
			// struct nfulnl_msg_packet_hdr: hw_protocol, hook.
			if len(a.Data) >= 3 {
				w = append(w, enumName(nfHookNames(nfFamilyOf(m)), uint64(a.Data[2])))
			}
		case "NFQA_CFG_CMD":
			// struct nfqnl_msg_config_cmd: command, _pad, pf.
			if len(a.Data) >= 1 {
				w = append(w, enumName(nfqCfgCmdNames, uint64(a.Data[0])))
			}
		case "NFULA_CFG_CMD":
			if len(a.Data) >= 1 {
				w = append(w, enumName(nfulCfgCmdNames, uint64(a.Data[0])))
			}
		case "NFULA_PREFIX":
			w = append(w, "prefix "+cString(a.Data))
		case "NFQA_MARK", "NFULA_MARK":
			w = append(w, "mark "+be32Hex(a.Data, nil))
		case "NFQA_CT", "NFULA_CT":
			// The packet's conntrack entry: its original tuple.
			for c := range Attrs(a.Data, orderOfMsg(m)) {
				if c.Type == ctaTupleOrig {
					w = append(w, ctTuple(c.Payload, orderOfMsg(m)))
				}
			}
		}
	}
	return strings.Join(w, " ")
}

// nfFamilyOf returns the nfgen_family of a netfilter message (its first
// fixed field), NFPROTO_UNSPEC without one.
func nfFamilyOf(m *Message) uint64 {
	if len(m.Fixed) == 0 {
		return 0
	}
	return m.Fixed[0].Raw
}

// ctaTupleOrig is CTA_TUPLE_ORIG (enum ctattr_type).
const ctaTupleOrig = 1

// ctTuple prints a conntrack tuple (the payload of CTA_TUPLE_ORIG) as
// conntrack(8) does: "tcp src=... dst=... sport=... dport=...", for ICMP
// and ICMPv6 "icmp src=... dst=... type=8 code=0 id=187".
func ctTuple(b []byte, order binary.ByteOrder) string {
	var proto string
	var w []string
	var icmp [3]string // type, code, id
	for t := range Attrs(b, order) {
		for c := range Attrs(t.Payload, order) {
			switch {
			case t.Type == CTA_TUPLE_IP && (c.Type == CTA_IP_V4_SRC || c.Type == CTA_IP_V6_SRC):
				w = append(w, "src="+addrString(c.Payload))
			case t.Type == CTA_TUPLE_IP && (c.Type == CTA_IP_V4_DST || c.Type == CTA_IP_V6_DST):
				w = append(w, "dst="+addrString(c.Payload))
			case t.Type == CTA_TUPLE_PROTO && c.Type == CTA_PROTO_NUM && len(c.Payload) == 1:
				proto = strings.ToLower(strings.TrimPrefix(enumName(ipProtoNames, uint64(c.Payload[0])), "IPPROTO_"))
			case t.Type == CTA_TUPLE_PROTO && c.Type == CTA_PROTO_SRC_PORT && len(c.Payload) == 2:
				w = append(w, "sport="+strconv.Itoa(int(binary.BigEndian.Uint16(c.Payload))))
			case t.Type == CTA_TUPLE_PROTO && c.Type == CTA_PROTO_DST_PORT && len(c.Payload) == 2:
				w = append(w, "dport="+strconv.Itoa(int(binary.BigEndian.Uint16(c.Payload))))
			case t.Type == CTA_TUPLE_PROTO && (c.Type == CTA_PROTO_ICMP_TYPE || c.Type == CTA_PROTO_ICMPV6_TYPE) && len(c.Payload) == 1:
				icmp[0] = "type=" + strconv.Itoa(int(c.Payload[0]))
			case t.Type == CTA_TUPLE_PROTO && (c.Type == CTA_PROTO_ICMP_CODE || c.Type == CTA_PROTO_ICMPV6_CODE) && len(c.Payload) == 1:
				icmp[1] = "code=" + strconv.Itoa(int(c.Payload[0]))
			case t.Type == CTA_TUPLE_PROTO && (c.Type == CTA_PROTO_ICMP_ID || c.Type == CTA_PROTO_ICMPV6_ID) && len(c.Payload) == 2:
				icmp[2] = "id=" + strconv.Itoa(int(binary.BigEndian.Uint16(c.Payload)))
			}
		}
	}
	for _, f := range icmp {
		if f != "" {
			w = append(w, f)
		}
	}
	if proto != "" {
		w = append([]string{proto}, w...)
	}
	return strings.Join(w, " ")
}

// addrString prints an IPv4 or IPv6 address, other lengths in hex.
func addrString(b []byte) string {
	if a, ok := netip.AddrFromSlice(b); ok {
		return a.String()
	}
	return hexString(b)
}
