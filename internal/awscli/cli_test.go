package awscli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

const realCLI = "/usr/bin/aws"

const lookupEventsTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"

// cliResult is what one run of the CLI printed.
type cliResult struct {
	stdout, stderr string
	code           int
}

// runRealCLI runs Debian's AWS CLI v2 against endpoint with dummy
// credentials, UTC and no user configuration.
func runRealCLI(t *testing.T, endpoint string, args ...string) cliResult {
	t.Helper()
	if _, err := os.Stat(realCLI); err != nil {
		t.Skip("Debian awscli v2 not installed at /usr/bin/aws: apt-get install awscli")
	}
	if endpoint != "" {
		args = append(args, "--endpoint-url", endpoint)
	}
	cmd := exec.Command(realCLI, args...)
	home := t.TempDir()
	cmd.Env = []string{
		"HOME=" + home, "PATH=/usr/bin:/bin", "TZ=UTC", "LANG=C.UTF-8",
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + home + "/config", "AWS_SHARED_CREDENTIALS_FILE=" + home + "/credentials",
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", realCLI, err)
	}
	return cliResult{out.String(), errb.String(), code}
}

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	if err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

// lookupEvents is the CLI's cloudtrail lookup-events, as far as the
// parity tests need it.
var lookupEvents = Operation{
	Service: "cloudtrail", Name: "lookup-events", API: "LookupEvents",
	Params: []Param{
		{Name: "lookup-attributes", Member: "LookupAttributes", Type: ListOfStructure, Members: []Param{
			{Member: "AttributeKey", Type: String, Required: true},
			{Member: "AttributeValue", Type: String, Required: true},
		}},
		{Name: "start-time", Member: "StartTime", Type: Timestamp},
		{Name: "end-time", Member: "EndTime", Type: Timestamp},
		{Name: "event-category", Member: "EventCategory", Type: String},
		{Name: "max-results", Member: "MaxResults", Type: Integer},
	},
	Paginator: &Paginator{InputToken: "NextToken", OutputToken: "NextToken", LimitKey: "MaxResults", ResultKeys: []string{"Events"}},
}

// getLogEvents is logs get-log-events (not paginated by the CLI's
// lookup rules used here; it has three log-* options for prefix tests).
var getLogEvents = Operation{
	Service: "logs", Name: "get-log-events", API: "GetLogEvents",
	Params: []Param{
		{Name: "log-group-name", Member: "logGroupName", Type: String},
		{Name: "log-group-identifier", Member: "logGroupIdentifier", Type: String},
		{Name: "log-stream-name", Member: "logStreamName", Type: String, Required: true},
		{Name: "start-time", Member: "startTime", Type: Integer},
		{Name: "end-time", Member: "endTime", Type: Integer},
		{Name: "next-token", Member: "nextToken", Type: String},
		{Name: "limit", Member: "limit", Type: Integer},
		{Name: "start-from-head", Member: "startFromHead", Type: Boolean},
		{Name: "unmask", Member: "unmask", Type: Boolean},
	},
}
