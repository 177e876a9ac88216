package sample

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests share one sample (seed 7, scale 0.1) written once by TestMain;
// the determinism test writes its own smaller ones.
var shared string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cloudhunt-sample-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = filepath.Join(dir, "evidence")
	if _, err := Generate(context.Background(), shared, Options{Seed: 7, Scale: 0.1}); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// treeHash hashes every file's relative path and content.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	gen := func(seed int64, workers int) (string, *Summary) {
		dir := t.TempDir()
		s, err := Generate(context.Background(), dir, Options{Seed: seed, Scale: 0.05, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return treeHash(t, dir), s
	}
	a, sa := gen(7, 1)
	b, sb := gen(7, 4) // another number of workers must not change a byte
	if a != b {
		t.Errorf("same seed and scale, different files: %s vs %s", a, b)
	}
	if *sa != *sb {
		t.Errorf("same seed and scale, different summaries: %+v vs %+v", sa, sb)
	}
	if c, _ := gen(8, 0); c == a {
		t.Errorf("seeds 7 and 8 wrote the same files")
	}
}

func TestGenerateRejectsBadScale(t *testing.T) {
	for _, scale := range []float64{0, -1, MaxScale + 1} {
		if _, err := Generate(context.Background(), t.TempDir(), Options{Seed: 1, Scale: scale}); err == nil {
			t.Errorf("scale %g accepted", scale)
		}
	}
}

// files lists the sample's files by kind, checking that every path follows
// the S3 key pattern AWS uses for it.
type sampleFiles struct {
	trail, digest, flow []string // paths relative to the sample folder, slash-separated
	lookup, cwl         string
}

var (
	reRegion   = `([a-z]{2}-[a-z]+-\d)`
	reTrail    = regexp.MustCompile(`^aws/cloudtrail/AWSLogs/(o-[a-z0-9]{10}/)?(\d{12})/CloudTrail/` + reRegion + `/(\d{4})/(\d{2})/(\d{2})/(\d{12})_CloudTrail_` + reRegion + `_(\d{8})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$`)
	reDigest   = regexp.MustCompile(`^aws/cloudtrail/AWSLogs/(\d{12})/CloudTrail-Digest/` + reRegion + `/\d{4}/\d{2}/\d{2}/(\d{12})_CloudTrail-Digest_` + reRegion + `_[A-Za-z0-9-]+_` + reRegion + `_\d{8}T\d{6}Z\.json\.gz$`)
	reFlow     = regexp.MustCompile(`^aws/vpcflow/AWSLogs/(\d{12})/vpcflowlogs/` + reRegion + `/(\d{4})/(\d{2})/(\d{2})/(\d{12})_vpcflowlogs_` + reRegion + `_(fl-[0-9a-f]{17})_(\d{8})T\d{4}Z_[0-9a-f]{8}\.log\.gz$`)
	reCWL      = regexp.MustCompile(`^aws/exports/cloudwatch/[0-9a-f-]{36}/(\d{12})_CloudTrail_` + reRegion + `/000000\.gz$`)
	reCWLLine  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.000Z (\{.*\})$`)
	lookupPath = "aws/exports/lookup-events-ListBuckets.json"
)

func listFiles(t *testing.T, dir string) sampleFiles {
	t.Helper()
	var f sampleFiles
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case reTrail.MatchString(rel):
			m := reTrail.FindStringSubmatch(rel)
			// The account, region and day in the folders match the name.
			if m[2] != m[7] || m[3] != m[8] || m[4]+m[5]+m[6] != m[9] {
				t.Errorf("%s: folders and file name disagree", rel)
			}
			f.trail = append(f.trail, rel)
		case reDigest.MatchString(rel):
			f.digest = append(f.digest, rel)
		case reFlow.MatchString(rel):
			m := reFlow.FindStringSubmatch(rel)
			if m[1] != m[6] || m[2] != m[7] || m[3]+m[4]+m[5] != m[9] {
				t.Errorf("%s: folders and file name disagree", rel)
			}
			f.flow = append(f.flow, rel)
		case reCWL.MatchString(rel):
			f.cwl = rel
		case rel == lookupPath:
			f.lookup = rel
		case rel == GroundTruthFile:
		case strings.HasPrefix(rel, "azure/"): // azure_test.go checks these
		case isSvcFile(rel): // awssvc_test.go checks these
		default:
			t.Errorf("unexpected file %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLayout(t *testing.T) {
	f := listFiles(t, shared)
	if len(f.trail) == 0 || len(f.flow) == 0 || f.lookup == "" || f.cwl == "" || len(f.digest) != 1 {
		t.Fatalf("missing files: %d trail, %d flow, lookup %q, cwl %q, %d digest", len(f.trail), len(f.flow), f.lookup, f.cwl, len(f.digest))
	}
	accounts, regions, flowLogs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	org := 0
	for _, p := range f.trail {
		m := reTrail.FindStringSubmatch(p)
		accounts[m[2]], regions[m[3]] = true, true
		if m[1] != "" {
			org++
		}
	}
	for _, p := range f.flow {
		flowLogs[reFlow.FindStringSubmatch(p)[8]] = true
	}
	if len(accounts) != 2 || len(regions) != 2 || org == 0 {
		t.Errorf("CloudTrail: accounts %v, regions %v, %d organization-trail files", accounts, regions, org)
	}
	if len(flowLogs) < 2 {
		t.Errorf("flow logs: %v", flowLogs)
	}
}

// trailRecord holds what the tests check of a CloudTrail record.
type trailRecord struct {
	EventVersion string `json:"eventVersion"`
	UserIdentity struct {
		Type        string `json:"type"`
		Arn         string `json:"arn"`
		AccessKeyID string `json:"accessKeyId"`
		UserName    string `json:"userName"`
	} `json:"userIdentity"`
	EventTime          string `json:"eventTime"`
	EventSource        string `json:"eventSource"`
	EventName          string `json:"eventName"`
	AWSRegion          string `json:"awsRegion"`
	SourceIPAddress    string `json:"sourceIPAddress"`
	ErrorCode          string `json:"errorCode"`
	EventID            string `json:"eventID"`
	ReadOnly           *bool  `json:"readOnly"`
	EventType          string `json:"eventType"`
	RecipientAccountID string `json:"recipientAccountId"`
}

// username applies LookupEvents' rule, as the case's Username column does.
func (r *trailRecord) username() string {
	switch r.UserIdentity.Type {
	case "Root":
		return "root"
	case "AssumedRole", "FederatedUser":
		return r.UserIdentity.Arn[strings.LastIndexByte(r.UserIdentity.Arn, '/')+1:]
	}
	return r.UserIdentity.UserName
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// checkRecord checks one record's required fields.
func checkRecord(t *testing.T, where string, r *trailRecord) {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, r.EventTime)
	switch {
	case err != nil:
		t.Errorf("%s: eventTime %q: %v", where, r.EventTime, err)
	case tm.Unix() < bgStart || tm.Unix() >= bgEnd:
		t.Errorf("%s: eventTime %s outside the sample's week", where, r.EventTime)
	case r.EventVersion == "" || r.EventSource == "" || r.EventName == "" || r.AWSRegion == "" ||
		r.SourceIPAddress == "" || r.EventID == "" || r.ReadOnly == nil || r.EventType == "" ||
		r.RecipientAccountID == "" || r.UserIdentity.Type == "":
		t.Errorf("%s: incomplete record %+v", where, r)
	}
}

// evidence is every CloudTrail record and flow record of a sample, parsed
// back from the files.
type evidence struct {
	files      sampleFiles
	events     map[string]*trailRecord // by eventID, over S3 files, exports
	s3IDs      map[string]bool
	cwlIDs     map[string]bool
	lookupIDs  []string // in file order
	flows      []map[string]string
	flowLines  int64
	customLogs map[string]bool // flow log ids with the custom format
}

func readEvidence(t *testing.T, dir string) *evidence {
	t.Helper()
	ev := &evidence{files: listFiles(t, dir), events: map[string]*trailRecord{}, s3IDs: map[string]bool{},
		cwlIDs: map[string]bool{}, customLogs: map[string]bool{}}

	for _, p := range ev.files.trail {
		raw := gunzip(t, filepath.Join(dir, p))
		if bytes.IndexByte(raw, '\n') >= 0 || !bytes.HasPrefix(raw, []byte(`{"Records":[`)) {
			t.Errorf("%s: not a compact {\"Records\":[…]} document", p)
		}
		var doc struct {
			Records []json.RawMessage `json:"Records"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(doc.Records) == 0 {
			t.Errorf("%s: no records", p)
		}
		m := reTrail.FindStringSubmatch(p)
		for i, rec := range doc.Records {
			var r trailRecord
			if err := json.Unmarshal(rec, &r); err != nil {
				t.Fatalf("%s record %d: %v", p, i, err)
			}
			checkRecord(t, fmt.Sprintf("%s record %d", p, i), &r)
			if r.AWSRegion != m[3] || r.RecipientAccountID != m[2] {
				t.Errorf("%s record %d: region %s account %s", p, i, r.AWSRegion, r.RecipientAccountID)
			}
			if ev.events[r.EventID] != nil {
				t.Errorf("%s: eventID %s written twice", p, r.EventID)
			}
			ev.events[r.EventID], ev.s3IDs[r.EventID] = &r, true
		}
	}

	// The CloudWatch Logs export: new events only, in time order.
	sc := bufio.NewScanner(bytes.NewReader(gunzip(t, filepath.Join(dir, ev.files.cwl))))
	sc.Buffer(nil, 1<<20)
	last := ""
	for sc.Scan() {
		m := reCWLLine.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("cloudwatch export line %q", sc.Text())
		}
		var r trailRecord
		if err := json.Unmarshal([]byte(m[2]), &r); err != nil {
			t.Fatal(err)
		}
		checkRecord(t, "cloudwatch export", &r)
		if m[1]+"Z" != r.EventTime || m[1] < last {
			t.Errorf("cloudwatch export: timestamp %s for eventTime %s after %s", m[1], r.EventTime, last)
		}
		last = m[1]
		if ev.events[r.EventID] != nil {
			t.Errorf("cloudwatch export repeats event %s", r.EventID)
		}
		ev.events[r.EventID], ev.cwlIDs[r.EventID] = &r, true
	}

	// The lookup-events export: events that are also in the S3 files.
	var out struct {
		Events []struct {
			EventId, EventName, ReadOnly, AccessKeyId, EventTime, EventSource, Username string
			Resources                                                                   []any
			CloudTrailEvent                                                             string
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, lookupPath))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, e := range out.Events {
		var r trailRecord
		if err := json.Unmarshal([]byte(e.CloudTrailEvent), &r); err != nil {
			t.Fatalf("lookup-events CloudTrailEvent: %v", err)
		}
		want := strings.TrimSuffix(r.EventTime, "Z") + "+00:00"
		if e.EventId != r.EventID || e.EventName != "ListBuckets" || e.ReadOnly != "true" || e.EventTime != want ||
			e.Username != r.username() || e.AccessKeyId != r.UserIdentity.AccessKeyID || e.Resources == nil {
			t.Errorf("lookup-events entry %+v does not match its record", e)
		}
		if prev != "" && e.EventTime > prev {
			t.Errorf("lookup-events not newest first: %s after %s", e.EventTime, prev)
		}
		prev = e.EventTime
		if !ev.s3IDs[e.EventId] {
			t.Errorf("lookup-events event %s is not in the S3 files", e.EventId)
		}
		ev.lookupIDs = append(ev.lookupIDs, e.EventId)
	}

	for _, p := range ev.files.flow {
		lines := strings.Split(strings.TrimSuffix(string(gunzip(t, filepath.Join(dir, p))), "\n"), "\n")
		header := strings.Fields(lines[0])
		switch lines[0] {
		case flowHeaderV2:
		case flowHeaderV5:
			ev.customLogs[reFlow.FindStringSubmatch(p)[8]] = true
		default:
			t.Fatalf("%s: header %q", p, lines[0])
		}
		for i, l := range lines[1:] {
			fields := strings.Fields(l)
			if len(fields) != len(header) {
				t.Fatalf("%s line %d: %d fields for %d header fields", p, i+2, len(fields), len(header))
			}
			rec := make(map[string]string, len(header))
			for k, h := range header {
				rec[h] = fields[k]
			}
			ev.flows = append(ev.flows, rec)
			ev.flowLines++
		}
	}
	return ev
}

func TestEvidenceParses(t *testing.T) {
	ev := readEvidence(t, shared)
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := int64(len(ev.events)); n != gt.Counts.CloudTrailEvents {
		t.Errorf("%d distinct events on disk, ground truth says %d", n, gt.Counts.CloudTrailEvents)
	}
	if ev.flowLines != gt.Counts.FlowRecords {
		t.Errorf("%d flow records on disk, ground truth says %d", ev.flowLines, gt.Counts.FlowRecords)
	}
	if len(ev.customLogs) != 1 {
		t.Errorf("flow logs with the custom format: %v, want exactly one", ev.customLogs)
	}
	if len(ev.lookupIDs) == 0 || len(ev.cwlIDs) == 0 {
		t.Errorf("%d lookup-events entries, %d CloudWatch export events", len(ev.lookupIDs), len(ev.cwlIDs))
	}
	status, ipv6 := map[string]int{}, 0
	for _, r := range ev.flows {
		status[r["log-status"]]++
		if strings.Contains(r["srcaddr"], ":") {
			ipv6++
		}
	}
	if status["NODATA"] == 0 || status["SKIPDATA"] == 0 || ipv6 == 0 {
		t.Errorf("flow records by status %v, %d IPv6", status, ipv6)
	}
}

func TestDigestListsRealFiles(t *testing.T) {
	f := listFiles(t, shared)
	var d digestFile
	if err := json.Unmarshal(gunzip(t, filepath.Join(shared, f.digest[0])), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.LogFiles) == 0 || !strings.HasSuffix(f.digest[0], d.DigestS3Object) {
		t.Fatalf("digest %s: object %s, %d files", f.digest[0], d.DigestS3Object, len(d.LogFiles))
	}
	for _, lf := range d.LogFiles {
		sum := sha256.Sum256(gunzip(t, filepath.Join(shared, "aws", "cloudtrail", filepath.FromSlash(lf.S3Object))))
		if hex.EncodeToString(sum[:]) != lf.HashValue {
			t.Errorf("digest hash of %s does not match the file", lf.S3Object)
		}
	}
}

// huntTable reads the AWS hunts of docs/HUNTS.md: id → key columns.
func huntTable(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "HUNTS.md"))
	if err != nil {
		t.Fatal(err)
	}
	hunts := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 7 || !strings.HasPrefix(strings.TrimSpace(cols[1]), "`aws-") {
			continue
		}
		id := strings.Trim(strings.TrimSpace(cols[1]), "`")
		if _, svc := svcHuntKeys[id]; svc {
			continue // awssvc_test.go checks the AWS service hunts
		}
		hunts[id] = strings.TrimSpace(cols[5])
	}
	if len(hunts) != 13 {
		t.Fatalf("docs/HUNTS.md lists %d AWS hunts, want 13", len(hunts))
	}
	return hunts
}

func TestGroundTruthCoversEveryHunt(t *testing.T) {
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	if gt.Seed != 7 || gt.Scale != 0.1 {
		t.Errorf("seed %d scale %g", gt.Seed, gt.Scale)
	}
	table := huntTable(t)
	for id, key := range table {
		h, ok := gt.Hunts[id]
		switch {
		case !ok:
			t.Errorf("%s: no ground truth", id)
		case len(h.Expect) == 0 || h.Story == "":
			t.Errorf("%s: empty expect or story", id)
		case strings.Join(h.Key, ", ") != key:
			t.Errorf("%s: key %v, docs/HUNTS.md says %s", id, h.Key, key)
		case h.Ranked != (id == "aws-top-talkers"):
			t.Errorf("%s: ranked %v", id, h.Ranked)
		}
	}
	aws := 0
	for id := range gt.Hunts {
		if _, svc := svcHuntKeys[id]; strings.HasPrefix(id, "aws-") && !svc {
			aws++
		}
	}
	if aws != len(table) {
		t.Errorf("ground truth has %d AWS hunts, docs/HUNTS.md %d", aws, len(table))
	}
}

// TestGroundTruthFromFiles recomputes each hunt's findings from the files
// on disk with the rules of docs/HUNTS.md and compares them with the
// ground truth. It checks the generator's bookkeeping, not the hunts.
func TestGroundTruthFromFiles(t *testing.T) {
	ev := readEvidence(t, shared)
	gt, err := ReadGroundTruth(filepath.Join(shared, GroundTruthFile))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]bool{}
	add := func(hunt, key string) {
		if got[hunt] == nil {
			got[hunt] = map[string]bool{}
		}
		got[hunt][key] = true
	}

	for id, r := range ev.events {
		if strings.HasPrefix(r.UserIdentity.AccessKeyID, "AKIA") {
			add("aws-keyid-activity", r.UserIdentity.AccessKeyID)
		}
		flagged := strings.HasPrefix(r.username(), "i-") ||
			r.ErrorCode == "AccessDenied" || r.ErrorCode == "Client.UnauthorizedOperation" || r.ErrorCode == "UnauthorizedOperation"
		switch r.EventName {
		case "ListBuckets", "CreateBucket", "DescribeInstances":
			if flagged {
				add("aws-"+strings.ToLower(r.EventName), id)
			}
		case "StopLogging", "DeleteTrail", "UpdateTrail":
			add("aws-"+strings.ToLower(r.EventName), id)
		case "CreateDBSnapshot", "CreateDBClusterSnapshot", "CopyDBSnapshot", "CopyDBClusterSnapshot",
			"ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute":
			add("aws-new-db-snapshots", id)
		}
	}

	ssh, nonstd, egress := map[string]int{}, map[string]int{}, map[string]int{}
	rejPorts, rejHosts := map[string]map[string]bool{}, map[string]map[string]bool{}
	bytesBy := map[string]int64{}
	for _, r := range ev.flows {
		if r["log-status"] != "OK" {
			continue
		}
		src, dst, action := r["srcaddr"], r["dstaddr"], r["action"]
		port, _ := strconv.Atoi(r["dstport"])
		if port == 22 {
			ssh[src]++
		}
		if action == "ACCEPT" && port < 32768 && !isStandardPort(port) {
			nonstd[r["dstport"]]++
		}
		if action == "REJECT" {
			if rejPorts[src] == nil {
				rejPorts[src], rejHosts[src] = map[string]bool{}, map[string]bool{}
			}
			rejPorts[src][r["dstport"]], rejHosts[src][dst] = true, true
			if isInternal(src) && !isInternal(dst) {
				egress[src+"|"+dst]++
			}
		}
		n, _ := strconv.ParseInt(r["bytes"], 10, 64)
		bytesBy[src] += n
		bytesBy[dst] += n
	}
	for src, n := range ssh {
		if n >= 20 {
			add("aws-ssh-bruteforce", src)
		}
	}
	for port := range nonstd {
		add("aws-nonstandard-port", port)
	}
	for src := range rejPorts {
		if len(rejPorts[src]) >= 10 || len(rejHosts[src]) >= 10 {
			add("aws-scanning-recon", src)
		}
	}
	for pair, n := range egress {
		if n >= 5 {
			add("aws-egress-rejection", pair)
		}
	}

	for id, h := range gt.Hunts {
		if _, svc := svcHuntKeys[id]; h.Ranked || svc || !strings.HasPrefix(id, "aws-") {
			continue // TestSvcFilesIngest checks the AWS service hunts
		}
		if want, have := h.Expect, sortedKeys(got[id]); strings.Join(want, ",") != strings.Join(have, ",") {
			t.Errorf("%s: ground truth %v, files say %v", id, want, have)
		}
	}

	// aws-top-talkers: the expected addresses are in the top 10.
	var ips []string
	for ip := range bytesBy {
		ips = append(ips, ip)
	}
	sort.Slice(ips, func(i, j int) bool { return bytesBy[ips[i]] > bytesBy[ips[j]] })
	top := map[string]bool{}
	for _, ip := range ips[:10] {
		top[ip] = true
	}
	for _, ip := range gt.Hunts["aws-top-talkers"].Expect {
		if !top[ip] {
			t.Errorf("aws-top-talkers: %s is not in the top 10 of the files", ip)
		}
	}
}

// TestBackgroundHasNoFindings checks that every finding belongs to the
// story: the benign background never trips a hunt, at any scale.
func TestBackgroundHasNoFindings(t *testing.T) {
	for _, c := range []struct {
		seed  int64
		scale float64
		dir   string
	}{{7, 0.1, shared}, {11, 0.2, ""}} {
		dir := c.dir
		if dir == "" {
			dir = t.TempDir()
			if _, err := Generate(context.Background(), dir, Options{Seed: c.seed, Scale: c.scale}); err != nil {
				t.Fatal(err)
			}
		}
		gt, err := ReadGroundTruth(filepath.Join(dir, GroundTruthFile))
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld(c.seed)
		a := w.atk
		want := map[string]string{
			"aws-ssh-bruteforce":   a.bruteProd + "," + a.bruteStage,
			"aws-nonstandard-port": fmt.Sprintf("%d,%d", a.c2Port, a.c2Port2),
			"aws-scanning-recon":   a.scanner,
			"aws-egress-rejection": w.buildRunner.ip + "|" + a.blocked,
			"aws-top-talkers":      w.reportingDB.ip + "," + a.exfil,
		}
		for id, keys := range want {
			if got := strings.Join(gt.Hunts[id].Expect, ","); got != keys {
				t.Errorf("seed %d scale %g: %s expects %s, the story has %s", c.seed, c.scale, id, got, keys)
			}
		}
		counts := map[string]int{"aws-new-db-snapshots": 3, "aws-listbuckets": 5, "aws-createbucket": 1,
			"aws-describeinstances": 4, "aws-stoplogging": 1, "aws-deletetrail": 1, "aws-updatetrail": 1}
		for id, n := range counts {
			if got := len(gt.Hunts[id].Expect); got != n {
				t.Errorf("seed %d scale %g: %s expects %d events, the story has %d", c.seed, c.scale, id, got, n)
			}
		}
		keys := strings.Join(gt.Hunts["aws-keyid-activity"].Expect, ",")
		if !strings.Contains(keys, w.ciLegacy.key) {
			t.Errorf("aws-keyid-activity misses the leaked key %s: %s", w.ciLegacy.key, keys)
		}
	}
}
