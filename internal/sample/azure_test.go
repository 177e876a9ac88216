package sample

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The Azure hunts of the shared spec, with their keys; az-network-flows is
// the one ranked hunt. Console-only hunts have no ground truth.
var azureHuntKeys = map[string]string{
	"az-suspicious-cloud-accounts": "UserPrincipalName, SourceIPAddress",
	"az-inventory-roles":           "principalName, roleDefinitionName, scope",
	"az-user-groups":               "Id",
	"az-vuln-vms":                  "Computer, CceId",
	"az-file-retrieval":            "SourceIP, AccountName, OperationName",
	"az-file-creation":             "Uri",
	"az-deployed-containers":       "ContainerGroup_s, Message",
	"az-instance-creation":         "_ResourceId",
	"az-instance-deletion":         "_ResourceId",
	"az-instance-updates":          "CorrelationId",
	"az-reverse-shell":             "SystemAlertId",
	"az-data-exfiltration":         "SourceIP, OperationName",
	"az-data-staging":              "SourceIP, OperationName",
	"az-command-execution":         "CorrelationId",
	"az-managed-identity-usage":    "CorrelationId",
	"az-ssh-bruteforce":            "Computer, SourceIP",
	"az-signin-activity":           "Id",
	"az-failed-password":           "IPAddress",
	"az-network-scanning":          "PublicIP",
	"az-network-flows":             "PublicIP, FlowDirection_s, L7Protocol_s, L4Protocol_s, DestPort_d",
	"az-database-scanning":         "client_ip_s, statement_s",
	"az-c2-traffic":                "PublicIP, DestPort_d",
	"az-spam-messages":             "Sender, SenderIP",
	"az-suspicious-email":          "Sender, SenderIP",
}

func TestAzureGroundTruthCoversEveryHunt(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	for id, key := range azureHuntKeys {
		h, ok := gt.Hunts[id]
		switch {
		case !ok:
			t.Errorf("%s: no ground truth", id)
		case len(h.Expect) == 0 || h.Story == "":
			t.Errorf("%s: empty expect or story", id)
		case strings.Join(h.Key, ", ") != key:
			t.Errorf("%s: key %v, the spec says %s", id, h.Key, key)
		case h.Ranked != (id == "az-network-flows"):
			t.Errorf("%s: ranked %v", id, h.Ranked)
		}
		for _, e := range h.Expect {
			if n := strings.Count(e, "|") + 1; n != len(h.Key) {
				t.Errorf("%s: %q has %d parts for %d key columns", id, e, n, len(h.Key))
			}
		}
	}
	for _, id := range []string{"az-vuln-containers"} {
		if _, ok := gt.Hunts[id]; ok {
			t.Errorf("console-only hunt %s has ground truth", id)
		}
	}
	for _, table := range []string{"SigninLogs", "AADManagedIdentitySignInLogs", "AuditLogs", "AzureActivity", "StorageBlobLogs",
		"StorageFileLogs", "StorageTableLogs", "StorageQueueLogs", "AzureNetworkAnalytics_CL", "SecurityAlert", "BehaviorAnalytics", "AzureDiagnostics", "LinuxAuth_CL",
		"ContainerInstanceLog_CL", "SecurityBaseline", "AzureRoleAssignments", "EmailEvents", "MessageTrace"} {
		if gt.Counts.AzureRows[table] == 0 {
			t.Errorf("no %s rows counted", table)
		}
	}
}

// TestAzureExpectations pins the story: the attack's keys are in the
// ground truth, whatever the seed draws.
func TestAzureExpectations(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	w := newAzWorld(7)
	for _, c := range []struct{ hunt, want string }{
		{"az-failed-password", w.sprayIP},
		{"az-suspicious-cloud-accounts", w.victim.upn + "|" + w.sprayIP},
		{"az-inventory-roles", w.victim.upn + "|Owner|/subscriptions/" + w.sub},
		{"az-instance-creation", strings.ToLower(w.vmID(w.buildVM))},
		{"az-instance-deletion", strings.ToLower(w.vmID(w.legacyVM))},
		{"az-data-exfiltration", w.exfilIP + "|GetBlob"},
		{"az-data-staging", w.webVM.privateIP + "|PutBlock"},
		{"az-file-retrieval", w.exfilIP + "|stcontosodata|GetBlob"},
		{"az-file-retrieval", "10.20.5.10|stcontosodata|GetBlob"},
		{"az-ssh-bruteforce", w.webVM.name + "|" + w.sshIP},
		{"az-network-scanning", w.scanIP},
		{"az-network-flows", w.c2IP + "|O|https|T|443"},
		{"az-network-flows", w.sshIP + "|I|ssh|T|22"},
		{"az-c2-traffic", w.c2IP + "|443"},
		{"az-vuln-vms", w.webVM.name + "|CCE-4431-3"},
		{"az-file-creation", "https://stcontosofiles.file.core.windows.net/finance/HOW_TO_RESTORE_FILES.txt"},
	} {
		if !contains(gt.Hunts[c.hunt].Expect, c.want) {
			t.Errorf("%s: %q is not expected (expect %v)", c.hunt, c.want, gt.Hunts[c.hunt].Expect)
		}
	}
	// Exactly-once hunts whose size the story fixes.
	for hunt, n := range map[string]int{"az-failed-password": 1, "az-signin-activity": 3, "az-user-groups": 1, "az-reverse-shell": 1,
		"az-command-execution": 2, "az-managed-identity-usage": 3, "az-instance-deletion": 1, "az-data-exfiltration": 1,
		"az-data-staging": 1, "az-ssh-bruteforce": 1, "az-network-scanning": 1, "az-c2-traffic": 1, "az-database-scanning": 5,
		"az-suspicious-cloud-accounts": 1, "az-inventory-roles": 4} {
		if got := len(gt.Hunts[hunt].Expect); got != n {
			t.Errorf("%s: %d expected findings, want %d: %v", hunt, got, n, gt.Hunts[hunt].Expect)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestAzureLookalikes checks that the benign traffic the hunts must not
// report is there, just under each threshold.
func TestAzureLookalikes(t *testing.T) {
	o, err := writeAzure(t.TempDir(), 7, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	w := o.w
	failures := map[string]int{}
	for _, s := range o.signins {
		if s.errorCode != 0 {
			failures[s.ip]++
		}
	}
	benign := 0
	for ip, n := range failures {
		if ip != w.sprayIP && n > 0 && n < azSigninMinFailures {
			benign++
		}
	}
	if benign < 3 {
		t.Errorf("%d benign addresses with failed sign-ins below the threshold, want at least 3", benign)
	}

	var emptyMI, failedWrite, startedWrite bool
	for _, e := range o.activity {
		emptyMI = emptyMI || e.mi != nil && e.ip == ""
		failedWrite = failedWrite || e.op == opVMWrite && e.status == "Failed"
		startedWrite = startedWrite || e.op == opVMWrite && e.status == "Started"
	}
	if !emptyMI || !failedWrite || !startedWrite {
		t.Errorf("managed identity calls without address %v, failed VM write %v, started VM write %v", emptyMI, failedWrite, startedWrite)
	}

	var backup int64
	for _, s := range o.storage {
		if s.ip == "10.20.5.10" {
			backup += s.respBytes
		}
	}
	if backup < azRetrievalMinBytes || backup >= azExfilMinBytes {
		t.Errorf("the backup runner reads %d bytes, want between %d and %d", backup, azRetrievalMinBytes, azExfilMinBytes)
	}

	// The telemetry endpoint: enough active minutes, no rhythm.
	active := map[int64]bool{}
	for _, f := range o.tuples {
		if f.dst == "52.168.117.170" {
			active[f.t.Unix()/60] = true
		}
	}
	if pop, _ := gapJitter(active); len(active) < azC2MinMinutes || pop <= 0.5 {
		t.Errorf("telemetry: %d active minutes, jitter %.2f; want ≥ %d minutes and an irregular rhythm", len(active), pop, azC2MinMinutes)
	}

	jumpFails := 0
	for _, l := range o.authLines {
		if l.host == w.jumpVM.name && strings.Contains(l.msg, "Failed password") {
			jumpFails++
		}
	}
	if jumpFails == 0 || jumpFails >= azSSHMinAttempts {
		t.Errorf("%d benign SSH failures on the jump host, want some below %d", jumpFails, azSSHMinAttempts)
	}

	var longBenign, unionAll, probe bool
	for _, e := range o.sqlAudit {
		hit := len(e.statement) >= azSQLMinLength || sqlInjection.MatchString(e.statement)
		longBenign = longBenign || !hit && len(e.statement) > 800
		unionAll = unionAll || !hit && strings.Contains(e.statement, "UNION ALL SELECT")
		probe = probe || !hit && e.ip == w.sqlIP
	}
	if !longBenign || !unionAll || !probe {
		t.Errorf("SQL look-alikes: long benign %v, UNION ALL %v, attacker probe %v", longBenign, unionAll, probe)
	}

	var otherAlert, lowBaseline bool
	for _, a := range o.alerts {
		otherAlert = otherAlert || strings.Contains(strings.ToLower(a.display), "reverse shell") && a.display != "Possible reverse shell"
	}
	for _, b := range o.baseline {
		lowBaseline = lowBaseline || b.failed && b.severity != "Critical" && b.severity != "Important"
	}
	if !otherAlert || !lowBaseline {
		t.Errorf("look-alike alert %v, failed low-severity baseline rule %v", otherAlert, lowBaseline)
	}
}

// TestAzureScaleGrowsBackgroundOnly: a bigger scale adds benign rows and
// leaves the findings' story as it is.
func TestAzureScaleGrowsBackgroundOnly(t *testing.T) {
	small, err := writeAzure(t.TempDir(), 7, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	big, err := writeAzure(t.TempDir(), 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	a, err := azureTruth(small.w, small)
	if err != nil {
		t.Fatal(err)
	}
	b, err := azureTruth(big.w, big)
	if err != nil {
		t.Fatal(err)
	}
	if big.rows["SigninLogs"] <= small.rows["SigninLogs"] || big.rows["AzureNetworkAnalytics_CL"] <= small.rows["AzureNetworkAnalytics_CL"] {
		t.Errorf("scale 3 wrote no more background: %v vs %v", big.rows, small.rows)
	}
	for _, id := range []string{"az-failed-password", "az-signin-activity", "az-data-exfiltration", "az-data-staging", "az-ssh-bruteforce",
		"az-network-scanning", "az-c2-traffic", "az-managed-identity-usage", "az-reverse-shell", "az-database-scanning", "az-instance-deletion"} {
		if len(a[id].Expect) != len(b[id].Expect) {
			t.Errorf("%s: %d findings at scale 0.1, %d at scale 3", id, len(a[id].Expect), len(b[id].Expect))
		}
	}
}

// azureFiles lists the Azure part of the shared sample, slash-separated
// and relative to the sample folder.
func azureFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(shared, "azure"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(shared, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

var (
	reDiag   = regexp.MustCompile(`^azure/storage/stcontosologs/insights-logs-([a-z]+)/resourceId=/.+/y=2024/m=03/d=(0[4-9]|10)/h=\d\d/m=00/(macAddress=[0-9A-F]{12}/)?PT1H\.json$`)
	reSecure = regexp.MustCompile(`^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d [a-z0-9-]+ [A-Za-z-]+\[\d+\]: .+$`)
)

// TestAzureFilesParse reads every Azure file as what it claims to be.
func TestAzureFilesParse(t *testing.T) {
	categories := map[string]int{}
	for _, rel := range azureFiles(t) {
		b, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case reDiag.MatchString(rel):
			cat := reDiag.FindStringSubmatch(rel)[1]
			categories[cat]++
			if strings.HasPrefix(cat, "storage") { // JSON lines
				for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
					var rec struct {
						Category string `json:"category"`
					}
					if err := json.Unmarshal(line, &rec); err != nil || !strings.EqualFold(rec.Category, cat) {
						t.Fatalf("%s:%d: %v, category %q", rel, i+1, err, rec.Category)
					}
				}
				continue
			}
			var blob struct {
				Records []struct {
					Category string `json:"category"`
				} `json:"records"`
			}
			if err := json.Unmarshal(b, &blob); err != nil || len(blob.Records) == 0 {
				t.Fatalf("%s: %v (%d records)", rel, err, len(blob.Records))
			}
		case rel == "azure/"+mailTraceFile: // azure_mail_test.go checks it
		case strings.HasSuffix(rel, ".csv"):
			r := csv.NewReader(bytes.NewReader(b))
			recs, err := r.ReadAll()
			if err != nil || len(recs) < 2 {
				t.Fatalf("%s: %v (%d records)", rel, err, len(recs))
			}
			if !contains(recs[0], "TimeGenerated [UTC]") || !contains(recs[0], "AuthenticationDetails") {
				t.Errorf("%s: header %v", rel, recs[0][:5])
			}
		case strings.HasSuffix(rel, ".json"):
			if !json.Valid(b) {
				t.Errorf("%s: not JSON", rel)
			}
		case strings.HasSuffix(rel, "/2024/var/log/secure"):
			sc := bufio.NewScanner(bytes.NewReader(b))
			for n := 1; sc.Scan(); n++ {
				if !reSecure.MatchString(sc.Text()) {
					t.Errorf("%s:%d: not an RFC 3164 line: %q", rel, n, sc.Text())
				}
			}
		default:
			t.Errorf("unexpected file %s", rel)
		}
	}
	for _, cat := range []string{"signinlogs", "managedidentitysigninlogs", "storageread", "storagewrite", "networksecuritygroupflowevent"} {
		if categories[cat] == 0 {
			t.Errorf("no %s blobs", cat)
		}
	}
}

// TestAzureTruthFromFiles recomputes hunts from the files on disk, as an
// investigator would, and compares them with the ground truth: the
// ground truth describes what was written, not what was meant.
func TestAzureTruthFromFiles(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	failures := map[string]int{}
	getBlob := map[string]int64{}
	inPorts := map[string]map[string]bool{}
	signins := 0
	for _, rel := range azureFiles(t) {
		b, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.Contains(rel, "insights-logs-signinlogs/"):
			var blob struct {
				Records []struct {
					ResultType string `json:"resultType"`
					Properties struct {
						IPAddress string `json:"ipAddress"`
						Details   []struct {
							Method    string `json:"authenticationMethod"`
							Succeeded bool   `json:"succeeded"`
						} `json:"authenticationDetails"`
					} `json:"properties"`
				} `json:"records"`
			}
			if err := json.Unmarshal(b, &blob); err != nil {
				t.Fatal(err)
			}
			for _, r := range blob.Records {
				signins++
				if d := r.Properties.Details; d[0].Method == "Password" && !d[0].Succeeded {
					failures[r.Properties.IPAddress]++
				}
			}
		case strings.HasSuffix(rel, "SigninLogs_export.csv"):
			recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range recs[0] {
				col[h] = i
			}
			for _, r := range recs[1:] {
				signins++
				var d []struct {
					Method    string `json:"authenticationMethod"`
					Succeeded bool   `json:"succeeded"`
				}
				if err := json.Unmarshal([]byte(r[col["AuthenticationDetails"]]), &d); err != nil {
					t.Fatal(err)
				}
				if d[0].Method == "Password" && !d[0].Succeeded {
					failures[r[col["IPAddress"]]]++
				}
			}
		case strings.Contains(rel, "insights-logs-storageread/") && strings.Contains(rel, "/blobServices/"):
			for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
				var rec struct {
					Op     string `json:"operationName"`
					Caller string `json:"callerIpAddress"`
					Props  struct {
						Out int64 `json:"responseBodySize"`
					} `json:"properties"`
				}
				if err := json.Unmarshal(line, &rec); err != nil {
					t.Fatal(err)
				}
				if rec.Op == "GetBlob" {
					getBlob[strings.Split(rec.Caller, ":")[0]] += rec.Props.Out
				}
			}
		case strings.Contains(rel, "networksecuritygroupflowevent"):
			var blob struct {
				Records []struct {
					Properties struct {
						Flows []struct {
							Flows []struct {
								Tuples []string `json:"flowTuples"`
							} `json:"flows"`
						} `json:"flows"`
					} `json:"properties"`
				} `json:"records"`
			}
			if err := json.Unmarshal(b, &blob); err != nil {
				t.Fatal(err)
			}
			for _, r := range blob.Records {
				for _, g := range r.Properties.Flows {
					for _, m := range g.Flows {
						for _, tu := range m.Tuples {
							f := strings.Split(tu, ",")
							if len(f) != 13 {
								t.Fatalf("%s: tuple %q has %d fields, want 13 (version 2)", rel, tu, len(f))
							}
							if f[6] == "I" {
								if inPorts[f[1]] == nil {
									inPorts[f[1]] = map[string]bool{}
								}
								inPorts[f[1]][f[4]] = true
							}
						}
					}
				}
			}
		}
	}
	if int64(signins) != gt.Counts.AzureRows["SigninLogs"] {
		t.Errorf("the files hold %d sign-ins, the ground truth counts %d", signins, gt.Counts.AzureRows["SigninLogs"])
	}
	check := func(hunt string, got map[string]bool) {
		t.Helper()
		if want, have := strings.Join(gt.Hunts[hunt].Expect, ","), strings.Join(sortedKeys(got), ","); want != have {
			t.Errorf("%s: ground truth %s, files say %s", hunt, want, have)
		}
	}
	got := map[string]bool{}
	for ip, n := range failures {
		if n >= azSigninMinFailures {
			got[ip] = true
		}
	}
	check("az-failed-password", got)
	got = map[string]bool{}
	for ip, n := range getBlob {
		if n >= azExfilMinBytes {
			got[ip+"|GetBlob"] = true
		}
	}
	check("az-data-exfiltration", got)
	got = map[string]bool{}
	for ip, ports := range inPorts {
		if len(ports) >= azScanMinPorts {
			got[ip] = true
		}
	}
	check("az-network-scanning", got)
}

// TestAzureLAExportShapes checks the three Log Analytics shapes on one
// table: az rows are all strings with TableName, the API response has a
// column per table column, the CSV header marks times [UTC].
func TestAzureLAExportShapes(t *testing.T) {
	for _, c := range []struct {
		rel   string
		check func(t *testing.T, b []byte)
	}{
		{"azure/exports/SecurityBaseline-query.json", func(t *testing.T, b []byte) {
			var rows []map[string]any
			if err := json.Unmarshal(b, &rows); err != nil || len(rows) == 0 {
				t.Fatalf("%v (%d rows)", err, len(rows))
			}
			for k, v := range rows[0] {
				if _, ok := v.(string); !ok {
					t.Errorf("%s is %T, az prints every value as a string", k, v)
				}
			}
			if rows[0]["TableName"] != "PrimaryResult" || rows[0]["Type"] != "SecurityBaseline" {
				t.Errorf("TableName %v, Type %v", rows[0]["TableName"], rows[0]["Type"])
			}
		}},
		{"azure/exports/AzureDiagnostics-SQLSecurityAuditEvents-api.json", func(t *testing.T, b []byte) {
			var resp struct {
				Tables []struct {
					Columns []struct{ Name, Type string }
					Rows    [][]any
				}
			}
			if err := json.Unmarshal(b, &resp); err != nil || len(resp.Tables) != 1 {
				t.Fatalf("%v", err)
			}
			tb := resp.Tables[0]
			for _, r := range tb.Rows {
				if len(r) != len(tb.Columns) {
					t.Fatalf("a row of %d values for %d columns", len(r), len(tb.Columns))
				}
			}
			types := map[string]string{}
			for _, c := range tb.Columns {
				types[c.Name] = c.Type
			}
			if types["TimeGenerated"] != "datetime" || types["session_id_d"] != "real" || types["action_id_s"] != "string" {
				t.Errorf("column types %v", types)
			}
		}},
		{"azure/exports/SigninLogs_export.csv", func(t *testing.T, b []byte) {
			recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range recs[0] {
				col[h] = i
			}
			tg, ok := col["TimeGenerated [UTC]"]
			if !ok {
				t.Fatalf("header %v", recs[0])
			}
			if !regexp.MustCompile(`^3/[45]/2024, \d{1,2}:\d\d:\d\d\.\d{3} [AP]M$`).MatchString(recs[1][tg]) {
				t.Errorf("time %q is not in the portal's form", recs[1][tg])
			}
			if !strings.Contains(recs[1][col["AuthenticationDetails"]], "\n") {
				t.Errorf("AuthenticationDetails is not the multi-line JSON Log Analytics keeps")
			}
		}},
	} {
		t.Run(filepath.Base(c.rel), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(c.rel)))
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, b)
		})
	}
}

func TestPyStr(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{nil, "None"}, {true, "True"}, {false, "False"}, {int64(57), "57"}, {5.0, "5.0"}, {2.5, "2.5"}, {"x", "x"},
	} {
		if got := pyStr(c.v); got != c.want {
			t.Errorf("pyStr(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestGapJitter(t *testing.T) {
	regular := map[int64]bool{}
	for i := int64(0); i < 40; i++ {
		regular[100+i] = true
	}
	if pop, smp := gapJitter(regular); pop != 0 || smp != 0 {
		t.Errorf("every minute: jitter %g, %g, want 0", pop, smp)
	}
	uneven := map[int64]bool{0: true, 1: true, 10: true, 11: true, 30: true}
	pop, smp := gapJitter(uneven)
	if pop <= 0.5 || smp <= pop {
		t.Errorf("gaps 1,9,1,19: jitter %g (population), %g (sample)", pop, smp)
	}
	if v, _ := gapJitter(map[int64]bool{5: true}); !(v > 1e300) {
		t.Errorf("one active minute: jitter %g, want infinite", v)
	}
}
