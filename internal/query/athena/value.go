package athena

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// valueText writes a result value as Athena's text results do (Trino's
// client rendering): timestamps with milliseconds, doubles as Java's
// Double.toString, arrays as [a, b], rows as {name=value, …}.
func valueText(v any, t *typ) string {
	if v == nil {
		return "null"
	}
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if _, s, ok := decimalParams(t); ok {
			return strconv.FormatFloat(v, 'f', s, 64)
		}
		if t.name == "real" {
			return javaDouble(v, 32)
		}
		if isInteger(t) {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return javaDouble(v, 64)
	case time.Time:
		switch t.name {
		case "date":
			return v.Format("2006-01-02")
		case "timestamp with time zone":
			return v.UTC().Format("2006-01-02 15:04:05.000") + " UTC"
		}
		return v.UTC().Format("2006-01-02 15:04:05.000")
	case []any:
		elem := tUnknown
		if t.name == "array" {
			elem = t.elem
		}
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = valueText(e, elem)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		var parts []string
		if t.name == "row" {
			for _, f := range t.fields {
				parts = append(parts, f.name+"="+valueText(v[f.name], f.t))
			}
		} else {
			for k, e := range v {
				parts = append(parts, k+"="+valueText(e, tUnknown))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// javaDouble formats f as Java's Double.toString (Float.toString for
// bits 32): plain notation with at least one decimal between 10^-3 and
// 10^7, otherwise d.dddE±n.
func javaDouble(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // 1.2345e+07
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(n)
}

// decimalParams reads decimal(p,s).
func decimalParams(t *typ) (p, s int, ok bool) {
	rest, found := strings.CutPrefix(t.name, "decimal(")
	if !found {
		return 0, 0, false
	}
	ps, ss, _ := strings.Cut(strings.TrimSuffix(rest, ")"), ",")
	p, err1 := strconv.Atoi(ps)
	s, err2 := strconv.Atoi(ss)
	return p, s, err1 == nil && err2 == nil
}

// parseTypeName reads a type as typ.String writes it (the Type of a
// query.Column): varchar, array(varchar), row(arn varchar, …).
func parseTypeName(s string) *typ {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return &typ{name: s}
	}
	name, inner := s[:open], s[open+1:len(s)-1]
	switch name {
	case "array":
		return arrayOf(parseTypeName(inner))
	case "row":
		var fields []field
		for _, part := range splitTopLevel(inner) {
			fname, ftype, _ := strings.Cut(strings.TrimSpace(part), " ")
			fields = append(fields, field{name: fname, t: parseTypeName(ftype)})
		}
		return rowOf(fields...)
	}
	return &typ{name: s}
}

// splitTopLevel splits s at the commas outside parentheses.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}
