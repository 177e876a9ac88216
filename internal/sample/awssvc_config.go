package sample

import (
	"strconv"
	"strings"
)

// AWS Config: prod us-east-1's recorder delivers to S3 (a snapshot on
// Monday, then history files); for staging the responder ran
// get-resource-config-history on the two resources the attacker changed.
// The two sources cover different resources, so no item is loaded twice.

// configItem is one configuration item written, for the ground truth.
type configItem struct {
	resourceType, resourceID, status string
	capture                          int64 // whole seconds
}

// cfgState is one state of a resource.
type cfgState struct {
	status  string
	capture int64
	config  obj
}

// instanceConfig is an instance's configuration as Config records it.
func (o *svcOut) instanceConfig(in *svcInstance, srcDestCheck bool) obj {
	var sgs []any
	for _, g := range in.groups {
		sgs = append(sgs, obj{{"groupName", g.name}, {"groupId", g.id}})
	}
	c := obj{
		{"amiLaunchIndex", 0}, {"imageId", in.image}, {"instanceId", in.id}, {"instanceType", in.instanceType},
		{"keyName", in.acct.alias + "-ops"}, {"launchTime", isoMillis(in.launch, 0)},
		{"placement", obj{{"availabilityZone", in.az}, {"tenancy", "default"}}},
		{"privateIpAddress", in.privateIP},
	}
	if in.publicIP != "" {
		c = append(c, member{"publicIpAddress", in.publicIP})
	}
	c = append(c,
		member{"state", obj{{"code", 16}, {"name", "running"}}}, member{"subnetId", in.subnet}, member{"vpcId", in.vpc},
		member{"securityGroups", sgs}, member{"sourceDestCheck", srcDestCheck},
		member{"metadataOptions", obj{{"state", "applied"}, {"httpTokens", in.httpTokens}, {"httpEndpoint", "enabled"}}},
		member{"tags", []any{obj{{"key", "Name"}, {"value", in.name}}}})
	return c
}

// groupConfig is a security group's configuration as Config records it;
// skip leaves out rules on that port (the state before a change).
func groupConfig(g *svcGroup, skipPort int) obj {
	perms := func(ingress bool) []any {
		out := []any{}
		for _, r := range g.rules {
			if r.ingress != ingress || (skipPort > 0 && r.from == skipPort) {
				continue
			}
			pairs, v4, v6, ranges := []any{}, []any{}, []any{}, []any{}
			switch {
			case strings.HasPrefix(r.cidr, "sg-"):
				pairs = append(pairs, obj{{"groupId", r.cidr}, {"userId", g.acct.id}})
			case strings.Contains(r.cidr, ":"):
				v6 = append(v6, obj{{"cidrIpv6", r.cidr}})
			default:
				v4 = append(v4, obj{{"cidrIp", r.cidr}})
				ranges = append(ranges, r.cidr)
			}
			p := obj{}
			if r.from >= 0 {
				p = append(p, member{"fromPort", r.from})
			}
			p = append(p, member{"ipProtocol", r.proto}, member{"ipv6Ranges", v6}, member{"prefixListIds", []any{}})
			if r.to >= 0 {
				p = append(p, member{"toPort", r.to})
			}
			p = append(p, member{"userIdGroupPairs", pairs}, member{"ipv4Ranges", v4}, member{"ipRanges", ranges})
			out = append(out, p)
		}
		return out
	}
	return obj{{"description", g.desc}, {"groupName", g.name}, {"ipPermissions", perms(true)}, {"ownerId", g.acct.id},
		{"groupId", g.id}, {"ipPermissionsEgress", perms(false)}, {"tags", []any{obj{{"key", "Name"}, {"value", g.name}}}}, {"vpcId", g.vpc}}
}

// writeConfig writes the Config evidence.
func (o *svcOut) writeConfig(float64) error {
	w := o.w
	type resource struct {
		typ, id, name, arn, az, region string
		acct                           *account
		created                        int64
		tags                           obj
		states                         []cfgState
	}
	instRes := func(in *svcInstance) *resource {
		return &resource{typ: "AWS::EC2::Instance", id: in.id, arn: "arn:aws:ec2:" + in.region + ":" + in.acct.id + ":instance/" + in.id,
			az: in.az, region: in.region, acct: in.acct, created: in.launch, tags: obj{{"Name", in.name}}}
	}
	groupRes := func(g *svcGroup) *resource {
		return &resource{typ: "AWS::EC2::SecurityGroup", id: g.id, name: g.name, arn: "arn:aws:ec2:" + g.region + ":" + g.acct.id + ":security-group/" + g.id,
			az: "Not Applicable", region: g.region, acct: g.acct, tags: obj{{"Name", g.name}}}
	}
	find := func(name string) *svcInstance {
		for _, in := range o.instances {
			if in.name == name {
				return in
			}
		}
		return nil
	}

	// Prod us-east-1, delivered to S3: Monday's snapshot of every instance
	// and group (their states recorded before the week), then the week's
	// history.
	snapshotAt := bgStart + 5*60 + 12
	var snapshot, history []*resource
	for _, in := range o.instances {
		if in.acct != &w.prod || in.region != regionMain {
			continue
		}
		r := instRes(in)
		r.states = []cfgState{{"OK", in.launch + 3600 + int64(o.hash("cfg", in.id)%uint64(5*day)), o.instanceConfig(in, in.srcDestCheck)}}
		snapshot = append(snapshot, r)
	}
	for _, g := range o.groups {
		if g.acct != &w.prod || g.region != regionMain || g == o.batchGroup {
			continue
		}
		r := groupRes(g)
		r.created = bgStart - int64(100+o.hash("sg-created", g.id)%300)*day
		r.states = []cfgState{{"OK", r.created + int64(o.hash("cfg", g.id)%uint64(20*day)), groupConfig(g, 0)}}
		snapshot = append(snapshot, r)
	}
	// Benign change: Wednesday's deploy retags worker-2 (a change the
	// hunt reports; the analyst finds deploy-bot behind it).
	w2 := find(w.worker2.name)
	r := instRes(w2)
	cfg := o.instanceConfig(w2, true)
	cfg[len(cfg)-1] = member{"tags", []any{obj{{"key", "Name"}, {"value", w2.name}}, obj{{"key", "PatchGroup"}, {"value", "wave-2"}}}}
	r.tags = obj{{"Name", w2.name}, {"PatchGroup", "wave-2"}}
	r.states = []cfgState{{"OK", bgStart + 2*day + 14*hour + 22*60 + 31, cfg}}
	history = append(history, r)
	// Discovery items: a group terraform created on Tuesday and the bucket
	// the attacker created (not compute): neither is a change.
	batch := o.batchGroup
	r = groupRes(batch)
	r.created = bgStart + day + 16*hour + 3*60 + 9
	r.states = []cfgState{{"ResourceDiscovered", r.created + 41, groupConfig(batch, 0)}}
	history = append(history, r)
	bucket := &resource{typ: "AWS::S3::Bucket", id: w.atk.bucket, name: w.atk.bucket, arn: "arn:aws:s3:::" + w.atk.bucket,
		az: "Regional", region: regionMain, acct: &w.prod, created: at(10, 26, 2), tags: obj{}}
	bucket.states = []cfgState{{"ResourceDiscovered", at(10, 26, 49), obj{{"name", w.atk.bucket}, {"owner", obj{{"id", canonicalID(o, "attacker")}}},
		{"creationDate", isoMillis(at(10, 26, 2), 0)}}}}
	history = append(history, bucket)

	item := func(r *resource, s cfgState, api bool) obj {
		rel := []any{}
		if r.typ == "AWS::EC2::Instance" {
			if in := findByID(o.instances, r.id); in != nil {
				for _, g := range in.groups {
					rel = append(rel, obj{{"resourceId", g.id}, {"resourceType", "AWS::EC2::SecurityGroup"}, {"name", "Is associated with SecurityGroup"}})
				}
			}
		}
		md5 := string(appendHex(nil, o.hash("md5", r.id, strconv.FormatInt(s.capture, 10)), 16)) + string(appendHex(nil, o.hash("md5b", r.id), 16))
		cfgText, _ := marshalJSON(s.config, "")
		if !api {
			x := obj{{"relatedEvents", []any{}}, {"relationships", rel}, {"configuration", s.config}, {"supplementaryConfiguration", obj{}},
				{"tags", r.tags}, {"configurationItemVersion", "1.3"}, {"configurationItemCaptureTime", isoMillis(s.capture, 0)},
				{"configurationStateId", s.capture*1000 + 517}, {"awsAccountId", r.acct.id}, {"configurationItemStatus", s.status},
				{"resourceType", r.typ}, {"resourceId", r.id}}
			if r.name != "" {
				x = append(x, member{"resourceName", r.name})
			}
			x = append(x, member{"ARN", r.arn}, member{"awsRegion", r.region}, member{"availabilityZone", r.az},
				member{"configurationStateMd5Hash", md5}, member{"resourceCreationTime", isoMillis(r.created, 0)})
			o.config = append(o.config, configItem{r.typ, r.id, s.status, s.capture})
			return x
		}
		apiRel := []any{}
		for _, x := range rel {
			m := x.(obj)
			apiRel = append(apiRel, obj{m[0], m[1], {"relationshipName", m[2].v}})
		}
		x := obj{{"version", "1.3"}, {"accountId", r.acct.id}, {"configurationItemCaptureTime", cliTime(s.capture, 0)},
			{"configurationItemStatus", s.status}, {"configurationStateId", strconv.FormatInt(s.capture*1000+517, 10)},
			{"configurationItemMD5Hash", ""}, {"arn", r.arn}, {"resourceType", r.typ}, {"resourceId", r.id}}
		if r.name != "" {
			x = append(x, member{"resourceName", r.name})
		}
		x = append(x, member{"awsRegion", r.region}, member{"availabilityZone", r.az}, member{"resourceCreationTime", cliTime(r.created, 0)},
			member{"tags", r.tags}, member{"relatedEvents", []any{}}, member{"relationships", apiRel},
			member{"configuration", string(cfgText)}, member{"supplementaryConfiguration", obj{}})
		o.config = append(o.config, configItem{r.typ, r.id, s.status, s.capture})
		return x
	}

	prefix := "config/AWSLogs/" + w.prod.id + "/Config/" + regionMain + "/"
	datePath := func(t int64) string {
		iso := isoTime(t)
		y, _ := strconv.Atoi(iso[0:4])
		m, _ := strconv.Atoi(iso[5:7])
		d, _ := strconv.Atoi(iso[8:10])
		return itoa(y) + "/" + itoa(m) + "/" + itoa(d) + "/"
	}
	var items []any
	for _, r := range snapshot {
		items = append(items, item(r, r.states[0], false))
	}
	snapID := o.uuid("config-snapshot")
	name := w.prod.id + "_Config_" + regionMain + "_ConfigSnapshot_" + string(appendStamp(nil, snapshotAt))[:13] + "12Z_" + snapID + ".json.gz"
	b, err := marshalJSON(obj{{"fileVersion", "1.0"}, {"configSnapshotId", snapID}, {"configurationItems", items}}, "")
	if err != nil {
		return err
	}
	if err := o.writeFile(prefix+datePath(snapshotAt)+"ConfigSnapshot/"+name, b); err != nil {
		return err
	}
	// History files: one per resource type and six-hour window.
	for _, r := range history {
		s := r.states[0]
		start := s.capture - s.capture%(6*hour)
		end := start + 6*hour
		name := w.prod.id + "_Config_" + regionMain + "_ConfigHistory_" + r.typ + "_" + string(appendStamp(nil, start))[:13] + "00Z_" +
			string(appendStamp(nil, end))[:13] + "00Z_1.json.gz"
		b, err := marshalJSON(obj{{"fileVersion", "1.0"}, {"configurationItems", []any{item(r, s, false)}}}, "")
		if err != nil {
			return err
		}
		if err := o.writeFile(prefix+datePath(end)+"ConfigHistory/"+name, b); err != nil {
			return err
		}
	}

	// Staging: get-resource-config-history of the two resources the
	// attacker changed, newest first as the API returns them.
	build := find(w.buildRunner.name)
	br := instRes(build)
	br.states = []cfgState{
		{"OK", at(10, 12, 37), o.instanceConfig(build, false)},
		{"ResourceDiscovered", build.launch + 95, o.instanceConfig(build, true)},
	}
	sg := groupRes(o.sgOpened)
	sg.created = build.launch - 3600
	sg.states = []cfgState{
		{"OK", at(10, 4, 51), groupConfig(o.sgOpened, 0)},
		{"ResourceDiscovered", sg.created + 57, groupConfig(o.sgOpened, o.w.atk.c2Port)},
	}
	for _, r := range []*resource{sg, br} {
		var items []any
		for _, s := range r.states {
			items = append(items, item(r, s, true))
		}
		if err := o.writeCLI("config/get-resource-config-history-"+r.id+".json", obj{{"configurationItems", items}}); err != nil {
			return err
		}
	}
	return nil
}

func findByID(xs []*svcInstance, id string) *svcInstance {
	for _, in := range xs {
		if in.id == id {
			return in
		}
	}
	return nil
}

// canonicalID is a 64-hex S3 canonical user id.
func canonicalID(o *svcOut, who string) string {
	var b []byte
	for i := 0; i < 4; i++ {
		b = appendHex(b, o.hash("canonical", who, itoa(i)), 16)
	}
	return string(b)
}
