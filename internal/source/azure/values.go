package azure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Value converts one value of an export — a JSON value (string, float64 or
// json.Number, bool, nil, map, slice) or a cell's text — into what the
// column stores. Exports disagree on types: az prints every value as a
// string ("57", "True", "None"), the portal's CSV writes times as
// "4/28/2021, 2:08:45.221 PM", the API sends numbers as numbers. A value
// that cannot be read as the column's type is an error naming what was
// expected; callers keep the row with the column NULL and warn.
func Value(col source.Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && col.Type != "VARCHAR" {
		// Empty cells, and az's str(None), are NULL for a typed column
		// (dynamic included: "None" is never JSON, it is az's null).
		if s == "" || s == "None" {
			return nil, nil
		}
	}
	switch col.Type {
	case "VARCHAR":
		return text(v), nil
	case "BIGINT", "INTEGER":
		if n, ok := exactInt(v); ok {
			if col.Type == "INTEGER" {
				if n < math.MinInt32 || n > math.MaxInt32 {
					return nil, fmt.Errorf("%s: %v is too large", col.Name, v)
				}
				return int32(n), nil
			}
			return n, nil
		}
		f, err := number(v)
		if err != nil {
			return nil, err
		}
		if f != math.Trunc(f) || math.Abs(f) > 1<<62 {
			return nil, fmt.Errorf("%s: %v is not a whole number", col.Name, v)
		}
		if col.Type == "INTEGER" {
			if math.Abs(f) > math.MaxInt32 {
				return nil, fmt.Errorf("%s: %v is too large", col.Name, v)
			}
			return int32(f), nil
		}
		return int64(f), nil
	case "DOUBLE":
		f, err := number(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", col.Name, err)
		}
		return f, nil
	case "BOOLEAN":
		switch b := v.(type) {
		case bool:
			return b, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(b)) {
			case "true", "1":
				return true, nil
			case "false", "0":
				return false, nil
			}
		case float64:
			return b != 0, nil
		case json.Number: // numbers as decoders with UseNumber give them
			if f, err := b.Float64(); err == nil {
				return f != 0, nil
			}
		}
		return nil, fmt.Errorf("%s: %v is not a boolean", col.Name, v)
	case "TIMESTAMP":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%s: %v is not a time", col.Name, v)
		}
		t, err := ParseTime(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", col.Name, err)
		}
		return t, nil
	case "JSON":
		return dynamicText(v)
	}
	return nil, fmt.Errorf("%s: no conversion to %s", col.Name, col.Type)
}

// text is a value as a string column holds it: strings as they are,
// numbers and booleans as JSON writes them, objects as compact JSON.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// exactInt reads a whole number written as text (az's "57", a JSON
// number) exactly: through float64, longs past 2^53 would be rounded.
func exactInt(v any) (int64, bool) {
	var s string
	switch v := v.(type) {
	case string:
		s = strings.TrimSpace(v)
	case json.Number:
		s = v.String()
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func number(v any) (float64, error) {
	switch v := v.(type) {
	case float64:
		return v, nil
	case json.Number:
		return v.Float64()
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", v)
		}
		return f, nil
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("%v is not a number", v)
}

// dynamicText returns the JSON text a dynamic column stores. Exports carry
// dynamic values either as JSON values or as their JSON text; text that is
// not JSON is kept as a JSON string, with an error saying so (the caller
// warns and keeps the row).
func dynamicText(v any) (any, error) {
	s, isText := v.(string)
	if !isText {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return nil, nil
	}
	if json.Valid([]byte(trimmed)) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(trimmed)) == nil {
			return loneSurrogatesReplaced(compact.String()), nil
		}
	}
	b, _ := json.Marshal(s)
	return string(b), fmt.Errorf("not JSON, kept as a string: %.60q", s)
}

// JSONText returns JSON text as a dynamic column can store it: with lone
// surrogate escapes replaced, as loneSurrogatesReplaced says.
func JSONText(s string) string { return loneSurrogatesReplaced(s) }

// loneSurrogatesReplaced returns JSON text with every \uXXXX escape of
// half a UTF-16 surrogate pair replaced by \ufffd: JSON allows them,
// DuckDB's JSON type refuses them, and one such value would fail the
// whole load.
func loneSurrogatesReplaced(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	// code is the escape \uXXXX at s[i], or -1.
	code := func(i int) int64 {
		if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
			return -1
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			return -1
		}
		return int64(n)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		c := code(i)
		switch {
		case c < 0:
			i++ // a short escape such as \" or \\: skip the escaped byte
		case c >= 0xD800 && c <= 0xDBFF:
			if low := code(i + 6); low >= 0xDC00 && low <= 0xDFFF {
				i += 11 // a whole pair
				continue
			}
			fallthrough
		case c >= 0xDC00 && c <= 0xDFFF:
			b.WriteString(s[last:i])
			b.WriteString(`\ufffd`)
			last = i + 6
			i += 5
		default:
			i += 5
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// timeLayouts are the forms Azure exports write times in: ISO 8601 with up
// to 7 fractional digits (the API, az, diagnostic settings), the portal's
// CSV ("4/28/2021, 2:08:45.221 PM"), and space-separated ISO.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02 15:04:05.9999999Z07:00",
	"2006-01-02 15:04:05.9999999",
	"1/2/2006, 3:04:05.999 PM",
	"1/2/2006, 3:04:05 PM",
	"1/2/2006 3:04:05.999 PM",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 15:04:05",
	"2006-01-02",
}

// ParseTime reads a time in any form an Azure export writes; times without
// a zone are UTC, as everything in Log Analytics is.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (want ISO 8601 or the portal's M/D/YYYY, h:mm:ss.fff AM)", s)
}
