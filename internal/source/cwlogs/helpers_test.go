package cwlogs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// fakeWriter records what a parser reports.
type fakeWriter struct {
	rows    []fakeRow
	rejects []fakeIssue
	warns   []fakeIssue
}

type fakeRow struct {
	loc    source.Location
	values []any
}

type fakeIssue struct {
	loc    source.Location
	reason string
}

func (w *fakeWriter) Row(loc source.Location, values []any) error {
	w.rows = append(w.rows, fakeRow{loc, append([]any(nil), values...)}) // values is only borrowed
	return nil
}

func (w *fakeWriter) TableRow(*source.Table, source.Location, []any) error {
	panic("cwlogs writes its own table only")
}

func (w *fakeWriter) Reject(loc source.Location, reason string) {
	w.rejects = append(w.rejects, fakeIssue{loc, reason})
}

func (w *fakeWriter) Warn(loc source.Location, reason string) {
	w.warns = append(w.warns, fakeIssue{loc, reason})
}

// parseWith runs format f over content as ingest does.
func parseWith(t testing.TB, f source.Format, path, content string) (*fakeWriter, error) {
	t.Helper()
	head := []byte(content)
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	w := &fakeWriter{}
	err := f.Parse(context.Background(), source.Input{Path: path, R: strings.NewReader(content), Head: head}, w)
	return w, err
}

func mustParse(t *testing.T, f source.Format, path, content string) *fakeWriter {
	t.Helper()
	w, err := parseWith(t, f, path, content)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return w
}

// checkRow compares a row with want column by column; a column missing
// from want must be NULL. Values must have the exact Go type.
func checkRow(t *testing.T, r fakeRow, want map[string]any) {
	t.Helper()
	for name := range want {
		if Table.ColumnIndex(name) < 0 {
			t.Fatalf("test names unknown column %q", name)
		}
	}
	if len(r.values) != len(Table.Columns) {
		t.Fatalf("row has %d values, want %d", len(r.values), len(Table.Columns))
	}
	for i, c := range Table.Columns {
		got, exp := r.values[i], want[c.Name]
		if wt, ok := exp.(time.Time); ok {
			gt, ok := got.(time.Time)
			if !ok || !gt.Equal(wt) || gt.Location() != time.UTC {
				t.Errorf("row at %v: %s = %#v, want %v (UTC)", r.loc, c.Name, got, wt)
			}
			continue
		}
		if got != exp {
			t.Errorf("row at %v: %s = %#v (%T), want %#v (%T)", r.loc, c.Name, got, got, exp, exp)
		}
	}
}

func checkIssues(t *testing.T, kind string, got []fakeIssue, want ...fakeIssue) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d %s, want %d: %v", len(got), kind, len(want), got)
	}
	for i := range want {
		if got[i].loc != want[i].loc || !strings.Contains(got[i].reason, want[i].reason) {
			t.Errorf("%s %d = %v %q, want %v with %q", kind, i, got[i].loc, got[i].reason, want[i].loc, want[i].reason)
		}
	}
}

// gzipBase64 encodes a payload as a subscriber receives it.
func gzipBase64(t testing.TB, payload string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(payload))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func ms(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Sample messages.
const (
	eksMessage = `{"log":"2024-03-08T10:11:12Z Incoming HTTP/1.1 GET /api/v1/appdeploymentfromfile request from 203.0.113.9","stream":"stdout",` +
		`"kubernetes":{"pod_name":"kubernetes-dashboard-7b9c6d9f5-x2x4q","namespace_name":"kubernetes-dashboard","pod_id":"0d6f2d8c",` +
		`"host":"ip-10-0-1-5.ec2.internal","container_name":"kubernetes-dashboard","docker_id":"abc123",` +
		`"container_image":"kubernetesui/dashboard:v2.7.0"}}`
	apigwMessage = `{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"198.51.100.7","sourceIp":"203.0.113.9","caller":"-","user":"-",` +
		`"requestTime":"08/Mar/2024:10:11:12 +0000","httpMethod":"GET","resourcePath":"/{proxy+}","path":"/../../etc/passwd","status":"500",` +
		`"protocol":"HTTP/1.1","responseLength":"36","integrationErrorMessage":"open /srv/../../etc/passwd: No such file or directory","userAgent":"ffuf/2.1.0"}`
)
