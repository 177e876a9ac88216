package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestQueryCommand(t *testing.T) {
	caseDir := sampleCase(t)
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string // regexps the output must match
	}{
		{"insights, group recognised", []string{"query", "filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 3", "--format", "csv"},
			0, `^source,total\r\n198\.51\.100\.77,\d+\r\n`, `log group: flowlogs`},
		{"athena recognised from SELECT", []string{"query", "SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT'", "--format", "csv"},
			0, `^n\r\n[1-9]\d*\r\n$`, `^$`},
		{"kql over the sample's sign-ins", []string{"query", "SigninLogs | summarize count()", "--format", "csv"},
			0, `^count_\r\n[1-9]\d*\r\n$`, `^$`},
		{"kql over an empty table", []string{"query", "SecurityBaseline | where RuleSeverity == \"none\" | summarize count()", "--format", "csv"},
			0, `^count_\r\n0\r\n$`, `^$`},
		{"sql", []string{"query", "--lang", "sql", "SELECT count(DISTINCT eventName) > 10 AS many FROM cloudtrail", "--format", "csv"},
			0, `^many\r\ntrue\r\n$`, `^$`},
		{"kql error is positioned, exit 2", []string{"query", "--lang", "kql", "SigninLogs | where"},
			2, `^$`, `^cloudhunt: kql:1:19: `},
		{"unknown log group lists the case's", []string{"query", "--lang", "insights", "--log-group", "nope", "fields @message"},
			2, `^$`, `Log group 'nope' does not exist in this case\. Log groups: apigateway \(cwl_events\), cloudtrail \(cloudtrail\), eks \(cwl_events\), flowlogs \(vpc_flow_logs\)`},
		{"sql cannot read other files", []string{"query", "--lang", "sql", "SELECT * FROM read_csv('/etc/hostname')"},
			1, `^$`, `file system operations are disabled`},
		{"language must be said when unclear", []string{"query", "show tables"},
			2, `^$`, `--lang`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append([]string{"--case", caseDir}, tc.args...)...)
			if code != tc.code || !regexp.MustCompile(tc.out).MatchString(out) || !regexp.MustCompile(tc.err).MatchString(strings.TrimSpace(errOut)) {
				t.Errorf("exit %d (want %d)\nstdout: %q\nstderr: %q", code, tc.code, out, errOut)
			}
		})
	}
}

// A log group named at ingest is what Logs Insights and `aws logs` find.
func TestIngestLogGroup(t *testing.T) {
	dir := t.TempDir()
	evidence := dir + "/export/000000.gz"
	writeFile(t, evidence, gzipBytes(t, "2024-03-08T10:00:00.000Z 2 111122223333 eni-1 10.0.0.1 10.0.0.2 1234 22 6 1 60 1709892000 1709892060 REJECT OK\n"))
	caseDir := dir + "/case"
	if code, _, errOut := runCLI(t, "--case", caseDir, "ingest", "--log-group", "/vpc/prod", dir+"/export"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := runCLI(t, "--case", caseDir, "query", "--lang", "insights", "--log-group", "/vpc/prod", "stats count(*) as n by dstPort", "--format", "csv")
	if code != 0 || out != "dstPort,n\r\n22,1\r\n" {
		t.Errorf("exit %d: %q %s", code, out, errOut)
	}
}
