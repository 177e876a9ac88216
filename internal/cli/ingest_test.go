package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/cloudhunt/cloudhunt/internal/store"
)

func ctRecord(i int, name string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111122223333:user/alice","accessKeyId":"AKIAEXAMPLE"},"eventTime":"2024-03-08T10:%02d:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","eventID":"ev-%d","readOnly":false}`, i%60, name, i)
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIngestBadEvidence feeds ingest every kind of bad input the issue
// names, next to good files, through the real formats: the good records
// load, each problem is reported with its file and line or record, and the
// counts reach the summary and the manifest.
func TestIngestBadEvidence(t *testing.T) {
	ev := t.TempDir()
	ct := filepath.Join(ev, "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2024", "03", "08")
	good := `{"Records":[` + ctRecord(1, "StopLogging") + "," + ctRecord(2, "ListBuckets") + `]}`
	writeFile(t, filepath.Join(ct, "good.json.gz"), gzipBytes(t, good))

	// Truncated gzip: a big file cut in half.
	var recs []string
	for i := 0; i < 3000; i++ {
		recs = append(recs, ctRecord(100+i, "DescribeInstances"))
	}
	whole := gzipBytes(t, `{"Records":[`+strings.Join(recs, ",")+`]}`)
	writeFile(t, filepath.Join(ct, "truncated.json.gz"), whole[:len(whole)/2])

	// Invalid JSON mid-file (JSON lines), and a Records array with non-objects.
	writeFile(t, filepath.Join(ev, "lines.jsonl"), []byte(ctRecord(10, "GetObject")+"\n{\"eventName\": oops}\n"+ctRecord(11, "PutObject")+"\n"))
	writeFile(t, filepath.Join(ev, "nonobjects.json"), []byte(`{"Records":[`+ctRecord(20, "DeleteTrail")+`,"a string",42]}`))
	// Invalid UTF-8 inside a value: loaded with a warning.
	writeFile(t, filepath.Join(ev, "utf8.json"), []byte(`{"Records":[`+strings.Replace(ctRecord(30, "UpdateTrail"), "203.0.113.5", "203.0.113.5\xff\xfe", 1)+`]}`))
	// A 50 MB single line: one Records file with a huge request parameter.
	big := strings.Repeat("x", 50<<20)
	writeFile(t, filepath.Join(ev, "big.json"), []byte(`{"Records":[`+strings.Replace(ctRecord(40, "PutBucketPolicy"), `"readOnly":false`, `"readOnly":false,"requestParameters":{"policy":"`+big+`"}`, 1)+","+ctRecord(41, "GetBucketPolicy")+`]}`))
	// An empty file, an unknown file type, a digest.
	writeFile(t, filepath.Join(ev, "empty.json"), nil)
	writeFile(t, filepath.Join(ev, "notes.txt"), []byte("call the customer back on monday\n"))
	writeFile(t, filepath.Join(ev, "AWSLogs", "111122223333", "CloudTrail-Digest", "us-east-1", "d.json.gz"),
		gzipBytes(t, `{"awsAccountId":"111122223333","digestStartTime":"2024-03-08T10:00:00Z","digestEndTime":"2024-03-08T11:00:00Z","logFiles":[]}`))
	// A flow-log line with the wrong field count.
	writeFile(t, filepath.Join(ev, "flow.log"), []byte("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"+
		"2 111122223333 eni-0a 10.0.1.5 10.0.2.9 49152 443 6 10 840 1709892000 1709892060 ACCEPT OK\n"+
		"2 111122223333 eni-0a 10.0.1.5 10.0.2.9 49152 443 6 10 840 1709892000 ACCEPT OK\n"+
		"2 111122223333 eni-0a 10.0.1.5 10.0.2.9 49153 22 6 3 180 1709892000 1709892060 REJECT OK\n"))

	dir := filepath.Join(t.TempDir(), "case")
	code, out, errOut := runCLI(t, "ingest", ev, "--case", dir, "--max-issues", "50")
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"Ingested 10 files",
		// What each loaded file was recognised as.
		"    vpcflow-text                    1 files ",
		" records → vpc_flow_logs\n",
		" records → cloudtrail\n",
		"skipped         3 files",
		"rejected        4 records (not loaded); 1 warnings",
		"lines.jsonl: line 2, record 2: invalid JSON",
		"nonobjects.json: line 1, record 2: Records[1] is a string, not an object",
		"nonobjects.json: line 1, record 3: Records[2] is a number, not an object",
		"flow.log: line 3, record 2: expected 14 fields",
		"truncated.json.gz: stopped: line 1, record ",
		"gzip stream is truncated: unexpected EOF",
		"utf8.json: line 1, record 1: invalid UTF-8 replaced by U+FFFD",
		"empty.json: skipped: empty file",
		"notes.txt: skipped: unknown format",
		"d.json.gz: skipped: CloudTrail digest",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest summary lacks %q:\n%s", want, out)
		}
	}

	c, err := store.Open(dir, nil, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int64
	c.DB.QueryRow(`SELECT count(*) FROM cloudtrail WHERE eventName IN ('StopLogging','ListBuckets','GetObject','PutObject','DeleteTrail','UpdateTrail','PutBucketPolicy','GetBucketPolicy')`).Scan(&n)
	if n != 8 {
		t.Errorf("good CloudTrail records loaded: %d, want 8", n)
	}
	c.DB.QueryRow(`SELECT count(*) FROM cloudtrail WHERE eventName = 'DescribeInstances'`).Scan(&n)
	if n == 0 || n >= 3000 {
		t.Errorf("records before the truncation: %d, want some but not all 3000", n)
	}
	c.DB.QueryRow(`SELECT count(*) FROM vpc_flow_logs`).Scan(&n)
	if n != 2 {
		t.Errorf("flow records loaded: %d, want 2", n)
	}

	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m store.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var rejected, warnings int64
	for _, f := range m.Files {
		rejected += f.Rejected
		warnings += f.Warnings
		if len(f.SHA256) != 64 {
			t.Errorf("%s: sha256 %q", f.Path, f.SHA256)
		}
	}
	if len(m.Files) != 10 || rejected != 4 || warnings != 1 {
		t.Errorf("manifest: %d files, %d rejected, %d warnings; want 10, 4, 1", len(m.Files), rejected, warnings)
	}
}
