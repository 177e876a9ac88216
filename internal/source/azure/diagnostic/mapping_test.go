package diagnostic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestMapping parses one realistic input per category or tool and checks
// the Log Analytics columns the playbook's KQL reads.
func TestMapping(t *testing.T) {
	tests := []struct {
		name, format, input string
		table               string
		want                map[string]any // columns of the first row
	}{
		{"sign-in", "azure-diagnostic", recordsFile(recSignIn), "SigninLogs", map[string]any{
			"TimeGenerated":     at("2023-08-09T10:15:00.1234567Z"),
			"CreatedDateTime":   at("2023-08-09T10:14:59.9Z"),
			"UserPrincipalName": "alice@contoso.com",
			"IPAddress":         "203.0.113.9",
			"ResultType":        "50126",
			"ResultDescription": "Invalid username or password or Invalid on-premise username or password.",
			"AppDisplayName":    "Azure Portal",
			"ClientAppUsed":     "Browser",
			"UserAgent":         "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
			"AuthenticationDetails": `[{"authenticationStepDateTime":"2023-08-09T10:14:59.9+00:00","authenticationMethod":"Password","authenticationMethodDetail":"Password in the cloud","succeeded":false,` +
				`"authenticationStepResultDetail":"Invalid username or password or Invalid on-premise username or password.","authenticationStepRequirement":"Primary authentication"}]`,
			"LocationDetails":        `{"city":"Ashburn","state":"Virginia","countryOrRegion":"US","geoCoordinates":{"latitude":39.04,"longitude":-77.48}}`,
			"Location":               "US",
			"Status":                 `{"errorCode":50126,"failureReason":"Invalid username or password or Invalid on-premise username or password."}`,
			"DeviceDetail":           `{"deviceId":"","operatingSystem":"Windows10","browser":"Chrome 115.0.0"}`,
			"IsInteractive":          true,
			"ResourceId":             "/tenants/1111aaaa-0000-0000-0000-000000000001/providers/Microsoft.aadiam",
			"ResourceIdentity":       "797f4846-ba00-4fd7-ba43-dac1f8f63013",
			"AutonomousSystemNumber": "14618",
			"Level":                  "4",
			"Category":               "SignInLogs",
			"Type":                   "SigninLogs",
			"RiskEventTypes_V2":      "[]",
			"FlaggedForReview":       false,
		}},
		{"non-interactive sign-in", "azure-diagnostic", recNonInteractive, "SigninLogs", map[string]any{
			"Category":          "NonInteractiveUserSignInLogs",
			"ResultType":        "0",
			"IPAddress":         "198.51.100.20",
			"UserPrincipalName": "bob@contoso.com",
			"IsInteractive":     false,
			"Level":             "4",
		}},
		{"managed identity sign-in", "azure-diagnostic", recordsFile(recManagedIdentity), "AADManagedIdentitySignInLogs", map[string]any{
			"TimeGenerated":        at("2023-08-09T12:00:01.5Z"),
			"ServicePrincipalId":   "9d370547-cb61-4753-be23-68534909af90",
			"ServicePrincipalName": "vm-web-01",
			"ResultType":           "0",
			"ResourceDisplayName":  "Azure Key Vault",
			"ResourceIdentity":     "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
			"OperationName":        "Sign-in activity",
			"IPAddress":            "", // as the record has it
			"Type":                 "AADManagedIdentitySignInLogs",
		}},
		{"audit", "azure-diagnostic", recordsFile(recAudit), "AuditLogs", map[string]any{
			"TimeGenerated":       at("2023-08-09T13:30:51.0273716Z"),
			"OperationName":       "Add member to role",
			"ActivityDisplayName": "Add member to role",
			"Category":            "RoleManagement",
			"Result":              "success",
			"AADOperationType":    "Assign",
			"LoggedByService":     "Core Directory",
			"InitiatedBy":         `{"user":{"id":"a11ce000-0000-0000-0000-000000000001","displayName":null,"userPrincipalName":"alice@contoso.com","ipAddress":"203.0.113.9"}}`,
			"Identity":            "Alice Smith",
			"Id":                  "Directory_ABC",
		}},
		{"activity (diagnostic)", "azure-diagnostic", recordsFile(recActivity), "AzureActivity", map[string]any{
			"TimeGenerated":          at("2023-08-09T14:42:31.3810679Z"),
			"OperationNameValue":     "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE",
			"Caller":                 "alice@contoso.com",
			"CallerIpAddress":        "203.0.113.9",
			"ActivityStatusValue":    "Success",
			"ActivitySubstatusValue": "OK",
			"CategoryValue":          "Administrative",
			"Level":                  "Informational",
			"SubscriptionId":         "5F0E0000-0000-0000-0000-000000000009",
			"ResourceGroup":          "RG-PROD",
			"ResourceProviderValue":  "MICROSOFT.COMPUTE",
			"Resource":               "VM-DB-01",
			"_ResourceId":            "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-db-01",
			"Hierarchy":              "1111aaaa-0000-0000-0000-000000000001/5f0e0000-0000-0000-0000-000000000009",
		}},
		{"blob read", "azure-diagnostic", recordsFile(recBlobRead), "StorageBlobLogs", map[string]any{
			"TimeGenerated":      at("2023-08-09T15:10:21.2123117Z"),
			"OperationName":      "GetBlob",
			"AccountName":        "contosodata",
			"CallerIpAddress":    "198.51.100.77:50512",
			"StatusCode":         "200",
			"StatusText":         "Success",
			"Uri":                "https://contosodata.blob.core.windows.net:443/backups/customers.bak",
			"ResponseBodySize":   int64(524288000),
			"RequestBodySize":    int64(0),
			"AuthenticationType": "SAS",
			"UserAgentHeader":    "AzCopy/10.20.1",
			"DurationMs":         float64(12),
			"OperationCount":     int32(0),
			"LastModifiedTime":   at("2023-08-08T18:27:44Z"),
			"ResponseMd5":        "3E4F",
			"ServiceType":        "blob",
			"Category":           "StorageRead",
			"Etag":               `"0x8DB9A2"`,
			"_SubscriptionId":    "5f0e0000-0000-0000-0000-000000000009",
		}},
		{"file write", "azure-diagnostic", recordsFile(recFileWrite), "StorageFileLogs", map[string]any{
			"OperationName":     "CreateFile",
			"StatusCode":        "201",
			"RequesterUpn":      "bob@contoso.com",
			"RequesterUserName": "bob",
			"SmbCommandMajor":   int32(5),
			"SmbSessionID":      "0x8811",
			"ServiceType":       "file",
			"RequestBodySize":   int64(1024),
		}},
		{"graph sign-in", "azure-graph", graphSignIns, "SigninLogs", map[string]any{
			"TimeGenerated":     at("2023-08-09T10:20:00Z"),
			"UserPrincipalName": "alice@contoso.com",
			"IPAddress":         "203.0.113.9",
			"ResultType":        "50126",
			"ResultDescription": "Invalid username or password.",
			"Location":          "US",
			"AppDisplayName":    "Graph Explorer",
			"OperationName":     "Sign-in activity",
			"Category":          "SignInLogs",
			"ResourceId":        nil,
			"ResourceIdentity":  "00000003-0000-0000-c000-000000000000",
		}},
		{"graph directory audit", "azure-graph", graphAudits, "AuditLogs", map[string]any{
			"TimeGenerated":    at("2023-08-09T13:00:00.123Z"),
			"OperationName":    "Add user",
			"Category":         "UserManagement",
			"AADOperationType": "Add",
			"Identity":         "alice@contoso.com",
			"TargetResources":  `[{"id":"c0c00000","displayName":null,"type":"User","userPrincipalName":"backdoor@contoso.com","modifiedProperties":[]}]`,
		}},
		{"az activity-log list", "azure-activity-log", azActivityLog, "AzureActivity", map[string]any{
			"TimeGenerated":            at("2023-08-09T14:42:31.3810679Z"),
			"EventSubmissionTimestamp": at("2023-08-09T14:44:02.5Z"),
			"OperationNameValue":       "Microsoft.Compute/virtualMachines/delete",
			"OperationName":            "Delete Virtual Machine",
			"Caller":                   "alice@contoso.com",
			"CallerIpAddress":          "203.0.113.9",
			"Authorization":            `{"action":"Microsoft.Compute/virtualMachines/delete","role":null,"scope":"/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01"}`,
			"ActivityStatusValue":      "Succeeded",
			"ActivitySubstatusValue":   "OK",
			"CategoryValue":            "Administrative",
			"Level":                    "Informational",
			"ResourceGroup":            "rg-prod",
			"SubscriptionId":           "5f0e0000-0000-0000-0000-000000000009",
			"ResourceProviderValue":    "Microsoft.Compute",
			"EventDataId":              "e1e1e1e1-0000-0000-0000-000000000001",
			"HTTPRequest":              `{"clientIpAddress":"203.0.113.9","clientRequestId":"f00d","method":"DELETE"}`,
		}},
		{"az role assignment list", "azure-role-assignments", azRoleAssignments, "AzureRoleAssignments", map[string]any{
			"principalName":      "bob@contoso.com",
			"roleDefinitionName": "Owner",
			"scope":              "/subscriptions/5f0e0000-0000-0000-0000-000000000009",
			"principalType":      "User",
			"type":               "Microsoft.Authorization/roleAssignments",
			"createdOn":          at("2023-08-09T13:31:00.123456Z"),
			"canDelegate":        nil,
		}},
		{"az security alert list", "azure-security-alerts", azAlerts, "SecurityAlert", map[string]any{
			"TimeGenerated":           at("2023-08-09T15:11:00Z"),
			"StartTime":               at("2023-08-09T15:00:00Z"),
			"EndTime":                 at("2023-08-09T15:05:00Z"),
			"DisplayName":             "Possible reverse shell",
			"AlertName":               "Possible reverse shell",
			"AlertType":               "VM_ReverseShell",
			"AlertSeverity":           "High",
			"CompromisedEntity":       "vm-web-01",
			"Tactics":                 "Execution",
			"Entities":                `[{"$id":"centralus_1","Address":"192.0.2.66","Type":"ip"},{"$id":"centralus_2","HostName":"vm-web-01","Type":"host"}]`,
			"ExtendedProperties":      `{"File Path":"/tmp/.x/shell.sh","File Name":"shell.sh","File Sha256":"9f86d081884c7d65","User Name":"www-data","Machine Name":"vm-web-01"}`,
			"RemediationSteps":        `["Review the process","Isolate the machine"]`,
			"ProviderName":            "ASI",
			"ProductName":             "Microsoft Defender for Cloud",
			"Status":                  "Active",
			"IsIncident":              false,
			"ResourceId":              "/subscriptions/5f0e0000-0000-0000-0000-000000000009/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01",
			"WorkspaceSubscriptionId": "5f0e0000-0000-0000-0000-000000000009",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parse(t, tc.format, tc.input, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(w.rejects) > 0 {
				t.Fatalf("rejects: %v", w.rejects)
			}
			if len(w.rows) == 0 {
				t.Fatal("no rows")
			}
			r := w.rows[0]
			if r.table != tc.table {
				t.Fatalf("table %s, want %s", r.table, tc.table)
			}
			for col, want := range tc.want {
				got, ok := r.cols[col]
				if !ok {
					t.Errorf("no column %s", col)
					continue
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %#v, want %#v", col, got, want)
				}
			}
			for _, w := range w.warns {
				t.Errorf("unexpected warning at %v: %s", w.loc, w.reason)
			}
		})
	}
}

// TestOlderAlertShape checks the flat alert shape of older az versions.
func TestOlderAlertShape(t *testing.T) {
	w, err := parse(t, "azure-security-alerts", azAlerts, "")
	if err != nil || len(w.rows) != 2 {
		t.Fatalf("rows %d, err %v", len(w.rows), err)
	}
	want := map[string]any{
		"DisplayName":   "Suspicious authentication activity",
		"AlertType":     "VM_SshBruteForceSuccess",
		"AlertSeverity": "Medium",
		"Tactics":       "CredentialAccess",
		"StartTime":     at("2023-08-09T09:00:00Z"),
		"TimeGenerated": at("2023-08-09T09:01:00Z"),
		"Status":        "Active",
		"Entities":      `[{"$id":"1","Address":"198.51.100.200","Type":"ip"}]`,
		"ProductName":   "Azure Security Center",
	}
	for col, v := range want {
		if got := w.rows[1].cols[col]; fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("%s = %#v, want %#v", col, got, v)
		}
	}
}

// TestLocations checks rows name the line and record they came from.
func TestLocations(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                []string // "line/record" per row
	}{
		{"records blob", "azure-diagnostic", "{\"records\":[\n" + recSignIn + ",\n" + recAudit + "\n]}", []string{"2/1", "3/2"}},
		{"JSON lines", "azure-diagnostic", recSignIn + "\n\n" + recAudit + "\n", []string{"1/1", "3/2"}},
		{"lines of records wrappers", "azure-diagnostic", recordsFile(recSignIn, recAudit) + "\n" + `{"records":[` + recActivity + `]}` + "\n", []string{"1/1", "2/2", "3/3"}},
		{"pretty-printed records", "azure-diagnostic", indent(recSignIn) + "\n" + indent(recAudit), []string{"1/1", "75/2"}},
		{"pretty az array", "azure-activity-log", azActivityLog, []string{"2/1", "37/2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parse(t, tc.format, tc.input, "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range w.rows {
				got = append(got, fmt.Sprintf("%d/%d", r.loc.Line, r.loc.Record))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("locations %v, want %v", got, tc.want)
			}
		})
	}
}

// indent pretty-prints a record as some exporters write them.
func indent(rec string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(rec), "", "  "); err != nil {
		panic(err)
	}
	return b.String()
}
