package replay

import (
	"encoding/binary"
	"sync"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/render"
)

// Render returns the decoded text lines of msgs as nlcap -r -vv prints
// them (package render), without what always differs between two runs:
// the time, family and direction columns, nlmsg_seq and nlmsg_pid. genl
// names the generic netlink family ids. Strings from the messages are
// escaped.
func Render(msgs []netlink.Message, opts *CompareOptions, genl map[uint16]string) []string {
	var o CompareOptions
	if opts != nil {
		o = *opts
	}
	if o.ByteOrder == nil {
		o.ByteOrder = binary.NativeEndian
	}
	return renderAll(msgs, &o, genl)
}

func renderAll(msgs []netlink.Message, o *CompareOptions, genl map[uint16]string) []string {
	if len(msgs) == 0 {
		return nil
	}
	d := dissect.NewDecoder(nil)
	if o.Family == nlcap.FamilyGeneric {
		d.LearnGenlFamilies(genl)
	}
	p := render.New(&render.Config{Verbose: 2, Diff: true})
	var lines []string
	for _, m := range msgs {
		// One record per message: EncodeMessage does not pad.
		dm := d.Decode(nlcap.Record{Family: o.Family, ByteOrder: o.ByteOrder, Data: EncodeMessage(m, o.ByteOrder)}, 0)
		lines = append(lines, p.Lines(dm)...)
	}
	return lines
}

// lineDiff returns a line diff of recorded (-) and live (+) lines, every
// common line kept (render.Diff).
func lineDiff(a, b []string, maxLines int) string { return render.Diff(a, b, -1, maxLines) }

// typeNames caches typeName: names depend only on the family, the type,
// the genl command and the name the genl id has on its side.
var typeNames = struct {
	sync.Mutex
	m map[typeKey]string
}{m: map[typeKey]string{}}

type typeKey struct {
	f    nlcap.Family
	t    uint16
	cmd  int // genl command, -1 without genlmsghdr
	name string
	// req: NLM_F_REQUEST, which picks the command names of families that
	// number their replies apart (ethtool).
	req bool
}

// maxTypeNames bounds the typeName cache (a capture may hold any ids).
const maxTypeNames = 4096

// typeName names a message type as nlcap -r does ("RTM_NEWLINK", "nlctrl
// CTRL_CMD_GETFAMILY", "ethtool cmd 99", "genl-0x20 cmd 1"), for
// comparison and output: genl messages by family name and command, so that
// different ids of one family compare equal. The name is escaped (the
// renderer's), and comes from a dissect.Decoder that learned only what
// genl says of this id.
func typeName(f nlcap.Family, m netlink.Message, genl map[uint16]string) string {
	k := typeKey{f: f, t: uint16(m.Header.Type), cmd: -1, req: m.Header.Flags&netlink.Request != 0}
	genlMsg := f == nlcap.FamilyGeneric && k.t >= nlmsgMinType
	if genlMsg {
		k.name = genl[k.t]
		if len(m.Data) >= 1 {
			k.cmd = int(m.Data[0])
		}
	}
	typeNames.Lock()
	defer typeNames.Unlock()
	if n, ok := typeNames.m[k]; ok {
		return n
	}
	// A header (and genlmsghdr) alone is enough to name the type.
	o := binary.NativeEndian
	b := make([]byte, 0, nlcap.NlmsgHdrLen+genlHdrLen)
	b = o.AppendUint32(b, uint32(nlcap.NlmsgHdrLen))
	b = o.AppendUint16(b, k.t)
	var flags uint16
	if k.req {
		flags = dissect.NLM_F_REQUEST
	}
	b = o.AppendUint16(b, flags)
	b = append(b, make([]byte, 8)...)
	if k.cmd >= 0 {
		b = append(b, byte(k.cmd), 0, 0, 0)
		o.PutUint32(b, uint32(len(b)))
	}
	d := dissect.NewDecoder(&dissect.Config{Brief: true})
	if genlMsg && k.name != "" {
		d.LearnGenlFamily(k.t, k.name)
	}
	var name string
	if dm := d.Decode(nlcap.Record{Family: f, ByteOrder: o, Data: b}, 0); len(dm) == 1 {
		name = string(render.New(nil).AppendType(nil, &dm[0]))
	}
	if len(typeNames.m) >= maxTypeNames {
		clear(typeNames.m)
	}
	typeNames.m[k] = name
	return name
}
