package main

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
)

// TestSkipNlcapGenlDump: the family-table dump nlcap writes at the start of
// a capture is not replayed unless --only selects it.
func TestSkipNlcapGenlDump(t *testing.T) {
	rec := func(data []byte) nlcap.Record {
		return nlcap.Record{Timestamp: time.Unix(1, 0), Family: nlcap.FamilyGeneric, ByteOrder: binary.NativeEndian, Data: data, OrigLen: len(data)}
	}
	getFamily := []byte{3, 1, 0, 0} // CTRL_CMD_GETFAMILY
	p := writeCapture(t,
		rec(nlmsg(0x10, 0x301, capture.GenlDumpSeq, getFamily)), // nlcap's dump
		rec(nlmsg(0x10, 0x301, 7, getFamily)),                   // the user's own dump
	)
	out, stderr, code := runArgs(t, "--dry-run", p)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stderr, "request #1 is nlcap's own genl family-table dump") {
		t.Errorf("stderr does not say #1 is skipped:\n%s", stderr)
	}
	if strings.Contains(out, "#1 ") || !strings.Contains(out, "#2 ") {
		t.Errorf("dry-run should list #2 only:\n%s", out)
	}
	out, _, code = runArgs(t, "--dry-run", "--only", "1", p)
	if code != 0 || !strings.Contains(out, "#1 ") {
		t.Errorf("--only 1 should select nlcap's dump (exit %d):\n%s", code, out)
	}
}
