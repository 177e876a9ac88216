package jmespath

import (
	"errors"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

const funcDoc = `{"ints": [3, 1, 2], "nums": [1, 2.5, -4], "strs": ["b", "a", "c"], "empty": [],
  "people": [{"name": "x", "age": 30}, {"name": "y", "age": 20}, {"name": "z", "age": 30}],
  "o": {"b": 1, "a": 2}, "s": "hello", "neg": -2.5, "n": null}`

func TestFunctions(t *testing.T) {
	runSearchCases(t, []searchCase{
		{`abs(neg)`, funcDoc, `2.5`},
		{"abs(`-3`)", funcDoc, `3`},
		{`avg(ints)`, funcDoc, `2.0`}, // avg is always a float
		{`avg(empty)`, funcDoc, `null`},
		{`ceil(neg)`, funcDoc, `-2`}, // ceil and floor give ints
		{`floor(neg)`, funcDoc, `-3`},
		{"ceil(`2`)", funcDoc, `2`},
		{`contains(strs, 'a')`, funcDoc, `true`},
		{`contains(s, 'ell')`, funcDoc, `true`},
		{"contains(ints, `1.0`)", funcDoc, `true`},
		{`ends_with(s, 'llo')`, funcDoc, `true`},
		{`starts_with(s, 'he')`, funcDoc, `true`},
		{`join('-', strs)`, funcDoc, `"b-a-c"`},
		{`keys(o)`, funcDoc, `["b","a"]`},
		{`values(o)`, funcDoc, `[1,2]`},
		{`length(s)`, funcDoc, `5`},
		{`length(people)`, funcDoc, `3`},
		{`length(o)`, funcDoc, `2`},
		{`map(&name, people)`, funcDoc, `["x","y","z"]`},
		{`map(&nope, people)`, funcDoc, `[null,null,null]`}, // map keeps nulls
		{`max(ints)`, funcDoc, `3`},
		{`max(strs)`, funcDoc, `"c"`},
		{`min(nums)`, funcDoc, `-4`},
		{`max(empty)`, funcDoc, `null`},
		{`max_by(people, &age).name`, funcDoc, `"x"`}, // the first of equals
		{`min_by(people, &age).name`, funcDoc, `"y"`},
		{`min_by(people, &name).name`, funcDoc, `"x"`},
		{"merge(o, `{\"c\": 3, \"b\": 0}`)", funcDoc, `{"b":0,"a":2,"c":3}`},
		{`not_null(n, nope, s)`, funcDoc, `"hello"`},
		{`reverse(strs)`, funcDoc, `["c","a","b"]`},
		{`reverse(s)`, funcDoc, `"olleh"`},
		{`sort(ints)`, funcDoc, `[1,2,3]`},
		{`sort(strs)`, funcDoc, `["a","b","c"]`},
		{`sort_by(people, &age)[*].name`, funcDoc, `["y","x","z"]`}, // stable
		{`sort_by(people, &name)[*].age`, funcDoc, `[30,20,30]`},
		{`sum(ints)`, funcDoc, `6`},
		{`sum(nums)`, funcDoc, `-0.5`},
		{`sum(empty)`, funcDoc, `0`},
		{`to_array(s)`, funcDoc, `["hello"]`},
		{`to_array(ints)`, funcDoc, `[3,1,2]`},
		{`to_number('42')`, funcDoc, `42`},
		{`to_number(' 42 ')`, funcDoc, `42`},
		{`to_number('1e3')`, funcDoc, `1000.0`},
		{`to_number('1.50')`, funcDoc, `1.5`},
		{`to_number('abc')`, funcDoc, `null`},
		{`to_number(o)`, funcDoc, `null`},
		{`to_string(o)`, funcDoc, `"{\"b\":1,\"a\":2}"`},
		{`to_string(s)`, funcDoc, `"hello"`},
		{`to_string(nums)`, funcDoc, `"[1,2.5,-4]"`},
		{"to_string(`1e16`)", funcDoc, `"1e+16"`},
		{`type(s)`, funcDoc, `"string"`},
		{`type(n)`, funcDoc, `"null"`},
		{`type(neg)`, funcDoc, `"number"`},
		{`type(o)`, funcDoc, `"object"`},
		{`type(empty)`, funcDoc, `"array"`},
		{"type(`true`)", funcDoc, `"boolean"`},
	})
}

// TestRuntimeErrors pins Python jmespath's texts, which the CLI prints.
func TestRuntimeErrors(t *testing.T) {
	tests := []struct {
		expr    string
		wantErr string
		errType any
	}{
		{"starts_with(n, `i-`)", `In function starts_with(), invalid type for value: None, expected one of: ['string'], received: "null"`, &TypeError{}},
		{`abs(s)`, `In function abs(), invalid type for value: hello, expected one of: ['number'], received: "string"`, &TypeError{}},
		{`length(ints[0])`, `In function length(), invalid type for value: 3, expected one of: ['string', 'array', 'object'], received: "number"`, &TypeError{}},
		{`sum(strs)`, `In function sum(), invalid type for value: b, expected one of: ['array-number'], received: "str"`, &TypeError{}},
		{`keys(people)`, `In function keys(), invalid type for value: [{'name': 'x', 'age': 30}, {'name': 'y', 'age': 20}, {'name': 'z', 'age': 30}], expected one of: ['object'], received: "array"`, &TypeError{}},
		{"max(`[1, \"a\"]`)", `In function max(), invalid type for value: a, expected one of: ['array-number', 'array-string'], received: "str"`, &TypeError{}},
		{"sort(`[true]`)", `In function sort(), invalid type for value: True, expected one of: ['array-string', 'array-number'], received: "bool"`, &TypeError{}},
		{`sort_by(people, &o)`, `In function sort_by(), invalid type for value: {'name': 'x', 'age': 30}, expected one of: ['string', 'number'], received: "null"`, &TypeError{}},
		{"sort_by(`[{\"k\": 1}, {\"k\": \"a\"}]`, &k)", `In function sort_by(), invalid type for value: a, expected one of: ['number'], received: "string"`, &TypeError{}},
		{`max_by(people, &o)`, `In function max_by(), invalid type for value: None, expected one of: ['number', 'string'], received: "null"`, &TypeError{}},
		{`sort_by(people, 'age')`, `In function sort_by(), invalid type for value: age, expected one of: ['expref'], received: "string"`, &TypeError{}},
		{`length()`, `Expected 1 argument for function length(), received 0`, &ArityError{}},
		{`contains(s)`, `Expected 2 arguments for function contains(), received 1`, &ArityError{}},
		{`not_null()`, `Expected at least 1 argument for function not_null(), received 0`, &ArityError{}},
		{`nope(s)`, `Unknown function: nope()`, &UnknownFunctionError{}},
		{"min_by(`[{\"k\": 1}, {\"k\": \"a\"}]`, &k)", `'<' not supported between instances of 'str' and 'int'`, &EvalError{}},
		{"people[?name > `1`]", `'>' not supported between instances of 'str' and 'int'`, &EvalError{}},
		{"contains(s, `1`)", `'in <string>' requires string as left operand, not int`, &EvalError{}},
		{`ints[::0]`, `slice step cannot be zero`, &EvalError{}},
	}
	data, _ := jsonv.Decode([]byte(funcDoc))
	for _, tt := range tests {
		_, err := Search(tt.expr, data)
		if err == nil {
			t.Errorf("%s: no error, want %q", tt.expr, tt.wantErr)
			continue
		}
		if err.Error() != tt.wantErr {
			t.Errorf("%s:\n got %s\nwant %s", tt.expr, err, tt.wantErr)
		}
		switch tt.errType.(type) {
		case *TypeError:
			var e *TypeError
			if !errors.As(err, &e) {
				t.Errorf("%s: error is %T, want *TypeError", tt.expr, err)
			}
		case *ArityError:
			var e *ArityError
			if !errors.As(err, &e) {
				t.Errorf("%s: error is %T, want *ArityError", tt.expr, err)
			}
		case *UnknownFunctionError:
			var e *UnknownFunctionError
			if !errors.As(err, &e) {
				t.Errorf("%s: error is %T, want *UnknownFunctionError", tt.expr, err)
			}
		case *EvalError:
			var e *EvalError
			if !errors.As(err, &e) {
				t.Errorf("%s: error is %T, want *EvalError", tt.expr, err)
			}
		}
	}
}

// TestErrorsOnlyWhenEvaluated: like Python, argument checks happen when a
// call runs, so a bad call under a projection of nothing is no error.
func TestErrorsOnlyWhenEvaluated(t *testing.T) {
	runSearchCases(t, []searchCase{
		{`empty[*].length(@, @)`, funcDoc, `[]`},
		{`empty[*].nope()`, funcDoc, `[]`},
		{"n || starts_with(n, `x`) && s", `{"n": 1}`, `1`},
	})
}
