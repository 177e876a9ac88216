package vpcflow

import (
	"bytes"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// Seeds shared by the fuzz targets: every format's test inputs, so each
// target also meets the other formats' shapes.
var fuzzSeeds = []string{
	"",
	"\n \r\n",
	defaultHeader + "\n" + goodRecord + "\n" + otherRecord + "\n",
	"vpc-id srcaddr dstaddr srcport dstport protocol pkt-srcaddr pkt-dstaddr flow-direction traffic-path tcp-flags start end action log-status version region\n" +
		"vpc-0f1e2d3c4b5a69788 10.0.2.9 52.94.133.131 40112 443 6 10.0.2.9 52.94.133.131 egress 8 19 1709892672 1709892733 ACCEPT OK 5 us-east-1\n",
	"${srcaddr} ${dstport} ${start}\n10.0.0.1 22 1709892672\n",
	"version srcaddr fancy-new-field dstport start\n11 10.0.0.1 whatever 22 1709892672\n",
	"srcaddr srcaddr start\n10.0.0.1 10.9.9.9 -\n10.0.0.2 10.9.9.9 99999999999999\n",
	defaultHeader + "\n2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1709892672 1709892732 - NODATA\n",
	defaultHeader + "\n2 123456789012 eni-0a1b2c3d4e5f60718 2001:db8::f105 2001:db8::4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK\n",
	defaultHeader + "\n2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 ssh 6 10 8400 1709892672 1709892732 ACCEPT OK\n",
	defaultHeader + "\n2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.\xff 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 ACCEPT OK\n",
	defaultHeader + "\n" + goodRecord + "\nsrcaddr dstport start\n10.9.9.9 3389 1709892999\n",
	goodRecord + "\n" + "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 49152 6 10 8400 1709892672\n",
	"2024-03-08T10:11:12.000Z " + goodRecord + "\n2024-03-08T10:11:20Z " + otherRecord + "\n08/03/2024 10:11:12 " + goodRecord + "\n",
	`{"events":[{"timestamp":1709892672000,"message":"` + goodRecord + `","ingestionTime":1}],"nextForwardToken":"f/1"}`,
	`{"events":[{"logStreamName":"eni-1-all","message":"` + goodRecord + `"}],"searchedLogStreams":[{"logStreamName":"eni-1-all","searchedCompletely":true}]}`,
	`{"messageType":"CONTROL_MESSAGE","logEvents":[{"message":"CWL CONTROL MESSAGE"}]}{"messageType":"DATA_MESSAGE","logGroup":"/vpc/flow","logStream":"eni-1-all","logEvents":[{"id":"1","timestamp":1,"message":"` + goodRecord + `"}]}`,
	`[{"timestamp":1,"message":"` + goodRecord + `"}]`,
	`{"events":[{"message":42},17,{"message":"2 1 eni-1 x"},{"nested":{"message":[1,{"a":[]}]}}]}`,
	`{"events":[{"message":"` + goodRecord + `"},{"message": "2 1234`,
	`{"Records":[{"eventVersion":"1.08","eventName":"RunInstances"}]}`,
}

// fuzzParse checks the invariants of one format on arbitrary input: no
// panic, rows of one typed value per column, and a sniff that does not
// panic either.
func fuzzParse(f *testing.F, format source.Format, lineFormat bool) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format.Sniff("fuzz/eni-0abc-all/000000", data)
		w, _ := parseReader(t, format, "fuzz/eni-0abc-all/000000", data, bytes.NewReader(data))
		checkInvariants(t, w, lineFormat)
	})
}

func FuzzParseText(f *testing.F)      { fuzzParse(f, textFormat{}, true) }
func FuzzParseCWLExport(f *testing.F) { fuzzParse(f, exportFormat{}, true) }
func FuzzParseCWLEvents(f *testing.F) { fuzzParse(f, eventsFormat{}, false) }
func FuzzParseNoHeader(f *testing.F)  { fuzzParse(f, noHeaderFormat{}, true) }
