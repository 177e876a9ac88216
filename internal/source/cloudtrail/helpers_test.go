package cloudtrail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Records used across the tests, one per kind of caller, compact as
// CloudTrail writes them.
const (
	recIAMUser = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEALICE","userName":"alice"},"eventTime":"2023-08-09T14:03:11Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.13.0 Python/3.11.4 Linux/5.15","requestParameters":{"name":"management-trail"},"responseElements":null,"requestID":"0a1b2c3d-req","eventID":"11111111-1111-1111-1111-111111111111","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"cloudtrail.us-east-1.amazonaws.com"}}`

	recInstanceRole = `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEWEB:i-0abc1234def567890","arn":"arn:aws:sts::111122223333:assumed-role/web-role/i-0abc1234def567890","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEWEB","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEWEB","arn":"arn:aws:iam::111122223333:role/web-role","accountId":"111122223333","userName":"web-role"},"attributes":{"creationDate":"2023-08-09T13:00:00Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"2023-08-09T14:05:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.50","userAgent":"[aws-cli/1.18.69]","errorCode":"AccessDenied","errorMessage":"Access Denied","requestParameters":{"Host":"s3.amazonaws.com"},"responseElements":null,"requestID":"REQ2","eventID":"22222222-2222-2222-2222-222222222222","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`

	recRoot = `{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","userName":"corp-prod"},"eventTime":"2023-08-09T15:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"Mozilla/5.0 (X11; Linux x86_64)","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"No"},"eventID":"33333333-3333-3333-3333-333333333333","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`

	recFederated = `{"eventVersion":"1.08","userIdentity":{"type":"FederatedUser","principalId":"111122223333:bob","arn":"arn:aws:sts::111122223333:federated-user/bob","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEBOB","sessionContext":{"sessionIssuer":{"type":"IAMUser","principalId":"AIDAEXAMPLEBROKER","arn":"arn:aws:iam::111122223333:user/broker","accountId":"111122223333","userName":"broker"},"attributes":{"creationDate":"2023-08-09T15:10:00Z","mfaAuthenticated":"true"}}},"eventTime":"2023-08-09T15:20:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.99","userAgent":"Boto3/1.28.0","requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"requestID":"REQ4","eventID":"44444444-4444-4444-4444-444444444444","readOnly":"true","eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`

	recService = `{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventTime":"2023-08-09T16:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"ec2.amazonaws.com","userAgent":"ec2.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/web-role","roleSessionName":"i-0abc1234def567890"},"responseElements":{"credentials":{"accessKeyId":"ASIAEXAMPLEWEB","expiration":"Aug 9, 2023, 10:00:00 PM"}},"requestID":"REQ5","eventID":"55555555-5555-5555-5555-555555555555","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/web-role"}],"eventType":"AwsServiceEvent","managementEvent":true,"recipientAccountId":"111122223333","sharedEventID":"66666666-6666-6666-6666-666666666666","eventCategory":"Management"}`
)

// allRecords in the order the shape tests write them.
var allRecords = []string{recIAMUser, recInstanceRole, recRoot, recFederated, recService}

// gotRow is one row a parser wrote.
type gotRow struct {
	loc  source.Location
	vals []any
}

// gotNote is one reject or warning.
type gotNote struct {
	loc    source.Location
	reason string
}

// fakeWriter records what a parser reports and checks each row's shape.
type fakeWriter struct {
	t       testing.TB
	rows    []gotRow
	rejects []gotNote
	warns   []gotNote
	keep    bool // keep rows (false: count only, for big inputs)
	nrows   int64
}

func newWriter(t testing.TB) *fakeWriter { return &fakeWriter{t: t, keep: true} }

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.t.Helper()
	if err := checkRow(values); err != nil {
		w.t.Errorf("%v: %v", loc, err)
	}
	w.nrows++
	if w.keep {
		w.rows = append(w.rows, gotRow{loc, append([]any(nil), values...)})
	}
	return nil
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, gotNote{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, gotNote{loc, reason})
}

// checkRow checks what every row must satisfy whatever the input: one value
// per column, of the column's Go type, valid UTF-8 text, raw valid JSON.
func checkRow(values []any) error {
	if len(values) != len(Table.Columns) {
		return fmt.Errorf("row has %d values, table has %d columns", len(values), len(Table.Columns))
	}
	for i, v := range values {
		col := Table.Columns[i]
		if v == nil {
			if col.Name == "raw" {
				return fmt.Errorf("raw is nil")
			}
			continue
		}
		switch col.Type {
		case "TIMESTAMP":
			t, ok := v.(time.Time)
			if !ok {
				return fmt.Errorf("%s is %T, want time.Time", col.Name, v)
			}
			if t.Location() != time.UTC {
				return fmt.Errorf("%s is not UTC: %v", col.Name, t)
			}
		case "BOOLEAN":
			if _, ok := v.(bool); !ok {
				return fmt.Errorf("%s is %T, want bool", col.Name, v)
			}
		case "VARCHAR", "JSON":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s is %T, want string", col.Name, v)
			}
			if !utf8.ValidString(s) {
				return fmt.Errorf("%s is not valid UTF-8: %q", col.Name, s)
			}
			if col.Type == "JSON" && !json.Valid([]byte(s)) {
				return fmt.Errorf("%s is not valid JSON: %q", col.Name, clip(s, 200))
			}
			if col.Type == "JSON" && hasLoneSurrogate(s) {
				return fmt.Errorf("%s has half a surrogate pair, which DuckDB refuses: %q", col.Name, clip(s, 200))
			}
		default:
			return fmt.Errorf("column %s has type %s the test does not know", col.Name, col.Type)
		}
	}
	return nil
}

// get returns a row's value by column name.
func get(vals []any, name string) any {
	for i, c := range Table.Columns {
		if c.Name == name {
			return vals[i]
		}
	}
	panic("no column " + name)
}

// formatNamed returns the format with the given name.
func formatNamed(t testing.TB, name string) *format {
	t.Helper()
	for _, f := range Formats {
		if f.Name() == name {
			return f.(*format)
		}
	}
	t.Fatalf("no format %q", name)
	return nil
}

// parseString runs a format over text and returns what it reported.
func parseString(t testing.TB, name, text string) (*fakeWriter, error) {
	t.Helper()
	return parseReader(t, name, strings.NewReader(text))
}

func parseReader(t testing.TB, name string, r io.Reader) (*fakeWriter, error) {
	t.Helper()
	w := newWriter(t)
	f := formatNamed(t, name)
	records, err := f.parse(context.Background(), source.Input{Path: "test.json", R: r}, w)
	if int64(len(w.rows)+len(w.rejects)) < records {
		t.Errorf("%d records seen but only %d rows and %d rejects", records, len(w.rows), len(w.rejects))
	}
	return w, err
}

// mustParse is parseString for input that must parse without error.
func mustParse(t testing.TB, name, text string) *fakeWriter {
	t.Helper()
	w, err := parseString(t, name, text)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// compactJSON is the compact form of a JSON text, the way raw should be.
func compactJSON(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("compact: %v", err)
	}
	return b.String()
}

// eventNames lists the eventName of each row.
func eventNames(w *fakeWriter) []string {
	var names []string
	for _, r := range w.rows {
		n, _ := get(r.vals, "eventName").(string)
		names = append(names, n)
	}
	return names
}

// errReader returns err once its data is read: a stream that breaks.
type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// loc is a Location for a line and record.
func loc(line, record int64) source.Location { return source.Location{Line: line, Record: record} }

// hasLoneSurrogate reports whether valid JSON text holds a \uXXXX escape of
// half a UTF-16 surrogate pair.
func hasLoneSurrogate(s string) bool {
	code := func(i int) int64 { // the escape \uXXXX at s[i], or -1
		if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
			return -1
		}
		n, err := strconv.ParseInt(s[i+2:i+6], 16, 32)
		if err != nil {
			return -1
		}
		return n
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		c := code(i)
		switch {
		case c < 0:
			i++ // a short escape: skip the escaped byte
		case c >= 0xD800 && c <= 0xDBFF:
			if low := code(i + 6); low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 11
		case c >= 0xDC00 && c <= 0xDFFF:
			return true
		default:
			i += 5
		}
	}
	return false
}

// TableRow: these formats fill one table, so a row for another is a bug.
func (w *fakeWriter) TableRow(t *source.Table, loc source.Location, values []any) error {
	if t != Table {
		return fmt.Errorf("row for table %s, want %s", t.Name, Table.Name)
	}
	return w.Row(loc, values)
}
