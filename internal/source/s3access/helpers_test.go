package s3access

import (
	"context"
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
	w.rows = append(w.rows, fakeRow{loc, append([]any(nil), values...)}) // values is only borrowed
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	panic("s3access writes its own table only")
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// parseString runs the format over content as ingest does.
func parseString(t testing.TB, content string) *fakeWriter {
	t.Helper()
	w := &fakeWriter{}
	head := []byte(content)
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	in := source.Input{Path: "logs/2019-02-06-00-00-38-5A4F1C2B", R: strings.NewReader(content), Head: head}
	if err := Formats[0].Parse(context.Background(), in, w); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// checkRow compares a row with want column by column; a column missing
// from want must be NULL. Values must have the exact Go type.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	for name := range want {
		if Table.ColumnIndex(name) < 0 {
			t.Fatalf("test names unknown column %q", name)
		}
	}
	if len(r.values) != len(Table.Columns) {
		t.Fatalf("row has %d values, want %d", len(r.values), len(Table.Columns))
	}
	for i, c := range Table.Columns {
		got, exp := r.values[i], want[c.Name]
		if wt, ok := exp.(time.Time); ok {
			gt, ok := got.(time.Time)
			if !ok || !gt.Equal(wt) || gt.Location() != time.UTC {
				t.Errorf("%s = %#v, want %v (UTC)", c.Name, got, wt)
			}
			continue
		}
		if got != exp {
			t.Errorf("%s = %#v (%T), want %#v (%T)", c.Name, got, got, exp, exp)
		}
	}
}

func checkIssues(t *testing.T, kind string, got []fakeIssue, want []fakeIssue) {
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
