package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// huntCase builds a case holding three CloudTrail events and no flow logs,
// plus extra SQL run on it (to break it, say), and returns its folder.
func huntCase(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "case")
	c, err := store.Open(dir, formats.Tables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stmts := append([]string{
		`INSERT INTO _evidence (id, path, size, sha256, format, "table", records, rejected, warnings, ingested_at)
			VALUES (1, '/evidence/trail.json', 0, '', 'test', 'cloudtrail', 3, 0, 0, now())`,
		`INSERT INTO cloudtrail (eventTime, eventName, Username, sourceIPAddress, awsRegion, errorCode, recipientAccountId, eventID, raw, _file, _record) VALUES
			('2024-03-01 09:00:00', 'StopLogging', 'mallory', '203.0.113.66', 'us-east-1', NULL, '111122223333', 'ev-stop', '{"requestParameters":{"name":"main"}}', 1, 1),
			('2024-03-01 09:05:00', 'ListBuckets', 'i-0abc', '203.0.113.66', 'us-east-1', NULL, '111122223333', 'ev-list', '{}', 1, 2),
			('2024-03-01 09:10:00', 'ListBuckets', 'alice', '198.51.100.1', 'us-east-1', NULL, '111122223333', 'ev-alice', '{}', 1, 3)`,
	}, extra...)
	for _, s := range stmts {
		if _, err := c.DB.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHuntSummary(t *testing.T) {
	dir := huntCase(t)
	code, out, errOut := runCLI(t, "hunt", "--case", dir, "--hunt", "aws-listbuckets,aws-stoplogging,aws-deletetrail,aws-keyid-activity,aws-createbucket,aws-describeinstances,aws-updatetrail,aws-new-db-snapshots,aws-ssh-bruteforce,aws-scanning-recon,aws-egress-rejection,aws-nonstandard-port,aws-top-talkers")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"hunt                   title                                  attack        status       findings  note\n",
		"aws-listbuckets        View ListBuckets Activity              T1526         findings            1\n",
		"aws-stoplogging        View StopLogging Activity              T1562.008     findings            1\n",
		"aws-deletetrail        View DeleteTrail Activity              T1562.008     no findings         0\n",
		"aws-keyid-activity     View All Activity based on KeyID                     no findings         0\n",
		"aws-ssh-bruteforce     Detect SSH Brute Force                 T1110         no data                no vpc_flow_logs in this case\n",
		"aws-scanning-recon     Detect Scanning/Recon                  T1595, T1590  no data",
		"\n2 findings from 2 of 13 hunts; 6 found nothing, 5 had no data. Add --findings to see them.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Every hunt: the Azure ones have no data in this case, and the hunts
	// the playbook does in a console only say so.
	code, out, errOut = runCLI(t, "hunt", "--case", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"az-vuln-containers ", "console only", "no AzureActivity in this case",
		// The instance session (i-0abc) calling from an address no instance
		// of the case has is a third finding, for the metadata-service hunt.
		"\n3 findings from 3 of 50 hunts; 6 found nothing, 40 had no data, 1 console only.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestHuntFindings(t *testing.T) {
	dir := huntCase(t)
	code, out, errOut := runCLI(t, "hunt", "--case", dir, "--attack", "T1562", "--findings")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := `hunt             title                      attack     status       findings  note
aws-deletetrail  View DeleteTrail Activity  T1562.008  no findings         0
aws-stoplogging  View StopLogging Activity  T1562.008  findings            1
aws-updatetrail  View UpdateTrail Activity  T1562.008  no findings         0

1 finding from 1 of 3 hunts; 2 found nothing.

aws-stoplogging: View StopLogging Activity: 1 finding (2024-03-01T09:00:00Z … 2024-03-01T09:10:00Z)
eventTime             eventName    trailName  requestParameters  errorCode  Username  userIdentityArn  accessKeyId  sourceIPAddress  userAgent  awsRegion  recipientAccountId  eventID
2024-03-01T09:00:00Z  StopLogging  main       {"name":"main"}               mallory                                 203.0.113.66                us-east-1  111122223333        ev-stop
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestHuntExitCodes(t *testing.T) {
	dir := huntCase(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		errText string
	}{
		{"findings are a success", []string{"--hunt", "aws-stoplogging"}, exitOK, ""},
		{"fail on findings", []string{"--hunt", "aws-stoplogging", "--fail-on-findings"}, exitFindings, ""},
		{"fail on findings, none found", []string{"--hunt", "aws-deletetrail", "--fail-on-findings"}, exitOK, ""},
		{"no data is not a finding", []string{"--hunt", "aws-ssh-bruteforce,aws-top-talkers", "--fail-on-findings"}, exitOK, ""},
		{"unknown hunt", []string{"--hunt", "aws-stoplog"}, exitUsage, `no hunt "aws-stoplog"`},
		{"unknown param", []string{"--hunt", "aws-listbuckets", "--param", "prefix=x"}, exitUsage,
			`unknown param "prefix" for the selected hunts; valid: error_codes (strings), session_prefix (string)`},
		{"param of no selected hunt", []string{"--hunt", "aws-stoplogging", "--param", "session_prefix=x"}, exitUsage,
			"the selected hunts take no params"},
		{"bad param value", []string{"--hunt", "aws-ssh-bruteforce", "--param", "port=ssh"}, exitUsage, "not a whole number"},
		{"param without value", []string{"--param", "port"}, exitUsage, "want name=value"},
		{"bad format", []string{"--format", "xml"}, exitUsage, "table|json|jsonl|csv"},
		{"bad since", []string{"--since", "yesterday"}, exitUsage, "--since \"yesterday\""},
		{"reversed window", []string{"--since", "2024-03-02", "--until", "2024-03-01"}, exitUsage, "before --since"},
		{"csv of hunts with different columns", []string{"--format", "csv"}, exitUsage, "different columns"},
		{"no case", []string{"--case", filepath.Join(t.TempDir(), "none")}, exitError, "no case here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"hunt", "--case", dir}, tt.args...)
			code, _, errOut := runCLI(t, args...)
			if code != tt.code || !strings.Contains(errOut, tt.errText) {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, errOut, tt.code, tt.errText)
			}
		})
	}
}

// A hunt that fails is reported and the others still print; the run then
// exits 1.
func TestHuntFailureExitsOneAfterPrinting(t *testing.T) {
	dir := huntCase(t, `ALTER TABLE cloudtrail DROP COLUMN raw`)
	code, out, errOut := runCLI(t, "hunt", "--case", dir, "--attack", "T1526")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(out, "aws-createbucket") || !strings.Contains(out, "error") {
		t.Errorf("summary missing:\n%s", out)
	}
	if !strings.Contains(out, "aws-listbuckets        View ListBuckets Activity        T1526   findings            1\n") {
		t.Errorf("the hunts that do not read raw should still run:\n%s", out)
	}
	if !strings.Contains(errOut, "1 of 3 hunts failed") || !strings.Contains(errOut, "aws-createbucket: ") {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestHuntWindow(t *testing.T) {
	dir := huntCase(t)
	_, out, _ := runCLI(t, "hunt", "--case", dir, "--hunt", "aws-listbuckets", "--since", "2024-03-02")
	if !strings.Contains(out, "no findings") {
		t.Errorf("--since after the evidence:\n%s", out)
	}
	_, out, _ = runCLI(t, "hunt", "--case", dir, "--hunt", "aws-listbuckets", "--until", "2024-03-01", "--format", "json")
	var doc []map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	window := doc[0]["window"].(map[string]any)
	if window["since"] != "2024-03-01T09:00:00Z" || window["until"] != "2024-03-01T23:59:59.999999Z" {
		t.Errorf("window %v", window)
	}
}

func TestHuntJSON(t *testing.T) {
	dir := huntCase(t)
	code, out, errOut := runCLI(t, "hunt", "--case", dir, "--hunt", "aws-listbuckets,aws-ssh-bruteforce", "--format", "json", "--param", "error_codes=AccessDenied")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc []struct {
		ID       string           `json:"id"`
		Attack   []string         `json:"attack"`
		Status   string           `json:"status"`
		Note     string           `json:"note"`
		Window   map[string]any   `json:"window"`
		Params   map[string]any   `json:"params"`
		Columns  []string         `json:"columns"`
		Count    int              `json:"count"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc) != 2 {
		t.Fatalf("%d results", len(doc))
	}
	lb, ssh := doc[0], doc[1]
	if lb.ID != "aws-listbuckets" || lb.Status != "findings" || lb.Count != 1 || len(lb.Findings) != 1 {
		t.Errorf("listbuckets: %+v", lb)
	}
	if f := lb.Findings[0]; f["eventID"] != "ev-list" || f["eventTime"] != "2024-03-01T09:05:00Z" || f["reason"] != "instance session" {
		t.Errorf("finding %v", f)
	}
	if codes, _ := lb.Params["error_codes"].([]any); len(codes) != 1 || codes[0] != "AccessDenied" {
		t.Errorf("params %v", lb.Params)
	}
	if ssh.Status != "no data" || ssh.Note != "no vpc_flow_logs in this case" || ssh.Window != nil || ssh.Findings == nil {
		t.Errorf("ssh: %+v", ssh)
	}
	if len(ssh.Columns) == 0 || ssh.Params["min_attempts"] != float64(20) {
		t.Errorf("ssh: %+v", ssh)
	}
}

func TestHuntJSONL(t *testing.T) {
	dir := huntCase(t)
	_, out, _ := runCLI(t, "hunt", "--case", dir, "--format", "jsonl", "--hunt", "aws-listbuckets,aws-stoplogging,aws-ssh-bruteforce")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var second map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if second["hunt"] != "aws-stoplogging" || second["eventID"] != "ev-stop" {
		t.Errorf("second line %v", second)
	}
	if !strings.HasPrefix(lines[0], `{"hunt":"aws-listbuckets","attack":["T1526"],"eventTime":"2024-03-01T09:05:00Z",`) {
		t.Errorf("line: %s", lines[0])
	}
}

func TestHuntCSV(t *testing.T) {
	dir := huntCase(t)
	code, out, errOut := runCLI(t, "hunt", "--case", dir, "--attack", "T1562.008", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "hunt,eventTime,eventName,trailName,requestParameters,errorCode,Username,userIdentityArn,accessKeyId,sourceIPAddress,userAgent,awsRegion,recipientAccountId,eventID\r\n" +
		`aws-stoplogging,2024-03-01T09:00:00Z,StopLogging,main,"{""name"":""main""}",,mallory,,,203.0.113.66,,us-east-1,111122223333,ev-stop` + "\r\n"
	if out != want {
		t.Errorf("got:\n%q\nwant:\n%q", out, want)
	}
}

func TestHuntList(t *testing.T) {
	// Listing needs no case.
	code, out, errOut := runCLI(t, "hunt", "--case", filepath.Join(t.TempDir(), "none"), "--list", "--area", "network", "--hunt", "aws-ssh-bruteforce,aws-scanning-recon,aws-stoplogging,aws-top-talkers")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"id                  title",
		"aws-ssh-bruteforce  Detect SSH Brute Force         T1110         network  medium    vpc_flow_logs  port=22 min_attempts=20",
		"aws-scanning-recon  Detect Scanning/Recon          T1595, T1590",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "aws-stoplogging") {
		t.Errorf("--area network lists host hunts:\n%s", out)
	}

	_, out, _ = runCLI(t, "hunt", "--list", "--hunt", "aws-listbuckets", "--format", "json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	params := list[0]["params"].([]any)
	if p := params[1].(map[string]any); p["name"] != "error_codes" || p["type"] != "strings" || len(p["default"].([]any)) != 3 {
		t.Errorf("params %v", params)
	}
}
