package replay

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap/render"
)

// ErrMismatch is matched (with errors.Is) by every [*MismatchError]: the
// kernel (or the mock) answered differently from the capture.
var ErrMismatch = errors.New("replay: answers differ from the capture")

// ErrUnexpectedRequest is returned when a request matches no recorded
// exchange.
var ErrUnexpectedRequest = errors.New("replay: request matches no recorded exchange")

// A MismatchError says how the answers to one request differ from the
// recorded ones.
type MismatchError struct {
	Index  int               // index of the exchange (request) in the script
	Reason string            // one line: "errno: recorded 0 (ACK), live 17 (EEXIST)"
	Diff   string            // recorded (-) vs live (+) lines
	Want   []netlink.Message // recorded answers
	Got    []netlink.Message // live answers
}

// Error returns the reason and the diff, escaped as nlcap -r escapes
// capture strings (package render).
func (e *MismatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "replay: request #%d: %s", e.Index+1, render.Text(e.Reason))
	if e.Diff != "" {
		b.WriteString("\n")
		b.WriteString(render.TextLines(strings.TrimRight(e.Diff, "\n")))
	}
	return b.String()
}

// Is reports whether target is [ErrMismatch].
func (e *MismatchError) Is(target error) bool { return target == ErrMismatch }
