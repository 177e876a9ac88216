package awsapi

import (
	"context"
	"strings"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

// Targets of the operations served outside the JSON 1.1 protocol: the
// drop-in names them so, and Handler maps each protocol's request to them.
const (
	EC2Target        = "ec2."
	CloudWatchTarget = "monitoring."
	GuardDutyTarget  = "guardduty."
	ConfigTarget     = "StarlingDoveService."
)

// dispatchServices answers the EC2, CloudWatch, GuardDuty and Config calls
// with the request as the CLI builds it (the model's member names); ok is
// false for a target that is none of these.
func (b *Backend) dispatchServices(ctx context.Context, target string, req *jsonv.Object) (out any, err error, ok bool) {
	switch target {
	case EC2Target + "DescribeInstances":
		out, err = b.DescribeInstances(ctx, DescribeInstancesInput{InstanceIds: strs(req, "InstanceIds"), Filters: filters(req),
			MaxResults: int(integer(req, "MaxResults")), NextToken: str(req, "NextToken")})
	case EC2Target + "DescribeSecurityGroups":
		out, err = b.DescribeSecurityGroups(ctx, DescribeSecurityGroupsInput{GroupIds: strs(req, "GroupIds"), GroupNames: strs(req, "GroupNames"),
			Filters: filters(req), MaxResults: int(integer(req, "MaxResults")), NextToken: str(req, "NextToken")})
	case CloudWatchTarget + "DescribeAlarms":
		out, err = b.DescribeAlarms(ctx, DescribeAlarmsInput{AlarmNames: strs(req, "AlarmNames"), AlarmNamePrefix: str(req, "AlarmNamePrefix"),
			AlarmTypes: strs(req, "AlarmTypes"), StateValue: str(req, "StateValue"), MaxRecords: int(integer(req, "MaxRecords")), NextToken: str(req, "NextToken")})
	case GuardDutyTarget + "ListDetectors":
		out, err = b.ListDetectors(ctx)
	case GuardDutyTarget + "ListFindings":
		out, err = b.ListFindings(ctx, ListFindingsInput{DetectorId: str(req, "DetectorId"), FindingCriteria: object(req, "FindingCriteria"),
			SortCriteria: object(req, "SortCriteria"), MaxResults: int(integer(req, "MaxResults")), NextToken: str(req, "NextToken")})
	case GuardDutyTarget + "GetFindings":
		out, err = b.GetFindings(ctx, GetFindingsInput{DetectorId: str(req, "DetectorId"), FindingIds: strs(req, "FindingIds"), SortCriteria: object(req, "SortCriteria")})
	case ConfigTarget + "GetResourceConfigHistory":
		in := GetResourceConfigHistoryInput{ResourceType: str(req, "resourceType"), ResourceId: str(req, "resourceId"),
			ChronologicalOrder: str(req, "chronologicalOrder"), Limit: int(integer(req, "limit")), NextToken: str(req, "nextToken")}
		if in.LaterTime, err = wireTime(req, "laterTime"); err != nil {
			return nil, err, true
		}
		if in.EarlierTime, err = wireTime(req, "earlierTime"); err != nil {
			return nil, err, true
		}
		out, err = b.GetResourceConfigHistory(ctx, in)
	default:
		return nil, nil, false
	}
	return out, err, true
}

func filters(req *jsonv.Object) []Filter {
	list, _ := get(req, "Filters").([]any)
	var out []Filter
	for _, e := range list {
		o := asObject(e)
		out = append(out, Filter{Name: str(o, "Name"), Values: strs(o, "Values")})
	}
	return out
}

func object(req *jsonv.Object, key string) *jsonv.Object {
	o, _ := get(req, key).(*jsonv.Object)
	return o
}

// pascalKeys returns o with the first letter of each key upper-cased, down
// depth levels: GuardDuty's wire criteria ({"criterion": {"type": {"eq":
// …}}}) in the model's names, leaving the attribute names as they are.
func pascalKeys(v any, levels ...bool) any {
	o, ok := v.(*jsonv.Object)
	if !ok || len(levels) == 0 {
		return v
	}
	out := jsonv.NewObject()
	for _, k := range o.Keys {
		e, _ := o.Get(k)
		name := k
		if levels[0] && k != "" {
			name = strings.ToUpper(k[:1]) + k[1:]
		}
		out.Set(name, pascalKeys(e, levels[1:]...))
	}
	return out
}
