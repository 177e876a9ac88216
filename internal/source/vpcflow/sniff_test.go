package vpcflow

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// detect picks the first format that claims a file, as ingest does.
func detect(path string, head []byte) string {
	if len(head) > source.HeadSize {
		head = head[:source.HeadSize]
	}
	for _, f := range Formats {
		if f.Sniff(path, head) {
			return f.Name()
		}
	}
	return ""
}

func TestSniff(t *testing.T) {
	// A record line long enough that the head ends inside a later line.
	long := strings.Repeat(goodRecord+"\n", source.HeadSize/len(goodRecord)+10)
	tests := []struct {
		name, path, content, want string
	}{
		{"default header", "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/03/08/x.log.gz", defaultHeader + "\n" + goodRecord + "\n", "vpcflow-text"},
		{"header only", "x.log", defaultHeader + "\n", "vpcflow-text"},
		{"header without newline", "x.log", defaultHeader, "vpcflow-text"},
		{"custom header", "x.log", "vpc-id srcaddr dstaddr start\nvpc-0abc 10.0.0.1 10.0.0.2 1709892672\n", "vpcflow-text"},
		{"dollar header", "x.log", "${vpc-id} ${srcaddr}\nvpc-0abc 10.0.0.1\n", "vpcflow-text"},
		{"header with a new field", "x.log", "version srcaddr dstaddr shiny-new-field\n5 10.0.0.1 10.0.0.2 x\n", "vpcflow-text"},
		{"CRLF and BOM", "x.log", "\xef\xbb\xbf" + defaultHeader + "\r\n" + goodRecord + "\r\n", "vpcflow-text"},
		{"big file", "x.log", defaultHeader + "\n" + long, "vpcflow-text"},
		{"export", exportPath, "2024-03-08T10:11:12.000Z " + goodRecord + "\n", "vpcflow-cwl-export"},
		{"export without ms", exportPath, "2024-03-08T10:11:12Z " + goodRecord + "\n", "vpcflow-cwl-export"},
		{"get-log-events", "e.json", `{"events": [{"timestamp": 1, "message": "` + goodRecord + `", "ingestionTime": 2}]}`, "vpcflow-cwl-events"},
		{"filter-log-events", "e.json", "\n  {\n \"events\" : [ {\"logStreamName\":\"eni-1\", \"message\" : \"" + goodRecord + "\"}]}", "vpcflow-cwl-events"},
		{"subscription", "fh", `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":"1","timestamp":1,"message":"` + goodRecord + `"}]}`, "vpcflow-cwl-events"},
		{"events array", "e.json", `[{"timestamp":1,"message":"` + goodRecord + `"}]`, "vpcflow-cwl-events"},
		{"no header", "tail.txt", goodRecord + "\n", "vpcflow-text-noheader"},
		{"no header NODATA", "tail.txt", "2 123456789012 - - - - - - - - 1709892672 1709892732 - NODATA\n", "vpcflow-text-noheader"},
		{"no header, many lines", "tail.txt", long, "vpcflow-text-noheader"},

		{"empty", "x.log", "", ""},
		{"blank", "x.log", " \n\r\n\t\n", ""},
		{"cloudtrail", "ct.json", `{"Records":[{"eventVersion":"1.08","eventTime":"2024-03-08T10:11:12Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","message":"x"}]}`, ""},
		{"lookup-events", "le.json", `{"Events":[{"EventId":"1","EventName":"ConsoleLogin","CloudTrailEvent":"{\"eventVersion\":\"1.08\"}"}]}`, ""},
		{"non-flow events", "e.json", `{"events":[{"timestamp":1,"message":"START RequestId: 8f5a Version: $LATEST"}]}`, ""},
		{"prose", "notes.txt", "The quick brown fox jumps over the lazy dog.\nAnother line here.\n", ""},
		{"lower-case words", "words.txt", "alpha beta gamma\none two three\n", ""},
		{"csv export", "x.csv", "version,account-id,interface-id,srcaddr\n2,123,eni-1,10.0.0.1\n", ""},
		{"header with mismatched record", "x.log", defaultHeader + "\n2 123456789012 eni-1\n", ""},
		{"13 fields", "x.txt", "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672 1709892732 ACCEPT\n", ""},
		{"third field not an interface", "x.txt", "2 123456789012 i-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672 1709892732 ACCEPT OK\n", ""},
		{"s3 access log", "x", `79a5 bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a5 3E57 REST.GET.VERSIONING - "GET /bucket?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -` + "\n", ""},
		{"first line cut by the head", "x.log", strings.Repeat("srcaddr ", source.HeadSize/8+1), ""},
		{"bad export timestamp", exportPath, "2024-03-08 10:11:12 " + goodRecord + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detect(tt.path, []byte(tt.content)); got != tt.want {
				t.Errorf("detected %q, want %q", got, tt.want)
			}
		})
	}
}

// What a format claims, it parses without error.
func TestSniffedFilesParse(t *testing.T) {
	files := []string{
		defaultHeader + "\n" + goodRecord + "\n",
		"2024-03-08T10:11:12.000Z " + goodRecord + "\n",
		`{"events":[{"message":"` + goodRecord + `"}]}`,
		goodRecord + "\n",
	}
	for i, content := range files {
		want := Formats[i].Name()
		if got := detect("x", []byte(content)); got != want {
			t.Fatalf("file %d detected as %q, want %q", i, got, want)
		}
		w := mustParse(t, Formats[i], "x", content)
		if len(w.rows) != 1 || len(w.rejects) != 0 {
			t.Errorf("%s: %d rows, rejects %v", want, len(w.rows), w.rejects)
		}
	}
}

func TestIsTimestamp(t *testing.T) {
	for s, want := range map[string]bool{
		"2024-03-08T10:11:12.000Z":    true,
		"2024-03-08T10:11:12Z":        true,
		"2024-03-08T10:11:12.123456Z": true,
		"2024-03-08T10:11:12.Z":       false,
		"2024-03-08T10:11:12.000":     false,
		"2024-03-08 10:11:12.000Z":    false,
		"2024-03-08T10:11:12+00:00":   false,
		"Z":                           false,
		"":                            false,
	} {
		if got := isTimestamp(s); got != want {
			t.Errorf("isTimestamp(%q) = %v", s, got)
		}
	}
}
