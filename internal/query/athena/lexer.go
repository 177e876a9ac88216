package athena

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// lex splits the query text into tokens, ending with a tokEOF token.
// Comments (-- to end of line, /* … */) are skipped.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for {
		// Skip white space and comments.
		for i < len(src) {
			r, size := utf8.DecodeRuneInString(src[i:])
			switch {
			case unicode.IsSpace(r):
				i += size
				continue
			case strings.HasPrefix(src[i:], "--"):
				end := strings.IndexByte(src[i:], '\n')
				if end < 0 {
					i = len(src)
				} else {
					i += end + 1
				}
				continue
			case strings.HasPrefix(src[i:], "/*"):
				end := strings.Index(src[i+2:], "*/")
				if end < 0 {
					return nil, query.Errorf(lang, src, i, "unterminated comment: found /* without a closing */")
				}
				i += 2 + end + 2
				continue
			}
			break
		}
		if i >= len(src) {
			toks = append(toks, token{kind: tokEOF, pos: len(src)})
			return toks, nil
		}
		start := i
		c := src[i]
		switch {
		case c == '\'':
			text, end, err := lexQuoted(src, i, '\'')
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokString, text: text, pos: start})
			i = end
		case c == '"':
			text, end, err := lexQuoted(src, i, '"')
			if err != nil {
				return nil, err
			}
			if text == "" {
				return nil, query.Errorf(lang, src, start, `found an empty quoted identifier "", expected a name between the quotes`)
			}
			toks = append(toks, token{kind: tokIdent, text: text, pos: start, quoted: true})
			i = end
		case c == '`':
			return nil, query.Errorf(lang, src, start, "found a backquote (`): backquoted names are only for DDL in Athena; quote identifiers with double quotes")
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			end := lexNumber(src, i)
			if end < len(src) && isIdentStart(rune(src[end])) {
				return nil, query.Errorf(lang, src, end, "found %q right after the number %s, expected a space or an operator", src[end:end+1], src[start:end])
			}
			toks = append(toks, token{kind: tokNumber, text: src[start:end], pos: start})
			i = end
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if isIdentStart(r) {
				end := i + size
				for end < len(src) {
					r, size := utf8.DecodeRuneInString(src[end:])
					if !isIdentPart(r) {
						break
					}
					end += size
				}
				word := src[start:end]
				if up := strings.ToUpper(word); keywords[up] {
					toks = append(toks, token{kind: tokKeyword, text: up, pos: start})
				} else {
					// Unquoted names are case-insensitive: Trino folds them to lower case.
					toks = append(toks, token{kind: tokIdent, text: strings.ToLower(word), pos: start})
				}
				i = end
				continue
			}
			op := lexOp(src[i:])
			if op == "" {
				return nil, query.Errorf(lang, src, start, "found unexpected character %q, expected a name, a literal or an operator", string(r))
			}
			toks = append(toks, token{kind: tokOp, text: op, pos: start})
			i += len(op)
		}
	}
}

// lexQuoted reads a 'string' or "identifier" starting at src[i] (the
// opening quote); a doubled quote stands for one quote character.
func lexQuoted(src string, i int, q byte) (text string, end int, err error) {
	var b strings.Builder
	j := i + 1
	for {
		k := strings.IndexByte(src[j:], q)
		if k < 0 {
			what := "string"
			if q == '"' {
				what = "quoted identifier"
			}
			return "", 0, query.Errorf(lang, src, i, "unterminated %s: found no closing %c", what, q)
		}
		b.WriteString(src[j : j+k])
		j += k + 1
		if j < len(src) && src[j] == q {
			b.WriteByte(q)
			j++
			continue
		}
		return b.String(), j, nil
	}
}

// lexNumber returns the end of the number starting at src[i]: digits, an
// optional fraction and an optional exponent.
func lexNumber(src string, i int) int {
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	if i < len(src) && src[i] == '.' {
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

// ops lists the operators, longest first so that "<=" wins over "<".
var ops = []string{"||", "<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", ".", "*", "+", "-", "/", "%", ";", "[", "]"}

func lexOp(s string) string {
	for _, op := range ops {
		if strings.HasPrefix(s, op) {
			return op
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isIdentPart(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
