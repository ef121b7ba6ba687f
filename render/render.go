// Package render is the one renderer of the nlcap toolkit: it formats
// decoded netlink messages ([dissect.Message]) as `nlcap -r` prints them,
// the one-line summary, the -v/-vv tree, hex dumps and the --json lines of
// docs/json.md, and it draws the line diffs of replay. nlcap, nlreplay,
// package replay (verdict diffs, the mock's errors) and package replaytest
// (goldens) all use it, so that a message reads the same everywhere.
//
// Every string that comes from a capture (interface and generic netlink
// family names, extended ACK messages, attribute strings, comments) may
// hold any bytes. The text forms escape them with [AppendText]: a capture
// cannot clear the screen, set a terminal title or start a line of its own.
// The JSON form escapes them by JSON's rules (control characters as \u00XX,
// invalid UTF-8 as U+FFFD).
//
// A Printer appends to byte slices and does no I/O; its callers decode
// ([dissect.Decoder]) and write.
package render

import (
	"bytes"
	"strings"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// Config selects what a [Printer] prints. The zero value (or nil) is the
// one-line format of `nlcap -r`.
type Config struct {
	// Verbose adds the fixed header and attributes (1, -v), and nested
	// attributes (2, -vv).
	Verbose int
	// Numeric prints numbers instead of family, type, flag and attribute
	// names (-n).
	Numeric bool
	// Quiet leaves flags, seq, pid and the summary out of the line (-q).
	Quiet bool
	// JSON prints one JSON object per message (--json, docs/json.md).
	JSON bool
	// Hex adds a hex dump of every message (-x); HexASCII with its ASCII
	// column (-X). In JSON both add the member "data".
	Hex, HexASCII bool
	// Location is the time zone of the text timestamps; nil means
	// time.Local (JSON times are always UTC).
	Location *time.Location
	// Diff leaves out of the text what differs between two runs of the
	// same request: the time, family and direction columns, nlmsg_seq and
	// nlmsg_pid. Replay's diffs use it.
	Diff bool
	// ShowSecrets prints attributes tagged secret (WireGuard private and
	// preshared keys...) and their bytes in hex dumps (--show-secrets).
	// Without it they read "<redacted N bytes>" and hex dumps show them
	// zeroed.
	ShowSecrets bool
}

// DecoderConfig returns the [dissect.Config] for the messages a Printer of
// c prints: the one-line listing needs no attribute values, so it decodes
// with Brief (several times faster).
func (c *Config) DecoderConfig() *dissect.Config {
	if c == nil {
		return &dissect.Config{Brief: true}
	}
	// A hex dump hides secrets found at any depth: Brief does not look
	// into nests.
	hexRedacted := (c.Hex || c.HexASCII) && !c.ShowSecrets
	cfg := &dissect.Config{Numeric: c.Numeric, Brief: c.Verbose == 0 && !c.JSON && !hexRedacted, ShowSecrets: c.ShowSecrets}
	if c.Verbose == 1 && !c.JSON && !hexRedacted {
		// -v prints a message's attributes and counts their children.
		cfg.ValueDepth = 1
	}
	return cfg
}

// options are a Config's switches under the names the formatting code uses.
type options struct {
	verbose                             int
	hex, hexASCII, numeric, json, quiet bool
	diff, showSecrets                   bool
}

// New returns a Printer for cfg; nil means the defaults.
func New(cfg *Config) *Printer {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	return &Printer{
		o: options{
			verbose: c.Verbose, hex: c.Hex, hexASCII: c.HexASCII, numeric: c.Numeric,
			json: c.JSON, quiet: c.Quiet, diff: c.Diff, showSecrets: c.ShowSecrets,
		},
		clock: clock{loc: c.Location},
	}
}

// AppendMessage appends m as text lines (with -v details and hex dump as
// configured) or as one JSON line, newline included.
func (p *Printer) AppendMessage(b []byte, m *dissect.Message) []byte {
	return p.appendMessage(b, m)
}

// AppendMalformed appends the marker of a record the reader could not read
// ("TIME [malformed record N: WHY]", or a JSON object with "problem"); idx
// is the record's index from 0, why says what is wrong with it.
func (p *Printer) AppendMalformed(b []byte, rec nlcap.Record, why string, idx int) []byte {
	return p.appendMalformed(b, rec, why, idx)
}

// AppendType appends the type of m as the one-line format names it:
// "RTM_NEWLINK", "nlctrl CTRL_CMD_GETFAMILY", "ethtool cmd 99"; with
// Numeric "0x10", "0x10 cmd 3". Names are escaped.
func (p *Printer) AppendType(b []byte, m *dissect.Message) []byte {
	return p.appendType(b, m)
}

// AppendFlags appends the nlmsg_flags of m as the one-line format does:
// "[REQUEST,ACK]", "[none]", with Numeric "[0x5]".
func (p *Printer) AppendFlags(b []byte, m *dissect.Message) []byte {
	return p.appendFlags(b, m.Header.Flags, m.FlagNames)
}

// Lines returns the text of msgs, one string per line without its newline.
func (p *Printer) Lines(msgs []dissect.Message) []string {
	var b []byte
	for i := range msgs {
		b = p.appendMessage(b, &msgs[i])
	}
	if len(b) == 0 {
		return nil
	}
	var lines []string
	for l := range bytes.SplitSeq(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		lines = append(lines, string(l))
	}
	return lines
}

// AppendText appends s with what could drive a terminal or break the
// one-line-per-message format escaped: ASCII control characters and bytes
// that are not UTF-8 as \xNN, other non-printable runes as \uNNNN or
// \UNNNNNNNN. Its output is printable and AppendText leaves it as it is.
func AppendText(b []byte, s string) []byte { return appendText(b, s) }

// Text returns s escaped as [AppendText] does.
func Text(s string) string { return string(appendText(nil, s)) }

// TextLines is [Text] for text of several lines (an error with a diff):
// each line is escaped, the newlines between them are kept.
func TextLines(s string) string {
	var b []byte
	for i, l := range strings.Split(s, "\n") {
		if i > 0 {
			b = append(b, '\n')
		}
		b = appendText(b, l)
	}
	return string(b)
}

// hexData returns the bytes of m a hex dump shows: m.Data, or without
// Config.ShowSecrets a copy with the secret attribute payloads zeroed.
func (p *Printer) hexData(m *dissect.Message) []byte {
	if p.o.showSecrets || !dissect.HasSecrets(m) {
		return m.Data
	}
	b := bytes.Clone(m.Data)
	dissect.Redact(b, m)
	return b
}
