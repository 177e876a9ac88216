package msgtrace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/query"
	"github.com/cloudhunt/cloudhunt/internal/query/kql"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestIngest loads both exports through ingest, as the CLI does, and
// queries MessageTrace with KQL; EmailEvents exists and compiles.
func TestIngest(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"ps/trace.csv":       []byte(psType + psHeader + "\r\n" + psSpam + "\r\n" + psOut + "\r\n" + `"bad"` + "\r\n"),
		"eac/MTSummary.csv":  utf16LE(reportHeader + "\r\n" + reportRow + "\r\n" + reportOut + "\r\n"),
		"eac/MTExtended.csv": []byte(extendedHeader + "\n"),
	}
	for name, content := range files {
		p := filepath.Join(dir, "evidence", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := store.Open(filepath.Join(dir, "case"), caseTables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sum, err := ingest.Run(context.Background(), c, []string{filepath.Join(dir, "evidence")}, ingest.Options{Formats: Formats})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 2 || sum.Skipped != 1 || sum.Records != 5 || sum.Rejected != 1 {
		t.Fatalf("loaded %d, skipped %d, records %d, rejected %d; want 2, 1, 5, 1", sum.Loaded, sum.Skipped, sum.Records, sum.Rejected)
	}
	for _, r := range sum.Results {
		if strings.HasSuffix(r.Evidence.Path, "MTExtended.csv") && !strings.Contains(r.Evidence.Note, "extended message trace report") {
			t.Errorf("extended report: %s, note %q", r.Status, r.Evidence.Note)
		}
	}

	cases := []struct {
		name, kql string
		want      []string
	}{
		{
			name: "spam by sender",
			kql:  `MessageTrace | where Status in ("FilteredAsSpam", "Quarantined") | project SenderAddress, FromIP, RecipientAddress`,
			want: []string{"promo@Bulk-Deals.example|203.0.113.25|alice@contoso.com"},
		},
		{
			name: "recipients per message",
			kql:  `MessageTrace | summarize Recipients = dcount(RecipientAddress) by MessageTraceId, Directionality | sort by MessageTraceId asc`,
			want: []string{
				"0b6f9d4e-3333-4d2a-a000-00000000000c|Incoming|2",
				"0b6f9d4e-3333-4d2a-a000-00000000000d|Originating|1",
				"8e4c1c1a-2222-4c9e-8f00-00000000000a||1",
				"8e4c1c1a-2222-4c9e-8f00-00000000000b||1",
			},
		},
		{
			name: "raw row",
			kql:  `MessageTrace | where isnotempty(Organization) | extend Runspace = tostring(Raw.RunspaceId) | distinct Runspace`,
			want: []string{"4f6a0c2e-1111-4a0b-9c1d-000000000001"},
		},
		{
			name: "the time range",
			kql:  `MessageTrace | summarize First = min(TimeGenerated), Last = max(TimeGenerated)`,
			want: []string{"2024-03-01 10:00:00 +0000 UTC|2024-03-01 14:30:15 +0000 UTC"},
		},
		{
			name: "EmailEvents is a table",
			kql:  `EmailEvents | where ThreatTypes has "Spam" | summarize count() by SenderFromAddress, SenderIPv4`,
			want: nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			comp, err := kql.Compile(tc.kql, c, kql.Options{})
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			res, err := query.Run(context.Background(), c.DB, comp)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			var got []string
			for _, r := range res.Rows {
				var vals []string
				for _, v := range r {
					if v == nil {
						v = ""
					}
					vals = append(vals, fmt.Sprint(v))
				}
				got = append(got, strings.Join(vals, "|"))
			}
			if !strings.Contains(tc.kql, "sort") {
				sort.Strings(got)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
