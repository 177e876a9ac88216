package awscli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// PyStr is Python's str() of a value, which is what the CLI prints for table
// cells and text fields: True/False, None, 5 and 5.0 kept apart, and Python
// reprs for lists and dicts.
func PyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	}
	return pyRepr(v)
}

// pyRepr is Python's repr() of a value.
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return pyStringRepr(x)
	case jsonv.Number:
		return pyNumber(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *jsonv.Object:
		parts := make([]string, 0, x.Len())
		for _, k := range x.Keys {
			e, _ := x.Get(k)
			parts = append(parts, pyStringRepr(k)+": "+pyRepr(e))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// isPyInt reports whether Python's json module reads the number as an int:
// it does when the text has no fraction and no exponent.
func isPyInt(n jsonv.Number) bool {
	return !strings.ContainsAny(string(n), ".eE")
}

// pyNumber prints a JSON number the way Python prints the int or float that
// json.loads made of it.
func pyNumber(n jsonv.Number) string {
	s := string(n)
	if s == "" {
		return "0"
	}
	if isPyInt(n) {
		// Python ints are exact at any size; only "-0" changes.
		if strings.TrimLeft(s, "-0") == "" {
			return "0"
		}
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return s
	}
	return pyFloat(f)
}

// pyFloat is Python's repr() of a float: the shortest round-tripping digits,
// in positional form when the decimal exponent is in [-4, 16), else in
// scientific form with a signed two-digit-minimum exponent.
func pyFloat(f float64) string { return jsonv.PyFloat(f) }

// pyStringRepr is Python's repr() of a str: single quotes unless the text
// has a single quote and no double quote.
func pyStringRepr(s string) string { return jsonv.PyStringRepr(s) }
