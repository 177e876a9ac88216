package hunt

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudhunt/cloudhunt/hunts"
	"github.com/cloudhunt/cloudhunt/internal/render"
)

// The AWS hunts over service evidence (GuardDuty, Macie, Inspector, Config,
// EC2, CloudWatch alarms and logs, S3 access logs) on small hand-built
// cases: rows each must find and look-alikes it must not, asserting the
// key values reported, in order.

// awsServiceTested lists the hunts tested here (TestEveryHuntIsTested).
var awsServiceTested = []string{
	"aws-financial-theft", "aws-potential-pii", "aws-compute-modification",
	"aws-nonstandard-port-listening", "aws-inspector-reachability", "aws-crypto-miner",
	"aws-deployed-containers", "aws-web-fuzzing", "aws-container-credentials",
	"aws-user-agents", "aws-imds-v1", "aws-guardduty-ssh-bruteforce",
}

// awsOnly is the embedded hunts with only the aws folder visible, so that
// these tests load (and compile) the AWS hunts alone.
type awsOnly struct{ fs.FS }

func (f awsOnly) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.FS, name)
	if name != "." {
		return entries, err
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.Name() != "aws" }), err
}

// runAWS runs one AWS hunt over the case with these options.
func runAWS(t *testing.T, tc *testCase, id string, opts RunOptions) Result {
	t.Helper()
	cat, err := Load(awsOnly{hunts.FS}, testTables())
	if err != nil {
		t.Fatal(err)
	}
	h := cat.Hunt(id)
	if h == nil {
		t.Fatalf("no hunt %s", id)
	}
	// The writer must be closed before the case opens read-only.
	if err := tc.db.Close(); err != nil {
		t.Fatal(err)
	}
	results, err := Run(context.Background(), tc.open(), []*Hunt{h}, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if r.Status == StatusError {
		t.Fatalf("%s failed: %v", id, r.Err)
	}
	return r
}

// wantFound checks the findings' keys, in order. Key values are written as
// the ground truth writes them (render.Text: NULL is "", times are ISO).
func wantFound(t *testing.T, r Result, want ...string) {
	t.Helper()
	var idx []int
	for _, k := range r.Hunt.Key {
		i := columnIndex(r.Columns, k)
		if i < 0 {
			t.Fatalf("%s: key column %s not among %v", r.Hunt.ID, k, r.Columns)
		}
		idx = append(idx, i)
	}
	var got []string
	for _, row := range r.Rows {
		var parts []string
		for _, i := range idx {
			parts = append(parts, render.Text(row[i]))
		}
		got = append(got, strings.Join(parts, "|"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s with %v found\n%q\nwant\n%q", r.Hunt.ID, r.Params, got, want)
	}
	wantStatus := StatusFindings
	if len(want) == 0 {
		wantStatus = StatusNoFindings
	}
	if r.Status != wantStatus {
		t.Errorf("%s: status %q (%s), want %q", r.Hunt.ID, r.Status, r.Note, wantStatus)
	}
}

// ts is a time on 2024-03-08: "15:04:05" or "15:04:05.000".
func ts(clock string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999", "2024-03-08 "+clock)
	if err != nil {
		panic(err)
	}
	return t
}

func params(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// macie is a Macie finding row.
func macie(id, clock, typ, categories string) row {
	return row{"id": id, "type": typ, "category": "CLASSIFICATION", "severity": "High",
		"accountId": account, "region": "us-east-1", "createdAt": ts("08:00:00"), "updatedAt": ts(clock),
		"bucketName": "finance-reports", "objectKey": "2024/" + id + ".csv",
		"sensitiveDataCategories": categories, "sensitiveDataCount": int64(12), "raw": `{"id":"` + id + `"}`}
}

func macieCase(t *testing.T) *testCase {
	dup := macie("m-fin-1", "12:00:00", "SensitiveData:S3Object/Financial", `["FINANCIAL_INFORMATION"]`)
	dup["severity"] = "Medium" // an older state of the same finding, exported earlier
	dup["updatedAt"] = ts("09:00:00")
	return newTestCase(t).rows("macie_findings",
		macie("m-fin-1", "12:00:00", "SensitiveData:S3Object/Financial", `["FINANCIAL_INFORMATION"]`),
		dup,
		macie("m-multi-1", "13:00:00", "SensitiveData:S3Object/Multiple", `["PERSONAL_INFORMATION","FINANCIAL_INFORMATION"]`),
		macie("m-pers-1", "10:00:00", "SensitiveData:S3Object/Personal", `["PERSONAL_INFORMATION"]`),
		// Look-alikes: credentials, a policy finding, a custom identifier.
		macie("m-cred-1", "10:30:00", "SensitiveData:S3Object/Credentials", `["CREDENTIALS"]`),
		macie("m-policy-1", "10:40:00", "Policy:IAMUser/S3BucketPublic", `null`),
		macie("m-custom-1", "10:50:00", "SensitiveData:S3Object/CustomIdentifier", `["CUSTOM_IDENTIFIER"]`),
	)
}

func TestHuntAWSFinancialTheft(t *testing.T) {
	r := runAWS(t, macieCase(t), "aws-financial-theft", RunOptions{})
	wantFound(t, r, "m-fin-1", "m-multi-1")
	// The finding in the case twice is reported once, in its latest state.
	wantColumn(t, r, "severity", "High", "High")

	since := ts("12:30:00")
	r = runAWS(t, macieCase(t), "aws-financial-theft", RunOptions{Since: &since})
	wantFound(t, r, "m-multi-1")
}

const logGroupArn = "arn:aws:logs:us-east-1:111122223333:log-group:/app/orders:*"

// audit is a CloudWatch Logs data-protection audit finding row.
func audit(clock string, identifiers ...string) row {
	var names, items []string
	for _, id := range identifiers {
		name, count, _ := strings.Cut(id, "=")
		names = append(names, `"`+name+`"`)
		items = append(items, `{"name":"`+name+`","count":`+count+`,"detections":[{"start":1,"end":9}]}`)
	}
	return row{"auditTimestamp": ts(clock), "resourceArn": logGroupArn, "logGroup": "/app/orders",
		"dataIdentifiers": "[" + strings.Join(names, ",") + "]",
		"raw":             `{"auditTimestamp":"2024-03-08T` + clock + `Z","resourceArn":"` + logGroupArn + `","dataIdentifiers":[` + strings.Join(items, ",") + `]}`}
}

func TestHuntAWSPotentialPII(t *testing.T) {
	tc := macieCase(t).rows("cwl_data_protection_findings",
		audit("11:00:00", "EmailAddress=2", "CreditCardNumber=1"),
		// The same report delivered twice is one finding per identifier.
		audit("11:00:00", "EmailAddress=2", "CreditCardNumber=1"),
		audit("14:00:00", "Address=3"),
	)
	r := runAWS(t, tc, "aws-potential-pii", RunOptions{})
	wantFound(t, r,
		"m-pers-1",
		logGroupArn+"|2024-03-08T11:00:00Z|CreditCardNumber",
		logGroupArn+"|2024-03-08T11:00:00Z|EmailAddress",
		"m-multi-1",
		logGroupArn+"|2024-03-08T14:00:00Z|Address")
	wantColumn(t, r, "Source", "macie", "cwl-data-protection", "cwl-data-protection", "macie", "cwl-data-protection")
	wantColumn(t, r, "Detections", int64(12), int64(1), int64(2), int64(12), int64(3))
	wantColumn(t, r, "Resource", "s3://finance-reports/2024/m-pers-1.csv", "/app/orders", "/app/orders",
		"s3://finance-reports/2024/m-multi-1.csv", "/app/orders")
}

// configItem is an AWS Config configuration item row.
func configItem(resourceID, resourceType, clock, status string) row {
	return row{"resourceId": resourceID, "resourceType": resourceType, "configurationItemCaptureTime": ts(clock),
		"configurationItemStatus": status, "accountId": account, "awsRegion": "us-east-1",
		"configuration": `{"state":"` + clock + `"}`, "relatedEvents": `["ev-` + clock + `"]`, "raw": "{}"}
}

func configCase(t *testing.T) *testCase {
	const instance, group = "AWS::EC2::Instance", "AWS::EC2::SecurityGroup"
	return newTestCase(t).rows("config_items",
		configItem("i-0abc", instance, "09:00:00", "ResourceDiscovered"),
		configItem("i-0abc", instance, "10:00:00", "OK"),
		// The same item from a second file (S3 history and the CLI output).
		configItem("i-0abc", instance, "10:00:00", "OK"),
		configItem("i-0abc", instance, "10:15:00", "ResourceNotRecorded"),
		configItem("i-0abc", instance, "11:00:00", "ResourceDeleted"),
		// The earliest item is the discovery even when its status is OK.
		configItem("sg-0abc", group, "09:30:00", "OK"),
		configItem("sg-0abc", group, "10:30:00", "OK"),
		// Look-alikes: a group seen once, a bucket that changed.
		configItem("sg-0def", group, "10:45:00", "OK"),
		configItem("my-bucket", "AWS::S3::Bucket", "09:00:00", "ResourceDiscovered"),
		configItem("my-bucket", "AWS::S3::Bucket", "10:00:00", "OK"),
	)
}

func TestHuntAWSComputeModification(t *testing.T) {
	r := runAWS(t, configCase(t), "aws-compute-modification", RunOptions{})
	wantFound(t, r, "i-0abc|2024-03-08T10:00:00Z", "sg-0abc|2024-03-08T10:30:00Z", "i-0abc|2024-03-08T11:00:00Z")
	wantColumn(t, r, "previousStatus", "ResourceDiscovered", "OK", "ResourceNotRecorded")
	wantColumn(t, r, "previousConfiguration", map[string]any{"state": "09:00:00"}, map[string]any{"state": "09:30:00"},
		map[string]any{"state": "10:15:00"})

	// "Earliest" is over the whole case: a window that starts after the
	// discovery still sees the change as a change.
	since := ts("10:20:00")
	r = runAWS(t, configCase(t), "aws-compute-modification", RunOptions{Since: &since})
	wantFound(t, r, "sg-0abc|2024-03-08T10:30:00Z", "i-0abc|2024-03-08T11:00:00Z")
}

// rule is an ingress security-group rule row; ports < 0 are NULL.
func rule(group, protocol string, from, to int, cidr string) row {
	r := row{"GroupId": group, "GroupName": group + "-name", "VpcId": "vpc-1", "Direction": "ingress",
		"IpProtocol": protocol, "Cidr": cidr}
	if from >= 0 {
		r["FromPort"], r["ToPort"] = int32(from), int32(to)
	}
	return r
}

func rulesCase(t *testing.T) *testCase {
	egress := rule("sg-d", "tcp", 4444, 4444, "0.0.0.0/0")
	egress["Direction"] = "egress"
	return newTestCase(t).rows("ec2_security_group_rules",
		rule("sg-a", "tcp", 4444, 4444, "0.0.0.0/0"),
		rule("sg-a", "tcp", 4444, 4444, "0.0.0.0/0"), // the group described twice
		rule("sg-a", "tcp", 443, 443, "0.0.0.0/0"),
		rule("sg-a", "tcp", 22, 22, "10.0.0.0/8"),
		rule("sg-b", "-1", -1, -1, "::/0"),
		rule("sg-c", "tcp", 80, 443, "0.0.0.0/0"),
		rule("sg-c", "tcp", 80, 80, "::/0"),
		rule("sg-e", "udp", 0, 65535, "0.0.0.0/0"),
		// Look-alikes: outbound, ICMP (types, not ports), a group source.
		egress,
		rule("sg-d", "icmp", -1, -1, "0.0.0.0/0"),
		rule("sg-d", "tcp", 8080, 8080, "sg-a"),
	)
}

func TestHuntAWSNonstandardPortListening(t *testing.T) {
	r := runAWS(t, rulesCase(t), "aws-nonstandard-port-listening", RunOptions{})
	wantFound(t, r,
		"sg-a|tcp|4444|4444|0.0.0.0/0",
		"sg-b|-1|||::/0",
		"sg-c|tcp|80|443|0.0.0.0/0",
		"sg-e|udp|0|65535|0.0.0.0/0")
	wantColumn(t, r, "reason", "port outside allowed_ports", "all protocols", "port outside allowed_ports", "port outside allowed_ports")

	r = runAWS(t, rulesCase(t), "aws-nonstandard-port-listening", RunOptions{Params: params("allowed_ports", "22,80,443,4444")})
	wantFound(t, r, "sg-b|-1|||::/0", "sg-c|tcp|80|443|0.0.0.0/0", "sg-e|udp|0|65535|0.0.0.0/0")
}

// inspector is an Inspector finding row.
func inspector(arn, typ, clock string, from, to int64, imdsv1 bool) row {
	r := row{"findingArn": arn, "awsAccountId": account, "type": typ, "severity": "MEDIUM", "status": "ACTIVE",
		"title": arn + " title", "firstObservedAt": ts("08:00:00"), "lastObservedAt": ts(clock),
		"resourceType": "AWS_EC2_INSTANCE", "resourceId": "i-0abc", "instanceId": "i-0abc", "region": "us-east-1",
		"protocol": "TCP", "imdsv1": imdsv1,
		"raw": `{"findingArn":"` + arn + `","networkReachabilityDetails":{"networkPath":{"steps":[{"componentId":"igw-1","componentType":"AWS::EC2::InternetGateway"}]}}}`}
	if from >= 0 {
		r["openPortRangeBegin"], r["openPortRangeEnd"] = from, to
	}
	return r
}

func TestHuntAWSInspectorReachability(t *testing.T) {
	build := func() *testCase {
		return newTestCase(t).rows("inspector_findings",
			inspector("arn-1", "NETWORK_REACHABILITY", "10:00:00", 4444, 4444, false),
			inspector("arn-1", "NETWORK_REACHABILITY", "09:00:00", 4444, 4444, false), // an older listing
			inspector("arn-3", "NETWORK_REACHABILITY", "11:00:00", 22, 80, false),
			// Look-alikes: an allowed port, a package vulnerability.
			inspector("arn-2", "NETWORK_REACHABILITY", "10:30:00", 443, 443, false),
			inspector("arn-4", "PACKAGE_VULNERABILITY", "10:40:00", -1, -1, false),
		)
	}
	r := runAWS(t, build(), "aws-inspector-reachability", RunOptions{})
	wantFound(t, r, "arn-1", "arn-3")
	wantColumn(t, r, "networkPath",
		map[string]any{"steps": []any{map[string]any{"componentId": "igw-1", "componentType": "AWS::EC2::InternetGateway"}}},
		map[string]any{"steps": []any{map[string]any{"componentId": "igw-1", "componentType": "AWS::EC2::InternetGateway"}}})

	r = runAWS(t, build(), "aws-inspector-reachability", RunOptions{Params: params("allowed_ports", "22,80,443,4444")})
	wantFound(t, r, "arn-3")
}

// guardduty is a GuardDuty finding row.
func guardduty(id, typ, clock string, count int64) row {
	return row{"Id": id, "Type": typ, "Title": typ + " title", "Severity": 8.0, "AccountId": account,
		"Region": "us-east-1", "CreatedAt": ts("08:00:00"), "UpdatedAt": ts(clock), "ResourceType": "Instance",
		"InstanceId": "i-0abc", "ResourceRole": "TARGET", "ActionType": "NETWORK_CONNECTION",
		"RemoteIpAddress": "203.0.113.66", "RemoteCountry": "Nowhere", "LocalPort": int64(22), "Count": count,
		"raw": `{"Id":"` + id + `"}`}
}

// alarm is a CloudWatch metric alarm row.
func alarm(name, metric, state, clock string) row {
	return row{"AlarmName": name, "kind": "metric", "StateValue": state, "StateReason": "Threshold Crossed",
		"StateUpdatedTimestamp": ts(clock), "MetricName": metric, "Namespace": "ContainerInsights", "raw": "{}"}
}

// container is an EKS container log event.
func container(clock, pod, containerName, image, log string) row {
	stream := "ip-10-0-1-5.ec2.internal-application.var.log.containers." + pod + "_default_" + containerName + "-0123abcd.log"
	return row{"log_group": "/aws/containerinsights/prod/application", "log_stream": stream, "timestamp": ts(clock),
		"message": `{"log":"` + log + `"}`, "kind": "eks-container", "k8s_pod_name": pod, "k8s_namespace": "default",
		"k8s_container_name": containerName, "k8s_container_image": image, "k8s_host": "ip-10-0-1-5.ec2.internal",
		"k8s_log": log}
}

func TestHuntAWSCryptoMiner(t *testing.T) {
	apigw := row{"timestamp": ts("10:00:00"), "kind": "apigateway-access", "message": `{"path":"/xmrig"}`, "apigw_path": "/xmrig"}
	build := func() *testCase {
		return newTestCase(t).
			rows("cloudwatch_alarms",
				alarm("cluster-cpu-high", "node_cpu_utilization", "ALARM", "10:10:00"),
				alarm("web-CPUUtilization", "CPUUtilization", "ALARM", "10:20:00"),
				alarm("web-CPUUtilization", "CPUUtilization", "ALARM", "10:20:00"), // described twice
				// Look-alikes: a CPU alarm that is OK, a disk alarm firing.
				alarm("db-cpu", "CPUUtilization", "OK", "10:30:00"),
				alarm("disk-busy", "DiskReadOps", "ALARM", "10:40:00")).
			rows("cwl_events",
				container("10:05:00", "miner-7d9f", "worker", "docker.io/xmrig/xmrig:6.21", "[2024-03-08 10:05:00] speed 10s/60s/15m 812.4 H/s"),
				container("10:06:00", "miner-7d9f", "worker", "docker.io/xmrig/xmrig:6.21", "new job from pool.example:3333"),
				container("10:07:00", "batch-2", "job", "python:3.12", "connecting to STRATUM+TCP://pool.example:3333"),
				// Found by its pool port alone: an innocent-looking image.
				container("10:09:00", "sidecar-9", "helper", "busybox:1.36", "connected to xmr.pool.example:14444"),
				// Look-alikes: an ordinary web pod, a cache on a port that is no
				// pool's, a miner word outside a container log.
				container("10:08:00", "web-1", "nginx", "nginx:1.25", "GET /index.html 200"),
				container("10:08:30", "api-3", "api", "shop/api:2.1", "connected to cache.internal:6379"),
				apigw).
			rows("guardduty_findings",
				guardduty("gd-cc-1", "CryptoCurrency:EC2/BitcoinTool.B!DNS", "11:00:00", 3),
				guardduty("gd-cc-1", "CryptoCurrency:EC2/BitcoinTool.B!DNS", "10:50:00", 1),
				guardduty("gd-ssh-1", "UnauthorizedAccess:EC2/SSHBruteForce", "11:00:00", 9))
	}
	r := runAWS(t, build(), "aws-crypto-miner", RunOptions{})
	wantFound(t, r,
		"alarm|cluster-cpu-high", "alarm|web-CPUUtilization",
		"container|miner-7d9f", "container|batch-2", "container|sidecar-9",
		"guardduty|gd-cc-1")
	wantColumn(t, r, "Events", nil, nil, int64(2), int64(1), int64(1), int64(3))

	// Other patterns, and a pool port list without 3333 and 14444: the
	// miner pods named by their pool port only are no longer found.
	r = runAWS(t, build(), "aws-crypto-miner", RunOptions{Params: params("miner_patterns", "nginx", "pool_ports", "5555")})
	wantFound(t, r, "alarm|cluster-cpu-high", "alarm|web-CPUUtilization", "container|web-1", "guardduty|gd-cc-1")
}

const dashboardLog = "[2024-03-08T10:05:00Z] Incoming HTTP/1.1 POST /api/v1/appdeploymentfromfile request from 203.0.113.66:51234:"

func dashboardStream(pod string) string {
	return container("00:00:00", pod, "kubernetes-dashboard", "", "")["log_stream"].(string)
}

func TestHuntAWSDeployedContainers(t *testing.T) {
	build := func() *testCase {
		return newTestCase(t).rows("cwl_events",
			container("10:05:00.123", "kubernetes-dashboard-7f9b", "kubernetes-dashboard", "kubernetesui/dashboard:v2.7.0", dashboardLog),
			// The same event from a second file (S3 export, filter-log-events).
			container("10:05:00.123", "kubernetes-dashboard-7f9b", "kubernetes-dashboard", "kubernetesui/dashboard:v2.7.0", dashboardLog),
			// Look-alikes: the dashboard doing something else, another
			// container logging the word.
			container("10:06:00", "kubernetes-dashboard-7f9b", "kubernetes-dashboard", "kubernetesui/dashboard:v2.7.0",
				"Incoming HTTP/1.1 GET /api/v1/namespace request from 10.0.1.9:4000:"),
			container("10:07:00.5", "web-1", "web", "nginx:1.25", "POST /appdeploymentfromfile 404"),
		)
	}
	r := runAWS(t, build(), "aws-deployed-containers", RunOptions{})
	wantFound(t, r, dashboardStream("kubernetes-dashboard-7f9b")+"|2024-03-08T10:05:00.123Z")
	wantColumn(t, r, "requestFrom", "203.0.113.66")

	r = runAWS(t, build(), "aws-deployed-containers", RunOptions{Params: params("dashboard_container", "web")})
	wantFound(t, r, container("00:00:00", "web-1", "web", "", "")["log_stream"].(string)+"|2024-03-08T10:07:00.500Z")
}

func TestHuntAWSContainerCredentials(t *testing.T) {
	dash := func(clock, log string) row {
		return container(clock, "kubernetes-dashboard-7f9b", "kubernetes-dashboard", "kubernetesui/dashboard:v2.7.0", log)
	}
	secret := "Incoming HTTP/1.1 GET /api/v1/secret/default/aws-secrets request from 203.0.113.66:51240:"
	build := func() *testCase {
		return newTestCase(t).rows("cwl_events",
			dash("10:10:00", secret),
			dash("10:10:00", secret), // the same event twice
			dash("10:11:00", "Incoming HTTP/1.1 GET /api/v1/secret/kube-system request from 203.0.113.66:51241:"),
			// Look-alikes: other dashboard calls, case that differs, a
			// secret named in another pod's log.
			dash("10:12:00", "Incoming HTTP/1.1 GET /api/v1/configmap/default request from 10.0.1.9:4000:"),
			dash("10:13:00", "Incoming HTTP/1.1 GET /api/v1/namespace/AWS-SECRETS request from 10.0.1.9:4000:"),
			container("10:14:00", "app-1", "app", "app:1", "loaded aws-secrets from /mnt/secrets/"),
		)
	}
	stream := dashboardStream("kubernetes-dashboard-7f9b")
	r := runAWS(t, build(), "aws-container-credentials", RunOptions{})
	wantFound(t, r, stream+"|2024-03-08T10:10:00.000Z", stream+"|2024-03-08T10:11:00.000Z")
	wantColumn(t, r, "matched", "/api/v1/secret, aws-secrets", "/api/v1/secret")
	wantColumn(t, r, "requestFrom", "203.0.113.66", "203.0.113.66")

	r = runAWS(t, build(), "aws-container-credentials", RunOptions{Params: params("secret_markers", "configmap")})
	wantFound(t, r, stream+"|2024-03-08T10:12:00.000Z")
}

// access is an API Gateway access log event; its message is unique per
// request, as requestId makes it.
func access(n int, ip string, status int32, integrationError string) row {
	at := ts("10:00:00").Add(time.Duration(n) * time.Second)
	r := row{"log_group": "API-Gateway-Access-Logs_prod", "log_stream": "stream-1", "timestamp": at,
		"kind": "apigateway-access", "message": `{"requestId":"` + ip + "-" + at.Format(time.TimeOnly) + `"}`,
		"apigw_source_ip": ip, "apigw_status": status, "apigw_path": "/p" + at.Format("150405"),
		"apigw_user_agent": "Fuzz Faster U Fool v2.1.0"}
	if integrationError != "" {
		r["apigw_integration_error"] = integrationError
	}
	return r
}

func TestHuntAWSWebFuzzing(t *testing.T) {
	build := func() *testCase {
		tc := newTestCase(t)
		// 60 not found of 60, each event in the case twice.
		fuzz := times(60, func(i int) row { return access(i, "203.0.113.66", 404, "") })
		tc.rows("cwl_events", fuzz...).rows("cwl_events", fuzz...)
		// 55 failed opening a missing file, of 100.
		tc.rows("cwl_events", times(100, func(i int) row {
			if i < 55 {
				return access(100+i, "198.51.100.7", 500, "open /var/www/x: No such file or directory")
			}
			return access(100+i, "198.51.100.7", 200, "")
		})...)
		// Look-alike: an ordinary client with a few misses.
		return tc.rows("cwl_events", times(40, func(i int) row {
			if i < 3 {
				return access(300+i, "192.0.2.10", 404, "")
			}
			return access(300+i, "192.0.2.10", 200, "")
		})...)
	}
	r := runAWS(t, build(), "aws-web-fuzzing", RunOptions{})
	wantFound(t, r, "203.0.113.66", "198.51.100.7")
	wantColumn(t, r, "notFound", int64(60), int64(55))
	wantColumn(t, r, "requests", int64(60), int64(100))

	r = runAWS(t, build(), "aws-web-fuzzing", RunOptions{Params: params("min_not_found", "3")})
	wantFound(t, r, "203.0.113.66", "198.51.100.7", "192.0.2.10")
}

// s3Request is an S3 server access log row.
func s3Request(clock, ip, agent string) row {
	return row{"bucket": "finance-reports", "time": ts(clock), "remote_ip": ip, "operation": "REST.GET.OBJECT",
		"key": "2024/q1.csv", "http_status": int32(200), "user_agent": agent,
		"requester": "arn:aws:sts::111122223333:assumed-role/web-role/i-0abc"}
}

func TestHuntAWSUserAgents(t *testing.T) {
	ev := func(id, clock, agent string) event {
		return ct(id, clock, "ListBuckets", "i-0abc", event{Agent: agent, IP: "203.0.113.66"})
	}
	build := func() *testCase {
		tc := newTestCase(t).rows("s3_access_logs",
			s3Request("10:00:00", "203.0.113.66", "sqlmap/1.7.2#stable (https://sqlmap.org)"),
			s3Request("10:01:00", "203.0.113.67", "sqlmap/1.7.2#stable (https://sqlmap.org)"),
			s3Request("10:02:00", "203.0.113.66", "sqlmap/1.7.2#stable (https://sqlmap.org)"),
			s3Request("10:03:00", "198.51.100.9", "Mozilla/5.0 (Nikto/2.5.0)"),
			// Look-alike: an SDK.
			s3Request("10:04:00", "10.0.1.10", "aws-sdk-java/1.12.600 Linux/5.10"),
		)
		return tc.events(
			ev("ct-1", "10:05:00", "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023"),
			ev("ct-2", "10:06:00", "python-requests/2.31.0"),
			ev("ct-2", "10:06:00", "python-requests/2.31.0"), // the same event twice
			ev("ct-3", "10:07:00", "python-requests/2.31.0"),
			// Look-alikes: the console, an SDK.
			ev("ct-4", "10:08:00", "console.amazonaws.com"),
			ev("ct-5", "10:09:00", "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10"),
		)
	}
	r := runAWS(t, build(), "aws-user-agents", RunOptions{})
	wantFound(t, r,
		"s3|sqlmap/1.7.2#stable (https://sqlmap.org)",
		"s3|Mozilla/5.0 (Nikto/2.5.0)",
		"cloudtrail|python-requests/2.31.0",
		"cloudtrail|aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023")
	wantColumn(t, r, "requests", int64(3), int64(1), int64(2), int64(1))
	wantColumn(t, r, "sourceIps", int64(2), int64(1), int64(1), int64(1))

	r = runAWS(t, build(), "aws-user-agents", RunOptions{Params: params("patterns", "BOTO3")})
	wantFound(t, r, "cloudtrail|Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10")
}

// instance is an EC2 instance row; its raw lists a second interface.
func instance(id, tokens, private, public string, launched time.Time) row {
	return row{"InstanceId": id, "Name": id + "-name", "StateName": "running", "LaunchTime": launched,
		"PrivateIpAddress": private, "PublicIpAddress": public, "HttpTokens": tokens, "HttpEndpoint": "enabled",
		"raw": `{"InstanceId":"` + id + `","NetworkInterfaces":[{"PrivateIpAddresses":[{"PrivateIpAddress":"` + private +
			`","Association":{"PublicIp":"` + public + `"}}]},{"PrivateIpAddresses":[{"PrivateIpAddress":"10.0.2.11"}],"Association":{"PublicIp":"52.0.0.9"}}]}`}
}

func TestHuntAWSIMDSv1(t *testing.T) {
	session := func(id, clock, name, user, ip string) event {
		e := ct(id, clock, name, user, event{IP: ip})
		e.Time = "2024-03-08 " + clock
		return e
	}
	build := func() *testCase {
		return newTestCase(t).
			rows("inspector_findings",
				inspector("arn-imds", "CODE_VULNERABILITY", "09:00:00", -1, -1, true),
				inspector("arn-other", "PACKAGE_VULNERABILITY", "09:10:00", -1, -1, false)).
			rows("ec2_instances",
				instance("i-0abc", "optional", "10.0.1.10", "54.1.2.3", ts("07:00:00")),
				instance("i-0abc", "optional", "10.0.1.10", "54.1.2.3", ts("07:00:00")), // described twice
				instance("i-0def", "required", "10.0.1.20", "54.1.2.4", ts("07:00:00")),
				instance("i-0late", "optional", "10.0.1.30", "", ts("23:00:00"))).
			events(
				session("s1", "10:00:00", "GetCallerIdentity", "i-0abc", "203.0.113.66"),
				session("s2", "10:01:00", "ListBuckets", "i-0abc", "203.0.113.66"),
				session("s2", "10:01:00", "ListBuckets", "i-0abc", "203.0.113.66"), // the same event twice
				session("s3", "10:02:00", "ListBuckets", "i-0abc", "198.51.100.20"),
				// Look-alikes: the instance itself (its public address, an
				// address of its second interface), a service, a person.
				session("s4", "10:03:00", "GetObject", "i-0abc", "54.1.2.3"),
				session("s5", "10:04:00", "GetObject", "i-0abc", "10.0.2.11"),
				session("s6", "10:05:00", "GetObject", "i-0abc", "52.0.0.9"),
				session("s7", "10:06:00", "AssumeRole", "i-0abc", "ec2.amazonaws.com"),
				session("s8", "10:07:00", "ListBuckets", "alice", "203.0.113.66"))
	}
	r := runAWS(t, build(), "aws-imds-v1", RunOptions{})
	wantFound(t, r,
		"inspector|i-0abc",
		"instance|i-0abc", "instance|i-0late",
		"stolen-credentials|i-0abc|203.0.113.66", "stolen-credentials|i-0abc|198.51.100.20")
	wantColumn(t, r, "Events", int64(1), nil, nil, int64(2), int64(1))

	// Trusted ranges, and a window that ends before the late instance.
	until := ts("12:00:00")
	r = runAWS(t, build(), "aws-imds-v1", RunOptions{Until: &until, Params: params("trusted_cidrs", "198.51.100.0/25")})
	wantFound(t, r, "inspector|i-0abc", "instance|i-0abc", "stolen-credentials|i-0abc|203.0.113.66")
	r = runAWS(t, build(), "aws-imds-v1", RunOptions{Until: &until, Params: params("trusted_cidrs", "198.51.100.128/25, 203.0.113.66")})
	wantFound(t, r, "inspector|i-0abc", "instance|i-0abc", "stolen-credentials|i-0abc|198.51.100.20")
}

func TestHuntAWSGuardDutySSHBruteForce(t *testing.T) {
	actor := guardduty("gd-ssh-2", "UnauthorizedAccess:EC2/SSHBruteForce", "12:00:00", 40)
	actor["ResourceRole"] = "ACTOR"
	tc := newTestCase(t).rows("guardduty_findings",
		guardduty("gd-ssh-1", "UnauthorizedAccess:EC2/SSHBruteForce", "11:00:00", 12),
		// The same finding exported earlier, with fewer attempts seen.
		guardduty("gd-ssh-1", "UnauthorizedAccess:EC2/SSHBruteForce", "10:00:00", 5),
		actor,
		// Look-alikes: RDP brute force, a port probe of port 22.
		guardduty("gd-rdp-1", "UnauthorizedAccess:EC2/RDPBruteForce", "11:30:00", 7),
		guardduty("gd-probe-1", "Recon:EC2/PortProbeUnprotectedPort", "11:40:00", 2),
	)
	r := runAWS(t, tc, "aws-guardduty-ssh-bruteforce", RunOptions{})
	wantFound(t, r, "gd-ssh-1", "gd-ssh-2")
	wantColumn(t, r, "Count", int64(12), int64(40))
	wantColumn(t, r, "ResourceRole", "TARGET", "ACTOR")
}
