package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/capture"
	"github.com/nlcap/nlcap/pcap"
)

// captureOptions are the live-capture flags, checked and converted.
type captureOptions struct {
	snapLen   int // file snap length, cooked header included
	families  []nlcap.Family
	direction nlcap.Direction // DirectionUnknown: keep all
	fileSize  int64           // -C in bytes
	interval  time.Duration   // -G
	maxFiles  int             // -W
	buffer    int             // -B in bytes, 0: default
	format    pcap.Format
}

// parseCaptureOptions checks the flags of a live capture; its errors are
// usage errors (exit status 2).
func parseCaptureOptions(o *options) (*captureOptions, error) {
	c := &captureOptions{snapLen: o.snaplen, format: pcap.FormatPcap}
	switch {
	case o.snaplen == 0:
		c.snapLen = nlcap.DefaultSnapLen
	case o.snaplen < nlcap.PseudoHeaderLen+nlcap.NlmsgHdrLen:
		return nil, usagef("-s %d: the snapshot length must be at least %d (cooked header and one netlink header) or 0", o.snaplen, nlcap.PseudoHeaderLen+nlcap.NlmsgHdrLen)
	case o.snaplen > pcap.MaxRecordLen:
		return nil, usagef("-s %d: the snapshot length must be at most %d", o.snaplen, pcap.MaxRecordLen)
	}
	filt, err := parseReadFilter(o)
	if err != nil {
		return nil, err
	}
	for _, f := range filt.families {
		if !f.Tapped() {
			return nil, usagef("--family: the kernel never copies %s messages to nlmon taps", f)
		}
	}
	c.families, c.direction = filt.families, filt.direction
	size, err := parseFileSize(o.fileSize)
	if err != nil {
		return nil, usagef("-C: %v", err)
	}
	c.fileSize = size
	if o.rotateSecs < 0 {
		return nil, usagef("-G must not be negative")
	}
	c.interval = time.Duration(o.rotateSecs) * time.Second
	if o.fileCount < 0 {
		return nil, usagef("-W must not be negative")
	}
	c.maxFiles = o.fileCount
	rotating := c.fileSize > 0 || c.interval > 0
	if rotating && (o.write == "" || o.write == "-") {
		return nil, usagef("-C and -G need -w FILE")
	}
	if c.maxFiles > 0 && !rotating {
		return nil, usagef("-W needs -C or -G")
	}
	if o.duration < 0 {
		return nil, usagef("--duration must not be negative")
	}
	if o.bufferKiB < 0 || o.bufferKiB > 1<<21 {
		return nil, usagef("-B %d: want 0 to %d KiB", o.bufferKiB, 1<<21)
	}
	c.buffer = o.bufferKiB << 10
	if o.wantPcapng() {
		c.format = pcap.FormatPcapng
	}
	return c, nil
}

// A recordPrinter decodes records to stdout (the shared printer of read.go).
type recordPrinter interface {
	learn(nlcap.Record)
	print(nlcap.Record) error
	flush() error
}

// kernelRelease returns `uname -r` of the running kernel, or "".
func kernelRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// createFile creates a capture file readable by its owner only; an existing
// regular file is truncated and its mode tightened (a device such as
// /dev/null or a named pipe is written to as it is).
func createFile(name string) (io.WriteCloser, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return f, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// startCPUProfile, when not nil, starts a CPU profile of the capture (or
// of -r) and returns the function that stops it (see capture_pprof.go).
var startCPUProfile func(stderr io.Writer) (stop func())

// runCapture captures live: it creates a temporary nlmon link (or uses -i),
// writes records to -w or decodes them to stdout, and on every way out
// drains what the kernel holds, closes the output validly, deletes the link
// it created and prints tcpdump's statistics.
func runCapture(ctx context.Context, o *options, stdout, stderr io.Writer) (err error) {
	co, err := parseCaptureOptions(o)
	if err != nil {
		return err
	}
	if startCPUProfile != nil {
		defer startCPUProfile(stderr)()
	}
	var uid, gid int
	if o.user != "" {
		if uid, gid, err = lookupUser(o.user); err != nil {
			return err
		}
	}

	cfg, nsFile, err := captureConfig(o, co)
	if err != nil {
		return err
	}
	if nsFile != nil {
		defer nsFile.Close()
	}

	// The link.
	link, ifname, err := prepareLink(o, cfg, stderr)
	if err != nil {
		return err
	}
	var rp *reaper
	// removeLink runs exactly once, on every way out from here.
	var removeOnce sync.Once
	removeLink := func() {
		removeOnce.Do(func() {
			var derr error
			switch {
			case rp != nil:
				derr = rp.finish()
			case link != nil:
				derr = link.Delete()
			}
			if derr != nil {
				err = errors.Join(err, derr)
			}
		})
	}
	defer removeLink()

	conn, err := capture.Listen(ifname, cfg)
	if err != nil {
		return err
	}
	defer conn.Close()

	// The genl family table, captured by the tap that is now up.
	genl := genlFamilies(o, cfg, stderr)

	// -Z: everything privileged is done.
	if o.user != "" {
		if rp, err = relinquish(link, nsFile, uid, gid); err != nil {
			return err
		}
	}

	rot, prt, err := openOutput(o, co, ifname, genl, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "listening on %s, link-type NETLINK (Linux netlink), snapshot length %d bytes\n", ifname, co.snapLen)

	handled, loopErr := pumpLive(ctx, o, co, conn, rot, prt, stderr)
	if loopErr = endLive(conn, rot, prt, handled, loopErr, removeLink, stderr); loopErr != nil {
		return errors.Join(loopErr, err)
	}
	return err
}

// endLive reads the kernel's counters, closes conn and the output, deletes
// the link (removeLink) and prints tcpdump's statistics. It returns loopErr,
// or else the first error of these steps.
func endLive(conn *capture.Conn, rot *rotator, prt recordPrinter, handled uint64, loopErr error, removeLink func(), stderr io.Writer) error {
	st, serr := conn.Stats()
	if serr != nil && loopErr == nil {
		loopErr = serr
	}
	conn.Close()
	if cerr := closeOutput(rot, prt, st.Received, st.Dropped); cerr != nil && loopErr == nil {
		loopErr = cerr
	}
	removeLink()
	fmt.Fprintf(stderr, "%d packets captured\n%d packets received by filter\n%d packets dropped by kernel\n",
		handled, st.Received, st.Dropped)
	return loopErr
}

// captureConfig returns the capture.Config of the flags, and the --netns
// file it opened (nil without --netns; the caller closes it).
func captureConfig(o *options, co *captureOptions) (*capture.Config, *os.File, error) {
	cfg := &capture.Config{
		SnapLen:    co.snapLen,
		Families:   co.families,
		BufferSize: co.buffer,
	}
	if o.netns == "" {
		return cfg, nil, nil
	}
	nsFile, err := capture.OpenNetNS(o.netns)
	if err != nil {
		return nil, nil, err
	}
	cfg.NetNS = int(nsFile.Fd())
	return cfg, nsFile, nil
}

// relinquish starts the reaper of the temporary link (when nlcap made one)
// and drops privileges to uid and gid (-Z).
func relinquish(link *capture.Link, nsFile *os.File, uid, gid int) (*reaper, error) {
	var rp *reaper
	if link != nil {
		nsPath := ""
		if nsFile != nil {
			nsPath = fmt.Sprintf("/proc/%d/fd/%d", os.Getpid(), nsFile.Fd())
		}
		var err error
		if rp, err = startReaper(link.Name, nsPath); err != nil {
			return nil, err
		}
	}
	return rp, dropPrivileges(uid, gid)
}

// prepareLink returns the nlmon link to read: -i's (link nil), or a
// temporary one created after deleting the stale links of dead captures.
func prepareLink(o *options, cfg *capture.Config, stderr io.Writer) (*capture.Link, string, error) {
	if o.iface != "" {
		return nil, o.iface, nil
	}
	var stale []string
	var err error
	if otherPIDNS(o.netns) {
		// The pid in a link's name belongs to another pid namespace
		// (a container's): whether it still runs cannot be told from
		// here, so nothing is deleted.
		fmt.Fprintf(stderr, "nlcap: --netns %s is in another pid namespace: stale nlcap<pid> links there are not cleaned up (delete them with `nsenter -t %s -n ip link del NAME`)\n", o.netns, o.netns)
	} else {
		stale, err = capture.CleanupStale(cfg)
	}
	for _, n := range stale {
		fmt.Fprintf(stderr, "nlcap: deleted stale link %s (its capture no longer runs)\n", n)
	}
	if err != nil && !errors.Is(err, os.ErrPermission) {
		fmt.Fprintf(stderr, "nlcap: warning: %v\n", err)
	}
	link, err := capture.CreateLink(capture.LinkName(), cfg)
	if err != nil {
		return nil, "", err
	}
	return link, link.Name, nil
}

// genlFamilies dumps the generic netlink family table (nil with
// --no-genl-dump or when the dump fails, with a warning).
func genlFamilies(o *options, cfg *capture.Config, stderr io.Writer) map[uint16]string {
	if o.noGenlDump {
		return nil
	}
	fams, err := capture.DumpGenlFamilies(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "nlcap: warning: %v\n", err)
	}
	if len(fams) == 0 {
		return nil
	}
	genl := make(map[uint16]string, len(fams))
	for _, f := range fams {
		genl[f.ID] = f.Name
	}
	return genl
}

// openOutput opens -w (a rotator writing pcap or pcapng with the kernel
// release and genl table in section comments) or, without -w, the printer
// that decodes to stdout.
func openOutput(o *options, co *captureOptions, ifname string, genl map[uint16]string, stdout io.Writer) (*rotator, recordPrinter, error) {
	if o.write == "" {
		prt, err := openPrinter(o, stdout)
		return nil, prt, err
	}
	// Twice the largest ring block (512 KiB): one write every two
	// blocks at most (see batchDone in pumpLive).
	wcfg := &pcap.WriterConfig{Format: co.format, SnapLen: co.snapLen, Interface: ifname, BufferSize: 1 << 20}
	if rel := kernelRelease(); rel != "" {
		wcfg.Comments = append(wcfg.Comments, pcap.FormatKernelComment(rel))
		wcfg.OS = "Linux " + rel
	}
	if genl != nil {
		wcfg.Comments = append(wcfg.Comments, pcap.FormatGenlFamiliesComment(genl))
	}
	if co.format == pcap.FormatPcapng {
		wcfg.Nanosecond = true
	}
	rot := &rotator{
		base: o.write, limit: co.fileSize, interval: co.interval, maxFiles: co.maxFiles,
		buffered: o.buffered, create: createFile, now: time.Now,
		newSink: func(w io.Writer) (recordSink, error) { return pcap.NewWriter(w, wcfg) },
	}
	if o.write == "-" {
		rot.create = func(string) (io.WriteCloser, error) { return nopWriteCloser{stdout}, nil }
	}
	if err := rot.start(); err != nil {
		return nil, nil, err
	}
	return rot, nil, nil
}

// closeOutput closes the capture file (with its statistics) or flushes
// the printer.
func closeOutput(rot *rotator, prt recordPrinter, received, dropped uint64) error {
	if rot != nil {
		return rot.Close(received, dropped)
	}
	if prt != nil {
		return prt.flush()
	}
	return nil
}

// liveCounter prints "\rGot N" on stderr every second, as tcpdump -w does
// on a terminal, with the count from get, until stop is called (which ends
// the line).
func liveCounter(stderr io.Writer, get func() uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tk := time.NewTicker(time.Second)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				fmt.Fprintf(stderr, "\rGot %d", get())
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		fmt.Fprintln(stderr)
	}
}

// pumpLive reads conn until a signal, --duration, -c or an error, handing
// each record to the file or the printer; it returns the records kept.
func pumpLive(ctx context.Context, o *options, co *captureOptions, conn *capture.Conn, rot *rotator, prt recordPrinter, stderr io.Writer) (uint64, error) {
	var captured atomic.Uint64
	live := o.write != "" && o.write != "-" && isTerminal(stderr)
	if live {
		defer liveCounter(stderr, captured.Load)()
	}
	var timeout <-chan time.Time
	if o.duration > 0 {
		t := time.NewTimer(o.duration)
		defer t.Stop()
		timeout = t.C
	}
	handle, handled := recordHandler(co.direction, rot, prt, o.buffered, o.count)
	// A stream is flushed after every batch (a ring block), so that a
	// reader of -w - (wireshark -k -i -) or a terminal sees records within
	// about 100 ms without -U. A file is written when its 1 MiB buffer
	// fills: every system call made while busy wakes the Go runtime's
	// monitor thread, whose wake-ups cost more CPU than the records.
	// NB: writing the data straight from the ring (one writev of the
	// headers and ring pieces per block, no copy) made no difference in
	// bench/capture.sh, and was worse until the writev bypassed the
	// scheduler (RawSyscall): records are copied.
	var batchDone func() error
	switch {
	case o.buffered: // flushed after every record already
	case prt != nil:
		batchDone = prt.flush
	case o.write == "-":
		batchDone = rot.Flush
	}
	if live { // a file (batchDone is nil): the counter's count
		batchDone = func() error { captured.Store(handled()); return nil }
	}
	err := pump(ctx, conn, timeout, handle, batchDone)
	return handled(), err
}

// recordHandler returns the work done for each record of a live capture:
// keep it if it goes in direction dir (any when DirectionUnknown), write it
// to rot or else print it with prt (flushed after each record when
// buffered), count it, and return errCountReached once count records
// (none: 0) are kept. rec.Data is the receive ring's memory, valid during
// the call only: rot's Writer copies it, the printer keeps nothing of it (as
// with -r, whose reader reuses its buffer for every record).
//
// handled returns the records kept; call it from the goroutine that calls
// handle. (The live counter, another goroutine, is given the count after
// each batch: an atomic add for every record costs more than the rest of
// the count.)
func recordHandler(dir nlcap.Direction, rot *rotator, prt recordPrinter, buffered bool, count int) (handle func(*nlcap.Record) error, handled func() uint64) {
	var n uint64
	handle = func(rec *nlcap.Record) error {
		if dir != nlcap.DirectionUnknown && rec.Direction != dir {
			return nil
		}
		if rot != nil {
			if err := rot.WriteRecord(rec); err != nil {
				return err
			}
		} else {
			prt.learn(*rec)
			if err := prt.print(*rec); err != nil {
				return err
			}
			if buffered {
				if err := prt.flush(); err != nil {
					return err
				}
			}
		}
		n++
		if count > 0 && n >= uint64(count) {
			return errCountReached
		}
		return nil
	}
	return handle, func() uint64 { return n }
}

// A liveSource is what pump reads: a *capture.Conn, or a fake in tests.
type liveSource interface {
	ReadBatch(func(*nlcap.Record) error) error
	Drain(func(*nlcap.Record) error) error
	SetDeadline(time.Time) error
}

// errCountReached is returned by a handler to stop after -c records.
var errCountReached = errors.New("count reached")

// pump reads records from src and passes them to handle until ctx is done or
// timeout fires (then it drains what src already holds and returns nil),
// handle returns errCountReached or errRotationDone (nil), or reading or
// handle fails (that error).
//
// batchDone, when not nil, runs after each batch of records read (a ring
// block: at most ~100 ms after its first record) and after the drain; a
// stream (-w -, or decoding to stdout) is flushed there.
func pump(ctx context.Context, src liveSource, timeout <-chan time.Time, handle func(*nlcap.Record) error, batchDone func() error) error {
	var (
		stopping atomic.Bool
		done     = make(chan struct{})
		wg       sync.WaitGroup
	)
	defer func() {
		close(done)
		wg.Wait()
	}()
	// A signal or --duration sets stopping and a past deadline, which wakes
	// a pending read; the loop then drains.
	wg.Go(func() {
		select {
		case <-ctx.Done():
		case <-timeout:
		case <-done:
			return
		}
		stopping.Store(true)
		_ = src.SetDeadline(time.Unix(1, 0))
	})
	// Records are handled in place, a ring block at a time (ReadBatch);
	// herr tells handle's errors from the source's.
	var herr error
	h := func(rec *nlcap.Record) error {
		herr = handle(rec)
		return herr
	}
	var err error
	for {
		rerr := src.ReadBatch(h)
		if herr != nil {
			err = herr
			break
		}
		if rerr != nil && !(stopping.Load() && errors.Is(rerr, os.ErrDeadlineExceeded)) {
			err = rerr
			break
		}
		// A stop seen between batches (the kernel may keep the ring
		// busy, so a read never waits for the deadline) or while waiting.
		if stopping.Load() {
			err = src.Drain(handle)
			break
		}
		if batchDone != nil {
			if err = batchDone(); err != nil {
				break
			}
		}
	}
	if batchDone != nil && (err == nil || errors.Is(err, errCountReached) || errors.Is(err, errRotationDone)) {
		if ferr := batchDone(); ferr != nil {
			err = ferr
		}
	}
	if errors.Is(err, errCountReached) || errors.Is(err, errRotationDone) {
		return nil
	}
	return err
}

// cutNul splits the reaper's spec "NAME\x00NETNS-PATH".
func cutNul(s string) (string, string, bool) { return strings.Cut(s, "\x00") }

// otherPIDNS reports whether the --netns spec names a process (a PID) that
// lives in another pid namespace than nlcap. The pid in an nlcap<pid> link
// name means nothing there, so stale-link cleanup must not trust it.
func otherPIDNS(spec string) bool {
	if spec == "" || strings.Trim(spec, "0123456789") != "" {
		return false
	}
	theirs, err1 := os.Readlink("/proc/" + spec + "/ns/pid")
	ours, err2 := os.Readlink("/proc/self/ns/pid")
	if err1 != nil || err2 != nil {
		return true // cannot tell: do not delete
	}
	return theirs != ours
}
