package hunt

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/cloudhunt/cloudhunt/hunts"
	"github.com/cloudhunt/cloudhunt/internal/formats"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/azure/msgtrace"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// The two e-mail hunts read EmailEvents and MessageTrace (package msgtrace).
// Until those tables are in formats.Tables, these tests open their cases
// and load the catalog with them appended.

// mailTables are the case tables with msgtrace's, each once.
func mailTables() []*source.Table {
	tables := formats.Tables()
	for _, m := range msgtrace.Tables {
		if tableNamed(tables, m.Name) == nil {
			tables = append(tables, m)
		}
	}
	return tables
}

// newMailCase is newTestCase over mailTables.
func newMailCase(t *testing.T) *testCase {
	t.Helper()
	dir := t.TempDir()
	c, err := store.Open(dir, mailTables(), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.DB.Exec(`INSERT INTO _evidence (id, path, size, sha256, format, "table", records, rejected, warnings, ingested_at)
		VALUES (1, '/evidence/mail.csv', 0, '', 'test', NULL, 0, 0, 0, now())`); err != nil {
		t.Fatal(err)
	}
	return &testCase{t: t, dir: dir, db: c.DB}
}

// mailHunts are the hunts tested here.
var mailHunts = []string{"azure/az-spam-messages.yaml", "azure/az-suspicious-email.yaml"}

// mailCatalog loads the two e-mail hunts from the embedded hunts, checked
// over mailTables as Builtin checks every hunt (only these two: hunts
// whose tables are still being added elsewhere do not fail this test).
func mailCatalog(t *testing.T) *Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range mailHunts {
		data, err := fs.ReadFile(hunts.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	cat, err := Load(fsys, mailTables())
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// runMail runs one of the e-mail hunts on the case reopened read-only, as tc.run does.
func runMail(t *testing.T, tc *testCase, id string, opts RunOptions) Result {
	t.Helper()
	cat := mailCatalog(t)
	hunts, err := cat.Select(Filter{IDs: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tc.db.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := store.Open(tc.dir, mailTables(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	results, err := Run(context.Background(), c, hunts, opts)
	if err != nil {
		t.Fatal(err)
	}
	if results[0].Status == StatusError {
		t.Fatalf("%s failed: %v", id, results[0].Err)
	}
	return results[0]
}

// email is an EmailEvents row.
func email(clock, from, ip, to, threats string) row {
	domain := from[len(from)-len(domainPart(from)):]
	return row{"TimeGenerated": at(clock), "Timestamp": at(clock), "SenderFromAddress": from, "SenderFromDomain": domain,
		"SenderMailFromAddress": from, "SenderMailFromDomain": domain, "SenderIPv4": ip, "RecipientEmailAddress": to,
		"Subject": "subject " + clock, "EmailDirection": "Inbound", "ThreatTypes": threats,
		"NetworkMessageId": fmt.Sprintf("nm-%s-%s", clock, to), "DeliveryAction": "Delivered"}
}

// trace is a MessageTrace row as Get-MessageTrace gives it: an inbound
// message has a FromIP and no ToIP.
func trace(clock, from, ip, to, status string) row {
	return row{"TimeGenerated": at(clock), "SenderAddress": from, "SenderDomain": domainPart(from), "RecipientAddress": to,
		"Status": status, "FromIP": ip, "ToIP": "", "Subject": "subject " + clock, "Size": int64(2048),
		"MessageTraceId": fmt.Sprintf("mt-%s-%s", clock, to), "MessageId": "<" + clock + "@" + domainPart(from) + ">"}
}

func domainPart(address string) string {
	for i := len(address) - 1; i >= 0; i-- {
		if address[i] == '@' {
			return address[i+1:]
		}
	}
	return ""
}

func TestHuntAzSpamMessages(t *testing.T) {
	mailCase := func() *testCase {
		return newMailCase(t).
			rows("EmailEvents",
				email("10:00:00", "promo@bulk-deals.example", "203.0.113.25", "alice@contoso.com", "Spam"),
				email("10:01:00", "promo@bulk-deals.example", "203.0.113.25", "bob@contoso.com", "Phish,Spam"),
				// Look-alikes: phishing alone is not spam; clean mail.
				email("10:02:00", "ceo@c0ntoso.com", "198.51.100.7", "alice@contoso.com", "Phish"),
				email("10:03:00", "news@fabrikam.example", "192.0.2.50", "alice@contoso.com", "")).
			rows("MessageTrace",
				// The same sender as Defender saw, in the message trace.
				trace("10:04:00", "Promo@Bulk-Deals.example", "203.0.113.25", "carol@contoso.com", "FilteredAsSpam"),
				trace("10:05:00", "offers@cheap-pills.example", "203.0.113.99", "dave@contoso.com", "Quarantined"),
				// Look-alikes: delivered and failed mail.
				trace("10:06:00", "news@fabrikam.example", "192.0.2.50", "bob@contoso.com", "Delivered"),
				trace("10:07:00", "x@unknown.example", "192.0.2.51", "nobody@contoso.com", "Failed"))
	}
	r := runMail(t, mailCase(), "az-spam-messages", RunOptions{})
	wantKeys(t, r, "promo@bulk-deals.example|203.0.113.25", "offers@cheap-pills.example|203.0.113.99")
	wantColumn(t, r, "Messages", int64(3), int64(1))
	wantColumn(t, r, "Recipients", int64(3), int64(1))
	// make_set promises no order.
	evidence := column(t, r, "Evidence")
	var both []string
	if err := json.Unmarshal([]byte(fmt.Sprint(evidence[0])), &both); err != nil {
		t.Fatal(err)
	}
	slices.Sort(both)
	if !slices.Equal(both, []string{"EmailEvents", "MessageTrace"}) || evidence[1] != `["MessageTrace"]` {
		t.Errorf("Evidence = %v, want both tables, then MessageTrace", evidence)
	}

	r = runMail(t, mailCase(), "az-spam-messages", RunOptions{Params: map[string]string{"min_messages": "2"}})
	wantKeys(t, r, "promo@bulk-deals.example|203.0.113.25")

	// The window: only the quarantined message is after 10:04:30.
	since := at("10:04:30")
	r = runMail(t, mailCase(), "az-spam-messages", RunOptions{Since: &since})
	wantKeys(t, r, "offers@cheap-pills.example|203.0.113.99")

	// A case with neither table filled has no data for it.
	r = runMail(t, newMailCase(t), "az-spam-messages", RunOptions{})
	if r.Status != StatusNoData {
		t.Errorf("empty case: status %q, want %q", r.Status, StatusNoData)
	}
}

func TestHuntAzSuspiciousEmail(t *testing.T) {
	recipients := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("user%02d@contoso.com", i)
		}
		return out
	}
	mailCase := func() *testCase {
		var ee, mt []row
		// Before the window (09:xx): the baseline of known senders and IPs.
		ee = append(ee, email("09:00:00", "hr@partner.example", "192.0.2.10", "alice@contoso.com", ""))
		mt = append(mt, trace("09:10:00", "billing@vendor.example", "192.0.2.20", "bob@contoso.com", "Delivered"))
		// In the window: a new sender from a new IP mails 12 people.
		for i, to := range recipients(12) {
			ee = append(ee, email(fmt.Sprintf("10:%02d:00", i), "invoice@new-sender.example", "203.0.113.40", to, ""))
		}
		// A known sender from a new IP also mails 12 people (in the
		// message trace).
		for i, to := range recipients(12) {
			mt = append(mt, trace(fmt.Sprintf("11:%02d:00", i), "billing@vendor.example", "203.0.113.41", to, "Delivered"))
		}
		// A look-alike of contoso.com writes to one person.
		mt = append(mt, trace("12:00:00", "ceo@c0ntoso.com", "198.51.100.7", "alice@contoso.com", "Delivered"))
		// Look-alikes: a known sender from its known IP mails 12 people; a
		// new sender reaches only 3; outbound mail from a look-alike
		// recipient domain; a domain that only shares letters.
		for i, to := range recipients(12) {
			ee = append(ee, email(fmt.Sprintf("13:%02d:00", i), "hr@partner.example", "192.0.2.10", to, ""))
		}
		for i, to := range recipients(3) {
			ee = append(ee, email(fmt.Sprintf("14:%02d:00", i), "hello@small.example", "203.0.113.42", to, ""))
		}
		out := trace("15:00:00", "alice@contoso.com", "", "ceo@c0ntoso.com", "Delivered")
		out["ToIP"] = "198.51.100.7"
		mt = append(mt, out, trace("15:01:00", "info@contosoo-shop.example", "192.0.2.99", "alice@contoso.com", "Delivered"))
		return newMailCase(t).rows("EmailEvents", ee...).rows("MessageTrace", mt...)
	}
	since := at("10:00:00")
	r := runMail(t, mailCase(), "az-suspicious-email", RunOptions{Since: &since})
	wantKeys(t, r, "billing@vendor.example|203.0.113.41", "invoice@new-sender.example|203.0.113.40", "ceo@c0ntoso.com|198.51.100.7")
	wantColumn(t, r, "Recipients", int64(12), int64(12), int64(1))
	wantColumn(t, r, "Reasons", `["new sender, many recipients"]`, `["new sender, many recipients"]`, `["lookalike domain of contoso.com"]`)

	// Fewer recipients make the small sender a finding too.
	r = runMail(t, mailCase(), "az-suspicious-email", RunOptions{Since: &since, Params: map[string]string{"min_recipients": "3"}})
	wantKeys(t, r, "billing@vendor.example|203.0.113.41", "invoice@new-sender.example|203.0.113.40",
		"hello@small.example|203.0.113.42", "ceo@c0ntoso.com|198.51.100.7")

	// With the whole evidence as the window there is no baseline: the
	// partner's 13 messages make it a new sender too.
	r = runMail(t, mailCase(), "az-suspicious-email", RunOptions{})
	wantSet(t, r, "billing@vendor.example|203.0.113.41", "invoice@new-sender.example|203.0.113.40",
		"hr@partner.example|192.0.2.10", "ceo@c0ntoso.com|198.51.100.7")

	// The report's Directionality says which mail is inbound.
	tc := newMailCase(t).rows("MessageTrace", func() []row {
		var rows []row
		for i, to := range recipients(10) {
			in := trace(fmt.Sprintf("10:%02d:00", i), "blast@mass.example", "203.0.113.50", to, "Delivered")
			in["Directionality"] = "Incoming"
			out := trace(fmt.Sprintf("11:%02d:00", i), "alice@contoso.com", "10.0.0.5", fmt.Sprintf("c%d@customer.example", i), "Delivered")
			out["Directionality"] = "Originating"
			rows = append(rows, in, out)
		}
		return rows
	}()...)
	// Outbound Defender mail: both sources hold rows (a hunt reports
	// "no data" while any of its sources is empty).
	out := email("12:00:00", "alice@contoso.com", "10.0.0.5", "x@customer.example", "")
	out["EmailDirection"] = "Outbound"
	tc.rows("EmailEvents", out)
	r = runMail(t, tc, "az-suspicious-email", RunOptions{})
	wantKeys(t, r, "blast@mass.example|203.0.113.50")
}

// The e-mail hunts are no longer console only.
func TestHuntAzEmailHuntsHaveDetections(t *testing.T) {
	cat := mailCatalog(t)
	for _, id := range []string{"az-spam-messages", "az-suspicious-email"} {
		h := cat.Hunt(id)
		if h == nil || h.ConsoleOnly() || h.Detection.Lang != LangKQL {
			t.Fatalf("%s: %+v, want a KQL detection", id, h)
		}
		if len(h.Procedures) != 1 || h.Procedures[0].Kind != KindConsole {
			t.Errorf("%s: procedures %+v, want the playbook's console step kept", id, h.Procedures)
		}
	}
}
