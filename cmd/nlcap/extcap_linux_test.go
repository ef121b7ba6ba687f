package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/pcap"
)

// fakeCapture stands for nlcap's live capture in extcap tests: it writes n
// records to stdout as pcapng, says "listening" on stderr, waits for ctx
// (a signal, or the fifo's reader gone), then writes one more record (the
// drain) and returns the write's error, as runCapture does.
type fakeCapture struct {
	n        int
	args     []string
	started  chan struct{} // closed after the first records
	canceled chan struct{} // closed when ctx was done
}

func (f *fakeCapture) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f.args = args
	fmt.Fprintln(stderr, "listening on nlcap1, link-type NETLINK")
	w, err := pcap.NewWriter(stdout, &pcap.WriterConfig{Format: pcap.FormatPcapng})
	if err != nil {
		return err
	}
	for i := range f.n {
		if err := w.WriteRecord(testRecord(i)); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	close(f.started)
	<-ctx.Done()
	close(f.canceled)
	if err := w.WriteRecord(testRecord(f.n)); err != nil {
		return err
	}
	return w.Flush()
}

func useFake(t *testing.T, n int) *fakeCapture {
	f := &fakeCapture{n: n, started: make(chan struct{}), canceled: make(chan struct{})}
	extcapRun = f.run
	t.Cleanup(func() { extcapRun = nil })
	return f
}

func mkfifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "wireshark_extcap_nlmon")
	if err := unix.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// startExtcap runs an nlmon --capture into path in the background.
func startExtcap(ctx context.Context, path string, extra ...string) (result chan error, stderr *bytes.Buffer) {
	result, stderr = make(chan error, 1), new(bytes.Buffer)
	args := append([]string{"--capture", "--extcap-interface", "nlmon", "--fifo", path}, extra...)
	go func() { result <- run(ctx, args, io.Discard, stderr) }()
	return result, stderr
}

func waitResult(t *testing.T, result chan error) error {
	t.Helper()
	select {
	case err := <-result:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the extcap capture did not return")
		return nil
	}
}

// openCapture opens a capture (a fifo: once its writer opened it too) and
// its reader; the file is closed at cleanup.
func openCapture(t *testing.T, path string) (*os.File, *pcap.Reader) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := pcap.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return f, r
}

// readSeqs reads n records (all when n < 0) from r.
func readSeqs(t *testing.T, r *pcap.Reader, n int) []uint32 {
	t.Helper()
	var seqs []uint32
	for n < 0 || len(seqs) < n {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) && n < 0 {
			break
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(seqs), err)
		}
		seqs = append(seqs, rec.Order().Uint32(rec.Data[8:]))
	}
	return seqs
}

// TestExtcapFifoSignal: dumpcap reads the fifo and stops the capture with
// SIGTERM (ctx): every record reaches the fifo, the drained one too, the
// exit is clean and stderr stays empty; --log-file gets the diagnostics.
func TestExtcapFifoSignal(t *testing.T) {
	fake := useFake(t, 3)
	fifo := mkfifo(t)
	logFile := filepath.Join(t.TempDir(), "log")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result, stderr := startExtcap(ctx, fifo, "--family", "route", "--log-file", logFile)

	_, r := openCapture(t, fifo) // dumpcap's end
	if got := readSeqs(t, r, 3); !slices.Equal(got, []uint32{0, 1, 2}) {
		t.Fatalf("records %v", got)
	}
	cancel() // SIGTERM
	if got := readSeqs(t, r, -1); !slices.Equal(got, []uint32{3}) {
		t.Errorf("after the stop: records %v, want the drained 3 then EOF", got)
	}
	if err := waitResult(t, result); err != nil {
		t.Fatalf("stopped capture: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q: Wireshark shows any stderr as an error", stderr)
	}
	if want := []string{"-w", "-", "--pcapng", "-s", "262144", "-B", "4096", "--family", "route"}; !slices.Equal(fake.args, want) {
		t.Errorf("capture args %q, want %q", fake.args, want)
	}
	if b, err := os.ReadFile(logFile); err != nil || !strings.Contains(string(b), "listening on nlcap1") {
		t.Errorf("log file: %q, %v", b, err)
	}
}

// TestExtcapFifoReaderGone: dumpcap closes the fifo while the capture is
// idle: the capture is stopped (its context canceled), its last write's
// EPIPE is the normal end, not an error.
func TestExtcapFifoReaderGone(t *testing.T) {
	fake := useFake(t, 2)
	fifo := mkfifo(t)
	result, stderr := startExtcap(context.Background(), fifo)
	f, r := openCapture(t, fifo)
	readSeqs(t, r, 2)
	f.Close()
	select {
	case <-fake.canceled:
	case <-time.After(10 * time.Second):
		t.Fatal("the capture was not stopped when the fifo's reader went away")
	}
	if err := waitResult(t, result); err != nil {
		t.Fatalf("reader gone: %v, want a clean end", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q", stderr)
	}
}

// TestExtcapFifoFails: a capture that fails shows its error and its
// diagnostics on stderr (Wireshark's error dialog), exit status 1.
func TestExtcapFifoFails(t *testing.T) {
	extcapRun = func(_ context.Context, _ []string, _, stderr io.Writer) error {
		fmt.Fprintln(stderr, "nlcap: warning: something odd")
		return errors.New("create nlmon link: kernel has no nlmon")
	}
	t.Cleanup(func() { extcapRun = nil })
	_, stderr, err := runExtcapArgs(t, "--capture", "--extcap-interface", "nlmon", "--fifo", mkfifo(t))
	if err == nil || !strings.Contains(stderr, "something odd") {
		t.Fatalf("err %v, stderr %q", err, stderr)
	}
	var full bytes.Buffer
	if code := exitCode(err, &full); code != 1 || !strings.Contains(full.String(), "kernel has no nlmon") {
		t.Errorf("exit %d, %q", code, full.String())
	}
}

// TestExtcapFifoNoReader: stopped before anyone opened the fifo, the
// capture does not hang on it.
func TestExtcapFifoNoReader(t *testing.T) {
	useFake(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	result, _ := startExtcap(ctx, mkfifo(t))
	if err := waitResult(t, result); err == nil || !strings.Contains(err.Error(), "no reader opened the fifo") {
		t.Errorf("err %v, want no reader", err)
	}
}

// TestExtcapFile: --fifo naming a plain file (a run by hand) gets a whole
// capture.
func TestExtcapFile(t *testing.T) {
	fake := useFake(t, 2)
	path := filepath.Join(t.TempDir(), "out.pcapng")
	ctx, cancel := context.WithCancel(context.Background())
	result, _ := startExtcap(ctx, path)
	<-fake.started
	cancel()
	if err := waitResult(t, result); err != nil {
		t.Fatal(err)
	}
	f, r := openCapture(t, path)
	if got := readSeqs(t, r, -1); !slices.Equal(got, []uint32{0, 1, 2}) {
		t.Errorf("records %v", got)
	}
	if fi, _ := f.Stat(); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}

// TestExtcapFifoReleased: a capture that fails before its first write (here
// a bad option) opens and closes the fifo, so that dumpcap, blocked opening
// its end, sees the end of the stream instead of hanging.
func TestExtcapFifoReleased(t *testing.T) {
	fifo := mkfifo(t)
	reader := make(chan error, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until a writer opens the fifo
		if err == nil {
			_, err = f.Read(make([]byte, 1))
			f.Close()
		}
		reader <- err
	}()
	_, stderr, err := runExtcapArgs(t, "--capture", "--extcap-interface", extcapProcess, "--fifo", fifo, "--pid", "x")
	var ue usageError
	if !errors.As(err, &ue) {
		t.Errorf("bad --pid: %v (stderr %q), want a usage error", err, stderr)
	}
	select {
	case err := <-reader:
		if !errors.Is(err, io.EOF) {
			t.Errorf("dumpcap's end read %v, want EOF", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("dumpcap's end is still blocked opening the fifo")
	}
}
