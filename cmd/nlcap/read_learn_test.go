package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
	"github.com/nlcap/nlcap/pcap"
)

// TestFirstPassLearnsWholeFile: nlcap -r on a regular file names a
// generic netlink family in a message before the nlctrl message that
// defines it (the first pass learned the whole file), in a big-endian file
// too; standard input is read once and cannot.
func TestFirstPassLearnsWholeFile(t *testing.T) {
	o := binary.BigEndian
	use := o.AppendUint32(nil, 20)
	use = o.AppendUint16(use, 0x30)
	use = o.AppendUint16(use, 1) // NLM_F_REQUEST
	use = o.AppendUint32(use, 1)
	use = o.AppendUint32(use, 0)
	use = append(use, 1, 1, 0, 0) // genlmsghdr: cmd 1
	data := bigEndianPcap(t, []nlcap.Record{{Family: nlcap.FamilyGeneric, Data: use, ByteOrder: o}, beFamilyRecord(0x30, "beta")})
	name := filepath.Join(t.TempDir(), "be.pcap")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runNlcap(t, "-r", name)
	first, _, _ := strings.Cut(stdout, "\n")
	if code != 0 || !strings.Contains(first, "beta") {
		t.Errorf("exit %d, stderr %q; first line %q does not name family 0x30 beta", code, stderr, first)
	}
	cmd := testutil.Command(t, "-r", "-")
	cmd.Stdin = bytes.NewReader(data)
	stdout, _, _ = testutil.Run(t, cmd)
	if first, _, _ := strings.Cut(stdout, "\n"); strings.Contains(first, "beta") {
		t.Errorf("stdin: first line %q names a family defined after it", first)
	}
}

// bigEndianPcap writes recs as a big-endian classic pcap file, as a
// big-endian host's nlcap -w would (netlink messages in big-endian order).
func bigEndianPcap(t *testing.T, recs []nlcap.Record) []byte {
	t.Helper()
	be := binary.BigEndian
	b := be.AppendUint32(nil, 0xa1b2c3d4)
	b = be.AppendUint16(b, 2)
	b = be.AppendUint16(b, 4)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 262144)
	b = be.AppendUint32(b, 253)
	for _, r := range recs {
		data := r.Data
		h, err := nlcap.NewPseudoHeader(r.Family).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		n := uint32(len(h) + len(data))
		b = be.AppendUint32(b, 1)
		b = be.AppendUint32(b, 0)
		b = be.AppendUint32(b, n)
		b = be.AppendUint32(b, n)
		b = append(append(b, h...), data...)
	}
	return b
}

// beFamilyRecord is newFamilyRecord in big-endian byte order.
func beFamilyRecord(id uint16, name string) nlcap.Record {
	o := binary.BigEndian
	nameLen := 4 + len(name) + 1
	total := nlcap.NlmsgHdrLen + 4 + 8 + nlcap.NlmsgAlign(nameLen)
	b := o.AppendUint32(nil, uint32(total))
	b = o.AppendUint16(b, 0x10) // GENL_ID_CTRL
	b = o.AppendUint16(b, 0)
	b = o.AppendUint32(b, 0)
	b = o.AppendUint32(b, 0)
	b = append(b, 1, 2, 0, 0) // CTRL_CMD_NEWFAMILY
	b = o.AppendUint16(b, 6)
	b = o.AppendUint16(b, 1) // CTRL_ATTR_FAMILY_ID
	b = o.AppendUint16(b, id)
	b = append(b, 0, 0)
	b = o.AppendUint16(b, uint16(nameLen))
	b = o.AppendUint16(b, 2) // CTRL_ATTR_FAMILY_NAME
	b = append(b, name...)
	b = append(b, make([]byte, nlcap.NlmsgAlign(nameLen)-nameLen+1)...)
	return nlcap.Record{Family: nlcap.FamilyGeneric, Data: b, ByteOrder: o, OrigLen: len(b)}
}

// TestLearnPcapMatchesReader checks that the fast first pass (learnPcap)
// learns what learnFile learns through pcap.Reader: the same genl families,
// multicast groups and interface names (seen in the printed summaries), on
// every capture, on malformed and truncated files, read in small pieces.
func TestLearnPcapMatchesReader(t *testing.T) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	var all []nlcap.Record
	for _, f := range captureFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, recordsOf(t, f)...)
		if bytes.HasPrefix(data, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
			// pcapng: learnPcap must decline it (runRead then uses the
			// general reader); its records join the combined inputs below.
			if learnPcap(context.Background(), bytes.NewReader(data), newPrinter(&options{}, io.Discard)) {
				t.Errorf("%s: learnPcap accepted a pcapng file", f)
			}
			continue
		}
		inputs = append(inputs, input{filepath.Base(f), data})
	}
	// Every capture in one file, in reverse: lookups after their use.
	rev := make([]nlcap.Record, len(all))
	for i, r := range all {
		rev[len(all)-1-i] = r
	}
	for _, cfg := range []*pcap.WriterConfig{nil, {Nanosecond: true}} {
		inputs = append(inputs, input{"reversed", testutil.CaptureBytes(t, cfg, rev)})
	}
	whole := inputs[len(inputs)-1].data
	inputs = append(inputs,
		input{"truncated record", whole[:len(whole)-10]},
		input{"truncated header", whole[:len(whole)-len(all[0].Data)-20]},
		input{"big-endian", bigEndianPcap(t, []nlcap.Record{beFamilyRecord(0x30, "beta")})},
		input{"malformed records", classicPcap(253,
			[]byte{0, 4, 3, 0x38}, // shorter than the cooked header
			cookedFamily(nlcap.FamilyGeneric, append(nlmsg(24, 0x10, 0x1, 3, 1, 0, 0), 2, 0, 1, 0)...),
			cooked(nlmsg(100, 0x10, 0x1)...),
		)},
	)
	defer func(n int) { learnBlockSize = n }(learnBlockSize)
	for _, in := range inputs {
		for _, rd := range []struct {
			name  string
			wrap  func(io.Reader) io.Reader
			block int
			ahead bool // the file's size known: blocks read ahead
		}{
			{"whole", func(r io.Reader) io.Reader { return r }, 1 << 20, false},
			{"half", iotest.HalfReader, 1 << 20, false},
			{"small blocks", func(r io.Reader) io.Reader { return r }, 100, false},
			{"onebyte", iotest.OneByteReader, 7, false},
			{"ahead", func(r io.Reader) io.Reader { return r }, 100, true},
			{"ahead half", iotest.HalfReader, 64, true},
			{"ahead onebyte", iotest.OneByteReader, 33, true},
		} {
			if strings.HasSuffix(rd.name, "onebyte") && len(in.data) > 1<<16 {
				continue
			}
			t.Run(in.name+"/"+rd.name, func(t *testing.T) {
				learnBlockSize = rd.block
				var out1, out2 bytes.Buffer
				o := &options{}
				if rd.ahead {
					o.inputSize = int64(len(in.data))
				}
				p1, p2 := newPrinter(o, &out1), newPrinter(o, &out2)
				if err := learnFile(context.Background(), bytes.NewReader(in.data), p1); err != nil {
					t.Fatal(err)
				}
				if !learnPcap(context.Background(), rd.wrap(bytes.NewReader(in.data)), p2) {
					t.Fatal("learnPcap declined a classic pcap file")
				}
				// As runRead does: the printing below then skips the
				// nlctrl messages each pass counted.
				p1.d.Settle()
				p2.d.Settle()
				if in.name == "big-endian" && p2.d.GenlFamilies()[0x30] != "beta" {
					t.Errorf("big-endian: families %v, want 0x30 beta", p2.d.GenlFamilies())
				}
				if diff := cmp.Diff(p1.d.GenlFamilies(), p2.d.GenlFamilies()); diff != "" {
					t.Errorf("genl families (-reader +fast):\n%s", diff)
				}
				if diff := cmp.Diff(p1.d.GenlMcastGroups(), p2.d.GenlMcastGroups()); diff != "" {
					t.Errorf("mcast groups (-reader +fast):\n%s", diff)
				}
				r, err := pcap.NewReader(bytes.NewReader(in.data))
				if err != nil {
					t.Fatal(err)
				}
				for {
					var rec nlcap.Record
					err := r.ReadRecordInto(&rec)
					if _, ok := recordError(err); ok {
						continue
					}
					if err != nil {
						break
					}
					if err := p1.print(rec); err != nil {
						t.Fatal(err)
					}
					if err := p2.print(rec); err != nil {
						t.Fatal(err)
					}
				}
				p1.flush()
				p2.flush()
				if out1.Len() == 0 && in.name != "malformed records" {
					t.Fatal("nothing printed")
				}
				if diff := cmp.Diff(out1.String(), out2.String()); diff != "" {
					t.Errorf("output (-reader +fast):\n%s", diff)
				}
			})
		}
	}
	// Not classic pcap: learnPcap declines, learnFile reads it.
	ng := testutil.CaptureBytes(t, &pcap.WriterConfig{Format: pcap.FormatPcapng}, all[:1])
	for _, data := range [][]byte{ng, classicPcap(1, make([]byte, 60)), []byte("short"), nil} {
		if learnPcap(context.Background(), bytes.NewReader(data), newPrinter(&options{}, io.Discard)) {
			t.Errorf("learnPcap(%.8x) = true, want false", data)
		}
	}
}

// TestShortFileAllocation: nlcap -r on a short file allocates about what
// the file needs, not the buffers sized for large ones (1 MiB first-pass
// and read blocks, a 64 KiB output buffer, 40 KiB attribute chunks):
// FuzzRead runs it thousands of times a second, and zeroing those was
// most of its time.
func TestShortFileAllocation(t *testing.T) {
	name := filepath.Join(t.TempDir(), "short.pcap")
	data := classicPcap(253, cooked(nlmsg(20, 16, 2, 1, 0, 0, 0)...), cooked(nlmsg(20, 16, 2, 2, 0, 0, 0)...))
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-r", name}, {"-r", name, "-vv", "--json"}} {
		run(context.Background(), args, io.Discard, io.Discard) // warm: tables built once
		// The least of three rounds: another goroutine's allocations
		// (a test before this one) count in TotalAlloc too.
		per := uint64(math.MaxUint64)
		for range 3 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			const n = 20
			for range n {
				if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
					t.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			per = min(per, (after.TotalAlloc-before.TotalAlloc)/n)
		}
		if per > 160<<10 {
			t.Errorf("%q: %d bytes allocated per run of a %d-byte file", args[2:], per, len(data))
		} else {
			t.Logf("%q: %d bytes allocated per run", args[2:], per)
		}
	}
}
