package sample

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/internal/ingest"
	"github.com/cloudhunt/cloudhunt/internal/source"
	"github.com/cloudhunt/cloudhunt/internal/source/awsconfig"
	"github.com/cloudhunt/cloudhunt/internal/source/awsfindings"
	"github.com/cloudhunt/cloudhunt/internal/source/cloudtrail"
	"github.com/cloudhunt/cloudhunt/internal/source/cwlogs"
	"github.com/cloudhunt/cloudhunt/internal/source/s3access"
	"github.com/cloudhunt/cloudhunt/internal/source/vpcflow"
	"github.com/cloudhunt/cloudhunt/internal/store"
)

// The AWS service hunts of the shared spec, with their keys.
var svcHuntKeys = map[string]string{
	"aws-financial-theft":            "FindingId",
	"aws-potential-pii":              "FindingId",
	"aws-compute-modification":       "resourceId, captureTime",
	"aws-nonstandard-port-listening": "GroupId, IpProtocol, FromPort, ToPort, Cidr",
	"aws-inspector-reachability":     "FindingArn",
	"aws-crypto-miner":               "Kind, Subject",
	"aws-deployed-containers":        "log_stream, timestamp",
	"aws-web-fuzzing":                "SourceIp",
	"aws-container-credentials":      "log_stream, timestamp",
	"aws-user-agents":                "Source, UserAgent",
	"aws-imds-v1":                    "Kind, Subject",
	"aws-guardduty-ssh-bruteforce":   "Id",
}

// svcFilePrefixes are the folders under aws/ the service part writes.
var svcFilePrefixes = []string{"aws/guardduty/", "aws/macie/", "aws/inspector/", "aws/config/", "aws/ec2/", "aws/cloudwatch/",
	"aws/eks/", "aws/apigateway/", "aws/s3-access-logs/"}

// isSvcFile reports whether a sample file (slash-separated, relative)
// belongs to the AWS service part.
func isSvcFile(rel string) bool {
	for _, p := range svcFilePrefixes {
		if strings.HasPrefix(rel, p) {
			return true
		}
	}
	return false
}

func TestSvcGroundTruthCoversEveryHunt(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := svcHuntIDs(); len(got) != len(svcHuntKeys) {
		t.Fatalf("svcHuntIDs lists %d hunts, the spec %d", len(got), len(svcHuntKeys))
	}
	for id, key := range svcHuntKeys {
		h, ok := gt.Hunts[id]
		switch {
		case !ok:
			t.Errorf("%s: no ground truth", id)
		case len(h.Expect) == 0 || h.Story == "":
			t.Errorf("%s: empty expect or story", id)
		case strings.Join(h.Key, ", ") != key:
			t.Errorf("%s: key %v, the spec says %s", id, h.Key, key)
		case h.Ranked:
			t.Errorf("%s: ranked", id)
		}
	}
}

// TestSvcExpectations pins the story: the attack's keys are expected, and
// the look-alikes are not.
func TestSvcExpectations(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(7)
	o := &svcOut{w: w}
	o.buildInventory()
	byName := map[string]*svcInstance{}
	for _, in := range o.instances {
		byName[in.name] = in
	}
	sg := o.sgOpened.id
	want := []struct{ hunt, key string }{
		{"aws-web-fuzzing", w.atk.ssrfIP},
		{"aws-imds-v1", "stolen-credentials|" + w.web1.instance + "|" + w.atk.ssrfIP},
		{"aws-imds-v1", "instance|" + w.web1.instance},
		{"aws-imds-v1", "inspector|" + w.web1.instance},
		{"aws-nonstandard-port-listening", sg + "|tcp|4444|4444|0.0.0.0/0"},
		{"aws-compute-modification", sg + "|2024-03-08T10:04:51Z"},
		{"aws-compute-modification", w.buildRunner.instance + "|2024-03-08T10:12:37Z"},
		{"aws-crypto-miner", "alarm|prod-eks-node-cpu-high"},
		{"aws-crypto-miner", "container|kube-metrics-helper-7d9f8c6b5-q8wzn"},
		{"aws-user-agents", "s3|python-requests/2.31.0"},
		{"aws-user-agents", "cloudtrail|" + w.atk.sessionUA + " command/s3.ls"},
	}
	for _, c := range want {
		if !contains(gt.Hunts[c.hunt].Expect, c.key) {
			t.Errorf("%s: %q is not expected (expect %v)", c.hunt, c.key, gt.Hunts[c.hunt].Expect)
		}
	}
	notWant := []struct{ hunt, key string }{
		{"aws-imds-v1", "instance|" + w.bastion.instance},
		{"aws-nonstandard-port-listening", sg + "|tcp|22|22|0.0.0.0/0"},
		{"aws-crypto-miner", "alarm|web-1-cpu-high"},
		{"aws-crypto-miner", "alarm|prod-alb-5xx"},
	}
	for _, c := range notWant {
		if contains(gt.Hunts[c.hunt].Expect, c.key) {
			t.Errorf("%s: look-alike %q is expected", c.hunt, c.key)
		}
	}
	for hunt, n := range map[string]int{"aws-financial-theft": 2, "aws-potential-pii": 6, "aws-compute-modification": 3,
		"aws-nonstandard-port-listening": 1, "aws-inspector-reachability": 1, "aws-crypto-miner": 5, "aws-deployed-containers": 1,
		"aws-web-fuzzing": 1, "aws-container-credentials": 2, "aws-imds-v1": 5, "aws-guardduty-ssh-bruteforce": 2} {
		if got := len(gt.Hunts[hunt].Expect); got != n {
			t.Errorf("%s: %d expected findings, want %d: %v", hunt, got, n, gt.Hunts[hunt].Expect)
		}
	}
}

// TestSvcScaleGrowsBackgroundOnly: more background, the same findings.
func TestSvcScaleGrowsBackgroundOnly(t *testing.T) {
	w := newWorld(7)
	small, err := writeAWSServices(t.TempDir(), w, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	big, err := writeAWSServices(t.TempDir(), w, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(big.k8s) <= len(small.k8s) || len(big.apigw) <= len(small.apigw) || len(big.s3) <= len(small.s3) || len(big.gd) <= len(small.gd) {
		t.Errorf("scale 3 wrote no more background: %d/%d/%d/%d vs %d/%d/%d/%d", len(big.k8s), len(big.apigw), len(big.s3), len(big.gd),
			len(small.k8s), len(small.apigw), len(small.s3), len(small.gd))
	}
	acc := newAccum()
	a, err := svcTruth(small, acc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svcTruth(big, acc)
	if err != nil {
		t.Fatal(err)
	}
	for id := range svcHuntKeys {
		if strings.Join(a[id].Expect, ",") != strings.Join(b[id].Expect, ",") {
			t.Errorf("%s: %v at scale 0.1, %v at scale 3", id, a[id].Expect, b[id].Expect)
		}
	}
}

// TestSvcFilesIngest loads the AWS evidence of the shared sample with the
// readers the integrator registers (CloudTrail and flow logs first, as
// formats.All orders them): every service file is claimed by the reader
// of its table, nothing is rejected, no finding or event is loaded twice,
// and each hunt's rule run over the case tables gives the ground truth.
// It checks that the truth is computed from what the files say.
func TestSvcFilesIngest(t *testing.T) {
	ctx := context.Background()
	tables := []*source.Table{cloudtrail.Table, vpcflow.Table, cwlogs.Table, s3access.Table}
	tables = append(append(tables, awsfindings.Tables...), awsconfig.Tables...)
	c, err := store.Open(filepath.Join(t.TempDir(), "case"), tables, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var formats []source.Format
	for _, fs := range [][]source.Format{cloudtrail.Formats, vpcflow.Formats, awsfindings.Formats, awsconfig.Formats, cwlogs.Formats, s3access.Formats} {
		formats = append(formats, fs...)
	}
	var skips []source.Skip
	for _, s := range [][]source.Skip{cloudtrail.Skips, awsfindings.Skips, awsconfig.Skips} {
		skips = append(skips, s...)
	}
	wantTable := map[string]string{"aws/guardduty/": "guardduty_findings", "aws/macie/": "macie_findings", "aws/inspector/": "inspector_findings",
		"aws/config/": "config_items", "aws/ec2/describe-instances": "ec2_instances", "aws/ec2/describe-security-groups": "ec2_security_groups",
		"aws/cloudwatch/describe-alarms": "cloudwatch_alarms", "aws/cloudwatch/data-protection-audit/": "cwl_data_protection_findings",
		"aws/eks/": "cwl_events", "aws/apigateway/": "cwl_events", "aws/s3-access-logs/": "s3_access_logs"}
	seen := 0
	summary, err := ingest.Run(ctx, c, []string{filepath.Join(shared, "aws")}, ingest.Options{Formats: formats, Skips: skips,
		OnFile: func(r ingest.FileResult) {
			rel, _ := filepath.Rel(shared, r.Evidence.Path)
			rel = filepath.ToSlash(rel)
			if !isSvcFile(rel) {
				return
			}
			seen++
			for prefix, table := range wantTable {
				if strings.HasPrefix(rel, prefix) && (r.Status != ingest.StatusLoaded || tableOf(formats, r.Evidence.Format) != table) {
					t.Errorf("%s: %s as %q (%s), want rows of %s", rel, r.Status, r.Evidence.Format, r.Evidence.Note, table)
				}
			}
			for _, is := range r.Evidence.Issues {
				t.Errorf("%s: %s: %s", rel, is.Kind, is.Reason)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if written := svcFileCount(t); seen != written || written < 20 {
		t.Errorf("ingest reported %d service files; the sample wrote %d", seen, written)
	}
	if summary.Rejected != 0 || summary.Failed != 0 || summary.Warnings != 0 {
		t.Fatalf("rejected %d, failed %d, warnings %d", summary.Rejected, summary.Failed, summary.Warnings)
	}

	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]bool{}
	add := func(hunt string, parts ...string) {
		if got[hunt] == nil {
			got[hunt] = map[string]bool{}
		}
		got[hunt][strings.Join(parts, "|")] = true
	}
	query := func(q string, scan func(r *sql.Rows) error) {
		t.Helper()
		rows, err := c.DB.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	var s1, s2, s3, s4 sql.NullString // scratch
	var t1 time.Time

	// One row per finding, item and event: overlapping shapes would
	// report the same finding twice.
	for table, key := range map[string]string{"guardduty_findings": "Id", "macie_findings": "id", "inspector_findings": "findingArn",
		"ec2_instances": "InstanceId", "ec2_security_groups": "GroupId", "cloudwatch_alarms": "AlarmName",
		"config_items": "resourceId || configurationItemCaptureTime::VARCHAR", "cwl_events": "log_stream || timestamp::VARCHAR || message"} {
		var n, distinct int
		if err := c.DB.QueryRow(`SELECT count(*), count(DISTINCT `+key+`) FROM `+table).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		if n == 0 || n != distinct {
			t.Errorf("%s: %d rows, %d distinct", table, n, distinct)
		}
	}

	query(`SELECT id, type, sensitiveDataCategories::VARCHAR FROM macie_findings`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2, &s3); err != nil {
			return err
		}
		if strings.Contains(s3.String, `"FINANCIAL_INFORMATION"`) || s2.String == "SensitiveData:S3Object/Financial" {
			add("aws-financial-theft", s1.String)
		}
		if strings.Contains(s3.String, `"PERSONAL_INFORMATION"`) || s2.String == "SensitiveData:S3Object/Personal" {
			add("aws-potential-pii", s1.String)
		}
		return nil
	})
	query(`SELECT resourceArn, auditTimestamp, dataIdentifiers::VARCHAR FROM cwl_data_protection_findings`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &t1, &s3); err != nil {
			return err
		}
		var names []string
		if err := json.Unmarshal([]byte(s3.String), &names); err != nil {
			return err
		}
		for _, n := range names {
			add("aws-potential-pii", s1.String, t1.UTC().Format("2006-01-02T15:04:05Z"), n)
		}
		return nil
	})
	query(`SELECT resourceId, configurationItemCaptureTime FROM (
			SELECT *, min(configurationItemCaptureTime) OVER (PARTITION BY resourceId) AS first FROM config_items)
		WHERE resourceType IN ('AWS::EC2::Instance', 'AWS::EC2::SecurityGroup')
		  AND configurationItemStatus IN ('OK', 'ResourceDeleted') AND configurationItemCaptureTime > first`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &t1); err != nil {
			return err
		}
		add("aws-compute-modification", s1.String, t1.UTC().Format("2006-01-02T15:04:05Z"))
		return nil
	})
	var from, to sql.NullInt64
	query(`SELECT GroupId, IpProtocol, FromPort, ToPort, Cidr FROM ec2_security_group_rules
		WHERE Direction = 'ingress' AND Cidr IN ('0.0.0.0/0', '::/0')`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2, &from, &to, &s3); err != nil {
			return err
		}
		if s2.String == "-1" || outsidePorts(int(from.Int64), int(to.Int64)) {
			add("aws-nonstandard-port-listening", s1.String, s2.String, nullInt(from), nullInt(to), s3.String)
		}
		return nil
	})
	query(`SELECT findingArn, openPortRangeBegin, openPortRangeEnd FROM inspector_findings WHERE type = 'NETWORK_REACHABILITY'`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &from, &to); err != nil {
			return err
		}
		if outsidePorts(int(from.Int64), int(to.Int64)) {
			add("aws-inspector-reachability", s1.String)
		}
		return nil
	})
	query(`SELECT AlarmName FROM cloudwatch_alarms WHERE StateValue = 'ALARM' AND lower(MetricName) LIKE '%cpu%'`, func(r *sql.Rows) error {
		if err := r.Scan(&s1); err != nil {
			return err
		}
		add("aws-crypto-miner", "alarm", s1.String)
		return nil
	})
	query(`SELECT Id, Type FROM guardduty_findings`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2); err != nil {
			return err
		}
		if strings.HasPrefix(s2.String, "CryptoCurrency:") {
			add("aws-crypto-miner", "guardduty", s1.String)
		}
		if s2.String == "UnauthorizedAccess:EC2/SSHBruteForce" {
			add("aws-guardduty-ssh-bruteforce", s1.String)
		}
		return nil
	})
	query(`SELECT log_stream, timestamp, k8s_pod_name, k8s_container_name, k8s_container_image, k8s_log FROM cwl_events WHERE kind = 'eks-container'`, func(r *sql.Rows) error {
		var log sql.NullString
		if err := r.Scan(&s1, &t1, &s2, &s3, &s4, &log); err != nil {
			return err
		}
		if containsAny(strings.ToLower(s4.String), svcMinerPatterns) || containsAny(strings.ToLower(log.String), svcMinerPatterns) {
			add("aws-crypto-miner", "container", s2.String)
		}
		ts := t1.UTC().Format("2006-01-02T15:04:05.000Z")
		if s3.String == svcDashboard && strings.Contains(log.String, svcDeployMarker) {
			add("aws-deployed-containers", s1.String, ts)
		}
		if strings.Contains(s1.String, svcDashboard) && containsAny(log.String, svcSecretMarkers) {
			add("aws-container-credentials", s1.String, ts)
		}
		return nil
	})
	query(`SELECT apigw_source_ip FROM cwl_events WHERE kind = 'apigateway-access' GROUP BY 1
		HAVING count(*) FILTER (WHERE apigw_status = 404 OR apigw_integration_error LIKE '%No such file or directory%') >= 50`, func(r *sql.Rows) error {
		if err := r.Scan(&s1); err != nil {
			return err
		}
		add("aws-web-fuzzing", s1.String)
		return nil
	})
	query(`SELECT DISTINCT 's3', user_agent FROM s3_access_logs UNION SELECT DISTINCT 'cloudtrail', userAgent FROM cloudtrail`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2); err != nil {
			return err
		}
		if suspiciousUA(s2.String) {
			add("aws-user-agents", s1.String, s2.String)
		}
		return nil
	})
	query(`SELECT 'inspector', instanceId FROM inspector_findings WHERE imdsv1
		UNION ALL SELECT 'instance', InstanceId FROM ec2_instances WHERE HttpTokens = 'optional'`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2); err != nil {
			return err
		}
		add("aws-imds-v1", s1.String, s2.String)
		return nil
	})
	known := map[string]bool{}
	query(`SELECT PrivateIpAddress, PublicIpAddress FROM ec2_instances`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2); err != nil {
			return err
		}
		known[s1.String], known[s2.String] = true, true
		return nil
	})
	query(`SELECT DISTINCT Username, sourceIPAddress FROM cloudtrail WHERE Username LIKE 'i-%'`, func(r *sql.Rows) error {
		if err := r.Scan(&s1, &s2); err != nil {
			return err
		}
		if isIPAddress(s2.String) && !known[s2.String] {
			add("aws-imds-v1", "stolen-credentials", s1.String, s2.String)
		}
		return nil
	})

	for id := range svcHuntKeys {
		want := gt.Hunts[id].Expect
		have := sortedKeys(got[id])
		if !slices.Equal(want, have) {
			t.Errorf("%s: from the case %v, ground truth %v", id, have, want)
		}
	}
}

// svcFileCount counts the service files of the shared sample.
func svcFileCount(t *testing.T) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(shared, "aws"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(shared, p)
			if isSvcFile(filepath.ToSlash(rel)) {
				n++
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// tableOf names the table a format fills.
func tableOf(formats []source.Format, name string) string {
	for _, f := range formats {
		if f.Name() == name {
			return f.Table().Name
		}
	}
	return ""
}

func nullInt(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatInt(n.Int64, 10)
}

func TestCLITime(t *testing.T) {
	for _, c := range []struct {
		unix int64
		ms   int
		want string
	}{
		{at(10, 4, 51), 0, "2024-03-08T10:04:51+00:00"},
		{at(10, 4, 51), 7, "2024-03-08T10:04:51.007000+00:00"},
	} {
		if got := cliTime(c.unix, c.ms); got != c.want {
			t.Errorf("cliTime(%d, %d) = %s, want %s", c.unix, c.ms, got, c.want)
		}
	}
	if got := isoMillis(at(10, 44, 17), 980); got != "2024-03-08T10:44:17.980Z" {
		t.Errorf("isoMillis = %s", got)
	}
}
