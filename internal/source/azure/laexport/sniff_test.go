package laexport

import (
	"strings"
	"testing"
)

// Heads of the other formats a case ingests, in their real shapes (see
// internal/source/cloudtrail/sniff.go and internal/source/vpcflow): none
// may be claimed by a Log Analytics format.
const (
	ctRecord   = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"alice"},"eventTime":"2023-08-09T14:03:11Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventID":"1111"}`
	lookupItem = `{"EventId":"e1","EventName":"ConsoleLogin","ReadOnly":"false","EventTime":"2023-08-09T15:00:00Z","EventSource":"signin.amazonaws.com","Username":"root","Resources":[],"CloudTrailEvent":"{}"}`
	flowLine   = "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK\n"
)

// sniffCases are heads with the path they come from, and the one format
// that must claim each ("" for none).
func sniffCases(t testing.TB) []struct{ name, path, head, want string } {
	rows := append(withType(signinRows), withType(activityRows)...)
	az := azJSON(t, rows)
	csv := portalCSV(t, rows)
	return []struct{ name, path, head, want string }{
		{"az output", "out.json", az, "azure-la-rows"},
		{"az output cut by the head inside the first row", "out.json", az[:600], "azure-la-rows"},
		{"portal JSON", "export.json", portalJSON(rows), "azure-la-rows"},
		{"portal JSON without Type", "export.json", portalJSON(signinRows), "azure-la-rows"},
		{"rows by column shape only", "x.json", `[{"Caller":"a","CallerIpAddress":"1.2.3.4","OperationNameValue":"x","ActivityStatusValue":"Success"}]`, "azure-la-rows"},
		{"rows with BOM", "x.json", "\xEF\xBB\xBF" + `[{"TableName":"PrimaryResult","count_":"57"}]`, "azure-la-rows"},
		{"API response", "r.json", apiJSON(rows), "azure-la-api"},
		{"API response, other members first", "r.json", `{"statistics":{"query":{"x":[1,2]}},"tables":[{"name":"PrimaryResult","columns":[]}]}`, "azure-la-api"},
		{"API response cut by the head", "r.json", apiJSON(rows)[:40], "azure-la-api"},
		{"ADX v1 response", "r.json", `{"Tables":[],"tables":[{"TableName":"Table_0","Columns":[],"Rows":[]}]}`, "azure-la-api"},
		{"portal CSV", "export.csv", csv, "azure-la-csv"},
		{"portal CSV, any file name", "data.txt", csv, "azure-la-csv"},
		{"portal CSV local time", "x", "TenantId,TimeGenerated [Local Time],UserPrincipalName\n", "azure-la-csv"},
		{"CSV by column shape", "x", "UserPrincipalName,IPAddress,ResultType,AppDisplayName\na,b,c,d\n", "azure-la-csv"},
		{"CSV named .csv", "SigninLogs.csv", "UserPrincipalName,Foo\n", "azure-la-csv"},

		// Not Log Analytics exports.
		{"empty", "x.json", "", ""},
		{"empty array", "x.json", "[]", ""},
		{"array of numbers", "x.json", "[1,2]", ""},
		{"cloudtrail records", "ct.json", `{"Records":[` + ctRecord + `]}`, ""},
		{"cloudtrail array", "ct.json", `[` + ctRecord + `]`, ""},
		{"cloudtrail jsonl", "ct.json", ctRecord + "\n", ""},
		{"lookup-events", "le.json", `{"Events":[` + lookupItem + `]}`, ""},
		{"lookup-events --query Events", "le.json", `[` + lookupItem + `]`, ""},
		{"cwl events", "e.json", `{"events":[{"timestamp":1,"message":"` + strings.TrimSpace(flowLine) + `","ingestionTime":2}]}`, ""},
		{"flow log", "flow.log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" + flowLine, ""},
		{"flow log csv-named", "flow.csv", flowLine, ""},
		{"az activity-log list", "a.json", `[{"authorization":{"action":"x","scope":"/s"},"caller":"a@b.c","claims":{},"eventTimestamp":"2018-01-29T20:42:31.3810679Z","level":"Informational"}]`, ""},
		{"az role assignment list", "r.json", `[{"id":"/subscriptions/1","name":"g","type":"Microsoft.Authorization/roleAssignments","principalId":"p","principalName":"a@b.c","principalType":"User","roleDefinitionName":"Owner","scope":"/s"}]`, ""},
		{"graph sign-ins", "g.json", `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[{"createdDateTime":"2024-03-08T10:00:00Z","userPrincipalName":"a@b.c"}]}`, ""},
		{"diagnostic records", "PT1H.json", `{"records":[{"time":"2024-03-08T10:00:00Z","category":"SignInLogs","properties":{}}]}`, ""},
		{"console CSV with spaces", "event_history.csv", "Event ID,Event time,User name,Event name\n1,2,3,4\n", ""},
		{"prose", "notes.txt", "Hello, world, and more\n", ""},
	}
}

// TestSniff checks that each head is claimed by exactly the right format.
func TestSniff(t *testing.T) {
	for _, c := range sniffCases(t) {
		var claimed []string
		for _, f := range Formats {
			if f.Sniff(c.path, []byte(c.head)) {
				claimed = append(claimed, f.Name())
			}
		}
		want := []string{c.want}
		if c.want == "" {
			want = nil
		}
		if strings.Join(claimed, ",") != strings.Join(want, ",") {
			t.Errorf("%s: claimed by %v, want %v", c.name, claimed, want)
		}
	}
}
