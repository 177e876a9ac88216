package awsapi

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

var t0 = time.Date(2024, 3, 8, 12, 0, 0, 0, time.UTC)

func eventIDs(t *testing.T, out *jsonv.Object) []string {
	t.Helper()
	v, _ := out.Get("Events")
	var ids []string
	for _, e := range v.([]any) {
		id, _ := e.(*jsonv.Object).Get("EventId")
		ids = append(ids, id.(string))
	}
	return ids
}

func TestLookupEvents(t *testing.T) {
	var events []ctEvent
	for i := 0; i < 7; i++ {
		events = append(events, ctEvent{ID: fmt.Sprintf("e%d", i), Name: "ListBuckets", User: "alice", Time: t0.Add(time.Duration(i) * time.Minute), ReadOnly: true, Key: "AKIAALICE"})
	}
	events = append(events,
		ctEvent{ID: "inst", Name: "ListBuckets", User: "i-0abc", Time: t0.Add(time.Hour), ReadOnly: true, Key: "ASIAINST"},
		ctEvent{ID: "create", Name: "CreateBucket", User: "bob", Time: t0.Add(2 * time.Hour), Resources: []map[string]string{{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::loot"}}},
		ctEvent{ID: "data", Name: "GetObject", User: "bob", Time: t0.Add(3 * time.Hour), Category: "Data", ReadOnly: true},
		ctEvent{ID: "west", Name: "ListBuckets", User: "carol", Region: "us-west-2", Time: t0.Add(4 * time.Hour), ReadOnly: true},
		ctEvent{ID: "old", Name: "ListBuckets", User: "alice", Time: t0.Add(-100 * 24 * time.Hour), ReadOnly: true},
	)
	// The same delivery exported twice: each event must come back once.
	c := caseWith(t, events, events[:3])
	ctx := context.Background()
	b := &Backend{Case: c}

	byName := []LookupAttribute{{Key: "EventName", Value: "ListBuckets"}}
	out, err := b.LookupEvents(ctx, LookupEventsInput{LookupAttributes: byName})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first; the data event never; the event older than 90 days
	// before the newest one is outside the window.
	want := []string{"west", "inst", "e6", "e5", "e4", "e3", "e2", "e1", "e0"}
	if got := eventIDs(t, out); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ListBuckets = %v, want %v", got, want)
	}

	// Paging: 4 per page, tokens chain, the last page has no token.
	var paged []string
	in := LookupEventsInput{LookupAttributes: byName, MaxResults: 4}
	for pages := 0; ; pages++ {
		out, err := b.LookupEvents(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, eventIDs(t, out)...)
		tok, ok := out.Get("NextToken")
		if !ok {
			break
		}
		in.NextToken = tok.(string)
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if fmt.Sprint(paged) != fmt.Sprint(want) {
		t.Errorf("paged = %v, want %v", paged, want)
	}
	// A token is only good for the request it came from.
	_, err = b.LookupEvents(ctx, LookupEventsInput{LookupAttributes: []LookupAttribute{{Key: "EventName", Value: "CreateBucket"}}, MaxResults: 4, NextToken: in.NextToken})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidNextTokenException" {
		t.Errorf("foreign token: %v", err)
	}

	// Region scoping, like the service's regional endpoint.
	west := &Backend{Case: c, Region: "us-west-2"}
	out, _ = west.LookupEvents(ctx, LookupEventsInput{LookupAttributes: byName})
	if got := eventIDs(t, out); fmt.Sprint(got) != "[west]" {
		t.Errorf("us-west-2 = %v", got)
	}

	cases := []struct {
		attr LookupAttribute
		want string
	}{
		{LookupAttribute{"Username", "i-0abc"}, "[inst]"},
		{LookupAttribute{"AccessKeyId", "ASIAINST"}, "[inst]"},
		{LookupAttribute{"EventId", "create"}, "[create]"},
		{LookupAttribute{"ReadOnly", "false"}, "[create]"},
		{LookupAttribute{"ResourceType", "AWS::S3::Bucket"}, "[create]"},
		{LookupAttribute{"ResourceName", "arn:aws:s3:::loot"}, "[create]"},
		{LookupAttribute{"EventSource", "ec2.amazonaws.com"}, "[]"},
	}
	for _, tc := range cases {
		out, err := b.LookupEvents(ctx, LookupEventsInput{LookupAttributes: []LookupAttribute{tc.attr}})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(eventIDs(t, out)); got != tc.want {
			t.Errorf("%s=%s: %s, want %s", tc.attr.Key, tc.attr.Value, got, tc.want)
		}
	}

	// The event's members, in the service's order, ReadOnly a string,
	// CloudTrailEvent the compact record.
	out, _ = b.LookupEvents(ctx, LookupEventsInput{LookupAttributes: []LookupAttribute{{"EventId", "create"}}})
	ev := out.Keys
	if fmt.Sprint(ev) != "[Events]" {
		t.Errorf("keys %v", ev)
	}
	list, _ := out.Get("Events")
	e := list.([]any)[0].(*jsonv.Object)
	if got := fmt.Sprint(e.Keys); got != "[EventId EventName ReadOnly EventTime EventSource Username Resources CloudTrailEvent]" {
		t.Errorf("event members %s", got)
	}
	if v, _ := e.Get("ReadOnly"); v != "false" {
		t.Errorf("ReadOnly = %#v", v)
	}
	if v, _ := e.Get("EventTime"); !v.(time.Time).Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("EventTime = %v", v)
	}
	res, _ := e.Get("Resources")
	if r := res.([]any); len(r) != 1 {
		t.Errorf("Resources = %v", r)
	} else if name, _ := r[0].(*jsonv.Object).Get("ResourceName"); name != "loot" {
		t.Errorf("ResourceName = %v", name)
	}

	// Explicit window; start after end is the service's error.
	start, end := t0.Add(time.Minute), t0.Add(3*time.Minute)
	out, _ = b.LookupEvents(ctx, LookupEventsInput{LookupAttributes: byName, StartTime: &start, EndTime: &end})
	if got := fmt.Sprint(eventIDs(t, out)); got != "[e3 e2 e1]" {
		t.Errorf("window = %s", got)
	}
	if _, err := b.LookupEvents(ctx, LookupEventsInput{StartTime: &end, EndTime: &start}); !errors.As(err, &apiErr) || apiErr.Code != "InvalidTimeRangeException" {
		t.Errorf("reversed window: %v", err)
	}
	if _, err := b.LookupEvents(ctx, LookupEventsInput{MaxResults: 200}); !errors.As(err, &apiErr) || apiErr.Code != "InvalidMaxResultsException" {
		t.Errorf("MaxResults 200: %v", err)
	}
}
