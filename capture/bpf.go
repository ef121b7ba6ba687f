package capture

import (
	"fmt"
	"math"

	"github.com/nlcap/nlcap"
	"golang.org/x/net/bpf"
)

// filterProgram returns the classic BPF program attached to the packet
// socket. It accepts records whose protocol (nlmon sets skb->protocol to
// htons(family); the "ld #proto" extension, SKF_AD_PROTOCOL, loads it in host
// order) is one of families, keeping at most snapLen bytes; with no families
// it accepts everything. Like libpcap, the snapshot length is applied by the
// filter's return value so the kernel never queues more.
//
//	ld #proto
//	jeq #F1, accept
//	jeq #F2, accept
//	...
//	ret #0
//	accept: ret #snaplen
func filterProgram(families []nlcap.Family, snapLen int) ([]bpf.RawInstruction, error) {
	if snapLen <= 0 || uint64(snapLen) > math.MaxUint32 {
		return nil, fmt.Errorf("snapshot length %d out of range", snapLen)
	}
	seen := make(map[nlcap.Family]bool)
	var fams []nlcap.Family
	for _, f := range families {
		if !seen[f] {
			seen[f] = true
			fams = append(fams, f)
		}
	}
	// Jump offsets are 8 bits.
	if len(fams) > 200 {
		return nil, fmt.Errorf("too many families in filter: %d", len(fams))
	}
	accept := bpf.RetConstant{Val: uint32(snapLen)}
	if len(fams) == 0 {
		return bpf.Assemble([]bpf.Instruction{accept})
	}
	prog := []bpf.Instruction{bpf.LoadExtension{Num: bpf.ExtProto}}
	for i, f := range fams {
		// Skip the remaining jeqs and the "ret #0" to reach accept.
		prog = append(prog, bpf.JumpIf{Cond: bpf.JumpEqual, Val: uint32(f), SkipTrue: uint8(len(fams) - i)})
	}
	prog = append(prog, bpf.RetConstant{Val: 0}, accept)
	return bpf.Assemble(prog)
}
