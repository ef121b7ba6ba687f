package main

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// The printing pass of a regular file decodes on every CPU (GOMAXPROCS):
// one goroutine reads the records in order, cuts them into chunks and keeps
// the decoder's state with dissect.Decoder.Track (cheap: headers, nlctrl
// ids, link names); workers decode and format whole chunks, each starting
// from the State the tracker had before its chunk; the calling goroutine
// writes the chunks' output in order. The output is byte for byte what the
// sequential pass prints (TestParallelRead). GOMAXPROCS=1 reads
// sequentially.

// Chunk bounds (variables for tests): a chunk is cut once it holds
// parallelChunkBytes of records, and at least as many records as an eighth
// of the entries of the state it starts from (copying the State must stay
// cheap next to decoding the chunk). bench/read.sh's file on 2 CPUs (best
// of 7, 2026-12-05): 128 KiB one-line 0.48 s, --json 1.38 s (96 MB peak
// RSS); 512 KiB 0.44 s, 1.39 s (125 MB); 1 MiB 0.43 s, 1.47 s; 2 MiB
// 0.46 s, 1.78 s: fewer State copies and hand-overs, until the chunks'
// output outgrows the caches. About 2n+3 chunks of n workers are alive at
// once, each with its output (--json: about 7 times its records), so
// chunkBytes shrinks the chunks as the workers grow (128 KiB from 16).
var (
	parallelChunkBytes = 512 << 10
	// readWorkers is the number of decoding workers; 0: GOMAXPROCS.
	readWorkers = 0
	// parallelPasses counts the parallel passes run (for tests).
	parallelPasses int
)

// A readChunk is a run of consecutive records that one worker decodes and
// formats.
type readChunk struct {
	state *dissect.State // the tracker's state before the first record
	data  []byte         // the records' bytes, back to back
	recs  []chunkRecord
	out   []byte        // the formatted output
	done  chan struct{} // closed when out is ready
}

// A chunkRecord is one record of a chunk, or one part of a large record
// (see splitRecord): the chunk then holds only that part's bytes.
type chunkRecord struct {
	rec         nlcap.Record // Data is set by the worker, from start and end
	start, end  int          // rec.Data is data[start:end]
	index       int          // the record's index in the file
	base, first int          // a part: its offset and first message in the record
	skip        bool         // left out by -Q: tracked, not printed
	why         string       // a malformed record's marker ("" for a record)
}

// parallelWorkers returns the number of decoding workers for the printing
// pass of a regular file: 0 means read sequentially.
func parallelWorkers(o *options) int {
	n := readWorkers
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if n < 2 || o.buffered {
		// -U writes every record as it is decoded.
		return 0
	}
	return n
}

// printRecordsParallel is printRecords on n workers; p's decoder must have
// learned the whole file (the first pass). It returns what printRecords
// would, after writing what printRecords would have written.
func printRecordsParallel(ctx context.Context, r *pcap.Reader, p *printer, o *options, filt readFilter, n int) error {
	parallelPasses++
	var (
		work    = make(chan *readChunk, n)
		ordered = make(chan *readChunk, n)
		free    = make(chan *readChunk, 2*n+2)
		quit    = make(chan struct{})
		workers sync.WaitGroup
		seqErr  error // the reader's end: set before ordered is closed
	)
	for range n {
		wp := newPrinter(o, nil)
		workers.Go(func() {
			for c := range work {
				wp.d.SetState(c.state)
				c.state = nil
				for i := range c.recs {
					cr := &c.recs[i]
					cr.rec.Data = c.data[cr.start:cr.end]
					switch {
					case cr.why != "":
						c.out = wp.appendMalformed(c.out, cr.rec, cr.why, cr.index)
					case cr.skip:
						wp.d.Track(cr.rec)
					default:
						c.out = wp.appendPart(c.out, cr.rec, cr.index, cr.base, cr.first)
					}
				}
				close(c.done)
			}
		})
	}
	go func() {
		defer close(ordered)
		defer close(work)
		seqErr = sequenceChunks(ctx, r, p, o, filt, work, ordered, free, quit)
	}()
	var werr error
	for c := range ordered {
		<-c.done
		if werr == nil {
			if _, err := p.w.Write(c.out); err != nil {
				werr = outputError{err}
				close(quit)
			}
		}
		select {
		case free <- c:
		default:
		}
	}
	workers.Wait()
	if werr != nil {
		return werr
	}
	return seqErr
}

// sequenceChunks is the reading side of printRecordsParallel: it reads the
// records in order, applies -Q, --family and -c as printRecords does, tracks
// the decoder's state and hands out chunks (to work first, then to
// ordered, so that a chunk the writer waits for is always being decoded).
func sequenceChunks(ctx context.Context, r *pcap.Reader, p *printer, o *options, filt readFilter,
	work, ordered chan<- *readChunk, free <-chan *readChunk, quit <-chan struct{}) error {
	tr := p.d // the first pass's decoder: it goes on as the tracker
	chunkBytes := chunkBytesFor(cap(work))
	var c *readChunk
	minRecs := 0
	newChunk := func() {
		select {
		case c = <-free:
			c.data, c.recs, c.out = c.data[:0], c.recs[:0], c.out[:0]
		default:
			c = &readChunk{}
		}
		c.state = tr.State()
		c.done = make(chan struct{})
		minRecs = c.state.Len() / 8
	}
	// send hands c out; false when the writer quit.
	send := func() bool {
		if len(c.recs) == 0 {
			return true
		}
		select {
		case work <- c:
		case <-quit:
			return false
		}
		select {
		case ordered <- c:
		case <-quit:
			return false
		}
		c = nil
		return true
	}
	newChunk()
	var parts []recordPart
	err := eachRecord(ctx, r, p, o, filt, func(rec *nlcap.Record, idx int, skip bool, why string) error {
		parts = parts[:0]
		if why == "" {
			// A large record goes in parts (each chunk then holds at
			// most about partBytes of it), so that memory does not
			// grow with the record times the CPUs.
			parts = splitRecord(parts, rec.Data, rec.Order())
		} else {
			parts = append(parts, recordPart{0, len(rec.Data), 0})
		}
		for _, pt := range parts {
			part := *rec
			part.Data = rec.Data[pt.from:pt.to]
			start := len(c.data)
			c.data = append(c.data, part.Data...)
			cr := chunkRecord{rec: part, start: start, end: len(c.data), index: idx, base: pt.from, first: pt.first, skip: skip, why: why}
			cr.rec.Data = nil
			c.recs = append(c.recs, cr)
			if why == "" {
				tr.Track(part)
			}
			if len(c.data) >= chunkBytes && len(c.recs) >= minRecs {
				if !send() {
					return errQuit
				}
				newChunk()
			}
		}
		return nil
	})
	if err == errQuit {
		return nil // the writer's error stands
	}
	send()
	return err
}

// chunkBytesFor is the chunk size for n workers: parallelChunkBytes, less
// with more than 4 workers (2 MiB of records shared out), not less than
// 128 KiB unless parallelChunkBytes is.
func chunkBytesFor(n int) int {
	const budget, floor = 2 << 20, 128 << 10
	return min(parallelChunkBytes, max(budget/max(n, 1), floor))
}

// errQuit ends sequenceChunks when the writer quit.
var errQuit = errors.New("writer quit")
