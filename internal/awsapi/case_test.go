package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// ctEvent is a CloudTrail record for test evidence.
type ctEvent struct {
	ID, Name, User, Region, Key, Category string
	Time                                  time.Time
	ReadOnly                              bool
	Resources                             []map[string]string
	ErrorCode                             string
}

func (e ctEvent) record() map[string]any {
	identity := map[string]any{"type": "IAMUser", "userName": e.User, "arn": "arn:aws:iam::111122223333:user/" + e.User, "accountId": "111122223333"}
	if len(e.User) > 2 && e.User[:2] == "i-" {
		identity = map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/web/" + e.User,
			"principalId": "AROAEXAMPLE:" + e.User, "accountId": "111122223333",
			"sessionContext": map[string]any{"sessionIssuer": map[string]any{"type": "Role", "userName": "web"}}}
	}
	if e.Key != "" {
		identity["accessKeyId"] = e.Key
	}
	region := e.Region
	if region == "" {
		region = "us-east-1"
	}
	r := map[string]any{
		"eventVersion": "1.08", "userIdentity": identity, "eventTime": e.Time.UTC().Format(time.RFC3339),
		"eventSource": "s3.amazonaws.com", "eventName": e.Name, "awsRegion": region, "sourceIPAddress": "203.0.113.7",
		"userAgent": "aws-cli/2.9.19", "requestParameters": nil, "responseElements": nil, "eventID": e.ID,
		"readOnly": e.ReadOnly, "eventType": "AwsApiCall", "managementEvent": e.Category != "Data",
		"recipientAccountId": "111122223333", "eventCategory": orDefault(e.Category, "Management"),
	}
	if e.ErrorCode != "" {
		r["errorCode"] = e.ErrorCode
	}
	if e.Resources != nil {
		r["resources"] = e.Resources
	}
	return r
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// caseWith ingests events (written as one S3-layout CloudTrail file per
// slice) into a new case and returns it open read-only.
func caseWith(t *testing.T, files ...[]ctEvent) *store.Case {
	t.Helper()
	dir := t.TempDir()
	evidence := filepath.Join(dir, "evidence")
	var paths []string
	for i, events := range files {
		var records []any
		for _, e := range events {
			records = append(records, e.record())
		}
		data, _ := json.Marshal(map[string]any{"Records": records})
		p := filepath.Join(evidence, fmt.Sprintf("111122223333_CloudTrail_us-east-1_20240308T0000Z_%04d.json", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	caseDir := filepath.Join(dir, "case")
	c, err := store.Open(caseDir, formats.Tables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), c, paths, ingest.Options{Formats: formats.All(), Skips: formats.Skips(), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected > 0 {
		t.Fatalf("test evidence rejected: %+v", sum)
	}
	c.Close()
	c, err = store.Open(caseDir, formats.Tables(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
