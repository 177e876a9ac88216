package awscli

import (
	"encoding/json"
	"testing"
	"time"
)

func TestPyStr(t *testing.T) {
	cases := []struct{ in, want string }{
		{`null`, "None"}, {`true`, "True"}, {`5`, "5"}, {`5.0`, "5.0"}, {`1e3`, "1000.0"},
		{`1e16`, "1e+16"}, {`0.00001`, "1e-05"}, {`-0`, "0"}, {`"x"`, "x"},
		{`[1, "a", null]`, "[1, 'a', None]"}, {`{"k": "it's"}`, `{'k': "it's"}`},
	}
	for _, tc := range cases {
		if got := PyStr(mustDecode(t, tc.in)); got != tc.want {
			t.Errorf("PyStr(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatTimestamp(t *testing.T) {
	loc := time.FixedZone("PST", -8*3600)
	orig := time.Local
	time.Local = loc
	defer func() { time.Local = orig }()
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2021, 11, 18, 17, 41, 2, 0, time.UTC), "2021-11-18T09:41:02-08:00"},
		{time.Date(2021, 11, 18, 17, 41, 2, 500000000, time.UTC), "2021-11-18T09:41:02.500000-08:00"},
	}
	for _, tc := range cases {
		if got := FormatTimestamp(tc.in); got != tc.want {
			t.Errorf("FormatTimestamp = %q, want %q", got, tc.want)
		}
	}
}

func TestParseShorthand(t *testing.T) {
	cases := []struct{ in, want string }{
		{"AttributeKey=EventName,AttributeValue=ListBuckets", `{"AttributeKey":"EventName","AttributeValue":"ListBuckets"}`},
		{"Name=tag:Name,Values=[Role]", `{"Name":"tag:Name","Values":["Role"]}`},
		{"Name=tag:Name,Values=SherlocksBlog", `{"Name":"tag:Name","Values":"SherlocksBlog"}`},
		{"Database=x", `{"Database":"x"}`},
		{"Values=a,b,Name=n", `{"Values":["a","b"],"Name":"n"}`},
		{`K='a,b',J={X=1,Y=[2,3]}`, `{"K":"a,b","J":{"X":"1","Y":["2","3"]}}`},
		{`K=a\,b`, `{"K":"a,b"}`},
	}
	for _, tc := range cases {
		o, err := ParseShorthand(tc.in)
		if err != nil {
			t.Errorf("ParseShorthand(%q): %v", tc.in, err)
			continue
		}
		b, _ := json.Marshal(o)
		if string(b) != tc.want {
			t.Errorf("ParseShorthand(%q) = %s, want %s", tc.in, b, tc.want)
		}
	}
	if _, err := ParseShorthand("AttributeKey"); err == nil || err.Error() != "Expected: '=', received: 'EOF' for input:\nAttributeKey\n            ^" {
		t.Errorf("ParseShorthand error = %v", err)
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		args   []string
		input  string
		output string
		query  string
		page   bool
	}{
		{[]string{"--lookup-attributes", "AttributeKey=EventName,AttributeValue=ListBuckets", "--query", "Events[]", "--output", "table"},
			`{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"ListBuckets"}]}`, "table", "Events[]", true},
		{[]string{"--max-results=10", "--start-time", "1691500000", "--out", "text"},
			`{"StartTime":1691500000,"MaxResults":10}`, "text", "", false},
		{[]string{"--start-t", "2023-08-09T00:00:00Z", "--no-paginate"}, `{"StartTime":1691539200}`, "", "", false},
		{[]string{"--lookup-attributes", `[{"AttributeKey":"Username","AttributeValue":"root"}]`},
			`{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"root"}]}`, "", "", true},
	}
	for _, tc := range cases {
		call, err := Parse(lookupEvents, tc.args)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.args, err)
			continue
		}
		b, _ := json.Marshal(call.Input)
		if string(b) != tc.input || call.Output != tc.output || call.Query != tc.query || call.Paginate() != tc.page {
			t.Errorf("Parse(%q) = %s output=%q query=%q paginate=%v", tc.args, b, call.Output, call.Query, call.Paginate())
		}
	}
	errs := []struct {
		args []string
		msg  string
		code int
	}{
		{[]string{"--max-results"}, "argument --max-results: expected one argument", 252},
		{[]string{"--max-results", "abc"}, "invalid literal for int() with base 10: 'abc'", 255},
		{[]string{"--bogus", "x"}, "Unknown options: --bogus, x", 252},
		{[]string{"--output", "csv"}, "argument --output: " + invalidChoice("csv", globalOptions[4].choices), 252},
	}
	for _, tc := range errs {
		_, err := Parse(lookupEvents, tc.args)
		e, ok := err.(*Error)
		if !ok || e.Msg != tc.msg || e.Code != tc.code {
			t.Errorf("Parse(%q) error = %v, want %q (exit %d)", tc.args, err, tc.msg, tc.code)
		}
	}
	if _, err := Parse(getLogEvents, []string{"--log", "x"}); err == nil || err.Error() != "ambiguous option: --log could match --log-group-name, --log-group-identifier, --log-stream-name" {
		t.Errorf("ambiguous prefix error = %v", err)
	}
}
