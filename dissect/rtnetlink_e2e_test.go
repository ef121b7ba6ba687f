package dissect

import (
	"fmt"
	"os"
	"testing"
)

func TestRtnlScratchDump(t *testing.T) {
	if os.Getenv("RTNL_DUMP") == "" {
		t.Skip("scratch")
	}
	for _, c := range engineCaptures(t) {
		if c.name != "rtnl-basic.pcap" {
			continue
		}
		d := NewDecoder(nil)
		for i, rec := range c.records {
			for _, m := range d.Decode(rec, i) {
				fmt.Printf("%d.%d %s %v len=%d fixed=%v sum=%q prob=%q\n", i, m.Index, m.TypeName, m.FlagNames, m.Header.Len, m.Fixed, m.Summary, m.Problem)
				var walk func(as []Attr, ind string)
				walk = func(as []Attr, ind string) {
					for _, a := range as {
						fmt.Printf("%s%d %s len=%d %s %q\n", ind, a.Type, a.Name, a.Len, a.Value, a.Problem)
						walk(a.Children, ind+"  ")
					}
				}
				walk(m.Attrs, "   ")
				if m.Error != nil && m.Error.Echo != nil {
					fmt.Printf("   echo %s %v\n", m.Error.Echo.TypeName, m.Error.Echo.Fixed)
					walk(m.Error.Echo.Attrs, "     ")
				}
			}
		}
	}
}
