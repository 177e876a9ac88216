package kql

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Operator-level behaviour over T and U (see fixtures_test.go).
func TestOperators(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		name   string
		query  string
		header string // empty: not checked
		rows   string
		sorted bool
	}{
		// has matches whole terms; contains matches substrings; both ignore case.
		{"has whole term", `T | where s has "hello" | project n`, "n:long", "1\n2", true},
		{"has not inside a term", `T | where s has "world" | project n`, "", "1\n2", true},
		{"contains substring", `T | where s contains "WORLD" | project n`, "", "1\n2\n3", true},
		{"has_cs", `T | where s has_cs "hello" | project n`, "", "2", true},
		{"contains_cs", `T | where s contains_cs "World" | project n`, "", "1", true},
		{"!has keeps null strings", `T | where s !has "hello" | project n`, "", "3\n4", true},
		{"has with punctuation term", `T | where s has "world.exe" | project n`, "", "2", true},
		{"startswith / endswith", `T | where s startswith "HELLO" and s endswith ".EXE" | project n`, "", "2", true},
		{"!startswith_cs", `T | where s !startswith_cs "Hello" | project n`, "", "2\n4", true},
		{"== is case-sensitive", `T | where s == "hello world" | project n`, "", "", true},
		{"=~ ignores case", `T | where s =~ "hello world" | project n`, "", "1", true},
		{"!~", `T | where s !~ "hello world" | project n`, "", "2\n3\n4", true},
		{"in is case-sensitive", `T | where s in ("Helloworld", "hello world") | project n`, "", "3", true},
		{"in~ ignores case", `T | where s in~ ("helloworld", "hello world") | project n`, "", "1\n3", true},
		{"!in", `T | where n !in (1, 2) | project n`, "", "3\n4", true},
		{"in spreads a dynamic array", `let xs = dynamic(["Helloworld", "nope"]); T | where s in (xs, "hello world") | project n`, "", "3", true},
		{"in~ with a dynamic array", `T | where s in~ (dynamic(["HELLOWORLD"])) | project n`, "", "3", true},
		{"!in with a dynamic array of numbers", `T | where n !in (dynamic([1, 2])) | project n`, "", "3\n4", true},
		{"in with an empty dynamic array matches nothing", `T | where n in (dynamic([])) | project n`, "", "", true},
		{"sqrt, null for negatives", `T | where n == 1 | project a = sqrt(16), b = sqrt(-1), c = sqrt(n)`, "a:real, b:real, c:real", "4 | <nil> | 1", false},
		{"in with a dynamic scalar", `T | where n in (dynamic(4)) | project n`, "", "4", true},
		{"matches regex", `T | where s matches regex @"^[Hh]ello\w+$" | project n`, "", "3", true},
		{"between is inclusive", `T | where n between (2 .. 3) | project n`, "", "2\n3", true},
		{"!between", `T | where n !between(2..3) | project n`, "", "1\n4", true},
		{"between datetimes, inclusive end", `T | where t between (datetime(2023-08-09) .. datetime(2023-08-10)) | project n`, "", "1\n2\n3", true},
		{"between datetime and timespan", `T | where t between (datetime(2023-08-09 12:00:00) .. 12h) | project n`, "", "2\n3", true},
		{"not()", `T | where not(b) | project n`, "", "2", true},
		{"arithmetic and integer division", `T | where n == 3 | project a = n * 2 + 1, q = n / 2, f = r, x = i + n`, "a:long, q:long, f:real, x:long", "7 | 1 | <nil> | 33", false},
		{"datetime arithmetic", `T | where n == 2 | project later = t + 1d, diff = datetime(2023-08-10) - t`, "later:datetime, diff:timespan", "2023-08-10T12:00:00Z | 12h0m0s", false},
		{"ago and now", `T | where t > ago(1d) | project n`, "", "3\n4", true},
		{"dynamic member, bracket, index", `T | where n == 1 | project d.k, d['key with space'], d.arr[1], d.nested.a[0].b, d.missing`, "d_k:dynamic, d_key with space:dynamic, d_arr_1:dynamic, d_nested_a_0_b:dynamic, d_missing:dynamic", `"v" | "x" | 2 | 7 | <nil>`, false},
		{"dynamic compares by string form", `T | where d.k == "v" | project n`, "", "1", true},
		{"dynamic array index out of range is null", `T | where n == 2 | project a = d[5], b = d[-1]`, "", "<nil> | 20", false},
		{"parse_json of a string", `T | where n == 1 | extend j = parse_json('{"a":{"b":"c"}}') | project x = tostring(j.a.b)`, "x:string", "c", false},
		{"split with index", `T | where n == 2 | project p = split(s, "-"), q = split(s, "-", 1), r2 = split(s, "-")[9]`, "p:dynamic, q:dynamic, r2:dynamic", `["hello","world.exe"] | "world.exe" | <nil>`, false},
		{"conversions", `T | where n == 1 | project a = tostring(n), b = toint("42"), c = tolong("7"), e = todouble("1.5"), f = tobool("true"), g = todatetime("2023-08-09T10:00:00Z"), h = tostring(b)`, "a:string, b:int, c:long, e:real, f:bool, g:datetime, h:string", "1 | 42 | 7 | 1.5 | true | 2023-08-09T10:00:00Z | true", false},
		{"string functions", `T | where n == 1 | project a = strlen(s), b = substring(s, 6), c = substring(s, 0, 5), d2 = tolower(s), e = toupper(s), f = strcat(s, "-", n), g = replace_string(s, "o", "0"), h = trim(@"H|d", s), x = extract(@"(\w+) (\w+)", 2, s)`, "", "11 | World | Hello | hello world | HELLO WORLD | Hello World-1 | Hell0 W0rld | ello Worl | World", false},
		{"iff, case, isempty", `T | project n, a = iff(n > 2, "big", "small"), b = case(n == 1, "one", n == 2, "two", "many"), e = isempty(s), f = isnull(r), g = isnotempty(s)`, "", "1 | small | one | false | false | true\n2 | small | two | false | false | true\n3 | big | many | false | true | true\n4 | big | many | true | false | false", true},
		{"coalesce skips empty strings", `T | project n, a = coalesce(s, "none"), b = coalesce("", s, "x"), c = coalesce(r, 0.0)`, "n:long, a:string, b:string, c:real", "1 | Hello World | Hello World | 1.5\n2 | hello-world.exe | hello-world.exe | 2.5\n3 | Helloworld | Helloworld | 0\n4 | none | x | 4", true},
		{"tostring of reals and timespans prints as Kusto", `T | where n == 1 | project a = tostring(r), b = tostring(4.0), c = strcat("x", 2.0), d = tostring(1d), e = tostring(90m), f = tostring(1.5s), g = tostring(-1d - 2h), h = tostring(datetime(2023-08-10) - t), i = tostring(2d + 3h + 4m + 5s + 6ms)`,
			"", "1.5 | 4 | x2 | 1.00:00:00 | 01:30:00 | 00:00:01.5000000 | -1.02:00:00 | 1.00:00:00 | 2.03:04:05.0060000", false},
		{"array_length", `T | project n, l = array_length(d)`, "", "1 | <nil>\n2 | 2\n3 | <nil>\n4 | <nil>", true},
		{"bin numbers and datetimes", `T | project n, a = bin(n, 2), b = bin(t, 1d), c = floor(r, 1.0)`, "n:long, a:long, b:datetime, c:real", "1 | 0 | 2023-08-09T00:00:00Z | 1\n2 | 2 | 2023-08-09T00:00:00Z | 2\n3 | 2 | 2023-08-10T00:00:00Z | <nil>\n4 | 4 | 2023-08-10T00:00:00Z | 4", true},
		// Tabular operators.
		{"let scalar and tabular", `let lim = 2; let Small = T | where n <= lim; Small | project n`, "n:long", "1\n2", true},
		{"project-away and rename", `T | where n == 1 | project-away s, i, r, b, t, d | project-rename num = n`, "num:long", "1", false},
		{"extend replaces in place", `T | where n == 1 | extend n = n + 100 | project-away s, i, r, b, t, d`, "n:long", "101", false},
		{"extend sees earlier item", `T | where n == 1 | extend a = n + 1, bb = a * 10 | project a, bb`, "a:long, bb:long", "2 | 20", false},
		{"unnamed columns", `T | where n == 1 | project n, n + 1, strlen(s), tostring(n)`, "n:long, Column1:long, Column2:long, n1:string", "1 | 2 | 11 | 1", false},
		{"sort default desc, nulls last", `T | sort by r | project n`, "", "4\n2\n1\n3", false},
		{"sort asc nulls first", `T | order by r asc | project n`, "", "3\n1\n2\n4", false},
		{"sort asc nulls last, two keys", `T | sort by b asc nulls last, n desc | project n`, "", "2\n4\n1\n3", false},
		{"top defaults desc", `T | top 2 by n | project n`, "", "4\n3", false},
		{"top asc", `T | top 1 by n asc | project n`, "", "1", false},
		{"take after sort keeps order", `T | sort by n asc | take 2 | project n`, "", "1\n2", false},
		{"limit", `T | limit 3 | count`, "Count:long", "3", false},
		{"count", `T | count`, "Count:long", "4", false},
		{"distinct", `U | distinct k`, "k:string", "Hello World\nHelloworld\nother", true},
		{"distinct *", `U | project k | distinct *`, "k:string", "Hello World\nHelloworld\nother", true},
		{"summarize aggregates", `T | summarize count(), countif(n > 1), dcount(b), sum(n), sum(r), avg(n), min(t), max(n), percentile(n, 50)`, "count_:long, countif_:long, dcount_b:long, sum_n:long, sum_r:real, avg_n:real, min_t:datetime, max_n:long, percentile_n_50:long", "4 | 3 | 2 | 10 | 8 | 2.5 | 2023-08-09T00:00:00Z | 4 | 2", false},
		{"summarize by with names", `U | summarize total = sum(v), c = count() by k`, "k:string, total:long, c:long", "Hello World | 201 | 2\nHelloworld | 300 | 1\nother | 900 | 1", true},
		{"summarize empty input without by: one row", `T | where n > 100 | summarize count(), sum(n)`, "count_:long, sum_n:long", "0 | <nil>", false},
		{"summarize empty input with by: no rows", `T | where n > 100 | summarize count() by s`, "s:string, count_:long", "", false},
		{"make_set and make_list", `U | summarize s = make_set(k), l = make_list(v) | project a = array_length(s), b = array_length(l)`, "a:long, b:long", "3 | 4", false},
		{"make_set naming", `U | where v == 900 | summarize make_set(k), make_list(k)`, "set_k:dynamic, list_k:dynamic", `["other"] | ["other"]`, false},
		{"arg_max(*)", `U | summarize arg_max(v, *) by k`, "k:string, v:long", "Hello World | 101\nHelloworld | 300\nother | 900", true},
		{"arg_min with columns", `T | summarize arg_min(n, s, r)`, "n:long, s:string, r:real", "1 | Hello World | 1.5", false},
		{"bin in by keeps name", `T | summarize c = count() by bin(t, 1d)`, "t:datetime, c:long", "2023-08-09T00:00:00Z | 2\n2023-08-10T00:00:00Z | 2", true},
		// Joins: U has "Hello World" twice; innerunique keeps one left row per key.
		{"join innerunique dedups left", `U | join (T | project k = s, n) on k | project k, v, n`, "k:string, v:long, n:long", "Hello World | 100 | 1\nHelloworld | 300 | 3", false},
		{"join inner keeps all", `U | join kind=inner (T | project k = s, n) on k | project k, v, n`, "", "Hello World | 100 | 1\nHello World | 101 | 1\nHelloworld | 300 | 3", true},
		{"join column naming", `U | join kind=inner (T | project k = s, n) on k | where v == 300`, "k:string, v:long, k1:string, n:long", "Helloworld | 300 | Helloworld | 3", false},
		{"join hints are accepted", `U | join hint.strategy=shuffle kind=inner (T) on $left.k == $right.s | project v, n`, "v:long, n:long", "100 | 1\n101 | 1\n300 | 3", true},
		{"has_any", `T | where s has_any ("world", "zzz") | project n`, "", "1\n2", true},
		{"join $left $right", `U | join kind=inner (T | project s, n) on $left.k == $right.s | project v, n`, "", "100 | 1\n101 | 1\n300 | 3", true},
		{"leftouter", `U | join kind=leftouter (T | project k = s, n) on k | project v, n`, "", "100 | 1\n101 | 1\n300 | 3\n900 | <nil>", true},
		{"rightouter", `U | join kind=rightouter (T | project k = s, n) on k | project v, n`, "", "100 | 1\n101 | 1\n300 | 3\n<nil> | 2\n<nil> | 4", true},
		{"fullouter", `U | join kind=fullouter (T | project k = s, n) on k | project v, n`, "", "100 | 1\n101 | 1\n300 | 3\n900 | <nil>\n<nil> | 2\n<nil> | 4", true},
		{"leftanti", `U | join kind=leftanti (T | project k = s) on k`, "k:string, v:long", "other | 900", false},
		{"rightanti", `U | join kind=rightanti (T | project k = s, n) on k | project n`, "n:long", "2\n4", true},
		{"leftsemi", `U | join kind=leftsemi (T | project k = s) on k | project v`, "v:long", "100\n101\n300", true},
		{"rightsemi", `U | join kind=rightsemi (T | project k = s, n) on k | project n`, "n:long", "1\n3", true},
		{"union withsource", `union withsource=Src U, (T | project k = s, n) | where k == "Helloworld" | project Src, k, v, n`, "Src:string, k:string, v:long, n:long", "U | Helloworld | 300 | <nil>\nunion_arg1 | Helloworld | <nil> | 3", true},
		{"piped union", `U | where v == 900 | union (U | where v == 300) | project v`, "v:long", "300\n900", true},
		{"mv-expand", `T | where n == 1 | mv-expand d.arr | project n, d_arr`, "n:long, d_arr:dynamic", "1 | 1\n1 | 2\n1 | 3", true},
		{"mv-expand to typeof", `T | where n == 2 | mv-expand x = d to typeof(long) | project x`, "x:long", "10\n20", true},
		{"parse", `T | where n == 2 | parse s with first "-" second:string "." ext | project first, second, ext`, "first:string, second:string, ext:string", "hello | world | exe", false},
		{"parse typed and star", `U | where v == 900 | extend m = "x id=42; y" | parse m with * "id=" id:long ";" * | project id`, "id:long", "42", false},
		{"parse no match", `U | where v == 900 | parse k with "id=" id:long | project k, id`, "k:string, id:long", "other | <nil>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, c, tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				if got := header(res); got != tt.header {
					t.Errorf("columns\n got: %s\nwant: %s", got, tt.header)
				}
			}
			if got := rowsText(res.Rows, tt.sorted); got != tt.rows {
				t.Errorf("rows\n got:\n%s\nwant:\n%s", got, tt.rows)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		query string
		col   int
		msg   string
	}{
		{`Nope | take 1`, 1, "unknown table 'Nope'"},
		{`signinlogs | take 1`, 1, "did you mean 'SigninLogs'"},
		{`T | project nope`, 13, "unknown column 'nope'; columns are: s, n, i"},
		{`T | extend x = nofunc(s)`, 16, "unknown function 'nofunc'"},
		{`T | where n == "1"`, 13, "cannot compare long with string"},
		{`T | frobnicate`, 5, "unknown operator 'frobnicate'"},
		{`T | where s contains`, 21, "unexpected end of query in expression"},
		{`T | where s == "abc`, 16, "string not closed"},
		{`T | where t > datetime(yesterday)`, 15, "datetime(yesterday) is not a date"},
		{`T | summarize n`, 15, "summarize needs an aggregation"},
		{`T | extend x = count()`, 16, "aggregation, expected it inside summarize"},
		{`T | join kind=sideways (U) on k`, 15, "expected one of innerunique"},
		{`T | where n > 1d`, 13, "cannot compare long with timespan"},
		{`T | extend x = s + "a"`, 18, "operator + cannot combine string and string"},
		{`T | where n > 5x`, 16, "unknown timespan unit"},
		{"T | where d['k\x00'] == 1", 13, "NUL character"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := Compile(tt.query, c, Options{})
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a *query.Error", err)
			}
			if qe.Line != 1 || qe.Col != tt.col || !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("got %d:%d %q, want 1:%d containing %q", qe.Line, qe.Col, qe.Msg, tt.col, tt.msg)
			}
		})
	}
}
