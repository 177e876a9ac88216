package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
)

// TimeLayout is how every timestamp prints: RFC 3339 in UTC, with fractional
// seconds only when there are some (CloudTrail times are whole seconds).
const TimeLayout = time.RFC3339Nano

// Text is the text form of a value, as a table or CSV cell shows it: nil is
// empty, timestamps are RFC 3339 UTC, numbers are plain decimals, and lists
// and objects are compact JSON.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case time.Time:
		return v.UTC().Format(TimeLayout)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32)
	case *big.Int:
		return v.String()
	case fmt.Stringer:
		return v.String()
	}
	b, err := marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// JSONValue turns a value into what encoding/json should write for it:
// timestamps become RFC 3339 UTC strings (encoding/json would keep the
// value's own zone), big integers stay exact, and NaN or infinite floats,
// which JSON cannot hold, become strings. Lists and maps are converted
// element by element.
func JSONValue(v any) any {
	switch v := v.(type) {
	case time.Time:
		return v.UTC().Format(TimeLayout)
	case *big.Int:
		return json.Number(v.String())
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = JSONValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = JSONValue(e)
		}
		return out
	case Object:
		return v // converts its own values when marshalled
	}
	return v
}

// Object is a JSON object that keeps its keys in the order given, so that
// a row prints with its columns in query order (a Go map would sort them).
type Object struct {
	Keys   []string
	Values []any
}

// Add appends a key and its value.
func (o *Object) Add(key string, value any) {
	o.Keys = append(o.Keys, key)
	o.Values = append(o.Values, value)
}

// MarshalJSON writes the keys in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		val, err := marshal(JSONValue(o.Values[i]))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Row returns row i of t as an Object.
func (t Table) Row(i int) Object {
	return Object{Keys: t.Columns, Values: t.Rows[i]}
}

// marshal is json.Marshal without HTML escaping: a user agent with "<" or
// "&" should read as it was logged.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(JSONValue(v)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
