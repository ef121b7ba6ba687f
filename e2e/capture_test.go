//go:build linux

package e2e

// End-to-end tests of live capture (issue 4), run as root in the lab VM by
// `make e2e`. Each test starts the static nlcap binary the way a user would.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
	"golang.org/x/sys/unix"
)

// A bgProc is a capture tool running in the background whose stderr is
// collected.
type bgProc struct {
	cmd     *exec.Cmd
	mu      sync.Mutex
	stderr  bytes.Buffer
	ready   chan struct{} // closed when stderr says "listening on"
	readyAt time.Time
	done    chan struct{}
	waitErr error
}

func (p *bgProc) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// startBg starts name with args and waits until it prints "listening on".
func startBg(t testing.TB, stdout io.Writer, name string, args ...string) *bgProc {
	t.Helper()
	p := &bgProc{cmd: exec.Command(name, args...), ready: make(chan struct{}), done: make(chan struct{})}
	p.cmd.Stdout = stdout
	pr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		sc := bufio.NewScanner(pr)
		once := sync.Once{}
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if strings.Contains(sc.Text(), "listening on") {
				once.Do(func() { p.readyAt = time.Now(); close(p.ready) })
			}
		}
		p.waitErr = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	select {
	case <-p.ready:
	case <-p.done:
		t.Fatalf("%s %q exited before listening: %v\n%s", name, args, p.waitErr, p.errText())
	case <-time.After(30 * time.Second):
		t.Fatalf("%s %q did not start listening:\n%s", name, args, p.errText())
	}
	return p
}

// stop sends sig and waits for the exit; it fails the test on a non-zero
// exit status.
func (p *bgProc) stop(t testing.TB, sig os.Signal) {
	t.Helper()
	if sig != nil {
		if err := p.cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	p.wait(t)
}

func (p *bgProc) wait(t testing.TB) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not exit:\n%s", p.cmd.Path, p.errText())
	}
	if p.waitErr != nil {
		t.Fatalf("%s %q: %v\n%s", p.cmd.Path, p.cmd.Args[1:], p.waitErr, p.errText())
	}
}

// readCapture reads every record of a capture file, failing on any error.
func readCapture(t testing.TB, name string) []nlcap.Record {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readRecords(t, name, f)
}

func readRecords(t testing.TB, name string, r io.Reader) []nlcap.Record {
	t.Helper()
	pr, err := pcap.NewReader(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var recs []nlcap.Record
	for {
		rec, err := pr.ReadRecord()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("%s: record %d: %v", name, len(recs)+1, err)
		}
		recs = append(recs, rec)
	}
}

// key identifies a record for multiset comparisons: family and payload.
func key(r nlcap.Record) string { return fmt.Sprintf("%d/%x", r.Family, r.Data) }

func multiset(recs []nlcap.Record) map[string]int {
	m := make(map[string]int)
	for _, r := range recs {
		m[key(r)]++
	}
	return m
}

// window keeps the records timestamped in [from, to).
func window(recs []nlcap.Record, from, to time.Time) []nlcap.Record {
	var out []nlcap.Record
	for _, r := range recs {
		if !r.Timestamp.Before(from) && r.Timestamp.Before(to) {
			out = append(out, r)
		}
	}
	return out
}

// diffMultisets describes how two record multisets differ ("" if equal).
func diffMultisets(aName string, a []nlcap.Record, bName string, b []nlcap.Record) string {
	ma, mb := multiset(a), multiset(b)
	var lines []string
	for k, n := range ma {
		if mb[k] != n {
			lines = append(lines, fmt.Sprintf("%s has %d, %s has %d: %.160s", aName, n, bName, mb[k], k))
		}
	}
	for k, n := range mb {
		if _, ok := ma[k]; !ok {
			lines = append(lines, fmt.Sprintf("%s has 0, %s has %d: %.160s", aName, bName, n, k))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// linkExists reports whether a link of that name exists (in netns ns when
// not "").
func linkExists(t testing.TB, ns, name string) bool {
	t.Helper()
	args := []string{"link", "show", "dev", name}
	if ns != "" {
		args = append([]string{"-n", ns}, args...)
	}
	return exec.Command(toolPath(t, "ip"), args...).Run() == nil
}

// nlcapLinks lists the links whose name starts with nlcap.
func nlcapLinks(t testing.TB, ns string) []string {
	t.Helper()
	args := []string{"-o", "link", "show"}
	if ns != "" {
		args = append([]string{"-n", ns}, args...)
	}
	out := runCmd(t, toolPath(t, "ip"), args...)
	var links []string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.HasPrefix(f[1], "nlcap") {
			links = append(links, strings.TrimSuffix(f[1], ":"))
		}
	}
	return links
}

// tapLink creates an nlmon link for tcpdump and deletes it at cleanup.
func tapLink(t testing.TB, name string) {
	t.Helper()
	ip := toolPath(t, "ip")
	runCmd(t, ip, "link", "add", name, "type", "nlmon")
	runCmd(t, ip, "link", "set", name, "up")
	t.Cleanup(func() { exec.Command(ip, "link", "del", name).Run() })
}

// scenario runs the mixed workload: ip link/addr/route, genl ctrl,
// ethtool and nft. tag makes names unique per test.
func scenario(t testing.TB, tag string) {
	t.Helper()
	ip := toolPath(t, "ip")
	dev := "sc" + tag
	runCmd(t, ip, "link", "add", dev, "type", "dummy")
	t.Cleanup(func() { exec.Command(ip, "link", "del", dev).Run() })
	runCmd(t, ip, "addr", "add", "10.66.0.1/24", "dev", dev)
	runCmd(t, ip, "link", "set", dev, "up")
	runCmd(t, ip, "route", "add", "10.67.0.0/16", "via", "10.66.0.2")
	runCmd(t, ip, "route", "show")
	runCmd(t, toolPath(t, "genl"), "ctrl", "list")
	runCmd(t, toolPath(t, "ethtool"), "-i", dev)
	nft := toolPath(t, "nft")
	table := "nlcap" + tag
	runCmd(t, nft, "add", "table", "inet", table)
	t.Cleanup(func() { exec.Command(nft, "delete", "table", "inet", table).Run() })
	runCmd(t, nft, "add", "chain", "inet", table, "c", "{ type filter hook input priority 0 ; }")
	runCmd(t, nft, "list", "ruleset")
	runCmd(t, ip, "link", "set", dev, "down")
}

func countFamilies(recs []nlcap.Record) map[nlcap.Family]int {
	m := make(map[nlcap.Family]int)
	for _, r := range recs {
		m[r.Family]++
	}
	return m
}

// TestCaptureMatchesTcpdump is issue 4 tests 1 and 2: nlcap and Debian's
// tcpdump capture the same scenario on two nlmon links at once; every record
// tcpdump saw between nlcap's "listening on" and its SIGINT, sent 100 ms
// after the last command, is in nlcap's file, byte for byte, and nlcap has
// nothing tcpdump lacks.
func TestCaptureMatchesTcpdump(t *testing.T) {
	inGuest(t)
	tapLink(t, "tdmon1")
	tdFile := artifactPath(t, "capture-tcpdump.pcap")
	ncFile := artifactPath(t, "capture-nlcap.pcapng")
	td := startBg(t, nil, toolPath(t, "tcpdump"), "-Z", "root", "-i", "tdmon1", "-w", tdFile)
	nc := startBg(t, nil, projectBin(t, "nlcap"), "--pcapng", "-w", ncFile)
	from := nc.readyAt

	scenario(t, "1")
	time.Sleep(100 * time.Millisecond)
	to := time.Now()
	nc.stop(t, syscall.SIGINT)
	time.Sleep(1500 * time.Millisecond) // libpcap hands over its ring block after 1 s
	td.stop(t, syscall.SIGINT)

	ncRecs := readCapture(t, ncFile)
	tdRecs := readCapture(t, tdFile)
	if d := diffMultisets("tcpdump", window(tdRecs, from, to), "nlcap", window(ncRecs, from, to)); d != "" {
		t.Errorf("records between listening and SIGINT differ:\n%s", d)
	}
	// Everything nlcap wrote (its genl dump included) is in tcpdump's file.
	tdm := multiset(tdRecs)
	for k, n := range multiset(ncRecs) {
		if tdm[k] < n {
			t.Errorf("nlcap has %d, tcpdump %d: %.160s", n, tdm[k], k)
		}
	}
	fams := countFamilies(window(ncRecs, from, to))
	for _, f := range []nlcap.Family{nlcap.FamilyRoute, nlcap.FamilyGeneric, nlcap.FamilyNetfilter} {
		if fams[f] == 0 {
			t.Errorf("no %s records in the scenario window (families %v)", f, fams)
		}
	}
	if !strings.Contains(nc.errText(), "0 packets dropped by kernel") {
		t.Errorf("nlcap stderr lacks the statistics:\n%s", nc.errText())
	}
	if links := nlcapLinks(t, ""); len(links) != 0 {
		t.Errorf("links left behind: %v", links)
	}
	checkPcapng(t, ncFile, len(ncRecs))
}

// checkPcapng checks what --pcapng adds: the kernel release and the genl id
// map in section comments, a direction on every record, and the kernel's
// counters in an interface statistics block.
func checkPcapng(t *testing.T, name string, records int) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != pcap.FormatPcapng {
		t.Fatalf("%s: format %v, want pcapng", name, r.Format())
	}
	var sawKernel, sawGenl bool
	for _, c := range r.SectionComments() {
		if rel, ok := pcap.ParseKernelComment(c); ok && rel != "" {
			sawKernel = true
		}
		if m, ok := pcap.ParseGenlFamiliesComment(c); ok && m[0x10] == "nlctrl" {
			sawGenl = true
		}
	}
	if !sawKernel || !sawGenl {
		t.Errorf("section comments %q: kernel release %v, genl map with nlctrl %v", r.SectionComments(), sawKernel, sawGenl)
	}
	dirs := map[nlcap.Direction]int{}
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		dirs[rec.Direction]++
	}
	if dirs[nlcap.DirectionToKernel] == 0 || dirs[nlcap.DirectionFromKernel] == 0 || dirs[nlcap.DirectionUnknown] != 0 {
		t.Errorf("record directions %v, want only to-kernel and from-kernel", dirs)
	}
	st := r.InterfaceStats()
	if len(st) != 1 || !st[0].HasReceived || st[0].Received < uint64(records) || !st[0].HasDropped || st[0].Dropped != 0 {
		t.Errorf("interface statistics %+v, want received >= %d records, 0 dropped", st, records)
	}
}

// TestHostCaptureTshark checks with tshark (on the host) that nlcap's files
// from the VM read with no malformed packet.
func TestHostCaptureTshark(t *testing.T) {
	hostArtifacts(t)
	tshark := hostTool(t, "tshark")
	for _, name := range []string{"capture-nlcap.pcapng", "capture-stdout.pcap"} {
		t.Run(name, func(t *testing.T) {
			p := hostArtifact(t, name)
			out, err := exec.Command(tshark, "-n", "-o", "gui.max_tree_depth:4096", "-r", p,
				"-T", "fields", "-e", "frame.number", "-e", "netlink.family", "-e", "_ws.malformed").Output()
			if err != nil {
				t.Fatalf("tshark -r %s: %v\n%s", name, err, out)
			}
			frames := 0
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				f := strings.Split(line, "\t")
				if len(f) < 2 || f[0] == "" {
					continue
				}
				frames++
				if len(f) > 2 && f[2] != "" {
					t.Errorf("frame %s is malformed for tshark: %q", f[0], line)
				}
			}
			if frames == 0 {
				t.Fatalf("tshark read no frames:\n%s", out)
			}
		})
	}
}

// TestCaptureStops is issue 4 test 3: SIGINT, SIGTERM, SIGHUP and -c each
// end the capture with status 0, a valid file and no link left.
func TestCaptureStops(t *testing.T) {
	inGuest(t)
	ip := toolPath(t, "ip")
	tests := []struct {
		name string
		sig  os.Signal
		args []string
	}{
		{"sigint", syscall.SIGINT, nil},
		{"sigterm", syscall.SIGTERM, nil},
		{"sighup", syscall.SIGHUP, nil},
		{"count", nil, []string{"-c", "8"}},
		{"duration", nil, []string{"--duration", "2s"}},
		// -B below two ring blocks: the socket queue, one recvmsg a record.
		{"sigint without ring", syscall.SIGINT, []string{"-B", "256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := artifactPath(t, "capture-stop-"+strings.ReplaceAll(tt.name, " ", "-")+".pcap")
			nc := startBg(t, nil, projectBin(t, "nlcap"), append([]string{"-w", file}, tt.args...)...)
			link := fmt.Sprintf("nlcap%d", nc.cmd.Process.Pid)
			if tt.name != "count" && !linkExists(t, "", link) { // -c may be done already
				t.Fatalf("link %s does not exist while capturing", link)
			}
			for range 6 {
				exec.Command(ip, "link", "show").Run()
			}
			nc.stop(t, tt.sig)
			if linkExists(t, "", link) {
				t.Errorf("link %s left behind", link)
			}
			recs := readCapture(t, file)
			if tt.name == "count" && len(recs) != 8 {
				t.Errorf("-c 8 wrote %d records", len(recs))
			}
			if len(recs) < 5 {
				t.Errorf("%d records, want at least 5", len(recs))
			}
			fi, err := os.Stat(file)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
			}
		})
	}
}

// TestCaptureInterface checks -i: nlcap captures on an existing nlmon link
// and leaves it in place; a link that is not nlmon is refused (exit 1, no
// file).
func TestCaptureInterface(t *testing.T) {
	inGuest(t)
	tapLink(t, "tdmon5")
	t.Run("nlmon", func(t *testing.T) {
		file := artifactPath(t, "capture-iface.pcap")
		nc := startBg(t, nil, projectBin(t, "nlcap"), "-i", "tdmon5", "-w", file)
		if !strings.Contains(nc.errText(), "listening on tdmon5,") {
			t.Errorf("stderr: %s", nc.errText())
		}
		runCmd(t, toolPath(t, "ip"), "link", "show")
		nc.stop(t, syscall.SIGINT)
		if !linkExists(t, "", "tdmon5") {
			t.Error("nlcap deleted the link given with -i")
		}
		if links := nlcapLinks(t, ""); len(links) != 0 {
			t.Errorf("nlcap created links with -i: %v", links)
		}
		if n := len(readCapture(t, file)); n < 2 {
			t.Errorf("%d records", n)
		}
	})
	t.Run("not nlmon", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "lo.pcap")
		out, err := exec.Command(projectBin(t, "nlcap"), "-i", "lo", "-w", file).CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("exit %v, want status 1\n%s", err, out)
		}
		if !strings.Contains(string(out), "not an nlmon link") {
			t.Errorf("error does not say the link is not nlmon:\n%s", out)
		}
		if _, err := os.Stat(file); err == nil {
			t.Error("output file created")
		}
		if !linkExists(t, "", "lo") {
			t.Error("lo is gone")
		}
	})
}

// TestCaptureWriteError checks the write-error way out: nlcap exits 1 naming
// the error, and deletes its link.
func TestCaptureWriteError(t *testing.T) {
	inGuest(t)
	out, err := exec.Command(projectBin(t, "nlcap"), "-w", "/dev/full").CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "no space left on device") {
		t.Errorf("error does not name ENOSPC:\n%s", out)
	}
	if links := nlcapLinks(t, ""); len(links) != 0 {
		t.Errorf("links left behind: %v", links)
	}
}

// TestCaptureSnaplen checks -s: records are cut to the snapshot length (the
// 16-byte cooked header included) and keep their original length.
func TestCaptureSnaplen(t *testing.T) {
	inGuest(t)
	file := artifactPath(t, "capture-snaplen.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "-s", "64", "-w", file)
	runCmd(t, toolPath(t, "ip"), "link", "show")
	time.Sleep(100 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)
	recs := readCapture(t, file)
	cut := 0
	for i, r := range recs {
		if len(r.Data) > 64-nlcap.PseudoHeaderLen || r.OrigLen < len(r.Data) {
			t.Errorf("record %d: %d bytes kept of %d, want at most %d", i, len(r.Data), r.OrigLen, 64-nlcap.PseudoHeaderLen)
		}
		if r.OrigLen > len(r.Data) {
			cut++
		}
	}
	if cut == 0 {
		t.Errorf("no record of %d was cut (an RTM_NEWLINK answer is longer than 48 bytes)", len(recs))
	}
}

// TestCaptureDropPrivileges checks -Z: the file belongs to the user and the
// temporary link is deleted although the capture process lost CAP_NET_ADMIN.
func TestCaptureDropPrivileges(t *testing.T) {
	inGuest(t)
	// A directory the unprivileged user can reach and write.
	dir, err := os.MkdirTemp("/tmp", "nlcapz")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "z.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "-Z", "65534", "-w", file)
	link := fmt.Sprintf("nlcap%d", nc.cmd.Process.Pid)
	runCmd(t, toolPath(t, "ip"), "link", "show")
	nc.stop(t, syscall.SIGINT)
	if linkExists(t, "", link) {
		t.Errorf("link %s left behind", link)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || st.Uid != 65534 {
		t.Errorf("file owner %v, want uid 65534", fi.Sys())
	}
	if len(readCapture(t, file)) == 0 {
		t.Error("no records")
	}
}

// TestCaptureStaleLink checks that a link left by a dead capture is deleted by
// the next one.
func TestCaptureStaleLink(t *testing.T) {
	inGuest(t)
	ip := toolPath(t, "ip")
	// PID_MAX_LIMIT is 4194304, so this pid cannot run.
	stale := "nlcap4194305"
	runCmd(t, ip, "link", "add", stale, "type", "nlmon")
	t.Cleanup(func() { exec.Command(ip, "link", "del", stale).Run() })
	nc := startBg(t, nil, projectBin(t, "nlcap"), "-c", "1", "-w", artifactPath(t, "capture-stale.pcap"))
	nc.wait(t)
	if linkExists(t, "", stale) {
		t.Errorf("stale link %s not deleted", stale)
	}
	if !strings.Contains(nc.errText(), "deleted stale link "+stale) {
		t.Errorf("stderr does not mention the stale link:\n%s", nc.errText())
	}
}

// TestCaptureRotation is issue 4 test 4: files rotated with -C/-W and -G
// hold, concatenated, exactly the records of a single-file capture running
// at the same time.
func TestCaptureRotation(t *testing.T) {
	inGuest(t)
	dir := t.TempDir()
	single := filepath.Join(dir, "single.pcap")
	a := startBg(t, nil, projectBin(t, "nlcap"), "-w", single)
	b := startBg(t, nil, projectBin(t, "nlcap"), "-w", filepath.Join(dir, "size.pcap"), "-C", "4k", "-W", "1000")
	c := startBg(t, nil, projectBin(t, "nlcap"), "-w", filepath.Join(dir, "time-%H%M%S.pcap"), "-G", "1")
	from := c.readyAt

	ip := toolPath(t, "ip")
	dev := "rot0"
	runCmd(t, ip, "link", "add", dev, "type", "dummy")
	t.Cleanup(func() { exec.Command(ip, "link", "del", dev).Run() })
	deadline := time.Now().Add(3500 * time.Millisecond)
	for i := 0; time.Now().Before(deadline); i++ {
		runCmd(t, ip, "addr", "add", fmt.Sprintf("10.70.%d.%d/32", i/200, i%200+1), "dev", dev)
		runCmd(t, ip, "link", "show", dev)
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	to := time.Now()
	c.stop(t, syscall.SIGINT)
	b.stop(t, syscall.SIGINT)
	a.stop(t, syscall.SIGINT)

	want := window(readCapture(t, single), from, to)
	if len(want) < 50 {
		t.Fatalf("only %d records in the single capture", len(want))
	}
	for _, tt := range []struct{ name, glob string }{{"size", "size.pcap*"}, {"time", "time-*.pcap"}} {
		t.Run(tt.name, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(dir, tt.glob))
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(files) // size.pcap000.. and time-HHMMSS sort in creation order
			if len(files) < 3 {
				t.Fatalf("%d files, want several: %v", len(files), files)
			}
			var got []nlcap.Record
			for _, f := range files {
				got = append(got, readCapture(t, f)...)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Timestamp.Before(got[i-1].Timestamp) {
					t.Fatalf("record %d is older than the one before: files out of order", i)
				}
			}
			if d := diffMultisets("single", want, tt.name, window(got, from, to)); d != "" {
				t.Errorf("rotated files differ from the single capture:\n%s", d)
			}
		})
	}
}

// TestCaptureNetns is issue 4 test 5 (first half): --netns captures only that
// namespace, and the link lives (and dies) there.
func TestCaptureNetns(t *testing.T) {
	inGuest(t)
	ip := toolPath(t, "ip")
	ns := "nlcapns"
	runCmd(t, ip, "netns", "add", ns)
	t.Cleanup(func() { exec.Command(ip, "netns", "del", ns).Run() })
	runCmd(t, ip, "-n", ns, "link", "add", "in0", "type", "dummy")
	runCmd(t, ip, "link", "add", "out0", "type", "dummy")
	t.Cleanup(func() { exec.Command(ip, "link", "del", "out0").Run() })

	file := artifactPath(t, "capture-netns.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "--netns", ns, "-w", file)
	link := fmt.Sprintf("nlcap%d", nc.cmd.Process.Pid)
	if !linkExists(t, ns, link) || linkExists(t, "", link) {
		t.Errorf("link %s is not (only) in namespace %s", link, ns)
	}
	runCmd(t, ip, "-n", ns, "addr", "add", "10.77.0.1/24", "dev", "in0")
	runCmd(t, ip, "addr", "add", "10.88.0.1/24", "dev", "out0")
	time.Sleep(100 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)
	if linkExists(t, ns, link) {
		t.Errorf("link %s left in %s", link, ns)
	}
	inside, outside := []byte{10, 77, 0, 1}, []byte{10, 88, 0, 1}
	var sawInside bool
	for _, r := range readCapture(t, file) {
		if bytes.Contains(r.Data, inside) {
			sawInside = true
		}
		if bytes.Contains(r.Data, outside) || bytes.Contains(r.Data, []byte("out0")) {
			t.Errorf("record from the initial namespace: %x", r.Data)
		}
	}
	if !sawInside {
		t.Error("the namespace's RTM_NEWADDR is missing")
	}
}

// TestCaptureFamilyGeneric is issue 4 test 5 (second half): --family generic
// keeps only genl records.
func TestCaptureFamilyGeneric(t *testing.T) {
	inGuest(t)
	file := artifactPath(t, "capture-generic.pcap")
	nc := startBg(t, nil, projectBin(t, "nlcap"), "--family", "generic", "-w", file)
	runCmd(t, toolPath(t, "ip"), "link", "show")
	runCmd(t, toolPath(t, "genl"), "ctrl", "list")
	time.Sleep(100 * time.Millisecond)
	nc.stop(t, syscall.SIGINT)
	recs := readCapture(t, file)
	fams := countFamilies(recs)
	if fams[nlcap.FamilyGeneric] < 2 || len(fams) != 1 {
		t.Errorf("families %v, want only generic", fams)
	}
}

// TestCaptureStdout is issue 4 test 6: -w - streams pcap to stdout, each
// record as it arrives with -U, each ring block (within about 100 ms)
// without; the -U stream is kept for TestHostCaptureTshark. Decoding to a
// pipe shows records while capturing too.
func TestCaptureStdout(t *testing.T) {
	inGuest(t)
	for _, tt := range []struct {
		name, artifact string
		args           []string
	}{
		{"-U", "capture-stdout.pcap", []string{"-U", "-w", "-"}},
		{"no -U", "capture-stdout-batched.pcap", []string{"-w", "-"}},
	} {
		t.Run(tt.name, func(t *testing.T) { testCaptureStdout(t, tt.artifact, tt.args) })
	}
	t.Run("decode", func(t *testing.T) {
		pr, pw := io.Pipe()
		nc := startBg(t, pw, projectBin(t, "nlcap"))
		lines := make(chan string, 1000)
		go func() {
			sc := bufio.NewScanner(pr)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		<-nc.ready
		runCmd(t, toolPath(t, "ip"), "link", "show")
		timeout := time.After(10 * time.Second)
	wait:
		for {
			select {
			case l := <-lines:
				if strings.Contains(l, "RTM_GETLINK") || strings.Contains(l, "GETLINK") {
					break wait
				}
			case <-timeout:
				t.Fatal("no GETLINK line on stdout while capturing")
			}
		}
		nc.stop(t, syscall.SIGINT)
		pw.Close()
	})
}

func testCaptureStdout(t *testing.T, artifact string, args []string) {
	pr, pw := io.Pipe()
	var stream bytes.Buffer
	nc := startBg(t, pw, projectBin(t, "nlcap"), args...)
	type result struct {
		recs []nlcap.Record
		err  error
	}
	first := make(chan struct{})
	resc := make(chan result, 1)
	go func() {
		r, err := pcap.NewReader(io.TeeReader(pr, &stream))
		if err != nil {
			resc <- result{err: err}
			return
		}
		var res result
		for {
			rec, err := r.ReadRecord()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					res.err = err
				}
				resc <- res
				return
			}
			res.recs = append(res.recs, rec)
			if len(res.recs) == 1 {
				close(first)
			}
		}
	}()
	select {
	case <-first: // the genl dump arrives before any signal: streaming works
	case <-time.After(10 * time.Second):
		t.Fatal("no record on stdout while capturing")
	}
	runCmd(t, toolPath(t, "ip"), "link", "show")
	nc.stop(t, syscall.SIGINT)
	pw.Close()
	res := <-resc
	if res.err != nil {
		t.Fatal(res.err)
	}
	if len(res.recs) < 3 {
		t.Errorf("%d records", len(res.recs))
	}
	if err := os.WriteFile(artifactPath(t, artifact), stream.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Piped into nlcap -r -, the stream decodes.
	cmd := exec.Command(projectBin(t, "nlcap"), "-r", "-")
	cmd.Stdin = bytes.NewReader(stream.Bytes())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nlcap -r -: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "nlctrl") && !strings.Contains(string(out), "CTRL") {
		t.Errorf("nlcap -r - output does not show the genl dump:\n%.2000s", out)
	}
}

// openPTY returns the two ends of a pseudo-terminal from a private devpts
// instance (the lab's /dev has none mounted).
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	dir := t.TempDir()
	if err := unix.Mount("devpts", dir, "devpts", 0, "newinstance,ptmxmode=0666,mode=0620"); err != nil {
		t.Fatalf("mount devpts: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	m, err := os.OpenFile(filepath.Join(dir, "ptmx"), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	tty, err = os.OpenFile(filepath.Join(dir, strconv.Itoa(n)), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m, tty
}

// TestCaptureLiveCounter checks tcpdump's live counter: with stderr a
// terminal and -w FILE, nlcap rewrites "Got N" every second, then prints
// the statistics on lines of their own. With stderr not a terminal (every
// other test) it prints no counter.
func TestCaptureLiveCounter(t *testing.T) {
	inGuest(t)
	m, tty := openPTY(t)
	file := filepath.Join(t.TempDir(), "live.pcap")
	cmd := exec.Command(projectBin(t, "nlcap"), "-w", file)
	cmd.Stderr = tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var (
		mu  sync.Mutex
		out bytes.Buffer
	)
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 4096)
		for {
			n, err := m.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil { // EIO once nlcap exits
				return
			}
		}
	}()
	text := func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
	waitFor := func(what string, ok func(string) bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !ok(text()); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("no %s on the terminal:\n%q", what, text())
			}
		}
	}
	waitFor("listening line", func(s string) bool { return strings.Contains(s, "listening on") })
	ip := toolPath(t, "ip")
	for range 5 {
		runCmd(t, ip, "link", "show")
	}
	gotRE := regexp.MustCompile(`\rGot ([1-9][0-9]*)`)
	waitFor(`"Got N" counter`, gotRE.MatchString)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("nlcap: %v\n%q", err, text())
	}
	<-read
	s := text()
	// The statistics start a line of their own after the counter.
	if !regexp.MustCompile(`\rGot [0-9]+\r?\n[0-9]+ packets captured`).MatchString(s) {
		t.Errorf("statistics do not follow the counter on a new line:\n%q", s)
	}
	if recs := readCapture(t, file); len(recs) < 5 {
		t.Errorf("%d records", len(recs))
	}
}

// TestCaptureNonRoot is issue 4 test 7 (first half): without capabilities
// nlcap names the one it needs, exits 1 and leaves nothing behind.
func TestCaptureNonRoot(t *testing.T) {
	inGuest(t)
	tapLink(t, "tdmon7")
	dir, err := os.MkdirTemp("/tmp", "nlcapnr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"create link", []string{"-w", filepath.Join(dir, "a.pcap")}, "CAP_NET_ADMIN"},
		{"existing link", []string{"-i", "tdmon7", "-w", filepath.Join(dir, "b.pcap")}, "CAP_NET_RAW"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := nlcapLinks(t, "")
			cmd := exec.Command(projectBin(t, "nlcap"), tt.args...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Fatalf("exit %v, want status 1\n%s", err, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("error does not name %s:\n%s", tt.want, out)
			}
			if after := nlcapLinks(t, ""); len(after) != len(before) {
				t.Errorf("links before %v, after %v", before, after)
			}
			if _, err := os.Stat(tt.args[len(tt.args)-1]); err == nil {
				t.Errorf("output file created")
			}
		})
	}
}

// TestBootNoNlmonCapture is issue 4 test 7 (second half), run in the boot
// without the nlmon module (e2e/boots/nonlmon.conf).
func TestBootNoNlmonCapture(t *testing.T) {
	if !isGuest() {
		t.Skipf(skipMsg, t.Name())
	}
	if os.Geteuid() != 0 {
		t.Fatalf("running as uid %d, want root", os.Geteuid())
	}
	if nlmonCheck() == nil {
		t.Fatalf("boot %q can create nlmon links: this test needs e2e/boots/nonlmon.conf (exclude=nlmon)", os.Getenv(envBoot))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "x.pcap")
	out, err := exec.Command(projectBin(t, "nlcap"), "-w", file).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1\n%s", err, out)
	}
	for _, want := range []string{"kernel has no nlmon", "modprobe nlmon", "CONFIG_NLMON"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("error lacks %q:\n%s", want, out)
		}
	}
	if links := nlcapLinks(t, ""); len(links) != 0 {
		t.Errorf("links left: %v", links)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("output file created")
	}
}

// The capture benchmark of issue 4 (not a test: it fails only when a tool
// fails). bench/capture.sh runs it in its own boot
// (e2e/boots/benchcapture.conf, optional=yes); the main boot never runs
// TestBoot*.

// benchDuration is how long the generator runs in each measured mode (and
// how long an idle mode runs with no traffic: the same wall time, so that
// subtracting it is fair), benchWarmUp in the discarded first round,
// captureBenchRounds how many times each mode runs (interleaved).
const (
	benchDuration      = 8 * time.Second
	benchWarmUp        = 3 * time.Second
	captureBenchRounds = 4
)

// A benchRow is one line of the benchmark table.
type benchRow struct {
	mode     string
	round    int
	requests int           // RTM_GETLINK exchanges the generator completed
	elapsed  time.Duration // generator wall time
	captured uint64        // "N packets captured"
	received uint64        // "N packets received by filter"
	dropped  uint64        // "N packets dropped by kernel"
	cpu      time.Duration // user+system CPU of the capture process
	user     time.Duration
	sys      time.Duration
}

// perM returns the row's CPU seconds per million records captured, less
// idle (the tool's median CPU in a run of the same length with no traffic),
// or NaN when nothing was captured.
func (r benchRow) perM(idle time.Duration) float64 {
	if r.captured == 0 {
		return math.NaN()
	}
	return (r.cpu - idle).Seconds() / float64(r.captured) * 1e6
}

// benchLink is the nlmon link tcpdump captures on in the benchmark.
const benchLink = "benchtd0"

// generate sends RTM_GETLINK requests for lo (ifindex 1) one after the
// other, reading each answer, as fast as it can for d. Every exchange is two
// records on an nlmon tap.
func generate(d time.Duration) (int, time.Duration, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return 0, 0, fmt.Errorf("generator: socket: %w", err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, 0, fmt.Errorf("generator: bind: %w", err)
	}
	// struct nlmsghdr + struct ifinfomsg{ifi_index = 1}
	req := make([]byte, unix.SizeofNlMsghdr+unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETLINK)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST)
	binary.NativeEndian.PutUint32(req[unix.SizeofNlMsghdr+4:], 1)
	buf := make([]byte, 64<<10)
	start := time.Now()
	deadline := start.Add(d)
	n := 0
	for ; n%64 != 0 || time.Now().Before(deadline); n++ {
		binary.NativeEndian.PutUint32(req[8:], uint32(n+1)) // nlmsg_seq
		if _, err := unix.Write(fd, req); err != nil {
			return n, time.Since(start), fmt.Errorf("generator: send: %w", err)
		}
		m, err := unix.Read(fd, buf)
		if err != nil {
			return n, time.Since(start), fmt.Errorf("generator: receive: %w", err)
		}
		if m < unix.SizeofNlMsghdr || binary.NativeEndian.Uint16(buf[4:]) != unix.RTM_NEWLINK {
			return n, time.Since(start), fmt.Errorf("generator: unexpected answer %x", buf[:min(m, 32)])
		}
	}
	return n, time.Since(start), nil
}

var statsRE = regexp.MustCompile(`(?m)^(\d+) packets (captured|received by filter|dropped by kernel)$`)

// benchMode runs the generator for d with capture tool argv running (none
// when argv is nil), stops the tool with SIGINT 1.5 s after the generator
// ends (libpcap's ring timeout), and fills a row from its statistics. A mode
// ending in " idle" runs the tool for d with no traffic instead.
//
// An argv naming the link benchLink (tcpdump's) runs with that nlmon link
// created just before and deleted after: every other mode runs with no
// other tap up, since each tap costs the generator a copy of every message.
func benchMode(t *testing.T, mode string, d time.Duration, argv []string) benchRow {
	t.Helper()
	row := benchRow{mode: mode}
	if slices.Contains(argv, benchLink) {
		ip := toolPath(t, "ip")
		runCmd(t, ip, "link", "add", benchLink, "type", "nlmon")
		defer runCmd(t, ip, "link", "del", benchLink)
		runCmd(t, ip, "link", "set", benchLink, "up")
	}
	var p *bgProc
	if argv != nil {
		p = startBg(t, nil, argv[0], argv[1:]...)
		time.Sleep(200 * time.Millisecond)
	}
	var err error
	if strings.HasSuffix(mode, " idle") {
		time.Sleep(d) // the tool's own cost, with no traffic
	} else {
		row.requests, row.elapsed, err = generate(d)
	}
	if err != nil {
		t.Fatalf("%s: %v", mode, err)
	}
	if p == nil {
		return row
	}
	time.Sleep(1500 * time.Millisecond)
	t.Logf("%s: threads before the stop: %s", mode, threadStats(p.cmd.Process.Pid))
	p.stop(t, syscall.SIGINT)
	ps := p.cmd.ProcessState
	row.user, row.sys = ps.UserTime(), ps.SystemTime()
	row.cpu = row.user + row.sys
	t.Logf("%s: cpu user %v, system %v", mode, ps.UserTime(), ps.SystemTime())
	got := 0
	for _, m := range statsRE.FindAllStringSubmatch(p.errText(), -1) {
		v, _ := strconv.ParseUint(m[1], 10, 64)
		switch m[2] {
		case "captured":
			row.captured = v
		case "received by filter":
			row.received = v
		case "dropped by kernel":
			row.dropped = v
		}
		got++
	}
	if got != 3 {
		t.Fatalf("%s: statistics missing from stderr:\n%s", mode, p.errText())
	}
	return row
}

// threadStats describes the threads of process pid from
// /proc/PID/task/TID/schedstat: CPU time and the number of times each ran
// (wake-ups), to tell a tool's own work from its runtime's.
func threadStats(pid int) string {
	dirs, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, d := range dirs {
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", pid, d.Name()))
		if err != nil {
			continue
		}
		f := strings.Fields(string(st))
		if len(f) < 3 {
			continue
		}
		ns, _ := strconv.ParseInt(f[0], 10, 64)
		fmt.Fprintf(&b, "[tid %s: %.1f ms, ran %s times] ", d.Name(), float64(ns)/1e6, f[2])
	}
	return b.String()
}

// median returns the median of xs (NaN for none), ignoring NaNs.
func median(xs []float64) float64 {
	s := slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// TestBootBenchCapture measures the generator rate, records captured, drops
// and the capture tool's CPU time per million records with no tap, Debian's
// tcpdump and nlcap (default and tcpdump's 2 MiB buffer), and each tool with
// no traffic for as long (start-up, link, exit and wake-ups: what the "net"
// column subtracts), captureBenchRounds rounds interleaved in one boot. It
// prints every run, then the median of each mode and the ratios
// nlcap/tcpdump. The table goes to the log and to the artifact
// bench-capture.txt.
func TestBootBenchCapture(t *testing.T) {
	inGuest(t)
	nlcapBin, tcpdump := projectBin(t, "nlcap"), toolPath(t, "tcpdump")
	td := []string{tcpdump, "-Z", "root", "-i", benchLink, "-w", "/dev/null"}
	nc := []string{nlcapBin, "--no-genl-dump", "-w", "/dev/null"}
	nc2 := []string{nlcapBin, "--no-genl-dump", "-B", "2048", "-w", "/dev/null"}
	// QEMU TCG translates guest code the first time it runs: one discarded
	// round first, so that no tool pays for that. Then captureBenchRounds
	// rounds, the capture modes in reverse order every other round, so that
	// neither tool always follows the other.
	for _, argv := range [][]string{td, nc} {
		benchMode(t, "warm-up", benchWarmUp, argv)
	}
	type mode struct {
		name string
		argv []string
	}
	tools := []mode{{"tcpdump", td}, {"nlcap", nc}, {"nlcap -B 2048", nc2}}
	var rows []benchRow
	for i := range captureBenchRounds {
		round := []mode{{"no tap", nil}}
		if i%2 == 0 {
			round = append(round, tools...)
		} else {
			round = append(round, tools[2], tools[1], tools[0])
		}
		round = append(round, mode{"tcpdump idle", td}, mode{"nlcap idle", nc})
		for _, m := range round {
			r := benchMode(t, m.name, benchDuration, m.argv)
			r.round = i + 1
			rows = append(rows, r)
		}
	}
	// Where nlcap's fixed cost goes: start-up and exit alone (-r of an
	// empty file), and without creating and deleting a link (-i).
	empty := filepath.Join(t.TempDir(), "empty.pcap")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var fixed strings.Builder
	{
		cmd := exec.Command(nlcapBin, "-r", empty)
		out, _ := cmd.CombinedOutput() // an empty file is an error: the cost is the same
		ps := cmd.ProcessState
		fmt.Fprintf(&fixed, "nlcap start-up         user %7.3f s, system %7.3f s (%s)\n", ps.UserTime().Seconds(), ps.SystemTime().Seconds(), strings.TrimSpace(string(out)))
		r := benchMode(t, "nlcap -i idle", benchDuration, []string{nlcapBin, "--no-genl-dump", "-i", benchLink, "-w", "/dev/null"})
		fmt.Fprintf(&fixed, "nlcap idle -i %-8s user %7.3f s, system %7.3f s (no link to create and delete)\n", benchLink, r.user.Seconds(), r.sys.Seconds())
	}
	// A CPU profile of one more nlcap run, when nlcap was built with
	// -tags nlcapprof (PROFILE=1 bench/capture.sh); not in the table.
	if bin, err := os.ReadFile(nlcapBin); err != nil {
		t.Fatal(err)
	} else if bytes.Contains(bin, []byte("cpuprofile=")) {
		prof := artifactPath(t, "bench-capture-nlcap.pprof")
		t.Setenv("NLCAPDEBUG", "cpuprofile="+prof)
		benchMode(t, "nlcap profiled", benchDuration, nc)
		if _, err := os.Stat(prof); err != nil {
			t.Errorf("no CPU profile: %v", err)
		}
	}
	table := benchTable(rows, benchKernelRelease(t)) + "\nfixed costs of nlcap, no traffic:\n" + fixed.String()
	t.Log("\n" + table)
	if err := os.WriteFile(artifactPath(t, "bench-capture.txt"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
}

// benchTable formats the benchmark: every run, then per mode the medians
// over the rounds, then the ratios nlcap/tcpdump. "net" subtracts the
// tool's median idle CPU (same wall time, no traffic) from each run.
func benchTable(rows []benchRow, kernel string) string {
	idle := map[string]time.Duration{}
	byMode := map[string][]benchRow{}
	var modes []string
	for _, r := range rows {
		if _, ok := byMode[r.mode]; !ok {
			modes = append(modes, r.mode)
		}
		byMode[r.mode] = append(byMode[r.mode], r)
	}
	tool := func(mode string) string { s, _, _ := strings.Cut(mode, " "); return s }
	for _, m := range modes {
		if name, ok := strings.CutSuffix(m, " idle"); ok {
			var cpu []float64
			for _, r := range byMode[m] {
				cpu = append(cpu, r.cpu.Seconds())
			}
			idle[name] = time.Duration(median(cpu) * float64(time.Second))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "capture benchmark: RTM_GETLINK(lo) exchanges for %v per run, %d rounds, 1 vCPU (QEMU TCG), kernel %s\n", benchDuration, captureBenchRounds, kernel)
	head := fmt.Sprintf("%-16s %10s %9s %9s %9s %8s %7s %11s %11s\n", "mode", "gen req/s", "expected", "captured", "received", "dropped", "cpu s", "cpu s/1M", "net s/1M")
	b.WriteString("\nevery run (round: mode):\n" + head)
	f1 := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.2f", v)
	}
	for _, r := range rows {
		name := fmt.Sprintf("%d: %s", r.round, r.mode)
		switch {
		case r.mode == "no tap":
			fmt.Fprintf(&b, "%-16s %10.0f %9s %9s %9s %8s %7s %11s %11s\n", name, float64(r.requests)/r.elapsed.Seconds(), "-", "-", "-", "-", "-", "-", "-")
		case strings.HasSuffix(r.mode, " idle"):
			fmt.Fprintf(&b, "%-16s %10s %9s %9d %9d %8d %7.3f %11s %11s\n", name, "-", "-", r.captured, r.received, r.dropped, r.cpu.Seconds(), "-", "-")
		default:
			fmt.Fprintf(&b, "%-16s %10.0f %9d %9d %9d %8d %7.3f %11s %11s\n", name, float64(r.requests)/r.elapsed.Seconds(), 2*r.requests, r.captured, r.received, r.dropped, r.cpu.Seconds(), f1(r.perM(0)), f1(r.perM(idle[tool(r.mode)])))
		}
	}
	// Medians per mode; dropped is the sum over the rounds.
	b.WriteString("\nmedian of the rounds (dropped: sum):\n" + head)
	gross, net := map[string]float64{}, map[string]float64{}
	for _, m := range modes {
		var rate, exp, capt, recv, cpu, g, n []float64
		var dropped uint64
		for _, r := range byMode[m] {
			if r.elapsed > 0 {
				rate = append(rate, float64(r.requests)/r.elapsed.Seconds())
				exp = append(exp, float64(2*r.requests))
			}
			capt = append(capt, float64(r.captured))
			recv = append(recv, float64(r.received))
			cpu = append(cpu, r.cpu.Seconds())
			g = append(g, r.perM(0))
			n = append(n, r.perM(idle[tool(m)]))
			dropped += r.dropped
		}
		gross[m], net[m] = median(g), median(n)
		switch {
		case m == "no tap":
			fmt.Fprintf(&b, "%-16s %10.0f %9s %9s %9s %8s %7s %11s %11s\n", m, median(rate), "-", "-", "-", "-", "-", "-", "-")
		case strings.HasSuffix(m, " idle"):
			fmt.Fprintf(&b, "%-16s %10s %9s %9.0f %9.0f %8d %7.3f %11s %11s\n", m, "-", "-", median(capt), median(recv), dropped, median(cpu), "-", "-")
		default:
			fmt.Fprintf(&b, "%-16s %10.0f %9.0f %9.0f %9.0f %8d %7.3f %11s %11s\n", m, median(rate), median(exp), median(capt), median(recv), dropped, median(cpu), f1(gross[m]), f1(net[m]))
		}
	}
	// The ratios of the medians, and the range of the same ratio within
	// each round (the runs of one round are closest in time).
	b.WriteString("\nCPU per record, nlcap / tcpdump (ratio of the medians; per-round range):\n")
	for _, m := range modes {
		if tool(m) != "nlcap" || strings.HasSuffix(m, " idle") {
			continue
		}
		rng := func(idleN, idleT time.Duration) string {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i, r := range byMode[m] {
				if i >= len(byMode["tcpdump"]) {
					break
				}
				q := r.perM(idleN) / byMode["tcpdump"][i].perM(idleT)
				lo, hi = min(lo, q), max(hi, q)
			}
			return fmt.Sprintf("%.2f-%.2f", lo, hi)
		}
		fmt.Fprintf(&b, "%-16s gross %.2f (%s)   net %.2f (%s)\n", m, gross[m]/gross["tcpdump"], rng(0, 0), net[m]/net["tcpdump"], rng(idle["nlcap"], idle["tcpdump"]))
	}
	return b.String()
}

// benchKernelRelease returns uname -r.
func benchKernelRelease(t testing.TB) string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
