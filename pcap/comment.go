package pcap

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nlcap/nlcap"
)

// Prefixes of the pcapng section comments nlcap writes (see the package
// documentation).
const (
	KernelCommentPrefix       = "nlcap.kernel: "
	GenlFamiliesCommentPrefix = "nlcap.genl-families: "
)

// FormatKernelComment returns the section comment that records the kernel
// release of the capturing host: "nlcap.kernel: 6.1.0-56-amd64".
func FormatKernelComment(release string) string {
	return KernelCommentPrefix + release
}

// ParseKernelComment returns the kernel release from a comment made by
// [FormatKernelComment] (a line of a multi-line comment will do), and false
// when there is none.
func ParseKernelComment(s string) (string, bool) {
	for line := range strings.Lines(s) {
		if rel, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), KernelCommentPrefix); ok {
			return strings.TrimSpace(rel), true
		}
	}
	return "", false
}

// FormatGenlFamiliesComment returns the section comment that records the
// generic netlink family ids of the capturing host, sorted by id:
// "nlcap.genl-families: 0x10=nlctrl,0x14=ethtool". Generic netlink ids are
// allocated at run time, so a decoder needs this map for families whose
// CTRL_CMD_GETFAMILY exchange is not in the capture. Names holding ',' or
// '=' or white space cannot be parsed back and are left out.
func FormatGenlFamiliesComment(families map[uint16]string) string {
	var b strings.Builder
	b.WriteString(GenlFamiliesCommentPrefix)
	first := true
	for _, id := range slices.SortedFunc(maps.Keys(families), cmp.Compare) {
		name := families[id]
		if name == "" || strings.ContainsAny(name, ",= \t\r\n") {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		fmt.Fprintf(&b, "0x%x=%s", id, name)
	}
	return b.String()
}

// ParseGenlFamiliesComment parses a comment made by
// [FormatGenlFamiliesComment] (a line of a multi-line comment will do). It
// returns false when s holds no such line or the line is malformed. Ids may
// be hexadecimal with 0x or decimal.
func ParseGenlFamiliesComment(s string) (map[uint16]string, bool) {
	for line := range strings.Lines(s) {
		list, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), GenlFamiliesCommentPrefix)
		if !ok {
			continue
		}
		m := make(map[uint16]string)
		for item := range strings.SplitSeq(strings.TrimSpace(list), ",") {
			if item == "" {
				continue
			}
			idText, name, ok := strings.Cut(item, "=")
			if !ok || name == "" {
				return nil, false
			}
			id, err := strconv.ParseUint(strings.TrimSpace(idText), 0, 16)
			if err != nil {
				return nil, false
			}
			m[uint16(id)] = strings.TrimSpace(name)
		}
		return m, true
	}
	return nil, false
}

// ProcessCommentPrefix starts the pcapng packet comment that carries a
// record's [nlcap.Process] (see [AppendProcessComment]).
const ProcessCommentPrefix = "nlcap.process: "

// maxCommLen bounds the process name written in a comment: the kernel's is
// at most 15 bytes (TASK_COMM_LEN 16); anything longer was not made by it.
const maxCommLen = 64

// AppendProcessComment appends the packet comment line that records p, one
// line, fields in this order, numbers in decimal:
//
//	nlcap.process: pid=123 tid=124 port=456 group=0 comm=ip
//
// comm is last and written as is when it is printable ASCII without
// spaces, quotes or backslashes, otherwise as a Go quoted string
// (comm="kworker/0:1 x"); it is cut to 64 bytes. Wireshark shows the line as
// a packet comment (frame.comment); [ParseProcessComment] reads it back.
func AppendProcessComment(b []byte, p nlcap.Process) []byte {
	b = append(b, ProcessCommentPrefix...)
	b = append(b, "pid="...)
	b = strconv.AppendInt(b, int64(p.PID), 10)
	b = append(b, " tid="...)
	b = strconv.AppendInt(b, int64(p.TID), 10)
	b = append(b, " port="...)
	b = strconv.AppendUint(b, uint64(p.PortID), 10)
	b = append(b, " group="...)
	b = strconv.AppendUint(b, uint64(p.Group), 10)
	b = append(b, " comm="...)
	comm := p.Comm[:min(len(p.Comm), maxCommLen)]
	if plainComm(comm) {
		return append(b, comm...)
	}
	return strconv.AppendQuoteToASCII(b, comm)
}

// FormatProcessComment returns [AppendProcessComment]'s line as a string.
func FormatProcessComment(p nlcap.Process) string { return string(AppendProcessComment(nil, p)) }

func plainComm(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// ParseProcessComment parses a comment made by [AppendProcessComment]. It
// returns false when s is not such a comment or a field is malformed.
// Unknown fields are ignored (a later version may add some before comm).
func ParseProcessComment(s string) (nlcap.Process, bool) {
	rest, ok := strings.CutPrefix(s, ProcessCommentPrefix)
	if !ok {
		return nlcap.Process{}, false
	}
	var p nlcap.Process
	for rest != "" {
		key, val, ok := strings.Cut(rest, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \n") {
			return nlcap.Process{}, false
		}
		if key == "comm" {
			if strings.HasPrefix(val, `"`) {
				c, err := strconv.Unquote(val)
				if err != nil {
					return nlcap.Process{}, false
				}
				val = c
			} else if !plainComm(val) {
				return nlcap.Process{}, false
			}
			p.Comm = val
			break
		}
		val, rest, _ = strings.Cut(val, " ")
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return nlcap.Process{}, false
		}
		switch key {
		case "pid":
			p.PID = int(n)
		case "tid":
			p.TID = int(n)
		case "port":
			p.PortID = uint32(n)
		case "group":
			p.Group = uint32(n)
		}
	}
	return p, true
}
