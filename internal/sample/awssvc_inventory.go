package sample

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The inventory: EC2 instances and security groups as
// describe-instances / describe-security-groups print them after the
// attack, and CloudWatch alarms as describe-alarms prints them.

// publicIP is the public address of an instance that has one. The NAT
// instances' addresses are the ones CloudTrail shows for the instances'
// own calls (ctcatalog.go), which is how aws-imds-v1 tells them from a
// thief's.
func (w *world) publicIP(name string) string {
	switch name {
	case "bastion":
		return "54.210.33.18"
	case "build-runner":
		return "44.203.117.9"
	case "staging-web":
		return "3.91.48.122"
	case "eu-web":
		return "34.245.19.87"
	case "nat-prod":
		return w.natProd
	case "nat-eu":
		return w.natEU
	case "nat-staging":
		return w.natStaging
	}
	return ""
}

// buildInventory lays out instances and security groups.
func (o *svcOut) buildInventory() {
	w := o.w
	group := func(v *vpcNet, name, desc string, rules ...sgRule) *svcGroup {
		g := &svcGroup{id: hexID("sg-0", o.hash("sg", name), 16), name: name, desc: desc, vpc: v.id, region: v.region, acct: v.account}
		g.rules = rules
		o.groups = append(o.groups, g)
		return g
	}
	in := func(proto string, from, to int, cidr, desc string) sgRule {
		return sgRule{ingress: true, proto: proto, from: from, to: to, cidr: cidr, desc: desc}
	}
	allOut := sgRule{proto: "-1", from: -1, to: -1, cidr: "0.0.0.0/0"}

	p, e, s := w.prodVPC, w.euVPC, w.stagingVPC
	alb := group(p, "prod-alb-sg", "Public load balancer", in("tcp", 443, 443, "0.0.0.0/0", "HTTPS from anywhere"),
		in("tcp", 443, 443, "::/0", "HTTPS from anywhere"), in("tcp", 80, 80, "0.0.0.0/0", "HTTP redirect"), allOut)
	web := group(p, "prod-web-sg", "Web servers behind the ALB", in("tcp", 8080, 8080, alb.id, "from the ALB"),
		in("tcp", 22, 22, "10.0.1.5/32", "SSH from the bastion"), allOut)
	var office []sgRule
	for _, ip := range w.officeIPs {
		office = append(office, in("tcp", 22, 22, ip+"/32", "admins"))
	}
	bastion := group(p, "prod-bastion-sg", "Bastion: SSH from the office", append(office, allOut)...)
	private := group(p, "prod-private-sg", "Private hosts", in("tcp", 22, 22, "10.0.0.0/8", "SSH from the VPCs"),
		in("-1", -1, -1, "10.0.0.0/16", "inside the VPC"), allOut)
	eks := group(p, "prod-eks-node-sg", "EKS nodes", in("tcp", 1025, 65535, "10.0.0.0/16", "kubelet and pods"),
		in("tcp", 443, 443, "10.0.0.0/16", "cluster API"), allOut)
	natP := group(p, "prod-nat-sg", "NAT instance", in("-1", -1, -1, "10.0.0.0/16", "from the VPC"), allOut)
	euWeb := group(e, "eu-web-sg", "EU web server", in("tcp", 443, 443, "0.0.0.0/0", "HTTPS from anywhere"),
		in("tcp", 80, 80, "0.0.0.0/0", "HTTP redirect"), in("tcp", 22, 22, "10.0.0.0/8", "SSH from the VPCs"), allOut)
	natE := group(e, "eu-nat-sg", "NAT instance", in("-1", -1, -1, "10.0.64.0/18", "from the VPC"), allOut)
	euPrivate := group(e, "eu-private-sg", "EU private hosts", in("udp", 53, 53, "10.0.64.0/18", "DNS"),
		in("tcp", 22, 22, "10.0.0.0/8", "SSH from the VPCs"), allOut)
	// build-runner-sg: SSH open to the world (how it was taken over) and,
	// since 10:04 on the attack day, the attacker's listener on 4444.
	build := group(s, "build-runner-sg", "CI build runner", in("tcp", 22, 22, "0.0.0.0/0", "SSH for CI agents"),
		in("tcp", 4444, 4444, "0.0.0.0/0", ""), allOut)
	o.sgOpened = build
	stgApp := group(s, "staging-app-sg", "Staging application hosts", in("tcp", 22, 22, "10.0.0.0/8", "SSH from the VPCs"),
		in("tcp", 8080, 8080, "10.0.128.0/17", "app port inside staging"), in("tcp", 443, 443, "0.0.0.0/0", "HTTPS from anywhere"), allOut)
	natS := group(s, "staging-nat-sg", "NAT instance", in("-1", -1, -1, "10.0.128.0/17", "from the VPC"), allOut)
	// Created by terraform on Tuesday: Config records its discovery.
	o.batchGroup = group(p, "prod-batch-sg", "Batch jobs", in("tcp", 443, 443, "10.0.0.0/16", "from the VPC"), allOut)

	add := func(h *netHost, name, ip, subnet, az string, v *vpcNet, r *role, typ string, groups ...*svcGroup) *svcInstance {
		id, sub := "", ""
		if h != nil {
			name, ip, subnet, az, v, r, id, sub = h.name, h.ip, "", h.az, h.vpc, h.role, h.instance, h.subnet
		} else {
			id = hexID("i-0", o.hash("instance", name), 16)
			sub = hexID("subnet-0", o.hash("subnet", v.key, subnet), 16)
		}
		if known, ok := v.subnets[subnet]; ok {
			sub = known
		}
		inst := &svcInstance{name: name, id: id, privateIP: ip, publicIP: w.publicIP(name), instanceType: typ, az: az, subnet: sub,
			vpc: v.id, region: v.region, acct: v.account, role: r, groups: groups, httpTokens: "required",
			srcDestCheck: !strings.HasPrefix(name, "nat-"),
			launch:       bgStart - int64(20+o.hash("launch", name)%200)*day + int64(o.hash("launch-s", name)%uint64(day)),
			image:        hexID("ami-0", o.hash("ami", v.region, typ), 17)}
		o.instances = append(o.instances, inst)
		return inst
	}
	for _, h := range w.instanceHosts {
		typ, group := "t3.medium", private
		switch {
		case h == w.bastion:
			typ, group = "t3.micro", bastion
		case h == w.web1 || h == w.web2:
			typ, group = "m6i.large", web
		case h == w.reportingDB:
			typ = "r6i.xlarge"
		case h == w.euWeb:
			typ, group = "m6i.large", euWeb
		case h == w.euDNS:
			group = euPrivate
		case h == w.buildRunner:
			typ, group = "c6i.2xlarge", build
		case h.vpc == w.stagingVPC:
			group = stgApp
		}
		inst := add(h, "", "", "", "", nil, nil, typ, group)
		// web-1 and web-2 come from an old launch template that still
		// allows IMDSv1: that is how the SSRF got web-1's credentials.
		if h == w.web1 || h == w.web2 {
			inst.httpTokens = "optional"
		}
		// The attacker turned the build runner's check off at 10:12.
		if h == w.buildRunner {
			inst.srcDestCheck = false
		}
	}
	add(nil, "nat-prod", "10.0.1.4", "public-a", "us-east-1a", p, nil, "t4g.nano", natP)
	add(nil, "nat-eu", "10.0.65.4", "eu-public-a", "eu-west-1a", e, nil, "t4g.nano", natE)
	add(nil, "nat-staging", "10.0.130.4", "stg-public-a", "us-east-1a", s, nil, "t4g.nano", natS)
	o.eksNodes = []*svcInstance{
		add(nil, "eks-node-a", "10.0.2.40", "private-a", "us-east-1a", p, w.workerRole, "m6i.xlarge", eks),
		add(nil, "eks-node-b", "10.0.2.41", "private-b", "us-east-1b", p, w.workerRole, "m6i.xlarge", eks),
	}
}

// writeInventory writes describe-instances and describe-security-groups
// per account and region.
func (o *svcOut) writeInventory(float64) error {
	type scope struct {
		acct   *account
		region string
	}
	w := o.w
	for _, sc := range []scope{{&w.prod, regionMain}, {&w.prod, regionEU}, {&w.staging, regionMain}} {
		var reservations []any
		for _, in := range o.instances {
			if in.acct != sc.acct || in.region != sc.region {
				continue
			}
			reservations = append(reservations, obj{
				{"Groups", []any{}},
				{"Instances", []any{o.instanceJSON(in)}},
				{"OwnerId", in.acct.id},
				{"ReservationId", hexID("r-0", o.hash("reservation", in.id), 16)},
			})
		}
		name := sc.acct.id + "-" + sc.region
		if err := o.writeCLI("ec2/describe-instances-"+name+".json", obj{{"Reservations", reservations}}); err != nil {
			return err
		}
		var groups []any
		for _, g := range o.groups {
			if g.acct == sc.acct && g.region == sc.region {
				groups = append(groups, o.groupJSON(g))
			}
		}
		if err := o.writeCLI("ec2/describe-security-groups-"+name+".json", obj{{"SecurityGroups", groups}}); err != nil {
			return err
		}
	}
	return nil
}

// instanceJSON is an instance as describe-instances prints it (members in
// the EC2 model's order, as the CLI prints them).
func (o *svcOut) instanceJSON(in *svcInstance) obj {
	dns := "ip-" + strings.ReplaceAll(in.privateIP, ".", "-") + "." + internalDomain(in.region)
	var sgs []any
	for _, g := range in.groups {
		sgs = append(sgs, obj{{"GroupName", g.name}, {"GroupId", g.id}})
	}
	x := obj{
		{"AmiLaunchIndex", 0},
		{"ImageId", in.image},
		{"InstanceId", in.id},
		{"InstanceType", in.instanceType},
		{"KeyName", in.acct.alias + "-ops"},
		{"LaunchTime", cliTime(in.launch, 0)},
		{"Monitoring", obj{{"State", "disabled"}}},
		{"Placement", obj{{"AvailabilityZone", in.az}, {"GroupName", ""}, {"Tenancy", "default"}}},
		{"PrivateDnsName", dns},
		{"PrivateIpAddress", in.privateIP},
		{"ProductCodes", []any{}},
	}
	publicDNS := ""
	if in.publicIP != "" {
		publicDNS = "ec2-" + strings.ReplaceAll(in.publicIP, ".", "-") + ".compute-1.amazonaws.com"
		if in.region != regionMain {
			publicDNS = "ec2-" + strings.ReplaceAll(in.publicIP, ".", "-") + "." + in.region + ".compute.amazonaws.com"
		}
	}
	x = append(x, member{"PublicDnsName", publicDNS})
	if in.publicIP != "" {
		x = append(x, member{"PublicIpAddress", in.publicIP})
	}
	eni := obj{
		{"Attachment", obj{{"AttachTime", cliTime(in.launch, 0)}, {"AttachmentId", hexID("eni-attach-0", o.hash("attach", in.id), 16)},
			{"DeleteOnTermination", true}, {"DeviceIndex", 0}, {"Status", "attached"}, {"NetworkCardIndex", 0}}},
		{"Description", ""},
		{"Groups", sgs},
		{"Ipv6Addresses", []any{}},
		{"MacAddress", "0e:" + string(appendHex(nil, o.hash("mac", in.id), 10)[0:2]) + ":" + string(appendHex(nil, o.hash("mac", in.id), 10)[2:4]) + ":4c:1a:2b"},
		{"NetworkInterfaceId", hexID("eni-0", o.hash("eni", in.name), 16)},
		{"OwnerId", in.acct.id},
		{"PrivateDnsName", dns},
		{"PrivateIpAddress", in.privateIP},
	}
	priv := obj{{"Primary", true}, {"PrivateDnsName", dns}, {"PrivateIpAddress", in.privateIP}}
	if in.publicIP != "" {
		assoc := obj{{"IpOwnerId", "amazon"}, {"PublicDnsName", publicDNS}, {"PublicIp", in.publicIP}}
		eni = append(obj{{"Association", assoc}}, eni...)
		priv = append(obj{{"Association", assoc}}, priv...)
	}
	eni = append(eni, member{"PrivateIpAddresses", []any{priv}}, member{"SourceDestCheck", in.srcDestCheck},
		member{"Status", "in-use"}, member{"SubnetId", in.subnet}, member{"VpcId", in.vpc}, member{"InterfaceType", "interface"})
	x = append(x,
		member{"State", obj{{"Code", 16}, {"Name", "running"}}},
		member{"StateTransitionReason", ""},
		member{"SubnetId", in.subnet},
		member{"VpcId", in.vpc},
		member{"Architecture", archOf(in.instanceType)},
		member{"BlockDeviceMappings", []any{obj{{"DeviceName", "/dev/xvda"}, {"Ebs", obj{{"AttachTime", cliTime(in.launch+2, 0)},
			{"DeleteOnTermination", true}, {"Status", "attached"}, {"VolumeId", hexID("vol-0", o.hash("vol", in.id), 16)}}}}}},
		member{"ClientToken", "terraform-" + string(appendHex(nil, o.hash("token", in.id), 16))},
		member{"EbsOptimized", true},
		member{"EnaSupport", true},
		member{"Hypervisor", "xen"},
	)
	if in.role != nil {
		x = append(x, member{"IamInstanceProfile", obj{{"Arn", "arn:aws:iam::" + in.acct.id + ":instance-profile/" + in.role.name},
			{"Id", awsID("AIPA", o.hash("profile", in.role.name), 17)}}})
	}
	tags := []any{obj{{"Key", "Name"}, {"Value", in.name}}, obj{{"Key", "Environment"}, {"Value", envOf(in.acct)}}}
	if strings.HasPrefix(in.name, "eks-node") {
		tags = append(tags, obj{{"Key", "eks:cluster-name"}, {"Value", eksCluster}})
	}
	x = append(x,
		member{"NetworkInterfaces", []any{eni}},
		member{"RootDeviceName", "/dev/xvda"},
		member{"RootDeviceType", "ebs"},
		member{"SecurityGroups", sgs},
		member{"SourceDestCheck", in.srcDestCheck},
		member{"Tags", tags},
		member{"VirtualizationType", "hvm"},
		member{"CpuOptions", obj{{"CoreCount", 1}, {"ThreadsPerCore", 2}}},
		member{"CapacityReservationSpecification", obj{{"CapacityReservationPreference", "open"}}},
		member{"HibernationOptions", obj{{"Configured", false}}},
		member{"MetadataOptions", obj{{"State", "applied"}, {"HttpTokens", in.httpTokens}, {"HttpPutResponseHopLimit", hopLimit(in)},
			{"HttpEndpoint", "enabled"}, {"HttpProtocolIpv6", "disabled"}, {"InstanceMetadataTags", "disabled"}}},
		member{"EnclaveOptions", obj{{"Enabled", false}}},
		member{"PlatformDetails", "Linux/UNIX"},
		member{"UsageOperation", "RunInstances"},
		member{"UsageOperationUpdateTime", cliTime(in.launch, 0)},
		member{"PrivateDnsNameOptions", obj{{"HostnameType", "ip-name"}, {"EnableResourceNameDnsARecord", false}, {"EnableResourceNameDnsAAAARecord", false}}},
		member{"MaintenanceOptions", obj{{"AutoRecovery", "default"}}},
		member{"CurrentInstanceBootMode", "legacy-bios"},
	)
	return x
}

// hopLimit: EKS nodes need two hops for pods to reach IMDS.
func hopLimit(in *svcInstance) int {
	if strings.HasPrefix(in.name, "eks-node") {
		return 2
	}
	return 1
}

func archOf(typ string) string {
	if strings.HasPrefix(typ, "t4g") {
		return "arm64"
	}
	return "x86_64"
}

func envOf(a *account) string {
	if strings.HasSuffix(a.alias, "staging") {
		return "staging"
	}
	return "production"
}

// internalDomain is the private DNS domain of a region.
func internalDomain(region string) string {
	if region == regionMain {
		return "ec2.internal"
	}
	return region + ".compute.internal"
}

// groupJSON is a security group as describe-security-groups prints it.
func (o *svcOut) groupJSON(g *svcGroup) obj {
	return obj{
		{"Description", g.desc},
		{"GroupName", g.name},
		{"IpPermissions", permissions(g, true)},
		{"OwnerId", g.acct.id},
		{"GroupId", g.id},
		{"IpPermissionsEgress", permissions(g, false)},
		{"Tags", []any{obj{{"Key", "Name"}, {"Value", g.name}}}},
		{"VpcId", g.vpc},
		{"SecurityGroupArn", "arn:aws:ec2:" + g.region + ":" + g.acct.id + ":security-group/" + g.id},
	}
}

// permissions groups a direction's rules by protocol and port range, as
// EC2 returns them: one permission per range, its sources in lists.
func permissions(g *svcGroup, ingress bool) []any {
	type key struct {
		proto    string
		from, to int
	}
	var order []key
	sources := map[key][]sgRule{}
	for _, r := range g.rules {
		if r.ingress != ingress {
			continue
		}
		k := key{r.proto, r.from, r.to}
		if _, ok := sources[k]; !ok {
			order = append(order, k)
		}
		sources[k] = append(sources[k], r)
	}
	out := []any{}
	for _, k := range order {
		v4, v6, pairs := []any{}, []any{}, []any{}
		for _, r := range sources[k] {
			switch {
			case strings.HasPrefix(r.cidr, "sg-"):
				pairs = append(pairs, withDesc(obj{{"GroupId", r.cidr}, {"UserId", g.acct.id}}, r.desc))
			case strings.Contains(r.cidr, ":"):
				v6 = append(v6, withDesc(obj{{"CidrIpv6", r.cidr}}, r.desc))
			default:
				v4 = append(v4, withDesc(obj{{"CidrIp", r.cidr}}, r.desc))
			}
		}
		p := obj{}
		if k.from >= 0 {
			p = append(p, member{"FromPort", k.from})
		}
		p = append(p, member{"IpProtocol", k.proto}, member{"IpRanges", v4}, member{"Ipv6Ranges", v6}, member{"PrefixListIds", []any{}})
		if k.to >= 0 {
			p = append(p, member{"ToPort", k.to})
		}
		p = append(p, member{"UserIdGroupPairs", pairs})
		out = append(out, p)
	}
	return out
}

func withDesc(o obj, desc string) obj {
	if desc != "" {
		o = append(o, member{"Description", desc})
	}
	return o
}

// alarmRow is one alarm written, for the ground truth.
type alarmRow struct {
	name, state, metric string
}

// writeAlarms writes describe-alarms of prod us-east-1.
func (o *svcOut) writeAlarms(float64) error {
	w := o.w
	node := o.eksNodes[0]
	type alarm struct {
		name, desc, metric, ns, stat string
		dims                         obj
		threshold                    string
		state, reason                string
		changed                      int64
	}
	eksDims := obj{{"ClusterName", eksCluster}}
	alarms := []alarm{
		{"prod-eks-node-cpu-high", "EKS node CPU above 80% for 10 minutes", "node_cpu_utilization", "ContainerInsights", "Average",
			eksDims, "80.0", "ALARM",
			"Threshold Crossed: 2 out of the last 2 datapoints [99.2 (08/03/24 10:55:00), 97.8 (08/03/24 10:50:00)] were greater than the threshold (80.0) (minimum 2 datapoints for OK -> ALARM transition).",
			at(11, 0, 41)},
		{"web-1-cpu-high", "web-1 CPU above 85%", "CPUUtilization", "AWS/EC2", "Average",
			obj{{"InstanceId", w.web1.instance}}, "85.0", "OK",
			"Threshold Crossed: 1 out of the last 3 datapoints [21.4 (07/03/24 16:20:00)] was not greater than the threshold (85.0) (minimum 3 datapoints for ALARM -> OK transition).",
			attackDay - 8*hour + 1220},
		{"reporting-db-cpu-high", "reporting-db CPU above 90%", "CPUUtilization", "AWS/EC2", "Maximum",
			obj{{"InstanceId", w.reportingDB.instance}}, "90.0", "OK",
			"Threshold Crossed: 1 out of the last 1 datapoints [34.0 (05/03/24 02:15:00)] was not greater than the threshold (90.0) (minimum 1 datapoint for ALARM -> OK transition).",
			bgStart + day + 2*hour + 930},
		{"prod-alb-5xx", "Load balancer 5xx responses", "HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", "Sum",
			obj{{"LoadBalancer", "app/prod-alb/" + string(appendHex(nil, o.hash("alb"), 16))}}, "25.0", "ALARM",
			"Threshold Crossed: 1 out of the last 1 datapoints [41.0 (08/03/24 10:05:00)] was greater than the threshold (25.0) (minimum 1 datapoint for OK -> ALARM transition).",
			at(10, 6, 12)},
		{"reporting-db-disk-free-low", "Less than 10 GB free on reporting-db", "disk_free", "CWAgent", "Minimum",
			obj{{"InstanceId", w.reportingDB.instance}, {"path", "/"}}, "10737418240.0", "INSUFFICIENT_DATA",
			"Insufficient Data: 1 datapoint was unknown.", bgStart + 3*day + 5*hour},
		{"eks-node-a-status-check", "EKS node status check", "StatusCheckFailed", "AWS/EC2", "Maximum",
			obj{{"InstanceId", node.id}}, "1.0", "OK",
			"Threshold Crossed: 1 out of the last 1 datapoints [0.0 (04/03/24 00:10:00)] was not greater than or equal to the threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).",
			bgStart + 600},
	}
	var metric []any
	for _, a := range alarms {
		arn := "arn:aws:cloudwatch:" + regionMain + ":" + w.prod.id + ":alarm:" + a.name
		var dims []any
		for _, d := range a.dims {
			dims = append(dims, obj{{"Name", d.k}, {"Value", d.v}})
		}
		configured := bgStart - int64(30+o.hash("alarm", a.name)%90)*day
		ms := int(o.hash("alarm-ms", a.name) % 1000)
		metric = append(metric, obj{
			{"AlarmName", a.name},
			{"AlarmArn", arn},
			{"AlarmDescription", a.desc},
			{"AlarmConfigurationUpdatedTimestamp", cliTime(configured, ms)},
			{"ActionsEnabled", true},
			{"OKActions", []any{}},
			{"AlarmActions", []any{"arn:aws:sns:" + regionMain + ":" + w.prod.id + ":ops-alerts"}},
			{"InsufficientDataActions", []any{}},
			{"StateValue", a.state},
			{"StateReason", a.reason},
			{"StateUpdatedTimestamp", cliTime(a.changed, ms)},
			{"MetricName", a.metric},
			{"Namespace", a.ns},
			{"Statistic", a.stat},
			{"Dimensions", dims},
			{"Period", 300},
			{"EvaluationPeriods", 2},
			{"Threshold", json.Number(a.threshold)},
			{"ComparisonOperator", "GreaterThanThreshold"},
			{"StateTransitionedTimestamp", cliTime(a.changed, ms)},
		})
		o.alarms = append(o.alarms, alarmRow{name: a.name, state: a.state, metric: a.metric})
	}
	return o.writeCLI("cloudwatch/describe-alarms-"+w.prod.id+"-"+regionMain+".json",
		obj{{"MetricAlarms", metric}, {"CompositeAlarms", []any{}}})
}

// itoa is strconv.Itoa, short for JSON building.
func itoa(n int) string { return strconv.Itoa(n) }
