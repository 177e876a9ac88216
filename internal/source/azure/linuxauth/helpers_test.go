package linuxauth

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
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
	w.rows = append(w.rows, fakeRow{loc, append([]any(nil), values...)})
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	panic("linuxauth writes its own table with Row")
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// parseAt parses content as the file path, the way ingest does: Head is
// the content's first HeadSize bytes and R starts at byte 0.
func parseAt(t testing.TB, path string, r io.Reader, head []byte) (*fakeWriter, error) {
	t.Helper()
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	w := &fakeWriter{}
	err := authFormat{}.Parse(context.Background(), source.Input{Path: path, R: r, Head: head}, w)
	return w, err
}

func mustParse(t *testing.T, path, content string) *fakeWriter {
	t.Helper()
	w, err := parseAt(t, path, strings.NewReader(content), []byte(content))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// setNow fixes the clock year inference uses, for one test.
func setNow(t *testing.T, s string) {
	t.Helper()
	fixed := ts(s)
	old := now
	now = func() time.Time { return fixed }
	t.Cleanup(func() { now = old })
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// value returns a row's value of the named column.
func value(t *testing.T, r fakeRow, name string) any {
	t.Helper()
	i := azure.LinuxAuthCL.ColumnIndex(name)
	if i < 0 {
		t.Fatalf("no column %s", name)
	}
	return r.values[i]
}

// checkRow compares a row with want, column by column: a column missing
// from want must be NULL.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	cols := azure.LinuxAuthCL.Columns
	if len(r.values) != len(cols) {
		t.Fatalf("row has %d values, want %d", len(r.values), len(cols))
	}
	for i, c := range cols {
		got, exp := r.values[i], want[c.Name]
		if wt, ok := exp.(time.Time); ok {
			gt, ok := got.(time.Time)
			if !ok || !gt.Equal(wt) || gt.Location() != time.UTC {
				t.Errorf("line %d: %s = %v, want %v", r.loc.Line, c.Name, got, wt)
			}
			continue
		}
		if got != exp {
			t.Errorf("line %d: %s = %#v, want %#v", r.loc.Line, c.Name, got, exp)
		}
	}
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
