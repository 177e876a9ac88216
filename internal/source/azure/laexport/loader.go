package laexport

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// loader turns the rows of one export, whatever its format, into table
// rows: it finds each row's table, converts each value to its column's
// type and reports what it could not keep.
type loader struct {
	in  source.Input
	out source.RowWriter

	forced    *source.Table // ingest --table
	fileTable *source.Table // the table of rows without a Type, once decided
	decided   bool
	skip      string // why fileTable is nil, once decided

	written int64 // rows written or rejected

	typeCache   map[string]*source.Table // Type values seen → table (nil: unknown)
	forcedNoted bool                     // warned that Type disagrees with --table
	dropped     map[*source.Table]map[string]bool
	droppedList map[*source.Table][]string

	vals     []any
	problems []string
}

// newLoader starts the loader of one file. A --table that names no Azure
// table makes the file a skip: the user named a table this format cannot
// fill.
func newLoader(in source.Input, out source.RowWriter) (*loader, error) {
	l := &loader{in: in, out: out, typeCache: map[string]*source.Table{},
		dropped: map[*source.Table]map[string]bool{}, droppedList: map[*source.Table][]string{}}
	if in.Table != "" {
		l.forced = tableNamed(in.Table)
		if l.forced == nil {
			return nil, &source.SkipFile{Reason: fmt.Sprintf("ingest --table %s: a Log Analytics export holds Azure tables, and %s is not one", in.Table, in.Table)}
		}
	}
	return l, nil
}

// decide settles the table of rows that carry no Type, from the file's
// name, else from its columns. A guess from the columns is said in a
// warning, since it can be wrong.
func (l *loader) decide(columns []string) {
	if l.decided {
		return
	}
	l.decided = true
	if l.forced != nil {
		l.fileTable = l.forced
		return
	}
	if t := tableInPath(l.in.Path); t != nil {
		l.fileTable = t
		return
	}
	m := tableByShape(columns)
	if m.table == nil {
		l.skip = unknownTableReason(columns, m)
		return
	}
	l.fileTable = m.table
	l.out.Warn(source.Location{}, fmt.Sprintf(
		"no Type column and no table name in the file name: rows taken as %s, which has %d of the file's %d distinguishing columns; if that is wrong, name the table with ingest --table",
		m.table.Name, m.matched, m.considered))
}

// hasColumn reports whether the file's columns include name exactly.
func hasColumn(columns []string, name string) bool {
	for _, c := range columns {
		if c == name {
			return true
		}
	}
	return false
}

// tableOf is the table of a row whose Type column holds typ ("" when the
// row has none). A nil table with a nil error means the row was rejected;
// an error means the whole file is one to skip.
func (l *loader) tableOf(loc source.Location, typ string, names []string) (*source.Table, error) {
	if l.forced != nil {
		if typ != "" && !l.forcedNoted && !strings.EqualFold(typ, l.forced.Name) {
			l.forcedNoted = true
			l.out.Warn(source.Location{}, fmt.Sprintf("rows say Type %q; loaded into %s as ingest --table asks", typ, l.forced.Name))
		}
		return l.forced, nil
	}
	if typ != "" {
		t, seen := l.typeCache[typ]
		if !seen {
			t = tableNamed(typ)
			l.typeCache[typ] = t
		}
		if t == nil {
			l.written++
			l.out.Reject(loc, fmt.Sprintf("Type %q is not a Log Analytics table cloudhunt loads", typ))
		}
		return t, nil
	}
	l.decide(names)
	if l.fileTable != nil {
		return l.fileTable, nil
	}
	if l.written == 0 {
		return nil, &source.SkipFile{Reason: l.skip}
	}
	l.written++
	l.out.Reject(loc, "no Type, and the file's table is not known: "+l.skip)
	return nil, nil
}

// typeOf is the value of the row's Type column, "" when it has none.
func typeOf(names []string, values []any) string {
	for i, n := range names {
		if n == "Type" {
			if isEmpty(values[i]) {
				return ""
			}
			return strings.TrimSpace(fmt.Sprint(values[i]))
		}
	}
	return ""
}

// isEmpty reports whether a value holds no data: null, an empty cell, or
// az's "None".
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == "" || v == "None"
	}
	return false
}

// row loads one row given as column names and their values (JSON values
// or cell text). It returns an error only when the file is to be skipped
// or the writer fails.
func (l *loader) row(loc source.Location, names []string, values []any) error {
	t, err := l.tableOf(loc, typeOf(names, values), names)
	if err != nil || t == nil {
		return err
	}
	if cap(l.vals) < len(t.Columns) {
		l.vals = make([]any, len(t.Columns))
	}
	vals := l.vals[:len(t.Columns)]
	clear(vals)
	l.problems = l.problems[:0]
	idx := indexOf(t)
	timeIdx := idx.find(t.TimeColumn)
	timeBad := false
	for i, name := range names {
		ci := idx.find(name)
		if ci < 0 {
			if name != "TableName" && !isEmpty(values[i]) {
				l.drop(t, name)
			}
			continue
		}
		col := t.Columns[ci]
		in := values[i]
		if s, ok := in.(string); ok && !utf8.ValidString(s) {
			// DuckDB text must be valid UTF-8: keep the cell, mended.
			in = strings.ToValidUTF8(s, "\uFFFD")
			l.problems = append(l.problems, col.Name+": not valid UTF-8, bad bytes replaced with U+FFFD")
		}
		v, err := azure.Value(col, in)
		if err != nil {
			// Value keeps what it can (text that is not JSON, as a JSON
			// string) and says why; otherwise the cell is NULL.
			msg := err.Error()
			if !strings.HasPrefix(msg, col.Name+":") {
				msg = col.Name + ": " + msg
			}
			l.problems = append(l.problems, msg)
			timeBad = timeBad || ci == timeIdx
		}
		vals[ci] = v
	}
	// Type is the table's name in Log Analytics, whatever the file said.
	if ti, ok := idx.exact["Type"]; ok {
		vals[ti] = t.Name
	}
	if timeIdx >= 0 && vals[timeIdx] == nil && !timeBad {
		l.problems = append(l.problems, "no "+t.TimeColumn)
	}
	l.written++
	if err := l.out.TableRow(t, loc, vals); err != nil {
		return err
	}
	if len(l.problems) > 0 {
		l.out.Warn(loc, strings.Join(l.problems, "; "))
	}
	return nil
}

// drop notes a file column the row's table does not have.
func (l *loader) drop(t *source.Table, name string) {
	set := l.dropped[t]
	if set == nil {
		set = map[string]bool{}
		l.dropped[t] = set
	}
	if !set[name] {
		set[name] = true
		l.droppedList[t] = append(l.droppedList[t], name)
	}
}

// finish reports, once per table, the file's columns that held values
// but are not columns of the table: nothing is dropped silently.
func (l *loader) finish() {
	tables := make([]*source.Table, 0, len(l.droppedList))
	for t := range l.droppedList {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].Name < tables[j].Name })
	for _, t := range tables {
		l.out.Warn(source.Location{}, fmt.Sprintf("columns not in %s, not loaded: %s", t.Name, strings.Join(l.droppedList[t], ", ")))
	}
}
