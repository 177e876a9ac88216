package sample

import (
	"strings"
)

// Findings of AWS's detection services: GuardDuty (prod through `aws
// guardduty get-findings`, staging through its S3 export), Macie, the
// CloudWatch Logs data-protection audit, and Inspector.

// gdFinding is one GuardDuty finding written, for the ground truth.
type gdFinding struct{ id, typ string }

// gdSpec describes a GuardDuty finding before it is written in either
// case style. Keys are PascalCase; the S3 export lower-cases their first
// letter (GuardDuty's own camelCase).
type gdSpec struct {
	typ, title, desc string
	severity         float64
	acct             *account
	region           string
	inst             *svcInstance
	action           obj // Service.Action
	first, last      int64
	count            int
}

// remote is a RemoteIpDetails object.
func remote(ip, country, code, city, org string, asn int) obj {
	return obj{
		{"City", obj{{"CityName", city}}},
		{"Country", obj{{"CountryCode", code}, {"CountryName", country}}},
		{"GeoLocation", obj{{"Lat", 0}, {"Lon", 0}}},
		{"IpAddressV4", ip},
		{"Organization", obj{{"Asn", itoa(asn)}, {"AsnOrg", org}, {"Isp", org}, {"Org", org}}},
	}
}

// netAction is a NETWORK_CONNECTION action.
func netAction(dir string, local int, localName string, rem obj, remotePort int, blocked bool, localIP string) obj {
	return obj{{"ActionType", "NETWORK_CONNECTION"}, {"NetworkConnectionAction", obj{
		{"Blocked", blocked}, {"ConnectionDirection", dir},
		{"LocalPortDetails", obj{{"Port", local}, {"PortName", localName}}},
		{"Protocol", "TCP"}, {"LocalIpDetails", obj{{"IpAddressV4", localIP}}},
		{"RemoteIpDetails", rem},
		{"RemotePortDetails", obj{{"Port", remotePort}, {"PortName", "Unknown"}}},
	}}}
}

// gdJSON is the finding as get-findings prints it (PascalCase, members in
// the model's order); camel converts every key for the S3 export.
func (o *svcOut) gdJSON(s gdSpec, detector string, camel bool) (obj, string) {
	id := string(appendHex(nil, o.hash("gd", s.typ, s.inst.id, itoa(int(s.first))), 16)) + string(appendHex(nil, o.hash("gd2", s.typ, s.inst.id), 16))
	arn := "arn:aws:guardduty:" + s.region + ":" + s.acct.id + ":detector/" + detector + "/finding/" + id
	in := s.inst
	var sgs []any
	for _, g := range in.groups {
		sgs = append(sgs, obj{{"GroupId", g.id}, {"GroupName", g.name}})
	}
	eni := obj{{"Ipv6Addresses", []any{}}, {"NetworkInterfaceId", hexID("eni-0", o.hash("eni", in.name), 16)},
		{"PrivateDnsName", "ip-" + strings.ReplaceAll(in.privateIP, ".", "-") + "." + internalDomain(in.region)},
		{"PrivateIpAddress", in.privateIP}, {"PrivateIpAddresses", []any{obj{{"PrivateDnsName", "ip-" + strings.ReplaceAll(in.privateIP, ".", "-") + "." + internalDomain(in.region)}, {"PrivateIpAddress", in.privateIP}}}}}
	if in.publicIP != "" {
		eni = append(eni, member{"PublicDnsName", "ec2-" + strings.ReplaceAll(in.publicIP, ".", "-") + ".compute-1.amazonaws.com"}, member{"PublicIp", in.publicIP})
	}
	eni = append(eni, member{"SecurityGroups", sgs}, member{"SubnetId", in.subnet}, member{"VpcId", in.vpc})
	inst := obj{{"AvailabilityZone", in.az}}
	if in.role != nil {
		inst = append(inst, member{"IamInstanceProfile", obj{{"Arn", "arn:aws:iam::" + in.acct.id + ":instance-profile/" + in.role.name},
			{"Id", awsID("AIPA", o.hash("profile", in.role.name), 17)}}})
	}
	inst = append(inst, member{"ImageDescription", "Amazon Linux 2023 AMI"}, member{"ImageId", in.image},
		member{"InstanceId", in.id}, member{"InstanceState", "running"}, member{"InstanceType", in.instanceType},
		member{"LaunchTime", isoMillis(in.launch, 0)}, member{"NetworkInterfaces", []any{eni}},
		member{"ProductCodes", []any{}}, member{"Tags", []any{obj{{"Key", "Name"}, {"Value", in.name}}}})
	created := isoMillis(s.first+int64(o.hash("gd-delay", id)%600)+60, int(o.hash("gd-ms", id)%1000))
	updated := isoMillis(s.last+int64(o.hash("gd-delay2", id)%600)+60, int(o.hash("gd-ms2", id)%1000))
	x := obj{
		{"AccountId", s.acct.id},
		{"Arn", arn},
		{"CreatedAt", created},
		{"Description", s.desc},
		{"Id", id},
		{"Partition", "aws"},
		{"Region", s.region},
		{"Resource", obj{{"InstanceDetails", inst}, {"ResourceType", "Instance"}}},
		{"SchemaVersion", "2.0"},
		{"Service", obj{
			{"Action", s.action},
			{"Archived", false},
			{"Count", s.count},
			{"DetectorId", detector},
			{"EventFirstSeen", isoTime(s.first)},
			{"EventLastSeen", isoTime(s.last)},
			{"ResourceRole", "TARGET"},
			{"ServiceName", "guardduty"},
		}},
		{"Severity", s.severity},
		{"Title", s.title},
		{"Type", s.typ},
		{"UpdatedAt", updated},
	}
	o.gd = append(o.gd, gdFinding{id, s.typ})
	if camel {
		return camelKeys(x).(obj), id
	}
	return x, id
}

// camelKeys lower-cases the first letter of every key, as GuardDuty's own
// JSON (exports, EventBridge) spells them.
func camelKeys(v any) any {
	switch v := v.(type) {
	case obj:
		out := make(obj, len(v))
		for i, m := range v {
			out[i] = member{strings.ToLower(m.k[:1]) + m.k[1:], camelKeys(m.v)}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = camelKeys(e)
		}
		return out
	}
	return v
}

// writeGuardDuty writes prod's get-findings output and staging's S3
// export.
func (o *svcOut) writeGuardDuty(scale float64) error {
	w := o.w
	r := newRand(w.seed, 0x5e0001)
	byName := map[string]*svcInstance{}
	for _, in := range o.instances {
		byName[in.name] = in
	}
	bastion, build, node := byName[w.bastion.name], byName[w.buildRunner.name], o.eksNodes[0]
	stgWeb := byName[w.stagingWeb.name]
	ru := func(ip string) obj { return remote(ip, "Netherlands", "NL", "Amsterdam", "Bit Hosting", 202425) }

	prod := []gdSpec{
		{typ: "UnauthorizedAccess:EC2/SSHBruteForce", severity: 2, acct: &w.prod, region: regionMain, inst: bastion,
			title:  w.atk.bruteProd + " is performing SSH brute force attacks against " + bastion.id + ".",
			desc:   w.atk.bruteProd + " is performing SSH brute force attacks against " + bastion.id + ". Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.",
			action: netAction("INBOUND", 22, "SSH", ru(w.atk.bruteProd), 51822, false, bastion.privateIP),
			first:  at(9, 12, 0), last: at(9, 58, 40), count: 320},
		{typ: "CryptoCurrency:EC2/BitcoinTool.B!DNS", severity: 8, acct: &w.prod, region: regionMain, inst: node,
			title:  "EC2 instance " + node.id + " is querying a domain name that is associated with Bitcoin-related activity.",
			desc:   "EC2 instance " + node.id + " is querying a domain name that is associated with Bitcoin-related activity. This domain name has been used for cryptocurrency mining.",
			action: obj{{"ActionType", "DNS_REQUEST"}, {"DnsRequestAction", obj{{"Domain", "pool.supportxmr.com"}, {"Protocol", "UDP"}, {"Blocked", false}}}},
			first:  at(10, 46, 20), last: at(13, 51, 2), count: 37},
		{typ: "CryptoCurrency:EC2/BitcoinTool.B", severity: 8, acct: &w.prod, region: regionMain, inst: o.eksNodes[1],
			title:  "EC2 instance " + o.eksNodes[1].id + " is communicating with a Bitcoin mining pool.",
			desc:   "EC2 instance " + o.eksNodes[1].id + " is communicating with IP address 198.51.100.200 on port 443, which is associated with cryptocurrency-related activity.",
			action: netAction("OUTBOUND", 48312, "Unknown", ru("198.51.100.200"), 443, false, o.eksNodes[1].privateIP),
			first:  at(10, 46, 31), last: at(13, 50, 12), count: 212},
	}
	// Background: port probes on the world-facing hosts, which every
	// internet-facing account sees.
	probes := scaled(8, scale)
	for i := 0; i < probes; i++ {
		t := bgStart + r.Int64N(bgEnd-bgStart-2*hour)
		ip := publicIPv4(r)
		port := pick(r, []int{3389, 5900, 23, 1433})
		prod = append(prod, gdSpec{typ: "Recon:EC2/PortProbeUnprotectedPort", severity: 2, acct: &w.prod, region: regionMain, inst: bastion,
			title: "Unprotected port on EC2 instance " + bastion.id + " is being probed.",
			desc:  "EC2 instance has an unprotected port " + itoa(port) + " which is being probed by a known malicious host.",
			action: obj{{"ActionType", "PORT_PROBE"}, {"PortProbeAction", obj{{"Blocked", false}, {"PortProbeDetails", []any{obj{
				{"LocalPortDetails", obj{{"Port", port}, {"PortName", "Unknown"}}}, {"LocalIpDetails", obj{{"IpAddressV4", bastion.privateIP}}},
				{"RemoteIpDetails", remote(ip, "United States", "US", "Ashburn", "Example Hosting", 64512)}}}}}}},
			first: t, last: t + int64(between(r, 60, 3600)), count: between(r, 1, 12)})
	}
	detector := string(appendHex(nil, o.hash("detector", w.prod.id), 16)) + string(appendHex(nil, o.hash("detector2", w.prod.id), 16))
	var findings []any
	for _, s := range prod {
		x, _ := o.gdJSON(s, detector, false)
		findings = append(findings, x)
	}
	if err := o.writeCLI("guardduty/get-findings-"+w.prod.id+"-"+regionMain+".json", obj{{"Findings", findings}}); err != nil {
		return err
	}

	// Staging's findings, exported to S3 by the detector (camelCase, one
	// per line, a file per day).
	stg := []gdSpec{
		{typ: "UnauthorizedAccess:EC2/SSHBruteForce", severity: 8, acct: &w.staging, region: regionMain, inst: build,
			title:  w.atk.bruteStage + " is performing SSH brute force attacks against " + build.id + ".",
			desc:   w.atk.bruteStage + " is performing SSH brute force attacks against " + build.id + ". Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.",
			action: netAction("INBOUND", 22, "SSH", ru(w.atk.bruteStage), 40022, false, build.privateIP),
			first:  at(9, 30, 0), last: at(9, 58, 11), count: 37},
		{typ: "Backdoor:EC2/C&CActivity.B", severity: 8, acct: &w.staging, region: regionMain, inst: build,
			title:  "EC2 instance " + build.id + " is querying an IP that is associated with a known command and control server.",
			desc:   "EC2 instance " + build.id + " is communicating with " + w.atk.c2 + " on port " + itoa(w.atk.c2Port) + ", a known command and control server.",
			action: netAction("OUTBOUND", 41522, "Unknown", ru(w.atk.c2), w.atk.c2Port, false, build.privateIP),
			first:  at(10, 5, 12), last: at(23, 55, 40), count: 167},
	}
	for i := 0; i < scaled(4, scale); i++ {
		t := bgStart + r.Int64N(bgEnd-bgStart-2*hour)
		port := pick(r, []int{3389, 5900, 8080})
		stg = append(stg, gdSpec{typ: "Recon:EC2/PortProbeUnprotectedPort", severity: 2, acct: &w.staging, region: regionMain, inst: stgWeb,
			title: "Unprotected port on EC2 instance " + stgWeb.id + " is being probed.",
			desc:  "EC2 instance has an unprotected port " + itoa(port) + " which is being probed by a known malicious host.",
			action: obj{{"ActionType", "PORT_PROBE"}, {"PortProbeAction", obj{{"Blocked", false}, {"PortProbeDetails", []any{obj{
				{"LocalPortDetails", obj{{"Port", port}, {"PortName", "Unknown"}}}, {"LocalIpDetails", obj{{"IpAddressV4", stgWeb.privateIP}}},
				{"RemoteIpDetails", remote(publicIPv4(r), "Germany", "DE", "Frankfurt am Main", "Example Cloud", 64513)}}}}}}},
			first: t, last: t + int64(between(r, 60, 3600)), count: between(r, 1, 9)})
	}
	detector = string(appendHex(nil, o.hash("detector", w.staging.id), 16)) + string(appendHex(nil, o.hash("detector2", w.staging.id), 16))
	days := map[string][]byte{}
	var order []string
	for _, s := range stg {
		x, _ := o.gdJSON(s, detector, true)
		b, err := marshalJSON(x, "")
		if err != nil {
			return err
		}
		d := string(appendDatePath(nil, s.last))
		if _, ok := days[d]; !ok {
			order = append(order, d)
		}
		days[d] = append(append(days[d], b...), '\n')
	}
	for _, d := range order {
		rel := "guardduty/AWSLogs/" + w.staging.id + "/GuardDuty/" + regionMain + "/" + d + o.uuid("gd-export", d) + ".jsonl.gz"
		if err := o.writeFile(rel, days[d]); err != nil {
			return err
		}
	}
	return nil
}

// macieFinding is one Macie finding written.
type macieFinding struct {
	id, typ    string
	categories []string
}

// writeMacie writes `aws macie2 get-findings` output.
func (o *svcOut) writeMacie(float64) error {
	w := o.w
	type det struct {
		category, typ string
		count         int
	}
	type spec struct {
		typ, bucket, key, title, severity string
		score                             int
		found                             []det
		policy                            bool
		t                                 int64
	}
	job := string(appendHex(nil, o.hash("macie-job"), 16)) + string(appendHex(nil, o.hash("macie-job2"), 16))
	specs := []spec{
		{typ: "SensitiveData:S3Object/Financial", bucket: w.atk.bucket, key: "sync/cards-2024-03.csv", severity: "High", score: 3,
			title: "The S3 object contains financial information.", found: []det{{"FINANCIAL_INFORMATION", "CREDIT_CARD_NUMBER", 18422}}, t: at(12, 41, 7)},
		{typ: "SensitiveData:S3Object/Multiple", bucket: w.atk.bucket, key: "sync/customers-full.csv", severity: "High", score: 3,
			title: "The S3 object contains multiple categories of sensitive information.",
			found: []det{{"PERSONAL_INFORMATION", "NAME", 96120}, {"PERSONAL_INFORMATION", "ADDRESS", 48060}, {"FINANCIAL_INFORMATION", "BANK_ACCOUNT_NUMBER", 48060}}, t: at(12, 41, 9)},
		{typ: "SensitiveData:S3Object/Personal", bucket: w.atk.bucket, key: "sync/users.json", severity: "Medium", score: 2,
			title: "The S3 object contains personal information.", found: []det{{"PERSONAL_INFORMATION", "EMAIL_ADDRESS", 31877}}, t: at(12, 41, 12)},
		{typ: "SensitiveData:S3Object/Credentials", bucket: "acme-prod-ci-artifacts", key: "builds/1841/.env", severity: "High", score: 3,
			title: "The S3 object contains credentials data.", found: []det{{"CREDENTIALS", "AWS_CREDENTIALS", 1}}, t: bgStart + 2*day + 3*hour},
		{typ: "Policy:IAMUser/S3BucketEncryptionDisabled", bucket: "acme-prod-static-assets", severity: "Low", score: 1, policy: true,
			title: "Default encryption is disabled for the S3 bucket.", t: bgStart + day + 7*hour},
	}
	var out []any
	for _, s := range specs {
		id := string(appendHex(nil, o.hash("macie", s.typ, s.key), 16)) + string(appendHex(nil, o.hash("macie2", s.typ, s.key), 16))
		var cats []string
		var sensitive []any
		byCat := map[string][]det{}
		var catOrder []string
		for _, d := range s.found {
			if _, ok := byCat[d.category]; !ok {
				catOrder = append(catOrder, d.category)
			}
			byCat[d.category] = append(byCat[d.category], d)
		}
		for _, c := range catOrder {
			var dets []any
			total := 0
			for _, d := range byCat[c] {
				dets = append(dets, obj{{"count", d.count}, {"type", d.typ}})
				total += d.count
			}
			sensitive = append(sensitive, obj{{"category", c}, {"detections", dets}, {"totalCount", total}})
			cats = append(cats, c)
		}
		bucket := obj{{"arn", "arn:aws:s3:::" + s.bucket}, {"createdAt", isoMillis(bgStart-40*day, 0)},
			{"defaultServerSideEncryption", obj{{"encryptionType", "AES256"}}}, {"name", s.bucket},
			{"owner", obj{{"displayName", "acme-prod"}, {"id", canonicalID(o, "prod")}}},
			{"publicAccess", obj{{"effectivePermission", "NOT_PUBLIC"}}}, {"tags", []any{}}}
		x := obj{{"accountId", w.prod.id}, {"archived", false}}
		res := obj{{"s3Bucket", bucket}}
		if s.policy {
			x = append(x, member{"category", "POLICY"})
		} else {
			x = append(x, member{"category", "CLASSIFICATION"}, member{"classificationDetails", obj{
				{"detailedResultsLocation", "s3://acme-macie-results-" + w.prod.id + "/AWSLogs/" + w.prod.id + "/Macie/us-east-1/" + job + "/" + w.prod.id + ".jsonl.gz"},
				{"jobArn", "arn:aws:macie2:us-east-1:" + w.prod.id + ":classification-job/" + job},
				{"jobId", job},
				{"originType", "SENSITIVE_DATA_DISCOVERY_JOB"},
				{"result", obj{{"additionalOccurrences", false}, {"customDataIdentifiers", obj{{"detections", []any{}}, {"totalCount", 0}}},
					{"mimeType", "text/csv"}, {"sensitiveData", sensitive}, {"sizeClassified", 48213774}, {"status", obj{{"code", "COMPLETE"}}}}},
			}})
			res = append(res, member{"s3Object", obj{{"bucketArn", "arn:aws:s3:::" + s.bucket}, {"eTag", string(appendHex(nil, o.hash("etag", s.key), 16))},
				{"extension", s.key[strings.LastIndex(s.key, ".")+1:]}, {"key", s.key}, {"lastModified", isoMillis(s.t-2*hour, 0)},
				{"path", s.bucket + "/" + s.key}, {"publicAccess", false}, {"size", 48213774}, {"storageClass", "STANDARD"}, {"tags", []any{}}}})
		}
		x = append(x, member{"count", 1}, member{"createdAt", isoMillis(s.t, 0)},
			member{"description", s.title + " Bucket: " + s.bucket}, member{"id", id}, member{"partition", "aws"}, member{"region", regionMain},
			member{"resourcesAffected", res}, member{"sample", false}, member{"schemaVersion", "1.0"},
			member{"severity", obj{{"description", s.severity}, {"score", s.score}}}, member{"title", s.title}, member{"type", s.typ},
			member{"updatedAt", isoMillis(s.t, 0)})
		out = append(out, x)
		o.macie = append(o.macie, macieFinding{id, s.typ, cats})
	}
	return o.writeCLI("macie/get-findings-"+w.prod.id+"-"+regionMain+".json", obj{{"findings", out}})
}

// auditFinding is one data-protection audit report's identifier.
type auditFinding struct{ arn, at, name string }

// writeAudits writes the data-protection audit findings of the API's
// Lambda log group, delivered to S3 one report per line.
func (o *svcOut) writeAudits(float64) error {
	w := o.w
	arn := "arn:aws:logs:" + regionMain + ":" + w.prod.id + ":log-group:/aws/lambda/orders-api-handler:*"
	reports := []struct {
		t   int64
		ids [][2]any
	}{
		{at(9, 51, 22), [][2]any{{"CreditCardNumber", 1}}},
		{at(9, 52, 3), [][2]any{{"CreditCardNumber", 2}, {"EmailAddress", 1}}},
		{bgStart + 2*day + 11*hour + 5*60 + 40, [][2]any{{"EmailAddress", 1}}},
	}
	var b []byte
	for _, rep := range reports {
		var ids []any
		for _, id := range rep.ids {
			n := id[1].(int)
			var dets []any
			for k := 0; k < n; k++ {
				dets = append(dets, obj{{"start", 40 + 31*k}, {"end", 56 + 31*k}})
			}
			ids = append(ids, obj{{"name", id[0]}, {"count", n}, {"detections", dets}})
			o.audits = append(o.audits, auditFinding{arn, isoTime(rep.t), id[0].(string)})
		}
		x, err := marshalJSON(obj{{"auditTimestamp", isoTime(rep.t)}, {"resourceArn", arn}, {"dataIdentifiers", ids}}, "")
		if err != nil {
			return err
		}
		b = append(append(b, x...), '\n')
	}
	return o.writeFile("cloudwatch/data-protection-audit/"+w.prod.id+"-"+regionMain+"-orders-api-handler.json", b)
}

// inspectorFinding is one Inspector finding written.
type inspectorFinding struct {
	arn, typ, instance string
	begin, end         int // open port range; -1 when none
	imdsv1             bool
}

// mentionsIMDSv1 is the reader's rule for an IMDSv1 finding (internal/source/awsfindings).
func mentionsIMDSv1(texts ...string) bool {
	for _, t := range texts {
		t = strings.ToLower(t)
		for _, p := range []string{"imdsv1", "imds v1", "imds version 1", "metadata service version 1", "metadata service v1"} {
			if strings.Contains(t, p) {
				return true
			}
		}
	}
	return false
}

// writeInspector writes `aws inspector2 list-findings` as the delegated
// administrator sees it (both accounts).
func (o *svcOut) writeInspector(float64) error {
	w := o.w
	byName := map[string]*svcInstance{}
	for _, in := range o.instances {
		byName[in.name] = in
	}
	type spec struct {
		in                      *svcInstance
		typ, sev, title, desc   string
		remedy                  string
		score                   float64
		begin, end              int
		vuln, pkg, fixedVersion string
		first                   int64
	}
	reach := func(in *svcInstance, port int, first int64) spec {
		return spec{in: in, typ: "NETWORK_REACHABILITY", sev: "MEDIUM", score: 5,
			title:  "Port " + itoa(port) + " is reachable from an Internet Gateway - TCP",
			desc:   "On the instance " + in.id + ", the port range " + itoa(port) + " to " + itoa(port) + " is reachable from the InternetGateway " + hexID("igw-0", o.hash("igw", in.vpc), 16) + " from an attached ENI " + hexID("eni-0", o.hash("eni", in.name), 16) + ".",
			remedy: "You can restrict access to your instance by modifying the Security Groups or ACLs in the network path.",
			begin:  port, end: port, first: first}
	}
	imds := func(in *svcInstance) spec {
		return spec{in: in, typ: "PACKAGE_VULNERABILITY", sev: "HIGH", score: 7.5,
			title:  "EC2 instance " + in.id + " allows Instance Metadata Service Version 1 (IMDSv1)",
			desc:   "The instance accepts IMDSv1 requests (HttpTokens is optional). A server-side request forgery in an application on the instance can read its instance-profile credentials.",
			remedy: "Require IMDSv2: aws ec2 modify-instance-metadata-options --http-tokens required.", begin: -1, end: -1, first: bgStart - 30*day}
	}
	cve := func(in *svcInstance, id, pkg, fixed, sev string, score float64) spec {
		return spec{in: in, typ: "PACKAGE_VULNERABILITY", sev: sev, score: score, title: id + " - " + pkg,
			desc:   "A vulnerability in " + pkg + " was found.",
			remedy: "Upgrade your installed software packages to the proposed fixed in version and release.",
			begin:  -1, end: -1, vuln: id, pkg: pkg, fixedVersion: fixed, first: bgStart - 12*day}
	}
	build := byName[w.buildRunner.name]
	specs := []spec{
		reach(build, w.atk.c2Port, at(10, 37, 12)),
		reach(build, 22, bgStart-60*day),
		reach(byName[w.euWeb.name], 443, bgStart-80*day),
		reach(byName[w.bastion.name], 22, bgStart-90*day),
		imds(byName[w.web1.name]),
		imds(byName[w.web2.name]),
		cve(byName[w.web1.name], "CVE-2023-44487", "nghttp2", "1.57.0", "HIGH", 7.5),
		cve(byName[w.reportingDB.name], "CVE-2024-0727", "openssl", "3.0.13", "MEDIUM", 5.5),
	}
	var out []any
	for _, s := range specs {
		in := s.in
		arn := "arn:aws:inspector2:" + in.region + ":" + in.acct.id + ":finding/" + string(appendHex(nil, o.hash("insp", in.id, s.title), 16)) + string(appendHex(nil, o.hash("insp2", in.id, s.title), 16))
		x := obj{{"findingArn", arn}, {"awsAccountId", in.acct.id}, {"type", s.typ}, {"description", s.desc}, {"title", s.title},
			{"remediation", obj{{"recommendation", obj{{"text", s.remedy}}}}}, {"severity", s.sev},
			{"firstObservedAt", cliTime(s.first, 117)}, {"lastObservedAt", cliTime(at(13, 20, 5), 431)}, {"updatedAt", cliTime(at(13, 20, 5), 431)},
			{"status", "ACTIVE"},
			{"resources", []any{obj{{"type", "AWS_EC2_INSTANCE"}, {"id", in.id}, {"partition", "aws"}, {"region", in.region},
				{"tags", obj{{"Name", in.name}}},
				{"details", obj{{"awsEc2Instance", obj{{"type", in.instanceType}, {"imageId", in.image}, {"ipV4Addresses", ipList(in)},
					{"ipV6Addresses", []any{}}, {"launchedAt", cliTime(in.launch, 0)}, {"platform", "AMAZON_LINUX_2023"},
					{"subnetId", in.subnet}, {"vpcId", in.vpc}}}}}}}},
			{"inspectorScore", s.score},
		}
		if s.typ == "NETWORK_REACHABILITY" {
			x = append(x, member{"networkReachabilityDetails", obj{
				{"openPortRange", obj{{"begin", s.begin}, {"end", s.end}}}, {"protocol", "TCP"},
				{"networkPath", obj{{"steps", []any{
					obj{{"componentId", hexID("igw-0", o.hash("igw", in.vpc), 16)}, {"componentType", "AWS::EC2::InternetGateway"}},
					obj{{"componentId", hexID("acl-0", o.hash("acl", in.vpc), 16)}, {"componentType", "AWS::EC2::NetworkAcl"}},
					obj{{"componentId", in.groups[0].id}, {"componentType", "AWS::EC2::SecurityGroup"}},
					obj{{"componentId", hexID("eni-0", o.hash("eni", in.name), 16)}, {"componentType", "AWS::EC2::NetworkInterface"}},
				}}}},
			}}, member{"exploitAvailable", "NO"})
		} else if s.vuln != "" {
			x = append(x, member{"packageVulnerabilityDetails", obj{{"vulnerabilityId", s.vuln}, {"source", "NVD"},
				{"vulnerablePackages", []any{obj{{"name", s.pkg}, {"fixedInVersion", s.fixedVersion}, {"packageManager", "OS"}}}}}},
				member{"fixAvailable", "YES"}, member{"exploitAvailable", "YES"})
		}
		out = append(out, x)
		o.inspector = append(o.inspector, inspectorFinding{arn: arn, typ: s.typ, instance: in.id, begin: s.begin, end: s.end,
			imdsv1: mentionsIMDSv1(s.title, s.desc, s.remedy)})
	}
	return o.writeCLI("inspector/list-findings.json", obj{{"findings", out}})
}

func ipList(in *svcInstance) []any {
	ips := []any{in.privateIP}
	if in.publicIP != "" {
		ips = append(ips, in.publicIP)
	}
	return ips
}
