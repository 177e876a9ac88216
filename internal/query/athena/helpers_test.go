package athena

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// flow is one VPC flow record for the test case.
type flow struct {
	src, dst         string
	srcPort, dstPort int
	protocol         int
	packets, bytes   int64
	start            int64
	action           string
}

// testFlows are the flow records of the test case. They are chosen so
// that each playbook query has an unambiguous ordering.
var testFlows = []flow{
	// SSH attempts: 203.0.113.5 ×3, 198.51.100.7 ×2, 10.0.1.5 ×1.
	{"203.0.113.5", "10.0.1.10", 50001, 22, 6, 3, 180, 1709892672, "REJECT"},
	{"203.0.113.5", "10.0.1.10", 50002, 22, 6, 3, 180, 1709892673, "REJECT"},
	{"203.0.113.5", "10.0.1.11", 50003, 22, 6, 3, 200, 1709892674, "REJECT"},
	{"198.51.100.7", "10.0.1.10", 40001, 22, 6, 2, 120, 1709892675, "ACCEPT"},
	{"198.51.100.7", "10.0.1.10", 40002, 22, 6, 2, 120, 1709892676, "REJECT"},
	{"10.0.1.5", "10.0.1.10", 33333, 22, 6, 10, 4000, 1709892677, "ACCEPT"},
	// Web and other traffic.
	{"192.0.2.1", "10.0.1.10", 51000, 443, 6, 20, 30000, 1709892678, "ACCEPT"},
	{"192.0.2.2", "10.0.1.10", 51001, 443, 6, 20, 30000, 1709892679, "ACCEPT"},
	{"192.0.2.3", "10.0.1.10", 51002, 80, 6, 5, 500, 1709892680, "ACCEPT"},
	{"192.0.2.4", "10.0.1.10", 51003, 443, 6, 2, 100, 1709978400, "ACCEPT"},
	{"10.0.1.10", "192.0.2.1", 443, 51000, 6, 30, 1000000, 1709892681, "ACCEPT"},
	// Egress rejected from the internal network.
	{"10.0.2.20", "198.51.100.99", 44000, 4444, 6, 1, 60, 1709892682, "REJECT"},
	{"10.0.2.20", "198.51.100.99", 44001, 4444, 6, 1, 60, 1709892683, "REJECT"},
	{"10.0.2.20", "198.51.100.99", 44005, 4444, 6, 1, 70, 1709892685, "REJECT"},
	{"10.1.0.9", "198.51.100.99", 44002, 4444, 6, 1, 60, 1709892684, "REJECT"},
}

// openCase builds a temporary case holding testFlows and testEvents.
func openCase(t *testing.T) *store.Case {
	t.Helper()
	c, err := store.Open(t.TempDir(), []*source.Table{vpcflow.Table, cloudtrail.Table}, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for i, f := range testFlows {
		_, err := c.DB.Exec(`INSERT INTO vpc_flow_logs (version, account, interfaceid, sourceaddress, destinationaddress,
			sourceport, destinationport, protocol, numpackets, numbytes, starttime, endtime, action, logstatus,
			start_time, _file, _record)
			VALUES (2, '123456789012', 'eni-0a1b2c3d', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OK', to_timestamp(?)::TIMESTAMP, 1, ?)`,
			f.src, f.dst, f.srcPort, f.dstPort, f.protocol, f.packets, f.bytes, f.start, f.start+60, f.action, f.start, i+1)
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, raw := range testEvents {
		_, err := c.DB.Exec(`INSERT INTO cloudtrail (eventTime, eventName, raw, _file, _record)
			VALUES (CAST(json_extract_string(?, '$.eventTime') AS TIMESTAMP), json_extract_string(?, '$.eventName'), ?, 2, ?)`,
			raw, raw, raw, i+1)
		if err != nil {
			t.Fatal(err)
		}
	}
	return c
}

var testEvents = []string{
	`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0abc","arn":"arn:aws:sts::123456789012:assumed-role/web-role/i-0abc","accountId":"123456789012","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/web-role","accountId":"123456789012","userName":"web-role"},"attributes":{"creationDate":"2024-03-08T09:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2024-03-08T10:11:12Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","userAgent":"aws-cli/2.15","requestParameters":null,"responseElements":null,"requestID":"R1","eventID":"E1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}`,
	`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012","accessKeyId":"AKIAEXAMPLE","userName":"alice"},"eventTime":"2024-03-08T10:15:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"console.amazonaws.com","requestParameters":{"name":"main-trail"},"responseElements":null,"requestID":"R2","eventID":"E2","readOnly":false,"resources":[{"accountId":"123456789012","type":"AWS::CloudTrail::Trail","ARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail"}],"eventType":"AwsApiCall","recipientAccountId":"123456789012","errorCode":"AccessDenied","errorMessage":"not allowed"}`,
}

// checkRows compares a result with want. When orderCol ≥ 0 the rows are
// ordered on that column only (ties may come in any order, as in
// Athena): the column must be sorted and the rows equal as a multiset.
func checkRows(t *testing.T, text string, res *query.Result, want [][]any, orderCol int, desc bool) {
	t.Helper()
	got := res.Rows
	if len(got) != len(want) {
		t.Fatalf("%s:\n got %d rows %v\nwant %d rows %v", text, len(got), got, len(want), want)
	}
	if orderCol < 0 {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s:\n got %v\nwant %v", text, got, want)
		}
		return
	}
	for i := 1; i < len(got); i++ {
		a, b := fmt.Sprint(got[i-1][orderCol]), fmt.Sprint(got[i][orderCol])
		if x, y := toFloat(got[i-1][orderCol]), toFloat(got[i][orderCol]); (desc && x < y) || (!desc && x > y) {
			t.Fatalf("%s: rows not ordered on column %d: %s then %s\n%v", text, orderCol, a, b, got)
		}
	}
	key := func(rows [][]any) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = fmt.Sprint(r)
		}
		sort.Strings(out)
		return out
	}
	if fmt.Sprint(key(got)) != fmt.Sprint(key(want)) {
		t.Fatalf("%s:\n got %v\nwant %v", text, got, want)
	}
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// run compiles and runs text on the case.
func run(t *testing.T, c *store.Case, text string) (*query.Compiled, *query.Result) {
	t.Helper()
	comp, err := Compile(text, c)
	if err != nil {
		t.Fatalf("Compile(%q): %v", text, err)
	}
	res, err := query.Run(context.Background(), c.DB, comp)
	if err != nil {
		t.Fatalf("Run(%q): %v\nSQL: %s", text, err, comp.SQL)
	}
	return comp, res
}
