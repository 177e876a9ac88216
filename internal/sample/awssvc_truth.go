package sample

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
)

// Ground truth of the AWS service hunts: each hunt's rule (the shared
// spec, default parameters) applied to the records written, never a list
// kept apart from them.

// Default parameters of the AWS service hunts.
var (
	svcAllowedPorts  = map[int]bool{22: true, 80: true, 443: true}
	svcMinerPatterns = []string{"xmrig", "minerd", "cpuminer", "stratum+tcp", "nicehash", "cryptonight"}
	svcSecretMarkers = []string{"aws-secrets", "/api/v1/secret", "secrets/"}
	svcUAPatterns    = []string{"sqlmap", "nikto", "nmap", "masscan", "zgrab", "kali", "parrot", "python-requests", "curl/", "go-http-client"}
)

const (
	svcMinNotFound       = 50
	svcDashboard         = "kubernetes-dashboard"
	svcDeployMarker      = "appdeploymentfromfile"
	svcNotFoundIntegrErr = "No such file or directory"
)

// suspiciousUA reports whether a user agent matches aws-user-agents'
// patterns (case-insensitive substrings).
func suspiciousUA(ua string) bool {
	return containsAny(strings.ToLower(ua), svcUAPatterns)
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// isIPAddress tells an address from the service names CloudTrail puts in
// sourceIPAddress (ec2.amazonaws.com, AWS Internal).
func isIPAddress(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// outsidePorts reports whether a port range holds a port outside the
// allowed ones.
func outsidePorts(from, to int) bool {
	for p := from; p <= to; p++ {
		if !svcAllowedPorts[p] {
			return true
		}
	}
	return false
}

// svcTruth computes the ground truth of the AWS service hunts. acc holds
// what the CloudTrail workers observed: instance sessions and their
// source addresses, and suspicious user agents.
func svcTruth(o *svcOut, acc *accum) (map[string]HuntTruth, error) {
	w := o.w
	sets := map[string]map[string]bool{}
	add := func(hunt, key string) {
		if sets[hunt] == nil {
			sets[hunt] = map[string]bool{}
		}
		sets[hunt][key] = true
	}

	for _, f := range o.macie {
		has := func(c string) bool {
			for _, x := range f.categories {
				if x == c {
					return true
				}
			}
			return false
		}
		if has("FINANCIAL_INFORMATION") || f.typ == "SensitiveData:S3Object/Financial" {
			add("aws-financial-theft", f.id)
		}
		if has("PERSONAL_INFORMATION") || f.typ == "SensitiveData:S3Object/Personal" {
			add("aws-potential-pii", f.id)
		}
	}
	for _, a := range o.audits {
		add("aws-potential-pii", a.arn+"|"+a.at+"|"+a.name)
	}

	earliest := map[string]int64{}
	for _, c := range o.config {
		if t, ok := earliest[c.resourceID]; !ok || c.capture < t {
			earliest[c.resourceID] = c.capture
		}
	}
	for _, c := range o.config {
		compute := c.resourceType == "AWS::EC2::Instance" || c.resourceType == "AWS::EC2::SecurityGroup"
		changed := c.status == "OK" || c.status == "ResourceDeleted"
		if compute && changed && c.capture > earliest[c.resourceID] {
			add("aws-compute-modification", c.resourceID+"|"+isoTime(c.capture))
		}
	}

	for _, g := range o.groups {
		for _, r := range g.rules {
			if !r.ingress || (r.cidr != "0.0.0.0/0" && r.cidr != "::/0") {
				continue
			}
			if r.proto == "-1" || outsidePorts(r.from, r.to) {
				from, to := "", ""
				if r.from >= 0 {
					from, to = itoa(r.from), itoa(r.to)
				}
				add("aws-nonstandard-port-listening", strings.Join([]string{g.id, r.proto, from, to, r.cidr}, "|"))
			}
		}
	}

	for _, f := range o.inspector {
		if f.typ == "NETWORK_REACHABILITY" && f.begin >= 0 && outsidePorts(f.begin, f.end) {
			add("aws-inspector-reachability", f.arn)
		}
		if f.imdsv1 {
			add("aws-imds-v1", "inspector|"+f.instance)
		}
	}

	for _, a := range o.alarms {
		if a.state == "ALARM" && strings.Contains(strings.ToLower(a.metric), "cpu") {
			add("aws-crypto-miner", "alarm|"+a.name)
		}
	}
	for _, e := range o.k8s {
		if containsAny(strings.ToLower(e.image), svcMinerPatterns) || containsAny(strings.ToLower(e.log), svcMinerPatterns) {
			add("aws-crypto-miner", "container|"+e.pod)
		}
		at := isoMillis(e.t/1000, int(e.t%1000))
		if e.container == svcDashboard && strings.Contains(e.log, svcDeployMarker) {
			add("aws-deployed-containers", e.stream+"|"+at)
		}
		if strings.Contains(e.stream, svcDashboard) && containsAny(e.log, svcSecretMarkers) {
			add("aws-container-credentials", e.stream+"|"+at)
		}
	}
	for _, f := range o.gd {
		if strings.HasPrefix(f.typ, "CryptoCurrency:") {
			add("aws-crypto-miner", "guardduty|"+f.id)
		}
		if f.typ == "UnauthorizedAccess:EC2/SSHBruteForce" {
			add("aws-guardduty-ssh-bruteforce", f.id)
		}
	}

	notFound := map[string]int{}
	for _, q := range o.apigw {
		if q.status == "404" || strings.Contains(q.integrationError, svcNotFoundIntegrErr) {
			notFound[q.ip]++
		}
	}
	for ip, n := range notFound {
		if n >= svcMinNotFound {
			add("aws-web-fuzzing", ip)
		}
	}

	for _, q := range o.s3 {
		if suspiciousUA(q.ua) {
			add("aws-user-agents", "s3|"+q.ua)
		}
	}
	for ua := range acc.userAgents {
		add("aws-user-agents", "cloudtrail|"+ua)
	}

	known := map[string]bool{}
	for _, in := range o.instances {
		known[in.privateIP] = true
		if in.publicIP != "" {
			known[in.publicIP] = true
		}
	}
	for _, in := range o.instances {
		if in.httpTokens == "optional" {
			add("aws-imds-v1", "instance|"+in.id)
		}
	}
	for pair := range acc.instanceCalls {
		_, ip, _ := strings.Cut(pair, "|")
		if !known[ip] {
			add("aws-imds-v1", "stolen-credentials|"+pair)
		}
	}

	a := w.atk
	g := o.sgOpened
	stories := map[string]struct {
		key   []string
		story string
	}{
		"aws-financial-theft":            {[]string{"FindingId"}, fmt.Sprintf("Macie finds card and bank account numbers in %s, the bucket web-1's stolen session created, where the attacker staged copies of the customer data.", a.bucket)},
		"aws-potential-pii":              {[]string{"FindingId"}, fmt.Sprintf("Macie finds personal data in the copies staged in %s; the data-protection audit of /aws/lambda/orders-api-handler finds card numbers and e-mail addresses logged during the fuzzing and once on Wednesday.", a.bucket)},
		"aws-compute-modification":       {[]string{"resourceId", "captureTime"}, fmt.Sprintf("From the compromised build runner the attacker opens port %d on %s (10:04:51) and turns off the build runner's source/destination check (10:12:37); worker-2's retag by Wednesday's deploy is the benign change. Discovery items (a new group, the attacker's bucket) are not changes.", a.c2Port, g.name)},
		"aws-nonstandard-port-listening": {[]string{"GroupId", "IpProtocol", "FromPort", "ToPort", "Cidr"}, fmt.Sprintf("%s (%s) is open to the world on port %d, the attacker's listener; 443, 80 and 22 open to the world, and rules open to private ranges only, are not findings.", g.name, g.id, a.c2Port)},
		"aws-inspector-reachability":     {[]string{"FindingArn"}, fmt.Sprintf("Inspector finds port %d of the build runner reachable from the internet gateway; its port 22, eu-web's 443 and the bastion's 22 are allowed ports.", a.c2Port)},
		"aws-crypto-miner":               {[]string{"Kind", "Subject"}, fmt.Sprintf("Two xmrig pods (%s) deployed through the dashboard mine from 10:46; the EKS node CPU alarm fires and GuardDuty reports CryptoCurrency activity from both nodes. web-1's OK CPU alarm and the ALB 5xx alarm are not.", strings.Join(o.minerPods, ", "))},
		"aws-deployed-containers":        {[]string{"log_stream", "timestamp"}, fmt.Sprintf("%s deploys the miner from a file through the exposed Kubernetes dashboard (POST /api/v1/appdeploymentfromfile at 10:44).", a.ssrfIP)},
		"aws-web-fuzzing":                {[]string{"SourceIp"}, fmt.Sprintf("%s fuzzes the public API from 09:47 with a wordlist (ffuf): 240 requests, 404s and \"No such file or directory\" integration errors; ordinary clients hit a stale link now and then.", a.ssrfIP)},
		"aws-container-credentials":      {[]string{"log_stream", "timestamp"}, fmt.Sprintf("%s lists the secrets of namespace prod and reads aws-secrets through the dashboard at 10:49-10:50.", a.ssrfIP)},
		"aws-user-agents":                {[]string{"Source", "UserAgent"}, fmt.Sprintf("The stolen web-1 session runs a Kali aws-cli (CloudTrail and S3 reads of the customer data); %s probes the static bucket with python-requests. Browsers, SDKs and the company's CLIs are ordinary.", a.scanner)},
		"aws-imds-v1":                    {[]string{"Kind", "Subject"}, fmt.Sprintf("web-1 and web-2 allow IMDSv1 (describe-instances, Inspector); web-1's instance-profile session %s is used from %s, which is no instance's address. The instances' own calls leave through the NAT instances, whose addresses describe-instances lists.", w.web1.instance, a.ssrfIP)},
		"aws-guardduty-ssh-bruteforce":   {[]string{"Id"}, fmt.Sprintf("GuardDuty reports %s's SSH brute force on the prod bastion (get-findings) and %s's on the staging build runner (S3 export).", a.bruteProd, a.bruteStage)},
	}
	out := map[string]HuntTruth{}
	for id, s := range stories {
		keys := sortedKeys(sets[id])
		if len(keys) == 0 {
			return nil, fmt.Errorf("sample: hunt %s has nothing to find", id)
		}
		out[id] = HuntTruth{Key: s.key, Expect: keys, Story: s.story}
	}
	return out, nil
}

// svcHuntIDs lists the AWS service hunts, sorted.
func svcHuntIDs() []string {
	ids := []string{"aws-financial-theft", "aws-potential-pii", "aws-compute-modification", "aws-nonstandard-port-listening",
		"aws-inspector-reachability", "aws-crypto-miner", "aws-deployed-containers", "aws-web-fuzzing", "aws-container-credentials",
		"aws-user-agents", "aws-imds-v1", "aws-guardduty-ssh-bruteforce"}
	sort.Strings(ids)
	return ids
}
