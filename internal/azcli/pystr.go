// Package azcli reproduces what the az CLI (knack) prints: its json, table
// and tsv output formats over jsonv values, what `az monitor log-analytics
// query` turns a Log Analytics result into, and az's argument parsing for the
// commands the playbook runs.
//
// A value is one of nil, bool, string, jsonv.Number, []any, *jsonv.Object
// (int64 and float64 are accepted too). az is Python, so every scalar ends up
// as Python's str() of the value; PyStr is that.
package azcli

import (
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// PyStr is Python's str() of a JSON value as Python's json module would
// have decoded it: None, True/False, ints as written, floats in repr form
// ("5.0", "1e-05"), lists and objects in their repr form.
func PyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

// pyRepr is Python's repr(): as str() except that strings are quoted.
func pyRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return pyQuote(v)
	case jsonv.Number:
		if isIntLiteral(string(v)) {
			return string(v)
		}
		return pyFloat(v.Float64())
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return pyFloat(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *jsonv.Object:
		parts := make([]string, 0, v.Len())
		for _, k := range v.Keys {
			e, _ := v.Get(k)
			parts = append(parts, pyQuote(k)+": "+pyRepr(e))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "<unsupported value>"
}

// isIntLiteral reports whether a JSON number is written as an integer, which
// Python's json module reads as an int of any size.
func isIntLiteral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// pyFloat is Python's repr() of a float: the shortest digits that read back
// the same, in fixed notation when the decimal exponent is in [-4, 16),
// else as d.ddde±XX; integral values keep a ".0".
func pyFloat(f float64) string { return jsonv.PyFloat(f) }

// pyQuote is Python's repr() of a str: single quotes unless the text holds a
// single quote and no double quote; backslash, the quote and control
// characters escaped.
func pyQuote(s string) string { return jsonv.PyStringRepr(s) }
