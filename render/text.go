package render

import (
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// A Printer formats decoded messages (package dissect) as nlcap -r prints
// them: one line per netlink message (tcpdump style), with attributes (-v,
// -vv), hex (-x, -X) or as JSON (--json). It is the one renderer of the
// toolkit: nlcap -r, live capture, nlreplay, the replay diff and the mock's
// errors, and replaytest goldens use it. Every string that comes from a
// capture is escaped ([AppendText]; JSON by its own rules). A Printer keeps
// small caches: it is not safe for concurrent use.
//
// The one-line format is
//
//	TIME FAMILY DIRECTION TYPE [FLAGS] seq N pid N len N: SUMMARY
//
// where TIME is HH:MM:SS.ffffff in [Config.Location] (local time by
// default), FAMILY the netlink family (route, generic, netfilter...),
// DIRECTION the role inferred by the decoder (request, answer,
// notification), TYPE the message type (RTM_NEWLINK,
// NLMSG_ERROR; for generic netlink the family name and the command,
// "nlctrl CTRL_CMD_GETFAMILY"), FLAGS the nlmsg_flags names for that kind of
// message. A message that could not be fully decoded ends with
// " [malformed: WHY]"; a record that could not be read at all prints
// "TIME [malformed record N: WHY]". With [Config.Diff] the line leaves out
// TIME, FAMILY, DIRECTION, seq and pid:
//
//	TYPE [FLAGS] len N: SUMMARY
type Printer struct {
	o         options
	clock     clock
	jsonClock jsonClock
	families  [64]string    // familyName's table
	proc      nlcap.Process // see SetProcess (process.go)
}

// appendMalformed appends the marker of record idx, which the reader could
// not make a record of.
func (p *Printer) appendMalformed(b []byte, rec nlcap.Record, why string, idx int) []byte {
	if p.o.json {
		b = append(b, `{"schema_version":`...)
		b = strconv.AppendInt(b, JSONSchemaVersion, 10)
		b = append(b, `,"record":`...)
		b = strconv.AppendInt(b, int64(idx), 10)
		b = append(b, `,"time":`...)
		b = appendJSONTime(b, rec.Timestamp)
		b = append(b, `,"problem":`...)
		b = appendJSONString(b, "malformed record: "+why)
		if p.o.hex || p.o.hexASCII {
			b = append(b, `,"data":"`...)
			b = hex.AppendEncode(b, rec.Data)
			b = append(b, '"')
		}
		return append(b, "}\n"...)
	}
	b = p.clock.appendFull(b, rec.Timestamp)
	b = append(b, " [malformed record "...)
	b = strconv.AppendInt(b, int64(idx+1), 10)
	b = append(b, ": "...)
	b = appendText(b, why)
	b = append(b, "]\n"...)
	if p.o.hex || p.o.hexASCII {
		b = appendHexDump(b, rec.Data, p.o.hexASCII)
	}
	return b
}

// appendMessage appends the text (or JSON) of m.
func (p *Printer) appendMessage(b []byte, m *dissect.Message) []byte {
	if p.o.json {
		b = p.appendJSON(b, m)
		return append(b, '\n')
	}
	if p.o.diff {
		return p.appendDiffHead(b, m)
	}
	b = p.clock.append(b, m.Timestamp)
	b = append(b, ' ')
	b = appendProcess(b, &p.proc)
	if p.o.numeric {
		b = strconv.AppendUint(b, uint64(m.Family), 10)
	} else {
		b = append(b, p.familyName(m.Family)...)
	}
	if m.Data != nil && len(m.Data) < nlcap.NlmsgHdrLen {
		// A non-zero tail after the last message: no header to print.
		b = append(b, " [malformed: "...)
		b = appendText(b, m.Problem)
		b = append(b, "]\n"...)
		if p.o.hex || p.o.hexASCII {
			b = appendHexDump(b, m.Data, p.o.hexASCII)
		}
		return b
	}
	b = append(b, ' ')
	b = append(b, m.Direction.String()...)
	b = append(b, ' ')
	return p.appendRest(b, m)
}

// appendDiffHead is appendMessage for Config.Diff: the line starts with
// the type.
func (p *Printer) appendDiffHead(b []byte, m *dissect.Message) []byte {
	if m.Data != nil && len(m.Data) < nlcap.NlmsgHdrLen {
		b = append(b, "[malformed: "...)
		b = appendText(b, m.Problem)
		return append(b, "]\n"...)
	}
	return p.appendRest(b, m)
}

// appendRest appends the line of m from its type on, and the lines of -v
// and hex that follow it.
func (p *Printer) appendRest(b []byte, m *dissect.Message) []byte {
	b = p.appendHeader(b, m, p.o.quiet)
	if !p.o.quiet {
		b = p.appendSummary(b, m)
	}
	if m.Problem != "" {
		b = append(b, " [malformed: "...)
		b = appendText(b, m.Problem)
		b = append(b, ']')
	}
	b = append(b, '\n')
	if p.o.verbose > 0 {
		b = p.appendDetails(b, m, 1)
	}
	if p.o.hex || p.o.hexASCII {
		b = appendHexDump(b, p.hexData(m), p.o.hexASCII)
	}
	return b
}

// appendHeader appends "TYPE [FLAGS] seq N pid N len N" for m; quiet
// leaves out flags, seq and pid, Config.Diff seq and pid.
func (p *Printer) appendHeader(b []byte, m *dissect.Message, quiet bool) []byte {
	b = p.appendType(b, m)
	if !quiet {
		b = append(b, ' ')
		b = p.appendFlags(b, m.Header.Flags, m.FlagNames)
		if !p.o.diff {
			b = append(b, " seq "...)
			b = strconv.AppendUint(b, uint64(m.Header.Seq), 10)
			b = append(b, " pid "...)
			b = strconv.AppendUint(b, uint64(m.Header.PID), 10)
		}
	}
	b = append(b, " len "...)
	return strconv.AppendUint(b, uint64(m.Header.Len), 10)
}

// appendType appends the message type: its name, or for generic netlink the
// family name and the command.
func (p *Printer) appendType(b []byte, m *dissect.Message) []byte {
	if p.o.numeric {
		b = append(b, "0x"...)
		b = strconv.AppendUint(b, uint64(m.Header.Type), 16)
		if m.Genl != nil {
			b = append(b, " cmd "...)
			b = strconv.AppendUint(b, uint64(m.Genl.Cmd), 10)
		}
		return b
	}
	b = appendText(b, m.TypeName)
	if g := m.Genl; g != nil {
		b = append(b, ' ')
		if g.CmdName != "" {
			b = appendText(b, g.CmdName)
		} else {
			b = append(b, "cmd "...)
			b = strconv.AppendUint(b, uint64(g.Cmd), 10)
		}
	}
	return b
}

// appendFlags appends "[REQUEST,ACK]", "[none]", or with -n "[0x5]".
func (p *Printer) appendFlags(b []byte, flags uint16, names []string) []byte {
	b = append(b, '[')
	switch {
	case p.o.numeric:
		b = append(b, "0x"...)
		b = strconv.AppendUint(b, uint64(flags), 16)
	case len(names) == 0:
		b = append(b, "none"...)
	default:
		for i, n := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, n...)
		}
	}
	return append(b, ']')
}

// familyName returns f.String(), from a table for the usual families.
func (p *Printer) familyName(f nlcap.Family) string {
	if int(f) >= len(p.families) {
		return f.String()
	}
	if p.families[f] == "" {
		p.families[f] = f.String()
	}
	return p.families[f]
}

// appendSummary appends ": " and the summary of m, if it has one, as
// appendText(b, p.summary(m)) would, without building the string (each
// part is escaped alone: between ASCII separators, that is the same).
func (p *Printer) appendSummary(b []byte, m *dissect.Message) []byte {
	e := m.Error
	if e == nil {
		if m.Summary == "" {
			return b
		}
		b = append(b, ": "...)
		return appendText(b, m.Summary)
	}
	b = append(b, ": "...)
	if e.ExtAck != nil {
		// Rare: the string version.
		return appendText(b, p.summary(m))
	}
	switch {
	case e.Errno == 0:
		b = append(b, "ACK"...)
		if e.Value != 0 {
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(e.Value), 10)
		}
	case p.o.numeric || e.Name == "":
		b = append(b, "error "...)
		b = strconv.AppendInt(b, int64(-e.Errno), 10)
	case e.Text != "":
		b = appendText(b, e.Name)
		b = append(b, " ("...)
		b = appendText(b, e.Text)
		b = append(b, ')')
	default:
		b = appendText(b, e.Name)
	}
	if e.Echo != nil && !p.o.numeric {
		b = append(b, " for "...)
		b = appendText(b, e.Echo.TypeName)
		if g := e.Echo.Genl; g != nil && g.CmdName != "" {
			b = append(b, ' ')
			b = appendText(b, g.CmdName)
		}
	}
	return b
}

// summary returns the short text of m for the one-line format. For
// NLMSG_ERROR it names the request answered and the offending attribute.
func (p *Printer) summary(m *dissect.Message) string {
	e := m.Error
	if e == nil {
		return m.Summary
	}
	s := "ACK"
	if e.Value != 0 {
		s += " " + strconv.Itoa(int(e.Value))
	}
	if e.Errno != 0 {
		switch {
		case p.o.numeric || e.Name == "":
			s = "error " + strconv.Itoa(int(-e.Errno))
		case e.Text != "":
			s = e.Name + " (" + e.Text + ")"
		default:
			s = e.Name
		}
	}
	if e.Echo != nil && !p.o.numeric {
		s += " for " + e.Echo.TypeName
		if g := e.Echo.Genl; g != nil && g.CmdName != "" {
			s += " " + g.CmdName
		}
	}
	if x := e.ExtAck; x != nil {
		if x.Msg != "" {
			s += ": " + x.Msg
		}
		if x.Pointed != "" {
			s += " (at " + x.Pointed + ")"
		} else if x.Offset != nil {
			s += " (at offset " + strconv.Itoa(*x.Offset) + ")"
		}
		if x.MissType != nil {
			if x.MissTypeName != "" && !p.o.numeric {
				s += " (missing attribute " + x.MissTypeName
			} else {
				s += " (missing attribute type " + strconv.Itoa(*x.MissType)
			}
			if x.MissNestPointed != "" {
				s += " in " + x.MissNestPointed
			}
			s += ")"
		}
	}
	return s
}

// genlFields is the number of genlmsghdr's fields in a generic netlink
// message's Fixed (cmd, version, reserved); a family's own header follows.
const genlFields = 3

// appendDetails appends the -v lines of m: its fixed header, the request an
// NLMSG_ERROR echoes, attributes (nested ones with -vv) and trailing bytes.
func (p *Printer) appendDetails(b []byte, m *dissect.Message, depth int) []byte {
	if len(m.Fixed) > 0 && m.Genl == nil {
		b = appendIndent(b, depth)
		if m.FixedName != "" {
			b = appendText(b, m.FixedName)
			b = append(b, ' ')
		}
		for i, f := range m.Fixed {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendText(b, f.Name)
			b = append(b, ' ')
			b = appendText(b, f.Value)
		}
		b = append(b, '\n')
	}
	if g := m.Genl; g != nil {
		b = appendIndent(b, depth)
		b = append(b, "genlmsghdr cmd "...)
		if g.CmdName != "" && !p.o.numeric {
			b = appendText(b, g.CmdName)
		} else {
			b = strconv.AppendUint(b, uint64(g.Cmd), 10)
		}
		b = append(b, ", version "...)
		b = strconv.AppendUint(b, uint64(g.Version), 10)
		if g.Reserved != 0 {
			b = append(b, ", reserved "...)
			b = strconv.AppendUint(b, uint64(g.Reserved), 10)
		}
		b = append(b, '\n')
		if g.Header != "" && len(m.Fixed) > genlFields {
			// The family's own header (struct ovs_header).
			b = appendIndent(b, depth)
			b = appendText(b, g.Header)
			for i, f := range m.Fixed[genlFields:] {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, ' ')
				b = appendText(b, f.Name)
				b = append(b, ' ')
				b = appendText(b, f.Value)
			}
			b = append(b, '\n')
		}
	}
	if e := m.Error; e != nil && e.Echo != nil {
		echo := e.Echo
		b = appendIndent(b, depth)
		b = append(b, "request "...)
		b = p.appendHeader(b, echo, false)
		if e.Capped {
			b = append(b, " (capped)"...)
		} else if echo.Summary != "" {
			b = append(b, ": "...)
			b = appendText(b, echo.Summary)
		}
		b = append(b, '\n')
		if !e.Capped {
			b = p.appendDetails(b, echo, depth+1)
		}
	}
	b = p.appendAttrs(b, m.Attrs, depth)
	if len(m.Trailing) > 0 {
		b = appendIndent(b, depth)
		b = append(b, "trailing "...)
		b = strconv.AppendInt(b, int64(len(m.Trailing)), 10)
		b = append(b, " bytes: "...)
		b = hex.AppendEncode(b, m.Trailing)
		b = append(b, '\n')
	}
	return b
}

// appendAttrs appends one line per attribute; with -vv, nested attributes
// follow their parent one level deeper.
func (p *Printer) appendAttrs(b []byte, attrs []dissect.Attr, depth int) []byte {
	for i := range attrs {
		a := &attrs[i]
		b = appendIndent(b, depth)
		if a.Name != "" && !p.o.numeric {
			b = appendText(b, a.Name)
		} else {
			b = append(b, "attr "...)
			b = strconv.AppendUint(b, uint64(a.Type), 10)
		}
		if a.NetByteOrder {
			b = append(b, " (net byte order)"...)
		}
		if a.UnexpectedNested {
			b = append(b, " (unexpected NLA_F_NESTED)"...)
		}
		switch {
		case a.Problem != "":
			b = append(b, " len "...)
			b = strconv.AppendUint(b, uint64(a.Len), 10)
			b = append(b, " [malformed: "...)
			b = appendText(b, a.Problem)
			b = append(b, ']')
		case a.Nested && p.o.verbose < 2:
			b = append(b, ": "...)
			if a.Value != "" {
				// The struct that starts the nest (VETH_INFO_PEER: ifinfomsg).
				b = appendText(b, a.Value)
				b = append(b, ' ')
			}
			b = append(b, '{')
			b = strconv.AppendInt(b, int64(len(a.Children)), 10)
			if len(a.Children) == 1 {
				b = append(b, " attribute}"...)
			} else {
				b = append(b, " attributes}"...)
			}
		case a.Nested:
			switch {
			case a.Value != "":
				b = append(b, ": "...)
				b = appendText(b, a.Value)
				if len(a.Children) == 0 {
					b = append(b, " {}"...)
				}
			case len(a.Children) == 0:
				b = append(b, ": {}"...)
			}
		default:
			b = append(b, ": "...)
			b = appendText(b, a.Value)
		}
		b = append(b, '\n')
		if a.Nested && p.o.verbose >= 2 && a.Problem == "" {
			b = p.appendAttrs(b, a.Children, depth+1)
		}
	}
	return b
}

// appendText appends s with what could drive a terminal or break the
// one-line-per-message format escaped, as -v quotes strings: ASCII control
// characters and bytes that are not UTF-8 as \xNN, other non-printable
// runes (C1 controls U+0080–U+009F, bidirectional overrides, line
// separators) as \uNNNN. A capture may carry any bytes in names and strings.
func appendText(b []byte, s string) []byte {
	const digits = "0123456789abcdef"
	// Fast path: printable ASCII, as names and summaries mostly are. Eight
	// bytes at a time first: none < 0x20 or >= 0x7f (a byte the test
	// flags by mistake only sends the byte loop to decide).
	i := 0
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (x|(x-0x20*lo)|(x+lo))&hi != 0 {
			break
		}
	}
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return append(b, s...)
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'x', digits[c>>4], digits[c&0xf])
				start = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'x', digits[c>>4], digits[c&0xf])
			start = i + 1
		case !strconv.IsPrint(r):
			b = append(b, s[start:i]...)
			if r > 0xffff {
				b = append(b, '\\', 'U')
				for sh := 28; sh >= 0; sh -= 4 {
					b = append(b, digits[(r>>sh)&0xf])
				}
			} else {
				b = append(b, '\\', 'u')
				for sh := 12; sh >= 0; sh -= 4 {
					b = append(b, digits[(r>>sh)&0xf])
				}
			}
			start = i + size
		}
		i += size
	}
	return append(b, s[start:]...)
}

func appendIndent(b []byte, depth int) []byte {
	for range depth {
		b = append(b, "    "...)
	}
	return b
}

// A clock formats timestamps as HH:MM:SS.ffffff in its location (nil:
// time.Local), as tcpdump does, remembering the HH:MM:SS of the last
// second formatted: records come in bursts within a second, and formatting
// a local time is costly.
type clock struct {
	loc  *time.Location
	sec  int64
	hms  [8]byte
	have bool
}

// in returns t in c's location.
func (c *clock) in(t time.Time) time.Time {
	if c.loc == nil {
		return t.Local()
	}
	return t.In(c.loc)
}

// appendFull appends t as HH:MM:SS.ffffff without the cache.
func (c *clock) appendFull(b []byte, t time.Time) []byte {
	return c.in(t).AppendFormat(b, "15:04:05.000000")
}

func (c *clock) append(b []byte, t time.Time) []byte {
	sec := t.Unix()
	if !c.have || sec != c.sec {
		c.in(t).AppendFormat(c.hms[:0], "15:04:05")
		c.sec, c.have = sec, true
	}
	b = append(b, c.hms[:]...)
	us := t.Nanosecond() / 1000
	return append(b, '.',
		byte('0'+us/100000), byte('0'+us/10000%10), byte('0'+us/1000%10),
		byte('0'+us/100%10), byte('0'+us/10%10), byte('0'+us%10))
}

// appendHexDump appends data the way tcpdump -x (ascii false) or -X (true)
// prints a packet: 16 bytes a line in groups of two, with the offset.
func appendHexDump(b, data []byte, ascii bool) []byte {
	const digits = "0123456789abcdef"
	for off := 0; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		b = append(b, "\t0x"...)
		for s := 12; s >= 0; s -= 4 {
			b = append(b, digits[(off>>s)&0xf])
		}
		b = append(b, ": "...)
		for i, c := range line {
			if i%2 == 0 {
				b = append(b, ' ')
			}
			b = append(b, digits[c>>4], digits[c&0xf])
		}
		if ascii {
			// Pad to the width of a full line: 16 bytes = 40 characters.
			for n := len(line)*2 + (len(line)+1)/2; n < 40; n++ {
				b = append(b, ' ')
			}
			b = append(b, "  "...)
			for _, c := range line {
				if c >= 0x20 && c < 0x7f {
					b = append(b, c)
				} else {
					b = append(b, '.')
				}
			}
		}
		b = append(b, '\n')
	}
	return b
}
