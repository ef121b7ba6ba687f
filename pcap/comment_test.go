package pcap_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap/pcap"
)

func TestGenlFamiliesComment(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[uint16]string
		ok   bool
	}{
		{"one", "nlcap.genl-families: 0x10=nlctrl", map[uint16]string{0x10: "nlctrl"}, true},
		{"several", "nlcap.genl-families: 0x10=nlctrl,0x14=ethtool,0xffff=x", map[uint16]string{0x10: "nlctrl", 0x14: "ethtool", 0xffff: "x"}, true},
		{"decimal", "nlcap.genl-families: 16=nlctrl", map[uint16]string{0x10: "nlctrl"}, true},
		{"empty list", "nlcap.genl-families: ", map[uint16]string{}, true},
		{"line of a longer comment", "captured by me\nnlcap.genl-families: 0x15=devlink\r\nbye", map[uint16]string{0x15: "devlink"}, true},
		{"other comment", "nlcap.kernel: 6.1.0", nil, false},
		{"no name", "nlcap.genl-families: 0x10=", nil, false},
		{"no equals", "nlcap.genl-families: 0x10", nil, false},
		{"id too big", "nlcap.genl-families: 0x10000=big", nil, false},
		{"bad id", "nlcap.genl-families: zz=nlctrl", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := pcap.ParseGenlFamiliesComment(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	m := map[uint16]string{0x10: "nlctrl", 0x11: "VFS_DQUOT", 0x1b: "tcp_metrics", 0x20: "bad,name", 0x21: ""}
	c := pcap.FormatGenlFamiliesComment(m)
	if want := "nlcap.genl-families: 0x10=nlctrl,0x11=VFS_DQUOT,0x1b=tcp_metrics"; c != want {
		t.Errorf("Format = %q, want %q", c, want)
	}
	got, ok := pcap.ParseGenlFamiliesComment(c)
	delete(m, 0x20)
	delete(m, 0x21)
	if diff := cmp.Diff(m, got); !ok || diff != "" {
		t.Errorf("round trip ok=%v (-want +got):\n%s", ok, diff)
	}
}

func TestKernelComment(t *testing.T) {
	c := pcap.FormatKernelComment("6.1.0-56-amd64")
	if c != "nlcap.kernel: 6.1.0-56-amd64" {
		t.Errorf("Format = %q", c)
	}
	for in, want := range map[string]string{
		c:                                  "6.1.0-56-amd64",
		"x\nnlcap.kernel: 6.12.1\n":        "6.12.1",
		"nlcap.genl-families: 0x10=nlctrl": "",
	} {
		got, ok := pcap.ParseKernelComment(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseKernelComment(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
