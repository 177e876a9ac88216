package s3access

import (
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

const owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"

// docRecord is the example of the S3 user guide, with every field to
// source region.
const docRecord = owner + ` awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ` + owner +
	` 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -` +
	` s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader` +
	` awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-west-1`

func TestParseRecords(t *testing.T) {
	docWant := map[string]any{
		"bucket_owner": owner, "bucket": "awsexamplebucket1",
		"time":      time.Date(2019, 2, 6, 0, 0, 38, 0, time.UTC),
		"remote_ip": "192.0.2.3", "requester": owner, "request_id": "3E57427F3EXAMPLE",
		"operation": "REST.GET.VERSIONING", "request_uri": "GET /awsexamplebucket1?versioning HTTP/1.1",
		"http_status": int32(200), "bytes_sent": int64(113), "total_time_ms": int64(7),
		"user_agent":        "S3Console/0.4",
		"host_id":           "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
		"signature_version": "SigV4", "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256",
		"authentication_type": "AuthHeader", "host_header": "awsexamplebucket1.s3.us-west-1.amazonaws.com",
		"tls_version": "TLSV1.2", "access_point_arn": "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP",
		"acl_required": "Yes", "source_region": "us-west-1",
	}
	with := func(changes map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range docWant {
			m[k] = v
		}
		for k, v := range changes {
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	// The 18 fields of the oldest records: up to the version id.
	oldest := owner + ` logs-bucket [31/Dec/2023:23:59:59 -0500] 203.0.113.9 - 3E57427F3EXAMPLF REST.GET.OBJECT` +
		` secret%2Fkeys.txt "GET /logs-bucket/secret%2Fkeys.txt HTTP/1.1" 403 AccessDenied 243 - 12 - "https://example.com/a b" "curl/8.4.0" 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY`

	cases := []struct {
		name string
		line string
		want map[string]any
	}{
		{"the user guide's example", docRecord, docWant},
		{"newer fields appended go to extra", docRecord + ` - newfield2 "quoted new"`,
			with(map[string]any{"extra": `- newfield2 "quoted new"`})},
		{"26 fields: no source region yet", strings.TrimSuffix(docRecord, " us-west-1"),
			with(map[string]any{"source_region": nil})},
		{"the oldest 18 fields, a zone offset, anonymous requester", oldest, map[string]any{
			"bucket_owner": owner, "bucket": "logs-bucket",
			"time":      time.Date(2024, 1, 1, 4, 59, 59, 0, time.UTC),
			"remote_ip": "203.0.113.9", "request_id": "3E57427F3EXAMPLF", "operation": "REST.GET.OBJECT",
			"key": "secret%2Fkeys.txt", "request_uri": "GET /logs-bucket/secret%2Fkeys.txt HTTP/1.1",
			"http_status": int32(403), "error_code": "AccessDenied", "bytes_sent": int64(243),
			"total_time_ms": int64(12), "referer": "https://example.com/a b", "user_agent": "curl/8.4.0",
			"version_id": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
		}},
		{"a user agent holding spaces, brackets and a quote",
			strings.Replace(docRecord, `"S3Console/0.4"`, `"Mozilla/5.0 [x] (sqlmap/1.7; a"b) "`, 1),
			with(map[string]any{"user_agent": `Mozilla/5.0 [x] (sqlmap/1.7; a"b) `})},
		{"CRLF line ending", docRecord + "\r", docWant},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := parseString(t, c.line+"\n")
			if len(w.rejects)+len(w.warns) > 0 {
				t.Fatalf("issues: %v %v", w.rejects, w.warns)
			}
			if len(w.rows) != 1 {
				t.Fatalf("%d rows, want 1", len(w.rows))
			}
			if w.rows[0].loc != (source.Location{Line: 1, Record: 1}) {
				t.Errorf("location %v", w.rows[0].loc)
			}
			checkRow(t, w.rows[0], c.want)
		})
	}
}

func TestParseBadInput(t *testing.T) {
	content := strings.Join([]string{
		docRecord,
		"",
		owner + ` bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - ID REST.GET.OBJECT key "GET / HTTP/1.1" 200`, // too few fields
		strings.Replace(docRecord, " 200 ", " OK ", 1),                                                         // status not a number
		strings.Replace(docRecord, "[06/Feb/2019:00:00:38 +0000]", "[06/Foo/2019:00:00:38 +0000]", 1),          // bad time: loaded, warned
		strings.Replace(docRecord, `"S3Console/0.4"`, `"S3Console/0.4`, 1) + `x`,                               // unclosed quote
		strings.Replace(docRecord, "[06/Feb/2019:00:00:38 +0000]", "06/Feb/2019:00:00:38", 1),                  // time not bracketed
		strings.Replace(docRecord, "S3Console", "S3\xffConsole", 1),                                            // invalid UTF-8: loaded, warned
		strings.Repeat("x", maxLine+10),
		strings.Replace(docRecord, " 113 ", " 1.5e3 ", 1),
		docRecord,
	}, "\n")
	w := parseString(t, content)
	if len(w.rows) != 4 {
		t.Fatalf("%d rows, want 4", len(w.rows))
	}
	wantLocs := []source.Location{{Line: 1, Record: 1}, {Line: 5, Record: 4}, {Line: 8, Record: 7}, {Line: 11, Record: 10}}
	for i, r := range w.rows {
		if r.loc != wantLocs[i] {
			t.Errorf("row %d at %v, want %v", i, r.loc, wantLocs[i])
		}
	}
	if w.rows[1].values[colTime] != nil {
		t.Errorf("a bad time must load as NULL, got %v", w.rows[1].values[colTime])
	}
	if ua := w.rows[2].values[Table.ColumnIndex("user_agent")]; ua != "S3\uFFFDConsole/0.4" {
		t.Errorf("user_agent = %q", ua)
	}
	checkIssues(t, "rejects", w.rejects, []fakeIssue{
		{source.Location{Line: 3, Record: 2}, "found 10 fields, expected at least 18"},
		{source.Location{Line: 4, Record: 3}, `field 10 (http_status): found "OK", expected a number`},
		{source.Location{Line: 6, Record: 5}, "field 17: quote at column"},
		{source.Location{Line: 7, Record: 6}, `field 3 (time): found "06/Feb/2019:00:00:38", expected [dd/Mon/yyyy:hh:mm:ss +0000]`},
		{source.Location{Line: 9, Record: 8}, "line is longer than"},
		{source.Location{Line: 10, Record: 9}, `field 12 (bytes_sent): found "1.5e3", expected a number`},
	})
	checkIssues(t, "warnings", w.warns, []fakeIssue{
		{source.Location{Line: 5, Record: 4}, `field 3 (time): "[06/Foo/2019:00:00:38 +0000]" is not a valid time`},
		{source.Location{Line: 8, Record: 7}, "invalid UTF-8 replaced"},
	})
}
