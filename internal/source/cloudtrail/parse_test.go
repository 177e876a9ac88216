package cloudtrail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Builders for each shape, from compact records.

func recordsFile(recs ...string) string {
	return `{"Records":[` + strings.Join(recs, ",") + `]}`
}

func arrayFile(recs ...string) string {
	return "[" + strings.Join(recs, ",") + "]"
}

func linesFile(recs ...string) string {
	return strings.Join(recs, "\n") + "\n"
}

func indent(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		t.Fatalf("indent: %v", err)
	}
	return b.String()
}

// lookupEntry wraps a record the way lookup-events shows it. username ""
// leaves the Username member out.
func lookupEntry(t testing.TB, rec, username string) string {
	t.Helper()
	var r struct {
		EventID     string `json:"eventID"`
		EventName   string `json:"eventName"`
		EventSource string `json:"eventSource"`
		EventTime   string `json:"eventTime"`
	}
	// The summary members are best effort: broken records get wrapped too.
	_ = json.Unmarshal([]byte(rec), &r)
	ct, _ := json.Marshal(rec)
	user := ""
	if username != "" {
		user = fmt.Sprintf(`"Username":%q,`, username)
	}
	return fmt.Sprintf(`{"EventId":%q,"EventName":%q,"ReadOnly":"false","AccessKeyId":"AKIAEXAMPLE","EventTime":%q,"EventSource":%q,%s"Resources":[],"CloudTrailEvent":%s}`,
		r.EventID, r.EventName, r.EventTime, r.EventSource, user, ct)
}

func lookupFile(t testing.TB, recs ...string) string {
	t.Helper()
	var entries []string
	for _, r := range recs {
		entries = append(entries, lookupEntry(t, r, ""))
	}
	return `{"Events":[` + strings.Join(entries, ",") + `],"NextToken":"eyJ0b2tlbiI6IDF9"}`
}

// logEvent wraps a record as a CloudWatch Logs event; filter adds the
// members filter-log-events gives.
func logEventEntry(rec string, ms int64, filter bool) string {
	msg, _ := json.Marshal(rec)
	extra := ""
	if filter {
		extra = fmt.Sprintf(`"logStreamName":"111122223333_CloudTrail_us-east-1","eventId":"3757%d",`, ms)
	}
	return fmt.Sprintf(`{%s"timestamp":%d,"message":%s,"ingestionTime":%d}`, extra, ms, msg, ms+900)
}

func cwlEventsFile(filter bool, recs ...string) string {
	var entries []string
	for i, r := range recs {
		entries = append(entries, logEventEntry(r, 1691589791000+int64(i), filter))
	}
	if filter {
		return `{"events":[` + strings.Join(entries, ",") + `],"searchedLogStreams":[]}`
	}
	return `{"events":[` + strings.Join(entries, ",") + `],"nextForwardToken":"f/1","nextBackwardToken":"b/1"}`
}

func cwlExportFile(recs ...string) string {
	var b strings.Builder
	for i, r := range recs {
		fmt.Fprintf(&b, "2023-08-09T14:03:%02d.123Z %s\n", i%60, r)
	}
	return b.String()
}

// TestColumnsOrder pins the row positions to Table.Columns.
func TestColumnsOrder(t *testing.T) {
	want := map[int]string{
		colEventTime: "eventTime", colEventVersion: "eventVersion", colEventSource: "eventSource",
		colEventName: "eventName", colAwsRegion: "awsRegion", colSourceIPAddress: "sourceIPAddress",
		colUserAgent: "userAgent", colErrorCode: "errorCode", colErrorMessage: "errorMessage",
		colReadOnly: "readOnly", colEventType: "eventType", colEventCategory: "eventCategory",
		colManagementEvent: "managementEvent", colEventID: "eventID", colRequestID: "requestID",
		colRecipientAccountID: "recipientAccountId", colUserIdentityType: "userIdentityType",
		colUserIdentityArn: "userIdentityArn", colUserIdentityPrincipalID: "userIdentityPrincipalId",
		colUserIdentityAccountID: "userIdentityAccountId", colUserIdentityUserName: "userIdentityUserName",
		colUserIdentityInvokedBy: "userIdentityInvokedBy", colAccessKeyID: "accessKeyId",
		colSessionIssuerUserName: "sessionIssuerUserName", colSessionIssuerArn: "sessionIssuerArn",
		colMfaAuthenticated: "mfaAuthenticated", colUsername: "Username", colRaw: "raw",
	}
	if numColumns != len(Table.Columns) || len(want) != numColumns {
		t.Fatalf("numColumns %d, table has %d columns, test names %d", numColumns, len(Table.Columns), len(want))
	}
	for i, name := range want {
		if Table.Columns[i].Name != name {
			t.Errorf("position %d: table has %q, code writes %q", i, Table.Columns[i].Name, name)
		}
	}
}

// TestRowValues checks every column of a row from each kind of caller.
func TestRowValues(t *testing.T) {
	w := mustParse(t, "cloudtrail-records", recordsFile(allRecords...))
	if len(w.rows) != 5 || len(w.rejects) != 0 || len(w.warns) != 0 {
		t.Fatalf("rows %d, rejects %v, warns %v", len(w.rows), w.rejects, w.warns)
	}
	want := map[string]any{
		"eventTime":               time.Date(2023, 8, 9, 14, 3, 11, 0, time.UTC),
		"eventVersion":            "1.08",
		"eventSource":             "cloudtrail.amazonaws.com",
		"eventName":               "StopLogging",
		"awsRegion":               "us-east-1",
		"sourceIPAddress":         "198.51.100.7",
		"userAgent":               "aws-cli/2.13.0 Python/3.11.4 Linux/5.15",
		"errorCode":               nil,
		"errorMessage":            nil,
		"readOnly":                false,
		"eventType":               "AwsApiCall",
		"eventCategory":           "Management",
		"managementEvent":         true,
		"eventID":                 "11111111-1111-1111-1111-111111111111",
		"requestID":               "0a1b2c3d-req",
		"recipientAccountId":      "111122223333",
		"userIdentityType":        "IAMUser",
		"userIdentityArn":         "arn:aws:iam::111122223333:user/alice",
		"userIdentityPrincipalId": "AIDAEXAMPLEALICE",
		"userIdentityAccountId":   "111122223333",
		"userIdentityUserName":    "alice",
		"userIdentityInvokedBy":   nil,
		"accessKeyId":             "AKIAEXAMPLEALICE",
		"sessionIssuerUserName":   nil,
		"sessionIssuerArn":        nil,
		"mfaAuthenticated":        nil,
		"Username":                "alice",
		"raw":                     recIAMUser,
	}
	for name, v := range want {
		if got := get(w.rows[0].vals, name); !reflect.DeepEqual(got, v) {
			t.Errorf("IAMUser %s = %#v, want %#v", name, got, v)
		}
	}

	role := w.rows[1].vals
	for name, v := range map[string]any{
		"eventTime":             time.Date(2023, 8, 9, 14, 5, 0, 0, time.UTC),
		"errorCode":             "AccessDenied",
		"errorMessage":          "Access Denied",
		"readOnly":              true,
		"userIdentityType":      "AssumedRole",
		"userIdentityUserName":  nil,
		"accessKeyId":           "ASIAEXAMPLEWEB",
		"sessionIssuerUserName": "web-role",
		"sessionIssuerArn":      "arn:aws:iam::111122223333:role/web-role",
		"mfaAuthenticated":      "false",
		"Username":              "i-0abc1234def567890",
	} {
		if got := get(role, name); !reflect.DeepEqual(got, v) {
			t.Errorf("instance role %s = %#v, want %#v", name, got, v)
		}
	}

	// Username and the identity columns of the other callers.
	for i, c := range []struct {
		typ, username any
		readOnly      any
	}{
		{"IAMUser", "alice", false},
		{"AssumedRole", "i-0abc1234def567890", true},
		{"Root", "root", false},
		{"FederatedUser", "bob", true}, // readOnly given as the string "true"
		{"AWSService", nil, true},
	} {
		vals := w.rows[i].vals
		if got := get(vals, "userIdentityType"); got != c.typ {
			t.Errorf("row %d type = %v, want %v", i, got, c.typ)
		}
		if got := get(vals, "Username"); got != c.username {
			t.Errorf("row %d (%v) Username = %#v, want %#v", i, c.typ, got, c.username)
		}
		if got := get(vals, "readOnly"); got != c.readOnly {
			t.Errorf("row %d readOnly = %#v, want %#v", i, got, c.readOnly)
		}
	}
	if got := get(w.rows[2].vals, "userIdentityUserName"); got != "corp-prod" {
		t.Errorf("root userName = %#v (the account alias)", got)
	}
	if got := get(w.rows[3].vals, "mfaAuthenticated"); got != "true" {
		t.Errorf("federated mfaAuthenticated = %#v", got)
	}
	if got := get(w.rows[4].vals, "userIdentityInvokedBy"); got != "ec2.amazonaws.com" {
		t.Errorf("service invokedBy = %#v", got)
	}
}

// TestShapes reads the same records in every shape.
func TestShapes(t *testing.T) {
	one := []int64{1, 1, 1, 1, 1}
	tests := []struct {
		name   string
		format string
		text   string
		lines  []int64 // nil: check only that lines rise
	}{
		{"records", "cloudtrail-records", recordsFile(allRecords...), one},
		{"records pretty", "cloudtrail-records", indent(t, recordsFile(allRecords...)), nil},
		{"records with BOM and CRLF", "cloudtrail-records", "\xEF\xBB\xBF" + strings.ReplaceAll(indent(t, recordsFile(allRecords...)), "\n", "\r\n"), nil},
		{"records split over two objects", "cloudtrail-records", recordsFile(allRecords[:2]...) + "\n" + recordsFile(allRecords[2:]...), []int64{1, 1, 2, 2, 2}},
		{"array", "cloudtrail-array", arrayFile(allRecords...), one},
		{"array pretty", "cloudtrail-array", indent(t, arrayFile(allRecords...)), nil},
		{"jsonl", "cloudtrail-jsonl", linesFile(allRecords...), []int64{1, 2, 3, 4, 5}},
		{"jsonl with blank lines and CRLF", "cloudtrail-jsonl", "\r\n" + strings.Join(allRecords, "\r\n\r\n"), []int64{2, 4, 6, 8, 10}},
		{"concatenated objects", "cloudtrail-jsonl", strings.Join(allRecords, ""), one},
		{"pretty objects", "cloudtrail-jsonl", indent(t, recIAMUser) + "\n" + indent(t, recInstanceRole) + indent(t, recRoot) + "\n" + indent(t, recFederated) + "\n\n" + indent(t, recService), nil},
		{"lookup-events", "cloudtrail-lookup-events", lookupFile(t, allRecords...), one},
		{"lookup-events pages", "cloudtrail-lookup-events", lookupFile(t, allRecords[:3]...) + "\n" + lookupFile(t, allRecords[3:]...), []int64{1, 1, 1, 2, 2}},
		{"lookup-events pretty", "cloudtrail-lookup-events", indent(t, lookupFile(t, allRecords...)), nil},
		{"lookup-events --query Events", "cloudtrail-lookup-events", `[` + lookupEntry(t, recIAMUser, "") + "," + lookupEntry(t, recInstanceRole, "") + "," + lookupEntry(t, recRoot, "") + "," + lookupEntry(t, recFederated, "") + "," + lookupEntry(t, recService, "") + `]`, one},
		{"get-log-events", "cloudtrail-cwl-events", cwlEventsFile(false, allRecords...), one},
		{"filter-log-events pretty", "cloudtrail-cwl-events", indent(t, cwlEventsFile(true, allRecords...)), nil},
		{"cwl export", "cloudtrail-cwl-export", cwlExportFile(allRecords...), []int64{1, 2, 3, 4, 5}},
		{"cwl export CRLF", "cloudtrail-cwl-export", strings.ReplaceAll(cwlExportFile(allRecords...), "\n", "\r\n"), []int64{1, 2, 3, 4, 5}},
	}
	wantNames := []string{"StopLogging", "ListBuckets", "ConsoleLogin", "DescribeInstances", "AssumeRole"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mustParse(t, tt.format, tt.text)
			if len(w.rejects) != 0 || len(w.warns) != 0 {
				t.Fatalf("rejects %v, warns %v", w.rejects, w.warns)
			}
			if got := eventNames(w); !reflect.DeepEqual(got, wantNames) {
				t.Fatalf("eventNames = %v, want %v", got, wantNames)
			}
			textLines := strings.Split(tt.text, "\n")
			for i, r := range w.rows {
				if r.loc.Record != int64(i+1) {
					t.Errorf("row %d: Record = %d", i, r.loc.Record)
				}
				if tt.lines != nil && r.loc.Line != tt.lines[i] {
					t.Errorf("row %d: Line = %d, want %d", i, r.loc.Line, tt.lines[i])
				}
				if tt.lines == nil {
					// Pretty text: the record's line holds its opening brace.
					if l := textLines[r.loc.Line-1]; !strings.HasSuffix(strings.TrimRight(l, "\r"), "{") {
						t.Errorf("row %d: line %d is %q, not the start of an object", i, r.loc.Line, l)
					}
					if i > 0 && r.loc.Line <= w.rows[i-1].loc.Line {
						t.Errorf("row %d: line %d does not follow %d", i, r.loc.Line, w.rows[i-1].loc.Line)
					}
				}
				if got, want := get(r.vals, "raw"), compactJSON(t, allRecords[i]); got != want {
					t.Errorf("row %d: raw = %.100s…, want %.100s…", i, got, want)
				}
				if got := get(r.vals, "eventID"); got == nil {
					t.Errorf("row %d: no eventID", i)
				}
				if _, ok := get(r.vals, "eventTime").(time.Time); !ok {
					t.Errorf("row %d: eventTime = %#v", i, get(r.vals, "eventTime"))
				}
			}
		})
	}
}

// TestLookupUsername checks that the Username lookup-events gives wins over
// the derived one, which fills in when it is absent.
func TestLookupUsername(t *testing.T) {
	text := `{"Events":[` + lookupEntry(t, recIAMUser, "given-by-aws") + "," + lookupEntry(t, recInstanceRole, "") + `]}`
	w := mustParse(t, "cloudtrail-lookup-events", text)
	if len(w.rows) != 2 {
		t.Fatalf("rows %d, rejects %v", len(w.rows), w.rejects)
	}
	if got := get(w.rows[0].vals, "Username"); got != "given-by-aws" {
		t.Errorf("Username = %#v, want AWS's", got)
	}
	if got := get(w.rows[1].vals, "Username"); got != "i-0abc1234def567890" {
		t.Errorf("derived Username = %#v", got)
	}
}

// TestLookupSummaryOnly loads an entry without CloudTrailEvent from its
// summary members, with a warning.
func TestLookupSummaryOnly(t *testing.T) {
	text := `{"Events":[{"EventId":"e1","EventName":"RunInstances","ReadOnly":"false","AccessKeyId":"ASIAX","EventTime":"2021-11-18T09:41:02-08:00","EventSource":"ec2.amazonaws.com","Username":"i-0123","Resources":[]}]}`
	w := mustParse(t, "cloudtrail-lookup-events", text)
	if len(w.rows) != 1 || len(w.warns) != 1 || !strings.Contains(w.warns[0].reason, "no CloudTrailEvent") {
		t.Fatalf("rows %d, warns %v", len(w.rows), w.warns)
	}
	r := w.rows[0].vals
	for name, v := range map[string]any{
		"eventID": "e1", "eventName": "RunInstances", "eventSource": "ec2.amazonaws.com",
		"readOnly": false, "accessKeyId": "ASIAX", "Username": "i-0123",
		"eventTime": time.Date(2021, 11, 18, 17, 41, 2, 0, time.UTC),
	} {
		if got := get(r, name); !reflect.DeepEqual(got, v) {
			t.Errorf("%s = %#v, want %#v", name, got, v)
		}
	}
}

// TestLookupDecodedCloudTrailEvent accepts output where jq already turned
// CloudTrailEvent into an object.
func TestLookupDecodedCloudTrailEvent(t *testing.T) {
	text := `{"Events":[{"EventId":"x","CloudTrailEvent":` + recRoot + `}]}`
	w := mustParse(t, "cloudtrail-lookup-events", text)
	if len(w.rows) != 1 || get(w.rows[0].vals, "raw") != recRoot || get(w.rows[0].vals, "Username") != "root" {
		t.Fatalf("rows %v rejects %v", w.rows, w.rejects)
	}
}

// TestShipperTimestamp loads records a log shipper rewrote: no eventTime,
// an @timestamp in several forms.
func TestShipperTimestamp(t *testing.T) {
	base := `"eventVersion":"1.08","eventSource":"iam.amazonaws.com","eventName":"CreateUser","userIdentity":{"type":"IAMUser","userName":"mallory"}`
	tests := []struct {
		stamp string
		want  any
	}{
		{`"2024-03-08T10:11:12.123Z"`, time.Date(2024, 3, 8, 10, 11, 12, 123e6, time.UTC)},
		{`"2024-03-08T10:11:12Z"`, time.Date(2024, 3, 8, 10, 11, 12, 0, time.UTC)},
		{`"2024-03-08T11:11:12.5+01:00"`, time.Date(2024, 3, 8, 10, 11, 12, 5e8, time.UTC)},
		{`"2024-03-08T10:11:12.123456+0000"`, time.Date(2024, 3, 8, 10, 11, 12, 123456e3, time.UTC)},
		{`"2024-03-08T10:11:12"`, time.Date(2024, 3, 8, 10, 11, 12, 0, time.UTC)},
		{`1709892672123`, time.Date(2024, 3, 8, 10, 11, 12, 123e6, time.UTC)},
		{`"1709892672123"`, time.Date(2024, 3, 8, 10, 11, 12, 123e6, time.UTC)},
		{`1709892672`, time.Date(2024, 3, 8, 10, 11, 12, 0, time.UTC)},
		{`"yesterday"`, nil},
		{`-9223372036854775808`, nil},
		{`99999999999999999999`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.stamp, func(t *testing.T) {
			w := mustParse(t, "cloudtrail-jsonl", `{"@timestamp":`+tt.stamp+`,`+base+`}`)
			if len(w.rows) != 1 {
				t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
			}
			if got := get(w.rows[0].vals, "eventTime"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("eventTime = %#v, want %#v", got, tt.want)
			}
			if tt.want == nil && (len(w.warns) != 1 || !strings.Contains(w.warns[0].reason, "@timestamp")) {
				t.Errorf("warns = %v, want one about @timestamp", w.warns)
			}
			if tt.want != nil && len(w.warns) != 0 {
				t.Errorf("warns = %v", w.warns)
			}
			if got := get(w.rows[0].vals, "Username"); got != "mallory" {
				t.Errorf("Username = %#v", got)
			}
		})
	}
}

// TestNoTime loads a record without any time, with a warning.
func TestNoTime(t *testing.T) {
	w := mustParse(t, "cloudtrail-jsonl", `{"eventVersion":"1.08","eventName":"X","eventSource":"s3.amazonaws.com"}`+"\n"+
		`{"eventVersion":"1.08","eventName":"Y","eventSource":"s3.amazonaws.com","eventTime":"not a time","@timestamp":"2024-01-01T00:00:00Z"}`)
	if len(w.rows) != 2 {
		t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
	}
	if got := get(w.rows[0].vals, "eventTime"); got != nil {
		t.Errorf("eventTime = %#v, want nil", got)
	}
	if got := get(w.rows[1].vals, "eventTime"); got != time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("eventTime = %#v, want @timestamp's", got)
	}
	want := []gotNote{
		{loc(1, 1), "no eventTime: the row has no time"},
		{loc(2, 2), `eventTime "not a time" is not a time; used @timestamp`},
	}
	if !reflect.DeepEqual(w.warns, want) {
		t.Errorf("warns = %v, want %v", w.warns, want)
	}
}

// TestWrapperTime uses the CloudWatch Logs timestamp when the message has
// no time of its own.
func TestWrapperTime(t *testing.T) {
	rec := `{"eventVersion":"1.08","eventName":"X","eventSource":"s3.amazonaws.com"}`
	w := mustParse(t, "cloudtrail-cwl-events", cwlEventsFile(false, rec))
	if len(w.rows) != 1 || len(w.warns) != 0 {
		t.Fatalf("rows %d warns %v", len(w.rows), w.warns)
	}
	if got := get(w.rows[0].vals, "eventTime"); got != time.UnixMilli(1691589791000).UTC() {
		t.Errorf("eventTime = %v", got)
	}
	w = mustParse(t, "cloudtrail-cwl-export", "2024-03-08T10:11:12.123Z "+rec+"\n")
	if got := get(w.rows[0].vals, "eventTime"); got != time.Date(2024, 3, 8, 10, 11, 12, 123e6, time.UTC) {
		t.Errorf("export eventTime = %v", got)
	}
}

// TestInsight loads a CloudTrail Insights event with the records format;
// eventSource and eventName come from insightDetails as lookup-events
// shows them.
func TestInsight(t *testing.T) {
	insight := `{"eventVersion":"1.08","eventTime":"2023-08-09T17:00:00Z","awsRegion":"us-east-1","eventID":"77777777-7777-7777-7777-777777777777","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"88888888","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.01},"insight":{"average":5}}}},"eventCategory":"Insight"}`
	if !Formats[0].Sniff("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2023/08/09/x.json.gz", []byte(recordsFile(insight))) {
		t.Fatal("records format does not claim an Insights file")
	}
	for _, s := range Skips {
		if s.Match("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2023/08/09/x.json.gz", []byte(recordsFile(insight))) {
			t.Fatalf("skip %s claims an Insights file", s.Name)
		}
	}
	w := mustParse(t, "cloudtrail-records", recordsFile(insight))
	if len(w.rows) != 1 {
		t.Fatalf("rows %d rejects %v", len(w.rows), w.rejects)
	}
	for name, v := range map[string]any{
		"eventType": "AwsCloudTrailInsight", "eventCategory": "Insight",
		"eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "Username": nil,
	} {
		if got := get(w.rows[0].vals, name); got != v {
			t.Errorf("%s = %#v, want %#v", name, got, v)
		}
	}
}
