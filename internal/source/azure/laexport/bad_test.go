package laexport

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// TestBadCells checks, in every shape, what happens to cells that cannot be
// kept as they are: the row loads, the cell is NULL (or kept as a JSON
// string), and one warning for the row names the column.
func TestBadCells(t *testing.T) {
	base := []cell{
		{"TimeGenerated", "datetime", ts("2024-03-08T10:00:00Z")},
		{"UserPrincipalName", "string", "alice@contoso.com"},
	}
	with := func(extra ...cell) []laRow {
		return []laRow{{"SigninLogs", append(append([]cell(nil), base...), extra...)}}
	}
	cases := []struct {
		name  string
		rows  []laRow
		check func(t *testing.T, r gotRow)
		warn  []string // parts of the row's warning ("" none)
		file  []string // parts of a file-level warning (nil none)
	}{
		{"a long that is not a number", with(cell{"DurationMs", "string", "abc"}),
			func(t *testing.T, r gotRow) {
				if _, ok := r.vals["DurationMs"]; ok {
					t.Errorf("DurationMs = %v, want NULL", r.vals["DurationMs"])
				}
			}, []string{"DurationMs", `"abc" is not a number`}, nil},
		{"a dynamic cell that is not JSON", with(cell{"LocationDetails", "string", "Lagos, NG"}),
			func(t *testing.T, r gotRow) {
				if got := r.vals["LocationDetails"]; got != `"Lagos, NG"` {
					t.Errorf("LocationDetails = %v, want it kept as a JSON string", got)
				}
			}, []string{"LocationDetails", "not JSON, kept as a string"}, nil},
		{"a bad time", []laRow{{"SigninLogs", []cell{{"TimeGenerated", "string", "yesterday"}, {"UserPrincipalName", "string", "a"}}}},
			func(t *testing.T, r gotRow) {
				if _, ok := r.vals["TimeGenerated"]; ok {
					t.Errorf("TimeGenerated = %v, want NULL", r.vals["TimeGenerated"])
				}
			}, []string{"TimeGenerated", `"yesterday" is not a time`}, nil},
		{"no time column", []laRow{{"SigninLogs", []cell{{"UserPrincipalName", "string", "alice@contoso.com"}, {"IPAddress", "string", "203.0.113.9"}}}},
			func(t *testing.T, r gotRow) {
				if _, ok := r.vals["TimeGenerated"]; ok || r.vals["IPAddress"] != "203.0.113.9" {
					t.Errorf("row %v, want it kept with TimeGenerated NULL", r.vals)
				}
			}, []string{"no TimeGenerated"}, nil},
		{"columns not in the table", with(cell{"Foo", "string", "x"}, cell{"Empty", "string", ""}),
			func(t *testing.T, r gotRow) {}, nil, []string{"columns not in SigninLogs, not loaded: Foo"}},
	}
	for _, c := range cases {
		for _, sh := range shapes {
			t.Run(c.name+"/"+sh.name, func(t *testing.T) {
				w := mustParse(t, sh.format, "SigninLogs"+sh.ext, "", sh.write(t, c.rows))
				if len(w.rows) != 1 || len(w.rejects) != 0 {
					t.Fatalf("%d rows, rejects:%s", len(w.rows), notes(w.rejects))
				}
				r := w.rows[0]
				if r.vals["UserPrincipalName"] == nil {
					t.Errorf("the row lost its other cells: %v", r.vals)
				}
				c.check(t, r)
				var rowWarns, fileWarns []gotNote
				for _, n := range w.warns {
					if n.loc == (source.Location{}) {
						fileWarns = append(fileWarns, n)
					} else {
						rowWarns = append(rowWarns, n)
					}
				}
				if c.warn == nil && len(rowWarns) > 0 || c.warn != nil && (len(rowWarns) != 1 || !hasNote(rowWarns, r.loc.Line, c.warn...) || rowWarns[0].loc != r.loc) {
					t.Errorf("row at %v: warnings%s\nwant one there saying %q", r.loc, notes(rowWarns), c.warn)
				}
				if c.file == nil && len(fileWarns) > 0 || c.file != nil && (len(fileWarns) != 1 || !hasNote(fileWarns, 0, c.file...)) {
					t.Errorf("file warnings%s\nwant %q", notes(fileWarns), c.file)
				}
				if c.file != nil && strings.Contains(fileWarns[0].reason, "Empty") {
					t.Errorf("an empty column is listed as dropped: %s", fileWarns[0].reason)
				}
			})
		}
	}
}

// TestCSVBadRecords: each malformed record is rejected with its line,
// and the records after it load.
func TestCSVBadRecords(t *testing.T) {
	const header = "TimeGenerated [UTC],UserPrincipalName,IPAddress,LocationDetails\n"
	good := func(user string) string { return `"3/8/2024, 10:00:00.000 AM",` + user + ",203.0.113.9,\n" }
	cases := []struct {
		name    string
		body    string
		users   []string // users of the rows that load, in order
		rejects []gotNote
	}{
		{"bare quote", good("a") + `"3/8/2024, 10:00:00.000 AM",b"ad,1.2.3.4,` + "\n" + good("c"),
			[]string{"a", "c"}, []gotNote{{source.Location{Line: 3, Record: 2}, `not CSV at line 3, column 30: bare " in non-quoted-field`}}},
		{"quote after a closed quote, balanced", good("a") + `"3/8/2024, 10:00:00.000 AM","x"y",1.2.3.4,` + "\n" + good("c"),
			[]string{"a", "c"}, []gotNote{{source.Location{Line: 3, Record: 2}, `not CSV at line 3, column 31: extraneous or missing " in quoted-field`}}},
		{"too few fields", good("a") + "x,y\n" + good("c"),
			[]string{"a", "c"}, []gotNote{{source.Location{Line: 3, Record: 2}, "the record has 2 fields, the header has 4"}}},
		{"unclosed quote: resync at the next record", good("a") + `"3/8/2024, 10:00:00.000 AM",b,1.2.3.4,"{` + "\n  \"\"x\"\": 1,\n" + good("c") + good("d"),
			[]string{"a", "c", "d"}, []gotNote{{source.Location{Line: 3, Record: 2}, "a quoted cell is not closed before line 5, which starts a new record"}}},
		{"unclosed quote at the end", good("a") + `"3/8/2024, 10:00:00.000 AM",b,1.2.3.4,"{` + "\n  1\n",
			[]string{"a"}, []gotNote{{source.Location{Line: 3, Record: 2}, "a quoted cell is not closed when the file ends"}}},
		{"multi-line cells and blank lines are fine", good("a") + "\n" + `"3/8/2024, 10:00:00.000 AM",b,1.2.3.4,"{` + "\n  \"\"x\"\": 1,\n  \"\"y\"\": [1, 2]\n}\"\n" + good("c"),
			[]string{"a", "b", "c"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := mustParse(t, "azure-la-csv", "SigninLogs.csv", "", header+c.body)
			var users []string
			for _, r := range w.rows {
				users = append(users, r.vals["UserPrincipalName"].(string))
			}
			if strings.Join(users, ",") != strings.Join(c.users, ",") {
				t.Errorf("loaded %v, want %v", users, c.users)
			}
			if len(w.rejects) != len(c.rejects) {
				t.Fatalf("rejects:%s\nwant%s", notes(w.rejects), notes(c.rejects))
			}
			for i, want := range c.rejects {
				if got := w.rejects[i]; got.loc != want.loc || !strings.Contains(got.reason, want.reason) {
					t.Errorf("reject %v: %s\nwant %v: %s", got.loc, got.reason, want.loc, want.reason)
				}
			}
		})
	}
}

// TestCSVLocalTime: a "[Local Time]" column is read as UTC, and a
// warning says so.
func TestCSVLocalTime(t *testing.T) {
	w := mustParse(t, "azure-la-csv", "SigninLogs.csv", "",
		"TimeGenerated [Local Time],UserPrincipalName\n\"3/8/2024, 1:02:03.000 PM\",a\n")
	if len(w.rows) != 1 || !w.rows[0].vals["TimeGenerated"].(time.Time).Equal(ts("2024-03-08T13:02:03Z")) {
		t.Fatalf("rows %+v", w.rows)
	}
	if len(w.warns) != 1 || !hasNote(w.warns, 0, `"TimeGenerated [Local Time]"`, "taken as UTC") {
		t.Errorf("warnings:%s", notes(w.warns))
	}
}

// TestJSONRowsBadInput: elements that are not rows are rejected; JSON that
// cannot be followed stops the file with its line, rows before it kept.
func TestJSONRowsBadInput(t *testing.T) {
	row := func(user string) string {
		return `{"TimeGenerated":"2024-03-08T10:00:00Z","UserPrincipalName":"` + user + `","Type":"SigninLogs"}`
	}
	cases := []struct {
		name    string
		text    string
		users   []string
		rejects []gotNote
		err     string
	}{
		{"not rows", "[\n" + row("a") + ",\n\"x\",\n42,\n[1],\n" + row("b") + "\n]", []string{"a", "b"},
			[]gotNote{{source.Location{Line: 3, Record: 2}, "element 2 of the array is a string, not a row object"},
				{source.Location{Line: 4, Record: 3}, "is a number"}, {source.Location{Line: 5, Record: 4}, "is an array"}}, ""},
		{"invalid JSON", "[\n" + row("a") + ",\n" + `{"TimeGenerated" "x"}` + ",\n" + row("b") + "\n]", []string{"a"}, nil, "line 3: invalid JSON"},
		{"truncated", "[\n" + row("a") + ",\n" + row("b")[:20], []string{"a"}, nil, "truncated"},
		{"content after the array", "[" + row("a") + "]\n{}", []string{"a"}, nil, "after the array of rows"},
		{"not an array", `{"a":1}`, nil, nil, "does not start with a JSON array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := parse(t, "azure-la-rows", "x.json", "", c.text)
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Errorf("error %v, want %q", err, c.err)
			}
			var users []string
			for _, r := range w.rows {
				users = append(users, r.vals["UserPrincipalName"].(string))
			}
			if strings.Join(users, ",") != strings.Join(c.users, ",") {
				t.Errorf("loaded %v, want %v", users, c.users)
			}
			if len(w.rejects) != len(c.rejects) {
				t.Fatalf("rejects:%s\nwant%s", notes(w.rejects), notes(c.rejects))
			}
			for i, want := range c.rejects {
				if got := w.rejects[i]; got.loc != want.loc || !strings.Contains(got.reason, want.reason) {
					t.Errorf("reject %v: %s\nwant %v: %s", got.loc, got.reason, want.loc, want.reason)
				}
			}
		})
	}
}

// TestAPIBadInput covers the query API response's own failures.
func TestAPIBadInput(t *testing.T) {
	cols := `"columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"UserPrincipalName","type":"string"},{"name":"IsInteractive","type":"bool"}]`
	cases := []struct {
		name    string
		text    string
		rows    int
		rejects []string
		warn    string
		err     string
		skip    string
	}{
		{"rows of the wrong width or kind", `{"tables":[{"name":"PrimaryResult",` + cols + `,"rows":[
["2024-03-08T10:00:00Z","a",1],
["2024-03-08T10:00:00Z","b"],
{"x":1},
["2024-03-08T10:00:00Z","c",0]]}]}`, 2, []string{"line 3, record 2: the row has 2 values, the table declares 3 columns", "line 4, record 3: a row is an object, not an array of values"}, "", "", ""},
		{"rows before columns", `{"tables":[{"name":"PrimaryResult","rows":[[1]],` + cols + `}]}`, 0, nil, "", "rows before its columns", ""},
		{"an error response", `{"error":{"message":"The query was invalid","code":"BadArgumentError"}}`, 0, nil, "", "", "query API error response: BadArgumentError The query was invalid"},
		{"a second table of an unknown shape", `{"tables":[{"name":"PrimaryResult",` + cols + `,"rows":[["2024-03-08T10:00:00Z","a",true]]},{"name":"stats","columns":[{"name":"Foo","type":"long"}],"rows":[[1],[2]]}]}`,
			1, nil, `table 2 of the response ("stats", 2 rows) not loaded: Log Analytics export of an unknown table (columns: Foo)`, "", ""},
		{"truncated", `{"tables":[{"name":"PrimaryResult",` + cols + `,"rows":[["2024-03-08T10:00:00Z","a",true],["2024`, 1, nil, "", "truncated", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := parse(t, "azure-la-api", "response.json", "", c.text)
			var skip *source.SkipFile
			switch {
			case c.skip != "":
				if !errors.As(err, &skip) || !strings.Contains(skip.Reason, c.skip) {
					t.Errorf("error %v, want a skip saying %q", err, c.skip)
				}
			case c.err != "":
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("error %v, want %q", err, c.err)
				}
			case err != nil:
				t.Errorf("error %v", err)
			}
			if len(w.rows) != c.rows {
				t.Errorf("%d rows, want %d", len(w.rows), c.rows)
			}
			for i, r := range w.rows {
				want := i == 0 // 1 then 0: a bool column sent as a number
				if v, _ := r.vals["IsInteractive"].(bool); v != want && c.name == "rows of the wrong width or kind" {
					t.Errorf("row %d IsInteractive = %v, want %v", i, r.vals["IsInteractive"], want)
				}
			}
			if len(w.rejects) != len(c.rejects) {
				t.Fatalf("rejects:%s\nwant %q", notes(w.rejects), c.rejects)
			}
			for i, want := range c.rejects {
				if got := w.rejects[i].loc.String() + ": " + w.rejects[i].reason; got != want {
					t.Errorf("reject %q, want %q", got, want)
				}
			}
			if c.warn != "" && !hasNote(w.warns, 0, c.warn) {
				t.Errorf("warnings:%s\nwant %q", notes(w.warns), c.warn)
			}
		})
	}
}

// TestIngestReportsSkipsAndRejects runs bad files through ingest: an export
// of an unknown table is listed as skipped with the reason, and a file
// with bad records loads the rest and keeps the rejects with their lines.
func TestIngestReportsSkipsAndRejects(t *testing.T) {
	files := map[string]string{
		"summary.csv":    "IPAddress [UTC],count_\n1.2.3.4,5\n",
		"SigninLogs.csv": "TimeGenerated [UTC],UserPrincipalName,IPAddress\n\"3/8/2024, 10:00:00.000 AM\",a,1.2.3.4\nb\"ad,x,y\n\"3/8/2024, 10:00:01.000 AM\",c,1.2.3.4\n",
	}
	// A dynamic value with half a surrogate pair, which DuckDB's JSON
	// refuses: it must load mended, not fail the case's load.
	files["SigninLogs-az.json"] = `[{"TimeGenerated":"2024-03-08T10:00:02Z","UserPrincipalName":"d","LocationDetails":"{\"city\":\"\\ud800\"}","TableName":"PrimaryResult"}]`
	c, sum := ingestFiles(t, files, "")
	byName := map[string]ingest.FileResult{}
	for _, r := range sum.Results {
		byName[r.Evidence.Path[strings.LastIndexAny(r.Evidence.Path, `/\`)+1:]] = r
	}
	if r := byName["summary.csv"]; r.Status != ingest.StatusSkipped || !strings.Contains(r.Evidence.Note, "unknown table (columns: IPAddress, count_)") {
		t.Errorf("summary.csv: %s, %q", r.Status, r.Evidence.Note)
	}
	if r := byName["SigninLogs-az.json"]; r.Status != ingest.StatusLoaded || r.Evidence.Records != 1 {
		t.Errorf("SigninLogs-az.json: %s, %d records, %q", r.Status, r.Evidence.Records, r.Evidence.Note)
	}
	r := byName["SigninLogs.csv"]
	if r.Status != ingest.StatusLoaded || r.Evidence.Records != 2 || r.Evidence.Rejected != 1 {
		t.Fatalf("SigninLogs.csv: %s, %d records, %d rejected", r.Status, r.Evidence.Records, r.Evidence.Rejected)
	}
	if iss := r.Evidence.Issues; len(iss) != 1 || iss[0].Line != 3 || !strings.Contains(iss[0].Reason, `bare "`) {
		t.Errorf("issues %+v", iss)
	}
	if got := scalar(t, c.DB, `SELECT LocationDetails->>'city' FROM SigninLogs WHERE UserPrincipalName = 'd'`); got != "\uFFFD" {
		t.Errorf("city %q", got)
	}
	if got := scalar(t, c.DB, `SELECT string_agg(UserPrincipalName || '@' || _line, ',' ORDER BY _line) FROM SigninLogs WHERE UserPrincipalName <> 'd'`); got != "a@2,c@4" {
		t.Errorf("rows %s", got)
	}
}

// TestCSVInvalidUTF8: a cell that is not UTF-8 is kept mended, with a
// warning naming the column.
func TestCSVInvalidUTF8(t *testing.T) {
	w := mustParse(t, "azure-la-csv", "SigninLogs.csv", "", "TimeGenerated,UserPrincipalName\n2024-03-08T10:00:00Z,a\xffb\n")
	if len(w.rows) != 1 || w.rows[0].vals["UserPrincipalName"] != "a\uFFFDb" {
		t.Fatalf("rows %+v", w.rows)
	}
	if !hasNote(w.warns, 2, "UserPrincipalName: not valid UTF-8") {
		t.Errorf("warnings:%s", notes(w.warns))
	}
}
