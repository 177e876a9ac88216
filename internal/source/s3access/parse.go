package s3access

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxLine caps a record's length: a record is a few hundred bytes, and a
// line far longer is not one (it is also not held in memory whole).
const maxLine = 64 << 10

// ctxCheckLines is how often (in lines) parsing checks for cancellation.
const ctxCheckLines = 4096

// parse reads access log records, one per line. Blank lines are skipped;
// objects concatenated with cat keep working, as each line stands alone.
func parse(ctx context.Context, r io.Reader, out source.RowWriter) error {
	br := bufio.NewReaderSize(r, maxLine+1)
	values := make([]any, len(Table.Columns))
	var lineNo, record int64
	for {
		raw, tooLong, err := readLine(br)
		if len(raw) == 0 && !tooLong && err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("stopped after line %d: %w", lineNo, err)
		}
		lineNo++
		if lineNo%ctxCheckLines == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if len(bytes.TrimSpace(raw)) == 0 && !tooLong {
			continue
		}
		record++
		loc := source.Location{Line: lineNo, Record: record}
		if tooLong {
			out.Reject(loc, fmt.Sprintf("line is longer than %d bytes", maxLine))
			continue
		}
		line := string(raw)
		invalid := !utf8.ValidString(line)
		if invalid {
			line = string(bytes.ToValidUTF8(raw, []byte("\uFFFD")))
		}
		warning, reason := decodeRecord(line, values)
		if reason != "" {
			out.Reject(loc, reason)
			continue
		}
		if err := out.Row(loc, values); err != nil {
			return err
		}
		if invalid {
			out.Warn(loc, "invalid UTF-8 replaced by U+FFFD")
		}
		if warning != "" {
			out.Warn(loc, warning)
		}
	}
}

// readLine returns the next line without its newline. A line longer than
// the reader's buffer is read to its end and reported as tooLong, empty.
// err is io.EOF after the last line.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	line, err = br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = br.ReadSlice('\n')
		}
		if errors.Is(err, io.EOF) {
			err = nil // the long line was the last; EOF comes on the next call
		}
		return nil, true, err
	}
	if err == nil || errors.Is(err, io.EOF) && len(line) > 0 {
		return bytes.TrimSuffix(line, []byte("\n")), false, nil
	}
	return nil, false, err
}
