package dissect

// A strArena hands out the bytes of strings (message summaries, and the
// numbers, quoted strings, addresses and struct summaries of attribute
// values) from chunks that it never writes again once a string holds them:
// the strings stay valid and immutable, a string keeps its chunk alive, and
// a full chunk is left to the garbage collector with the strings that
// still use it. One allocation per chunk instead of one per string; a nil
// *strArena allocates each string on its own.
//
// BenchmarkRead/json (cmd/nlcap, 1 CPU): 495,650 → 237,212 allocations and
// 42.3 → 29.8 MB allocated per pass; `nlcap -r --json` of bench/read.sh's
// file on 1 CPU 2.77 → 2.42 s of CPU time with the flagString memo.
type strArena struct {
	free []byte // the unused tail of the current chunk (length 0)
}

const (
	strChunk   = 16 << 10
	strMaxSize = strChunk / 8 // larger strings get their own allocation
)

// buf returns an empty slice to append a value of about n bytes to; the
// caller then turns it into a string with str.
func (s *strArena) buf(n int) []byte {
	if s == nil || n > strMaxSize {
		return make([]byte, 0, n)
	}
	if cap(s.free) < n {
		s.free = make([]byte, 0, strChunk)
	}
	return s.free
}

// str returns b, what the caller appended to a slice from buf, as a
// string, and keeps its bytes from being handed out again. An append that
// outgrew the chunk left b in memory of its own.
func (s *strArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s != nil && cap(s.free) > 0 && &b[0] == &s.free[:1][0] {
		s.free = s.free[len(b):len(b)]
	}
	return ownedString(b)
}
