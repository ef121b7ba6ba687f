// Command readgen writes a large LINKTYPE_NETLINK capture for the read
// benchmark (bench/read.sh) by repeating the real records of the test
// captures, whole files at a time so that every generic netlink lookup stays
// in front of the messages it names. Timestamps keep increasing.
//
//	go run ./bench/readgen -o big.pcap -messages 1000000
//	go run ./bench/readgen -o big.pcap -bytes 1000000000
//
// It prints "RECORDS MESSAGES BYTES" of the file written on stdout.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "readgen: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		out      = flag.String("o", "", "output `file`")
		messages = flag.Int64("messages", 0, "stop once the file holds at least `n` netlink messages")
		size     = flag.Int64("bytes", 0, "stop once the file is at least `n` bytes")
		glob     = flag.String("captures", "testdata/captures/*.pcap", "source captures (`glob`)")
	)
	flag.Parse()
	if *out == "" || (*messages <= 0 && *size <= 0) {
		flag.Usage()
		return errors.New("need -o and -messages or -bytes")
	}
	files, err := filepath.Glob(*glob)
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no captures match %q", *glob)
	}
	type file struct {
		recs []nlcap.Record
		msgs int64
	}
	var src []file
	for _, name := range files {
		f, err := load(name)
		if err != nil {
			return err
		}
		var n int64
		for _, r := range f {
			for _, err := range r.Messages() {
				if err == nil {
					n++
				}
			}
		}
		src = append(src, file{f, n})
	}
	fo, err := os.Create(*out)
	if err != nil {
		return err
	}
	cw := &countWriter{w: fo}
	w, err := pcap.NewWriter(cw, nil)
	if err != nil {
		return err
	}
	var (
		nrec, nmsg int64
		ts         = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	)
	done := func() bool {
		return (*messages > 0 && nmsg >= *messages) || (*size > 0 && cw.n >= *size)
	}
	for !done() {
		for _, f := range src {
			for _, r := range f.recs {
				r.Timestamp = ts
				ts = ts.Add(time.Microsecond)
				if err := w.WriteRecord(r); err != nil {
					return err
				}
				nrec++
			}
			nmsg += f.msgs
			if done() {
				break
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := fo.Close(); err != nil {
		return err
	}
	fmt.Println(nrec, nmsg, cw.n)
	return nil
}

func load(name string) ([]nlcap.Record, error) {
	r, c, err := pcap.Open(name)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var recs []nlcap.Record
	for {
		rec, err := r.ReadRecord()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		recs = append(recs, rec)
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
