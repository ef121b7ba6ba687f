package main

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nlcap/nlcap/replay"
)

// privileged skips unless a network namespace can be made (root); with
// NLCAP_TEST_PRIVILEGED=1 it fails instead.
func privileged(t *testing.T) {
	t.Helper()
	f, err := replay.NewNetNS()
	if err == nil {
		f.Close()
		return
	}
	if os.Getenv("NLCAP_TEST_PRIVILEGED") == "1" || !errors.Is(err, os.ErrPermission) {
		t.Fatalf("cannot create a network namespace: %v", err)
	}
	t.Skipf("%v: run as root, or set NLCAP_TEST_PRIVILEGED=1 to fail", err)
}

// Requests 1 and 13 of rtnl-basic are iproute2's empty RTM_NEWLINK probes,
// answered ENODEV on any kernel; request 5 sets up d0, which does not exist
// in a fresh namespace (ENODEV instead of the recorded ACK).
const basic = "../../testdata/captures/rtnl-basic.pcap"

func TestLiveReplay(t *testing.T) {
	privileged(t)
	tests := []struct {
		name string
		args []string
		code int
		has  []string
		not  []string
	}{
		{name: "ok", args: []string{"--only", "1,13"}, has: []string{
			"#1 route RTM_NEWLINK: ENODEV (19)  OK\n", "#13 route RTM_NEWLINK: ENODEV (19)  OK\n",
			"2 requests: 2 OK, 0 DIVERGED, 0 TIMEOUT; replayed in ", "(fresh network namespace)"}},
		{name: "loop", args: []string{"--only", "1,13", "--loop", "3", "--timing", "--speed", "1000"},
			has: []string{"[3] #13 ", "6 requests in 3 runs: 6 OK, 0 DIVERGED"}},
		{name: "diverged", args: []string{"--only", "5"}, code: 1, has: []string{
			"#5 route RTM_NEWLINK: errno: recorded ACK, live ENODEV (19)  DIVERGED\n",
			"    - NLMSG_ERROR [CAPPED] len 36: ACK for RTM_NEWLINK\n",
			"    + NLMSG_ERROR [none] len 52: ENODEV (No such device) for RTM_NEWLINK\n", "1 DIVERGED"}},
		{name: "until diverge", args: []string{"--only", "1,5", "--loop", "0", "--until-diverge"}, code: 1,
			has: []string{"[1] #5 ", "2 requests: 1 OK, 1 DIVERGED"}, not: []string{"[2]"}},
		{name: "check", args: []string{"--check", "--only", "1,5,13"}, code: 1,
			has: []string{"#5 ", "3 requests: 2 OK, 1 DIVERGED"}, not: []string{"#1 ", "#13 ", "NLMSG_ERROR"}},
		{name: "verbose", args: []string{"-vv", "--only", "1"}, has: []string{"rewrite msg 0 nlmsg_seq 0 → 1", "recorded < ", "live     < "}},
		{name: "setup fails", args: []string{"--setup", "exit 3", "--only", "1"}, code: 2},
		{name: "setup", args: []string{"--setup", "true", "--only", "1"}, has: []string{"1 request: 1 OK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := runArgs(t, append(tt.args, basic)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, stderr)
			}
			for _, h := range tt.has {
				if !strings.Contains(out, h) {
					t.Errorf("stdout lacks %q:\n%s", h, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("stdout has %q:\n%s", n, out)
				}
			}
		})
	}

	out, stderr, code := runArgs(t, "--json", "--only", "1,5", basic)
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("--json: exit %d, %v\n%s%s", code, err, out, stderr)
	}
	if rep.Summary == nil || rep.Summary.OK != 1 || rep.Summary.Diverged != 1 || len(rep.Requests) != 2 ||
		rep.Requests[1].Status != "DIVERGED" || rep.Requests[1].Live != "ENODEV (19)" || rep.Requests[1].Recorded != "ACK" {
		t.Errorf("--json report: %+v", rep)
	}
}
