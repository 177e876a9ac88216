package jmespath

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// TestDifferential runs every expression of diffExprs over every document of
// diffDocs here and in Python jmespath 1.0 (the library the AWS CLI runs),
// and compares the results as compact JSON, or the error texts.
func TestDifferential(t *testing.T) {
	python := findPythonJMESPath()
	if python == "" {
		t.Skip("no Python with jmespath 1.0.x (tried /usr/bin/python3 and python3); differential test not run")
	}
	var in bytes.Buffer
	type diffCase struct {
		expr string
		doc  string
	}
	exprs := diffExprs
	// More expressions, one Go-quoted string per line (e.g. a fuzz corpus),
	// can be checked by naming a file in JMESPATH_DIFF_EXPRS.
	if path := os.Getenv("JMESPATH_DIFF_EXPRS"); path != "" {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(text), "\n") {
			// Invalid UTF-8 cannot reach Python intact, so it is left out.
			if e, err := strconv.Unquote(line); err == nil && utf8.ValidString(e) {
				exprs = append(exprs, e)
			}
		}
	}
	var cases []diffCase
	for _, doc := range diffDocs {
		for _, expr := range exprs {
			line, _ := json.Marshal(map[string]any{"expr": expr, "data": json.RawMessage(doc)})
			in.Write(line)
			in.WriteByte('\n')
			cases = append(cases, diffCase{expr, doc})
		}
	}
	cmd := exec.Command(python, "testdata/pyjmespath.py")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running Python jmespath: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	i := 0
	for ; sc.Scan(); i++ {
		var want struct {
			OK  bool
			Out string
		}
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatalf("reading Python output: %v", err)
		}
		c := cases[i]
		data, err := jsonv.Decode([]byte(c.doc))
		if err != nil {
			t.Fatalf("bad document %s: %v", c.doc, err)
		}
		got, err := Search(c.expr, data)
		gotText, gotOK := "", err == nil
		if err != nil {
			gotText = err.Error()
		} else {
			gotText = pyJSON(got)
		}
		// Python prints an expression object with its memory address.
		want.Out = pyAddress.ReplaceAllString(want.Out, ">")
		if gotOK != want.OK || gotText != want.Out {
			t.Errorf("%s over %.60s:\n got (ok=%v) %s\nwant (ok=%v) %s", c.expr, c.doc, gotOK, gotText, want.OK, want.Out)
		}
	}
	if i != len(cases) {
		t.Fatalf("Python answered %d of %d cases", i, len(cases))
	}
}

var pyAddress = regexp.MustCompile(` at 0x[0-9a-f]+>`)

// findPythonJMESPath returns a Python interpreter that has jmespath 1.0.x.
func findPythonJMESPath() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		out, err := exec.Command(py, "-c", "import jmespath; print(jmespath.__version__)").Output()
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(out)), "1.0.") {
			return py
		}
	}
	return ""
}

var diffDocs = []string{
	`{"foo": {"bar": {"baz": [0, 1, 2, 3, 4]}, "qux": "x", "a b": 1, "-": 2},
	  "people": [{"name": "a", "age": 30, "tags": ["x", "y"]}, {"name": "b", "age": 25.5},
	             {"name": "c", "age": null}, {"age": 40, "name": "d", "tags": []}],
	  "nums": [5, 3, 8, 1.5, -2], "ints": [3, 1, 2], "strs": ["b", "a", "c", "B"],
	  "mixed": [1, "a", null, true, {"k": 1}, [1, 2], 0, false, "", []],
	  "nested": [[1, 2], [3, [4, 5]], 6, [[7]]], "empty": [], "emptyo": {},
	  "t": true, "f": false, "zero": 0, "one": 1, "fone": 1.0, "s": "hello", "e": "",
	  "uni": "h\u00e9llo \u2603 \ud83d\ude00", "obj": {"b": 2, "a": 1, "c": {"d": 3}},
	  "n": null, "big": 1e20, "small": 0.00001, "neg": -3.7, "numstr": " 42 ", "fstr": "1e3",
	  "objs": {"x": {"v": 1}, "y": {"v": 2}, "z": {"w": 3}}}`,
	`{"Events": [
	   {"EventId": "e1", "EventName": "ListBuckets", "EventTime": "2024-01-01T00:00:00Z", "Username": "i-0abc"},
	   {"EventId": "e2", "EventName": "ListBuckets", "EventTime": "2024-01-01T00:01:00Z", "Username": "alice"},
	   {"EventId": "e3", "EventName": "CreateBucket", "EventTime": "2024-01-01T00:02:00Z"}],
	  "Reservations": [{"Instances": [{"InstanceId": "i-1", "SecurityGroups": [{"GroupId": "sg-1"}, {"GroupId": "sg-2"}]},
	                                  {"InstanceId": "i-2", "SecurityGroups": []}]},
	                   {"Instances": [{"InstanceId": "i-3", "SecurityGroups": [{"GroupId": "sg-3"}]}]}],
	  "DetectorIds": ["d1", "d2"], "Findings": [{"Id": "f1", "Severity": 8.0}], "QueryExecutionId": "q-1",
	  "queryId": "abc", "customerId": "ws-1"}`,
	`[{"principalName": "a@x", "roleDefinitionName": "Owner", "scope": "/subscriptions/1", "id": 1},
	  {"principalName": "b@x", "roleDefinitionName": "Reader", "scope": "/", "id": 2},
	  {"authorization": {"action": "Microsoft.Compute/virtualMachines/delete"}, "eventTimestamp": "t1", "caller": "c", "claims": {"ipaddr": "1.2.3.4"}}]`,
	`"just a string"`,
}

var diffExprs = []string{
	// identifiers, subexpressions, quoting
	`foo`, `foo.bar`, `foo.bar.baz`, `foo.bar.baz.nope`, `"foo"`, `"foo"."bar"`, `foo."a b"`, `foo."-"`,
	`"\u0066oo"`, `nope`, `foo.nope.nope`, `"uni"`, `@`, `@.foo`, `foo.@`,
	// index and slices
	`foo.bar.baz[0]`, `foo.bar.baz[-1]`, `foo.bar.baz[10]`, `foo.bar.baz[-10]`, `foo.bar.baz[1:3]`,
	`foo.bar.baz[::2]`, `foo.bar.baz[::-1]`, `foo.bar.baz[-2:]`, `foo.bar.baz[:-2]`, `foo.bar.baz[3:1:-1]`,
	`foo.bar.baz[10:]`, `foo.bar.baz[:100:3]`, `foo.bar.baz[::0]`, `foo.bar.baz[1:3].x`, `[0]`, `[-1]`, `[1:]`,
	`s[0]`, `s[::-1]`, `people[0].name`, `people[-1]`, `nested[0][1]`, `nested[1][1][0]`,
	// projections and flatten
	`people[*].name`, `people[].name`, `people[*].tags[0]`, `people[].tags[]`, `nested[]`, `nested[][]`,
	`nested[].foo`, `obj.*`, `objs.*.v`, `objs.*.*`, `*`, `*.bar`, `[*]`, `[]`, `people[*]`, `people[*].[name, age]`,
	`people[*].{n: name, a: age}`, `people[].{"quoted key": name}`, `people[:2].name`, `s[*]`, `obj[*]`,
	`people[*].name | [0]`, `people[].name | length(@)`, `nums[].foo`, `mixed[]`, `empty[*]`, `emptyo.*`,
	// filters
	`people[?age > ` + "`26`" + `].name`, `people[?age >= ` + "`30`" + `]`, `people[?age < ` + "`100`" + `].name`,
	`people[?name == 'a']`, `people[?name != 'a'].name`, `people[?tags]`, `people[?!tags].name`,
	`people[?age == null].name`, `people[?age].age`, `people[?name > 'b'].name`, `people[?name < ` + "`5`" + `]`,
	`mixed[?@]`, `mixed[?!@]`, `nums[?@ > ` + "`2`" + `]`, `[?@ == 'x']`, `people[?age > ` + "`26`" + ` && name != 'd'].name`,
	`people[?age > ` + "`26`" + ` || name == 'c'].name`, `people[?contains(tags, 'x')]`, `people[?@.age==` + "`25.5`" + `]`,
	`nested[?[0] == ` + "`1`" + `]`, `people[?age > 'x']`, `people[?age][]`, `people[?age].name[]`,
	// comparisons and equality
	`one == fone`, "one == `true`", "zero == `false`", "t == `true`", "[one] == [t]", "obj == `{\"a\":1,\"b\":2,\"c\":{\"d\":3}}`",
	`nums == nums`, `s == 'hello'`, `s < 'z'`, `one < s`, `n < one`, "`2` > `1.5`", "`[1]` < `[2]`", `t > f`,
	"`1` == `1.0`", "`{\"a\": [true]}` == `{\"a\": [1]}`", `nope == n`, "`0` != `false`",
	// boolean logic and not
	`t && f`, `t || f`, `f || s`, `e || s`, `empty || 'x'`, `emptyo && 'x'`, `zero && 'x'`, `!zero`, `!one`, `!e`,
	`!empty`, `!n`, `!t`, `!s`, `!(t && f)`, `n || e || empty || 'last'`, `foo && foo.qux`, `!!s`,
	// multiselect
	`[foo.qux, s]`, `{a: s, b: one}`, `{z: s, a: one, m: t}`, `n.[a]`, `n.{a: a}`, `foo.[qux, nope]`, `[[s], [one]]`,
	`{"x y": s, other: {inner: one}}`, `people[0].{name: name, tags: tags[0]}`,
	// pipes
	`foo | bar`, `foo.bar | baz[0]`, `people[*] | [0]`, `people | length(@)`, `nums | sort(@) | [-1]`,
	// literals
	"`\"lit\"`", "`1`", "`1.5`", "`true`", "`null`", "`[1, 2]`", "`{\"a\": 1}`", "`foo`", "`i-`", "` spaced`",
	"`1e3`", "`-0`", "`01`", `'raw'`, `'it\'s'`, `'back\\slash'`, "`\"esc\\`tick\"`", "'\\n'", "`\"\\u00e9\"`",
	// functions
	`abs(neg)`, `abs(one)`, `abs(s)`, `avg(nums)`, `avg(ints)`, `avg(empty)`, `avg(strs)`, `ceil(neg)`, `floor(neg)`,
	`ceil(one)`, `floor(big)`, `ceil(s)`, `contains(strs, 'a')`, `contains(s, 'ell')`, `contains(s, one)`,
	"contains(mixed, `true`)", "contains(ints, `1.0`)", `ends_with(s, 'lo')`, `ends_with(s, one)`, `starts_with(s, 'he')`,
	`starts_with(n, 'he')`, "starts_with(`5`, 'x')", `join(', ', strs)`, `join(', ', nums)`, `join(one, strs)`,
	`keys(obj)`, `keys(s)`, `values(obj)`, `length(s)`, `length(uni)`, `length(people)`, `length(obj)`, `length(one)`,
	`length(n)`, `map(&name, people)`, `map(&age, people)`, `map(&[0], nested)`, `max(nums)`, `max(strs)`, `max(empty)`,
	`max(mixed)`, `min(nums)`, `min(strs)`, `max_by(people, &age)`, `min_by(people, &name)`, `max_by(people, &tags)`,
	`min_by(people, &age)`, `max_by(empty, &age)`, `merge(obj, foo)`, `merge(obj, ` + "`{\"a\": 9, \"z\": 0}`" + `)`,
	`merge(obj)`, `merge()`, `merge(obj, s)`, `not_null(n, nope, s)`, `not_null(n)`, `not_null()`, `reverse(strs)`,
	`reverse(uni)`, `reverse(one)`, `sort(strs)`, `sort(nums)`, `sort(mixed)`, `sort(empty)`, `sort_by(people, &name)`,
	`sort_by(people, &age)`, `sort_by(people, &tags)`, `sort_by(people[:2], &age)`, `sort_by(empty, &x)`, `sum(nums)`,
	`sum(ints)`, `sum(empty)`, `sum(strs)`, `sum(mixed)`, `to_array(s)`, `to_array(strs)`, `to_number(numstr)`,
	`to_number(fstr)`, `to_number('1.50')`, `to_number('abc')`, `to_number(t)`, `to_number(one)`, `to_number('1_000')`,
	`to_string(obj)`, `to_string(s)`, `to_string(people[0])`, `to_string(uni)`, `to_string(nums)`, `to_string(big)`,
	`to_string(small)`, `to_string(fone)`, `type(s)`, `type(one)`, `type(fone)`, `type(n)`, `type(t)`, `type(obj)`, `type(nums)`,
	`length()`, `length(s, s)`, `nope(s)`, `abs(s, s)`, `sort_by(people, name)`, `map(name, people)`, `length(&s)`,
	`sum(nums[?@ > ` + "`0`" + `])`, `length(s s)`, `avg(map(&age, people))`, `max_by(people, &name).name`,
	// playbook
	`Events[].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}`,
	"Events[?starts_with(Username, `i-`)==`true`].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}",
	`Reservations[].Instances[].InstanceId`, `Reservations[].Instances[].SecurityGroups[0].GroupId`, `DetectorIds[0]`,
	`Findings[0]`, `QueryExecutionId`, `ResultSet`, `queryId`, `customerId`,
	`[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}`,
	"[?authorization.action=='Microsoft.Compute/virtualMachines/delete’].{Time:eventTimestamp,Caller:caller,SourceIP:claims.ipaddr}",
	"[?authorization.action=='Microsoft.Compute/virtualMachines/delete'].{Time:eventTimestamp,Caller:caller,SourceIP:claims.ipaddr}",
	// numbers, unicode positions and other edges
	`"é".x[`, "'é' ]", "foo[?a == 'é'] ]", "sum(`[1.1, 2.2]`)", "avg(`[1, 2]`)", "to_string(`1e16`)",
	"to_string(`123456789.0`)", "to_string(`0.0001`)", "`1.0e2`", "ceil(`1e20`)", "floor(`-2.5`)", "abs(`-2.5`)",
	"to_number('-0')", "to_number('+5')", "to_number('.5')", "to_number('5.')", "to_number('1_0.5')",
	"to_number('0x10')", "to_number('')", "to_number('1e-7')", "to_string(`\"\\u0001\"`)", "contains(`[1, 2]`, `2.0`)",
	"min_by(`[{\"k\":1},{\"k\":\"a\"}]`, &k)", "max_by(`[{\"k\":\"a\"},{\"k\":1}]`, &k)",
	"sort_by(`[{\"k\":1},{\"k\":\"a\"}]`, &k)", "sort_by(`[{\"k\":true}]`, &k)", "min_by(`[{\"k\":true}]`, &k)",
	"sort_by(`[{\"k\":2,\"i\":1},{\"k\":1,\"i\":2},{\"k\":2,\"i\":3},{\"k\":1.0,\"i\":4}]`, &k)[*].i",
	"max_by(`[{\"k\":2,\"i\":1},{\"k\":2,\"i\":2}]`, &k).i", "min_by(`[{\"k\":2,\"i\":1},{\"k\":2,\"i\":2}]`, &k).i",
	"max(`[2, 2.0]`)", "min(`[2.0, 2]`)", "sort(`[3, 1.5, 2, 1]`)", "`[1]` == `[true]`", "merge(obj, `5`)",
	"merge(obj, n)", "foo[`1`]", "`\"a`", "a.b.c.d.e.f", "people[?age > `26`] | [0].name", "length(`\"\\ud83d\\ude00\"`)",
	"reverse(`\"\\ud83d\\ude00a\"`)", `'a\\b'`, "foo.bar.baz[1:3][0]", "foo.bar.baz[1:3] | [0]",
	"people[*].age | sort(@)", "max(people[*].age)", "sum(`[10000000000000000000, 1]`)", "`12345678901234567890`",
	"to_string(`[1.5e300, -0.0, 100.0]`)", "avg(`[1, 2, 4]`)", "`{\"b\":1,\"a\":2}`", "keys(`{\"b\":1,\"a\":2}`)",
	"{b: `1`, a: `2`}", "foo[0:-1:-1]", "foo.bar.baz[-1:0:-1]", "foo.bar.baz[:-1:2]", "foo.bar.baz[100:-100:-1]",
	"foo.bar.baz[-100:100]", "nested[*][0]", "nested[][0]", "people[*].tags[*]", "people[].tags[].x",
	"objs.*.v | [0]", "objs.* | [0]", "*.v", "mixed[?@ == `1`]", "mixed[?@ == `true`]", "mixed[?@ == `0`]",
	"mixed[?type(@) == 'number']", "to_array(n)", "not_null(`[]`, `1`)", "join('', `[]`)", "length('')",
	// syntax errors
	``, `foo.`, `foo[`, `foo[0`, `.foo`, `foo..bar`, `foo.1`, `foo.[`, `[foo`, `{foo}`, `{foo: bar`, `{foo: bar baz: qux}`,
	`{1: x}`, `foo[1:2:3:4]`, `foo[a]`, `foo]`, `foo)`, `(foo`, `foo | `, `|foo`, `foo ||`, `foo &&`, `!`, `a = b`, `a =`,
	`foo-bar`, `-`, `foo[-]`, `'unclosed`, "`unclosed", `"unclosed`, `"bad\escape"`, `"\u12"`, "`{bad json`",
	"`\"a\"b`", `foo ~ bar`, `ü`, `foo.ü`, `"f"(x)`, `foo.bar(x)`, `[1](x)`, `@(x)`, `foo*`, `foo{a: b}`, `a b`,
	`foo[?]`, `foo[?a`, `foo[*`, `foo[* ]`, `[ ]`, `foo.*.`, `foo.&bar`, `&`, `a && && b`, `foo[:a]`, `foo[0:1`, `a.'b'`,
	"foo.`x`", `a.{b:c}.{`, `[?a]]`, `*.[a, b`, `foo[1]bar`, `x[?a==b]c`, "a == `1` ==", "\t\n", `foo .  bar`,
	`  foo  `, `"foo\nbar"`, "foo\nbar", `@@`,
}
