// Package source defines what a log source is: the case table it fills and
// the file formats that carry it. Each log source lives in a sub-package
// (source/cloudtrail, source/vpcflow, …); package formats lists them all.
package source

import (
	"context"
	"fmt"
	"io"
)

// Column is one column of a case table.
type Column struct {
	Name string // as the clouds name it, so the playbook's queries find it
	Type string // DuckDB type: VARCHAR, BIGINT, TIMESTAMP, BOOLEAN, JSON …
	Doc  string
}

// Table is a case table filled by one log source.
type Table struct {
	Name    string
	Doc     string
	Columns []Column // the source's own columns; the store adds _file, _record and _line
	// TimeColumn names the TIMESTAMP column that places a row in time; it
	// gives the case's time range and the default window of hunts.
	TimeColumn string
}

// Provenance columns the store appends to every table: which evidence file a
// row came from (its id in the case's _evidence table), its record number in
// that file and the line where the record starts (NULL when unknown).
const (
	FileColumn   = "_file"
	RecordColumn = "_record"
	LineColumn   = "_line"
)

// Location points at a record inside an evidence file. Line is 1-based and
// zero when unknown; Record is the 1-based ordinal of the record in the file.
type Location struct {
	Line   int64
	Record int64
}

func (l Location) String() string {
	switch {
	case l.Line > 0 && l.Record > 0:
		return fmt.Sprintf("line %d, record %d", l.Line, l.Record)
	case l.Line > 0:
		return fmt.Sprintf("line %d", l.Line)
	case l.Record > 0:
		return fmt.Sprintf("record %d", l.Record)
	}
	return "file"
}

// RowWriter receives what a parser finds in one evidence file.
type RowWriter interface {
	// Row adds one row; values follow Table.Columns (without _file/_record/_line).
	// A time.Time in the TimeColumn position places the row in time.
	// values is only borrowed: the writer copies what it keeps, so a parser
	// may reuse the slice for its next row.
	Row(loc Location, values []any) error
	// TableRow adds one row to table t rather than the format's own: for
	// formats whose files say which table they hold (Log Analytics exports
	// carry a Type column, or are recognised by their columns), and whose
	// Table is nil. values follow t.Columns.
	TableRow(t *Table, loc Location, values []any) error
	// Reject records a record that could not be loaded, and why. Parsing
	// goes on with the next record.
	Reject(loc Location, reason string)
	// Warn records a record that was loaded but is incomplete (for example,
	// no parsable time), and why.
	Warn(loc Location, reason string)
}

// Input is one evidence file, already decompressed.
type Input struct {
	Path string    // as the user gave it (for messages)
	R    io.Reader // decompressed content
	Head []byte    // the first bytes of R, as given to Sniff (R still starts at byte 0)
	// Table, when set, is the table the user said the file holds
	// (`ingest --table NAME`), for formats that otherwise recognise it.
	Table string
}

// Format is one way a log source arrives: a file layout and encoding.
type Format interface {
	// Name is a short stable identifier, e.g. "cloudtrail-records".
	Name() string
	// Table is the case table the format fills; nil for formats that
	// recognise the table of each file (or row) and write with TableRow.
	Table() *Table
	// Sniff reports whether a file is in this format, from its path and the
	// first bytes of its decompressed content (up to HeadSize).
	Sniff(path string, head []byte) bool
	// Parse reads the whole input and reports rows, rejects and warnings.
	// It returns an error only when the rest of the file cannot be read
	// (for example a truncated gzip stream); rows already written stay.
	Parse(ctx context.Context, in Input, out RowWriter) error
}

// HeadSize is how much of a file's decompressed start Sniff sees.
const HeadSize = 64 << 10

// Skip recognises files that belong to a log source but hold no records to
// load (for example CloudTrail digest files). Ingest records them in the
// manifest with the reason, hashes included, and loads nothing.
type Skip struct {
	Name   string
	Reason string
	Match  func(path string, head []byte) bool
}

// ColumnIndex is the position of the named column in t.Columns, or -1.
func (t *Table) ColumnIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// SkipFile is what Parse returns for a file in its format that holds
// nothing cloudhunt loads (an export of a table the case does not have):
// ingest lists it as skipped, with the reason, instead of as a failure.
type SkipFile struct {
	Reason string
}

func (e *SkipFile) Error() string { return e.Reason }
