package awsfindings

import (
	"fmt"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// row lays out named values in t's column order; columns not named are
// NULL. Naming a column t does not have is a bug in this package.
func row(t *source.Table, named map[string]any) []any {
	values := make([]any, len(t.Columns))
	for name, v := range named {
		i := t.ColumnIndex(name)
		if i < 0 {
			panic(fmt.Sprintf("awsfindings: table %s has no column %s", t.Name, name))
		}
		values[i] = v
	}
	return values
}

// asObject is v as an object, or an error naming what was found.
func asObject(v any, what string) (*jsonv.Object, error) {
	o, ok := v.(*jsonv.Object)
	if !ok {
		return nil, fmt.Errorf("%s is %s, want an object", what, kind(v))
	}
	return o, nil
}

// eventDetail unwraps an EventBridge event ({"detail-type":…, "source":…,
// "detail":{…}}): ok is false when o is not one; otherwise detail is the
// finding if the event is a wantType event from wantSource.
func eventDetail(o *jsonv.Object, wantSource, wantType string) (detail *jsonv.Object, ok bool, err error) {
	d, hasDetail := o.Get("detail")
	typ, hasType := o.Get("detail-type")
	if !hasDetail || !hasType {
		return nil, false, nil
	}
	src, _ := get(o, "source").(string)
	if src != wantSource || typ != wantType {
		return nil, true, fmt.Errorf("EventBridge event %q from %q, want %q from %q", typ, src, wantType, wantSource)
	}
	detail, err = asObject(d, "the event's detail")
	return detail, true, err
}

// needTime warns when the table's time column is NULL.
func needTime(f *fields, t *source.Table, v any) {
	if v == nil {
		f.warns = append(f.warns, fmt.Sprintf("no %s: the row has no time", t.TimeColumn))
	}
}
