package replay

import (
	"bytes"
	"testing"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/internal/testutil"
	"github.com/nlcap/nlcap/pcap"
)

// routeBatchCapture returns a pcap file like the one of issue 5's
// benchmark: n RTM_NEWROUTE requests (RTA_DST, RTA_GATEWAY), each answered
// by an ACK.
func routeBatchCapture(tb testing.TB, n int) []byte {
	tb.Helper()
	t0 := time.Unix(1795333820, 0)
	recs := make([]nlcap.Record, 0, 2*n)
	for i := range n {
		seq := uint32(1795333820 + i)
		body := []byte{2, 32, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0} // struct rtmsg
		body = append(body, 8, 0, 1, 0, 172, 16, byte(i/250), byte(i%250+1))
		body = append(body, 8, 0, 5, 0, 10, 0, 0, 2)
		req := rec(nlcap.FamilyRoute, msg(24, 0x605, seq, 0, body...))
		req.Timestamp = t0.Add(time.Duration(i) * time.Millisecond)
		ans := rec(nlcap.FamilyRoute, ack(seq, 1234, 0))
		ans.Timestamp = req.Timestamp.Add(10 * time.Microsecond)
		recs = append(recs, req, ans)
	}
	return testutil.CaptureBytes(tb, nil, recs)
}

// BenchmarkReadScript reads the 5000-route capture of issue 5's benchmark
// into a script.
func BenchmarkReadScript(b *testing.B) {
	b.ReportAllocs()
	benchReadScript(b, routeBatchCapture(b, 5000), func(s *Script) bool {
		return len(s.Exchanges) == 5000 && s.Exchanges[4999].Complete
	})
}

// benchReadScript reads file into a script b.N times; ok checks each.
func benchReadScript(b *testing.B, file []byte, ok func(*Script) bool) {
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		r, err := pcap.NewReader(bytes.NewReader(file))
		if err != nil {
			b.Fatal(err)
		}
		s, err := ReadScript(r)
		if err != nil {
			b.Fatal(err)
		}
		if !ok(s) {
			b.Fatalf("wrong script: %d exchanges", len(s.Exchanges))
		}
	}
}

// unansweredCapture returns a pcap file of n RTM_GETLINK requests that no
// answer follows (a capture cut with nlcap -Q in), from one sender with
// nlmsg_pid 0 and increasing sequence numbers, then one answer to the
// last request.
func unansweredCapture(tb testing.TB, n int) []byte {
	tb.Helper()
	t0 := time.Unix(1795333820, 0)
	body := []byte{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} // struct ifinfomsg, index 1
	recs := make([]nlcap.Record, 0, n+1)
	for i := range n {
		req := rec(nlcap.FamilyRoute, msg(18, 0x5, uint32(i+1), 0, body...)) // NLM_F_REQUEST|NLM_F_ACK
		req.Timestamp = t0.Add(time.Duration(i) * time.Microsecond)
		recs = append(recs, req)
	}
	return testutil.CaptureBytes(tb, nil, append(recs, rec(nlcap.FamilyRoute, ack(uint32(n), 4321, 0))))
}

// BenchmarkUnanswered reads a capture of 200,000 requests that get no
// answer (issue 16: pairing was quadratic in them) and reports the time
// per request. On the shared 2-CPU development machine, 2026-12-04:
// 0.41 s (2.0 µs/request), 1.05 s under a load average of 10; the
// pairing before (a scan of every open request per answer and per
// request) took 112 s for nlreplay --dry-run of the same capture
// (bench/scale.sh).
func BenchmarkUnanswered(b *testing.B) {
	const n = 200000
	benchReadScript(b, unansweredCapture(b, n), func(s *Script) bool {
		return len(s.Exchanges) == n && s.Exchanges[n-1].Complete && !s.Exchanges[0].Complete
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/request")
}
