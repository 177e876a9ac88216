package hunt

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestRunNoData(t *testing.T) {
	tc := newTestCase(t).flows(flow{Src: "10.0.0.1", Dst: "10.0.0.2", DstPort: 22, Action: "ACCEPT", Start: "2024-03-01 00:00:00"})
	results := tc.run(RunOptions{}, "aws-stoplogging", "aws-ssh-bruteforce")
	stop, ssh := results[0], results[1]
	if stop.Status != StatusNoData || stop.Note != "no cloudtrail in this case" {
		t.Errorf("stoplogging over a case without CloudTrail: %q (%s)", stop.Status, stop.Note)
	}
	// The query still ran, so its columns are known (a CSV header, say).
	if len(stop.Columns) == 0 || len(stop.Rows) != 0 {
		t.Errorf("no-data result: columns %v, %d rows", stop.Columns, len(stop.Rows))
	}
	if ssh.Status != StatusNoFindings {
		t.Errorf("ssh-bruteforce: %q (%s)", ssh.Status, ssh.Note)
	}
}

func TestRunDefaultWindowIsTheCaseTimeRange(t *testing.T) {
	tc := listBucketsCase(t)
	r := tc.run(RunOptions{}, "aws-listbuckets")[0]
	wantSince := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	wantUntil := time.Date(2024, 3, 1, 10, 5, 0, 0, time.UTC)
	if !r.Since.Equal(wantSince) || !r.Until.Equal(wantUntil) {
		t.Errorf("window %v – %v, want %v – %v", r.Since, r.Until, wantSince, wantUntil)
	}
}

func TestRunWindow(t *testing.T) {
	since := time.Date(2024, 3, 1, 10, 1, 0, 0, time.UTC)
	until := time.Date(2024, 3, 1, 10, 1, 30, 0, time.UTC)
	r := listBucketsCase(t).run(RunOptions{Since: &since}, "aws-listbuckets")[0]
	wantKeys(t, r, "ev-lb-2", "ev-lb-3")
	r = listBucketsCase(t).run(RunOptions{Since: &since, Until: &until}, "aws-listbuckets")[0]
	wantKeys(t, r, "ev-lb-2")
	if !r.Since.Equal(since) || !r.Until.Equal(until) {
		t.Errorf("window %v – %v", r.Since, r.Until)
	}

	tc := listBucketsCase(t)
	hunts, _ := builtin(t).Select(Filter{IDs: []string{"aws-listbuckets"}})
	tc.db.Close()
	_, err := Run(context.Background(), tc.open(), hunts, RunOptions{Since: &until, Until: &since})
	if err == nil || !strings.Contains(err.Error(), "ends") {
		t.Errorf("reversed window: %v", err)
	}
}

// User values are bound, never pasted into SQL: text that would change a
// pasted query is only ever compared as data.
func TestRunParamsAreData(t *testing.T) {
	tc := listBucketsCase(t).events(ct("ev-quote", "10:06:00", "ListBuckets", "o'brien", event{}))
	cat := builtin(t)
	hunts := []*Hunt{cat.Hunt("aws-listbuckets"), cat.Hunt("aws-keyid-activity")}
	tc.db.Close()
	c := tc.open()
	run := func(params map[string]string) []Result {
		t.Helper()
		results, err := Run(context.Background(), c, hunts, RunOptions{Params: params})
		if err != nil {
			t.Fatal(err)
		}
		return results
	}

	results := run(map[string]string{
		"session_prefix": "'; DROP TABLE cloudtrail; --",
		"error_codes":    "x') OR 1=1 --, AccessDenied",
		"key_id":         "' OR '1'='1",
	})
	wantKeys(t, results[0], "ev-lb-2", "ev-lb-3") // only the real AccessDenied matched
	wantKeys(t, results[1])

	results = run(map[string]string{"session_prefix": "o'b", "error_codes": ""})
	wantKeys(t, results[0], "ev-quote")
	results = run(map[string]string{"session_prefix": "$since", "error_codes": ""})
	wantKeys(t, results[0])

	// And the table is still there.
	results = run(nil)
	wantKeys(t, results[0], "ev-lb-1", "ev-lb-2", "ev-lb-3")
}

func TestRunRejectsBadParams(t *testing.T) {
	tc := listBucketsCase(t)
	hunts, _ := builtin(t).Select(Filter{IDs: []string{"aws-listbuckets"}})
	tc.db.Close()
	_, err := Run(context.Background(), tc.open(), hunts, RunOptions{Params: map[string]string{"min_attempts": "3"}})
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Errorf("param of an unselected hunt: %v", err)
	}
}

// A failing hunt is reported as such, and the others still run, in the
// order given.
func TestRunErrorDoesNotStopOthers(t *testing.T) {
	broken := strings.NewReplacer(
		"id: aws-test", "id: aws-broken",
		"SELECT eventID", "SELECT no_such_column",
	).Replace(goodHunt)
	cat, err := Load(fstest.MapFS{
		"aws/aws-test.yaml":   {Data: []byte(goodHunt)},
		"aws/aws-broken.yaml": {Data: []byte(broken)},
	}, testTables())
	if err != nil {
		t.Fatal(err)
	}
	tc := newTestCase(t).events(ct("ev-1", "10:00:00", "ConsoleLogin", "alice", event{}))
	tc.db.Close()
	hunts := []*Hunt{cat.Hunt("aws-test"), cat.Hunt("aws-broken"), cat.Hunt("aws-test")}
	results, err := Run(context.Background(), tc.open(), hunts, RunOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("%d results", len(results))
	}
	for i, r := range results {
		if r.Hunt != hunts[i] {
			t.Errorf("result %d is for %s, want %s", i, r.Hunt.ID, hunts[i].ID)
		}
	}
	wantKeys(t, results[0], "ev-1")
	wantKeys(t, results[2], "ev-1")
	if r := results[1]; r.Status != StatusError || r.Err == nil || !strings.Contains(r.Err.Error(), "no_such_column") {
		t.Errorf("broken hunt: %q %v", r.Status, r.Err)
	}
	if err := Failed(results); err == nil || !strings.HasPrefix(err.Error(), "aws-broken: ") {
		t.Errorf("Failed = %v", err)
	}
}

func TestRunCancelled(t *testing.T) {
	tc := listBucketsCase(t)
	hunts, _ := builtin(t).Select(Filter{Attack: []string{"T1526"}})
	tc.db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err := Run(ctx, tc.open(), hunts, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != StatusError {
			t.Errorf("%s after cancel: %q", r.Hunt.ID, r.Status)
		}
	}
}

// Every hunt runs (even over an empty case), returns its key columns, and
// leaves the names "hunt" and "attack" free: jsonl output adds them to each
// finding.
func TestEveryHuntNamesItsColumns(t *testing.T) {
	tc := newTestCase(t)
	tc.db.Close()
	hunts := builtin(t).Hunts()
	results, err := Run(context.Background(), tc.open(), hunts, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Hunt.ConsoleOnly() {
			if r.Status != StatusConsoleOnly || r.Columns != nil {
				t.Errorf("%s: %q with columns %v, want console only and none", r.Hunt.ID, r.Status, r.Columns)
			}
			continue
		}
		if r.Status != StatusNoData {
			t.Errorf("%s over an empty case: %q %v", r.Hunt.ID, r.Status, r.Err)
		}
		seen := map[string]bool{}
		for _, col := range r.Columns {
			if seen[col] || col == "hunt" || col == "attack" {
				t.Errorf("%s: column %q is repeated or reserved", r.Hunt.ID, col)
			}
			seen[col] = true
		}
		for _, k := range r.Hunt.Key {
			if !seen[k] {
				t.Errorf("%s: key column %s not among %v", r.Hunt.ID, k, r.Columns)
			}
		}
		if !r.Since.IsZero() || !r.Until.IsZero() {
			t.Errorf("%s: window %v – %v over an empty case", r.Hunt.ID, r.Since, r.Until)
		}
	}
}
