package s3access

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

func TestSniff(t *testing.T) {
	cases := []struct {
		name, head string
		want       bool
	}{
		{"an access log object", docRecord + "\n" + docRecord + "\n", true},
		{"the oldest 18 fields (the time and request line hold spaces)", strings.Join(strings.Fields(docRecord)[:21], " ") + "\n", true},
		{"a blank line first, no newline at the end", "\n" + docRecord, true},
		{"17 fields", strings.Join(strings.Fields(docRecord)[:20], " ") + "\n", false},
		{"owner is not a canonical id", strings.Replace(docRecord, owner+" awsexample", "owner awsexample", 1), false},
		{"time not bracketed", strings.Replace(docRecord, "[06/Feb/2019:00:00:38 +0000]", "2019-02-06T00:00:38Z", 1), false},
		{"the first line is cut by the head's end", docRecord[:200] + strings.Repeat("x", source.HeadSize), false},
		{"VPC flow log text", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
			"2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.1.6 443 22 6 10 8400 1709892672 1709892732 ACCEPT OK\n", false},
		{"syslog", "Mar  8 10:00:01 web01 sshd[1]: Accepted publickey for azureuser from 203.0.113.9 port 22 ssh2 [preauth] \"x\" a b c d e f g\n", false},
		{"CloudWatch Logs export line", "2024-03-08T10:00:00.000Z 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be b [06/Feb/2019:00:00:38 +0000] a b c d e f g h i j k l m n o p\n", false},
		{"Apache access log", `192.0.2.3 - - [06/Feb/2019:00:00:38 +0000] "GET / HTTP/1.1" 200 113 "-" "curl/8" a b c d e f g h i` + "\n", false},
		{"CloudTrail", `{"Records":[{"eventVersion":"1.08"}]}`, false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Formats[0].Sniff("2019-02-06-00-00-38-5A4F1C2B", []byte(c.head)); got != c.want {
				t.Errorf("Sniff = %v, want %v", got, c.want)
			}
		})
	}
}

// TestOthersDoNotClaim checks the other way: no other format of cloudhunt
// takes an access log object, whatever order the integrator puts them in.
func TestOthersDoNotClaim(t *testing.T) {
	var others []source.Format
	for _, list := range [][]source.Format{cloudtrail.Formats, vpcflow.Formats, nsgflow.Formats,
		diagnostic.Formats, laexport.Formats, linuxauth.Formats} {
		others = append(others, list...)
	}
	head := []byte(docRecord + "\n" + docRecord + "\n")
	for _, f := range others {
		if f.Sniff("logs/2019-02-06-00-00-38-5A4F1C2B", head) {
			t.Errorf("format %s claims an S3 access log", f.Name())
		}
	}
}
