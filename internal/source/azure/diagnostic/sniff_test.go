package diagnostic

import (
	"testing"
)

// TestSniff checks each file is claimed by its own format and by no other
// of this package, and that other sources' files are left alone (the order
// among all registered formats is tested in internal/formats).
func TestSniff(t *testing.T) {
	tests := []struct {
		name, head, want string // want "" = none of this package's formats
	}{
		{"records blob", recordsFile(recSignIn, recAudit), "azure-diagnostic"},
		{"records blob, storage", recordsFile(recBlobRead), "azure-diagnostic"},
		{"JSON lines", recNonInteractive + "\n" + recActivity + "\n", "azure-diagnostic"},
		{"Event Hub capture lines", recordsFile(recSignIn) + "\n" + recordsFile(recAudit) + "\n", "azure-diagnostic"},
		{"unknown category still claimed (to be skipped)", recordsFile(recUnknown), "azure-diagnostic"},
		{"records blob cut short", recordsFile(recSignIn)[:300], "azure-diagnostic"},
		{"graph sign-ins", graphSignIns, "azure-graph"},
		{"graph audits", graphAudits, "azure-graph"},
		{"graph page without context", `{"value":[{"activityDateTime":"2023-08-09T13:00:00Z","activityDisplayName":"Add user"}]}`, "azure-graph"},
		{"az activity-log list", azActivityLog, "azure-activity-log"},
		{"az role assignment list", azRoleAssignments, "azure-role-assignments"},
		{"az security alert list", azAlerts, "azure-security-alerts"},
		{"az security alert list, current shape only", azAlerts[:1200], "azure-security-alerts"},
		{"CloudTrail records", `{"Records":[{"eventVersion":"1.08","eventTime":"2023-08-09T14:03:11Z","eventName":"StopLogging"}]}`, ""},
		{"NSG flow log", `{"records":[{"time":"2022-09-14T09:00:52Z","systemId":"x","macAddress":"00","category":"NetworkSecurityGroupFlowEvent","resourceId":"/X","operationName":"NetworkSecurityGroupFlowEvents","properties":{"Version":2,"flows":[]}}]}`, ""},
		{"az log-analytics query rows", `[{"TableName":"PrimaryResult","TimeGenerated":"2023-08-09T10:00:00Z","Category":"SignInLogs","IPAddress":"1.2.3.4"}]`, ""},
		{"Log Analytics API response", `{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"}],"rows":[]}]}`, ""},
		{"other Graph resource", `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[{"id":"1","userPrincipalName":"a@b"}]}`, ""},
		{"empty array", `[]`, ""},
		{"not JSON", "Aug  9 10:00:01 vm sshd[1]: Failed password for root", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var claimed []string
			for _, f := range Formats {
				if f.Sniff("evidence.json", []byte(tc.head)) {
					claimed = append(claimed, f.Name())
				}
			}
			switch {
			case tc.want == "" && len(claimed) > 0:
				t.Errorf("claimed by %v, want none", claimed)
			case tc.want != "" && (len(claimed) != 1 || claimed[0] != tc.want):
				t.Errorf("claimed by %v, want only %s", claimed, tc.want)
			}
		})
	}
}
