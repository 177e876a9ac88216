package cwlogs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

var (
	eventsFmt = Formats[0]
	exportFmt = Formats[1]
	base64Fmt = Formats[2]
)

// jsonString quotes a message for a JSON document.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// eksRow is what eksMessage becomes, plus the event's own columns.
func eksRow(extra map[string]any) map[string]any {
	m := map[string]any{
		"message": eksMessage, "kind": KindEKSContainer, "message_json": eksMessage,
		"k8s_pod_name": "kubernetes-dashboard-7b9c6d9f5-x2x4q", "k8s_namespace": "kubernetes-dashboard",
		"k8s_container_name": "kubernetes-dashboard", "k8s_container_image": "kubernetesui/dashboard:v2.7.0",
		"k8s_host": "ip-10-0-1-5.ec2.internal",
		"k8s_log":  "2024-03-08T10:11:12Z Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request from 203.0.113.9",
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestEventsFormats(t *testing.T) {
	const stream = "ip-10-0-1-5.ec2.internal-application.var.log.containers.kubernetes-dashboard-7b9c6d9f5-x2x4q_kubernetes-dashboard_kubernetes-dashboard-abc123.log"
	payload := `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/containerinsights/prod/application","logStream":"` + stream + `",` +
		`"subscriptionFilters":["toS3"],"logEvents":[{"id":"37877298726375983124312387918475757849012345678901234567","timestamp":1709892672000,"message":` + jsonString(eksMessage) + `}]}`
	payloadRow := eksRow(map[string]any{
		"log_group": "/aws/containerinsights/prod/application", "log_stream": stream, "owner": "123456789012",
		"event_id": "37877298726375983124312387918475757849012345678901234567", "timestamp": ms("2024-03-08T10:11:12Z"),
	})
	cases := []struct {
		name    string
		format  source.Format
		content string
		want    []map[string]any
	}{
		{"get-log-events", eventsFmt,
			`{"events":[{"timestamp":1709892672123,"message":` + jsonString(eksMessage) + `,"ingestionTime":1709892673000},` +
				`{"timestamp":1709892680000,"message":"plain text line","ingestionTime":1709892681000}],` +
				`"nextForwardToken":"f/3","nextBackwardToken":"b/1"}`,
			[]map[string]any{
				eksRow(map[string]any{"timestamp": ms("2024-03-08T10:11:12.123Z"), "ingestion_time": ms("2024-03-08T10:11:13Z")}),
				{"timestamp": ms("2024-03-08T10:11:20Z"), "ingestion_time": ms("2024-03-08T10:11:21Z"), "message": "plain text line", "kind": KindText},
			}},
		{"filter-log-events, two pages appended", eventsFmt,
			`{"events":[{"logStreamName":"api-stream","timestamp":1709892672000,"message":` + jsonString(apigwMessage) + `,"ingestionTime":1709892672500,"eventId":"e1"}],` +
				`"searchedLogStreams":[{"logStreamName":"api-stream","searchedCompletely":true}],"nextToken":"n"}` + "\n" +
				`{"events":[{"logStreamName":"other","timestamp":1709892673000,"message":"{\"a\":1}","eventId":"e2"}]}`,
			[]map[string]any{
				{"log_stream": "api-stream", "timestamp": ms("2024-03-08T10:11:12Z"), "ingestion_time": ms("2024-03-08T10:11:12.5Z"),
					"event_id": "e1", "message": apigwMessage, "kind": KindAPIGatewayAccess, "message_json": apigwMessage,
					"apigw_request_id": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "apigw_source_ip": "203.0.113.9",
					"apigw_status": int32(500), "apigw_method": "GET", "apigw_path": "/../../etc/passwd",
					"apigw_resource_path": "/{proxy+}", "apigw_user_agent": "ffuf/2.1.0",
					"apigw_integration_error": "open /srv/../../etc/passwd: No such file or directory"},
				{"log_stream": "other", "timestamp": ms("2024-03-08T10:11:13Z"), "event_id": "e2", "message": `{"a":1}`, "kind": KindJSON, "message_json": `{"a":1}`},
			}},
		{"a bare array of events", eventsFmt,
			`[{"timestamp":1709892672000,"message":"hello"}]`,
			[]map[string]any{{"timestamp": ms("2024-03-08T10:11:12Z"), "message": "hello", "kind": KindText}}},
		{"subscription payloads back to back, a control message first", eventsFmt,
			`{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1709892600000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}` + payload,
			[]map[string]any{payloadRow}},
		{"subscription payloads in base64 of gzip, one per line", base64Fmt,
			gzipBase64(t, payload) + "\n" + gzipBase64(t, payload) + "\n",
			[]map[string]any{payloadRow, payloadRow}},
		{"export object: stream from the path, multi-line message", exportFmt,
			"2024-03-08T10:11:12.000Z " + eksMessage + "\n" +
				"2024-03-08T10:11:13.500Z panic: boom\ngoroutine 1 [running]:\n\tmain.go:12\n" +
				"2024-03-08T10:11:14.000Z last\n",
			[]map[string]any{
				eksRow(map[string]any{"log_stream": "2024/03/08/[$LATEST]0a1b", "timestamp": ms("2024-03-08T10:11:12Z")}),
				{"log_stream": "2024/03/08/[$LATEST]0a1b", "timestamp": ms("2024-03-08T10:11:13.5Z"),
					"message": "panic: boom\ngoroutine 1 [running]:\n\tmain.go:12", "kind": KindText},
				{"log_stream": "2024/03/08/[$LATEST]0a1b", "timestamp": ms("2024-03-08T10:11:14Z"), "message": "last", "kind": KindText},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "evidence/exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/2024/03/08/[$LATEST]0a1b/000000.gz"
			w := mustParse(t, c.format, path, c.content)
			if len(w.rejects)+len(w.warns) > 0 {
				t.Fatalf("issues: %v %v", w.rejects, w.warns)
			}
			if len(w.rows) != len(c.want) {
				t.Fatalf("%d rows, want %d", len(w.rows), len(c.want))
			}
			for i := range c.want {
				if w.rows[i].loc.Record != int64(i+1) {
					t.Errorf("row %d is record %d", i, w.rows[i].loc.Record)
				}
				checkRow(t, w.rows[i], c.want[i])
			}
		})
	}
}

func TestStreamFromPath(t *testing.T) {
	cases := map[string]any{
		"exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/eks-node-application.var.log.containers.x.log/000000.gz": "eks-node-application.var.log.containers.x.log",
		`C:\case\0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\stream-1\000001`:                                              nil, // backslashes are not folders on Linux
		"exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/a/b/c/000123":                                            "a/b/c",
		"exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/000000.gz":                                               nil, // no stream folder
		"exportedlogs/not-a-task/stream/000000.gz":                                                                  nil,
		"exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/stream/events.log":                                       nil,
	}
	for path, want := range cases {
		if got := streamFromPath(path); got != want {
			t.Errorf("streamFromPath(%q) = %#v, want %#v", path, got, want)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Run("events", func(t *testing.T) {
		w := mustParse(t, eventsFmt, "e.json", `{"events":[`+
			`{"timestamp":1709892672000,"message":"ok"},`+
			`{"timestamp":1709892672000,"message":42},`+
			`17,`+
			`{"timestamp":"yesterday","message":"no time"},`+
			`{"timestamp":99999999999999999,"message":"far future"},`+
			`{"timestamp":1709892672000,"message":"bad \udc00 surrogate"},`+
			`{"timestamp":1709892672000,"message":"`+strings.Repeat("x", maxMessage+1)+`"},`+
			`{"timestamp":1709892672000,"message":"last"}]}`)
		if len(w.rows) != 5 {
			t.Fatalf("%d rows, want 5", len(w.rows))
		}
		checkIssues(t, "rejects", w.rejects,
			fakeIssue{source.Location{Record: 2}, "event has no message string"},
			fakeIssue{source.Location{Record: 3}, "event is not a JSON object"},
			fakeIssue{source.Location{Record: 7}, "message is longer than"})
		checkIssues(t, "warnings", w.warns,
			fakeIssue{source.Location{Record: 4}, "no valid timestamp"},
			fakeIssue{source.Location{Record: 5}, "no valid timestamp"})
		if got := w.rows[3].values[colMessage]; got != "bad \uFFFD surrogate" {
			t.Errorf("lone surrogate: message %q", got)
		}
	})
	t.Run("events cut short", func(t *testing.T) {
		w, err := parseWith(t, eventsFmt, "e.json", `{"events":[{"timestamp":1709892672000,"message":"ok"},{"timestamp":17098`)
		if err == nil || !strings.Contains(err.Error(), "stopped after record 2") {
			t.Fatalf("err = %v, want stopped after record 2", err)
		}
		if len(w.rows) != 1 {
			t.Errorf("%d rows, want the 1 before the cut", len(w.rows))
		}
	})
	t.Run("export", func(t *testing.T) {
		w := mustParse(t, exportFmt, "000000", strings.Join([]string{
			"orphan line before any event",
			"2024-03-08T10:11:12.000Z ok",
			"",
			"2024-13-08T10:11:12.000Z month 13",
			"2024-03-08T10:11:14.000Z bad \xff byte",
			"2024-03-08T10:11:15.000Z " + strings.Repeat("y", maxMessage+100),
			"2024-03-08T10:11:16.000Z last",
		}, "\n"))
		if len(w.rows) != 3 {
			t.Fatalf("%d rows, want 3", len(w.rows))
		}
		if got := w.rows[0].values[colMessage]; got != "ok\n" {
			t.Errorf("a blank line continues the message: got %q", got)
		}
		checkIssues(t, "rejects", w.rejects,
			fakeIssue{source.Location{Line: 1, Record: 1}, `expected a time such as 2024-03-08T10:11:12.123Z at the start of the line, found "orphan"`},
			fakeIssue{source.Location{Line: 4, Record: 3}, `the time "2024-13-08T10:11:12.000Z" is not a valid date and time`},
			fakeIssue{source.Location{Line: 6, Record: 5}, "line is longer than"})
		checkIssues(t, "warnings", w.warns, fakeIssue{source.Location{Line: 5, Record: 4}, "invalid UTF-8 replaced"})
	})
	t.Run("base64", func(t *testing.T) {
		good := gzipBase64(t, `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":"1","timestamp":1709892672000,"message":"m"}]}`)
		w := mustParse(t, base64Fmt, "firehose.txt", strings.Join([]string{
			good,
			"not base64 at all!",
			gzipBase64(t, `{"messageType":"DATA_MESSAGE","logEvents":[{"id":"2","message":"m2"},{"id":`),
			"H4sIAAAAAAAA/wrRUkrOzytJzSvRyfZIzcnJV0jOzytJzSvRSc7PK0nNK9HJ",
			good,
		}, "\n"))
		if len(w.rows) != 3 {
			t.Fatalf("%d rows, want 3", len(w.rows))
		}
		if w.rows[2].loc != (source.Location{Line: 5, Record: 4}) {
			t.Errorf("last row at %v", w.rows[2].loc)
		}
		checkIssues(t, "rejects", w.rejects,
			fakeIssue{source.Location{Line: 2}, "expected a base64-encoded subscription payload"},
			fakeIssue{source.Location{Line: 3}, "payload: stopped after record 3"},
			fakeIssue{source.Location{Line: 4}, "payload is not valid gzip"})
		checkIssues(t, "warnings", w.warns, fakeIssue{source.Location{Line: 3, Record: 2}, "no valid timestamp"})
	})
}
