package laexport

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// gotRow is one row a parser wrote.
type gotRow struct {
	table string
	loc   source.Location
	vals  map[string]any // by column name; NULL columns left out
}

// gotNote is one reject or warning.
type gotNote struct {
	loc    source.Location
	reason string
}

// fakeWriter records what a parser reports and checks each row's shape.
type fakeWriter struct {
	t       testing.TB
	rows    []gotRow
	rejects []gotNote
	warns   []gotNote
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.t.Errorf("%v: Row called; Log Analytics formats must use TableRow", loc)
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	if err := checkRow(t, values); err != nil {
		w.t.Errorf("%v: %v", loc, err)
	}
	r := gotRow{table: t.Name, loc: loc, vals: map[string]any{}}
	for i, v := range values {
		if v != nil {
			r.vals[t.Columns[i].Name] = v
		}
	}
	w.rows = append(w.rows, r)
	return nil
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, gotNote{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, gotNote{loc, reason})
}

// checkRow checks what every row must satisfy whatever the input: one
// value per column, of the Go type the column's DuckDB type takes.
func checkRow(t *source.Table, values []any) error {
	if len(values) != len(t.Columns) {
		return fmt.Errorf("row has %d values, %s has %d columns", len(values), t.Name, len(t.Columns))
	}
	for i, v := range values {
		if v == nil {
			continue
		}
		col := t.Columns[i]
		ok := false
		switch col.Type {
		case "VARCHAR":
			s, isString := v.(string)
			ok = isString && utf8.ValidString(s)
		case "JSON":
			s, isString := v.(string)
			ok = isString && json.Valid([]byte(s))
		case "BIGINT":
			_, ok = v.(int64)
		case "INTEGER":
			_, ok = v.(int32)
		case "DOUBLE":
			_, ok = v.(float64)
		case "BOOLEAN":
			_, ok = v.(bool)
		case "TIMESTAMP":
			tm, isTime := v.(time.Time)
			ok = isTime && tm.Location() == time.UTC
		}
		if !ok {
			return fmt.Errorf("%s.%s (%s) holds %T %#v", t.Name, col.Name, col.Type, v, v)
		}
	}
	return nil
}

// formatNamed returns the format with the given name.
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

// parse runs a format over text, as if read from path with --table table.
func parse(t testing.TB, format, path, table, text string) (*fakeWriter, error) {
	t.Helper()
	w := &fakeWriter{t: t}
	head := text
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	in := source.Input{Path: path, R: strings.NewReader(text), Head: []byte(head), Table: table}
	err := formatNamed(t, format).Parse(context.Background(), in, w)
	return w, err
}

// mustParse is parse for input that must parse without error.
func mustParse(t testing.TB, format, path, table, text string) *fakeWriter {
	t.Helper()
	w, err := parse(t, format, path, table, text)
	if err != nil {
		t.Fatalf("%s %s: %v", format, path, err)
	}
	return w
}

// notes lists reasons, for failure messages.
func notes(ns []gotNote) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "\n  %v: %s", n.loc, n.reason)
	}
	return b.String()
}

// hasNote reports whether a note at line (0: any) holds every part.
func hasNote(ns []gotNote, line int64, parts ...string) bool {
	for _, n := range ns {
		if line != 0 && n.loc.Line != line {
			continue
		}
		all := true
		for _, p := range parts {
			all = all && strings.Contains(n.reason, p)
		}
		if all {
			return true
		}
	}
	return false
}
