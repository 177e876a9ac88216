package diagnostic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// row collects the values of one table row. Mappings set the columns they
// know from explicit sources first, then fill the rest from an object
// whose member names match column names (properties.userAgent →
// UserAgent): set marks a column done, so fill never overrides a mapping.
type row struct {
	t     *source.Table
	vals  []any
	done  []bool
	warns []string
	// timeFrom names where the row's time comes from, for the warning
	// written when it is missing.
	timeFrom string
}

// columnIndex maps each table's column names to positions, exactly and
// in lower case (for fill).
type columnIndex struct {
	exact map[string]int
	lower map[string]int
}

var indexes = map[*source.Table]columnIndex{}

func init() {
	for _, t := range azure.Tables {
		ix := columnIndex{exact: map[string]int{}, lower: map[string]int{}}
		for i, c := range t.Columns {
			ix.exact[c.Name] = i
			ix.lower[strings.ToLower(c.Name)] = i
		}
		indexes[t] = ix
	}
}

func newRow(t *source.Table, timeFrom string) *row {
	r := &row{t: t, vals: make([]any, len(t.Columns)), done: make([]bool, len(t.Columns)), timeFrom: timeFrom}
	if _, ok := indexes[t].exact["Type"]; ok && t != azure.AzureRoleAssignments {
		r.setText("Type", t.Name)
	}
	return r
}

// index is the position of column name; a name the table lacks is a bug
// in a mapping, which the mapping tests catch.
func (r *row) index(name string) int {
	i, ok := indexes[r.t].exact[name]
	if !ok {
		panic(fmt.Sprintf("diagnostic: table %s has no column %s", r.t.Name, name))
	}
	return i
}

// set stores a raw JSON value in column name, converted to its type. A
// value of the wrong type leaves the column NULL and warns.
func (r *row) set(name string, raw json.RawMessage) {
	i := r.index(name)
	r.done[i] = true
	v, err := convert(r.t.Columns[i], raw)
	if err != nil {
		r.warns = append(r.warns, fmt.Sprintf("%s left empty: %v", name, err))
		v = nil
	}
	r.vals[i] = v
}

// setText stores text in column name; "" is NULL.
func (r *row) setText(name, s string) {
	if s == "" {
		r.done[r.index(name)] = true
		r.vals[r.index(name)] = nil
		return
	}
	b, _ := json.Marshal(s)
	r.set(name, b)
}

// setIfEmpty sets column name only when nothing has filled it yet.
func (r *row) setIfEmpty(name string, raw json.RawMessage) {
	if i := r.index(name); r.vals[i] == nil {
		r.set(name, raw)
	}
}

// fill sets every column not yet done from the member of o with the same
// name, ignoring case.
func (r *row) fill(o object) {
	ix := indexes[r.t]
	for k, v := range o {
		i, ok := ix.lower[strings.ToLower(k)]
		if !ok || r.done[i] {
			continue
		}
		r.set(r.t.Columns[i].Name, v)
	}
}

// write hands the row and its warnings to out.
func (r *row) write(out source.RowWriter, loc source.Location) error {
	if ti, ok := indexes[r.t].exact[r.t.TimeColumn]; ok && r.vals[ti] == nil {
		r.warns = append(r.warns, fmt.Sprintf("no time (%s missing or unreadable): the row has no %s", r.timeFrom, r.t.TimeColumn))
	}
	if err := out.TableRow(r.t, loc, r.vals); err != nil {
		return err
	}
	for _, w := range r.warns {
		out.Warn(loc, w)
	}
	return nil
}

// convert turns a raw JSON value into what column c stores.
func convert(c source.Column, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		switch c.Type {
		case "JSON":
			// Some exports stringify nested objects; keep the object.
			if t := strings.TrimSpace(s); t != "" && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t)) {
				return azure.JSONText(compact([]byte(t))), nil
			}
			return azure.JSONText(compact(raw)), nil
		case "TIMESTAMP":
			if strings.TrimSpace(s) == "" {
				return nil, nil
			}
			return parseTime(s)
		}
		return azure.Value(c, s)
	case '{', '[':
		if c.Type == "JSON" {
			return azure.JSONText(compact(raw)), nil // DuckDB's JSON refuses lone surrogates
		}
		if c.Type == "VARCHAR" {
			return compact(raw), nil
		}
		return nil, fmt.Errorf("found a JSON %s, expected %s", kind(raw), azure.KustoType(c))
	}
	switch c.Type {
	case "VARCHAR", "JSON":
		return string(raw), nil
	case "TIMESTAMP":
		return nil, fmt.Errorf("found %s, expected a time", raw)
	}
	if string(raw) == "true" || string(raw) == "false" {
		return azure.Value(c, string(raw) == "true")
	}
	return azure.Value(c, json.Number(raw))
}

func kind(raw []byte) string {
	if raw[0] == '{' {
		return "object"
	}
	return "array"
}

// compact is raw JSON without insignificant white space.
func compact(raw []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// extraTimeLayouts are forms Azure writes beyond azure.ParseTime's: the
// storage logs' lastModifiedTime uses RFC 1123/850 ("Tuesday, 09-Apr-19
// 18:27:44 GMT").
var extraTimeLayouts = []string{time.RFC1123, time.RFC1123Z, time.RFC850}

// parseTime reads any time an Azure export writes, in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := azure.ParseTime(s)
	if err == nil {
		return t, nil
	}
	for _, layout := range extraTimeLayouts {
		if t, e := time.Parse(layout, strings.TrimSpace(s)); e == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// text is a JSON string literal of s, for set.
func text(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	b, _ := json.Marshal(s)
	return b
}
