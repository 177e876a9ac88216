package awsconfig

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fakeWriter records what a parser reports, per table.
type fakeWriter struct {
	rows    []fakeRow
	rejects []fakeIssue
	warns   []fakeIssue
}

type fakeRow struct {
	table  *source.Table
	loc    source.Location
	values []any
}

type fakeIssue struct {
	loc    source.Location
	reason string
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	return fmt.Errorf("Row called; the test writer needs the format's table: use parseFormat")
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	w.rows = append(w.rows, fakeRow{t, loc, append([]any(nil), values...)})
	return nil
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// tableWriter sends Row to the format's table, as ingest does.
type tableWriter struct {
	*fakeWriter
	table *source.Table
}

func (w tableWriter) Row(loc source.Location, values []any) error {
	return w.TableRow(w.table, loc, values)
}

// formatNamed returns the format of that name.
func formatNamed(t testing.TB, name string) source.Format {
	t.Helper()
	for _, f := range Formats {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no format %q", name)
	return nil
}

// parseFormat runs a format over content the way ingest does.
func parseFormat(t testing.TB, f source.Format, content []byte, r io.Reader) (*fakeWriter, error) {
	t.Helper()
	head := content
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	w := &fakeWriter{}
	err := f.Parse(context.Background(), source.Input{Path: "x.json", R: r, Head: head}, tableWriter{w, f.Table()})
	return w, err
}

// mustParse parses content that must be read to its end.
func mustParse(t *testing.T, name, content string) *fakeWriter {
	t.Helper()
	w, err := parseFormat(t, formatNamed(t, name), []byte(content), strings.NewReader(content))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rowsOf returns the rows written to table.
func rowsOf(w *fakeWriter, table *source.Table) []fakeRow {
	var rows []fakeRow
	for _, r := range w.rows {
		if r.table == table {
			rows = append(rows, r)
		}
	}
	return rows
}

// checkRow compares a row with want column by column: a column missing
// from want must be NULL. Values must have the exact Go type.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	for name := range want {
		if r.table.ColumnIndex(name) < 0 {
			t.Fatalf("no column %s in %s", name, r.table.Name)
		}
	}
	for i, c := range r.table.Columns {
		got, exp := r.values[i], want[c.Name]
		if !sameValue(got, exp) {
			t.Errorf("%s row at %s: %s = %#v (%T), want %#v (%T)", r.table.Name, r.loc, c.Name, got, got, exp, exp)
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

func loc(line, record int64) source.Location { return source.Location{Line: line, Record: record} }

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// checkInvariants is what every parse must satisfy, whatever the input:
// one value per column, each of the column's Go type or nil, JSON columns
// valid JSON, and every row and issue pointing into the file.
func checkInvariants(t testing.TB, w *fakeWriter) {
	t.Helper()
	for _, r := range w.rows {
		if len(r.values) != len(r.table.Columns) {
			t.Fatalf("%s row at %s has %d values, want %d", r.table.Name, r.loc, len(r.values), len(r.table.Columns))
		}
		for i, c := range r.table.Columns {
			if err := checkType(c.Type, r.values[i]); err != nil {
				t.Fatalf("%s row at %s, column %s: %v", r.table.Name, r.loc, c.Name, err)
			}
		}
		if r.loc.Record < 1 || r.loc.Line < 1 {
			t.Fatalf("row has location %#v", r.loc)
		}
	}
	for _, is := range append(append([]fakeIssue{}, w.rejects...), w.warns...) {
		if is.loc.Line < 1 || is.loc.Record < 1 || is.reason == "" {
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
	case "DOUBLE":
		_, ok = v.(float64)
	case "BOOLEAN":
		_, ok = v.(bool)
	case "VARCHAR":
		_, ok = v.(string)
	case "JSON":
		var s string
		s, ok = v.(string)
		if ok {
			if _, err := decodeJSON([]byte(s)); err != nil {
				return fmt.Errorf("invalid JSON %q: %v", s, err)
			}
		}
	case "TIMESTAMP":
		var t time.Time
		t, ok = v.(time.Time)
		ok = ok && t.Year() <= 9999 && t.Year() >= 1
	}
	if !ok {
		return fmt.Errorf("%#v (%T) in a %s column", v, v, columnType)
	}
	return nil
}

// detect picks the first of this package's formats that claims a file.
func detect(head []byte) string {
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	for _, f := range Formats {
		if f.Sniff("x.json", head) {
			return f.Name()
		}
	}
	return ""
}

// failAfter hands out data, then fails with err, as a truncated gzip
// stream does.
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
