package awsfindings

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestCase ingests evidence of every shape into a real case and queries it
// the way hunts and drop-ins will.
func TestCase(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(gdCamel + "\n" + `{"id":` + "\n"))
	zw.Close()
	files := map[string]string{
		"get-findings.json": indent(t, wrap("Findings", gdSSH)),
		"AWSLogs/111122223333/GuardDuty/us-east-1/2020/05/26/0f1e2d3c-aaaa-bbbb-cccc-111122223333.jsonl.gz": gz.String(),
		"list-findings.json": `{"FindingIds":["f2"]}`,
		"macie.json":         indent(t, wrap("findings", macieFinding)),
		"inspector.json":     indent(t, wrap("findings", inspNetwork, inspIMDS, inspPackage)),
		"audit/000001.json":  audit + "\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, "evidence", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := store.Open(filepath.Join(dir, "case"), Tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")},
		ingest.Options{Formats: Formats, Skips: Skips})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 5 || sum.Skipped != 1 || sum.Records != 7 || sum.Rejected != 1 {
		t.Fatalf("loaded %d, skipped %d, records %d, rejected %d; want 5, 1, 7, 1",
			sum.Loaded, sum.Skipped, sum.Records, sum.Rejected)
	}

	tests := []struct{ name, sql, want string }{
		{"ssh brute force", `SELECT Id, InstanceId, RemoteIpAddress, LocalPort, Count FROM guardduty_findings
			WHERE Type = 'UnauthorizedAccess:EC2/SSHBruteForce'`, "f2|i-0abc1234def567890|198.51.100.23|22|42"},
		{"export converted", `SELECT raw->>'$.Service.Action.AwsApiCallAction.RemoteIpDetails.Organization.Asn', UserName
			FROM guardduty_findings WHERE Type LIKE 'Recon:%'`, "16509|testuser"},
		{"time column", `SELECT strftime(UpdatedAt, '%Y-%m-%d %H:%M:%S.%g') FROM guardduty_findings ORDER BY UpdatedAt`,
			"2020-05-26 22:55:21.703\n2024-03-08 10:05:00.000"},
		{"financial", `SELECT bucketName, objectKey, sensitiveDataCount FROM macie_findings
			WHERE list_contains(sensitiveDataCategories::VARCHAR[], 'FINANCIAL_INFORMATION')`, "payroll-exports|2024/march/cards.csv|10"},
		{"reachability", `SELECT instanceId, openPortRangeBegin, protocol FROM inspector_findings
			WHERE type = 'NETWORK_REACHABILITY'`, "i-0abc1234def567890|22|TCP"},
		{"imdsv1", `SELECT findingArn FROM inspector_findings WHERE imdsv1`, "arn:aws:inspector2:us-east-1:111122223333:finding/i1"},
		{"pii in logs", `SELECT logGroup, detectionCount, dataIdentifiers->>'$[0]' FROM cwl_data_protection_findings`,
			"/aws/lambda/MyLogGroup|3|EmailAddress"},
	}
	for _, tt := range tests {
		rows, err := c.DB.Query(tt.sql)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		cols, _ := rows.Columns()
		var got []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				parts = append(parts, fmtValue(v))
			}
			got = append(got, strings.Join(parts, "|"))
		}
		rows.Close()
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, strings.Join(got, "\n"), tt.want)
		}
	}
}

// fmtValue prints a scanned value.
func fmtValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}
