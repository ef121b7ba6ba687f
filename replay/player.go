package replay

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
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
	// StatusEnv: the answers differ only because the replay runs in another
	// network namespace than the capture (genl families registered only in
	// the initial namespace, sysctl values); Result.Reason says which. Not
	// a behaviour change: [Report.Matched] does not count it.
	StatusEnv
)

// String returns "OK", "DIVERGED", "TIMEOUT" or "ENV".
func (s Status) String() string {
	switch s {
	case StatusOK:
		return "OK"
	case StatusDiverged:
		return "DIVERGED"
	case StatusTimeout:
		return "TIMEOUT"
	case StatusEnv:
		return "ENV"
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
	// Environment, when not nil, is applied in the namespace before the
	// first request: lo brought up (unless Plan.LoDown), then each step
	// of the plan ([PlanEnvironment]; an empty Plan only brings lo up).
	// Report.Environment says how each step went. A step that fails does
	// not stop the replay.
	Environment *Plan
}

// A StepResult says how one step of PlayConfig.Environment went.
type StepResult struct {
	Step *Step // nil for bringing lo up
	// Err is why the step failed (the kernel's error, or a link it needs
	// that could not be made); nil when it was applied or skipped.
	Err error
	// Skipped says why the step was not sent ("exists already").
	Skipped string
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
	// LiveGenl names the live kernel's generic netlink family ids (those
	// resolved so far), for rendering Live.
	LiveGenl map[uint16]string
	Elapsed  time.Duration // from send to final answer (or timeout)
	Err      error         // a send or receive error, if any
	// Asked is how many times the request was sent: more than once when a
	// read-only request's answers differed while the kernel was still
	// settling a link change (linkwatch), and it was asked again.
	Asked int
}

// A Report is the outcome of one replay.
type Report struct {
	Results                    []Result
	OK, Diverged, Timeout, Env int
	Elapsed                    time.Duration // wall time of the whole replay
	// Environment is the outcome of PlayConfig.Environment, step by step.
	Environment []StepResult
}

// Matched reports whether every replayed request got the recorded answers,
// or answers that differ only because of the namespace (StatusEnv).
func (r *Report) Matched() bool { return r.Diverged == 0 && r.Timeout == 0 }

func (r *Report) add(res Result) {
	r.Results = append(r.Results, res)
	switch res.Status {
	case StatusOK:
		r.OK++
	case StatusDiverged:
		r.Diverged++
	case StatusEnv:
		r.Env++
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

// TypeNames names the message types of an exchange's request, in order, as
// nlcap -r does: "RTM_NEWLINK", "nlctrl CTRL_CMD_GETFAMILY",
// "NFT_MSG_NEWTABLE", escaped; genl types by the
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
// "RTM_NEWLINK dummy0", "NFNL_MSG_BATCH_BEGIN, NFT_MSG_NEWRULE ×2, ...". The
// interface name is as the capture has it: escape it before printing.
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

// envReason says whether answers that did not match (v) differ only
// because the replay runs in another network namespace than the capture,
// and why: a generic netlink family that is registered only in the initial
// namespace (hostOnly: in nlreplay's own namespace, not in the replay's) is
// asked for, or is the only difference of a family dump; or netconf values,
// which are the namespace's sysctls. live are the live answers.
func (s *Script) envReason(e *Exchange, live []netlink.Message, v Verdict, opts *CompareOptions, hostOnly map[string]bool) (string, bool) {
	order := s.order()
	switch e.Family {
	case nlcap.FamilyGeneric:
		if len(hostOnly) == 0 || len(e.Messages) != 1 {
			return "", false
		}
		m := e.Messages[0]
		if name := s.GenlFamilies[uint16(m.Header.Type)]; hostOnly[name] {
			return fmt.Sprintf("genl family %s is registered only in the initial network namespace", name), true
		}
		if uint16(m.Header.Type) != genlIDCtrl || len(m.Data) < genlHdrLen || m.Data[0] != ctrlCmdGetFamily {
			return "", false
		}
		if name := familyName(m.Data[genlHdrLen:], order); hostOnly[name] {
			return fmt.Sprintf("genl family %s is registered only in the initial network namespace", name), true
		}
		// A family dump: without the families only the initial namespace
		// has, do the answers match?
		var kept []netlink.Message
		var dropped []string
		for _, a := range e.Answers {
			if uint16(a.Header.Type) == genlIDCtrl && len(a.Data) >= genlHdrLen && a.Data[0] == ctrlCmdNewFamily {
				if name := familyName(a.Data[genlHdrLen:], order); hostOnly[name] {
					dropped = append(dropped, name)
					continue
				}
			}
			kept = append(kept, a)
		}
		if len(dropped) > 0 && Compare(kept, live, opts).Match {
			return "families registered only in the initial network namespace: " + strings.Join(dropped, ", "), true
		}
	case nlcap.FamilyRoute:
		const rtmGetNetconf = dissect.RTM_GETNETCONF
		if len(e.Messages) == 1 && uint16(e.Messages[0].Header.Type) == rtmGetNetconf &&
			slices.Equal(v.Recorded.Acks, v.Live.Acks) && slices.Equal(countTypes(v.Recorded.Types), countTypes(v.Live.Types)) {
			return "netconf values are the sysctls of the namespace (a new one starts from defaults and init_net's)", true
		}
	}
	return "", false
}

// familyName returns CTRL_ATTR_FAMILY_NAME of nlctrl attributes b.
func familyName(b []byte, order binary.ByteOrder) string {
	name := ""
	eachAttr(b, order, func(typ uint16, p []byte) {
		if typ == ctrlAttrFamilyName {
			name = cstring(p)
		}
	})
	return name
}
