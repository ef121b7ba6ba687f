//go:build linux

package e2e

// End-to-end test of process capture (issue 14): the same run captured at
// once by nlmon and by tracing the process.

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
)

// TestTraceVsNlmon runs `nlcap -w F -- dash -c "ip link show; ip -o addr;
// genl ctrl list"` while an nlmon capture runs: the traced records are
// nlmon's records of that time, byte for byte (the same multiset), and the
// records of each traced socket come in nlmon's order.
func TestTraceVsNlmon(t *testing.T) {
	inGuest(t)
	nlFile := artifactPath(t, "trace-nlmon.pcapng")
	trFile := artifactPath(t, "trace-process.pcapng")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "--pcapng", "-w", nlFile)
	time.Sleep(100 * time.Millisecond) // past nlmon's own genl dump
	script := fmt.Sprintf("%s link show; %s -o addr; %s ctrl list", toolPath(t, "ip"), toolPath(t, "ip"), toolPath(t, "genl"))
	from := time.Now()
	runCmd(t, "nlcap", "--no-genl-dump", "-w", trFile, "--", toolPath(t, "dash"), "-c", script)
	to := time.Now()
	time.Sleep(200 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)

	traced := readCapture(t, trFile)
	tapped := window(readCapture(t, nlFile), from, to)
	if len(traced) < 10 {
		t.Fatalf("%d traced records", len(traced))
	}
	if d := diffMultisets("nlmon", tapped, "trace", traced); d != "" {
		t.Errorf("records differ:\n%s", d)
	}
	// Per socket (protocol and port id), the traced order is nlmon's.
	var order []string
	for _, r := range tapped {
		order = append(order, key(r))
	}
	type sock struct {
		fam  nlcap.Family
		port uint32
	}
	perSock := make(map[sock][]string)
	for _, r := range traced {
		if r.Process.PID == 0 || r.Process.PortID == 0 {
			t.Errorf("traced record without process or port: %+v", r.Process)
		}
		s := sock{r.Family, r.Process.PortID}
		perSock[s] = append(perSock[s], key(r))
	}
	for s, keys := range perSock {
		i := 0
		for _, k := range order {
			if i < len(keys) && k == keys[i] {
				i++
			}
		}
		if i != len(keys) {
			t.Errorf("socket %v port %d: traced record %d of %d is not in nlmon's order: %.160s", s.fam, s.port, i, len(keys), keys[i])
		}
	}
	if len(perSock) < 3 {
		t.Errorf("%d sockets traced, want one per command at least (3)", len(perSock))
	}
}
