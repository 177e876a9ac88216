package awsfindings

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

// sniffCases are heads and the one format that must claim each ("" for
// none).
func sniffCases(t testing.TB) []struct{ name, head, want string } {
	return []struct{ name, head, want string }{
		{"get-findings", indent(t, wrap("Findings", gdCLI)), "guardduty-findings"},
		{"get-findings model order", wrap("Findings", gdSSH), "guardduty-findings"},
		{"get-findings with BOM", "\xEF\xBB\xBF" + wrap("Findings", gdSSH), "guardduty-findings"},
		{"get-findings cut", indent(t, wrap("Findings", gdSSH))[:400], "guardduty-findings"},
		{"--query Findings[0]", indent(t, gdCLI), "guardduty-findings"},
		{"--query Findings", "[" + gdSSH + "]", "guardduty-findings"},
		{"S3 export", gdCamel + "\n" + gdCamel + "\n", "guardduty-export"},
		{"export array", "[" + gdCamel + "]", "guardduty-export"},
		{"export anomaly", gdAnomaly, "guardduty-export"},
		{"EventBridge", event("aws.guardduty", "GuardDuty Finding", gdCamel), "guardduty-eventbridge"},
		{"EventBridge array", indent(t, "["+event("aws.guardduty", "GuardDuty Finding", gdCamel)+"]"), "guardduty-eventbridge"},
		{"macie get-findings", indent(t, wrap("findings", macieFinding)), "macie-findings"},
		{"macie lines", macieFinding + "\n", "macie-findings"},
		{"macie EventBridge", event("aws.macie", "Macie Finding", macieFinding), "macie-findings"},
		{"inspector list-findings", indent(t, wrap("findings", inspNetwork, inspIMDS)), "inspector2-findings"},
		{"inspector package", wrap("findings", inspPackage), "inspector2-findings"},
		{"inspector EventBridge", event("aws.inspector2", "Inspector2 Finding", inspNetwork), "inspector2-findings"},
		{"audit report", audit + "\n", "cwl-data-protection-audit"},
		{"audit reports pretty", indent(t, audit), "cwl-data-protection-audit"},

		// Not findings, or not ours.
		{"empty", "", ""},
		{"blank", " \n", ""},
		{"empty Findings", `{"Findings":[]}`, ""},
		{"empty findings", `{"findings":[],"nextToken":null}`, ""},
		{"guardduty list-findings", `{"FindingIds":["a","b"],"NextToken":""}`, ""},
		{"guardduty list-detectors", `{"DetectorIds":["d1"]}`, ""},
		{"macie list-findings", `{"findingIds":["a"]}`, ""},
		{"security hub get-findings", `{"Findings":[{"SchemaVersion":"2018-10-08","Id":"x","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","GeneratorId":"g","AwsAccountId":"1","Types":["TTPs"],"CreatedAt":"2024-01-01T00:00:00Z","UpdatedAt":"2024-01-01T00:00:00Z","Severity":{"Label":"HIGH"},"Title":"t","Description":"d","Resources":[]}]}`, ""},
		{"cloudtrail records", `{"Records":[{"eventVersion":"1.08","eventTime":"2023-08-09T14:03:11Z","eventSource":"guardduty.amazonaws.com","eventName":"GetFindings","awsRegion":"us-east-1"}]}`, ""},
		{"cloudtrail jsonl", `{"eventVersion":"1.08","userIdentity":{"type":"Root"},"eventTime":"2023-08-09T14:03:11Z","eventSource":"guardduty.amazonaws.com","eventName":"ArchiveFindings"}` + "\n", ""},
		{"lookup-events", `{"Events":[{"EventId":"e","EventName":"GetFindings","ReadOnly":"true","EventTime":"2023-01-01T00:00:00Z","EventSource":"guardduty.amazonaws.com","Username":"alice","Resources":[],"CloudTrailEvent":"{}"}]}`, ""},
		{"cloudtrail via EventBridge", event("aws.guardduty", "AWS API Call via CloudTrail", `{"eventVersion":"1.08","eventSource":"guardduty.amazonaws.com","eventName":"CreateDetector"}`), ""},
		{"vpc flow log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK\n", ""},
		{"get-log-events", `{"events":[{"timestamp":1,"message":"{\"auditTimestamp\":\"2023-01-23T21:11:20Z\"}","ingestionTime":2}],"nextForwardToken":"f"}`, ""},
		{"describe-instances", `{"Reservations":[{"Instances":[{"InstanceId":"i-1","InstanceType":"t3.micro","SecurityGroups":[{"GroupId":"sg-1"}]}],"OwnerId":"1"}]}`, ""},
		{"describe-security-groups", `{"SecurityGroups":[{"Description":"web","GroupName":"web","IpPermissions":[],"OwnerId":"1","GroupId":"sg-1"}]}`, ""},
		{"config history", `{"configurationItems":[{"version":"1.3","accountId":"1","configurationItemCaptureTime":"2024-01-01T00:00:00Z","arn":"arn:aws:ec2:us-east-1:1:instance/i-1","resourceType":"AWS::EC2::Instance","resourceId":"i-1","awsRegion":"us-east-1"}]}`, ""},
		{"describe-alarms", `{"MetricAlarms":[{"AlarmName":"cpu","StateValue":"ALARM"}],"CompositeAlarms":[]}`, ""},
		{"azure LA export", `{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"}],"rows":[]}]}`, ""},
		{"azure resource", `[{"id":"/subscriptions/x","type":"Microsoft.Compute/virtualMachines","name":"vm","location":"eastus","properties":{}}]`, ""},
		{"azure alert", `{"id":"a","type":"Microsoft.Security/alerts","severity":"High","description":"d","title":"x"}`, ""},
		{"random text", "hello world\n", ""},
		{"binary", "\x1f\x8b\x08\x00", ""},
	}
}

// TestSniff checks that each head is claimed by exactly the right format.
func TestSniff(t *testing.T) {
	for _, c := range sniffCases(t) {
		var claimed []string
		for _, f := range Formats {
			if f.Sniff("evidence/file.json", []byte(c.head)) {
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

// TestSniffedParses checks that what a format claims, it reads.
func TestSniffedParses(t *testing.T) {
	for _, c := range sniffCases(t) {
		if c.want == "" || strings.Contains(c.name, "cut") {
			continue
		}
		w := mustParse(t, c.want, c.head)
		if len(w.rows) == 0 {
			t.Errorf("%s: no rows", c.name)
		}
	}
}

// TestSkips recognises list outputs, and nothing else.
func TestSkips(t *testing.T) {
	tests := []struct{ head, want string }{
		{`{"FindingIds":["a","b"],"NextToken":""}`, "guardduty-list-findings"},
		{"{\n    \"FindingIds\": []\n}", "guardduty-list-findings"},
		{`{"DetectorIds":["d1"]}`, "guardduty-list-detectors"},
		{`{"findingIds":["a"],"nextToken":"t"}`, "macie-list-findings"},
		{wrap("Findings", gdSSH), ""},
		{wrap("findings", macieFinding), ""},
		{`["FindingIds"]`, ""},
		{"", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Skips {
			if s.Match("x.json", []byte(tt.head)) {
				got = append(got, s.Name)
				if !strings.Contains(s.Reason, "ids only") {
					t.Errorf("%s: reason %q", s.Name, s.Reason)
				}
			}
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%.40q: skipped by %v, want %q", tt.head, got, tt.want)
		}
	}
}

// TestFormatsList pins the names, order and tables of the formats.
func TestFormatsList(t *testing.T) {
	var names []string
	for _, f := range Formats {
		names = append(names, f.Name()+":"+f.Table().Name)
	}
	want := "guardduty-findings:guardduty_findings,guardduty-export:guardduty_findings,guardduty-eventbridge:guardduty_findings," +
		"macie-findings:macie_findings,inspector2-findings:inspector_findings,cwl-data-protection-audit:cwl_data_protection_findings"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("formats = %s", got)
	}
}

// TestOthersDoNotClaim: the CloudTrail and flow log formats leave our
// files alone (and TestSniff shows we leave theirs).
func TestOthersDoNotClaim(t *testing.T) {
	others := append(append([]source.Format{}, cloudtrail.Formats...), vpcflow.Formats...)
	for _, c := range sniffCases(t) {
		if c.want == "" {
			continue
		}
		for _, f := range others {
			if f.Sniff("evidence/file.json", []byte(c.head)) {
				t.Errorf("%s: claimed by %s", c.name, f.Name())
			}
		}
	}
}
