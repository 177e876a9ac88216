package awscli

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FormatTable prints v as `--output table` does. operation is the first
// section's title (the API name, e.g. "LookupEvents"); width is the terminal
// width (80 when stdout is not a terminal): a wider table has its one-row
// sections turned vertical. Empty and false values (null, "", 0, false, [],
// {}) print nothing, as in the CLI.
func FormatTable(w io.Writer, operation string, v any, width int) error {
	if !pyTruthy(v) {
		return nil
	}
	t := &tableBuilder{}
	if err := t.build(operation, true, v, 0); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	renderTable(bw, t.sections, width)
	return bw.Flush()
}

// pyTruthy is Python's truth value of a JSON value.
func pyTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case jsonv.Number:
		return pyNumber(x) != "0" && pyNumber(x) != "0.0" && pyNumber(x) != "-0.0"
	case []any:
		return len(x) > 0
	case *jsonv.Object:
		return x.Len() > 0
	}
	return true
}

func isScalar(v any) bool {
	switch v.(type) {
	case []any, *jsonv.Object:
		return false
	}
	return true
}

// section is one framed block of the table: a title, optional column
// headers, and rows of cell text.
type section struct {
	title     string
	indent    int
	headers   []string
	rows      [][]string
	numCols   int
	colsSet   bool
	maxWidths []int
}

func (s *section) addHeader(headers []string) {
	s.updateWidths(headers)
	if !s.colsSet {
		s.numCols, s.colsSet = len(headers), true
	}
	s.headers = headers
}

func (s *section) addRow(cells []any) error {
	if !s.colsSet {
		s.numCols, s.colsSet = len(cells), true
	}
	if len(cells) != s.numCols {
		return fmt.Errorf("Row should have %d elements, instead it has %d", s.numCols, len(cells))
	}
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = PyStr(c)
	}
	s.rows = append(s.rows, row)
	s.updateWidths(row)
	return nil
}

func (s *section) updateWidths(row []string) {
	if len(s.maxWidths) == 0 {
		for _, c := range row {
			s.maxWidths = append(s.maxWidths, textWidth(c))
		}
		return
	}
	for i, c := range row {
		if i < len(s.maxWidths) {
			s.maxWidths[i] = max(s.maxWidths[i], textWidth(c))
		}
	}
}

// columnWidths pads every column and scales them to fill total exactly:
// scaled by a common factor, rounded half to even, then corrected one
// column at a time (left to right when too wide, right to left when too
// narrow).
func (s *section) columnWidths(total int) []int {
	widths := make([]int, len(s.maxWidths))
	sum := 0
	for i, w := range s.maxWidths {
		widths[i] = w + 4
		sum += widths[i]
	}
	if len(widths) == 0 {
		return widths
	}
	factor := float64(total) / float64(sum)
	off := -total
	for i, w := range widths {
		widths[i] = int(math.RoundToEven(factor * float64(w)))
		off += widths[i]
	}
	for off != 0 {
		for k := range widths {
			i := k
			if off < 0 {
				i = len(widths) - 1 - k
			}
			if off > 0 {
				widths[i]--
				off--
			} else {
				widths[i]++
				off++
			}
			if off == 0 {
				break
			}
		}
	}
	return widths
}

// totalWidth is the width the section needs: padded columns, two borders,
// and two characters per indent level; at least the title's width.
func (s *section) totalWidth() int {
	total := 2 + 2*s.indent
	for _, w := range s.maxWidths {
		total += w + 4
	}
	return max(textWidth(s.title)+2+2*s.indent, total)
}

// tableBuilder turns a value into sections the way the CLI's table
// formatter walks a response.
type tableBuilder struct {
	sections []*section
	current  *section
}

func (t *tableBuilder) newSection(title string, indent int) {
	t.current = &section{title: title, indent: indent}
	t.sections = append(t.sections, t.current)
}

func (t *tableBuilder) addRow(cells []any) error {
	if t.current == nil {
		return fmt.Errorf("'NoneType' object has no attribute 'add_row'")
	}
	return t.current.addRow(cells)
}

// build adds v under title. hasTitle is false for lists nested directly in
// lists, which continue the current section.
func (t *tableBuilder) build(title string, hasTitle bool, v any, indent int) error {
	if !pyTruthy(v) {
		return nil
	}
	if hasTitle {
		t.newSection(title, indent)
	}
	switch x := v.(type) {
	case []any:
		if _, ok := x[0].(*jsonv.Object); ok {
			return t.buildList(x, indent, title)
		}
		for _, item := range x {
			switch it := item.(type) {
			case []any:
				if allScalar(it) {
					if err := t.addRow(it); err != nil {
						return err
					}
				} else if err := t.build("", false, it, 0); err != nil {
					return err
				}
			case *jsonv.Object:
				// Iterating a dict yields its keys, all strings: the CLI
				// prints the keys as a row.
				keys := make([]any, len(it.Keys))
				for i, k := range it.Keys {
					keys[i] = k
				}
				if err := t.addRow(keys); err != nil {
					return err
				}
			default:
				if err := t.addRow([]any{item}); err != nil {
					return err
				}
			}
		}
	case *jsonv.Object:
		return t.buildDict(x, indent)
	}
	return nil
}

func allScalar(list []any) bool {
	for _, e := range list {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

// buildDict writes a dict's scalar keys as one header row and one value row
// (or a single "key | value" row when there is one), then its other keys as
// nested sections, each in sorted key order.
func (t *tableBuilder) buildDict(o *jsonv.Object, indent int) error {
	headers, more := splitKeys(o)
	switch {
	case len(headers) == 1:
		v, _ := o.Get(headers[0])
		if err := t.addRow([]any{headers[0], v}); err != nil {
			return err
		}
	case len(headers) > 1:
		t.current.addHeader(headers)
		cells := make([]any, len(headers))
		for i, h := range headers {
			cells[i], _ = o.Get(h)
		}
		if err := t.addRow(cells); err != nil {
			return err
		}
	}
	for _, k := range more {
		v, _ := o.Get(k)
		if err := t.build(k, true, v, indent+1); err != nil {
			return err
		}
	}
	return nil
}

// buildList writes a list of dicts: the union of scalar keys as headers,
// one row per element (missing keys empty) and each element's non-scalar
// keys as nested sections; when there are nested sections every element
// gets its own titled section.
func (t *tableBuilder) buildList(list []any, indent int, title string) error {
	headerSet, moreSet := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		o, ok := e.(*jsonv.Object)
		if !ok {
			return fmt.Errorf("'%s' object has no attribute 'items'", pyTypeName(e))
		}
		h, m := splitKeys(o)
		for _, k := range h {
			headerSet[k] = true
		}
		for _, k := range m {
			moreSet[k] = true
		}
	}
	headers, more := sortedKeys(headerSet), sortedKeys(moreSet)
	t.current.addHeader(headers)
	for i, e := range list {
		o := e.(*jsonv.Object)
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.current.addHeader(headers)
		}
		cells := make([]any, len(headers))
		for j, h := range headers {
			v, ok := o.Get(h)
			if !ok {
				v = ""
			}
			cells[j] = v
		}
		if err := t.addRow(cells); err != nil {
			return err
		}
		for _, k := range more {
			if v, ok := o.Get(k); ok {
				if err := t.build(k, true, v, indent+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case jsonv.Number:
		if isPyInt(v.(jsonv.Number)) {
			return "int"
		}
		return "float"
	case []any:
		return "list"
	}
	return "dict"
}

// splitKeys returns o's keys with scalar values and the others, each sorted.
func splitKeys(o *jsonv.Object) (scalars, others []string) {
	for _, k := range o.Keys {
		v, _ := o.Get(k)
		if isScalar(v) {
			scalars = append(scalars, k)
		} else {
			others = append(others, k)
		}
	}
	sort.Strings(scalars)
	sort.Strings(others)
	return scalars, others
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
