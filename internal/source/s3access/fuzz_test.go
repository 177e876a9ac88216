package s3access

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// FuzzParse checks that any input parses without panic into rows of one
// correctly typed value per column, and that Sniff does not panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "\n\r\n", docRecord + "\n", docRecord + " extra1 extra2\n",
		owner + ` b [06/Feb/2019:00:00:38 +0000] 1 - 2 OP k "GET / HTTP/1.1" 200 - - - - - "-" "ua" -`,
		`a b [x y] "q r" "unclosed`, "[[[\"\"\" ]]] \xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Formats[0].Sniff("x", data)
		w := &fakeWriter{}
		in := source.Input{Path: "x", R: bytes.NewReader(data), Head: data}
		if err := Formats[0].Parse(context.Background(), in, w); err != nil {
			t.Fatalf("Parse: %v", err)
		}
		for _, r := range w.rows {
			if len(r.values) != len(Table.Columns) || r.loc.Line < 1 || r.loc.Record < 1 {
				t.Fatalf("row %v with %d values", r.loc, len(r.values))
			}
			for i, c := range Table.Columns {
				v := r.values[i]
				ok := v == nil
				switch v := v.(type) {
				case string:
					ok = c.Type == "VARCHAR"
				case int32:
					ok = c.Type == "INTEGER"
				case int64:
					ok = c.Type == "BIGINT"
				case time.Time:
					ok = c.Type == "TIMESTAMP" && v.Year() <= 9999
				}
				if !ok {
					t.Fatalf("column %s (%s) holds %#v", c.Name, c.Type, v)
				}
			}
		}
		for _, is := range append(w.rejects, w.warns...) {
			if is.reason == "" || is.loc.Line < 1 {
				t.Fatalf("issue %#v", is)
			}
		}
	})
}
