package cwlogs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/insights"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestCaseAndInsights ingests evidence of every shape into a real case,
// with the CloudTrail and flow log formats in front, and runs the
// playbook's Insights queries over CWLEventsSource.
func TestCaseAndInsights(t *testing.T) {
	dir := t.TempDir()
	otherMsg := strings.Replace(eksMessage, "Incoming HTTP", "Outgoing HTTP", 1)
	files := map[string]string{
		"get-log-events.json": `{"events":[{"timestamp":1709892672000,"message":` + jsonString(eksMessage) + `,"ingestionTime":1709892673000},` +
			`{"timestamp":1709892673000,"message":` + jsonString(otherMsg) + `}],"nextForwardToken":"f/1"}`,
		"api/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/api-stream/000000": "2024-03-08T10:11:14.000Z " + apigwMessage + "\n" +
			"2024-03-08T10:11:15.000Z " + strings.Replace(apigwMessage, "No such file", "Permission denied", 1) + "\n",
		"firehose/payloads.txt": gzipBase64(t, `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/eks/app","logStream":"node-kubernetes-dashboard","logEvents":[{"id":"9","timestamp":1709892676000,"message":"dashboard says hi"}]}`) + "\n",
		"trail-cwl.json":        `{"events":[{"timestamp":1,"message":` + jsonString(ctRecord) + `}]}`,
	}
	for name, content := range files {
		path := filepath.Join(dir, "evidence", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := store.Open(filepath.Join(dir, "case"), []*source.Table{Table, cloudtrail.Table, vpcflow.Table}, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	formats := append(append(append([]source.Format{}, cloudtrail.Formats...), vpcflow.Formats...), Formats...)
	sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")}, ingest.Options{Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 4 || sum.Records != 6 || sum.Rejected != 0 {
		t.Fatalf("loaded %d files, %d records, %d rejected; want 4, 6, 0: %+v", sum.Loaded, sum.Records, sum.Rejected, sum.Results)
	}
	var trail int
	if err := c.DB.QueryRow(`SELECT count(*) FROM cloudtrail`).Scan(&trail); err != nil || trail != 1 {
		t.Fatalf("cloudtrail rows = %d (%v), want 1", trail, err)
	}

	cases := []struct {
		query string
		want  [][]any
	}{
		{`fields log | filter kubernetes.container_name == "kubernetes-dashboard" and log ~= "Incoming HTTP" and log ~= "appdeploymentfromfile"`,
			[][]any{{"2024-03-08T10:11:12Z Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request from 203.0.113.9"}}},
		{`fields integrationErrorMessage | filter integrationErrorMessage ~= "No such file or directory" and sourceIp == "203.0.113.9"`,
			[][]any{{"open /srv/../../etc/passwd: No such file or directory"}}},
		{`fields @message | filter @logStream ~= "kubernetes-dashboard"`,
			[][]any{{"dashboard says hi"}}},
		{`filter kubernetes.pod_name like /dashboard/ | stats count(*) as n by kubernetes.namespace_name`,
			[][]any{{"kubernetes-dashboard", "2"}}},
		{`fields @log, @logStream, status | filter ispresent(status) | sort @timestamp desc | limit 1`,
			[][]any{{nil, "api-stream", "500"}}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			compiled, err := insights.Compile(tc.query, CWLEventsSource(""), insights.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := query.Run(context.Background(), c.DB, compiled)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d: %v", len(res.Rows), len(tc.want), res.Rows)
			}
			for i := range tc.want {
				for j := range tc.want[i] {
					if res.Rows[i][j] != tc.want[i][j] {
						t.Errorf("row %d column %s = %#v, want %#v", i, res.Columns[j].Name, res.Rows[i][j], tc.want[i][j])
					}
				}
			}
		})
	}
}
