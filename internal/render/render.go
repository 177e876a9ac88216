// Package render prints results for every cloudhunt command that has them,
// in one of four formats chosen with --format:
//
//   - table: aligned columns for people; long cells are cut, control
//     characters are escaped so that evidence cannot drive the terminal.
//   - json:  one JSON document (an array of objects, keys in column order).
//   - jsonl: one JSON object per line.
//   - csv:   a header line and one line per row (RFC 4180).
//
// Values keep their types until the last moment: timestamps print as
// RFC 3339 in UTC, lists and objects as JSON (real JSON arrays and objects in
// json/jsonl, JSON text in table and csv cells). Only table mode ever cuts a
// value short.
package render

import (
	"fmt"
	"io"
	"strings"
)

// Format is an output format.
type Format string

// The formats every command that prints results accepts.
const (
	FormatTable Format = "table"
	FormatJSON  Format = "json"
	FormatJSONL Format = "jsonl"
	FormatCSV   Format = "csv"
)

// formats lists the formats, in the order help texts show them.
var formats = []Format{FormatTable, FormatJSON, FormatJSONL, FormatCSV}

// FormatNames is "table|json|jsonl|csv", for flag help.
func FormatNames() string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return strings.Join(names, "|")
}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: use one of %s", s, FormatNames())
}

// Table is a result set: named columns and rows of typed values (string,
// int64, float64, bool, time.Time, nil, and lists or maps of those, as
// DuckDB returns them). Every row has one value per column.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Options tune the table format; the other formats ignore them.
type Options struct {
	// MaxCell is the widest a cell may be, in characters. Longer cells end
	// in "…". Zero means DefaultMaxCell; a negative value never cuts.
	MaxCell int
}

// DefaultMaxCell keeps a whole ARN (the part an analyst reads is at its end)
// while stopping one raw JSON record from pushing every other column off
// screen.
const DefaultMaxCell = 80

// Write prints t in format f.
func Write(w io.Writer, f Format, t Table, opts Options) error {
	switch f {
	case FormatTable:
		return WriteTable(w, t, opts)
	case FormatJSON:
		return WriteJSON(w, t)
	case FormatJSONL:
		return WriteJSONL(w, t)
	case FormatCSV:
		return WriteCSV(w, t)
	}
	return fmt.Errorf("unknown format %q", f)
}
