package awscli

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// cannedEvents returns LookupEvents pages on the wire (EventTime as epoch
// seconds), three pages chained by NextToken unless MaxResults is sent.
func cannedPage(token string) *jsonv.Object {
	ev := func(id, name, user string, at int64, resources []any) *jsonv.Object {
		o := jsonv.NewObject().Set("EventId", id).Set("EventName", name).Set("ReadOnly", "true").
			Set("AccessKeyId", "ASIAEXAMPLE").Set("EventTime", jsonv.Int(at)).
			Set("EventSource", "s3.amazonaws.com")
		if user != "" {
			o.Set("Username", user)
		}
		return o.Set("Resources", resources).Set("CloudTrailEvent", `{"eventVersion":"1.08","eventName":"`+name+`"}`)
	}
	bucket := []any{jsonv.NewObject().Set("ResourceType", "AWS::S3::Bucket").Set("ResourceName", "sherlocks-blog")}
	switch token {
	case "":
		return jsonv.NewObject().Set("Events", []any{
			ev("3b8f0a7e-1111-4c3e-9a0b-0f2c3d4e5f60", "ListBuckets", "i-0abc123def4567890", 1691589791, []any{}),
		}).Set("NextToken", "page2")
	case "page2":
		return jsonv.NewObject().Set("Events", []any{
			ev("9c1d2e3f-2222-4a5b-8c7d-1e2f3a4b5c6d", "GetBucketAcl", "alice", 1691589520, bucket),
			ev("aaaaaaaa-3333-4a5b-8c7d-1e2f3a4b5c6d", "ListBuckets", "", 1691589000, []any{}),
		}).Set("NextToken", "page3")
	}
	return jsonv.NewObject().Set("Events", []any{})
}

// toCLI converts a wire page as the CLI's parser does: EventTime becomes
// ISO-8601 text.
func toCLI(page *jsonv.Object) *jsonv.Object {
	out := cloneObject(page)
	events, _ := out.Get("Events")
	var conv []any
	for _, e := range events.([]any) {
		o := cloneObject(e.(*jsonv.Object))
		t, _ := o.Get("EventTime")
		o.Set("EventTime", FormatTimestamp(EpochTime(t.(jsonv.Number).Float64())))
		conv = append(conv, o)
	}
	if conv == nil {
		conv = []any{}
	}
	return out.Set("Events", conv)
}

func cannedHandler(req *jsonv.Object) (any, *FakeError) {
	tok, _ := req.Get("NextToken")
	s, _ := tok.(string)
	return cannedPage(s), nil
}

func TestRunParity(t *testing.T) {
	fake := NewFakeEndpoint()
	defer fake.Close()
	fake.Handle(lookupEventsTarget, cannedHandler)
	base := []string{"--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets"}
	cases := []struct {
		name string
		args []string
	}{
		{"json all pages", base},
		{"table all pages", append([]string{"--output", "table"}, base...)},
		{"text all pages", append([]string{"--output=text"}, base...)},
		{"max-results stops paging", append([]string{"--max-results", "10"}, base...)},
		{"max-results text", append([]string{"--max-results", "10", "--output", "text"}, base...)},
		{"start time epoch", []string{"--start-time", "1691500000", "--end-time", "2023-08-10T00:00:00Z", "--output", "table"}},
		{"abbreviated option", []string{"--lookup-attr", "AttributeKey=Username,AttributeValue=root", "--out", "json"}},
		{"missing value", []string{"--max-results"}},
		{"unknown option", []string{"--bogus", "x"}},
		{"bad output choice", []string{"--output", "foo"}},
		{"bad color choice", []string{"--color=blue"}},
		{"bad integer", []string{"--max-results", "abc"}},
		{"bad timestamp", []string{"--start-time", "notatime"}},
		{"shorthand list value", []string{"--lookup-attributes", "AttributeKey=EventName,AttributeValue"}},
		{"shorthand unknown member", []string{"--lookup-attributes", "Foo=bar"}},
		{"shorthand syntax error", []string{"--lookup-attributes", "AttributeKey"}},
		{"flag with value", []string{"--debug=yes"}},
	}
	// The group returns only when its parallel cases are done, so the
	// fake is still up for them.
	t.Run("group", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				argv := append([]string{"cloudtrail", "lookup-events"}, tc.args...)
				want := runRealCLI(t, fake.URL, argv...)
				var stdout, stderr bytes.Buffer
				backend := func(in *jsonv.Object) (*jsonv.Object, error) {
					tok, _ := in.Get("NextToken")
					s, _ := tok.(string)
					return toCLI(cannedPage(s)), nil
				}
				code := Run(lookupEvents, append(tc.args, "--endpoint-url", fake.URL), backend, nil, &stdout, &stderr, 80)
				got := cliResult{stdout.String(), stderr.String(), code}
				if got != want {
					t.Errorf("differs from the real CLI\n--- got (exit %d)\n%s\n%s\n--- real CLI (exit %d)\n%s\n%s",
						got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
				}
			})
		}
	})
}

func TestParseErrorsLogs(t *testing.T) {
	fake := NewFakeEndpoint()
	defer fake.Close()
	fake.Handle("Logs_20140328.GetLogEvents", func(*jsonv.Object) (any, *FakeError) {
		return jsonv.NewObject().Set("events", []any{}), nil
	})
	cases := [][]string{
		{"--log-group-name", "x", "--log", "y"},
		{"--log-group-name", "x"},
		{"--log-group-name", "x", "--log-stream", "y", "--start-from-head", "--output", "text"},
		{"--log-stream-name", "s", "--limit", "5", "--output", "json"},
	}
	t.Run("group", func(t *testing.T) {
		for i, args := range cases {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				want := runRealCLI(t, fake.URL, append([]string{"logs", "get-log-events"}, args...)...)
				var stdout, stderr bytes.Buffer
				backend := func(*jsonv.Object) (*jsonv.Object, error) {
					return jsonv.NewObject().Set("events", []any{}), nil
				}
				code := Run(getLogEvents, args, backend, nil, &stdout, &stderr, 80)
				got := cliResult{stdout.String(), stderr.String(), code}
				if got != want {
					t.Errorf("differs from the real CLI\n--- got (exit %d)\n%s\n%s\n--- real CLI (exit %d)\n%s\n%s",
						got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
				}
			})
		}
	})
}
