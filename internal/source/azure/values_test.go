package azure

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func TestValue(t *testing.T) {
	ts := time.Date(2021, 4, 28, 14, 8, 45, 221000000, time.UTC)
	cases := []struct {
		typ  string
		in   any
		want any
		err  bool
	}{
		{"VARCHAR", "x", "x", false},
		{"VARCHAR", 57.0, "57", false},
		{"VARCHAR", map[string]any{"a": 1.0}, `{"a":1}`, false},
		{"BIGINT", "57", int64(57), false},
		{"BIGINT", json.Number("12"), int64(12), false},
		{"BIGINT", "None", nil, false},
		{"BIGINT", "5.5", nil, true},
		{"BIGINT", "many", nil, true},
		{"BIGINT", "9007199254740993", int64(9007199254740993), false},
		{"BIGINT", json.Number("-9007199254740993"), int64(-9007199254740993), false},
		{"BIGINT", "5.0", int64(5), false},
		{"INTEGER", "3000000000", nil, true},
		{"INTEGER", 443.0, int32(443), false},
		{"DOUBLE", "443", 443.0, false},
		{"BOOLEAN", "True", true, false},
		{"BOOLEAN", "false", false, false},
		{"BOOLEAN", "maybe", nil, true},
		{"BOOLEAN", json.Number("1"), true, false},
		{"BOOLEAN", json.Number("0"), false, false},
		{"TIMESTAMP", "2021-04-28T14:08:45.2210000Z", ts, false},
		{"TIMESTAMP", "4/28/2021, 2:08:45.221 PM", ts, false},
		{"TIMESTAMP", "2021-04-28 14:08:45.221", ts, false},
		{"TIMESTAMP", "yesterday", nil, true},
		{"JSON", `{"b": [1, 2]}`, `{"b":[1,2]}`, false},
		{"JSON", map[string]any{"k": true}, `{"k":true}`, false},
		{"JSON", "not json", `"not json"`, true},
		{"JSON", "", nil, false},
		{"JSON", "None", nil, false},
	}
	for _, tc := range cases {
		got, err := Value(source.Column{Name: "c", Type: tc.typ}, tc.in)
		if (err != nil) != tc.err {
			t.Errorf("Value(%s, %#v) error = %v", tc.typ, tc.in, err)
		}
		if tt, ok := tc.want.(time.Time); ok {
			if g, ok := got.(time.Time); !ok || !g.Equal(tt) {
				t.Errorf("Value(%s, %#v) = %#v, want %v", tc.typ, tc.in, got, tt)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("Value(%s, %#v) = %#v, want %#v", tc.typ, tc.in, got, tc.want)
		}
	}
}

func TestLoneSurrogatesReplaced(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"a":"plain"}`, `{"a":"plain"}`},
		{`{"a":"\ud83d\ude00"}`, `{"a":"\ud83d\ude00"}`},             // a whole pair stays
		{`{"a":"x\ud800y"}`, `{"a":"x\ufffdy"}`},                     // a lone high half
		{`{"a":"\udc00"}`, `{"a":"\ufffd"}`},                         // a lone low half
		{`{"a":"\ud800\ud800\udc00"}`, `{"a":"\ufffd\ud800\udc00"}`}, // lone, then a pair
		{`{"a":"\\ud800"}`, `{"a":"\\ud800"}`},                       // an escaped backslash, not an escape
		{`{"a":"\u00e9\ud800"}`, `{"a":"\u00e9\ufffd"}`},             // ordinary escapes stay
	}
	for _, c := range cases {
		if got := loneSurrogatesReplaced(c.in); got != c.want {
			t.Errorf("loneSurrogatesReplaced(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	// Through Value, a dynamic column gets the replaced text.
	got, err := Value(source.Column{Name: "d", Type: "JSON"}, `{"a": "\ud800"}`)
	if err != nil || got != `{"a":"\ufffd"}` {
		t.Errorf("Value = %v, %v", got, err)
	}
}
