// Package nlgen reads the kernel's UAPI headers (Debian's linux-libc-dev:
// /usr/include/linux/*.h) and writes the Go tables of netlink names and
// values that package dissect decodes with: message types, attribute
// enums, flag bits. It understands what those headers use: #define NAME
// expr and enum { A, B = expr, ... } with integer expressions over earlier
// names (| & + - * << >> ~ and parentheses). Function-like macros, strings
// and anything it cannot evaluate are left out.
//
// The groups it extracts are listed in groups.go; run it with
// `go generate ./dissect` (see DEVELOPERS.md, "Adding a family").
package nlgen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// A Const is one named integer of a header.
type Const struct {
	Name  string
	Value uint64
	// Alias is set when the definition is a bare earlier name
	// (IFLA_TARGET_NETNSID = IFLA_IF_NETNSID): the newer name of a value.
	Alias bool
	// Internal is set when the definition uses a name starting with "__"
	// (IFLA_MAX = __IFLA_MAX - 1) or the name itself does.
	Internal bool
	Enum     int // index of the enum block in the header; -1 for #define
}

// A Header is the named integers of one header file, in order.
type Header struct {
	Path   string // relative to the include directory: "linux/if_link.h"
	Consts []Const
}

var (
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	lineComment  = regexp.MustCompile(`//[^\n]*`)
	defineRe     = regexp.MustCompile(`^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)(\s+(.*))?$`)
	enumRe       = regexp.MustCompile(`(?s)\benum\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\{(.*?)\}`)
	ppLine       = regexp.MustCompile(`(?m)^\s*#.*$`)
	identRe      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// ParseFile reads dir/path. syms holds the values known so far (from
// headers parsed before); it is updated with this header's names.
func ParseFile(dir, path string, syms map[string]uint64) (*Header, error) {
	b, err := os.ReadFile(filepath.Join(dir, path))
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	return Parse(path, string(b), syms), nil
}

// Parse reads the text of one header (see [ParseFile]).
func Parse(path, text string, syms map[string]uint64) *Header {
	text = blockComment.ReplaceAllStringFunc(text, func(c string) string {
		// Keep line numbers: replace the comment by its newlines.
		return strings.Repeat("\n", strings.Count(c, "\n")) + " "
	})
	text = lineComment.ReplaceAllString(text, "")
	text = strings.ReplaceAll(text, "\\\n", " ")
	h := &Header{Path: path}

	// #defines, in order; enum blocks are found by position so that the
	// header's order is kept.
	type item struct {
		pos  int
		enum int // -1: define
		name string
		expr string
		// implicit: an enum member without "= expr" (previous + 1),
		// which is no more internal for following one named "__X".
		implicit bool
	}
	var items []item
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if m := defineRe.FindStringSubmatch(strings.TrimRight(line, "\n")); m != nil {
			rest := m[3]
			// Function-like macros are written NAME( without a space.
			if !strings.HasPrefix(line[strings.Index(line, m[1])+len(m[1]):], "(") {
				items = append(items, item{pos: pos, enum: -1, name: m[1], expr: strings.TrimSpace(rest)})
			}
		}
		pos += len(line)
	}
	for i, loc := range enumRe.FindAllStringSubmatchIndex(text, -1) {
		body := ppLine.ReplaceAllString(text[loc[4]:loc[5]], "")
		var prev string
		for j, member := range strings.Split(body, ",") {
			member = strings.TrimSpace(member)
			if member == "" {
				continue
			}
			name, expr, hasExpr := strings.Cut(member, "=")
			name = strings.TrimSpace(name)
			if !identRe.MatchString(name) {
				break // not an enum we understand
			}
			expr = strings.TrimSpace(expr)
			if !hasExpr {
				if prev == "" {
					expr = "0"
				} else {
					expr = "(" + prev + ")+1"
				}
			}
			items = append(items, item{pos: loc[0] + j, enum: i, name: name, expr: expr, implicit: !hasExpr})
			prev = name
		}
	}
	// Stable by position (enum members share their block's position plus
	// their index, which keeps them in order).
	sortItems := func() {
		for i := 1; i < len(items); i++ {
			for j := i; j > 0 && items[j].pos < items[j-1].pos; j-- {
				items[j], items[j-1] = items[j-1], items[j]
			}
		}
	}
	sortItems()
	for _, it := range items {
		if it.expr == "" {
			continue
		}
		v, internal, ok := eval(it.expr, syms)
		if !ok {
			continue
		}
		if it.implicit {
			// enum { __NL80211_KEY_INVALID, NL80211_KEY_DATA, ... }:
			// NL80211_KEY_DATA is public.
			internal = false
		}
		syms[it.name] = v
		h.Consts = append(h.Consts, Const{
			Name:     it.name,
			Value:    v,
			Alias:    identRe.MatchString(it.expr) && !strings.HasPrefix(it.expr, "__"),
			Internal: internal || strings.HasPrefix(it.name, "__"),
			Enum:     it.enum,
		})
	}
	return h
}

// eval evaluates a C integer constant expression over syms. internal says
// whether it used a name starting with "__".
func eval(expr string, syms map[string]uint64) (v uint64, internal, ok bool) {
	toks, ok := tokenize(expr)
	if !ok || len(toks) == 0 {
		return 0, false, false
	}
	p := &parser{toks: toks, syms: syms}
	v, ok = p.binary(0)
	if !ok || p.i != len(p.toks) {
		return 0, false, false
	}
	return v, p.internal, true
}

var tokRe = regexp.MustCompile(`^\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|<<|>>|[-+*/|&^~()])`)

func tokenize(s string) ([]string, bool) {
	var toks []string
	for {
		s = strings.TrimLeft(s, " \t\n")
		if s == "" {
			return toks, true
		}
		m := tokRe.FindStringSubmatch(s)
		if m == nil {
			return nil, false
		}
		t := m[1]
		s = s[len(m[0]):]
		// Integer suffixes: 1U, 1UL, 1ULL.
		if t[0] >= '0' && t[0] <= '9' {
			s = strings.TrimLeft(s, "uUlL")
		}
		toks = append(toks, t)
	}
}

type parser struct {
	toks     []string
	i        int
	syms     map[string]uint64
	internal bool
}

var precedence = map[string]int{"|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6}

func (p *parser) binary(minPrec int) (uint64, bool) {
	l, ok := p.unary()
	if !ok {
		return 0, false
	}
	for p.i < len(p.toks) {
		op := p.toks[p.i]
		prec, isOp := precedence[op]
		if !isOp || prec <= minPrec-1 || prec < minPrec {
			return l, true
		}
		p.i++
		r, ok := p.binary(prec + 1)
		if !ok {
			return 0, false
		}
		switch op {
		case "|":
			l |= r
		case "^":
			l ^= r
		case "&":
			l &= r
		case "<<":
			l <<= r
		case ">>":
			l >>= r
		case "+":
			l += r
		case "-":
			l -= r
		case "*":
			l *= r
		case "/":
			if r == 0 {
				return 0, false
			}
			l /= r
		}
	}
	return l, true
}

func (p *parser) unary() (uint64, bool) {
	if p.i >= len(p.toks) {
		return 0, false
	}
	t := p.toks[p.i]
	p.i++
	switch {
	case t == "-":
		v, ok := p.unary()
		return -v, ok
	case t == "~":
		v, ok := p.unary()
		return ^v, ok
	case t == "(":
		v, ok := p.binary(0)
		if !ok || p.i >= len(p.toks) || p.toks[p.i] != ")" {
			return 0, false
		}
		p.i++
		return v, true
	case t[0] >= '0' && t[0] <= '9':
		v, err := strconv.ParseUint(t, 0, 64)
		return v, err == nil
	case identRe.MatchString(t):
		if strings.HasPrefix(t, "__") {
			p.internal = true
		}
		v, ok := p.syms[t]
		return v, ok
	}
	return 0, false
}
