package awsapi

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// A page token is the caller's text: a negative position in one is an
// invalid token, never a slice out of range.
func TestNegativePageTokens(t *testing.T) {
	t0 := time.Date(2024, 3, 8, 10, 0, 0, 0, time.UTC)
	c := caseWith(t, []ctEvent{
		{ID: "a", Name: "ListBuckets", User: "alice", Time: t0, ReadOnly: true},
		{ID: "b", Name: "ListBuckets", User: "alice", Time: t0.Add(time.Minute), ReadOnly: true},
	})
	b := &Backend{Case: c, QueriesDir: t.TempDir()}
	ctx := context.Background()

	started, err := b.StartQueryExecution(ctx, StartQueryExecutionInput{QueryString: "SELECT eventname FROM cloudtrail_logs"})
	if err != nil {
		t.Fatal(err)
	}
	idV, _ := started.Get("QueryExecutionId")
	id := idV.(string)
	for _, tok := range []string{"-1|" + id, "-5000|" + id} {
		_, err := func() (_ *jsonv.Object, err error) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("GetQueryResults panicked on token %q: %v", tok, p)
				}
			}()
			return b.GetQueryResults(ctx, GetQueryResultsInput{QueryExecutionID: id, NextToken: base64.StdEncoding.EncodeToString([]byte(tok))})
		}()
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidRequestException" {
			t.Errorf("GetQueryResults token %q: %v, want InvalidRequestException", tok, err)
		}
	}

	stream := "111122223333_CloudTrail_us-east-1"
	if out, err := b.GetLogEvents(ctx, GetLogEventsInput{LogGroupName: DefaultCloudTrailGroup, LogStreamName: stream, StartFromHead: true}); err != nil {
		t.Fatal(err)
	} else if ev, _ := out.Get("events"); len(ev.([]any)) != 2 {
		t.Fatalf("GetLogEvents: %d events, want 2", len(ev.([]any)))
	}
	for _, tok := range []string{"f/-1", "b/-1", "f/-00000000000000000000000000000000000000000000000000000003"} {
		_, err := b.GetLogEvents(ctx, GetLogEventsInput{LogGroupName: DefaultCloudTrailGroup, LogStreamName: stream, NextToken: tok})
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidParameterException" {
			t.Errorf("GetLogEvents token %q: %v, want InvalidParameterException", tok, err)
		}
	}
}

// An Athena result longer than one page is kept whole: paging through
// GetQueryResults returns every row once.
func TestAthenaResultsPastOnePage(t *testing.T) {
	t0 := time.Date(2024, 3, 8, 10, 0, 0, 0, time.UTC)
	var events []ctEvent
	for i := 0; i < 2100; i++ {
		events = append(events, ctEvent{ID: fmt.Sprintf("e%d", i), Name: "ListBuckets", User: "alice", Time: t0.Add(time.Duration(i) * time.Second), ReadOnly: true})
	}
	c := caseWith(t, events)
	b := &Backend{Case: c, QueriesDir: t.TempDir()}
	ctx := context.Background()
	started, err := b.StartQueryExecution(ctx, StartQueryExecutionInput{QueryString: "SELECT eventid FROM cloudtrail_logs"})
	if err != nil {
		t.Fatal(err)
	}
	idV, _ := started.Get("QueryExecutionId")
	id := idV.(string)
	seen := map[string]bool{}
	token, pages := "", 0
	for {
		out, err := b.GetQueryResults(ctx, GetQueryResultsInput{QueryExecutionID: id, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		rs, _ := out.Get("ResultSet")
		rows, _ := rs.(*jsonv.Object).Get("Rows")
		for i, r := range rows.([]any) {
			if pages == 1 && i == 0 {
				continue // the column labels
			}
			data, _ := r.(*jsonv.Object).Get("Data")
			v, _ := data.([]any)[0].(*jsonv.Object).Get("VarCharValue")
			if seen[v.(string)] {
				t.Fatalf("row %v returned twice", v)
			}
			seen[v.(string)] = true
		}
		next, ok := out.Get("NextToken")
		if !ok {
			break
		}
		token = next.(string)
	}
	if len(seen) != len(events) || pages != 3 {
		t.Errorf("%d rows in %d pages, want %d rows in 3", len(seen), pages, len(events))
	}
}
