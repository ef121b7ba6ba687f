package render

import (
	"fmt"
	"strings"
)

// maxDiffCells bounds the LCS table of Diff (lines of a × lines of b that
// differ): above it both sides are shown whole.
const maxDiffCells = 4_000_000

// Diff returns a line diff of a and b as diff -u shows it, without the
// headers: a line only in a starts with "- ", a line only in b with "+ ",
// a common line with two spaces; each line ends with a newline. context
// bounds the common lines kept before and after each change (negative:
// all are kept). maxLines bounds the lines returned (0: no bound); a last
// line "… N more lines" says how many were cut. The lines are printed as
// they are: escape what comes from a capture first (the Printer does).
func Diff(a, b []string, context, maxLines int) string {
	// The common prefix and suffix need no table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	type op struct {
		c    byte // ' ', '-' or '+'
		line string
	}
	ops := make([]op, 0, len(a)+len(b)-pre-suf)
	for _, l := range a[:pre] {
		ops = append(ops, op{' ', l})
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am)*len(bm) > maxDiffCells {
		for _, l := range am {
			ops = append(ops, op{'-', l})
		}
		for _, l := range bm {
			ops = append(ops, op{'+', l})
		}
	} else {
		n, m := len(am), len(bm)
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		for i, j := 0, 0; i < n || j < m; {
			switch {
			case i < n && j < m && am[i] == bm[j]:
				ops = append(ops, op{' ', am[i]})
				i++
				j++
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				// Lines of a first, as diff -u does.
				ops = append(ops, op{'-', am[i]})
				i++
			default:
				ops = append(ops, op{'+', bm[j]})
				j++
			}
		}
	}
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, op{' ', l})
	}
	// keep marks the lines printed: every change, and context lines
	// around each.
	keep := make([]bool, len(ops))
	for i, o := range ops {
		if o.c == ' ' && context >= 0 {
			continue
		}
		keep[i] = true
		if o.c != ' ' {
			for k := max(0, i-context); k < min(len(ops), i+context+1); k++ {
				keep[k] = true
			}
		}
	}
	var s strings.Builder
	n := 0
	for i, o := range ops {
		if !keep[i] {
			continue
		}
		if maxLines > 0 && n == maxLines {
			left := 0
			for _, k := range keep[i:] {
				if k {
					left++
				}
			}
			fmt.Fprintf(&s, "… %d more lines\n", left)
			break
		}
		s.WriteByte(o.c)
		s.WriteByte(' ')
		s.WriteString(o.line)
		s.WriteByte('\n')
		n++
	}
	return s.String()
}
