package dissect

import (
	"encoding/binary"
	"strconv"

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
	sockDiagByFamily = 20
	sockDestroy      = 21
)

var sockDiagHeader = &HeaderSpec{
	Name: "sock_diag",
	Len:  1,
	Decode: func(b []byte, _ binary.ByteOrder) []Field {
		return []Field{{Name: "family", Value: afName(b[0]), Raw: uint64(b[0])}}
	},
}

// afName names the address families sock_diag serves
// (include/linux/socket.h).
func afName(v uint8) string {
	switch v {
	case 1:
		return "AF_UNIX"
	case 2:
		return "AF_INET"
	case 10:
		return "AF_INET6"
	case 16:
		return "AF_NETLINK"
	case 17:
		return "AF_PACKET"
	case 40:
		return "AF_VSOCK"
	case 44:
		return "AF_XDP"
	case 45:
		return "AF_MCTP"
	}
	return strconv.Itoa(int(v))
}

func init() {
	registerFamily(&FamilySpec{
		Family: nlcap.FamilySockDiag,
		Messages: map[uint16]*MessageSpec{
			sockDiagByFamily: {Name: "SOCK_DIAG_BY_FAMILY", Kind: MsgGet, Header: sockDiagHeader, Attrs: noAttrs},
			sockDestroy:      {Name: "SOCK_DESTROY", Kind: MsgDel, Header: sockDiagHeader, Attrs: noAttrs},
		},
	})
}
