package awsconfig

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// fuzzSeeds are every sample and the odd shapes of the tests, so each
// target also meets the other formats' files.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "{}", "[]", "{\"Results\":[42,\"{\",\"[1]\",\"{}\"]}",
		"{\"configurationItems\":[{\"configuration\":{\"a\":1},\"tags\":[{\"key\":\"k\",\"value\":1}],\"relationships\":[{\"name\":\"n\"},3]}]}",
		"{\"Reservations\":[\"r\",{\"Instances\":[[1],{\"InstanceId\":1}],\"OwnerId\":{}}]}",
		"{\"SecurityGroups\":[{\"IpPermissions\":[{\"FromPort\":1e99,\"IpRanges\":[{\"CidrIp\":5}]}]}]}",
		"{\"MetricAlarms\":[{\"AlarmName\":\"a]}\\\"{[\"}, 7]}{\"CompositeAlarms\":{}}",
		"{\"MetricAlarms\": [{\"AlarmName\": \"\xff\"}]}",
		"\xEF\xBB\xBF{\"SecurityGroups\": []}",
	} {
		f.Add([]byte(s))
	}
}

// fuzzFormat checks one format on arbitrary input: no panic, rows of one
// typed value per column, JSON columns valid, raw an object.
func fuzzFormat(f *testing.F, name string) {
	fuzzSeeds(f)
	format := formatNamed(f, name)
	f.Fuzz(func(t *testing.T, data []byte) {
		format.Sniff("x.json", data)
		w, _ := parseFormat(t, format, data, bytes.NewReader(data))
		checkInvariants(t, w)
		for _, r := range w.rows {
			if i := r.table.ColumnIndex("raw"); i >= 0 {
				v, err := jsonv.Decode([]byte(r.values[i].(string)))
				if _, ok := v.(*jsonv.Object); err != nil || !ok {
					t.Fatalf("raw %q: %v", r.values[i], err)
				}
			}
		}
	})
}

func FuzzConfigItems(f *testing.F)    { fuzzFormat(f, "aws-config-items") }
func FuzzConfigSelect(f *testing.F)   { fuzzFormat(f, "aws-config-select") }
func FuzzInstances(f *testing.F)      { fuzzFormat(f, "aws-ec2-describe-instances") }
func FuzzSecurityGroups(f *testing.F) { fuzzFormat(f, "aws-ec2-describe-security-groups") }
func FuzzAlarms(f *testing.F)         { fuzzFormat(f, "aws-cloudwatch-describe-alarms") }
