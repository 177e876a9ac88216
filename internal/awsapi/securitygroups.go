package awsapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// DescribeSecurityGroupsInput is the DescribeSecurityGroups request.
type DescribeSecurityGroupsInput struct {
	GroupIds   []string
	GroupNames []string
	Filters    []Filter
	MaxResults int
	NextToken  string
}

// DescribeSecurityGroups returns the case's security groups as EC2 does.
// The evidence does not say which region a group is in, so every group of
// the case is described.
func (b *Backend) DescribeSecurityGroups(ctx context.Context, in DescribeSecurityGroupsInput) (*jsonv.Object, error) {
	if in.MaxResults != 0 && (len(in.GroupIds) > 0 || len(in.GroupNames) > 0) {
		return nil, invalid("InvalidParameterCombination", "The parameter groupIdSet cannot be used with the parameter maxResults")
	}
	if in.MaxResults != 0 && (in.MaxResults < 5 || in.MaxResults > 1000) {
		return nil, invalid("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value greater than 5.", in.MaxResults)
	}
	items, err := b.ec2Items(ctx, `SELECT GroupId, GroupName, OwnerId, CAST(raw AS VARCHAR) FROM ec2_security_groups
		QUALIFY row_number() OVER (PARTITION BY GroupId ORDER BY _file DESC, _record DESC) = 1
		ORDER BY _file, _record`)
	if err != nil {
		return nil, err
	}
	for _, id := range in.GroupIds {
		if !strings.HasPrefix(id, "sg-") {
			return nil, invalid("InvalidGroupId.Malformed", "Invalid id: \"%s\" (expecting \"sg-...\")", id)
		}
	}
	if err := checkIDs(items, in.GroupIds, "InvalidGroup.NotFound", "security group"); err != nil {
		return nil, err
	}
	for _, name := range in.GroupNames {
		found := false
		for _, it := range items {
			found = found || it.reservation == name
		}
		if !found {
			return nil, invalid("InvalidGroup.NotFound", "The security group '%s' does not exist in default VPC", name)
		}
	}
	groups := []any{}
	for _, it := range items {
		if len(in.GroupIds) > 0 && !contains(in.GroupIds, it.id) || len(in.GroupNames) > 0 && !contains(in.GroupNames, it.reservation) {
			continue
		}
		ok, err := matchFilters(in.Filters, func(name string) ([]string, bool) { return groupValues(it.raw, name) })
		if err != nil {
			return nil, err
		}
		if ok {
			groups = append(groups, any(it.raw))
		}
	}
	page, next, err := pageItems(groups, in.MaxResults, in.NextToken, fmt.Sprint("groups", in.Filters))
	if err != nil {
		return nil, err
	}
	out := jsonv.NewObject().Set("SecurityGroups", page)
	if next != "" {
		out.Set("NextToken", next)
	}
	return shapeAs(out, "ec2.DescribeSecurityGroupsResult").(*jsonv.Object), nil
}

// groupValues returns a group's values for a DescribeSecurityGroups filter
// name, and false for a name EC2 does not know.
func groupValues(g *jsonv.Object, name string) ([]string, bool) {
	if key, ok := strings.CutPrefix(name, "tag:"); ok {
		return tagValues(g, key), true
	}
	rules := "IpPermissions"
	if rest, ok := strings.CutPrefix(name, "egress."); ok {
		rules, name = "IpPermissionsEgress", rest
	}
	switch name {
	case "group-id":
		return []string{str(g, "GroupId")}, true
	case "group-name":
		return []string{str(g, "GroupName")}, true
	case "description":
		return []string{str(g, "Description")}, true
	case "vpc-id":
		return []string{str(g, "VpcId")}, true
	case "owner-id":
		return []string{str(g, "OwnerId")}, true
	case "tag-key":
		return tagKeys(g), true
	case "ip-permission.from-port":
		return listField(g, rules, "FromPort"), true
	case "ip-permission.to-port":
		return listField(g, rules, "ToPort"), true
	case "ip-permission.protocol":
		return listField(g, rules, "IpProtocol"), true
	case "ip-permission.cidr", "ip-permission.ipv6-cidr", "ip-permission.group-id", "ip-permission.prefix-list-id":
		list, field := map[string][2]string{
			"ip-permission.cidr":           {"IpRanges", "CidrIp"},
			"ip-permission.ipv6-cidr":      {"Ipv6Ranges", "CidrIpv6"},
			"ip-permission.group-id":       {"UserIdGroupPairs", "GroupId"},
			"ip-permission.prefix-list-id": {"PrefixListIds", "PrefixListId"},
		}[name][0], map[string]string{
			"ip-permission.cidr": "CidrIp", "ip-permission.ipv6-cidr": "CidrIpv6",
			"ip-permission.group-id": "GroupId", "ip-permission.prefix-list-id": "PrefixListId",
		}[name]
		var out []string
		perms, _ := get(g, rules).([]any)
		for _, p := range perms {
			if o, ok := p.(*jsonv.Object); ok {
				out = append(out, listField(o, list, field)...)
			}
		}
		return out, true
	}
	return nil, false
}
