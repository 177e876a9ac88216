package awscli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FormatJSON prints v as `--output json` does: Python's json.dump with
// indent=4 and ensure_ascii=False (non-ASCII text is written as is), then a
// newline. An empty object prints nothing (the CLI's "no response body"
// rule); null, [] and "" are printed.
func FormatJSON(w io.Writer, v any) error {
	if o, ok := v.(*jsonv.Object); ok && o.Len() == 0 {
		return nil
	}
	bw := bufio.NewWriter(w)
	writeJSON(bw, v, 0)
	bw.WriteByte('\n')
	return bw.Flush()
}

func writeJSON(w *bufio.Writer, v any, depth int) {
	switch x := v.(type) {
	case nil:
		w.WriteString("null")
	case bool:
		if x {
			w.WriteString("true")
		} else {
			w.WriteString("false")
		}
	case string:
		writeJSONString(w, x)
	case jsonv.Number:
		w.WriteString(jsonNumber(x))
	case []any:
		if len(x) == 0 {
			w.WriteString("[]")
			return
		}
		w.WriteString("[")
		for i, e := range x {
			if i > 0 {
				w.WriteString(",")
			}
			newlineIndent(w, depth+1)
			writeJSON(w, e, depth+1)
		}
		newlineIndent(w, depth)
		w.WriteString("]")
	case *jsonv.Object:
		if x.Len() == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteString("{")
		for i, k := range x.Keys {
			if i > 0 {
				w.WriteString(",")
			}
			newlineIndent(w, depth+1)
			writeJSONString(w, k)
			w.WriteString(": ")
			e, _ := x.Get(k)
			writeJSON(w, e, depth+1)
		}
		newlineIndent(w, depth)
		w.WriteString("}")
	default:
		writeJSONString(w, fmt.Sprint(v))
	}
}

func newlineIndent(w *bufio.Writer, depth int) {
	w.WriteByte('\n')
	w.WriteString(strings.Repeat("    ", depth))
}

// jsonNumber is how Python's json module writes the int or float a number
// was read as (floats by repr, infinities as Infinity).
func jsonNumber(n jsonv.Number) string {
	s := pyNumber(n)
	switch s {
	case "inf":
		return "Infinity"
	case "-inf":
		return "-Infinity"
	case "nan":
		return "NaN"
	}
	return s
}

// writeJSONString escapes only what Python's json escapes with
// ensure_ascii=False: the quote, the backslash and control characters.
func writeJSONString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(w, `\u%04x`, r)
			} else {
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}

// jsonMarshal writes v compactly (a wire body).
func jsonMarshal(v any) ([]byte, error) {
	return json.Marshal(v)
}
