package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
)

// TestRecordParts checks that decoding large records a part at a time
// (partBytes) prints, byte for byte, what decoding them whole prints, on
// one CPU and on several, on every capture and on a generated record of
// many messages that ends with a bad length, so that the offsets of the
// last part count from the record's start.
func TestRecordParts(t *testing.T) {
	var data []byte
	le := binary.LittleEndian
	for i := range 300 {
		m := nlmsg(32, 16, 2, make([]byte, 16)...) // RTM_NEWLINK, NLM_F_MULTI, ifinfomsg
		le.PutUint32(m[20:], uint32(i+1))          // ifi_index
		data = append(data, m...)
	}
	data = append(data, nlmsg(100, 16, 2)...) // nlmsg_len past the record
	big := nlcap.Record{Family: nlcap.FamilyRoute, ByteOrder: le, Data: data, OrigLen: len(data)}
	name := filepath.Join(t.TempDir(), "big.pcap")
	recs := append(genRecords(2, 64), big, big)
	recs[3].Data = data[:len(data)-16] // ends on a whole message
	if err := os.WriteFile(name, testutil.CaptureBytes(t, nil, recs), 0o600); err != nil {
		t.Fatal(err)
	}
	files := append(captureFiles(t), name)
	for _, f := range files {
		for _, mode := range [][]string{nil, {"-vv"}, {"--json"}, {"-x", "-Q", "out"}} {
			args := append([]string{"-r", f}, mode...)
			var want, wantErr string
			withReadWorkers(t, 1, parallelChunkBytes, func() {
				want, wantErr, _ = runNlcap(t, args...)
			})
			defer func(n int) { partBytes = n }(partBytes)
			for _, part := range []int{16, 100, 1000} {
				partBytes = part
				for _, workers := range []int{1, 3} {
					withReadWorkers(t, workers, 500, func() {
						got, gotErr, _ := runNlcap(t, args...)
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("%v, parts of %d bytes, %d workers: output (-whole +parts):\n%s", args, part, workers, diff)
						}
						if gotErr != wantErr {
							t.Errorf("%v: stderr %q, whole %q", args, gotErr, wantErr)
						}
					})
				}
			}
			partBytes = 256 << 10
		}
	}
}

// TestSplitRecord checks where records are cut.
func TestSplitRecord(t *testing.T) {
	defer func(n int) { partBytes = n }(partBytes)
	partBytes = 40
	le := binary.LittleEndian
	msgs := append(append(nlmsg(18, 16, 0, 1, 2), 0, 0), nlmsg(20, 16, 0, 1, 2, 3, 4)...) // 18 (aligned: 20) + 20
	data := append(append(append([]byte(nil), msgs...), msgs...), nlmsg(16, 16, 0)...)    // 40 + 40 + 16
	got := splitRecord(nil, data, le)
	want := []recordPart{{0, 40, 0}, {40, 80, 2}, {80, 96, 4}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(recordPart{})); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	if got := splitRecord(nil, data[:30], le); len(got) != 1 {
		t.Errorf("a short record in %d parts", len(got))
	}
}
