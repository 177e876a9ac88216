package insights

import (
	"reflect"
	"testing"
)

// TestParse pins the AST, spans included, of the constructs whose parse is
// easy to get wrong: == and ~= spellings, not like / not in, precedence,
// aliases on by terms, count(*), keywords in any case, regex vs division.
func TestParse(t *testing.T) {
	f := func(pos, end int, name string) *FieldRef { return &FieldRef{span{pos, end}, name} }
	tests := []struct {
		query string
		want  []Command
	}{
		{`filter dstPort==22`, []Command{
			&FilterCmd{span{0, 18}, &Binary{span{7, 18}, "=", f(7, 14, "dstPort"), &NumberLit{span{16, 18}, "22"}}},
		}},
		{`FILTER a ~= "x" or not b not like /y/`, []Command{
			&FilterCmd{span{0, 37}, &Binary{span{7, 37}, "or",
				&Binary{span{7, 15}, "=~", f(7, 8, "a"), &StringLit{span{12, 15}, "x"}},
				&Unary{span{19, 37}, "not", &Binary{span{23, 37}, "not like", f(23, 24, "b"), &RegexLit{span{34, 37}, "y"}}}}},
		}},
		{`stats count(*) as total by srcAddr as source`, []Command{
			&StatsCmd{span{0, 44},
				[]Item{{&Call{span{6, 14}, "count", nil, true}, "total"}},
				[]Item{{f(27, 34, "srcAddr"), "source"}}},
		}},
		{"fields bytes / packets * 2 as r, `a-b`.c # comment\n| sort r desc, x", []Command{
			&FieldsCmd{span{0, 40}, []Item{
				{&Binary{span{7, 26}, "*", &Binary{span{7, 22}, "/", f(7, 12, "bytes"), f(15, 22, "packets")}, &NumberLit{span{25, 26}, "2"}}, "r"},
				{f(33, 40, "a-b.c"), ""},
			}},
			&SortCmd{span{53, 67}, []SortKey{{f(58, 59, "r"), true}, {f(66, 67, "x"), false}}},
		}},
		{`filter not x in ["a", 'b'] and -y > 1`, []Command{
			&FilterCmd{span{0, 37}, &Binary{span{7, 37}, "and",
				&Unary{span{7, 26}, "not", &Binary{span{11, 26}, "in", f(11, 12, "x"),
					&ListLit{span{16, 26}, []Expr{&StringLit{span{17, 20}, "a"}, &StringLit{span{22, 25}, "b"}}}}},
				&Binary{span{31, 37}, ">", &Unary{span{31, 33}, "-", f(32, 33, "y")}, &NumberLit{span{36, 37}, "1"}}}},
		}},
		{`parse @message /(?<u>\w+)/ | limit 5`, []Command{
			&ParseCmd{span: span{0, 26}, Field: f(6, 14, "@message"), Pattern: `(?<u>\w+)`, PatPos: 15, Regex: true},
			&LimitCmd{span{29, 36}, 5},
		}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.query, err)
			continue
		}
		if !reflect.DeepEqual(got.Commands, tt.want) {
			t.Errorf("Parse(%q):\n got  %#v\n want %#v", tt.query, got.Commands, tt.want)
		}
		// Every span lies inside the query.
		for _, c := range got.Commands {
			if pos, end := c.Span(); pos < 0 || end > len(tt.query) || pos > end {
				t.Errorf("Parse(%q): span %d–%d outside the query", tt.query, pos, end)
			}
		}
	}
}
