package jmespath

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// This file writes values the way Python does, because the CLI prints
// Python's texts: error messages use str()/repr() of the offending value,
// and to_string() is json.dumps(value, separators=(',', ':')).

// pyStr is Python's str(v): a string as is, anything else as repr.
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

// pyRepr is Python's repr(v) for a JSON value.
func pyRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(v)
	case string:
		return pyReprString(v)
	case jsonv.Number:
		return numberText(v, false)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *jsonv.Object:
		parts := make([]string, len(v.Keys))
		for i, k := range v.Keys {
			e, _ := v.Get(k)
			parts[i] = pyReprString(k) + ": " + pyRepr(e)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *exprefValue:
		return "<jmespath.visitor._Expression object>"
	}
	return fmt.Sprint(v)
}

// pyStrList is repr of a list of strings: ['string', 'number'].
func pyStrList(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = pyReprString(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// pyReprString quotes s as Python's repr does: single quotes unless s has
// a single quote and no double quote; printable characters kept.
func pyReprString(s string) string { return jsonv.PyStringRepr(s) }

// numberText is n as Python prints the number json.loads read from it: an
// int in plain digits, a float in repr form ("5.0", "1e+16"). json selects
// json.dumps' spelling of infinities.
func numberText(n jsonv.Number, json bool) string {
	if v, _ := toNum(n); v.isInt() {
		return v.i.String()
	}
	return pyFloat(n.Float64(), json)
}

// isIntText reports whether s is an optional minus and digits only.
func isIntText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// pyFloat is Python's repr of a float: the shortest digits that round-trip,
// in positional form unless the exponent is below -4 or at least 16.
func pyFloat(f float64, json bool) string {
	if json {
		// json.dumps spells the non-finite floats as JavaScript does.
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "Infinity"
		case math.IsInf(f, -1):
			return "-Infinity"
		}
	}
	return jsonv.PyFloat(f)
}

// pyJSON is json.dumps(v, separators=(',', ':')): compact, keys in order,
// non-ASCII escaped as \uXXXX (ensure_ascii), numbers as Python prints them.
func pyJSON(v any) string {
	var b strings.Builder
	writePyJSON(&b, v)
	return b.String()
}

func writePyJSON(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if v {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		writePyJSONString(b, v)
	case jsonv.Number:
		b.WriteString(numberText(v, true))
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writePyJSON(b, e)
		}
		b.WriteByte(']')
	case *jsonv.Object:
		b.WriteByte('{')
		for i, k := range v.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writePyJSONString(b, k)
			b.WriteByte(':')
			e, _ := v.Get(k)
			writePyJSON(b, e)
		}
		b.WriteByte('}')
	default:
		// json.dumps(default=str) writes anything else as its str().
		writePyJSONString(b, pyStr(v))
	}
}

func writePyJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r >= ' ' && r < 0x7f:
				b.WriteRune(r)
			case r > 0xffff:
				r -= 0x10000
				fmt.Fprintf(b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3ff))
			default:
				fmt.Fprintf(b, `\u%04x`, r)
			}
		}
	}
	b.WriteByte('"')
}
