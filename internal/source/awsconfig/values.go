package awsconfig

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Helpers that read the members of a decoded item into column values: a
// member that is missing or of another JSON type gives NULL (nil).

// str is o[key] when it is a string.
func str(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	if s, ok := v.(string); ok {
		return s
	}
	return nil
}

// text is o[key] as text: a string as is, a number as written.
func text(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	switch v := v.(type) {
	case string:
		return v
	case jsonv.Number:
		return string(v)
	}
	return nil
}

// obj is o[key] when it is an object.
func obj(o *jsonv.Object, key string) *jsonv.Object {
	v, _ := o.Get(key)
	m, _ := v.(*jsonv.Object)
	return m
}

// path follows nested objects: path(o, "State", "Name").
func path(o *jsonv.Object, keys ...string) any {
	for _, k := range keys[:len(keys)-1] {
		o = obj(o, k)
	}
	return str(o, keys[len(keys)-1])
}

// int32Of is o[key] when it is an integral number that fits 32 bits.
func int32Of(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	n, ok := v.(jsonv.Number)
	if !ok {
		return nil
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		return nil
	}
	return int32(i)
}

// float is o[key] when it is a finite number.
func float(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	n, ok := v.(jsonv.Number)
	if !ok {
		return nil
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil
	}
	return f
}

// boolean is o[key] when it is true or false.
func boolean(o *jsonv.Object, key string) any {
	v, _ := o.Get(key)
	if b, ok := v.(bool); ok {
		return b
	}
	return nil
}

// jsonOf is o[key] as JSON text, for JSON columns; NULL when missing.
func jsonOf(o *jsonv.Object, key string) any {
	v, ok := o.Get(key)
	if !ok || v == nil {
		return nil
	}
	return marshal(v)
}

// timeOf is o[key] as a time, and whether a present value failed to parse.
func timeOf(o *jsonv.Object, key string) (t any, bad bool) {
	v, ok := o.Get(key)
	if !ok || v == nil {
		return nil, false
	}
	if ts, ok := parseTime(v); ok {
		return ts, false
	}
	return nil, true
}

// tagValue is the value of tag key in an EC2 Tags list [{Key, Value}].
func tagValue(o *jsonv.Object, key string) any {
	v, _ := o.Get("Tags")
	tags, _ := v.([]any)
	for _, t := range tags {
		if t, ok := t.(*jsonv.Object); ok && str(t, "Key") == key {
			return str(t, "Value")
		}
	}
	return nil
}

// marshal writes a decoded value as compact JSON, keys in order and
// numbers as written. Unlike encoding/json it leaves <, > and & alone, so
// raw reads as the CLI printed it.
func marshal(v any) string {
	var b bytes.Buffer
	appendJSON(&b, v)
	return b.String()
}

func appendJSON(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case jsonv.Number:
		b.WriteString(string(v))
	case string:
		appendString(b, v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			appendJSON(b, e)
		}
		b.WriteByte(']')
	case *jsonv.Object:
		b.WriteByte('{')
		for i, k := range v.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			appendString(b, k)
			b.WriteByte(':')
			e, _ := v.Get(k)
			appendJSON(b, e)
		}
		b.WriteByte('}')
	}
}

func appendString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // cannot fail for a string
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// parseTime reads the times the AWS CLI prints: ISO 8601 with a "Z" or an
// offset ("+00:00" from CLI v2, "+0000" in some payloads), with or without
// fractions; or epoch seconds (CLI v1 prints numbers, e.g. 1488397200.123).
// Epoch values too large for seconds are taken as milliseconds.
func parseTime(v any) (time.Time, bool) {
	var t time.Time
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		var err error
		for _, layout := range timeLayouts {
			if t, err = time.Parse(layout, s); err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, false
		}
	case jsonv.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return time.Time{}, false
		}
		if f >= 1e11 { // later than year 5138 in seconds: milliseconds
			f /= 1000
		}
		sec, frac := math.Modf(f)
		t = time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000)
	default:
		return time.Time{}, false
	}
	t = t.UTC()
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

var timeLayouts = []string{
	time.RFC3339Nano,                      // 2024-03-08T10:11:12.123Z, …+00:00
	"2006-01-02T15:04:05.999999999Z0700",  // …+0000
	"2006-01-02 15:04:05.999999999Z07:00", // a space instead of T
	"2006-01-02T15:04:05.999999999",       // no zone: UTC
}

// cliTime writes t as AWS CLI v2 prints a UTC time (Python's isoformat):
// "2017-03-01T20:22:24.391000+00:00", without fraction when it is zero.
func cliTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05+00:00")
	}
	return t.Format("2006-01-02T15:04:05.000000+00:00")
}
