package insights

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestPlaybookQueries: every Logs Insights query of the playbook (its
// "Query to use" lines and --query-string arguments, placeholders left as
// written) compiles against its log group and runs.
func TestPlaybookQueries(t *testing.T) {
	db := testCase(t)
	trail, flows, app := CloudTrailSource(""), FlowLogsSource(""), appSource()
	tests := []struct {
		src   Source
		query string
	}{
		{app, `fields @message | filter kubernetes.container_name == "[ContainerName]"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "ListBuckets"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName="ListBuckets"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "CreateBucket"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "DescribeInstances"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "StopLogging"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "DeleteTrail"`},
		{trail, `fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "UpdateTrail"`},
		{app, `fields integrationErrorMessage | filter integrationErrorMessage ~= "No such file or directory" and sourceIp == "[SuspectIPs]"`},
		{app, `fields @message | filter @logStream ~= "kubernetes-dashboard"`},
		{app, `fields integrationErrorMessage | filter integrationErrorMessage ~= "No such file or directory"`},
		{flows, `filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 10`},
		{flows, `filter dstPort < 1024 and action='ACCEPT' | stats count(*) as total by dstPort | sort total desc | limit 50`},
		{flows, `filter action='REJECT' | stats count(*) by srcAddr, dstAddr | display srcAddr, dstAddr | limit 25`},
		{flows, `display @message`},
		{flows, `filter action='REJECT' and strcontains(srcAddr, "10.0.") | stats count(*) by srcAddr, dstAddr, action | display srcAddr, dstAddr, action | limit 25`},
		{flows, `filter action='REJECT' and strcontains(srcAddr, "10.0.") | stats count(*) by srcAddr, dstAddr, action | display srcAddr, dstAddr, action| limit 25`},
		{app, `fields log | filter kubernetes.container_name == "[ContainerName]" and log ~= "Incoming HTTP" and log ~= "appdeploymentfromfile"`},
		{app, `fields log | filter kubernetes.container_name == "kubernetes-dashboard" and log ~= "Incoming HTTP" and log ~= "appdeploymentfromfile"`},
	}
	for _, tt := range tests {
		c, err := Compile(tt.query, tt.src, Options{})
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.query, err)
			continue
		}
		if _, err := query.Run(context.Background(), db, c); err != nil {
			t.Errorf("Run(%q): %v\nSQL: %s", tt.query, err, c.SQL)
		}
	}
}

// TestErrors: a query the service would reject gives line:column, what was
// found and what was expected.
func TestErrors(t *testing.T) {
	tests := []struct {
		query string
		pos   string // "line:col"
		msg   string // a part of the message
	}{
		{`filter dstPort = `, "1:18", "unexpected end of query, expected a field, a value or a function call"},
		{"fields srcAddr\n | sort srcAddr | bogus x", "2:19", `unknown command "bogus", expected one of fields, display`},
		{`stats count(*) by srcAddr | display dstAddr`, "1:37", `display: no field "dstAddr" after stats, expected one of "srcAddr", "count(*)"`},
		{`stats count(*) by srcAddr | sort bytes`, "1:34", `no field "bytes" after stats`},
		{`filter action = "REJECT`, "1:17", "unterminated string"},
		{`filter foo(srcAddr)`, "1:8", `unknown function "foo", expected one of abs,`},
		{`fields count(*)`, "1:8", "count is an aggregation, usable only in stats"},
		{`stats srcAddr`, "1:7", "stats: srcAddr is not an aggregation"},
		{`stats sum(count(*))`, "1:11", "count inside another aggregation"},
		{`filter srcAddr`, "1:8", "srcAddr is not a condition, expected a comparison"},
		{`stats count(*) by bin(5x)`, "1:23", "unexpected time period 5x"},
		{`stats count(*) by bin(srcAddr)`, "1:23", "expected a time period such as 5m or 1h"},
		{`filter isIpv4InSubnet(srcAddr, "2001:db8::/32")`, "1:32", "expected an IPv4 subnet"},
		{`filter isIpInSubnet(srcAddr, dstAddr)`, "1:30", "expected a subnet in CIDR notation"},
		{`parse @message "* *" as a`, "1:16", "the parse pattern has 2 * but 1 names follow as"},
		{`parse @message /[0-9]+/`, "1:16", "no named group"},
		{`filter srcAddr =~ /(unclosed/`, "1:19", "invalid regular expression: missing closing )"},
		{`source '/aws/x' | fields a`, "1:1", "the source command is not supported"},
		{`limit 0`, "1:7", "expected a positive whole number"},
		{`stats count(*) as a | stats count(*) as b | stats count(*) as c`, "1:45", "at most two stats"},
		{`filter (dstPort = 1`, "1:20", `expected ")" to close the "(" at 1:8`},
		{`fields srcAddr dstAddr`, "1:16", `unexpected "dstAddr" after the fields command, expected "|" or the end of the query`},
		{`filter srcAddr in "a"`, "1:19", `unexpected string "a" after in, expected a list`},
		{`fields substr(srcAddr)`, "1:8", "substr takes 2 to 3 arguments, found 1"},
		{`filter sum(*) > 1`, "1:8", "sum is an aggregation"},
		{"filter x = \"é\" and y = ;", "1:24", `unexpected character ';'`},
		{`filter srcAddr = 1.2.3`, "1:18", `malformed number "1.2.3"`},
	}
	for _, tt := range tests {
		_, err := Compile(tt.query, FlowLogsSource(""), Options{})
		var qe *query.Error
		if !errors.As(err, &qe) {
			t.Errorf("Compile(%q): got %v, want a *query.Error", tt.query, err)
			continue
		}
		got := strings.TrimPrefix(qe.Error(), "insights:")
		if qe.Lang != "insights" || !strings.HasPrefix(got, tt.pos+": ") || !strings.Contains(got, tt.msg) {
			t.Errorf("Compile(%q):\n got  %s\n want %s: …%s…", tt.query, qe.Error(), tt.pos, tt.msg)
		}
	}
}

// TestNaturalSort follows the ascending example of the service's sort
// documentation: non-numbers first, chunk by chunk with digit runs
// compared by length then value, then numbers by value.
func TestNaturalSort(t *testing.T) {
	c, err := store.Open(t.TempDir(), nil, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	want := []string{"!:", "#", "*%04", "0#", "5A", "111A", "2345_", "@", "@_", "A", "A9876fghj", "a12345hfh", "0", "01", "1", "2", "3", "10"}
	if _, err := c.DB.Exec(`CREATE TABLE vals (v VARCHAR, ts TIMESTAMP, _file INTEGER, _record BIGINT)`); err != nil {
		t.Fatal(err)
	}
	// Inserted in an order unrelated to the expected one.
	for i := range want {
		v := want[(i*7)%len(want)]
		if _, err := c.DB.Exec(`INSERT INTO vals VALUES ($1, TIMESTAMP '2024-01-01', 1, $2)`, v, i); err != nil {
			t.Fatal(err)
		}
	}
	src := Source{From: "vals", Timestamp: "ts", Message: "v", Ptr: "CAST(_record AS VARCHAR)", Fields: map[string]Field{"v": {SQL: "v", Kind: String}}}
	for _, desc := range []bool{false, true} {
		q := "fields v | sort v asc"
		exp := append([]string(nil), want...)
		if desc {
			q = "fields v | sort v desc"
			for i, j := 0, len(exp)-1; i < j; i, j = i+1, j-1 {
				exp[i], exp[j] = exp[j], exp[i]
			}
		}
		_, rows, _ := run(t, c.DB, q, src, Options{})
		var got []string
		for _, r := range rows {
			got = append(got, r[0].(string))
		}
		if strings.Join(got, " ") != strings.Join(exp, " ") {
			t.Errorf("%s:\n got  %q\n want %q", q, got, exp)
		}
	}
}

// TestWindow: start-query's --start-time/--end-time bound @timestamp,
// both ends included.
func TestWindow(t *testing.T) {
	db := testCase(t)
	at := func(s string) time.Time {
		tm, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		opts Options
		want string
	}{
		{Options{}, "5"},
		{Options{Start: at("2023-11-14 22:15:00"), End: at("2023-11-14 22:18:20")}, "3"},
		{Options{Start: at("2023-11-14 22:15:01")}, "3"},
		{Options{End: at("2023-11-14 22:15:00")}, "2"},
		{Options{Start: at("2030-01-01 00:00:00")}, "0"},
	}
	for _, tt := range tests {
		_, rows, _ := run(t, db, "stats count(*) as n", FlowLogsSource(""), tt.opts)
		if len(rows) != 1 || rows[0][0] != tt.want {
			t.Errorf("window %v – %v: got %v, want %s", tt.opts.Start, tt.opts.End, rows, tt.want)
		}
	}
	// The source's own restriction (the log group) applies too.
	_, rows, _ := run(t, db, "stats count(*) as n", FlowLogsSource(`"interfaceid" = 'eni-a'`), Options{})
	if rows[0][0] != "2" {
		t.Errorf("Source.Where: got %v, want 2", rows)
	}
}

// TestLimit: without a limit the service returns at most 10,000 rows and
// the result says it was cut; a query's own limit is not a cut.
func TestLimit(t *testing.T) {
	c, err := store.Open(t.TempDir(), []*source.Table{vpcflow.Table}, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.DB.Exec(`INSERT INTO vpc_flow_logs (start_time, numbytes, _file, _record)
		SELECT TIMESTAMP '2024-01-01' + to_seconds(i), i, 1, i FROM range(10001) t(i)`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query     string
		opts      Options
		rows      int
		truncated bool
		first     string
	}{
		{"fields bytes", Options{}, 10000, true, "10000"},
		{"fields bytes | filter bytes < 10000", Options{}, 10000, false, "9999"},
		{"fields bytes", Options{Limit: 3}, 3, true, "10000"},
		{"fields bytes | limit 5", Options{}, 5, false, "10000"},
		{"fields bytes | sort bytes asc | limit 2", Options{}, 2, false, "0"},
		{"limit 3 | stats count(*) as n", Options{}, 1, false, "3"},
	}
	for _, tt := range tests {
		_, rows, res := run(t, c.DB, tt.query, FlowLogsSource(""), tt.opts)
		if len(rows) != tt.rows || res.Truncated != tt.truncated || rows[0][0] != tt.first {
			t.Errorf("%s (limit %d): got %d rows, truncated %v, first %v; want %d, %v, %s",
				tt.query, tt.opts.Limit, len(rows), res.Truncated, rows[0][0], tt.rows, tt.truncated, tt.first)
		}
	}
}

// TestQuoting: text from the query reaches SQL only as quoted literals or
// bound values; a quote cannot end the literal.
func TestQuoting(t *testing.T) {
	db := testCase(t)
	tests := []struct {
		src   Source
		query string
		cols  []string
		rows  [][]any
	}{
		{FlowLogsSource(""), `filter action = "x' OR '1'='1" | stats count(*) as n`, []string{"n"}, [][]any{{"0"}}},
		{FlowLogsSource(""), `filter action like "'); DROP TABLE vpc_flow_logs; --" | stats count(*) as n`, []string{"n"}, [][]any{{"0"}}},
		{FlowLogsSource(""), `filter dstPort = 443 | fields concat("it's ", action) as x`, []string{"x", "@ptr"}, [][]any{{"it's REJECT", "1-4"}}},
		{appSource(), "fields `a'b\"c` | filter requestId = \"r1\"", []string{`a'b"c`, "@ptr"}, [][]any{{nil, "3"}}},
		{appSource(), `filter log =~ /it's/ | stats count(*) as n`, []string{"n"}, [][]any{{"0"}}},
	}
	for _, tt := range tests {
		cols, rows, _ := run(t, db, tt.query, tt.src, Options{})
		assertRows(t, tt.query, cols, rows, tt.cols, tt.rows)
	}
	// The table is still there.
	_, rows, _ := run(t, db, "stats count(*) as n", FlowLogsSource(""), Options{})
	if rows[0][0] != "5" {
		t.Errorf("after the quoting queries: got %v rows, want 5", rows)
	}
	// A NUL byte cannot be quoted: it is refused with its position.
	_, err := Compile("filter action = \"a\x00b\"", FlowLogsSource(""), Options{})
	var qe *query.Error
	if !errors.As(err, &qe) || qe.Col != 17 {
		t.Errorf("NUL in a string: got %v, want an error at 1:17", err)
	}
}

// TestIPFunctions checks address validity and subnet membership for both
// address families on real values.
func TestIPFunctions(t *testing.T) {
	c, err := store.Open(t.TempDir(), nil, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.DB.Exec(`CREATE TABLE ips (v VARCHAR, ts TIMESTAMP, r BIGINT)`); err != nil {
		t.Fatal(err)
	}
	vals := []string{"10.0.1.5", "10.1.0.1", "256.1.1.1", "2001:db8::1", "2001:db9::1", "::1", "fe80::1:2:3:4:5:6:7:8", "1::2::3", "hello"}
	for i, v := range vals {
		if _, err := c.DB.Exec(`INSERT INTO ips VALUES ($1, TIMESTAMP '2024-01-01' + to_seconds($2), $2)`, v, i); err != nil {
			t.Fatal(err)
		}
	}
	src := Source{From: "ips", Timestamp: "ts", Message: "v", Ptr: "CAST(r AS VARCHAR)", Fields: map[string]Field{"v": {SQL: "v", Kind: String}}}
	tests := []struct {
		cond string
		want string // matching values, in insertion order
	}{
		{`isValidIp(v)`, "10.0.1.5 10.1.0.1 2001:db8::1 2001:db9::1 ::1"},
		{`isValidIpV4(v)`, "10.0.1.5 10.1.0.1"},
		{`isValidIpV6(v)`, "2001:db8::1 2001:db9::1 ::1"},
		{`isIpInSubnet(v, "10.0.0.0/16")`, "10.0.1.5"},
		{`isIpv4InSubnet(v, "10.0.0.0/8")`, "10.0.1.5 10.1.0.1"},
		{`isIpv6InSubnet(v, "2001:db8::/32")`, "2001:db8::1"},
		{`isIpInSubnet(v, "2001:db8::/31")`, "2001:db8::1 2001:db9::1"},
		{`isIpInSubnet(v, "::1/128")`, "::1"},
		{`not isValidIp(v)`, "256.1.1.1 fe80::1:2:3:4:5:6:7:8 1::2::3 hello"},
	}
	for _, tt := range tests {
		q := "filter " + tt.cond + " | fields v | sort @timestamp asc"
		_, rows, _ := run(t, c.DB, q, src, Options{})
		var got []string
		for _, r := range rows {
			got = append(got, r[0].(string))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: got %q, want %q", q, got, tt.want)
		}
	}
}
