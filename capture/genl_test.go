package capture

import (
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/nlcap/nlcap"
)

func TestIsGenlDump(t *testing.T) {
	req := genlDumpRequest()
	h := req.Header
	if !IsGenlDump(nlcap.FamilyGeneric, h, req.Data) {
		t.Error("the capture's dump not recognised")
	}
	if h.Type != 0x10 || req.Data[0] != 3 {
		t.Errorf("request %+v: want nlctrl (0x10) CTRL_CMD_GETFAMILY (3)", req)
	}
	h2 := h
	h2.Sequence = 7
	h3 := h
	h3.Flags = netlink.Request
	for name, ok := range map[string]bool{
		"other seq":    IsGenlDump(nlcap.FamilyGeneric, h2, req.Data),
		"not a dump":   IsGenlDump(nlcap.FamilyGeneric, h3, req.Data),
		"other family": IsGenlDump(nlcap.FamilyRoute, h, req.Data),
		"other cmd":    IsGenlDump(nlcap.FamilyGeneric, h, []byte{1, 1, 0, 0}),
		"no body":      IsGenlDump(nlcap.FamilyGeneric, h, nil),
	} {
		if ok {
			t.Errorf("%s: recognised as the capture's dump", name)
		}
	}
}
