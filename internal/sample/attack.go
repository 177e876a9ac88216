package sample

import (
	"math/rand/v2"
	"sort"
)

// The story, Friday 2024-03-08 (UTC):
//
//	09:12  198.51.100.77 hammers the prod bastion's SSH (all rejected).
//	09:30  203.0.113.45 brute-forces SSH on staging; two hosts reject it, the
//	       build runner (SSH open to the world) lets it in at 09:58.
//	10:02  203.0.113.10 exploits an SSRF in the web app behind the prod
//	       load balancer and reads web-1's instance-profile credentials from
//	       IMDSv1.
//	10:05  the build runner beacons to 192.0.2.200:4444 every five minutes,
//	       fetches payloads from :8088, and keeps trying a second C2,
//	       203.0.113.66, which the network ACL blocks.
//	10:18  203.0.113.10 uses web-1's credentials: GetCallerIdentity,
//	       ListBuckets, DescribeInstances in two regions, CreateBucket.
//	10:40  198.51.100.14 port-scans the EU web server.
//	11:02  198.51.100.23 uses ci-legacy's leaked access key: IAM recon,
//	       refused ListBuckets, refused EC2 calls in us-west-2 (seen only in
//	       the CloudWatch Logs export), then blinds the SIEM trail
//	       (UpdateTrail, StopLogging), snapshots the customers database and
//	       shares the snapshot with an outside account.
//	12:10  the reporting database host uploads ~900 MB to 203.0.113.99.
//	13:05  the SIEM trail is deleted.
//
// Plus one benign event a hunt must also report: bob.dev's snapshot of the
// orders database before its upgrade on Tuesday.

// scriptedCT is one CloudTrail event of the story, placed in a stream at a
// given time. build fills the whole event.
type scriptedCT struct {
	stream string
	t      int64
	build  func(g *ctGen, ev *ctEvent)
}

// at is a time of day on the attack day.
func at(h, m, s int) int64 { return attackDay + int64(h)*hour + int64(m)*60 + int64(s) }

func (w *world) scriptedCloudTrail() []scriptedCT {
	prod, eu, west := "prod/"+regionMain, "prod/"+regionEU, "prod/"+regionExport
	var out []scriptedCT
	trailArn := "arn:aws:cloudtrail:" + regionMain + ":" + w.prod.id + ":trail/" + w.atk.siemTrail

	// base starts an event of a stream.
	base := func(g *ctGen, ev *ctEvent, t int64, source, name string, readOnly bool) {
		*ev = ctEvent{time: t, source: source, name: name, region: g.stream.region, account: g.stream.acct, readOnly: readOnly}
	}

	// stolen: a call with web-1's instance-profile credentials from the
	// attacker's address. The key is the one web-1 itself used that
	// morning; ec2RoleDelivery 1.0 says the credentials came from IMDSv1.
	stolen := func(stream string, t int64, source, name string, readOnly bool, cli string, build func(*ctGen, *ctEvent)) {
		out = append(out, scriptedCT{stream, t, func(g *ctGen, ev *ctEvent) {
			base(g, ev, t, source, name, readOnly)
			ev.who = w.instanceSession(w.web1, t)
			ev.who.delivery = "1.0"
			ev.sourceIP, ev.userAgent = w.atk.ssrfIP, w.atk.sessionUA+" command/"+cli
			build(g, ev)
		}})
	}
	// leaked: a call with ci-legacy's long-term key from the attacker's
	// second address, through a boto3-based toolkit.
	leaked := func(stream string, t int64, source, name string, readOnly bool, errCode string, build func(*ctGen, *ctEvent)) {
		out = append(out, scriptedCT{stream, t, func(g *ctGen, ev *ctEvent) {
			base(g, ev, t, source, name, readOnly)
			ev.who = identity{kind: "IAMUser", account: &w.prod, user: w.ciLegacy, key: w.ciLegacy.key}
			ev.sourceIP, ev.userAgent = w.atk.keyIP, w.atk.pacuUA
			build(g, ev)
			if errCode != "" {
				ev.errorCode = errCode
				ev.errorMessage = deniedMessage(errCode, "arn:aws:iam::"+w.prod.id+":user/"+w.ciLegacy.name, source, name)
				ev.response = nil
			}
		}})
	}
	params := func(js string) func(*ctGen, *ctEvent) {
		return func(g *ctGen, ev *ctEvent) { g.p = append(g.p, js...); ev.params = g.p }
	}
	describeAll := params(`{"instancesSet":{},"filterSet":{}}`)
	trailName := params(`{"name":"` + trailArn + `"}`)

	// Stolen instance credentials.
	stolen(prod, at(10, 18, 4), "sts.amazonaws.com", "GetCallerIdentity", true, "sts.get-caller-identity", buildNoParams)
	stolen(prod, at(10, 18, 51), "s3.amazonaws.com", "ListBuckets", true, "s3.ls", buildListBuckets)
	stolen(prod, at(10, 19, 30), "s3.amazonaws.com", "ListBuckets", true, "s3api.list-buckets", buildListBuckets)
	stolen(prod, at(10, 21, 12), "ec2.amazonaws.com", "DescribeInstances", true, "ec2.describe-instances", describeAll)
	stolen(eu, at(10, 23, 40), "ec2.amazonaws.com", "DescribeInstances", true, "ec2.describe-instances", describeAll)
	stolen(prod, at(10, 26, 2), "s3.amazonaws.com", "CreateBucket", false, "s3.mb", func(g *ctGen, ev *ctEvent) {
		appendCreateBucket(g, ev, w.atk.bucket)
	})
	stolen(prod, at(10, 27, 15), "s3.amazonaws.com", "ListBuckets", true, "s3.ls", buildListBuckets)

	// The leaked long-term key: recon first.
	leaked(prod, at(11, 2, 10), "sts.amazonaws.com", "GetCallerIdentity", true, "", buildNoParams)
	leaked(prod, at(11, 2, 41), "iam.amazonaws.com", "ListUsers", true, "", func(g *ctGen, ev *ctEvent) { ev.globalHost = true })
	leaked(prod, at(11, 2, 44), "iam.amazonaws.com", "ListRoles", true, "", func(g *ctGen, ev *ctEvent) { ev.globalHost = true })
	leaked(prod, at(11, 2, 49), "iam.amazonaws.com", "ListAttachedUserPolicies", true, "", func(g *ctGen, ev *ctEvent) {
		ev.globalHost = true
		g.p = append(g.p, `{"userName":"ci-legacy"}`...)
		ev.params = g.p
	})
	leaked(prod, at(11, 3, 5), "iam.amazonaws.com", "GetAccountAuthorizationDetails", true, "AccessDenied", func(g *ctGen, ev *ctEvent) { ev.globalHost = true })
	leaked(prod, at(11, 3, 30), "s3.amazonaws.com", "ListBuckets", true, "AccessDenied", buildListBuckets)
	leaked(prod, at(11, 3, 52), "s3.amazonaws.com", "ListBuckets", true, "AccessDenied", buildListBuckets)
	leaked(prod, at(11, 4, 20), "ec2.amazonaws.com", "DescribeRegions", true, "", params(`{"regionSet":{},"allRegions":true}`))
	// us-west-2: a region the key's policy does not cover. These events
	// reach the case only through the CloudWatch Logs export.
	leaked(west, at(11, 5, 2), "ec2.amazonaws.com", "DescribeInstances", true, "Client.UnauthorizedOperation", describeAll)
	leaked(west, at(11, 5, 9), "ec2.amazonaws.com", "DescribeInstances", true, "Client.UnauthorizedOperation", describeAll)
	leaked(west, at(11, 5, 30), "ec2.amazonaws.com", "DescribeSecurityGroups", true, "Client.UnauthorizedOperation", params(`{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}}`))
	leaked(west, at(11, 5, 41), "sts.amazonaws.com", "GetCallerIdentity", true, "", buildNoParams)
	leaked(prod, at(11, 8, 14), "cloudtrail.amazonaws.com", "DescribeTrails", true, "", buildDescribeTrails)
	leaked(prod, at(11, 8, 40), "cloudtrail.amazonaws.com", "GetTrailStatus", true, "", trailName)

	// Defence evasion: the SIEM trail loses its CloudWatch Logs feed and
	// stops logging (and is deleted once the data is out).
	leaked(prod, at(11, 31, 2), "cloudtrail.amazonaws.com", "UpdateTrail", false, "", func(g *ctGen, ev *ctEvent) {
		g.p = append(g.p, `{"name":"`+w.atk.siemTrail+`","cloudWatchLogsLogGroupArn":"","cloudWatchLogsRoleArn":"","enableLogFileValidation":false}`...)
		ev.params = g.p
		g.rs = append(g.rs, `{"name":"`+w.atk.siemTrail+`","s3BucketName":"acme-secops-siem-`+w.prod.id+`","includeGlobalServiceEvents":true,"isMultiRegionTrail":true,"trailARN":"`+trailArn+`","logFileValidationEnabled":false,"isOrganizationTrail":false}`...)
		ev.response = g.rs
	})
	leaked(prod, at(11, 32, 27), "cloudtrail.amazonaws.com", "StopLogging", false, "", trailName)

	// Collection: snapshot the customers database and share it outside.
	leaked(prod, at(11, 35, 10), "rds.amazonaws.com", "DescribeDBInstances", true, "", buildNoParams)
	leaked(prod, at(11, 41, 55), "rds.amazonaws.com", "CreateDBSnapshot", false, "", func(g *ctGen, ev *ctEvent) {
		appendCreateSnapshot(g, ev, w, w.customersDB.name, w.atk.snapshot)
	})
	leaked(prod, at(11, 58, 3), "rds.amazonaws.com", "DescribeDBSnapshots", true, "", params(`{"dBSnapshotIdentifier":"`+w.atk.snapshot+`","includeShared":false,"includePublic":false}`))
	leaked(prod, at(11, 59, 20), "rds.amazonaws.com", "ModifyDBSnapshotAttribute", false, "", func(g *ctGen, ev *ctEvent) {
		g.p = append(g.p, `{"dBSnapshotIdentifier":"`+w.atk.snapshot+`","attributeName":"restore","valuesToAdd":["`+w.outsideAcct+`"]}`...)
		ev.params = g.p
		g.rs = append(g.rs, `{"dBSnapshotIdentifier":"`+w.atk.snapshot+`","dBSnapshotAttributes":[{"attributeName":"restore","attributeValues":["`+w.outsideAcct+`"]}]}`...)
		ev.response = g.rs
	})
	leaked(prod, at(13, 5, 44), "cloudtrail.amazonaws.com", "DeleteTrail", false, "", trailName)

	// Benign: bob.dev snapshots the orders database before Tuesday's
	// engine upgrade. aws-new-db-snapshots reports it too; it is the
	// analyst's job to tell it from the attacker's.
	tBob := bgStart + day + 21*hour + 14*60 + 8 // 2024-03-05T21:14:08Z
	out = append(out, scriptedCT{prod, tBob, func(g *ctGen, ev *ctEvent) {
		base(g, ev, tBob, "rds.amazonaws.com", "CreateDBSnapshot", false)
		ev.who = identity{kind: "IAMUser", account: &w.prod, user: w.bob, key: w.bob.key}
		ev.sourceIP, ev.userAgent = w.officeIPs[2], uaBobCLI+" command/rds.create-db-snapshot"
		appendCreateSnapshot(g, ev, w, w.ordersDB.name, w.atk.snapshotOld)
	}})
	return out
}

// deniedMessage is the errorMessage AWS writes for a refused call.
func deniedMessage(code, arn, source, name string) string {
	service := source[:len(source)-len(".amazonaws.com")]
	switch code {
	case "Client.UnauthorizedOperation":
		return "You are not authorized to perform this operation. User: " + arn + " is not authorized to perform: " +
			service + ":" + name + " because no identity-based policy allows the " + service + ":" + name + " action"
	case "AccessDenied":
		if service == "s3" {
			return "Access Denied"
		}
	}
	return "User: " + arn + " is not authorized to perform: " + service + ":" + name +
		" on resource: * because no identity-based policy allows the " + service + ":" + name + " action"
}

// appendCreateSnapshot writes a CreateDBSnapshot call and its response.
func appendCreateSnapshot(g *ctGen, ev *ctEvent, w *world, instance, snapshot string) {
	g.p = append(g.p, `{"dBSnapshotIdentifier":"`+snapshot+`","dBInstanceIdentifier":"`+instance+`"}`...)
	ev.params = g.p
	engine, port, version := "postgres", "5432", "15.5"
	if instance == w.ordersDB.name {
		engine, port, version = "mysql", "3306", "8.0.35"
	}
	r := append(g.rs, `{"dBSnapshotIdentifier":"`+snapshot+`","dBInstanceIdentifier":"`+instance+`","engine":"`+engine+
		`","allocatedStorage":200,"status":"creating","port":`+port+`,"availabilityZone":"us-east-1a","vpcId":"`+w.prodVPC.id+
		`","instanceCreateTime":"Jan 17, 2023, 2:41:09 PM","masterUsername":"app_admin","engineVersion":"`+version+
		`","licenseModel":"general-public-license","snapshotType":"manual","percentProgress":0,"storageType":"gp3","encrypted":false,"dBSnapshotArn":"arn:aws:rds:us-east-1:`+
		w.prod.id+`:snapshot:`+snapshot+`","iAMDatabaseAuthenticationEnabled":false,"processorFeatures":[],"dbiResourceId":"db-`...)
	r = append(r, awsID("", hashOf(w.seed, hashString("dbi"+instance)), 26)...)
	r = append(r, `","tagList":[],"snapshotTarget":"region","storageThroughput":125,"dedicatedLogVolume":false}`...)
	g.rs, ev.response = r, r
}

// scriptedFlows returns the flow records of the story, and a few fixed
// benign ones whose counts must not grow with --scale (admins' SSH
// sessions, rare NACL rejections), per VPC and sorted by start time.
func (w *world) scriptedFlows(r *rand.Rand) map[*vpcNet][]flowRec {
	out := map[*vpcNet][]flowRec{}
	gen := func(v *vpcNet) *flowGen {
		return &flowGen{w: w, r: r, vpc: v, sink: func(rec *flowRec) { out[v] = append(out[v], *rec) }}
	}
	a := w.atk
	prod, eu, stg := gen(w.prodVPC), gen(w.euVPC), gen(w.stagingVPC)

	// SSH brute force against the prod bastion: its security group only
	// admits the office, so every attempt is rejected.
	t := at(9, 12, 0)
	for i := 0; i < 320; i++ {
		prod.conv(nil, a.bruteProd, w.bastion, w.bastion.ip, ephemeralPort(r), 22, 6, int64(pick(r, []int{60, 120})), 0, false, t)
		t += int64(between(r, 5, 17))
	}

	// SSH brute force against staging. Two hosts reject it; the build
	// runner's SSH is open to the world and every sixth attempt reaches
	// it, until a password works at 09:58.
	t = at(9, 30, 0)
	for i := 0; i < 216; i++ {
		if i%6 == 5 {
			stg.conv(nil, a.bruteStage, w.buildRunner, w.buildRunner.ip, ephemeralPort(r), 22, 6,
				int64(between(r, 2500, 5000)), int64(between(r, 3000, 6000)), true, t)
		} else {
			dst := w.stagingApp1
			if i%2 == 1 {
				dst = w.stagingApp2
			}
			stg.conv(nil, a.bruteStage, dst, dst.ip, ephemeralPort(r), 22, 6, int64(pick(r, []int{60, 120})), 0, false, t)
		}
		t += int64(between(r, 4, 9))
	}
	stg.conv(nil, a.bruteStage, w.buildRunner, w.buildRunner.ip, ephemeralPort(r), 22, 6, 48213, 131877, true, at(9, 58, 11))

	// The SSRF requests against the prod load balancer (ordinary HTTPS).
	t = at(10, 2, 0)
	for i := 0; i < 25; i++ {
		prod.conv(nil, a.ssrfIP, w.albA, w.albA.ip, ephemeralPort(r), 443, 6,
			int64(between(r, 700, 1500)), int64(between(r, 500, 3000)), true, t)
		t += int64(between(r, 25, 50))
	}

	// The compromised build runner: beacons to the C2 on 4444 every five
	// minutes, payloads from 8088, and a fallback C2 the ACL blocks.
	for t = at(10, 5, 12); t < at(23, 58, 0); t += int64(between(r, 280, 320)) {
		stg.conv(w.buildRunner, w.buildRunner.ip, nil, a.c2, ephemeralPort(r), a.c2Port, 6,
			int64(between(r, 300, 1500)), int64(between(r, 200, 900)), true, t)
	}
	for _, t := range []int64{at(10, 7, 40), at(14, 31, 5), at(19, 2, 51)} {
		stg.conv(w.buildRunner, w.buildRunner.ip, nil, a.c2, ephemeralPort(r), a.c2Port2, 6,
			int64(between(r, 350, 500)), int64(between(r, 1100000, 1300000)), true, t)
	}
	t = at(10, 6, 30)
	for i := 0; i < 14; i++ {
		stg.conv(w.buildRunner, w.buildRunner.ip, nil, a.blocked, ephemeralPort(r), 443, 6, 60, 0, false, t)
		t += int64(between(r, 300, 420))
	}

	// Port scan of the EU web server: 124 closed ports rejected, the two
	// open ones (80, 443) answered. nmap keeps one source port per scan.
	ports := []int{21, 22, 23, 25, 53, 110, 111, 135, 139, 143, 445, 993, 995, 1723, 3306, 3389, 5900, 8080, 8443, 8888}
	seen := map[int]bool{80: true, 443: true}
	for _, p := range ports {
		seen[p] = true
	}
	for len(ports) < 124 {
		p := between(r, 1, 10000)
		if !seen[p] {
			seen[p] = true
			ports = append(ports, p)
		}
	}
	t = at(10, 40, 3)
	for i, p := range ports {
		eu.conv(nil, a.scanner, w.euWeb, w.euWeb.ip, 59731, p, 6, 44, 0, false, t)
		if i == 40 || i == 80 {
			open := 80
			if i == 80 {
				open = 443
			}
			eu.conv(nil, a.scanner, w.euWeb, w.euWeb.ip, 59731, open, 6, 44, 44, true, t)
		}
		t += int64(between(r, 2, 8))
	}

	// Exfiltration: the reporting database host uploads a dump in 150
	// parallel chunks of about 6 MB (≈ 900 MB in all); the replies are
	// only ACKs.
	t = at(12, 10, 0)
	for i := 0; i < 150; i++ {
		up := int64(between(r, 5600000, 6400000))
		prod.conv(w.reportingDB, w.reportingDB.ip, nil, a.exfil, ephemeralPort(r), 443, 6, up, up/60, true, t)
		t += int64(between(r, 10, 22))
	}

	// Benign, fixed: admins SSH to the bastion on weekdays (at most ten
	// sessions per address over the week, under aws-ssh-bruteforce's 20),
	// and from there to a few hosts (twelve sessions).
	for d := int64(0); d < 5; d++ {
		dayStart := bgStart + d*day
		for i, ip := range w.officeIPs {
			n := 1
			if i == 0 {
				n = 2
			}
			for k := 0; k < n; k++ {
				t := dayStart + int64(between(r, 14, 21))*hour + int64(r.IntN(3600))
				prod.conv(nil, ip, w.bastion, w.bastion.ip, ephemeralPort(r), 22, 6,
					logUniform(r, 20000, 400000), logUniform(r, 30000, 2000000), true, t)
			}
		}
	}
	for k := 0; k < 12; k++ {
		dst := pick(r, []*netHost{w.web1, w.web2, w.worker1, w.reportingDB})
		t := bgStart + int64(r.IntN(5))*day + int64(between(r, 14, 21))*hour + int64(r.IntN(3600))
		prod.conv(w.bastion, w.bastion.ip, dst, dst.ip, ephemeralPort(r), 22, 6,
			logUniform(r, 10000, 200000), logUniform(r, 20000, 1000000), true, t)
	}

	// Benign, fixed: a handful of outbound connections the network ACLs
	// refuse, never more than twice for the same pair (aws-egress-rejection
	// needs five).
	rejects := []struct {
		g     *flowGen
		src   *netHost
		dst   string
		port  int
		proto int
		times int
	}{
		{prod, w.web2, "151.101.2.132", 443, 6, 2},
		{prod, w.worker1, "34.117.59.81", 443, 6, 1},
		{prod, w.dnsProd, "192.5.5.241", 53, 17, 2},
		{eu, w.euWeb, "185.199.108.153", 443, 6, 1},
		{stg, w.stagingApp1, "104.16.24.34", 443, 6, 2},
	}
	for _, x := range rejects {
		for k := 0; k < x.times; k++ {
			t := bgStart + int64(r.IntN(int(bgEnd-bgStart-hour)))
			x.g.conv(x.src, x.src.ip, nil, x.dst, ephemeralPort(r), x.port, x.proto, 60, 0, false, t)
		}
	}

	for _, recs := range out {
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].start < recs[j].start })
	}
	return out
}
