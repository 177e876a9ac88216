package azcli

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FormatTSV writes v as `-o tsv` does (knack _TsvOutput): one line per
// element of v (v itself when it is not a list). An object or list row is
// its values joined by tabs, where a nested list prints its length, a nested
// object prints nothing and every other value is str() ("None", "True"); a
// bare boolean row prints lower-case; any other row is str() of the value.
//
// Object fields print in the object's key order, as knack does for the
// OrderedDicts --query produces. knack sorts a plain dict's values by key:
// pass a service's own objects through SortKeys first to get that order.
// A nil result prints nothing.
func FormatTSV(w io.Writer, v any) error {
	if v == nil {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	var b strings.Builder
	for _, item := range items {
		switch item := item.(type) {
		case *jsonv.Object:
			values := make([]string, 0, item.Len())
			for _, k := range item.Keys {
				val, _ := item.Get(k)
				values = append(values, tsvCell(val))
			}
			b.WriteString(strings.Join(values, "\t"))
		case []any:
			values := make([]string, len(item))
			for i, val := range item {
				values[i] = tsvCell(val)
			}
			b.WriteString(strings.Join(values, "\t"))
		case bool:
			b.WriteString(strconv.FormatBool(item))
		default:
			b.WriteString(tsvCell(item))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tsvCell is knack's _dump_obj.
func tsvCell(v any) string {
	switch v := v.(type) {
	case []any:
		return strconv.Itoa(len(v))
	case *jsonv.Object:
		return ""
	}
	return PyStr(v)
}

// SortKeys returns a copy of v whose objects, at every depth, have their
// keys sorted: how knack orders a plain dict (a service's response) in tsv
// output, as opposed to the OrderedDict a --query multiselect builds.
func SortKeys(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = SortKeys(e)
		}
		return out
	case *jsonv.Object:
		keys := append([]string(nil), v.Keys...)
		sort.Strings(keys)
		out := jsonv.NewObject()
		for _, k := range keys {
			e, _ := v.Get(k)
			out.Set(k, SortKeys(e))
		}
		return out
	}
	return v
}
