package hunt

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		typ  ParamType
		text string
		want any
	}{
		{TypeString, " i- ", " i- "}, // strings are taken as given
		{TypeString, "", ""},
		{TypeInt, "22", int64(22)},
		{TypeInt, " -1 ", int64(-1)},
		{TypeStrings, "AccessDenied, UnauthorizedOperation", []string{"AccessDenied", "UnauthorizedOperation"}},
		{TypeStrings, "", []string{}},
		{TypeInts, "22,443 , 8080", []int64{22, 443, 8080}},
		{TypeInts, "", []int64{}},
	}
	for _, tt := range tests {
		got, err := parseValue(tt.typ, tt.text)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseValue(%s, %q) = %#v, %v; want %#v", tt.typ, tt.text, got, err, tt.want)
		}
	}
	for _, bad := range []struct {
		typ  ParamType
		text string
	}{{TypeInt, "twenty"}, {TypeInt, "1.5"}, {TypeInts, "22,,443"}, {TypeInts, "22;443"}} {
		if _, err := parseValue(bad.typ, bad.text); err == nil {
			t.Errorf("parseValue(%s, %q) succeeded", bad.typ, bad.text)
		}
	}
}

func TestCheckParams(t *testing.T) {
	cat := builtin(t)
	trails, _ := cat.Select(Filter{Attack: []string{"T1526"}})
	network, _ := cat.Select(Filter{Areas: []string{"network"}})

	if err := CheckParams(trails, map[string]string{"session_prefix": "i-", "error_codes": "AccessDenied"}); err != nil {
		t.Errorf("valid params: %v", err)
	}
	// A param of some of the selected hunts applies to those only.
	if err := CheckParams(network, map[string]string{"port": "2222"}); err != nil {
		t.Errorf("param of one selected hunt: %v", err)
	}

	tests := []struct {
		name   string
		hunts  []*Hunt
		params map[string]string
		want   string
	}{
		{"unknown name lists the valid ones", trails, map[string]string{"prefix": "i-"},
			`unknown param "prefix" for the selected hunts; valid: error_codes (strings), session_prefix (string)`},
		{"param of a hunt not selected", trails, map[string]string{"min_ports": "5"}, `unknown param "min_ports"`},
		{"bad int", network, map[string]string{"min_attempts": "many"}, `param min_attempts="many": "many" is not a whole number`},
		{"window is not a param", trails, map[string]string{"since": "2024-01-01"}, "use --since"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckParams(tt.hunts, tt.params)
			var pe *ParamError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a ParamError containing %q", err, tt.want)
			}
		})
	}
}

func TestValuesUseDefaultsAndOverrides(t *testing.T) {
	h := builtin(t).Hunt("aws-listbuckets")
	got, err := values(h, map[string]string{"error_codes": "AccessDenied"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Value{{"session_prefix", "i-"}, {"error_codes", []string{"AccessDenied"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values = %#v, want %#v", got, want)
	}
}
