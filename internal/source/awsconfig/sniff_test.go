package awsconfig

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func TestSniff(t *testing.T) {
	// An item bigger than the head: the sniffer sees only its first keys.
	bigConfig := `{"fileVersion":"1.0","configurationItems":[{"relatedEvents":[],"configuration":{"x":"` +
		strings.Repeat("a", source.HeadSize) + `"}}]}`
	tests := []struct {
		name, content, want string
	}{
		{"config history API", readTestdata(t, "config-history-api.json"), "aws-config-items"},
		{"config history S3", readTestdata(t, "config-history-s3.json"), "aws-config-items"},
		{"config S3 item bigger than the head", bigConfig, "aws-config-items"},
		{"config snapshot, empty", `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[]}`, "aws-config-items"},
		{"batch-get-resource-config", `{"baseConfigurationItems":[{"version":"1.3","resourceType":"AWS::S3::Bucket"}],"unprocessedResourceKeys":[]}`, "aws-config-items"},
		{"config select", readTestdata(t, "config-select.json"), "aws-config-select"},
		{"config select, no results", `{"Results": [], "QueryInfo": {"SelectFields": []}}`, "aws-config-select"},
		{"describe-instances", readTestdata(t, "describe-instances.json"), "aws-ec2-describe-instances"},
		{"describe-instances with BOM", "\xEF\xBB\xBF" + readTestdata(t, "describe-instances.json"), "aws-ec2-describe-instances"},
		{"describe-instances, none", `{"Reservations": []}`, "aws-ec2-describe-instances"},
		{"run-instances", `{"Groups":[],"Instances":[{"AmiLaunchIndex":0,"ImageId":"ami-1","InstanceId":"i-1"}],"OwnerId":"1","ReservationId":"r-1"}`, "aws-ec2-describe-instances"},
		{"describe-security-groups", readTestdata(t, "describe-security-groups.json"), "aws-ec2-describe-security-groups"},
		{"describe-security-groups, none", `{"SecurityGroups": []}`, "aws-ec2-describe-security-groups"},
		{"describe-alarms", readTestdata(t, "describe-alarms.json"), "aws-cloudwatch-describe-alarms"},
		{"describe-alarms, composite only", `{"CompositeAlarms":[{"AlarmName":"c"}]}`, "aws-cloudwatch-describe-alarms"},
		{"describe-alarms, none", `{"MetricAlarms": [], "CompositeAlarms": []}`, "aws-cloudwatch-describe-alarms"},

		{"empty", "", ""},
		{"cloudtrail", `{"Records":[{"eventVersion":"1.08","eventTime":"2024-03-08T10:11:12Z","eventName":"RunInstances"}]}`, ""},
		{"lookup-events", `{"Events":[{"EventId":"1","EventName":"ConsoleLogin","CloudTrailEvent":"{}"}]}`, ""},
		{"flow log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n", ""},
		{"log events", `{"events":[{"timestamp":1,"message":"hello"}],"nextForwardToken":"f"}`, ""},
		{"azure activity log", `[{"authorization":null,"caller":"a@b.c","category":{"value":"Administrative"},"operationName":{"value":"x"}}]`, ""},
		{"LA export", `{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"}],"rows":[]}]}`, ""},
		{"opsworks instances", `{"Instances":[{"InstanceId":"4d6d1710","AmiId":"ami-1","Hostname":"x"}]}`, ""},
		{"athena results", `{"ResultSet":{"Rows":[]},"Results":[{"Data":[]}]}`, ""},
		{"rds security groups", `{"DBSecurityGroups":[{"DBSecurityGroupName":"default"}]}`, ""},
		{"other SecurityGroups", `{"SecurityGroups":[{"Name":"x"}]}`, ""},
		{"bare array", `[{"InstanceId":"i-1","ImageId":"ami-1"}]`, ""},
		{"alarm history", `{"AlarmHistoryItems":[{"AlarmName":"a"}]}`, ""},
		{"not JSON", "Reservations: none\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detect([]byte(tt.content)); got != tt.want {
				t.Errorf("detected %q, want %q", got, tt.want)
			}
		})
	}
}

// No two formats claim one file: ours do not claim each other's samples,
// and the formats cloudhunt already has claim none of ours.
func TestSniffClaimsOnlyOwnShape(t *testing.T) {
	samples := map[string]string{
		"aws-config-items":                 readTestdata(t, "config-history-api.json"),
		"aws-config-items (S3)":            readTestdata(t, "config-history-s3.json"),
		"aws-config-select":                readTestdata(t, "config-select.json"),
		"aws-ec2-describe-instances":       readTestdata(t, "describe-instances.json"),
		"aws-ec2-describe-security-groups": readTestdata(t, "describe-security-groups.json"),
		"aws-cloudwatch-describe-alarms":   readTestdata(t, "describe-alarms.json"),
	}
	for name, content := range samples {
		var claims []string
		for _, f := range Formats {
			if f.Sniff("x.json", []byte(content)) {
				claims = append(claims, f.Name())
			}
		}
		if len(claims) != 1 || !strings.HasPrefix(name, claims[0]) {
			t.Errorf("%s claimed by %v", name, claims)
		}
	}
}

// What a format claims, it parses without error.
func TestSniffedFilesParse(t *testing.T) {
	for _, name := range []string{"config-history-api.json", "config-history-s3.json", "config-select.json",
		"describe-instances.json", "describe-security-groups.json", "describe-alarms.json"} {
		content := readTestdata(t, name)
		w := mustParse(t, detect([]byte(content)), content)
		if len(w.rows) == 0 || len(w.rejects) != 0 {
			t.Errorf("%s: %d rows, rejects %v", name, len(w.rows), w.rejects)
		}
	}
}
