package dissect

import (
	"encoding/binary"
	"strconv"

	"github.com/nlcap/nlcap"
)

// RedactedValue is the [Attr.Value] of a secret attribute of n payload bytes
// decoded without [Config.ShowSecrets]: "<redacted 32 bytes>".
func RedactedValue(n int) string {
	return "<redacted " + strconv.Itoa(n) + " bytes>"
}

// A secretSplit describes a secret attribute whose payload starts with
// public fields: struct xfrm_algo's alg_name and alg_key_len come before
// alg_key. Only the bytes from head on are secret: without
// [Config.ShowSecrets] they print as "<redacted N bytes>" within the text of
// format, and they are what [Redact] zeroes.
type secretSplit struct {
	// head returns the number of public bytes at the start of payload b,
	// or -1 when b is too short to hold them (then all of b is secret).
	head func(b []byte) int
	// format prints payload b with secret standing for b[head(b):].
	format func(b []byte, order binary.ByteOrder, secret string) string
}

// secretSplits are the secret attributes with a public head, by
// attribute name (registered by the family files' init).
var secretSplits = map[string]secretSplit{}

// registerSecretSplit says that the secret attribute name has a public
// head.
func registerSecretSplit(name string, s secretSplit) { secretSplits[name] = s }

// secretHead returns the length of the public head of the payload b of
// secret attribute name: 0 when all of b is secret.
func secretHead(name string, b []byte) int {
	s, ok := secretSplits[name]
	if !ok {
		return 0
	}
	if h := s.head(b); h > 0 && h <= len(b) {
		return h
	}
	return 0
}

// redactedValue is the [Attr.Value] of the payload b of an attribute of
// spec tagged [TagSecret], decoded without [Config.ShowSecrets]:
// [RedactedValue], or the public head printed and the rest redacted.
func redactedValue(spec *AttrSpec, b []byte, order binary.ByteOrder) string {
	h := secretHead(spec.Name, b)
	if h == 0 {
		return RedactedValue(len(b))
	}
	return secretSplits[spec.Name].format(b, order, RedactedValue(len(b)-h))
}

// Redact zeroes, in data, the payloads of m's secret attributes
// ([Attr.Secret], at any depth, also in the request an NLMSG_ERROR echoes;
// of struct xfrm_algo, the key but not the algorithm's name)
// and returns the number of bytes zeroed. data holds the bytes m was decoded
// from: m.Data itself (to redact the record m aliases) or a copy of it.
// Lengths and every other byte stay, so the message still decodes and
// replays. m must be decoded without [Config.Brief], which does not look
// into nests.
func Redact(data []byte, m *Message) int {
	n := redactAttrs(data, m.Attrs)
	if m.Error != nil && m.Error.Echo != nil {
		// The echoed request starts after nlmsghdr and nlmsgerr.error.
		if off := nlcap.NlmsgHdrLen + 4; off < len(data) {
			n += Redact(data[off:], m.Error.Echo)
		}
	}
	return n
}

// redactAttrs zeroes the payloads of the secret attributes among attrs and
// their children; offsets are from the start of data.
func redactAttrs(data []byte, attrs []Attr) int {
	n := 0
	for i := range attrs {
		a := &attrs[i]
		if !a.Secret {
			n += redactAttrs(data, a.Children)
			continue
		}
		start := a.Offset + nlaHdrLen + secretHead(a.Name, a.Data)
		end := a.Offset + nlaHdrLen + len(a.Data)
		if start < 0 || end > len(data) || start > end {
			continue
		}
		clear(data[start:end])
		n += end - start
	}
	return n
}

// HasSecrets reports whether m (or the request it echoes) holds an attribute
// tagged [TagSecret].
func HasSecrets(m *Message) bool {
	if m.Error != nil && m.Error.Echo != nil && HasSecrets(m.Error.Echo) {
		return true
	}
	return hasSecret(m.Attrs)
}

func hasSecret(attrs []Attr) bool {
	for i := range attrs {
		if attrs[i].Secret || hasSecret(attrs[i].Children) {
			return true
		}
	}
	return false
}

// A Redactor zeroes the payloads of the secret attributes of records in
// place (nlcap -w --redact, nlcap -r IN -w OUT --redact): lengths and every
// other byte stay, so the copy still decodes and replays. Like a [Decoder]
// it learns generic netlink family ids from the records it sees (and from
// LearnGenlFamilies), so feed it records in capture order. A Redactor is
// not safe for concurrent use.
type Redactor struct {
	d    *Decoder
	msgs []Message
}

// NewRedactor returns a Redactor for the built-in family tables (and the
// YNL specs of cfg, when set; cfg's other fields are ignored).
func NewRedactor(cfg *Config) *Redactor {
	c := Config{ShowSecrets: true}
	if cfg != nil {
		c.Specs = cfg.Specs
	}
	return &Redactor{d: NewDecoder(&c)}
}

// LearnGenlFamilies names generic netlink family ids the records do not
// announce themselves (the id map of a pcapng comment or a live dump).
func (r *Redactor) LearnGenlFamilies(fams map[uint16]string) { r.d.LearnGenlFamilies(fams) }

// Redact zeroes the secret attribute payloads of rec.Data in place and
// returns the number of bytes zeroed.
func (r *Redactor) Redact(rec *nlcap.Record) int {
	r.msgs = r.d.DecodeInto(r.msgs[:0], *rec, 0)
	n := 0
	for i := range r.msgs {
		m := &r.msgs[i]
		if m.Offset < 0 || m.Offset+len(m.Data) > len(rec.Data) {
			continue
		}
		n += Redact(rec.Data[m.Offset:m.Offset+len(m.Data)], m)
	}
	return n
}

// Learn learns generic netlink family ids from rec's nlctrl messages
// without redacting it (records a copy leaves out, or a first pass over a
// file so that messages before the lookup are redacted too).
func (r *Redactor) Learn(rec nlcap.Record) { r.d.Learn(rec) }
