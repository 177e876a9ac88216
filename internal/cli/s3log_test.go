package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/s3access"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// s3logCase ingests a small S3 access log and a CloudTrail file into a new
// case, as `cloudhunt ingest` would, and returns the case folder.
func s3logCase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
	record := func(time, ip, op, key, status, ua string) string {
		return owner + " finance-bucket [" + time + " +0000] " + ip + " arn:aws:iam::111122223333:user/bob 3E57427F3EXAMPLE " + op + " " + key +
			` "GET /finance-bucket/` + key + ` HTTP/1.1" ` + status + ` - 113 2048 7 - "-" "` + ua + `" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader finance-bucket.s3.amazonaws.com TLSv1.2 - - us-east-1`
	}
	access := strings.Join([]string{
		record("06/Feb/2019:00:00:40", "203.0.113.9", "REST.GET.OBJECT", "payroll.csv", "200", "sqlmap/1.7.2#stable (https://sqlmap.org)"),
		record("06/Feb/2019:00:00:38", "203.0.113.9", "REST.GET.BUCKET", "-", "403", "SQLMap/1.7"),
		record("06/Feb/2019:00:01:00", "198.51.100.1", "REST.GET.OBJECT", "report.pdf", "200", "aws-cli/2.15.0 Python/3.11.6"),
		record("06/Feb/2019:00:02:00", "198.51.100.2", "REST.PUT.OBJECT", "report.pdf", "200", "aws-cli/2.15.0 Python/3.11.6"),
	}, "\n") + "\n"
	trail := `{"Records":[{"eventVersion":"1.08","eventTime":"2019-02-06T00:03:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2.15.0 Python/3.11.6","eventID":"e1"}]}`
	for name, content := range map[string]string{"logs/2019-02-06-00-00-38-5A4F1C2B": access, "trail.json": trail} {
		path := filepath.Join(dir, "evidence", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	caseDir := filepath.Join(dir, "case")
	tables := append([]*source.Table{s3access.Table, cloudtrail.Table, vpcflow.Table}, azure.Tables...)
	c, err := store.Open(caseDir, tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	formats := append(append([]source.Format{}, cloudtrail.Formats...), s3access.Formats...)
	sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")}, ingest.Options{Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 5 || sum.Rejected != 0 {
		t.Fatalf("ingested %d records, %d rejected; want 5, 0: %+v", sum.Records, sum.Rejected, sum.Results)
	}
	return caseDir
}

func TestS3logUserAgent(t *testing.T) {
	dir := s3logCase(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a substring, any case, in time order", []string{"s3log", "useragent", "sqlMAP", "--format", "csv"},
			"time,remote_ip,requester,operation,key,http_status,user_agent\r\n" +
				"2019-02-06T00:00:38Z,203.0.113.9,arn:aws:iam::111122223333:user/bob,REST.GET.BUCKET,,403,SQLMap/1.7\r\n" +
				"2019-02-06T00:00:40Z,203.0.113.9,arn:aws:iam::111122223333:user/bob,REST.GET.OBJECT,payroll.csv,200,sqlmap/1.7.2#stable (https://sqlmap.org)\r\n"},
		{"no match", []string{"s3log", "useragent", "curl", "--format", "csv"},
			"time,remote_ip,requester,operation,key,http_status,user_agent\r\n"},
		{"the pattern is text, never SQL", []string{"s3log", "useragent", "' OR '1'='1", "--format", "csv"},
			"time,remote_ip,requester,operation,key,http_status,user_agent\r\n"},
		{"% and _ are not wildcards", []string{"s3log", "useragent", "aws_cli%", "--format", "csv"},
			"time,remote_ip,requester,operation,key,http_status,user_agent\r\n"},
		{"json", []string{"s3log", "useragent", "python/3.11", "--format", "jsonl"},
			`{"time":"2019-02-06T00:01:00Z","remote_ip":"198.51.100.1","requester":"arn:aws:iam::111122223333:user/bob","operation":"REST.GET.OBJECT","key":"report.pdf","http_status":200,"user_agent":"aws-cli/2.15.0 Python/3.11.6"}` + "\n" +
				`{"time":"2019-02-06T00:02:00Z","remote_ip":"198.51.100.2","requester":"arn:aws:iam::111122223333:user/bob","operation":"REST.PUT.OBJECT","key":"report.pdf","http_status":200,"user_agent":"aws-cli/2.15.0 Python/3.11.6"}` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append(c.args, "--case", dir)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if out != c.want {
				t.Errorf("output:\n%s\nwant:\n%s", out, c.want)
			}
		})
	}
}

func TestS3logUserAgents(t *testing.T) {
	dir := s3logCase(t)
	code, out, errOut := runCLI(t, "s3log", "useragents", "--case", dir, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "source,user_agent,requests,distinct_ips,first_seen,last_seen\r\n" +
		"s3,aws-cli/2.15.0 Python/3.11.6,2,2,2019-02-06T00:01:00Z,2019-02-06T00:02:00Z\r\n" +
		"s3,SQLMap/1.7,1,1,2019-02-06T00:00:38Z,2019-02-06T00:00:38Z\r\n" +
		"cloudtrail,aws-cli/2.15.0 Python/3.11.6,1,1,2019-02-06T00:03:00Z,2019-02-06T00:03:00Z\r\n" +
		"s3,sqlmap/1.7.2#stable (https://sqlmap.org),1,1,2019-02-06T00:00:40Z,2019-02-06T00:00:40Z\r\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	// The table format prints the same rows aligned.
	code, out, _ = runCLI(t, "s3log", "useragents", "--case", dir)
	if code != exitOK || !strings.Contains(out, "source      user_agent") || !strings.Contains(out, "SQLMap/1.7") {
		t.Errorf("table output (exit %d):\n%s", code, out)
	}
}

func TestS3logUsage(t *testing.T) {
	dir := s3logCase(t)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"empty pattern", []string{"s3log", "useragent", " "}, exitUsage, "PATTERN is empty"},
		{"no pattern", []string{"s3log", "useragent"}, exitUsage, "want one PATTERN (part of a user agent), found 0 arguments"},
		{"no subcommand", []string{"s3log"}, exitUsage, "cloudhunt s3log useragent PATTERN"},
		{"bad format", []string{"s3log", "useragents", "--format", "xml"}, exitUsage, `--format: unknown format "xml"`},
		{"no case", []string{"s3log", "useragents", "--case", filepath.Join(t.TempDir(), "none")}, exitError, "no case here"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{}, c.args...), "--case", dir)
			if c.name == "no case" {
				args = c.args
			}
			code, _, errOut := runCLI(t, args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, errOut, c.code, c.msg)
			}
		})
	}
}
