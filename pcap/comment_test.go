package pcap_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
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

func TestProcessComment(t *testing.T) {
	tests := []struct {
		in   nlcap.Process
		text string
	}{
		{nlcap.Process{PID: 123, TID: 124, Comm: "ip", PortID: 456}, "nlcap.process: pid=123 tid=124 port=456 group=0 comm=ip"},
		{nlcap.Process{PID: 1, TID: 1, Comm: "kworker/0:1 x", PortID: 4294967295, Group: 32}, `nlcap.process: pid=1 tid=1 port=4294967295 group=32 comm="kworker/0:1 x"`},
		{nlcap.Process{PID: 7, TID: 8, Comm: "a\"b\x1b\n"}, `nlcap.process: pid=7 tid=8 port=0 group=0 comm="a\"b\x1b\n"`},
		{nlcap.Process{PID: 7}, `nlcap.process: pid=7 tid=0 port=0 group=0 comm=""`},
	}
	for _, tt := range tests {
		got := pcap.FormatProcessComment(tt.in)
		if got != tt.text {
			t.Errorf("Format(%+v) = %q, want %q", tt.in, got, tt.text)
		}
		back, ok := pcap.ParseProcessComment(got)
		if !ok || back != tt.in {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", got, back, ok, tt.in)
		}
	}
	for _, bad := range []string{
		"nlcap.kernel: 6.1", "nlcap.process: pid=x comm=ip", "nlcap.process: pid=1 comm=a b",
		`nlcap.process: pid=1 comm="unterminated`, "nlcap.process: pid", "nlcap.process: pid=99999999999 comm=a",
	} {
		if p, ok := pcap.ParseProcessComment(bad); ok {
			t.Errorf("Parse(%q) = %+v, true; want false", bad, p)
		}
	}
}

// TestProcessRoundTrip writes records with processes and comments to pcapng
// and reads them back: the process is lifted out of the comments, other
// comments stay; classic pcap drops it.
func TestProcessRoundTrip(t *testing.T) {
	data := []byte{20, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0}
	recs := []nlcap.Record{
		{Timestamp: time.Unix(1, 0), Family: nlcap.FamilyAudit, Direction: nlcap.DirectionFromKernel, OrigLen: len(data), Data: data,
			Process: nlcap.Process{PID: 10, TID: 11, Comm: "auditctl", PortID: 10, Group: 1}},
		{Timestamp: time.Unix(2, 0), Family: nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel, OrigLen: len(data), Data: data,
			Comment: "hello", Process: nlcap.Process{PID: 12, TID: 12, Comm: "odd name"}},
		{Timestamp: time.Unix(3, 0), Family: nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel, OrigLen: len(data), Data: data, Comment: "plain"},
	}
	_, got := readAll(t, writeAll(t, &pcap.WriterConfig{Format: pcap.FormatPcapng}, recs))
	if len(got) != len(recs) {
		t.Fatalf("read %d records, want %d", len(got), len(recs))
	}
	for i := range recs {
		if got[i].Process != recs[i].Process || got[i].Comment != recs[i].Comment || got[i].Family != recs[i].Family {
			t.Errorf("record %d: process %+v comment %q family %v; want %+v %q %v", i, got[i].Process, got[i].Comment, got[i].Family,
				recs[i].Process, recs[i].Comment, recs[i].Family)
		}
	}
	_, got = readAll(t, writeAll(t, &pcap.WriterConfig{Format: pcap.FormatPcap}, recs))
	for i := range got {
		if got[i].Process.Known() {
			t.Errorf("classic pcap record %d has a process: %+v", i, got[i].Process)
		}
	}
}

// TestProcessCommentTshark: Wireshark shows the process of a record as its
// packet comment (frame.comment), beside any other comment.
func TestProcessCommentTshark(t *testing.T) {
	bin := tshark(t)
	data := []byte{20, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0}
	recs := []nlcap.Record{
		{Timestamp: time.Unix(1, 0), Family: nlcap.FamilyAudit, Direction: nlcap.DirectionFromKernel, OrigLen: len(data), Data: data,
			Process: nlcap.Process{PID: 10, TID: 11, Comm: "auditctl", PortID: 10}},
		{Timestamp: time.Unix(2, 0), Family: nlcap.FamilyRoute, Direction: nlcap.DirectionToKernel, OrigLen: len(data), Data: data},
	}
	f := filepath.Join(t.TempDir(), "p.pcapng")
	if err := os.WriteFile(f, writeAll(t, &pcap.WriterConfig{Format: pcap.FormatPcapng}, recs), 0o600); err != nil {
		t.Fatal(err)
	}
	got := runTshark(t, bin, f, "-T", "fields", "-e", "frame.comment")
	want := "nlcap.process: pid=10 tid=11 port=10 group=0 comm=auditctl\n\n"
	if got != want {
		t.Errorf("tshark frame.comment:\n%q\nwant\n%q", got, want)
	}
}
