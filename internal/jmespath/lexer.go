package jmespath

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// tokenKind is a token's type; String() is Python jmespath's name for it,
// which its error messages print.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokUnquotedIdentifier
	tokQuotedIdentifier
	tokLiteral
	tokNumber
	tokDot
	tokStar
	tokRbracket
	tokComma
	tokColon
	tokCurrent
	tokLparen
	tokRparen
	tokLbrace
	tokRbrace
	tokFlatten
	tokFilter
	tokLbracket
	tokPipe
	tokOr
	tokExpref
	tokAnd
	tokLt
	tokLte
	tokGt
	tokGte
	tokNe
	tokEq
	tokNot
)

var tokenNames = [...]string{
	tokEOF:                "eof",
	tokUnquotedIdentifier: "unquoted_identifier",
	tokQuotedIdentifier:   "quoted_identifier",
	tokLiteral:            "literal",
	tokNumber:             "number",
	tokDot:                "dot",
	tokStar:               "star",
	tokRbracket:           "rbracket",
	tokComma:              "comma",
	tokColon:              "colon",
	tokCurrent:            "current",
	tokLparen:             "lparen",
	tokRparen:             "rparen",
	tokLbrace:             "lbrace",
	tokRbrace:             "rbrace",
	tokFlatten:            "flatten",
	tokFilter:             "filter",
	tokLbracket:           "lbracket",
	tokPipe:               "pipe",
	tokOr:                 "or",
	tokExpref:             "expref",
	tokAnd:                "and",
	tokLt:                 "lt",
	tokLte:                "lte",
	tokGt:                 "gt",
	tokGte:                "gte",
	tokNe:                 "ne",
	tokEq:                 "eq",
	tokNot:                "not",
}

func (k tokenKind) String() string { return tokenNames[k] }

// token is one lexeme. value is what Python's token carries, as its error
// messages print it: the text for most tokens, the number in plain digits
// for numbers, the decoded value for literals and quoted identifiers.
type token struct {
	kind  tokenKind
	value any
	num   int // a number token's value
	start int // byte offset in the expression
}

// simpleTokens are the one-character tokens.
var simpleTokens = map[byte]tokenKind{
	'.': tokDot, '*': tokStar, ']': tokRbracket, ',': tokComma, ':': tokColon,
	'@': tokCurrent, '(': tokLparen, ')': tokRparen, '{': tokLbrace, '}': tokRbrace,
}

// lexer splits an expression into tokens the way Python jmespath's Lexer
// does, including its error texts and positions.
type lexer struct {
	src string
	pos int
}

func tokenize(src string) ([]token, error) {
	if src == "" {
		return nil, &SyntaxError{form: formEmpty}
	}
	lx := &lexer{src: src}
	var toks []token
	for lx.pos < len(src) {
		tok, skip, err := lx.next()
		if err != nil {
			return nil, err
		}
		if !skip {
			toks = append(toks, tok)
		}
	}
	return append(toks, token{kind: tokEOF, value: "", start: len(src)}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// peek is the byte after the current one, or 0 at the end.
func (lx *lexer) peek() byte {
	if lx.pos+1 < len(lx.src) {
		return lx.src[lx.pos+1]
	}
	return 0
}

func (lx *lexer) errorAt(off int, msg string) error {
	return newSyntaxError(formLexer, lx.src, off, token{kind: tokEOF, value: ""}, msg)
}

// next reads one token; skip is set for whitespace.
func (lx *lexer) next() (tok token, skip bool, err error) {
	start := lx.pos
	c := lx.src[start]
	if k, ok := simpleTokens[c]; ok {
		lx.pos++
		return token{kind: k, value: string(c), start: start}, false, nil
	}
	switch {
	case isIdentStart(c):
		end := start + 1
		for end < len(lx.src) && isIdentChar(lx.src[end]) {
			end++
		}
		lx.pos = end
		return token{kind: tokUnquotedIdentifier, value: lx.src[start:end], start: start}, false, nil
	case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		lx.pos++
		return token{}, true, nil
	case c == '[':
		switch lx.peek() {
		case ']':
			lx.pos += 2
			return token{kind: tokFlatten, value: "[]", start: start}, false, nil
		case '?':
			lx.pos += 2
			return token{kind: tokFilter, value: "[?", start: start}, false, nil
		}
		lx.pos++
		return token{kind: tokLbracket, value: "[", start: start}, false, nil
	case c == '\'':
		tok, err := lx.rawString()
		return tok, false, err
	case c == '`':
		tok, err := lx.literal()
		return tok, false, err
	case c == '"':
		tok, err := lx.quotedIdentifier()
		return tok, false, err
	case c == '|':
		return lx.matchOrElse('|', tokOr, tokPipe), false, nil
	case c == '&':
		return lx.matchOrElse('&', tokAnd, tokExpref), false, nil
	case c == '<':
		return lx.matchOrElse('=', tokLte, tokLt), false, nil
	case c == '>':
		return lx.matchOrElse('=', tokGte, tokGt), false, nil
	case c == '!':
		return lx.matchOrElse('=', tokNe, tokNot), false, nil
	case c == '=':
		if lx.peek() == '=' {
			lx.pos += 2
			return token{kind: tokEq, value: "==", start: start}, false, nil
		}
		return token{}, false, lx.errorAt(start, "Unknown token '='")
	case isDigit(c) || c == '-':
		end := start + 1
		for end < len(lx.src) && isDigit(lx.src[end]) {
			end++
		}
		text := lx.src[start:end]
		if text == "-" {
			return token{}, false, lx.errorAt(start, "Unknown token '-'")
		}
		lx.pos = end
		digits, _ := new(big.Int).SetString(text, 10)
		return token{kind: tokNumber, value: digits.String(), num: parseIndex(text), start: start}, false, nil
	}
	r, _ := utf8.DecodeRuneInString(lx.src[start:])
	return token{}, false, lx.errorAt(start, "Unknown token "+string(r))
}

// parseIndex reads a number token. Python's ints are unbounded; ours
// saturate, which indexes and slices treat the same way (out of range).
func parseIndex(text string) int {
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		if strings.HasPrefix(text, "-") {
			return math.MinInt64 + 1
		}
		return math.MaxInt64
	}
	return int(n)
}

// matchOrElse reads a two-character token (c followed by second) or else
// the one-character token.
func (lx *lexer) matchOrElse(second byte, two, one tokenKind) token {
	start := lx.pos
	if lx.peek() == second {
		lx.pos += 2
		return token{kind: two, value: lx.src[start : start+2], start: start}
	}
	lx.pos++
	return token{kind: one, value: lx.src[start : start+1], start: start}
}

// consumeUntil reads from the opening delimiter to the closing one. A
// backslash keeps itself and the character after it, so an escaped
// delimiter does not close.
func (lx *lexer) consumeUntil(delim byte) (string, error) {
	start := lx.pos
	var b strings.Builder
	i := start + 1
	for i >= len(lx.src) || lx.src[i] != delim {
		if i < len(lx.src) && lx.src[i] == '\\' {
			b.WriteByte('\\')
			i++
		}
		if i >= len(lx.src) {
			return "", lx.errorAt(start, "Unclosed "+string(delim)+" delimiter")
		}
		b.WriteByte(lx.src[i])
		i++
	}
	lx.pos = i + 1
	return b.String(), nil
}

// rawString reads 'text': only \' is an escape.
func (lx *lexer) rawString() (token, error) {
	start := lx.pos
	text, err := lx.consumeUntil('\'')
	if err != nil {
		return token{}, err
	}
	return token{kind: tokLiteral, value: strings.ReplaceAll(text, `\'`, `'`), start: start}, nil
}

// quotedIdentifier reads "name", decoded as a JSON string.
func (lx *lexer) quotedIdentifier() (token, error) {
	start := lx.pos
	text, err := lx.consumeUntil('"')
	if err != nil {
		return token{}, err
	}
	s, msg := decodeJSONString(text)
	if msg != "" {
		return token{}, lx.errorAt(start, msg)
	}
	return token{kind: tokQuotedIdentifier, value: s, start: start}, nil
}

// literal reads `json`. Text that is not JSON is, as in Python jmespath's
// deprecated JEP-12 fallback, read as the body of a JSON string with its
// leading whitespace removed: `i-` is the string "i-".
func (lx *lexer) literal() (token, error) {
	start := lx.pos
	text, err := lx.consumeUntil('`')
	if err != nil {
		return token{}, err
	}
	text = strings.ReplaceAll(text, "\\`", "`")
	if v, err := jsonv.Decode([]byte(text)); err == nil {
		return token{kind: tokLiteral, value: v, start: start}, nil
	}
	s, msg := decodeJSONString(strings.TrimLeftFunc(text, unicode.IsSpace))
	if msg != "" {
		return token{}, lx.errorAt(start, "Bad token "+text)
	}
	return token{kind: tokLiteral, value: s, start: start}, nil
}

// decodeJSONString decodes the inside of a JSON string (without its quotes)
// as Python's json module does. On failure it returns Python's message up
// to its first colon, which is what jmespath reports.
func decodeJSONString(s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return "", "Extra data"
		case c < 0x20:
			return "", "Invalid control character at"
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", "Unterminated string starting at"
		}
		esc := s[i+1]
		i += 2
		switch esc {
		case '"', '\\', '/':
			b.WriteByte(esc)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s, i)
			if !ok {
				return "", `Invalid \uXXXX escape`
			}
			i += 4
			// A high surrogate followed by \u low surrogate is one character.
			if utf16IsHigh(r) && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if lo, ok := hex4(s, i+2); ok && utf16IsLow(lo) {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 6
				}
			}
			b.WriteRune(r)
		default:
			return "", `Invalid \escape`
		}
	}
	return b.String(), ""
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 32)
	if err != nil || strings.ContainsAny(s[i:i+4], "+-_") {
		return 0, false
	}
	return rune(n), true
}

func utf16IsHigh(r rune) bool { return 0xD800 <= r && r < 0xDC00 }
func utf16IsLow(r rune) bool  { return 0xDC00 <= r && r < 0xE000 }
