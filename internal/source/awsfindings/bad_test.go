package awsfindings

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

// TestLocations: every row and reject says where its record starts.
func TestLocations(t *testing.T) {
	pretty := indent(t, wrap("Findings", gdSSH, gdCLI))
	w := mustParse(t, "guardduty-findings", pretty)
	secondLine := int64(strings.Count(pretty[:strings.Index(pretty, `"Resource": {`+"\n"+`                "ResourceType": "AccessKey"`)], "\n"))
	want := []source.Location{{Line: 3, Record: 1}, {Line: secondLine, Record: 2}}
	for i, r := range w.rows {
		if r.loc != want[i] {
			t.Errorf("row %d at %v, want %v", i, r.loc, want[i])
		}
	}
	lines := gdCamel + "\n\n" + gdAnomaly + "\r\n" + gdCamel + "\n"
	w = mustParse(t, "guardduty-export", lines)
	want = []source.Location{{Line: 1, Record: 1}, {Line: 3, Record: 2}, {Line: 4, Record: 3}}
	for i, r := range w.rows {
		if r.loc != want[i] {
			t.Errorf("line row %d at %v, want %v", i, r.loc, want[i])
		}
	}
}

// TestBadInput: each bad record is rejected or warned about, with where and
// why, and the records around it still load.
func TestBadInput(t *testing.T) {
	type note struct {
		loc    source.Location
		reason string // a part of the reason
	}
	pretty := indent(t, wrap("Findings", gdSSH, gdCLI))
	second := strings.Index(pretty, `"Resource": {`+"\n"+`                "ResourceType": "AccessKey"`) - 14
	secondLine := int64(strings.Count(pretty[:second], "\n")) + 1
	tests := []struct {
		name, format, text string
		rows               int
		rejects, warns     []note
	}{
		{
			name: "broken line among JSON lines", format: "guardduty-export",
			text:    gdCamel + "\n" + `{"id":"x","type":` + "\n" + gdCamel + "\n",
			rows:    2,
			rejects: []note{{source.Location{Line: 2, Record: 2}, "truncated JSON"}},
		},
		{
			name: "invalid JSON line", format: "guardduty-export",
			text:    `{"id":"x",,}` + "\n" + gdCamel + "\n",
			rows:    1,
			rejects: []note{{source.Location{Line: 1, Record: 1}, "not valid JSON: invalid character ','"}},
		},
		{
			name: "non-object elements", format: "guardduty-findings",
			text: "{\"Findings\": [\n" + gdSSH + ",\n\"oops\",\n42,\n[1]\n]}",
			rows: 1,
			rejects: []note{
				{source.Location{Line: 3, Record: 2}, "a GuardDuty finding is a string, want an object"},
				{source.Location{Line: 4, Record: 3}, "is a number"},
				{source.Location{Line: 5, Record: 4}, "is an array"},
			},
		},
		{
			name: "truncated pretty file", format: "guardduty-findings",
			text:    pretty[:second+300],
			rows:    1,
			rejects: []note{{source.Location{Line: secondLine, Record: 2}, "truncated JSON"}},
		},
		{
			name: "event of another kind", format: "guardduty-eventbridge",
			text: event("aws.guardduty", "GuardDuty Finding", gdCamel) + "\n" +
				event("aws.guardduty", "GuardDuty Malware Protection Object Scan Result", `{"scanId":"s"}`) + "\n" +
				event("aws.macie", "Macie Finding", macieFinding) + "\n",
			rows: 1,
			rejects: []note{
				{source.Location{Line: 2, Record: 2}, `EventBridge event "GuardDuty Malware Protection Object Scan Result" from "aws.guardduty", want "GuardDuty Finding"`},
				{source.Location{Line: 3, Record: 3}, `from "aws.macie"`},
			},
		},
		{
			name: "not a finding", format: "guardduty-export",
			text:    `{"hello":"world"}` + "\n",
			rejects: []note{{source.Location{Line: 1, Record: 1}, "no Id or Type: not a GuardDuty finding"}},
		},
		{
			name: "fields of the wrong kind", format: "guardduty-findings",
			text: `{"Id":"x","Type":"T","Severity":"high","UpdatedAt":"yesterday","Service":{"Count":1.5,"Archived":"maybe","Action":{"NetworkConnectionAction":{"LocalPortDetails":{"Port":"22"}}}}}`,
			rows: 1,
			warns: []note{
				{source.Location{Line: 1, Record: 1}, "UpdatedAt is a string, want a time"},
				{source.Location{Line: 1, Record: 1}, "no UpdatedAt: the row has no time"},
				{source.Location{Line: 1, Record: 1}, "Severity is a string, want a number"},
				{source.Location{Line: 1, Record: 1}, "Service.Archived is a string, want true or false"},
				{source.Location{Line: 1, Record: 1}, "Service.Count is a number, want an integer"},
			},
		},
		{
			name: "macie without id", format: "macie-findings",
			text:    wrap("findings", `{"category":"CLASSIFICATION"}`, macieFinding),
			rows:    1,
			rejects: []note{{source.Location{Line: 1, Record: 1}, "no id or type: not a Macie finding"}},
		},
		{
			name: "inspector without arn", format: "inspector2-findings",
			text:    wrap("findings", `{"awsAccountId":"1"}`, inspPackage),
			rows:    1,
			rejects: []note{{source.Location{Line: 1, Record: 1}, "no findingArn or type"}},
		},
		{
			name: "audit report without time", format: "cwl-data-protection-audit",
			text:  `{"resourceArn":"arn:aws:logs:us-east-1:1:log-group:g","dataIdentifiers":[{"name":"Name","count":"x"}]}`,
			rows:  1,
			warns: []note{{source.Location{Line: 1, Record: 1}, "dataIdentifiers[].count is a string, want an integer"}, {source.Location{Line: 1, Record: 1}, "no auditTimestamp"}},
		},
	}
	for _, tt := range tests {
		w, err := parse(t, tt.format, strings.NewReader(tt.text))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(w.rows) != tt.rows {
			t.Errorf("%s: %d rows, want %d", tt.name, len(w.rows), tt.rows)
		}
		check := func(kind string, got []gotNote, want []note) {
			if len(got) != len(want) {
				t.Errorf("%s: %s %v, want %d", tt.name, kind, got, len(want))
				return
			}
			for i := range want {
				if got[i].loc != want[i].loc || !strings.Contains(got[i].reason, want[i].reason) {
					t.Errorf("%s: %s %d = %v %q, want %v %q", tt.name, kind, i, got[i].loc, got[i].reason, want[i].loc, want[i].reason)
				}
			}
		}
		check("rejects", w.rejects, tt.rejects)
		check("warnings", w.warns, tt.warns)
	}
}

// TestBrokenStream: rows read before the stream broke load, and the
// error is returned.
func TestBrokenStream(t *testing.T) {
	broken := errors.New("unexpected EOF in gzip")
	w, err := parse(t, "guardduty-export", &errReader{data: gdCamel + "\n" + gdCamel[:50], err: broken})
	if !errors.Is(err, broken) {
		t.Errorf("err = %v", err)
	}
	if len(w.rows) != 1 || len(w.rejects) != 1 {
		t.Errorf("%d rows, rejects %v", len(w.rows), w.rejects)
	}
}

// TestCancel stops at a cancelled context.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := &fakeWriter{t: t, table: GuardDutyTable}
	err := formatNamed(t, "guardduty-export").Parse(ctx, source.Input{R: strings.NewReader(gdCamel)}, w)
	if !errors.Is(err, context.Canceled) || len(w.rows) != 0 {
		t.Errorf("err = %v, %d rows", err, len(w.rows))
	}
}
