package awsfindings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// gotRow is one row a parser wrote.
type gotRow struct {
	loc  source.Location
	vals []any
}

// gotNote is one reject or warning.
type gotNote struct {
	loc    source.Location
	reason string
}

// fakeWriter records what a parser reports and checks each row's shape.
type fakeWriter struct {
	t       testing.TB
	table   *source.Table
	rows    []gotRow
	rejects []gotNote
	warns   []gotNote
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.t.Helper()
	if err := checkRow(w.table, values); err != nil {
		w.t.Errorf("%v: %v", loc, err)
	}
	w.rows = append(w.rows, gotRow{loc, append([]any(nil), values...)})
	return nil
}

func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	return fmt.Errorf("TableRow(%s): these formats write their own table", t.Name)
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, gotNote{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, gotNote{loc, reason})
}

// checkRow checks what every row must satisfy whatever the input: one value
// per column, of the column's Go type, valid UTF-8, JSON columns valid JSON.
func checkRow(t *source.Table, values []any) error {
	if len(values) != len(t.Columns) {
		return fmt.Errorf("row has %d values, table has %d columns", len(values), len(t.Columns))
	}
	for i, v := range values {
		col := t.Columns[i]
		if v == nil {
			if col.Name == "raw" {
				return fmt.Errorf("raw is nil")
			}
			continue
		}
		ok := true
		switch col.Type {
		case "TIMESTAMP":
			var ts time.Time
			ts, ok = v.(time.Time)
			if ok && ts.Location() != time.UTC {
				return fmt.Errorf("%s is not UTC", col.Name)
			}
		case "BOOLEAN":
			_, ok = v.(bool)
		case "BIGINT":
			_, ok = v.(int64)
		case "DOUBLE":
			_, ok = v.(float64)
		case "VARCHAR", "JSON":
			var s string
			s, ok = v.(string)
			if ok && !utf8.ValidString(s) {
				return fmt.Errorf("%s is not valid UTF-8: %q", col.Name, s)
			}
			if ok && col.Type == "JSON" && !json.Valid([]byte(s)) {
				return fmt.Errorf("%s is not valid JSON: %q", col.Name, s)
			}
		default:
			return fmt.Errorf("column %s has type %s the test does not know", col.Name, col.Type)
		}
		if !ok {
			return fmt.Errorf("%s (%s) is %T", col.Name, col.Type, v)
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

// parse runs a format over text.
func parse(t testing.TB, name string, r io.Reader) (*fakeWriter, error) {
	t.Helper()
	f := formatNamed(t, name)
	w := &fakeWriter{t: t, table: f.Table()}
	err := f.Parse(context.Background(), source.Input{Path: "test.json", R: r}, w)
	return w, err
}

// mustParse is parse for text that must parse without error or reject.
func mustParse(t testing.TB, name, text string) *fakeWriter {
	t.Helper()
	w, err := parse(t, name, strings.NewReader(text))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(w.rejects) > 0 {
		t.Fatalf("%s: rejects %v", name, w.rejects)
	}
	return w
}

// col returns a row's value by column name.
func col(t *source.Table, vals []any, name string) any {
	i := t.ColumnIndex(name)
	if i < 0 {
		panic("no column " + name)
	}
	return vals[i]
}

// compact is the compact form of a JSON text, the way raw should be.
func compact(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("compact: %v", err)
	}
	return b.String()
}

// indent pretty-prints JSON text as the CLI does (4 spaces).
func indent(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "    "); err != nil {
		t.Fatalf("indent: %v", err)
	}
	return b.String()
}

// wrap puts items in {"<name>":[…]} as the CLI prints them.
func wrap(name string, items ...string) string {
	return `{"` + name + `":[` + strings.Join(items, ",") + `]}`
}

// event puts a finding in an EventBridge event.
func event(source, detailType, detail string) string {
	return `{"version":"0","id":"e1","detail-type":"` + detailType + `","source":"` + source +
		`","account":"111122223333","time":"2020-05-26T22:55:21Z","region":"us-east-1","resources":[],"detail":` + detail + `}`
}

// ts parses an RFC 3339 time for expectations.
func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// errReader returns err once its data is read: a stream that breaks.
type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
