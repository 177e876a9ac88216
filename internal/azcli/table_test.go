package azcli

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestFormatTable(t *testing.T) {
	// What the playbook's
	//   az role assignment list --all --query '[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}' --output table
	// receives from its JMESPath multiselect.
	assignments := []any{
		jsonv.NewObject().Set("UPN", "alice@contoso.com").Set("RoleDef", "Owner").Set("Scope", "/subscriptions/0000"),
		jsonv.NewObject().Set("UPN", "bob@contoso.com").Set("RoleDef", "Contributor").Set("Scope", "/subscriptions/0000/resourceGroups/rg1"),
	}
	// A role assignment as the service returns it, without --query.
	raw := jsonv.NewObject().
		Set("principalName", "alice").
		Set("id", "/x").
		Set("type", "Microsoft.Authorization/roleAssignments").
		Set("scope", "/s").
		Set("condition", nil).
		Set("tags", jsonv.NewObject()).
		Set("canDelegate", false)

	tests := []struct {
		name       string
		in         any
		queryGiven bool
		want       string
	}{
		{
			name:       "query order kept, header widths, two-space gaps",
			in:         assignments,
			queryGiven: true,
			want: "UPN                RoleDef      Scope\n" +
				"-----------------  -----------  --------------------------------------\n" +
				"alice@contoso.com  Owner        /subscriptions/0000\n" +
				"bob@contoso.com    Contributor  /subscriptions/0000/resourceGroups/rg1\n",
		},
		{
			name: "no query: keys sorted, id/type/null/nested dropped, first letter upper-cased",
			in:   []any{raw},
			want: "CanDelegate    PrincipalName    Scope\n" +
				"-------------  ---------------  -------\n" +
				"False          alice            /s\n",
		},
		{
			name:       "with a query the object's own order stays",
			in:         raw,
			queryGiven: true,
			want: "PrincipalName    Scope    CanDelegate\n" +
				"---------------  -------  -------------\n" +
				"alice            /s       False\n",
		},
		{
			name: "scalars make a Result column",
			in:   []any{"a", jsonv.Number("2.0")},
			want: "Result\n--------\na\n2.0\n",
		},
		{
			name: "list rows make Column1, Column2",
			in:   []any{[]any{jsonv.Number("1"), "x"}},
			want: "Column1    Column2\n---------  ---------\n1          x\n",
		},
		{
			name:       "cells trimmed, missing cells empty, lines right-trimmed",
			in:         []any{jsonv.NewObject().Set("a", " BCM "), jsonv.NewObject().Set("b", "x")},
			queryGiven: true,
			want:       "A    B\n---  ---\nBCM\n     x\n",
		},
		{
			name: "a cell with a newline spans two lines",
			in:   []any{jsonv.NewObject().Set("m", "l1\nline2")},
			want: "M\n-----\nl1\nline2\n",
		},
		{name: "empty list", in: []any{}, want: "\n"},
		{name: "nil prints nothing", in: nil, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := FormatTable(&b, tt.in, tt.queryGiven); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", b.String(), tt.want)
			}
		})
	}
}

func TestFormatTableNothingToShow(t *testing.T) {
	in := []any{jsonv.NewObject().Set("id", "/x").Set("tags", jsonv.NewObject()).Set("list", []any{})}
	var b strings.Builder
	err := FormatTable(&b, in, false)
	if !errors.Is(err, ErrNoTable) {
		t.Fatalf("got error %v, want ErrNoTable", err)
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q before failing", b.String())
	}
}
