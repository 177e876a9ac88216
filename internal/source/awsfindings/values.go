package awsfindings

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// get follows keys through nested objects; nil when any is missing or a
// step is not an object.
func get(v any, keys ...string) any {
	for _, k := range keys {
		o, ok := v.(*jsonv.Object)
		if !ok {
			return nil
		}
		v, _ = o.Get(k)
	}
	return v
}

// first is the first element of a list, or nil.
func first(v any) any {
	if list, ok := v.([]any); ok && len(list) > 0 {
		return list[0]
	}
	return nil
}

// firstNonNil returns the first value that is not nil.
func firstNonNil(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// fields turns JSON values into column values. A value of the wrong kind
// becomes NULL and a warning: the row still loads, with raw intact.
type fields struct {
	warns []string
}

func (f *fields) wrong(name string, v any, want string) any {
	f.warns = append(f.warns, fmt.Sprintf("%s is %s, want %s", name, kind(v), want))
	return nil
}

// text is a string column; numbers and booleans keep their JSON text (some
// exports write GuardDuty's Asn as a number, the API as a string).
func (f *fields) text(name string, v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return v
	case jsonv.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return f.wrong(name, v, "a string")
}

// double is a DOUBLE column.
func (f *fields) double(name string, v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case jsonv.Number:
		x, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsInf(x, 0) {
			return f.wrong(name, v, "a number")
		}
		return x
	}
	return f.wrong(name, v, "a number")
}

// integer is a BIGINT column; a string of digits is taken too.
func (f *fields) integer(name string, v any) any {
	var s string
	switch v := v.(type) {
	case nil:
		return nil
	case jsonv.Number:
		s = string(v)
	case string:
		s = v
	default:
		return f.wrong(name, v, "an integer")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// 5.0 is an integer too.
		x, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return f.wrong(name, v, "an integer")
		}
		n = int64(x)
	}
	return n
}

// boolean is a BOOLEAN column; "true"/"false" strings are taken too.
func (f *fields) boolean(name string, v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case bool:
		return v
	case string:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return f.wrong(name, v, "true or false")
}

// timestamp is a TIMESTAMP column: ISO-8601 text, as the services and CLI
// v2 print times, or epoch seconds, as CLI v1 prints the wire value of
// Inspector's and Macie's timestamps.
func (f *fields) timestamp(name string, v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		if t, ok := parseTime(v); ok {
			return t
		}
	case jsonv.Number:
		x, err := strconv.ParseFloat(string(v), 64)
		if err == nil && x > 0 && x < 1e13 {
			if x >= 1e11 { // milliseconds
				x /= 1000
			}
			sec, frac := math.Modf(x)
			return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC()
		}
	}
	return f.wrong(name, v, "a time")
}

// timeLayouts are the ways the services and CLIs write times.
var timeLayouts = []string{
	time.RFC3339Nano,             // 2020-05-26T22:21:48.385Z, …+00:00
	"2006-01-02T15:04:05.999999", // no zone: UTC
	"2006-01-02 15:04:05.999999Z07:00",
	"2006-01-02 15:04:05.999999",
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// kind names a JSON value's kind for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case jsonv.Number:
		return "a number"
	case []any:
		return "an array"
	case *jsonv.Object:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// stringList is a JSON array of the distinct strings in vs, in first-seen
// order, for the list columns.
func stringList(vs []string) string {
	seen := map[string]bool{}
	list := []any{}
	for _, v := range vs {
		if v != "" && !seen[v] {
			seen[v] = true
			list = append(list, v)
		}
	}
	return string(appendJSON(nil, list))
}
