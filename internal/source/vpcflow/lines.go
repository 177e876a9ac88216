package vpcflow

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxLine caps the length of a line. A flow record with every field is
// well under 2 KB; a longer line is garbage, and the cap keeps memory
// bounded whatever the input.
const maxLine = 64 << 10

// ctxCheckLines is how often (in lines) parsing looks for cancellation.
const ctxCheckLines = 4096

// lineReader reads lines of at most maxLine bytes and counts them.
type lineReader struct {
	r    *bufio.Reader
	line int64 // number of the last line returned, 1-based
	err  error // the read error that ended the input, if not io.EOF
}

func newLineReader(r io.Reader) *lineReader {
	// NewReaderSize reuses r when it already is a large enough bufio.Reader.
	return &lineReader{r: bufio.NewReaderSize(r, maxLine)}
}

// next returns the next line without its line ending; the bytes are only
// valid until the next call. tooLong reports a line longer than maxLine,
// whose bytes are skipped, not returned. ok is false at the end of the
// input, and when reading failed (lr.err then says why).
func (lr *lineReader) next() (line []byte, tooLong, ok bool) {
	b, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		tooLong, b = true, nil
		for err == bufio.ErrBufferFull {
			_, err = lr.r.ReadSlice('\n')
		}
	}
	switch {
	case err == nil:
	case err == io.EOF && (len(b) > 0 || tooLong): // a last line without a line ending
	case err == io.EOF:
		return nil, false, false
	default:
		// The stream broke inside this line: what was read of it may be cut
		// anywhere (even inside a number), so it is not loaded.
		lr.line++
		lr.err = err
		return nil, false, false
	}
	lr.line++
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b, tooLong, true
}

// lineOptions says how a line-oriented format lays out its records.
type lineOptions struct {
	// header: the first line names the fields (S3 text files). Without it
	// records follow the default format.
	header bool
	// timestamp: each line is an ISO-8601 timestamp, a space and the record
	// (CloudWatch Logs export).
	timestamp bool
	// logStream goes into every row's log_stream: nil or a string.
	logStream any
}

// parseLines reads flow records one per line: the S3 text format, its
// header-less variant and CloudWatch Logs exports.
func parseLines(ctx context.Context, in source.Input, out source.RowWriter, opts lineOptions) error {
	lr := newLineReader(in.R)
	var d *decoder // nil until the header is read
	if !opts.header {
		d, _ = newDecoder(defaultFields, "default format")
		d.logStream = opts.logStream
	}
	var record int64
	for {
		raw, tooLong, ok := lr.next()
		if !ok {
			break
		}
		if lr.line%ctxCheckLines == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if lr.line == 1 {
			raw = trimBOM(raw)
		}
		if !tooLong && isBlank(raw) {
			continue
		}
		loc := source.Location{Line: lr.line}
		if d == nil {
			if tooLong {
				return fmt.Errorf("%s: header is longer than %d bytes", loc, maxLine)
			}
			hd, err := readHeader(string(raw), loc, out)
			if err != nil {
				return err
			}
			d = hd
			continue
		}
		if tooLong {
			record++
			out.Reject(source.Location{Line: lr.line, Record: record}, fmt.Sprintf("line is longer than %d bytes", maxLine))
			continue
		}
		// One allocation per line: the row's strings are slices of it.
		line := string(raw)
		if !opts.timestamp && startsWithFieldName(line) {
			// Another header: several files were concatenated (zcat *.gz).
			if hd, err := readHeader(line, loc, out); err == nil {
				hd.logStream = opts.logStream
				d = hd
				continue
			}
		}
		record++
		loc.Record = record
		if !utf8.ValidString(line) {
			out.Reject(loc, "line is not valid UTF-8")
			continue
		}
		rec := line
		if opts.timestamp {
			ts, rest, _ := strings.Cut(line, " ")
			if !isTimestamp(ts) {
				out.Reject(loc, "expected a timestamp such as 2024-03-08T10:11:12.000Z before the record, found "+shortQuote(ts))
				continue
			}
			rec = rest
		}
		values, warning, reason := d.decode(rec)
		if reason != "" {
			out.Reject(loc, reason)
			continue
		}
		if err := out.Row(loc, values); err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		if warning != "" {
			out.Warn(loc, warning)
		}
	}
	if lr.err != nil {
		return fmt.Errorf("stopped at line %d: %w", lr.line, lr.err)
	}
	return nil
}

// readHeader builds the decoder for a header line and warns about what in
// it will not be loaded. A line with no known field is not a header.
func readHeader(line string, loc source.Location, out source.RowWriter) (*decoder, error) {
	d, warnings := newDecoder(strings.Fields(line), "per the header")
	if d.knownFields() == 0 {
		return nil, fmt.Errorf("%s: not a flow log header: no known field in %s", loc, shortQuote(line))
	}
	for _, w := range warnings {
		out.Warn(loc, w)
	}
	return d, nil
}

// startsWithFieldName is a cheap test for a header line in the middle of a
// file: records never start with a field name. Most records start with a
// digit and are ruled out by the first byte.
func startsWithFieldName(line string) bool {
	if line == "" || (line[0] < 'a' || line[0] > 'z') && line[0] != '$' {
		return false
	}
	first, _, _ := strings.Cut(line, " ")
	return fieldColumn(fieldName(first)) != "" && looksLikeHeader(strings.Fields(line))
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}
