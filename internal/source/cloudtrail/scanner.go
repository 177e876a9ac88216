package cloudtrail

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The scanner splits a stream of JSON text into whole values without parsing
// them: it follows strings, escapes and bracket depth. That is enough to cut
// a record out of a 50 MB one-line {"Records":[…]} file and hand it to
// fastjson whole, while memory stays bounded by the largest single record.
//
// On the way it checks what fastjson's parser lets through (it is lenient
// there, and raw must be valid JSON for DuckDB): escapes in strings and the
// spelling of numbers and literals. It also notes what can be repaired
// rather than rejected: raw control characters in strings, and escapes of
// half a UTF-16 surrogate pair. fastjson checks the rest of the grammar
// (commas, colons, keys).

// Byte classes outside strings.
const (
	cPlain  = iota // ':' and ',': skipped by the tight loop
	cScalar        // starts a number or literal (or is not JSON at all)
	cOpen
	cClose
	cQuote
	cNewline
	cSpace
)

// outside classifies bytes met outside strings.
var outside = func() (t [256]uint8) {
	for i := range t {
		t[i] = cScalar
	}
	t[':'], t[','] = cPlain, cPlain
	t['{'], t['['] = cOpen, cOpen
	t['}'], t[']'] = cClose, cClose
	t['"'] = cQuote
	t['\n'] = cNewline
	t[' '], t['\t'], t['\r'] = cSpace, cSpace, cSpace
	return t
}()

// inside marks the bytes that end the fast loop inside a string: the quote,
// the backslash and every control character (raw ones are not allowed).
var inside = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// errTruncated means the input ended inside a value.
var errTruncated = errors.New("the file ends inside this record (truncated?)")

// Buffer sizes. Most CloudTrail files are small, so the buffer starts small
// and grows only when a record does not fit.
const (
	initialSize = 64 << 10
	minRead     = 16 << 10 // the least room left for a read before growing
)

// rawValue is one JSON value cut out of the stream.
type rawValue struct {
	b      []byte // the value's bytes; valid until the scanner reads on
	line   int64  // 1-based line the value starts on
	offset int64  // byte offset of b[0] in the input
	spaced bool   // whitespace outside strings: the text needs compacting
	// bad tells the first spot the scanner found not to be JSON, at input
	// offset badAt; empty when none.
	bad   string
	badAt int64
	// controls is set when a string holds raw control characters, which
	// JSON does not allow (they must be escaped).
	controls bool
	// lone is set when a string holds a \uXXXX escape of half a UTF-16
	// surrogate pair: valid to most parsers, refused by DuckDB's JSON.
	lone bool
	// broken is set when the scanner cut the value short to resync on the
	// next line (JSON lines only); the value is then invalid JSON.
	broken string
}

// scanner reads JSON text from r through a buffer it grows only as far as the
// largest value needs.
type scanner struct {
	r     io.Reader
	buf   []byte // buf[:len(buf)] holds data read and not yet dropped
	pos   int    // next byte to look at
	mark  int    // start of the value being scanned; -1 when none
	base  int64  // input offset of buf[0]
	line  int64  // line of buf[pos]
	rerr  error  // first read error; io.EOF at the end of the input
	kinds []byte // scratch for nested
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, initialSize), mark: -1, line: 1}
}

// newBytesScanner scans b only, as if it were the whole input (used to sniff
// a file's head).
func newBytesScanner(b []byte) *scanner {
	return &scanner{buf: b, mark: -1, line: 1, rerr: io.EOF}
}

// fill reads more input, keeping the bytes from mark (or pos) on. It reports
// whether new bytes arrived; when not, s.rerr says why.
func (s *scanner) fill() bool {
	if s.rerr != nil {
		return false
	}
	keep := s.pos
	if s.mark >= 0 {
		keep = s.mark
	}
	if keep > 0 {
		// Drop what is no longer needed by moving the rest to the front.
		n := copy(s.buf, s.buf[keep:])
		s.buf = s.buf[:n]
		s.pos -= keep
		if s.mark >= 0 {
			s.mark -= keep
		}
		s.base += int64(keep)
	}
	if cap(s.buf)-len(s.buf) < minRead {
		// The value being scanned fills the buffer: grow it.
		grown := make([]byte, len(s.buf), 2*cap(s.buf)+minRead)
		copy(grown, s.buf)
		s.buf = grown
	}
	for range 100 { // a reader may return 0, nil a few times
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.rerr = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// more makes sure buf[pos] exists. It returns io.EOF at a clean end of input,
// or the read error.
func (s *scanner) more() error {
	if s.pos < len(s.buf) {
		return nil
	}
	if s.fill() {
		return nil
	}
	return s.rerr
}

// readErr is the error for input that stops inside a value.
func (s *scanner) readErr() error {
	if s.rerr == io.EOF {
		return errTruncated
	}
	return s.rerr
}

// skipBOM drops a UTF-8 byte order mark at the start of the input (files
// saved by Windows tools carry one).
func (s *scanner) skipBOM() {
	for len(s.buf)-s.pos < 3 && s.fill() {
	}
	if bytes.HasPrefix(s.buf[s.pos:], []byte("\xEF\xBB\xBF")) {
		s.pos += 3
	}
}

// peek skips whitespace and returns the next byte without consuming it. It
// returns io.EOF at a clean end of input.
func (s *scanner) peek() (byte, error) {
	for {
		if err := s.more(); err != nil {
			return 0, err
		}
		c := s.buf[s.pos]
		switch c {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return c, nil
		}
		s.pos++
	}
}

// start begins a value at pos.
func (s *scanner) start() rawValue {
	s.mark = s.pos
	return rawValue{line: s.line, offset: s.base + int64(s.pos)}
}

// end finishes the value begun by start; it runs to pos.
func (s *scanner) end(v *rawValue) {
	v.b = s.buf[s.mark:s.pos]
	s.mark = -1
}

// value scans the value that starts at pos (not whitespace). Objects,
// arrays and strings are followed to their end; anything else runs to the
// next delimiter. With lineResync (JSON lines), a value that is plainly
// broken is cut at the end of a line so the next line can be read on its own.
func (s *scanner) value(lineResync bool) (rawValue, error) {
	v := s.start()
	switch s.buf[s.pos] {
	case '{', '[', '"':
		return v, s.nested(&v, lineResync)
	case '}', ']', ',', ':':
		// A stray delimiter: take it alone so the caller moves on.
		s.pos++
		s.end(&v)
		return v, nil
	}
	for {
		for s.pos < len(s.buf) && (outside[s.buf[s.pos]] == cScalar || s.buf[s.pos] == ':') {
			s.pos++
		}
		if s.pos < len(s.buf) {
			break
		}
		if !s.fill() {
			if s.rerr == io.EOF {
				break // a bare scalar may end the input
			}
			return v, s.rerr
		}
	}
	s.end(&v)
	return v, nil
}

// restOfLine takes everything up to the end of the line as one value (JSON
// lines that do not start with '{' are rejected whole).
func (s *scanner) restOfLine() (rawValue, error) {
	v := s.start()
	for {
		if i := bytes.IndexByte(s.buf[s.pos:], '\n'); i >= 0 {
			s.pos += i
			break
		}
		s.pos = len(s.buf)
		if !s.fill() {
			if s.rerr == io.EOF {
				break
			}
			return v, s.rerr
		}
	}
	s.end(&v)
	return v, nil
}

// nested scans an object, array or string to its end.
func (s *scanner) nested(v *rawValue, lineResync bool) error {
	depth := 0
	inString := false
	// kinds holds the open brackets, innermost last; JSON lines only, to
	// tell whether a line starting with '{' may continue the value.
	kinds := s.kinds[:0]
	defer func() { s.kinds = kinds[:0] }()
	for {
		if s.pos >= len(s.buf) && !s.fill() {
			return s.readErr()
		}
		buf := s.buf
		i := s.pos
		if inString {
			i = skipPlainString(buf, i)
			if i == len(buf) {
				s.pos = i
				continue
			}
			switch buf[i] {
			case '"':
				inString = false
				i++
				if depth == 0 { // the value was a string
					s.pos = i
					s.end(v)
					return nil
				}
			case '\\':
				n, lone := escapeLen(buf[i:], s.rerr != nil)
				if n == 0 {
					// The escape is not all read yet: get the rest first.
					if s.rerr != nil {
						return s.readErr()
					}
					s.pos = i
					s.fill()
					continue
				}
				if n < 0 {
					s.flag(v, i, fmt.Sprintf("invalid escape %q in a string", buf[i:i+2]))
					n = 1 // look at the next byte again: it may end the string
				}
				v.lone = v.lone || lone
				i += n
			case '\n':
				// A raw newline cannot be part of a JSON string, so the
				// string is broken. In JSON lines the next line is a new
				// record: stop this one here.
				s.line++
				if lineResync {
					s.pos = i
					s.end(v)
					s.pos = i + 1
					v.broken = "a line ends inside a string"
					return nil
				}
				v.controls = true
				i++
			default:
				v.controls = true
				i++
			}
			s.pos = i
			continue
		}
		for i < len(buf) && outside[buf[i]] == cPlain {
			i++
		}
		if i == len(buf) {
			s.pos = i
			continue
		}
		switch outside[buf[i]] {
		case cOpen:
			depth++
			if lineResync {
				kinds = append(kinds, buf[i])
			}
		case cClose:
			depth--
			if lineResync && len(kinds) > 0 {
				kinds = kinds[:len(kinds)-1]
			}
			if depth <= 0 {
				s.pos = i + 1
				s.end(v)
				return nil
			}
		case cQuote:
			inString = true
		case cScalar:
			j := i
			for j < len(buf) && outside[buf[j]] == cScalar {
				j++
			}
			if j == len(buf) && s.rerr == nil {
				// The token may go on past what is read: read on first.
				s.pos = i
				if !s.fill() {
					return s.readErr()
				}
				continue
			}
			if !validScalar(buf[i:j]) {
				s.flag(v, i, fmt.Sprintf("%q is not a JSON value", clip(string(buf[i:j]), 40)))
			}
			s.pos = j
			continue
		case cSpace:
			v.spaced = true
		case cNewline:
			v.spaced = true
			s.line++
			s.pos = i + 1
			if lineResync && s.newRecordStarts(len(kinds) > 0 && kinds[len(kinds)-1] == '{') {
				s.pos-- // the value ends before the newline
				s.end(v)
				s.pos++
				v.broken = "the record is not closed before the next line starts a new one"
				return nil
			}
			continue
		}
		s.pos = i + 1
	}
}

// skipPlainString returns the index of the first byte from buf[i] on that
// ends the plain run of a string (see inside), or len(buf). It tests eight
// bytes at a time while none of them can end the run: strings are most of
// a record's bytes.
func skipPlainString(buf []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for i+8 <= len(buf) {
		w := binary.LittleEndian.Uint64(buf[i:])
		quote := w ^ (ones * '"')
		slash := w ^ (ones * '\\')
		// A byte of x is zero exactly when (x-ones) &^ x has its high bit:
		// that finds '"' and '\\'; w-ones*0x20 finds bytes below 0x20.
		special := ((quote - ones) &^ quote) | ((slash - ones) &^ slash) | ((w - ones*0x20) &^ w)
		if special&highs != 0 {
			break
		}
		i += 8
	}
	for i < len(buf) && !inside[buf[i]] {
		i++
	}
	return i
}

// flag notes the first spot of v that is not JSON, at buf[i].
func (s *scanner) flag(v *rawValue, i int, what string) {
	if v.bad == "" {
		v.bad = what
		v.badAt = s.base + int64(i)
	}
}

// escapeLen returns the length of the escape sequence at b[0] ('\\'): 2, 6
// for \uXXXX, or 12 for a surrogate pair; 0 when b ends before the sequence
// does; -1 when it is not a JSON escape. lone reports half a surrogate pair.
// final says no more input will follow b.
func escapeLen(b []byte, final bool) (n int, lone bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, false
	case 'u':
	default:
		return -1, false
	}
	if len(b) < 6 {
		return 0, false
	}
	r, ok := hex4(b[2:6])
	switch {
	case !ok:
		return -1, false
	case r >= 0xDC00 && r <= 0xDFFF: // a low half with no high half before it
		return 6, true
	case r < 0xD800 || r > 0xDBFF:
		return 6, false
	}
	// A high half must be followed by an escaped low half.
	if len(b) < 12 && !final {
		return 0, false
	}
	if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if low, ok := hex4(b[8:12]); ok && low >= 0xDC00 && low <= 0xDFFF {
			return 12, false
		}
	}
	return 6, true
}

// hex4 reads four hex digits.
func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// escapeControls returns text with the raw control characters inside its
// strings escaped as \u00XX. text must be valid JSON as far as the scanner
// checks.
func escapeControls(text []byte) []byte {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(text)+32)
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inString && c == '\\' && i+1 < len(text):
			out = append(out, c, text[i+1]) // an escape: keep it whole
			i++
			continue
		case c == '"':
			inString = !inString
		case inString && c < 0x20:
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			continue
		}
		out = append(out, c)
	}
	return out
}

// fixLoneSurrogates rewrites, in place, each \uXXXX escape of half a
// surrogate pair as \ufffd (same length, so positions stay). text must be
// valid JSON as far as the scanner checks: a backslash only starts escapes.
func fixLoneSurrogates(text []byte) {
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' {
			continue
		}
		n, lone := escapeLen(text[i:], true)
		if lone {
			copy(text[i:], `\ufffd`)
		}
		if n > 0 {
			i += n - 1
		}
	}
}

// validScalar reports whether b is true, false, null or a JSON number
// (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
func validScalar(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// newRecordStarts tells, at a newline (just before pos) inside an unfinished
// value, whether the next line starts a new record: it begins with '{' where
// JSON would not allow one (in an object only after ':', in an array only
// after '[' or ','). It only peeks; nothing is consumed.
func (s *scanner) newRecordStarts(inObject bool) bool {
	prev := byte(0)
	for j := s.pos - 2; j >= s.mark; j-- {
		if c := s.buf[j]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			prev = c
			break
		}
	}
	if inObject && prev == ':' || !inObject && (prev == ',' || prev == '[') {
		return false
	}
	// Peek past the newline. fill moves pos along with the buffer, so count
	// from pos.
	for ahead := 0; ; {
		if s.pos+ahead >= len(s.buf) {
			if !s.fill() {
				return false
			}
			continue
		}
		switch s.buf[s.pos+ahead] {
		case ' ', '\t', '\r', '\n':
			ahead++
		case '{':
			return true
		default:
			return false
		}
	}
}
