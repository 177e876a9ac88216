package kql

import (
	"errors"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
)

// Literal forms: every datetime form the playbook uses, timespans,
// strings, comments, and text that must stay data rather than SQL.
func TestLiterals(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		name, expr, want string
	}{
		{"ISO date", `datetime(2023-08-09)`, "2023-08-09T00:00:00Z"},
		{"ISO with Z", `datetime(2023-08-09T10:00:00Z)`, "2023-08-09T10:00:00Z"},
		{"ISO space and fraction", `datetime(2023-08-09 10:00:00.123)`, "2023-08-09T10:00:00.123Z"},
		{"quoted ISO", `datetime("2023-08-09T10:00:00Z")`, "2023-08-09T10:00:00Z"},
		{"ISO with offset", `datetime(2023-08-09T12:00:00+02:00)`, "2023-08-09T10:00:00Z"},
		{"US month first", `datetime("8/9/2023 00:00:00")`, "2023-08-09T00:00:00Z"},
		{"US PM", `datetime("10/29/2021 2:45 PM")`, "2021-10-29T14:45:00Z"},
		{"US 24h", `datetime("9/27/2021 23:59:59")`, "2021-09-27T23:59:59Z"},
		{"now", `now()`, "2023-08-10T12:00:00Z"},
		{"ago", `ago(1d)`, "2023-08-09T12:00:00Z"},
		{"timespans add up", `datetime(2023-08-09) + 1d + 2h + 30m + 10s + 100ms`, "2023-08-10T02:30:10.1Z"},
		{"time() literal", `datetime(2023-08-09) + time(1.02:00:00)`, "2023-08-10T02:00:00Z"},
		{"double-quoted escapes", `"a\"b\\c\td"`, "a\"b\\c\td"},
		{"single-quoted double quote", `'"'`, `"`},
		{"verbatim", `@"C:\temp\x"`, `C:\temp\x`},
		{"quote stays data", `"x' OR 1=1 --"`, "x' OR 1=1 --"},
		{"booleans", `strcat(true, False, TRUE)`, "truefalsetrue"},
		{"real", `1.5e1 + 1`, "16"},
		{"dynamic literal", `tostring(dynamic({"a":[1,"b"]}).a[1])`, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, c, "T | where n == 1 | project x = "+tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowsText(res.Rows, false); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCommentsAndLines(t *testing.T) {
	c := openCase(t)
	q := "// failed sign-ins\nSigninLogs\n| where ResultType != \"0\" // not successes\n| summarize n = count()"
	res, err := run(t, c, q)
	if err != nil {
		t.Fatal(err)
	}
	if got := rowsText(res.Rows, false); got != "3" {
		t.Errorf("got %s, want 3", got)
	}
	// An error on a later line reports that line and the column in it.
	_, err = Compile("SigninLogs\n| where Nope == 1", c, Options{})
	var qe *query.Error
	if !errors.As(err, &qe) || qe.Line != 2 || qe.Col != 9 {
		t.Errorf("got %v, want kql:2:9", err)
	}
}

func TestRenderKeepsChart(t *testing.T) {
	c := openCase(t)
	compiled, err := Compile(`T | summarize c = count() by b | render piechart with (title="By flag", legend=hidden)`, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ch := compiled.Chart
	if ch == nil || ch.Kind != "piechart" || ch.Properties["title"] != "By flag" || ch.Properties["legend"] != "hidden" {
		t.Fatalf("chart = %+v", ch)
	}
	if len(compiled.Columns) != 2 || compiled.Columns[1] != (query.Column{Name: "c", Type: "long"}) {
		t.Errorf("columns = %+v", compiled.Columns)
	}
}

func TestJSONPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"$", "$"},
		{"$.action", "/action"},
		{"$.[0].authenticationMethod", "/0/authenticationMethod"},
		{"$.File Path", "/File Path"},
		{"$['a/b'][2].c", "/a~1b/2/c"},
		{`$["x"]`, "/x"},
	}
	for _, tt := range tests {
		got, err := jsonPath(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("jsonPath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"action", "$[x]", "$.a[1"} {
		if _, err := jsonPath(bad); err == nil {
			t.Errorf("jsonPath(%q) succeeded, want an error", bad)
		}
	}
}
