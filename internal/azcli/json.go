package azcli

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FormatJSON writes v as `-o json` does: Python's json.dumps with indent=2,
// sort_keys=True and ensure_ascii=False, then a newline. Keys are always
// sorted, even those a --query multiselect wrote in its own order. A nil
// result prints nothing, as az prints nothing for a command returning None.
func FormatJSON(w io.Writer, v any) error {
	if v == nil {
		return nil
	}
	var b strings.Builder
	if err := writeJSON(&b, v, 0); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

func writeJSON(b *strings.Builder, v any, depth int) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writeJSONString(b, v)
	case jsonv.Number:
		if isIntLiteral(string(v)) {
			b.WriteString(string(v))
		} else {
			b.WriteString(jsonFloat(v.Float64()))
		}
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(jsonFloat(v))
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[")
		for i, e := range v {
			if i > 0 {
				b.WriteString(",")
			}
			newline(b, depth+1)
			if err := writeJSON(b, e, depth+1); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteString("]")
	case *jsonv.Object:
		if v.Len() == 0 {
			b.WriteString("{}")
			return nil
		}
		keys := append([]string(nil), v.Keys...)
		sort.Strings(keys) // byte order of UTF-8 is code point order, as Python sorts
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			newline(b, depth+1)
			writeJSONString(b, k)
			b.WriteString(": ")
			e, _ := v.Get(k)
			if err := writeJSON(b, e, depth+1); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteString("}")
	default:
		return fmt.Errorf("azcli: cannot print a %T as JSON", v)
	}
	return nil
}

func newline(b *strings.Builder, depth int) {
	b.WriteByte('\n')
	b.WriteString(strings.Repeat("  ", depth))
}

// jsonFloat is how Python's json module writes a float: repr, with the
// JavaScript names for the values JSON has no number for.
func jsonFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return pyFloat(f)
}

// writeJSONString quotes s as json.dumps(ensure_ascii=False) does: only the
// quote, the backslash and control characters are escaped; everything else
// (non-ASCII, '<', '/', U+2028) is written as is.
func writeJSONString(b *strings.Builder, s string) {
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
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
