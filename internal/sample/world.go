package sample

import (
	"math/rand/v2"
)

// The sample's fixed time base: a week of background activity, Monday
// 2024-03-04 to Monday 2024-03-11 (UTC), with the attack on Friday
// 2024-03-08. Nothing reads the wall clock, so the same seed always gives
// the same evidence.
const (
	bgStart   int64 = 1709510400 // 2024-03-04T00:00:00Z
	bgEnd     int64 = 1710115200 // 2024-03-11T00:00:00Z
	attackDay int64 = 1709856000 // 2024-03-08T00:00:00Z
	hour      int64 = 3600
	day       int64 = 86400
)

// Regions. The responder collected the S3 prefixes of two regions; the
// third only reaches the case through a CloudWatch Logs export.
const (
	regionMain   = "us-east-1"
	regionEU     = "eu-west-1"
	regionExport = "us-west-2"
)

// account is an AWS account whose CloudTrail logs are in the sample.
type account struct {
	id    string
	alias string
	// orgTrail: the account's logs come from the organization trail, so
	// their S3 keys carry the organization id: AWSLogs/o-…/<account>/….
	orgTrail bool
}

// iamUser is an IAM user with one long-term access key (AKIA…).
type iamUser struct {
	name    string
	id      string // AIDA…
	key     string // AKIA…
	account *account
	mfa     bool
}

// role is an IAM role that sessions assume.
type role struct {
	name    string
	id      string // AROA…
	account *account
}

// netHost is one network interface in a VPC: an instance's primary ENI, or
// the ENI of a managed service (load balancer, RDS) with no instance id.
type netHost struct {
	name     string
	ip       string
	ipv6     string // "" when the interface has no IPv6 address
	instance string // i-…, or "" for service-owned interfaces
	eni      string
	subnet   string
	az       string
	role     *role // instance profile role, nil when none
	vpc      *vpcNet
}

// world is everything the sample is made of: accounts, people, roles,
// hosts, address pools and the attacker's addresses. It is built once from
// the seed and only read afterwards, by every worker at the same time.
type world struct {
	seed int64

	prod, staging account
	orgID         string
	trailBucket   string
	outsideAcct   string // the account the stolen snapshot is shared with

	// IAM users.
	alice, bob, carol, deployBot, ciLegacy, dave, erin *iamUser
	// Roles.
	webRole, workerRole, reportingRole, opsRole, euWebRole, githubRole, lambdaRole *role
	stagingAppRole, buildRole, githubStagingRole, reportingReadRole                *role

	prodVPC, euVPC, stagingVPC *vpcNet
	vpcs                       []*vpcNet

	// Hosts the story names.
	bastion, web1, web2, albA, albB, dnsProd, worker1, worker2   *netHost
	customersDB, ordersDB, reportingDB                           *netHost
	euWeb, euDB, euDNS                                           *netHost
	stagingWeb, stagingApp1, stagingApp2, buildRunner, stagingDB *netHost
	stagingDNS                                                   *netHost
	instanceHosts                                                []*netHost // every host that is an EC2 instance

	// Address pools for background traffic.
	clients      []string // internet clients of the web sites
	clientsV6    []string
	awsEndpoints []string // AWS APIs, package mirrors, CDNs reached on 443
	ntpServers   []string
	dnsUpstream  []string
	ghRunners    []string // GitHub-hosted runners (CI callers)

	// Public addresses of the company.
	natProd, natEU, natStaging string
	officeIPs                  []string // the admins' office and home addresses
	jenkinsIP, atlantisIP      string
	lambdaIPs                  []string

	atk attackers

	streams []*ctStream // CloudTrail streams (account × region)
}

// attackers names the outside addresses of the story. They all come from
// the documentation ranges (RFC 5737), which random background addresses
// never use, so nothing in the background can be confused with them.
type attackers struct {
	ssrfIP      string // exploits the SSRF, then uses the stolen instance credentials
	keyIP       string // uses the leaked long-term key
	bruteProd   string // SSH brute force against the prod bastion
	bruteStage  string // SSH brute force against staging, succeeds
	scanner     string // port scan of the EU web server
	c2          string // command and control of the compromised staging host
	blocked     string // a second C2 address the network ACL blocks
	exfil       string // receives the reporting database dump
	c2Port      int
	c2Port2     int
	bucket      string // the bucket created with the stolen credentials
	snapshot    string // the snapshot made with the leaked key
	siemTrail   string // the trail the attacker blinds
	sessionUA   string // attacker's aws-cli user agent, without the command part
	pacuUA      string // attacker's boto3 user agent
	mainTrail   string // the trail that delivered this evidence
	snapshotOld string // the benign pre-upgrade snapshot
}

// newWorld builds the world for a seed. Identifiers (key ids, instance
// ids, …) depend on the seed; names and addresses do not, so the story
// reads the same for every seed.
func newWorld(seed int64) *world {
	w := &world{seed: seed}
	h := func(parts ...string) uint64 {
		ps := make([]uint64, len(parts))
		for i, p := range parts {
			ps[i] = hashString(p)
		}
		return hashOf(seed, ps...)
	}

	w.prod = account{id: "314159265358", alias: "acme-prod"}
	w.staging = account{id: "271828182845", alias: "acme-staging", orgTrail: true}
	w.orgID = "o-" + lowerAlnum(h("org"), 10)
	w.trailBucket = "acme-cloudtrail-logs-314159265358"
	w.outsideAcct = "609215468836"

	user := func(a *account, name string, mfa bool) *iamUser {
		return &iamUser{name: name, account: a, mfa: mfa,
			id: awsID("AIDA", h("user", a.id, name), 17), key: awsID("AKIA", h("key", a.id, name), 16)}
	}
	w.alice = user(&w.prod, "alice.admin", true)
	w.bob = user(&w.prod, "bob.dev", false)
	w.carol = user(&w.prod, "carol.sec", true)
	w.deployBot = user(&w.prod, "deploy-bot", false)
	w.ciLegacy = user(&w.prod, "ci-legacy", false)
	w.dave = user(&w.staging, "dave.sre", true)
	w.erin = user(&w.staging, "erin.qa", true)

	mkRole := func(a *account, name string) *role {
		return &role{name: name, account: a, id: awsID("AROA", h("role", a.id, name), 17)}
	}
	w.webRole = mkRole(&w.prod, "web-app-role")
	w.workerRole = mkRole(&w.prod, "worker-role")
	w.reportingRole = mkRole(&w.prod, "reporting-db-role")
	w.opsRole = mkRole(&w.prod, "ops-instance-role")
	w.euWebRole = mkRole(&w.prod, "eu-web-role")
	w.githubRole = mkRole(&w.prod, "GitHubActionsDeploy")
	w.lambdaRole = mkRole(&w.prod, "cost-reporter-lambda-role")
	w.reportingReadRole = mkRole(&w.prod, "reporting-readonly")
	w.stagingAppRole = mkRole(&w.staging, "staging-app-role")
	w.buildRole = mkRole(&w.staging, "build-runner-role")
	w.githubStagingRole = mkRole(&w.staging, "GitHubActionsStaging")

	// Networks. All three VPCs live in 10.0.0.0/16 blocks that do not
	// overlap, so an address names one host across the whole case.
	w.prodVPC = w.newVPC(h, &w.prod, regionMain, "prod", false)
	w.euVPC = w.newVPC(h, &w.prod, regionEU, "eu", false)
	w.stagingVPC = w.newVPC(h, &w.staging, regionMain, "staging", true)
	w.vpcs = []*vpcNet{w.prodVPC, w.euVPC, w.stagingVPC}

	p, e, s := w.prodVPC, w.euVPC, w.stagingVPC
	w.bastion = p.addHost(h, "bastion", "10.0.1.5", "", "public-a", "us-east-1a", w.opsRole, true)
	w.web1 = p.addHost(h, "web-1", "10.0.1.10", "", "public-a", "us-east-1a", w.webRole, true)
	w.web2 = p.addHost(h, "web-2", "10.0.1.11", "", "public-b", "us-east-1b", w.webRole, true)
	w.albA = p.addHost(h, "prod-alb-a", "10.0.1.20", "2600:1f18:2a4:8c00:6d3e:9b10:4f7a:20", "public-a", "us-east-1a", nil, false)
	w.albB = p.addHost(h, "prod-alb-b", "10.0.1.21", "2600:1f18:2a4:8c01:1c52:e0a9:77b3:21", "public-b", "us-east-1b", nil, false)
	w.dnsProd = p.addHost(h, "dns-1", "10.0.2.53", "", "private-a", "us-east-1a", w.opsRole, true)
	w.worker1 = p.addHost(h, "worker-1", "10.0.2.30", "", "private-a", "us-east-1a", w.workerRole, true)
	w.worker2 = p.addHost(h, "worker-2", "10.0.2.31", "", "private-b", "us-east-1b", w.workerRole, true)
	w.customersDB = p.addHost(h, "prod-customers-db", "10.0.3.10", "", "db-a", "us-east-1a", nil, false)
	w.ordersDB = p.addHost(h, "prod-orders-db", "10.0.3.11", "", "db-b", "us-east-1b", nil, false)
	w.reportingDB = p.addHost(h, "reporting-db", "10.0.3.20", "", "db-a", "us-east-1a", w.reportingRole, true)

	w.euWeb = e.addHost(h, "eu-web", "10.0.65.10", "", "eu-public-a", "eu-west-1a", w.euWebRole, true)
	w.euDB = e.addHost(h, "eu-db", "10.0.66.30", "", "eu-db-a", "eu-west-1a", nil, false)
	w.euDNS = e.addHost(h, "eu-dns", "10.0.66.53", "", "eu-private-a", "eu-west-1a", w.euWebRole, true)

	w.stagingWeb = s.addHost(h, "staging-web", "10.0.130.10", "2600:1f18:61c:3b00:8f2a:41c7:d2e0:10", "stg-public-a", "us-east-1a", w.stagingAppRole, true)
	w.stagingApp1 = s.addHost(h, "staging-app-1", "10.0.130.11", "", "stg-public-a", "us-east-1a", w.stagingAppRole, true)
	w.stagingApp2 = s.addHost(h, "staging-app-2", "10.0.130.12", "", "stg-public-a", "us-east-1a", w.stagingAppRole, true)
	w.buildRunner = s.addHost(h, "build-runner", "10.0.130.25", "", "stg-public-a", "us-east-1a", w.buildRole, true)
	w.stagingDB = s.addHost(h, "staging-db", "10.0.131.10", "", "stg-db-a", "us-east-1a", nil, false)
	w.stagingDNS = s.addHost(h, "staging-dns", "10.0.129.53", "", "stg-private-a", "us-east-1a", w.stagingAppRole, true)

	for _, v := range w.vpcs {
		for _, h := range v.hosts {
			if h.instance != "" {
				w.instanceHosts = append(w.instanceHosts, h)
			}
		}
	}

	// Address pools. A fixed pool of clients (rather than a fresh random
	// address per connection) is both more realistic (people come back)
	// and keeps every client far below the top talkers.
	r := newRand(seed, 0xadd7)
	w.clients = make([]string, 20000)
	for i := range w.clients {
		w.clients[i] = publicIPv4(r)
	}
	w.clientsV6 = make([]string, 500)
	for i := range w.clientsV6 {
		w.clientsV6[i] = "2a0" + string(hexDigits[r.IntN(10)]) + ":" + hex16(r) + ":" + hex16(r) + "::" + hex16(r)
	}
	prefixes := [][2]int{{52, 216}, {54, 239}, {3, 5}, {151, 101}, {140, 82}, {18, 160}, {35, 71}}
	w.awsEndpoints = make([]string, 300)
	for i := range w.awsEndpoints {
		pf := prefixes[i%len(prefixes)]
		w.awsEndpoints[i] = ipv4(pf[0], pf[1], r.IntN(256), between(r, 1, 254))
	}
	w.ntpServers = []string{"162.159.200.1", "129.6.15.28", "132.163.96.1", "216.239.35.0"}
	w.dnsUpstream = []string{"8.8.8.8", "8.8.4.4", "1.1.1.1"}
	w.ghRunners = make([]string, 40)
	for i := range w.ghRunners {
		w.ghRunners[i] = ipv4(20, pick(r, []int{42, 55, 57, 102, 169}), r.IntN(256), between(r, 1, 254))
	}
	w.natProd, w.natEU, w.natStaging = "54.164.20.77", "34.247.108.12", "44.198.31.206"
	w.officeIPs = []string{"38.140.62.10", "73.202.18.44", "98.37.120.5"}
	w.jenkinsIP, w.atlantisIP = "18.209.55.140", "52.90.14.211"
	w.lambdaIPs = []string{"3.237.18.92", "3.238.7.165", "44.200.141.3"}

	w.atk = attackers{
		ssrfIP:      "203.0.113.10",
		keyIP:       "198.51.100.23",
		bruteProd:   "198.51.100.77",
		bruteStage:  "203.0.113.45",
		scanner:     "198.51.100.14",
		c2:          "192.0.2.200",
		blocked:     "203.0.113.66",
		exfil:       "203.0.113.99",
		c2Port:      4444,
		c2Port2:     8088,
		bucket:      "acme-prod-backup-sync-" + lowerAlnum(h("bucket"), 6),
		snapshot:    "customers-db-export-0308",
		siemTrail:   "secops-siem-trail",
		mainTrail:   "prod-management-trail",
		sessionUA:   "aws-cli/2.15.17 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off",
		pacuUA:      "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51",
		snapshotOld: "prod-orders-db-pre-upgrade-20240305",
	}

	w.buildFlowKinds()
	w.streams = w.buildStreams()
	return w
}

// lowerAlnum returns n characters of [a-z0-9] derived from h.
func lowerAlnum(h uint64, n int) string {
	const set = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = set[h%uint64(len(set))]
		h /= uint64(len(set))
		if h == 0 {
			h = mix64(uint64(i) + 77)
		}
	}
	return string(b)
}

// hex16 returns 1–4 hex digits, one group of an IPv6 address.
func hex16(r *rand.Rand) string {
	v := r.IntN(0xffff) + 1
	return string(appendHexTrim(nil, uint64(v)))
}

// appendHexTrim appends v in hex without leading zeros.
func appendHexTrim(b []byte, v uint64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	var tmp [16]byte
	i := len(tmp)
	for v > 0 {
		i--
		tmp[i] = hexDigits[v&15]
		v >>= 4
	}
	return append(b, tmp[i:]...)
}

// isInternal reports whether an address is private, by the same rule as
// aws-egress-rejection's internal_prefixes default.
func isInternal(ip string) bool {
	if len(ip) >= 3 && ip[:3] == "10." {
		return true
	}
	if len(ip) >= 8 && ip[:8] == "192.168." {
		return true
	}
	if len(ip) >= 7 && ip[:4] == "172." {
		// 172.16. … 172.31.
		if ip[6] == '.' && ip[4] >= '1' && ip[4] <= '3' {
			n := int(ip[4]-'0')*10 + int(ip[5]-'0')
			return n >= 16 && n <= 31
		}
	}
	return false
}
