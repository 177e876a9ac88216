package cwlogs

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/diagnostic"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/laexport"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/linuxauth"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/nsgflow"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
)

const (
	ctRecord   = `{"eventVersion":"1.08","userIdentity":{"type":"Root"},"eventTime":"2024-03-08T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1"}`
	flowRecord = "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 ACCEPT OK"
	exportPath = "exportedlogs/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/stream-1/000000.gz"
)

func subscription(msg string) string {
	return `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1709892672000,"message":` + jsonString(msg) + `}]}`
}

// sniffCases are files and the format that must take them when every
// format is tried in the integrator's order ("" = none).
func sniffCases(t *testing.T) []struct{ name, head, want string } {
	return []struct{ name, head, want string }{
		// Ours.
		{"get-log-events of a container log group", `{"events":[{"timestamp":1709892672000,"message":` + jsonString(eksMessage) + `,"ingestionTime":1}],"nextForwardToken":"f/1"}`, "cwl-events"},
		{"filter-log-events of API Gateway", `{"events":[{"logStreamName":"s","timestamp":1,"message":` + jsonString(apigwMessage) + `,"eventId":"1"}],"searchedLogStreams":[]}`, "cwl-events"},
		{"get-log-events with no events", `{"events":[],"nextForwardToken":"f/1","nextBackwardToken":"b/1"}`, "cwl-events"},
		{"a bare array of events", `[{"timestamp":1709892672000,"message":"hello"}]`, "cwl-events"},
		{"a subscription payload", subscription(eksMessage), "cwl-events"},
		{"subscription payloads in base64", gzipBase64(t, subscription(apigwMessage)) + "\n", "cwl-subscription-base64"},
		{"an export of a container log group", "2024-03-08T10:11:12.000Z " + eksMessage + "\n", "cwl-export"},
		{"an export of text logs", "2024-03-08T10:11:12.000Z START RequestId: 1 Version: $LATEST\n2024-03-08T10:11:13.000Z END RequestId: 1\n", "cwl-export"},
		{"an export of a syslog log group", "2024-03-08T10:00:01.000Z Mar  8 10:00:01 web01 sshd[1234]: Failed password for root from 203.0.113.9 port 22 ssh2\n" +
			"2024-03-08T10:00:02.000Z Mar  8 10:00:02 web01 sshd[1234]: Failed password for root from 203.0.113.9 port 22 ssh2\n", "cwl-export"},
		// CloudTrail's and flow logs' own, in the same shapes.
		{"get-log-events of CloudTrail", `{"events":[{"timestamp":1,"message":` + jsonString(ctRecord) + `}]}`, "cloudtrail-cwl-events"},
		{"an export of CloudTrail", "2024-03-08T10:00:00.000Z " + ctRecord + "\n", "cloudtrail-cwl-export"},
		{"get-log-events of flow logs", `{"events":[{"timestamp":1,"message":"` + flowRecord + `"}]}`, "vpcflow-cwl-events"},
		{"an export of flow logs", "2024-03-08T10:00:00.000Z " + flowRecord + "\n", "vpcflow-cwl-export"},
		{"a subscription payload of flow logs", subscription(flowRecord), "vpcflow-cwl-events"},
		// CloudTrail in shapes its formats do not read: nobody's.
		{"a subscription payload of CloudTrail", subscription(ctRecord), ""},
		{"a base64 payload of CloudTrail", gzipBase64(t, subscription(ctRecord)) + "\n", ""},
		{"a base64 payload of flow logs", gzipBase64(t, subscription(flowRecord)) + "\n", ""},
		// Other files.
		{"AWS Health describe-events", `{"events":[{"arn":"arn:aws:health:us-east-1::event/EC2/x","service":"EC2","eventTypeCode":"AWS_EC2_OPERATIONAL_ISSUE"}]}`, ""},
		{"an events array of other objects", `[{"message":"no timestamp here"}]`, ""},
		{"syslog", "Mar  8 10:00:01 web01 sshd[1234]: Invalid user admin from 203.0.113.9 port 51234\nMar  8 10:00:03 web01 sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2\n", "linux-auth"},
		{"rsyslog with offset times", "2024-03-08T10:00:01.123456+00:00 web01 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n" +
			"2024-03-08T10:00:02.123456+00:00 web01 sudo[2]: pam_unix(sudo:auth): authentication failure\n", "linux-auth"},
		{"an export line cut by the head's end", "2024-03-08T10:11:12.000Z " + strings.Repeat("x", source.HeadSize), ""},
		{"plain text", "hello world\n", ""},
	}
}

// ordered lists every format as the integrator orders them: CloudTrail and
// flow logs first, then these, then the Azure ones.
func ordered() []source.Format {
	var all []source.Format
	for _, list := range [][]source.Format{cloudtrail.Formats, vpcflow.Formats, Formats,
		nsgflow.Formats, diagnostic.Formats, laexport.Formats, linuxauth.Formats} {
		all = append(all, list...)
	}
	return all
}

func TestSniffInOrder(t *testing.T) {
	all := ordered()
	for _, c := range sniffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := ""
			for _, f := range all {
				if f.Sniff(exportPath, []byte(c.head)) {
					got = f.Name()
					break
				}
			}
			if got != c.want {
				t.Errorf("taken by %q, want %q", got, c.want)
			}
		})
	}
}

// TestSniffAlone checks each direction without relying on the order: ours
// claim only our files, and no other format claims them.
func TestSniffAlone(t *testing.T) {
	ours := map[string]bool{}
	for _, f := range Formats {
		ours[f.Name()] = true
	}
	for _, c := range sniffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, f := range ordered() {
				claims := f.Sniff(exportPath, []byte(c.head))
				switch {
				case ours[f.Name()] && claims != (f.Name() == c.want):
					t.Errorf("our format %s: Sniff = %v", f.Name(), claims)
				case !ours[f.Name()] && claims && ours[c.want]:
					t.Errorf("format %s claims our file", f.Name())
				}
			}
		})
	}
}
