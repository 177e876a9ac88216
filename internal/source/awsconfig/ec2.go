package awsconfig

import (
	"fmt"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
	"github.com/cloudhunt/cloudhunt/internal/source"
)

// reservationElement handles one element of Reservations.
func reservationElement(w *walker, loc source.Location) error {
	if c, err := w.s.peek(); err == nil && c != '{' {
		v, bad, err := w.read()
		switch {
		case err != nil:
			return err
		case bad != "":
			w.out.Reject(loc, "reservation "+bad)
		default:
			w.out.Reject(loc, fmt.Sprintf("reservation is %s, expected a JSON object", kindOf(v)))
		}
		return nil
	}
	w.record-- // the reservation is not a record; its instances are
	return reservation(w)
}

// reservation walks the object at the scanner: a reservation (the output
// of `aws ec2 run-instances` is one) or the whole describe-instances
// output, whose Reservations it walks in turn. A reservation's OwnerId and
// ReservationId follow its Instances in the CLI's output, so the instances
// are held until the object ends, then written.
func reservation(w *walker) error {
	type pending struct {
		loc  source.Location
		item *jsonv.Object
	}
	var instances []pending
	envelope := jsonv.NewObject()
	err := w.object(func(key string) error {
		switch key {
		case "Reservations":
			return w.elements(func(loc source.Location) error { return reservationElement(w, loc) })
		case "Instances":
			return w.items("instance", func(loc source.Location, o *jsonv.Object) error {
				instances = append(instances, pending{loc, o})
				return nil
			})
		case "OwnerId", "ReservationId":
			v, _, err := w.read() // a bad value leaves the column NULL
			envelope.Set(key, v)
			return err
		}
		return w.skip()
	})
	if err != nil {
		return err
	}
	for _, p := range instances {
		if err := instanceRow(w.out, p.loc, p.item, envelope); err != nil {
			return err
		}
	}
	return nil
}

// instanceRow writes the row of one instance; envelope holds its
// reservation's OwnerId and ReservationId.
func instanceRow(out source.RowWriter, loc source.Location, o, envelope *jsonv.Object) error {
	values := make([]any, len(Instances.Columns))
	set := func(col string, v any) { values[Instances.ColumnIndex(col)] = v }
	for _, col := range []string{"InstanceId", "InstanceType", "ImageId", "KeyName", "PrivateIpAddress",
		"PublicIpAddress", "VpcId", "SubnetId"} {
		set(col, str(o, col))
	}
	set("Name", tagValue(o, "Name"))
	set("StateName", path(o, "State", "Name"))
	set("AvailabilityZone", path(o, "Placement", "AvailabilityZone"))
	set("Platform", str(o, "PlatformDetails"))
	set("IamInstanceProfileArn", path(o, "IamInstanceProfile", "Arn"))
	tokens, endpoint := path(o, "MetadataOptions", "HttpTokens"), path(o, "MetadataOptions", "HttpEndpoint")
	set("HttpTokens", tokens)
	set("HttpEndpoint", endpoint)
	if tokens != nil {
		set("ImdsV1Allowed", tokens == "optional" && endpoint != "disabled")
	}
	set("SecurityGroups", jsonOf(o, "SecurityGroups"))
	set("Tags", jsonOf(o, "Tags"))
	set("ReservationId", str(envelope, "ReservationId"))
	set("OwnerId", str(envelope, "OwnerId"))
	set("raw", marshal(o))
	launch, bad := timeOf(o, "LaunchTime")
	set("LaunchTime", launch)
	if err := out.Row(loc, values); err != nil {
		return err
	}
	if bad {
		out.Warn(loc, "LaunchTime is not a time")
	}
	return nil
}

// securityGroupRows writes one group's row and the rows of its rules.
func securityGroupRows(out source.RowWriter, loc source.Location, o *jsonv.Object) error {
	values := make([]any, len(SecurityGroups.Columns))
	set := func(col string, v any) { values[SecurityGroups.ColumnIndex(col)] = v }
	for _, col := range []string{"GroupId", "GroupName", "Description", "VpcId", "OwnerId", "SecurityGroupArn"} {
		set(col, str(o, col))
	}
	set("Name", tagValue(o, "Name"))
	set("Tags", jsonOf(o, "Tags"))
	set("IpPermissions", jsonOf(o, "IpPermissions"))
	set("IpPermissionsEgress", jsonOf(o, "IpPermissionsEgress"))
	set("raw", marshal(o))
	if err := out.Row(loc, values); err != nil {
		return err
	}
	for _, dir := range []struct{ key, name string }{{"IpPermissions", "ingress"}, {"IpPermissionsEgress", "egress"}} {
		v, _ := o.Get(dir.key)
		perms, _ := v.([]any)
		for _, e := range perms {
			p, ok := e.(*jsonv.Object)
			if !ok {
				out.Warn(loc, fmt.Sprintf("an entry of %s is %s, expected a JSON object", dir.key, kindOf(e)))
				continue
			}
			rows, problems := ruleRows(o, dir.name, p)
			for _, r := range rows {
				if err := out.TableRow(SecurityGroupRules, loc, r); err != nil {
					return err
				}
			}
			for _, problem := range problems {
				out.Warn(loc, problem)
			}
		}
	}
	return nil
}

// ruleSources lists where a permission's sources are and how to read them.
var ruleSources = []struct {
	list, key, kind string
}{
	{"IpRanges", "CidrIp", "ipv4"},
	{"Ipv6Ranges", "CidrIpv6", "ipv6"},
	{"PrefixListIds", "PrefixListId", "prefix-list"},
	{"UserIdGroupPairs", "GroupId", "security-group"},
}

// ruleRows flattens one permission into a row per source. A permission
// without any source still gives one row (Cidr NULL), so its ports show.
// problems names the source entries that could not be read (they stay in
// the group's raw).
func ruleRows(group *jsonv.Object, direction string, p *jsonv.Object) (rows [][]any, problems []string) {
	row := func(cidr, kind, user, desc any) {
		values := make([]any, len(SecurityGroupRules.Columns))
		set := func(col string, v any) { values[SecurityGroupRules.ColumnIndex(col)] = v }
		set("GroupId", str(group, "GroupId"))
		set("GroupName", str(group, "GroupName"))
		set("VpcId", str(group, "VpcId"))
		set("Direction", direction)
		set("IpProtocol", text(p, "IpProtocol"))
		set("FromPort", int32Of(p, "FromPort"))
		set("ToPort", int32Of(p, "ToPort"))
		set("Cidr", cidr)
		set("CidrType", kind)
		set("ReferencedUserId", user)
		set("Description", desc)
		rows = append(rows, values)
	}
	for _, src := range ruleSources {
		v, _ := p.Get(src.list)
		list, _ := v.([]any)
		for _, e := range list {
			entry, ok := e.(*jsonv.Object)
			if !ok {
				problems = append(problems, fmt.Sprintf("a rule source in %s is %s, expected a JSON object: no rule row for it", src.list, kindOf(e)))
				continue
			}
			cidr := str(entry, src.key)
			var user any
			if src.kind == "security-group" {
				user = str(entry, "UserId")
				if cidr == nil { // EC2-Classic pairs may name the group only
					cidr = str(entry, "GroupName")
				}
			}
			row(cidr, src.kind, user, str(entry, "Description"))
		}
	}
	if rows == nil {
		row(nil, nil, nil, nil)
	}
	return rows, problems
}
