package dissect

import (
	"encoding/binary"
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
// Attributes are decoded raw (nftables sets NLA_F_NESTED on its nests).

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
var nfnlSubsys = map[uint8]string{
	0: "NFNL_SUBSYS_NONE", 1: "NFNL_SUBSYS_CTNETLINK", 2: "NFNL_SUBSYS_CTNETLINK_EXP",
	3: "NFNL_SUBSYS_QUEUE", 4: "NFNL_SUBSYS_ULOG", 5: "NFNL_SUBSYS_OSF", 6: "NFNL_SUBSYS_IPSET",
	7: "NFNL_SUBSYS_ACCT", 8: "NFNL_SUBSYS_CTNETLINK_TIMEOUT", 9: "NFNL_SUBSYS_CTHELPER",
	10: "NFNL_SUBSYS_NFTABLES", 11: "NFNL_SUBSYS_NFT_COMPAT", 12: "NFNL_SUBSYS_HOOK",
}

const nfnlSubsysNftables = 10

// nftMsgs is enum nf_tables_msg_types
// (include/uapi/linux/netfilter/nf_tables.h), in order from 0.
var nftMsgs = []string{
	"NFT_MSG_NEWTABLE", "NFT_MSG_GETTABLE", "NFT_MSG_DELTABLE",
	"NFT_MSG_NEWCHAIN", "NFT_MSG_GETCHAIN", "NFT_MSG_DELCHAIN",
	"NFT_MSG_NEWRULE", "NFT_MSG_GETRULE", "NFT_MSG_DELRULE",
	"NFT_MSG_NEWSET", "NFT_MSG_GETSET", "NFT_MSG_DELSET",
	"NFT_MSG_NEWSETELEM", "NFT_MSG_GETSETELEM", "NFT_MSG_DELSETELEM",
	"NFT_MSG_NEWGEN", "NFT_MSG_GETGEN", "NFT_MSG_TRACE",
	"NFT_MSG_NEWOBJ", "NFT_MSG_GETOBJ", "NFT_MSG_DELOBJ", "NFT_MSG_GETOBJ_RESET",
	"NFT_MSG_NEWFLOWTABLE", "NFT_MSG_GETFLOWTABLE", "NFT_MSG_DELFLOWTABLE",
	"NFT_MSG_GETRULE_RESET",
	"NFT_MSG_DESTROYTABLE", "NFT_MSG_DESTROYCHAIN", "NFT_MSG_DESTROYRULE",
	"NFT_MSG_DESTROYSET", "NFT_MSG_DESTROYSETELEM", "NFT_MSG_DESTROYOBJ",
	"NFT_MSG_DESTROYFLOWTABLE", "NFT_MSG_GETSETELEM_RESET",
}

// nfgenmsgHeader decodes struct nfgenmsg.
var nfgenmsgHeader = &HeaderSpec{
	Name: "nfgenmsg",
	Len:  4,
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
func nfprotoName(v uint8) string {
	switch v {
	case 0:
		return "NFPROTO_UNSPEC"
	case 1:
		return "NFPROTO_INET"
	case 2:
		return "NFPROTO_IPV4"
	case 3:
		return "NFPROTO_ARP"
	case 5:
		return "NFPROTO_NETDEV"
	case 7:
		return "NFPROTO_BRIDGE"
	case 10:
		return "NFPROTO_IPV6"
	}
	return strconv.Itoa(int(v))
}

// nftKind classifies an nftables message by its name.
func nftKind(name string) MsgKind {
	op := strings.TrimPrefix(name, "NFT_MSG_")
	switch {
	case strings.HasPrefix(op, "GET"):
		return MsgGet
	case strings.HasPrefix(op, "NEW"):
		return MsgNew
	case strings.HasPrefix(op, "DEL"), strings.HasPrefix(op, "DESTROY"):
		return MsgDel
	}
	return MsgOther
}

func init() {
	msgs := map[uint16]*MessageSpec{
		// #define NFNL_MSG_BATCH_BEGIN	NLMSG_MIN_TYPE
		// #define NFNL_MSG_BATCH_END	NLMSG_MIN_TYPE+1
		nlmsgMinType:     {Name: "NFNL_MSG_BATCH_BEGIN", Header: nfgenmsgHeader},
		nlmsgMinType + 1: {Name: "NFNL_MSG_BATCH_END", Header: nfgenmsgHeader},
	}
	for i, n := range nftMsgs {
		msgs[nfnlSubsysNftables<<8|uint16(i)] = &MessageSpec{Name: n, Kind: nftKind(n), Header: nfgenmsgHeader}
	}
	registerFamily(&FamilySpec{
		Family:   nlcap.FamilyNetfilter,
		Messages: msgs,
		Default:  &MessageSpec{Header: nfgenmsgHeader},
		TypeName: func(t uint16) string {
			sub, ok := nfnlSubsys[uint8(t>>8)]
			if !ok {
				return ""
			}
			return sub + "/" + strconv.Itoa(int(t&0xff))
		},
	})
}
