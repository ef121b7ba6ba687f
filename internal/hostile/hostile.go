// Package hostile builds netlink captures whose strings try to take over a
// terminal: escape sequences that clear the screen and set the window
// title, BEL, CR/LF followed by a forged output line, bytes that are not
// UTF-8, a C1 control and a bidirectional override. They sit in every place
// a capture carries text: link names (IFLA_IFNAME, IFLA_IFALIAS, IFA_LABEL),
// generic netlink family names (nlctrl answers and nlcap's pcapng section
// comment), extended ACK messages and attribute strings. The escaping tests
// of package render, nlcap -r and nlreplay read them, and [Check] says
// whether an output is safe to show.
package hostile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
	"github.com/nlcap/nlcap/pcap"
)

// Forged is the start of a line that the hostile strings try to forge
// (after CR/LF): a replay verdict, or an nlcap -r line. No output line may
// start with it.
const Forged = "#9 FORGED"

// String is the hostile text: clear screen, set title (OSC ... BEL), CR/LF
// and a forged line, an invalid byte, C1 CSI, a bidi override.
const String = "x\x1b[2J\x1b]0;pwned\x07\r\n" + Forged + " OK\xff\xc2\x9b\u202e"

// CommentName is a hostile family name that fits nlcap's pcapng comment
// (no spaces, commas, '=' or line breaks).
const CommentName = "c\x1b[2J\x1b]0;pwned\x07\xff\xc2\x9b"

// IDs of the generic netlink families of the capture: one named by an
// nlctrl answer, one only by the pcapng section comment.
const (
	GenlID        = 0x30
	CommentGenlID = 0x31
)

// PID is the port id of the requests and answers.
const PID = 4242

var order = binary.NativeEndian

func attr(typ uint16, p []byte) []byte {
	b := order.AppendUint16(nil, uint16(4+len(p)))
	b = order.AppendUint16(b, typ)
	b = append(b, p...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func cstr(s string) []byte { return append([]byte(s), 0) }

func msg(typ, flags uint16, seq uint32, body ...[]byte) []byte {
	var p []byte
	for _, x := range body {
		p = append(p, x...)
	}
	b := order.AppendUint32(nil, uint32(nlcap.NlmsgHdrLen+len(p)))
	b = order.AppendUint16(b, typ)
	b = order.AppendUint16(b, flags)
	b = order.AppendUint32(b, seq)
	b = order.AppendUint32(b, PID)
	return append(b, p...)
}

// ifinfomsg returns struct ifinfomsg for ifindex (ARPHRD_ETHER, IFF_UP).
func ifinfomsg(index uint32) []byte {
	b := []byte{0, 0}
	b = order.AppendUint16(b, 1)
	b = order.AppendUint32(b, index)
	b = order.AppendUint32(b, 1)
	return order.AppendUint32(b, 0)
}

// errorMsg returns an NLMSG_ERROR (NLM_F_CAPPED|NLM_F_ACK_TLVS) answering
// the request req with errno and an extended ACK message.
func errorMsg(req []byte, errno int32, text string) []byte {
	e := order.AppendUint32(nil, uint32(-errno))
	e = append(e, req[:nlcap.NlmsgHdrLen]...)
	return msg(2, 0x300, order.Uint32(req[8:]), e, attr(1, cstr(text))) // NLMSGERR_ATTR_MSG
}

// Records returns the hostile records, in capture order, in the native
// byte order: an RTM_NEWLINK request naming a hostile link and its failure
// with a hostile extended ACK; link and address notifications; an nlctrl
// lookup of a hostile family name and its answer; a request to that family
// with a hostile string and its failure; a request to the family only the
// comment names.
func Records() []nlcap.Record {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var recs []nlcap.Record
	add := func(f nlcap.Family, dir nlcap.Direction, data []byte) {
		recs = append(recs, nlcap.Record{
			Timestamp: start.Add(time.Duration(len(recs)) * time.Millisecond),
			Family:    f, Direction: dir, ByteOrder: order, OrigLen: len(data), Data: data,
		})
	}
	in, out := nlcap.DirectionToKernel, nlcap.DirectionFromKernel
	route, genl := nlcap.FamilyRoute, nlcap.FamilyGeneric

	newLink := msg(16, 0x605, 1, ifinfomsg(7), attr(3, cstr(String)), attr(20, cstr(String))) // IFLA_IFNAME, IFLA_IFALIAS
	add(route, in, newLink)
	add(route, out, errorMsg(newLink, 22, String))
	add(route, out, msg(16, 0, 0, ifinfomsg(7), attr(3, cstr(String))))
	ifa := []byte{2, 24, 0, 0}
	ifa = order.AppendUint32(ifa, 7)
	add(route, out, msg(20, 0, 0, ifa, attr(1, []byte{10, 0, 0, 1}), attr(3, cstr(String)))) // IFA_ADDRESS, IFA_LABEL

	// nlctrl: CTRL_CMD_GETFAMILY by CTRL_ATTR_FAMILY_NAME, then the answer.
	add(genl, in, msg(0x10, 0x5, 2, []byte{3, 1, 0, 0}, attr(2, cstr(String))))
	fam := dissect.GenlFamilyRecord(GenlID, String).Data
	order.PutUint32(fam[8:], 2)
	order.PutUint32(fam[12:], PID)
	add(genl, out, fam)

	req := msg(GenlID, 0x5, 3, []byte{1, 1, 0, 0}, attr(1, cstr(String)))
	add(genl, in, req)
	add(genl, out, errorMsg(req, 95, String))

	req = msg(CommentGenlID, 0x5, 4, []byte{1, 1, 0, 0}, attr(1, cstr(String)))
	add(genl, in, req)
	add(genl, out, errorMsg(req, 95, String))
	return recs
}

// Comments are the pcapng section comments of the capture: nlcap's genl
// family table naming CommentGenlID, and a free comment.
func Comments() []string {
	return []string{
		pcap.FormatGenlFamiliesComment(map[uint16]string{CommentGenlID: CommentName}),
		"free " + String,
	}
}

// Pcapng returns the capture as a pcapng file with the section comments.
func Pcapng() ([]byte, error) {
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, &pcap.WriterConfig{Format: pcap.FormatPcapng, Comments: Comments()})
	if err != nil {
		return nil, err
	}
	for _, r := range Records() {
		if err := w.WriteRecord(r); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Check returns an error when text output is not safe on a terminal: a
// byte that is not UTF-8, a control character other than the newlines
// that end lines and a tab that starts one (hex dumps), any other rune
// that is not printable (C1 controls, bidi overrides...), or a line that
// starts with Forged.
func Check(out string) error {
	return check(out, func(r rune) bool { return strconv.IsPrint(r) })
}

// CheckJSON is [Check] for JSON: one document or JSON lines, holding
// no control character (C0 or C1) nor invalid UTF-8; other runes are left
// as JSON leaves them.
func CheckJSON(out string) error {
	if err := check(out, func(r rune) bool { return r >= 0x20 && (r < 0x7f || r > 0x9f) }); err != nil {
		return err
	}
	if json.Valid([]byte(out)) {
		return nil // one (indented) document
	}
	for l := range strings.Lines(out) {
		if !json.Valid([]byte(l)) {
			return fmt.Errorf("invalid JSON line %q", l)
		}
	}
	return nil
}

func check(out string, ok func(rune) bool) error {
	if !utf8.ValidString(out) {
		return fmt.Errorf("output is not UTF-8: %q", out)
	}
	for n, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), Forged) {
			return fmt.Errorf("line %d is forged: %q", n+1, l)
		}
		for i, r := range l {
			if r == '\t' && i == 0 {
				continue
			}
			if !ok(r) {
				return fmt.Errorf("line %d: rune %U at byte %d: %q", n+1, r, i, l)
			}
		}
	}
	return nil
}
