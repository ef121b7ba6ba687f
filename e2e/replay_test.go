//go:build linux

package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nlcap/nlcap/pcap"
)

// replayReport is the part of `nlreplay --json` the tests read.
type replayReport struct {
	Requests []struct {
		Number   int      `json:"number"`
		Family   string   `json:"family"`
		Types    []string `json:"types"`
		Summary  string   `json:"summary"`
		Recorded string   `json:"recorded"`
		Live     string   `json:"live"`
		Status   string   `json:"status"`
		Reason   string   `json:"reason"`
		Diff     string   `json:"diff"`
		Rewrites []struct {
			Field string `json:"field"`
			From  string `json:"from"`
			To    string `json:"to"`
		} `json:"rewrites"`
	} `json:"requests"`
	Summary struct {
		Requests int `json:"requests"`
		OK       int `json:"ok"`
		Diverged int `json:"diverged"`
		Timeout  int `json:"timeout"`
		Env      int `json:"env"`
	} `json:"summary"`
	Environment *struct {
		Lo     string   `json:"lo"`
		Create []string `json:"create"`
		Notes  []string `json:"notes"`
	} `json:"environment"`
}

// nlreplay runs the project's nlreplay and returns stdout, stderr and the
// exit status (a failure to run at all fails the test).
func nlreplay(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, projectBin(t, "nlreplay"), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("nlreplay %q timed out\n%s%s", args, out.String(), errb.String())
	}
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("nlreplay %q: %v", args, err)
	}
	t.Logf("$ nlreplay %s  (exit %d)\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	return out.String(), errb.String(), code
}

// replayJSON runs nlreplay --json and decodes its report.
func replayJSON(t testing.TB, args ...string) (replayReport, int) {
	t.Helper()
	out, _, code := nlreplay(t, append([]string{"--json"}, args...)...)
	var rep replayReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("nlreplay --json: not JSON (exit %d): %v", code, err)
	}
	return rep, code
}

// failNotOK fails the test once per request of rep that was not OK, with
// its reason and diff.
func failNotOK(t testing.TB, rep replayReport) {
	t.Helper()
	for _, r := range rep.Requests {
		if r.Status != "OK" {
			t.Errorf("#%d %s: %s %s\n%s", r.Number, r.Summary, r.Status, r.Reason, r.Diff)
		}
	}
}

// netnsAdd creates a named network namespace, deleted at cleanup.
func netnsAdd(t testing.TB, name string) {
	t.Helper()
	ip := toolPath(t, "ip")
	runCmd(t, ip, "netns", "add", name)
	t.Cleanup(func() { exec.Command(ip, "netns", "del", name).Run() })
}

// session captures, with nlcap inside namespace ns, the commands cmds (each
// an argv; a leading "!" means the command is expected to fail) and writes
// file.
func session(t testing.TB, ns, file string, cmds [][]string) {
	t.Helper()
	sessionWith(t, []string{"--no-genl-dump", "--pcapng"}, ns, file, cmds)
}

// sessionWith is session with nlcap flags of its own (besides --netns and
// -w).
func sessionWith(t testing.TB, flags []string, ns, file string, cmds [][]string) {
	t.Helper()
	args := append([]string{"--netns", ns}, flags...)
	nc := startBg(t, nil, projectBin(t, "nlcap"), append(args, "-w", file)...)
	for _, c := range cmds {
		fail := c[0] == "!"
		if fail {
			c = c[1:]
		}
		path := c[0]
		if !strings.Contains(path, "/") {
			path = toolPath(t, path)
		}
		out, err := exec.Command(path, c[1:]...).CombinedOutput()
		t.Logf("$ %s  (err %v)\n%s", strings.Join(c, " "), err, out)
		if fail != (err != nil) {
			t.Fatalf("%s: error %v, want failure %v\n%s", strings.Join(c, " "), err, fail, out)
		}
	}
	time.Sleep(200 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)
}

// ipn prefixes an ip command with -n ns.
func ipn(ns string, args ...string) []string { return append([]string{"ip", "-n", ns}, args...) }

// hostState is what the initial namespace must still look like after a
// replay.
func hostState(t testing.TB) string {
	t.Helper()
	ip := toolPath(t, "ip")
	return runCmd(t, ip, "link", "show") + runCmd(t, ip, "addr", "show") +
		runCmd(t, ip, "route", "show", "table", "all") + runCmd(t, ip, "neigh", "show")
}

// TestReplayRtnetlinkSession is issue 5 test 1: an rtnetlink session (link,
// addr, route, neigh add, dumps, del) captured with nlcap replays OK in a
// fresh namespace, ifindexes remapped by name, and leaves the initial
// namespace as it was.
func TestReplayRtnetlinkSession(t *testing.T) {
	inGuest(t)
	ns := "rpsess"
	netnsAdd(t, ns)
	file := artifactPath(t, "replay-session.pcapng")
	session(t, ns, file, [][]string{
		ipn(ns, "link", "add", "d0", "type", "dummy"),
		ipn(ns, "link", "set", "d0", "up"),
		ipn(ns, "addr", "add", "10.9.0.1/24", "dev", "d0"),
		ipn(ns, "-6", "addr", "add", "fd00::1/64", "dev", "d0", "nodad"),
		ipn(ns, "route", "add", "10.10.0.0/16", "via", "10.9.0.2"),
		ipn(ns, "neigh", "add", "10.9.0.5", "lladdr", "02:00:00:00:00:05", "dev", "d0"),
		ipn(ns, "link", "show"),
		ipn(ns, "addr", "show"),
		ipn(ns, "route", "show"),
		ipn(ns, "neigh", "show"),
		ipn(ns, "route", "del", "10.10.0.0/16"),
		ipn(ns, "addr", "del", "10.9.0.1/24", "dev", "d0"),
		ipn(ns, "link", "del", "d0"),
	})

	before := hostState(t)
	rep, code := replayJSON(t, file)
	if code != 0 || rep.Summary.Requests == 0 || rep.Summary.OK != rep.Summary.Requests {
		t.Errorf("replay: exit %d, %d of %d requests OK, want exit 0 and all OK", code, rep.Summary.OK, rep.Summary.Requests)
		failNotOK(t, rep)
	}
	// nlcap's nlmon link was ifindex 2 in the capture, so d0 was 3; in the
	// fresh namespace (lo only) d0 is 2.
	var remapped bool
	for _, r := range rep.Requests {
		for _, rw := range r.Rewrites {
			if strings.HasSuffix(rw.Field, "index") && strings.Contains(rw.From, "(d0)") && rw.To == "2" {
				remapped = true
			}
		}
	}
	if !remapped {
		t.Error("no ifindex of d0 was rewritten to its live value 2")
	}
	if after := hostState(t); after != before {
		t.Errorf("the initial namespace changed during the replay:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// The text output: one line per request, then the summary; -w records
	// the replay's own traffic.
	own := artifactPath(t, "replay-session-own.pcap")
	out, _, code := nlreplay(t, "-w", own, file)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != rep.Summary.Requests+1 {
		t.Fatalf("text replay: exit %d, %d lines, want exit 0 and %d lines", code, len(lines), rep.Summary.Requests+1)
	}
	line := regexp.MustCompile(`^#\d+ route \S.*  OK$`)
	for _, l := range lines[:len(lines)-1] {
		if !line.MatchString(l) {
			t.Errorf("request line %q does not match %s", l, line)
		}
	}
	if want := fmt.Sprintf("%d requests: %d OK, 0 DIVERGED, 0 TIMEOUT", rep.Summary.Requests, rep.Summary.Requests); !strings.HasPrefix(lines[len(lines)-1], want) {
		t.Errorf("summary %q, want prefix %q", lines[len(lines)-1], want)
	}
	recs := readCapture(t, own)
	var requests int
	for _, r := range recs {
		if len(r.Data) >= 8 && r.Data[6]&1 != 0 { // NLM_F_REQUEST (little-endian host)
			requests++
		}
	}
	// The replay's own requests, plus its ifindex lookups.
	if requests < rep.Summary.Requests {
		t.Errorf("-w file holds %d requests, want at least the %d replayed", requests, rep.Summary.Requests)
	}
}

// TestReplayDefaultCapture replays a capture made with nlcap's defaults
// (classic pcap, the genl family table dumped at the start): nlcap's own
// CTRL_CMD_GETFAMILY dump (nlmsg_seq capture.GenlDumpSeq) is request #1 and is
// not replayed unless --only selects it; selected, in the boot that captured
// it (the family table is global), it is OK like every other request.
func TestReplayDefaultCapture(t *testing.T) {
	inGuest(t)
	ns := "rpdef"
	netnsAdd(t, ns)
	file := artifactPath(t, "replay-default.pcap")
	sessionWith(t, nil, ns, file, [][]string{
		ipn(ns, "link", "add", "x0", "type", "dummy"),
		ipn(ns, "addr", "add", "10.40.0.1/24", "dev", "x0"),
		ipn(ns, "link", "del", "x0"),
	})
	rep, code := replayJSON(t, file)
	if code != 0 || rep.Summary.Requests < 4 || rep.Summary.OK != rep.Summary.Requests {
		t.Errorf("replay: exit %d, %d of %d OK, want exit 0 and all OK", code, rep.Summary.OK, rep.Summary.Requests)
		failNotOK(t, rep)
	}
	for _, r := range rep.Requests {
		if r.Number == 1 {
			t.Errorf("nlcap's family table dump (#1) was replayed by default: %+v", r)
		}
	}
	rep, code = replayJSON(t, file, "--only", "1")
	if code != 0 || len(rep.Requests) != 1 || rep.Requests[0].Family != "generic" || !strings.HasPrefix(rep.Requests[0].Summary, "nlctrl CTRL_CMD_GETFAMILY") ||
		!strings.Contains(rep.Requests[0].Recorded, "NLMSG_DONE") || rep.Requests[0].Status != "OK" {
		t.Errorf("--only 1: exit %d, want nlcap's family table dump, OK: %+v", code, rep.Requests)
	}
}

// TestReplayFailures is issue 5 test 2: failing requests (EEXIST,
// ENETUNREACH with extack, ENODEV, EADDRNOTAVAIL, EINVAL with extack) are
// reproduced with their errno and extended ACK text.
func TestReplayFailures(t *testing.T) {
	inGuest(t)
	ns := "rpfail"
	netnsAdd(t, ns)
	file := artifactPath(t, "replay-failures.pcapng")
	session(t, ns, file, [][]string{
		ipn(ns, "link", "add", "f0", "type", "dummy"),
		ipn(ns, "link", "set", "f0", "up"),
		ipn(ns, "addr", "add", "10.20.0.1/24", "dev", "f0"),
		append([]string{"!"}, ipn(ns, "link", "add", "f0", "type", "dummy")...),               // EEXIST
		append([]string{"!"}, ipn(ns, "route", "add", "10.30.0.0/16", "via", "10.99.0.1")...), // ENETUNREACH "Nexthop has invalid gateway"
		append([]string{"!"}, ipn(ns, "link", "del", "nosuch0")...),                           // ENODEV
		append([]string{"!"}, ipn(ns, "addr", "del", "10.20.0.99/24", "dev", "f0")...),        // EADDRNOTAVAIL
		append([]string{"!"}, ipn(ns, "nexthop", "add", "id", "10", "via", "10.20.0.2")...),   // EINVAL with extack
		ipn(ns, "link", "del", "f0"),
	})
	rep, code := replayJSON(t, file)
	if code != 0 || rep.Summary.OK != rep.Summary.Requests {
		t.Errorf("replay: exit %d, %d of %d OK, want every failure reproduced", code, rep.Summary.OK, rep.Summary.Requests)
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`^EEXIST \(17\)`),
		regexp.MustCompile(`^ENETUNREACH \(101\) ".+"`),
		regexp.MustCompile(`^ENODEV \(19\)`),
		regexp.MustCompile(`^EADDRNOTAVAIL \(99\)`),
		regexp.MustCompile(`^EINVAL \(22\) ".+"`),
	}
	for _, w := range want {
		found := false
		for _, r := range rep.Requests {
			if w.MatchString(r.Recorded) {
				found = true
				if r.Live != r.Recorded || r.Status != "OK" {
					t.Errorf("#%d %s: recorded %s, live %s (%s)", r.Number, r.Summary, r.Recorded, r.Live, r.Status)
				}
			}
		}
		if !found {
			t.Errorf("no recorded answer matches %s", w)
		}
	}
}

// TestReplayChangedEnvironment is issue 5 test 4: when --setup pre-creates
// the link the capture creates, that request DIVERGES (EEXIST instead of
// ACK) with a readable diff, and nlreplay exits 1.
func TestReplayChangedEnvironment(t *testing.T) {
	inGuest(t)
	ns := "rpenv"
	netnsAdd(t, ns)
	file := artifactPath(t, "replay-env.pcapng")
	session(t, ns, file, [][]string{
		ipn(ns, "link", "add", "c0", "type", "dummy"),
		ipn(ns, "link", "set", "c0", "up"),
	})
	ip := toolPath(t, "ip")
	out, stderr, code := nlreplay(t, "--setup", ip+" link add c0 type dummy", file)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	div := regexp.MustCompile(`(?m)^#\d+ route RTM_NEWLINK c0: errno: recorded ACK, live EEXIST \(17\).*  DIVERGED$`)
	if !div.MatchString(out) {
		t.Errorf("no DIVERGED line matching %s", div)
	}
	for _, l := range []string{"0 TIMEOUT", " 1 DIVERGED"} {
		if !strings.Contains(out, l) {
			t.Errorf("output lacks %q", l)
		}
	}
	// The diff: the answers as nlcap -r -vv prints them.
	recAck := regexp.MustCompile(`(?m)^    - NLMSG_ERROR \[[A-Z_,a-z]+\] len \d+: ACK for RTM_NEWLINK$`)
	liveErr := regexp.MustCompile(`(?m)^    \+ NLMSG_ERROR \[[A-Z_,a-z]+\] len \d+: EEXIST \(File exists\) for RTM_NEWLINK`)
	for _, re := range []*regexp.Regexp{recAck, liveErr} {
		if !re.MatchString(out) {
			t.Errorf("output has no line matching %s:\n%s", re, out)
		}
	}
	if !strings.Contains(stderr, "did not match") {
		t.Errorf("stderr %q does not say the replay did not match", stderr)
	}

	// --check: same verdict, terse stdout, the diff on stderr.
	out, stderr, code = nlreplay(t, "--check", "--setup", ip+" link add c0 type dummy", file)
	if code != 1 || strings.Count(strings.TrimSpace(out), "\n") != 1 || !liveErr.MatchString(stderr) {
		t.Errorf("--check: exit %d, stdout %q, stderr %q: want exit 1, the DIVERGED line and the summary, the diff on stderr", code, out, stderr)
	}
}

// wgCommands are the generic netlink commands of issue 5 test 3, run
// inside namespace ns.
func wgCommands(ns string) [][]string {
	in := func(args ...string) []string { return append([]string{"ip", "netns", "exec", ns}, args...) }
	return [][]string{
		in("genl", "ctrl", "get", "name", "wireguard"),
		in("genl", "ctrl", "get", "name", "ethtool"),
		ipn(ns, "link", "add", "wg0", "type", "wireguard"),
		in("wg", "show", "wg0"),
		ipn(ns, "link", "add", "e0", "type", "dummy"),
		in("ethtool", "-i", "e0"),
		append([]string{"!"}, in("ethtool", "e0")...), // dummy has no link settings: exit 75, partly EOPNOTSUPP
		ipn(ns, "link", "del", "wg0"),
	}
}

// genlID returns the live id of a genl family (genl ctrl get name NAME).
func genlID(t testing.TB, name string) string {
	t.Helper()
	out := runCmd(t, toolPath(t, "genl"), "ctrl", "get", "name", name)
	m := regexp.MustCompile(`ID: (0x[0-9a-f]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("genl ctrl get name %s: no ID in %q", name, out)
	}
	return m[1]
}

// TestBootWgCaptureGenl is the first half of issue 5 test 3, in the boot
// e2e/boots/wgcapture.conf where wireguard is loaded before the capture:
// it captures genl ctrl lookups, wg and ethtool, and leaves the capture and
// wireguard's id for TestBootWgReplayGenl.
func TestBootWgCaptureGenl(t *testing.T) {
	inGuest(t)
	ns := "wgcap"
	netnsAdd(t, ns)
	id := genlID(t, "wireguard")
	session(t, ns, artifactPath(t, "replay-wg.pcapng"), wgCommands(ns))
	if err := os.WriteFile(artifactPath(t, "replay-wg-id.txt"), []byte(id+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBootWgReplayGenl is the second half of issue 5 test 3, in the boot
// e2e/boots/wgreplay.conf (after wgcapture): fou is loaded first and
// wireguard only by the replay's own lookup, so wireguard's id differs from
// the capture's; the replay remaps it by name and every request is OK.
func TestBootWgReplayGenl(t *testing.T) {
	inGuest(t)
	file := artifactPath(t, "replay-wg.pcapng")
	b, err := os.ReadFile(artifactPath(t, "replay-wg-id.txt"))
	if err != nil {
		t.Fatalf("capture boot left no wireguard id (did TestBootWgCaptureGenl pass?): %v", err)
	}
	recorded := strings.TrimSpace(string(b))
	rep, code := replayJSON(t, file)
	live := genlID(t, "wireguard")
	if live == recorded {
		t.Fatalf("wireguard has id %s in both boots: the test cannot show a remap", live)
	}
	if code != 0 || rep.Summary.Requests == 0 || rep.Summary.OK != rep.Summary.Requests {
		t.Errorf("replay: exit %d, %d of %d OK", code, rep.Summary.OK, rep.Summary.Requests)
		failNotOK(t, rep)
	}
	var remapped, ethtool bool
	for _, r := range rep.Requests {
		for _, rw := range r.Rewrites {
			if rw.Field == "genl family id" && rw.From == recorded && strings.HasPrefix(rw.To, live+" ") {
				remapped = true
			}
		}
		if r.Family == "generic" && len(r.Types) > 0 && strings.HasPrefix(r.Types[0], "ethtool ") {
			ethtool = true
		}
	}
	if !remapped {
		t.Errorf("no wireguard request was remapped from %s to %s", recorded, live)
	}
	if !ethtool {
		t.Error("the capture holds no ethtool request")
	}
}

// testdataCaptures lists the captures committed in testdata/captures (the
// lab copies the repository's testdata next to the e2e package).
func testdataCaptures(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"*.pcap", "*.pcapng"} {
		m, err := filepath.Glob(filepath.Join("..", "testdata", "captures", pat))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 5 {
		t.Fatalf("found %d captures in ../testdata/captures, want the committed ones: %q", len(out), out)
	}
	return out
}

// loadedModules returns the names of the kernel's loaded modules.
func loadedModules(t testing.TB) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("/proc/modules")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			m[f[0]] = true
		}
	}
	return m
}

// unloadNewModules unloads the modules loaded since before was taken: a
// replay can load one (genl-wireguard.pcap's ip link add wg0 type
// wireguard loads wireguard), whose genl family would then be in the
// family dumps of the captures replayed after it.
func unloadNewModules(t testing.TB, before map[string]bool) {
	t.Helper()
	left := map[string]error{}
	for name := range loadedModules(t) {
		if !before[name] {
			left[name] = nil
		}
	}
	// A module goes after the modules that use it: pass again while
	// one goes.
	for progress := true; progress && len(left) > 0; {
		progress = false
		for name := range left {
			if err := unix.DeleteModule(name, 0); err != nil {
				left[name] = err
				continue
			}
			delete(left, name)
			progress = true
		}
	}
	for name, err := range left {
		t.Errorf("unload module %s that the replay loaded: %v", name, err)
	}
}

// notFromFreshNamespace names the committed captures whose answers come from
// what a fresh namespace of the lab does not have, and why.
var notFromFreshNamespace = map[string]string{
	"genl-nl80211.pcap":        "the wiphys of mac80211_hwsim live in the initial namespace (a fresh one has no radio: ENODEV)",
	"genl-ethtool-host.pcapng": "made on the development host: its eth0 (virtio_net) and kernel 6.18 answers are not the lab's",
	// The host-made captures of helper NF (issue 12): their families'
	// replay is proven by nf-xfrm-diag.pcap and nf-nftables-lab.pcap.
	"sockdiag-ss.pcapng":       "made on the development host: ss dumps the sockets of a helper process that the replay namespace does not have",
	"nf-nftables.pcapng":       "made on the development host (kernel 6.18: NFTA_SET_TYPE, NFTA_SET_COUNT; no flowtable module): 6.1 answers otherwise",
	"nf-conntrack.pcapng":      "made on the development host (kernel 6.18: CTA_SYNPROXY in every entry, two CPUs): 6.1 answers otherwise",
	"xfrm-ip.pcapng":           "made on the development host (kernel 6.18 without esp): the SA it refused, 6.1 accepts",
	"genl-host.pcapng":         "made on the development host (kernel 6.18): a TCP metrics entry from traffic before the requests, genl family ids of that kernel",
	"host-depth.pcapng":        "made on the development host (kernel 6.18): taskstats of a process that is gone, an MPTCP connection the namespace does not have",
	"nf-host.pcapng":           "made on the development host (kernel 6.18): its ipset type revisions, and cthelper requests it refused",
	"genl-tunnels.pcap":        "made by make captures, whose boot loads l2tp_netlink, l2tp_eth, fou and macsec; the e2e boots do not",
	"sockdiag-more.pcapng":     "made on the development host (kernel 6.18): a dump of that namespace's netlink sockets, made by processes the replay does not have",
	"nf-queue-log.pcapng":      "made on the development host (kernel 6.18): a logged packet is a notification no replayed request causes",
	"nf-nftables-rules.pcapng": "made on the development host (kernel 6.18, where nlreplay replays it 51 OK, 0 DIVERGED) for the typed rule values; not tried in the lab's 6.1, whose nf_tables replay nf-nftables-lab.pcap proves",
	"genl-more.pcap":           "made by make captures in the initial namespace, whose boot loads team, batman-adv, drop_monitor and vsock; NLBL_* families exist only there, and its teamd, batman-adv meshes, drops and vsock sockets are not the replay's",
	"genl-ovs.pcap":            "made by make captures, whose boot loads openvswitch; the e2e boots do not",
	"genl-devlink.pcap":        "made by make captures, whose boot stages netdevsim (built out of tree) and psample; the e2e boots have no devlink device",
	"genl-events.pcap":         "made by make captures in the initial namespace, whose boot loads ext4, loop, quota_v2 and button: VFS_DQUOT and acpi_event live there only, and its records are the kernel's quota warnings and power button event, which no replayed request causes",
	"genl-ovsd.pcap":           "made by make captures, whose boot loads openvswitch; the e2e boots do not, and its ovs-vswitchd bridges, upcalls of pinged packets and meters are not the replay's",
	"nf-queue-lab.pcap":        "made by make captures, whose boot loads nfnetlink_queue and nfnetlink_log; its queued and logged packets are notifications caused by the UDP datagrams of the lab's nfqueue program, which no replayed request sends (the verdicts name packets the replay's queue never holds)",
	"genl-psample.pcap":        "made by make captures, whose boot loads act_sample and psample; its samples and group notifications are caused by tc's sample action and pinged packets, which no replayed request makes",
	"genl-ethtool-nic.pcap":    "made by make captures, whose boot has QEMU's e1000e NIC (a scenario's lab-qemu line) and loads e1000e; the e2e boots have no such device",
	"genl-hsr.pcap":            "made by make captures, whose boot stages hsr (built out of tree); the e2e boots have no HSR family, and its ring errors and node down come from a peer node the replay does not have",
	"nf-queue-bridge.pcap":     "made by make captures: its queued frames are notifications caused by pings between two namespaces across the lab's bridge, which no replayed request sends",
	"nf-expect-lab.pcap":       "made by make captures, whose boot loads nf_conntrack_ftp and nf_nat_ftp; its expectations come from FTP control connections over lo that no replayed request makes, and conntrack -I expect needs their master",
	"genl-gtp.pcap":            "made by make captures, whose boot loads gtp; the e2e boots do not, and the link's IFLA_GTP_FD0/FD1 are file descriptors of the recording process",
	"genl-thermal.pcap":        "made by make captures, whose boot has an ACPI thermal zone (an SSDT and QEMU's pc-testdev) and the fan driver; the e2e boots have no thermal zone, and its events and samples come from temperatures written to the testdev's port, which no replayed request causes",
	"genl-ipvs.pcap":           "made by make captures, whose boot loads ip_vs, its schedulers and the SIP persistence engine; the e2e boots have no IPVS family, and its connection counters, rates and sync daemons come from a local connection and threads the replay does not make",
	"genl-misc.pcap":           "made by make captures, whose boot loads tipc, ila, mac802154_hwsim and nbd; the e2e boots have none of these families, its TIPC link is to a node in another namespace, its radios are mac802154_hwsim's and its nbd connection holds a file descriptor of nbd-client",
	"genl-vdpa.pcap":           "made by make captures, whose boot stages vdpa, vdpa_sim, vdpa_sim_net and vringh (built out of tree); the e2e boots have no vdpa family",
	"genl-ksmbd.pcap":          "made by make captures, whose boot loads ksmbd and cifs; the e2e boots do not, and its login, share configuration and logout events are the kernel's requests caused by an SMB client's connections, which no replayed request makes",
	"sockdiag-lab.pcap":        "made by make captures, whose boot loads smc and smc_diag and stages xsk_diag (built out of tree); the e2e boots have neither diag handler, and its AF_XDP and AF_SMC sockets are the lab client's, which the replay does not have",
}

// TestReplayTestdataCaptures is issue 13's proof for nlreplay: every
// committed capture replays in the default fresh namespace (lo up, the
// links, addresses and routes it assumed recreated) with 0 DIVERGED, 0
// TIMEOUT and exit 0; answers that differ only because of the namespace
// are ENV, each with its reason.
//
// The captures of notFromFreshNamespace hold traffic that no fresh
// namespace of the lab can answer alike: they are planned (--dry-run must
// succeed) but not replayed, and the reason is logged.
func TestReplayTestdataCaptures(t *testing.T) {
	inGuest(t)
	for _, file := range testdataCaptures(t) {
		if boot, ok := ownBootCaptures[filepath.Base(file)]; ok {
			t.Logf("%s replays in boot %s", filepath.Base(file), boot)
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			defer unloadNewModules(t, loadedModules(t))
			replayCaptureClean(t, file)
		})
	}
}

// ownBootCaptures are the captures that need modules the main boot lacks:
// each replays in its own boot (e2e/boots/<name>.conf).
var ownBootCaptures = map[string]string{
	"rtnl-depth.pcap": "rtnldepth", // TestBootRtnldepthReplay
}

// TestBootRtnldepthReplay replays rtnl-depth.pcap (tc, link kinds, rules,
// nexthops, bridge vlans and mdb) as TestReplayTestdataCaptures does the
// others, in the boot e2e/boots/rtnldepth.conf that has its modules.
func TestBootRtnldepthReplay(t *testing.T) {
	inGuest(t)
	replayCaptureClean(t, filepath.Join("..", "testdata", "captures", "rtnl-depth.pcap"))
}

// replayCaptureClean replays file in the default fresh namespace and wants
// exit 0, 0 DIVERGED, 0 TIMEOUT, the planned environment recreated and a
// reason for every ENV verdict; a capture notFromFreshNamespace names is
// only planned.
func replayCaptureClean(t *testing.T, file string) {
	plan, code := replayJSON(t, "--dry-run", file)
	if code != 0 || plan.Environment == nil {
		t.Fatalf("--dry-run: exit %d, environment %v", code, plan.Environment)
	}
	if why, ok := notFromFreshNamespace[filepath.Base(file)]; ok {
		t.Logf("planned, not replayed: %s", why)
		return
	}
	rep, code := replayJSON(t, file)
	// This kernel has every kind the captures use: all is made.
	if rep.Environment == nil || strings.Join(rep.Environment.Create, "\n") != strings.Join(plan.Environment.Create, "\n") {
		t.Errorf("recreated %+v, the dry run planned %+v", rep.Environment, plan.Environment)
	}
	if code != 0 || rep.Summary.Diverged != 0 || rep.Summary.Timeout != 0 || rep.Summary.Requests == 0 {
		t.Errorf("exit %d, %d requests: %d OK, %d DIVERGED, %d TIMEOUT, %d ENV; want exit 0, 0 DIVERGED, 0 TIMEOUT",
			code, rep.Summary.Requests, rep.Summary.OK, rep.Summary.Diverged, rep.Summary.Timeout, rep.Summary.Env)
	}
	for _, r := range rep.Requests {
		switch r.Status {
		case "OK":
		case "ENV":
			if r.Reason == "" {
				t.Errorf("#%d %s: ENV without a reason", r.Number, r.Summary)
			}
			t.Logf("#%d %s: ENV %s", r.Number, r.Summary, r.Reason)
		default:
			t.Errorf("#%d %s: %s %s\n%s", r.Number, r.Summary, r.Status, r.Reason, r.Diff)
		}
	}
}

// TestReplayEditedErrno: a capture edited to expect another errno (the
// first ENODEV answer of rtnl-basic.pcap turned into ENOENT) exits 1 with
// the errno diff; --strict-env makes ENV verdicts count (genl-ctrl.pcap's
// family dump lists families only the initial namespace has).
func TestReplayEditedErrno(t *testing.T) {
	inGuest(t)
	recs := readCapture(t, filepath.Join("..", "testdata", "captures", "rtnl-basic.pcap"))
	edited := false
	for i := range recs {
		d := recs[i].Data
		// NLMSG_ERROR (type 2 at offset 4, little-endian host) with -ENODEV.
		if !edited && len(d) >= 20 && d[4] == 2 && d[5] == 0 && int32(binary.LittleEndian.Uint32(d[16:])) == -19 {
			binary.LittleEndian.PutUint32(d[16:], uint32(0xfffffffe)) // -ENOENT
			edited = true
		}
	}
	if !edited {
		t.Fatal("rtnl-basic.pcap holds no ENODEV answer to edit")
	}
	file := artifactPath(t, "replay-edited-errno.pcap")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pcap.NewWriter(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.WriteRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := nlreplay(t, file)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"errno: recorded ENOENT (2), live ENODEV (19)", "-     nlmsgerr error -2 (ENOENT)", "+     nlmsgerr error -19 (ENODEV)", " 1 DIVERGED"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "did not match") {
		t.Errorf("stderr %q does not say the replay did not match", stderr)
	}

	genl := filepath.Join("..", "testdata", "captures", "genl-ctrl.pcap")
	rep, code := replayJSON(t, genl)
	if code != 0 || rep.Summary.Env == 0 {
		t.Errorf("genl-ctrl.pcap: exit %d, %d ENV; want exit 0 and the family dump ENV", code, rep.Summary.Env)
	}
	out, _, code = nlreplay(t, "--strict-env", genl)
	if code != 1 || !regexp.MustCompile(`(?m)  ENV$`).MatchString(out) || !strings.Contains(out, "counted: --strict-env") {
		t.Errorf("--strict-env: exit %d, want 1 with the ENV lines counted", code)
	}
}

// TestReplayRecreatesEnvironment is issue 13's first scenario: a capture of
// iproute2 dumps and changes in a namespace that already held a veth pair
// and a dummy (MTU, address, up/down), an address and a route, made before
// the capture started. The default replay recreates them first (what
// --dry-run lists), and every request is OK; --no-recreate diverges.
func TestReplayRecreatesEnvironment(t *testing.T) {
	inGuest(t)
	ns := "rprec"
	netnsAdd(t, ns)
	ip := toolPath(t, "ip")
	for _, c := range [][]string{
		{"link", "add", "vp0", "type", "veth", "peer", "name", "vp1"},
		{"link", "add", "dx0", "mtu", "1400", "address", "02:00:00:00:13:01", "type", "dummy"},
		{"link", "set", "vp0", "up"},
		{"link", "set", "dx0", "up"},
		{"addr", "add", "10.50.0.1/24", "dev", "dx0"},
		{"route", "add", "10.51.0.0/16", "via", "10.50.0.2"},
	} {
		runCmd(t, ip, append([]string{"-n", ns}, c...)...)
	}
	file := artifactPath(t, "replay-recreate.pcapng")
	session(t, ns, file, [][]string{
		ipn(ns, "link", "show"),
		ipn(ns, "addr", "show", "dev", "dx0"),
		ipn(ns, "route", "show"),
		ipn(ns, "addr", "add", "10.50.0.9/24", "dev", "dx0"),
		ipn(ns, "route", "add", "10.52.0.0/16", "via", "10.50.0.3"),
		ipn(ns, "link", "set", "vp1", "up"),
		ipn(ns, "link", "show", "vp1"),
	})
	plan, code := replayJSON(t, "--dry-run", file)
	if code != 0 || plan.Environment == nil {
		t.Fatalf("--dry-run: exit %d, environment %v", code, plan.Environment)
	}
	want := []string{
		"create link vp1 (veth, mtu 1500, address ", // then its random address, peer vp0
		"create link dx0 (dummy, mtu 1400, address 02:00:00:00:13:01)",
		"set link vp0 up",
		"set link dx0 up",
		"add address 10.50.0.1/24 on dx0",
		"add route 10.51.0.0/16 dev dx0",
	}
	got := plan.Environment.Create
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok || !strings.HasSuffix(got[0], ", peer vp0)") {
		t.Errorf("--dry-run environment:\n%s\nwant (prefixes):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rep, code := replayJSON(t, file)
	if code != 0 || rep.Summary.OK != rep.Summary.Requests || rep.Environment == nil || len(rep.Environment.Create) != len(got) {
		t.Errorf("replay: exit %d, %d of %d OK, environment %+v", code, rep.Summary.OK, rep.Summary.Requests, rep.Environment)
		failNotOK(t, rep)
	}
	rep, code = replayJSON(t, "--no-recreate", file)
	if code != 1 || rep.Summary.Diverged == 0 {
		t.Errorf("--no-recreate: exit %d, %d DIVERGED; want the dumps to diverge", code, rep.Summary.Diverged)
	}
}
