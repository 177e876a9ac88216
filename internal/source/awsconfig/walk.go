package awsconfig

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// walker reads CLI output documents item by item: the top-level object's
// members, the arrays of items inside them, and each item decoded on its
// own, so memory stays bounded by one item and a bad item is rejected
// without losing the rest.
type walker struct {
	ctx    context.Context
	s      *scanner
	out    source.RowWriter
	record int64 // items seen so far
}

func newWalker(ctx context.Context, r io.Reader, out source.RowWriter) *walker {
	return &walker{ctx: ctx, s: newScanner(r), out: out}
}

// documents calls doc for each top-level object of the file, with the
// scanner at its '{': a file may hold several pages of output appended.
func (w *walker) documents(doc func() error) error {
	for {
		c, err := w.s.peek()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if c != '{' {
			return fmt.Errorf("line %d: found %s, expected a JSON object", w.s.line, describe(c))
		}
		if err := doc(); err != nil {
			return err
		}
	}
}

// object reads the object at the scanner, calling member for each key.
func (w *walker) object(member func(key string) error) error {
	if err := w.s.expect('{', "to start an object"); err != nil {
		return err
	}
	if c, err := w.s.peek(); err == nil && c == '}' {
		w.s.r.ReadByte()
		return nil
	}
	for {
		line := w.s.line
		b, err := w.s.value()
		if err == errTooBig {
			return fmt.Errorf("line %d: found a value larger than %d MB, expected an object key", line, maxValue>>20)
		}
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(b, &key); err != nil {
			return fmt.Errorf("line %d: found %.40q, expected an object key", line, b)
		}
		if err := w.s.expect(':', "after an object key"); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		c, err := w.s.peek()
		if err != nil {
			return w.s.eof(err, `"," or "}" in an object`)
		}
		w.s.r.ReadByte()
		switch c {
		case ',':
		case '}':
			return nil
		default:
			return fmt.Errorf("line %d: found %s, expected \",\" or \"}\" in an object", w.s.line, describe(c))
		}
	}
}

// skip reads past the value at the scanner.
func (w *walker) skip() error {
	_, err := w.s.value()
	if err == errTooBig {
		return nil
	}
	return err
}

// read reads the value at the scanner and decodes it. bad says why a
// value that could be cut out of the stream could not be decoded; err is
// set when the stream itself cannot be read on.
func (w *walker) read() (v any, bad string, err error) {
	b, err := w.s.value()
	if err == errTooBig {
		return nil, fmt.Sprintf("is larger than %d MB", maxValue>>20), nil
	}
	if err != nil {
		return nil, "", err
	}
	v, derr := decodeJSON(b)
	if derr != nil {
		return nil, "is not valid JSON: " + derr.Error(), nil
	}
	return v, "", nil
}

// elements calls each for every element of the array at the scanner,
// with the element's location and the scanner at its start. A value that
// is not an array is skipped: there are no items in it.
func (w *walker) elements(each func(loc source.Location) error) error {
	c, err := w.s.peek()
	if err != nil {
		return w.s.eof(err, "an array")
	}
	if c != '[' {
		return w.skip()
	}
	w.s.r.ReadByte()
	if c, err := w.s.peek(); err == nil && c == ']' {
		w.s.r.ReadByte()
		return nil
	}
	for {
		if _, err := w.s.peek(); err != nil {
			return w.s.eof(err, "an array element")
		}
		w.record++
		if w.record%1024 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		if err := each(source.Location{Line: w.s.line, Record: w.record}); err != nil {
			return err
		}
		c, err := w.s.peek()
		if err != nil {
			return w.s.eof(err, `"," or "]" in an array`)
		}
		w.s.r.ReadByte()
		switch c {
		case ',':
		case ']':
			return nil
		default:
			return fmt.Errorf("line %d: found %s, expected \",\" or \"]\" in an array", w.s.line, describe(c))
		}
	}
}

// items calls item for every element of the array at the scanner that
// decodes to a JSON object; other elements are rejected.
func (w *walker) items(what string, item func(loc source.Location, o *jsonv.Object) error) error {
	return w.elements(func(loc source.Location) error {
		v, bad, err := w.read()
		switch {
		case err != nil:
			return err
		case bad != "":
			w.out.Reject(loc, what+" "+bad)
			return nil
		}
		o, ok := v.(*jsonv.Object)
		if !ok {
			w.out.Reject(loc, fmt.Sprintf("%s is %s, expected a JSON object", what, kindOf(v)))
			return nil
		}
		return item(loc, o)
	})
}

// decodeJSON decodes one value strictly. Invalid UTF-8 is refused rather
// than silently replaced, so raw never holds what the file did not say.
func decodeJSON(b []byte) (any, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("invalid UTF-8")
	}
	return jsonv.Decode(b)
}

// kindOf names the JSON type of a decoded value for messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case jsonv.Number:
		return "a number"
	case []any:
		return "an array"
	case *jsonv.Object:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
