package awsfindings

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// checkColumns compares a whole row with want: columns want does not name
// must be NULL.
func checkColumns(t *testing.T, name string, table *source.Table, vals []any, want map[string]any) {
	t.Helper()
	for _, c := range table.Columns {
		got := col(table, vals, c.Name)
		w, named := want[c.Name]
		if c.Name == "raw" && !named {
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: %s = %#v, want %#v", name, c.Name, got, w)
		}
	}
	for k := range want {
		if table.ColumnIndex(k) < 0 {
			t.Errorf("%s: want names unknown column %s", name, k)
		}
	}
}

// gdCLIColumns are the columns of gdCLI.
var gdCLIColumns = map[string]any{
	"Id":              "1ab92989eaf0e742df4a014d5example",
	"Type":            "Recon:IAMUser/UserPermissions",
	"Title":           "Unusual user permission reconnaissance activity by testuser.",
	"Description":     "APIs commonly used to discover the users, groups, policies and permissions in an account, was invoked by IAM principal testuser under unusual circumstances. Such activity is not typically seen from this principal.",
	"Severity":        5.0,
	"AccountId":       "111122223333",
	"Region":          "us-east-1",
	"Partition":       "aws",
	"Arn":             "arn:aws:guardduty:us-east-1:111122223333:detector/d4b040365221be2b54a6264dcexample/finding/1ab92989eaf0e742df4a014d5example",
	"SchemaVersion":   "2.0",
	"CreatedAt":       ts("2020-05-26T22:21:48.385Z"),
	"UpdatedAt":       ts("2020-05-26T22:55:21.703Z"),
	"ResourceType":    "AccessKey",
	"AccessKeyId":     "ASIASZ4SI7REEEXAMPLE",
	"UserName":        "testuser",
	"UserType":        "IAMUser",
	"PrincipalId":     "AIDACKCEVSQ6C2EXAMPLE",
	"DetectorId":      "d4b040365221be2b54a6264dcexample",
	"Archived":        false,
	"Count":           int64(5),
	"EventFirstSeen":  ts("2020-05-26T22:02:24Z"),
	"EventLastSeen":   ts("2020-05-26T22:33:55Z"),
	"ResourceRole":    "TARGET",
	"ActionType":      "AWS_API_CALL",
	"Api":             "ListPolicyVersions",
	"CallerType":      "Remote IP",
	"RemoteIpAddress": "52.94.36.7",
	"RemoteCountry":   "United Kingdom",
	"RemoteCity":      "London",
	"RemoteOrg":       "Amazon.com",
	"RemoteAsn":       "16509",
	"RemoteAsnOrg":    "AMAZON-02",
	"RemoteIsp":       "Amazon.com",
}

// TestGuardDutyShapes reads the same finding in every shape: each gives
// the same columns, and raw is the CLI's PascalCase finding.
func TestGuardDutyShapes(t *testing.T) {
	eb := event("aws.guardduty", "GuardDuty Finding", gdCamel)
	tests := []struct{ name, format, text string }{
		{"get-findings", "guardduty-findings", indent(t, wrap("Findings", gdCLI))},
		{"get-findings compact", "guardduty-findings", wrap("Findings", gdCLI)},
		{"--query Findings[0]", "guardduty-findings", indent(t, gdCLI)},
		{"--query Findings", "guardduty-findings", indent(t, "["+gdCLI+"]")},
		{"S3 export jsonl", "guardduty-export", gdCamel + "\n"},
		{"camelCase array", "guardduty-export", indent(t, "["+gdCamel+"]")},
		{"EventBridge event", "guardduty-eventbridge", eb + "\n"},
		{"EventBridge pretty", "guardduty-eventbridge", indent(t, eb)},
		{"EventBridge array", "guardduty-eventbridge", "[" + eb + "]"},
	}
	for _, tt := range tests {
		w := mustParse(t, tt.format, tt.text)
		if len(w.rows) != 1 {
			t.Fatalf("%s: %d rows", tt.name, len(w.rows))
		}
		if len(w.warns) != 0 {
			t.Errorf("%s: warnings %v", tt.name, w.warns)
		}
		want := map[string]any{"raw": compact(t, gdCLI)}
		for k, v := range gdCLIColumns {
			want[k] = v
		}
		checkColumns(t, tt.name, GuardDutyTable, w.rows[0].vals, want)
	}
}

// TestGuardDutyNetworkConnection flattens an SSH brute-force finding.
func TestGuardDutyNetworkConnection(t *testing.T) {
	w := mustParse(t, "guardduty-findings", wrap("Findings", gdSSH))
	if len(w.rows) != 1 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkColumns(t, "ssh", GuardDutyTable, w.rows[0].vals, map[string]any{
		"Id": "f2", "Type": "UnauthorizedAccess:EC2/SSHBruteForce", "Severity": 2.0,
		"Title":       "198.51.100.23 is performing SSH brute force attacks against i-0abc1234def567890.",
		"Description": "198.51.100.23 is performing SSH brute force attacks against i-0abc1234def567890.",
		"AccountId":   "111122223333", "Region": "us-east-1", "Partition": "aws", "SchemaVersion": "2.0",
		"Arn":       "arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/f2",
		"CreatedAt": ts("2024-03-08T10:00:00Z"), "UpdatedAt": ts("2024-03-08T10:05:00Z"),
		"ResourceType": "Instance", "InstanceId": "i-0abc1234def567890", "InstanceType": "t3.micro",
		"ImageId": "ami-0123", "PrivateIpAddress": "10.0.1.5", "PublicIp": "203.0.113.10",
		"DetectorId": "d1", "Archived": false, "Count": int64(42),
		"EventFirstSeen": ts("2024-03-08T09:00:00Z"), "EventLastSeen": ts("2024-03-08T09:58:00Z"),
		"ResourceRole": "TARGET", "ActionType": "NETWORK_CONNECTION",
		"RemoteIpAddress": "198.51.100.23", "RemoteCountry": "South Korea", "RemoteCountryCode": "KR",
		"RemoteCity": "Uijeongbu-si", "RemoteOrg": "SK Broadband", "RemoteAsn": "9318",
		"RemoteAsnOrg": "SK Broadband Co Ltd", "RemoteIsp": "SK Broadband", "RemotePort": int64(59740),
		"LocalIpAddress": "10.0.1.5", "LocalPort": int64(22), "LocalPortName": "SSH",
		"Protocol": "TCP", "ConnectionDirection": "INBOUND", "Blocked": false,
		"raw": compact(t, gdSSH),
	})
}

// TestGuardDutyPortProbe takes remote and local details from the first
// probe, and Blocked from the action.
func TestGuardDutyPortProbe(t *testing.T) {
	probe := `{"id":"f4","type":"Recon:EC2/PortProbeUnprotectedPort","updatedAt":"2024-03-08T12:00:00Z","service":{"action":{"actionType":"PORT_PROBE","portProbeAction":{"blocked":true,"portProbeDetails":[{"localPortDetails":{"port":3389,"portName":"RDP"},"remoteIpDetails":{"ipAddressV4":"192.0.2.9","country":{"countryName":"Nowhere"}}},{"localPortDetails":{"port":22}}]}}}}`
	w := mustParse(t, "guardduty-export", probe)
	checkColumns(t, "probe", GuardDutyTable, w.rows[0].vals, map[string]any{
		"Id": "f4", "Type": "Recon:EC2/PortProbeUnprotectedPort", "UpdatedAt": ts("2024-03-08T12:00:00Z"),
		"ActionType": "PORT_PROBE", "RemoteIpAddress": "192.0.2.9", "RemoteCountry": "Nowhere",
		"LocalPort": int64(3389), "LocalPortName": "RDP", "Blocked": true,
	})
	raw := col(GuardDutyTable, w.rows[0].vals, "raw").(string)
	if !strings.Contains(raw, `"PortProbeAction":{"Blocked":true,"PortProbeDetails":[{"LocalPortDetails":{"Port":3389,"PortName":"RDP"}`) {
		t.Errorf("raw not converted: %s", raw)
	}
}

// TestGuardDutyMapKeysKept converts structure members but not the keys of
// the detection profiles, which are data.
func TestGuardDutyMapKeysKept(t *testing.T) {
	w := mustParse(t, "guardduty-export", gdAnomaly)
	raw := col(GuardDutyTable, w.rows[0].vals, "raw").(string)
	want := `{"Id":"f3","Type":"Discovery:IAMUser/AnomalousBehavior","Severity":5.0,"UpdatedAt":"2024-03-08T11:00:00Z","Service":{"Detection":{"Anomaly":{"Profiles":{"frequency":{"userAgent":[{"ProfileType":"frequency","ProfileSubtype":"rare","Observations":{"Text":["aws-cli"]}}]}},"Unusual":{"Behavior":{"allUsers":{"api":{"ProfileType":"frequency"}}}}}}}}`
	if raw != want {
		t.Errorf("raw\n got %s\nwant %s", raw, want)
	}
	if got := col(GuardDutyTable, w.rows[0].vals, "Severity"); got != 5.0 {
		t.Errorf("Severity = %v", got)
	}
}

// TestRawKeepsText: raw keeps characters the CLI prints as they are.
func TestRawKeepsText(t *testing.T) {
	f := `{"Id":"x","Type":"T","UpdatedAt":"2024-01-01T00:00:00Z","Title":"<script> & \"q\" \t é \u2028 \u0001"}`
	w := mustParse(t, "guardduty-findings", f)
	raw := col(GuardDutyTable, w.rows[0].vals, "raw").(string)
	want := "{\"Id\":\"x\",\"Type\":\"T\",\"UpdatedAt\":\"2024-01-01T00:00:00Z\",\"Title\":\"<script> & \\\"q\\\" \\t é \u2028 \\u0001\"}"
	if raw != want {
		t.Errorf("raw\n got %s\nwant %s", raw, want)
	}
}
