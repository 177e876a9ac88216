package vpcflow

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

var (
	exportFmt = exportFormat{}
	eventsFmt = eventsFormat{}
)

const (
	exportPath  = "evidence/exportedlogs/7f3e9d2a-1b2c-4d5e-8f90-123456789abc/eni-0a1b2c3d4e5f60718-all/000000.gz"
	otherRecord = "2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.5 51515 22 6 3 180 1709892680 1709892740 REJECT OK"
)

// goodRow is goodRecord as a row, with the given log group and stream.
func goodRow(group, stream any) map[string]any {
	return map[string]any{
		"version": int32(2), "account": "123456789012", "interfaceid": "eni-0a1b2c3d4e5f60718",
		"sourceaddress": "10.0.1.5", "destinationaddress": "10.0.1.6", "sourceport": int32(443),
		"destinationport": int32(49152), "protocol": int32(6), "numpackets": int64(10), "numbytes": int64(8400),
		"starttime": int64(1709892672), "endtime": int64(1709892732), "action": "ACCEPT", "logstatus": "OK",
		"start_time": unix(1709892672), "log_group": group, "log_stream": stream,
	}
}

func TestExport(t *testing.T) {
	w := mustParse(t, exportFmt, exportPath,
		"2024-03-08T10:11:12.000Z "+goodRecord+"\n"+
			"2024-03-08T10:11:20Z "+otherRecord+"\n"+
			"08/03/2024 10:11:12 "+goodRecord+"\n"+
			"2024-03-08T10:11:12.000Z "+goodRecord+" extra\n"+
			"2024-03-08T10:11:12.000Z "+goodRecord+"\n")
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(3, 3), `expected a timestamp such as 2024-03-08T10:11:12.000Z before the record, found "08/03/2024"`},
		fakeIssue{loc(4, 4), "expected 14 fields (default format), found 15"})
	checkIssues(t, "warnings", w.warns)
	checkLocs(t, w.rows, loc(1, 1), loc(2, 2), loc(5, 5))
	checkRow(t, w.rows[0], goodRow(nil, "eni-0a1b2c3d4e5f60718-all"))
	if got := w.rows[1].values[columnIndex("destinationport")]; got != int32(22) {
		t.Errorf("second row destinationport = %v", got)
	}
}

func TestExportStreamFromPath(t *testing.T) {
	tests := []struct {
		path string
		want any
	}{
		{exportPath, "eni-0a1b2c3d4e5f60718-all"},
		{"exportedlogs/task/eni-0a1b2c3d4e5f60718/000001.gz", "eni-0a1b2c3d4e5f60718"},
		{"eni-0a1b2c3d4e5f60718/000000", "eni-0a1b2c3d4e5f60718"},
		{"exportedlogs/task/my-app-stream/000000.gz", nil},
		{"000000.gz", nil},
		{"exportedlogs/task/eni-0a1b2c3d 4e5f/000000.gz", nil},
	}
	for _, tt := range tests {
		if got := streamFromPath(tt.path); got != tt.want {
			t.Errorf("streamFromPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestEventsGetLogEvents(t *testing.T) {
	w := mustParse(t, eventsFmt, "get-log-events.json", `{
    "events": [
        {"timestamp": 1709892672000, "message": "`+goodRecord+`", "ingestionTime": 1709892700000},
        {"timestamp": 1709892680000, "message": "`+otherRecord+`", "ingestionTime": 1709892700000}
    ],
    "nextForwardToken": "f/38123",
    "nextBackwardToken": "b/38122"
}`)
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, source.Location{Record: 1}, source.Location{Record: 2})
	checkRow(t, w.rows[0], goodRow(nil, nil))
}

func TestEventsFilterLogEvents(t *testing.T) {
	w := mustParse(t, eventsFmt, "filter.json", `{
    "events": [
        {"logStreamName": "eni-0a1b2c3d4e5f60718-all", "timestamp": 1709892672000, "message": "`+goodRecord+`", "ingestionTime": 1709892700000, "eventId": "1"},
        {"logStreamName": "eni-0fedcba9876543210-all", "timestamp": 1709892680000, "message": "`+otherRecord+`", "ingestionTime": 1709892700000, "eventId": "2"},
        {"timestamp": 1709892672000, "message": "`+goodRecord+`"}
    ],
    "searchedLogStreams": [{"logStreamName": "eni-0a1b2c3d4e5f60718-all", "searchedCompletely": true}]
}`)
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, source.Location{Record: 1}, source.Location{Record: 2}, source.Location{Record: 3})
	checkRow(t, w.rows[0], goodRow(nil, "eni-0a1b2c3d4e5f60718-all"))
	for i, want := range []any{"eni-0a1b2c3d4e5f60718-all", "eni-0fedcba9876543210-all", nil} {
		if got := w.rows[i].values[columnIndex("log_stream")]; got != want {
			t.Errorf("row %d log_stream = %v, want %v", i, got, want)
		}
	}
}

// Subscription payloads as Firehose writes them: objects back to back, a
// control message among them.
func TestEventsSubscriptionPayloads(t *testing.T) {
	w := mustParse(t, eventsFmt, "firehose-1", `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1709892600000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`+
		`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/vpc/flow-logs","logStream":"eni-0a1b2c3d4e5f60718-all","subscriptionFilters":["to-firehose"],"logEvents":[{"id":"3795","timestamp":1709892672000,"message":"`+goodRecord+`"},{"id":"3796","timestamp":1709892680000,"message":"`+otherRecord+`"}]}`)
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, source.Location{Record: 1}, source.Location{Record: 2})
	checkRow(t, w.rows[0], goodRow("/vpc/flow-logs", "eni-0a1b2c3d4e5f60718-all"))
}

func TestEventsArrayAndPages(t *testing.T) {
	w := mustParse(t, eventsFmt, "events.json",
		`[{"timestamp":1,"message":"`+goodRecord+`"}]`+"\n"+
			`{"events":[{"message":"`+otherRecord+`"}],"nextForwardToken":"f/1"}`+"\n")
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, source.Location{Record: 1}, source.Location{Record: 2})
	checkRow(t, w.rows[0], goodRow(nil, nil))
}

func TestEventsBadEvents(t *testing.T) {
	w := mustParse(t, eventsFmt, "events.json", `{"events":[
		{"message": 42},
		17,
		{"message": "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5"},
		{"message": "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 ssh 6 10 8400 1709892672 1709892732 ACCEPT OK"},
		{"message": "`+goodRecord+`", "logStreamName": {"not": "a string"}},
		{"nested": {"message": [1, {"a": []}]}},
		{"message": "`+goodRecord+`"}
	], "events2": {"skipped": [1, 2, {"x": null}]}}`)
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{source.Location{Record: 1}, "event has no message string"},
		fakeIssue{source.Location{Record: 2}, "event is not a JSON object"},
		fakeIssue{source.Location{Record: 3}, "expected 14 fields (default format), found 4"},
		fakeIssue{source.Location{Record: 4}, `field dstport: "ssh" is not a number`},
		fakeIssue{source.Location{Record: 6}, "event has no message string"})
	checkLocs(t, w.rows, source.Location{Record: 5}, source.Location{Record: 7})
	checkRow(t, w.rows[0], goodRow(nil, nil))
}

func TestEventsLongMessage(t *testing.T) {
	w := mustParse(t, eventsFmt, "events.json", `{"events":[{"message":"`+strings.Repeat("x", maxLine+1)+`"},{"message":"`+goodRecord+`"}]}`)
	checkIssues(t, "rejects", w.rejects, fakeIssue{source.Location{Record: 1}, "longer than"})
	checkLocs(t, w.rows, source.Location{Record: 2})
}

// Broken JSON stops the parse; what was read before stays.
func TestEventsBrokenJSON(t *testing.T) {
	content := `{"events":[{"message":"` + goodRecord + `"},{"message":"` + otherRecord + `"},{"message": "2 1234`
	w, err := parseWith(t, eventsFmt, "events.json", content)
	if err == nil || !strings.Contains(err.Error(), "stopped after record 3") {
		t.Fatalf("err = %v", err)
	}
	checkLocs(t, w.rows, source.Location{Record: 1}, source.Location{Record: 2})

	w, err = parseWith(t, eventsFmt, "events.json", `{"events":[{"message":"`+goodRecord+`"}]} trailing garbage`)
	if err == nil || len(w.rows) != 1 {
		t.Fatalf("err = %v, %d rows", err, len(w.rows))
	}

	// A stream cut short, as a truncated gzip file is.
	r := &failAfter{strings.NewReader(`{"events":[{"message":"` + goodRecord + `"},`), io.ErrUnexpectedEOF}
	w, err = parseReader(t, eventsFmt, "events.json.gz", nil, r)
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(w.rows) != 1 {
		t.Fatalf("err = %v, %d rows", err, len(w.rows))
	}
}
