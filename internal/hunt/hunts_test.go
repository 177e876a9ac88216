package hunt

import (
	"fmt"
	"slices"
	"testing"
)

// Each built-in hunt over a small hand-built case: rows it must find and
// look-alikes it must not, asserting the exact key values reported.

const account = "111122223333"

// ct builds an event with the usual fields set; fields of ev override.
func ct(id, when, name, user string, ev event) event {
	ev.ID, ev.Time, ev.Name, ev.User = id, "2024-03-01 "+when, name, user
	if ev.Account == "" {
		ev.Account = account
	}
	if ev.Region == "" {
		ev.Region = "us-east-1"
	}
	if ev.IP == "" {
		ev.IP = "198.51.100.10"
	}
	return ev
}

func runOne(t *testing.T, tc *testCase, id string, params map[string]string) Result {
	t.Helper()
	r := tc.run(RunOptions{Params: params}, id)[0]
	if r.Status == StatusError {
		t.Fatalf("%s failed: %v", id, r.Err)
	}
	return r
}

func wantKeys(t *testing.T, r Result, want ...string) {
	t.Helper()
	got := keys(t, r)
	if !slices.Equal(got, want) {
		t.Errorf("%s with %v found %q, want %q", r.Hunt.ID, r.Params, got, want)
	}
	wantStatus := StatusFindings
	if len(want) == 0 {
		wantStatus = StatusNoFindings
	}
	if r.Status != wantStatus {
		t.Errorf("%s: status %q, want %q", r.Hunt.ID, r.Status, wantStatus)
	}
}

func wantColumn(t *testing.T, r Result, name string, want ...any) {
	t.Helper()
	got := column(t, r, name)
	if fmt.Sprint(got...) != fmt.Sprint(want...) {
		t.Errorf("%s: column %s = %#v, want %#v", r.Hunt.ID, name, got, want)
	}
}

func dbSnapshotCase(t *testing.T) *testCase {
	return newTestCase(t).events(
		ct("ev-snap-1", "10:00:00", "CreateDBSnapshot", "mallory", event{
			Raw: `{"requestParameters":{"dBInstanceIdentifier":"prod-db","dBSnapshotIdentifier":"prod-db-snap"}}`}),
		ct("ev-share-1", "10:05:00", "ModifyDBSnapshotAttribute", "mallory", event{
			Raw: `{"requestParameters":{"dBSnapshotIdentifier":"prod-db-snap","attributeName":"restore","valuesToAdd":["999988887777"]}}`}),
		ct("ev-copy-1", "10:10:00", "CopyDBClusterSnapshot", "mallory", event{
			Raw: `{"requestParameters":{"sourceDBClusterSnapshotIdentifier":"arn:aws:rds:us-east-1:111122223333:cluster-snapshot:orders-snap","targetDBClusterSnapshotIdentifier":"orders-copy"}}`}),
		// Look-alikes: reading about snapshots, creating a database.
		ct("ev-describe", "10:01:00", "DescribeDBSnapshots", "mallory", event{}),
		ct("ev-create-db", "10:02:00", "CreateDBInstance", "alice", event{
			Raw: `{"requestParameters":{"dBInstanceIdentifier":"prod-db"}}`}),
	)
}

func TestHuntNewDBSnapshots(t *testing.T) {
	r := runOne(t, dbSnapshotCase(t), "aws-new-db-snapshots", nil)
	wantKeys(t, r, "ev-snap-1", "ev-share-1", "ev-copy-1")
	wantColumn(t, r, "dbIdentifier", "prod-db", nil, nil)
	wantColumn(t, r, "snapshotIdentifier", "prod-db-snap", "prod-db-snap", "orders-copy")
	wantColumn(t, r, "sharedWith", nil, []any{"999988887777"}, nil)

	// Narrowed to one database: its snapshot, and the sharing call that
	// names the database only inside the snapshot identifier.
	r = runOne(t, dbSnapshotCase(t), "aws-new-db-snapshots", map[string]string{"db_instance": "PROD-DB"})
	wantKeys(t, r, "ev-snap-1", "ev-share-1")
	r = runOne(t, dbSnapshotCase(t), "aws-new-db-snapshots", map[string]string{"db_instance": "orders"})
	wantKeys(t, r, "ev-copy-1")
}

func listBucketsCase(t *testing.T) *testCase {
	return newTestCase(t).events(
		ct("ev-lb-1", "10:00:00", "ListBuckets", "i-0abc123def4567890", event{
			Arn: "arn:aws:sts::111122223333:assumed-role/web-role/i-0abc123def4567890", Key: "ASIAWEBROLE"}),
		ct("ev-lb-2", "10:01:00", "ListBuckets", "alice", event{Error: "AccessDenied", Key: "AKIAALICE"}),
		ct("ev-lb-3", "10:02:00", "ListBuckets", "i-0abc123def4567890", event{Error: "AccessDenied"}),
		// Look-alikes: a person listing buckets successfully, the instance
		// calling another S3 API, bob's success.
		ct("ev-lb-4", "10:03:00", "ListBuckets", "alice", event{}),
		ct("ev-lo", "10:04:00", "ListObjects", "i-0abc123def4567890", event{}),
		ct("ev-lb-5", "10:05:00", "ListBuckets", "bob", event{}),
	)
}

func TestHuntListBuckets(t *testing.T) {
	r := runOne(t, listBucketsCase(t), "aws-listbuckets", nil)
	wantKeys(t, r, "ev-lb-1", "ev-lb-2", "ev-lb-3")
	wantColumn(t, r, "reason", "instance session", "refused", "instance session, refused")
	wantColumn(t, r, "Username", "i-0abc123def4567890", "alice", "i-0abc123def4567890")

	r = runOne(t, listBucketsCase(t), "aws-listbuckets", map[string]string{"session_prefix": "bob", "error_codes": ""})
	wantKeys(t, r, "ev-lb-5")
}

func TestHuntCreateBucket(t *testing.T) {
	tc := newTestCase(t).events(
		ct("ev-cb-1", "11:00:00", "CreateBucket", "i-0abc123def4567890", event{
			Raw: `{"eventSource":"s3.amazonaws.com","requestParameters":{"bucketName":"exfil-staging-01","Host":"exfil-staging-01.s3.amazonaws.com"}}`}),
		ct("ev-cb-2", "11:01:00", "CreateBucket", "bob", event{
			Raw: `{"requestParameters":{"bucketName":"team-reports"}}`}),
		ct("ev-cb-3", "11:02:00", "CreateBucket", "carol", event{Error: "AccessDenied",
			Raw: `{"requestParameters":{"bucketName":"carol-test"}}`}),
		ct("ev-db", "11:03:00", "DeleteBucket", "i-0abc123def4567890", event{}),
	)
	r := runOne(t, tc, "aws-createbucket", nil)
	wantKeys(t, r, "ev-cb-1", "ev-cb-3")
	wantColumn(t, r, "bucketName", "exfil-staging-01", "carol-test")
	wantColumn(t, r, "reason", "instance session", "refused")
}

func TestHuntDescribeInstances(t *testing.T) {
	tc := newTestCase(t).events(
		ct("ev-di-1", "12:00:00", "DescribeInstances", "i-0fedcba9876543210", event{}),
		ct("ev-di-2", "12:01:00", "DescribeInstances", "dave", event{Error: "Client.UnauthorizedOperation"}),
		// Look-alikes: a person's successful call, a throttled one (an
		// error, but not a refusal).
		ct("ev-di-3", "12:02:00", "DescribeInstances", "erin", event{}),
		ct("ev-di-4", "12:03:00", "DescribeInstances", "erin", event{Error: "Client.RequestLimitExceeded"}),
		ct("ev-dv", "12:04:00", "DescribeVolumes", "i-0fedcba9876543210", event{}),
	)
	r := runOne(t, tc, "aws-describeinstances", nil)
	wantKeys(t, r, "ev-di-1", "ev-di-2")
	wantColumn(t, r, "errorCode", nil, "Client.UnauthorizedOperation")
}

func trailCase(t *testing.T) *testCase {
	return newTestCase(t).events(
		ct("ev-stop-1", "09:00:00", "StopLogging", "mallory", event{Error: "AccessDenied",
			Raw: `{"requestParameters":{"name":"management-trail"}}`}),
		ct("ev-stop-2", "09:05:00", "StopLogging", "mallory", event{
			Raw: `{"requestParameters":{"name":"arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail"}}`}),
		ct("ev-start", "09:30:00", "StartLogging", "alice", event{
			Raw: `{"requestParameters":{"name":"management-trail"}}`}),
		ct("ev-status", "09:31:00", "GetTrailStatus", "alice", event{}),
		ct("ev-delete-1", "09:10:00", "DeleteTrail", "mallory", event{
			Raw: `{"requestParameters":{"name":"org-trail"}}`}),
		ct("ev-create", "09:40:00", "CreateTrail", "alice", event{
			Raw: `{"requestParameters":{"name":"org-trail"}}`}),
		ct("ev-update-1", "09:07:00", "UpdateTrail", "mallory", event{
			Raw: `{"requestParameters":{"name":"management-trail","s3BucketName":"attacker-sink","isMultiRegionTrail":false}}`}),
		ct("ev-describe", "09:08:00", "DescribeTrails", "mallory", event{}),
	)
}

func TestHuntStopLogging(t *testing.T) {
	r := runOne(t, trailCase(t), "aws-stoplogging", nil)
	wantKeys(t, r, "ev-stop-1", "ev-stop-2")
	wantColumn(t, r, "trailName", "management-trail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail")
	wantColumn(t, r, "errorCode", "AccessDenied", nil)
}

func TestHuntDeleteTrail(t *testing.T) {
	r := runOne(t, trailCase(t), "aws-deletetrail", nil)
	wantKeys(t, r, "ev-delete-1")
	wantColumn(t, r, "trailName", "org-trail")
}

func TestHuntUpdateTrail(t *testing.T) {
	r := runOne(t, trailCase(t), "aws-updatetrail", nil)
	wantKeys(t, r, "ev-update-1")
	wantColumn(t, r, "requestParameters", map[string]any{"name": "management-trail", "s3BucketName": "attacker-sink", "isMultiRegionTrail": false})
}

func keyCase(t *testing.T) *testCase {
	return newTestCase(t).events(
		ct("k1", "08:00:00", "GetCallerIdentity", "svc-backup", event{Key: "AKIAATTACKER00000001", IP: "203.0.113.66"}),
		ct("k2", "08:01:00", "ListBuckets", "svc-backup", event{Key: "AKIAATTACKER00000001", IP: "203.0.113.66"}),
		ct("k3", "08:02:00", "ListBuckets", "svc-backup", event{Key: "AKIAATTACKER00000001", IP: "198.51.100.10", Error: "AccessDenied"}),
		ct("k4", "08:30:00", "DescribeRegions", "alice", event{Key: "AKIAALICE00000000002"}),
		// Temporary keys are left out unless asked for by id.
		ct("k5", "07:00:00", "ListBuckets", "i-0abc123def4567890", event{Key: "ASIATEMPORARY0000003"}),
		ct("k6", "07:10:00", "GetObject", "i-0abc123def4567890", event{Key: "ASIATEMPORARY0000003"}),
		ct("k7", "07:20:00", "ConsoleLogin", "alice", event{}),
	)
}

func TestHuntKeyIDActivity(t *testing.T) {
	r := runOne(t, keyCase(t), "aws-keyid-activity", nil)
	wantKeys(t, r, "AKIAATTACKER00000001", "AKIAALICE00000000002")
	wantColumn(t, r, "calls", int64(3), int64(1))
	wantColumn(t, r, "errors", int64(1), int64(0))
	wantColumn(t, r, "eventNames", []any{"GetCallerIdentity", "ListBuckets"}, []any{"DescribeRegions"})
	wantColumn(t, r, "sourceIPs", []any{"198.51.100.10", "203.0.113.66"}, []any{"198.51.100.10"})

	r = runOne(t, keyCase(t), "aws-keyid-activity", map[string]string{"key_id": "ASIATEMPORARY0000003"})
	wantKeys(t, r, "ASIATEMPORARY0000003")
	wantColumn(t, r, "eventNames", []any{"GetObject", "ListBuckets"})
}

func sshCase(t *testing.T) *testCase {
	var flows []flow
	// 25 attempts from one address against two hosts, 5 let through.
	flows = append(flows, repeat(20, flow{Src: "203.0.113.5", Dst: "10.0.1.10", DstPort: 22, Action: "REJECT", Start: "2024-03-01 02:00:00"})...)
	flows = append(flows, repeat(5, flow{Src: "203.0.113.5", Dst: "10.0.1.11", DstPort: 22, Action: "ACCEPT", Start: "2024-03-01 02:01:00"})...)
	// Look-alikes: a few logins from an admin, a busy HTTPS client.
	flows = append(flows, repeat(5, flow{Src: "198.51.100.7", Dst: "10.0.1.10", DstPort: 22, Action: "ACCEPT", Start: "2024-03-01 03:00:00"})...)
	flows = append(flows, repeat(30, flow{Src: "203.0.113.9", Dst: "10.0.1.10", DstPort: 443, Action: "ACCEPT", Start: "2024-03-01 04:00:00"})...)
	return newTestCase(t).flows(flows...)
}

func TestHuntSSHBruteForce(t *testing.T) {
	r := runOne(t, sshCase(t), "aws-ssh-bruteforce", nil)
	wantKeys(t, r, "203.0.113.5")
	wantColumn(t, r, "attempts", int64(25))
	wantColumn(t, r, "rejected", int64(20))
	wantColumn(t, r, "accepted", int64(5))
	wantColumn(t, r, "targets", int64(2))

	r = runOne(t, sshCase(t), "aws-ssh-bruteforce", map[string]string{"min_attempts": "5"})
	wantKeys(t, r, "203.0.113.5", "198.51.100.7")
	r = runOne(t, sshCase(t), "aws-ssh-bruteforce", map[string]string{"port": "443"})
	wantKeys(t, r, "203.0.113.9")
}

func portCase(t *testing.T) *testCase {
	var flows []flow
	flows = append(flows, repeat(2, flow{Src: "10.0.1.20", Dst: "203.0.113.80", DstPort: 4444, Action: "ACCEPT", Start: "2024-03-01 05:00:00"})...)
	flows = append(flows, flow{Src: "10.0.1.21", Dst: "10.0.1.30", DstPort: 8081, Action: "ACCEPT", Start: "2024-03-01 05:10:00"})
	// Look-alikes: HTTPS (standard), a reply to an ephemeral port, a
	// rejected IRC connection, ICMP (port 0).
	flows = append(flows, repeat(50, flow{Src: "10.0.1.20", Dst: "52.95.1.1", DstPort: 443, Action: "ACCEPT", Start: "2024-03-01 05:00:00"})...)
	flows = append(flows, flow{Src: "52.95.1.1", Dst: "10.0.1.20", SrcPort: 443, DstPort: 51234, Action: "ACCEPT", Start: "2024-03-01 05:00:01"})
	flows = append(flows, flow{Src: "10.0.1.22", Dst: "203.0.113.81", DstPort: 6667, Action: "REJECT", Start: "2024-03-01 05:20:00"})
	flows = append(flows, flow{Src: "10.0.1.23", Dst: "10.0.1.24", Proto: 1, Action: "ACCEPT", Start: "2024-03-01 05:30:00"})
	return newTestCase(t).flows(flows...)
}

func TestHuntNonStandardPort(t *testing.T) {
	r := runOne(t, portCase(t), "aws-nonstandard-port", nil)
	wantKeys(t, r, "8081", "4444") // rarest first
	wantColumn(t, r, "flows", int64(1), int64(2))
	wantColumn(t, r, "source_sample", []any{"10.0.1.21"}, []any{"10.0.1.20"})

	r = runOne(t, portCase(t), "aws-nonstandard-port", map[string]string{"standard_ports": "443, 8081"})
	wantKeys(t, r, "4444")
}

func TestHuntScanningRecon(t *testing.T) {
	var flows []flow
	for port := 1; port <= 15; port++ { // a port sweep of one host
		flows = append(flows, flow{Src: "198.51.100.20", Dst: "10.0.1.10", SrcPort: 50000, DstPort: port * 100, Action: "REJECT", Start: "2024-03-01 06:00:00"})
	}
	for host := 1; host <= 12; host++ { // a host sweep of one port
		flows = append(flows, flow{Src: "198.51.100.30", Dst: fmt.Sprintf("10.0.2.%d", host), SrcPort: 50000, DstPort: 22, Action: "REJECT", Start: "2024-03-01 06:10:00"})
	}
	for port := 1; port <= 5; port++ { // too few to be a scan
		flows = append(flows, flow{Src: "198.51.100.40", Dst: "10.0.1.10", SrcPort: 50000, DstPort: port, Action: "REJECT", Start: "2024-03-01 06:20:00"})
	}
	for port := 1; port <= 20; port++ { // many ports, but accepted
		flows = append(flows, flow{Src: "10.0.1.5", Dst: "10.0.1.6", SrcPort: 50000, DstPort: 8000 + port, Action: "ACCEPT", Start: "2024-03-01 06:30:00"})
	}
	r := runOne(t, newTestCase(t).flows(flows...), "aws-scanning-recon", nil)
	wantKeys(t, r, "198.51.100.20", "198.51.100.30")
	wantColumn(t, r, "ports", int64(15), int64(1))
	wantColumn(t, r, "hosts", int64(1), int64(12))
}

func egressCase(t *testing.T) *testCase {
	var flows []flow
	flows = append(flows, repeat(6, flow{Src: "10.0.1.15", Dst: "185.220.101.4", DstPort: 443, Action: "REJECT", Start: "2024-03-01 07:00:00"})...)
	// Look-alikes: internal to internal, too few, inbound, and an address
	// that only looks private (172.32 is public).
	flows = append(flows, repeat(10, flow{Src: "10.0.1.16", Dst: "10.0.2.20", DstPort: 5432, Action: "REJECT", Start: "2024-03-01 07:00:00"})...)
	flows = append(flows, repeat(3, flow{Src: "172.31.5.5", Dst: "8.8.8.8", DstPort: 53, Action: "REJECT", Start: "2024-03-01 07:00:00"})...)
	flows = append(flows, repeat(10, flow{Src: "203.0.113.50", Dst: "10.0.1.15", DstPort: 22, Action: "REJECT", Start: "2024-03-01 07:00:00"})...)
	flows = append(flows, repeat(6, flow{Src: "172.32.0.1", Dst: "1.1.1.1", DstPort: 443, Action: "REJECT", Start: "2024-03-01 07:00:00"})...)
	flows = append(flows, repeat(6, flow{Src: "10.0.1.17", Dst: "1.1.1.1", DstPort: 443, Action: "ACCEPT", Start: "2024-03-01 07:00:00"})...)
	return newTestCase(t).flows(flows...)
}

func TestHuntEgressRejection(t *testing.T) {
	r := runOne(t, egressCase(t), "aws-egress-rejection", nil)
	wantKeys(t, r, "10.0.1.15|185.220.101.4")
	wantColumn(t, r, "rejected", int64(6))
	wantColumn(t, r, "ports", []any{int64(443)})

	r = runOne(t, egressCase(t), "aws-egress-rejection", map[string]string{"internal_prefixes": "172.32.", "min_count": "3"})
	wantKeys(t, r, "172.32.0.1|1.1.1.1")
}

func TestHuntTopTalkers(t *testing.T) {
	tc := newTestCase(t).flows(
		flow{Src: "10.0.1.10", Dst: "52.95.1.1", DstPort: 443, Bytes: 1_000_000, Action: "ACCEPT", Start: "2024-03-01 08:00:00"},
		flow{Src: "10.0.1.11", Dst: "10.0.1.10", DstPort: 5432, Bytes: 500_000, Action: "ACCEPT", Start: "2024-03-01 08:01:00"},
		flow{Src: "10.0.1.12", Dst: "10.0.1.13", DstPort: 22, Bytes: 100, Action: "ACCEPT", Start: "2024-03-01 08:02:00"},
	)
	r := runOne(t, tc, "aws-top-talkers", map[string]string{"limit": "2"})
	wantKeys(t, r, "10.0.1.10", "52.95.1.1")
	wantColumn(t, r, "total_bytes", int64(1_500_000), int64(1_000_000))
	wantColumn(t, r, "bytes_sent", int64(1_000_000), int64(0))
	wantColumn(t, r, "bytes_received", int64(500_000), int64(1_000_000))
}

// An event that is in the case twice (a trail's S3 files and a
// lookup-events export overlap) is one finding, and is counted once.
func TestHuntDuplicateEventsCountOnce(t *testing.T) {
	dup := ct("ev-dup", "09:00:00", "StopLogging", "ci-legacy", event{Key: "AKIALEAKED0000000001",
		Raw: `{"requestParameters":{"name":"main"}}`})
	tc := newTestCase(t).events(dup, dup,
		ct("ev-other", "09:01:00", "ListBuckets", "ci-legacy", event{Key: "AKIALEAKED0000000001"}),
		ct("", "09:02:00", "ListBuckets", "ci-legacy", event{Key: "AKIALEAKED0000000001"}), // no eventID:
		ct("", "09:02:00", "ListBuckets", "ci-legacy", event{Key: "AKIALEAKED0000000001"}), // kept, both
	)
	results := tc.run(RunOptions{}, "aws-stoplogging", "aws-keyid-activity")
	keyid, stop := results[0], results[1]
	wantKeys(t, stop, "ev-dup")
	wantKeys(t, keyid, "AKIALEAKED0000000001")
	wantColumn(t, keyid, "calls", int64(4))
}

// TestEveryHuntIsTested keeps this file in step with the catalog.
func TestEveryHuntIsTested(t *testing.T) {
	tested := []string{
		"aws-new-db-snapshots", "aws-listbuckets", "aws-createbucket", "aws-describeinstances",
		"aws-stoplogging", "aws-deletetrail", "aws-updatetrail", "aws-keyid-activity",
		"aws-ssh-bruteforce", "aws-nonstandard-port", "aws-scanning-recon", "aws-egress-rejection",
		"aws-top-talkers",
	}
	tested = append(tested, azureTested...)
	tested = append(tested, awsServiceTested...)
	for _, h := range builtin(t).Hunts() {
		if !slices.Contains(tested, h.ID) {
			t.Errorf("hunt %s has no test over a hand-built case", h.ID)
		}
	}
}
