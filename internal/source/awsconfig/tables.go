// Package awsconfig reads AWS resource inventory and configuration as a
// responder collects it with the AWS CLI, or finds it in S3: AWS Config
// configuration items, EC2 instances and security groups, and CloudWatch
// alarms. Each item keeps, in "raw", the JSON the AWS CLI prints for it, so
// that a replayed `aws … | jq` can answer from raw alone.
package awsconfig

import "github.com/cloudhunt/cloudhunt/internal/source"

// ConfigItems holds AWS Config configuration items, under the names of the
// GetResourceConfigHistory API (camelCase) whatever file they came from.
var ConfigItems = &source.Table{
	Name:       "config_items",
	Doc:        "AWS Config configuration items (resource history, snapshots, advanced-query results), one row per item.",
	TimeColumn: "configurationItemCaptureTime",
	Columns: []source.Column{
		{Name: "configurationItemCaptureTime", Type: "TIMESTAMP", Doc: "when Config recorded this state of the resource (UTC)"},
		{Name: "version", Type: "VARCHAR", Doc: "configuration item version (configurationItemVersion in S3 files)"},
		{Name: "accountId", Type: "VARCHAR", Doc: "awsAccountId in S3 files"},
		{Name: "configurationItemStatus", Type: "VARCHAR", Doc: "OK, ResourceDiscovered, ResourceNotRecorded, ResourceDeleted, ResourceDeletedNotRecorded"},
		{Name: "configurationStateId", Type: "VARCHAR"},
		{Name: "configurationItemMD5Hash", Type: "VARCHAR", Doc: "configurationStateMd5Hash in S3 files"},
		{Name: "arn", Type: "VARCHAR", Doc: "ARN in S3 files"},
		{Name: "resourceType", Type: "VARCHAR", Doc: "e.g. AWS::EC2::Instance, AWS::EC2::SecurityGroup"},
		{Name: "resourceId", Type: "VARCHAR", Doc: "e.g. i-0abc…, sg-0abc…"},
		{Name: "resourceName", Type: "VARCHAR"},
		{Name: "awsRegion", Type: "VARCHAR"},
		{Name: "availabilityZone", Type: "VARCHAR"},
		{Name: "resourceCreationTime", Type: "TIMESTAMP"},
		{Name: "tags", Type: "JSON", Doc: "object of tag key to value"},
		{Name: "relatedEvents", Type: "JSON", Doc: "CloudTrail event ids that caused this change"},
		{Name: "relationships", Type: "JSON", Doc: "list of {resourceType, resourceId, resourceName, relationshipName}"},
		{Name: "configuration", Type: "JSON", Doc: "the resource's configuration as a JSON object (raw keeps the API's JSON string)"},
		{Name: "supplementaryConfiguration", Type: "JSON"},
		{Name: "recordingFrequency", Type: "VARCHAR", Doc: "CONTINUOUS or DAILY"},
		{Name: "configurationItemDeliveryTime", Type: "TIMESTAMP"},
		{Name: "raw", Type: "JSON", Doc: "the item as `aws configservice get-resource-config-history` prints it (configuration as a JSON string)"},
	},
}

// Instances holds EC2 instances from `aws ec2 describe-instances`.
var Instances = &source.Table{
	Name:       "ec2_instances",
	Doc:        "Amazon EC2 instances as described by `aws ec2 describe-instances`, one row per instance.",
	TimeColumn: "LaunchTime",
	Columns: []source.Column{
		{Name: "InstanceId", Type: "VARCHAR"},
		{Name: "Name", Type: "VARCHAR", Doc: "the value of the instance's Name tag"},
		{Name: "InstanceType", Type: "VARCHAR"},
		{Name: "StateName", Type: "VARCHAR", Doc: "State.Name: pending, running, stopping, stopped, shutting-down, terminated"},
		{Name: "LaunchTime", Type: "TIMESTAMP"},
		{Name: "ImageId", Type: "VARCHAR"},
		{Name: "KeyName", Type: "VARCHAR"},
		{Name: "PrivateIpAddress", Type: "VARCHAR"},
		{Name: "PublicIpAddress", Type: "VARCHAR"},
		{Name: "VpcId", Type: "VARCHAR"},
		{Name: "SubnetId", Type: "VARCHAR"},
		{Name: "AvailabilityZone", Type: "VARCHAR", Doc: "Placement.AvailabilityZone"},
		{Name: "Platform", Type: "VARCHAR", Doc: "PlatformDetails, e.g. Linux/UNIX, Windows"},
		{Name: "IamInstanceProfileArn", Type: "VARCHAR", Doc: "IamInstanceProfile.Arn"},
		{Name: "HttpTokens", Type: "VARCHAR", Doc: "MetadataOptions.HttpTokens: optional = IMDSv1 allowed, required = IMDSv2 only"},
		{Name: "HttpEndpoint", Type: "VARCHAR", Doc: "MetadataOptions.HttpEndpoint: enabled or disabled"},
		{Name: "ImdsV1Allowed", Type: "BOOLEAN", Doc: "HttpTokens is optional and the metadata endpoint is not disabled; NULL when MetadataOptions is missing"},
		{Name: "SecurityGroups", Type: "JSON", Doc: "list of {GroupName, GroupId}"},
		{Name: "Tags", Type: "JSON", Doc: "list of {Key, Value}"},
		{Name: "ReservationId", Type: "VARCHAR"},
		{Name: "OwnerId", Type: "VARCHAR", Doc: "the reservation's account id"},
		{Name: "raw", Type: "JSON", Doc: "the instance object as `aws ec2 describe-instances` prints it"},
	},
}

// SecurityGroups holds EC2 security groups from `aws ec2
// describe-security-groups`; SecurityGroupRules flattens their rules.
var SecurityGroups = &source.Table{
	Name:       "ec2_security_groups",
	Doc:        "Amazon EC2 security groups as described by `aws ec2 describe-security-groups`, one row per group.",
	TimeColumn: "CaptureTime",
	Columns: []source.Column{
		{Name: "GroupId", Type: "VARCHAR"},
		{Name: "GroupName", Type: "VARCHAR"},
		{Name: "Description", Type: "VARCHAR"},
		{Name: "VpcId", Type: "VARCHAR"},
		{Name: "OwnerId", Type: "VARCHAR"},
		{Name: "SecurityGroupArn", Type: "VARCHAR"},
		{Name: "Name", Type: "VARCHAR", Doc: "the value of the group's Name tag"},
		{Name: "Tags", Type: "JSON", Doc: "list of {Key, Value}"},
		{Name: "IpPermissions", Type: "JSON", Doc: "inbound rules, as the CLI prints them"},
		{Name: "IpPermissionsEgress", Type: "JSON", Doc: "outbound rules, as the CLI prints them"},
		{Name: "CaptureTime", Type: "TIMESTAMP", Doc: "always NULL: describe-security-groups output carries no time (the column exists because every case table has a time column)"},
		{Name: "raw", Type: "JSON", Doc: "the group object as `aws ec2 describe-security-groups` prints it"},
	},
}

// SecurityGroupRules has one row per security group rule and source: what
// hunts query for "port 4444 open to 0.0.0.0/0".
var SecurityGroupRules = &source.Table{
	Name:       "ec2_security_group_rules",
	Doc:        "Amazon EC2 security group rules, one row per group, direction, protocol, port range and source (from describe-security-groups).",
	TimeColumn: "CaptureTime",
	Columns: []source.Column{
		{Name: "GroupId", Type: "VARCHAR"},
		{Name: "GroupName", Type: "VARCHAR"},
		{Name: "VpcId", Type: "VARCHAR"},
		{Name: "Direction", Type: "VARCHAR", Doc: "ingress (IpPermissions) or egress (IpPermissionsEgress)"},
		{Name: "IpProtocol", Type: "VARCHAR", Doc: "tcp, udp, icmp, icmpv6, a protocol number, or -1 for all"},
		{Name: "FromPort", Type: "INTEGER", Doc: "first port (ICMP: type); NULL when the rule covers all ports"},
		{Name: "ToPort", Type: "INTEGER", Doc: "last port (ICMP: code); NULL when the rule covers all ports"},
		{Name: "Cidr", Type: "VARCHAR", Doc: "the source (ingress) or destination (egress): an IPv4 or IPv6 CIDR, a prefix list id, or a security group id"},
		{Name: "CidrType", Type: "VARCHAR", Doc: "what Cidr is: ipv4, ipv6, prefix-list or security-group; NULL for a rule without any"},
		{Name: "ReferencedUserId", Type: "VARCHAR", Doc: "for a security-group source: the account that owns it"},
		{Name: "Description", Type: "VARCHAR", Doc: "the description of this source in the rule"},
		{Name: "CaptureTime", Type: "TIMESTAMP", Doc: "always NULL: describe-security-groups output carries no time"},
	},
}

// Alarms holds CloudWatch alarms from `aws cloudwatch describe-alarms`.
var Alarms = &source.Table{
	Name:       "cloudwatch_alarms",
	Doc:        "Amazon CloudWatch metric and composite alarms as described by `aws cloudwatch describe-alarms`, one row per alarm.",
	TimeColumn: "StateUpdatedTimestamp",
	Columns: []source.Column{
		{Name: "AlarmName", Type: "VARCHAR"},
		{Name: "AlarmArn", Type: "VARCHAR"},
		{Name: "kind", Type: "VARCHAR", Doc: "metric (MetricAlarms) or composite (CompositeAlarms)"},
		{Name: "AlarmDescription", Type: "VARCHAR"},
		{Name: "StateValue", Type: "VARCHAR", Doc: "OK, ALARM or INSUFFICIENT_DATA"},
		{Name: "StateReason", Type: "VARCHAR"},
		{Name: "StateUpdatedTimestamp", Type: "TIMESTAMP"},
		{Name: "StateTransitionedTimestamp", Type: "TIMESTAMP"},
		{Name: "AlarmConfigurationUpdatedTimestamp", Type: "TIMESTAMP"},
		{Name: "ActionsEnabled", Type: "BOOLEAN"},
		{Name: "MetricName", Type: "VARCHAR"},
		{Name: "Namespace", Type: "VARCHAR", Doc: "e.g. AWS/EC2, ContainerInsights"},
		{Name: "Statistic", Type: "VARCHAR"},
		{Name: "Dimensions", Type: "JSON", Doc: "list of {Name, Value}"},
		{Name: "Period", Type: "INTEGER", Doc: "seconds"},
		{Name: "EvaluationPeriods", Type: "INTEGER"},
		{Name: "Threshold", Type: "DOUBLE"},
		{Name: "ComparisonOperator", Type: "VARCHAR"},
		{Name: "AlarmRule", Type: "VARCHAR", Doc: "composite alarms: the rule over other alarms"},
		{Name: "AlarmActions", Type: "JSON"},
		{Name: "raw", Type: "JSON", Doc: "the alarm object as `aws cloudwatch describe-alarms` prints it"},
	},
}

// Tables lists the package's case tables.
var Tables = []*source.Table{ConfigItems, Instances, SecurityGroups, SecurityGroupRules, Alarms}
