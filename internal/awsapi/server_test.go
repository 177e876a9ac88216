package awsapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"
)

// realAWS returns the Debian AWS CLI v2 (what hunters run), or skips.
func realAWS(t *testing.T) string {
	const path = "/usr/bin/aws"
	if _, err := os.Stat(path); err != nil {
		t.Skip("Debian awscli v2 not installed at /usr/bin/aws (apt-get install awscli); the parity checks need it")
	}
	return path
}

// runRealAWS runs the real CLI against the backend served at url.
func runRealAWS(t *testing.T, url string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(realAWS(t), append([]string{"--endpoint-url", url}, args...)...)
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "TZ=UTC", "AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER="}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// The real CLI talks to the handler: it follows NextToken across pages on
// its own, and a service error reaches it as the service would send it.
func TestHandlerServesRealCLI(t *testing.T) {
	realAWS(t)
	var events []ctEvent
	for i := 0; i < 120; i++ {
		events = append(events, ctEvent{ID: fmt.Sprintf("e%03d", i), Name: "ListBuckets", User: "alice", Time: t0.Add(time.Duration(i) * time.Second), ReadOnly: true})
	}
	c := caseWith(t, events)
	srv := httptest.NewServer((&Backend{Case: c}).Handler())
	defer srv.Close()

	stdout, stderr, code := runRealAWS(t, srv.URL, "cloudtrail", "lookup-events", "--lookup-attributes",
		"AttributeKey=EventName,AttributeValue=ListBuckets", "--query", "Events[].EventId", "--output", "json")
	if code != 0 {
		t.Fatalf("aws exit %d: %s", code, stderr)
	}
	var ids []string
	if err := json.Unmarshal([]byte(stdout), &ids); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(ids) != 120 || ids[0] != "e119" || ids[119] != "e000" {
		t.Errorf("got %d ids, first %v", len(ids), ids[:3])
	}

	_, stderr, code = runRealAWS(t, srv.URL, "cloudtrail", "lookup-events", "--max-results", "200")
	if code != 254 || stderr != "\nAn error occurred (InvalidMaxResultsException) when calling the LookupEvents operation: Value 200 for MaxResults is invalid. MaxResults must be between 1 and 50.\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
