package msgtrace

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/cloudhunt/cloudhunt/internal/source"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// want is a row's expected values by column; columns left out must be
// null or empty.
type want map[string]any

func checkRow(t *testing.T, r fakeRow, w want) {
	t.Helper()
	for _, c := range MessageTrace.Columns {
		if c.Name == "Raw" {
			continue
		}
		got := r.get(c.Name)
		exp, ok := w[c.Name]
		if !ok {
			if got != nil && got != "" {
				t.Errorf("%s = %#v, want empty", c.Name, got)
			}
			continue
		}
		if gt, ok := got.(time.Time); ok {
			if !gt.Equal(exp.(time.Time)) {
				t.Errorf("%s = %v, want %v", c.Name, gt, exp)
			}
			continue
		}
		if got != exp {
			t.Errorf("%s = %#v, want %#v", c.Name, got, exp)
		}
	}
}

func TestPowerShellExport(t *testing.T) {
	w := mustParse(t, psType+psHeader+"\r\n"+psSpam+"\r\n"+psOut+"\r\n")
	if len(w.rows) != 2 || len(w.rejects) != 0 || len(w.warns) != 0 {
		t.Fatalf("%d rows, rejects %v, warnings %v; want 2 rows", len(w.rows), w.rejects, w.warns)
	}
	checkRow(t, w.rows[0], want{
		"TimeGenerated": utc("2024-03-01T10:00:00Z"), "SenderAddress": "promo@Bulk-Deals.example",
		"SenderDomain": "bulk-deals.example", "RecipientAddress": "alice@contoso.com", "Subject": "You won a prize",
		"Status": "FilteredAsSpam", "FromIP": "203.0.113.25", "ToIP": "", "Size": int64(20480),
		"MessageId": "<prize-1@bulk-deals.example>", "MessageTraceId": "8e4c1c1a-2222-4c9e-8f00-00000000000a",
		"Organization": "contoso.onmicrosoft.com",
	})
	checkRow(t, w.rows[1], want{
		"TimeGenerated": utc("2024-03-01T14:30:15Z"), "SenderAddress": "alice@contoso.com", "SenderDomain": "contoso.com",
		"RecipientAddress": "partner@fabrikam.example", "Subject": "RE: invoice", "Status": "Delivered",
		"FromIP": "", "ToIP": "192.0.2.10", "Size": int64(1024), "MessageId": "<re-2@contoso.com>",
		"MessageTraceId": "8e4c1c1a-2222-4c9e-8f00-00000000000b", "Organization": "contoso.onmicrosoft.com",
	})
	// The #TYPE line is line 1 and the header line 2: the rows are on 3 and 4.
	if w.rows[0].loc != (source.Location{Line: 3, Record: 1}) || w.rows[1].loc != (source.Location{Line: 4, Record: 2}) {
		t.Errorf("locations %v, %v", w.rows[0].loc, w.rows[1].loc)
	}
	var raw map[string]string
	if err := json.Unmarshal([]byte(w.rows[0].get("Raw").(string)), &raw); err != nil {
		t.Fatal(err)
	}
	if raw["RunspaceId"] != "4f6a0c2e-1111-4a0b-9c1d-000000000001" || raw["Index"] != "0" || len(raw) != 17 {
		t.Errorf("Raw = %v", raw)
	}
}

func TestReport(t *testing.T) {
	content := reportHeader + "\r\n" + reportRow + "\r\n" + reportOut + "\r\n"
	for name, data := range map[string][]byte{"UTF-8": []byte(content), "UTF-16LE": utf16LE(content), "UTF-16BE": utf16BE(content)} {
		t.Run(name, func(t *testing.T) {
			w, err := parseWith(t, data, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(w.rows) != 3 || len(w.rejects) != 0 || len(w.warns) != 0 {
				t.Fatalf("%d rows, rejects %v, warnings %v; want 3 rows", len(w.rows), w.rejects, w.warns)
			}
			// One row per recipient, each with its own status.
			inbound := want{
				"TimeGenerated": utc("2024-03-01T10:05:00.1234567Z"), "SenderAddress": "ceo@c0ntoso.com",
				"SenderDomain": "c0ntoso.com", "Subject": "Urgent wire transfer", "Size": int64(5120),
				"MessageId": "<wire-1@c0ntoso.com>", "MessageTraceId": "0b6f9d4e-3333-4d2a-a000-00000000000c",
				"FromIP": "198.51.100.7", "Directionality": "Incoming", "DeliveryPriority": "Normal",
			}
			inbound["RecipientAddress"], inbound["RecipientStatus"], inbound["Status"] = "alice@contoso.com", "Receive, Deliver", "Delivered"
			checkRow(t, w.rows[0], inbound)
			inbound["RecipientAddress"], inbound["RecipientStatus"], inbound["Status"] = "bob@contoso.com", "Receive, Fail", "Failed"
			checkRow(t, w.rows[1], inbound)
			checkRow(t, w.rows[2], want{
				"TimeGenerated": utc("2024-03-01T11:00:00Z"), "SenderAddress": "alice@contoso.com", "SenderDomain": "contoso.com",
				"RecipientAddress": "partner@fabrikam.example", "RecipientStatus": "Receive, Send", "Status": "Delivered",
				"Subject": "Invoice", "Size": int64(2048), "MessageId": "<inv-1@contoso.com>",
				"MessageTraceId": "0b6f9d4e-3333-4d2a-a000-00000000000d", "Directionality": "Originating",
				"ConnectorId": "Outbound to partner", "DeliveryPriority": "High",
			})
			if w.rows[1].loc != (source.Location{Line: 2, Record: 1}) || w.rows[2].loc != (source.Location{Line: 3, Record: 2}) {
				t.Errorf("locations %v, %v", w.rows[1].loc, w.rows[2].loc)
			}
		})
	}
}

func TestRecipientStatus(t *testing.T) {
	cases := []struct {
		in, address, events, status string
	}{
		{"alice@contoso.com##Receive, Deliver", "alice@contoso.com", "Receive, Deliver", "Delivered"},
		{" bob@contoso.com ## Receive, Send ", "bob@contoso.com", "Receive, Send", "Delivered"},
		{"c@contoso.com##Receive, Fail", "c@contoso.com", "Receive, Fail", "Failed"},
		{"dl@contoso.com##Receive, Expand", "dl@contoso.com", "Receive, Expand", "Expanded"},
		{"d@contoso.com##Receive, Defer", "d@contoso.com", "Receive, Defer", "Pending"},
		{"e@contoso.com##Receive, Quarantine", "e@contoso.com", "Receive, Quarantine", "Quarantined"},
		{"f@contoso.com##Receive", "f@contoso.com", "Receive", "Receive"}, // unfinished: kept as written
		{"g@contoso.com", "g@contoso.com", "", ""},
	}
	for _, tc := range cases {
		a, e, s := recipientStatus(tc.in)
		if a != tc.address || e != tc.events || s != tc.status {
			t.Errorf("recipientStatus(%q) = %q, %q, %q; want %q, %q, %q", tc.in, a, e, s, tc.address, tc.events, tc.status)
		}
	}
}

func TestBadInput(t *testing.T) {
	type issue struct {
		line   int64
		reason string // a part of the reason
	}
	cases := []struct {
		name     string
		content  string
		rows     int
		rejects  []issue
		warnings []issue
	}{
		{
			name:    "a bare quote in a cell",
			content: reportHeader + "\n" + `"2024-03-01T10:00:00Z","a@b.c","x@y.z##Receive, Deliver","say "hi"","1","m","n","","Incoming","",""` + "\n" + reportRow + "\n",
			rows:    2,
			rejects: []issue{{2, "not CSV"}},
		},
		{
			name:    "too few fields",
			content: psHeader + "\n" + `"a","b"` + "\n" + psSpam + "\n",
			rows:    1,
			rejects: []issue{{2, "the record has 2 fields, the header has 17"}},
		},
		{
			name:    "a quote that never closes costs one line",
			content: psHeader + "\n" + `"outlook.office365.com","x` + "\n" + strings.Repeat(psSpam+"\n", 70),
			rows:    70,
			rejects: []issue{{2, "a quoted cell does not close"}},
		},
		{
			name:    "a subject over two lines is one record",
			content: reportHeader + "\n" + `"2024-03-01T10:00:00Z","a@b.c","x@y.z##Receive, Deliver","two` + "\n" + `lines","1","m","n","","Incoming","",""` + "\n" + reportRow + "\n",
			rows:    3,
		},
		{
			name:     "a time that is not a time",
			content:  "Received,SenderAddress,RecipientAddress,Status,Size\nyesterday,a@b.c,d@e.f,Delivered,12\n",
			rows:     1,
			warnings: []issue{{2, `TimeGenerated: "yesterday" is not a time`}},
		},
		{
			name:     "a size that is not a number",
			content:  "Received,SenderAddress,RecipientAddress,Status,Size\n3/1/2024 10:00:00 AM,a@b.c,d@e.f,Delivered,big\n",
			rows:     1,
			warnings: []issue{{2, `"big" is not a number`}},
		},
		{
			name:     "no time column: rows kept, each warned",
			content:  "SenderAddress,RecipientAddress,MessageTraceId\na@b.c,d@e.f,1\na@b.c,g@e.f,2\n",
			rows:     2,
			warnings: []issue{{2, "has no time column"}, {3, "has no time column"}},
		},
		{
			name:     "an empty time cell",
			content:  "Received,SenderAddress,RecipientAddress,Status\n,a@b.c,d@e.f,Delivered\n",
			rows:     1,
			warnings: []issue{{2, "the time cell is empty"}},
		},
		{
			name:    "a line over the limit is rejected, not cut",
			content: "Received,SenderAddress,RecipientAddress,Status,Subject\n3/1/2024 10:00:00 AM,a@b.c,d@e.f,Delivered," + strings.Repeat("x", 2*maxRecordBytes) + "\n3/1/2024 10:00:01 AM,a@b.c,d@e.f,Delivered,ok\n",
			rows:    1,
			rejects: []issue{{2, "longer than"}},
		},
		{
			name:    "only a header",
			content: psType + psHeader + "\n",
		},
		{
			name:    "blank lines are not records",
			content: psHeader + "\n\n\r\n" + psSpam + "\n\n",
			rows:    1,
		},
		{
			name:    "invalid UTF-8 is replaced",
			content: "Received,SenderAddress,RecipientAddress,Status,Subject\n3/1/2024 10:00:00 AM,a@b.c,d@e.f,Delivered,caf\xe9\n",
			rows:    1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustParse(t, tc.content)
			if len(w.rows) != tc.rows {
				t.Errorf("%d rows, want %d", len(w.rows), tc.rows)
			}
			check := func(kind string, got []fakeIssue, want []issue) {
				if len(got) != len(want) {
					t.Errorf("%s %v, want %v", kind, got, want)
					return
				}
				for i := range want {
					if got[i].loc.Line != want[i].line || !strings.Contains(got[i].reason, want[i].reason) {
						t.Errorf("%s[%d] = %v %q, want line %d %q", kind, i, got[i].loc, got[i].reason, want[i].line, want[i].reason)
					}
				}
			}
			check("rejects", w.rejects, tc.rejects)
			check("warnings", w.warns, tc.warnings)
			for _, r := range w.rows {
				for _, v := range r.values {
					if s, ok := v.(string); ok && !utf8.ValidString(s) {
						t.Errorf("invalid UTF-8 kept: %q", s)
					}
				}
				var raw map[string]string
				if err := json.Unmarshal([]byte(r.get("Raw").(string)), &raw); err != nil {
					t.Errorf("Raw is not JSON: %v", err)
				}
			}
		})
	}
}

func TestSkippedFiles(t *testing.T) {
	cases := []struct {
		name, content, table, reason string
	}{
		{"extended report", extendedHeader + "\n", "", "extended message trace report"},
		{"another table named with --table", psHeader + "\n" + psSpam + "\n", "SigninLogs", "fills MessageTrace, not SigninLogs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parseWith(t, []byte(tc.content), tc.table)
			var skip *source.SkipFile
			if !errors.As(err, &skip) || !strings.Contains(skip.Reason, tc.reason) {
				t.Fatalf("err %v, want a skip saying %q", err, tc.reason)
			}
			if len(w.rows) != 0 {
				t.Errorf("%d rows from a skipped file", len(w.rows))
			}
		})
	}
	// --table MessageTrace is this package's own table: loaded.
	w, err := parseWith(t, []byte(psHeader+"\n"+psSpam+"\n"), "messagetrace")
	if err != nil || len(w.rows) != 1 {
		t.Errorf("--table messagetrace: %v, %d rows", err, len(w.rows))
	}
}

func TestUTF16Reader(t *testing.T) {
	text := "a,é,😀\r\nsubject: 商品\n"
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"little-endian", utf16LE(text), text},
		{"big-endian", utf16BE(text), text},
		// A high surrogate with no low one after it.
		{"lone surrogate", append(utf16LE("a"), 0x3D, 0xD8, 'b', 0), "a\uFFFDb"},
		{"odd last byte dropped", append(utf16LE("ab"), 'c'), "ab"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// One byte at a time: pairs and characters split across reads.
			got, err := io.ReadAll(decodedReader(iotest.OneByteReader(strings.NewReader(string(tc.in)))))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
