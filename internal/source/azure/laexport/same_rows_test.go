package laexport

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// ingestFiles writes files into a folder and ingests it into a new case
// with this package's formats. The case holds every Azure table
// (formats.Tables() would import this package once it is registered).
func ingestFiles(t *testing.T, files map[string]string, table string) (*store.Case, *ingest.Summary) {
	t.Helper()
	dir := t.TempDir()
	ev := filepath.Join(dir, "evidence")
	if err := os.MkdirAll(ev, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(ev, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := store.Open(filepath.Join(dir, "case"), azure.Tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sum, err := ingest.Run(context.Background(), c, []string{ev}, ingest.Options{Formats: Formats, Table: table, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c, sum
}

// tableText is a table's rows, every column as text, in time order.
func tableText(t *testing.T, db *sql.DB, table string) [][]string {
	t.Helper()
	q := `SELECT COLUMNS(* EXCLUDE (_file, _record, _line))::VARCHAR FROM ` + table + ` ORDER BY TimeGenerated`
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = cols[i] + "=" + v.String
			}
		}
		out = append(out, row)
	}
	return out
}

// scalar runs a query that returns one value, as text.
func scalar(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var s sql.NullString
	if err := db.QueryRow(q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if !s.Valid {
		return "NULL"
	}
	return s.String
}

// TestSameRowsWhateverTheExport writes the same sign-ins and activity in
// each export shape — a union export with a Type column, and one file per
// table named after it — ingests each into its own case, and checks that
// the tables read the same, with the right values.
func TestSameRowsWhateverTheExport(t *testing.T) {
	checks := []struct{ query, want string }{
		{`SELECT count(*) FROM SigninLogs`, "2"},
		{`SELECT count(*) FROM AzureActivity`, "2"},
		{`SELECT strftime(TimeGenerated, '%Y-%m-%d %H:%M:%S.%g') FROM SigninLogs WHERE UserPrincipalName = 'alice@contoso.com'`, "2024-03-08 10:11:12.123"},
		{`SELECT ResultType FROM SigninLogs WHERE UserPrincipalName = 'alice@contoso.com'`, "50126"},
		{`SELECT json_extract_string(AuthenticationDetails, '$[0].authenticationMethod') FROM SigninLogs WHERE ResultType = '50126'`, "Password"},
		{`SELECT AuthenticationDetails FROM SigninLogs WHERE ResultType = '0'`, `[{"authenticationMethod":"Password","succeeded":true}]`},
		{`SELECT LocationDetails->>'city' FROM SigninLogs WHERE ResultType = '0'`, "Lagos"},
		{`SELECT LocationDetails::VARCHAR FROM SigninLogs WHERE ResultType = '0'`, `{"city":"Lagos","geoCoordinates":{"latitude":6.45,"longitude":3.39}}`},
		{`SELECT IsInteractive::VARCHAR FROM SigninLogs WHERE ResultType = '50126'`, "true"},
		{`SELECT DurationMs::VARCHAR FROM SigninLogs WHERE ResultType = '0'`, "9007199254740993"},
		{`SELECT AppDisplayName FROM SigninLogs WHERE ResultType = '0'`, `Microsoft, "Office" 365`},
		{`SELECT string_agg(DISTINCT Type, ',') FROM SigninLogs`, "SigninLogs"},
		{`SELECT Authorization_d->>'action' FROM AzureActivity WHERE Caller = 'eve@contoso.com'`, "Microsoft.Authorization/roleAssignments/write"},
		{`SELECT json_extract_string("Authorization", '$.scope') FROM AzureActivity WHERE Caller = 'eve@contoso.com'`, "/subscriptions/1111"},
		{`SELECT count(*) FROM AzureActivity WHERE Authorization_d IS NULL AND CallerIpAddress = '' AND "Authorization" = ''`, "1"},
		{`SELECT string_agg(DISTINCT Type, ',') FROM AzureActivity`, "AzureActivity"},
	}
	var reference map[string][][]string
	refName := ""
	for _, sh := range shapes {
		for _, variant := range []string{"union", "per-table"} {
			name := sh.name + "/" + variant
			t.Run(name, func(t *testing.T) {
				files := map[string]string{}
				if variant == "union" {
					rows := append(withType(signinRows), withType(activityRows)...)
					files["query_results"+sh.ext] = sh.write(t, rows)
				} else {
					files["SigninLogs_2024-03-08"+sh.ext] = sh.write(t, signinRows)
					files["export-AzureActivity"+sh.ext] = sh.write(t, activityRows)
				}
				c, sum := ingestFiles(t, files, "")
				for _, r := range sum.Results {
					if r.Status != ingest.StatusLoaded || r.Evidence.Format != sh.format {
						t.Fatalf("%s: %s as %q (%s)", r.Evidence.Path, r.Status, r.Evidence.Format, r.Evidence.Note)
					}
					if r.Evidence.Rejected != 0 || r.Evidence.Warnings != 0 {
						t.Errorf("%s: %d rejected, %d warnings: %+v", r.Evidence.Path, r.Evidence.Rejected, r.Evidence.Warnings, r.Evidence.Issues)
					}
				}
				for _, ck := range checks {
					if got := scalar(t, c.DB, ck.query); got != ck.want {
						t.Errorf("%s\n got %q\nwant %q", ck.query, got, ck.want)
					}
				}
				got := map[string][][]string{
					"SigninLogs":    tableText(t, c.DB, "SigninLogs"),
					"AzureActivity": tableText(t, c.DB, "AzureActivity"),
				}
				if reference == nil {
					reference, refName = got, name
					return
				}
				for table, rows := range got {
					if !reflect.DeepEqual(rows, reference[table]) {
						t.Errorf("%s differs from %s:\n%s\nvs\n%s", table, refName, text(rows), text(reference[table]))
					}
				}
			})
		}
	}
}

func text(rows [][]string) string {
	var lines []string
	for _, r := range rows {
		var set []string
		for _, v := range r {
			if v != "NULL" {
				set = append(set, v)
			}
		}
		lines = append(lines, strings.Join(set, " | "))
	}
	return strings.Join(lines, "\n")
}
