package awscli

import (
	"bufio"
	"strings"
)

// renderTable draws the sections. Every section is stretched to the width
// of the widest one; if that is wider than the terminal, one-row sections
// are first turned vertical ("header | value" rows).
func renderTable(w *bufio.Writer, sections []*section, termWidth int) {
	width := widestSection(sections)
	if width > termWidth {
		sections = toVertical(sections)
		width = widestSection(sections)
	}
	w.WriteString(strings.Repeat("-", width) + "\n")
	for _, s := range sections {
		renderSection(w, s, width)
	}
}

func widestSection(sections []*section) int {
	width := 0
	for _, s := range sections {
		width = max(width, s.totalWidth())
	}
	return width
}

func toVertical(sections []*section) []*section {
	out := make([]*section, len(sections))
	for i, s := range sections {
		out[i] = s
		if len(s.rows) != 1 || len(s.headers) == 0 {
			continue
		}
		v := &section{title: s.title, indent: s.indent}
		for j, h := range s.headers {
			if j < len(s.rows[0]) {
				v.addRow([]any{h, s.rows[0][j]})
			}
		}
		out[i] = v
	}
	return out
}

// renderSection writes one section; each of its lines is framed by one
// extra '|' per indent level on both sides.
func renderSection(w *bufio.Writer, s *section, width int) {
	frame := strings.Repeat("|", s.indent)
	line := func(text string) {
		w.WriteString(frame + text + frame + "\n")
	}
	width -= 2 * s.indent
	if s.title != "" {
		line(centerText(s.title, width, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			line("+" + strings.Repeat("-", width-2) + "+")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(width)
		line(ruleLine(widths))
		var b strings.Builder
		for i, h := range s.headers[:min(len(s.headers), len(widths))] {
			left := ""
			if i == 0 {
				left = "|"
			}
			b.WriteString(centerText(h, widths[i], left, "|"))
		}
		line(b.String())
	}
	if len(s.rows) == 0 {
		return
	}
	widths := s.columnWidths(width)
	if len(widths) == 0 {
		return
	}
	line(ruleLine(widths))
	for _, row := range s.rows {
		var b strings.Builder
		for i, cell := range row[:min(len(row), len(widths))] {
			left := ""
			if i == 0 {
				left = "|"
			}
			b.WriteString(alignLeft(cell, widths[i], left, "|"))
		}
		line(b.String())
	}
	line(ruleLine(widths))
}

// ruleLine is "+-----+----+" for the given column widths.
func ruleLine(widths []int) string {
	var b strings.Builder
	for i, wd := range widths {
		if i == 0 {
			b.WriteString("+" + spaces("-", wd-2) + "+")
		} else {
			b.WriteString(spaces("-", wd-1) + "+")
		}
	}
	return b.String()
}

// centerText centers text in length columns between the edges. The left gap
// is length/2 - textWidth/2 - 1 (floor divisions), the right gap takes the
// rest; a negative gap writes nothing but still counts, as in the CLI.
func centerText(text string, length int, left, right string) string {
	tw := textWidth(text)
	start := floorDiv(length, 2) - floorDiv(tw, 2) - 1
	sofar := textWidth(left) + start + tw
	rightGap := length - textWidth(right) - sofar
	return left + spaces(" ", start) + text + spaces(" ", rightGap) + right
}

// alignLeft writes text after a two-space pad (dropped when it does not
// fit) and fills the cell to length.
func alignLeft(text string, length int, left, right string) string {
	tw := textWidth(text)
	pad := 2
	if length-(tw+2+textWidth(left)+textWidth(right)) < 0 {
		pad = 0
	}
	sofar := len(left) + pad + tw
	return left + spaces(" ", pad) + text + spaces(" ", length-sofar-len(right)) + right
}

// spaces repeats s n times; like Python's str * int, n <= 0 gives "".
func spaces(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
