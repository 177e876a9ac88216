package awsconfig

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// TestBrokenStructure: when the file itself is broken the parse stops with
// an error naming the line and what was expected; rows before stay.
func TestBrokenStructure(t *testing.T) {
	item := `{"AlarmName":"a"}`
	tests := []struct {
		name, text string
		rows       int
		err        string
	}{
		{"truncated array", "{\"MetricAlarms\": [\n" + item + ",\n" + item, 2, "line 3: unexpected end of file, expected \",\" or \"]\" in an array"},
		{"truncated item", "{\"MetricAlarms\": [\n" + item + ",\n{\"AlarmName\": \"b", 1, "line 3: unexpected end of file, expected the end of an object or array"},
		{"missing comma", "{\"MetricAlarms\": [\n" + item + "\n" + item + "]}", 1, "line 3: found '{', expected \",\" or \"]\" in an array"},
		{"missing colon", "{\"MetricAlarms\" [" + item + "]}", 0, "line 1: found '[', expected ':' after an object key"},
		{"key not a string", "{MetricAlarms: []}", 0, `line 1: found "MetricAlarms", expected an object key`},
		{"top-level array", "[" + item + "]", 0, "line 1: found '[', expected a JSON object"},
		{"garbage after", "{\"MetricAlarms\": [" + item + "]}\nnot json", 1, "line 2: found 'n', expected a JSON object"},
		{"trailing comma", "{\"MetricAlarms\": [" + item + "],}", 1, "line 1: found '}', expected a JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := formatNamed(t, "aws-cloudwatch-describe-alarms")
			w, err := parseFormat(t, f, []byte(tt.text), strings.NewReader(tt.text))
			if err == nil || err.Error() != tt.err {
				t.Errorf("error = %v, want %q", err, tt.err)
			}
			if len(w.rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(w.rows), tt.rows)
			}
			checkInvariants(t, w)
		})
	}
}

// A read error (a truncated gzip stream) stops the parse with that error.
func TestReadError(t *testing.T) {
	text := "{\"SecurityGroups\": [{\"GroupId\":\"sg-1\"},"
	boom := errors.New("unexpected EOF in gzip")
	f := formatNamed(t, "aws-ec2-describe-security-groups")
	w, err := parseFormat(t, f, []byte(text), &failAfter{strings.NewReader(text), boom})
	if !errors.Is(err, boom) {
		t.Errorf("error = %v", err)
	}
	if len(rowsOf(w, SecurityGroups)) != 1 {
		t.Errorf("rows %v", w.rows)
	}
}

// Brackets and quotes inside strings do not confuse the cutting of items.
func TestStringsWithBrackets(t *testing.T) {
	text := "{\"MetricAlarms\": [{\"AlarmName\": \"a]}\\\"{[\", \"AlarmDescription\": \"line\\nbreak\"}, {\"AlarmName\": \"b\"}]}"
	w := mustParse(t, "aws-cloudwatch-describe-alarms", text)
	if len(w.rows) != 2 || w.rows[0].values[0] != "a]}\"{[" || w.rows[1].values[0] != "b" {
		t.Fatalf("rows %v rejects %v", w.rows, w.rejects)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   any
		want string // RFC 3339 UTC, "" for no time
	}{
		{"2024-03-08T10:11:12Z", "2024-03-08T10:11:12Z"},
		{"2024-03-08T10:11:12.391Z", "2024-03-08T10:11:12.391Z"},
		{"2024-03-08T10:11:12.391000+00:00", "2024-03-08T10:11:12.391Z"},
		{"2024-03-08T12:11:12+02:00", "2024-03-08T10:11:12Z"},
		{"2014-04-09T18:59:06.419+0000", "2014-04-09T18:59:06.419Z"},
		{"2024-03-08 10:11:12+00:00", "2024-03-08T10:11:12Z"},
		{"2024-03-08T10:11:12", "2024-03-08T10:11:12Z"},
		{jsonv.Number("1709892672"), "2024-03-08T10:11:12Z"},
		{jsonv.Number("1709892672.5"), "2024-03-08T10:11:12.5Z"},
		{jsonv.Number("1709892672500"), "2024-03-08T10:11:12.5Z"},
		{jsonv.Number("-1"), ""},
		{jsonv.Number("1e300"), ""},
		{"yesterday", ""},
		{"2024-13-08T10:11:12Z", ""},
		{true, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseTime(%#v) = %v, want no time", tt.in, got)
		case tt.want != "" && (!ok || !got.Equal(utc(tt.want)) || got.Location().String() != "UTC"):
			t.Errorf("parseTime(%#v) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestCLITime(t *testing.T) {
	for in, want := range map[string]string{
		"2017-03-01T20:22:24.391Z":         "2017-03-01T20:22:24.391000+00:00",
		"2017-03-01T20:22:24Z":             "2017-03-01T20:22:24+00:00",
		"2017-03-01T22:22:24.000001+02:00": "2017-03-01T20:22:24.000001+00:00",
	} {
		if got := cliTime(utc(in)); got != want {
			t.Errorf("cliTime(%s) = %s, want %s", in, got, want)
		}
	}
}
