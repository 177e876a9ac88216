package azcli

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want Command
	}{
		{
			name: "playbook log-analytics query",
			argv: []string{"monitor", "log-analytics", "query", "--workspace", "W", "--analytics-query", "SigninLogs | take 1"},
			want: Command{Name: "monitor log-analytics query",
				Values: map[string][]string{"workspace": {"W"}, "analytics-query": {"SigninLogs | take 1"}},
				Flags:  map[string]bool{}, Output: "json"},
		},
		{
			name: "short forms, = form, upper-case output, only-show-errors",
			argv: []string{"monitor", "log-analytics", "query", "-w", "W", "--analytics-query=Q", "-t", "PT1H", "-o", "TABLE", "--only-show-errors"},
			want: Command{Name: "monitor log-analytics query",
				Values: map[string][]string{"workspace": {"W"}, "analytics-query": {"Q"}, "timespan": {"PT1H"}, "output": {"TABLE"}},
				Flags:  map[string]bool{"only-show-errors": true}, Output: "table"},
		},
		{
			name: "list option and a value that starts with a dash but holds a space",
			argv: []string{"monitor", "log-analytics", "query", "--workspaces", "a", "b", "-w", "W", "--analytics-query", "-x | y", "-oyaml"},
			want: Command{Name: "monitor log-analytics query",
				Values: map[string][]string{"workspaces": {"a", "b"}, "workspace": {"W"}, "analytics-query": {"-x | y"}, "output": {"yaml"}},
				Flags:  map[string]bool{}, Output: "yaml"},
		},
		{
			name: "playbook role assignment list",
			argv: []string{"role", "assignment", "list", "--all", "--query", "[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}", "--output", "table"},
			want: Command{Name: "role assignment list",
				Values: map[string][]string{"query": {"[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}"}, "output": {"table"}},
				Flags:  map[string]bool{"all": true}, Output: "table",
				Query: "[].{UPN:principalName,RoleDef:roleDefinitionName,Scope:scope}", QueryGiven: true},
		},
		{
			name: "playbook activity-log list",
			argv: []string{"monitor", "activity-log", "list", "--offset", "1h", "--query", "[?caller=='x']", "--output", "table"},
			want: Command{Name: "monitor activity-log list",
				Values: map[string][]string{"offset": {"1h"}, "query": {"[?caller=='x']"}, "output": {"table"}},
				Flags:  map[string]bool{}, Output: "table", Query: "[?caller=='x']", QueryGiven: true},
		},
		{
			name: "playbook workspace show",
			argv: []string{"monitor", "log-analytics", "workspace", "show", "--resource-group", "rg", "--workspace-name", "ws", "--query", "customerId", "--output", "tsv"},
			want: Command{Name: "monitor log-analytics workspace show",
				Values: map[string][]string{"resource-group": {"rg"}, "workspace-name": {"ws"}, "query": {"customerId"}, "output": {"tsv"}},
				Flags:  map[string]bool{}, Output: "tsv", Query: "customerId", QueryGiven: true},
		},
		{
			name: "an empty --query is still a query",
			argv: []string{"role", "assignment", "list", "--query", ""},
			want: Command{Name: "role assignment list", Values: map[string][]string{"query": {""}},
				Flags: map[string]bool{}, Output: "json", QueryGiven: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArgs(tt.argv)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestParseArgsErrors(t *testing.T) {
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"monitor", "log-analytics", "query"},
			"the following arguments are required: --workspace/-w, --analytics-query"},
		{[]string{"monitor", "log-analytics", "query", "-w", "W"},
			"the following arguments are required: --analytics-query"},
		{[]string{"role", "assignment", "list", "--bogus", "x"},
			"unrecognized arguments: --bogus x"},
		{[]string{"role", "assignment", "list", "--all", "extra"},
			"unrecognized arguments: extra"},
		{[]string{"role", "assignment", "list", "-o", "xml"},
			"argument --output/-o: invalid choice: 'xml' (choose from 'json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none')"},
		{[]string{"monitor", "log-analytics", "query", "--analytics-query", "Q", "--workspace"},
			"argument --workspace/-w: expected one argument"},
		{[]string{"monitor", "log-analytics", "query", "--workspace", "--analytics-query", "Q"},
			"argument --workspace/-w: expected one argument"},
		{[]string{"role", "assignment", "list", "--all=yes"},
			"argument --all: ignored explicit argument 'yes'"},
		{[]string{"monitor", "log-analytics", "querx", "-w", "W"},
			"'querx' is misspelled or not recognized by the system."},
		{[]string{"montor", "activity-log", "list"},
			"'montor' is misspelled or not recognized by the system."},
		{[]string{"monitor", "activity-log", "list", "--select"},
			"argument --select: expected at least one argument"},
	}
	for _, tt := range tests {
		_, err := ParseArgs(tt.argv)
		var argErr *ArgError
		if !errors.As(err, &argErr) {
			t.Errorf("ParseArgs(%q): got %v, want an ArgError", tt.argv, err)
			continue
		}
		if argErr.Msg != tt.want {
			t.Errorf("ParseArgs(%q):\n got  %s\n want %s", tt.argv, argErr.Msg, tt.want)
		}
	}
}
