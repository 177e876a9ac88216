package sample

import (
	"strconv"
	"time"
)

// Builders of requestParameters, responseElements and resources, one per
// API call. Each appends JSON to the generator's scratch buffers and
// points the event at them. The shapes follow what CloudTrail records for
// these calls.

// env is "prod" or "staging": the prefix of parameter names, clusters, …
func env(g *ctGen) string {
	if g.stream.acct.orgTrail {
		return "staging"
	}
	return "prod"
}

func buildNoParams(g *ctGen, ev *ctEvent) {}

// hostName is the EC2 internal DNS name of an instance, e.g.
// ip-10-0-1-10.ec2.internal.
func appendHostName(b []byte, h *netHost) []byte {
	b = append(b, "ip-"...)
	for i := 0; i < len(h.ip); i++ {
		if h.ip[i] == '.' {
			b = append(b, '-')
		} else {
			b = append(b, h.ip[i])
		}
	}
	if h.vpc.region == regionMain {
		return append(b, ".ec2.internal"...)
	}
	b = append(b, '.')
	b = append(b, h.vpc.region...)
	return append(b, ".compute.internal"...)
}

func buildUpdateInstanceInformation(g *ctGen, ev *ctEvent) {
	h := g.host
	b := append(g.p, `{"instanceId":`...)
	b = appendJSONString(b, h.instance)
	b = append(b, `,"agentVersion":"3.3.40.0","agentName":"amazon-ssm-agent","platformType":"Linux","platformName":"Amazon Linux","platformVersion":"2023","iPAddress":`...)
	b = appendJSONString(b, h.ip)
	b = append(b, `,"computerName":"`...)
	b = appendHostName(b, h)
	b = append(b, `","agentStatus":"Active","availabilityZone":`...)
	b = appendJSONString(b, h.az)
	b = append(b, `,"availabilityZoneId":"`...)
	b = append(b, azID(h.az)...)
	b = append(b, `"}`...)
	g.p, ev.params = b, b
}

// azID maps an availability zone name to its zone id.
func azID(az string) string {
	switch az {
	case "us-east-1a":
		return "use1-az4"
	case "us-east-1b":
		return "use1-az6"
	case "eu-west-1a":
		return "euw1-az2"
	}
	return "use1-az1"
}

var (
	paramNames = []string{"/web/db_url", "/web/feature_flags", "/shared/datadog_api_key", "/worker/queue_url", "/web/session_secret", "/shared/sentry_dsn"}
	logGroups  = []string{"/app/web", "/app/worker", "/ecs/web-app", "/aws/lambda/cost-reporter"}
	secretIDs  = []string{"/web/stripe-api-key", "/web/db-password", "/worker/smtp-credentials"}
	roleNames  = []string{"web-app-role", "worker-role", "ecs-task-exec", "GitHubActionsDeploy", "ops-instance-role", "reporting-db-role"}
	bucketPool = []string{"acme-prod-assets", "acme-prod-logs", "acme-terraform-state", "acme-prod-backups", "acme-data-lake-raw", "acme-static-site"}
)

func buildGetParameter(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"name":"/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, paramNames)...)
	b = append(b, `","withDecryption":true}`...)
	g.p, ev.params = b, b
}

func buildGetParameters(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"names":["/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, paramNames)...)
	b = append(b, `","/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, paramNames)...)
	b = append(b, `"],"withDecryption":true}`...)
	g.p, ev.params = b, b
}

// buildDecrypt is KMS decrypting a SecureString parameter on behalf of the
// caller of GetParameter: the identity is the caller's, the source is SSM.
func buildDecrypt(g *ctGen, ev *ctEvent) {
	ev.who.invokedBy, ev.sourceIP, ev.userAgent = "ssm.amazonaws.com", "ssm.amazonaws.com", "ssm.amazonaws.com"
	b := append(g.p, `{"encryptionContext":{"PARAMETER_ARN":"arn:aws:ssm:`...)
	b = append(b, ev.region...)
	b = append(b, ':')
	b = append(b, ev.account.id...)
	b = append(b, `:parameter/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, paramNames)...)
	b = append(b, `"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`...)
	g.p, ev.params = b, b
	g.res = appendResource(g.res[:0], ev.account.id, "AWS::KMS::Key", g.stream.kmsKey)
	ev.resources = g.res
}

// appendResource appends a one-element resources array.
func appendResource(b []byte, acct, typ, arn string) []byte {
	b = append(b, `[{"accountId":`...)
	b = appendJSONString(b, acct)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, typ)
	b = append(b, `,"ARN":`...)
	b = appendJSONString(b, arn)
	return append(b, `}]`...)
}

func buildGetSecretValue(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"secretId":"`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, secretIDs)...)
	b = append(b, `"}`...)
	g.p, ev.params = b, b
}

func buildDescribeTags(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"filterSet":{"items":[{"name":"resource-id","valueSet":{"items":[{"value":`...)
	b = appendJSONString(b, g.host.instance)
	b = append(b, `}]}}]}}`...)
	g.p, ev.params = b, b
}

func buildCreateLogStream(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"logGroupName":"/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, logGroups)...)
	b = append(b, `","logStreamName":`...)
	b = appendJSONString(b, g.host.instance)
	b = append(b, '}')
	g.p, ev.params = b, b
}

func buildECRToken(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"registryIds":[`...)
	b = appendJSONString(b, ev.account.id)
	b = append(b, `]}`...)
	g.p, ev.params = b, b
}

func buildECRRepo(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"repositoryName":"web-app","registryId":`...)
	b = appendJSONString(b, ev.account.id)
	b = append(b, '}')
	g.p, ev.params = b, b
}

func buildECRLayers(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"repositoryName":"web-app","registryId":`...)
	b = appendJSONString(b, ev.account.id)
	b = append(b, `,"layerDigests":["sha256:`...)
	for i := 0; i < 4; i++ {
		b = appendHex(b, g.r.Uint64(), 16)
	}
	b = append(b, `"]}`...)
	g.p, ev.params = b, b
}

func buildPutImage(g *ctGen, ev *ctEvent) {
	tag := g.r.Uint64()
	b := append(g.p, `{"repositoryName":"web-app","registryId":`...)
	b = appendJSONString(b, ev.account.id)
	b = append(b, `,"imageTag":"sha-`...)
	b = appendHex(b, tag, 7)
	b = append(b, `","imageManifestMediaType":"application/vnd.docker.distribution.manifest.v2+json"}`...)
	g.p, ev.params = b, b
	r := append(g.rs, `{"image":{"registryId":`...)
	r = appendJSONString(r, ev.account.id)
	r = append(r, `,"repositoryName":"web-app","imageId":{"imageDigest":"sha256:`...)
	for i := 0; i < 4; i++ {
		r = appendHex(r, g.r.Uint64(), 16)
	}
	r = append(r, `","imageTag":"sha-`...)
	r = appendHex(r, tag, 7)
	r = append(r, `"}}}`...)
	g.rs, ev.response = r, r
}

func buildDescribeServices(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"cluster":"`...)
	b = append(b, env(g)...)
	b = append(b, `","services":["web","worker"]}`...)
	g.p, ev.params = b, b
}

func buildTaskDefinition(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"taskDefinition":"web-app"}`...)
	ev.params = g.p
}

func buildRegisterTaskDefinition(g *ctGen, ev *ctEvent) {
	rev := 400 + (ev.time-bgStart)/3600
	b := append(g.p, `{"family":"web-app","containerDefinitions":[{"name":"web","image":"`...)
	b = append(b, ev.account.id...)
	b = append(b, ".dkr.ecr."...)
	b = append(b, ev.region...)
	b = append(b, `.amazonaws.com/web-app:sha-`...)
	b = appendHex(b, g.r.Uint64(), 7)
	b = append(b, `","cpu":512,"memory":1024,"portMappings":[{"containerPort":8080,"hostPort":8080,"protocol":"tcp"}],"essential":true}],"networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"512","memory":"1024"}`...)
	g.p, ev.params = b, b
	r := append(g.rs, `{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:`...)
	r = append(r, ev.region...)
	r = append(r, ':')
	r = append(r, ev.account.id...)
	r = append(r, `:task-definition/web-app:`...)
	r = appendInt64(r, rev)
	r = append(r, `","family":"web-app","revision":`...)
	r = appendInt64(r, rev)
	r = append(r, `,"status":"ACTIVE"}}`...)
	g.rs, ev.response = r, r
}

func buildUpdateService(g *ctGen, ev *ctEvent) {
	rev := 400 + (ev.time-bgStart)/3600
	b := append(g.p, `{"cluster":"`...)
	b = append(b, env(g)...)
	b = append(b, `","service":"web","taskDefinition":"web-app:`...)
	b = appendInt64(b, rev)
	b = append(b, `","forceNewDeployment":false}`...)
	g.p, ev.params = b, b
	r := append(g.rs, `{"service":{"serviceArn":"arn:aws:ecs:`...)
	r = append(r, ev.region...)
	r = append(r, ':')
	r = append(r, ev.account.id...)
	r = append(r, `:service/`...)
	r = append(r, env(g)...)
	r = append(r, `/web","serviceName":"web","status":"ACTIVE","desiredCount":2,"runningCount":2,"launchType":"FARGATE"}}`...)
	g.rs, ev.response = r, r
}

func buildDescribeStacks(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"stackName":"web-app-`...)
	b = append(b, env(g)...)
	b = append(b, `"}`...)
	g.p, ev.params = b, b
}

func buildDescribeInstances(g *ctGen, ev *ctEvent) {
	b := g.p
	if g.r.IntN(2) == 0 {
		b = append(b, `{"instancesSet":{},"filterSet":{"items":[{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}}]}}`...)
	} else {
		b = append(b, `{"instancesSet":{"items":[{"instanceId":`...)
		b = appendJSONString(b, pick(g.r, g.w.instanceHosts).instance)
		b = append(b, `}]},"filterSet":{}}`...)
	}
	g.p, ev.params = b, b
}

func buildDescribeVolumes(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"volumeSet":{},"filterSet":{"items":[{"name":"status","valueSet":{"items":[{"value":"available"}]}}]}}`...)
	ev.params = g.p
}

func buildDescribeSecurityGroups(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":`...)
	b = appendJSONString(b, pick(g.r, g.w.vpcs).id)
	b = append(b, `}]}}]}}`...)
	g.p, ev.params = b, b
}

func buildDescribeVpcs(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"vpcSet":{},"filterSet":{}}`...)
	ev.params = g.p
}

func buildCostAndUsage(g *ctGen, ev *ctEvent) {
	ev.host = "ce.us-east-1.amazonaws.com"
	g.p = append(g.p, `{"timePeriod":{"start":"2024-03-01","end":"2024-03-08"},"granularity":"DAILY","metrics":["UnblendedCost"],"groupBy":[{"type":"DIMENSION","key":"SERVICE"}]}`...)
	ev.params = g.p
}

func buildListBuckets(g *ctGen, ev *ctEvent) {
	ev.s3Style = true
	g.p = append(g.p, `{"Host":"s3.amazonaws.com"}`...)
	ev.params = g.p
}

// buildCreateBucket creates a bucket with a fresh name.
func buildCreateBucket(g *ctGen, ev *ctEvent) {
	name := "acme-" + env(g) + "-" + pick(g.r, []string{"exports", "scratch", "reports", "artifacts"}) + "-" + string(appendAlnumLower(nil, g, 6))
	appendCreateBucket(g, ev, name)
}

// appendAlnumLower appends n random characters of [a-z0-9].
func appendAlnumLower(b []byte, g *ctGen, n int) []byte {
	const set = "abcdefghijklmnopqrstuvwxyz0123456789"
	for i := 0; i < n; i++ {
		b = append(b, set[g.r.IntN(len(set))])
	}
	return b
}

func appendCreateBucket(g *ctGen, ev *ctEvent, name string) {
	ev.s3Style = true
	ev.host = name + ".s3.amazonaws.com"
	b := append(g.p, `{"bucketName":`...)
	b = appendJSONString(b, name)
	b = append(b, `,"Host":`...)
	b = appendJSONString(b, ev.host)
	b = append(b, `,"x-amz-object-ownership":"BucketOwnerEnforced"}`...)
	g.p, ev.params = b, b
	g.res = appendResource(g.res[:0], ev.account.id, "AWS::S3::Bucket", "arn:aws:s3:::"+name)
	ev.resources = g.res
}

// buildBucketOp is a read of one bucket's configuration
// (GetBucketPolicy, GetBucketVersioning).
func buildBucketOp(g *ctGen, ev *ctEvent) {
	name := pick(g.r, bucketPool)
	ev.s3Style = true
	ev.host = name + ".s3.amazonaws.com"
	sub := "policy"
	if ev.name == "GetBucketVersioning" {
		sub = "versioning"
	}
	b := append(g.p, `{"bucketName":`...)
	b = appendJSONString(b, name)
	b = append(b, `,"Host":`...)
	b = appendJSONString(b, ev.host)
	b = append(b, `,"`...)
	b = append(b, sub...)
	b = append(b, `":""}`...)
	g.p, ev.params = b, b
	g.res = appendResource(g.res[:0], ev.account.id, "AWS::S3::Bucket", "arn:aws:s3:::"+name)
	ev.resources = g.res
}

func buildGetRole(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"roleName":`...)
	b = appendJSONString(b, pick(g.r, roleNames))
	b = append(b, '}')
	g.p, ev.params = b, b
}

func buildGetPolicy(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"policyArn":"arn:aws:iam::`...)
	b = append(b, ev.account.id...)
	b = append(b, `:policy/web-app-s3-access"}`...)
	g.p, ev.params = b, b
}

func buildDescribeTrails(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"trailNameList":[],"includeShadowTrails":true}`...)
	ev.params = g.p
}

func buildDescribeAlarms(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"stateValue":"ALARM","maxRecords":100}`...)
	ev.params = g.p
}

func buildLookupEvents(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"maxResults":50,"lookupAttributes":[{"attributeKey":"EventName","attributeValue":`...)
	b = appendJSONString(b, pick(g.r, []string{"ConsoleLogin", "CreateUser", "AuthorizeSecurityGroupIngress", "PutBucketPolicy"}))
	b = append(b, `}]}`...)
	g.p, ev.params = b, b
}

func buildListFindings(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"detectorId":"`...)
	b = appendHex(b, hashOf(g.w.seed, hashString("detector"+ev.account.id)), 16)
	b = appendHex(b, hashOf(g.w.seed, hashString("detector2"+ev.account.id)), 16)
	b = append(b, `","findingCriteria":{"criterion":{"service.archived":{"eq":["false"]}}},"sortCriteria":{"attributeName":"updatedAt","orderBy":"DESC"},"maxResults":50}`...)
	g.p, ev.params = b, b
}

func buildGetFindings(g *ctGen, ev *ctEvent) {
	g.p = append(g.p, `{"filters":{"recordState":[{"value":"ACTIVE","comparison":"EQUALS"}],"workflowStatus":[{"value":"NEW","comparison":"EQUALS"}]},"maxResults":100}`...)
	ev.params = g.p
}

func buildFilterLogEvents(g *ctGen, ev *ctEvent) {
	b := append(g.p, `{"logGroupName":"/`...)
	b = append(b, env(g)...)
	b = append(b, pick(g.r, logGroups)...)
	b = append(b, `","startTime":`...)
	b = appendInt64(b, (ev.time-3600)*1000)
	b = append(b, `,"filterPattern":"ERROR","interleaved":true}`...)
	g.p, ev.params = b, b
}

func buildConsoleLogin(g *ctGen, ev *ctEvent) {
	u := ev.who.user
	ev.eventType, ev.host = "AwsConsoleSignIn", "signin.aws.amazon.com"
	g.rs = append(g.rs, `{"ConsoleLogin":"Success"}`...)
	ev.response = g.rs
	b := append(g.add, `{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_`...)
	b = appendHex(b, g.r.Uint64(), 16)
	b = append(b, `","MobileVersion":"No","MFAIdentifier":"arn:aws:iam::`...)
	b = append(b, u.account.id...)
	b = append(b, `:mfa/`...)
	b = append(b, u.name...)
	b = append(b, `","MFAUsed":"Yes"}`...)
	g.add, ev.additional = b, b
}

func buildRotateKey(g *ctGen, ev *ctEvent) {
	ev.who = identity{kind: "AWSService", invokedBy: "kms.amazonaws.com"}
	ev.sourceIP, ev.userAgent, ev.eventType = "kms.amazonaws.com", "kms.amazonaws.com", "AwsServiceEvent"
	g.res = appendResource(g.res[:0], ev.account.id, "AWS::KMS::Key", g.stream.kmsKey)
	ev.resources = g.res
	b := append(g.add[:0], `{"keyId":"`...)
	k := g.stream.kmsKey
	b = append(b, k[len(k)-36:]...)
	b = append(b, `"}`...)
	g.add, ev.service = b, b
}

// buildAssumeRole is a role session assuming another role.
func buildAssumeRole(g *ctGen, ev *ctEvent, target *role, session string) {
	buildAssumeRoleAs(g, ev, target, session, awsID("ASIA", g.r.Uint64(), 16))
}

// buildAssumeRoleAs writes an AssumeRole call that hands out key.
func buildAssumeRoleAs(g *ctGen, ev *ctEvent, target *role, session, key string) {
	b := append(g.p, `{"roleArn":"arn:aws:iam::`...)
	b = append(b, target.account.id...)
	b = append(b, `:role/`...)
	b = append(b, target.name...)
	b = append(b, `","roleSessionName":`...)
	b = appendJSONString(b, session)
	b = append(b, `,"durationSeconds":3600}`...)
	g.p, ev.params = b, b
	g.rs = appendCredentials(g.rs, g, ev.time, key, target, session, "")
	ev.response = g.rs
	g.res = appendResource(g.res[:0], target.account.id, "AWS::IAM::Role", "arn:aws:iam::"+target.account.id+":role/"+target.name)
	ev.resources = g.res
}

// buildWebIdentity is GitHub's OIDC token exchanged for a role session.
func buildWebIdentity(g *ctGen, ev *ctEvent, target *role, session, key string) {
	b := append(g.p, `{"roleArn":"arn:aws:iam::`...)
	b = append(b, target.account.id...)
	b = append(b, `:role/`...)
	b = append(b, target.name...)
	b = append(b, `","roleSessionName":`...)
	b = appendJSONString(b, session)
	b = append(b, `,"durationSeconds":3600}`...)
	g.p, ev.params = b, b
	g.rs = appendCredentials(g.rs, g, ev.time, key, target, session, ev.who.webSub)
	ev.response = g.rs
	g.res = appendResource(g.res[:0], target.account.id, "AWS::IAM::Role", "arn:aws:iam::"+target.account.id+":role/"+target.name)
	ev.resources = g.res
}

// appendCredentials appends the responseElements of an STS call that
// returned credentials.
func appendCredentials(r []byte, g *ctGen, t int64, key string, target *role, session, webSub string) []byte {
	r = append(r, `{"credentials":{"accessKeyId":`...)
	r = appendJSONString(r, key)
	r = append(r, `,"sessionToken":"IQoJb3JpZ2luX2VjE`...)
	r = appendBase64ish(r, g.r, 240)
	r = append(r, `","expiration":"`...)
	r = time.Unix(t+3600, 0).UTC().AppendFormat(r, "Jan 2, 2006, 3:04:05 PM")
	r = append(r, `"},`...)
	if webSub != "" {
		r = append(r, `"subjectFromWebIdentityToken":`...)
		r = appendJSONString(r, webSub)
		r = append(r, ',')
	}
	r = append(r, `"assumedRoleUser":{"assumedRoleId":"`...)
	r = append(r, target.id...)
	r = append(r, ':')
	r = append(r, session...)
	r = append(r, `","arn":"arn:aws:sts::`...)
	r = append(r, target.account.id...)
	r = append(r, `:assumed-role/`...)
	r = append(r, target.name...)
	r = append(r, '/')
	r = append(r, session...)
	r = append(r, `"}`...)
	if webSub != "" {
		r = append(r, `,"provider":"arn:aws:iam::`...)
		r = append(r, target.account.id...)
		r = append(r, `:oidc-provider/token.actions.githubusercontent.com","audience":"sts.amazonaws.com"`...)
	}
	return append(r, '}')
}

func appendInt64(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }
