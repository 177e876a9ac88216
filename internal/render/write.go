package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WriteJSON prints t as one JSON array of objects, indented for reading.
// An empty table is [] (never null), so a consumer can always iterate.
func WriteJSON(w io.Writer, t Table) error {
	rows := make([]Object, len(t.Rows))
	for i := range t.Rows {
		rows[i] = t.Row(i)
	}
	return EncodeJSON(w, rows)
}

// EncodeJSON prints any value as one indented JSON document followed by a
// newline. Commands whose output is more than a table (a hunt run: hunts,
// each with its findings) build it from Objects and print it with this.
func EncodeJSON(w io.Writer, v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// WriteJSONL prints t as one compact JSON object per line.
func WriteJSONL(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	for i := range t.Rows {
		if err := EncodeJSONLine(bw, t.Row(i)); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// EncodeJSONLine prints v as compact JSON on one line.
func EncodeJSONLine(w io.Writer, v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteCSV prints t as RFC 4180 CSV: a header line, then one record per
// row, CRLF after each record, fields quoted when they hold a comma, a
// quote, a line break or edge blanks. Cells are never cut or escaped: a
// newline inside a value stays a newline (encoding/csv would turn it into
// CRLF), so the CSV holds the values exactly.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	writeRecord := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				bw.WriteByte(',')
			}
			if f == "" || !strings.ContainsAny(f, ",\"\r\n") && strings.TrimSpace(f) == f {
				bw.WriteString(f)
				continue
			}
			bw.WriteByte('"')
			bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
			bw.WriteByte('"')
		}
		bw.WriteString("\r\n")
	}
	writeRecord(t.Columns)
	record := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			record[i] = Text(v)
		}
		writeRecord(record)
	}
	return bw.Flush()
}

// WriteTable prints t as aligned columns separated by two spaces, one line
// per row. Columns whose values are all numbers are right-aligned. The
// output is the same on a terminal and through a pipe, so it can be grepped
// and diffed; scripts should prefer jsonl or csv, which never cut a value.
func WriteTable(w io.Writer, t Table, opts Options) error {
	maxCell := opts.MaxCell
	if maxCell == 0 {
		maxCell = DefaultMaxCell
	}
	cells := make([][]string, 0, len(t.Rows)+1)
	cells = append(cells, t.Columns)
	numeric := make([]bool, len(t.Columns))
	for i := range numeric {
		numeric[i] = len(t.Rows) > 0
	}
	for _, row := range t.Rows {
		line := make([]string, len(row))
		for i, v := range row {
			line[i] = cut(escapeControl(Text(v)), maxCell)
			if v != nil && !isNumber(v) {
				numeric[i] = false
			}
		}
		cells = append(cells, line)
	}
	widths := make([]int, len(t.Columns))
	for _, line := range cells {
		for i, c := range line {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}

	bw := bufio.NewWriter(w)
	for _, line := range cells {
		var b strings.Builder
		for i, c := range line {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if numeric[i] {
				b.WriteString(pad)
				b.WriteString(c)
			} else {
				b.WriteString(c)
				b.WriteString(pad)
			}
			if i < len(line)-1 {
				b.WriteString("  ")
			}
		}
		// Blank cells at the end of a line would leave trailing blanks.
		bw.WriteString(strings.TrimRight(b.String(), " "))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func isNumber(v any) bool {
	switch v.(type) {
	case int, int32, int64, uint64, float32, float64, *big.Int:
		return true
	}
	return false
}

// cut shortens s to at most n characters, ending in "…" when it was longer.
func cut(s string, n int) string {
	if n < 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

// escapeControl writes newlines, tabs and other control characters as
// escapes, so that each row stays on one line and a crafted user agent
// (an ANSI escape sequence, say) cannot act on the analyst's terminal.
func escapeControl(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case isControl(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeRune writes r as \xHH or \uHHHH.
func escapeRune(r rune) string {
	if r < 0x100 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == utf8.RuneError ||
		r == '\u2028' || r == '\u2029' || // line and paragraph separators
		unicode.Is(unicode.Bidi_Control, r) // can reorder what the eye reads
}
