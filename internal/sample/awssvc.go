package sample

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// The AWS service evidence beyond CloudTrail and flow logs, under
// <out>/aws/: GuardDuty, Macie and Inspector findings, CloudWatch Logs
// data-protection audit findings, AWS Config history, describe-instances,
// describe-security-groups and describe-alarms outputs, EKS container and
// API Gateway access logs (CloudWatch Logs exports) and S3 server access
// logs. The story of 2024-03-08 (UTC), same attackers as attack.go:
//
//	09:47  203.0.113.10 fuzzes the public API Gateway API (hundreds of
//	       404s and "No such file or directory" integration errors).
//	10:02  it exploits the SSRF and reads web-1's credentials from IMDSv1
//	       (web-1 and web-2 allow IMDSv1; Inspector flags both); the stolen
//	       session is used from 203.0.113.10 (CloudTrail, attack.go) and
//	       reads customer data from S3 with a Kali aws-cli.
//	10:04  from the compromised build runner, the attacker opens port 4444
//	       to the world on build-runner-sg (describe-security-groups, Config,
//	       an Inspector reachability finding) and at 10:12 changes the build
//	       runner's instance (Config).
//	10:44  203.0.113.10 deploys a miner through the exposed Kubernetes
//	       dashboard (appdeploymentfromfile), reads secrets through it
//	       (aws-secrets), and two xmrig pods start; the node CPU alarm fires
//	       and GuardDuty reports CryptoCurrency activity.
//	       GuardDuty reports the SSH brute force on the bastion and on the
//	       build runner; Macie finds card numbers and personal data in the
//	       bucket the attacker created; a data-protection audit finds card
//	       numbers in the API's Lambda log group.
//
// Benign look-alikes: OK and non-CPU alarms, ordinary containers, a few
// 404s from ordinary clients, SG rules on 443 open to the world and 22
// from private ranges, Config discovery items, Macie credential and
// policy findings, ordinary user agents. Scale multiplies the log
// background only.

// svcInstance is an EC2 instance as describe-instances and Config show it.
type svcInstance struct {
	name, id     string
	privateIP    string
	publicIP     string // "" when none
	instanceType string
	az, subnet   string
	vpc          string
	region       string
	acct         *account
	role         *role // nil: no instance profile
	groups       []*svcGroup
	httpTokens   string // optional (IMDSv1 allowed) or required
	srcDestCheck bool
	launch       int64
	image        string
}

// svcGroup is a security group with its rules as they are after the
// attack (describe-security-groups was run during the response).
type svcGroup struct {
	id, name, desc string
	vpc, region    string
	acct           *account
	rules          []sgRule
}

// sgRule is one source of one rule.
type sgRule struct {
	ingress  bool
	proto    string // tcp, udp, icmp or -1
	from, to int    // -1 when the rule covers every port (proto -1)
	cidr     string // 0.0.0.0/0, ::/0, 10.0.0.0/8 or a group id
	desc     string
}

// svcOut is what the AWS service part wrote, kept for its ground truth.
type svcOut struct {
	w     *world
	dir   string
	files int
	bytes int64

	instances []*svcInstance
	groups    []*svcGroup
	eksNodes  []*svcInstance
	gd        []gdFinding
	macie     []macieFinding
	audits    []auditFinding
	inspector []inspectorFinding
	config    []configItem
	alarms    []alarmRow
	k8s       []k8sEvent
	apigw     []apigwRequest
	s3        []s3Request

	// Attack names the stories quote.
	sgOpened   *svcGroup
	batchGroup *svcGroup
	minerPods  []string
	dashStream string
}

// writeAWSServices writes the AWS service evidence under dir/aws. It runs
// on one goroutine: the part is small, so the output cannot depend on the
// worker count.
func writeAWSServices(dir string, w *world, scale float64) (*svcOut, error) {
	o := &svcOut{w: w, dir: dir}
	o.buildInventory()
	steps := []func(float64) error{
		o.writeInventory, o.writeConfig, o.writeAlarms, o.writeGuardDuty, o.writeMacie,
		o.writeAudits, o.writeInspector, o.writeContainerLogs, o.writeAPIGateway, o.writeS3Access,
	}
	for _, step := range steps {
		if err := step(scale); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// writeFile writes body at dir/aws/rel, gzipped when the name ends in .gz.
func (o *svcOut) writeFile(rel string, body []byte) error {
	path := filepath.Join(o.dir, "aws", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if strings.HasSuffix(rel, ".gz") {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf) // no name or time in the header: same bytes every run
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		body = buf.Bytes()
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return err
	}
	o.files++
	o.bytes += int64(len(body))
	return nil
}

// writeCLI writes v as the AWS CLI prints JSON: four-space indent.
func (o *svcOut) writeCLI(rel string, v any) error {
	b, err := marshalJSON(v, "    ")
	if err != nil {
		return err
	}
	return o.writeFile(rel, append(b, '\n'))
}

// hash is a deterministic number for the names given.
func (o *svcOut) hash(parts ...string) uint64 {
	ps := make([]uint64, len(parts))
	for i, p := range parts {
		ps[i] = hashString(p)
	}
	return hashOf(o.w.seed, ps...)
}

// uuid is a deterministic version 4 UUID for the names given.
func (o *svcOut) uuid(parts ...string) string {
	h := o.hash(parts...)
	return string(appendUUID(nil, h, mix64(h)))
}

// cliTime is a time as AWS CLI v2 prints it: 2024-03-08T10:04:51+00:00,
// with microseconds only when there are some.
func cliTime(unix int64, ms int) string {
	s := isoTime(unix)
	s = s[:len(s)-1]
	if ms != 0 {
		s += "." + pad(ms, 3) + "000"
	}
	return s + "+00:00"
}

// isoMillis is 2024-03-08T10:04:51.123Z.
func isoMillis(unix int64, ms int) string {
	s := isoTime(unix)
	return s[:len(s)-1] + "." + pad(ms, 3) + "Z"
}

// pad is n in width digits, zero-padded.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
