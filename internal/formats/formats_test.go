package formats

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// In the order ingest tries them, each format's own test files are claimed
// first by that format: no earlier, more general format takes them.
func TestSniffOrder(t *testing.T) {
	cases := []struct{ file, want string }{
		{"../source/awsconfig/testdata/config-history-api.json", "aws-config-items"},
		{"../source/awsconfig/testdata/config-history-s3.json", "aws-config-items"},
		{"../source/awsconfig/testdata/config-select.json", "aws-config-select"},
		{"../source/awsconfig/testdata/describe-instances.json", "aws-ec2-describe-instances"},
		{"../source/awsconfig/testdata/describe-security-groups.json", "aws-ec2-describe-security-groups"},
		{"../source/awsconfig/testdata/describe-alarms.json", "aws-cloudwatch-describe-alarms"},
	}
	names := map[string]bool{}
	for _, f := range All() {
		if names[f.Name()] {
			t.Errorf("two formats are named %s", f.Name())
		}
		names[f.Name()] = true
	}
	for _, tc := range cases {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		head := data
		if len(head) > source.HeadSize {
			head = head[:source.HeadSize]
		}
		got := ""
		for _, f := range All() {
			if f.Sniff(filepath.Base(tc.file), head) {
				got = f.Name()
				break
			}
		}
		if got != tc.want {
			t.Errorf("%s: first claimed by %q, want %s", tc.file, got, tc.want)
		}
	}
}
