package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// guardDutyCase ingests n GuardDuty findings (get-findings output) of one
// detector into a new case, open read-only.
func guardDutyCase(t *testing.T, n int) *store.Case {
	t.Helper()
	dir := t.TempDir()
	var list []any
	for i := range n {
		list = append(list, map[string]any{
			"AccountId": "111122223333", "Arn": fmt.Sprintf("arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/f%02d", i),
			"CreatedAt": "2024-03-08T10:00:00.000Z", "Id": fmt.Sprintf("f%02d", i), "Partition": "aws", "Region": "us-east-1",
			"Resource": map[string]any{"ResourceType": "Instance"}, "SchemaVersion": "2.0",
			"Service":  map[string]any{"DetectorId": "d1", "Archived": false, "Count": 1},
			"Severity": 8, "Title": "t", "Type": "Recon:EC2/PortProbeUnprotectedPort", "UpdatedAt": "2024-03-08T10:00:00.000Z",
		})
	}
	data, _ := json.Marshal(map[string]any{"Findings": list})
	p := filepath.Join(dir, "evidence", "findings.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	caseDir := filepath.Join(dir, "case")
	c, err := store.Open(caseDir, formats.Tables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), c, []string{p}, ingest.Options{Formats: formats.All(), Skips: formats.Skips(), Workers: 1})
	if err != nil || sum.Records != int64(n) || sum.Rejected > 0 {
		t.Fatalf("ingest: %v %+v", err, sum)
	}
	c.Close()
	c, err = store.Open(caseDir, formats.Tables(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// A NextToken is good for the next request with the same criteria: each
// request decodes its own criteria objects, so the token must not depend
// on where they sit in memory.
func TestListFindingsPagesWithCriteria(t *testing.T) {
	b := &Backend{Case: guardDutyCase(t, 7)}
	criteria := func() *jsonv.Object {
		v, _ := jsonv.Decode([]byte(`{"Criterion":{"severity":{"Gte":7},"service.archived":{"Eq":["false"]}}}`))
		return v.(*jsonv.Object)
	}
	var ids []any
	token := ""
	for range 5 {
		out, err := b.ListFindings(context.Background(), ListFindingsInput{DetectorId: "d1", FindingCriteria: criteria(), MaxResults: 3, NextToken: token})
		if err != nil {
			t.Fatalf("page after %d ids: %v", len(ids), err)
		}
		page, _ := out.Get("FindingIds")
		ids = append(ids, page.([]any)...)
		next, _ := out.Get("NextToken")
		if next == nil {
			break
		}
		token = next.(string)
	}
	if len(ids) != 7 || ids[0] != "f00" || ids[6] != "f06" {
		t.Errorf("ids = %v, want f00 … f06", ids)
	}
}

// An attribute path with an empty part is bad input, not a crash.
func TestFindingAttributeEmptyPart(t *testing.T) {
	b := &Backend{Case: guardDutyCase(t, 2)}
	for _, attr := range []string{"", "service.", ".type", "resource..instanceDetails"} {
		c := jsonv.NewObject().Set("Criterion", jsonv.NewObject().Set(attr, jsonv.NewObject().Set("Eq", []any{"x"})))
		out, err := b.ListFindings(context.Background(), ListFindingsInput{DetectorId: "d1", FindingCriteria: c})
		if err != nil {
			t.Errorf("criterion %q: %v", attr, err)
		} else if ids, _ := out.Get("FindingIds"); len(ids.([]any)) != 0 {
			t.Errorf("criterion %q matched %v", attr, ids)
		}
		_, err = b.GetFindings(context.Background(), GetFindingsInput{DetectorId: "d1", FindingIds: []string{"f00", "f01"},
			SortCriteria: jsonv.NewObject().Set("AttributeName", attr).Set("OrderBy", "DESC")})
		if err != nil {
			t.Errorf("sort by %q: %v", attr, err)
		}
	}
}

// An escaped character is literal, "/" included: "*" must still cross
// slashes around it.
func TestWildcardEscapedSlash(t *testing.T) {
	for _, tt := range []struct {
		pattern, s string
		want       bool
	}{
		{`a\/b`, "a/b", true},
		{`*\/prod`, "x/y/prod", true},
		{`a\/b`, "a\\b", false},
	} {
		if got := wildcard(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcard(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
