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
		NFNL_MSG_BATCH_BEGIN: {Name: "NFNL_MSG_BATCH_BEGIN", Header: nfgenmsgHeader},
		NFNL_MSG_BATCH_END:   {Name: "NFNL_MSG_BATCH_END", Header: nfgenmsgHeader},
	}
	for i, n := range nftMsgs {
		msgs[NFNL_SUBSYS_NFTABLES<<8|uint16(i)] = &MessageSpec{Name: n, Kind: nftKind(n), Header: nfgenmsgHeader}
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
	})
}
