package render

import (
	"strconv"

	"github.com/nlcap/nlcap"
)

// SetProcess sets the process shown with the messages appended next: the
// Record.Process of a traced record (capture.Trace), before the family in
// the one-line format, as the "process" member in JSON (docs/json.md). The
// zero Process (nlmon records) shows nothing; neither does Diff.
func (p *Printer) SetProcess(proc nlcap.Process) { p.proc = proc }

// appendProcess appends the process of a traced record and a space, the
// way the one-line output shows it: "[ip 7200/7201 port 7200 group 1] "
// (name, pid/tid, the socket's port id, the multicast group of a received
// notification). Records of nlmon captures have none: nothing is appended.
func appendProcess(b []byte, p *nlcap.Process) []byte {
	if !p.Known() {
		return b
	}
	b = append(b, '[')
	if p.Comm != "" {
		b = appendText(b, p.Comm)
		b = append(b, ' ')
	}
	b = strconv.AppendInt(b, int64(p.PID), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(p.TID), 10)
	if p.PortID != 0 {
		b = append(b, " port "...)
		b = strconv.AppendUint(b, uint64(p.PortID), 10)
	}
	if p.Group != 0 {
		b = append(b, " group "...)
		b = strconv.AppendUint(b, uint64(p.Group), 10)
	}
	return append(b, "] "...)
}

// appendJSONProcess appends the "process" member and a comma (docs/json.md)
// for a traced record; nothing for others.
func appendJSONProcess(b []byte, p *nlcap.Process) []byte {
	if !p.Known() {
		return b
	}
	b = append(b, `"process":{"pid":`...)
	b = strconv.AppendInt(b, int64(p.PID), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(p.TID), 10)
	b = append(b, `,"comm":`...)
	b = appendJSONString(b, p.Comm)
	b = append(b, `,"port_id":`...)
	b = strconv.AppendUint(b, uint64(p.PortID), 10)
	b = append(b, `,"group":`...)
	b = strconv.AppendUint(b, uint64(p.Group), 10)
	return append(b, "},"...)
}
