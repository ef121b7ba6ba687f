package dissect

import (
	"encoding/binary"
	"maps"
	"slices"

	"github.com/nlcap/nlcap"
)

// LearnGenlFamily teaches d that generic netlink family id is name, as an
// nlctrl CTRL_CMD_NEWFAMILY message carrying both would: for ids learned
// elsewhere (nlcap's pcapng section comment, the families a live kernel
// resolved). An nlctrl message learned later still takes precedence. A
// name too long for an attribute (64 KiB) is ignored.
func (d *Decoder) LearnGenlFamily(id uint16, name string) {
	if len(name) > 0xffff-5 {
		return
	}
	// Not through Learn: what a comment or a caller says is no nlctrl
	// message of the file (Settle counts those).
	rec := GenlFamilyRecord(id, name)
	d.learnCtrl(rec.Data[nlcap.NlmsgHdrLen:], rec.Order())
}

// LearnGenlFamilies is [Decoder.LearnGenlFamily] for every entry of fams,
// in the order of the ids.
func (d *Decoder) LearnGenlFamilies(fams map[uint16]string) {
	for _, id := range slices.Sorted(maps.Keys(fams)) {
		d.LearnGenlFamily(id, fams[id])
	}
}

// GenlFamilyRecord returns a generic netlink record (native byte order)
// holding one nlctrl CTRL_CMD_NEWFAMILY message with CTRL_ATTR_FAMILY_ID id
// and CTRL_ATTR_FAMILY_NAME name, as the kernel answers a lookup.
func GenlFamilyRecord(id uint16, name string) nlcap.Record {
	o := binary.NativeEndian
	nameLen := 4 + len(name) + 1
	total := nlcap.NlmsgHdrLen + genlHdrLen + 8 + nlcap.NlmsgAlign(nameLen)
	b := make([]byte, 0, total)
	b = o.AppendUint32(b, uint32(total))
	b = o.AppendUint16(b, genlIDCtrl)
	b = o.AppendUint16(b, 0)
	b = o.AppendUint32(b, 0) // seq
	b = o.AppendUint32(b, 0) // pid
	b = append(b, ctrlCmdNewFamily, 2, 0, 0)
	b = o.AppendUint16(b, 6)
	b = o.AppendUint16(b, ctrlAttrFamilyID)
	b = o.AppendUint16(b, id)
	b = append(b, 0, 0)
	b = o.AppendUint16(b, uint16(nameLen))
	b = o.AppendUint16(b, ctrlAttrFamilyName)
	b = append(b, name...)
	b = append(b, make([]byte, nlcap.NlmsgAlign(nameLen)-nameLen+1)...)
	return nlcap.Record{Family: nlcap.FamilyGeneric, Data: b, ByteOrder: o, OrigLen: len(b)}
}
