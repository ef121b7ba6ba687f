package render

import (
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// JSONSchemaVersion is the "schema_version" of every --json object. It
// changes only when a field is removed, renamed or changes meaning; adding
// a field keeps it. See docs/json.md.
const JSONSchemaVersion = 1

// appendJSON appends m as one JSON object (no newline), with the schema of
// docs/json.md. It is written by hand, not with encoding/json: the schema is
// owned here rather than by dissect's struct tags, and it is several times
// faster.
func (p *Printer) appendJSON(b []byte, m *dissect.Message) []byte {
	b = append(b, `{"schema_version":`...)
	b = strconv.AppendInt(b, JSONSchemaVersion, 10)
	b = append(b, `,"record":`...)
	b = strconv.AppendInt(b, int64(m.Record), 10)
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, int64(m.Index), 10)
	b = append(b, `,"time":`...)
	b = p.jsonClock.append(b, m.Timestamp)
	b = append(b, ',')
	b = appendJSONProcess(b, &p.proc)
	b = p.appendJSONBody(b, m)
	if p.o.hex || p.o.hexASCII {
		b = append(b, `,"data":"`...)
		b = hex.AppendEncode(b, p.hexData(m))
		b = append(b, '"')
	}
	return append(b, '}')
}

// appendJSONBody appends the members shared by a message and the request
// echoed in NLMSG_ERROR, without the braces.
func (p *Printer) appendJSONBody(b []byte, m *dissect.Message) []byte {
	b = append(b, `"offset":`...)
	b = strconv.AppendInt(b, int64(m.Offset), 10)
	b = append(b, `,"family":`...)
	b = appendJSONString(b, m.Family.String())
	b = append(b, `,"family_id":`...)
	b = strconv.AppendUint(b, uint64(m.Family), 10)
	b = append(b, `,"direction":"`...)
	b = append(b, m.Direction.String()...)
	b = append(b, `","order":`...)
	b = appendJSONString(b, m.Order)
	if len(m.Data) >= nlcap.NlmsgHdrLen {
		h := m.Header
		b = append(b, `,"header":{"len":`...)
		b = strconv.AppendUint(b, uint64(h.Len), 10)
		b = append(b, `,"type":`...)
		b = strconv.AppendUint(b, uint64(h.Type), 10)
		b = append(b, `,"flags":`...)
		b = strconv.AppendUint(b, uint64(h.Flags), 10)
		b = append(b, `,"seq":`...)
		b = strconv.AppendUint(b, uint64(h.Seq), 10)
		b = append(b, `,"pid":`...)
		b = strconv.AppendUint(b, uint64(h.PID), 10)
		b = append(b, `},"type_name":`...)
		b = appendJSONString(b, m.TypeName)
		b = append(b, `,"flags":[`...)
		for i, n := range m.FlagNames {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, n)
		}
		b = append(b, ']')
	}
	if g := m.Genl; g != nil {
		b = append(b, `,"genl":{"family_id":`...)
		b = strconv.AppendUint(b, uint64(g.FamilyID), 10)
		if g.FamilyName != "" {
			b = append(b, `,"family_name":`...)
			b = appendJSONString(b, g.FamilyName)
		}
		b = append(b, `,"cmd":`...)
		b = strconv.AppendUint(b, uint64(g.Cmd), 10)
		if g.CmdName != "" {
			b = append(b, `,"cmd_name":`...)
			b = appendJSONString(b, g.CmdName)
		}
		b = append(b, `,"version":`...)
		b = strconv.AppendUint(b, uint64(g.Version), 10)
		b = append(b, `,"reserved":`...)
		b = strconv.AppendUint(b, uint64(g.Reserved), 10)
		if g.Header != "" && len(m.Fixed) > genlFields {
			b = append(b, `,"header":`...)
			b = appendJSONString(b, g.Header)
			b = append(b, `,"header_fixed":`...)
			b = appendJSONFields(b, m.Fixed[genlFields:])
		}
		b = append(b, '}')
	}
	if m.FixedName != "" && m.Genl == nil {
		b = append(b, `,"fixed_name":`...)
		b = appendJSONString(b, m.FixedName)
	}
	if len(m.Fixed) > 0 && m.Genl == nil {
		b = append(b, `,"fixed":`...)
		b = appendJSONFields(b, m.Fixed)
	}
	if len(m.Attrs) > 0 {
		b = append(b, `,"attrs":`...)
		b = appendJSONAttrs(b, m.Attrs)
	}
	if e := m.Error; e != nil {
		b = append(b, `,"error":{"errno":`...)
		b = strconv.AppendInt(b, int64(e.Errno), 10)
		if e.Value != 0 {
			b = append(b, `,"value":`...)
			b = strconv.AppendInt(b, int64(e.Value), 10)
		}
		if e.Name != "" {
			b = append(b, `,"name":`...)
			b = appendJSONString(b, e.Name)
		}
		if e.Text != "" {
			b = append(b, `,"text":`...)
			b = appendJSONString(b, e.Text)
		}
		b = append(b, `,"capped":`...)
		b = strconv.AppendBool(b, e.Capped)
		b = append(b, `,"ack_tlvs":`...)
		b = strconv.AppendBool(b, e.AckTLVs)
		if e.Echo != nil {
			b = append(b, `,"request":{`...)
			b = p.appendJSONBody(b, e.Echo)
			b = append(b, '}')
		}
		if e.ExtAck != nil {
			b = append(b, `,"extack":`...)
			b = appendJSONExtAck(b, e.ExtAck)
		}
		b = append(b, '}')
	}
	if d := m.Done; d != nil {
		b = append(b, `,"done":{"errno":`...)
		b = strconv.AppendInt(b, int64(d.Errno), 10)
		if d.Name != "" {
			b = append(b, `,"name":`...)
			b = appendJSONString(b, d.Name)
		}
		if d.ExtAck != nil {
			b = append(b, `,"extack":`...)
			b = appendJSONExtAck(b, d.ExtAck)
		}
		b = append(b, '}')
	}
	if s := p.summary(m); s != "" {
		b = append(b, `,"summary":`...)
		b = appendJSONString(b, s)
	}
	if len(m.Trailing) > 0 {
		b = append(b, `,"trailing":"`...)
		b = hex.AppendEncode(b, m.Trailing)
		b = append(b, '"')
	}
	if m.Problem != "" {
		b = append(b, `,"problem":`...)
		b = appendJSONString(b, m.Problem)
	}
	return b
}

func appendJSONExtAck(b []byte, x *dissect.ExtAck) []byte {
	b = append(b, '{')
	first := true
	sep := func() {
		if !first {
			b = append(b, ',')
		}
		first = false
	}
	if x.Msg != "" {
		sep()
		b = append(b, `"msg":`...)
		b = appendJSONString(b, x.Msg)
	}
	if x.Offset != nil {
		sep()
		b = append(b, `"offset":`...)
		b = strconv.AppendInt(b, int64(*x.Offset), 10)
	}
	if x.Pointed != "" {
		sep()
		b = append(b, `"pointed":`...)
		b = appendJSONString(b, x.Pointed)
	}
	if len(x.Cookie) > 0 {
		sep()
		b = append(b, `"cookie":"`...)
		b = hex.AppendEncode(b, x.Cookie)
		b = append(b, '"')
	}
	if len(x.Policy) > 0 {
		sep()
		b = append(b, `"policy":`...)
		b = appendJSONAttrs(b, x.Policy)
	}
	if x.MissType != nil {
		sep()
		b = append(b, `"miss_type":`...)
		b = strconv.AppendInt(b, int64(*x.MissType), 10)
	}
	if x.MissTypeName != "" {
		sep()
		b = append(b, `"miss_type_name":`...)
		b = appendJSONString(b, x.MissTypeName)
	}
	if x.MissNest != nil {
		sep()
		b = append(b, `"miss_nest":`...)
		b = strconv.AppendInt(b, int64(*x.MissNest), 10)
	}
	if x.MissNestPointed != "" {
		sep()
		b = append(b, `"miss_nest_pointed":`...)
		b = appendJSONString(b, x.MissNestPointed)
	}
	return append(b, '}')
}

// appendJSONFields appends fields as an array of {"name", "value", "raw"}.
func appendJSONFields(b []byte, fs []dissect.Field) []byte {
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, f.Name)
		b = append(b, `,"value":`...)
		b = appendJSONString(b, f.Value)
		b = append(b, `,"raw":`...)
		b = appendUint(b, f.Raw)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendJSONAttrs(b []byte, attrs []dissect.Attr) []byte {
	b = append(b, '[')
	for i := range attrs {
		a := &attrs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"offset":`...)
		b = appendInt(b, int64(a.Offset))
		b = append(b, `,"len":`...)
		b = appendUint(b, uint64(a.Len))
		b = append(b, `,"type":`...)
		b = appendUint(b, uint64(a.Type))
		if a.Name != "" {
			b = append(b, `,"name":`...)
			b = appendJSONString(b, a.Name)
		}
		if a.Nested {
			b = append(b, `,"nested":true`...)
		}
		if a.UnexpectedNested {
			b = append(b, `,"unexpected_nested":true`...)
		}
		if a.NetByteOrder {
			b = append(b, `,"net_byteorder":true`...)
		}
		if a.Secret {
			b = append(b, `,"secret":true`...)
		}
		if a.Value != "" {
			b = append(b, `,"value":`...)
			b = appendJSONString(b, a.Value)
		}
		if len(a.Fixed) > 0 {
			b = append(b, `,"fixed":`...)
			b = appendJSONFields(b, a.Fixed)
		}
		if len(a.Children) > 0 {
			b = append(b, `,"children":`...)
			b = appendJSONAttrs(b, a.Children)
		}
		if a.Problem != "" {
			b = append(b, `,"problem":`...)
			b = appendJSONString(b, a.Problem)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONTime appends t in UTC as an RFC 3339 string with nanoseconds
// ("2026-11-22T10:00:00.123456789Z"), or null for the zero time.
func appendJSONTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// jsonClock is appendJSONTime with the date and time of the last second
// kept: the messages of a record, and the records of a second, share them
// (RFC 3339 formatting was 2.5% of an `nlcap -r --json` run's instructions).
type jsonClock struct {
	sec  int64
	have bool
	date [len("2006-01-02T15:04:05")]byte
}

func (c *jsonClock) append(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	sec := t.Unix()
	if !c.have || sec != c.sec {
		u := t.UTC()
		if y := u.Year(); y < 0 || y > 9999 {
			return appendJSONTime(b, t) // not four digits
		}
		u.AppendFormat(c.date[:0], "2006-01-02T15:04:05")
		c.sec, c.have = sec, true
	}
	b = append(b, '"')
	b = append(b, c.date[:]...)
	if ns := t.Nanosecond(); ns != 0 {
		// time.RFC3339Nano's ".999999999": trailing zeros dropped.
		f := [10]byte{'.'}
		for i := 9; i > 0; i-- {
			f[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := len(f)
		for f[n-1] == '0' {
			n--
		}
		b = append(b, f[:n]...)
	}
	return append(b, 'Z', '"')
}

// jsonPlain marks the bytes appendJSONString copies as they are: printable
// ASCII but '"' and '\\'.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// jsonPlainWord reports whether none of the eight bytes of x is >= 0x80,
// < 0x20, '"' or '\\' (the zero-byte tests may also flag a plain byte, but
// only above one that is not plain: the answer for the word is exact).
func jsonPlainWord(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q, bs := x^('"'*lo), x^('\\'*lo)
	return (x|(x-0x20*lo)|((q-lo)&^q)|((bs-lo)&^bs))&hi == 0
}

// le64 and le32 read the first 8 or 4 bytes of s, little-endian.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does; C1 controls are escaped (\u0080–\u009f), which
// encoding/json does not do; <, > and & are kept as they are.
func appendJSONString(b []byte, s string) []byte {
	const digits = "0123456789abcdef"
	b = append(b, '"')
	// Fast path: names, numbers and most values need no escaping: eight
	// bytes at a time, then the tail as one word. Otherwise the byte loops
	// decide from the first word that is not plain.
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !jsonPlainWord(le64(s[i:])) {
			break
		}
	}
	if i+8 > len(s) {
		// The tail as one word: overlapping the last full word, or two
		// overlapping halves of a string of 4 to 7 bytes.
		var plain bool
		switch n := len(s); {
		case n >= 8:
			plain = jsonPlainWord(le64(s[n-8:]))
		case n >= 4:
			plain = jsonPlainWord(uint64(le32(s)) | uint64(le32(s[n-4:]))<<32)
		default:
			plain = n < 1 || jsonPlain[s[0]] && (n < 2 || jsonPlain[s[1]]) && (n < 3 || jsonPlain[s[2]])
		}
		if plain {
			b = append(b, s...)
			return append(b, '"')
		}
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, digits[r&0xf])
			i += size
			start = i
			continue
		}
		if r <= 0x9f {
			// A C1 control (U+0080–U+009F, CSI is U+009B): as \u00XX,
			// lest a terminal that reads it as a control shows the line.
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '0', '0', digits[r>>4], digits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendUint is strconv.AppendUint(b, v, 10), faster for the small numbers
// (offsets, lengths, types) that fill attribute lists.
func appendUint(b []byte, v uint64) []byte {
	switch {
	case v < 10:
		return append(b, byte('0'+v))
	case v < 100:
		return append(b, byte('0'+v/10), byte('0'+v%10))
	case v < 1000:
		return append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
	case v < 10000:
		return append(b, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
	}
	return strconv.AppendUint(b, v, 10)
}

// appendInt is strconv.AppendInt(b, v, 10) with appendUint's fast path.
func appendInt(b []byte, v int64) []byte {
	if v < 0 {
		return strconv.AppendInt(b, v, 10)
	}
	return appendUint(b, uint64(v))
}
