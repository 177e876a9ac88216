package awsconfig

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// scanner cuts a JSON stream into values without parsing them, counting
// lines as it goes. Cutting is lenient (it only balances brackets and
// strings), so one malformed item can be rejected on its own and the items
// after it still load; each cut value is then decoded strictly.
type scanner struct {
	r    *bufio.Reader
	line int64 // line of the next byte, 1-based
}

// maxValue is the largest item kept in memory; a bigger one is read past
// and rejected. Config items and describe-* entries are kilobytes.
const maxValue = 64 << 20

// errTooBig marks a value read past because it exceeded maxValue.
var errTooBig = errors.New("too big")

func newScanner(r io.Reader) *scanner {
	s := &scanner{r: bufio.NewReaderSize(r, 64<<10), line: 1}
	if b, err := s.r.Peek(3); err == nil && string(b) == "\xEF\xBB\xBF" {
		s.r.Discard(3)
	}
	return s
}

// peek skips whitespace and returns the next byte without consuming it.
func (s *scanner) peek() (byte, error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			s.r.UnreadByte()
			return c, nil
		}
	}
}

// expect consumes the next non-space byte, which must be c.
func (s *scanner) expect(c byte, context string) error {
	got, err := s.peek()
	if err != nil {
		return s.eof(err, fmt.Sprintf("%q %s", c, context))
	}
	if got != c {
		return fmt.Errorf("line %d: found %s, expected %q %s", s.line, describe(got), c, context)
	}
	s.r.ReadByte()
	return nil
}

// eof turns an end of input into an error saying what was expected.
func (s *scanner) eof(err error, expected string) error {
	if err == io.EOF {
		return fmt.Errorf("line %d: unexpected end of file, expected %s", s.line, expected)
	}
	return err
}

// value reads the next JSON value's bytes: a bracketed object or array
// (brackets inside strings ignored), a string, or a bare word such as a
// number. It does not check the JSON inside. A value longer than maxValue
// is read past and errTooBig returned.
func (s *scanner) value() ([]byte, error) {
	c, err := s.peek()
	if err != nil {
		return nil, s.eof(err, "a JSON value")
	}
	var buf []byte
	add := func(c byte) {
		if len(buf) < maxValue {
			buf = append(buf, c)
		}
	}
	switch c {
	case '{', '[':
		depth := 0
		inString, escaped := false, false
		for {
			c, err := s.r.ReadByte()
			if err != nil {
				return nil, s.eof(err, "the end of an object or array")
			}
			add(c)
			switch {
			case c == '\n':
				s.line++
			case inString && escaped:
				escaped = false
			case inString && c == '\\':
				escaped = true
			case c == '"':
				inString = !inString
			case inString:
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
			}
			if depth == 0 {
				break
			}
		}
	case '"':
		s.r.ReadByte()
		add(c)
		escaped := false
		for {
			c, err := s.r.ReadByte()
			if err != nil {
				return nil, s.eof(err, "the end of a string")
			}
			add(c)
			if c == '\n' {
				s.line++
			}
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				break
			}
		}
	case ',', ':', '}', ']':
		return nil, fmt.Errorf("line %d: found %s, expected a JSON value", s.line, describe(c))
	default:
		for {
			c, err := s.r.ReadByte()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if isDelimiter(c) {
				s.r.UnreadByte()
				break
			}
			add(c)
		}
	}
	if len(buf) >= maxValue {
		return nil, errTooBig
	}
	return buf, nil
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', ':', '}', ']', '{', '[', '"', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// describe names a byte for a message.
func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
