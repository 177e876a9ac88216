package vpcflow

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fakeWriter records what a parser reports.
type fakeWriter struct {
	rows    []fakeRow
	rejects []fakeIssue
	warns   []fakeIssue
	rowErr  error // returned by Row, to test that parsing stops
}

type fakeRow struct {
	loc    source.Location
	values []any
}

type fakeIssue struct {
	loc    source.Location
	reason string
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.rows = append(w.rows, fakeRow{loc, values}) // kept as handed over: each row has its own slice
	return w.rowErr
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// parseWith runs a format over content the way ingest does: Head is the
// content's first HeadSize bytes and R starts at byte 0.
func parseWith(t testing.TB, f source.Format, path, content string) (*fakeWriter, error) {
	t.Helper()
	return parseReader(t, f, path, []byte(content), strings.NewReader(content))
}

func parseReader(t testing.TB, f source.Format, path string, head []byte, r io.Reader) (*fakeWriter, error) {
	t.Helper()
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	w := &fakeWriter{}
	err := f.Parse(context.Background(), source.Input{Path: path, R: r, Head: head}, w)
	return w, err
}

// mustParse parses content that must read to its end.
func mustParse(t *testing.T, f source.Format, path, content string) *fakeWriter {
	t.Helper()
	w, err := parseWith(t, f, path, content)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// checkRow compares a row with want, column by column: a column missing
// from want must be NULL. Values must have the exact Go type.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	if len(r.values) != len(Table.Columns) {
		t.Fatalf("row at %s has %d values, want %d", r.loc, len(r.values), len(Table.Columns))
	}
	for name := range want {
		columnIndex(name) // a typo in a test must not pass silently
	}
	for i, c := range Table.Columns {
		got, exp := r.values[i], want[c.Name]
		if !sameValue(got, exp) {
			t.Errorf("row at %s: %s = %#v (%T), want %#v (%T)", r.loc, c.Name, got, got, exp, exp)
		}
	}
}

func sameValue(got, want any) bool {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		return ok && gt.Equal(wt) && gt.Location() == time.UTC
	}
	return got == want
}

// checkIssues compares reported rejects or warnings with want: the same
// locations, and reasons containing the wanted text.
func checkIssues(t *testing.T, kind string, got []fakeIssue, want ...fakeIssue) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d %s, want %d: %v", len(got), kind, len(want), got)
	}
	for i := range want {
		if got[i].loc != want[i].loc || !strings.Contains(got[i].reason, want[i].reason) {
			t.Errorf("%s %d = %v %q, want %v with %q", kind, i, got[i].loc, got[i].reason, want[i].loc, want[i].reason)
		}
	}
}

func checkLocs(t *testing.T, rows []fakeRow, want ...source.Location) {
	t.Helper()
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i].loc != want[i] {
			t.Errorf("row %d at %v, want %v", i, rows[i].loc, want[i])
		}
	}
}

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func loc(line, record int64) source.Location { return source.Location{Line: line, Record: record} }

// failAfter is a reader that hands out data, then fails with err, as a
// truncated gzip stream does.
type failAfter struct {
	r   io.Reader
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// checkInvariants is what every parse must satisfy, whatever the input:
// rows have one value per column, of the column's Go type or nil, and
// every row, reject and warning points into the file.
func checkInvariants(t testing.TB, w *fakeWriter, lineFormat bool) {
	t.Helper()
	for _, r := range w.rows {
		if len(r.values) != len(Table.Columns) {
			t.Fatalf("row at %s has %d values, want %d", r.loc, len(r.values), len(Table.Columns))
		}
		for i, c := range Table.Columns {
			if err := checkType(c.Type, r.values[i]); err != nil {
				t.Fatalf("row at %s, column %s: %v", r.loc, c.Name, err)
			}
		}
		if r.loc.Record < 1 || lineFormat && r.loc.Line < 1 {
			t.Fatalf("row has location %#v", r.loc)
		}
	}
	for _, is := range append(append([]fakeIssue{}, w.rejects...), w.warns...) {
		if is.loc.Line < 0 || is.loc.Record < 0 || is.reason == "" {
			t.Fatalf("issue %#v", is)
		}
	}
}

func checkType(columnType string, v any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch columnType {
	case "INTEGER":
		_, ok = v.(int32)
	case "BIGINT":
		_, ok = v.(int64)
	case "VARCHAR":
		_, ok = v.(string)
	case "TIMESTAMP":
		var t time.Time
		t, ok = v.(time.Time)
		ok = ok && t.Year() <= 9999
	}
	if !ok {
		return fmt.Errorf("%#v (%T) in a %s column", v, v, columnType)
	}
	return nil
}

// TableRow: these formats fill one table, so a row for another is a bug.
func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	if t != Table {
		return fmt.Errorf("row for table %s, want %s", t.Name, Table.Name)
	}
	return w.Row(loc, values)
}
