//go:build !linux

package replay

import "context"

// Play replays the script's requests to a live kernel. It is supported on
// Linux only.
func Play(ctx context.Context, s *Script, cfg *PlayConfig) (*Report, error) {
	return nil, errNotSupported()
}
