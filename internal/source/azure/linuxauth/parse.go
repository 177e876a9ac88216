package linuxauth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// now is the clock year inference compares lines with; tests replace it.
var now = time.Now

// maxLine bounds one line; journal JSON lines are the longest.
const maxLine = 1 << 20

// parser holds the state of one file: the year of its RFC 3164 lines.
type parser struct {
	in      source.Input
	out     source.RowWriter
	rule    *yearRule // chosen at the first year-less line
	years   yearTracker
	late    bool // a line after the rule's limit was reported
	values  []any
	columns map[string]int
}

func parse(ctx context.Context, in source.Input, out source.RowWriter) error {
	p := &parser{in: in, out: out, values: make([]any, len(azure.LinuxAuthCL.Columns)), columns: map[string]int{}}
	for i, c := range azure.LinuxAuthCL.Columns {
		p.columns[c.Name] = i
	}
	r := bufio.NewReaderSize(in.R, 64<<10)
	for lineNo := int64(1); ; lineNo++ {
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		raw, tooLong, err := readLine(r)
		loc := source.Location{Line: lineNo}
		switch {
		case tooLong:
			out.Reject(loc, fmt.Sprintf("line is longer than %d bytes", maxLine))
		case len(raw) > 0:
			if err := p.line(loc, raw); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", lineNo, err)
		}
	}
}

// readLine reads one line without its line end. A line longer than
// maxLine is skipped to its end and reported as tooLong.
func readLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxLine+2 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, err
	}
}

// line loads one line as a row, or rejects it.
func (p *parser) line(loc source.Location, raw []byte) error {
	if loc.Line == 1 {
		raw = []byte(strings.TrimPrefix(string(raw), "\xEF\xBB\xBF"))
	}
	text := string(raw)
	if strings.TrimSpace(text) == "" || isJournalMarker(text) {
		return nil
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		p.out.Warn(loc, "line is not valid UTF-8: bad bytes replaced with U+FFFD")
	}
	e, err := parseLine(text)
	if err != nil {
		p.out.Reject(loc, err.Error())
		return nil
	}
	if !utf8.ValidString(e.raw) {
		// A journal MESSAGE given as an array of bytes need not be UTF-8;
		// DuckDB refuses such text and would fail the whole load.
		e.raw = strings.ToValidUTF8(e.raw, "\uFFFD")
		p.out.Warn(loc, "MESSAGE is not valid UTF-8: bad bytes replaced with U+FFFD")
	}
	var when any
	switch {
	case e.noYear:
		when = p.placeYear(loc, e.when)
	case e.when.IsZero():
		p.out.Warn(loc, "no timestamp: TimeGenerated left empty")
	default:
		when = e.when
	}
	clear(p.values)
	p.set("SourceSystem", "Linux") // what the Log Analytics agent writes for custom logs from Linux
	p.set("TimeGenerated", when)
	if e.host != "" {
		p.set("Computer", e.host)
	}
	p.set("RawData", e.raw)
	p.set("Type", azure.LinuxAuthCL.Name)
	return p.out.Row(loc, p.values)
}

func (p *parser) set(name string, v any) {
	i, ok := p.columns[name]
	if !ok {
		panic("linuxauth: LinuxAuth_CL has no column " + name)
	}
	p.values[i] = v
}

// placeYear gives a year-less time its year, choosing the file's year at
// its first such line and saying so once.
func (p *parser) placeYear(loc source.Location, t time.Time) time.Time {
	if p.rule == nil {
		rule := chooseYear(p.in.Path, p.in.Head, now())
		p.rule = &rule
		p.years = yearTracker{year: rule.start}
		p.out.Warn(loc, fmt.Sprintf("no year in the timestamps: assumed %d %s; times taken as UTC", rule.start, rule.why))
	}
	placed := p.years.place(t)
	if !p.late && !p.rule.limit.IsZero() && placed.After(p.rule.limit) {
		p.late = true
		p.out.Warn(loc, fmt.Sprintf("%s is later than %s: the assumed year may be wrong (give the file a dated name or folder)",
			placed.Format(time.RFC3339), p.rule.limit.Format("2006-01-02")))
	}
	return placed
}

// isJournalMarker recognises the lines journalctl adds between entries:
// "-- Logs begin at … --", "-- Boot 9f…", "-- No entries --", "-- Reboot --".
func isJournalMarker(s string) bool {
	return strings.HasPrefix(s, "-- ")
}
