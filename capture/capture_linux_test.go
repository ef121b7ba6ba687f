package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"golang.org/x/sys/unix"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name      string
		op        string
		err       error
		perm      bool
		noNlmon   bool
		wantInMsg string
	}{
		{name: "create eperm", op: opCreate, err: &netlink.OpError{Op: "receive", Err: unix.EPERM}, perm: true, wantInMsg: "CAP_NET_ADMIN"},
		{name: "socket eperm", op: opListen, err: os.NewSyscallError("socket", unix.EPERM), perm: true, wantInMsg: "CAP_NET_RAW"},
		{name: "unknown device type", op: opCreate + " nlcap1", err: &netlink.OpError{Op: "receive", Err: unix.EOPNOTSUPP, Message: "Unknown device type"}, noNlmon: true, wantInMsg: "modprobe nlmon or CONFIG_NLMON"},
		{name: "eopnotsupp without extack", op: opCreate, err: &netlink.OpError{Op: "receive", Err: unix.EOPNOTSUPP}, noNlmon: true, wantInMsg: "kernel has no nlmon"},
		{name: "eopnotsupp elsewhere", op: opListen, err: unix.EOPNOTSUPP, wantInMsg: "listen: operation not supported"},
		{name: "exists", op: opCreate, err: &netlink.OpError{Op: "receive", Err: unix.EEXIST}, wantInMsg: "file exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classify(tt.op, tt.err)
			if got := errors.Is(err, os.ErrPermission); got != tt.perm {
				t.Errorf("errors.Is(%v, os.ErrPermission) = %v", err, got)
			}
			if got := errors.Is(err, nlcap.ErrNotSupported); got != tt.noNlmon {
				t.Errorf("errors.Is(%v, nlcap.ErrNotSupported) = %v", err, got)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("%v does not wrap %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantInMsg)
			}
		})
	}
}

func TestStaleLinks(t *testing.T) {
	links := []linkInfo{
		{name: "lo", kind: ""},
		{name: "nlcap100", kind: "nlmon"}, // alive
		{name: "nlcap200", kind: "nlmon"}, // dead
		{name: "nlcap300", kind: "dummy"}, // dead but not nlmon
		{name: "nlmon0", kind: "nlmon"},   // not ours
	}
	alive := func(pid int) bool { return pid == 100 }
	var got []string
	for _, li := range staleLinks(links, alive) {
		got = append(got, li.name)
	}
	if diff := cmp.Diff([]string{"nlcap200"}, got); diff != "" {
		t.Fatalf("stale links (-want +got):\n%s", diff)
	}
	if !pidAlive(os.Getpid()) {
		t.Error("pidAlive(self) = false")
	}
}

func TestParseLink(t *testing.T) {
	ae := netlink.NewAttributeEncoder()
	ae.String(iflaIfname, "nlcap42")
	ae.Nested(iflaLinkinfo, func(nae *netlink.AttributeEncoder) error {
		nae.String(iflaInfoKind, "nlmon")
		return nil
	})
	attrs, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	b := ifinfomsg(7, unix.IFF_UP, unix.IFF_UP)
	binary.NativeEndian.PutUint16(b[2:], 824) // ifi_type ARPHRD_NETLINK
	got, err := parseLink(append(b, attrs...))
	if err != nil {
		t.Fatal(err)
	}
	want := linkInfo{name: "nlcap42", index: 7, typ: 824, kind: "nlmon"}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(linkInfo{})); diff != "" {
		t.Fatalf("parseLink (-want +got):\n%s", diff)
	}
	if _, err := parseLink(b[:10]); err == nil {
		t.Fatal("short ifinfomsg accepted")
	}
}

// privileged skips the test unless it runs as root on a kernel with nlmon;
// with NLCAP_TEST_PRIVILEGED=1 it fails instead, so a VM run cannot pass by
// skipping.
func privileged(t *testing.T) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	} else if _, err := os.Stat("/sys/module/nlmon"); err != nil {
		if err := exec.Command("modprobe", "nlmon").Run(); err != nil {
			why = "no nlmon module"
		}
	}
	if why == "" {
		return
	}
	if os.Getenv("NLCAP_TEST_PRIVILEGED") == "1" {
		t.Fatalf("privileged test cannot run: %s", why)
	}
	t.Skipf("%s: run as root on a kernel with nlmon (`make e2e` boots one), or set NLCAP_TEST_PRIVILEGED=1 to fail", why)
}

func TestLiveCapture(t *testing.T) {
	privileged(t)
	name := fmt.Sprintf("nlcap%d", os.Getpid())
	l, err := CreateLink(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Delete() })
	c, err := Listen(name, &Config{Families: []nlcap.Family{nlcap.FamilyRoute}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// Send one RTM_GETLINK of lo through a route socket: request and answer
	// are tapped.
	nc, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request},
		Data:   ifinfomsg(1, 0, 0),
	}); err != nil {
		t.Fatal(err)
	}
	nc.Close()

	var got []nlcap.Record
	if err := c.Drain(func(r *nlcap.Record) error {
		r2 := *r
		r2.Data = append([]byte(nil), r.Data...)
		got = append(got, r2)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 {
		t.Fatalf("drained %d records, want request and answer", len(got))
	}
	if got[0].Family != nlcap.FamilyRoute || got[0].Direction != nlcap.DirectionToKernel || got[1].Direction != nlcap.DirectionFromKernel {
		t.Errorf("records: %+v", got[:2])
	}
	if time.Since(got[0].Timestamp) > time.Minute {
		t.Errorf("timestamp %v is not a kernel receive time", got[0].Timestamp)
	}
	st, err := c.Stats()
	if err != nil || st.Received < 2 {
		t.Errorf("stats %+v, %v", st, err)
	}

	// Close unblocks a pending read.
	errc := make(chan error, 1)
	go func() { _, err := c.ReadRecord(); errc <- err }()
	time.Sleep(50 * time.Millisecond)
	c.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, os.ErrClosed) {
			t.Errorf("read after close: %v, want os.ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock ReadRecord")
	}

	if _, err := Listen("lo", nil); !errors.Is(err, ErrNotNlmon) {
		t.Errorf("Listen(lo) = %v, want ErrNotNlmon", err)
	}
}

func TestLiveSnapLenAndStale(t *testing.T) {
	privileged(t)
	name := fmt.Sprintf("nlcap%d", os.Getpid())
	l, err := CreateLink(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Delete() })
	if _, err := CreateLink(name, nil); !errors.Is(err, unix.EEXIST) {
		t.Errorf("second CreateLink(%s) = %v, want EEXIST", name, err)
	}
	c, err := Listen(name, &Config{SnapLen: nlcap.PseudoHeaderLen + 18, Families: []nlcap.Family{nlcap.FamilyGeneric}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// A route request (filtered out) and a genl family dump (kept).
	nc, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = nc.Execute(netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request}, Data: ifinfomsg(1, 0, 0)})
	nc.Close()
	fams, err := DumpGenlFamilies(nil)
	if err != nil || len(fams) == 0 || fams[0].Name != "nlctrl" {
		t.Fatalf("DumpGenlFamilies = %v, %v", fams, err)
	}
	var first nlcap.Record
	if err := c.ReadRecordInto(&first); err != nil {
		t.Fatal(err)
	}
	if len(first.Data) != 18 || first.OrigLen != 20 {
		t.Errorf("genl dump request: len(Data) %d, OrigLen %d; want 18, 20", len(first.Data), first.OrigLen)
	}
	n := 0
	if err := c.SetDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadRecord(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read past deadline: %v", err)
	}
	if err := c.Drain(func(r *nlcap.Record) error {
		n++
		if r.Family != nlcap.FamilyGeneric {
			t.Errorf("record of family %v passed the filter", r.Family)
		}
		// Every genl message is at least 20 bytes (nlmsghdr, genlmsghdr).
		if len(r.Data) != 18 || r.OrigLen < 20 {
			t.Errorf("len(Data) %d, OrigLen %d; want 18 and at least 20", len(r.Data), r.OrigLen)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n < 2 {
		t.Fatalf("%d genl records", n)
	}

	// A link named after a dead pid is stale; ours is not.
	stale := "nlcap4194305"
	sl, err := CreateLink(stale, nil)
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := CleanupStale(nil)
	if err != nil {
		_ = sl.Delete()
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{stale}, deleted); diff != "" {
		_ = sl.Delete()
		t.Errorf("CleanupStale (-want +got):\n%s", diff)
	}
}

// cmsg builds one control message with data, padded to CmsgSpace.
func cmsg(level, typ int32, data []byte) []byte {
	b := make([]byte, unix.CmsgSpace(len(data)))
	h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.Level, h.Type = level, typ
	h.SetLen(unix.CmsgLen(len(data)))
	copy(b[unix.CmsgLen(0):], data)
	return b
}

func TestParseControl(t *testing.T) {
	ts := make([]byte, unsafe.Sizeof(unix.Timespec{}))
	*(*unix.Timespec)(unsafe.Pointer(&ts[0])) = unix.Timespec{Sec: 1700000000, Nsec: 123456789}
	aux := make([]byte, 20)                      // struct tpacket_auxdata
	binary.NativeEndian.PutUint32(aux[4:], 5000) // tp_len
	binary.NativeEndian.PutUint32(aux[8:], 100)  // tp_snaplen
	want := time.Unix(1700000000, 123456789)
	both := append(cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, ts), cmsg(unix.SOL_PACKET, unix.PACKET_AUXDATA, aux)...)
	bad := cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, ts)
	(*unix.Cmsghdr)(unsafe.Pointer(&bad[0])).SetLen(len(bad) + 8) // longer than the buffer
	tests := []struct {
		name    string
		oob     []byte
		ts      time.Time
		origLen int
	}{
		{"none", nil, time.Time{}, 100},
		{"both", both, want, 5000},
		{"aux first", append(cmsg(unix.SOL_PACKET, unix.PACKET_AUXDATA, aux), cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, ts)...), want, 5000},
		{"short timestamp", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, ts[:4]), time.Time{}, 100},
		{"short auxdata", cmsg(unix.SOL_PACKET, unix.PACKET_AUXDATA, aux[:8]), time.Time{}, 100},
		{"length past the end", bad, time.Time{}, 100},
		{"truncated header", both[:5], time.Time{}, 100},
	}
	var c Conn
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := nlcap.Record{OrigLen: 100}
			c.parseControl(&r, tt.oob, 100)
			if !r.Timestamp.Equal(tt.ts) || r.OrigLen != tt.origLen {
				t.Errorf("timestamp %v, orig len %d; want %v, %d", r.Timestamp, r.OrigLen, tt.ts, tt.origLen)
			}
		})
	}
}

// testRing builds a ring of two 4 KiB blocks; block 0 is handed over to user
// space and holds recs, each a netlink message of the given family.
func testRing(t *testing.T, fams ...uint16) *ring {
	t.Helper()
	const bs = 4096
	r := &ring{mem: make([]byte, 2*bs), blockSize: bs, blocks: 2}
	b := r.block(0)
	binary.NativeEndian.PutUint32(b[blockStatusOff:], unix.TP_STATUS_USER)
	binary.NativeEndian.PutUint32(b[blockNumOff:], uint32(len(fams)))
	binary.NativeEndian.PutUint32(b[blockFirstOff:], blockDescLen)
	off := blockDescLen
	for i, f := range fams {
		h := (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[off]))
		data := make([]byte, 20)
		binary.NativeEndian.PutUint32(data, 20)
		binary.NativeEndian.PutUint16(data[6:], 1) // NLM_F_REQUEST
		binary.NativeEndian.PutUint32(data[8:], uint32(i+1))
		h.Sec, h.Nsec = uint32(1700000000+i), 5
		h.Snaplen, h.Len = uint32(len(data)), uint32(len(data)+100)
		h.Net = frameNetOff
		binary.BigEndian.PutUint16(b[off+sllOff+2:], f)
		copy(b[off+frameNetOff:], data)
		next := frameNetOff + 32
		if i < len(fams)-1 {
			h.Next_offset = uint32(next)
		}
		off += next
	}
	return r
}

func TestRing(t *testing.T) {
	r := testRing(t, 0, 16, 12)
	if !r.ready() || r.pending() != 0 {
		t.Fatalf("ready %v, pending %d; want a handed-over block", r.ready(), r.pending())
	}
	var got []string
	var rec nlcap.Record
	for {
		ok, err := r.nextRecord(&rec)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, fmt.Sprintf("%d/%d/%d/%d/%v/%d", rec.Family, rec.Timestamp.Unix(), len(rec.Data), rec.OrigLen, rec.Direction, binary.NativeEndian.Uint32(rec.Data[8:])))
	}
	want := []string{
		fmt.Sprintf("0/1700000000/20/120/%v/1", nlcap.DirectionToKernel),
		fmt.Sprintf("16/1700000001/20/120/%v/2", nlcap.DirectionToKernel),
		fmt.Sprintf("12/1700000002/20/120/%v/3", nlcap.DirectionToKernel),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("records (-want +got):\n%s", diff)
	}
	if st := binary.NativeEndian.Uint32(r.block(0)[blockStatusOff:]); st != unix.TP_STATUS_KERNEL || r.next != 1 {
		t.Fatalf("block 0 status %d, next %d; want it given back and next 1", st, r.next)
	}
	// The kernel fills block 1: pending counts its records.
	binary.NativeEndian.PutUint32(r.block(1)[blockNumOff:], 4)
	if r.ready() || r.pending() != 4 {
		t.Fatalf("ready %v, pending %d; want not ready, 4 pending", r.ready(), r.pending())
	}
}

func TestRingMalformed(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(b []byte)
	}{
		{"first offset past the block", func(b []byte) { binary.NativeEndian.PutUint32(b[blockFirstOff:], 5000) }},
		{"first offset inside the header", func(b []byte) { binary.NativeEndian.PutUint32(b[blockFirstOff:], 8) }},
		{"snaplen past the block", func(b []byte) { (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[blockDescLen])).Snaplen = 1 << 30 }},
		{"net offset inside the header", func(b []byte) { (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[blockDescLen])).Net = 4 }},
		{"no next offset", func(b []byte) { (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[blockDescLen])).Next_offset = 0 }},
		{"more records than fit", func(b []byte) { binary.NativeEndian.PutUint32(b[blockNumOff:], 1000) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRing(t, 0, 0)
			tt.corrupt(r.block(0))
			var rec nlcap.Record
			var err error
			for range 1000 {
				var ok bool
				if ok, err = r.nextRecord(&rec); err != nil || !ok {
					break
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			if st := binary.NativeEndian.Uint32(r.block(0)[blockStatusOff:]); st != unix.TP_STATUS_KERNEL {
				t.Errorf("block not given back after an error")
			}
		})
	}
}

func TestRingGeometry(t *testing.T) {
	for _, tt := range []struct{ snap, buf, bs, n int }{
		{262144, 16 << 20, 512 << 10, 32},
		{262144, 4 << 20, 512 << 10, 8}, // the default
		{262144, 2 << 20, 512 << 10, 4}, // tcpdump's
		{1000, 1 << 20, 4096, 256},
		{1000, 1 << 10, 4096, 0}, // too small for a ring
		{4096 - blockDescLen - frameNetOff, 8192, 4096, 2},
		{4096 - blockDescLen - frameNetOff + 1, 8192, 8192, 1},
	} {
		bs, n := ringGeometry(tt.snap, tt.buf)
		if bs != tt.bs || n != tt.n {
			t.Errorf("ringGeometry(%d, %d) = %d, %d; want %d, %d", tt.snap, tt.buf, bs, n, tt.bs, tt.n)
		}
	}
}

// TestReadBatch checks that ReadBatch passes a handed-over block's records
// in place (Data in the ring, the block still user space's while fn runs),
// gives the block back after the last one, and leaves the records after an
// error from fn for the next read.
func TestReadBatch(t *testing.T) {
	r := testRing(t, 0, 16, 12, 4)
	c := &Conn{ring: r, ifname: "test0"}
	status := func() uint32 { return binary.NativeEndian.Uint32(r.block(0)[blockStatusOff:]) }
	stop := errors.New("stop")
	var got []uint32
	collect := func(stopAt uint32) func(*nlcap.Record) error {
		return func(rec *nlcap.Record) error {
			if status() != unix.TP_STATUS_USER {
				t.Errorf("record %d: block given back while fn runs", len(got))
			}
			p := uintptr(unsafe.Pointer(&rec.Data[0]))
			if base := uintptr(unsafe.Pointer(&r.mem[0])); p < base || p >= base+uintptr(len(r.mem)) {
				t.Errorf("record %d: Data copied out of the ring", len(got))
			}
			seq := binary.NativeEndian.Uint32(rec.Data[8:])
			got = append(got, seq)
			if seq == stopAt {
				return stop
			}
			return nil
		}
	}
	if err := c.ReadBatch(collect(2)); err != stop {
		t.Fatalf("first batch: %v, want the error of fn", err)
	}
	if status() != unix.TP_STATUS_USER {
		t.Fatal("block given back with records left")
	}
	if err := c.ReadBatch(collect(0)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint32{1, 2, 3, 4}, got); diff != "" {
		t.Fatalf("records (-want +got):\n%s", diff)
	}
	if status() != unix.TP_STATUS_KERNEL || r.next != 1 {
		t.Fatalf("block 0 status %d, next %d; want it given back and next 1", status(), r.next)
	}
	// A closed Conn reads nothing.
	c.closed.Store(true)
	if err := c.ReadBatch(collect(0)); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("after close: %v, want os.ErrClosed", err)
	}
}

// TestInferDirection checks the capture's inlined copy against
// nlcap.InferDirection.
func TestInferDirection(t *testing.T) {
	hdr := func(l uint32, flags uint16, size int) []byte {
		b := make([]byte, size)
		if size >= 8 {
			binary.NativeEndian.PutUint32(b, l)
			binary.NativeEndian.PutUint16(b[6:], flags)
		}
		return b
	}
	for _, data := range [][]byte{
		nil,
		hdr(0, 0, 8),
		hdr(16, nlcap.FlagRequest, 15),
		hdr(16, nlcap.FlagRequest, 16),
		hdr(16, 0, 16),
		hdr(15, nlcap.FlagRequest, 16),
		hdr(40, nlcap.FlagRequest|0x300, 32),
		hdr(32, 0x2, 1300),
		hdr(1300, 0x1|0x2, 1300),
	} {
		if got, want := inferDirection(data), nlcap.InferDirection(data, binary.NativeEndian); got != want {
			t.Errorf("%x: %v, want %v", data, got, want)
		}
	}
}
