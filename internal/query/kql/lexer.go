package kql

import (
	"fmt"
	"strconv"
	"strings"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tEOF      tokKind = iota
	tIdent            // names and word operators: where, project-away, !contains, in~, $left
	tString           // "…", '…', @"…" (val holds the decoded text)
	tNumber           // 42, 1.5, 1e3
	tTimespan         // 1d, 30m, 100ms (val holds microseconds)
	tDatetime         // datetime(…) (val holds the raw text between the parentheses)
	tDynamic          // dynamic(…) (val holds the raw JSON text)
	tPunct            // | ( ) [ ] , ; = == != =~ !~ < <= > >= + - * / % . ..
)

// token is one lexical token; pos and end are byte offsets into the query.
type token struct {
	kind tokKind
	text string // as written
	val  string // decoded value for strings, timespans (micros), datetimes, dynamics
	pos  int
	end  int
}

// describe names a token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString:
		return fmt.Sprintf("string %q", t.val)
	}
	return fmt.Sprintf("'%s'", t.text)
}

// hyphenated are the operator names spelled with a dash; the lexer joins
// "project" "-" "away" into one word only for these.
var hyphenated = map[string]bool{
	"project-away": true, "project-rename": true, "project-keep": true,
	"project-reorder": true, "mv-expand": true, "mv-apply": true, "make-series": true,
}

// timespanUnits maps a timespan suffix to its length in microseconds
// (DuckDB intervals count microseconds; a tick of 100ns rounds down to 0).
var timespanUnits = map[string]float64{
	"d": 86400e6, "day": 86400e6, "days": 86400e6,
	"h": 3600e6, "hr": 3600e6, "hrs": 3600e6, "hour": 3600e6, "hours": 3600e6,
	"m": 60e6, "min": 60e6, "minute": 60e6, "minutes": 60e6,
	"s": 1e6, "sec": 1e6, "second": 1e6, "seconds": 1e6,
	"ms": 1e3, "milli": 1e3, "millis": 1e3, "millisecond": 1e3, "milliseconds": 1e3,
	"microsecond": 1, "microseconds": 1,
	"tick": 0.1, "ticks": 0.1,
}

// lex splits a query into tokens. It ends with a tEOF token.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for {
		// Skip blanks and // comments.
		for i < len(src) {
			if isSpace(src[i]) {
				i++
			} else if strings.HasPrefix(src[i:], "//") {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			} else {
				break
			}
		}
		if i >= len(src) {
			toks = append(toks, token{kind: tEOF, pos: len(src), end: len(src)})
			return toks, nil
		}
		tok, err := lexOne(src, i)
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		i = tok.end
	}
}

func lexOne(src string, i int) (token, error) {
	c := src[i]
	switch {
	case (c == '@' || c == 'h' || c == 'H') && i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\''):
		// @"verbatim" keeps backslashes; h"…" only hides the text in logs.
		return lexString(src, i+1, i, c == '@')
	case c == '"' || c == '\'':
		return lexString(src, i, i, false)
	case isDigit(c):
		return lexNumber(src, i)
	case isLetter(c) || c == '_' || c == '$':
		return lexWord(src, i)
	case c == '!':
		if i+1 < len(src) && isLetter(src[i+1]) {
			// !contains, !has, !in, !between …: one word.
			w, err := lexWord(src, i+1)
			if err != nil {
				return w, err
			}
			w.pos = i
			w.text = "!" + w.text
			return w, nil
		}
	}
	for _, p := range []string{"==", "!=", "=~", "!~", "<=", ">=", "..", "<>"} {
		if strings.HasPrefix(src[i:], p) {
			return token{kind: tPunct, text: p, pos: i, end: i + 2}, nil
		}
	}
	if strings.IndexByte("|()[],;=<>+-*/%.:", c) >= 0 {
		return token{kind: tPunct, text: string(c), pos: i, end: i + 1}, nil
	}
	return token{}, errorAt(src, i, "unexpected character %q", runeAt(src, i))
}

func lexWord(src string, i int) (token, error) {
	start := i
	i++
	for i < len(src) && (isLetter(src[i]) || isDigit(src[i]) || src[i] == '_') {
		i++
	}
	word := src[start:i]
	// project-away, mv-expand …
	if i+1 < len(src) && src[i] == '-' && isLetter(src[i+1]) {
		j := i + 1
		for j < len(src) && (isLetter(src[j]) || src[j] == '_') {
			j++
		}
		if hyphenated[word+"-"+src[i+1:j]] {
			word, i = src[start:j], j
		}
	}
	// in~ (case-insensitive in)
	if word == "in" && i < len(src) && src[i] == '~' {
		word, i = "in~", i+1
	}
	tok := token{kind: tIdent, text: word, pos: start, end: i}
	switch word {
	case "datetime", "dynamic", "time", "timespan":
		j := i
		for j < len(src) && isSpace(src[j]) {
			j++
		}
		if j < len(src) && src[j] == '(' {
			return lexRawCall(src, start, word, j)
		}
	}
	return tok, nil
}

// lexRawCall reads datetime(…), dynamic(…) and time(…) whole: their
// contents are not KQL tokens (datetime(2023-08-09 10:00) has a bare date).
func lexRawCall(src string, start int, word string, open int) (token, error) {
	depth := 0
	for j := open; j < len(src); j++ {
		switch src[j] {
		case '"', '\'':
			s, err := lexString(src, j, j, false)
			if err != nil {
				return s, err
			}
			j = s.end - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				inner := strings.TrimSpace(src[open+1 : j])
				tok := token{text: src[start : j+1], val: inner, pos: start, end: j + 1}
				switch word {
				case "datetime":
					tok.kind = tDatetime
					if len(inner) > 0 && (inner[0] == '"' || inner[0] == '\'') {
						s, err := lexString(inner, 0, 0, false)
						if err != nil || s.end != len(inner) {
							return tok, errorAt(src, open+1, "datetime(…) holds %s, expected one date and time", inner)
						}
						tok.val = s.val
					}
				case "dynamic":
					tok.kind = tDynamic
				default:
					us, ok := parseTimespanText(strings.Trim(inner, `"'`))
					if !ok {
						return tok, errorAt(src, open+1, "%s(…) holds %q, expected a timespan such as 1d, 2h or 01:30:00", word, inner)
					}
					tok.kind, tok.val = tTimespan, strconv.FormatInt(us, 10)
				}
				return tok, nil
			}
		}
	}
	return token{}, errorAt(src, open, "unclosed '(' of %s", word)
}

func lexString(src string, q, start int, verbatim bool) (token, error) {
	quote := src[q]
	var b strings.Builder
	i := q + 1
	for i < len(src) {
		c := src[i]
		switch {
		case c == quote:
			if verbatim && i+1 < len(src) && src[i+1] == quote {
				b.WriteByte(quote) // @"" inside a verbatim string is one quote
				i += 2
				continue
			}
			return token{kind: tString, text: src[start : i+1], val: b.String(), pos: start, end: i + 1}, nil
		case c == '\n':
			return token{}, errorAt(src, i, "string not closed before the end of the line, expected %c", quote)
		case c == '\\' && !verbatim:
			if i+1 >= len(src) {
				return token{}, errorAt(src, i, "string not closed, expected %c", quote)
			}
			i++
			switch e := src[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '\\', '"', '\'':
				b.WriteByte(e)
			case 'u':
				if i+4 >= len(src) {
					return token{}, errorAt(src, i, "bad \\u escape, expected 4 hex digits")
				}
				n, err := strconv.ParseUint(src[i+1:i+5], 16, 32)
				if err != nil {
					return token{}, errorAt(src, i, "bad \\u escape, expected 4 hex digits")
				}
				b.WriteRune(rune(n))
				i += 4
			default:
				return token{}, errorAt(src, i-1, "unknown escape \\%c in string, expected one of \\n \\t \\r \\\\ \\\" \\' \\u", e)
			}
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return token{}, errorAt(src, start, "string not closed, expected %c", quote)
}

func lexNumber(src string, i int) (token, error) {
	start := i
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	// A fraction, but not the ".." of between(1..5).
	if i+1 < len(src) && src[i] == '.' && isDigit(src[i+1]) {
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i+1 < len(src) && (src[i] == 'e' || src[i] == 'E') && (isDigit(src[i+1]) || src[i+1] == '-' || src[i+1] == '+') {
		j := i + 1
		if src[j] == '-' || src[j] == '+' {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			i = j
			for i < len(src) && isDigit(src[i]) {
				i++
			}
		}
	}
	num := src[start:i]
	j := i
	for j < len(src) && isLetter(src[j]) {
		j++
	}
	if j == i {
		return token{kind: tNumber, text: num, pos: start, end: i}, nil
	}
	unit := src[i:j]
	per, ok := timespanUnits[unit]
	if !ok {
		return token{}, errorAt(src, i, "unknown timespan unit %q, expected d, h, m, s, ms, microsecond or tick", unit)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return token{}, errorAt(src, start, "bad number %q", num)
	}
	return token{kind: tTimespan, text: src[start:j], val: strconv.FormatInt(int64(f*per), 10), pos: start, end: j}, nil
}

// parseTimespanText reads the inside of time(…): "1d", "90m" or "[d.]hh:mm[:ss[.fffffff]]".
func parseTimespanText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if tok, err := lexNumber(s, 0); err == nil && tok.end == len(s) && s != "" && isDigit(s[0]) {
		if tok.kind == tTimespan {
			us, _ := strconv.ParseInt(tok.val, 10, 64)
			return us, true
		}
		// time(2) is two days, as in Kusto.
		n, err := strconv.ParseFloat(s, 64)
		return int64(n * 86400e6), err == nil
	}
	var days int64
	if d, rest, ok := strings.Cut(s, "."); ok && !strings.Contains(d, ":") {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			return 0, false
		}
		days, s = n, rest
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	var sec float64
	var err3 error
	if len(parts) == 3 {
		sec, err3 = strconv.ParseFloat(parts[2], 64)
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, false
	}
	return days*86400e6 + h*3600e6 + m*60e6 + int64(sec*1e6), true
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func runeAt(s string, i int) rune {
	for _, r := range s[i:] {
		return r
	}
	return 0
}
