package awsconfig

import "testing"

// An item with no capture time is said to have no time even when another
// member also draws a warning.
func TestConfigNoTimeWithOtherWarning(t *testing.T) {
	w := mustParse(t, "aws-config-items", `{"configurationItems":[
{"resourceType":"AWS::EC2::Instance","resourceId":"i-1","resourceCreationTime":"yesterday"}]}`)
	if len(w.rows) != 1 {
		t.Fatalf("%d rows", len(w.rows))
	}
	checkIssues(t, "warnings", w.warns, fakeIssue{loc(2, 1), "resourceCreationTime is not a time"},
		fakeIssue{loc(2, 1), "no configurationItemCaptureTime"})
}
