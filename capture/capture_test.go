package capture

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"golang.org/x/net/bpf"
)

func TestFilterProgram(t *testing.T) {
	tests := []struct {
		name     string
		families []nlcap.Family
		snap     int
		want     []bpf.Instruction
		err      string
	}{
		{name: "all", snap: 262144, want: []bpf.Instruction{bpf.RetConstant{Val: 262144}}},
		{
			name:     "generic",
			families: []nlcap.Family{nlcap.FamilyGeneric},
			snap:     100,
			want: []bpf.Instruction{
				bpf.LoadExtension{Num: bpf.ExtProto},
				bpf.JumpIf{Cond: bpf.JumpEqual, Val: 16, SkipTrue: 1},
				bpf.RetConstant{Val: 0},
				bpf.RetConstant{Val: 100},
			},
		},
		{
			name:     "route generic netfilter, duplicate dropped",
			families: []nlcap.Family{nlcap.FamilyRoute, nlcap.FamilyGeneric, nlcap.FamilyRoute, nlcap.FamilyNetfilter},
			snap:     65535,
			want: []bpf.Instruction{
				bpf.LoadExtension{Num: bpf.ExtProto},
				bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0, SkipTrue: 3},
				bpf.JumpIf{Cond: bpf.JumpEqual, Val: 16, SkipTrue: 2},
				bpf.JumpIf{Cond: bpf.JumpEqual, Val: 12, SkipTrue: 1},
				bpf.RetConstant{Val: 0},
				bpf.RetConstant{Val: 65535},
			},
		},
		{name: "zero snaplen", snap: 0, err: "snapshot length 0 out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := filterProgram(tt.families, tt.snap)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, ok := bpf.Disassemble(raw)
			if !ok {
				t.Fatalf("program does not disassemble: %v", raw)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("program (-want +got):\n%s", diff)
			}
			// Every family in the list is accepted, any other rejected.
			for f := nlcap.Family(0); f < 32; f++ {
				want := uint32(0)
				if len(tt.families) == 0 {
					want = uint32(tt.snap)
				}
				for _, g := range tt.families {
					if g == f {
						want = uint32(tt.snap)
					}
				}
				if got := runProto(t, got, uint32(f)); got != want {
					t.Errorf("family %d: ret %d, want %d", f, got, want)
				}
			}
		})
	}
}

// runProto interprets the subset of classic BPF filterProgram emits, with
// "ld #proto" loading proto (x/net/bpf's VM has no ExtProto).
func runProto(t *testing.T, prog []bpf.Instruction, proto uint32) uint32 {
	t.Helper()
	var a uint32
	for pc := 0; pc < len(prog); pc++ {
		switch in := prog[pc].(type) {
		case bpf.LoadExtension:
			a = proto
		case bpf.JumpIf:
			if in.Cond != bpf.JumpEqual {
				t.Fatalf("unexpected condition %v", in.Cond)
			}
			if a == in.Val {
				pc += int(in.SkipTrue)
			} else {
				pc += int(in.SkipFalse)
			}
		case bpf.RetConstant:
			return in.Val
		default:
			t.Fatalf("unexpected instruction %v", in)
		}
	}
	t.Fatal("program fell off the end")
	return 0
}

func TestLinkName(t *testing.T) {
	tests := []struct {
		name string
		pid  int
		ok   bool
	}{
		{"nlcap1234", 1234, true},
		{"nlcap4194304", 4194304, true},
		{"nlcap", 0, false},
		{"nlcap0", 0, false},
		{"nlcap012", 0, false},
		{"nlcap12a", 0, false},
		{"nlmon0", 0, false},
		{"nlcap-1", 0, false},
		{"nlcap99999999999", 0, false},
	}
	for _, tt := range tests {
		pid, ok := linkPID(tt.name)
		if pid != tt.pid || ok != tt.ok {
			t.Errorf("linkPID(%q) = %d, %v; want %d, %v", tt.name, pid, ok, tt.pid, tt.ok)
		}
		if tt.ok && linkNameFor(tt.pid) != tt.name {
			t.Errorf("linkNameFor(%d) = %q", tt.pid, linkNameFor(tt.pid))
		}
	}
	// The largest Linux pid (PID_MAX_LIMIT 4194304) fits IFNAMSIZ-1.
	if n := linkNameFor(4194304); len(n) > 15 {
		t.Errorf("%q is longer than 15 bytes", n)
	}
}

func TestNetNSPath(t *testing.T) {
	tests := []struct {
		spec, want, err string
	}{
		{spec: "blue", want: "/run/netns/blue"},
		{spec: "1234", want: "/proc/1234/ns/net"},
		{spec: "/var/run/netns/x", want: "/var/run/netns/x"},
		{spec: "./ns", want: "./ns"},
		{spec: "", err: "empty name"},
		{spec: "..", err: "invalid name"},
	}
	for _, tt := range tests {
		got, err := NetNSPath(tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("NetNSPath(%q) err = %v, want %q", tt.spec, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NetNSPath(%q) = %q, %v; want %q", tt.spec, got, err, tt.want)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	var c *Config
	if c.snapLen() != DefaultSnapLen-nlcap.PseudoHeaderLen || c.bufferSize() != DefaultBufferSize || c.netNS() != 0 || c.families() != nil {
		t.Fatal("nil Config does not give the defaults")
	}
	c = &Config{SnapLen: 100, BufferSize: 1 << 10, NetNS: 7, Families: []nlcap.Family{nlcap.FamilyGeneric}}
	if c.snapLen() != 100-nlcap.PseudoHeaderLen || c.bufferSize() != 1<<10 || c.netNS() != 7 || len(c.families()) != 1 {
		t.Fatal("Config fields are not used")
	}
}
