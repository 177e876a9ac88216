package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/hunt"
	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/render"
	"github.com/cloudhunt/cloudhunt/internal/sample"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// TestHuntsFindGroundTruth writes sample evidence (AWS and Azure, in every
// export shape the sample writes), ingests it and runs every hunt with its
// defaults: each must report exactly what the ground truth names (ranked
// hunts: at least that), and nothing unexplained.
func TestHuntsFindGroundTruth(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	evidence := filepath.Join(dir, "evidence")
	if _, err := sample.Generate(ctx, evidence, sample.Options{Seed: 7, Scale: 0.2}); err != nil {
		t.Fatal(err)
	}
	gt, err := sample.ReadGroundTruth(filepath.Join(evidence, sample.GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}

	c, err := store.Open(filepath.Join(dir, "case"), formats.Tables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	summary, err := ingest.Run(ctx, c, []string{filepath.Join(evidence, "aws"), filepath.Join(evidence, "azure")},
		ingest.Options{Formats: formats.All(), Skips: formats.Skips()})
	if err != nil {
		t.Fatal(err)
	}
	if summary.Rejected != 0 || summary.Failed != 0 {
		t.Fatalf("the sample is clean evidence, yet ingest rejected %d records and failed %d files", summary.Rejected, summary.Failed)
	}
	// The only warnings: syslog lines carry no year, and the Linux auth
	// logs say which year they assumed (from their folder).
	for _, res := range summary.Results {
		for _, is := range res.Evidence.Issues {
			if is.Kind != store.IssueWarning || !strings.Contains(is.Reason, "no year in the timestamps") {
				t.Errorf("%s: unexpected %s: %s", res.Evidence.Path, is.Kind, is.Reason)
			}
		}
	}
	// The CloudTrail digest file is the only file that holds nothing to load.
	if summary.Skipped != 1 {
		for _, res := range summary.Results {
			if res.Status == ingest.StatusSkipped {
				t.Logf("skipped %s: %s", res.Evidence.Path, res.Evidence.Note)
			}
		}
		t.Errorf("skipped %d files, want 1 (the digest)", summary.Skipped)
	}
	for table, want := range gt.Counts.AzureRows {
		var got int64
		c.DB.QueryRow(`SELECT count(*) FROM ` + store.QuoteIdent(table)).Scan(&got)
		if got != want {
			t.Errorf("%s holds %d rows; the sample wrote %d", table, got, want)
		}
	}
	var events, flows int64
	c.DB.QueryRow(`SELECT count(DISTINCT eventID) FROM cloudtrail`).Scan(&events)
	c.DB.QueryRow(`SELECT count(*) FROM vpc_flow_logs`).Scan(&flows)
	if events != gt.Counts.CloudTrailEvents || flows != gt.Counts.FlowRecords {
		t.Fatalf("case holds %d events and %d flow records; ground truth says %d and %d",
			events, flows, gt.Counts.CloudTrailEvents, gt.Counts.FlowRecords)
	}

	catalog, err := hunt.Builtin(formats.Tables())
	if err != nil {
		t.Fatal(err)
	}
	hunts, err := catalog.Select(hunt.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	results, err := hunt.Run(ctx, c, hunts, hunt.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		t.Run(r.Hunt.ID, func(t *testing.T) {
			if r.Hunt.ConsoleOnly() {
				if r.Status != hunt.StatusConsoleOnly {
					t.Errorf("status %s, want console only", r.Status)
				}
				return
			}
			truth, ok := gt.Hunts[r.Hunt.ID]
			if !ok {
				t.Fatalf("the sample has no ground truth for %s", r.Hunt.ID)
			}
			if r.Status != hunt.StatusFindings {
				t.Fatalf("status %s (%s %v), want findings", r.Status, r.Note, r.Err)
			}
			if strings.Join(truth.Key, ",") != strings.Join(r.Hunt.Key, ",") {
				t.Fatalf("ground truth keys %v, hunt keys %v", truth.Key, r.Hunt.Key)
			}
			found := keys(t, r, truth.Key)
			var missing, unexplained []string
			for _, want := range truth.Expect {
				if !found[want] {
					missing = append(missing, want)
				}
			}
			expected := map[string]bool{}
			for _, want := range truth.Expect {
				expected[want] = true
			}
			for got := range found {
				if !expected[got] && !truth.Ranked {
					unexplained = append(unexplained, got)
				}
			}
			sort.Strings(unexplained)
			if len(missing) > 0 || len(unexplained) > 0 {
				t.Errorf("%s: missing %v; unexplained %v (story: %s)", r.Hunt.ID, missing, unexplained, truth.Story)
			}
			if !truth.Ranked && len(r.Rows) != len(truth.Expect) {
				t.Errorf("%d rows for %d expected findings: the same finding is reported more than once", len(r.Rows), len(truth.Expect))
			}
		})
	}
}

// keys joins each finding's key column values with "|".
func keys(t *testing.T, r hunt.Result, key []string) map[string]bool {
	t.Helper()
	idx := make([]int, len(key))
	for i, k := range key {
		idx[i] = -1
		for j, col := range r.Columns {
			if col == k {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			t.Fatalf("key column %s is not among the findings' columns %v", k, r.Columns)
		}
	}
	found := map[string]bool{}
	for _, row := range r.Rows {
		parts := make([]string, len(idx))
		for i, j := range idx {
			parts[i] = fmt.Sprint(render.Text(row[j]))
		}
		found[strings.Join(parts, "|")] = true
	}
	return found
}
