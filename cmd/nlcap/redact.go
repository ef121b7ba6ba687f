package main

import (
	"context"
	"fmt"
	"io"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// checkSecretFlags rejects --redact without -w (decoded output is redacted
// already) and --show-secrets with -w (nothing is printed), or both.
func checkSecretFlags(o *options) error {
	switch {
	case o.redact && o.showSecrets:
		return usagef("--redact and --show-secrets exclude each other")
	case o.redact && o.write == "":
		return usagef("--redact needs -w (decoded output hides secrets unless --show-secrets is given)")
	case o.showSecrets && o.write != "":
		return usagef("--show-secrets applies to decoded output, not to -w")
	}
	return nil
}

// A redactor is --redact on the records nlcap writes: each record is copied
// and the payloads of the attributes the family tables tag secret
// (WireGuard private and preshared keys...) are zeroed in the copy, lengths
// kept, so that the file still decodes and replays. The caller's record
// (the receive ring's memory) is left alone.
type redactor struct {
	r      *dissect.Redactor
	buf    []byte
	zeroed int // secret bytes zeroed so far
}

// newRedactor returns the redactor of --redact, or nil without it. genl is
// the generic netlink id map known before the first record (may be nil).
func newRedactor(o *options, genl map[uint16]string) *redactor {
	if !o.redact {
		return nil
	}
	x := &redactor{r: dissect.NewRedactor(&dissect.Config{Specs: o.specs})}
	x.r.LearnGenlFamilies(genl)
	return x
}

// apply returns rec with its secrets zeroed in a copy of its data (valid
// until the next call).
func (x *redactor) apply(rec *nlcap.Record) *nlcap.Record {
	c := *rec
	x.buf = append(x.buf[:0], rec.Data...)
	c.Data = x.buf
	x.zeroed += x.r.Redact(&c)
	return &c
}

// learnComments learns the generic netlink id maps of pcapng section
// comments.
func (x *redactor) learnComments(comments []string) {
	for _, c := range comments {
		if fams, ok := pcap.ParseGenlFamiliesComment(c); ok {
			x.r.LearnGenlFamilies(fams)
		}
	}
}

// learnFile reads the capture name once to learn the generic netlink ids of
// its nlctrl messages, so that a family's messages before its lookup are
// redacted too.
func (x *redactor) learnFile(ctx context.Context, name string) error {
	r, closer, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer closer.Close()
	x.learnComments(r.SectionComments())
	var rec nlcap.Record
	for i := 0; ; i++ {
		if i&255 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := r.ReadRecordInto(&rec)
		if err == io.EOF {
			return nil
		}
		if _, ok := recordError(err); ok {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		x.r.Learn(rec)
	}
}
