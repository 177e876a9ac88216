package diagnostic

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// evidence is a set of files, one per format, as they would sit in a
// folder of collected evidence.
var evidence = map[string]string{
	"insights-logs-signinlogs/PT1H.json":      recSignIn + "\n" + recNonInteractive + "\n",
	"insights-logs-managedidentity/PT1H.json": recordsFile(recManagedIdentity),
	"insights-logs-auditlogs/PT1H.json":       recordsFile(recAudit),
	"insights-activity-logs/PT1H.json":        recordsFile(recActivity),
	"insights-logs-storageread/PT1H.json":     recordsFile(recBlobRead),
	"insights-logs-storagewrite/PT1H.json":    recFileWrite + "\n",
	"graph/signins-page1.json":                graphSignIns,
	"graph/directoryaudits-page1.json":        graphAudits,
	"az/activity-log.json":                    azActivityLog,
	"az/role-assignments.json":                azRoleAssignments,
	"az/security-alerts.json":                 azAlerts,
	"insights-logs-auditevent/PT1H.json":      recordsFile(recUnknown),
}

// ingestEvidence writes the files and ingests them with this package's
// formats into a new case.
func ingestEvidence(t *testing.T, files map[string]string) (*store.Case, *ingest.Summary) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "evidence")
	for name, content := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := store.Open(filepath.Join(dir, "case"), caseTables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sum, err := ingest.Run(context.Background(), c, []string{src}, ingest.Options{Formats: Formats})
	if err != nil {
		t.Fatal(err)
	}
	return c, sum
}

// TestIngestAndPlaybookKQL loads every format through ingest and runs the
// playbook's Azure KQL over the case, unchanged.
func TestIngestAndPlaybookKQL(t *testing.T) {
	c, sum := ingestEvidence(t, evidence)
	byPath := map[string]ingest.FileResult{}
	for _, r := range sum.Results {
		rel, _ := filepath.Rel(filepath.Join(filepath.Dir(c.Dir), "evidence"), r.Evidence.Path)
		byPath[filepath.ToSlash(rel)] = r
	}
	wantFormat := map[string]string{
		"insights-logs-signinlogs/PT1H.json":   "azure-diagnostic",
		"graph/signins-page1.json":             "azure-graph",
		"az/activity-log.json":                 "azure-activity-log",
		"az/role-assignments.json":             "azure-role-assignments",
		"az/security-alerts.json":              "azure-security-alerts",
		"insights-logs-storagewrite/PT1H.json": "azure-diagnostic",
	}
	for path, f := range wantFormat {
		if got := byPath[path]; got.Status != ingest.StatusLoaded || got.Evidence.Format != f {
			t.Errorf("%s: %s as %q, want loaded as %s (%s)", path, got.Status, got.Evidence.Format, f, got.Evidence.Note)
		}
	}
	if got := byPath["insights-logs-auditevent/PT1H.json"]; got.Status != ingest.StatusSkipped || !strings.Contains(got.Evidence.Note, "AuditEvent") {
		t.Errorf("key vault audit file: %s (%s), want skipped naming AuditEvent", got.Status, got.Evidence.Note)
	}
	if sum.Rejected != 0 {
		t.Errorf("%d records rejected", sum.Rejected)
	}

	const window = `between(datetime("8/9/2023 00:00:00")..datetime("8/10/2023 00:00:00"))`
	tests := []struct {
		name, kql string
		want      []string // rows, values joined by "|", in any order
	}{
		{"VM deleted",
			`AzureActivity | extend Action= extractjson("$.action", Authorization) | where Action == "Microsoft.Compute/virtualMachines/delete" | project TimeGenerated, Action, Caller, CallerIpAddress | sort by TimeGenerated desc`,
			[]string{
				"2023-08-09 14:42:31.381067 +0000 UTC|Microsoft.Compute/virtualMachines/delete|alice@contoso.com|203.0.113.9",
				"2023-08-09 14:42:31.381067 +0000 UTC|Microsoft.Compute/virtualMachines/delete|alice@contoso.com|203.0.113.9",
			}},
		{"password spray by IP",
			`SigninLogs | where TimeGenerated ` + window + ` | extend AuthenticationMethod = extractjson("$.[0].authenticationMethod", AuthenticationDetails) | extend Succeeded = extractjson("$.[0].succeeded", AuthenticationDetails) | where Succeeded == "false" and AuthenticationMethod == "Password" | summarize count() by IPAddress`,
			[]string{"203.0.113.9|1"}},
		{"blob data out",
			`StorageBlobLogs | where TimeGenerated ` + window + ` | extend SourceIP = split(CallerIpAddress,":")[0] | summarize dataOut = sum(ResponseBodySize) by tostring(SourceIP), OperationName | sort by dataOut`,
			[]string{"198.51.100.77|GetBlob|524288000"}},
		{"blob reads",
			`StorageBlobLogs | where OperationName =="GetBlob" | project TimeGenerated,AccountName,CallerIpAddress, Uri`,
			[]string{"2023-08-09 15:10:21.212311 +0000 UTC|contosodata|198.51.100.77:50512|https://contosodata.blob.core.windows.net:443/backups/customers.bak"}},
		{"files created",
			`StorageFileLogs | where OperationName =="CreateFile" | project TimeGenerated,CallerIpAddress, Uri`,
			[]string{"2023-08-09 15:20:00 +0000 UTC|198.51.100.77:44321|https://contosofiles.file.core.windows.net/share/ransom.txt"}},
		{"reverse shell alert",
			`SecurityAlert | where TimeGenerated ` + window + ` | where DisplayName == "Possible reverse shell" | take 1 | extend FilePath = extract_json("$.File Path", ExtendedProperties) | extend FileName = extract_json("$.File Name", ExtendedProperties) | extend FileHash = extract_json("$.File Sha256", ExtendedProperties) | extend UserName = extract_json("$.User Name", ExtendedProperties) | extend MachineName = extract_json("$.Machine Name", ExtendedProperties) | project TimeGenerated, FilePath, FileName, FileHash, UserName, MachineName`,
			[]string{"2023-08-09 15:11:00 +0000 UTC|/tmp/.x/shell.sh|shell.sh|9f86d081884c7d65|www-data|vm-web-01"}},
		{"credential access alert IP",
			`SecurityAlert | where Tactics == "CredentialAccess" | extend MaliciousIP = split(split(tostring(Entities),"Address")[1],'"')[2] | project TimeGenerated, DisplayName, MaliciousIP | sort by TimeGenerated asc`,
			// split() yields a dynamic array, so MaliciousIP is a dynamic
			// string: the engine hands it back as its JSON text.
			[]string{`2023-08-09 09:01:00 +0000 UTC|Suspicious authentication activity|"198.51.100.200"`}},
		{"managed identity sign-ins",
			`AADManagedIdentitySignInLogs | where TimeGenerated ` + window + ` | project ServicePrincipalId, ResourceDisplayName`,
			[]string{"9d370547-cb61-4753-be23-68534909af90|Azure Key Vault"}},
		{"activity in window",
			`AzureActivity | where TimeGenerated ` + window + ` | project TimeGenerated, OperationNameValue, Level, Caller`,
			[]string{
				"2023-08-09 14:42:31.381067 +0000 UTC|MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE|Informational|alice@contoso.com",
				"2023-08-09 14:42:31.381067 +0000 UTC|Microsoft.Compute/virtualMachines/delete|Informational|alice@contoso.com",
				"2023-08-09 14:50:00 +0000 UTC|Microsoft.Storage/storageAccounts/listKeys/action|Informational|9d370547-cb61-4753-be23-68534909af90",
			}},
		{"directory changes",
			`AuditLogs | project OperationName, Category, Result | sort by OperationName asc`,
			[]string{"Add member to role|RoleManagement|success", "Add user|UserManagement|success"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			compiled, err := kql.Compile(tc.kql, c, kql.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := query.Run(context.Background(), c.DB, compiled)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range res.Rows {
				var cells []string
				for _, v := range row {
					cells = append(cells, fmt.Sprint(v))
				}
				got = append(got, strings.Join(cells, "|"))
			}
			// Row order is the KQL engine's business (and several rows
			// tie on time): compare as sets.
			sort.Strings(got)
			sort.Strings(tc.want)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestRoleAssignmentsQueryable checks the az role assignment columns land
// under the CLI's names.
func TestRoleAssignmentsQueryable(t *testing.T) {
	c, _ := ingestEvidence(t, map[string]string{"roles.json": azRoleAssignments})
	var upn, role, scope string
	err := c.DB.QueryRow(`SELECT principalName, roleDefinitionName, scope FROM AzureRoleAssignments`).Scan(&upn, &role, &scope)
	if err != nil {
		t.Fatal(err)
	}
	if upn != "bob@contoso.com" || role != "Owner" || scope != "/subscriptions/5f0e0000-0000-0000-0000-000000000009" {
		t.Errorf("got %s %s %s", upn, role, scope)
	}
}
