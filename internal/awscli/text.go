package awscli

import (
	"bufio"
	"io"
	"sort"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FormatText prints v as `--output text` does: scalars on their own line;
// lists of scalars tab-joined; dicts as their scalar values tab-joined in
// sorted key order, followed by their nested values, each line of a nested
// value led by its key upper-cased.
func FormatText(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	formatText(bw, v, "", false, nil)
	return bw.Flush()
}

// formatText writes item. ident is the upper-case leading column when
// hasIdent; keys, when not nil, are the scalar columns a list's dicts share.
func formatText(w *bufio.Writer, item any, ident string, hasIdent bool, keys []string) {
	switch x := item.(type) {
	case *jsonv.Object:
		textDict(w, x, ident, hasIdent, keys)
	case []any:
		textList(w, x, ident, hasIdent)
	default:
		w.WriteString(PyStr(item) + "\n")
	}
}

func textList(w *bufio.Writer, list []any, ident string, hasIdent bool) {
	if len(list) == 0 {
		return
	}
	hasDict, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case *jsonv.Object:
			hasDict = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasDict:
		keys := sharedScalarKeys(list)
		for _, e := range list {
			formatText(w, e, ident, hasIdent, keys)
		}
	case hasList:
		var scalars, others []any
		for _, e := range list {
			if isScalar(e) {
				scalars = append(scalars, e)
			} else {
				others = append(others, e)
			}
		}
		if len(scalars) > 0 {
			textScalars(w, scalars, ident, hasIdent)
		}
		for _, e := range others {
			formatText(w, e, ident, hasIdent, nil)
		}
	default:
		textScalars(w, list, ident, hasIdent)
	}
}

func textScalars(w *bufio.Writer, list []any, ident string, hasIdent bool) {
	if hasIdent {
		for _, e := range list {
			w.WriteString(strings.ToUpper(ident) + "\t" + PyStr(e) + "\n")
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = PyStr(e)
	}
	w.WriteString(strings.Join(parts, "\t") + "\n")
}

func textDict(w *bufio.Writer, o *jsonv.Object, ident string, hasIdent bool, keys []string) {
	var scalars []string
	var nested []string
	if keys == nil {
		sorted := append([]string(nil), o.Keys...)
		sort.Strings(sorted)
		for _, k := range sorted {
			v, _ := o.Get(k)
			if isScalar(v) {
				scalars = append(scalars, PyStr(v))
			} else {
				nested = append(nested, k)
			}
		}
	} else {
		inKeys := map[string]bool{}
		for _, k := range keys {
			inKeys[k] = true
			v, ok := o.Get(k)
			if !ok {
				v = ""
			}
			scalars = append(scalars, PyStr(v))
		}
		for _, k := range o.Keys {
			if !inKeys[k] {
				nested = append(nested, k)
			}
		}
		sort.Strings(nested)
	}
	if len(scalars) > 0 {
		if hasIdent {
			scalars = append([]string{strings.ToUpper(ident)}, scalars...)
		}
		w.WriteString(strings.Join(scalars, "\t") + "\n")
	}
	for _, k := range nested {
		v, _ := o.Get(k)
		formatText(w, v, k, true, nil)
	}
}

// sharedScalarKeys is the sorted union of the keys with scalar values over
// the list's dicts.
func sharedScalarKeys(list []any) []string {
	set := map[string]bool{}
	for _, e := range list {
		if o, ok := e.(*jsonv.Object); ok {
			for _, k := range o.Keys {
				if v, _ := o.Get(k); isScalar(v) {
					set[k] = true
				}
			}
		}
	}
	return sortedKeys(set)
}
