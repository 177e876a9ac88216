package awsconfig

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestIngestCase loads every sample into a real case, as the CLI does,
// and asks the questions hunts ask.
func TestIngestCase(t *testing.T) {
	ev := t.TempDir()
	for _, name := range []string{"describe-instances.json", "describe-security-groups.json", "describe-alarms.json",
		"config-history-api.json", "config-select.json"} {
		writeFile(t, filepath.Join(ev, name), []byte(readTestdata(t, name)))
	}
	s3 := filepath.Join(ev, "AWSLogs", "123456789012", "Config", "us-east-1", "2024", "3", "8", "ConfigHistory",
		"123456789012_Config_us-east-1_ConfigHistory_AWS::EC2::Instance_20240308T101502Z_20240308T102000Z_1.json.gz")
	writeFile(t, s3, gzipped(t, readTestdata(t, "config-history-s3.json")))
	writeFile(t, filepath.Join(ev, "AWSLogs", "123456789012", "Config", "ConfigWritabilityCheckFile"), []byte("test"))

	c, err := store.Open(t.TempDir(), Tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sum, err := ingest.Run(context.Background(), c, []string{ev}, ingest.Options{Formats: Formats, Skips: Skips})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 6 || sum.Skipped != 1 || sum.Rejected != 0 || sum.Failed != 0 {
		t.Fatalf("loaded %d, skipped %d, rejected %d, failed %d", sum.Loaded, sum.Skipped, sum.Rejected, sum.Failed)
	}

	tests := []struct {
		name, query, want string
	}{
		{"port 4444 open to the world",
			`SELECT string_agg(GroupId || ' ' || FromPort || '-' || ToPort, ',') FROM ec2_security_group_rules
			 WHERE Direction = 'ingress' AND Cidr IN ('0.0.0.0/0', '::/0') AND 4444 BETWEEN FromPort AND ToPort AND CidrType = 'ipv4'`,
			"sg-903004f8 4444-4445"},
		{"instance by Name tag", `SELECT InstanceId || ' ' || (SecurityGroups->>'$[0].GroupId') FROM ec2_instances WHERE Name = 'SherlocksBlog'`,
			"i-1234567890abcdef0 sg-0598c7d356eba48d7"},
		{"IMDSv1 allowed", `SELECT string_agg(InstanceId, ',' ORDER BY InstanceId) FROM ec2_instances WHERE ImdsV1Allowed`,
			"i-1234567890abcdef0"},
		{"raw keeps the instance", `SELECT raw->>'$.MetadataOptions.HttpTokens' FROM ec2_instances WHERE InstanceId = 'i-0598c7d356eba48d7'`,
			"required"},
		{"alarms in ALARM", `SELECT string_agg(AlarmName, ',' ORDER BY AlarmName) FROM cloudwatch_alarms WHERE StateValue = 'ALARM'`,
			"crypto-composite,myalarm"},
		{"S3 and API items are the same rows",
			`SELECT count(*) || ' ' || count(DISTINCT raw) || ' ' || count(DISTINCT configurationItemCaptureTime) FROM config_items WHERE arn IS NOT NULL`,
			"4 2 2"},
		{"configuration is queryable",
			`SELECT string_agg(DISTINCT configuration->>'$.instanceType', ',') FROM config_items WHERE resourceType = 'AWS::EC2::Instance'`,
			"t3.micro"},
		{"raw configuration is a string, as the API gives it",
			`SELECT DISTINCT json_type(raw->'$.configuration') FROM config_items WHERE resourceId = 'sg-0598c7d356eba48d7' AND arn IS NOT NULL`,
			"VARCHAR"},
		{"time ranges", `SELECT min(LaunchTime)::VARCHAR FROM ec2_instances`, "2024-03-07 08:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if err := c.DB.QueryRow(tt.query).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
