package jmespath

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// searchCase evaluates expr over the JSON document data; want is the
// result as Python's json.dumps(separators=(',', ':')) writes it.
type searchCase struct {
	expr string
	data string
	want string
}

func runSearchCases(t *testing.T, cases []searchCase) {
	t.Helper()
	for _, c := range cases {
		data, err := jsonv.Decode([]byte(c.data))
		if err != nil {
			t.Fatalf("bad test document %s: %v", c.data, err)
		}
		got, err := Search(c.expr, data)
		if err != nil {
			t.Errorf("%s: unexpected error: %v", c.expr, err)
			continue
		}
		if s := pyJSON(got); s != c.want {
			t.Errorf("%s over %s\n got %s\nwant %s", c.expr, c.data, s, c.want)
		}
	}
}

const nestedDoc = `{"foo": {"bar": {"baz": "correct"}, "list": [0, 1, 2, 3, 4, 5]}, "a": null}`

func TestBasic(t *testing.T) {
	runSearchCases(t, []searchCase{
		{`foo`, nestedDoc, `{"bar":{"baz":"correct"},"list":[0,1,2,3,4,5]}`},
		{`foo.bar.baz`, nestedDoc, `"correct"`},
		{`foo.bar.baz.nope`, nestedDoc, `null`},
		{`foo.nope.baz`, nestedDoc, `null`},
		{`a.b`, nestedDoc, `null`},
		{`foo.list.bar`, nestedDoc, `null`},
		{`foo`, `"not an object"`, `null`},
		{`foo`, `[{"foo": 1}]`, `null`},
		{`foo.bar`, `{"foo": {"bar": 0}}`, `0`},
	})
}

func TestIdentifiersAndEscapes(t *testing.T) {
	doc := `{"a b": 1, "\"q\"": 2, "back\\slash": 3, "tab\t": 4, "_x9": 5, "é": 6, "-": 7, "1": 8}`
	runSearchCases(t, []searchCase{
		{`"a b"`, doc, `1`},
		{`"\"q\""`, doc, `2`},
		{`"back\\slash"`, doc, `3`},
		{`"tab\t"`, doc, `4`},
		{`_x9`, doc, `5`},
		{`"é"`, doc, `6`},
		{`"\u00e9"`, doc, `6`},
		{`"-"`, doc, `7`},
		{`"1"`, doc, `8`},
		{`"a b" == ` + "`1`", doc, `true`},
	})
}

func TestCurrentAndPipe(t *testing.T) {
	doc := `{"foo": [{"b": 1}, {"b": 2}], "bar": {"baz": [3, 4]}}`
	runSearchCases(t, []searchCase{
		{`@`, `[1, 2]`, `[1,2]`},
		{`@.foo[0].b`, doc, `1`},
		{`foo[*].b | [0]`, doc, `1`}, // a pipe stops the projection
		{`foo[*].b[0]`, doc, `[]`},   // without it [0] applies to each 1 and 2
		{`bar | baz | [1]`, doc, `4`},
		{`foo | length(@)`, doc, `2`},
		{`foo[?b == ` + "`2`" + `] | [0].b`, doc, `2`},
	})
}

func TestIndexAndSlice(t *testing.T) {
	list := `{"l": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}`
	runSearchCases(t, []searchCase{
		{`l[0]`, list, `0`},
		{`l[-1]`, list, `9`},
		{`l[10]`, list, `null`},
		{`l[-11]`, list, `null`},
		{`l[1:3]`, list, `[1,2]`},
		{`l[:3]`, list, `[0,1,2]`},
		{`l[7:]`, list, `[7,8,9]`},
		{`l[::3]`, list, `[0,3,6,9]`},
		{`l[::-1]`, list, `[9,8,7,6,5,4,3,2,1,0]`},
		{`l[::-3]`, list, `[9,6,3,0]`},
		{`l[8:2:-2]`, list, `[8,6,4]`},
		{`l[-3:]`, list, `[7,8,9]`},
		{`l[:-8]`, list, `[0,1]`},
		{`l[100:]`, list, `[]`},
		{`l[-100:2]`, list, `[0,1]`},
		{`l[2:100:4]`, list, `[2,6]`},
		{`l[5:1]`, list, `[]`},
		{`[0]`, `"string"`, `null`},
		{`[0:1]`, `{"a": 1}`, `null`},
		{`[0][1]`, `[[1, 2]]`, `2`},
		{`[0:2].a`, `[{"a": 1}, {"b": 2}, {"a": 3}]`, `[1]`}, // a slice projects
	})
}

func TestWildcardAndFlatten(t *testing.T) {
	doc := `{"people": [{"n": "a", "t": [1, 2]}, {"n": "b"}, {"n": "c", "t": [3]}],
	         "o": {"x": {"v": 1}, "y": {"w": 2}, "z": {"v": 3}}, "nested": [[1, [2]], 3, [[4]]]}`
	runSearchCases(t, []searchCase{
		{`people[*].n`, doc, `["a","b","c"]`},
		{`people[].n`, doc, `["a","b","c"]`},
		{`people[*].t`, doc, `[[1,2],[3]]`},
		{`people[].t[]`, doc, `[1,2,3]`},
		{`people[*].t[0]`, doc, `[1,3]`},
		{`o.*.v`, doc, `[1,3]`},
		{`o.*`, doc, `[{"v":1},{"w":2},{"v":3}]`},
		{`*.x`, doc, `[{"v":1}]`},
		{`nested[]`, doc, `[1,[2],3,[4]]`},
		{`nested[][]`, doc, `[1,2,3,4]`},
		{`people.*`, doc, `null`},
		{`o[*]`, doc, `null`},
		{`[*]`, `{"a": 1}`, `null`},
		{`*`, `[1]`, `null`},
		{`people[*].missing`, doc, `[]`},
	})
}

func TestFilters(t *testing.T) {
	doc := `{"items": [{"n": "a", "v": 1, "tags": ["x"]}, {"n": "b", "v": 2.5, "tags": []},
	          {"n": "c", "v": null}, {"n": "d", "v": true}]}`
	runSearchCases(t, []searchCase{
		{"items[?v > `1`].n", doc, `["b"]`},
		{"items[?v >= `1`].n", doc, `["a","b"]`},
		{"items[?v < `2`].n", doc, `["a"]`},
		{"items[?v <= `2.5`].n", doc, `["a","b"]`},
		{"items[?v == `1.0`].n", doc, `["a"]`},
		{"items[?v != `1`].n", doc, `["b","c","d"]`},
		{`items[?v == null].n`, doc, `["c"]`},
		{`items[?tags].n`, doc, `["a"]`},
		{`items[?!tags].n`, doc, `["b","c","d"]`},
		{`items[?n == 'a' || n == 'd'].n`, doc, `["a","d"]`},
		{`items[?v && n != 'a'].n`, doc, `["b","d"]`},
		{`items[?n > 'b'].n`, doc, `["c","d"]`}, // strings are ordered too
		{`items[?v > n]`, `{"items": [{"v": null, "n": "x"}]}`, `[]`},
		{`items[?contains(tags, 'x')].n`, `{"items": [{"n": "a", "tags": ["x"]}]}`, `["a"]`},
		{`[?@ > ` + "`1`" + `]`, `[0, 1, 2, 3]`, `[2,3]`},
		{`items[?v == 'x']`, `{"items": {"v": "x"}}`, `null`},
		{`items[?true]`, `{"items": [1]}`, `[]`}, // `true` here is a field, missing
	})
}

func TestBooleansAndComparisons(t *testing.T) {
	doc := `{"t": true, "f": false, "zero": 0, "one": 1, "fone": 1.0, "e": "", "el": [], "eo": {}, "s": "x", "n": null,
	         "o1": {"a": 1, "b": [1, 2]}, "o2": {"b": [1, 2], "a": 1.0}}`
	runSearchCases(t, []searchCase{
		{`t || f`, doc, `true`},
		{`f || s`, doc, `"x"`},
		{`e || el || eo || n || 'last'`, doc, `"last"`},
		{`zero || 'x'`, doc, `0`}, // 0 is true in JMESPath
		{`t && s`, doc, `"x"`},
		{`el && s`, doc, `[]`},
		{`!t`, doc, `false`},
		{`!zero`, doc, `false`},
		{`!e`, doc, `true`},
		{`!eo`, doc, `true`},
		{`!(t && f)`, doc, `true`},
		{`one == fone`, doc, `true`},
		{"one == `true`", doc, `false`},
		{"zero == `false`", doc, `false`},
		{`o1 == o2`, doc, `true`}, // objects compare without regard to key order
		{"`[1]` == `[true]`", doc, `true`},
		{`s == 'x'`, doc, `true`},
		{`n == nope`, doc, `true`},
		{`t < f`, doc, `null`}, // ordering on non-numbers and non-strings is null
		{`s < 'y'`, doc, `true`},
		{"one < `2`", doc, `true`},
		{"`[1]` < `[2]`", doc, `null`},
	})
}

func TestLiterals(t *testing.T) {
	runSearchCases(t, []searchCase{
		{"`\"str\"`", `{}`, `"str"`},
		{"`1`", `{}`, `1`},
		{"`1.50`", `{}`, `1.5`},
		{"`1e3`", `{}`, `1000.0`},
		{"`true`", `{}`, `true`},
		{"`null`", `{}`, `null`},
		{"`[1, {\"a\": 2}]`", `{}`, `[1,{"a":2}]`},
		{"`{\"b\": 1, \"a\": 2}`", `{}`, `{"b":1,"a":2}`},
		{"`i-`", `{}`, `"i-"`},                   // not JSON: read as a string
		{"`  foo`", `{}`, `"foo"`},               // leading spaces dropped
		{"`01`", `{}`, `"01"`},                   // not JSON either
		{"`\"a\\`b\"`", `{}`, `"a` + "`" + `b"`}, // \` is a backtick
		{`'raw'`, `{}`, `"raw"`},
		{`'it\'s'`, `{}`, `"it's"`},
		{`'a\\b'`, `{}`, `"a\\\\b"`}, // raw strings keep other backslashes
		{`'\n'`, `{}`, `"\\n"`},
		{`''`, `{}`, `""`},
	})
}

func TestMultiSelect(t *testing.T) {
	doc := `{"a": 1, "b": {"c": 2}, "l": [{"x": 1, "y": 2}, {"x": 3}]}`
	runSearchCases(t, []searchCase{
		{`[a, b.c]`, doc, `[1,2]`},
		{`{z: a, y: b.c, x: nope}`, doc, `{"z":1,"y":2,"x":null}`}, // keys in the order written
		{`{"key with space": a}`, doc, `{"key with space":1}`},
		{`l[*].[x, y]`, doc, `[[1,2],[3,null]]`},
		{`l[].{Y: y, X: x}`, doc, `[{"Y":2,"X":1},{"Y":null,"X":3}]`},
		{`nope.[a]`, doc, `null`},
		{`nope.{a: a}`, doc, `null`},
		{`b.[c, @]`, doc, `[2,{"c":2}]`},
		{`{a: a, a: b}`, doc, `{"a":{"c":2}}`}, // a repeated key keeps its place, last value
	})
}

func TestUnicode(t *testing.T) {
	doc := `{"s": "h\u00e9llo \u2603 \ud83d\ude00", "\u2603": "snowman"}`
	runSearchCases(t, []searchCase{
		{`length(s)`, doc, `9`},
		{`reverse(s)`, doc, `"\ud83d\ude00 \u2603 oll\u00e9h"`},
		{`"☃"`, doc, `"snowman"`},
		{`to_string(@)`, doc, `"{\"s\":\"h\\u00e9llo \\u2603 \\ud83d\\ude00\",\"\\u2603\":\"snowman\"}"`},
		{`sort(['é', 'z', 'a'])`, doc, `["a","z","\u00e9"]`},
	})
}

// TestKeyOrder checks that results keep the order of the expression's
// multiselect keys and of the data's own objects.
func TestKeyOrder(t *testing.T) {
	doc := `{"z": 1, "a": 2, "m": {"y": 1, "b": 2}}`
	runSearchCases(t, []searchCase{
		{`@`, doc, `{"z":1,"a":2,"m":{"y":1,"b":2}}`},
		{`keys(@)`, doc, `["z","a","m"]`},
		{`values(m)`, doc, `[1,2]`},
		{`{zz: z, aa: a, mm: m}`, doc, `{"zz":1,"aa":2,"mm":{"y":1,"b":2}}`},
		{"merge(m, `{\"a\": 0, \"y\": 9}`)", doc, `{"y":9,"b":2,"a":0}`},
		{`*`, doc, `[1,2,{"y":1,"b":2}]`},
	})
}
