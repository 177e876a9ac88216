package diagnostic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// object is one decoded JSON object whose member values stay raw JSON.
// Keeping the raw text lets columns that hold JSON text (Authorization,
// AuthenticationDetails, Entities …) keep the member order and spelling
// Azure wrote, which the playbook's string splitting relies on.
type object map[string]json.RawMessage

// parseObject decodes raw as an object; ok is false when raw is not one.
func parseObject(raw []byte) (object, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, false
	}
	if o == nil {
		o = object{}
	}
	return o, true
}

// get returns the member named key; exports disagree on the case of a few
// names ("Level" and "level"), so a member that differs only in case counts.
func (o object) get(key string) json.RawMessage {
	if v, ok := o[key]; ok {
		return v
	}
	for k, v := range o {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// path follows keys through nested objects; nil when any step is missing.
func (o object) path(keys ...string) json.RawMessage {
	cur := o
	for i, k := range keys {
		v := cur.get(k)
		if i == len(keys)-1 {
			return v
		}
		next, ok := parseObject(v)
		if !ok {
			return nil
		}
		cur = next
	}
	return nil
}

// obj returns the member named key as an object (empty when it is not one).
func (o object) obj(key string) object {
	sub, ok := parseObject(o.get(key))
	if !ok {
		return object{}
	}
	return sub
}

// str returns the member as text: a string's content, a number's or a
// boolean's JSON text; "" for null, objects, arrays and missing members.
func (o object) str(keys ...string) string {
	return scalarText(o.path(keys...))
}

// has reports whether the member exists and is not null.
func (o object) has(key string) bool {
	v := bytes.TrimSpace(o.get(key))
	return len(v) > 0 && string(v) != "null"
}

// scalarText is the text of a scalar JSON value, "" otherwise.
func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

// firstText returns the first non-empty text among the candidates.
func firstText(candidates ...string) string {
	for _, c := range candidates {
		if c != "" {
			return c
		}
	}
	return ""
}

// notObject is the reason for rejecting a value that should be an object,
// saying what it is instead.
func notObject(what string, raw []byte) string {
	raw = bytes.TrimSpace(raw)
	found := "empty"
	if len(raw) > 0 {
		switch raw[0] {
		case '[':
			found = "an array"
		case '"':
			found = "a string"
		case 'n':
			found = "null"
		case 't', 'f':
			found = "a boolean"
		default:
			found = "a number"
		}
	}
	return fmt.Sprintf("%s is %s, expected a JSON object", what, found)
}
