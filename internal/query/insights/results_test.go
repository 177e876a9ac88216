package insights

import (
	"testing"
)

// TestResults runs queries on real rows of a case and checks the exact
// result: column names as the service names them and every value as the
// service prints it (nil = the field is absent from that row).
func TestResults(t *testing.T) {
	db := testCase(t)
	flows, trail, app := FlowLogsSource(""), CloudTrailSource(""), appSource()
	tests := []struct {
		name  string
		src   Source
		query string
		cols  []string
		rows  [][]any
	}{
		// Flow logs (reference §2.3 fields).
		{"top talkers on ssh", flows,
			`filter dstPort=22 | stats count(*) as total by srcAddr as source | sort total desc | limit 10`,
			[]string{"source", "total"}, [][]any{{"198.51.100.7", "2"}, {"10.0.1.5", "1"}}},
		{"accepted low ports", flows,
			`filter dstPort < 1024 and action='ACCEPT' | stats count(*) as total by dstPort | sort total desc | limit 50`,
			[]string{"dstPort", "total"}, [][]any{{"22", "1"}}},
		{"display after stats", flows,
			`filter action='REJECT' | stats count(*) by srcAddr, dstAddr | display srcAddr, dstAddr | limit 25`,
			[]string{"srcAddr", "dstAddr"}, [][]any{{"10.0.3.3", "10.0.2.9"}, {"198.51.100.7", "10.0.2.9"}}},
		{"strcontains as a condition", flows,
			`filter action='REJECT' and strcontains(srcAddr, "10.0.") | stats count(*) by srcAddr, dstAddr, action | display srcAddr, dstAddr, action | limit 25`,
			[]string{"srcAddr", "dstAddr", "action"}, [][]any{{"10.0.3.3", "10.0.2.9", "REJECT"}}},
		{"aggregations named by their text", flows,
			`stats sum(bytes), avg(packets), count(srcAddr), count_distinct(interfaceId), min(dstPort), max(@timestamp), count()`,
			[]string{"sum(bytes)", "avg(packets)", "count(srcAddr)", "count_distinct(interfaceId)", "min(dstPort)", "max(@timestamp)", "count()"},
			[][]any{{"2200", "5.75", "4", "2", "22", "2023-11-14 22:20:00.000", "5"}}},
		{"bin buckets @timestamp", flows,
			`stats count(*) as n by bin(5m)`,
			[]string{"bin(5m)", "n"},
			[][]any{{"2023-11-14 22:10:00.000", "1"}, {"2023-11-14 22:15:00.000", "3"}, {"2023-11-14 22:20:00.000", "1"}}},
		{"computed fields and @logStream", flows,
			`fields @timestamp, @logStream, srcPort + 1 as next, bytes / packets as bpp | filter ispresent(srcAddr) and srcAddr like "198." | sort @timestamp asc`,
			[]string{"@timestamp", "@logStream", "next", "bpp", "@ptr"},
			[][]any{{"2023-11-14 22:15:00.000", "eni-a", "40001", "60", "1-2"}, {"2023-11-14 22:16:40.000", "eni-b", "40002", "60", "1-3"}}},
		{"in list and sort desc", flows,
			`filter srcAddr in ["10.0.1.5", "10.0.3.3"] | fields srcAddr | sort srcAddr desc`,
			[]string{"srcAddr", "@ptr"}, [][]any{{"10.0.3.3", "1-4"}, {"10.0.1.5", "1-1"}}},
		{"not in", flows,
			`filter not srcAddr in ["10.0.1.5", "10.0.3.3"] | stats count(*) as n`,
			[]string{"n"}, [][]any{{"2"}}},
		{"missing fields and booleans", flows,
			`filter not ispresent(srcAddr) | fields logStatus, isempty(action) as e, dstPort`,
			[]string{"logStatus", "e", "dstPort", "@ptr"}, [][]any{{"NODATA", "true", nil, "1-5"}}},
		{"ipv4 subnet", flows,
			`filter isIpv4InSubnet(srcAddr, "10.0.0.0/16") | stats count(*) as c`,
			[]string{"c"}, [][]any{{"2"}}},
		{"regex match", flows,
			`filter srcAddr =~ /^198\.51/ | stats count(*) as c`,
			[]string{"c"}, [][]any{{"2"}}},
		{"number field against a string", flows,
			`filter dstPort = "22" | stats count(*) as c`,
			[]string{"c"}, [][]any{{"3"}}},
		{"dedup keeps the newest", flows,
			`dedup interfaceId | fields interfaceId`,
			[]string{"interfaceId", "@ptr"}, [][]any{{"eni-b", "1-5"}, {"eni-a", "1-2"}}},
		{"second stats", flows,
			`stats count(*) as n by srcAddr | stats count(*) as groups, sum(n) as total`,
			[]string{"groups", "total"}, [][]any{{"4", "5"}}},
		{"sort by an aggregate's text", flows,
			`stats count(*) by interfaceId | sort count(*) desc`,
			[]string{"interfaceId", "count(*)"}, [][]any{{"eni-b", "3"}, {"eni-a", "2"}}},
		{"parse glob", flows,
			`parse @message "* * eni-* *" as ver, acct, eni, rest | filter eni = "a" | fields eni, rest | sort @timestamp asc | limit 1`,
			[]string{"eni", "rest", "@ptr"}, [][]any{{"a", "10.0.1.5 10.0.2.9 50000 22 6 10 840 1700000000 1700000060 ACCEPT OK", "1-1"}}},
		{"parse regex", flows,
			`parse @message /(?<ver>\d+) (?<acct>\d+) (?<eni>eni-\w+)/ | filter eni = "eni-b" | stats count(*) as c by acct`,
			[]string{"acct", "c"}, [][]any{{"123456789012", "3"}}},
		{"display @message", flows,
			`display @message | filter dstPort = 443`,
			[]string{"@message", "@ptr"}, [][]any{{"2 123456789012 eni-b 10.0.3.3 10.0.2.9 40002 443 6 7 1000 1700000300 1700000360 REJECT OK", "1-4"}}},
		{"default columns", flows,
			`filter dstPort = 443`,
			[]string{"@timestamp", "@message", "@ptr"}, [][]any{{"2023-11-14 22:18:20.000", "2 123456789012 eni-b 10.0.3.3 10.0.2.9 40002 443 6 7 1000 1700000300 1700000360 REJECT OK", "1-4"}}},
		{"string functions", flows,
			`filter dstPort = 443 | fields concat(srcAddr, ":", srcPort) as a, substr("xyZfooxyZ", 3, 3) as b, toupper(action) as c, strlen(interfaceId) as d, replace(srcAddr, ".", "-") as e, trim("  x ") as f`,
			[]string{"a", "b", "c", "d", "e", "f", "@ptr"}, [][]any{{"10.0.3.3:40002", "foo", "REJECT", "5", "10-0-3-3", "x", "1-4"}}},
		{"numeric and time functions", flows,
			`filter dstPort = 443 | fields abs(-2) as a, greatest(packets, 9) as g, floor(bytes / 3) as f, toMillis(@timestamp) as ms, fromMillis(0) as z, datefloor(@timestamp, 1h) as h, dateceil(@timestamp, 1h) as h2`,
			[]string{"a", "g", "f", "ms", "z", "h", "h2", "@ptr"},
			[][]any{{"2", "9", "333", "1700000300000", "1970-01-01 00:00:00.000", "2023-11-14 22:00:00.000", "2023-11-14 23:00:00.000", "1-4"}}},

		// CloudTrail: typed columns and raw JSON paths.
		{"playbook ListBuckets", trail,
			`fields eventID, eventName, eventTime, userIdentity.sessionContext.sessionIssuer.userName as userName | sort @timestamp desc | filter eventName = "ListBuckets"`,
			[]string{"eventID", "eventName", "eventTime", "userName", "@ptr"},
			[][]any{{"e2", "ListBuckets", "2024-05-19T07:00:00.250Z", nil, "3-2"}, {"e1", "ListBuckets", "2024-05-19T06:00:00Z", "web", "3-1"}}},
		{"array index path", trail,
			`filter requestParameters.instancesSet.items.0.instanceId = "i-0abc" | fields eventID, userIdentity.type, @logStream`,
			[]string{"eventID", "userIdentity.type", "@logStream", "@ptr"},
			[][]any{{"e1", "AssumedRole", "123456789012_CloudTrail_us-east-1", "3-1"}}},
		{"earliest and latest", trail,
			`filter eventName = "ListBuckets" | stats count(*) as n, earliest(eventID) as first, latest(sourceIPAddress) as last by eventSource`,
			[]string{"eventSource", "n", "first", "last"}, [][]any{{"s3.amazonaws.com", "2", "e1", "203.0.113.5"}}},
		{"@timestamp keeps milliseconds", trail,
			`fields @timestamp, eventID | filter eventID = "e2"`,
			[]string{"@timestamp", "eventID", "@ptr"}, [][]any{{"2024-05-19 07:00:00.250", "e2", "3-2"}}},
		{"a missing field never matches", trail,
			`filter userIdentity.userName != "alice" | stats count(*) as n`,
			[]string{"n"}, [][]any{{"0"}}},

		// JSON events without a typed table (container and API Gateway logs).
		{"container log lines", app,
			`fields log | filter kubernetes.container_name == "kubernetes-dashboard" and log ~= "Incoming HTTP" and log ~= "appdeploymentfromfile"`,
			[]string{"log", "@ptr"}, [][]any{{"Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request", "1"}}},
		{"log stream match", app,
			`fields @message | filter @logStream ~= "kubernetes-dashboard"`,
			[]string{"@message", "@ptr"},
			[][]any{{`{"log":"Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request","stream":"stdout","kubernetes":{"container_name":"kubernetes-dashboard","pod_name":"kd-1"}}`, "1"}}},
		{"api gateway fuzzing", app,
			`fields integrationErrorMessage | filter integrationErrorMessage ~= "No such file or directory" and sourceIp == "203.0.113.9"`,
			[]string{"integrationErrorMessage", "@ptr"},
			[][]any{{"No such file or directory: /x", "5"}, {"No such file or directory: /etc/passwd", "3"}}},
		{"JSON numbers compare as numbers", app,
			`filter responseLength > 9 | fields requestId | sort requestId`,
			[]string{"requestId", "@ptr"}, [][]any{{"r1", "3"}, {"r3", "5"}}},
		{"JSON string against a number", app,
			`filter status = 404 | stats count(*) as c, sum(responseLength) as s, avg(responseLength) as a`,
			[]string{"c", "s", "a"}, [][]any{{"2", "110", "55"}}},
		{"like with a regex and @log", app,
			`filter log like /(?i)incoming http.*GET \/$/ | fields @log`,
			[]string{"@log", "@ptr"}, [][]any{{"123456789012:/aws/containerinsights/c/application", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, rows, _ := run(t, db, tt.query, tt.src, Options{})
			assertRows(t, tt.query, cols, rows, tt.cols, tt.rows)
		})
	}
}
