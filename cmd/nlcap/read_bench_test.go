package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// benchFile writes the records of every testdata capture, repeated n times
// (whole files at a time, as bench/readgen does), to a temporary pcap file
// and returns its name and message count.
func benchFile(b *testing.B, n int) (string, int) {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(capturesDir, "*.pcap"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no captures: %v", err)
	}
	var recs []nlcap.Record
	for _, f := range files {
		r, c, err := pcap.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := r.ReadRecord()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			recs = append(recs, rec)
		}
		c.Close()
	}
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, nil)
	if err != nil {
		b.Fatal(err)
	}
	msgs := 0
	for range n {
		for _, r := range recs {
			if err := w.WriteRecord(r); err != nil {
				b.Fatal(err)
			}
			for _, err := range r.Messages() {
				if err == nil {
					msgs++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	name := filepath.Join(b.TempDir(), "bench.pcap")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return name, msgs
}

// BenchmarkRead runs nlcap -r (both passes) to io.Discard in each output
// mode and reports messages per second.
func BenchmarkRead(b *testing.B) {
	file, msgs := benchFile(b, 20)
	for _, mode := range []struct {
		name string
		args []string
	}{{"one-line", nil}, {"v", []string{"-v"}}, {"json", []string{"--json"}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := run(context.Background(), append([]string{"-r", file}, mode.args...), io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(msgs)*float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkLearn measures the first pass of nlcap -r over a classic pcap
// file: through pcap.Reader (learnFile, which pcapng files take) and in
// place (learnPcap); see learnPcap for the figures.
func BenchmarkLearn(b *testing.B) {
	file, msgs := benchFile(b, 200)
	st, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	inplace := func(ctx context.Context, f io.Reader, p *printer) error {
		if !learnPcap(ctx, f, p) {
			return errors.New("learnPcap declined the file")
		}
		return nil
	}
	for _, pass := range []struct {
		name  string
		learn func(context.Context, io.Reader, *printer) error
		size  int64 // options.inputSize: blocks are read ahead when it is known
	}{
		{"reader", learnFile, 0},
		{"inplace", inplace, 0},
		{"inplace-ahead", inplace, st.Size()},
	} {
		b.Run(pass.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.Open(file)
				if err != nil {
					b.Fatal(err)
				}
				if err := pass.learn(context.Background(), f, newPrinter(&options{inputSize: pass.size}, io.Discard)); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
			b.ReportMetric(float64(msgs)*float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
