package athena

import (
	"testing"
	"time"
)

// Each function whose DuckDB counterpart differs from Trino's, with the
// case Trino answers differently.
func TestFunctions(t *testing.T) {
	c := openCase(t)
	at := func(h, m, s int) time.Time { return time.Date(2024, 3, 8, h, m, s, 0, time.UTC) }
	tests := []struct {
		text string
		want []any
		typ  string // type of the first column
	}{
		{"SELECT from_unixtime(1709892672)", []any{at(10, 11, 12)}, "timestamp with time zone"},
		{"SELECT to_unixtime(TIMESTAMP '2024-03-08 10:11:12.500')", []any{1709892672.5}, "double"},
		{"SELECT date_parse('2024/03/08 10:11', '%Y/%m/%d %H:%i')", []any{at(10, 11, 0)}, "timestamp"},
		{"SELECT date_format(TIMESTAMP '2024-03-08 10:11:12', '%Y-%m-%d %H:%i:%s'), date_format(DATE '2024-03-08', '%e %M %Y')", []any{"2024-03-08 10:11:12", "8 March 2024"}, "varchar"},
		{"SELECT from_iso8601_timestamp('2024-03-08T10:11:12Z')", []any{at(10, 11, 12)}, "timestamp with time zone"},
		{"SELECT from_iso8601_timestamp('2024-03-08T12:11:12+02:00')", []any{at(10, 11, 12)}, "timestamp with time zone"},
		{`SELECT json_extract_scalar('{"a":{"b":"x"}}', '$.a.b'), json_extract_scalar('{"a":{"b":"x"}}', '$.a'), json_extract_scalar('not json', '$.a'), json_extract_scalar('{"a":{"b":"x"}}', '$["a"]["b"]')`,
			[]any{"x", nil, nil, "x"}, "varchar"},
		{`SELECT json_extract('{"a":{"b":1}}', '$.a'), json_extract('{"a":1}', '$.zz')`, []any{`{"b":1}`, nil}, "json"},
		{"SELECT regexp_like('i-0abc', '^i-'), regexp_like('I-0abc', '^i-'), regexp_like('xi-0', 'i-')", []any{true, false, true}, "boolean"},
		{`SELECT regexp_extract('user=alice;', 'user=(\w+)', 1), regexp_extract('abc', '[0-9]+'), regexp_extract('abc123', '[0-9]+')`, []any{"alice", nil, "123"}, "varchar"},
		{"SELECT regexp_replace('a1b22', '[0-9]+', '#'), regexp_replace('alice@example', '(\\w+)@(\\w+)', '$2:$1'), regexp_replace('a1', '[0-9]')", []any{"a#b#", "example:alice", "a"}, "varchar"},
		{"SELECT split_part('a,b,c', ',', 2), split_part('a,b', ',', 5)", []any{"b", nil}, "varchar"},
		{"SELECT cardinality(split('a,b,c', ','))", []any{int64(3)}, "bigint"},
		{"SELECT split('a,b', ',')", []any{[]any{"a", "b"}}, "array(varchar)"},
		{"SELECT element_at(ARRAY['a', 'b'], 2), element_at(ARRAY['a', 'b'], -1), element_at(ARRAY['a', 'b'], 5)", []any{"b", "b", nil}, "varchar"},
		{"SELECT contains(ARRAY['a', 'b'], 'b'), contains(ARRAY['a', 'b'], 'ab')", []any{true, false}, "boolean"},
		{"SELECT array_join(ARRAY['a', 'b'], '-')", []any{"a-b"}, "varchar"},
		{"SELECT date_trunc('hour', TIMESTAMP '2024-03-08 10:11:12'), date_trunc('month', DATE '2024-03-08')", []any{at(10, 0, 0), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, "timestamp"},
		{"SELECT date_trunc('month', DATE '2024-03-08')", []any{time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, "date"},
		{"SELECT date_add('day', 1, TIMESTAMP '2024-03-07 10:11:12'), date_add('hour', -2, TIMESTAMP '2024-03-08 12:11:12')", []any{at(10, 11, 12), at(10, 11, 12)}, "timestamp"},
		{"SELECT date_diff('hour', TIMESTAMP '2024-03-08 10:00:00', TIMESTAMP '2024-03-08 12:59:00')", []any{int64(2)}, "bigint"},
		{"SELECT year(TIMESTAMP '2024-03-08 10:11:12'), extract(hour FROM TIMESTAMP '2024-03-08 10:11:12'), day_of_week(DATE '2024-03-10')", []any{int64(2024), int64(10), int64(7)}, "bigint"},
		{"SELECT to_iso8601(TIMESTAMP '2024-03-08 10:11:12')", []any{"2024-03-08T10:11:12.000"}, "varchar"},
		{"SELECT concat('a', 'b', 'c'), concat('a', NULL)", []any{"abc", nil}, "varchar"},
		{"SELECT lower('AbC'), upper('AbC'), trim('  x '), substr('abcdef', 2, 3), replace('a-b-c', '-'), replace('a-b', '-', '+')", []any{"abc", "ABC", "x", "bcd", "abc", "a+b"}, "varchar"},
		{"SELECT length('abc'), strpos('abc', 'c')", []any{int64(3), int64(3)}, "bigint"},
		{"SELECT starts_with('i-0abc', 'i-')", []any{true}, "boolean"},
		{"SELECT coalesce(NULL, 'x'), if(1 > 2, 'yes', 'no'), nullif('a', 'a')", []any{"x", "no", nil}, "varchar"},
		{"SELECT abs(-3), greatest(1, 5, 3), round(2.5), floor(2.7)", []any{int64(3), int64(5), 3.0, 2.0}, "integer"},
		{"SELECT sum(destinationport), approx_distinct(sourceaddress), arbitrary(version) FROM vpc_flow_logs", []any{int64(70317), int64(10), int64(2)}, "bigint"},
		{"SELECT avg(numbytes) FROM vpc_flow_logs WHERE destinationport = 22", []any{(180.0 + 180 + 200 + 120 + 120 + 4000) / 6}, "double"},
		{"SELECT max_by(sourceaddress, numbytes), min(numbytes) FROM vpc_flow_logs", []any{"10.0.1.10", int64(60)}, "varchar"},
		{"SELECT array_agg(DISTINCT action) FROM vpc_flow_logs WHERE destinationport = 443", []any{[]any{"ACCEPT"}}, "array(varchar)"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			comp, res := run(t, c, tt.text)
			checkRows(t, tt.text, res, [][]any{tt.want}, -1, false)
			if comp.Columns[0].Type != tt.typ {
				t.Errorf("type %q, want %q", comp.Columns[0].Type, tt.typ)
			}
		})
	}
}

// CloudTrail's nested userIdentity and resources read as Athena's rows.
func TestCloudTrailLogs(t *testing.T) {
	c := openCase(t)
	tests := []struct {
		text  string
		want  [][]any
		types []string
	}{
		{"SELECT useridentity.arn, useridentity.sessioncontext.sessionissuer.username FROM cloudtrail_logs ORDER BY eventtime",
			[][]any{{"arn:aws:sts::123456789012:assumed-role/web-role/i-0abc", "web-role"}, {"arn:aws:iam::123456789012:user/alice", nil}},
			[]string{"varchar", "varchar"}},
		{"SELECT ct.useridentity.username, eventname, readonly, errorcode FROM cloudtrail_logs AS ct WHERE useridentity.type = 'IAMUser'",
			[][]any{{"alice", "StopLogging", "false", "AccessDenied"}}, []string{"varchar", "varchar", "varchar", "varchar"}},
		{"SELECT eventtime, json_extract_scalar(requestparameters, '$.name'), cardinality(resources), resources[1].arn, element_at(resources, 1).type FROM cloudtrail_logs WHERE eventname = 'StopLogging'",
			[][]any{{"2024-03-08T10:15:00Z", "main-trail", int64(1), "arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail", "AWS::CloudTrail::Trail"}},
			[]string{"varchar", "varchar", "bigint", "varchar", "varchar"}},
		{"SELECT useridentity.sessioncontext.attributes.mfaauthenticated, requestparameters, resources FROM cloudtrail_logs WHERE eventname = 'ListBuckets'",
			[][]any{{"false", nil, nil}}, []string{"varchar", "varchar", "array(row(arn varchar, accountid varchar, type varchar))"}},
		{"SELECT eventsource, count(*) FROM cloudtrail_logs WHERE from_iso8601_timestamp(eventtime) < TIMESTAMP '2024-03-08 10:12:00' GROUP BY eventsource",
			[][]any{{"s3.amazonaws.com", int64(1)}}, nil},
		{"SELECT sourceipaddress FROM cloudtrail_logs WHERE sourceipaddress IN (SELECT sourceaddress FROM vpc_flow_logs WHERE destinationport = 22) ORDER BY 1",
			[][]any{{"198.51.100.7"}, {"203.0.113.5"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			comp, res := run(t, c, tt.text)
			checkRows(t, tt.text, res, tt.want, -1, false)
			for i, typ := range tt.types {
				if comp.Columns[i].Type != typ {
					t.Errorf("column %d has type %q, want %q", i, comp.Columns[i].Type, typ)
				}
			}
		})
	}
	comp, _ := run(t, c, "SELECT useridentity FROM cloudtrail_logs LIMIT 1")
	want := "row(type varchar, principalid varchar, arn varchar, accountid varchar, invokedby varchar, accesskeyid varchar, username varchar, " +
		"sessioncontext row(attributes row(mfaauthenticated varchar, creationdate varchar), sessionissuer row(type varchar, principalid varchar, arn varchar, accountid varchar, username varchar)))"
	if comp.Columns[0].Type != want {
		t.Errorf("useridentity type\n got %s\nwant %s", comp.Columns[0].Type, want)
	}
}
