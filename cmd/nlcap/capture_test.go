package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

func TestParseCaptureOptions(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want *captureOptions
		err  string
	}{
		{name: "defaults", want: &captureOptions{snapLen: 262144}},
		{name: "snaplen 0 is default", args: []string{"-s", "0"}, want: &captureOptions{snapLen: 262144}},
		{name: "small snaplen", args: []string{"-s", "20"}, err: "at least 32"},
		{name: "negative snaplen", args: []string{"-s", "-1"}, err: "at least 32"},
		{name: "families", args: []string{"--family", "route,genl"}, want: &captureOptions{snapLen: 262144, families: []nlcap.Family{0, 16}}},
		{name: "untapped family", args: []string{"--family", "audit"}, err: "never copies audit"},
		{name: "unknown family", args: []string{"--family", "bogus"}, err: "unknown netlink family"},
		{name: "direction in", args: []string{"-Q", "in"}, want: &captureOptions{snapLen: 262144, direction: nlcap.DirectionToKernel}},
		{name: "direction bad", args: []string{"-Q", "up"}, err: "want in, out or inout"},
		{name: "size rotation", args: []string{"-w", "f", "-C", "2", "-W", "3"}, want: &captureOptions{snapLen: 262144, fileSize: 2000000, maxFiles: 3}},
		{name: "size kib", args: []string{"-w", "f", "-C", "64k"}, want: &captureOptions{snapLen: 262144, fileSize: 65536}},
		{name: "size bad", args: []string{"-w", "f", "-C", "x"}, err: "invalid file size"},
		{name: "time rotation", args: []string{"-w", "f", "-G", "5"}, want: &captureOptions{snapLen: 262144, interval: 5 * time.Second}},
		{name: "rotation to stdout", args: []string{"-w", "-", "-C", "1"}, err: "need -w FILE"},
		{name: "rotation without -w", args: []string{"-G", "1"}, err: "need -w FILE"},
		{name: "W alone", args: []string{"-w", "f", "-W", "2"}, err: "-W needs -C or -G"},
		{name: "negative G", args: []string{"-w", "f", "-G", "-1"}, err: "-G must not be negative"},
		{name: "negative duration", args: []string{"--duration", "-1s"}, err: "--duration"},
		{name: "buffer", args: []string{"-B", "1024"}, want: &captureOptions{snapLen: 262144, buffer: 1 << 20}},
		{name: "buffer negative", args: []string{"-B", "-1"}, err: "-B -1"},
		{name: "pcapng", args: []string{"--pcapng"}, want: &captureOptions{snapLen: 262144, format: pcap.FormatPcapng}},
		{name: "pcapng by name", args: []string{"-w", "t.PCAPNG"}, want: &captureOptions{snapLen: 262144, format: pcap.FormatPcapng}},
		{name: "pcap by name", args: []string{"-w", "t.pcap"}, want: &captureOptions{snapLen: 262144}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o options
			fs := newFlagSet(&o, io.Discard)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			got, err := parseCaptureOptions(&o)
			if tt.err != "" {
				var ue usageError
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &ue) {
					t.Fatalf("err = %v, want usage error containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(captureOptions{})); diff != "" {
				t.Fatalf("options (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunCaptureUsage checks that bad capture flags exit 2 before anything
// privileged happens.
func TestRunCaptureUsage(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-w", "-", "-G", "1"}, io.Discard, &stderr)
	if code := exitCode(err, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2 (err %v)", code, err)
	}
	if !strings.Contains(stderr.String(), "need -w FILE") {
		t.Fatalf("stderr %q", stderr.String())
	}
}

func TestMakeFilename(t *testing.T) {
	tests := []struct {
		name     string
		cnt, max int
		want     string
	}{
		{"cap", 0, 0, "cap"},
		{"cap", 1, 0, "cap1"},
		{"cap", 12, 0, "cap12"},
		{"cap", 0, wflagChars(10), "cap0"},
		{"cap", 3, wflagChars(100), "cap03"},
		{"cap", 0, wflagChars(1), "cap"},
	}
	for _, tt := range tests {
		if got := makeFilename(tt.name, tt.cnt, tt.max); got != tt.want {
			t.Errorf("makeFilename(%q, %d, %d) = %q, want %q", tt.name, tt.cnt, tt.max, got, tt.want)
		}
	}
	for w, want := range map[int]int{0: 0, 1: 0, 2: 1, 10: 1, 11: 2, 100: 2, 101: 3} {
		if got := wflagChars(w); got != want {
			t.Errorf("wflagChars(%d) = %d, want %d", w, got, want)
		}
	}
}

func TestStrftime(t *testing.T) {
	ts := time.Date(2026, 3, 7, 14, 5, 9, 0, time.FixedZone("CET", 3600))
	tests := []struct{ format, want string }{
		{"trace-%Y%m%d-%H%M%S.pcap", "trace-20260307-140509.pcap"},
		{"%y %C %e %j %I%p", "26 20  7 066 02PM"},
		{"%F %T %R %D", "2026-03-07 14:05:09 14:05 03/07/26"},
		{"%a %A %b %B %u %w", "Sat Saturday Mar March 6 6"},
		{"%s", fmt.Sprint(ts.Unix())},
		{"%z %Z", "+0100 CET"},
		{"100%% %q %", "100% %q %"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := strftime(tt.format, ts); got != tt.want {
			t.Errorf("strftime(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

func TestParseFileSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"", 0, false}, {"0", 0, false}, {"1", 1000000, false}, {"10k", 10240, false},
		{"2M", 2 << 20, false}, {"1g", 1 << 30, false}, {"-1", 0, true}, {"k", 0, true}, {"1.5", 0, true},
	}
	for _, tt := range tests {
		got, err := parseFileSize(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseFileSize(%q) = %d, %v; want %d, err %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// memFS holds files created by a rotator.
type memFS struct {
	mu    sync.Mutex
	files map[string]*bytes.Buffer
	order []string
}

type memFile struct{ *bytes.Buffer }

func (memFile) Close() error { return nil }

func (m *memFS) create(name string) (io.WriteCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = make(map[string]*bytes.Buffer)
	}
	b := new(bytes.Buffer)
	m.files[name] = b
	m.order = append(m.order, name)
	return memFile{b}, nil
}

func testRecord(i int) nlcap.Record {
	data := make([]byte, 100)
	putHeader(data, uint32(len(data)), uint32(i))
	return nlcap.Record{Timestamp: time.Unix(1700000000, int64(i)*1000), Family: nlcap.FamilyRoute, Data: data, OrigLen: len(data)}
}

// putHeader writes a native-endian nlmsghdr with NLM_F_REQUEST and sequence
// seq.
func putHeader(b []byte, l, seq uint32) {
	o := (&nlcap.Record{}).Order()
	o.PutUint32(b[0:], l)
	o.PutUint16(b[4:], 18) // RTM_GETLINK
	o.PutUint16(b[6:], nlcap.FlagRequest)
	o.PutUint32(b[8:], seq)
}

// readAll returns the sequence numbers of the records in a pcap file.
func readAll(t *testing.T, b []byte) []uint32 {
	t.Helper()
	r, err := pcap.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint32
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			return seqs
		}
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, rec.Order().Uint32(rec.Data[8:]))
	}
}

func TestRotator(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)
	tests := []struct {
		name      string
		r         rotator
		n         int
		step      time.Duration // clock advance per record
		wantFiles []string
		wantErrAt int // record index where errRotationDone is expected, -1 none
		ring      bool
	}{
		{name: "single", r: rotator{base: "f"}, n: 50, wantFiles: []string{"f"}, wantErrAt: -1},
		// Each record is 16+16+100 = 132 bytes; 24-byte file header.
		{name: "size", r: rotator{base: "f", limit: 1000}, n: 20, wantFiles: []string{"f", "f1", "f2"}, wantErrAt: -1},
		{name: "size with W", r: rotator{base: "f", limit: 1000, maxFiles: 10}, n: 20, wantFiles: []string{"f0", "f1", "f2"}, wantErrAt: -1},
		{name: "size ring", r: rotator{base: "f", limit: 1000, maxFiles: 2}, n: 20, wantFiles: []string{"f0", "f1", "f0"}, wantErrAt: -1, ring: true},
		{name: "time", r: rotator{base: "f-%H%M%S", interval: 10 * time.Second}, n: 25, step: time.Second,
			wantFiles: []string{"f-030400", "f-030410", "f-030420"}, wantErrAt: -1},
		{name: "time with W stops", r: rotator{base: "f-%S", interval: 10 * time.Second, maxFiles: 2}, n: 25, step: time.Second,
			wantFiles: []string{"f-00", "f-10"}, wantErrAt: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs memFS
			now := base
			r := tt.r
			r.create = fs.create
			r.now = func() time.Time { return now }
			r.newSink = func(w io.Writer) (recordSink, error) { return pcap.NewWriter(w, nil) }
			if err := r.start(); err != nil {
				t.Fatal(err)
			}
			var written []uint32
			for i := range tt.n {
				rec := testRecord(i)
				err := r.WriteRecord(&rec)
				if i == tt.wantErrAt {
					if !errors.Is(err, errRotationDone) {
						t.Fatalf("record %d: err %v, want errRotationDone", i, err)
					}
					break
				}
				if err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				written = append(written, uint32(i))
				now = now.Add(tt.step)
			}
			if err := r.Close(uint64(tt.n), 0); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantFiles, r.names); diff != "" {
				t.Fatalf("files (-want +got):\n%s", diff)
			}
			// Concatenating the files in order gives every record once
			// (except in a ring, which overwrote the oldest).
			var got []uint32
			seen := map[string]bool{}
			for _, name := range r.names {
				if seen[name] {
					continue
				}
				seen[name] = true
				got = append(got, readAll(t, fs.files[name].Bytes())...)
			}
			if tt.ring {
				if len(got) >= len(written) || len(got) == 0 {
					t.Fatalf("ring kept %d of %d records", len(got), len(written))
				}
				return
			}
			if diff := cmp.Diff(written, got); diff != "" {
				t.Fatalf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// countingFile counts the writes that reach a file.
type countingFile struct {
	io.Writer
	writes *int
}

func (f countingFile) Write(b []byte) (int, error) { *f.writes++; return f.Writer.Write(b) }
func (countingFile) Close() error                  { return nil }

// TestRotatorSizeBuffered checks that -C rotates on the Writer's byte count
// at the same records as before, without a write to the file per record.
func TestRotatorSizeBuffered(t *testing.T) {
	var (
		fs     memFS
		writes = map[string]*int{}
	)
	r := rotator{base: "f", limit: 100000, now: time.Now}
	r.create = func(name string) (io.WriteCloser, error) {
		w, err := fs.create(name)
		n := new(int)
		writes[name] = n
		return countingFile{w, n}, err
	}
	r.newSink = func(w io.Writer) (recordSink, error) { return pcap.NewWriter(w, nil) }
	if err := r.start(); err != nil {
		t.Fatal(err)
	}
	const n = 2000 // 132 bytes each: 758 records a file
	for i := range n {
		rec := testRecord(i)
		if err := r.WriteRecord(&rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(n, 0); err != nil {
		t.Fatal(err)
	}
	want := []string{"f", "f1", "f2"}
	if diff := cmp.Diff(want, r.names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	next := uint32(0)
	for i, name := range r.names {
		b := fs.files[name].Bytes()
		seqs := readAll(t, b)
		if i < len(r.names)-1 && (len(b) <= 100000 || len(b) > 100000+132) {
			t.Errorf("%s: %d bytes, want just over 100000", name, len(b))
		}
		for _, s := range seqs {
			if s != next {
				t.Fatalf("%s: record %d, want %d", name, s, next)
			}
			next++
		}
		// The header at open, then 64 KiB buffers: a handful of writes.
		if *writes[name] > 4 {
			t.Errorf("%s: %d writes for %d records, want at most 4", name, *writes[name], len(seqs))
		}
	}
	if next != n {
		t.Fatalf("%d records in the files, want %d", next, n)
	}
}

// fakeSource is a liveSource fed by a channel; records queued in backlog are
// what the "kernel" holds when the capture is stopped.
type fakeSource struct {
	ch       chan nlcap.Record
	deadline chan struct{}
	once     sync.Once
	backlog  []nlcap.Record
}

func newFakeSource() *fakeSource {
	return &fakeSource{ch: make(chan nlcap.Record), deadline: make(chan struct{})}
}

func (f *fakeSource) ReadBatch(fn func(*nlcap.Record) error) error {
	select {
	case rec := <-f.ch:
		return fn(&rec)
	case <-f.deadline:
		return os.ErrDeadlineExceeded
	}
}

func (f *fakeSource) Drain(fn func(*nlcap.Record) error) error {
	for i := range f.backlog {
		if err := fn(&f.backlog[i]); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) SetDeadline(t time.Time) error {
	if !t.IsZero() && t.Before(time.Now()) {
		f.once.Do(func() { close(f.deadline) })
	}
	return nil
}

// endlessSource always has a record ready.
type endlessSource struct {
	mu      sync.Mutex
	seq     int
	drained int
}

func (e *endlessSource) ReadBatch(fn func(*nlcap.Record) error) error {
	e.mu.Lock()
	e.seq++
	rec := testRecord(e.seq)
	e.mu.Unlock()
	return fn(&rec)
}

func (e *endlessSource) Drain(fn func(*nlcap.Record) error) error {
	e.mu.Lock()
	e.drained++
	e.mu.Unlock()
	return nil
}

func (e *endlessSource) SetDeadline(time.Time) error { return nil }

func TestPump(t *testing.T) {
	t.Run("signal drains the backlog", func(t *testing.T) {
		src := newFakeSource()
		src.backlog = []nlcap.Record{testRecord(3), testRecord(4)}
		ctx, cancel := context.WithCancel(context.Background())
		var got []uint32
		errc := make(chan error, 1)
		go func() {
			errc <- pump(ctx, src, nil, func(r *nlcap.Record) error {
				got = append(got, r.Order().Uint32(r.Data[8:]))
				return nil
			}, nil)
		}()
		src.ch <- testRecord(1)
		src.ch <- testRecord(2)
		cancel()
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]uint32{1, 2, 3, 4}, got); diff != "" {
			t.Fatalf("records (-want +got):\n%s", diff)
		}
	})
	t.Run("signal under sustained traffic", func(t *testing.T) {
		// The source always has records, so a read never waits for the
		// deadline: pump must see the stop between batches.
		src := &endlessSource{}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := 0
		errc := make(chan error, 1)
		go func() {
			errc <- pump(ctx, src, nil, func(*nlcap.Record) error {
				if n++; n == 100 {
					cancel()
				}
				return nil
			}, nil)
		}()
		select {
		case err := <-errc:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("pump did not stop")
		}
		if src.drained != 1 {
			t.Fatalf("drained %d times, want once", src.drained)
		}
	})
	t.Run("flush after every batch", func(t *testing.T) {
		// A stream must see each record before the next one arrives.
		src := newFakeSource()
		src.backlog = []nlcap.Record{testRecord(3)}
		ctx, cancel := context.WithCancel(context.Background())
		var (
			mu               sync.Mutex
			handled, flushed []int
		)
		errc := make(chan error, 1)
		go func() {
			errc <- pump(ctx, src, nil, func(r *nlcap.Record) error {
				mu.Lock()
				handled = append(handled, int(r.Order().Uint32(r.Data[8:])))
				mu.Unlock()
				return nil
			}, func() error {
				mu.Lock()
				flushed = append(flushed, len(handled))
				mu.Unlock()
				return nil
			})
		}()
		for i := 1; i <= 2; i++ {
			src.ch <- testRecord(i)
			deadline := time.Now().Add(5 * time.Second)
			for {
				mu.Lock()
				ok := slices.Contains(flushed, i)
				mu.Unlock()
				if ok {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("record %d not flushed", i)
				}
				time.Sleep(time.Millisecond)
			}
		}
		cancel()
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(flushed) == 0 || flushed[len(flushed)-1] != 3 {
			t.Fatalf("flushes after %v records, want the last after the drain (3)", flushed)
		}
	})
	t.Run("flush error stops", func(t *testing.T) {
		src := newFakeSource()
		go func() { src.ch <- testRecord(0) }()
		ferr := errors.New("broken pipe")
		if err := pump(context.Background(), src, nil, func(*nlcap.Record) error { return nil }, func() error { return ferr }); !errors.Is(err, ferr) {
			t.Fatalf("err = %v, want %v", err, ferr)
		}
	})
	t.Run("duration", func(t *testing.T) {
		src := newFakeSource()
		src.backlog = []nlcap.Record{testRecord(9)}
		timeout := make(chan time.Time, 1)
		timeout <- time.Now()
		n := 0
		if err := pump(context.Background(), src, timeout, func(*nlcap.Record) error { n++; return nil }, nil); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d records, want the drained one", n)
		}
	})
	t.Run("count stops without draining", func(t *testing.T) {
		src := newFakeSource()
		src.backlog = []nlcap.Record{testRecord(9)}
		go func() {
			for i := range 5 {
				select {
				case src.ch <- testRecord(i):
				case <-time.After(time.Second):
					return
				}
			}
		}()
		n := 0
		err := pump(context.Background(), src, nil, func(*nlcap.Record) error {
			n++
			if n == 3 {
				return errCountReached
			}
			return nil
		}, nil)
		if err != nil || n != 3 {
			t.Fatalf("n = %d, err = %v; want 3, nil", n, err)
		}
	})
	t.Run("write error", func(t *testing.T) {
		src := newFakeSource()
		go func() { src.ch <- testRecord(0) }()
		werr := errors.New("disk full")
		if err := pump(context.Background(), src, nil, func(*nlcap.Record) error { return werr }, nil); !errors.Is(err, werr) {
			t.Fatalf("err = %v, want %v", err, werr)
		}
	})
	t.Run("drain stops at count", func(t *testing.T) {
		src := newFakeSource()
		src.backlog = []nlcap.Record{testRecord(1), testRecord(2), testRecord(3)}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n := 0
		err := pump(ctx, src, nil, func(*nlcap.Record) error {
			n++
			if n == 2 {
				return errCountReached
			}
			return nil
		}, nil)
		if err != nil || n != 2 {
			t.Fatalf("n = %d, err = %v; want 2, nil", n, err)
		}
	})
}

func TestReaperSpec(t *testing.T) {
	name, ns, ok := cutNul("nlcap12\x00/proc/12/fd/3")
	if name != "nlcap12" || ns != "/proc/12/fd/3" || !ok {
		t.Fatalf("cutNul = %q, %q, %v", name, ns, ok)
	}
	if name, ns, ok := cutNul("nlcap12"); name != "nlcap12" || ns != "" || ok {
		t.Fatalf("cutNul = %q, %q, %v", name, ns, ok)
	}
}
