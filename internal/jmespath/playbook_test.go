package jmespath

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// The playbook's --query expressions over responses shaped like the
// services' own.
const (
	lookupEvents = `{"Events": [
	  {"EventId": "e1", "EventName": "ListBuckets", "EventTime": "2024-01-01T00:00:00Z", "Username": "i-0abc", "ReadOnly": "true"},
	  {"EventId": "e2", "EventName": "ListBuckets", "EventTime": "2024-01-01T00:01:00Z", "Username": "alice"}]}`
	lookupEventsNoUser = `{"Events": [{"EventId": "e3", "EventName": "ListBuckets", "EventTime": "2024-01-01T00:02:00Z"}]}`
	describeInstances  = `{"Reservations": [
	  {"Instances": [{"InstanceId": "i-1", "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a"}, {"GroupId": "sg-2"}]},
	                 {"InstanceId": "i-2", "SecurityGroups": []}]},
	  {"Instances": [{"InstanceId": "i-3", "SecurityGroups": [{"GroupId": "sg-3"}]}]}]}`
	roleAssignments = `[{"principalName": "a@x.com", "roleDefinitionName": "Owner", "scope": "/subscriptions/1", "id": "r1"},
	  {"principalName": "b@x.com", "roleDefinitionName": "Reader", "scope": "/"}]`
)

func TestPlaybookQueries(t *testing.T) {
	runSearchCases(t, []searchCase{
		{`Events[].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}`, lookupEvents,
			`[{"EventId":"e1","EventName":"ListBuckets","EventTime":"2024-01-01T00:00:00Z","Username":"i-0abc"},` +
				`{"EventId":"e2","EventName":"ListBuckets","EventTime":"2024-01-01T00:01:00Z","Username":"alice"}]`},
		{"Events[?starts_with(Username, `i-`)==`true`].{EventId:EventId,EventName:EventName,EventTime:EventTime,Username:Username}", lookupEvents,
			`[{"EventId":"e1","EventName":"ListBuckets","EventTime":"2024-01-01T00:00:00Z","Username":"i-0abc"}]`},
		{`Reservations[].Instances[].InstanceId`, describeInstances, `["i-1","i-2","i-3"]`},
		{`Reservations[].Instances[].SecurityGroups[0].GroupId`, describeInstances, `["sg-1","sg-3"]`},
		{`DetectorIds[0]`, `{"DetectorIds": ["d1", "d2"]}`, `"d1"`},
		{`Findings[0]`, `{"Findings": [{"Id": "f1", "Severity": 8.0}, {"Id": "f2"}]}`, `{"Id":"f1","Severity":8.0}`},
		{`QueryExecutionId`, `{"QueryExecutionId": "q-1"}`, `"q-1"`},
		{`ResultSet`, `{"ResultSet": {"Rows": [{"Data": [{"VarCharValue": "a"}, {}]}]}, "UpdateCount": 0}`,
			`{"Rows":[{"Data":[{"VarCharValue":"a"},{}]}]}`},
		{`queryId`, `{"queryId": "abc"}`, `"abc"`},
		{`customerId`, `{"customerId": "ws-1", "name": "w"}`, `"ws-1"`},
		{`[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}`, roleAssignments,
			`[{"UPN":"a@x.com","RoleDef":"Owner","Scope":"/subscriptions/1"},{"UPN":"b@x.com","RoleDef":"Reader","Scope":"/"}]`},
	})
}

// TestPlaybookStartsWithMissingUsername: an event without Username makes
// the real CLI fail, and so must we.
func TestPlaybookStartsWithMissingUsername(t *testing.T) {
	data, _ := jsonv.Decode([]byte(lookupEventsNoUser))
	_, err := Search("Events[?starts_with(Username, `i-`)==`true`].{EventId:EventId}", data)
	want := `In function starts_with(), invalid type for value: None, expected one of: ['string'], received: "null"`
	var te *TypeError
	if !errors.As(err, &te) || err.Error() != want {
		t.Fatalf("got %v, want *TypeError %q", err, want)
	}
}

// TestPlaybookTypographicQuote: the az activity-log hunt closes its raw
// string with ’ instead of ', so the string never closes; az reports it
// at the opening quote.
func TestPlaybookTypographicQuote(t *testing.T) {
	expr := "[?authorization.action=='Microsoft.Compute/virtualMachines/delete’].{Time:eventTimestamp,Caller:caller,SourceIP:claims.ipaddr}"
	_, err := Compile(expr)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	want := "Bad jmespath expression: Unclosed ' delimiter:\n" + expr + "\n" + "                        ^"
	if se.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", se, want)
	}
	if se.Column != 24 || se.Offset != 24 {
		t.Errorf("column %d offset %d, want 24 24", se.Column, se.Offset)
	}
	if line, col := se.Position(); line != 1 || col != 25 {
		t.Errorf("position %d:%d, want 1:25", line, col)
	}
}

func ExampleSearch() {
	data, _ := jsonv.Decode([]byte(`{"Events": [{"EventId": "e1", "Username": "i-0abc"}, {"EventId": "e2", "Username": "bob"}]}`))
	out, _ := Search("Events[?starts_with(Username, `i-`)].{Id: EventId, User: Username}", data)
	fmt.Println(pyJSON(out))
	// Output: [{"Id":"e1","User":"i-0abc"}]
}
