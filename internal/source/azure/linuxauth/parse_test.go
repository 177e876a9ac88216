package linuxauth

import (
	"strings"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func TestLineRows(t *testing.T) {
	setNow(t, "2025-06-01T00:00:00Z")
	cases := []struct {
		name, line string
		when       string // RFC 3339; "" for none
		host       any
		raw        string // "" means the line itself
	}{
		{"RFC 3164 from /var/log/secure",
			"Mar  8 10:00:01 web01 sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2",
			"2024-03-08T10:00:01Z", "web01", ""},
		{"journalctl short, zero-padded day",
			"Mar 08 10:00:02 web01 sudo[99]: pam_unix(sudo:session): session opened for user root(uid=0) by azureuser(uid=1000)",
			"2024-03-08T10:00:02Z", "web01", ""},
		{"journalctl short-precise",
			"Mar 08 10:00:02.123456 web01 sshd[7]: Accepted publickey for azureuser from 198.51.100.4 port 50000 ssh2",
			"2024-03-08T10:00:02.123456Z", "web01", ""},
		{"rsyslog high precision, with an offset",
			"2024-03-08T12:00:01.123456+02:00 web01.contoso.com sshd[1234]: Invalid user test from 203.0.113.9 port 4242",
			"2024-03-08T10:00:01.123456Z", "web01.contoso.com", ""},
		{"journalctl short-iso",
			"2024-03-08T10:00:01+0000 web01 systemd-logind[600]: New session 5 of user azureuser.",
			"2024-03-08T10:00:01Z", "web01", ""},
		{"forwarded with a priority",
			"<86>Mar  8 10:00:03 10.0.0.4 su: pam_unix(su:auth): authentication failure",
			"2024-03-08T10:00:03Z", "10.0.0.4", ""},
		{"RFC 5424",
			"<38>1 2024-03-08T10:00:04.5Z web02 sshd 811 - - Failed password for root from 203.0.113.9 port 22 ssh2",
			"2024-03-08T10:00:04.5Z", "web02", ""},
		{"RFC 5424 without time or host",
			"<38>1 - - sshd 811 - - Connection closed",
			"", nil, ""},
		{"journalctl -o json",
			`{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1709892001123456","_HOSTNAME":"web03","SYSLOG_IDENTIFIER":"sshd","_PID":"1234","MESSAGE":"Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2"}`,
			"2024-03-08T10:00:01.123456Z", "web03",
			"Mar  8 10:00:01 web03 sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2"},
		{"journalctl -o json, message as bytes",
			`{"__REALTIME_TIMESTAMP":"1709892001000000","_HOSTNAME":"web03","SYSLOG_IDENTIFIER":"sudo","MESSAGE":[104,105]}`,
			"2024-03-08T10:00:01Z", "web03", "Mar  8 10:00:01 web03 sudo: hi"},
		{"a line without a tag",
			"Mar  8 10:00:05 web01 -- MARK --",
			"2024-03-08T10:00:05Z", "web01", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := mustParse(t, "evidence/2024/secure", c.line+"\n")
			checkIssues(t, "rejects", w.rejects)
			if len(w.rows) != 1 {
				t.Fatalf("%d rows, want 1", len(w.rows))
			}
			raw := c.raw
			if raw == "" {
				raw = c.line
			}
			want := map[string]any{"SourceSystem": "Linux", "Computer": c.host, "RawData": raw, "Type": "LinuxAuth_CL"}
			if c.when != "" {
				want["TimeGenerated"] = ts(c.when)
			}
			checkRow(t, w.rows[0], want)
			if w.rows[0].loc != (source.Location{Line: 1}) {
				t.Errorf("row at %v, want line 1", w.rows[0].loc)
			}
		})
	}
}

func TestYearInference(t *testing.T) {
	cases := []struct {
		name  string
		now   string
		path  string
		lines []string
		want  []string // each row's TimeGenerated
		warns []fakeIssue
	}{
		{
			name: "from a folder of the path",
			now:  "2025-06-01T00:00:00Z", path: "case/evidence/2021/10/secure",
			lines: []string{"Oct 29 14:45:00 h sshd[1]: a", "Oct 29 14:46:00 h sshd[1]: b"},
			want:  []string{"2021-10-29T14:45:00Z", "2021-10-29T14:46:00Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, `no year in the timestamps: assumed 2021 from the folder "2021"; times taken as UTC`}},
		},
		{
			name: "from a y= folder",
			now:  "2025-06-01T00:00:00Z", path: "logs/y=2022/m=03/auth.log",
			lines: []string{"Mar  1 00:00:00 h sshd[1]: a"},
			want:  []string{"2022-03-01T00:00:00Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, `assumed 2022 from the folder "y=2022"`}},
		},
		{
			name: "from the file name's date, crossing a year end",
			now:  "2025-06-01T00:00:00Z", path: "logs/secure-20240103",
			lines: []string{"Dec 28 10:00:00 h sshd[1]: a", "Dec 31 23:59:59 h sshd[1]: b", "Jan  2 00:00:01 h sshd[1]: c"},
			want:  []string{"2023-12-28T10:00:00Z", "2023-12-31T23:59:59Z", "2024-01-02T00:00:01Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, "assumed 2023 from the date 2024-01-03 in the file name, so that no line is later"}},
		},
		{
			name: "from a dashed date in the file name",
			now:  "2025-06-01T00:00:00Z", path: "auth.log.2023-08-10",
			lines: []string{"Aug  9 10:00:00 h sshd[1]: a"},
			want:  []string{"2023-08-09T10:00:00Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, "assumed 2023 from the date 2023-08-10"}},
		},
		{
			name: "no year source: this year when no line is in the future",
			now:  "2025-06-01T00:00:00Z", path: "secure",
			lines: []string{"Mar  8 10:00:01 h sshd[1]: a"},
			want:  []string{"2025-03-08T10:00:01Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, "assumed 2025 so that no line is in the future"}},
		},
		{
			name: "no year source: last year when this year's date is still to come",
			now:  "2025-06-01T00:00:00Z", path: "secure",
			lines: []string{"Jul  8 10:00:01 h sshd[1]: a"},
			want:  []string{"2024-07-08T10:00:01Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, "assumed 2024 so that no line is in the future"}},
		},
		{
			name: "no year source: a year end in the file moves the start back",
			now:  "2024-12-30T00:00:00Z", path: "secure",
			lines: []string{"Dec 20 10:00:00 h sshd[1]: a", "Jan  2 10:00:00 h sshd[1]: b"},
			want:  []string{"2023-12-20T10:00:00Z", "2024-01-02T10:00:00Z"},
			warns: []fakeIssue{{source.Location{Line: 1}, "assumed 2023 so that no line is in the future"}},
		},
		{
			name: "ISO and journal lines need no year and give no warning",
			now:  "2025-06-01T00:00:00Z", path: "secure",
			lines: []string{"2019-01-01T00:00:00Z h sshd[1]: a"},
			want:  []string{"2019-01-01T00:00:00Z"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setNow(t, c.now)
			w := mustParse(t, c.path, strings.Join(c.lines, "\n")+"\n")
			checkIssues(t, "rejects", w.rejects)
			checkIssues(t, "warnings", w.warns, c.warns...)
			if len(w.rows) != len(c.want) {
				t.Fatalf("%d rows, want %d", len(w.rows), len(c.want))
			}
			for i, r := range w.rows {
				if got := value(t, r, "TimeGenerated"); got != ts(c.want[i]) {
					t.Errorf("row %d: TimeGenerated = %v, want %s", i, got, c.want[i])
				}
			}
		})
	}
}

// TestYearBeyondHead checks the warning for a file whose year end comes
// after the head: the year was chosen from the head, so later lines land
// in the future and the parser says so.
func TestYearBeyondHead(t *testing.T) {
	setNow(t, "2024-12-30T00:00:00Z")
	var b strings.Builder
	for b.Len() < 70<<10 {
		b.WriteString("Dec 20 10:00:00 h sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n")
	}
	b.WriteString("Jan  2 10:00:00 h sshd[1]: late\n")
	content := b.String()
	lines := strings.Count(content, "\n")
	w, err := parseAt(t, "secure", strings.NewReader(content), []byte(content))
	if err != nil {
		t.Fatal(err)
	}
	checkIssues(t, "warnings", w.warns,
		fakeIssue{source.Location{Line: 1}, "assumed 2024 so that no line is in the future"},
		fakeIssue{source.Location{Line: int64(lines)}, "2025-01-02T10:00:00Z is later than 2024-12-31: the assumed year may be wrong"})
}

func TestBadLines(t *testing.T) {
	setNow(t, "2025-06-01T00:00:00Z")
	content := strings.Join([]string{
		"Mar  8 10:00:01 web01 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2",
		"this is not syslog",
		"",
		"-- Boot 0123456789abcdef --",
		"Foo  8 10:00:01 web01 sshd[1]: bad month",
		"Feb 30 10:00:01 web01 sshd[1]: bad day",
		"Mar  8 25:00:01 web01 sshd[1]: bad clock",
		"Mar  8 10:00:01 {\"eventVersion\":\"1.08\"}",
		"2024-13-08T10:00:01Z web01 sshd[1]: bad ISO",
		`{"__REALTIME_TIMESTAMP":"soon","MESSAGE":"x"}`,
		`{"__REALTIME_TIMESTAMP":"1709892001000000"}`,
		"{not json",
		"Mar  8 10:00:02 web01 sshd[1]: Invalid user \xff\xfe from 203.0.113.9",
		"Mar  8 10:00:03 web01 sshd[1]: Accepted password for azureuser\r",
	}, "\n")
	w := mustParse(t, "secure", content)
	checkIssues(t, "rejects", w.rejects,
		fakeIssue{source.Location{Line: 2}, "not a syslog line: expected a timestamp"},
		fakeIssue{source.Location{Line: 5}, "not a syslog line"},
		fakeIssue{source.Location{Line: 6}, "February 30 is not a date"},
		fakeIssue{source.Location{Line: 7}, "not a syslog line"},
		fakeIssue{source.Location{Line: 8}, `host "{\"eventVersion\":\"1.08\"}" is not a host name`},
		fakeIssue{source.Location{Line: 9}, `timestamp "2024-13-08T10:00:01Z" is not an ISO 8601 time`},
		fakeIssue{source.Location{Line: 10}, `__REALTIME_TIMESTAMP "soon" is not a time in microseconds`},
		fakeIssue{source.Location{Line: 11}, "no MESSAGE in the journal entry"},
		fakeIssue{source.Location{Line: 12}, "not a journal entry"},
	)
	checkIssues(t, "warnings", w.warns,
		fakeIssue{source.Location{Line: 1}, "assumed 2025"},
		fakeIssue{source.Location{Line: 13}, "not valid UTF-8"},
	)
	if len(w.rows) != 3 {
		t.Fatalf("%d rows, want 3", len(w.rows))
	}
	if got := value(t, w.rows[1], "RawData"); got != "Mar  8 10:00:02 web01 sshd[1]: Invalid user \uFFFD from 203.0.113.9" {
		t.Errorf("RawData = %q", got)
	}
	if got := value(t, w.rows[2], "RawData"); got != "Mar  8 10:00:03 web01 sshd[1]: Accepted password for azureuser" {
		t.Errorf("RawData = %q, want the line without its CR", got)
	}
}

func TestLongLine(t *testing.T) {
	setNow(t, "2025-06-01T00:00:00Z")
	long := "Mar  8 10:00:01 web01 sshd[1]: " + strings.Repeat("x", maxLine) + "\n"
	content := long + "Mar  8 10:00:02 web01 sshd[1]: after\n"
	w, err := parseAt(t, "secure", strings.NewReader(content), []byte(content))
	if err != nil {
		t.Fatal(err)
	}
	checkIssues(t, "rejects", w.rejects, fakeIssue{source.Location{Line: 1}, "line is longer than"})
	if len(w.rows) != 1 || w.rows[0].loc.Line != 2 {
		t.Fatalf("rows %v, want one at line 2", w.rows)
	}
}

// A journal MESSAGE of bytes that are not UTF-8 must not reach RawData as
// such: DuckDB refuses invalid UTF-8 and the whole file would fail to load.
func TestJournalMessageNotUTF8(t *testing.T) {
	w := mustParse(t, "journal.json",
		`{"__REALTIME_TIMESTAMP":"1709892001000000","_HOSTNAME":"web03","SYSLOG_IDENTIFIER":"sshd","MESSAGE":[104,255,105]}`+"\n")
	checkIssues(t, "warnings", w.warns, fakeIssue{source.Location{Line: 1}, "MESSAGE is not valid UTF-8"})
	if len(w.rows) != 1 {
		t.Fatalf("%d rows, want 1", len(w.rows))
	}
	if got := value(t, w.rows[0], "RawData"); got != "Mar  8 10:00:01 web03 sshd: h\uFFFDi" {
		t.Errorf("RawData = %q", got)
	}
}
