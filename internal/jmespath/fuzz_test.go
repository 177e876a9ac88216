package jmespath

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// FuzzSearch: no expression may panic, whether it compiles or not.
func FuzzSearch(f *testing.F) {
	for _, e := range diffExprs {
		f.Add(e)
	}
	data, _ := jsonv.Decode([]byte(diffDocs[0]))
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if err != nil {
			if se, ok := err.(*SyntaxError); ok && se.Offset > len(expr) {
				t.Fatalf("%q: error offset %d past the end", expr, se.Offset)
			}
			return
		}
		_, _ = e.Search(data)
	})
}
