package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/playbook"
)

// Every query of the playbook runs, as written, in the language it is
// written in, over the sample case: the Azure ones over empty Azure tables
// (they compile against Log Analytics' columns and return nothing until
// Azure evidence is ingested). Placeholders ([UserID]) are filled in as a
// hunter would. The one query the service would reject fails with a
// positioned error.
func TestPlaybookQueriesRun(t *testing.T) {
	caseDir := sampleCase(t)
	n := 0
	for _, h := range playbook.Parse(playbook.Text) {
		for _, p := range h.Procedures {
			for _, q := range p.Queries {
				n++
				text := strings.ReplaceAll(q.Text, "[UserID]", `"alice@example.com"`)
				args := []string{"--case", caseDir, "query", "--lang", q.Lang, text, "--format", "csv"}
				if q.Lang == "insights" && !mentionsKnownFields(text) {
					// `display @message` names no field: any group will do.
					args = append(args, "--log-group", "flowlogs")
				}
				code, out, errOut := runCLI(t, args...)
				if strings.Contains(text, "splitCallerIpAddress") {
					// The portal rejects this typo; so does cloudhunt, saying where.
					if code != exitUsage || !regexp.MustCompile(`kql:1:\d+: `).MatchString(errOut) {
						t.Errorf("line %d: the typo should fail with a positioned error; exit %d: %s", q.Line, code, errOut)
					}
					continue
				}
				if code != 0 {
					t.Errorf("line %d (%s, %s): exit %d\n%s\n%s", q.Line, h.Title, q.Lang, code, text, errOut)
					continue
				}
				if !strings.Contains(out, "\n") {
					t.Errorf("line %d: no header line in %q", q.Line, out)
				}
				// Queries without the playbook's hard-coded 2021/2023 dates
				// find the sample's 2024 evidence.
				rows := strings.Count(out, "\r\n") - 1
				dated := strings.Contains(text, "datetime(")
				if rows < 1 && !dated && (q.Lang != "insights" || mentionsKnownFields(text)) {
					t.Errorf("line %d (%s): no rows over the sample case\n%s", q.Line, h.Title, text)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d queries found in the playbook", n)
	}
}

// Every command line of the playbook runs in bash, unchanged but for its
// [placeholders], with aws, az and the case standing in for the cloud:
// `aws`/`az` on PATH are cloudhunt's drop-ins; jq is the real jq.
func TestPlaybookCommandsRun(t *testing.T) {
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install %s): the playbook's command lines need it", tool, tool)
		}
	}
	caseDir := sampleCase(t)
	bin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"aws", "az"} {
		script := "#!/bin/sh\nexec \"" + self + "\" -test.run=NONE " + name + " \"$@\"\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	key := firstValue(t, caseDir, `SELECT accessKeyId FROM cloudtrail WHERE accessKeyId LIKE 'AKIA%' LIMIT 1`)
	stream := firstValue(t, caseDir, `SELECT interfaceid FROM vpc_flow_logs WHERE interfaceid IS NOT NULL LIMIT 1`)

	for _, h := range playbook.Parse(playbook.Text) {
		for pi, p := range h.Procedures {
			if len(p.Commands) == 0 {
				continue
			}
			script, want := procedureScript(p.Commands, stream)
			name := h.Cloud + "/" + h.Title + "/" + string(rune('1'+pi))
			t.Run(name, func(t *testing.T) {
				cmd := exec.Command("bash", "-c", "set -o pipefail\n"+script)
				cmd.Dir = t.TempDir()
				cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "CLOUDHUNT_CASE="+caseDir,
					"CLOUDHUNT_TEST_MAIN=1", "KEY_ID="+key, "LOG_GROUP=eks", "TZ=UTC", "AWS_DEFAULT_REGION=us-east-1", "T="+cmd.Dir)
				var out, errOut bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				err := cmd.Run()
				switch {
				case want == "" && err != nil:
					t.Errorf("%s\n%v\nstdout: %s\nstderr: %s", script, err, clip(out.String()), errOut.String())
				case want != "" && (err == nil || !strings.Contains(errOut.String(), want)):
					t.Errorf("%s\nwant a failure saying %q; got %v\nstderr: %s", script, want, err, errOut.String())
				}
			})
		}
	}
}

// procedureScript fills a procedure's placeholders and says what failure,
// if any, the line must end in.
func procedureScript(commands []string, stream string) (script, wantErr string) {
	var lines []string
	for _, c := range commands {
		logGroup := "flowlogs"
		switch {
		case strings.Contains(c, "eventName"):
			logGroup = "cloudtrail"
		case strings.Contains(c, "integrationErrorMessage"):
			logGroup = "apigateway"
		}
		r := strings.NewReplacer(
			"[LogGroupName]", logGroup, "[LogGroup]", "flowlogs", "[LogStream]", stream,
			"[DatabaseLogs]", "default", "[WorkGroup]", "primary",
			"[RsourceGroup]", "rg", "[WorkspaceName]", "ws", "[UserID]", `"alice@example.com"`,
			"[query-id]", `$(jq -r .queryId < "$T/start.json")`,
			"[ApplicationLogGroupName]", "eks", "[LogGroupContainer]", "eks", "[ContainerName]", "kubernetes-dashboard",
			"[SuspectIPs]", "203.0.113.10",
		)
		c = r.Replace(c)
		// --start-time [EpochTime] --end-time [EpochTime]: the sample's week.
		c = strings.Replace(c, "[EpochTime]", "1709251200", 1)
		c = strings.Replace(c, "[EpochTime]", "1710460800", 1)
		if strings.HasPrefix(c, "aws logs start-query") {
			c += ` > "$T/start.json"`
		}
		lines = append(lines, c)
		switch {
		case strings.Contains(c, "--max-results 200"):
			wantErr = "(InvalidMaxResultsException)"
		case strings.Contains(c, "virtualMachines/delete’"):
			wantErr = "argument --query: invalid jmespath_type value"
		case strings.Contains(c, `strcontains(srcAddr, "10.0.")`):
			// Bash joins the nested quotes' pieces into 10.0. unquoted,
			// which Logs Insights rejects.
			wantErr = "(MalformedQueryException)"
		case strings.Contains(c, "$INSTANCE_ID]"):
			// The stray "]" becomes part of the resource id, which Config
			// has never discovered.
			wantErr = "(ResourceNotDiscoveredException)"
		case strings.Contains(c, "s3logparse.py"):
			wantErr = "s3logparse.py: command not found"
		case strings.Contains(c, "--output text)") && !strings.Contains(c, "=$("):
			// A stray ")" closes nothing: bash refuses the line.
			wantErr = "syntax error near unexpected token `)'"
		case strings.Contains(c, `'"')[2]`):
			// The single quotes of '"' end the shell's quoting, and the
			// line's quotes no longer pair up: bash refuses it (the
			// portal variant of this query runs in TestPlaybookQueriesRun).
			wantErr = "unexpected EOF while looking for matching"
		}
	}
	return strings.Join(lines, "\n"), wantErr
}

// mentionsKnownFields says whether an Insights query names a field from
// which `query` recognises its log group.
func mentionsKnownFields(text string) bool {
	for _, w := range wordPattern.FindAllString(text, -1) {
		if fieldFamily(w) != "" {
			return true
		}
	}
	return strings.Contains(text, "kubernetes-dashboard")
}

func firstValue(t *testing.T, caseDir, sql string) string {
	t.Helper()
	code, out, errOut := runCLI(t, "--case", caseDir, "query", "--lang", "sql", sql, "--format", "csv")
	if code != 0 {
		t.Fatal(errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 {
		t.Fatalf("%s: no rows", sql)
	}
	return strings.TrimSpace(lines[1])
}
