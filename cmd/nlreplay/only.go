package main

import (
	"fmt"
	"strconv"
	"strings"
)

// A span is an inclusive range of request numbers.
type span struct{ lo, hi int }

// numbers is a set of request numbers given as "3-9,12,20-".
type numbers []span

// parseNumbers parses a comma-separated list of numbers and ranges: "3",
// "3-9", "20-" (20 to the end). Numbers start at 1.
func parseNumbers(s string) (numbers, error) {
	var out numbers
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("empty element in %q", s)
		}
		lo, hi, isRange := strings.Cut(p, "-")
		a, err := parseNum(lo)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", p, err)
		}
		b := a
		if isRange {
			if strings.TrimSpace(hi) == "" {
				b = int(^uint(0) >> 1)
			} else if b, err = parseNum(hi); err != nil {
				return nil, fmt.Errorf("%q: %w", p, err)
			}
		}
		if b < a {
			return nil, fmt.Errorf("%q: range ends before it starts", p)
		}
		out = append(out, span{a, b})
	}
	return out, nil
}

func parseNum(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("not a request number: %q", s)
	}
	if n < 1 {
		return 0, fmt.Errorf("request numbers start at 1, got %d", n)
	}
	return n, nil
}

// has reports whether n is in the set; an empty set has every number.
func (ns numbers) has(n int) bool {
	if len(ns) == 0 {
		return true
	}
	for _, s := range ns {
		if n >= s.lo && n <= s.hi {
			return true
		}
	}
	return false
}
