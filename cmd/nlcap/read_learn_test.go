package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
)

// TestFirstPassLearnsWholeFile: nlcap -r on a regular file names a
// generic netlink family in a message before the nlctrl message that
// defines it (the first pass learned the whole file), in a big-endian file
// too; standard input is read once and cannot.
func TestFirstPassLearnsWholeFile(t *testing.T) {
	o := binary.BigEndian
	use := o.AppendUint32(nil, 20)
	use = o.AppendUint16(use, 0x30)
	use = o.AppendUint16(use, 1) // NLM_F_REQUEST
	use = o.AppendUint32(use, 1)
	use = o.AppendUint32(use, 0)
	use = append(use, 1, 1, 0, 0) // genlmsghdr: cmd 1
	data := bigEndianPcap(t, []nlcap.Record{{Family: nlcap.FamilyGeneric, Data: use, ByteOrder: o}, beFamilyRecord(0x30, "beta")})
	name := filepath.Join(t.TempDir(), "be.pcap")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runNlcap(t, "-r", name)
	first, _, _ := strings.Cut(stdout, "\n")
	if code != 0 || !strings.Contains(first, "beta") {
		t.Errorf("exit %d, stderr %q; first line %q does not name family 0x30 beta", code, stderr, first)
	}
	cmd := testutil.Command(t, "-r", "-")
	cmd.Stdin = bytes.NewReader(data)
	stdout, _, _ = testutil.Run(t, cmd)
	if first, _, _ := strings.Cut(stdout, "\n"); strings.Contains(first, "beta") {
		t.Errorf("stdin: first line %q names a family defined after it", first)
	}
}

// bigEndianPcap writes recs as a big-endian classic pcap file, as a
// big-endian host's nlcap -w would (netlink messages in big-endian order).
func bigEndianPcap(t *testing.T, recs []nlcap.Record) []byte {
	t.Helper()
	be := binary.BigEndian
	b := be.AppendUint32(nil, 0xa1b2c3d4)
	b = be.AppendUint16(b, 2)
	b = be.AppendUint16(b, 4)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 262144)
	b = be.AppendUint32(b, 253)
	for _, r := range recs {
		data := r.Data
		h, err := nlcap.NewPseudoHeader(r.Family).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		n := uint32(len(h) + len(data))
		b = be.AppendUint32(b, 1)
		b = be.AppendUint32(b, 0)
		b = be.AppendUint32(b, n)
		b = be.AppendUint32(b, n)
		b = append(append(b, h...), data...)
	}
	return b
}

// beFamilyRecord is newFamilyRecord in big-endian byte order.
func beFamilyRecord(id uint16, name string) nlcap.Record {
	o := binary.BigEndian
	nameLen := 4 + len(name) + 1
	total := nlcap.NlmsgHdrLen + 4 + 8 + nlcap.NlmsgAlign(nameLen)
	b := o.AppendUint32(nil, uint32(total))
	b = o.AppendUint16(b, 0x10) // GENL_ID_CTRL
	b = o.AppendUint16(b, 0)
	b = o.AppendUint32(b, 0)
	b = o.AppendUint32(b, 0)
	b = append(b, 1, 2, 0, 0) // CTRL_CMD_NEWFAMILY
	b = o.AppendUint16(b, 6)
	b = o.AppendUint16(b, 1) // CTRL_ATTR_FAMILY_ID
	b = o.AppendUint16(b, id)
	b = append(b, 0, 0)
	b = o.AppendUint16(b, uint16(nameLen))
	b = o.AppendUint16(b, 2) // CTRL_ATTR_FAMILY_NAME
	b = append(b, name...)
	b = append(b, make([]byte, nlcap.NlmsgAlign(nameLen)-nameLen+1)...)
	return nlcap.Record{Family: nlcap.FamilyGeneric, Data: b, ByteOrder: o, OrigLen: len(b)}
}
