package diagnostic

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// TestBadInput checks what happens to input that is not what it should be:
// each case names the rows kept, the rejects and warnings (as
// "line/record: reason substring") and the error, if any.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name, format, input string
		table               string
		rows                int
		rejects             []string
		warns               []string
		err                 string // substring; "skip:" prefix for a SkipFile
	}{
		{name: "unknown category among known", format: "azure-diagnostic",
			input: recordsFile(recSignIn, recUnknown, recUnknown),
			rows:  1, rejects: []string{"2/2: category AuditEvent has no table", "3/3: category AuditEvent has no table"}},
		{name: "unknown categories before a known one are rejected too", format: "azure-diagnostic",
			input: recordsFile(recUnknown, recAudit),
			rows:  1, rejects: []string{"1/1: category AuditEvent has no table"}},
		{name: "only unknown categories: skipped", format: "azure-diagnostic",
			input: recordsFile(recUnknown, recUnknown),
			err:   "skip:categories the case has no table for: AuditEvent"},
		{name: "unknown category after a broken line is rejected, not skipped", format: "azure-diagnostic",
			input:   "{oops\n" + recUnknown + "\n",
			rejects: []string{"1/1: invalid JSON", "2/2: category AuditEvent has no table"}},
		{name: "record without category", format: "azure-diagnostic",
			input: recSignIn + "\n" + `{"time":"2023-08-09T10:00:00Z","operationName":"x"}` + "\n",
			rows:  1, rejects: []string{"2/2: no category"}},
		{name: "broken JSON line", format: "azure-diagnostic",
			input: recSignIn + "\n" + `{"time":"2023-08-09T10:00:00Z","category":` + "\n" + recAudit + "\n",
			rows:  2, rejects: []string{"2/2: invalid JSON"}},
		{name: "line that is not an object", format: "azure-diagnostic",
			input: recSignIn + "\n[1,2]\n",
			rows:  1, rejects: []string{"2/2: the record is an array, expected a JSON object"}},
		{name: "missing time", format: "azure-diagnostic",
			input: strings.Replace(recFileWrite, `"time":"2023-08-09T15:20:00Z",`, "", 1) + "\n",
			rows:  1, warns: []string{"1/1: no time (time missing or unreadable)"}},
		{name: "audit record without time takes activityDateTime", format: "azure-diagnostic",
			input: strings.Replace(recAudit, `"time":"2023-08-09T13:30:51.0273716Z",`, "", 1) + "\n",
			rows:  1},
		{name: "unreadable time and number", format: "azure-diagnostic",
			input: strings.Replace(strings.Replace(recBlobRead, `"2023-08-09T15:10:21.2123117Z"`, `"yesterday"`, 1), `"responseBodySize":524288000`, `"responseBodySize":"lots"`, 1) + "\n",
			rows:  1, warns: []string{`1/1: TimeGenerated left empty: "yesterday" is not a time`, `1/1: ResponseBodySize left empty: "lots" is not a number`, "1/1: no time"}},
		{name: "storage record without service", format: "azure-diagnostic",
			input:   strings.Replace(recBlobRead, "/blobServices/default", "", 1) + "\n",
			rejects: []string{"1/1: category StorageRead: the resource id does not say"}},
		{name: "storage record without service, table named", format: "azure-diagnostic", table: "StorageQueueLogs",
			input: strings.Replace(recBlobRead, "/blobServices/default", "", 1) + "\n",
			rows:  1},
		{name: "truncated records blob", format: "azure-diagnostic",
			input: recordsFile(recSignIn, recAudit)[:len(recordsFile(recSignIn, recAudit))-40],
			rows:  1, err: "line 1, after record 1: the file ends before its JSON is closed"},
		{name: "records blob with a broken record", format: "azure-diagnostic",
			input: "{\"records\":[\n" + recSignIn + ",\n{\"time\":,}\n]}",
			rows:  1, err: "line 2, after record 1: invalid JSON"},
		{name: "records that is not an array", format: "azure-diagnostic",
			input: `{"records":{"time":"x"}}`,
			err:   `"records" is {, expected an array`},
		{name: "graph entry of neither kind", format: "azure-graph",
			input:   `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[{"id":"1"},"x"]}`,
			rejects: []string{"1/1: neither a sign-in", "1/2: the entry is a string, expected a JSON object"}},
		{name: "graph page context decides a cut-down entry", format: "azure-graph",
			input: `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[{"id":"1","ipAddress":"192.0.2.1"}]}`,
			rows:  1, warns: []string{"1/1: no time (createdDateTime missing"}},
		{name: "az entries that are not objects", format: "azure-activity-log",
			input:   "[\n42,\n\"x\",\nnull\n]",
			rejects: []string{"2/1: the entry is a number, expected", "3/2: the entry is a string, expected", "4/3: the entry is null, expected"}},
		{name: "role assignment without createdOn", format: "azure-role-assignments",
			input: `[{"principalId":"p","principalName":"bob","roleDefinitionName":"Owner","scope":"/"}]`,
			rows:  1, warns: []string{"1/1: no time (createdOn missing"}},
		{name: "alert with a JSON object where text is expected", format: "azure-security-alerts",
			input: `[{"alertDisplayName":"x","detectedTimeUtc":"2023-08-09T09:00:00Z","isIncident":{"a":1}}]`,
			rows:  1, warns: []string{"1/1: IsIncident left empty: found a JSON object, expected bool"}},
		{name: "top-level scalar", format: "azure-role-assignments",
			input: `"nope"`,
			err:   "line 1, after record 0: invalid JSON: found nope where an object or array should start"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parse(t, tc.format, tc.input, tc.table)
			var skip *source.SkipFile
			switch {
			case strings.HasPrefix(tc.err, "skip:"):
				if !errors.As(err, &skip) || !strings.Contains(skip.Reason, strings.TrimPrefix(tc.err, "skip:")) {
					t.Errorf("err %v, want SkipFile with %q", err, tc.err)
				}
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Errorf("unexpected error %v", err)
			}
			if len(w.rows) != tc.rows {
				t.Errorf("%d rows, want %d", len(w.rows), tc.rows)
			}
			checkNotes(t, "rejects", w.rejects, tc.rejects)
			checkNotes(t, "warnings", w.warns, tc.warns)
		})
	}
}

func checkNotes(t *testing.T, what string, got []gotNote, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
		return
	}
	for i, n := range got {
		s := fmt.Sprintf("%d/%d: %s", n.loc.Line, n.loc.Record, n.reason)
		if !strings.Contains(s, want[i]) {
			t.Errorf("%s[%d] = %q, want it to contain %q", what, i, s, want[i])
		}
	}
}
