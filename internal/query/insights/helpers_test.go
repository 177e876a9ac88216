package insights

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// testCase opens a fresh case with the CloudTrail and flow-log tables plus
// a JSON log table ("applogs": one JSON event per row, as container and
// API Gateway logs would be), and fills it with the rows below.
func testCase(t *testing.T) *sql.DB {
	t.Helper()
	c, err := store.Open(t.TempDir(), []*source.Table{cloudtrail.Table, vpcflow.Table}, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	stmts := []string{
		`INSERT INTO vpc_flow_logs (version, account, interfaceid, sourceaddress, destinationaddress, sourceport, destinationport, protocol, numpackets, numbytes, starttime, endtime, action, logstatus, start_time, log_group, log_stream, _file, _record) VALUES
		 (2, '123456789012', 'eni-a', '10.0.1.5', '10.0.2.9', 50000, 22, 6, 10, 840, 1700000000, 1700000060, 'ACCEPT', 'OK', TIMESTAMP '2023-11-14 22:13:20', 'flows', 'eni-a', 1, 1),
		 (2, '123456789012', 'eni-a', '198.51.100.7', '10.0.2.9', 40000, 22, 6, 3, 180, 1700000100, 1700000160, 'REJECT', 'OK', TIMESTAMP '2023-11-14 22:15:00', 'flows', 'eni-a', 1, 2),
		 (2, '123456789012', 'eni-b', '198.51.100.7', '10.0.2.9', 40001, 22, 6, 3, 180, 1700000200, 1700000260, 'REJECT', 'OK', TIMESTAMP '2023-11-14 22:16:40', 'flows', NULL, 1, 3),
		 (2, '123456789012', 'eni-b', '10.0.3.3', '10.0.2.9', 40002, 443, 6, 7, 1000, 1700000300, 1700000360, 'REJECT', 'OK', TIMESTAMP '2023-11-14 22:18:20', 'flows', NULL, 1, 4),
		 (2, '123456789012', 'eni-b', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1700000400, 1700000460, NULL, 'NODATA', TIMESTAMP '2023-11-14 22:20:00', 'flows', NULL, 1, 5)`,
		`CREATE TABLE applogs (ts TIMESTAMP, stream VARCHAR, msg VARCHAR, _file INTEGER, _record BIGINT)`,
		`INSERT INTO applogs VALUES
		 (TIMESTAMP '2024-05-19 06:10:35.743', 'node1-application.var.log.containers.kubernetes-dashboard-7d_kube_kubernetes-dashboard-ab.log',
		  '{"log":"Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request","stream":"stdout","kubernetes":{"container_name":"kubernetes-dashboard","pod_name":"kd-1"}}', 2, 1),
		 (TIMESTAMP '2024-05-19 06:11:00', 'node1-application.var.log.containers.web_default_web-cd.log',
		  '{"log":"Incoming HTTP/1.1 GET /","stream":"stdout","kubernetes":{"container_name":"web","pod_name":"web-1"}}', 2, 2),
		 (TIMESTAMP '2024-05-19 06:12:00', 'apigw',
		  '{"requestId":"r1","sourceIp":"203.0.113.9","status":"404","integrationErrorMessage":"No such file or directory: /etc/passwd","responseLength":10}', 2, 3),
		 (TIMESTAMP '2024-05-19 06:13:00', 'apigw',
		  '{"requestId":"r2","sourceIp":"203.0.113.10","status":"200","integrationErrorMessage":"-","responseLength":9}', 2, 4),
		 (TIMESTAMP '2024-05-19 06:14:00', 'apigw',
		  '{"requestId":"r3","sourceIp":"203.0.113.9","status":"404","integrationErrorMessage":"No such file or directory: /x","responseLength":100}', 2, 5)`,
	}
	for i, ev := range ctEvents {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO cloudtrail (eventTime, eventName, eventSource, eventID, awsRegion, recipientAccountId, sourceIPAddress, sessionIssuerUserName, userIdentityType, raw, _file, _record)
			SELECT CAST(j->>'eventTime' AS TIMESTAMP), j->>'eventName', j->>'eventSource', j->>'eventID', j->>'awsRegion', j->>'recipientAccountId', j->>'sourceIPAddress',
			       j->>'$.userIdentity.sessionContext.sessionIssuer.userName', j->>'$.userIdentity.type', j, 3, %d FROM (SELECT CAST(%s AS JSON) AS j)`, i+1, query.MustQuote(ev)))
	}
	for _, s := range stmts {
		if _, err := c.DB.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	return c.DB
}

var ctEvents = []string{
	`{"eventVersion":"1.08","eventTime":"2024-05-19T06:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventID":"e1","recipientAccountId":"123456789012","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/web/i-0abc","sessionContext":{"sessionIssuer":{"userName":"web"}}},"requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0abc"}]}},"responseElements":null}`,
	`{"eventVersion":"1.08","eventTime":"2024-05-19T07:00:00.250Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","eventID":"e2","recipientAccountId":"123456789012","userIdentity":{"type":"IAMUser","userName":"alice"}}`,
	`{"eventVersion":"1.08","eventTime":"2024-05-19T08:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","eventID":"e3","recipientAccountId":"123456789012","userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"userName":"admin"}}}}`,
}

// appSource is a JSON log group over the test table applogs.
func appSource() Source {
	return Source{
		From: "applogs", Timestamp: "ts", Message: "msg", LogStream: "stream",
		Log: "'123456789012:/aws/containerinsights/c/application'", Ptr: `CAST(_record AS VARCHAR)`, JSON: "msg",
	}
}

// run compiles and runs a query, returning column names and rows (nil for
// a NULL value, the string otherwise).
func run(t *testing.T, db *sql.DB, text string, src Source, opts Options) ([]string, [][]any, *query.Result) {
	t.Helper()
	c, err := Compile(text, src, opts)
	if err != nil {
		t.Fatalf("Compile(%q): %v", text, err)
	}
	res, err := query.Run(context.Background(), db, c)
	if err != nil {
		t.Fatalf("Run(%q): %v\nSQL: %s", text, err, c.SQL)
	}
	var names []string
	for _, col := range res.Columns {
		names = append(names, col.Name)
	}
	return names, res.Rows, res
}

func assertRows(t *testing.T, text string, gotCols []string, got [][]any, wantCols []string, want [][]any) {
	t.Helper()
	if !reflect.DeepEqual(gotCols, wantCols) {
		t.Errorf("%s\ncolumns: got %q, want %q", text, gotCols, wantCols)
	}
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\nrows:\n got  %s\n want %s", text, fmtRows(got), fmtRows(want))
	}
}

func fmtRows(rows [][]any) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(fmt.Sprintf("%q\n      ", r))
	}
	return b.String()
}
