package cloudtrail

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// sniffCases are heads and the one format that must claim each ("" for
// none).
func sniffCases(t testing.TB) []struct{ name, head, want string } {
	pretty := indent(t, recordsFile(allRecords...))
	return []struct{ name, head, want string }{
		{"records", recordsFile(allRecords...), "cloudtrail-records"},
		{"records pretty", pretty, "cloudtrail-records"},
		{"records with BOM", "\xEF\xBB\xBF" + recordsFile(recRoot), "cloudtrail-records"},
		{"records cut by the head size", recordsFile(allRecords...)[:300], "cloudtrail-records"},
		{"records empty", `{"Records":[]}`, "cloudtrail-records"},
		{"array", arrayFile(allRecords...), "cloudtrail-array"},
		{"array pretty", indent(t, arrayFile(allRecords...)), "cloudtrail-array"},
		{"array cut inside the first record", arrayFile(allRecords...)[:120], "cloudtrail-array"},
		{"jsonl", linesFile(allRecords...), "cloudtrail-jsonl"},
		{"one pretty object", indent(t, recRoot), "cloudtrail-jsonl"},
		{"shipper record", `{"@timestamp":"2024-03-08T10:11:12Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`, "cloudtrail-jsonl"},
		{"lookup-events", lookupFile(t, allRecords...), "cloudtrail-lookup-events"},
		{"lookup-events pretty", indent(t, lookupFile(t, allRecords...)), "cloudtrail-lookup-events"},
		{"lookup-events empty", `{"Events":[],"NextToken":"x"}`, "cloudtrail-lookup-events"},
		{"lookup-events --query Events", "[" + lookupEntry(t, recRoot, "root") + "]", "cloudtrail-lookup-events"},
		{"get-log-events", cwlEventsFile(false, allRecords...), "cloudtrail-cwl-events"},
		{"filter-log-events pretty", indent(t, cwlEventsFile(true, allRecords...)), "cloudtrail-cwl-events"},
		{"get-log-events cut inside the first message", cwlEventsFile(false, allRecords...)[:200], "cloudtrail-cwl-events"},
		{"cwl export", cwlExportFile(allRecords...), "cloudtrail-cwl-export"},
		{"cwl export offset time", "2024-03-08T10:11:12+00:00 " + recRoot + "\n", "cloudtrail-cwl-export"},

		// Not CloudTrail.
		{"empty", "", ""},
		{"blank", " \n\t\n", ""},
		{"vpc flow log line", "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK\n", ""},
		{"vpc flow log header", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK\n", ""},
		{"vpc flow log cwl export", "2024-03-08T10:11:12.000Z 2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK\n", ""},
		{"vpc flow log get-log-events", `{"events":[{"timestamp":1,"message":"2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK","ingestionTime":2}]}`, ""},
		{"other JSON log events", `{"events":[{"timestamp":1,"message":"{\"level\":\"info\",\"msg\":\"hi\"}"}]}`, ""},
		{"random text", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", ""},
		{"binary", "\x1f\x8b\x08\x00\x00\x00\x00\x00", ""},
		{"other JSON object", `{"Reservations":[{"Instances":[]}]}`, ""},
		{"other JSON lines", `{"level":"info","msg":"started"}` + "\n", ""},
		{"rds describe-events", `{"Events":[{"SourceIdentifier":"db1","SourceType":"db-instance","Message":"backup","EventCategories":["backup"],"Date":"2024-01-01T00:00:00Z"}]}`, ""},
		{"empty array", "[]", ""},
		{"array of numbers", "[1,2,3]", ""},
		{"digest", `{"awsAccountId":"111122223333","digestStartTime":"2023-08-09T13:00:00Z","digestEndTime":"2023-08-09T14:00:00Z","digestS3Bucket":"b","digestS3Object":"o","newestEventTime":"2023-08-09T13:59:59Z","logFiles":[]}`, ""},
	}
}

// TestSniff checks that each head is claimed by exactly the right format.
func TestSniff(t *testing.T) {
	for _, c := range sniffCases(t) {
		var claimed []string
		for _, f := range Formats {
			if f.Sniff("evidence/file.json", []byte(c.head)) {
				claimed = append(claimed, f.Name())
			}
		}
		want := []string{c.want}
		if c.want == "" {
			want = nil
		}
		if strings.Join(claimed, ",") != strings.Join(want, ",") {
			t.Errorf("%s: claimed by %v, want %v", c.name, claimed, want)
		}
	}
}

// TestSniffedParses checks that what a format claims, it reads.
func TestSniffedParses(t *testing.T) {
	for _, c := range sniffCases(t) {
		if c.want == "" || strings.Contains(c.name, "cut") {
			continue
		}
		w := mustParse(t, c.want, c.head)
		if len(w.rejects) != 0 {
			t.Errorf("%s: rejects %v", c.name, w.rejects)
		}
		if len(w.rows) == 0 && !strings.Contains(c.name, "empty") {
			t.Errorf("%s: no rows", c.name)
		}
	}
}

// TestFormatsList pins the names and order of the formats.
func TestFormatsList(t *testing.T) {
	var names []string
	for _, f := range Formats {
		names = append(names, f.Name())
		if f.Table() != Table {
			t.Errorf("%s fills %v", f.Name(), f.Table().Name)
		}
	}
	want := "cloudtrail-records,cloudtrail-array,cloudtrail-lookup-events,cloudtrail-cwl-events,cloudtrail-cwl-export,cloudtrail-jsonl"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("formats = %s", got)
	}
	var _ source.Format = (*format)(nil)
}

// TestSkips recognises digest files by folder or content, and nothing else.
func TestSkips(t *testing.T) {
	if len(Skips) != 1 {
		t.Fatalf("%d skips", len(Skips))
	}
	skip := Skips[0]
	if !strings.Contains(skip.Reason, "digest") || !strings.Contains(skip.Reason, "no events") {
		t.Errorf("reason %q", skip.Reason)
	}
	digest := `{"awsAccountId":"111122223333","digestStartTime":"2023-08-09T13:00:00Z","digestEndTime":"2023-08-09T14:00:00Z"}`
	tests := []struct {
		path, head string
		want       bool
	}{
		{"bucket/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/08/09/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20230809T140000Z.json.gz", "", true},
		{`C:\evidence\AWSLogs\o-abc123\111122223333\CloudTrail-Digest\us-east-1\x.json.gz`, "", true},
		{"renamed.json", digest, true},
		{"renamed.json", indent(t, digest), true},
		{"bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2023/08/09/x.json.gz", recordsFile(recRoot), false},
		{"bucket/AWSLogs/o-abc123/111122223333/CloudTrail-Insight/us-east-1/2023/08/09/x.json.gz", recordsFile(recRoot), false},
		{"x.jsonl", linesFile(recRoot), false},
		{"x.log", "", false},
	}
	for _, tt := range tests {
		if got := skip.Match(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Match(%s, %.40q) = %v", tt.path, tt.head, got)
		}
	}
}
