package laexport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// lineReader counts lines under a json.Decoder, which reads ahead: it
// keeps the bytes read but not yet asked about, so that lineAt can say on
// which line an input offset lies. Offsets are asked in increasing order,
// so the window stays as small as the decoder's own buffer.
type lineReader struct {
	r       io.Reader
	win     []byte // input from winOff to what was read so far
	winOff  int64
	winLine int64 // 1-based line at winOff
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, winLine: 1}
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.win = append(l.win, p[:n]...)
	return n, err
}

// lineAt is the line of input offset off (not before the last asked).
func (l *lineReader) lineAt(off int64) int64 {
	k := off - l.winOff
	if k <= 0 {
		return l.winLine
	}
	if k > int64(len(l.win)) {
		k = int64(len(l.win))
	}
	l.winLine += int64(bytes.Count(l.win[:k], []byte{'\n'}))
	l.winOff += k
	// Move what is left to the front so the window does not grow forever.
	n := copy(l.win, l.win[k:])
	l.win = l.win[:n]
	return l.winLine
}

// skipBOM returns r without a leading UTF-8 byte order mark.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\xEF\xBB\xBF" {
		br.Discard(3)
	}
	return br
}

// rawValue turns one JSON value as the exports write it into what
// azure.Value takes: strings as Go strings, numbers as json.Number (exact
// for large longs), booleans, nil, and objects and arrays as their compact
// JSON text, in their own key order (a map would sort the keys, and a
// JSON-text column must read the same whichever export it came from).
func rawValue(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, errors.New("empty value")
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '{', '[':
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return nil, err
		}
		return b.String(), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	}
	return json.Number(raw), nil
}

// kindOf names the kind of a JSON value for messages.
func kindOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// stopped describes why the decoder could not go on, with the line: where
// the JSON turned invalid, else where the decoder stood.
func stopped(lr *lineReader, dec *json.Decoder, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("line %d: invalid JSON: %v", lr.lineAt(syn.Offset), syn)
	}
	line := lr.lineAt(dec.InputOffset())
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("line %d: the file ends before its JSON is closed (truncated?)", line)
	}
	return fmt.Errorf("line %d: reading stopped: %w", line, err)
}
