package hunt

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query/kql"
)

// goodKQLHunt is a valid KQL hunt that tests break one line at a time.
const goodKQLHunt = `id: az-test
title: Test Hunt
attack: [T1110]
cloud: azure
area: network
severity: low
description: A KQL hunt for tests.
sources: [SigninLogs]
key: [IPAddress]
params:
  - name: users
    type: strings
    default: ["alice@contoso.com"]
    description: the users
  - name: min_failures
    type: int
    default: 2
    description: fewest failures
detection:
  lang: kql
  query: |
    SigninLogs
    | where TimeGenerated between (since .. until)
    | where UserPrincipalName in (users)
    | summarize Failures = count() by IPAddress
    | where Failures >= min_failures
    | render columnchart
procedures:
  - kind: kql
    text: Run it.
    commands:
      - SigninLogs | take 1
`

func loadKQL(text string) (*Catalog, error) {
	fsys := fstest.MapFS{"azure/az-test.yaml": {Data: []byte(text)}}
	return Load(fsys, testTables())
}

func TestLoadKQLHunts(t *testing.T) {
	if _, err := loadKQL(goodKQLHunt); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"unused param", "| where Failures >= min_failures\n", "", "detection.query never uses min_failures"},
		{"no window", "| where TimeGenerated between (since .. until)\n", "", "detection.query never uses since"},
		{"param only in a string", "in (users)", `in (users) or UserPrincipalName == "min_failures"`, ""},
		{"param only in a comment", "| where Failures >= min_failures\n", "// min_failures\n", "never uses min_failures"},
		// The error names the file and the place in the hunt's own query
		// (line 4 of the query, not of the query with its lets).
		{"bad KQL", "| summarize Failures = count() by IPAddress", "| summarize Failures = count() by IPAdress", "azure/az-test.yaml: detection.query: kql:4:"},
		{"unknown column named", "| summarize Failures = count() by IPAddress", "| summarize Failures = count() by IPAdress", "IPAdress"},
		{"own let of a param", "SigninLogs\n", "let since = datetime(2020-01-01);\n    SigninLogs\n", "sets since with its own let"},
		{"param named like a column", "name: users\n", "name: location\n", "has the name of a column of SigninLogs"},
		{"key not returned", "key: [IPAddress]", "key: [UserPrincipalName]", "key column UserPrincipalName is not a column of the detection's result"},
		{"console with a query", "lang: kql", "lang: console", "a console hunt has no query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(goodKQLHunt, tt.old, tt.new, 1)
			if text == goodKQLHunt {
				t.Fatalf("test does not change the hunt: %q not found", tt.old)
			}
			if tt.name == "param named like a column" {
				text = strings.ReplaceAll(text, "(users)", "(location)")
			}
			_, err := loadKQL(text)
			if tt.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

const consoleHunt = `id: az-console
title: Console Hunt
attack: [T1566]
cloud: azure
area: host
severity: low
description: Clicks only.
sources: []
key: []
detection:
  lang: console
procedures:
  - kind: console
    text: Look in the admin center.
`

func TestLoadConsoleHunts(t *testing.T) {
	fsys := fstest.MapFS{"azure/az-console.yaml": {Data: []byte(consoleHunt)}}
	cat, err := Load(fsys, testTables())
	if err != nil {
		t.Fatal(err)
	}
	if !cat.Hunt("az-console").ConsoleOnly() {
		t.Error("lang console is not console only")
	}
	bad := strings.Replace(consoleHunt, "key: []", "key: [Id]", 1)
	fsys = fstest.MapFS{"azure/az-console.yaml": {Data: []byte(bad)}}
	if _, err := Load(fsys, testTables()); err == nil || !strings.Contains(err.Error(), "a console hunt reports no rows") {
		t.Errorf("console hunt with a key: %v", err)
	}
}

func TestKQLLiteral(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"plain", `"plain"`},
		{`a "quoted" \ back\slash`, `"a \"quoted\" \\ back\\slash"`},
		{"line\nbreak\ttab\r\x01", `"line\nbreak\ttab\r\u0001"`},
		{"ünïcode ✓", `"ünïcode ✓"`},
		{int64(-42), "-42"},
		{0.2, "0.2"},
		{float64(3), "3.0"},
		{[]string{`x"y`, "z"}, `dynamic(["x\"y", "z"])`},
		{[]string{}, "dynamic([])"},
		{[]int64{22, 443}, "dynamic([22, 443])"},
		{time.Date(2024, 3, 4, 5, 6, 7, 500, time.UTC), "datetime(2024-03-04T05:06:07.0000005Z)"},
	}
	for _, tt := range tests {
		got, err := kqlLiteral(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("kqlLiteral(%#v) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []any{"nul\x00", "\xff", []string{"ok", "\x00"}, struct{}{}} {
		if got, err := kqlLiteral(bad); err == nil {
			t.Errorf("kqlLiteral(%q) = %s, want an error", bad, got)
		}
	}
}

// A value that tries to end the string and add KQL stays one string: the
// lets compile, and the query sees exactly the text given.
func TestKQLParamsCannotBreakOut(t *testing.T) {
	evil := []string{
		`x"); SigninLogs | take 1000; let z = ("`,
		`\"; let since = datetime(1999-01-01); //`,
		"a\nSigninLogs",
		`\`,
	}
	for _, v := range evil {
		prelude, err := kqlPrelude(time.Unix(0, 0), time.Unix(60, 0), []Value{{Name: "users", Value: []string{v}}, {Name: "who", Value: v}})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(prelude, "\n") != 1 {
			t.Errorf("prelude for %q spans lines: %q", v, prelude)
		}
		// The query that follows uses the values as data.
		q := prelude + `SigninLogs | where UserPrincipalName == who or UserPrincipalName in (users) | project UserPrincipalName, since, until`
		if _, err := kql.Compile(q, tableSchema(testTables()), kql.Options{}); err != nil {
			t.Errorf("value %q: %v", v, err)
		}
	}

	// Run over a case: only the row whose text equals the value matches.
	evilUser := `o"brien\ or 1==1`
	tc := newTestCase(t).rows("SigninLogs",
		signin("s-1", "10:00:00", "203.0.113.1", evilUser, "50126"),
		signin("s-2", "10:00:01", "203.0.113.2", "alice@contoso.com", "50126"),
	)
	fsys := fstest.MapFS{"azure/az-test.yaml": {Data: []byte(strings.Replace(goodKQLHunt, "default: 2", "default: 1", 1))}}
	cat, err := Load(fsys, testTables())
	if err != nil {
		t.Fatal(err)
	}
	tc.db.Close()
	results, err := Run(context.Background(), tc.open(), cat.Hunts(), RunOptions{Params: map[string]string{"users": evilUser}})
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	wantKeys(t, r, "203.0.113.1")
	if r.Chart == nil || r.Chart.Kind != "columnchart" {
		t.Errorf("chart %+v, want columnchart", r.Chart)
	}
	if got := column(t, r, "Failures"); len(got) != 1 || got[0] != int64(1) {
		t.Errorf("Failures = %v", got)
	}
}

func TestParseRealParam(t *testing.T) {
	for text, want := range map[string]float64{"0.25": 0.25, " 1 ": 1, "-2.5": -2.5} {
		got, err := parseValue(TypeReal, text)
		if err != nil || got != want {
			t.Errorf("parseValue(real, %q) = %v, %v", text, got, err)
		}
	}
	for _, bad := range []string{"NaN", "Inf", "abc", ""} {
		if _, err := parseValue(TypeReal, bad); err == nil {
			t.Errorf("parseValue(real, %q) accepted", bad)
		}
	}
}
