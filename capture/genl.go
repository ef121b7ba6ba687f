package capture

import (
	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// GenlDumpSeq is the nlmsg_seq of the generic netlink family-table dump
// (CTRL_CMD_GETFAMILY with NLM_F_DUMP) that a capture sends right after its
// tap is up ([DumpGenlFamilies]), so that decoders can name every genl
// family. nlreplay recognises the request by it ([IsGenlDump]) and does not
// replay it unless asked to. The value reads "nlca" in ASCII.
const GenlDumpSeq uint32 = 0x6e6c6361

// genlDumpRequest is that request: nlctrl, CTRL_CMD_GETFAMILY, version 1,
// NLM_F_DUMP, sequence GenlDumpSeq.
//
//	struct genlmsghdr { __u8 cmd; __u8 version; __u16 reserved; }
func genlDumpRequest() netlink.Message {
	return netlink.Message{
		Header: netlink.Header{
			Type:     dissect.GENL_ID_CTRL,
			Flags:    netlink.Request | netlink.Dump,
			Sequence: GenlDumpSeq,
		},
		Data: []byte{dissect.CTRL_CMD_GETFAMILY, 1, 0, 0},
	}
}

// IsGenlDump reports whether a request of family f with header h and
// payload data, as recorded, is the genl family-table dump a capture
// writes at its start ([GenlDumpSeq]).
func IsGenlDump(f nlcap.Family, h netlink.Header, data []byte) bool {
	want := genlDumpRequest()
	return f == nlcap.FamilyGeneric && h.Type == want.Header.Type && h.Flags&netlink.Dump == netlink.Dump &&
		h.Sequence == GenlDumpSeq && len(data) >= 1 && data[0] == want.Data[0]
}
