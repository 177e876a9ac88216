package azcli

import (
	"errors"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// ErrNoTable is what az says when no row has a scalar field to show.
var ErrNoTable = errors.New("Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.")

// tableSkipKeys are keys knack never shows in a table.
var tableSkipKeys = map[string]bool{"id": true, "type": true, "etag": true}

// FormatTable writes v as `-o table` does (knack _TableOutput, then
// tabulate's "simple" format with number parsing off).
//
// Each element of v (v itself when it is not a list) becomes a row. An
// object row keeps its scalar fields, minus id, type and etag, under headers
// whose first letter is upper-cased; the fields keep the object's order when
// a --query was given (queryGiven) and are sorted otherwise. A list row
// becomes Column1, Column2 …; a scalar row a Result column. Columns are the
// union of the rows' headers in order of first appearance; every column is
// left-aligned, at least two wider than its header, with two spaces between
// columns; cells are str() of the value, trimmed of surrounding whitespace;
// trailing spaces are trimmed from every line.
//
// This assumes the command has no table transformer of its own (knack runs
// one only when there is no --query). A nil result prints nothing.
func FormatTable(w io.Writer, v any, queryGiven bool) error {
	if v == nil {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	if len(items) == 0 {
		_, err := io.WriteString(w, "\n")
		return err
	}
	rows := make([]tableRow, len(items))
	for i, item := range items {
		rows[i] = toTableRow(item, !queryGiven)
	}
	headers := unionHeaders(rows)
	if len(headers) == 0 {
		return ErrNoTable
	}
	_, err := io.WriteString(w, renderSimple(headers, rows))
	return err
}

// tableRow is one row: its headers in order and the cell for each.
type tableRow struct {
	headers []string
	cells   map[string]any
}

func (r *tableRow) add(header string, v any) {
	if _, seen := r.cells[header]; !seen {
		r.headers = append(r.headers, header)
	}
	r.cells[header] = v
}

// toTableRow is knack's _auto_table_item.
func toTableRow(item any, sortKeys bool) tableRow {
	row := tableRow{cells: map[string]any{}}
	switch item := item.(type) {
	case *jsonv.Object:
		keys := item.Keys
		if sortKeys {
			keys = append([]string(nil), keys...)
			sort.Strings(keys)
		}
		for _, k := range keys {
			if tableSkipKeys[k] {
				continue
			}
			val, _ := item.Get(k)
			switch val.(type) {
			case nil, []any, *jsonv.Object:
				continue // only scalars make cells
			}
			row.add(capitalizeFirst(k), val)
		}
	case []any:
		for i, val := range item {
			row.add("Column"+itoa(i+1), val)
		}
	default:
		row.add("Result", item)
	}
	return row
}

func itoa(n int) string { return pyRepr(int64(n)) }

// capitalizeFirst upper-cases only the first character: principalName →
// PrincipalName, UPN stays UPN.
func capitalizeFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// unionHeaders lists every row's headers, in order of first appearance,
// as tabulate does for a list of dicts.
func unionHeaders(rows []tableRow) []string {
	var headers []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, h := range r.headers {
			if !seen[h] {
				seen[h] = true
				headers = append(headers, h)
			}
		}
	}
	return headers
}

// renderSimple is tabulate's "simple" format with a header: header line,
// dashes under each column, then the rows. Cells holding newlines span
// several lines, as tabulate's multiline rows do.
func renderSimple(headers []string, rows []tableRow) string {
	// cells[r][c] holds the lines of row r, column c.
	cells := make([][][]string, len(rows))
	widths := make([]int, len(headers))
	for c, h := range headers {
		widths[c] = maxLineWidth(h) + 2 // tabulate's minimum padding for headers
	}
	for r, row := range rows {
		cells[r] = make([][]string, len(headers))
		for c, h := range headers {
			text := ""
			if v, ok := row.cells[h]; ok && v != nil {
				text = strings.TrimSpace(PyStr(v))
			}
			cells[r][c] = strings.Split(text, "\n")
			widths[c] = max(widths[c], maxLineWidth(text))
		}
	}

	var b strings.Builder
	headerCells := make([][]string, len(headers))
	for c, h := range headers {
		headerCells[c] = strings.Split(h, "\n")
	}
	writeRow(&b, headerCells, widths)
	dashes := make([]string, len(widths))
	for c, wd := range widths {
		dashes[c] = strings.Repeat("-", wd)
	}
	b.WriteString(strings.Join(dashes, "  ") + "\n")
	for _, row := range cells {
		writeRow(&b, row, widths)
	}
	return b.String()
}

// writeRow writes one table row, as many lines as its tallest cell.
func writeRow(b *strings.Builder, cells [][]string, widths []int) {
	height := 1
	for _, lines := range cells {
		height = max(height, len(lines))
	}
	for line := 0; line < height; line++ {
		parts := make([]string, len(cells))
		for c, lines := range cells {
			text := ""
			if line < len(lines) {
				text = lines[line]
			}
			parts[c] = text + strings.Repeat(" ", widths[c]-utf8.RuneCountInString(text))
		}
		b.WriteString(strings.TrimRightFunc(strings.Join(parts, "  "), unicode.IsSpace) + "\n")
	}
}

func maxLineWidth(s string) int {
	width := 0
	for _, line := range strings.Split(s, "\n") {
		width = max(width, utf8.RuneCountInString(line))
	}
	return width
}
