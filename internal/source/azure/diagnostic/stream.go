package diagnostic

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// lineReader passes a reader through and keeps just enough of what it
// delivered to tell the line of any later offset: the bytes the decoder
// has read ahead, which are dropped once counted.
type lineReader struct {
	r     io.Reader
	buf   []byte // delivered bytes from offset base on
	base  int64
	lines int64 // newlines before base
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.buf = append(l.buf, p[:n]...)
	return n, err
}

// lineAt returns the 1-based line of the byte at offset off. Offsets must
// not go backwards.
func (l *lineReader) lineAt(off int64) int64 {
	if off < l.base {
		off = l.base
	}
	k := int(off - l.base)
	if k > len(l.buf) {
		k = len(l.buf)
	}
	l.lines += int64(bytes.Count(l.buf[:k], []byte{'\n'}))
	l.buf = append(l.buf[:0], l.buf[k:]...)
	l.base += int64(k)
	return l.lines + 1
}

// stream reads the JSON values of one input, one record at a time.
type stream struct {
	ctx     context.Context
	lr      *lineReader
	dec     *json.Decoder
	records int64 // records handed out so far
}

func newStream(ctx context.Context, r io.Reader) *stream {
	// The sniffers allow a UTF-8 byte order mark; the JSON decoder does not.
	br := bufio.NewReader(r)
	if start, _ := br.Peek(3); bytes.Equal(start, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	lr := &lineReader{r: br}
	dec := json.NewDecoder(lr)
	return &stream{ctx: ctx, lr: lr, dec: dec}
}

// recordFunc handles one element of an array of records.
type recordFunc func(loc source.Location, raw json.RawMessage) error

// checkEvery is how many records pass between checks for cancellation.
const checkEvery = 1024

// next numbers the record that starts at offset start. The start is
// known only once the record is read: before, the decoder may not have
// read past the comma that precedes it.
func (s *stream) next(start int64) (source.Location, error) {
	s.records++
	if s.records%checkEvery == 0 {
		if err := s.ctx.Err(); err != nil {
			return source.Location{}, err
		}
	}
	return source.Location{Line: s.lr.lineAt(start), Record: s.records}, nil
}

// stopped is the error for input whose JSON cannot be followed further;
// it names the line where the last good value ended.
func (s *stream) stopped(err error) error {
	line := s.lr.lineAt(s.dec.InputOffset())
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("line %d, after record %d: the file ends before its JSON is closed (truncated?)", line, s.records)
	}
	return fmt.Errorf("line %d, after record %d: invalid JSON: %v", line, s.records, err)
}

// values walks every top-level value of the input: each array's elements
// go to each; each object's member named member (an array) does too, the
// other members are skipped. Anything else stops the walk with an error.
// onMember, when set, sees the object's other scalar members first
// (e.g. "@odata.context").
func (s *stream) values(member string, onMember func(key string, raw json.RawMessage), each recordFunc) error {
	for {
		tok, err := s.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.stopped(err)
		}
		switch tok {
		case json.Delim('['):
			if err := s.array(each); err != nil {
				return err
			}
		case json.Delim('{'):
			if err := s.object(member, onMember, each); err != nil {
				return err
			}
		default:
			return s.stopped(fmt.Errorf("found %v where an object or array should start", tok))
		}
	}
}

// object reads the members of an object whose '{' was read.
func (s *stream) object(member string, onMember func(string, json.RawMessage), each recordFunc) error {
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return s.stopped(err)
		}
		key, _ := tok.(string)
		if key == member {
			tok, err := s.dec.Token()
			if err != nil {
				return s.stopped(err)
			}
			if tok != json.Delim('[') {
				return s.stopped(fmt.Errorf("%q is %v, expected an array", member, tok))
			}
			if err := s.array(each); err != nil {
				return err
			}
			continue
		}
		var skip json.RawMessage
		if err := s.dec.Decode(&skip); err != nil {
			return s.stopped(err)
		}
		if onMember != nil {
			onMember(key, skip)
		}
	}
	if _, err := s.dec.Token(); err != nil { // '}'
		return s.stopped(err)
	}
	return nil
}

// array hands each element of an array whose '[' was read to each.
func (s *stream) array(each recordFunc) error {
	for s.dec.More() {
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.stopped(err)
		}
		loc, err := s.next(s.dec.InputOffset() - int64(len(raw)))
		if err != nil {
			return err
		}
		if err := each(loc, raw); err != nil {
			return err
		}
	}
	if _, err := s.dec.Token(); err != nil { // ']'
		return s.stopped(err)
	}
	return nil
}

// objects reads top-level values one whole value at a time: each object is
// a record, or a {"records":[…]} wrapper whose elements are. Any other
// value stops the walk.
func (s *stream) objects(each recordFunc) error {
	for s.dec.More() {
		if tok, err := s.dec.Token(); err != nil {
			return s.stopped(err)
		} else if tok != json.Delim('{') {
			return s.stopped(fmt.Errorf("found %v where an object should start", tok))
		}
		start := s.dec.InputOffset() - 1 // the '{'
		o := object{}
		for s.dec.More() {
			tok, err := s.dec.Token()
			if err != nil {
				return s.stopped(err)
			}
			key, _ := tok.(string)
			var v json.RawMessage
			if err := s.dec.Decode(&v); err != nil {
				return s.stopped(err)
			}
			o[key] = v
		}
		if _, err := s.dec.Token(); err != nil {
			return s.stopped(err)
		}
		loc, err := s.next(start)
		if err != nil {
			return err
		}
		var elems []json.RawMessage
		if recs := o.get("records"); recs != nil && json.Unmarshal(recs, &elems) == nil {
			for i, e := range elems {
				if i > 0 {
					loc.Record = s.bump()
				}
				if err := each(loc, e); err != nil {
					return err
				}
			}
			continue
		}
		raw, _ := json.Marshal(o)
		if err := each(loc, raw); err != nil {
			return err
		}
	}
	tok, err := s.dec.Token()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return s.stopped(err)
	}
	return s.stopped(fmt.Errorf("found %v where an object should start", tok))
}

// bump numbers one more record at the same place.
func (s *stream) bump() int64 {
	s.records++
	return s.records
}

// lines reads one JSON value per line (Event Hub capture, JSON-lines
// exports). A line that is not JSON is rejected on its own; reading goes
// on with the next. A line holding {"records":[…]} hands out each record.
func lines(ctx context.Context, r io.Reader, reject func(source.Location, string), each recordFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var lineNo, records int64
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			lineNo++
			if e := oneLine(ctx, b, lineNo, &records, reject, each); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: reading stopped: %w", lineNo+1, err)
		}
	}
}

func oneLine(ctx context.Context, b []byte, lineNo int64, records *int64, reject func(source.Location, string), each recordFunc) error {
	b = bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))
	if len(b) == 0 {
		return nil
	}
	*records++
	if *records%checkEvery == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	loc := source.Location{Line: lineNo, Record: *records}
	if !json.Valid(b) {
		reject(loc, fmt.Sprintf("invalid JSON: the line starts %q", clip(string(bytes.ToValidUTF8(b, []byte("\uFFFD"))), 40)))
		return nil
	}
	if o, ok := parseObject(b); ok {
		if recs := bytes.TrimSpace(o.get("records")); len(recs) > 0 && recs[0] == '[' {
			var elems []json.RawMessage
			if err := json.Unmarshal(recs, &elems); err != nil {
				reject(loc, "records is not an array of JSON values")
				return nil
			}
			if len(elems) == 0 {
				*records--
			}
			for i, e := range elems {
				if i > 0 {
					*records++
				}
				if err := each(source.Location{Line: lineNo, Record: *records}, e); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return each(loc, b)
}

// clip shortens s to n runes for messages.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
