package laexport

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func TestTableInPath(t *testing.T) {
	cases := []struct{ path, want string }{
		{"exports/SigninLogs_2024-03-08.csv", "SigninLogs"},
		{"query_data-AzureActivity.json", "AzureActivity"},
		{"/x/AADManagedIdentitySignInLogs.json", "AADManagedIdentitySignInLogs"}, // longest, not SigninLogs (ignoring case)
		{"signinlogs-week10.csv", "SigninLogs"},
		{`C:\cases\StorageBlobLogs.csv`, "StorageBlobLogs"},
		{"SigninLogs/export.csv", ""}, // the folder does not count
		{"results.csv", ""},
	}
	for _, c := range cases {
		got := ""
		if tb := tableInPath(c.path); tb != nil {
			got = tb.Name
		}
		if got != c.want {
			t.Errorf("tableInPath(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestTableByShape(t *testing.T) {
	cases := []struct {
		name  string
		cols  []string
		want  string
		ties  string
		match int
	}{
		{"sign-in columns", []string{"TimeGenerated", "UserPrincipalName", "IPAddress", "ResultType", "AppDisplayName"}, "SigninLogs", "", 4},
		{"common columns ignored", []string{"TenantId", "SourceSystem", "Type", "Caller", "CallerIpAddress", "OperationNameValue"}, "AzureActivity", "", 3},
		{"case ignored", []string{"caller", "callerIPAddress", "operationnamevalue"}, "AzureActivity", "", 3},
		{"four of five is enough", []string{"Caller", "CallerIpAddress", "OperationNameValue", "ActivityStatusValue", "Foo"}, "AzureActivity", "", 4},
		{"three of five is not", []string{"Caller", "CallerIpAddress", "OperationNameValue", "Foo", "Bar"}, "", "", 3},
		{"storage tables tie", []string{"AccountName", "OperationName", "CallerIpAddress", "Uri", "StatusCode"}, "", "StorageBlobLogs,StorageFileLogs,StorageTableLogs,StorageQueueLogs", 5},
		{"only common columns", []string{"TimeGenerated", "Type", "TenantId"}, "", "", 0},
		{"a summarize result", []string{"IPAddress", "count_"}, "", "", 1},
	}
	for _, c := range cases {
		m := tableByShape(c.cols)
		got := ""
		if m.table != nil {
			got = m.table.Name
		}
		var ties []string
		for _, tb := range m.ties {
			ties = append(ties, tb.Name)
		}
		if got != c.want || strings.Join(ties, ",") != c.ties || m.matched != c.match {
			t.Errorf("%s: got %q ties %v matched %d, want %q ties %q matched %d", c.name, got, ties, m.matched, c.want, c.ties, c.match)
		}
	}
}

// TestRecognition checks each rule that says which table rows land in,
// through every format.
func TestRecognition(t *testing.T) {
	signins := withType(signinRows)
	unionRows := append(withType(signinRows), withType(activityRows)...)
	cases := []struct {
		name, path, table string
		rows              []laRow
		want              []string // table of each row, in order
		warn              string   // a file-level warning that must be there ("" for none)
		skip              string   // when the file must be skipped: parts of the reason, |-separated
	}{
		{"--table wins over a file name", "AzureActivity.json", "SigninLogs", signinRows, []string{"SigninLogs", "SigninLogs"}, "", ""},
		{"--table wins over Type, and says so", "x.json", "AADManagedIdentitySignInLogs", signins, []string{"AADManagedIdentitySignInLogs", "AADManagedIdentitySignInLogs"}, `rows say Type "SigninLogs"; loaded into AADManagedIdentitySignInLogs`, ""},
		{"Type per row, mixed tables", "x.json", "", unionRows, []string{"SigninLogs", "SigninLogs", "AzureActivity", "AzureActivity"}, "", ""},
		{"Type wins over the file name", "AzureActivity.json", "", signins, []string{"SigninLogs", "SigninLogs"}, "", ""},
		{"file name", "query_data-AzureActivity.json", "", activityRows, []string{"AzureActivity", "AzureActivity"}, "", ""},
		{"column shape, with a warning", "export.json", "", activityRows, []string{"AzureActivity", "AzureActivity"}, "rows taken as AzureActivity", ""},
		{"unknown table skipped", "export.json", "", []laRow{{"X", []cell{{"Foo", "string", "a"}, {"Bar", "string", "b"}}}}, nil, "", "Log Analytics export of an unknown table (columns: |Foo|Bar|); name it with ingest --table"},
		{"--table of a non-Azure table", "x.json", "cloudtrail", signins, nil, "", "ingest --table cloudtrail"},
	}
	for _, c := range cases {
		for _, sh := range shapes {
			t.Run(c.name+"/"+sh.name, func(t *testing.T) {
				path := strings.TrimSuffix(c.path, ".json") + sh.ext
				w, err := parse(t, sh.format, path, c.table, sh.write(t, c.rows))
				if c.skip != "" {
					var skip *source.SkipFile
					if !errors.As(err, &skip) {
						t.Fatalf("got error %v, want a skip saying %q", err, c.skip)
					}
					for _, part := range strings.Split(c.skip, "|") {
						if !strings.Contains(skip.Reason, part) {
							t.Errorf("skip reason %q does not say %q", skip.Reason, part)
						}
					}
					if strings.Contains(skip.Reason, "TableName") {
						t.Errorf("skip reason %q lists az's TableName", skip.Reason)
					}
					if len(w.rows) != 0 || len(w.rejects) != 0 {
						t.Errorf("a skipped file wrote %d rows and %d rejects", len(w.rows), len(w.rejects))
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range w.rows {
					got = append(got, r.table)
					if r.vals["Type"] != nil && r.vals["Type"] != r.table {
						t.Errorf("row in %s has Type %v", r.table, r.vals["Type"])
					}
				}
				if strings.Join(got, ",") != strings.Join(c.want, ",") || len(w.rejects) > 0 {
					t.Errorf("rows landed in %v, want %v; rejects:%s", got, c.want, notes(w.rejects))
				}
				if c.warn != "" && !hasNote(w.warns, 0, c.warn) {
					t.Errorf("no warning %q; warnings:%s", c.warn, notes(w.warns))
				}
				if c.warn == "" && len(w.warns) > 0 {
					t.Errorf("unexpected warnings:%s", notes(w.warns))
				}
			})
		}
	}
}

// TestUnknownTypeRejected: rows whose Type names a table cloudhunt does
// not load are each rejected, with the reason; the others load.
func TestUnknownTypeRejected(t *testing.T) {
	rows := append(withType(signinRows[:1]),
		laRow{"SecurityEvent", []cell{{"TimeGenerated", "datetime", ts("2024-03-08T10:00:00Z")}, {"EventID", "long", int64(4625)}, {"Type", "string", "SecurityEvent"}}},
		laRow{"SecurityEvent", []cell{{"TimeGenerated", "datetime", ts("2024-03-08T10:00:01Z")}, {"EventID", "long", int64(4624)}, {"Type", "string", "SecurityEvent"}}},
	)
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			w := mustParse(t, sh.format, "union"+sh.ext, "", sh.write(t, rows))
			if len(w.rows) != 1 || w.rows[0].table != "SigninLogs" {
				t.Errorf("rows %+v, want the one sign-in", w.rows)
			}
			if len(w.rejects) != 2 || w.rejects[0].loc.Record != 2 || w.rejects[1].loc.Record != 3 {
				t.Fatalf("rejects:%s", notes(w.rejects))
			}
			for _, r := range w.rejects {
				if !strings.Contains(r.reason, `Type "SecurityEvent" is not a Log Analytics table cloudhunt loads`) || r.loc.Line == 0 {
					t.Errorf("reject %v: %s", r.loc, r.reason)
				}
			}
		})
	}
}
