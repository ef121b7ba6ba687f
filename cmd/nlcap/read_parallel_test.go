package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// withReadWorkers runs fn with n decoding workers (1: the sequential
// pass) and chunks cut after chunkBytes.
func withReadWorkers(t *testing.T, n, chunkBytes int, fn func()) {
	t.Helper()
	oldN, oldB := readWorkers, parallelChunkBytes
	readWorkers, parallelChunkBytes = n, chunkBytes
	defer func() { readWorkers, parallelChunkBytes = oldN, oldB }()
	fn()
}

// TestParallelRead checks that the parallel printing pass prints, byte for
// byte, what the sequential pass prints, with every option that changes
// what is decoded or printed, chunks of one record and of a few, and the
// errors of a truncated file.
func TestParallelRead(t *testing.T) {
	files := captureFiles(t)
	good, err := os.ReadFile(filepath.Join(capturesDir, "rtnl-kinds.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(t.TempDir(), "truncated.pcap")
	if err := os.WriteFile(truncated, good[:len(good)-10], 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, truncated)
	modes := [][]string{
		nil, {"-v"}, {"-vv"}, {"--json"}, {"-n"}, {"-q"}, {"-x"}, {"-vv", "-X", "--json"},
		{"-Q", "in"}, {"-Q", "out", "--json"}, {"--family", "generic"}, {"--family", "route", "-c", "7"},
		{"-c", "1"}, {"-c", "40", "-Q", "out"},
	}
	for _, f := range files {
		for _, mode := range modes {
			args := append([]string{"-r", f}, mode...)
			var want, wantErr string
			withReadWorkers(t, 1, parallelChunkBytes, func() {
				want, wantErr, _ = runNlcap(t, args...)
			})
			if want == "" && mode == nil {
				t.Fatalf("%v: nothing printed", args)
			}
			for _, chunk := range []int{1, 2000, 1 << 20} {
				withReadWorkers(t, 3, chunk, func() {
					before := parallelPasses
					got, gotErr, _ := runNlcap(t, args...)
					if parallelPasses != before+1 {
						t.Fatalf("%v: the parallel pass did not run", args)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%v, chunks of %d bytes: output (-sequential +parallel):\n%s", args, chunk, diff)
					}
					if gotErr != wantErr {
						t.Errorf("%v, chunks of %d bytes: stderr %q, sequential %q", args, chunk, gotErr, wantErr)
					}
				})
			}
		}
	}
}

// TestParallelReadWriteError checks that a write error stops the parallel
// pass with that error (and no goroutine left blocked: the test would hang).
func TestParallelReadWriteError(t *testing.T) {
	withReadWorkers(t, 2, 1, func() {
		err := run(context.Background(), []string{"-r", filepath.Join(capturesDir, "rtnl-kinds.pcap")}, failWriter{}, os.Stderr)
		var oe outputError
		if !errors.As(err, &oe) {
			t.Errorf("err = %v, want the write error", err)
		}
	})
}

// TestParallelReadCanceled checks that a canceled context (SIGINT) ends the
// parallel pass without an error, as it ends the sequential one.
func TestParallelReadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	withReadWorkers(t, 2, 1, func() {
		var out nopWriter
		if err := run(ctx, []string{"-r", filepath.Join(capturesDir, "rtnl-kinds.pcap")}, &out, os.Stderr); err != nil {
			t.Errorf("err = %v after a cancel", err)
		}
	})
}

type nopWriter struct{ n int }

func (w *nopWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

// TestChunkBytesFor: chunks shrink with the workers, to a floor, and never
// exceed parallelChunkBytes (which tests set small).
func TestChunkBytesFor(t *testing.T) {
	for _, c := range []struct{ max, n, want int }{
		{512 << 10, 1, 512 << 10}, {512 << 10, 2, 512 << 10}, {512 << 10, 4, 512 << 10},
		{512 << 10, 8, 256 << 10}, {512 << 10, 16, 128 << 10}, {512 << 10, 256, 128 << 10},
		{4 << 10, 2, 4 << 10}, {4 << 10, 256, 4 << 10},
	} {
		old := parallelChunkBytes
		parallelChunkBytes = c.max
		if got := chunkBytesFor(c.n); got != c.want {
			t.Errorf("max %d, %d workers: %d, want %d", c.max, c.n, got, c.want)
		}
		parallelChunkBytes = old
	}
}
