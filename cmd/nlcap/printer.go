package main

import (
	"bufio"
	"io"
	"maps"
	"slices"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
	"github.com/nlcap/nlcap/render"
)

// A printer decodes records and prints them with the shared renderer
// (package render: one line per message, -v/-vv trees, hex, --json). It is
// used by nlcap -r and by live capture without -w. Feed it records in
// capture order; it is not safe for concurrent use.
type printer struct {
	o    *options
	w    *bufio.Writer
	d    *dissect.Decoder
	r    *render.Printer
	n    int               // records seen (printed or skipped); the index of the next one
	buf  []byte            // line being built
	msgs []dissect.Message // the decoded messages of the last record (reused)
	// learned is set once a first pass fed every record to learn: the
	// printing pass then need not learn again.
	learned bool
	// commented is set once pcapng section comments were learned (in the
	// first pass of a two-pass read), so that the second pass does not
	// override what nlctrl messages taught.
	commented bool
}

// newPrinter returns a printer writing to w (nil: none) with the options
// of o (verbose, hex, hexASCII, numeric, json, quiet).
func newPrinter(o *options, w io.Writer) *printer {
	cfg := &render.Config{
		Verbose:  o.verbose,
		Numeric:  o.numeric,
		Quiet:    o.quiet,
		JSON:     o.json,
		Hex:      o.hex,
		HexASCII: o.hexASCII,

		ShowSecrets: o.showSecrets,
	}
	dcfg := cfg.DecoderConfig()
	dcfg.Specs = o.specs // --spec-dir
	p := &printer{
		o:   o,
		d:   dissect.NewDecoder(dcfg),
		r:   render.New(cfg),
		buf: make([]byte, 0, 1024),
	}
	if w != nil { // nil: a parallel worker, which formats into chunks only
		p.w = bufio.NewWriterSize(w, outputBufferSize(o.inputSize))
	}
	return p
}

// outputBufferSize is the size of the printer's output buffer for an input
// of n bytes (0: unknown): 64 KiB, less for a short file (printing a
// record takes a few times its size), so that nlcap -r on many short files
// (FuzzRead) does not allocate and clear 64 KiB each.
func outputBufferSize(n int64) int {
	const most = 64 << 10
	if n <= 0 || n >= most/8 {
		return most
	}
	return int(max(8*n, 4096))
}

// learn remembers the generic netlink family names that rec's nlctrl
// messages carry, so that earlier records are named too.
func (p *printer) learn(rec nlcap.Record) { p.d.Learn(rec) }

// print decodes rec and prints its messages.
func (p *printer) print(rec nlcap.Record) error {
	p.buf = p.appendRecord(p.buf[:0], rec, p.n)
	p.n++
	_, err := p.w.Write(p.buf)
	return err
}

// appendRecord decodes rec, the record of index idx, and appends its
// messages.
func (p *printer) appendRecord(b []byte, rec nlcap.Record, idx int) []byte {
	return p.appendPart(b, rec, idx, 0, 0)
}

// appendPart decodes part, a part of the record of index idx that starts
// at its byte base with its message first (see splitRecord; 0, 0: the
// whole record), and appends its messages.
func (p *printer) appendPart(b []byte, part nlcap.Record, idx, base, first int) []byte {
	p.msgs = p.d.DecodePartInto(p.msgs, part, idx, base, first)
	p.r.SetProcess(part.Process) // a traced record's process, if any
	for i := range p.msgs {
		b = p.r.AppendMessage(b, &p.msgs[i])
	}
	return b
}

// appendMalformed appends the marker of record idx, which the reader could
// not make a record of.
func (p *printer) appendMalformed(b []byte, rec nlcap.Record, why string, idx int) []byte {
	return p.r.AppendMalformed(b, rec, why, idx)
}

// flush writes what is buffered.
func (p *printer) flush() error { return p.w.Flush() }

// learnGenlComments learns the generic netlink id map that nlcap writes in
// pcapng section comments (pcap.FormatGenlFamiliesComment), for families
// whose nlctrl lookup is not in the capture; nlctrl messages in the capture
// still take precedence, as they are learned later.
func (p *printer) learnGenlComments(comments []string) {
	if p.commented {
		return
	}
	p.commented = true
	for _, c := range comments {
		fams, ok := pcap.ParseGenlFamiliesComment(c)
		if !ok {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(fams)) {
			p.d.LearnGenlFamily(id, fams[id])
		}
	}
}
