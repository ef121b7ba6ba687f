package pcap

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
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
