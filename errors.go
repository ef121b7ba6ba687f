package nlcap

import "errors"

// ErrNotSupported is returned by operations that need Linux (or a kernel
// feature such as nlmon) on a system that does not have it.
var ErrNotSupported = errors.New("not supported")
