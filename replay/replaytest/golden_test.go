package replaytest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/render"
	"github.com/nlcap/nlcap/replay"
)

// fakeTB records failures instead of failing the real test. Fatalf stops
// the checked function with a panic that run recovers.
type fakeTB struct {
	testing.TB
	errors, fatals, logs []string
	cleanups             []func()
}

type fatalStop struct{}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
	panic(fatalStop{})
}

func (f *fakeTB) run(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatalStop); !ok {
				panic(r)
			}
		}
	}()
	fn()
}

func capture(name string) string { return filepath.Join("..", "..", "testdata", "captures", name) }

// TestCheckGoldenRoundTrip writes goldens with Update, checks that they then
// pass, and that a changed golden fails with a diff naming the change.
func TestCheckGoldenRoundTrip(t *testing.T) {
	for _, name := range []string{"rtnl-basic.pcap", "genl-ctrl.pcap", "genl-ethtool.pcap"} {
		for _, ext := range []string{".golden", ".json"} {
			t.Run(name+ext, func(t *testing.T) {
				golden := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".pcap")+ext)
				f := &fakeTB{TB: t}
				f.run(func() { CheckGoldenWith(f, capture(name), golden, &GoldenOptions{Update: true}) })
				if len(f.errors)+len(f.fatals) > 0 {
					t.Fatalf("update: %v %v", f.errors, f.fatals)
				}
				b, err := os.ReadFile(golden)
				if err != nil || len(b) == 0 {
					t.Fatalf("golden not written: %v", err)
				}
				f = &fakeTB{TB: t}
				f.run(func() { CheckGolden(f, capture(name), golden) })
				if len(f.errors)+len(f.fatals) > 0 {
					t.Fatalf("check after update: %v %v", f.errors, f.fatals)
				}
				// Change one line: the check fails and shows it.
				lines := strings.Split(string(b), "\n")
				i := len(lines) / 2
				old := lines[i]
				lines[i] = "changed line"
				if err := os.WriteFile(golden, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
					t.Fatal(err)
				}
				f = &fakeTB{TB: t}
				f.run(func() { CheckGolden(f, capture(name), golden) })
				if len(f.errors) != 1 {
					t.Fatalf("changed golden: %d errors, want 1", len(f.errors))
				}
				if !strings.Contains(f.errors[0], "- changed line") || !strings.Contains(f.errors[0], "+ "+old) {
					t.Errorf("diff does not show the change:\n%s", f.errors[0])
				}
			})
		}
	}
}

func TestCheckGoldenErrors(t *testing.T) {
	tests := []struct {
		name, capture, golden, want string
	}{
		{"missing golden", capture("genl-ctrl.pcap"), filepath.Join(t.TempDir(), "none.golden"), "run the test with -update"},
		{"missing capture", "testdata/none.pcap", filepath.Join(t.TempDir(), "x.golden"), "none.pcap"},
		{"not a capture", "golden.go", filepath.Join(t.TempDir(), "x.golden"), "golden.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeTB{TB: t}
			f.run(func() { CheckGolden(f, tt.capture, tt.golden) })
			if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], tt.want) {
				t.Errorf("fatals %q, want one containing %q", f.fatals, tt.want)
			}
		})
	}
}

// TestGoldenIsNlcapOutput checks that a golden file is what nlcap -r -vv
// (and --json) prints: the goldens of nlcap -r in testdata/golden, which
// cmd/nlcap's TestReadGolden checks against the command, must be what
// replaytest writes, byte for byte, for every capture.
func TestGoldenIsNlcapOutput(t *testing.T) {
	files, err := filepath.Glob(capture("*.pcap*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		for _, mode := range []struct {
			name string
			cfg  *render.Config
		}{{"vv", &render.Config{Verbose: 2}}, {"json", &render.Config{Verbose: 2, JSON: true}}, {"v", &render.Config{Verbose: 1}}} {
			t.Run(base+"/"+mode.name, func(t *testing.T) {
				want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", base+"."+mode.name+".golden"))
				if err != nil {
					t.Fatal(err)
				}
				got, err := decodeFile(file, mode.cfg)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != string(want) {
					t.Errorf("replaytest output differs from nlcap -r's golden:\n%s", Diff(string(want), string(got), 40))
				}
				if mode.name == "vv" {
					recs, err := ReadRecords(file)
					if err == nil && Text(recs, nil) != string(want) && !strings.Contains(string(want), "[malformed record") {
						t.Errorf("Text differs from the file's golden")
					}
				}
			})
		}
	}
}

func TestNewMockReportsUnmatched(t *testing.T) {
	f := &fakeTB{TB: t}
	var m *replay.Mock
	f.run(func() { m = NewMock(f, capture("rtnl-basic.pcap"), nil) })
	if m == nil {
		t.Fatalf("NewMock failed: %v", f.fatals)
	}
	c := m.Dial(int(nlcap.FamilyRoute))
	defer c.Close()
	// RTM_GETNEIGH dump: not in the capture; non-strict answers EOPNOTSUPP.
	if _, err := c.Execute(netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 12)}); err == nil {
		t.Error("unrecorded request succeeded")
	}
	for _, fn := range f.cleanups {
		fn()
	}
	if len(f.errors) != 1 || !strings.Contains(f.errors[0], "closest recorded request") {
		t.Errorf("cleanup errors %q, want one naming the closest request", f.errors)
	}
}

// TestNewMockStrictAndRequireAllServed: in strict mode an unmatched request
// fails the test at cleanup even though the client got (and here ignored)
// the error; RequireAllServed fails on exchanges never served.
func TestNewMockStrictAndRequireAllServed(t *testing.T) {
	f := &fakeTB{TB: t}
	var m *replay.Mock
	f.run(func() {
		m = NewMock(f, capture("rtnl-basic.pcap"), &replay.MockConfig{Strict: true, RequireAllServed: true})
	})
	if m == nil {
		t.Fatalf("NewMock failed: %v", f.fatals)
	}
	c := m.Dial(int(nlcap.FamilyRoute))
	defer c.Close()
	_, _ = c.Execute(netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 12)})
	for _, fn := range f.cleanups {
		fn()
	}
	var unmatched, unserved int
	for _, e := range f.errors {
		switch {
		case strings.Contains(e, "closest recorded request"):
			unmatched++
		case strings.Contains(e, "was never served"):
			unserved++
		}
	}
	if unmatched != 1 || unserved == 0 || unmatched+unserved != len(f.errors) {
		t.Errorf("cleanup errors %q, want one unmatched request and the unserved exchanges", f.errors)
	}
}

// TestNewMockFailsAtTestLine runs a failing test in a child process and
// checks that the failure names this file and the line of NewMock's call,
// not replaytest's own source.
func TestNewMockFailsAtTestLine(t *testing.T) {
	if os.Getenv("REPLAYTEST_CHILD") == "1" {
		m := NewMock(t, capture("rtnl-basic.pcap"), &replay.MockConfig{Strict: true}) // the line the failure must name
		c := m.Dial(int(nlcap.FamilyRoute))
		defer c.Close()
		_, _ = c.Execute(netlink.Message{Header: netlink.Header{Type: 30, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 12)})
		return
	}
	src, err := os.ReadFile("golden_test.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "\t\tm := NewMock(t, ") {
			line = i + 1
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNewMockFailsAtTestLine$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REPLAYTEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child test passed; want it to fail on the unmatched request\n%s", out)
	}
	want := fmt.Sprintf("golden_test.go:%d: replaytest: ", line)
	if !strings.Contains(string(out), want) || strings.Contains(string(out), "mock.go:") {
		t.Errorf("child output does not point at %q:\n%s", want, out)
	}
}
