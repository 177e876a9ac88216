package laexport

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// maxRecord bounds one CSV record: a record longer than this is a quote
// that never closes, not a cell.
const maxRecord = 16 << 20

// Header suffixes the portal's CSV export adds to datetime columns.
const (
	suffixUTC   = " [UTC]"
	suffixLocal = " [Local Time]"
)

// csvRecords cuts a CSV file into records before encoding/csv parses
// them, so that one malformed record costs only itself. A record is one
// line, or several while a quoted cell is open (an odd number of quotes
// so far). encoding/csv, given the whole stream, would run a quote that
// never closes to the end of the file; here, when a line that is open
// meets a line that reads as a whole record by itself, the open record is
// rejected and reading resumes at that line.
type csvRecords struct {
	br     *bufio.Reader
	fields int    // fields in a record, from the header (0 until known)
	line   int64  // lines read so far
	held   []byte // a line read ahead that starts the next record
	heldAt int64
	eof    bool
}

// errUnclosed marks a record whose quoted cell never closes.
var errUnclosed = errors.New("unclosed")

// next returns the next record's text, the line it starts on and, for a
// record that had to be cut short, why. io.EOF ends the file.
func (c *csvRecords) next() (rec []byte, start int64, cut error, err error) {
	var line []byte
	for {
		if c.held != nil {
			line, start, c.held = c.held, c.heldAt, nil
		} else {
			line, err = c.readLine()
			if err != nil {
				return nil, 0, nil, err
			}
			start = c.line
		}
		if len(bytes.TrimRight(line, "\r\n")) > 0 {
			break // blank lines are not records (encoding/csv skips them too)
		}
	}
	rec = append([]byte(nil), line...)
	quotes := bytes.Count(line, []byte{'"'})
	for quotes%2 == 1 {
		if len(rec) > maxRecord {
			return rec[:0], start, fmt.Errorf("the record is longer than %d MiB: a quoted cell never closes", maxRecord>>20), c.resync()
		}
		line, err = c.readLine()
		if err == io.EOF {
			return rec, start, fmt.Errorf("a quoted cell is not closed when the file ends: %w", errUnclosed), nil
		}
		if err != nil {
			return nil, 0, nil, err
		}
		if c.startsRecord(line) {
			c.held, c.heldAt = line, c.line
			return rec, start, fmt.Errorf("a quoted cell is not closed before line %d, which starts a new record: %w", c.line, errUnclosed), nil
		}
		rec = append(rec, line...)
		quotes += bytes.Count(line, []byte{'"'})
	}
	if len(rec) > maxRecord {
		return rec[:0], start, fmt.Errorf("the record is longer than %d MiB", maxRecord>>20), nil
	}
	return rec, start, nil, nil
}

// resync skips lines until one that starts a record (held for next) or
// the end of the file.
func (c *csvRecords) resync() error {
	for {
		line, err := c.readLine()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if c.startsRecord(line) {
			c.held, c.heldAt = line, c.line
			return nil
		}
	}
}

// startsRecord reports whether a line reads, by itself, as a whole record
// of the header's width. A line inside a multi-line cell almost never
// does: its quotes are doubled ("" is a bare quote on its own), and its
// commas rarely make exactly the header's count. Narrow files (under
// three columns) are not resynced: too many lines would look like records.
func (c *csvRecords) startsRecord(line []byte) bool {
	if c.fields < 3 || bytes.Count(line, []byte{'"'})%2 == 1 {
		return false
	}
	r := csv.NewReader(bytes.NewReader(line))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	return err == nil && len(rec) == c.fields
}

// readLine reads one line, '\n' included (added when the file's last line
// lacks it), however long.
func (c *csvRecords) readLine() ([]byte, error) {
	if c.eof {
		return nil, io.EOF
	}
	var line []byte
	for {
		part, err := c.br.ReadSlice('\n')
		line = append(line, part...)
		if err == bufio.ErrBufferFull {
			if len(line) > maxRecord {
				// Keep reading the line, but not its bytes.
				line = line[:maxRecord+1]
			}
			continue
		}
		if err == io.EOF {
			c.eof = true
			if len(line) == 0 {
				return nil, io.EOF
			}
			line = append(line, '\n')
		} else if err != nil {
			return nil, err
		}
		c.line++
		return line, nil
	}
}

// parseRecord parses one record's text with encoding/csv (strict quotes).
func parseRecord(rec []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(rec))
	r.FieldsPerRecord = -1
	fields, err := r.Read()
	if err != nil {
		return nil, err
	}
	if _, err := r.Read(); err != io.EOF {
		// Balanced quotes yet two records: a quote in the wrong place.
		return nil, errors.New("a quote in the wrong place makes it read as more than one record")
	}
	return fields, nil
}

// parseCSV reads the portal's "Export to CSV".
func parseCSV(ctx context.Context, in source.Input, out source.RowWriter) error {
	l, err := newLoader(in, out)
	if err != nil {
		return err
	}
	defer l.finish()
	recs := &csvRecords{br: bufio.NewReaderSize(skipBOM(in.R), 64<<10)}
	rec, start, cut, err := recs.next()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("line %d: reading stopped: %w", recs.line, err)
	}
	var header []string
	if cut == nil {
		header, err = parseRecord(rec)
	}
	if cut != nil || err != nil {
		return fmt.Errorf("line %d: the header is not CSV: %v", start, errors.Join(cut, err))
	}
	names, local := headerNames(header)
	recs.fields = len(names)
	for _, col := range local {
		out.Warn(source.Location{}, fmt.Sprintf("column %q holds the exporting browser's local time, whose offset the file does not say: taken as UTC", col))
	}
	if l.forced != nil || !hasColumn(names, "Type") {
		l.decide(names)
		if l.fileTable == nil {
			return &source.SkipFile{Reason: l.skip}
		}
	}
	values := make([]any, len(names))
	for record := int64(1); ; record++ {
		if record%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, start, cut, err := recs.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: reading stopped: %w", recs.line, err)
		}
		loc := source.Location{Line: start, Record: record}
		if cut != nil {
			l.written++
			out.Reject(loc, cutProblem(start, rec, cut))
			continue
		}
		fields, err := parseRecord(rec)
		if err != nil {
			l.written++
			out.Reject(loc, csvProblem(start, err))
			continue
		}
		if len(fields) != len(names) {
			l.written++
			out.Reject(loc, fmt.Sprintf("the record has %d fields, the header has %d", len(fields), len(names)))
			continue
		}
		for i, f := range fields {
			values[i] = f
		}
		if err := l.row(loc, names, values); err != nil {
			return err
		}
	}
}

// headerNames strips the suffixes the portal adds to datetime columns,
// and lists the columns that hold local times.
func headerNames(header []string) (names, local []string) {
	names = make([]string, len(header))
	for i, h := range header {
		h = strings.ToValidUTF8(strings.TrimSpace(h), "\uFFFD")
		switch {
		case strings.HasSuffix(h, suffixUTC):
			h = strings.TrimSuffix(h, suffixUTC)
		case strings.HasSuffix(h, suffixLocal):
			local = append(local, h)
			h = strings.TrimSuffix(h, suffixLocal)
		}
		names[i] = h
	}
	return names, local
}

// csvProblem says where in the file a record's CSV is malformed.
func csvProblem(start int64, err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("not CSV at line %d, column %d: %v", start+int64(pe.Line)-1, pe.Column, pe.Err)
	}
	return "not CSV: " + err.Error()
}

// cutProblem says why a record that was cut short is malformed. An odd
// quote count may come from a stray quote on the record's first line
// rather than from a cell left open: encoding/csv tells which.
func cutProblem(start int64, rec []byte, cut error) string {
	first := rec
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = bytes.TrimRight(first[:i], "\r")
	}
	var pe *csv.ParseError
	if _, err := parseRecord(rec); errors.As(err, &pe) && pe.Line == 1 && pe.Column <= len(first) {
		return csvProblem(start, err)
	}
	return strings.TrimSuffix(cut.Error(), ": "+errUnclosed.Error())
}
