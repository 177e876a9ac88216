package hunt

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// KQL detections get their parameters as let statements put before the
// query, on one line of their own:
//
//	let since = datetime(2024-03-04T00:00:00Z); let until = …; let min_bytes = 100000000;
//	<the hunt's query>
//
// Each value is written by kqlLiteral as a KQL literal, quoted and escaped,
// so a user's value is only ever data to the KQL lexer. The lets take one
// line so that a compile error in the query keeps its line number once
// that line is taken off.

// kqlPrelude writes the let statements for one run, ending in a newline.
func kqlPrelude(since, until time.Time, params []Value) (string, error) {
	var b strings.Builder
	write := func(name string, v any) error {
		lit, err := kqlLiteral(v)
		if err != nil {
			return fmt.Errorf("param %s: %w", name, err)
		}
		fmt.Fprintf(&b, "let %s = %s; ", name, lit)
		return nil
	}
	if err := write(ParamSince, since); err != nil {
		return "", err
	}
	if err := write(ParamUntil, until); err != nil {
		return "", err
	}
	for _, p := range params {
		if err := write(p.Name, p.Value); err != nil {
			return "", err
		}
	}
	return strings.TrimSuffix(b.String(), " ") + "\n", nil
}

// kqlLiteral writes a parameter value as a KQL literal: strings in double
// quotes with backslash escapes, whole numbers and reals as numbers, times
// as datetime(…), lists as dynamic([…]) (whose JSON uses the same string
// escapes, which KQL and JSON share).
func kqlLiteral(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return kqlString(v)
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", fmt.Errorf("%v has no KQL literal", v)
		}
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0" // 1.0 is a real; 1 would be a long
		}
		return s, nil
	case time.Time:
		return "datetime(" + v.UTC().Format("2006-01-02T15:04:05.9999999Z07:00") + ")", nil
	case []string:
		items := make([]string, len(v))
		for i, s := range v {
			q, err := kqlString(s)
			if err != nil {
				return "", err
			}
			items[i] = q
		}
		return "dynamic([" + strings.Join(items, ", ") + "])", nil
	case []int64:
		items := make([]string, len(v))
		for i, n := range v {
			items[i] = strconv.FormatInt(n, 10)
		}
		return "dynamic([" + strings.Join(items, ", ") + "])", nil
	}
	return "", fmt.Errorf("no KQL literal for a %T", v)
}

// kqlString quotes s. Text that no KQL string can hold (a NUL, invalid
// UTF-8) is refused rather than altered.
func kqlString(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("the value is not valid UTF-8")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == 0:
			return "", errors.New("the value holds a NUL character")
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			// Other control characters (and the JavaScript line
			// separators): written as escapes so the let stays one line.
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// compileKQL compiles a hunt's KQL with the lets of one run. A compile
// error's line is given in the hunt's query, without the lets' line.
func compileKQL(h *Hunt, schema query.Schema, since, until time.Time, params []Value) (*query.Compiled, error) {
	prelude, err := kqlPrelude(since, until, params)
	if err != nil {
		return nil, err
	}
	// ago() and now() count back from the end of the window: evidence is
	// old, and the wall clock means nothing to it.
	c, err := kql.Compile(prelude+h.Detection.Query, schema, kql.Options{Now: until})
	var qe *query.Error
	if errors.As(err, &qe) {
		moved := *qe
		if moved.Line > 1 {
			moved.Line--
		} else if moved.Line == 1 {
			// The problem is in the lets: a value the query cannot use
			// (a string param compared with a number, say).
			moved.Line, moved.Col = 0, 0
			moved.Msg = "in the parameters: " + moved.Msg
		}
		return nil, &moved
	}
	return c, err
}

// tableSchema serves the catalog's tables to the KQL compiler at load
// time, the way a case serves its own at run time.
type tableSchema []*source.Table

func (s tableSchema) Table(name string) *source.Table {
	for _, t := range s {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// checkKQL returns the problems of a KQL detection: it must compile over
// the case tables with the params' defaults, use since, until and every
// param, not hide a param behind a column of the same name, and return
// the key columns.
func checkKQL(h *Hunt, tables []*source.Table) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	q := h.Detection.Query
	if strings.TrimSpace(q) == "" {
		return []string{"detection.query is required"}
	}
	words := kqlWords(q)
	for _, name := range append([]string{ParamSince, ParamUntil}, h.ParamNames()...) {
		if !slices.Contains(words, name) {
			bad("detection.query never uses %s", name)
		}
		if slices.Contains(letNames(words), name) {
			bad("detection.query sets %s with its own let; it is given to the query", name)
		}
	}
	// KQL looks a name up among the columns before the lets, so a param
	// named like a column of its sources would silently never be read.
	for _, p := range h.Params {
		for _, src := range h.Sources {
			t := tableNamed(tables, src)
			if t == nil {
				continue
			}
			for _, c := range t.Columns {
				if strings.EqualFold(c.Name, p.Name) {
					bad("param %s has the name of a column of %s; KQL would read the column", p.Name, t.Name)
				}
			}
		}
	}

	defaults := make([]Value, len(h.Params))
	for i, p := range h.Params {
		defaults[i] = Value{Name: p.Name, Value: p.Default}
	}
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := compileKQL(h, tableSchema(tables), day, day.Add(24*time.Hour), defaults)
	if err != nil {
		bad("detection.query: %v", err)
		return errs
	}
	var names []string
	for _, col := range c.Columns {
		names = append(names, col.Name)
	}
	for _, k := range h.Key {
		if !slices.Contains(names, k) {
			bad("key column %s is not a column of the detection's result (%s)", k, strings.Join(names, ", "))
		}
	}
	return errs
}

// letNames lists the names the query binds with let.
func letNames(words []string) []string {
	var names []string
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "let" {
			names = append(names, words[i+1])
		}
	}
	return names
}

// kqlWords lists, in order, the names and keywords of a KQL query, skipping
// string literals and // comments: "since" in a string is not a use of
// since.
func kqlWords(q string) []string {
	var words []string
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case strings.HasPrefix(q[i:], "//"):
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				return words
			}
			i += end
		case (c == '@' || c == 'h' || c == 'H') && i+1 < len(q) && (q[i+1] == '"' || q[i+1] == '\''):
			i = skipString(q, i+1, c == '@')
		case c == '"' || c == '\'':
			i = skipString(q, i, false)
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			words = append(words, q[i:j])
			i = j
		case c >= '0' && c <= '9':
			// A number, or a timespan such as 1m: its unit is no name.
			j := i + 1
			for j < len(q) && (q[j] == '.' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return words
}

// skipString returns the offset just past the string literal whose quote
// is at q[i]. In a verbatim string a backslash is an ordinary character.
func skipString(q string, i int, verbatim bool) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		switch {
		case q[j] == '\\' && !verbatim:
			j++
		case q[j] == quote:
			return j + 1
		}
	}
	return len(q)
}
