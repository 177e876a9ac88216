package sample

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/source/azure"
)

// The tenant's mail for the week, in the two shapes the e-mail hunts read:
// Defender for Office 365's EmailEvents as `az monitor log-analytics
// query` rows, and an Exchange Online message trace as `Get-MessageTrace |
// Export-Csv` writes it. Every message is in both, one row per recipient.
//
// On Friday 2024-03-08 (UTC):
//
//	02:10  offers@prize-winners.top (203.0.113.77) spams 25 users: Defender
//	       junks or quarantines every message.
//	07:20  billing@invoice-portal.net (203.0.113.88), never seen before,
//	       sends an "overdue invoice" to 14 users; nothing flags it.
//	07:55  it-helpdesk@c0ntoso.com (198.51.100.120) sends a password-expiry
//	       lure to 6 users: the attacker owns the look-alike domain, so
//	       SPF and DKIM pass and it is delivered.
//
// The benign look-alikes: Fabrikam's order desk mails the nine-person
// procurement team every day (many messages, one recipient short of
// min_recipients), and newsletters that read like spam (high bulk
// complaint level) reach one subscriber each and are delivered unflagged.
// Everything else is everyday correspondence, each outside sender writing
// to at most three people, so that no scale can make it a burst.

// Default parameters of the e-mail hunts.
const (
	azMailMinMessages   = 1
	azMailMinRecipients = 10
)

// The attack's mail senders (documentation ranges, never drawn at random).
const (
	mailSpammer    = "offers@prize-winners.top"
	mailSpamIP     = "203.0.113.77"
	mailNewSender  = "billing@invoice-portal.net"
	mailNewIP      = "203.0.113.88"
	mailPhisher    = "it-helpdesk@c0ntoso.com"
	mailPhishIP    = "198.51.100.120"
	mailPartner    = "orders@fabrikam.com"
	mailPartnerIP  = "131.107.3.25" // Fabrikam's own mail server: a fixed address, not random
	mailOrg        = "contoso.onmicrosoft.com"
	mailTraceFile  = "exports/Get-MessageTrace.csv"
	mailEventsFile = "exports/EmailEvents-query.json"
)

// mailMsg is one message, before it is split into rows per recipient.
type mailMsg struct {
	t          time.Time
	from, name string // sender address (header From and envelope alike) and display name
	ip         string // sending server; "" for mail the tenant sends
	toIP       string // receiving server of outbound mail
	to         []string
	subject    string
	inbound    bool
	threats    string // EmailEvents ThreatTypes: "", "Spam", "Phish"
	action     string // EmailEvents DeliveryAction
	location   string // EmailEvents DeliveryLocation
	status     string // MessageTrace Status
	bcl        int    // bulk complaint level
	auth       string // SPF/DKIM/DMARC verdict: "pass" or "fail"
	size       int64
	urls       int
	netID      string // NetworkMessageId = MessageTraceId
	internetID string // Message-ID header
}

// mailRow is one row of EmailEvents or MessageTrace with the columns the
// e-mail hunts read, as the file holds them; the ground truth is computed
// from these.
type mailRow struct {
	table     string    // EmailEvents or MessageTrace
	t         time.Time // EmailEvents keeps milliseconds, Get-MessageTrace whole seconds
	sender    string
	domain    string // SenderFromDomain, or the sender address's domain (msgtrace derives it)
	ip        string // SenderIPv4 or FromIP
	toIP      string // MessageTrace only
	recipient string
	direction string // EmailDirection; MessageTrace's Directionality (none in Get-MessageTrace)
	threats   string // EmailEvents only
	status    string // MessageTrace only
	id        string // NetworkMessageId or MessageTraceId
}

// mailContact is an outside correspondent: everyday mail goes between it
// and a fixed few users.
type mailContact struct {
	addr, name, ip string
	users          []*azUser
}

// mailDomains are the correspondents' organisations. None reads as
// contoso.com once look-alike characters are undone.
var mailDomains = []string{"northwindtraders.com", "adventure-works.com", "litwareinc.com", "tailspintoys.com",
	"wingtiptoys.com", "woodgrovebank.com", "proseware.com", "lucernepublishing.com", "margiestravel.com",
	"alpineskihouse.com", "coho-vineyard.com", "treyresearch.net", "wideworldimporters.com", "fourthcoffee.com"}

// mailDay is a time on day d of the week (0 = Monday 2024-03-04) at
// h:m:s UTC.
func mailDay(d int64, h, m, s int) time.Time {
	return time.Unix(bgStart+d*day+int64(h)*hour+int64(m)*60+int64(s), 0).UTC()
}

// mailWorkTime is a random time in working hours, mostly on weekdays, with
// milliseconds.
func mailWorkTime(r *rand.Rand) time.Time {
	d := r.Int64N(7)
	if d >= 5 && r.IntN(4) != 0 {
		d = r.Int64N(5) // weekends are quiet
	}
	return time.Unix(bgStart+d*day+7*hour+r.Int64N(11*hour), r.Int64N(1000)*int64(time.Millisecond)).UTC()
}

func writeMail(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa20d0)

	// The correspondents and their contacts, drawn before anything that
	// scales so that the same seed gives the same people at every scale.
	var contacts []*mailContact
	for i, domain := range mailDomains {
		ip := publicIPv4(r)
		for k := 0; k < 2; k++ {
			first, last := azFirstNames[(i*7+k*13+5)%len(azFirstNames)], azLastNames[(i*11+k*3+17)%len(azLastNames)]
			c := &mailContact{addr: first + "." + last + "@" + domain, ip: ip,
				name: strings.ToUpper(first[:1]) + first[1:] + " " + strings.ToUpper(last[:1]) + last[1:]}
			for n := between(r, 1, 3); len(c.users) < n; {
				u := pick(r, w.users)
				if !containsUser(c.users, u) {
					c.users = append(c.users, u)
				}
			}
			contacts = append(contacts, c)
		}
	}
	procurement := w.users[20:29] // nine people: one short of min_recipients
	newsletters := []struct{ from, name, subject string }{
		{"deals@e.fourthcoffee.com", "Fourth Coffee", "FLASH SALE: 70% off every bean, today only!!!"},
		{"news@mail.margiestravel.com", "Margie's Travel", "You have been selected: claim your free upgrade now"},
		{"hello@updates.wingtiptoys.com", "Wingtip Toys", "Last chance! Your exclusive reward expires tonight"},
		{"offers@promo.alpineskihouse.com", "Alpine Ski House", "WIN a ski weekend - click to enter"},
	}
	newsIPs := make([]string, len(newsletters))
	newsUsers := make([]*azUser, len(newsletters))
	for i := range newsletters {
		newsIPs[i], newsUsers[i] = publicIPv4(r), pick(r, w.users[1:])
	}

	var msgs []*mailMsg
	add := func(m *mailMsg) {
		m.netID = randGUID(r)
		domain := "contoso.com"
		if m.inbound {
			domain = domainPart(m.from)
		}
		m.internetID = "<" + string(appendHex(nil, r.Uint64(), 16)) + "@" + domain + ">"
		if m.size == 0 {
			m.size = logUniform(r, 4000, 2000000)
		}
		if m.action == "" {
			m.action, m.location, m.status = "Delivered", "Inbox/folder", "Delivered"
		}
		if m.auth == "" {
			m.auth = "pass"
		}
		msgs = append(msgs, m)
	}
	subjects := []string{"RE: Q1 forecast", "Meeting notes", "Contract draft v3", "FW: shipping schedule", "Invoice 2024-0311",
		"Lunch on Thursday?", "RE: RE: open items", "Updated price list", "Project kickoff", "Quick question"}

	// Background: everyday mail in and out; it is what grows with scale.
	for i := 0; i < scaled(260, scale); i++ {
		c := pick(r, contacts)
		to := []string{c.users[0].upn}
		for _, u := range c.users[1:] {
			if r.IntN(2) == 0 {
				to = append(to, u.upn)
			}
		}
		add(&mailMsg{t: mailWorkTime(r), from: c.addr, name: c.name, ip: c.ip, to: to, subject: pick(r, subjects),
			inbound: true, urls: r.IntN(3)})
	}
	for i := 0; i < scaled(180, scale); i++ {
		c := pick(r, contacts)
		u := pick(r, c.users)
		add(&mailMsg{t: mailWorkTime(r), from: u.upn, name: u.name, toIP: c.ip, to: []string{c.addr},
			subject: pick(r, subjects)})
	}
	// Two outbound messages bounce: a mistyped address.
	for d := int64(1); d <= 2; d++ {
		u := w.users[int(d)*6]
		add(&mailMsg{t: mailDay(d, 15, 12, 40), from: u.upn, name: u.name, to: []string{"jon.smtih@northwindtraders.com"},
			toIP: contacts[0].ip, subject: "Follow-up", action: "Delivered", location: "On-premises/External", status: "Failed"})
	}
	// Fabrikam's order desk: every day of the week, to the procurement team.
	for d := int64(0); d < 7; d++ {
		for k := 0; k < scaled(4, scale); k++ {
			var to []string
			for _, u := range procurement {
				if r.IntN(3) == 0 {
					to = append(to, u.upn)
				}
			}
			if len(to) == 0 {
				to = []string{procurement[r.IntN(len(procurement))].upn}
			}
			add(&mailMsg{t: mailDay(d, 6+k%12, r.IntN(60), r.IntN(60)).Add(time.Duration(r.IntN(1000)) * time.Millisecond),
				from: mailPartner, name: "Fabrikam Orders", ip: mailPartnerIP, to: to, inbound: true,
				subject: "Order confirmation PO-" + strconv.Itoa(48100+int(d)*1000+k), urls: 1})
		}
	}
	// Newsletters that read like spam but are wanted: one subscriber each,
	// one or two issues in the week, delivered with a high bulk level.
	for i, n := range newsletters {
		for k := 0; k <= i%2; k++ {
			add(&mailMsg{t: mailDay(int64(i+2*k), 13, 5*i, 17), from: n.from, name: n.name, ip: newsIPs[i],
				to: []string{newsUsers[i].upn}, inbound: true, subject: n.subject, bcl: 6, urls: 12})
		}
	}

	// The spam campaign: 25 users, five of them twice; high-confidence
	// spam goes to quarantine, the rest to Junk.
	targets := w.users[5:30]
	for i := 0; i < 30; i++ {
		u := targets[i%len(targets)]
		m := &mailMsg{t: azAt(2, 10, 0, 0).Add(time.Duration(i)*53*time.Second + time.Duration(r.IntN(1000))*time.Millisecond),
			from: mailSpammer, name: "Prize Department", ip: mailSpamIP, to: []string{u.upn}, inbound: true,
			subject: "Congratulations! You won a $1000 gift card", threats: "Spam", auth: "fail", bcl: 9, urls: 4,
			action: "Junked", location: "Junk folder", status: "FilteredAsSpam"}
		if i%4 == 0 {
			m.action, m.location, m.status = "Blocked", "Quarantine", "Quarantined"
		}
		add(m)
	}
	// The new sender: one message per user, 40 seconds apart, clean.
	for i, u := range w.users[10:24] {
		add(&mailMsg{t: azAt(7, 20, 0, 0).Add(time.Duration(i)*40*time.Second + time.Duration(r.IntN(1000))*time.Millisecond),
			from: mailNewSender, name: "Accounts Receivable", ip: mailNewIP, to: []string{u.upn}, inbound: true,
			subject: "Invoice INV-20240308 is overdue", urls: 1, size: 48211})
	}
	// The look-alike phish: one message to six people, victim included.
	add(&mailMsg{t: azAt(7, 55, 12, 316), from: mailPhisher, name: "Contoso IT Helpdesk", ip: mailPhishIP,
		to:      []string{w.victim.upn, w.users[2].upn, w.users[7].upn, w.users[13].upn, w.users[31].upn, w.users[35].upn},
		inbound: true, subject: "Action required: your contoso.com password expires today", urls: 1, size: 23874})

	byTime(msgs, func(m *mailMsg) time.Time { return m.t })
	if err := w.writeEmailEvents(o, r, msgs); err != nil {
		return err
	}
	return w.writeMessageTrace(o, r, msgs)
}

func containsUser(us []*azUser, u *azUser) bool {
	for _, x := range us {
		if x == u {
			return true
		}
	}
	return false
}

// domainPart is what follows the last @ of an address, lower-cased.
func domainPart(addr string) string {
	return strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
}

// writeEmailEvents writes Defender's rows: one per message and recipient,
// in time order, as az prints them.
func (w *azWorld) writeEmailEvents(o *azOut, r *rand.Rand, msgs []*mailMsg) error {
	userID := map[string]string{}
	for _, u := range w.users {
		userID[u.upn] = u.id
	}
	var rows []laRow
	for _, m := range msgs {
		dir := "Outbound"
		if m.inbound {
			dir = "Inbound"
		}
		cluster := int64(hashOf(w.seed, hashString(m.from), hashString(m.subject)) >> 20)
		for _, to := range m.to {
			t := m.t.Truncate(time.Millisecond)
			row := laRow{"AttachmentCount": 0, "BulkComplaintLevel": m.bcl, "Connectors": "", "DeliveryAction": m.action,
				"DeliveryLocation": m.location, "EmailClusterId": cluster, "EmailDirection": dir, "EmailLanguage": "en",
				"InternetMessageId": m.internetID, "LatestDeliveryAction": "", "LatestDeliveryLocation": m.location,
				"NetworkMessageId": m.netID, "RecipientEmailAddress": to, "ReportId": m.netID + "-" + strconv.FormatUint(r.Uint64()%1e19, 10) + "-1",
				"SenderDisplayName": m.name, "SenderFromAddress": m.from, "SenderFromDomain": domainPart(m.from),
				"SenderIPv4": m.ip, "SenderMailFromAddress": m.from, "SenderMailFromDomain": domainPart(m.from),
				"SourceSystem": "Azure", "Subject": m.subject, "TenantId": w.workspace, "ThreatTypes": m.threats,
				"TimeGenerated": t, "Timestamp": t, "UrlCount": m.urls,
				"AuthenticationDetails": jsonText(obj{{"SPF", m.auth}, {"DKIM", m.auth}, {"DMARC", m.auth}, {"CompAuth", m.auth}})}
			if m.inbound {
				row["RecipientObjectId"] = userID[to]
			} else {
				row["SenderObjectId"] = userID[m.from]
				row["SenderIPv4"] = w.officeIP // the Outlook client that submitted it
			}
			switch m.threats {
			case "Spam":
				conf := "Normal"
				if m.status == "Quarantined" {
					conf = "High"
				}
				row["ConfidenceLevel"] = jsonText(obj{{"Spam", conf}})
				row["DetectionMethods"] = jsonText(obj{{"Spam", []string{"Advanced filter"}}})
				row["ThreatNames"] = ""
				row["EmailAction"] = "Move to junk mail folder"
				if m.status == "Quarantined" {
					row["EmailAction"] = "Send to quarantine"
				}
				row["EmailActionPolicy"] = "Antispam"
			}
			rows = append(rows, row)
			o.mailRows = append(o.mailRows, &mailRow{t: t, sender: m.from, domain: domainPart(m.from), ip: row["SenderIPv4"].(string),
				recipient: to, direction: dir, threats: m.threats, id: m.netID, table: "EmailEvents"})
		}
	}
	o.rows["EmailEvents"] += int64(len(rows))
	return o.writeJSON(mailEventsFile, azRows(azure.EmailEvents, rows), "  ")
}

// psHeaders are Export-Csv's columns for Get-MessageTrace output.
var psHeaders = []string{"PSComputerName", "RunspaceId", "PSShowComputerName", "Organization", "MessageId", "Received",
	"SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP", "FromIP", "Size", "MessageTraceId", "StartDate", "EndDate", "Index"}

// psTime is how Windows PowerShell (en-US) writes a DateTime in a CSV.
func psTime(t time.Time) string { return t.UTC().Format("1/2/2006 3:04:05 PM") }

// writeMessageTrace writes `Get-MessageTrace -StartDate 3/4/2024 -EndDate
// 3/11/2024 | Export-Csv`: the "#TYPE" line, every cell quoted, CRLF, one
// row per message and recipient, newest first as the cmdlet returns them.
func (w *azWorld) writeMessageTrace(o *azOut, r *rand.Rand, msgs []*mailMsg) error {
	type traceRow struct {
		m  *mailMsg
		to string
	}
	var rows []traceRow
	for _, m := range msgs {
		for _, to := range m.to {
			rows = append(rows, traceRow{m, to})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].m.t.After(rows[j].m.t) })

	var b strings.Builder
	b.WriteString("#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n")
	writeQuoted(&b, psHeaders)
	runspace := w.guidOf("runspace", "mail")
	start, end := psTime(time.Unix(bgStart, 0)), psTime(time.Unix(bgEnd, 0))
	for i, tr := range rows {
		m := tr.m
		t := m.t.Truncate(time.Second)
		writeQuoted(&b, []string{"outlook.office365.com", runspace, "False", mailOrg, m.internetID, psTime(t),
			m.from, tr.to, m.subject, m.status, m.toIP, m.ip, strconv.FormatInt(m.size, 10), m.netID, start, end, strconv.Itoa(i)})
		o.mailRows = append(o.mailRows, &mailRow{t: t, sender: m.from, domain: domainPart(m.from), ip: m.ip, toIP: m.toIP,
			recipient: tr.to, status: m.status, id: m.netID, table: "MessageTrace"})
	}
	o.rows["MessageTrace"] += int64(len(rows))
	return o.writeFile(mailTraceFile, []byte(b.String()))
}

// writeQuoted writes one CSV record with every cell quoted, as Export-Csv
// does.
func writeQuoted(b *strings.Builder, cells []string) {
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(c, `"`, `""`))
		b.WriteByte('"')
	}
	b.WriteString("\r\n")
}

// hasTerm is KQL's has: term is one of the text's words, ignoring case.
func hasTerm(text, term string) bool {
	words := strings.FieldsFunc(text, func(c rune) bool {
		return !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
	})
	for _, word := range words {
		if strings.EqualFold(word, term) {
			return true
		}
	}
	return false
}

// unLookalike undoes look-alike characters as az-suspicious-email does,
// in its order.
func unLookalike(domain string) string {
	for _, p := range [][2]string{{"0", "o"}, {"1", "l"}, {"3", "e"}, {"5", "s"}, {"rn", "m"}, {"vv", "w"}, {"-", ""}} {
		domain = strings.ReplaceAll(domain, p[0], p[1])
	}
	return domain
}

// mailTruth computes az-spam-messages and az-suspicious-email from the rows
// written, with the hunts' default parameters and their default window:
// the time range of EmailEvents and MessageTrace together.
func (w *azWorld) mailTruth(o *azOut, put func(*truthSet, []string, bool, string)) error {
	if len(o.mailRows) == 0 {
		return fmt.Errorf("no mail rows")
	}
	since, until := o.mailRows[0].t, o.mailRows[0].t
	for _, m := range o.mailRows {
		if m.t.Before(since) {
			since = m.t
		}
		if m.t.After(until) {
			until = m.t
		}
	}
	in := func(m *mailRow) bool { return !m.t.Before(since) && !m.t.After(until) }

	// az-spam-messages: Defender's Spam verdicts and the trace's spam
	// statuses, messages counted once per sender and address.
	spamMsgs := map[string]map[string]bool{}
	for _, m := range o.mailRows {
		spam := m.table == "EmailEvents" && hasTerm(m.threats, "Spam") ||
			m.table == "MessageTrace" && (strings.EqualFold(m.status, "FilteredAsSpam") || strings.EqualFold(m.status, "Quarantined"))
		if !spam || !in(m) {
			continue
		}
		k := strings.ToLower(m.sender) + "|" + m.ip
		if spamMsgs[k] == nil {
			spamMsgs[k] = map[string]bool{}
		}
		spamMsgs[k][m.id] = true
	}
	spam := newTruthSet("az-spam-messages")
	for k, ids := range spamMsgs {
		if len(ids) >= azMailMinMessages {
			spam.group(k)
		}
	}
	put(spam, []string{"Sender", "SenderIP"}, false, fmt.Sprintf(
		"%s spams %d users from %s at 02:10 on the attack day (%d messages, Junk or quarantine); the newsletters with a high bulk level are delivered without a verdict, and the look-alike phish is clean to Defender.",
		mailSpammer, w.mailRecipients(o, mailSpammer), mailSpamIP, len(spamMsgs[mailSpammer+"|"+mailSpamIP])))

	// az-suspicious-email: inbound mail only.
	var inbound []*mailRow
	for _, m := range o.mailRows {
		isIn := m.table == "EmailEvents" && strings.EqualFold(m.direction, "Inbound") ||
			m.table == "MessageTrace" && (strings.EqualFold(m.direction, "Incoming") || m.direction == "" && m.toIP == "" && m.ip != "")
		if isIn && !m.t.After(until) && m.sender != "" {
			inbound = append(inbound, m)
		}
	}
	knownSenders, knownIPs := map[string]bool{}, map[string]bool{}
	for _, m := range inbound {
		if m.t.Before(since) {
			knownSenders[strings.ToLower(m.sender)] = true
			if m.ip != "" {
				knownIPs[m.ip] = true
			}
		}
	}
	reached := map[string]map[string]bool{} // Sender|SenderIP → recipients of its new mail
	ownDomains := map[string]string{}       // normalised → own domain
	type lookalike struct{ key, domain string }
	var candidates []lookalike
	for _, m := range inbound {
		if !in(m) {
			continue
		}
		sender, recipient := strings.ToLower(m.sender), strings.ToLower(m.recipient)
		k := sender + "|" + m.ip
		if !knownSenders[sender] || m.ip != "" && !knownIPs[m.ip] {
			if reached[k] == nil {
				reached[k] = map[string]bool{}
			}
			reached[k][recipient] = true
		}
		if _, d, ok := strings.Cut(recipient, "@"); ok && d != "" {
			ownDomains[unLookalike(d)] = d
		}
		candidates = append(candidates, lookalike{k, strings.ToLower(m.domain)})
	}
	suspicious := newTruthSet("az-suspicious-email")
	for k, rcpts := range reached {
		if len(rcpts) >= azMailMinRecipients {
			suspicious.group(k)
		}
	}
	for _, c := range candidates {
		if own, ok := ownDomains[unLookalike(c.domain)]; ok && own != c.domain {
			suspicious.group(c.key)
		}
	}
	put(suspicious, []string{"Sender", "SenderIP"}, false, fmt.Sprintf(
		"Over the whole week there is no baseline, so every sender is new: %s (%d users) and %s (%d users, an overdue-invoice lure nothing flags) reach at least %d people; %s writes from the look-alike of contoso.com to %d users. Fabrikam's order desk mails %d people all week and the newsletters one each: under the threshold.",
		mailSpammer, w.mailRecipients(o, mailSpammer), mailNewSender, w.mailRecipients(o, mailNewSender), azMailMinRecipients,
		mailPhisher, w.mailRecipients(o, mailPhisher), w.mailRecipients(o, mailPartner)))
	return nil
}

// mailRecipients counts the distinct recipients of a sender's mail, for
// the stories.
func (w *azWorld) mailRecipients(o *azOut, sender string) int {
	seen := map[string]bool{}
	for _, m := range o.mailRows {
		if m.sender == sender {
			seen[strings.ToLower(m.recipient)] = true
		}
	}
	return len(seen)
}
