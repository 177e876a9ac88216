package awsfindings

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Findings files are small (get-findings returns at most 50 findings a
// page; exports are written every few minutes), so a file is read whole
// and cut into items here. The cutting only matches brackets and strings;
// each item is then decoded on its own, so a broken item is rejected and
// the next one still loads.
//
// An item is a finding (or an EventBridge event, or an audit report). They
// come:
//   - wrapped: {"Findings":[…], "NextToken":…} as the CLI prints them;
//   - as a bare array: [{…},{…}] (--query Findings, or a saved list);
//   - as JSON lines (exports, jq -c), or concatenated / pretty objects.

// handler turns one decoded item into a row of the format's table, with
// warnings for fields it could not use; an error rejects the item.
type handler func(v any) (values []any, warns []string, err error)

// walker walks one file's bytes.
type walker struct {
	ctx    context.Context
	data   []byte
	out    source.RowWriter
	handle handler
	// wrappers are the member names whose array holds the items.
	wrappers []string

	record int64 // items seen so far
	line   int64 // the line at byte lineAt
	lineAt int
}

// parseItems reads in whole and writes a row or a reject for each item.
func parseItems(ctx context.Context, in source.Input, out source.RowWriter, wrappers []string, h handler) error {
	// On a read error (a truncated gzip stream), still load what arrived.
	data, readErr := io.ReadAll(in.R)
	w := &walker{ctx: ctx, data: data, out: out, handle: h, wrappers: wrappers, line: 1}
	if err := w.run(); err != nil {
		return err
	}
	return readErr
}

func (w *walker) run() error {
	pos := w.skipSpace(skipBOM(w.data), len(w.data))
	if pos >= len(w.data) {
		return nil
	}
	end, ok := scanEnd(w.data, pos)
	if ok && bytes.IndexByte(w.data[pos:end], '\n') < 0 {
		return w.lines(pos)
	}
	return w.stream(pos)
}

// lines reads JSON lines: each line one value, so a broken line costs
// only itself.
func (w *walker) lines(pos int) error {
	for pos < len(w.data) {
		end := len(w.data)
		if i := bytes.IndexByte(w.data[pos:], '\n'); i >= 0 {
			end = pos + i
		}
		// A line may hold several values ({…}{…}, as Firehose writes).
		for start := w.skipSpace(pos, end); start < end; start = w.skipSpace(start, end) {
			valueEnd, ok := scanEnd(w.data[:end], start)
			if !ok {
				w.record++
				w.out.Reject(w.loc(start), "the line ends inside this value: truncated JSON")
				break
			}
			if err := w.value(start, valueEnd); err != nil {
				return err
			}
			start = valueEnd
		}
		pos = end + 1
	}
	return nil
}

// stream reads values that may span lines (pretty-printed CLI output).
func (w *walker) stream(pos int) error {
	for pos < len(w.data) {
		end, ok := scanEnd(w.data, pos)
		if !ok {
			// A truncated file: still load the complete items of an
			// array or wrapper.
			if w.data[pos] == '[' {
				return w.elements(pos, end)
			}
			if from, to, found := w.wrapped(pos, end); found && w.data[pos] == '{' {
				return w.elements(from, to)
			}
			w.record++
			w.out.Reject(w.loc(pos), "the file ends inside this value: truncated JSON")
			return nil
		}
		if err := w.value(pos, end); err != nil {
			return err
		}
		pos = w.skipSpace(end, len(w.data))
	}
	return nil
}

// value handles one top-level value in data[start:end]: a wrapper object,
// an array of items, or one item.
func (w *walker) value(start, end int) error {
	switch w.data[start] {
	case '[':
		return w.elements(start, end)
	case '{':
		if from, to, ok := w.wrapped(start, end); ok {
			return w.elements(from, to)
		}
	}
	return w.item(start, end)
}

// wrapped finds the member holding the items in the object at
// data[start:end], and returns the array's bounds.
func (w *walker) wrapped(start, end int) (from, to int, ok bool) {
	data := w.data[:end]
	pos := start + 1
	for {
		pos = w.skipSpace(pos, end)
		if pos >= end || data[pos] != '"' {
			return 0, 0, false
		}
		keyEnd, ok := stringEnd(data, pos)
		if !ok {
			return 0, 0, false
		}
		key := string(data[pos+1 : keyEnd-1])
		pos = w.skipSpace(keyEnd, end)
		if pos >= end || data[pos] != ':' {
			return 0, 0, false
		}
		pos = w.skipSpace(pos+1, end)
		if pos >= end {
			return 0, 0, false
		}
		valueEnd, ok := scanEnd(data, pos)
		for _, name := range w.wrappers {
			if key == name && data[pos] == '[' {
				return pos, valueEnd, true // valueEnd is end when truncated
			}
		}
		if !ok {
			return 0, 0, false
		}
		pos = w.skipSpace(valueEnd, end)
		if pos >= end || data[pos] != ',' {
			return 0, 0, false
		}
		pos++
	}
}

// elements handles each element of the array at data[from:to].
func (w *walker) elements(from, to int) error {
	data := w.data[:to]
	pos := from + 1
	for {
		pos = w.skipSpace(pos, to)
		for pos < to && data[pos] == ',' {
			pos = w.skipSpace(pos+1, to)
		}
		if pos >= to || data[pos] == ']' {
			return nil
		}
		end, ok := scanEnd(data, pos)
		if !ok {
			w.record++
			w.out.Reject(w.loc(pos), "the file ends inside this value: truncated JSON")
			return nil
		}
		if err := w.item(pos, end); err != nil {
			return err
		}
		pos = end
	}
}

// item decodes one item and writes its row, or rejects it.
func (w *walker) item(start, end int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.record++
	loc := w.loc(start)
	v, err := jsonv.Decode(w.data[start:end])
	if err != nil {
		w.out.Reject(loc, fmt.Sprintf("not valid JSON: %v", err))
		return nil
	}
	values, warns, err := w.handle(v)
	if err != nil {
		w.out.Reject(loc, err.Error())
		return nil
	}
	if err := w.out.Row(loc, values); err != nil {
		return err
	}
	for _, msg := range warns {
		w.out.Warn(loc, msg)
	}
	return nil
}

// loc is the location of the current record starting at byte pos.
func (w *walker) loc(pos int) source.Location {
	if pos < w.lineAt {
		w.line, w.lineAt = 1, 0
	}
	w.line += int64(bytes.Count(w.data[w.lineAt:pos], []byte{'\n'}))
	w.lineAt = pos
	return source.Location{Line: w.line, Record: w.record}
}

func (w *walker) skipSpace(pos, end int) int {
	for pos < end {
		switch w.data[pos] {
		case ' ', '\t', '\r', '\n':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// skipBOM returns where the content starts, past a UTF-8 byte order mark.
func skipBOM(data []byte) int {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return 3
	}
	return 0
}

// scanEnd returns the end of the JSON value starting at data[pos], by
// matching brackets and strings only; ok is false when data ends first.
// A scalar ends at the next space, comma or bracket.
func scanEnd(data []byte, pos int) (end int, ok bool) {
	switch data[pos] {
	case '"':
		return stringEnd(data, pos)
	case '{', '[':
		depth := 0
		for i := pos; i < len(data); {
			switch data[i] {
			case '"':
				end, ok := stringEnd(data, i)
				if !ok {
					return len(data), false
				}
				i = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
		return len(data), false
	}
	for i := pos; i < len(data); i++ {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ',', '{', '}', '[', ']':
			if i == pos { // a stray bracket: one byte
				return i + 1, true
			}
			return i, true
		}
	}
	return len(data), true
}

// stringEnd returns the end of the JSON string starting at data[pos].
func stringEnd(data []byte, pos int) (end int, ok bool) {
	for i := pos + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(data), false
}
