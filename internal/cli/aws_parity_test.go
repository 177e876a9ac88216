package cli

import (
	"bytes"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/awsapi"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

const realAWSPath = "/usr/bin/aws"

// realAWS runs the Debian AWS CLI v2 against url, or skips when it is not
// installed (CI installs it: .ci/run).
func realAWS(t *testing.T, url string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if _, err := os.Stat(realAWSPath); err != nil {
		t.Skip("Debian awscli v2 is not installed at /usr/bin/aws (apt-get install awscli): the byte-for-byte parity checks need it")
	}
	cmd := exec.Command(realAWSPath, append([]string{"--endpoint-url", url}, args...)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin", "TZ=UTC", "AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER="}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// serveCase serves the case's AWS API on 127.0.0.1 for the real CLI.
func serveCase(t *testing.T, caseDir string) string {
	t.Helper()
	c, err := store.Open(caseDir, formats.Tables(), store.Options{ReadOnly: true, NoFileAccess: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(awsapi.NewBackend(c, "", filepath.Join(caseDir, "queries")).Handler())
	t.Cleanup(func() { srv.Close(); c.Close() })
	return srv.URL
}

// The drop-in `cloudhunt aws …` prints the same bytes, and exits with the
// same code, as the real AWS CLI v2 answering from the same case: the
// playbook's lines and their variations.
func TestAWSDropInMatchesRealCLI(t *testing.T) {
	if _, err := os.Stat(realAWSPath); err != nil {
		t.Skip("Debian awscli v2 is not installed at /usr/bin/aws (apt-get install awscli): the byte-for-byte parity checks need it")
	}
	caseDir := sampleCase(t)
	url := serveCase(t, caseDir)
	t.Setenv("AWS_DEFAULT_REGION", "us-east-1")
	t.Setenv("AWS_REGION", "")

	const listFields = `Events[].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}`
	const instanceFilter = "Events[?starts_with(Username, `i-`)==`true`].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}"
	lines := [][]string{
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets", "--query", listFields, "--output", "table"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets", "--query", instanceFilter, "--output", "table"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateBucket", "--max-results", "10", "--query", instanceFilter, "--output", "table"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=StopLogging", "--query", listFields, "--output", "table"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=DescribeInstances"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets", "--output", "text"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets", "--query", listFields, "--output", "text"},
		{"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=ReadOnly,AttributeValue=false", "--max-results", "5", "--output", "table"},
		{"cloudtrail", "lookup-events", "--max-results", "200", "--lookup-attributes", "AttributeKey=AccessKeyId,AttributeValue=AKIAEXAMPLE"},
		{"cloudtrail", "lookup-events", "--lookup-attributes"},
		{"cloudtrail", "lookup-events", "--start-time", "2024-03-08T10:00:00Z", "--end-time", "2024-03-08T10:30:00Z", "--query", "Events[].[EventTime,EventName,Username]", "--output", "text"},
	}
	// The EC2, GuardDuty, CloudWatch and Config lines of the playbook, with
	// the ids a hunter would have taken from the earlier lines.
	_, det, _ := runCLI(t, "--case", caseDir, "aws", "guardduty", "list-detectors", "--query", "DetectorIds[0]", "--output", "text")
	det = strings.TrimSpace(det)
	_, fid, _ := runCLI(t, "--case", caseDir, "aws", "guardduty", "list-findings", "--detector-id", det, "--query", "FindingIds[0]", "--output", "text")
	fid = strings.TrimSpace(fid)
	const brute = `{"Criterion": {"type": {"Eq":["UnauthorizedAccess:EC2/SSHBruteForce"]}}}`
	for _, output := range []string{"json", "table", "text"} {
		lines = append(lines,
			[]string{"ec2", "describe-instances", "--filters", "Name=tag:Name,Values=web-1", "--query", "Reservations[].Instances[].SecurityGroups[0].GroupId", "--output", output},
			[]string{"ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=run*", "Name=tag:Name,Values=web-?", "--output", output},
			[]string{"ec2", "describe-security-groups", "--group-ids", "sg-069aa56f7a3a055e4", "--output", output},
			[]string{"cloudwatch", "describe-alarms", "--output", output},
			[]string{"guardduty", "list-detectors", "--query", "DetectorIds[0]", "--output", output},
			[]string{"guardduty", "list-findings", "--detector-id", det, "--finding-criteria", brute, "--output", output},
			[]string{"guardduty", "get-findings", "--detector-id", det, "--finding-ids", fid, "--query", "Findings[0]", "--output", output},
			[]string{"configservice", "get-resource-config-history", "--resource-type", "AWS::EC2::Instance", "--resource-id", "i-002c63db1e1dc461a", "--output", output},
		)
	}
	lines = append(lines,
		[]string{"ec2", "describe-security-groups", "--group-ids", "sg-0123456789abcdef0"},
		[]string{"ec2", "describe-instances", "--filters", "Name=no-such-filter,Values=x"},
		[]string{"ec2", "describe-instances", "--max-results", "5", "--query", "Reservations[].Instances[].InstanceId"},
		[]string{"configservice", "get-resource-config-history", "--resource-type", "AWS::EC2::Instance", "--resource-id", "i-002c63db1e1dc461a]"},
		[]string{"cloudwatch", "describe-alarms", "--state-value", "ALARM", "--query", "MetricAlarms[].AlarmName"},
	)
	for _, args := range lines {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			wantCode, wantOut, wantErr := realAWS(t, url, args...)
			code, out, errOut := runCLI(t, append([]string{"--case", caseDir, "aws"}, args...)...)
			if code != wantCode || out != wantOut || errOut != wantErr {
				t.Errorf("cloudhunt aws %s\nexit %d, want %d\nstdout:\n%s\nwant stdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", name, code, wantCode, clip(out), clip(wantOut), errOut, wantErr)
			}
		})
	}

	// Two-step queries: started by cloudhunt, read back by both CLIs.
	started := []struct {
		start []string
		get   func(id string) []string
	}{
		{[]string{"logs", "start-query", "--log-group-name", "flowlogs", "--start-time", "0", "--end-time", "2000000000",
			"--query-string", "filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 10", "--output", "text"},
			func(id string) []string { return []string{"logs", "get-query-results", "--query-id", id} }},
		{[]string{"logs", "start-query", "--log-group-name", "cloudtrail", "--start-time", "0", "--end-time", "2000000000",
			"--query-string", `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName="StopLogging"`, "--output", "text"},
			func(id string) []string {
				return []string{"logs", "get-query-results", "--query-id", id, "--output", "table"}
			}},
		{[]string{"athena", "start-query-execution", "--query-string", "SELECT sourceaddress, count(*) as total FROM vpc_flow_logs WHERE (destinationport = 22) group by distinct sourceaddress ORDER by total desc",
			"--query-execution-context", "Database=default", "--work-group", "primary", "--query", "QueryExecutionId", "--output", "text"},
			func(id string) []string {
				return []string{"athena", "get-query-results", "--query-execution-id", id, "--query", "ResultSet"}
			}},
	}
	for _, s := range started {
		code, out, errOut := runCLI(t, append([]string{"--case", caseDir, "aws"}, s.start...)...)
		if code != 0 {
			t.Fatalf("start: exit %d: %s", code, errOut)
		}
		id := strings.TrimSpace(out)
		args := s.get(id)
		wantCode, wantOut, wantErr := realAWS(t, url, args...)
		code, out, errOut = runCLI(t, append([]string{"--case", caseDir, "aws"}, args...)...)
		if code != wantCode || out != wantOut || errOut != wantErr || code != 0 {
			t.Errorf("%v\nexit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr: %s\nwant: %s", args, code, wantCode, clip(out), clip(wantOut), errOut, wantErr)
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
