package awsapi

import (
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestWildcard(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"web-1", "web-1", true},
		{"web-?", "web-2", true},
		{"web-?", "web-10", false},
		{"run*", "running", true},
		{"*/prod", "a/b/prod", true},
		{"[a]", "[a]", true},
		{"[a]", "a", false},
		{`a\*`, "a*", true},
		{`a\*`, "ab", false},
	}
	for _, tt := range tests {
		if got := wildcard(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcard(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestFindingCriterion(t *testing.T) {
	v, _ := jsonv.Decode([]byte(`{"Type":"UnauthorizedAccess:EC2/SSHBruteForce","Severity":8.0,"UpdatedAt":"2024-03-08T10:00:00.000Z",
		"Resource":{"InstanceDetails":{"InstanceId":"i-1","Tags":[{"Key":"Name","Value":"web"}]}},"Service":{"Archived":false}}`))
	raw := v.(*jsonv.Object)
	tests := []struct {
		criterion string
		want      bool
	}{
		{`{"type":{"Eq":["UnauthorizedAccess:EC2/SSHBruteForce"]}}`, true},
		{`{"type":{"Neq":["UnauthorizedAccess:EC2/SSHBruteForce"]}}`, false},
		{`{"severity":{"Gte":7}}`, true},
		{`{"severity":{"Eq":["8"]}}`, true},
		{`{"severity":{"GreaterThan":8}}`, false},
		{`{"updatedAt":{"Gt":1709891999000}}`, true},
		{`{"updatedAt":{"Lt":1709891999000}}`, false},
		{`{"resource.instanceDetails.tags.value":{"Eq":["web"]}}`, true},
		{`{"service.archived":{"Eq":["false"]},"resource.instanceDetails.instanceId":{"Eq":["i-2"]}}`, false},
	}
	for _, tt := range tests {
		c, _ := jsonv.Decode([]byte(tt.criterion))
		got, err := meetsCriterion(raw, c.(*jsonv.Object))
		if err != nil || got != tt.want {
			t.Errorf("%s: got %v, %v; want %v", tt.criterion, got, err, tt.want)
		}
	}
}
