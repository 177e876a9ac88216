package sample

import (
	"strconv"
	"strings"
)

// The benign CloudTrail background: who works in each account and region,
// and which API calls they make. Weights are relative shares of events.
//
// Two rules keep the background free of findings, so that each hunt reports
// only what the story explains:
//   - instance-profile sessions (Username i-…) never call ListBuckets,
//     CreateBucket or DescribeInstances, and those three calls never fail
//     when people and automation make them;
//   - nobody but the attacker (and one scripted maintenance snapshot) calls
//     the trail or snapshot APIs the hunts watch.

// ctStream is the CloudTrail log of one account in one region.
type ctStream struct {
	key    string // "prod/us-east-1"
	acct   *account
	region string
	share  float64 // share of the background events
	kmsKey string  // the region's customer managed key, for Decrypt events
	actors []*actor
	cum    []float64
}

// actor is one kind of caller: a person at the CLI or console, a CI
// pipeline, a fleet of instances, an AWS service.
type actor struct {
	name   string
	weight float64
	ua     string // user agent of the caller's software
	cli    bool   // ua is aws-cli v2, which appends " command/<service.op>"
	who    func(g *ctGen, ev *ctEvent)
	calls  []*apiCall

	// Per stream: the calls' user agents and cumulative weights.
	uas []string
	cum []float64
}

// apiCall is one API action as a caller makes it.
type apiCall struct {
	source, name string
	weight       float64
	readOnly     bool
	global       bool   // served only from us-east-1: IAM, S3 bucket listing, Cost Explorer, sign-in
	cli          string // aws-cli command, e.g. "ec2.describe-instances"; derived from the name when ""
	ua           string // user agent when the call comes from other software than the actor's
	errRate      float64
	errCode      string
	errMsg       string
	build        func(g *ctGen, ev *ctEvent)
}

// User agents of the software that calls AWS in the background.
const (
	uaSSMAgent  = "aws-sdk-go/1.44.260 (go1.21.6; linux; amd64) amazon-ssm-agent/3.3.40.0"
	uaCWAgent   = "aws-sdk-go/1.48.6 (go1.21.7; linux; amd64) CWAgent/1.300034.1b536"
	uaJavaApp   = "aws-sdk-java/2.25.6 Linux/6.1.77-99.164.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. md/io#sync md/http#Apache cfg/retry-mode#legacy"
	uaGHCLI     = "aws-cli/2.15.17 Python/3.11.6 Linux/6.5.0-1016-azure exe/x86_64.ubuntu.22 prompt/off"
	uaGHOIDC    = "aws-sdk-js/3.525.0 ua/2.0 os/linux#6.5.0-1016-azure lang/js md/nodejs#20.11.1 api/sts#3.525.0 configure-aws-credentials-for-github-actions"
	uaLambda    = "Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.10.209-219.881.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.34"
	uaAliceCLI  = "aws-cli/2.15.17 Python/3.11.6 Darwin/23.3.0 exe/x86_64 prompt/off"
	uaBobCLI    = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-21-generic exe/x86_64.ubuntu.22 prompt/off"
	uaDaveCLI   = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/arm64 prompt/off"
	uaJenkins   = "aws-cli/1.29.62 Python/3.8.10 Linux/5.15.0-1053-aws botocore/1.31.62"
	uaTerraform = "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.39.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64"
	uaConsole   = "AWS Internal"
	uaBrowser   = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
)

// buildStreams lays out who works where.
func (w *world) buildStreams() []*ctStream {
	prodMain := []*netHost{w.web1, w.web2, w.worker1, w.worker2, w.reportingDB, w.bastion, w.dnsProd}
	prodEU := []*netHost{w.euWeb, w.euDNS}
	staging := []*netHost{w.stagingWeb, w.stagingApp1, w.stagingApp2, w.buildRunner, w.stagingDNS}

	aliceCLI := w.userCLI("alice-cli", 5, w.alice, uaAliceCLI, w.officeIPs[:2], adminCalls())
	bobCLI := w.userCLI("bob-cli", 6, w.bob, uaBobCLI, []string{w.officeIPs[0], w.officeIPs[2]}, devCalls())
	daveCLI := w.userCLI("dave-cli", 12, w.dave, uaDaveCLI, w.officeIPs[:1], devCalls())
	deployBot := w.userCLI("deploy-bot", 8, w.deployBot, uaTerraform, []string{w.atlantisIP}, terraformCalls())
	deployBot.cli = false
	jenkins := w.userCLI("ci-legacy", 6, w.ciLegacy, uaJenkins, []string{w.jenkinsIP}, jenkinsCalls())
	jenkins.cli = false

	streams := []*ctStream{
		{key: "prod/" + regionMain, acct: &w.prod, region: regionMain, share: 0.62, actors: []*actor{
			w.instances("prod-instances", 38, prodMain, w.natProd, w.reportingReadRole),
			w.github("github", 13, w.githubRole),
			w.githubOIDC("github-oidc", 1.5, w.githubRole, "acme/web-app"),
			w.lambda("cost-reporter", 4),
			aliceCLI,
			w.consoleUser("alice-console", 4, w.alice, w.officeIPs[:2], consoleAdminCalls()),
			bobCLI,
			w.consoleUser("carol-console", 3, w.carol, w.officeIPs[:1], securityCalls()),
			deployBot,
			jenkins,
			w.consoleLogins("console-logins", 0.4, []*iamUser{w.alice, w.carol}),
			w.awsService("aws-service", 6, prodMain, true),
		}},
		{key: "prod/" + regionEU, acct: &w.prod, region: regionEU, share: 0.18, actors: []*actor{
			w.instances("eu-instances", 38, prodEU, w.natEU, w.reportingReadRole),
			w.github("github", 10, w.githubRole),
			aliceCLI,
			w.consoleUser("alice-console", 4, w.alice, w.officeIPs[:2], consoleAdminCalls()),
			bobCLI,
			w.consoleUser("carol-console", 2, w.carol, w.officeIPs[:1], securityCalls()),
			deployBot,
			jenkins,
			w.awsService("aws-service", 6, prodEU, false),
		}},
		{key: "staging/" + regionMain, acct: &w.staging, region: regionMain, share: 0.15, actors: []*actor{
			w.instances("staging-instances", 45, staging, w.natStaging, nil),
			w.github("github", 20, w.githubStagingRole),
			w.githubOIDC("github-oidc", 2, w.githubStagingRole, "acme/web-app"),
			daveCLI,
			w.consoleUser("erin-console", 6, w.erin, w.officeIPs[:1], consoleAdminCalls()),
			w.consoleLogins("console-logins", 0.5, []*iamUser{w.dave, w.erin}),
			w.awsService("aws-service", 8, staging, false),
		}},
		{key: "staging/" + regionEU, acct: &w.staging, region: regionEU, share: 0.05, actors: []*actor{
			w.github("github", 20, w.githubStagingRole),
			daveCLI,
			w.consoleUser("erin-console", 5, w.erin, w.officeIPs[:1], consoleAdminCalls()),
		}},
		// us-west-2 only reaches the case through the CloudWatch Logs
		// export; a few people and the cost reporter work there.
		{key: "prod/" + regionExport, acct: &w.prod, region: regionExport, actors: []*actor{
			aliceCLI, bobCLI, deployBot, w.lambda("cost-reporter", 4),
		}},
	}
	for _, s := range streams {
		s.kmsKey = "arn:aws:kms:" + s.region + ":" + s.acct.id + ":key/" +
			string(appendUUID(nil, hashOf(w.seed, hashString("kms"+s.key)), hashOf(w.seed, hashString("kms2"+s.key))))
		s.actors = forRegion(s.actors, s.region)
		s.cum = cumulative(len(s.actors), func(i int) float64 { return s.actors[i].weight })
	}
	return streams
}

// streamByKey finds a stream ("prod/us-east-1").
func (w *world) streamByKey(key string) *ctStream {
	for _, s := range w.streams {
		if s.key == key {
			return s
		}
	}
	panic("sample: no CloudTrail stream " + key)
}

// forRegion returns copies of the actors with only the calls that exist in
// region, and with each call's user agent worked out once.
func forRegion(actors []*actor, region string) []*actor {
	var out []*actor
	for _, a := range actors {
		c := *a
		c.calls, c.uas = nil, nil
		for _, call := range a.calls {
			if call.global && region != regionMain {
				continue
			}
			c.calls = append(c.calls, call)
			ua := a.ua
			switch {
			case call.ua != "":
				ua = call.ua
			case a.cli:
				ua += " command/" + cliCommand(call)
			}
			c.uas = append(c.uas, ua)
		}
		if len(c.calls) == 0 {
			continue
		}
		c.cum = cumulative(len(c.calls), func(i int) float64 { return c.calls[i].weight })
		out = append(out, &c)
	}
	return out
}

func cumulative(n int, weight func(int) float64) []float64 {
	cum := make([]float64, n)
	sum := 0.0
	for i := range cum {
		sum += weight(i)
		cum[i] = sum
	}
	return cum
}

// cliCommand is the aws-cli command for a call: "ec2.describe-instances".
func cliCommand(c *apiCall) string {
	if c.cli != "" {
		return c.cli
	}
	var b strings.Builder
	b.WriteString(c.source[:strings.IndexByte(c.source, '.')])
	b.WriteByte('.')
	for i, r := range c.name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// session returns the temporary key and creation time of a session that
// is renewed every `every` seconds: the same for every event of the same
// period, in any file, because it is a hash of the period and not a draw.
func (w *world) session(t, every int64, parts ...string) (key string, created int64) {
	slot := t / every
	ps := []uint64{uint64(slot)}
	for _, p := range parts {
		ps = append(ps, hashString(p))
	}
	h := hashOf(w.seed, ps...)
	// Created a little before the period starts, so always before t.
	return awsID("ASIA", h, 16), slot*every - 60 - int64(h%840)
}

// instanceSession is the instance-profile session of an instance at time
// t. Instances refresh their credentials every six hours; the stolen
// credentials of the story are the ones web-1 held that morning.
func (w *world) instanceSession(h *netHost, t int64) identity {
	key, created := w.session(t, 6*hour, "instance", h.instance)
	return identity{kind: "AssumedRole", account: h.vpc.account, role: h.role, session: h.instance,
		key: key, created: created, delivery: "2.0"}
}

// instances is a fleet of EC2 instances calling AWS with their instance
// profiles: SSM agent, CloudWatch agent and the application itself.
func (w *world) instances(name string, weight float64, hosts []*netHost, nat string, assumeTarget *role) *actor {
	a := &actor{name: name, weight: weight, ua: uaJavaApp,
		who: func(g *ctGen, ev *ctEvent) {
			g.host = pick(g.r, hosts)
			ev.who = g.w.instanceSession(g.host, ev.time)
			ev.sourceIP = nat
		},
	}
	a.calls = []*apiCall{
		{source: "ssm.amazonaws.com", name: "UpdateInstanceInformation", weight: 22, ua: uaSSMAgent, build: buildUpdateInstanceInformation},
		{source: "ssm.amazonaws.com", name: "GetParameter", weight: 14, readOnly: true, build: buildGetParameter,
			errRate: 0.02, errCode: "ParameterNotFound", errMsg: "Parameter not found."},
		{source: "ssm.amazonaws.com", name: "GetParameters", weight: 4, readOnly: true, build: buildGetParameters},
		{source: "kms.amazonaws.com", name: "Decrypt", weight: 14, readOnly: true, build: buildDecrypt},
		{source: "secretsmanager.amazonaws.com", name: "GetSecretValue", weight: 6, readOnly: true, build: buildGetSecretValue},
		{source: "ec2.amazonaws.com", name: "DescribeTags", weight: 6, readOnly: true, ua: uaCWAgent, build: buildDescribeTags},
		{source: "logs.amazonaws.com", name: "CreateLogStream", weight: 2, ua: uaCWAgent, build: buildCreateLogStream,
			errRate: 0.3, errCode: "ResourceAlreadyExistsException", errMsg: "The specified log stream already exists"},
		{source: "ecr.amazonaws.com", name: "GetAuthorizationToken", weight: 2, readOnly: true, build: buildECRToken},
	}
	if assumeTarget != nil {
		a.calls = append(a.calls, &apiCall{source: "sts.amazonaws.com", name: "AssumeRole", weight: 3,
			build: func(g *ctGen, ev *ctEvent) { buildAssumeRole(g, ev, assumeTarget, g.host.name+"-reporting") }})
	}
	return a
}

// github is the deployment pipeline: a fresh role session per workflow run.
func (w *world) github(name string, weight float64, r *role) *actor {
	return &actor{name: name, weight: weight, ua: uaGHCLI, cli: true,
		who: func(g *ctGen, ev *ctEvent) {
			run := (ev.time - bgStart) / 1200
			key, created := g.w.session(ev.time, 1200, "github", r.account.id)
			ev.who = identity{kind: "AssumedRole", account: r.account, role: r,
				session: "github-actions-" + strconv.FormatInt(2800+run, 10), key: key, created: created}
			ev.sourceIP = g.w.ghRunners[hashOf(g.w.seed, uint64(run))%uint64(len(g.w.ghRunners))]
		},
		calls: []*apiCall{
			{source: "ecr.amazonaws.com", name: "GetAuthorizationToken", weight: 3, readOnly: true, build: buildECRToken},
			{source: "ecr.amazonaws.com", name: "BatchCheckLayerAvailability", weight: 4, readOnly: true, build: buildECRLayers},
			{source: "ecr.amazonaws.com", name: "InitiateLayerUpload", weight: 1, build: buildECRRepo},
			{source: "ecr.amazonaws.com", name: "CompleteLayerUpload", weight: 1, build: buildECRLayers},
			{source: "ecr.amazonaws.com", name: "PutImage", weight: 1, build: buildPutImage},
			{source: "ecs.amazonaws.com", name: "DescribeServices", weight: 4, readOnly: true, build: buildDescribeServices},
			{source: "ecs.amazonaws.com", name: "DescribeTaskDefinition", weight: 1, readOnly: true, build: buildTaskDefinition},
			{source: "ecs.amazonaws.com", name: "RegisterTaskDefinition", weight: 1, build: buildRegisterTaskDefinition},
			{source: "ecs.amazonaws.com", name: "UpdateService", weight: 1, build: buildUpdateService},
			{source: "cloudformation.amazonaws.com", name: "DescribeStacks", weight: 2, readOnly: true, build: buildDescribeStacks},
			{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 0.7, readOnly: true, build: buildDescribeInstances},
			{source: "sts.amazonaws.com", name: "GetCallerIdentity", weight: 1, readOnly: true, build: buildNoParams},
		},
	}
}

// githubOIDC is the start of each workflow run: GitHub's OIDC token
// exchanged for role credentials.
func (w *world) githubOIDC(name string, weight float64, r *role, repo string) *actor {
	sub := "repo:" + repo + ":ref:refs/heads/main"
	return &actor{name: name, weight: weight, ua: uaGHOIDC,
		who: func(g *ctGen, ev *ctEvent) {
			ev.who = identity{kind: "WebIdentityUser", account: r.account, webSub: sub}
			run := (ev.time - bgStart) / 1200
			ev.sourceIP = g.w.ghRunners[hashOf(g.w.seed, uint64(run))%uint64(len(g.w.ghRunners))]
		},
		calls: []*apiCall{{source: "sts.amazonaws.com", name: "AssumeRoleWithWebIdentity", weight: 1,
			build: func(g *ctGen, ev *ctEvent) {
				run := (ev.time - bgStart) / 1200
				key, _ := g.w.session(ev.time, 1200, "github", r.account.id)
				buildWebIdentity(g, ev, r, "github-actions-"+strconv.FormatInt(2800+run, 10), key)
			}}},
	}
}

// lambda is a scheduled cost and inventory report.
func (w *world) lambda(name string, weight float64) *actor {
	r := w.lambdaRole
	return &actor{name: name, weight: weight, ua: uaLambda,
		who: func(g *ctGen, ev *ctEvent) {
			key, created := g.w.session(ev.time, hour, "lambda")
			ev.who = identity{kind: "AssumedRole", account: r.account, role: r, session: name, key: key, created: created}
			ev.sourceIP = pick(g.r, g.w.lambdaIPs)
		},
		calls: []*apiCall{
			{source: "ce.amazonaws.com", name: "GetCostAndUsage", weight: 2, readOnly: true, global: true, build: buildCostAndUsage},
			{source: "s3.amazonaws.com", name: "ListBuckets", weight: 1, readOnly: true, global: true, build: buildListBuckets},
			{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 1.5, readOnly: true, build: buildDescribeInstances},
			{source: "ec2.amazonaws.com", name: "DescribeVolumes", weight: 1, readOnly: true, build: buildDescribeVolumes},
			{source: "rds.amazonaws.com", name: "DescribeDBInstances", weight: 1, readOnly: true, build: buildNoParams},
		},
	}
}

// userCLI is a person or tool using an IAM user's long-term key.
func (w *world) userCLI(name string, weight float64, u *iamUser, ua string, ips []string, calls []*apiCall) *actor {
	return &actor{name: name, weight: weight, ua: ua, cli: true, calls: calls,
		who: func(g *ctGen, ev *ctEvent) {
			ev.who = identity{kind: "IAMUser", account: u.account, user: u, key: u.key}
			ev.sourceIP = pick(g.r, ips)
		},
	}
}

// consoleUser is a person in the AWS console: an IAM user whose console
// session holds temporary (ASIA) credentials.
func (w *world) consoleUser(name string, weight float64, u *iamUser, ips []string, calls []*apiCall) *actor {
	return &actor{name: name, weight: weight, ua: uaConsole, calls: calls,
		who: func(g *ctGen, ev *ctEvent) {
			key, created := g.w.session(ev.time, 8*hour, "console", u.name)
			ev.who = identity{kind: "IAMUser", account: u.account, user: u, key: key, created: created, mfa: u.mfa}
			ev.sourceIP = pick(g.r, ips)
			ev.console = true
		},
	}
}

// consoleLogins are the console sign-ins of a few people.
func (w *world) consoleLogins(name string, weight float64, users []*iamUser) *actor {
	return &actor{name: name, weight: weight, ua: uaBrowser,
		who: func(g *ctGen, ev *ctEvent) {
			u := pick(g.r, users)
			ev.who = identity{kind: "IAMUser", account: u.account, user: u}
			ev.sourceIP = g.w.officeIPs[0]
		},
		calls: []*apiCall{{source: "signin.amazonaws.com", name: "ConsoleLogin", weight: 1, global: true, build: buildConsoleLogin}},
	}
}

// awsService is AWS acting on its own: EC2 fetching instance-profile
// credentials for instances, and KMS rotating keys.
func (w *world) awsService(name string, weight float64, hosts []*netHost, withLambda bool) *actor {
	a := &actor{name: name, weight: weight,
		who: func(g *ctGen, ev *ctEvent) {
			ev.who = identity{kind: "AWSService", invokedBy: "ec2.amazonaws.com"}
			ev.sourceIP, ev.userAgent = "ec2.amazonaws.com", "ec2.amazonaws.com"
			ev.version, ev.noTLS = "1.08", true
		},
	}
	a.calls = []*apiCall{
		{source: "sts.amazonaws.com", name: "AssumeRole", weight: 10, build: func(g *ctGen, ev *ctEvent) {
			h := pick(g.r, hosts)
			s := g.w.instanceSession(h, ev.time)
			buildAssumeRoleAs(g, ev, h.role, h.instance, s.key)
		}},
		{source: "kms.amazonaws.com", name: "RotateKey", weight: 0.004, build: buildRotateKey},
	}
	if withLambda {
		a.calls = append(a.calls, &apiCall{source: "sts.amazonaws.com", name: "AssumeRole", weight: 2,
			build: func(g *ctGen, ev *ctEvent) {
				ev.who.invokedBy, ev.sourceIP, ev.userAgent = "lambda.amazonaws.com", "lambda.amazonaws.com", "lambda.amazonaws.com"
				key, _ := g.w.session(ev.time, hour, "lambda")
				buildAssumeRoleAs(g, ev, g.w.lambdaRole, "cost-reporter", key)
			}})
	}
	return a
}

// Call lists of people and tools.

func adminCalls() []*apiCall {
	return []*apiCall{
		{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 4, readOnly: true, build: buildDescribeInstances},
		{source: "ec2.amazonaws.com", name: "DescribeSecurityGroups", weight: 2, readOnly: true, build: buildDescribeSecurityGroups},
		{source: "ec2.amazonaws.com", name: "DescribeVpcs", weight: 1, readOnly: true, build: buildDescribeVpcs},
		{source: "s3.amazonaws.com", name: "ListBuckets", weight: 2, readOnly: true, global: true, cli: "s3.ls", build: buildListBuckets},
		{source: "s3.amazonaws.com", name: "CreateBucket", weight: 0.15, global: true, cli: "s3.mb", build: buildCreateBucket},
		{source: "s3.amazonaws.com", name: "GetBucketPolicy", weight: 1, readOnly: true, global: true, cli: "s3api.get-bucket-policy", build: buildBucketOp},
		{source: "iam.amazonaws.com", name: "ListUsers", weight: 1, readOnly: true, global: true, build: buildNoParams},
		{source: "iam.amazonaws.com", name: "GetRole", weight: 1, readOnly: true, global: true, build: buildGetRole},
		{source: "sts.amazonaws.com", name: "GetCallerIdentity", weight: 2, readOnly: true, build: buildNoParams},
		{source: "rds.amazonaws.com", name: "DescribeDBInstances", weight: 1, readOnly: true, build: buildNoParams},
		{source: "cloudtrail.amazonaws.com", name: "DescribeTrails", weight: 0.5, readOnly: true, build: buildDescribeTrails},
		{source: "ssm.amazonaws.com", name: "GetParameter", weight: 0.5, readOnly: true, build: buildGetParameter},
	}
}

func consoleAdminCalls() []*apiCall {
	return []*apiCall{
		{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 4, readOnly: true, build: buildDescribeInstances},
		{source: "s3.amazonaws.com", name: "ListBuckets", weight: 2, readOnly: true, global: true, build: buildListBuckets},
		{source: "monitoring.amazonaws.com", name: "DescribeAlarms", weight: 2, readOnly: true, build: buildDescribeAlarms},
		{source: "ec2.amazonaws.com", name: "DescribeVpcs", weight: 1, readOnly: true, build: buildDescribeVpcs},
		{source: "iam.amazonaws.com", name: "ListRoles", weight: 1, readOnly: true, global: true, build: buildNoParams},
		{source: "rds.amazonaws.com", name: "DescribeDBInstances", weight: 1, readOnly: true, build: buildNoParams},
		{source: "cloudtrail.amazonaws.com", name: "LookupEvents", weight: 0.5, readOnly: true, build: buildLookupEvents},
	}
}

func securityCalls() []*apiCall {
	return []*apiCall{
		{source: "cloudtrail.amazonaws.com", name: "LookupEvents", weight: 3, readOnly: true, build: buildLookupEvents},
		{source: "guardduty.amazonaws.com", name: "ListFindings", weight: 2, readOnly: true, build: buildListFindings},
		{source: "securityhub.amazonaws.com", name: "GetFindings", weight: 2, readOnly: true, build: buildGetFindings},
		{source: "config.amazonaws.com", name: "DescribeConfigRules", weight: 1, readOnly: true, build: buildNoParams},
		{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 1, readOnly: true, build: buildDescribeInstances},
		{source: "s3.amazonaws.com", name: "ListBuckets", weight: 1, readOnly: true, global: true, build: buildListBuckets},
		{source: "s3.amazonaws.com", name: "GetBucketPolicy", weight: 1, readOnly: true, global: true, build: buildBucketOp},
		{source: "iam.amazonaws.com", name: "ListUsers", weight: 1, readOnly: true, global: true, build: buildNoParams},
		{source: "iam.amazonaws.com", name: "GenerateCredentialReport", weight: 0.3, global: true, build: buildNoParams},
	}
}

func devCalls() []*apiCall {
	return []*apiCall{
		{source: "logs.amazonaws.com", name: "FilterLogEvents", weight: 3, readOnly: true, build: buildFilterLogEvents},
		{source: "logs.amazonaws.com", name: "DescribeLogGroups", weight: 1, readOnly: true, build: buildNoParams},
		{source: "lambda.amazonaws.com", name: "ListFunctions20150331", weight: 2, readOnly: true, cli: "lambda.list-functions", build: buildNoParams},
		{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 2, readOnly: true, build: buildDescribeInstances},
		{source: "ssm.amazonaws.com", name: "GetParameter", weight: 1, readOnly: true, build: buildGetParameter},
		{source: "ecs.amazonaws.com", name: "DescribeServices", weight: 2, readOnly: true, build: buildDescribeServices},
		{source: "s3.amazonaws.com", name: "ListBuckets", weight: 1, readOnly: true, global: true, cli: "s3.ls", build: buildListBuckets},
		{source: "sts.amazonaws.com", name: "GetCallerIdentity", weight: 1, readOnly: true, build: buildNoParams},
	}
}

func terraformCalls() []*apiCall {
	return []*apiCall{
		{source: "ec2.amazonaws.com", name: "DescribeInstances", weight: 3, readOnly: true, build: buildDescribeInstances},
		{source: "ec2.amazonaws.com", name: "DescribeVpcs", weight: 2, readOnly: true, build: buildDescribeVpcs},
		{source: "ec2.amazonaws.com", name: "DescribeSecurityGroups", weight: 2, readOnly: true, build: buildDescribeSecurityGroups},
		{source: "ec2.amazonaws.com", name: "DescribeSubnets", weight: 2, readOnly: true, build: buildDescribeVpcs},
		{source: "iam.amazonaws.com", name: "GetRole", weight: 2, readOnly: true, global: true, build: buildGetRole,
			errRate: 0.05, errCode: "NoSuchEntityException", errMsg: "The role with name ecs-task-exec-canary cannot be found."},
		{source: "iam.amazonaws.com", name: "GetPolicy", weight: 1, readOnly: true, global: true, build: buildGetPolicy},
		{source: "s3.amazonaws.com", name: "GetBucketVersioning", weight: 1, readOnly: true, global: true, build: buildBucketOp},
		{source: "s3.amazonaws.com", name: "CreateBucket", weight: 0.1, global: true, build: buildCreateBucket},
		{source: "rds.amazonaws.com", name: "DescribeDBInstances", weight: 1, readOnly: true, build: buildNoParams},
		{source: "sts.amazonaws.com", name: "GetCallerIdentity", weight: 1, readOnly: true, build: buildNoParams},
	}
}

func jenkinsCalls() []*apiCall {
	return []*apiCall{
		{source: "ecr.amazonaws.com", name: "GetAuthorizationToken", weight: 3, readOnly: true, build: buildECRToken},
		{source: "ecr.amazonaws.com", name: "DescribeImages", weight: 2, readOnly: true, build: buildECRRepo},
		{source: "ecs.amazonaws.com", name: "DescribeServices", weight: 1, readOnly: true, build: buildDescribeServices},
		{source: "sts.amazonaws.com", name: "GetCallerIdentity", weight: 1, readOnly: true, build: buildNoParams},
	}
}
