package azcli

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestFormatTSV(t *testing.T) {
	row := jsonv.NewObject().
		Set("a", "x").
		Set("b", jsonv.Number("1")).
		Set("c", nil).
		Set("d", []any{1.0, 2.0, 3.0}).
		Set("e", jsonv.NewObject().Set("k", "v")).
		Set("f", true).
		Set("g", jsonv.Number("5.0"))
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"object row: lists count, objects blank, None, True", []any{row}, "x\t1\tNone\t3\t\tTrue\t5.0\n"},
		{"bare boolean row lower-cased", true, "true\n"},
		{"bare scalar", "0b3c-guid", "0b3c-guid\n"},
		{"mixed rows", []any{[]any{jsonv.Number("1"), "a"}, "s", jsonv.Number("2.50"), nil}, "1\ta\ns\n2.5\nNone\n"},
		{"plain dict order via SortKeys", SortKeys([]any{jsonv.NewObject().Set("b", "1").Set("a", "2")}), "2\t1\n"},
		{"object order kept otherwise", []any{jsonv.NewObject().Set("b", "1").Set("a", "2")}, "1\t2\n"},
		{"nil prints nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := FormatTSV(&b, tt.in); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}
