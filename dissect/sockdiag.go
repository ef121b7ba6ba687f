package dissect

import (
	"encoding/binary"

	"github.com/nlcap/nlcap"
)

// NETLINK_SOCK_DIAG (include/uapi/linux/sock_diag.h): only the message types
// and the address family that starts every request and answer are decoded;
// the rest of the payload (inet_diag_req_v2, inet_diag_msg, unix_diag_req...,
// which differ by family and direction) is left raw.
//
//	#define SOCK_DIAG_BY_FAMILY 20
//	#define SOCK_DESTROY 21
//
//	struct sock_diag_req {
//		__u8	sdiag_family;
//		__u8	sdiag_protocol;
//	};
//
// noAttrs marks a MessageSpec whose payload after the decoded header is kept
// raw in Message.Trailing rather than parsed as attributes.
var noAttrs = &AttrSet{Name: "raw"}

const (
	sockDiagByFamily = SOCK_DIAG_BY_FAMILY
	sockDestroy      = SOCK_DESTROY
)

var sockDiagHeader = &HeaderSpec{
	Name: "sock_diag",
	Len:  1,
	Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{{Name: "family", Value: afName(b[0]), Raw: uint64(b[0])}}
	},
}

// afName names the address family of a sock_diag message.
func afName(v uint8) string { return enumName(rtnlAFNames, uint64(v)) }

func init() {
	registerFamily(&FamilySpec{
		Family: nlcap.FamilySockDiag,
		Messages: map[uint16]*MessageSpec{
			sockDiagByFamily: {Name: "SOCK_DIAG_BY_FAMILY", Kind: MsgGet, Header: sockDiagHeader, Attrs: noAttrs},
			sockDestroy:      {Name: "SOCK_DESTROY", Kind: MsgDel, Header: sockDiagHeader, Attrs: noAttrs},
		},
	})
}
