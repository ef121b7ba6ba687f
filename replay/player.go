package replay

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// A Status is the verdict on one replayed request.
type Status uint8

// Verdicts of [Play].
const (
	StatusOK       Status = iota // the live answers match the recorded ones (see [Compare])
	StatusDiverged               // they differ, or the request could not be sent
	StatusTimeout                // the final answer did not come within PlayConfig.Timeout
)

// String returns "OK", "DIVERGED" or "TIMEOUT".
func (s Status) String() string {
	switch s {
	case StatusOK:
		return "OK"
	case StatusDiverged:
		return "DIVERGED"
	case StatusTimeout:
		return "TIMEOUT"
	}
	return "UNKNOWN"
}

// DefaultTimeout is how long [Play] waits for the final answer of a request
// when PlayConfig.Timeout is 0.
const DefaultTimeout = 2 * time.Second

// A PlayConfig configures [Play]. A nil *PlayConfig replays every request in
// the caller's own network namespace with DefaultTimeout.
type PlayConfig struct {
	// NetNS is a file descriptor of the network namespace to replay in
	// (from [NewNetNS], or an open /run/netns/NAME file). 0 means the
	// caller's own namespace: the replay then changes the host's
	// configuration.
	NetNS int
	// Timeout bounds the wait for the final answer (ACK/ERROR, DONE, or the
	// reply of a GET) of each request. 0 means DefaultTimeout.
	Timeout time.Duration
	// Select, when not nil, replays only the exchanges for which it returns
	// true. The others are not sent.
	Select func(*Exchange) bool
	// Timing keeps the recorded gaps between requests, divided by Speed.
	Timing bool
	// Speed scales recorded gaps with Timing: 2 replays twice as fast. 0
	// means 1.
	Speed float64
	// Exact compares answers byte for byte (see CompareOptions.Exact).
	Exact bool
	// Loop is copied into every Result (the iteration number of a looped
	// replay).
	Loop int
	// OnResult, when not nil, is called with each result as soon as it is
	// known, in order.
	OnResult func(*Result)
}

// A Result is the outcome of one replayed request.
type Result struct {
	Loop     int
	Exchange *Exchange
	Status   Status
	// Reason is one line saying why the request did not match (empty when
	// Status is StatusOK).
	Reason string
	// Verdict is the comparison of recorded and live answers.
	Verdict  Verdict
	Rewrites []Rewrite
	Sent     []byte            // the request as sent, after rewrites
	Live     []netlink.Message // the live answers, in order
	Elapsed  time.Duration     // from send to final answer (or timeout)
	Err      error             // a send or receive error, if any
}

// A Report is the outcome of one replay.
type Report struct {
	Results               []Result
	OK, Diverged, Timeout int
	Elapsed               time.Duration // wall time of the whole replay
}

// Matched reports whether every replayed request got the recorded answers.
func (r *Report) Matched() bool { return r.Diverged == 0 && r.Timeout == 0 }

func (r *Report) add(res Result) {
	r.Results = append(r.Results, res)
	switch res.Status {
	case StatusOK:
		r.OK++
	case StatusDiverged:
		r.Diverged++
	default:
		r.Timeout++
	}
}

func (c *PlayConfig) timeout() time.Duration {
	if c == nil || c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c *PlayConfig) speed() float64 {
	if c == nil || c.Speed <= 0 {
		return 1
	}
	return c.Speed
}

// sameOrder reports whether a and b lay out integers the same way.
func sameOrder(a, b binary.ByteOrder) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := make([]byte, 2), make([]byte, 2)
	a.PutUint16(x, 1)
	b.PutUint16(y, 1)
	return x[0] == y[0]
}

// wait sleeps until t or until ctx is done.
func wait(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// TypeNames names the message types of an exchange's request, in order:
// "RTM_NEWLINK", "nlctrl cmd 3", "nfnl subsys 10 msg 0"; genl types by the
// family names the capture gives.
func (s *Script) TypeNames(e *Exchange) []string {
	out := make([]string, 0, len(e.Messages))
	for _, m := range e.Messages {
		out = append(out, typeName(e.Family, m, s.GenlFamilies))
	}
	return out
}

// Describe summarises an exchange's request in a few words: its message
// types (repeats counted) and the interface name it carries, if any:
// "RTM_NEWLINK dummy0", "nfnl subsys 0 msg 16, nfnl subsys 10 msg 0 ×2, ...".
func (s *Script) Describe(e *Exchange) string {
	d := collapse(s.TypeNames(e))
	if e.Family == nlcap.FamilyRoute && len(e.Messages) == 1 {
		m := e.Messages[0]
		if _, n, ok := dissect.LinkName(e.Family, uint16(m.Header.Type), m.Data, s.order()); ok {
			d += " " + n
		}
	}
	return d
}

func (s *Script) order() binary.ByteOrder {
	if s.ByteOrder == nil {
		return binary.NativeEndian
	}
	return s.ByteOrder
}

// Outcome summarises the recorded answers of an exchange ("ACK", "EEXIST
// (17)", "3 × RTM_NEWLINK, NLMSG_DONE").
func (s *Script) Outcome(e *Exchange) Outcome {
	return summarise(e.Answers, &CompareOptions{Family: e.Family, ByteOrder: s.order()}, s.GenlFamilies).Outcome
}

// collapse joins names, counting consecutive repeats: "A ×3, B".
func collapse(names []string) string {
	var parts []string
	for i := 0; i < len(names); {
		j := i
		for j < len(names) && names[j] == names[i] {
			j++
		}
		if j-i > 1 {
			parts = append(parts, fmt.Sprintf("%s ×%d", names[i], j-i))
		} else {
			parts = append(parts, names[i])
		}
		i = j
	}
	return strings.Join(parts, ", ")
}

// String summarises o: its data message types (repeats counted), then its
// final error code: "RTM_NEWLINK ×3, NLMSG_DONE", "ACK", "EEXIST (17)";
// "nothing" when there were no answers.
func (o Outcome) String() string {
	var parts []string
	if len(o.Types) > 0 {
		parts = append(parts, collapse(o.Types))
	}
	if len(o.Acks) > 0 {
		parts = append(parts, o.Final().String())
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
