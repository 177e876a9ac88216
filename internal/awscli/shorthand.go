package awscli

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// ParseShorthand reads the CLI's shorthand syntax for structures:
// `Key=Value,Key2=[a,b],Key3={K=V}`. A bare value after a comma continues
// the previous key's value as a list (`Values=a,b`, and the CLI's reading of
// `AttributeKey=EventName,AttributeValue` as a two-item list). Quotes ('…'
// or "…") keep commas and spaces; `\,` is a literal comma. Values are
// strings; Param types convert them afterwards.
func ParseShorthand(s string) (*jsonv.Object, error) {
	p := &shorthand{in: []rune(s)}
	return p.parameter()
}

type shorthand struct {
	in []rune
	i  int
}

// shorthandError is the CLI's "Expected: 'x', received: 'y' for input:"
// message with a caret under the failing character.
type shorthandError struct {
	msg string
}

func (e *shorthandError) Error() string { return e.msg }

func (p *shorthand) fail(expected, actual string) error {
	consumed, rest := string(p.in), ""
	col := p.i
	if j := strings.LastIndex(string(p.in[:p.i]), "\n"); j >= 0 {
		col = p.i - len([]rune(string(p.in[:p.i])[:j])) - 1
	}
	if j := strings.IndexRune(string(p.in[p.i:]), '\n'); j >= 0 {
		cut := p.i + len([]rune(string(p.in[p.i:])[:j]))
		consumed, rest = string(p.in[:cut]), string(p.in[cut:])
	}
	return &shorthandError{fmt.Sprintf("Expected: '%s', received: '%s' for input:\n%s\n%s^%s",
		expected, actual, consumed, strings.Repeat(" ", col), rest)}
}

func (p *shorthand) eof() bool { return p.i >= len(p.in) }

func (p *shorthand) cur() rune {
	if p.eof() {
		return 0
	}
	return p.in[p.i]
}

func (p *shorthand) skipSpace() {
	for !p.eof() && unicode.IsSpace(p.in[p.i]) {
		p.i++
	}
}

func (p *shorthand) expect(c rune, skipSpace bool) error {
	if skipSpace {
		p.skipSpace()
	}
	if p.eof() {
		return p.fail(string(c), "EOF")
	}
	if p.in[p.i] != c {
		return p.fail(string(c), string(p.in[p.i]))
	}
	p.i++
	if skipSpace {
		p.skipSpace()
	}
	return nil
}

func (p *shorthand) parameter() (*jsonv.Object, error) {
	o := jsonv.NewObject()
	key, val, err := p.keyval()
	if err != nil {
		return nil, err
	}
	o.Set(key, val)
	last := p.i
	for !p.eof() {
		if err := p.expect(',', true); err != nil {
			return nil, err
		}
		key, val, err := p.keyval()
		if err != nil {
			return nil, err
		}
		if _, dup := o.Get(key); dup {
			return nil, &shorthandError{fmt.Sprintf(
				"Second instance of key \"%s\" encountered for input:\n%s\n%s^\nThis is often because there is a preceding \",\" instead of a space.",
				key, string(p.in), strings.Repeat(" ", last+1))}
		}
		o.Set(key, val)
		last = p.i
	}
	return o, nil
}

func (p *shorthand) keyval() (string, any, error) {
	key := p.key()
	if err := p.expect('=', true); err != nil {
		return "", nil, err
	}
	v, err := p.values()
	return key, v, err
}

func isKeyChar(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.#/:", r))
}

func (p *shorthand) key() string {
	start := p.i
	for !p.eof() && isKeyChar(p.in[p.i]) {
		p.i++
	}
	return string(p.in[start:p.i])
}

func (p *shorthand) values() (any, error) {
	switch {
	case p.eof():
		return "", nil
	case p.cur() == '[':
		return p.explicitList()
	case p.cur() == '{':
		return p.hash()
	}
	return p.csvValue()
}

func (p *shorthand) csvValue() (any, error) {
	first, err := p.firstValue()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() || p.cur() != ',' {
		return first, nil
	}
	if err := p.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		v, err := p.secondValue()
		if err == nil {
			p.skipSpace()
			if p.eof() {
				list = append(list, v)
				break
			}
			err = p.expect(',', true)
			if err == nil {
				list = append(list, v)
				continue
			}
		}
		if p.eof() {
			return nil, err
		}
		// Not a list item after all: it starts the next key.
		p.i = strings.LastIndex(string(p.in[:p.i]), ",")
		p.i = len([]rune(string(p.in)[:p.i]))
		break
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

func (p *shorthand) explicitList() (any, error) {
	if err := p.expect('[', true); err != nil {
		return nil, err
	}
	list := []any{}
	for !p.eof() && p.cur() != ']' {
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if p.cur() != ']' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
	}
	return list, p.expect(']', false)
}

func (p *shorthand) explicitValue() (any, error) {
	switch p.cur() {
	case '[':
		return p.explicitList()
	case '{':
		return p.hash()
	}
	return p.firstValue()
}

func (p *shorthand) hash() (any, error) {
	if err := p.expect('{', true); err != nil {
		return nil, err
	}
	o := jsonv.NewObject()
	for !p.eof() && p.cur() != '}' {
		key := p.key()
		if err := p.expect('=', true); err != nil {
			return nil, err
		}
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.cur() != '}' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
		o.Set(key, v)
	}
	return o, p.expect('}', false)
}

func (p *shorthand) firstValue() (any, error) {
	switch p.cur() {
	case '\'', '"':
		return p.quoted(p.cur())
	}
	return p.word(isFirstFollow), nil
}

func (p *shorthand) secondValue() (any, error) {
	switch p.cur() {
	case '\'', '"':
		return p.quoted(p.cur())
	}
	if p.eof() || !(p.escapedComma() || isStartWord(p.cur())) {
		actual := "EOF"
		if !p.eof() {
			actual = string(p.cur())
		}
		return nil, p.fail("second", actual)
	}
	return p.word(isSecondFollow), nil
}

func (p *shorthand) escapedComma() bool {
	return p.i+1 < len(p.in) && p.in[p.i] == '\\' && p.in[p.i+1] == ','
}

// word reads an unquoted value: a start character, then follow characters
// (or escaped commas); trailing spaces are dropped.
func (p *shorthand) word(follow func(rune) bool) string {
	start := p.i
	if p.escapedComma() {
		p.i += 2
	} else if !p.eof() && isStartWord(p.cur()) {
		p.i++
	} else {
		return ""
	}
	for !p.eof() {
		if p.escapedComma() {
			p.i += 2
		} else if follow(p.cur()) {
			p.i++
		} else {
			break
		}
	}
	s := strings.ReplaceAll(string(p.in[start:p.i]), `\,`, ",")
	return strings.TrimRightFunc(s, unicode.IsSpace)
}

func (p *shorthand) quoted(q rune) (any, error) {
	start := p.i
	j := p.i + 1
	for j < len(p.in) {
		if p.in[j] == '\\' && j+1 < len(p.in) && (p.in[j+1] == '\\' || p.in[j+1] == q) {
			j += 2
			continue
		}
		if p.in[j] == q {
			p.i = j + 1
			s := string(p.in[start+1 : j])
			s = strings.ReplaceAll(s, `\`+string(q), string(q))
			return strings.ReplaceAll(s, `\\`, `\`), nil
		}
		j++
	}
	name := "singled quoted"
	if q == '"' {
		name = "double quoted"
	}
	actual := "EOF"
	if !p.eof() {
		actual = string(p.cur())
	}
	return nil, p.fail("<"+name+">", actual)
}

func isStartWord(r rune) bool {
	switch {
	case r > 0xFFFF, r < '!':
		return false
	}
	return !strings.ContainsRune("\"',=[{", r)
}

func isFirstFollow(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if r > 0xFFFF || r < '!' {
		return false
	}
	return !strings.ContainsRune("\"',]}", r)
}

func isSecondFollow(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if r > 0xFFFF || r < '!' {
		return false
	}
	return !strings.ContainsRune("\"',=", r)
}
