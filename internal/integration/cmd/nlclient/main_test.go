//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlcap/nlcap/replay"
	"github.com/nlcap/nlcap/replay/replaytest"
)

// TestMockServesCapture serves the workload from the capture the lab made of
// nlclient on the kernel (testdata/captures/integration-client.pcap, plain
// `nlcap -w`, provenance in testdata/README.md) with replay.Mock in Strict
// and Ordered mode, requiring every recorded exchange to be served, and
// compares the results with the kernel's (integration-client.json).
func TestMockServesCapture(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "testdata", "captures")
	want, err := os.ReadFile(filepath.Join(dir, "integration-client.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := replaytest.NewMock(t, filepath.Join(dir, "integration-client.pcap"),
		&replay.MockConfig{Strict: true, Ordered: true, RequireAllServed: true})
	r, err := RunMock(m)
	if err != nil {
		t.Fatalf("workload against the mock: %v", err)
	}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("mock results differ from the kernel's:\nkernel:\n%s\nmock:\n%s", want, got.String())
	}
}
