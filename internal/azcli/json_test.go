package azcli

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestFormatJSON(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{
			name: "keys sorted at every depth, Python spacing",
			in: jsonv.NewObject().
				Set("g", true).
				Set("b", jsonv.NewObject()).
				Set("a", []any{jsonv.Number("1"), "x"}).
				Set("c", []any{}).
				Set("f", nil).
				Set("e", jsonv.Number("5.0")).
				Set("Z", jsonv.NewObject().Set("y", 1.5).Set("x", int64(2))),
			want: `{
  "Z": {
    "x": 2,
    "y": 1.5
  },
  "a": [
    1,
    "x"
  ],
  "b": {},
  "c": [],
  "e": 5.0,
  "f": null,
  "g": true
}
`,
		},
		{
			name: "strings: only quote, backslash and controls escaped",
			in:   []any{"é</>&\u2028", "q\"b\\n\n\t\x01"},
			want: "[\n  \"é</>&\u2028\",\n  \"q\\\"b\\\\n\\n\\t\\u0001\"\n]\n",
		},
		{
			name: "floats as Python writes them",
			in:   []any{jsonv.Number("1E400"), jsonv.Number("1e3"), 0.00001},
			want: "[\n  Infinity,\n  1000.0,\n  1e-05\n]\n",
		},
		{name: "scalar", in: "guid", want: "\"guid\"\n"},
		{name: "empty list", in: []any{}, want: "[]\n"},
		{name: "nil prints nothing", in: nil, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := FormatJSON(&b, tt.in); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}
