package sample

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAzureMailExpectations pins the mail story: the spam campaign, the new
// sender and the look-alike phish, and nothing else.
func TestAzureMailExpectations(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	for hunt, want := range map[string][]string{
		"az-spam-messages": {mailSpammer + "|" + mailSpamIP},
		"az-suspicious-email": {mailNewSender + "|" + mailNewIP, mailPhisher + "|" + mailPhishIP,
			mailSpammer + "|" + mailSpamIP},
	} {
		if got := gt.Hunts[hunt].Expect; !slices.Equal(got, want) {
			t.Errorf("%s: expect %v, want %v", hunt, got, want)
		}
	}
}

// TestAzureMailLookalikes checks that the benign mail the hunts must not
// report is there, just under each threshold.
func TestAzureMailLookalikes(t *testing.T) {
	o, err := writeAzure(t.TempDir(), 7, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	reached := map[string]map[string]bool{} // inbound sender|IP → recipients
	partnerDays := map[int64]bool{}
	newsletters := 0
	for _, m := range o.mailRows {
		if m.table != "EmailEvents" || m.direction != "Inbound" {
			continue
		}
		k := m.sender + "|" + m.ip
		if reached[k] == nil {
			reached[k] = map[string]bool{}
		}
		reached[k][m.recipient] = true
		if m.sender == mailPartner {
			partnerDays[(m.t.Unix()-bgStart)/day] = true
		}
		if strings.Contains(m.sender, "@e.") || strings.Contains(m.sender, "@mail.") ||
			strings.Contains(m.sender, "@updates.") || strings.Contains(m.sender, "@promo.") {
			newsletters++
			if m.threats != "" {
				t.Errorf("newsletter %s has verdict %q", m.sender, m.threats)
			}
		}
	}
	partner := len(reached[mailPartner+"|"+mailPartnerIP])
	if partner < 5 || partner >= azMailMinRecipients || len(partnerDays) != 7 {
		t.Errorf("the partner reaches %d people on %d days, want 5 to %d people every day", partner, len(partnerDays), azMailMinRecipients-1)
	}
	if newsletters < 4 {
		t.Errorf("%d newsletter rows, want at least 4", newsletters)
	}
	attack := map[string]bool{mailSpammer + "|" + mailSpamIP: true, mailNewSender + "|" + mailNewIP: true}
	for k, rcpts := range reached {
		if !attack[k] && len(rcpts) >= azMailMinRecipients {
			t.Errorf("benign sender %s reaches %d people", k, len(rcpts))
		}
	}
	// The newsletters read like spam: a high bulk level, yet delivered.
	b, err := os.ReadFile(filepath.Join(o.dir, "azure", filepath.FromSlash(mailEventsFile)))
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	bulky := 0
	for _, r := range rows {
		if bcl, _ := strconv.Atoi(r["BulkComplaintLevel"]); bcl >= 5 && r["ThreatTypes"] == "" && r["DeliveryAction"] == "Delivered" {
			bulky++
		}
	}
	if bulky < 4 {
		t.Errorf("%d delivered bulk rows without a verdict, want at least 4", bulky)
	}
}

// TestAzureMailScale: a bigger scale adds everyday mail and leaves the
// findings as they are; the same seed and scale give the same bytes.
func TestAzureMailScale(t *testing.T) {
	files := func(dir string) []byte {
		var all []byte
		for _, rel := range []string{mailEventsFile, mailTraceFile} {
			b, err := os.ReadFile(filepath.Join(dir, "azure", filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	var outs []*azOut
	for i, scale := range []float64{0.1, 0.1, 3} {
		o, err := writeAzure(dirs[i], 7, scale)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o)
	}
	if !bytes.Equal(files(dirs[0]), files(dirs[1])) {
		t.Error("the same seed and scale wrote different mail")
	}
	if outs[2].rows["EmailEvents"] <= outs[0].rows["EmailEvents"] || outs[2].rows["MessageTrace"] <= outs[0].rows["MessageTrace"] {
		t.Errorf("scale 3 wrote no more mail: %v vs %v", outs[2].rows, outs[0].rows)
	}
	small, err := azureTruth(outs[0].w, outs[0])
	if err != nil {
		t.Fatal(err)
	}
	big, err := azureTruth(outs[2].w, outs[2])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"az-spam-messages", "az-suspicious-email"} {
		if !slices.Equal(small[id].Expect, big[id].Expect) {
			t.Errorf("%s: %v at scale 0.1, %v at scale 3", id, small[id].Expect, big[id].Expect)
		}
	}
}

// TestAzureMailFiles reads both files as an investigator would: the
// message trace is Export-Csv's, both hold the counted rows, and the spam
// hunt recomputed from them is the ground truth.
func TestAzureMailFiles(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	spam := map[string]bool{}

	b, err := os.ReadFile(filepath.Join(shared, "azure", filepath.FromSlash(mailTraceFile)))
	if err != nil {
		t.Fatal(err)
	}
	typeLine, body, _ := bytes.Cut(b, []byte("\r\n"))
	if !bytes.HasPrefix(typeLine, []byte("#TYPE ")) {
		t.Errorf("first line %q, want Windows PowerShell's #TYPE line", typeLine)
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], psHeaders) {
		t.Fatalf("header %v", recs[0])
	}
	if n := int64(len(recs) - 1); n != gt.Counts.AzureRows["MessageTrace"] {
		t.Errorf("the trace holds %d rows, the ground truth counts %d", n, gt.Counts.AzureRows["MessageTrace"])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var last time.Time
	for i, r := range recs[1:] {
		tm, err := time.Parse("1/2/2006 3:04:05 PM", r[col["Received"]])
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && tm.After(last) {
			t.Fatalf("row %d: %s after %s; Get-MessageTrace lists newest first", i+1, tm, last)
		}
		last = tm
		if tm.Unix() < bgStart || tm.Unix() >= bgEnd {
			t.Errorf("row %d: %s is outside the week", i+1, tm)
		}
		if s := r[col["Status"]]; s == "FilteredAsSpam" || s == "Quarantined" {
			spam[strings.ToLower(r[col["SenderAddress"]])+"|"+r[col["FromIP"]]] = true
		}
	}

	b, err = os.ReadFile(filepath.Join(shared, "azure", filepath.FromSlash(mailEventsFile)))
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)) != gt.Counts.AzureRows["EmailEvents"] {
		t.Errorf("EmailEvents holds %d rows, the ground truth counts %d", len(rows), gt.Counts.AzureRows["EmailEvents"])
	}
	for _, r := range rows {
		for k, v := range r {
			if _, ok := v.(string); !ok {
				t.Fatalf("%s is %T, az prints every value as a string", k, v)
			}
		}
		if r["Type"] != "EmailEvents" || r["TableName"] != "PrimaryResult" {
			t.Fatalf("Type %v, TableName %v", r["Type"], r["TableName"])
		}
		if hasTerm(r["ThreatTypes"].(string), "Spam") {
			spam[strings.ToLower(r["SenderFromAddress"].(string))+"|"+r["SenderIPv4"].(string)] = true
		}
	}
	if got, want := sortedKeys(spam), gt.Hunts["az-spam-messages"].Expect; !slices.Equal(got, want) {
		t.Errorf("the files' spam senders %v, ground truth %v", got, want)
	}
}

func TestHasTermAndUnLookalike(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{{"Spam", true}, {"Phish,Spam", true}, {"spam", true}, {"Phish", false}, {"", false}, {"Spammy", false}} {
		if got := hasTerm(c.text, "Spam"); got != c.want {
			t.Errorf("hasTerm(%q) = %v", c.text, got)
		}
	}
	for in, want := range map[string]string{"c0ntoso.com": "contoso.com", "rnicr0s0ft.com": "microsoft.com",
		"vvoodgrove-bank.com": "woodgrovebank.com", "contoso.com": "contoso.com", "coho-vineyard.com": "cohovineyard.com"} {
		if got := unLookalike(in); got != want {
			t.Errorf("unLookalike(%q) = %q, want %q", in, got, want)
		}
	}
}
