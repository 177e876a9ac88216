package msgtrace

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Limits on one CSV record. A cell may span lines (a quoted subject with a
// line break), but a quote that never closes must not swallow the rest of
// the file: past these, the record's first line is rejected alone and
// reading resumes on the line after it.
const (
	maxRecordLines = 64
	maxRecordBytes = 1 << 20
)

// records cuts CSV text into records and parses each with encoding/csv,
// so that one malformed record costs only itself.
type records struct {
	br      *bufio.Reader
	line    int64  // lines read from br so far
	pending []line // lines read ahead, not yet part of a record
	eof     bool
}

// line is one line of the file, its end included, and its number.
type line struct {
	text []byte
	n    int64
}

func newRecords(r io.Reader) *records {
	return &records{br: bufio.NewReaderSize(r, 64<<10)}
}

// record is one CSV record: its fields, or why it is not CSV.
type record struct {
	fields []string
	line   int64 // where it starts, 1-based
	err    error
}

// next returns the next non-blank record; io.EOF at the end. Other errors
// are read errors: the rest of the file cannot be read.
func (c *records) next() (record, error) {
	first, at, err := c.nextLine()
	for err == nil && len(bytes.TrimSpace(first)) == 0 {
		first, at, err = c.nextLine()
	}
	if err != nil {
		return record{}, err
	}
	if len(first) > maxRecordBytes {
		return record{line: at, err: fmt.Errorf("the line is longer than %d MiB", maxRecordBytes>>20)}, nil
	}
	text := append([]byte(nil), first...)
	var extra []line // lines joined to the first
	for bytes.Count(text, []byte{'"'})%2 == 1 {
		more, n, err := c.nextLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return record{}, err
		}
		extra = append(extra, line{text: more, n: n})
		text = append(text, more...)
		if len(extra) >= maxRecordLines || len(text) > maxRecordBytes {
			// Give the lines back: only the first is rejected.
			c.pending = append(extra, c.pending...)
			return record{line: at, err: errors.New("a quoted cell does not close")}, nil
		}
	}
	fields, err := parseFields(text)
	return record{fields: fields, line: at, err: err}, nil
}

// nextLine returns the next line with its end, and its number.
func (c *records) nextLine() ([]byte, int64, error) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l.text, l.n, nil
	}
	if c.eof {
		return nil, 0, io.EOF
	}
	var text []byte
	for {
		part, err := c.br.ReadSlice('\n')
		// Past the limit, keep one byte more than a record may have, so
		// that next rejects the line rather than read a truncated one.
		text = append(text, part[:min(len(part), max(0, maxRecordBytes+1-len(text)))]...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			c.eof = true
			if len(text) == 0 {
				return nil, 0, io.EOF
			}
		} else if err != nil {
			return nil, 0, err
		}
		c.line++
		return text, c.line, nil
	}
}

// parseFields parses one record's text with encoding/csv's strict quotes.
func parseFields(text []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	fields, err := r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("not CSV at column %d: %v", pe.Column, pe.Err)
		}
		return nil, fmt.Errorf("not CSV: %v", err)
	}
	if _, err := r.Read(); err != io.EOF {
		return nil, errors.New("not CSV: a quote in the wrong place splits it into two records")
	}
	return fields, nil
}
