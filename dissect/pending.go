package dissect

import "maps"

// A pendingSet holds the requests waiting for an answer (see
// Decoder.directionOf): by netlink family, each a map of the pid and the
// sequence number packed in one uint64, which the runtime's maps hash on
// their fast 64-bit path. Families past the 32 netlink protocols (MAX_LINKS)
// that a hostile file may name go to a map of the whole key. One
// directionOf per message in the sequencing goroutine and in every
// decoder: the 12-byte struct key hashed with memhash was a third of Track
// (`nlcap -r` of bench/read.sh's file, 2 CPUs, 2026-12-05).
type pendingSet struct {
	byFamily [32]map[uint64]struct{}
	other    map[pendingKey]struct{}
	n        int
}

type pendingKey struct {
	family uint32
	pid    uint32
	seq    uint32
}

// maxPending bounds the pending-request table; requests that are never
// answered (lost, or captured without their answer) must not grow it forever.
const maxPending = 4096

func (k pendingKey) packed() uint64 { return uint64(k.pid)<<32 | uint64(k.seq) }

// add remembers k, forgetting everything first when the set is full.
func (s *pendingSet) add(k pendingKey) {
	if s.n >= maxPending {
		*s = pendingSet{}
	}
	if k.family < uint32(len(s.byFamily)) {
		m := s.byFamily[k.family]
		if m == nil {
			m = map[uint64]struct{}{}
			s.byFamily[k.family] = m
		}
		before := len(m)
		m[k.packed()] = struct{}{}
		s.n += len(m) - before
		return
	}
	if s.other == nil {
		s.other = map[pendingKey]struct{}{}
	}
	before := len(s.other)
	s.other[k] = struct{}{}
	s.n += len(s.other) - before
}

// take forgets k and reports whether it was there.
func (s *pendingSet) take(k pendingKey) bool {
	if k.family < uint32(len(s.byFamily)) {
		m := s.byFamily[k.family]
		if _, ok := m[k.packed()]; !ok {
			return false
		}
		delete(m, k.packed())
	} else {
		if _, ok := s.other[k]; !ok {
			return false
		}
		delete(s.other, k)
	}
	s.n--
	return true
}

// clone returns a copy of s.
func (s *pendingSet) clone() pendingSet {
	c := pendingSet{n: s.n}
	if len(s.other) > 0 {
		c.other = maps.Clone(s.other)
	}
	for i, m := range s.byFamily {
		if len(m) > 0 {
			c.byFamily[i] = maps.Clone(m)
		}
	}
	return c
}
