package insights

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// tokenKind says what a token is. Words (command names, and, or, as …) are
// all tokField; the parser decides from context which are keywords, because
// Insights has no reserved words a field could not also be named.
type tokenKind int

const (
	tokEOF      tokenKind = iota
	tokField              // a field name or keyword: @timestamp, srcAddr, a.b.0, `x-y`
	tokString             // "…" or '…'; Val holds the unescaped text
	tokRegex              // /…/; Val holds the pattern between the slashes
	tokNumber             // 22, 2.5
	tokDuration           // 5m, 1h: a number glued to a time unit
	tokPipe               // |
	tokComma              // ,
	tokLParen             // (
	tokRParen             // )
	tokLBracket           // [
	tokRBracket           // ]
	tokOp                 // = == != < <= > >= =~ ~= + - * / % ^
)

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of query"
	case tokField:
		return "field name"
	case tokString:
		return "string"
	case tokRegex:
		return "regular expression"
	case tokNumber:
		return "number"
	case tokDuration:
		return "time period"
	case tokPipe:
		return `"|"`
	case tokComma:
		return `","`
	case tokLParen:
		return `"("`
	case tokRParen:
		return `")"`
	case tokLBracket:
		return `"["`
	case tokRBracket:
		return `"]"`
	case tokOp:
		return "operator"
	}
	return "token"
}

// token is one lexical item. Pos and End are byte offsets into the query,
// so a node's source text (used to name unaliased result columns) is
// text[Pos:End].
type token struct {
	Kind   tokenKind
	Val    string
	Pos    int
	End    int
	Quoted bool // a field written with backticks: never a keyword
}

// describe names a token for "found X" in error messages.
func (t token) describe() string {
	switch t.Kind {
	case tokEOF:
		return "end of query"
	case tokField, tokNumber, tokDuration, tokOp:
		return fmt.Sprintf("%q", t.Val)
	case tokString:
		return fmt.Sprintf("string %q", t.Val)
	case tokRegex:
		return fmt.Sprintf("regular expression /%s/", t.Val)
	}
	return t.Kind.String()
}

// lex splits a whole query into tokens, ending with tokEOF.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for {
		// Skip blanks and # comments (to the end of the line).
		for i < len(src) {
			c := src[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				i++
				continue
			}
			if c == '#' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				continue
			}
			break
		}
		if i >= len(src) {
			toks = append(toks, token{Kind: tokEOF, Pos: len(src), End: len(src)})
			return toks, nil
		}
		start := i
		c := src[i]
		switch {
		case c == '"' || c == '\'':
			s, end, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{Kind: tokString, Val: s, Pos: start, End: end})
			i = end
		case c == '/' && regexAllowed(toks):
			pat, end, err := lexRegex(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{Kind: tokRegex, Val: pat, Pos: start, End: end})
			i = end
		case isDigit(c):
			for i < len(src) && (isDigit(src[i]) || src[i] == '.') {
				i++
			}
			kind := tokNumber
			if i < len(src) && isLetter(src[i]) {
				// 5m, 1h, 30sec: a period for bin/datefloor.
				for i < len(src) && isLetter(src[i]) {
					i++
				}
				kind = tokDuration
			}
			toks = append(toks, token{Kind: kind, Val: src[start:i], Pos: start, End: i})
		case isFieldStart(c) || c == '`':
			name, end, quoted, err := lexField(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{Kind: tokField, Val: name, Pos: start, End: end, Quoted: quoted})
			i = end
		case c == '|':
			toks = append(toks, token{Kind: tokPipe, Val: "|", Pos: start, End: i + 1})
			i++
		case c == ',':
			toks = append(toks, token{Kind: tokComma, Val: ",", Pos: start, End: i + 1})
			i++
		case c == '(':
			toks = append(toks, token{Kind: tokLParen, Val: "(", Pos: start, End: i + 1})
			i++
		case c == ')':
			toks = append(toks, token{Kind: tokRParen, Val: ")", Pos: start, End: i + 1})
			i++
		case c == '[':
			toks = append(toks, token{Kind: tokLBracket, Val: "[", Pos: start, End: i + 1})
			i++
		case c == ']':
			toks = append(toks, token{Kind: tokRBracket, Val: "]", Pos: start, End: i + 1})
			i++
		default:
			op := lexOperator(src[i:])
			if op == "" {
				r, _ := utf8.DecodeRuneInString(src[i:])
				return nil, query.Errorf("insights", src, i, "unexpected character %q, expected a field, a value or an operator", r)
			}
			toks = append(toks, token{Kind: tokOp, Val: op, Pos: start, End: i + len(op)})
			i += len(op)
		}
	}
}

// operators, longest first so "==" wins over "=".
var operators = []string{"==", "!=", "<=", ">=", "=~", "~=", "=", "<", ">", "+", "-", "*", "/", "%", "^"}

func lexOperator(s string) string {
	for _, op := range operators {
		if strings.HasPrefix(s, op) {
			return op
		}
	}
	return ""
}

// regexAllowed tells a regex's opening slash from division: a slash right
// after a value (field, literal, closing bracket) divides, except after
// the word like and after the field of a parse command.
func regexAllowed(toks []token) bool {
	if len(toks) == 0 {
		return true
	}
	last := toks[len(toks)-1]
	if isWord(last, "like") {
		return true
	}
	if last.Kind == tokField && len(toks) >= 2 && isWord(toks[len(toks)-2], "parse") {
		return true
	}
	switch last.Kind {
	case tokField, tokString, tokNumber, tokDuration, tokRParen, tokRBracket, tokRegex:
		return false
	}
	return true
}

// lexString reads a quoted string starting at src[i]. A backslash escapes
// the next character (\n and \t stand for newline and tab).
func lexString(src string, i int) (string, int, error) {
	quote := src[i]
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case c == quote:
			return b.String(), j + 1, nil
		case c == '\\' && j+1 < len(src):
			switch src[j+1] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(src[j+1])
			}
			j += 2
		default:
			b.WriteByte(c)
			j++
		}
	}
	return "", 0, query.Errorf("insights", src, i, "unterminated string: no closing %c before the end of the query", quote)
}

// lexRegex reads /pattern/ starting at src[i]; \/ stands for a slash.
func lexRegex(src string, i int) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case c == '/':
			return b.String(), j + 1, nil
		case c == '\\' && j+1 < len(src) && src[j+1] == '/':
			b.WriteByte('/')
			j += 2
		case c == '\\' && j+1 < len(src):
			b.WriteString(src[j : j+2])
			j += 2
		default:
			b.WriteByte(c)
			j++
		}
	}
	return "", 0, query.Errorf("insights", src, i, "unterminated regular expression: no closing / before the end of the query")
}

// lexField reads a field name: runs of letters, digits, _ . @, and
// backtick-quoted parts (`a-b`), glued together (m.`x.y`).
func lexField(src string, i int) (string, int, bool, error) {
	var b strings.Builder
	quoted := false
	j := i
	for j < len(src) {
		c := src[j]
		switch {
		case c == '`':
			end := strings.IndexByte(src[j+1:], '`')
			if end < 0 {
				return "", 0, false, query.Errorf("insights", src, j, "unterminated quoted field name: no closing ` before the end of the query")
			}
			b.WriteString(src[j+1 : j+1+end])
			j += end + 2
			quoted = true
		case isFieldStart(c) || isDigit(c) || c == '.':
			b.WriteByte(c)
			j++
		default:
			return b.String(), j, quoted, nil
		}
	}
	return b.String(), j, quoted, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isFieldStart(c byte) bool {
	return isLetter(c) || c == '_' || c == '@'
}
