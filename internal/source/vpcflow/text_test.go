package vpcflow

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

const defaultHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"

var textFmt = textFormat{}

func TestTextDefaultHeader(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+
		"2 012345678901 eni-0a1b2c3d4e5f60718 10.0.1.5 203.0.113.12 443 49152 6 10 8400 1709892672 1709892732 ACCEPT OK\n"+
		"2 unknown eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.5 51515 22 6 3 180 1709892680 1709892740 REJECT OK\n")
	checkLocs(t, w.rows, loc(2, 1), loc(3, 2))
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	checkRow(t, w.rows[0], map[string]any{
		"version":            int32(2),
		"account":            "012345678901", // leading zero kept
		"interfaceid":        "eni-0a1b2c3d4e5f60718",
		"sourceaddress":      "10.0.1.5",
		"destinationaddress": "203.0.113.12",
		"sourceport":         int32(443),
		"destinationport":    int32(49152),
		"protocol":           int32(6),
		"numpackets":         int64(10),
		"numbytes":           int64(8400),
		"starttime":          int64(1709892672),
		"endtime":            int64(1709892732),
		"action":             "ACCEPT",
		"logstatus":          "OK",
		"start_time":         unix(1709892672),
	})
	checkRow(t, w.rows[1], map[string]any{
		"version":            int32(2),
		"account":            "unknown",
		"interfaceid":        "eni-0a1b2c3d4e5f60718",
		"sourceaddress":      "198.51.100.7",
		"destinationaddress": "10.0.1.5",
		"sourceport":         int32(51515),
		"destinationport":    int32(22),
		"protocol":           int32(6),
		"numpackets":         int64(3),
		"numbytes":           int64(180),
		"starttime":          int64(1709892680),
		"endtime":            int64(1709892740),
		"action":             "REJECT",
		"logstatus":          "OK",
		"start_time":         unix(1709892680),
	})
}

func TestTextCustomOrderV5(t *testing.T) {
	header := "vpc-id srcaddr dstaddr srcport dstport protocol pkt-srcaddr pkt-dstaddr flow-direction traffic-path tcp-flags start end action log-status version region"
	w := mustParse(t, textFmt, "x.log", header+"\n"+
		"vpc-0f1e2d3c4b5a69788 10.0.2.9 52.94.133.131 40112 443 6 10.0.2.9 52.94.133.131 egress 8 19 1709892672 1709892733 ACCEPT OK 5 us-east-1\n")
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	checkLocs(t, w.rows, loc(2, 1))
	checkRow(t, w.rows[0], map[string]any{
		"vpc_id":             "vpc-0f1e2d3c4b5a69788",
		"sourceaddress":      "10.0.2.9",
		"destinationaddress": "52.94.133.131",
		"sourceport":         int32(40112),
		"destinationport":    int32(443),
		"protocol":           int32(6),
		"pkt_srcaddr":        "10.0.2.9",
		"pkt_dstaddr":        "52.94.133.131",
		"flow_direction":     "egress",
		"traffic_path":       int32(8),
		"tcp_flags":          int32(19),
		"starttime":          int64(1709892672),
		"endtime":            int64(1709892733),
		"action":             "ACCEPT",
		"logstatus":          "OK",
		"version":            int32(5),
		"region":             "us-east-1",
		"start_time":         unix(1709892672),
	})
}

// A header copied from a LogFormat string keeps its ${…}.
func TestTextDollarHeader(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", "${srcaddr} ${dstport} ${start}\n10.0.0.1 22 1709892672\n")
	checkIssues(t, "warnings", w.warns)
	checkLocs(t, w.rows, loc(2, 1))
	checkRow(t, w.rows[0], map[string]any{
		"sourceaddress": "10.0.0.1", "destinationport": int32(22),
		"starttime": int64(1709892672), "start_time": unix(1709892672),
	})
}

func TestTextVersions(t *testing.T) {
	tests := []struct {
		name, header, record string
		want                 map[string]any
	}{{
		name:   "v3",
		header: "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status",
		record: "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789012 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK",
		want: map[string]any{
			"version": int32(3), "vpc_id": "vpc-abcdefab012345678", "subnet_id": "subnet-aaaaaaaa012345678",
			"instance_id": "i-01234567890123456", "interfaceid": "eni-1235b8ca123456789", "account": "123456789012",
			"type": "IPv4", "sourceaddress": "52.213.180.42", "destinationaddress": "10.0.0.62",
			"sourceport": int32(43416), "destinationport": int32(5001), "pkt_srcaddr": "52.213.180.42",
			"pkt_dstaddr": "10.0.0.62", "protocol": int32(6), "numbytes": int64(568), "numpackets": int64(8),
			"starttime": int64(1566848875), "endtime": int64(1566848933), "action": "ACCEPT",
			"tcp_flags": int32(2), "logstatus": "OK", "start_time": unix(1566848875),
		},
	}, {
		name:   "v4",
		header: "version region az-id sublocation-type sublocation-id interface-id start",
		record: "4 us-west-2 usw2-az1 outpost op-0123456789abcdef0 eni-0abc 1709892672",
		want: map[string]any{
			"version": int32(4), "region": "us-west-2", "az_id": "usw2-az1", "sublocation_type": "outpost",
			"sublocation_id": "op-0123456789abcdef0", "interfaceid": "eni-0abc",
			"starttime": int64(1709892672), "start_time": unix(1709892672),
		},
	}, {
		name:   "v5",
		header: "pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path srcaddr start",
		record: "S3 - ingress - 52.216.1.1 1709892672",
		want: map[string]any{
			"pkt_src_aws_service": "S3", "flow_direction": "ingress", "sourceaddress": "52.216.1.1",
			"starttime": int64(1709892672), "start_time": unix(1709892672),
		},
	}, {
		name: "v7",
		header: "ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id " +
			"ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id start",
		record: "arn:aws:ecs:us-east-1:123456789012:cluster/web web arn:aws:ecs:us-east-1:123456789012:container-instance/web/0a1b " +
			"0a1b 3f4e5d - api arn:aws:ecs:us-east-1:123456789012:task-definition/api:7 " +
			"arn:aws:ecs:us-east-1:123456789012:task/web/9c8d 9c8d 1709892672",
		want: map[string]any{
			"ecs_cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/web", "ecs_cluster_name": "web",
			"ecs_container_instance_arn": "arn:aws:ecs:us-east-1:123456789012:container-instance/web/0a1b",
			"ecs_container_instance_id":  "0a1b", "ecs_container_id": "3f4e5d", "ecs_service_name": "api",
			"ecs_task_definition_arn": "arn:aws:ecs:us-east-1:123456789012:task-definition/api:7",
			"ecs_task_arn":            "arn:aws:ecs:us-east-1:123456789012:task/web/9c8d", "ecs_task_id": "9c8d",
			"starttime": int64(1709892672), "start_time": unix(1709892672),
		},
	}, {
		name:   "v8",
		header: "version interface-id action reject-reason start",
		record: "8 eni-0abc REJECT BPA 1709892672",
		want: map[string]any{
			"version": int32(8), "interfaceid": "eni-0abc", "action": "REJECT", "reject_reason": "BPA",
			"starttime": int64(1709892672), "start_time": unix(1709892672),
		},
	}, {
		name:   "later fields",
		header: "resource-id encryption-status start",
		record: "nat-0123456789abcdef0 1 1709892672",
		want: map[string]any{
			"resource_id": "nat-0123456789abcdef0", "encryption_status": int32(1),
			"starttime": int64(1709892672), "start_time": unix(1709892672),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !textFmt.Sniff("x.log", []byte(tt.header+"\n"+tt.record+"\n")) {
				t.Errorf("Sniff does not claim the file")
			}
			w := mustParse(t, textFmt, "x.log", tt.header+"\n"+tt.record+"\n")
			checkIssues(t, "rejects", w.rejects)
			checkIssues(t, "warnings", w.warns)
			checkLocs(t, w.rows, loc(2, 1))
			checkRow(t, w.rows[0], tt.want)
		})
	}
}

func TestTextNoDataSkipData(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1709892672 1709892732 - NODATA\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1709892733 1709892793 - SKIPDATA\n")
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	checkLocs(t, w.rows, loc(2, 1), loc(3, 2))
	for i, status := range []string{"NODATA", "SKIPDATA"} {
		start := int64(1709892672 + 61*i)
		checkRow(t, w.rows[i], map[string]any{
			"version": int32(2), "account": "123456789012", "interfaceid": "eni-0a1b2c3d4e5f60718",
			"starttime": start, "endtime": start + 60, "logstatus": status, "start_time": unix(start),
		})
	}
}

func TestTextIPv6(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK\n")
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, loc(2, 1))
	checkRow(t, w.rows[0], map[string]any{
		"version": int32(2), "account": "123456789012", "interfaceid": "eni-0a1b2c3d4e5f60718",
		"sourceaddress":      "2001:db8:1234:a100:8d6e:3477:df66:f105",
		"destinationaddress": "2001:db8:1234:a102:3304:8879:34cf:4071",
		"sourceport":         int32(34892), "destinationport": int32(22), "protocol": int32(6),
		"numpackets": int64(54), "numbytes": int64(8855), "starttime": int64(1477913708),
		"endtime": int64(1477913820), "action": "ACCEPT", "logstatus": "OK", "start_time": unix(1477913708),
	})
}

func TestTextUnknownHeaderField(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", "version srcaddr fancy-new-field dstport start\n"+
		"11 10.0.0.1 whatever 22 1709892672\n"+
		"11 10.0.0.2 other 23 1709892673\n")
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(1, 0), `header field "fancy-new-field" is not a known flow log field`})
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, loc(2, 1), loc(3, 2))
	checkRow(t, w.rows[1], map[string]any{
		"version": int32(11), "sourceaddress": "10.0.0.2", "destinationport": int32(23),
		"starttime": int64(1709892673), "start_time": unix(1709892673),
	})
}

func TestTextRepeatedHeaderField(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", "srcaddr srcaddr start\n10.0.0.1 10.9.9.9 1709892672\n")
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(1, 0), `field "srcaddr" appears twice`})
	checkRow(t, w.rows[0], map[string]any{
		"sourceaddress": "10.0.0.1", "starttime": int64(1709892672), "start_time": unix(1709892672),
	})
}

// Without a start field rows have no time: said once, not once per row.
func TestTextHeaderWithoutStart(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", "srcaddr dstaddr\n10.0.0.1 10.0.0.2\n10.0.0.3 10.0.0.4\n")
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(1, 0), "no start field"})
	checkLocs(t, w.rows, loc(2, 1), loc(3, 2))
	checkRow(t, w.rows[0], map[string]any{"sourceaddress": "10.0.0.1", "destinationaddress": "10.0.0.2"})
}

func TestTextStartMissingOrHuge(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", "srcaddr start\n10.0.0.1 -\n10.0.0.2 99999999999999\n")
	checkIssues(t, "warnings", w.warns,
		fakeIssue{loc(2, 1), `start is "-"`},
		fakeIssue{loc(3, 2), "after year 9999"})
	checkRow(t, w.rows[0], map[string]any{"sourceaddress": "10.0.0.1"})
	checkRow(t, w.rows[1], map[string]any{"sourceaddress": "10.0.0.2", "starttime": int64(99999999999999)})
}

const goodRecord = "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672 1709892732 ACCEPT OK"

func TestTextWrongFieldCount(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+goodRecord+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672 1709892732 ACCEPT\n"+
		goodRecord+" extra\n"+
		goodRecord+"\n")
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(3, 2), "expected 14 fields (per the header), found 13"},
		fakeIssue{loc(4, 3), "expected 14 fields (per the header), found 15"})
	checkLocs(t, w.rows, loc(2, 1), loc(5, 4))
}

func TestTextNotANumber(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 ssh 6 10 8400 1709892672 1709892732 ACCEPT OK\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 99999999999 22 6 10 8400 1709892672 1709892732 ACCEPT OK\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 22 6 -10 8400 1709892672 1709892732 ACCEPT OK\n"+
		goodRecord+"\n")
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(2, 1), `field dstport: "ssh" is not a number`},
		fakeIssue{loc(3, 2), `field srcport: "99999999999" is too large for INTEGER`},
		fakeIssue{loc(4, 3), `field packets: "-10" is not a number`})
	checkLocs(t, w.rows, loc(5, 4))
	// The rejected lines left nothing behind in the row that followed.
	if got := w.rows[0].values[columnIndex("destinationport")]; got != int32(49152) {
		t.Errorf("destinationport = %v", got)
	}
}

func TestTextInvalidUTF8(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.\xff 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 ACCEPT OK\n"+
		goodRecord+"\n")
	checkIssues(t, "rejects", w.rejects, fakeIssue{loc(2, 1), "not valid UTF-8"})
	checkLocs(t, w.rows, loc(3, 2))
}

func TestTextBlankLines(t *testing.T) {
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\r\n\r\n"+goodRecord+"\r\n   \n\t\n"+goodRecord)
	checkIssues(t, "rejects", w.rejects)
	checkLocs(t, w.rows, loc(3, 1), loc(6, 2))
	if got := w.rows[1].values[columnIndex("logstatus")]; got != "OK" { // no \r left, no final newline needed
		t.Errorf("logstatus = %q", got)
	}
}

func TestEmptyFiles(t *testing.T) {
	for _, content := range []string{"", "\n\n", " \r\n"} {
		for _, f := range Formats {
			w, err := parseWith(t, f, "x.log", content)
			if err != nil || len(w.rows) != 0 || len(w.rejects) != 0 {
				t.Errorf("%s on %q: err %v, %d rows, rejects %v", f.Name(), content, err, len(w.rows), w.rejects)
			}
		}
	}
	// A header alone (a flow log file of an idle interval) is no error either.
	for _, f := range []source.Format{textFmt, noHeaderFormat{}} {
		w, err := parseWith(t, f, "x.log", defaultHeader+"\n")
		if err != nil || len(w.rows) != 0 || len(w.rejects) != 0 {
			t.Errorf("%s on a header: err %v, %d rows, rejects %v", f.Name(), err, len(w.rows), w.rejects)
		}
	}
}

func TestTextTruncated(t *testing.T) {
	tests := []struct {
		name, content string
		rows          int
		line          string
	}{
		{"inside a line", defaultHeader + "\n" + goodRecord + "\n" + goodRecord + "\n2 1234567", 2, "stopped at line 4"},
		{"at a line end", defaultHeader + "\n" + goodRecord + "\n", 1, "stopped at line 3"},
		{"inside the header", "version account", 0, "stopped at line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &failAfter{strings.NewReader(tt.content), io.ErrUnexpectedEOF}
			w, err := parseReader(t, textFmt, "x.log.gz", []byte(tt.content), r)
			if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), tt.line) {
				t.Fatalf("err = %v, want io.ErrUnexpectedEOF at %q", err, tt.line)
			}
			if len(w.rows) != tt.rows || len(w.rejects) != 0 {
				t.Errorf("%d rows (want %d), rejects %v", len(w.rows), tt.rows, w.rejects)
			}
		})
	}
}

func TestTextLongLine(t *testing.T) {
	garbage := strings.Repeat("x", 1<<20)
	w := mustParse(t, textFmt, "x.log", defaultHeader+"\n"+goodRecord+"\n"+garbage+"\n"+goodRecord+"\n"+garbage)
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{loc(3, 2), "line is longer than 65536 bytes"},
		fakeIssue{loc(5, 4), "line is longer than 65536 bytes"})
	checkLocs(t, w.rows, loc(2, 1), loc(4, 3))
}

// repeatReader serves n bytes of c without holding them.
type repeatReader struct {
	c byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	p = p[:min(len(p), r.n)]
	for i := range p {
		p[i] = r.c
	}
	r.n -= len(p)
	return len(p), nil
}

// A huge line costs no more memory than a short one.
func TestTextLongLineMemory(t *testing.T) {
	const size = 64 << 20
	in := io.MultiReader(strings.NewReader(defaultHeader+"\n"), &repeatReader{'x', size}, strings.NewReader("\n"+goodRecord+"\n"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w, err := parseReader(t, textFmt, "x.log", []byte(defaultHeader+"\n"), in)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	checkIssues(t, "rejects", w.rejects, fakeIssue{loc(2, 1), "longer than"})
	checkLocs(t, w.rows, loc(3, 2))
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 2<<20 {
		t.Errorf("parsing a %d MB line allocated %d KB", size>>20, allocated>>10)
	}
}

// Files concatenated with zcat carry a header each, possibly different.
func TestTextConcatenatedFiles(t *testing.T) {
	w := mustParse(t, textFmt, "all.log", defaultHeader+"\n"+goodRecord+"\n"+
		defaultHeader+"\n"+goodRecord+"\n"+
		"srcaddr dstport start\n10.9.9.9 3389 1709892999\n")
	checkIssues(t, "rejects", w.rejects)
	checkIssues(t, "warnings", w.warns)
	checkLocs(t, w.rows, loc(2, 1), loc(4, 2), loc(6, 3))
	checkRow(t, w.rows[2], map[string]any{
		"sourceaddress": "10.9.9.9", "destinationport": int32(3389),
		"starttime": int64(1709892999), "start_time": unix(1709892999),
	})
}

// A first line with no known field cannot be read as a header.
func TestTextNotAHeader(t *testing.T) {
	w, err := parseWith(t, textFmt, "x.log", "hello world\n"+goodRecord+"\n")
	if err == nil || !strings.Contains(err.Error(), "not a flow log header") || len(w.rows) != 0 {
		t.Fatalf("err = %v, %d rows", err, len(w.rows))
	}
}

func TestRowErrorStopsParsing(t *testing.T) {
	boom := errors.New("disk full")
	for _, f := range Formats {
		content := map[string]string{
			"vpcflow-text":          defaultHeader + "\n" + goodRecord + "\n" + goodRecord + "\n",
			"vpcflow-cwl-export":    "2024-03-08T10:11:12.000Z " + goodRecord + "\n2024-03-08T10:11:12.000Z " + goodRecord + "\n",
			"vpcflow-cwl-events":    `{"events":[{"message":"` + goodRecord + `"},{"message":"` + goodRecord + `"}]}`,
			"vpcflow-text-noheader": goodRecord + "\n" + goodRecord + "\n",
		}[f.Name()]
		w := &fakeWriter{rowErr: boom}
		err := f.Parse(context.Background(), source.Input{Path: "x", R: strings.NewReader(content), Head: []byte(content)}, w)
		if !errors.Is(err, boom) || len(w.rows) != 1 {
			t.Errorf("%s: err = %v after %d rows, want %v after 1", f.Name(), err, len(w.rows), boom)
		}
	}
}

func TestContextCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	content := defaultHeader + "\n" + strings.Repeat(goodRecord+"\n", 2*ctxCheckLines)
	w := &fakeWriter{}
	err := textFmt.Parse(ctx, source.Input{Path: "x", R: strings.NewReader(content)}, w)
	if !errors.Is(err, context.Canceled) || len(w.rows) >= 2*ctxCheckLines {
		t.Fatalf("err = %v after %d rows", err, len(w.rows))
	}
}

func TestNoHeader(t *testing.T) {
	f := noHeaderFormat{}
	w := mustParse(t, f, "tail.txt", goodRecord+"\n"+
		"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672\n"+
		"2 123456789012 - - - - - - - - 1709892672 1709892732 - NODATA\n")
	checkIssues(t, "rejects", w.rejects, fakeIssue{loc(2, 2), "expected 14 fields (default format), found 11"})
	checkLocs(t, w.rows, loc(1, 1), loc(3, 3))
	checkRow(t, w.rows[1], map[string]any{
		"version": int32(2), "account": "123456789012", "starttime": int64(1709892672),
		"endtime": int64(1709892732), "logstatus": "NODATA", "start_time": unix(1709892672),
	})
}

func TestParseUint(t *testing.T) {
	tests := []struct {
		in   string
		max  uint64
		want uint64
		err  error
	}{
		{"0", 1<<31 - 1, 0, nil},
		{"2147483647", 1<<31 - 1, 2147483647, nil},
		{"2147483648", 1<<31 - 1, 0, errOutOfRange},
		{"9223372036854775807", 1<<63 - 1, 1<<63 - 1, nil},
		{"9223372036854775808", 1<<63 - 1, 0, errOutOfRange},
		{"99999999999999999999999", 1<<63 - 1, 0, errOutOfRange},
		{"", 100, 0, errNotNumber},
		{"+1", 100, 0, errNotNumber},
		{"1e3", 10000, 0, errNotNumber},
		{"12a", 100, 0, errNotNumber},
	}
	for _, tt := range tests {
		got, err := parseUint(tt.in, tt.max)
		if got != tt.want || err != tt.err {
			t.Errorf("parseUint(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// The field table must stay in step with Table.
func TestFieldTable(t *testing.T) {
	fields := make(map[string]bool)
	targets := make(map[string]string)
	for _, f := range flowFields {
		if fields[f.field] {
			t.Errorf("field %s listed twice", f.field)
		}
		fields[f.field] = true
		if prev, ok := targets[f.column]; ok {
			t.Errorf("fields %s and %s both fill %s", prev, f.field, f.column)
		}
		targets[f.column] = f.field
		columnIndex(f.column) // panics on a column Table lacks
	}
	for _, c := range Table.Columns {
		switch c.Name {
		case "start_time", "log_group", "log_stream":
			continue
		}
		if _, ok := targets[c.Name]; !ok {
			t.Errorf("no field fills column %s", c.Name)
		}
	}
	if len(defaultFields) != 14 || strings.Join(defaultFields, " ") != defaultHeader {
		t.Errorf("defaultFields = %v", defaultFields)
	}
	for _, f := range defaultFields {
		if !fields[f] {
			t.Errorf("default field %s not in flowFields", f)
		}
	}
}
